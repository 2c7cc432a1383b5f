//! The console under every fault the emulator can inject (`--faults`), on a read (the cluster
//! overview) and on each write (strategy save, backup now, restore submit): the right message
//! in words, reads that try again by themselves when that is safe, writes sent once and never
//! repeated, whatever was typed still there, and a way forward.

mod flows;

use e2e::serde_json::{json, Value};
use e2e::{http_send, Harness, LOAD, UI};
use flows::{fill_to_review, Pick, SH};
use std::time::Duration;

const OVERVIEW: &str = "/api/v2/ob/clusters/1000002/backup/overview";

async fn inject(h: &Harness, fault: Value) {
    let url = format!("{}/__emulator/faults", h.emu.base_url());
    let (status, body) = http_send(
        "POST",
        &url,
        Some((&h.emu.user, &h.emu.password)),
        Some(&fault),
    )
    .await
    .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
}

async fn clear_faults(h: &Harness) {
    let url = format!("{}/__emulator/faults", h.emu.base_url());
    let _ = http_send("DELETE", &url, Some((&h.emu.user, &h.emu.password)), None).await;
}

async fn faults_left(h: &Harness) -> Value {
    let url = format!("{}/__emulator/faults", h.emu.base_url());
    let (_, body) = http_send("GET", &url, Some((&h.emu.user, &h.emu.password)), None)
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    e2e::serde_json::from_slice(&body).unwrap_or(Value::Null)
}

/// What a person sees when a request meets a fault.
#[derive(Clone, Copy, Debug)]
enum Seen {
    /// Nothing but a short wait: the answer (or a read's own retry) arrives.
    Answer,
    /// The sign-in dialog; the page stays behind it.
    SignIn,
    /// The error view, of this `data-kind`, with this title; `check_first` when the hint must
    /// say to check before trying again (a write OCP may have carried out).
    Error {
        kind: &'static str,
        title: &'static str,
        check_first: bool,
    },
}

/// Every kind of fault, with its settings, and what a read and a write show.
fn cases() -> Vec<(&'static str, Value, Seen, Seen)> {
    let error = |kind, title, check_first| Seen::Error {
        kind,
        title,
        check_first,
    };
    vec![
        (
            "forbidden",
            json!({}),
            error("forbidden", "You are not permitted to do this", false),
            error("forbidden", "You are not permitted to do this", false),
        ),
        (
            "not_found",
            json!({}),
            error("not-found", "Not found", false),
            error("not-found", "Not found", false),
        ),
        (
            "conflict",
            json!({}),
            error("conflict", "This conflicts with the current state", false),
            error("conflict", "This conflicts with the current state", false),
        ),
        (
            "server_error",
            json!({}),
            error("server", "The server ran into an error", false),
            error("server", "The server ran into an error", false),
        ),
        (
            "bad_gateway_html",
            json!({}),
            error(
                "bad-response",
                "The server sent an unexpected answer",
                false,
            ),
            error("bad-response", "The server sent an unexpected answer", true),
        ),
        (
            "empty_body",
            json!({}),
            error(
                "bad-response",
                "The server sent an unexpected answer",
                false,
            ),
            error("bad-response", "The server sent an unexpected answer", true),
        ),
        (
            "rate_limited",
            json!({"resetSecs": 1}),
            Seen::Answer,
            error("rate-limited", "Too many requests", false),
        ),
        (
            "drop_connection",
            json!({}),
            Seen::Answer,
            error("network", "The server cannot be reached", true),
        ),
        ("unauthorized", json!({}), Seen::SignIn, Seen::SignIn),
        (
            "latency",
            json!({"latencyMs": 1500}),
            Seen::Answer,
            Seen::Answer,
        ),
        // Carried out by the emulator, then cut off: last for each write.
        (
            "truncated_json",
            json!({}),
            error(
                "bad-response",
                "The server sent an unexpected answer",
                false,
            ),
            error("bad-response", "The server sent an unexpected answer", true),
        ),
    ]
}

/// A fault for `path` and `method`, left for two requests: when one is left afterwards the
/// console sent exactly one.
fn fault(kind: &str, settings: &Value, path: &str, method: &str) -> Value {
    let mut f = json!({"path": path, "method": method, "kind": kind, "times": 2});
    if let (Some(f), Some(extra)) = (f.as_object_mut(), settings.as_object()) {
        f.extend(extra.clone());
    }
    f
}

/// Checks what the page shows inside `scope` for `seen`.
async fn shows(h: &mut Harness, scope: &str, seen: Seen, what: &str) {
    match seen {
        Seen::Answer => {}
        Seen::SignIn => {
            h.wait_for("[data-testid=sign-in]", LOAD).await;
        }
        Seen::Error {
            kind,
            title,
            check_first,
        } => {
            let css = format!("{scope} [data-testid=error-view][data-kind={kind}]");
            h.wait_for_text(&css, title, LOAD).await;
            let hint = h.texts(&format!("{css} .error-view__hint")).await.join(" ");
            assert_eq!(
                hint.starts_with("OCP may have carried this out"),
                check_first,
                "{what}: the hint says to check first only when OCP may have done it: {hint}"
            );
            // A gateway's page is shown as words, never as markup.
            let detail = h.texts(&format!("{css} [data-testid=error-message]")).await;
            assert!(
                !detail.join(" ").contains('<'),
                "{what}: no markup in {detail:?}"
            );
        }
    }
}

/// Every fault on the overview's read: a message with a retry that works, or no sign of it
/// at all when the read could try again by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_meets_every_fault() {
    let Some(mut h) = Harness::start_with("read_faults", None, &["--faults"]).await else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{SH}")).await;
    h.wait_for("[data-testid=last-backup]", LOAD).await;
    for (kind, settings, seen, _) in cases() {
        let what = format!("read, {kind}");
        // The auto-retried kinds must be met twice to be sure the read tried again.
        inject(&h, fault(kind, &settings, OVERVIEW, "GET")).await;
        h.reload().await;
        if kind == "latency" {
            h.wait_for("[data-testid=busy]", UI).await;
        }
        shows(&mut h, "", seen, &what).await;
        if !matches!(seen, Seen::Answer) {
            clear_faults(&h).await;
        }
        match seen {
            Seen::Error { .. } => {
                h.click("[data-testid=error-view] [data-testid=retry]")
                    .await;
            }
            Seen::SignIn => {
                h.sign_in_admin().await;
                h.wait_gone("[data-testid=sign-in]", LOAD).await;
            }
            Seen::Answer => {}
        }
        h.wait_for("[data-testid=last-backup]", LOAD).await;
        assert!(
            h.find_now("[data-testid=error-view]").await.is_none(),
            "{what}: the page recovered"
        );
        if matches!(seen, Seen::Answer) && kind != "latency" {
            assert_eq!(faults_left(&h).await, json!([]), "{what}: tried again");
        }
        clear_faults(&h).await;
        h.wait_gone("[data-testid=busy]", LOAD).await;
    }
}

/// A slow read shows progress, and leaving the page abandons it at once. (The overview's
/// recoverable windows: the list read the overview itself for its health.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_read_shows_progress_and_is_abandoned_when_the_page_is_left() {
    let Some(mut h) = Harness::start_with("slow_read", None, &["--faults"]).await else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    inject(
        &h,
        json!({"path": format!("/api/v2/ob/clusters/{SH}/backup/info"), "kind": "latency", "latencyMs": 8000}),
    )
    .await;
    h.click(&format!("a[href='/clusters/{SH}']")).await;
    h.wait_for("[data-testid=busy]", UI).await;
    h.wait_for("[data-testid=loading]", UI).await;
    h.click("nav a[href='/settings']").await;
    // Far sooner than the 8 s the answer would take: the request was aborted.
    h.wait_gone("[data-testid=busy]", Duration::from_secs(2))
        .await;
    clear_faults(&h).await;
}

/// Waits for the write to have gone (its fault met once), then checks it was not sent again.
async fn sent_once(h: &Harness, what: &str) {
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let left = faults_left(h).await;
    assert_eq!(
        left[0]["times"], 1,
        "{what}: sent once, never repeated: {left}"
    );
}

/// Every fault on the strategy's save: the change stays, nothing is sent twice, and saving
/// again works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strategy_save_meets_every_fault() {
    let Some(mut h) = Harness::start_with("save_faults", None, &["--faults"]).await else {
        return;
    };
    let path = "/api/v2/ob/clusters/1000001/backup/config/backupStrategy";
    h.open_signed_in("/clusters/1000001/strategy").await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    for (kind, settings, _, seen) in cases() {
        let what = format!("strategy save, {kind}");
        if h.find_now("[data-testid=unsaved]").await.is_none() {
            h.click("[data-day=\"3\"]").await;
            h.wait_for("[data-testid=unsaved]", UI).await;
        }
        let day3 = h
            .js("return document.querySelector('[data-day=\"3\"]').dataset.kind")
            .await;
        inject(&h, fault(kind, &settings, path, "PATCH")).await;
        h.click("[data-testid=save-strategy]").await;
        if kind == "latency" {
            h.wait_for("[data-testid=busy]", UI).await;
        }
        shows(&mut h, "[data-testid=save-error]", seen, &what).await;
        if !matches!(seen, Seen::Answer) {
            sent_once(&h, &what).await;
            // What was changed is still there, unsaved.
            h.wait_for("[data-testid=unsaved]", UI).await;
            let now = h
                .js("return document.querySelector('[data-day=\"3\"]').dataset.kind")
                .await;
            assert_eq!(now, day3, "{what}: the change is kept");
        }
        clear_faults(&h).await;
        if matches!(seen, Seen::SignIn) {
            h.sign_in_admin().await;
            h.wait_gone("[data-testid=sign-in]", LOAD).await;
            h.wait_for("[data-testid=unsaved]", UI).await;
            h.click("[data-testid=save-strategy]").await;
        }
        if matches!(seen, Seen::SignIn | Seen::Answer) {
            h.wait_gone("[data-testid=unsaved]", LOAD).await;
        }
    }
}

/// Opens backup now and goes to its confirmation, waiting out a backup still running.
async fn backup_now_to_confirm(h: &mut Harness) {
    for _ in 0..30 {
        h.click("[data-testid=backup-now-open]").await;
        h.wait_for("[data-testid=backup-now-dialog]", UI).await;
        h.wait_gone("[data-testid=backup-now-checking]", LOAD).await;
        if h.find_now("[data-testid=backup-now-refusal]")
            .await
            .is_none()
        {
            h.click("[data-testid=backup-now-next]").await;
            h.wait_for("[data-testid=backup-now-confirm]", UI).await;
            return;
        }
        h.click("[data-testid=backup-now-cancel]").await;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    h.fail("backup now stayed refused for 30 s").await
}

/// Every fault on backup now: the dialog stays with its choice, the request is sent once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_meets_every_fault() {
    let Some(mut h) = Harness::start_with(
        "backup_now_faults",
        None,
        &["--faults", "--time-scale", "600"],
    )
    .await
    else {
        return;
    };
    let path = format!("/api/v2/ob/clusters/{SH}/backup/backupNow");
    h.open_signed_in(&format!("/clusters/{SH}")).await;
    h.wait_for("[data-testid=recent-task-row]", LOAD).await;
    for (kind, settings, _, seen) in cases() {
        let what = format!("backup now, {kind}");
        if h.find_now("[data-testid=backup-now-confirm]")
            .await
            .is_none()
        {
            backup_now_to_confirm(&mut h).await;
        }
        inject(&h, fault(kind, &settings, &path, "POST")).await;
        h.click("[data-testid=backup-now-confirm]").await;
        if kind == "latency" {
            h.wait_for("[data-testid=busy]", UI).await;
        }
        shows(&mut h, "[data-testid=backup-now-dialog]", seen, &what).await;
        match seen {
            Seen::Answer => {
                h.wait_for("[data-testid=backup-now-started]", LOAD).await;
                // The next try must not meet this backup still running.
                h.wait_for(
                    "[data-testid=task-follow] [data-testid=task-status][data-status=SUCCESSFUL]",
                    Duration::from_secs(60),
                )
                .await;
            }
            _ => {
                sent_once(&h, &what).await;
                h.wait_for("[data-testid=backup-now-confirm]", UI).await;
            }
        }
        clear_faults(&h).await;
        if matches!(seen, Seen::SignIn) {
            h.sign_in_admin().await;
            h.wait_gone("[data-testid=sign-in]", LOAD).await;
            // The dialog is still at its confirmation, ready to send.
            h.wait_for("[data-testid=backup-now-confirm]", UI).await;
        }
    }
}

/// Every fault on the restore's submit: the review stays with every choice, sent once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_submit_meets_every_fault() {
    let Some(mut h) =
        Harness::start_with("restore_faults", None, &["--faults", "--time-scale", "600"]).await
    else {
        return;
    };
    let path = format!("/api/v2/ob/clusters/{SH}/backup/restore");
    fill_to_review(&mut h, "pay_faulty", Pick::Latest, false).await;
    let summary = h.texts("[data-testid=review-summary]").await.join("\n");
    for (kind, settings, _, seen) in cases() {
        let what = format!("restore submit, {kind}");
        if matches!(seen, Seen::Answer) {
            continue; // below, on a wizard of its own
        }
        h.wait_for("[data-testid=preflight]", LOAD).await;
        inject(&h, fault(kind, &settings, &path, "POST")).await;
        h.click("[data-testid=restore-submit]").await;
        shows(&mut h, "", seen, &what).await;
        sent_once(&h, &what).await;
        clear_faults(&h).await;
        if matches!(seen, Seen::SignIn) {
            h.sign_in_admin().await;
            h.wait_gone("[data-testid=sign-in]", LOAD).await;
        }
        if kind == "truncated_json" {
            break; // carried out: this wizard is done
        }
        let now = h.texts("[data-testid=review-summary]").await.join("\n");
        assert_eq!(now, summary, "{what}: every choice is kept");
    }
    // Slow: progress, then the restore is followed.
    fill_to_review(&mut h, "pay_slow", Pick::Latest, true).await;
    h.wait_for("[data-testid=preflight]", LOAD).await;
    inject(
        &h,
        json!({"path": path, "method": "POST", "kind": "latency", "latencyMs": 1500, "times": 1}),
    )
    .await;
    h.click("[data-testid=restore-submit]").await;
    h.wait_for("[data-testid=busy]", UI).await;
    h.wait_for("[data-testid=restore-follow]", LOAD).await;
}

/// A fault that answers slowly (1.5 s) for five requests: how many are left tells how many
/// requests a double click sent.
async fn slow_for_five(h: &Harness, path: &str, method: &str) {
    inject(
        h,
        json!({"path": path, "method": method, "kind": "latency", "latencyMs": 1500, "times": 5}),
    )
    .await;
}

async fn double_click(h: &mut Harness, css: &str) {
    h.js(&format!(
        "const b = document.querySelector('{css}'); b.click(); b.click(); return ''"
    ))
    .await;
}

async fn requests_sent(h: &Harness) -> u64 {
    let left = faults_left(h).await;
    5 - left[0]["times"].as_u64().unwrap_or(0)
}

/// A double click on Save, on backup now's confirmation and on the restore's submit sends one
/// request each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_on_any_write_sends_one_request() {
    let Some(mut h) = Harness::start_with(
        "double_click_writes",
        None,
        &["--faults", "--time-scale", "600"],
    )
    .await
    else {
        return;
    };
    let save = "/api/v2/ob/clusters/1000001/backup/config/backupStrategy";
    slow_for_five(&h, save, "PATCH").await;
    h.open_signed_in("/clusters/1000001/strategy").await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    h.click("[data-day=\"3\"]").await;
    h.wait_for("[data-testid=unsaved]", UI).await;
    double_click(&mut h, "[data-testid=save-strategy]").await;
    h.wait_gone("[data-testid=unsaved]", LOAD).await;
    assert_eq!(requests_sent(&h).await, 1, "one PATCH for two clicks");
    clear_faults(&h).await;

    slow_for_five(
        &h,
        &format!("/api/v2/ob/clusters/{SH}/backup/backupNow"),
        "POST",
    )
    .await;
    h.goto(&format!("/clusters/{SH}")).await;
    h.wait_for("[data-testid=recent-task-row]", LOAD).await;
    backup_now_to_confirm(&mut h).await;
    double_click(&mut h, "[data-testid=backup-now-confirm]").await;
    h.wait_for("[data-testid=backup-now-started]", LOAD).await;
    assert_eq!(requests_sent(&h).await, 1, "one backup for two clicks");
    clear_faults(&h).await;

    slow_for_five(
        &h,
        &format!("/api/v2/ob/clusters/{SH}/backup/restore"),
        "POST",
    )
    .await;
    fill_to_review(&mut h, "pay_twice", Pick::Latest, true).await;
    h.wait_for("[data-testid=preflight]", LOAD).await;
    double_click(&mut h, "[data-testid=restore-submit]").await;
    h.wait_for("[data-testid=restore-follow]", LOAD).await;
    assert_eq!(requests_sent(&h).await, 1, "one restore for two clicks");
}
