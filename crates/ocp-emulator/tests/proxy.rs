//! Proxy mode (`--upstream`): a second emulator on a loopback port is the "real OCP"; an
//! answer through the proxy equals the direct one, request bodies and headers pass through,
//! and an unreachable upstream is a 502 OCP envelope. And what makes it safe in front of a
//! real OCP (issue 20): writes from other sites, not JSON or without the console's header
//! never reach the upstream; no `WWW-Authenticate`; every answer is data (security headers,
//! non-JSON answers turned into envelopes, a size cap); paths stay under `/api/`; the
//! forwarding headers name the real peer; failures say nothing internal.

mod common;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use ocp_emulator::proxy::Upstream;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Serves `router` on a free loopback port until the test's runtime ends.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

async fn call(
    router: &Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body,
    }
}

/// The JSON body without what differs per request (trace id, duration).
fn comparable(a: &Answer) -> Value {
    let mut v: Value = serde_json::from_slice(&a.body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&a.body)));
    if let Some(m) = v.as_object_mut() {
        m.remove("traceId");
        m.remove("duration");
    }
    v
}

#[tokio::test]
async fn answers_through_the_proxy_equal_the_direct_ones() {
    let upstream = emu(); // clock frozen: timestamps are equal too
    let base = serve(upstream.router.clone()).await;
    let proxy = ocp_emulator::proxy_router(Upstream::parse(&base).unwrap(), None).unwrap();
    let auth = basic("admin", PASSWORD);
    let wrong = basic("admin", "nope");
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, StatusCode);
    let cases: Vec<Case> = vec![
        (
            "/api/v2/ob/clusters?page=1&size=2&sort=name,desc",
            vec![("authorization", &auth)],
            StatusCode::OK,
        ),
        (
            "/api/v2/ob/clusters/1000001/backup/overview",
            vec![("authorization", &auth)],
            StatusCode::OK,
        ),
        (
            "/api/v2/ob/clusters/1000003/backup/task/dataBackupTasks?size=3",
            vec![("authorization", &auth)],
            StatusCode::OK,
        ),
        ("/api/v2/time", vec![], StatusCode::UNAUTHORIZED),
        (
            "/api/v2/time",
            vec![("authorization", &wrong), ("accept-language", "zh-CN")],
            StatusCode::UNAUTHORIZED,
        ),
        (
            "/api/v2/ob/clusters/999/backup/overview",
            vec![("authorization", &auth)],
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v2/nothing/here",
            vec![("authorization", &auth)],
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v2/ob/clusters?page=x",
            vec![("authorization", &auth)],
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (uri, headers, want) in cases {
        let direct = call(&upstream.router, "GET", uri, &headers, "").await;
        let proxied = call(&proxy, "GET", uri, &headers, "").await;
        assert_eq!(direct.status, want, "{uri}");
        assert_eq!(proxied.status, direct.status, "{uri}");
        assert_eq!(comparable(&proxied), comparable(&direct), "{uri}");
        assert_eq!(
            proxied.headers.get("content-type"),
            direct.headers.get("content-type"),
            "{uri}"
        );
        // Both modes: every /api answer is data only.
        for a in [&direct, &proxied] {
            assert_eq!(
                a.headers["content-security-policy"],
                "default-src 'none'; frame-ancestors 'none'; sandbox",
                "{uri}"
            );
            assert_eq!(a.headers["x-content-type-options"], "nosniff", "{uri}");
            assert_eq!(a.headers["cache-control"], "no-store", "{uri}");
            assert!(a.headers.get("www-authenticate").is_none(), "{uri}");
        }
    }
}

/// What the echo upstream saw last.
type Seen = std::sync::Arc<std::sync::Mutex<Value>>;

/// An upstream that answers with what it received, plus the headers a real OCP sets.
async fn echo(axum::extract::State(last): axum::extract::State<Seen>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), json!(v.to_str().unwrap_or("?"))))
        .collect();
    let seen = json!({
        "method": parts.method.as_str(),
        "uri": parts.uri.to_string(),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    });
    if let Ok(mut l) = last.lock() {
        *l = seen.clone();
    }
    let mut res = (StatusCode::TOO_MANY_REQUESTS, seen.to_string()).into_response();
    let h = res.headers_mut();
    h.insert(
        "content-type",
        "application/json;charset=UTF-8".parse().unwrap(),
    );
    h.append(
        "set-cookie",
        "JSESSIONID=abc; Path=/; HttpOnly".parse().unwrap(),
    );
    h.append("set-cookie", "lang=zh-CN; Path=/".parse().unwrap());
    h.insert("ratelimit-limit", "100".parse().unwrap());
    h.insert("ratelimit-remaining", "0".parse().unwrap());
    h.insert("ratelimit-reset", "7".parse().unwrap());
    // What a real OCP may add and the browser must never see.
    h.insert("www-authenticate", "Basic realm=\"OCP\"".parse().unwrap());
    h.insert("access-control-allow-origin", "*".parse().unwrap());
    h.insert("access-control-allow-credentials", "true".parse().unwrap());
    res
}

#[tokio::test]
async fn bodies_and_headers_pass_through_both_ways() {
    let last = Seen::default();
    let base = serve(Router::new().fallback(echo).with_state(last.clone())).await;
    // A base path on the upstream is kept in front of /api.
    let proxy = ocp_emulator::proxy_router(Upstream::parse(&format!("{base}/ocp/")).unwrap(), None)
        .unwrap();
    let body = r#"{"backupMode":"PHYSICAL_BACKUP","dataBackupMode":"FULL_BACKUP","obBackupObject":{"clusterId":1000001,"backupDimension":"CLUSTER"},"note":"引号\" <b>"}"#;
    let auth = basic("admin", "secret");
    let a = call(
        &proxy,
        "POST",
        "/api/v2/ob/clusters/1000001/backup/backupNow?x=1&y=%20z",
        &[
            ("authorization", &auth),
            ("cookie", "JSESSIONID=old"),
            ("accept-language", "zh-CN"),
            ("content-type", "application/json"),
            ("date", "Tue, 24 Nov 2026 06:00:00 GMT"),
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
            ("sec-fetch-site", "same-origin"),
            ("x-obc-console", "1"),
            ("x-forwarded-for", "6.6.6.6"),
            ("forwarded", "for=6.6.6.6"),
            ("x-real-ip", "6.6.6.6"),
            ("connection", "keep-alive"),
        ],
        body,
    )
    .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    let cookies: Vec<&str> = a
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        cookies,
        ["JSESSIONID=abc; Path=/; HttpOnly", "lang=zh-CN; Path=/"]
    );
    assert_eq!(a.headers["ratelimit-limit"], "100");
    assert_eq!(a.headers["ratelimit-remaining"], "0");
    assert_eq!(a.headers["ratelimit-reset"], "7");
    assert_eq!(a.headers["content-type"], "application/json;charset=UTF-8");
    // No browser password prompt, no CORS grant for other sites.
    assert!(a.headers.get("www-authenticate").is_none());
    assert!(a.headers.get("access-control-allow-origin").is_none());
    assert!(a.headers.get("access-control-allow-credentials").is_none());
    let seen: Value = serde_json::from_slice(&a.body).unwrap();
    assert_eq!(seen["method"], "POST");
    assert_eq!(
        seen["uri"],
        "/ocp/api/v2/ob/clusters/1000001/backup/backupNow?x=1&y=%20z"
    );
    assert_eq!(seen["body"], body);
    let h = &seen["headers"];
    assert_eq!(h["authorization"], auth.as_str());
    assert_eq!(h["cookie"], "JSESSIONID=old");
    assert_eq!(h["accept-language"], "zh-CN");
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["date"], "Tue, 24 Nov 2026 06:00:00 GMT");
    assert_eq!(h["host"], base.trim_start_matches("http://"));
    assert!(h.get("origin").is_none(), "{h}");
    // What the client says about forwarding is dropped (no peer is known in-process: see
    // `forwarding_headers_name_the_real_peer`), and the console's header is ours.
    for name in [
        "x-forwarded-for",
        "forwarded",
        "x-real-ip",
        "x-obc-console",
        "sec-fetch-site",
    ] {
        assert!(h.get(name).is_none(), "{name}: {h}");
    }

    // The browser's Accept-Encoding stays here: the upstream answers plain and this server
    // compresses for the browser.
    let a = call(
        &proxy,
        "GET",
        "/api/v2/time",
        &[("accept-encoding", "gzip")],
        "",
    )
    .await;
    assert_eq!(a.headers["content-encoding"], "gzip");
    let seen = last.lock().unwrap().clone();
    assert_eq!(seen["uri"], "/ocp/api/v2/time");
    assert!(seen["headers"].get("accept-encoding").is_none(), "{seen}");

    // Every method goes through, /api itself too.
    for method in ["GET", "PATCH", "DELETE", "PUT"] {
        let a = call(
            &proxy,
            method,
            "/api",
            &[("content-type", "application/json"), ("x-obc-console", "1")],
            "",
        )
        .await;
        let seen: Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(seen["method"], method);
        assert_eq!(seen["uri"], "/ocp/api");
    }
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_ocp_error() {
    // A port that was free a moment ago: nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<html>console</html>").unwrap();
    let proxy = ocp_emulator::proxy_router(
        Upstream::parse(&format!("http://127.0.0.1:{port}")).unwrap(),
        Some(dist.path().to_path_buf()),
    )
    .unwrap();
    let a = call(&proxy, "GET", "/api/v2/time", &[], "").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    let j: Value = serde_json::from_slice(&a.body).unwrap();
    assert_eq!(j["successful"], false);
    assert_eq!(j["status"], 502);
    assert_eq!(j["error"]["code"], "COM10000");
    let msg = j["error"]["message"].as_str().unwrap();
    assert!(msg.contains("cannot be reached"), "{msg}");
    // Nothing internal for an unauthenticated client: no URL, port or OS error.
    let text = String::from_utf8_lossy(&a.body);
    for internal in [
        port.to_string().as_str(),
        "127.0.0.1",
        "refused",
        "os error",
    ] {
        assert!(!text.contains(internal), "{internal} in {text}");
    }
    assert_eq!(j["traceId"].as_str().unwrap().len(), 16);
    // Decodes as an OCP error envelope.
    let env: ocp_model::Envelope<Value> = serde_json::from_slice(&a.body).unwrap();
    assert!(env.error.is_some());
    let zh = call(
        &proxy,
        "POST",
        "/api/v2/time",
        &[
            ("accept-language", "zh-CN"),
            ("content-type", "application/json"),
            ("x-obc-console", "1"),
        ],
        "{}",
    )
    .await;
    assert_eq!(zh.status, StatusCode::BAD_GATEWAY);
    let j: Value = serde_json::from_slice(&zh.body).unwrap();
    assert!(j["error"]["message"].as_str().unwrap().contains("无法连接"));
    assert_eq!(zh.headers["x-content-type-options"], "nosniff");

    // The console is still served locally.
    let page = call(&proxy, "GET", "/clusters/1000001", &[], "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&page.body).contains("console"));
}

/// The binary in proxy mode prints where it forwards to and needs no database.
#[test]
fn the_binary_in_proxy_mode_prints_its_upstream() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocp-emulator"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://127.0.0.1:9/base/",
            "--db",
        ])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .take(2)
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        lines[0].starts_with("Console:  http://127.0.0.1:"),
        "{lines:?}"
    );
    assert_eq!(lines[1], "Upstream: http://127.0.0.1:9/base");
    assert!(!db.exists(), "no database in proxy mode");

    #[cfg(not(feature = "tls"))]
    let out = Command::new(env!("CARGO_BIN_EXE_ocp-emulator"))
        .args(["--upstream", "https://ocp.example"])
        .output()
        .unwrap();
    #[cfg(not(feature = "tls"))]
    assert!(!out.status.success());
    #[cfg(not(feature = "tls"))]
    assert!(String::from_utf8_lossy(&out.stderr).contains("--features tls"));
}

/// With TLS built in, an https upstream that does not speak TLS is a clear 502.
#[cfg(feature = "tls")]
#[tokio::test]
async fn an_https_upstream_that_is_not_tls_is_a_502() {
    let base = serve(Router::new().fallback(|| async { "plain" })).await;
    let https = base.replacen("http://", "https://", 1);
    let proxy = ocp_emulator::proxy_router(Upstream::parse(&https).unwrap(), None).unwrap();
    let a = call(&proxy, "GET", "/api/v2/time", &[], "").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    let j: Value = serde_json::from_slice(&a.body).unwrap();
    assert!(
        j["error"]["message"].as_str().unwrap().contains("https://"),
        "{j}"
    );
}

/// An upstream that counts what reaches it and answers whatever `reply` says for a path.
#[derive(Clone, Default)]
struct Counting {
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    last: Seen,
}

async fn counting(
    axum::extract::State(c): axum::extract::State<Counting>,
    req: Request,
) -> Response {
    c.hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let (parts, _) = req.into_parts();
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), json!(v.to_str().unwrap_or("?"))))
        .collect();
    if let Ok(mut l) = c.last.lock() {
        *l = json!({"uri": parts.uri.to_string(), "headers": headers});
    }
    let path = parts.uri.path().to_owned();
    let html = |status: StatusCode, body: &'static str| {
        (status, [("content-type", "text/html; charset=utf-8")], body).into_response()
    };
    match path.as_str() {
        p if p.ends_with("/html200") => html(
            StatusCode::OK,
            "<html><body><h1>Sign in</h1><script>fetch('/steal?'+sessionStorage.getItem('obc.credentials'))</script></body></html>",
        ),
        p if p.ends_with("/nginx502") => html(
            StatusCode::BAD_GATEWAY,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        ),
        p if p.ends_with("/login401") => {
            let mut res = html(StatusCode::UNAUTHORIZED, "<form action=/login>password: <input></form>");
            res.headers_mut()
                .insert("www-authenticate", "Basic realm=\"OCP\"".parse().unwrap());
            res.headers_mut()
                .insert("set-cookie", "JSESSIONID=x; Path=/; HttpOnly".parse().unwrap());
            res
        }
        p if p.ends_with("/basic401") => {
            let mut res = (
                StatusCode::UNAUTHORIZED,
                [("content-type", "application/json")],
                r#"{"successful":false,"status":401,"error":{"code":"IAM10000","message":"Not logged in"}}"#,
            )
                .into_response();
            res.headers_mut()
                .insert("www-authenticate", "Basic realm=\"OCP\"".parse().unwrap());
            res
        }
        p if p.ends_with("/cached") => (
            [("content-type", "application/json"), ("cache-control", "private, max-age=5")],
            r#"{"successful":true,"data":1}"#,
        )
            .into_response(),
        p if p.ends_with("/streamed-huge") => {
            // Streams more than the cap, chunked.
            let chunk = Bytes::from(vec![b' '; 1 << 20]);
            let n = (ocp_emulator::proxy::UPSTREAM_BODY_LIMIT >> 20) + 2;
            ([("content-type", "application/json")], Body::new(Repeat(chunk, n as usize))).into_response()
        }
        _ => (
            [("content-type", "application/json;charset=UTF-8")],
            r#"{"successful":true,"status":200,"data":null}"#,
        )
            .into_response(),
    }
}

/// `n` copies of `chunk`, as a chunked body.
struct Repeat(Bytes, usize);

impl http_body::Body for Repeat {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if self.1 == 0 {
            return std::task::Poll::Ready(None);
        }
        self.1 -= 1;
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(self.0.clone()))))
    }
}

async fn counting_upstream(base_path: &str) -> (Router, Counting) {
    let c = Counting::default();
    let base = serve(Router::new().fallback(counting).with_state(c.clone())).await;
    let proxy = ocp_emulator::proxy_router(
        Upstream::parse(&format!("{base}{base_path}")).unwrap(),
        None,
    )
    .unwrap();
    (proxy, c)
}

fn hits(c: &Counting) -> usize {
    c.hits.load(std::sync::atomic::Ordering::SeqCst)
}

const BACKUP_NOW: &str = "/api/v2/ob/clusters/1000001/backup/backupNow";
const STOP: &str = "/api/v2/ob/clusters/1000001/backup/config/backupStrategy/stopSchedule";

/// High: a page on another site posting a form, or a fetch, to the proxy; a write without
/// the console's header or not sent as JSON; a bodyless stopSchedule: refused before anything
/// is forwarded. The console's own write goes through.
#[tokio::test]
async fn writes_from_other_sites_or_not_from_the_console_never_reach_the_upstream() {
    let (proxy, up) = counting_upstream("").await;
    let host = ("host", "127.0.0.1:8080");
    let console = ("x-obc-console", "1");
    let json_ct = ("content-type", "application/json");
    type Case<'a> = (
        &'a str,
        &'a str,
        Vec<(&'a str, &'a str)>,
        &'a str,
        u16,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        // A form on another origin (what the review did): text/plain or urlencoded, Origin set.
        (
            "POST",
            STOP,
            vec![
                host,
                ("origin", "http://127.0.0.1:9999"),
                ("content-type", "application/x-www-form-urlencoded"),
                ("sec-fetch-site", "same-site"),
            ],
            "a=1",
            403,
            "COM10005",
        ),
        (
            "POST",
            BACKUP_NOW,
            vec![
                host,
                ("origin", "http://evil.example"),
                ("content-type", "text/plain"),
            ],
            "{}",
            403,
            "COM10005",
        ),
        // A fetch from another site that somehow had the header and type (it cannot: preflight).
        (
            "DELETE",
            "/api/v2/ob/clusters/1000001/backup/config/backupStrategy",
            vec![host, ("origin", "null"), json_ct, console],
            "",
            403,
            "COM10005",
        ),
        (
            "PATCH",
            "/api/v2/x",
            vec![host, ("sec-fetch-site", "cross-site"), json_ct, console],
            "{}",
            403,
            "COM10005",
        ),
        (
            "POST",
            STOP,
            vec![host, ("sec-fetch-site", "same-site"), json_ct, console],
            "",
            403,
            "COM10005",
        ),
        // Same origin but not the console: no header, not JSON, no type at all.
        (
            "POST",
            BACKUP_NOW,
            vec![host, ("origin", "http://127.0.0.1:8080"), json_ct],
            "{}",
            403,
            "COM10005",
        ),
        (
            "POST",
            BACKUP_NOW,
            vec![host, ("content-type", "text/plain"), console],
            "{}",
            415,
            "COM10001",
        ),
        ("POST", STOP, vec![host, console], "", 415, "COM10001"),
    ];
    for (method, path, headers, body, status, code) in cases {
        let a = call(&proxy, method, path, &headers, body).await;
        assert_eq!(a.status.as_u16(), status, "{method} {path} {headers:?}");
        let j: Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(j["error"]["code"], code, "{method} {path}");
        assert_eq!(j["successful"], false);
        assert_eq!(a.headers["x-content-type-options"], "nosniff");
        assert_eq!(
            hits(&up),
            0,
            "{method} {path} {headers:?} reached the upstream"
        );
    }
    // A method no endpoint has is never forwarded.
    let a = call(&proxy, "TRACE", "/api/v2/time", &[host], "").await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(hits(&up), 0);
    // The console's own: same origin, its header, JSON, bodyless too.
    for (path, body) in [(BACKUP_NOW, "{}"), (STOP, "")] {
        let a = call(
            &proxy,
            "POST",
            path,
            &[
                host,
                ("origin", "http://127.0.0.1:8080"),
                ("sec-fetch-site", "same-origin"),
                json_ct,
                console,
            ],
            body,
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
    }
    assert_eq!(hits(&up), 2);
    // Reads are not refused for their origin (a page cannot read the answer anyway).
    let a = call(
        &proxy,
        "GET",
        "/api/v2/time",
        &[host, ("origin", "http://evil.example")],
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(hits(&up), 3);
}

/// High: the upstream's `WWW-Authenticate` never reaches the browser (its own password prompt,
/// then Basic credentials kept and sent with requests other sites start).
#[tokio::test]
async fn the_upstreams_www_authenticate_is_never_passed_on() {
    let (proxy, _) = counting_upstream("").await;
    for path in ["/api/v2/basic401", "/api/v2/login401"] {
        let a = call(&proxy, "GET", path, &[], "").await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(a.headers.get("www-authenticate").is_none(), "{path}");
        let j: Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(j["error"]["code"], "IAM10000", "{path}");
    }
}

/// Medium: an upstream answer that is not JSON (a sign-in page, a gateway's error page)
/// becomes an OCP error envelope saying what came; it never runs on the console's origin.
#[tokio::test]
async fn non_json_answers_become_envelopes_that_say_what_came() {
    let (proxy, _) = counting_upstream("").await;
    let a = call(&proxy, "GET", "/api/v2/html200", &[], "").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert_eq!(a.headers["content-type"], "application/json;charset=UTF-8");
    let text = String::from_utf8_lossy(&a.body).into_owned();
    assert!(!text.contains("<script"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(j["error"]["code"], "COM10000");
    assert_eq!(
        j["error"]["message"],
        "The OCP (or a gateway before it) answered HTTP 200 with text/html; charset=utf-8, not OCP's JSON"
    );
    assert_eq!(
        j["error"]["debugMessage"],
        "Sign in fetch('/steal?'+sessionStorage.getItem('obc.credentials'))"
    );
    let env: ocp_model::Envelope<Value> = serde_json::from_slice(&a.body).unwrap();
    assert!(env.error.is_some());

    let a = call(
        &proxy,
        "GET",
        "/api/v2/nginx502",
        &[("accept-language", "zh-CN")],
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    let j: Value = serde_json::from_slice(&a.body).unwrap();
    assert_eq!(
        j["error"]["debugMessage"],
        "502 Bad Gateway 502 Bad Gateway nginx"
    );
    assert!(j["error"]["message"].as_str().unwrap().contains("HTTP 502"));

    // A sign-in page with 401: still a 401 (the console asks for credentials), its cookie
    // kept, no prompt.
    let a = call(&proxy, "GET", "/api/v2/login401", &[], "").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.headers["set-cookie"], "JSESSIONID=x; Path=/; HttpOnly");
    assert!(a.headers.get("www-authenticate").is_none());
    assert_eq!(
        a.headers["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    );
}

/// Medium: every proxied answer carries the API's security headers; an upstream's own
/// Cache-Control is kept, `no-store` otherwise.
#[tokio::test]
async fn every_proxied_answer_carries_the_security_headers() {
    let (proxy, _) = counting_upstream("").await;
    for (path, cache) in [
        ("/api/v2/time", "no-store"),
        ("/api/v2/cached", "private, max-age=5"),
    ] {
        let a = call(&proxy, "GET", path, &[], "").await;
        assert_eq!(
            a.headers["content-security-policy"],
            "default-src 'none'; frame-ancestors 'none'; sandbox"
        );
        assert_eq!(a.headers["x-content-type-options"], "nosniff");
        assert_eq!(a.headers["cache-control"], cache, "{path}");
    }
}

/// Medium: an answer larger than the cap is refused when it says so, cut off when it streams.
#[tokio::test]
async fn upstream_answers_over_the_size_cap_do_not_pass() {
    // An upstream that declares more than the cap (raw: a framework would not let it lie) and
    // sends little: the proxy must not wait for it.
    let raw = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let raw_addr = raw.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        if let Ok((mut s, _)) = raw.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{{}}",
                ocp_emulator::proxy::UPSTREAM_BODY_LIMIT + 1
            );
            std::thread::sleep(std::time::Duration::from_secs(2));
        }
    });
    let liar = ocp_emulator::proxy_router(
        Upstream::parse(&format!("http://{raw_addr}")).unwrap(),
        None,
    )
    .unwrap();
    let a = call(&liar, "GET", "/api/v2/declared-huge", &[], "").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    let j: Value = serde_json::from_slice(&a.body).unwrap();
    assert!(
        j["error"]["message"]
            .as_str()
            .unwrap()
            .contains("larger than 32 MiB"),
        "{j}"
    );
    let (proxy, _) = counting_upstream("").await;
    let res = proxy
        .clone()
        .oneshot(
            Request::builder()
                .uri("/api/v2/streamed-huge")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = http_body_util::Limited::new(res.into_body(), 64 << 20)
        .collect()
        .await;
    assert!(
        body.is_err(),
        "a body over the cap must fail, not arrive whole"
    );
}

/// Medium: `..` (plain or encoded) is refused, never forwarded, and nothing leaves the
/// upstream's base path; harmless dots are resolved.
#[tokio::test]
async fn dot_dot_paths_are_refused_and_others_stay_under_the_base_path() {
    let (proxy, up) = counting_upstream("/ocp").await;
    for path in [
        "/api/../../x",
        "/api/v2/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/api/%2E%2E/x",
        "/api/v2/..%2f..%2fadmin",
        "/api/v2/..;/..;/admin",
        "/api/v2/%252e%252e/x",
        "/api/v2/..%5cx",
    ] {
        let a = call(&proxy, "GET", path, &[], "").await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{path}");
        let j: Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(j["error"]["code"], "COM10001", "{path}");
        assert_eq!(hits(&up), 0, "{path} was forwarded");
    }
    let a = call(&proxy, "GET", "/api/v2/ob/../time?x=%2e%2e", &[], "").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(up.last.lock().unwrap()["uri"], "/ocp/api/v2/time?x=%2e%2e");
}

/// Low: `X-Forwarded-For` and `Forwarded` name the real peer; what the client sent is dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarding_headers_name_the_real_peer() {
    let (proxy, up) = counting_upstream("").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(ocp_emulator::serve::serve(
        listener,
        proxy,
        ocp_emulator::serve::Limits::default(),
        std::future::pending(),
    ));
    let answer = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /api/v2/time HTTP/1.1\r\nHost: {addr}\r\nX-Forwarded-For: 6.6.6.6\r\n\
             Forwarded: for=6.6.6.6;proto=https\r\nX-Real-IP: 6.6.6.6\r\n\
             X-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let seen = up.last.lock().unwrap()["headers"].clone();
    assert_eq!(seen["x-forwarded-for"], "127.0.0.1");
    assert_eq!(seen["forwarded"], "for=127.0.0.1");
    assert!(seen.get("x-real-ip").is_none(), "{seen}");
    assert!(seen.get("x-forwarded-host").is_none(), "{seen}");
}
