//! Proxy mode (`--upstream`): a second emulator on a loopback port is the "real OCP"; an
//! answer through the proxy equals the direct one, request bodies and headers pass through,
//! and an unreachable upstream is a 502 OCP envelope.

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
            ("origin", "http://127.0.0.1:8080"),
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
        let a = call(&proxy, method, "/api", &[], "").await;
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
    assert!(msg.contains("Cannot reach the upstream OCP"), "{msg}");
    assert!(msg.contains(&port.to_string()), "{msg}");
    assert_eq!(j["traceId"].as_str().unwrap().len(), 16);
    // Decodes as an OCP error envelope.
    let env: ocp_model::Envelope<Value> = serde_json::from_slice(&a.body).unwrap();
    assert!(env.error.is_some());
    let zh = call(
        &proxy,
        "POST",
        "/api/v2/time",
        &[("accept-language", "zh-CN")],
        "{}",
    )
    .await;
    assert_eq!(zh.status, StatusCode::BAD_GATEWAY);
    let j: Value = serde_json::from_slice(&zh.body).unwrap();
    assert!(j["error"]["message"].as_str().unwrap().contains("无法连接"));

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
