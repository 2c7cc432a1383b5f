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

// ---------------------------------------------------------------------------------------------
// Issue 20: safe in front of a real OCP (proxy mode).

/// A tiny HTTP/1.1 server on a loopback port (one answer per connection) that records every
/// request it gets: the "real OCP" behind the proxy, or another site's page.
struct Raw {
    port: u16,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

type Answer = (u16, &'static str, String);

impl Raw {
    fn start(answer: impl Fn(&str, &str) -> Answer + Send + Sync + 'static) -> Raw {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let answer = std::sync::Arc::new(answer);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                let answer = answer.clone();
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
                    let mut w = match stream.try_clone() {
                        Ok(w) => w,
                        Err(_) => return,
                    };
                    let mut r = BufReader::new(stream);
                    let mut first = String::new();
                    if r.read_line(&mut first).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut len = 0usize;
                    loop {
                        let mut line = String::new();
                        if r.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                            break;
                        }
                        if let Some((k, v)) = line.split_once(':') {
                            if k.trim().eq_ignore_ascii_case("content-length") {
                                len = v.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                    let mut body = vec![0; len];
                    let _ = r.read_exact(&mut body);
                    let mut parts = first.split_whitespace();
                    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    log.lock().unwrap().push(format!("{method} {path}"));
                    let (status, content_type, text) = answer(method, path);
                    let _ = write!(
                        w,
                        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
                         Connection: close\r\n\r\n{text}",
                        text.len()
                    );
                });
            }
        });
        Raw { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    fn forget(&self) {
        self.seen.lock().unwrap().clear();
    }
}

/// An upstream OCP that answers every request with an OCP success envelope, and some paths
/// with an HTML page carrying a script.
fn fake_ocp() -> Raw {
    Raw::start(|_, path| {
        if path.contains("/html") {
            (
                200,
                "text/html; charset=utf-8",
                "<html><head><title>OCP sign-in</title></head><body><script>\
                 document.title = 'pwned'; localStorage.setItem('pwned', '1');\
                 </script>Sign in to OCP</body></html>"
                    .to_owned(),
            )
        } else if path.contains("/sniff") {
            // JSON by its type, a page by its content.
            (
                200,
                "application/json",
                "<html><body><script>document.title = 'pwned'</script>x</body></html>".to_owned(),
            )
        } else {
            (
                200,
                "application/json;charset=UTF-8",
                r#"{"successful":true,"status":200,"data":null}"#.to_owned(),
            )
        }
    })
}

/// A page on another origin (a second loopback port) that posts a form and sends fetches to
/// the proxy, as the security review did: each is refused, and nothing reaches the upstream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_sites_form_and_fetch_are_refused_and_nothing_reaches_the_upstream() {
    let ocp = fake_ocp();
    let upstream = ocp.url();
    let Some(mut h) =
        Harness::start_with("cross_site_proxy", None, &["--upstream", &upstream]).await
    else {
        return;
    };
    let proxy = h.emu.base_url();
    let stop =
        format!("{proxy}/api/v2/ob/clusters/1000001/backup/config/backupStrategy/stopSchedule");
    let create = format!("{proxy}/api/v2/ob/clusters/1000006/backup/config/backupStrategy");
    let page = format!(
        r#"<!doctype html><html><head><title>cheap flights</title></head><body>
<form id="f" method="POST" enctype="text/plain" action="{create}">
<input name='{{"backupMode":"PHYSICAL_BACKUP","obBackupServiceStorageConfig":{{"obBackupStorageBaseInfo":{{"storageUrl":"/attacker/' value='"}}}}}}'>
</form>
<script>
window.results = null;
(async () => {{
  const out = {{}};
  const attempt = async (name, url, init) => {{
    try {{ const r = await fetch(url, init); out[name] = 'answered ' + r.type + ' ' + r.status; }}
    catch (e) {{ out[name] = 'blocked'; }}
  }};
  await attempt('simple', '{stop}', {{method: 'POST', mode: 'no-cors', credentials: 'include',
    headers: {{'Content-Type': 'text/plain'}}, body: '{{}}'}});
  await attempt('preflighted', '{stop}', {{method: 'POST', credentials: 'include',
    headers: {{'Content-Type': 'application/json', 'X-OBC-Console': '1'}}, body: '{{}}'}});
  await attempt('delete', '{create}', {{method: 'DELETE', credentials: 'include'}});
  window.results = out;
}})();
</script></body></html>"#
    );
    let site = Raw::start(move |_, _| (200, "text/html; charset=utf-8", page.clone()));
    ocp.forget();
    h.client()
        .goto(&format!("{}/", site.url()))
        .await
        .unwrap_or_else(|e| panic!("opening the other site: {e}"));
    let mut results = json!(null);
    for _ in 0..100 {
        results = h.js("return window.results").await;
        if !results.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(results["preflighted"], "blocked", "{results}");
    assert_eq!(results["delete"], "blocked", "{results}");
    // A no-cors POST is sent (its answer is opaque to the page): the proxy refused it.
    assert_eq!(results["simple"], "answered opaque 0", "{results}");
    // The form: a top-level cross-site POST navigates to the proxy's refusal.
    h.js("document.getElementById('f').submit(); return true")
        .await;
    let mut text = String::new();
    for _ in 0..100 {
        let url = h
            .client()
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        if url.starts_with(&proxy) {
            text = h.body_text().await;
            if !text.is_empty() {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(text.contains("COM10005"), "the form's answer: {text}");
    assert_eq!(
        ocp.seen(),
        Vec::<String>::new(),
        "requests reached the upstream"
    );
}

/// An HTML page (or HTML sent as JSON) that the upstream answers under `/api` does not run on
/// the console's origin: it comes back as an OCP error envelope (or as inert text under
/// `nosniff` and the sandboxing CSP).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxied_html_answer_under_api_does_not_run_script() {
    let ocp = fake_ocp();
    let upstream = ocp.url();
    let Some(mut h) = Harness::start_with("proxied_html", None, &["--upstream", &upstream]).await
    else {
        return;
    };
    for path in ["/api/v2/html", "/api/v2/sniff"] {
        h.goto(path).await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let title = h.client().title().await.unwrap_or_default();
        assert_ne!(title, "pwned", "{path}: the upstream's script ran");
        let source = h.client().source().await.unwrap_or_default();
        if path.ends_with("html") {
            assert!(source.contains("not OCP"), "{path}: {source}");
            assert!(!source.contains("<script>document"), "{path}: {source}");
        }
    }
    // Nothing was written on the console's origin either.
    h.goto("/__emulator/portal").await;
    let pwned = h.js("return localStorage.getItem('pwned')").await;
    assert_eq!(pwned, json!(null));
}
