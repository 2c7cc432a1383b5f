//! Backup now and task detail against the emulator: what a DBA does, checked in the API.

use e2e::{contents, data, Harness, LOAD, UI};
use serde_json::Value;
use std::time::{Duration, Instant};

const HZ: i64 = 1000001; // ob-prod-hz: weekly strategy
const SH: i64 = 1000002; // ob-prod-sh: paused, physical, has full backups, 310 GB
const BJ: i64 = 1000003; // ob-prod-bj: the seeded failed backup
const STANDBY: i64 = 1000004;
const NO_STRATEGY: i64 = 1000006; // ob-test-sh: never backed up

fn rows_path(id: i64) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/task/dataBackupTasks?page=1&size=100")
}

async fn rows(h: &Harness, id: i64) -> Vec<Value> {
    contents(&h.api_get(&rows_path(id)).await)
}

/// The OCP tasks of a cluster named like a backup-now.
async fn backup_now_tasks(h: &Harness, id: i64) -> usize {
    contents(
        &h.api_get(&format!("/api/v2/tasks/instances?clusterId={id}&size=200"))
            .await,
    )
    .iter()
    .filter(|t| {
        t["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("Backup now"))
    })
    .count()
}

async fn text_of(h: &mut Harness, css: &str) -> String {
    let el = h.wait_for(css, LOAD).await;
    el.text().await.unwrap_or_default()
}

async fn switch_to(h: &mut Harness, lang: &str) {
    let select = h.wait_for("select[data-testid=lang-switch]", UI).await;
    if let Err(e) = select.select_by_value(lang).await {
        h.fail(format!("choosing {lang}: {e}")).await
    }
    let deadline = Instant::now() + UI;
    while h.html_lang().await != lang {
        if Instant::now() > deadline {
            h.fail(format!("<html lang> is not {lang}")).await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Screenshots of what is on screen: 1280×800, then at 200 % zoom (CSS zoom on the root, which
/// lays the page out in half the CSS pixels, as the browser's zoom does).
async fn look(h: &mut Harness, name: &str) {
    let _ = h.screenshot(Some(name)).await;
    h.js("document.documentElement.style.zoom = '2'").await;
    let _ = h.screenshot(Some(&format!("{name}-200"))).await;
    h.js("document.documentElement.style.zoom = ''").await;
}

/// Opens the backup-now dialog and waits until it has checked what the cluster allows.
async fn open_dialog(h: &mut Harness) {
    h.click("[data-testid=backup-now-open]").await;
    h.wait_for("[data-testid=backup-now-dialog]", UI).await;
    h.wait_gone("[data-testid=backup-now-checking]", LOAD).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_full_from_the_overview_runs_to_done() {
    let Some(mut h) = Harness::start_with(
        "backup_now_full_from_the_overview_runs_to_done",
        None,
        &["--time-scale", "120"],
    )
    .await
    else {
        return;
    };
    let before = rows(&h, SH).await.len();
    h.open_signed_in(&format!("/clusters/{SH}")).await;
    let last_before = text_of(&mut h, "[data-testid=last-backup]").await;
    h.wait_for("[data-testid=recent-task-row]", LOAD).await;

    open_dialog(&mut h).await;
    assert!(h
        .find_now("[data-testid=backup-now-refusal]")
        .await
        .is_none());
    look(&mut h, "dialog").await;
    h.click("[data-testid=backup-now-next]").await;
    let title = text_of(&mut h, "[data-testid=backup-now-confirm-title]").await;
    assert_eq!(title, "Start a full backup of ob-prod-sh now?");
    look(&mut h, "confirm").await;
    h.click("[data-testid=backup-now-confirm]").await;

    // Started: the dialog closes, the task is followed, its row shows up marked as new.
    h.wait_for("[data-testid=backup-now-started]", LOAD).await;
    h.wait_gone("[data-testid=backup-now-dialog]", UI).await;
    let follow = h
        .wait_for("[data-testid=backup-now] [data-testid=task-follow]", UI)
        .await;
    let task_id = follow
        .attr("data-task-id")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let row = format!("[data-testid=recent-task-row][data-task-id=\"{task_id}\"]");
    h.wait_for(&format!("{row}[data-new=\"true\"]"), LOAD).await;
    look(&mut h, "started").await;
    h.js(&format!(
        "document.querySelector('{}').scrollIntoView({{block: 'center'}})",
        row.replace('\'', "\\'")
    ))
    .await;
    look(&mut h, "started-row").await;
    h.js("window.scrollTo(0, 0)").await;
    let after = rows(&h, SH).await;
    assert_eq!(after.len(), before + 1, "one new data backup");
    assert_eq!(after[0]["taskId"].to_string(), task_id);
    assert_eq!(after[0]["dataBackupTaskType"], "FULL_BACKUP");

    // It moves to DONE, and the overview's last backup follows.
    h.wait_for(
        &format!("{row} [data-status=\"DONE\"]"),
        Duration::from_secs(90),
    )
    .await;
    h.wait_for_attr(
        "[data-testid=backup-now] [data-testid=task-status]",
        "data-status",
        "SUCCESSFUL",
        LOAD,
    )
    .await;
    let deadline = Instant::now() + LOAD;
    loop {
        let now = text_of(&mut h, "[data-testid=last-backup]").await;
        if now != last_before {
            let done = &rows(&h, SH).await[0];
            let finish = e2e::display_time(done["finishTime"].as_str().unwrap_or_default());
            assert_eq!(Some(now), finish, "the last backup is the new one");
            break;
        }
        if Instant::now() > deadline {
            h.fail(format!("the last backup still reads {last_before:?}"))
                .await
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    look(&mut h, "done").await;

    // Its task id links to the task's page: the backup's steps, all done.
    h.click(&format!("{row} [data-testid=task-link]")).await;
    h.wait_for_attr(
        "[data-testid=task-status]",
        "data-status",
        "SUCCESSFUL",
        LOAD,
    )
    .await;
    let steps = h.texts("[data-testid=subtask-row]").await;
    assert_eq!(steps.len(), 5, "{steps:?}");
    assert!(steps[0].contains("Check backup conditions"), "{steps:?}");
    let progress = h.wait_for("[data-testid=task-progress]", UI).await;
    assert_eq!(
        progress.attr("value").await.ok().flatten().as_deref(),
        Some("5")
    );
    assert_eq!(
        progress.attr("max").await.ok().flatten().as_deref(),
        Some("5")
    );
    look(&mut h, "detail").await;
    switch_to(&mut h, "zh-CN").await;
    h.wait_for_text("[data-testid=task-progress-text]", "已完成 5/5 个步骤", UI)
        .await;
    look(&mut h, "detail-zh").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_before_a_full_backup_is_refused_before_sending() {
    let Some(mut h) =
        Harness::start("incremental_before_a_full_backup_is_refused_before_sending").await
    else {
        return;
    };
    assert!(rows(&h, NO_STRATEGY).await.is_empty());
    h.open_signed_in(&format!("/clusters/{NO_STRATEGY}")).await;
    open_dialog(&mut h).await;
    h.click("#backup-now-kind-incremental").await;
    let refusal = h
        .wait_for(
            "[data-testid=backup-now-refusal][data-reason=no-full-backup]",
            UI,
        )
        .await;
    let text = refusal.text().await.unwrap_or_default();
    assert!(
        text.contains("No incremental backup before a full backup"),
        "{text}"
    );
    // OCP's own hint (the ability's), and that nothing goes out.
    assert!(
        text.contains("OCP says: No successful full backup yet"),
        "{text}"
    );
    assert!(text.contains("Nothing is sent to OCP."), "{text}");
    let next = h.wait_for("[data-testid=backup-now-next]", UI).await;
    assert!(next.attr("disabled").await.ok().flatten().is_some());
    // Clicking it anyway does nothing.
    h.js("document.querySelector('[data-testid=backup-now-next]').click()")
        .await;
    assert!(h
        .find_now("[data-testid=backup-now-confirm]")
        .await
        .is_none());
    look(&mut h, "refused").await;
    switch_to(&mut h, "zh-CN").await;
    h.wait_for_text(
        "[data-testid=backup-now-refusal]",
        "尚无全量备份，不能进行增量备份",
        UI,
    )
    .await;
    look(&mut h, "refused-zh").await;
    switch_to(&mut h, "en-US").await;
    h.click("[data-testid=backup-now-cancel]").await;
    h.wait_gone("[data-testid=backup-now-dialog]", UI).await;
    // The emulator saw no backup-now: no row, no task.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(rows(&h, NO_STRATEGY).await.is_empty());
    assert_eq!(backup_now_tasks(&h, NO_STRATEGY).await, 0);

    // A standby cluster: refused whatever the type.
    h.goto(&format!("/clusters/{STANDBY}")).await;
    open_dialog(&mut h).await;
    h.wait_for("[data-testid=backup-now-refusal][data-reason=standby]", UI)
        .await;
    assert!(rows(&h, STANDBY).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_on_confirm_sends_one_request() {
    let Some(mut h) = Harness::start("a_double_click_on_confirm_sends_one_request").await else {
        return;
    };
    let before = rows(&h, SH).await.len();
    h.open_signed_in(&format!("/clusters/{SH}")).await;
    open_dialog(&mut h).await;
    h.click("[data-testid=backup-now-next]").await;
    h.wait_for("[data-testid=backup-now-confirm]", UI).await;
    // Two clicks in one go, before the page can redraw.
    h.js("const b = document.querySelector('[data-testid=backup-now-confirm]'); b.click(); b.click();")
        .await;
    h.wait_for("[data-testid=backup-now-started]", LOAD).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(rows(&h, SH).await.len(), before + 1, "exactly one new row");
    assert_eq!(backup_now_tasks(&h, SH).await, 1);
    assert_eq!(
        h.find_all("[data-testid=backup-now] [data-testid=task-follow]")
            .await
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_task_detail_of_a_strategy_change_shows_its_subtasks() {
    let Some(mut h) =
        Harness::start("the_task_detail_of_a_strategy_change_shows_its_subtasks").await
    else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{HZ}")).await;
    h.click("[data-testid=action-pause]").await;
    let link = h
        .wait_for(
            "[data-testid=strategy-actions] [data-testid=task-details-link]",
            LOAD,
        )
        .await;
    let href = link.attr("href").await.ok().flatten().unwrap_or_default();
    assert!(
        href.starts_with(&format!("/clusters/{HZ}/tasks/")),
        "{href}"
    );
    link.click().await.ok();
    h.wait_for("[data-testid=task-name]", LOAD).await;
    let url = h.client().current_url().await.map(|u| u.path().to_owned());
    assert_eq!(url.ok().as_deref(), Some(href.as_str()));
    let name = text_of(&mut h, "[data-testid=task-name]").await;
    assert_eq!(name, "Stop backup schedule of ob-prod-hz");
    let steps = h.texts("[data-testid=subtask-row]").await;
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert!(steps[0].contains("Check backup strategy"), "{steps:?}");
    // The same, read from the API.
    let id: i64 = href
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let task = h.api_get(&format!("/api/v2/tasks/instances/{id}")).await;
    assert_eq!(data(&task)["subtasks"].as_array().map(Vec::len), Some(2));
    // It ends, and the page stops at SUCCESSFUL with every step done.
    h.wait_for_attr(
        "[data-testid=task-status]",
        "data-status",
        "SUCCESSFUL",
        LOAD,
    )
    .await;
    h.wait_for_text("[data-testid=task-progress-text]", "2 of 2 steps done", UI)
        .await;
    look(&mut h, "strategy-task").await;

    // A task that does not exist: the error view, and the way back to the cluster.
    h.goto(&format!("/clusters/{HZ}/tasks/999")).await;
    h.wait_for("[data-testid=error-view][data-kind=not-found]", LOAD)
        .await;
    let back = h.wait_for("[data-testid=not-found-back]", UI).await;
    let href = back.attr("href").await.ok().flatten().unwrap_or_default();
    assert_eq!(href, format!("/clusters/{HZ}"));
    back.click().await.ok();
    h.wait_for("[data-testid=cluster-title]", LOAD).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_backups_detail_shows_its_error_as_text() {
    let Some(mut h) = Harness::start("a_failed_backups_detail_shows_its_error_as_text").await
    else {
        return;
    };
    let failed = rows(&h, BJ)
        .await
        .into_iter()
        .find(|r| r["status"] == "FAILED")
        .expect("the seeded failed backup");
    let id = failed["taskId"].as_i64().unwrap_or_default();
    let error = failed["errorMsg"].as_str().unwrap_or_default().to_owned();
    assert!(error.contains('<') && error.contains('"'), "{error}");
    h.open_signed_in(&format!("/clusters/{BJ}/tasks/{id}"))
        .await;
    h.wait_for_attr("[data-testid=task-status]", "data-status", "FAILED", LOAD)
        .await;
    let log = h
        .wait_for(
            "[data-testid=subtask-error] [data-testid=server-text]",
            LOAD,
        )
        .await;
    let text = log.text().await.unwrap_or_default();
    assert!(text.contains(&error), "{text}");
    // Several lines, kept as lines.
    assert!(text.lines().count() >= 3, "{text}");
    let style = h
        .js("return getComputedStyle(document.querySelector('[data-testid=subtask-error] [data-testid=server-text]')).whiteSpace")
        .await;
    assert_eq!(style.as_str(), Some("pre-wrap"));
    look(&mut h, "failed-detail").await;
}
