//! What every whole-page browser test needs: the console mounted at a path, a stubbed `fetch`
//! that records each request, and waiting for what a person would see.
#![allow(dead_code)]

use ob_backup_console::app::App;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};

/// Replaces `window.fetch`: the first route whose key (`"METHOD url-part"` or `"url-part"`)
/// matches gets its JSON body (after `delay_ms`) with status 200, or an error envelope's own
/// `status`; anything else a 404 OCP error. Every request is recorded in `window.__requests` as `"METHOD url"`.
pub fn stub_fetch(routes: &[(&str, serde_json::Value)], delay_ms: u32) {
    let table = js_sys::Array::new();
    for (key, body) in routes {
        let pair = js_sys::Array::of2(
            &JsValue::from_str(key),
            &JsValue::from_str(&body.to_string()),
        );
        table.push(&pair);
    }
    let install = js_sys::Function::new_with_args(
        "routes, delay",
        r#"window.__requests = [];
        window.fetch = function (req) {
            const url = typeof req === "string" ? req : req.url;
            const method = (typeof req === "string" ? "GET" : req.method).toUpperCase();
            window.__requests.push(method + " " + url);
            for (const [key, body] of routes) {
                const [m, part] = key.includes(" ") ? key.split(" ") : [null, key];
                if ((m === null || m === method) && url.includes(part)) {
                    // An error envelope goes out with its own status.
                    const parsed = JSON.parse(body);
                    const status = parsed.successful === false ? parsed.status : 200;
                    return new Promise(resolve => setTimeout(() => resolve(new Response(body,
                        { status, headers: { "Content-Type": "application/json" } })), delay));
                }
            }
            return Promise.resolve(new Response(
                '{"successful":false,"status":404,"error":{"code":"COM10002","message":"no stub for ' + url + '"}}',
                { status: 404, headers: { "Content-Type": "application/json" } }));
        };"#,
    );
    install
        .call2(&JsValue::NULL, &table, &JsValue::from(delay_ms))
        .unwrap();
}

/// The recorded requests whose `"METHOD url"` contains `part`.
pub fn requests(part: &str) -> Vec<String> {
    let all = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__requests".into()).unwrap();
    js_sys::Array::from(&all)
        .iter()
        .filter_map(|v| v.as_string())
        .filter(|r| r.contains(part))
        .collect()
}

pub fn ok(data: serde_json::Value) -> serde_json::Value {
    json!({ "data": data, "successful": true, "status": 200 })
}

pub fn page(rows: serde_json::Value) -> serde_json::Value {
    let n = rows.as_array().map_or(0, Vec::len);
    ok(
        json!({"contents": rows, "page": {"totalElements": n, "totalPages": 1, "number": 1, "size": 10}}),
    )
}

/// Mounts the whole console at `path`; dropping the handle unmounts it.
pub fn open(path: &str) -> (web_sys::HtmlElement, impl Drop) {
    let window = web_sys::window().unwrap();
    // Each test is a fresh tab: nothing a previous test kept for "this tab" carries over.
    window.session_storage().unwrap().unwrap().clear().unwrap();
    window
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item("obc.lang", "en-US")
        .unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
    let document = window.document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    (container, handle)
}

pub fn query(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Waits (up to 5 s) for `selector`.
pub async fn wait_for(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    for _ in 0..100 {
        if let Some(e) = query(root, selector) {
            return e;
        }
        sleep(50).await;
    }
    panic!(
        "{selector} never appeared; the page shows: {}",
        root.text_content().unwrap_or_default()
    );
}

/// Waits (up to 5 s) until `selector` is gone.
pub async fn wait_gone(root: &web_sys::HtmlElement, selector: &str) {
    for _ in 0..100 {
        if query(root, selector).is_none() {
            return;
        }
        sleep(50).await;
    }
    panic!("{selector} is still there");
}

/// The text of `selector`, if it is there.
pub fn text_of(root: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

/// Waits (up to 5 s) until `selector` shows some text, and answers it.
pub async fn wait_text(root: &web_sys::HtmlElement, selector: &str) -> String {
    for _ in 0..100 {
        if let Some(t) = text_of(root, selector).filter(|t| !t.is_empty()) {
            return t;
        }
        sleep(50).await;
    }
    panic!(
        "{selector} never showed text; the page shows: {}",
        root.text_content().unwrap_or_default()
    );
}
