//! The console served as a careful server serves it: a strict Content-Security-Policy that it
//! runs under without a single violation, and the other security headers.

use e2e::serde_json::json;
use e2e::{cdp, Harness, LOAD};

/// Every page is visited under the emulator's CSP (`script-src 'self' 'wasm-unsafe-eval'`, no
/// inline script, `connect-src 'self'`, `frame-ancestors 'self'`) and the browser reports no
/// violation; the headers are on every answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_runs_under_a_strict_csp_without_a_violation() {
    let Some(mut h) = Harness::start("strict_csp").await else {
        return;
    };
    // Before any page: collect what the browser refuses, from the first script on.
    let listener = "window.__csp = []; document.addEventListener('securitypolicyviolation', \
                    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";
    if let Err(e) = cdp(
        h.client(),
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": listener }),
    )
    .await
    {
        h.fail(format!("CDP: {e}")).await
    }
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    let headers = h
        .js(
            "const x = new XMLHttpRequest(); x.open('GET', location.href, false); x.send(); \
             return ['content-security-policy', 'x-content-type-options', 'referrer-policy'] \
             .map((n) => x.getResponseHeader(n) || '')",
        )
        .await;
    let csp = headers[0].as_str().unwrap_or_default();
    for directive in [
        "script-src 'self' 'wasm-unsafe-eval'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
    ] {
        assert!(
            csp.contains(directive),
            "{directive:?} missing from {csp:?}"
        );
    }
    assert!(!csp.contains("'unsafe-eval'") || csp.contains("'wasm-unsafe-eval'"));
    assert_eq!(headers[1], "nosniff");
    assert_eq!(headers[2], "no-referrer");

    // In-app navigation through every page (each loads its chunk), then a reload of a deep link.
    for (link, mark) in [
        ("a[data-testid=cluster-link]", "[data-testid=last-backup]"),
        ("a[href$='/strategy']", "[data-testid=schedule-grid]"),
    ] {
        h.click(link).await;
        h.wait_for(mark, LOAD).await;
    }
    for (path, mark) in [
        (
            "/clusters/1000001/tasks?range=7d",
            "[data-testid=vtable-row]",
        ),
        ("/clusters/1000001/windows", "[data-testid=timeline-svg]"),
        ("/clusters/1000001/restore", "[data-testid=source-tenant]"),
        ("/settings", "[data-testid=account]"),
    ] {
        h.goto(path).await;
        h.wait_for(mark, LOAD).await;
        let seen = h.js("return window.__csp || ['no listener']").await;
        assert_eq!(seen, json!([]), "CSP violations on {path}");
    }
}
