//! Failures the person sees: the server going away, a wrong password, a failed refresh.

use e2e::serde_json::json;
use e2e::{Harness, LOAD, UI};
use std::time::Duration;

/// (3) The emulator stops: a page whose data was never read shows a network error with a
/// message and a retry; once it is back, retry shows the page. (A page read before shows
/// what it read, with a notice: `a_failed_refresh_keeps_the_data_and_says_so`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_error_then_retry() {
    let Some(mut h) = Harness::start("network_error_then_retry").await else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for("a[data-testid=cluster-link]", LOAD).await;
    // The overview's code is fetched once, on the first visit: it is there when the server
    // goes away, so what fails next is the API call.
    h.click("a[data-testid=cluster-link]").await;
    h.wait_for("[data-testid=cluster-title]", LOAD).await;
    let _ = h.js("history.back(); return ''").await;
    h.wait_for("a[data-testid=cluster-link]", LOAD).await;
    let other = "document.querySelectorAll('a[data-testid=cluster-link]')[1]";
    let name = h.js(&format!("return {other}.textContent")).await;
    let name = name.as_str().unwrap_or_default().trim().to_owned();
    assert!(!name.is_empty(), "a second cluster in the list");

    h.stop_emulator();
    // The page and its wasm are already loaded: navigating inside the app makes the next API
    // call, which now fails (a full reload would only show Chromium's own error page). The
    // list read this cluster's overview for its health, not its recoverable windows.
    let _ = h.js(&format!("{other}.click(); return ''")).await;
    h.wait_for_attr("[data-testid=error-view]", "data-kind", "network", UI)
        .await;
    let message = h.wait_for("[data-testid=error-message]", UI).await;
    let message = message.text().await.unwrap_or_default();
    assert!(
        message.trim().len() >= 10,
        "the network error has no clear message: {message:?}"
    );
    h.wait_for("[data-testid=error-view] [data-testid=retry]", UI)
        .await;

    h.start_emulator().await;
    h.click("[data-testid=retry]").await;
    h.wait_for_text("[data-testid=cluster-title]", &name, LOAD)
        .await;
    h.wait_gone("[data-testid=error-view]", UI).await;
}

/// A page whose code cannot be fetched (the server went away before its first visit) says so
/// after the retries, in words, with a retry that loads it once the server is back; the rest
/// of the console keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_chunk_that_cannot_load_is_explained_then_retried() {
    let Some(mut h) = Harness::start("page_chunk_that_cannot_load").await else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for("a[data-testid=cluster-link]", LOAD).await;
    h.stop_emulator();
    h.click("a[href='/settings']").await;
    // Three tries (at once, after 0.5 s and 2 s), then the message.
    let failed = h.wait_for("[data-testid=chunk-failed]", LOAD).await;
    let text = failed.text().await.unwrap_or_default();
    assert!(
        text.contains("could not be loaded") && text.contains("Reload the page"),
        "{text:?}"
    );
    // The header still works while the page is missing.
    h.wait_for("[data-testid=lang-switch]", UI).await;

    h.start_emulator().await;
    h.click("[data-testid=chunk-failed] [data-testid=retry]")
        .await;
    h.wait_for("[data-testid=account]", LOAD).await;
    h.wait_gone("[data-testid=chunk-failed]", UI).await;
}

/// (4) A wrong password keeps the sign-in form with a message; the right one opens the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_then_right_one() {
    let Some(mut h) = Harness::start("wrong_password_then_right_one").await else {
        return;
    };
    h.goto("/").await;
    h.wait_for("[data-testid=sign-in]", LOAD).await;

    let user = h.emu.user.clone();
    h.sign_in(&user, "not-the-password").await;
    // Still the sign-in form, now saying what was wrong.
    h.wait_for_text(
        "[data-testid=signin-error]",
        "Wrong user name or password",
        UI,
    )
    .await;
    // Settled: still no clusters.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(h.find_now("[data-testid=sign-in]").await.is_some());
    assert!(h.find_now("[data-testid=cluster-row]").await.is_none());

    h.sign_in_admin().await;
    h.wait_gone("[data-testid=sign-in]", LOAD).await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
}

/// A refresh that fails keeps what is shown and says so; the next good one clears the notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_refresh_keeps_the_data_and_says_so() {
    let Some(mut h) = Harness::start("a_failed_refresh_keeps_the_data_and_says_so").await else {
        return;
    };
    h.open_signed_in("/clusters/1000001").await;
    h.wait_for("[data-testid=last-backup]", LOAD).await;
    h.stop_emulator();
    // The overview re-reads every 15 s.
    h.wait_for("[data-testid=refresh-failed]", Duration::from_secs(25))
        .await;
    assert!(
        h.find_now("[data-testid=last-backup]").await.is_some(),
        "the data stays"
    );
    assert!(
        h.find_now("[data-testid=error-view]").await.is_none(),
        "no full-page error"
    );
    h.start_emulator().await;
    h.wait_gone("[data-testid=refresh-failed]", Duration::from_secs(25))
        .await;
}

/// A console whose code cannot be fetched says so in both languages, with the browser's reason
/// and a reload, instead of a blank page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_that_cannot_start_says_why() {
    let Some(mut h) = Harness::start_with_dist("console_cannot_start", |dist| {
        remove_files(dist, "ob-backup-console_bg-")
    })
    .await
    else {
        return;
    };
    h.goto("/clusters/1000001").await;
    let failed = h
        .wait_for("[data-testid=start-failed]:not([hidden])", LOAD)
        .await;
    let text = failed.text().await.unwrap_or_default();
    for words in [
        "The console could not be loaded",
        "无法加载控制台",
        "404",
        "Reload",
    ] {
        assert!(text.contains(words), "{words:?} missing from {text:?}");
    }
}

/// A start script that never runs (blocked by an extension or a proxy: here, missing) still
/// leaves words on the page, in both languages, after 10 s; a console that starts never shows
/// them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_start_script_is_explained() {
    let Some(mut h) =
        Harness::start_with_dist("start_script_blocked", |dist| remove_files(dist, "start-")).await
    else {
        return;
    };
    h.goto("/settings").await;
    let blocked = h.wait_for("[data-testid=start-blocked]", UI).await;
    let hidden = h
        .js("return getComputedStyle(document.getElementById('start-blocked')).visibility")
        .await;
    assert_eq!(
        hidden, "hidden",
        "not at once: a slow start is not a blocked one"
    );
    // The ten seconds, ten times faster.
    let _ = e2e::cdp(h.client(), "Animation.enable", json!({})).await;
    let _ = e2e::cdp(
        h.client(),
        "Animation.setPlaybackRate",
        json!({"playbackRate": 10}),
    )
    .await;
    h.reload().await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let text = blocked.text().await.unwrap_or_default();
    let visible = h
        .js("return getComputedStyle(document.getElementById('start-blocked')).visibility")
        .await;
    assert_eq!(visible, "visible", "{text}");
    for words in ["has not started", "Allow scripts", "控制台未能启动"] {
        let text = h.texts("[data-testid=start-blocked]").await.join(" ");
        assert!(text.contains(words), "{words:?} missing from {text:?}");
    }
}

/// An address with `user:password@` in it (the browser refuses to fetch code from one) is
/// opened again without them, and the console starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_with_credentials_in_it_is_opened_without_them() {
    let Some(mut h) = Harness::start("address_with_credentials").await else {
        return;
    };
    let plain = h.url("/settings");
    let with_credentials = plain.replacen("http://", "http://someone:secret@", 1);
    if let Err(e) = h.client().goto(&with_credentials).await {
        h.fail(format!("goto {with_credentials}: {e}")).await
    }
    h.wait_for("[data-testid=account]", LOAD).await;
    assert!(
        h.find_now("[data-testid=start-blocked]").await.is_none(),
        "a console that starts removes the blocked-script notice"
    );
    let url = h.js("return location.href").await;
    let url = url.as_str().unwrap_or_default();
    assert_eq!(url, plain, "the address keeps no credentials");
    assert!(!h.body_text().await.contains("secret"));
}

/// A route's pack of chunks that cannot be fetched (missing on the server) costs a first visit
/// nothing but requests: the split runtime fetches each chunk on its own and the page shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_route_pack_falls_back_to_one_request_per_chunk() {
    let Some(mut h) =
        Harness::start_with_dist("missing_route_pack", |dist| remove_files(dist, "pages-")).await
    else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    let fetched = h
        .js("return performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())")
        .await;
    let names: Vec<&str> = fetched
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert!(
        names.iter().any(|n| n.starts_with("pages-")),
        "the pack was asked for: {names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("split_clusters_page-")),
        "then the page's chunk on its own: {names:?}"
    );
    assert!(h.find_now("[data-testid=chunk-failed]").await.is_none());
}

/// Removes the built files whose names start with `prefix` from a copy of `dist/`.
fn remove_files(dist: &std::path::Path, prefix: &str) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with(prefix) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}
