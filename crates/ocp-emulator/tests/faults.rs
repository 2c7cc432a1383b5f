//! `--faults`: every fault kind as a client sees it, how long a fault lasts, and the control
//! endpoint off without the flag.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const OVERVIEW: &str = "/api/v2/ob/clusters/1000001/backup/overview";

fn faulty() -> Emu {
    let opts = ocp_emulator::Options {
        faults: true,
        ..ocp_emulator::Options::default()
    };
    emu_opts(origin(), opts)
}

async fn inject(e: &Emu, fault: Value) {
    let r = e
        .send("POST", ocp_emulator::faults::PATH, Some(&fault.to_string()))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn error_statuses_come_in_ocps_error_envelope_once_each() {
    let e = faulty();
    for (kind, status) in [
        ("unauthorized", 401),
        ("forbidden", 403),
        ("not_found", 404),
        ("conflict", 409),
        ("rate_limited", 429),
        ("server_error", 500),
    ] {
        inject(
            &e,
            json!({"path": OVERVIEW, "kind": kind, "times": 1, "resetSecs": 7}),
        )
        .await;
        let r = e.get(OVERVIEW).await;
        assert_eq!(r.status.as_u16(), status, "{kind}: {}", r.body);
        let j = r.json();
        assert_eq!(j["successful"], false, "{kind}");
        assert!(j["error"]["code"].is_string(), "{kind}: {}", r.body);
        if kind == "rate_limited" {
            assert_eq!(r.headers["ratelimit-reset"], "7");
            assert_eq!(r.headers["retry-after"], "7");
        }
        // Used once: the next request is answered as usual.
        assert_eq!(e.get(OVERVIEW).await.status, StatusCode::OK, "{kind}");
    }
}

#[tokio::test]
async fn html_empty_and_cut_off_answers() {
    let e = faulty();
    inject(
        &e,
        json!({"path": OVERVIEW, "kind": "bad_gateway_html", "times": 1}),
    )
    .await;
    let r = e.get(OVERVIEW).await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.body.contains("<h1>502 Bad Gateway</h1>"), "{}", r.body);

    inject(
        &e,
        json!({"path": OVERVIEW, "kind": "empty_body", "times": 1}),
    )
    .await;
    let r = e.get(OVERVIEW).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "");

    let whole = e.get(OVERVIEW).await.body;
    inject(
        &e,
        json!({"path": OVERVIEW, "kind": "truncated_json", "times": 1}),
    )
    .await;
    let r = e.get(OVERVIEW).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.is_empty() && whole.starts_with(&r.body[..r.body.len().min(20)]));
    assert!(
        serde_json::from_str::<Value>(&r.body).is_err(),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_dropped_connection_fails_the_body() {
    let e = faulty();
    inject(
        &e,
        json!({"path": OVERVIEW, "kind": "drop_connection", "method": "GET"}),
    )
    .await;
    let req = Request::builder()
        .uri(OVERVIEW)
        .header("authorization", basic("admin", PASSWORD))
        .body(Body::empty())
        .unwrap();
    let res = e.router.clone().oneshot(req).await.unwrap();
    assert!(res.into_body().collect().await.is_err());
    // Until cleared: still dropped, then answered once the faults are gone.
    let again = e.get(ocp_emulator::faults::PATH).await;
    assert_eq!(again.json().as_array().map(Vec::len), Some(1));
    assert_eq!(
        e.send("DELETE", ocp_emulator::faults::PATH, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(e.get(OVERVIEW).await.status, StatusCode::OK);
}

#[tokio::test]
async fn latency_delays_the_real_answer_and_other_methods_are_untouched() {
    let e = faulty();
    inject(
        &e,
        json!({"path": OVERVIEW, "kind": "latency", "latencyMs": 300, "times": 1}),
    )
    .await;
    let started = std::time::Instant::now();
    let r = e.get(OVERVIEW).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));

    let strategy = "/api/v2/ob/clusters/1000001/backup/config/backupStrategy";
    inject(
        &e,
        json!({"path": strategy, "method": "PATCH", "kind": "server_error"}),
    )
    .await;
    assert_eq!(
        e.get(strategy).await.status,
        StatusCode::OK,
        "a GET is not a PATCH"
    );
}

#[tokio::test]
async fn without_the_flag_there_is_no_control_and_no_fault() {
    let e = emu();
    let r = e
        .send(
            "POST",
            ocp_emulator::faults::PATH,
            Some(&json!({"path": OVERVIEW, "kind": "server_error"}).to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("--faults"), "{}", r.body);
    assert_eq!(e.get(OVERVIEW).await.status, StatusCode::OK);
}

/// The control endpoint is the admin's: credentials (through the sign-in throttle), JSON
/// from the console's origin, a capped list and latency.
#[tokio::test]
async fn the_control_needs_the_admin_json_and_stays_within_its_caps() {
    let e = faulty();
    let fault = json!({"path": OVERVIEW, "kind": "latency", "latencyMs": 10}).to_string();
    let send = |headers: Vec<(&'static str, String)>, body: String| {
        let mut req = Request::builder()
            .method("POST")
            .uri(ocp_emulator::faults::PATH);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        e.router
            .clone()
            .oneshot(req.body(Body::from(body)).unwrap())
    };
    let auth = || ("authorization", basic("admin", PASSWORD));
    let json_type = || ("content-type", "application/json".to_owned());
    // No credentials, wrong ones: 401, and nothing added.
    let res = send(vec![json_type()], fault.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().get("www-authenticate").is_none());
    let res = send(
        vec![("authorization", basic("admin", "guess")), json_type()],
        fault.clone(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        e.request("GET", ocp_emulator::faults::PATH, &[])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Not JSON (a form another site could post): 415.
    let res = send(
        vec![auth(), ("content-type", "text/plain".to_owned())],
        fault.clone(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // From another site: 403.
    let res = send(
        vec![
            auth(),
            json_type(),
            ("origin", "http://evil.example".to_owned()),
        ],
        fault.clone(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(e.get(ocp_emulator::faults::PATH).await.json(), json!([]));
    // latencyMs at most a minute.
    let slow = json!({"path": OVERVIEW, "kind": "latency", "latencyMs": 60_001}).to_string();
    let res = send(vec![auth(), json_type()], slow).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // At most 64 faults at once.
    for i in 0..ocp_emulator::faults::MAX_FAULTS {
        let f = json!({"path": format!("/api/x/{i}"), "kind": "not_found"}).to_string();
        let res = send(vec![auth(), json_type()], f).await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED, "{i}");
    }
    let res = send(vec![auth(), json_type()], fault).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let list = e.get(ocp_emulator::faults::PATH).await.json();
    assert_eq!(list.as_array().map(Vec::len), Some(64));
}
