//! Whole pages in headless Chromium, fed by a stubbed `fetch`: what a person sees when an OCP
//! answers differently from the reference.
#![cfg(target_arch = "wasm32")]

use ob_backup_console::app::App;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `window.fetch`: a request whose URL contains a key gets that key's JSON body with
/// status 200; any other request a 404 OCP error.
fn stub_fetch(routes: &[(&str, serde_json::Value)]) {
    let table = js_sys::Object::new();
    for (key, body) in routes {
        js_sys::Reflect::set(
            &table,
            &JsValue::from_str(key),
            &JsValue::from_str(&body.to_string()),
        )
        .unwrap();
    }
    let install = js_sys::Function::new_with_args(
        "routes",
        r#"window.fetch = function (req) {
            const url = typeof req === "string" ? req : req.url;
            for (const key of Object.keys(routes)) {
                if (url.includes(key)) {
                    return Promise.resolve(new Response(routes[key],
                        { status: 200, headers: { "Content-Type": "application/json" } }));
                }
            }
            return Promise.resolve(new Response(
                '{"successful":false,"status":404,"error":{"code":"COM10004","message":"no stub for ' + url + '"}}',
                { status: 404, headers: { "Content-Type": "application/json" } }));
        };"#,
    );
    install.call1(&JsValue::NULL, &table).unwrap();
}

fn ok(data: serde_json::Value) -> serde_json::Value {
    json!({ "data": data, "successful": true, "status": 200 })
}

/// Mounts the whole console at `path`.
fn open(path: &str) -> web_sys::HtmlElement {
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
    let document = window.document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container.clone(), App).forget();
    container
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

/// Waits (up to 5 s) until `selector` shows something.
async fn wait_for(root: &web_sys::HtmlElement, selector: &str) -> String {
    for _ in 0..100 {
        if let Some(t) = text_of(root, selector).filter(|t| !t.is_empty()) {
            return t;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    panic!(
        "{selector} never appeared; the page shows: {}",
        root.text_content().unwrap_or_default()
    );
}

#[wasm_bindgen_test]
async fn an_overview_with_a_retyped_display_field_renders_and_names_the_field() {
    stub_fetch(&[
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
    ]);
    let root = open("/clusters/1000005");
    assert_eq!(
        wait_for(&root, "[data-testid=cluster-title]").await,
        "obcluster_prod"
    );
    assert_eq!(
        wait_for(&root, "[data-testid=unread-summary]").await,
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
