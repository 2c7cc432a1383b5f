//! The strategy editor against the emulator: what a DBA does, checked in the API.

use e2e::{data, Harness, LOAD, UI};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const NO_STRATEGY: i64 = 1000006; // ob-test-sh
const WEEKLY: i64 = 1000001; // ob-prod-hz: full Tue+Thu, incremental Sat

fn strategy_path(id: i64) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/config/backupStrategy")
}

/// Sets an input's or select's value as typing or choosing would, firing its event.
async fn set_value(h: &mut Harness, css: &str, value: &str, event: &str) {
    h.wait_for(css, UI).await;
    let script = format!(
        "const el = document.querySelector({css}); el.value = {value}; el.dispatchEvent(new Event({event}, {{bubbles: true}}));",
        css = json!(css),
        value = json!(value),
        event = json!(event),
    );
    h.js(&script).await;
}

/// Polls the API until `done` holds for the answer, or fails with what it last saw.
async fn api_until(h: &Harness, path: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + LOAD;
    loop {
        let v = h.api_get(path).await;
        if done(&v) {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {path} still answers {v}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn day_kind(h: &mut Harness, day: u8) -> String {
    let cell = h
        .wait_for(
            &format!("[data-testid=schedule-grid] [data-day=\"{day}\"]"),
            UI,
        )
        .await;
    cell.attr("data-kind")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_weekly_strategy_through_the_grid() {
    let Some(mut h) = Harness::start("create_a_weekly_strategy_through_the_grid").await else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{NO_STRATEGY}/strategy"))
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    // The default: full on Monday, incremental on Thursday. Add a full backup on Tuesday.
    assert_eq!(day_kind(&mut h, 1).await, "full");
    assert_eq!(day_kind(&mut h, 4).await, "incremental");
    h.click("[data-day=\"2\"]").await;
    assert_eq!(day_kind(&mut h, 2).await, "full");
    set_value(&mut h, "#schedule-time", "03:30", "input").await;
    h.wait_for_text(
        "[data-testid=schedule-sentence]",
        "Full on Monday and Tuesday, incremental on Thursday, at 03:30 +08:00",
        UI,
    )
    .await;
    h.click("[data-testid=save-strategy]").await;
    h.wait_for("[data-testid=task-follow]", LOAD).await;

    let saved = api_until(
        &h,
        &strategy_path(NO_STRATEGY),
        "the strategy was created",
        |v| !data(v).is_null(),
    )
    .await;
    let cfg = &data(&saved)["obBackupScheduleConfig"];
    assert_eq!(cfg["backupScheduleMode"], "WEEK");
    assert_eq!(
        cfg["dayAndDataBackupModelMap"],
        json!({"1": "FULL_BACKUP", "2": "FULL_BACKUP", "4": "INCREMENTAL_BACKUP"})
    );
    assert_eq!(cfg["backupScheduleTime"], "03:30:00.000+08:00");
    // The page now edits the saved strategy.
    h.wait_for("[data-testid=action-pause]", LOAD).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_one_day_changes_only_that_day() {
    let Some(mut h) = Harness::start("changing_one_day_changes_only_that_day").await else {
        return;
    };
    let before = data(&h.api_get(&strategy_path(WEEKLY)).await).clone();
    h.open_signed_in(&format!("/clusters/{WEEKLY}/strategy"))
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    assert_eq!(day_kind(&mut h, 3).await, "none");
    h.click("[data-day=\"3\"]").await;
    h.wait_for("[data-testid=unsaved]", UI).await;
    h.click("[data-testid=save-strategy]").await;

    let after = api_until(&h, &strategy_path(WEEKLY), "Wednesday was saved", |v| {
        data(v)["obBackupScheduleConfig"]["dayAndDataBackupModelMap"]["3"] == "FULL_BACKUP"
    })
    .await;
    let mut after = data(&after).clone();
    let mut expected = before.clone();
    expected["obBackupScheduleConfig"]["dayAndDataBackupModelMap"]["3"] = json!("FULL_BACKUP");
    for s in [&mut after, &mut expected] {
        s.as_object_mut().map(|o| o.remove("updateTime"));
    }
    assert_eq!(after, expected, "only Wednesday changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_resume_and_delete_from_the_overview() {
    let Some(mut h) = Harness::start("pause_resume_and_delete_from_the_overview").await else {
        return;
    };
    let overview = format!("/api/v2/ob/clusters/{WEEKLY}/backup/overview");
    h.open_signed_in(&format!("/clusters/{WEEKLY}")).await;
    h.click("[data-testid=action-pause]").await;
    api_until(&h, &overview, "paused", |v| {
        data(v)["backupScheduleStatus"] == "PAUSED"
    })
    .await;
    h.wait_for_attr(
        "[data-testid=schedule-status]",
        "data-status",
        "PAUSED",
        LOAD,
    )
    .await;

    h.click("[data-testid=action-resume]").await;
    api_until(&h, &overview, "resumed", |v| {
        data(v)["backupScheduleStatus"] != "PAUSED"
    })
    .await;
    h.wait_for("[data-testid=action-pause]", LOAD).await;

    h.click("[data-testid=action-delete]").await;
    h.wait_for_text("[data-testid=delete-confirm]", "ob-prod-hz", UI)
        .await;
    h.click("[data-testid=delete-confirm-yes]").await;
    api_until(&h, &strategy_path(WEEKLY), "deleted", |v| data(v).is_null()).await;
    h.wait_for_attr("[data-testid=schedule-status]", "data-status", "NONE", LOAD)
        .await;
    h.wait_for("[data-testid=action-create]", UI).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_save_keeps_the_form_and_says_why() {
    let Some(mut h) = Harness::start("a_refused_save_keeps_the_form_and_says_why").await else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{NO_STRATEGY}/strategy"))
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    h.click("[data-day=\"6\"]").await;
    set_value(&mut h, "#storage-type", "BACKUP_STORAGE_OSS", "change").await;
    h.wait_for("#endpoint", UI).await;
    h.click("[data-testid=save-strategy]").await;
    h.wait_for("#endpoint-error", UI).await;
    h.wait_for("#access-key-secret-error", UI).await;
    h.wait_for("[data-testid=fix-errors]", UI).await;
    // Nothing was sent, and nothing typed was lost.
    assert!(data(&h.api_get(&strategy_path(NO_STRATEGY)).await).is_null());
    assert_eq!(day_kind(&mut h, 6).await, "full");
    // Fill the keys: the same form now saves.
    h.fill("#endpoint", "oss-cn-shanghai.aliyuncs.com").await;
    h.fill("#access-key-id", "AKID123").await;
    h.fill("#access-key-secret", "s3cr3t").await;
    h.fill("#storage-path", "ob-backup-sh/test").await;
    h.click("[data-testid=save-strategy]").await;
    let saved = api_until(&h, &strategy_path(NO_STRATEGY), "saved with keys", |v| {
        !data(v).is_null()
    })
    .await;
    let base = &data(&saved)["obBackupServiceStorageConfig"]["obBackupStorageBaseInfo"];
    assert_eq!(base["backupStorageType"], "BACKUP_STORAGE_OSS");
    assert!(
        base["ossAccessKey"].get("accessKeySecret").is_none(),
        "the secret is never read back"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_mid_edit_offers_the_draft_back() {
    let Some(mut h) = Harness::start("a_reload_mid_edit_offers_the_draft_back").await else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{WEEKLY}/strategy"))
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    h.click("[data-day=\"3\"]").await;
    h.click("[data-day=\"7\"]").await;
    h.wait_for("[data-testid=unsaved]", UI).await;
    // Reload; the page asks before leaving unsaved edits: say yes.
    h.js("setTimeout(() => location.reload(), 0)").await;
    let deadline = Instant::now() + UI;
    while Instant::now() < deadline {
        if h.client().accept_alert().await.is_ok() {
            break;
        }
        if h.find_now("[data-testid=draft-banner]").await.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    h.wait_for("[data-testid=draft-banner]", LOAD).await;
    assert_eq!(
        day_kind(&mut h, 3).await,
        "none",
        "the server's strategy until the draft is restored"
    );
    h.click("[data-testid=restore-draft]").await;
    assert_eq!(day_kind(&mut h, 3).await, "full");
    assert_eq!(day_kind(&mut h, 7).await, "full");
    h.wait_for("[data-testid=unsaved]", UI).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_to_monthly_asks_before_dropping_the_chosen_days() {
    let Some(mut h) =
        Harness::start("switching_to_monthly_asks_before_dropping_the_chosen_days").await
    else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{NO_STRATEGY}/strategy"))
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    // Cancel: the week and its days stay.
    h.click("#mode-month").await;
    h.wait_for("[data-testid=mode-switch-confirm]", UI).await;
    h.click("[data-testid=mode-switch-confirm] button:not([data-testid])")
        .await;
    h.wait_gone("[data-testid=mode-switch-confirm]", UI).await;
    assert_eq!(
        h.find_all("[data-testid=schedule-grid] [data-day]")
            .await
            .len(),
        7
    );
    assert_eq!(day_kind(&mut h, 1).await, "full");
    // Confirm: a month of empty days; the time is kept.
    set_value(&mut h, "#schedule-time", "04:30", "input").await;
    h.click("#mode-month").await;
    h.click("[data-testid=mode-switch-yes]").await;
    h.wait_for("[data-testid=schedule-grid] [data-day=\"31\"]", UI)
        .await;
    assert_eq!(
        h.find_all("[data-testid=schedule-grid] [data-day]")
            .await
            .len(),
        31
    );
    h.wait_for_text(
        "[data-testid=schedule-sentence]",
        "No backup day chosen",
        UI,
    )
    .await;
    h.click("[data-day=\"31\"]").await;
    h.wait_for_text(
        "[data-testid=schedule-sentence]",
        "Full on the 31st of the month, at 04:30 +08:00",
        UI,
    )
    .await;
    // The preview skips months without a 31st.
    let cells = h
        .texts("[data-testid=preview-runs] tbody tr td:nth-child(2)")
        .await;
    assert!(
        !cells.is_empty() && cells.iter().all(|c| c.contains("-31 04:30 +08:00")),
        "{cells:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_the_server_refuses_keeps_the_form_and_shows_its_words() {
    let Some(mut h) =
        Harness::start("a_save_the_server_refuses_keeps_the_form_and_shows_its_words").await
    else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{NO_STRATEGY}/strategy"))
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    h.click("[data-day=\"5\"]").await;
    // Meanwhile someone else creates a strategy for the same cluster.
    let taken = json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleEnabled": true,
            "backupScheduleTime": "01:00:00.000+08:00", "dayAndDataBackupModelMap": {"7": "FULL_BACKUP"},
            "startLogBackup": true, "cleanEnabled": false},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 60, "noSuccessfulDataBackupAlarmDays": 2, "logBackupDelaySeconds": 300},
        "obBackupServiceStorageConfig": {"configName": "other_dba",
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/other/"}},
        "obBackupObjectList": [{"clusterId": NO_STRATEGY, "backupDimension": "CLUSTER"}]
    });
    let (status, body) = h
        .api_send("POST", &strategy_path(NO_STRATEGY), Some(&taken))
        .await;
    assert_eq!(status, 200, "the other creation: {body}");
    // Our create is refused with OCP's words; the form and the draft stay.
    h.click("[data-testid=save-strategy]").await;
    h.wait_for_text("[data-testid=save-error]", "BAK21001", UI)
        .await;
    h.wait_for_attr(
        "[data-testid=save-error] [data-testid=error-view]",
        "data-kind",
        "conflict",
        UI,
    )
    .await;
    assert_eq!(day_kind(&mut h, 5).await, "full");
    h.wait_for("[data-testid=unsaved]", UI).await;
    let kept = data(&h.api_get(&strategy_path(NO_STRATEGY)).await).clone();
    assert_eq!(
        kept["obBackupScheduleConfig"]["dayAndDataBackupModelMap"],
        json!({"7": "FULL_BACKUP"}),
        "theirs stands"
    );
}
