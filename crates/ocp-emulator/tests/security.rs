//! Issue 20 in emulator mode: writes only from the console (origin, JSON, its header), `/api`
//! answers that are data only, the sign-in throttle, the storage path, offset and unit-count
//! rules, the example portal's framing, `--base-path`, and the server loop's limits (header
//! read, idle, body, write stall, connections) with raw sockets.

mod common;

use axum::http::StatusCode;
use common::*;
use ocp_emulator::serve::{serve, Limits};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const C_HZ: i64 = 1000001;
const C_BJ: i64 = 1000003;
const C_NONE: i64 = 1000006;

fn strategy_path(id: i64) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/config/backupStrategy")
}

const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// The request headers of the console's own writes.
fn console_write(auth: &str) -> Vec<(&'static str, String)> {
    vec![
        ("authorization", auth.to_owned()),
        ("content-type", "application/json".to_owned()),
        ("x-obc-console", "1".to_owned()),
        ("host", "127.0.0.1:8080".to_owned()),
        ("origin", "http://127.0.0.1:8080".to_owned()),
        ("sec-fetch-site", "same-origin".to_owned()),
    ]
}

async fn send(e: &Emu, method: &str, path: &str, headers: &[(&str, String)], body: &str) -> Reply {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, v.as_str());
    }
    let res = e
        .router
        .clone()
        .oneshot(req.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The schedule status of a cluster's strategy.
async fn schedule_status(e: &Emu, id: i64) -> Value {
    let overview = format!("/api/v2/ob/clusters/{id}/backup/overview");
    e.ok(&overview).await.data()["backupScheduleStatus"].clone()
}

/// High, emulator mode: a form or fetch from another site, a write that is not JSON (the
/// emulator used to read a text/plain body as JSON) or lacks the console's header, and a
/// bodyless stopSchedule without a type are refused, and nothing changes.
#[tokio::test]
async fn writes_from_other_sites_or_not_from_the_console_change_nothing() {
    let e = emu();
    let auth = basic("admin", PASSWORD);
    let stop = format!("{}/stopSchedule", strategy_path(C_HZ));
    let before = schedule_status(&e, C_HZ).await;
    assert_eq!(before, "NORMAL");
    let with = |drop: &[&str], add: &[(&'static str, &str)]| {
        let mut h: Vec<(&str, String)> = console_write(&auth)
            .into_iter()
            .filter(|(k, _)| !drop.contains(k))
            .collect();
        h.extend(add.iter().map(|(k, v)| (*k, (*v).to_owned())));
        h
    };
    for (headers, status, code) in [
        // The review's form: another origin, a form's type.
        (
            with(
                &["origin", "content-type", "sec-fetch-site"],
                &[
                    ("origin", "http://127.0.0.1:9999"),
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("sec-fetch-site", "same-site"),
                ],
            ),
            403,
            "COM10005",
        ),
        (with(&["origin"], &[("origin", "null")]), 403, "COM10005"),
        (
            with(&["sec-fetch-site"], &[("sec-fetch-site", "cross-site")]),
            403,
            "COM10005",
        ),
        (with(&["x-obc-console"], &[]), 403, "COM10005"),
        (
            with(&["content-type"], &[("content-type", "text/plain")]),
            415,
            "COM10001",
        ),
        (with(&["content-type"], &[]), 415, "COM10001"),
    ] {
        let r = send(&e, "POST", &stop, &headers, "").await;
        assert_eq!(r.status.as_u16(), status, "{headers:?}: {}", r.body);
        assert_eq!(r.error_code(), code, "{headers:?}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
    }
    assert_eq!(schedule_status(&e, C_HZ).await, "NORMAL");
    // A strategy sent as text/plain (what a form can send) is not read as JSON any more.
    let body = json!({"backupMode": "PHYSICAL_BACKUP"}).to_string();
    let r = send(
        &e,
        "POST",
        &strategy_path(C_NONE),
        &with(&["content-type"], &[("content-type", "text/plain")]),
        &body,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    // The console's own write goes through.
    let r = send(&e, "POST", &stop, &console_write(&auth), "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(schedule_status(&e, C_HZ).await, "PAUSED");
}

/// Medium/Low, emulator mode: every `/api` answer (200, 400, 401, 404, 405, 415, a fault's
/// HTML) is data only: the API policy, nosniff, no-store, never WWW-Authenticate.
#[tokio::test]
async fn every_api_answer_carries_nosniff_and_the_api_policy() {
    let opts = ocp_emulator::Options {
        faults: true,
        ..ocp_emulator::Options::default()
    };
    let e = emu_opts(origin(), opts);
    let auth = basic("admin", PASSWORD);
    let r = e
        .send(
            "POST",
            ocp_emulator::faults::PATH,
            Some(&json!({"path": "/api/v2/time", "kind": "bad_gateway_html"}).to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mut answers = vec![
        e.get("/api/v2/ob/clusters").await,
        e.get("/api/v2/ob/clusters?page=x").await,
        e.request("GET", "/api/v2/ob/clusters", &[]).await,
        e.request(
            "GET",
            "/api/v2/ob/clusters",
            &[("authorization", &basic("admin", "x"))],
        )
        .await,
        e.get("/api/v2/nothing").await,
        e.send("DELETE", "/api/v2/ob/clusters", None).await,
        e.request(
            "POST",
            "/api/v2/ob/clusters/1000001/backup/backupNow",
            &[("authorization", &auth)],
        )
        .await,
    ];
    let html = e.get("/api/v2/time").await;
    assert_eq!(html.status, StatusCode::BAD_GATEWAY);
    answers.push(html);
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses, [200, 400, 401, 401, 404, 405, 415, 502]);
    for a in &answers {
        assert_eq!(
            a.headers["content-security-policy"], API_CSP,
            "{}",
            a.status
        );
        assert_eq!(
            a.headers["x-content-type-options"], "nosniff",
            "{}",
            a.status
        );
        assert_eq!(a.headers["cache-control"], "no-store", "{}", a.status);
        assert!(a.headers.get("www-authenticate").is_none());
    }
}

/// Low: the example portal page cannot be framed by any site.
#[tokio::test]
async fn the_portal_page_cannot_be_framed() {
    let e = emu();
    let r = e.request("GET", ocp_emulator::portal::PATH, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
}

/// A log writer the test can read.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Low: 40 parallel guesses from one client: two are checked at once, the rest wait their
/// turn one at a time or are refused; ten failures lock the client out (the right password
/// too), with Retry-After; every failure is logged without the password.
#[tokio::test(start_paused = true)]
async fn parallel_guesses_are_one_at_a_time_and_lock_the_client_out() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let e = emu();
    let guess = |n: usize| basic("admin", &format!("guess-{n}"));
    let attempts = (0..40).map(|n| {
        let router = e.router.clone();
        let auth = guess(n);
        async move {
            use tower::ServiceExt;
            let req = axum::http::Request::get("/api/v2/time")
                .header("authorization", auth)
                .body(axum::body::Body::empty())
                .unwrap();
            router.oneshot(req).await.unwrap().status().as_u16()
        }
    });
    let started = tokio::time::Instant::now();
    let statuses = futures_join_all(attempts.collect()).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 40, "{statuses:?}");
    // Two free failures, then one waiting attempt (250 ms); the 37 others refused at once.
    assert_eq!(checked, 3, "{statuses:?}");
    assert!(started.elapsed() >= Duration::from_millis(250));
    // One at a time from here on, each waiting longer, until the lock-out.
    for n in 3..ocp_emulator::auth::LOCK_AFTER as usize {
        let r = e
            .request("GET", "/api/v2/time", &[("authorization", &guess(100 + n))])
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    // Locked out: the right password is refused too, without being checked.
    let r = e.get("/api/v2/time").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.headers["retry-after"], "60");
    assert_eq!(r.json()["error"]["code"], 0);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Too many failed sign-ins"));
    let text = logs.text();
    assert_eq!(text.matches("sign-in failed").count(), 10, "{text}");
    assert!(text.contains("user=admin"), "{text}");
    assert!(text.contains("failures=10"), "{text}");
    assert!(!text.contains("guess-"), "a password was logged: {text}");
}

/// `join_all` without a futures crate: every future polled on this task.
async fn futures_join_all<F: std::future::Future<Output = u16> + Send + 'static>(
    futures: Vec<F>,
) -> Vec<u16> {
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Medium/Low: a storage path with credentials is refused with the reason and never echoed;
/// FILE paths with NUL, markup, 70,000 characters or no leading slash are refused with the
/// model's rules.
#[tokio::test]
async fn storage_paths_follow_the_models_rules_and_secrets_never_come_back() {
    let e = emu();
    let body = |kind: &str, url: &str| {
        let mut key = json!(null);
        if kind != "BACKUP_STORAGE_FILE" {
            key = json!({"endpoint": "oss-cn-hangzhou.aliyuncs.com", "accessKeyId": "AKID", "accessKeySecret": "S3CR3T-K3Y"});
        }
        json!({
            "backupMode": "PHYSICAL_BACKUP",
            "obBackupScheduleConfig": {
                "backupScheduleMode": "WEEK", "backupScheduleTime": "02:00:00.000+08:00",
                "dayAndDataBackupModelMap": {"1": "FULL_BACKUP"}, "startLogBackup": true,
                "cleanEnabled": false
            },
            "obBackupServiceStorageConfig": {
                "configName": "sec_test",
                "obBackupStorageBaseInfo": {"backupStorageType": kind, "storageUrl": url, "ossAccessKey": key}
            },
            "obBackupObjectList": [{"clusterId": C_NONE, "backupDimension": "CLUSTER"}]
        })
        .to_string()
    };
    let field = "obBackupServiceStorageConfig.obBackupStorageBaseInfo.storageUrl";
    let long = format!("/{}", "a".repeat(69_999));
    for (kind, url, message, rejected) in [
        (
            "BACKUP_STORAGE_OSS",
            "bucket/dir?host=h&access_key=LEAKED-SECRET",
            "The storage path carries credentials",
            json!("bucket/dir?host=h&access_key=******"),
        ),
        (
            "BACKUP_STORAGE_OSS",
            "LEAKEDAK:LEAKED-SECRET@bucket/dir",
            "The storage path carries credentials",
            json!("LEAKEDAK:******@bucket/dir"),
        ),
        (
            "BACKUP_STORAGE_FILE",
            "/obbackup/\u{0}x",
            "invisible or control character (U+0000, at position 11)",
            json!("/obbackup/\\u{0000}x"),
        ),
        (
            "BACKUP_STORAGE_FILE",
            "/obbackup/<script>alert(1)</script>",
            "may not contain <",
            json!("/obbackup/<script>alert(1)</script>"),
        ),
        (
            "BACKUP_STORAGE_FILE",
            long.as_str(),
            "has 70000 characters; at most 2048",
            json!(format!("/{}…", "a".repeat(63))),
        ),
        (
            "BACKUP_STORAGE_FILE",
            "obbackup/relative",
            "is absolute",
            json!("obbackup/relative"),
        ),
    ] {
        let r = e
            .send("POST", &strategy_path(C_NONE), Some(&body(kind, url)))
            .await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{url:.40}: {}",
            &r.body[..r.body.len().min(400)]
        );
        assert_eq!(r.error_code(), "BAK10002", "{url:.40}");
        let j = r.json();
        let sub = j["error"]["subErrors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["field"] == field)
            .unwrap_or_else(|| panic!("no subError at the path: {j}"))
            .clone();
        assert!(sub["message"].as_str().unwrap().contains(message), "{sub}");
        assert_eq!(sub["rejectedValue"], rejected, "{url:.40}");
        assert!(!r.body.contains("LEAKED-SECRET"), "{}", r.body);
        assert!(!r.body.contains("S3CR3T-K3Y"), "{}", r.body);
    }
    assert!(
        e.ok(&strategy_path(C_NONE)).await.data().is_null(),
        "nothing was kept"
    );
}

/// Low: offsets beyond ±14:00 and unit counts above 64 are refused, with the model's rules.
#[tokio::test]
async fn offsets_beyond_fourteen_hours_and_too_many_units_are_refused() {
    let e = emu();
    let patch = json!({"obBackupScheduleConfig": {"backupScheduleTime": "02:00:00.000+23:59"}});
    let r = e
        .send("PATCH", &strategy_path(C_HZ), Some(&patch.to_string()))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.error_code(), "BAK21007", "{}", r.body);
    let strategy = e.ok(&strategy_path(C_HZ)).await.data();
    assert_eq!(
        strategy["obBackupScheduleConfig"]["backupScheduleTime"],
        "02:00:00.000+08:00"
    );
    // A restore point in +23:59 and 65 units.
    let restore = |at: &str, units: u32| {
        json!({
            "backupTenantStatus": "ONLINE",
            "restoreOnlineTenantRequiredParam": {
                "backupClusterId": C_BJ, "backupTenantId": 1000302, "restoreClusterId": C_NONE,
                "restoreEndTime": at,
                "restoreTenantInfoParam": {
                    "name": "sec_copy", "primaryZone": "zone1",
                    "zones": [{"name": "zone1", "replicaType": "FULL",
                        "resourcePool": {"unitSpecName": "S1", "unitCount": units}}]
                }
            }
        })
        .to_string()
    };
    let path = format!("/api/v2/ob/clusters/{C_NONE}/backup/restore");
    let r = e
        .send(
            "POST",
            &path,
            Some(&restore("2026-11-24T10:00:00.000+23:59", 1)),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let fields: Vec<Value> = r.json()["error"]["subErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["field"].clone())
        .collect();
    assert!(
        fields.contains(&json!("restoreOnlineTenantRequiredParam.restoreEndTime")),
        "{}",
        r.body
    );
    let r = e
        .send(
            "POST",
            &path,
            Some(&restore("2026-11-24T10:00:00.000+08:00", 65)),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let j = r.json();
    let sub = j["error"]["subErrors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["field"]
                == "restoreOnlineTenantRequiredParam.restoreTenantInfoParam.zones[0].resourcePool.unitCount"
        })
        .unwrap_or_else(|| panic!("{j}"))
        .clone();
    assert_eq!(sub["message"], "The unit count must be 1 to 64 (got 65).");
}

/// Low: `--base-path` with markup is refused by the binary (it exits at once, with why).
#[test]
fn a_base_path_with_markup_is_refused() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ocp-emulator"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--base-path",
            "/x\"><script>alert(1)</script>",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the emulator started with a base path holding markup");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.contains("letters, digits"), "{err}");
}

// ------------------------------------------------------------------ the server loop's limits

/// The emulator served by the binary's loop with `limits`.
async fn serve_with(e: &Emu, limits: Limits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(
        listener,
        e.router.clone(),
        limits,
        std::future::pending(),
    ));
    addr
}

fn short() -> Limits {
    Limits {
        header_read: Duration::from_millis(400),
        body: Duration::from_millis(600),
        write_stall: Duration::from_millis(600),
        max_connections: 4,
    }
}

/// Reads until the server closes the connection (or `within` passes); what came and whether
/// it was closed.
fn read_until_closed(s: &mut TcpStream, within: Duration) -> (String, bool) {
    s.set_read_timeout(Some(within)).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&out).into_owned(), true),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (String::from_utf8_lossy(&out).into_owned(), true)
            }
            Err(_) => return (String::from_utf8_lossy(&out).into_owned(), false),
        }
    }
}

/// Medium: a connection that sends nothing, half a head, or stays idle after an answer is
/// closed after the header-read timeout; a body slower than the body timeout is answered
/// 408 and the connection closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_slow_and_idle_connections_are_closed() {
    let e = emu();
    let addr = serve_with(&e, short()).await;
    let auth = basic("admin", PASSWORD);
    tokio::task::spawn_blocking(move || {
        // Nothing sent.
        let mut s = TcpStream::connect(addr).unwrap();
        let t = Instant::now();
        let (_, closed) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(closed, "a silent connection is closed");
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        // Half a head, then silence.
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /api/v2/time HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        let (_, closed) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(closed, "a slow head is closed");
        // An answer, then idle: closed.
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /api/v2/time HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\r\n"
        )
        .unwrap();
        let t = Instant::now();
        let (answer, closed) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(closed, "an idle keep-alive connection is closed");
        assert!(t.elapsed() < Duration::from_secs(3));
        // A body that never comes whole: 408, then closed.
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /api/v2/ob/clusters/{C_NONE}/backup/config/backupStrategy HTTP/1.1\r\nHost: x\r\n\
             Authorization: {auth}\r\nContent-Type: application/json\r\nX-OBC-Console: 1\r\n\
             Content-Length: 1000\r\n\r\n{{\"backupMode\":"
        )
        .unwrap();
        let (answer, closed) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("did not arrive within"), "{answer}");
        assert!(closed);
    })
    .await
    .unwrap();
}

/// Medium: at most `max_connections` at once: one more is closed at once, the server keeps
/// accepting, and the slots come back when the idle ones time out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_cap_keeps_the_server_accepting() {
    let e = emu();
    let limits = Limits {
        header_read: Duration::from_millis(800),
        ..short()
    };
    let addr = serve_with(&e, limits).await;
    let auth = basic("admin", PASSWORD);
    tokio::task::spawn_blocking(move || {
        let idle: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(addr).unwrap()).collect();
        std::thread::sleep(Duration::from_millis(100));
        let mut extra = TcpStream::connect(addr).unwrap();
        let (_, closed) = read_until_closed(&mut extra, Duration::from_millis(500));
        assert!(closed, "a connection over the cap is closed at once");
        // The idle ones time out; then a request is answered.
        std::thread::sleep(Duration::from_millis(1200));
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /api/v2/time HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n").unwrap();
        let (answer, _) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        drop(idle);
    })
    .await
    .unwrap();
}

/// Medium: a client that reads nothing of a large answer holds its connection no longer than
/// the write-stall timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reads_nothing_is_let_go() {
    let big = axum::Router::new().route(
        "/big",
        axum::routing::get(|| async { vec![b'x'; 64 << 20] }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = Limits {
        max_connections: 1,
        ..short()
    };
    tokio::spawn(serve(listener, big, limits, std::future::pending()));
    tokio::task::spawn_blocking(move || {
        let mut stalled = TcpStream::connect(addr).unwrap();
        stalled
            .write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        // It holds the only slot, reading nothing; after the stall timeout it is let go and
        // the next client is served.
        std::thread::sleep(Duration::from_millis(1500));
        let mut next = TcpStream::connect(addr).unwrap();
        next.write_all(b"HEAD /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let (answer, _) = read_until_closed(&mut next, Duration::from_secs(5));
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        drop(stalled);
    })
    .await
    .unwrap();
}
