//! Whole pages in headless Chromium, fed by a stubbed `fetch`: what a person sees when an OCP
//! answers differently from the reference.
#![cfg(target_arch = "wasm32")]

use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod browser;

use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn an_overview_with_a_retyped_display_field_renders_and_names_the_field() {
    stub_fetch(
        &[
            (
                "/backup/overview",
                ok(json!({
                    "clusterId": 1000005,
                    "clusterName": "obcluster_prod",
                    "obClusterType": "PRIMARY",
                    "obClusterStatus": "RUNNING",
                    "obVersion": "3.2.4",
                    // A boolean where the reference has text: nothing on the page needs it.
                    "primaryAndStandbyMode": false,
                    "backupScheduleStatus": "NONE",
                    "obClusterBackupStatus": "NO_BACKUP_STRATEGY",
                })),
            ),
            ("/backup/config/backupStrategy", ok(serde_json::Value::Null)),
            (
                "/backup/info",
                ok(json!({"clusterId": 1000005, "clusterName": "obcluster_prod"})),
            ),
            (
                "/backup/task/dataBackupTasks",
                ok(
                    json!({"contents": [], "page": {"totalElements": 0, "totalPages": 0, "number": 1, "size": 5}}),
                ),
            ),
            (
                "/api/v2/ob/clusters/1000005",
                ok(json!({"id": 1000005, "name": "obcluster_prod", "obVersion": "3.2.4"})),
            ),
        ],
        0,
    );
    let (root, _app) = open("/clusters/1000005");
    assert_eq!(
        wait_text(&root, "[data-testid=cluster-title]").await,
        "obcluster_prod"
    );
    assert_eq!(
        wait_text(&root, "[data-testid=unread-summary]").await,
        "1 field could not be read and is shown as absent"
    );
    assert_eq!(
        text_of(&root, "[data-testid=unread-path]").as_deref(),
        Some("data.primaryAndStandbyMode")
    );
    let row = text_of(&root, "[data-testid=unread-row]").unwrap_or_default();
    assert!(
        row.contains("GET /api/v2/ob/clusters/1000005/backup/overview"),
        "{row}"
    );
    assert!(row.contains("a string") && row.contains("false"), "{row}");
    assert!(
        root.query_selector("[data-testid=error-view]")
            .unwrap()
            .is_none(),
        "no error view"
    );
    let report = root
        .query_selector("#unread-report")
        .unwrap()
        .map(|e| e.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        .unwrap_or_default();
    assert!(
        report.contains("data.primaryAndStandbyMode: expected a string, received false"),
        "{report}"
    );
}

/// A primary cluster's overview.
fn overview(id: i64, name: &str) -> serde_json::Value {
    ok(
        json!({"clusterId": id, "clusterName": name, "obClusterType": "PRIMARY",
        "obClusterStatus": "RUNNING", "backupScheduleStatus": "NORMAL"}),
    )
}

/// A data backup row as OCP sends it.
fn data_row(id: i64, status: &str, start: &str) -> serde_json::Value {
    json!({
        "taskId": id, "backupSetId": id - 1000, "dataBackupTaskType": "FULL_BACKUP",
        "status": status, "startTime": start,
        "backupUri": "oss://bucket/dir?host=oss.example.com&access_id=AKIDEXAMPLE&access_key=VERYSECRET",
        "errorMsg": if status == "FAILED" { "open failed: password=hunter2 <x>\nsecond line" } else { "" },
    })
}

fn clock_now() -> String {
    let now = js_sys::Date::new_0();
    let iso: String = now.to_iso_string().into();
    // `2026-11-29T10:00:00.000Z`: the API's own UTC style.
    iso
}

#[wasm_bindgen_test]
async fn the_tasks_page_masks_keys_in_uris_and_error_texts() {
    let now = clock_now();
    stub_fetch(
        &[
            (
                "/backup/task/dataBackupTasks",
                page(json!([data_row(5001, "FAILED", &now)])),
            ),
            ("/backup/config/backupStrategy", ok(serde_json::Value::Null)),
            ("/backup/overview", overview(1000009, "c9")),
        ],
        0,
    );
    let (root, _app) = open("/clusters/1000009/tasks?kind=data&row=5001");
    wait_text(&root, "[data-testid=vtable-row]").await;
    wait_text(&root, "[data-testid=server-text]").await;
    let page = root.inner_html();
    for secret in ["VERYSECRET", "AKIDEXAMPLE", "hunter2"] {
        assert!(!page.contains(secret), "{secret} reached the page");
    }
    let detail = text_of(&root, "[data-testid=server-text]").unwrap_or_default();
    assert_eq!(detail, "open failed: password=****** <x>\nsecond line");
    assert!(page.contains("access_key=******"));
}

/// Rows of a long list, one of them running so the page keeps refreshing.
fn many_rows(n: i64, running_status: &str) -> Vec<serde_json::Value> {
    let base = js_sys::Date::now() as i64;
    (0..n)
        .map(|i| {
            let t = js_sys::Date::new(&JsValue::from_f64((base - i * 60_000) as f64));
            let iso: String = t.to_iso_string().into();
            data_row(
                10_000 + n - i,
                if i == 0 { running_status } else { "DONE" },
                &iso,
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_refresh_updates_rows_in_place_and_keeps_filters_and_scroll() {
    stub_fetch(
        &[
            (
                "/backup/task/dataBackupTasks",
                page(json!(many_rows(3000, "DOING"))),
            ),
            ("/backup/config/backupStrategy", ok(serde_json::Value::Null)),
            ("/backup/overview", overview(1000008, "c8")),
        ],
        0,
    );
    let (root, _app) = open("/clusters/1000008/tasks?kind=data&type=full");
    wait_text(&root, "[data-testid=vtable-row]").await;
    let scroller: web_sys::HtmlElement = root
        .query_selector(".vtable")
        .unwrap()
        .unwrap()
        .unchecked_into();
    scroller.set_scroll_top(36 * 1200);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    gloo_timers::future::TimeoutFuture::new(100).await;
    let top_before = scroller.scroll_top();
    assert!(top_before > 0);
    let href_before = web_sys::window().unwrap().location().href().unwrap();

    // The newest task has finished meanwhile.
    stub_fetch(
        &[
            (
                "/backup/task/dataBackupTasks",
                page(json!(many_rows(200, "DONE"))),
            ),
            ("/backup/config/backupStrategy", ok(serde_json::Value::Null)),
            ("/backup/overview", overview(1000008, "c8")),
        ],
        0,
    );
    let refresh: web_sys::HtmlElement = root
        .query_selector("[data-testid=refresh]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    refresh.click();
    for _ in 0..100 {
        gloo_timers::future::TimeoutFuture::new(50).await;
        if !root.inner_html().contains("data-status=\"DOING\"")
            && text_of(&root, "[data-testid=row-count]").is_some_and(|t| t.contains("3000"))
        {
            break;
        }
    }
    assert_eq!(
        scroller.scroll_top(),
        top_before,
        "the scroll position stays"
    );
    assert_eq!(
        web_sys::window().unwrap().location().href().unwrap(),
        href_before
    );
    let type_filter: web_sys::HtmlSelectElement = root
        .query_selector("[data-testid=filter-type]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(type_filter.value(), "full");
    assert_eq!(
        text_of(&root, "[data-testid=row-count]").as_deref(),
        Some("3000 of 3000 tasks"),
        "rows updated in place, none added or lost"
    );
    // The running row is now done: scroll back up and see it.
    scroller.set_scroll_top(0);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    gloo_timers::future::TimeoutFuture::new(100).await;
    let first = root
        .query_selector("[data-testid=vtable-row] [data-testid=status-chip]")
        .unwrap()
        .and_then(|e| e.get_attribute("data-status"));
    assert_eq!(first.as_deref(), Some("DONE"));
}

#[wasm_bindgen_test]
async fn a_backup_running_past_its_timeout_says_so_with_the_limit() {
    // Started two days ago against a 240-minute timeout (the issue's own example).
    let two_days_ago =
        js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() - 2.0 * 86_400_000.0));
    let start: String = two_days_ago.to_iso_string().into();
    stub_fetch(
        &[
            (
                "/backup/task/dataBackupTasks",
                page(json!([data_row(7001, "DOING", &start)])),
            ),
            (
                "/backup/config/backupStrategy",
                ok(json!({"id": 1, "backupMode": "PHYSICAL_BACKUP",
                    "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 240, "logBackupDelaySeconds": 300}})),
            ),
            ("/backup/overview", overview(1000007, "c7")),
        ],
        0,
    );
    let (root, _app) = open("/clusters/1000007/tasks?kind=data");
    let badge = wait_text(&root, "[data-testid=over-timeout]").await;
    assert_eq!(badge, "over the 4h 00m timeout (+1d 20h)");
    // Still running, as OCP says: not shown as failed or finished.
    let chip = root
        .query_selector("[data-testid=vtable-row] [data-testid=status-chip]")
        .unwrap()
        .and_then(|e| e.get_attribute("data-status"));
    assert_eq!(chip.as_deref(), Some("DOING"));
}

#[wasm_bindgen_test]
async fn a_list_that_cannot_be_read_says_why_and_a_retry_recovers() {
    let failing = json!({"successful": false, "status": 500,
        "error": {"code": "COM10000", "message": "database is busy"}});
    let routes = |tasks: serde_json::Value| {
        vec![
            ("/backup/task/dataBackupTasks", tasks),
            ("/backup/config/backupStrategy", ok(serde_json::Value::Null)),
            ("/backup/overview", overview(1000006, "c6")),
        ]
    };
    stub_fetch(&routes(failing.clone()), 0);
    let (root, _app) = open("/clusters/1000006/tasks?kind=data");
    // Nothing read yet: the error, what the server said, and a retry.
    let error = wait_for(&root, "[data-testid=error-view]").await;
    assert_eq!(error.get_attribute("data-kind").as_deref(), Some("server"));
    assert!(error
        .text_content()
        .unwrap_or_default()
        .contains("database is busy"));
    assert!(query(&root, "[data-testid=vtable-row]").is_none());

    // The server is back: retry shows the rows.
    let now = clock_now();
    stub_fetch(&routes(page(json!([data_row(6001, "DOING", &now)]))), 0);
    query(&root, "[data-testid=retry]")
        .expect("a retry")
        .click();
    wait_for(&root, "[data-testid=vtable-row]").await;
    wait_gone(&root, "[data-testid=error-view]").await;
    // The cluster is named from its overview (the page reads it for backup now anyway).
    assert_eq!(wait_text(&root, ".breadcrumb a").await, "c6");

    // A refresh that fails keeps the rows and says so; the next good one clears the note.
    stub_fetch(&routes(failing), 0);
    query(&root, "[data-testid=refresh]").unwrap().click();
    wait_for(&root, "[data-testid=refresh-failed]").await;
    assert!(
        query(&root, "[data-testid=vtable-row]").is_some(),
        "the rows stay"
    );
    stub_fetch(&routes(page(json!([data_row(6001, "DONE", &now)]))), 0);
    sleep(100).await;
    query(&root, "[data-testid=refresh]").unwrap().click();
    wait_gone(&root, "[data-testid=refresh-failed]").await;
}
