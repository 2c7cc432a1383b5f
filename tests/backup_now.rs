//! Backup now in headless Chromium, the whole console mounted at a cluster's overview with a
//! stubbed `fetch` that records every request: what is refused is never sent, and a double
//! click sends one request.
#![cfg(target_arch = "wasm32")]

use serde_json::json;
use wasm_bindgen_test::*;

mod browser;

use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

fn ability(can_incremental: bool, hint: Option<&str>) -> serde_json::Value {
    json!({
        "backupAbility": "PHYSICAL_BACKUP",
        "backupMode": "PHYSICAL_BACKUP",
        "obDataBackupSupportAbility": {
            "fullBackupEnabled": true,
            "incrementBackupEnabled": true,
            "canDoIncrementalBackup": can_incremental,
            "hint": hint
        }
    })
}

/// The answers an overview page reads, for a cluster with this ability and strategy.
fn overview_routes(
    id: i64,
    name: &str,
    ability: serde_json::Value,
    strategy: serde_json::Value,
) -> Vec<(String, serde_json::Value)> {
    vec![
        (
            "/backup/overview".into(),
            ok(json!({
                "clusterId": id, "clusterName": name, "obClusterType": "PRIMARY",
                "obClusterStatus": "RUNNING", "obVersion": "3.1.4",
                "backupScheduleStatus": if strategy.is_null() { "NONE" } else { "PAUSED" },
                "obBackupAbility": ability.clone(),
            })),
        ),
        ("/backup/ability".into(), ok(ability)),
        ("/backup/config/backupStrategy".into(), ok(strategy)),
        (
            "/backup/info".into(),
            ok(json!({"clusterId": id, "clusterName": name})),
        ),
        ("/backup/task/dataBackupTasks".into(), page(json!([]))),
        ("/backup/task/logBackupTasks".into(), page(json!([]))),
    ]
}

fn is_disabled(e: &web_sys::HtmlElement) -> bool {
    e.has_attribute("disabled")
}

#[wasm_bindgen_test]
async fn incremental_before_a_full_backup_is_refused_with_the_reason_and_nothing_is_sent() {
    const HINT: &str = "No successful full backup yet: run a full backup before an incremental one";
    let mut routes = overview_routes(
        1000006,
        "ob-test-sh",
        ability(false, Some(HINT)),
        serde_json::Value::Null,
    );
    routes.push((
        "/api/v2/ob/clusters/1000006".into(),
        ok(json!({"id": 1000006, "name": "ob-test-sh"})),
    ));
    let routes: Vec<(&str, serde_json::Value)> = routes
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    stub_fetch(&routes, 0);
    let (root, handle) = open("/clusters/1000006");

    wait_for(&root, "[data-testid=backup-now-open]:not([disabled])")
        .await
        .click();
    wait_for(&root, "[data-testid=backup-now-dialog]").await;
    wait_gone(&root, "[data-testid=backup-now-checking]").await;
    // Full is allowed: nothing refused yet.
    assert!(query(&root, "[data-testid=backup-now-refusal]").is_none());
    wait_for(&root, "#backup-now-kind-incremental")
        .await
        .click();
    let refusal = wait_for(&root, "[data-testid=backup-now-refusal]").await;
    assert_eq!(
        refusal.get_attribute("data-reason").as_deref(),
        Some("no-full-backup")
    );
    let text = refusal.text_content().unwrap_or_default();
    assert!(
        text.contains("No incremental backup before a full backup: run a full backup first."),
        "{text}"
    );
    assert!(text.contains(&format!("OCP says: {HINT}")), "{text}");
    assert!(text.contains("Nothing is sent to OCP."), "{text}");

    // "Continue" is disabled, and clicking it anyway (twice) leads nowhere.
    let next = wait_for(&root, "[data-testid=backup-now-next]").await;
    assert!(is_disabled(&next));
    next.click();
    next.click();
    leptos::task::tick().await;
    sleep(200).await;
    assert!(query(&root, "[data-testid=backup-now-confirm]").is_none());
    assert_eq!(
        requests("/backupNow"),
        Vec::<String>::new(),
        "no backup-now was sent"
    );
    // What was read: the ability and the log status, nothing written.
    assert!(!requests("GET").is_empty());
    assert!(requests("POST").is_empty(), "{:?}", requests("POST"));

    // Back to full: allowed again.
    wait_for(&root, "#backup-now-kind-full").await.click();
    wait_gone(&root, "[data-testid=backup-now-refusal]").await;
    assert!(!is_disabled(
        &wait_for(&root, "[data-testid=backup-now-next]").await
    ));
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_double_click_on_confirm_sends_one_request_and_follows_its_task() {
    let strategy = json!({
        "id": 5002, "clusterId": 1000002, "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleEnabled": false,
            "backupScheduleTime": "02:00:00.000+08:00", "dayAndDataBackupModelMap": {"1": "FULL_BACKUP"},
            "startLogBackup": true},
        "obBackupThresholdConfig": {"logBackupDelaySeconds": 300},
        "obBackupServiceStorageConfig": {"configName": "sh_nfs_backup", "storageId": 6002,
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}}
    });
    let ops = ok(json!({
        "obBackupTaskType": "DATA_BACKUP_NOW",
        "backupObjectOpsResultList": [{"beSuccessful": true, "taskIdList": [3000099],
            "obBackupObjectList": [{"clusterId": 1000002, "backupDimension": "CLUSTER"}]}]
    }));
    let task = ok(json!({
        "id": 3000099, "name": "Backup now: full backup of ob-prod-sh", "status": "RUNNING",
        "clusterId": 1000002, "createTime": "2024-05-01T10:00:00.000+08:00",
        "startTime": "2024-05-01T10:00:00.150+08:00",
        "subtasks": [{"id": 4000001, "name": "Check backup conditions", "status": "RUNNING",
            "startTime": "2024-05-01T10:00:00.150+08:00"}]
    }));
    let mut routes = vec![
        ("POST /backup/backupNow".to_owned(), ops),
        ("/api/v2/tasks/instances/3000099".to_owned(), task),
        // Log archiving has stopped: a warning, and the backup may still be sent.
        (
            "/backup/task/logBackupTasks".to_owned(),
            page(json!([{"status": "STOPPED", "checkpoint": "2024-05-01T09:00:00.000+0800"}])),
        ),
    ];
    routes.extend(overview_routes(
        1000002,
        "ob-prod-sh",
        ability(true, None),
        strategy,
    ));
    routes.push((
        "/api/v2/ob/clusters/1000002".into(),
        ok(json!({"id": 1000002, "name": "ob-prod-sh"})),
    ));
    let routes: Vec<(&str, serde_json::Value)> = routes
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    // Answers take a while, as a busy OCP's do: the second click lands while the first is in flight.
    stub_fetch(&routes, 300);
    let (root, handle) = open("/clusters/1000002");

    wait_for(&root, "[data-testid=backup-now-open]:not([disabled])")
        .await
        .click();
    wait_gone(&root, "[data-testid=backup-now-checking]").await;
    let warning = wait_for(&root, "[data-testid=backup-now-warning]").await;
    let warned = warning.text_content().unwrap_or_default();
    assert!(
        warned.contains("Log archiving is not running (latest log backup task: STOPPED)"),
        "{warned}"
    );
    wait_for(&root, "[data-testid=backup-now-next]:not([disabled])")
        .await
        .click();
    let title = wait_for(&root, "[data-testid=backup-now-confirm-title]").await;
    assert!(
        query(&root, "[data-testid=backup-now-warning]").is_some(),
        "the warning stays on the confirmation"
    );
    assert_eq!(
        title.text_content().as_deref(),
        Some("Start a full backup of ob-prod-sh now?")
    );
    let confirm = wait_for(&root, "[data-testid=backup-now-confirm]").await;
    // Two clicks in the same task, before anything can redraw; then a third once it has.
    confirm.click();
    confirm.click();
    leptos::task::tick().await;
    assert!(is_disabled(&confirm), "disabled while in flight");
    confirm.click();
    wait_for(&root, "[data-testid=backup-now-started]").await;
    let follow = wait_for(&root, "[data-testid=backup-now] [data-testid=task-follow]").await;
    assert_eq!(
        follow.get_attribute("data-task-id").as_deref(),
        Some("3000099")
    );
    assert_eq!(
        requests("POST"),
        vec![format!(
            "POST {}/api/v2/ob/clusters/1000002/backup/backupNow",
            origin()
        )]
    );
    // The followed task links to its page.
    let link = wait_for(
        &root,
        "[data-testid=backup-now] [data-testid=task-details-link]",
    )
    .await;
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/clusters/1000002/tasks/3000099")
    );
    sleep(500).await;
    assert_eq!(requests("/backupNow").len(), 1, "still one request");
    drop(handle);
}

/// The page's origin, which relative requests resolve against.
fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

#[wasm_bindgen_test]
async fn a_refusal_from_ocp_is_shown_with_its_message_and_code_and_may_be_retried() {
    let refusal = json!({
        "successful": false, "status": 409,
        "error": {"code": "BAK31005", "message": "A baseline (full) backup task is already running; wait for it to finish."}
    });
    let mut routes = vec![("POST /backup/backupNow".to_owned(), refusal)];
    routes.extend(overview_routes(
        1000002,
        "ob-prod-sh",
        ability(true, None),
        serde_json::Value::Null,
    ));
    routes.push((
        "/api/v2/ob/clusters/1000002".into(),
        ok(json!({"id": 1000002, "name": "ob-prod-sh"})),
    ));
    let routes: Vec<(&str, serde_json::Value)> = routes
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    stub_fetch(&routes, 0);
    let (root, handle) = open("/clusters/1000002");

    wait_for(&root, "[data-testid=backup-now-open]:not([disabled])")
        .await
        .click();
    wait_gone(&root, "[data-testid=backup-now-checking]").await;
    wait_for(&root, "[data-testid=backup-now-next]:not([disabled])")
        .await
        .click();
    wait_for(&root, "[data-testid=backup-now-confirm]")
        .await
        .click();
    let error = wait_for(
        &root,
        "[data-testid=backup-now-dialog] [data-testid=error-view]",
    )
    .await;
    assert_eq!(
        error.get_attribute("data-kind").as_deref(),
        Some("conflict")
    );
    let text = error.text_content().unwrap_or_default();
    assert!(
        text.contains(
            "A baseline (full) backup task is already running; wait for it to finish. (BAK31005)"
        ),
        "{text}"
    );
    assert!(query(&root, "[data-testid=backup-now-started]").is_none());
    assert_eq!(requests("/backupNow").len(), 1);
    // The dialog stays, and the person may try again: one more request, not more.
    let confirm = wait_for(&root, "[data-testid=backup-now-confirm]:not([disabled])").await;
    confirm.click();
    confirm.click();
    sleep(300).await;
    assert_eq!(requests("/backupNow").len(), 2);
    drop(handle);
}
