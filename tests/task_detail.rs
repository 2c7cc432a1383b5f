//! The task detail page in headless Chromium with a stubbed `fetch`: steps, progress, and a
//! failed step's log as text (line breaks kept, `<` and `"` as themselves, credentials masked).
#![cfg(target_arch = "wasm32")]

use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod browser;

use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

const LOG: &str = "2024-05-01 10:04:10.120 +08:00 INFO  [Back up data] subtask 4000013 started\n\
2024-05-01 10:09:31.907 +08:00 ERROR [Back up data] subtask 4000013 failed: backup data failed, ret=-9102, \
err_msg=\"failed to write macro block\", dest=\"oss://b/prod?host=oss-cn.aliyuncs.com&access_id=LTAI5tXyZ&access_key=S3cr3tKey+/==\" \
<ObBackupDataCtx: turn_id=1, retry_id=2>\n\
\tat com.oceanbase.ocp.task.engine.runner.SubtaskRunner.run(SubtaskRunner.java:118)";

#[wasm_bindgen_test]
async fn a_failed_task_shows_its_steps_progress_and_the_error_as_masked_text() {
    let task = json!({
        "id": 3000050, "name": "Scheduled full backup of ob-prod-bj", "status": "FAILED",
        "type": "SYS_SCHEDULED", "operation": "EXECUTE", "creator": "system", "clusterId": 1000003,
        "createTime": "2024-05-01T10:04:00.000+08:00", "startTime": "2024-05-01T10:04:00.150+08:00",
        "finishTime": "2024-05-01T10:09:31.907+08:00",
        "subtasks": [
            {"id": 4000011, "name": "Start data backup", "status": "SUCCESSFUL", "runTime": 4.2,
             "startTime": "2024-05-01T10:04:00.150+08:00", "finishTime": "2024-05-01T10:04:04.350+08:00"},
            {"id": 4000012, "name": "Initialize backup", "status": "SUCCESSFUL", "runTime": 5.77,
             "startTime": "2024-05-01T10:04:04.350+08:00", "finishTime": "2024-05-01T10:04:10.120+08:00"},
            {"id": 4000013, "name": "Back up data", "status": "FAILED", "runTime": 321.787,
             "startTime": "2024-05-01T10:04:10.120+08:00", "finishTime": "2024-05-01T10:09:31.907+08:00"},
            {"id": 4000014, "name": "Finish backup", "status": "PENDING"}
        ]
    });
    stub_fetch(
        &[
            ("/subtasks/4000013/log", ok(json!({ "log": LOG }))),
            ("/api/v2/tasks/instances/3000050", ok(task)),
        ],
        0,
    );
    let (root, handle) = open("/clusters/1000003/tasks/3000050");

    let name = wait_for(&root, "[data-testid=task-name]").await;
    assert_eq!(
        name.text_content().as_deref(),
        Some("Scheduled full backup of ob-prod-bj")
    );
    let status = wait_for(&root, "[data-testid=task-status]").await;
    assert_eq!(
        status.get_attribute("data-status").as_deref(),
        Some("FAILED")
    );
    // The steps in order, each with its status.
    let rows = root
        .query_selector_all("[data-testid=subtask-row]")
        .unwrap();
    assert_eq!(rows.length(), 4);
    let statuses: Vec<String> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-status"))
        .collect();
    assert_eq!(statuses, ["SUCCESSFUL", "SUCCESSFUL", "FAILED", "PENDING"]);
    let third = rows
        .item(2)
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(
        third.contains("Back up data") && third.contains("5m 21s"),
        "{third}"
    );
    // Progress: 2 of 4 steps done.
    let progress = wait_for(&root, "[data-testid=task-progress]").await;
    assert_eq!(progress.get_attribute("value").as_deref(), Some("2"));
    assert_eq!(progress.get_attribute("max").as_deref(), Some("4"));
    assert_eq!(
        wait_for(&root, "[data-testid=task-progress-text]")
            .await
            .text_content()
            .as_deref(),
        Some("2 of 4 steps done")
    );
    // Finished tasks have a fixed duration: 10:04:00.150 → 10:09:31.907.
    assert_eq!(
        wait_for(&root, "[data-testid=task-duration]")
            .await
            .text_content()
            .as_deref(),
        Some("5m 31s")
    );

    // The failed step's log: text, line for line, with the secret masked.
    let log = wait_for(
        &root,
        "[data-testid=subtask-error] [data-testid=server-text]",
    )
    .await;
    assert_eq!(log.tag_name(), "PRE");
    let text = log.text_content().unwrap_or_default();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(
        text.contains("<ObBackupDataCtx: turn_id=1, retry_id=2>"),
        "{text}"
    );
    assert!(
        text.contains("err_msg=\"failed to write macro block\""),
        "{text}"
    );
    assert!(
        text.contains("access_id=******&access_key=******"),
        "{text}"
    );
    assert!(
        !text.contains("S3cr3tKey") && !text.contains("LTAI5tXyZ"),
        "{text}"
    );
    // Rendered as text: the angle brackets are escaped in the markup, no element was made.
    assert!(
        log.inner_html().contains("&lt;ObBackupDataCtx"),
        "{}",
        log.inner_html()
    );
    assert_eq!(log.child_element_count(), 0);
    let title = wait_for(&root, "[data-testid=subtask-error] h3").await;
    assert_eq!(
        title.text_content().as_deref(),
        Some("Step “Back up data” failed")
    );
    // Another task of the cluster that does not exist, reached inside the app: its page starts
    // afresh (nothing of the last task stays on screen), says so, and offers the way back.
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&JsValue::NULL, "", Some("/clusters/1000003/tasks/999"))
        .unwrap();
    window
        .dispatch_event(&web_sys::Event::new("popstate").unwrap())
        .unwrap();
    let error = wait_for(&root, "[data-testid=error-view]").await;
    assert_eq!(
        error.get_attribute("data-kind").as_deref(),
        Some("not-found")
    );
    assert!(query(&root, "[data-testid=task-name]").is_none());
    let back = wait_for(&root, "[data-testid=not-found-back]").await;
    assert_eq!(
        back.get_attribute("href").as_deref(),
        Some("/clusters/1000003")
    );
    drop(handle);
}
