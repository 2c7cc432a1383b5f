//! The console under the emulator's injected faults (`--faults`): reads try again on their
//! own after a dropped connection or a 429, a write is sent once and never repeated.

use e2e::serde_json::{json, Value};
use e2e::{http_send, Harness, LOAD, UI};

const SH: i64 = 1000002; // ob-prod-sh: a physical strategy, backups allowed
const OVERVIEW: &str = "/api/v2/ob/clusters/1000002/backup/overview";

async fn inject(h: &Harness, fault: Value) {
    let url = format!("{}/__emulator/faults", h.emu.base_url());
    let (status, body) = http_send("POST", &url, None, Some(&fault))
        .await
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
}

async fn faults_left(h: &Harness) -> Value {
    let url = format!("{}/__emulator/faults", h.emu.base_url());
    let (_, body) = http_send("GET", &url, None, None)
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    e2e::serde_json::from_slice(&body).unwrap_or(Value::Null)
}

/// Two dropped connections, then a 429 with a 1 s reset: the overview still shows its data,
/// with nobody clicking retry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_try_again_by_themselves_after_drops_and_a_429() {
    let Some(mut h) = Harness::start_with("reads_retry", None, &["--faults"]).await else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    inject(
        &h,
        json!({"path": OVERVIEW, "kind": "drop_connection", "times": 2}),
    )
    .await;
    h.goto(&format!("/clusters/{SH}")).await;
    h.wait_for("[data-testid=last-backup]", LOAD).await;
    assert_eq!(faults_left(&h).await, json!([]), "both drops were met");

    inject(
        &h,
        json!({"path": OVERVIEW, "kind": "rate_limited", "times": 1, "resetSecs": 1}),
    )
    .await;
    h.reload().await;
    h.wait_for("[data-testid=last-backup]", LOAD).await;
    assert_eq!(faults_left(&h).await, json!([]), "the 429 was met");
    assert!(h.find_now("[data-testid=error-view]").await.is_none());
}

/// A backup-now that meets a 500 shows OCP's error and is sent exactly once: the second
/// injected failure is never used.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_write_is_shown_and_never_repeated() {
    let Some(mut h) = Harness::start_with("write_not_repeated", None, &["--faults"]).await else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{SH}")).await;
    h.wait_for("[data-testid=recent-task-row]", LOAD).await;
    let path = format!("/api/v2/ob/clusters/{SH}/backup/backupNow");
    inject(
        &h,
        json!({"path": path, "method": "POST", "kind": "server_error", "times": 2}),
    )
    .await;
    h.click("[data-testid=backup-now-open]").await;
    h.wait_for("[data-testid=backup-now-dialog]", UI).await;
    h.wait_gone("[data-testid=backup-now-checking]", LOAD).await;
    h.click("[data-testid=backup-now-next]").await;
    h.click("[data-testid=backup-now-confirm]").await;
    h.wait_for(
        "[data-testid=backup-now-dialog] [data-testid=error-view]",
        LOAD,
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let left = faults_left(&h).await;
    assert_eq!(left[0]["times"], 1, "one request, not retried: {left}");
}

/// A double click on Save sends one request: a slow injected answer (1.5 s, left for five
/// requests) is used once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_on_save_sends_one_request() {
    let Some(mut h) = Harness::start_with("double_click_save", None, &["--faults"]).await else {
        return;
    };
    let path = "/api/v2/ob/clusters/1000001/backup/config/backupStrategy";
    inject(
        &h,
        json!({"path": path, "method": "PATCH", "kind": "latency", "latencyMs": 1500, "times": 5}),
    )
    .await;
    h.open_signed_in("/clusters/1000001/strategy").await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    h.click("[data-day=\"3\"]").await;
    h.wait_for("[data-testid=unsaved]", UI).await;
    h.js("const b = document.querySelector('[data-testid=save-strategy]'); b.click(); b.click(); return ''")
        .await;
    h.wait_gone("[data-testid=unsaved]", LOAD).await;
    let left = faults_left(&h).await;
    assert_eq!(left[0]["times"], 4, "one PATCH for two clicks: {left}");
}
