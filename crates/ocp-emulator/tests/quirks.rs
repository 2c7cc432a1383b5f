//! `--quirks`: real answers rewritten into the wire variants of real deployments. Each answer
//! is compared with the same answer of an emulator without quirks (same seed, origin and a
//! frozen clock, so the same world).

mod common;

use axum::http::StatusCode;
use common::*;
use ocp_emulator::quirks::{unknown_value, UNKNOWN_FIELD};
use ocp_emulator::Options;
use serde_json::{json, Value};

const C_HZ: i64 = 1000001;
const C_BJ: i64 = 1000003;
const C_LOGICAL: i64 = 1000005;

fn pair() -> (Emu, Emu) {
    let opts = |quirks| Options {
        time_scale: 0.0,
        quirks,
        ..Options::default()
    };
    (
        emu_opts(origin(), opts(false)),
        emu_opts(origin(), opts(true)),
    )
}

/// The same GET from both; the quirky answer's Content-Length is its length.
async fn both(plain: &Emu, quirky: &Emu, path: &str) -> (Value, Value) {
    let p = plain.get(path).await;
    let q = quirky.get(path).await;
    assert_eq!(p.status, q.status, "{path}");
    let len: usize = q.headers["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(len, q.body.len(), "{path}");
    assert!(q.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    (p.json(), q.json())
}

/// What an envelope keeps: `successful`, `status` and `data` or `error`.
fn envelope_is_bare(q: &Value) {
    for f in ["timestamp", "duration", "traceId", "server"] {
        assert!(q.get(f).is_none(), "{f} in {q}");
    }
    assert!(q["successful"].is_boolean());
    assert!(q["status"].is_number());
}

/// Every object under `v` has the unknown field (its own value aside, and the object a
/// drifted `compactionStatus` became, which is exactly `{"value": ...}`).
fn every_object_has_the_unknown_field(v: &Value, at: &str) -> usize {
    match v {
        Value::Object(m) => {
            assert_eq!(m.get(UNKNOWN_FIELD), Some(&unknown_value()), "{at}");
            1 + m
                .iter()
                .filter(|(k, _)| *k != UNKNOWN_FIELD && *k != "compactionStatus")
                .map(|(k, x)| every_object_has_the_unknown_field(x, &format!("{at}.{k}")))
                .sum::<usize>()
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| every_object_has_the_unknown_field(x, &format!("{at}[{i}]")))
            .sum(),
        _ => 0,
    }
}

/// `+0800` ↔ `+08:00` by hand, for the checks.
fn other_style(t: &str) -> String {
    let (head, off) = t.split_at(t.len() - if t.ends_with(":00") { 6 } else { 5 });
    if off.contains(':') {
        format!("{head}{}", off.replace(':', ""))
    } else {
        format!("{head}{}:{}", &off[..3], &off[3..])
    }
}

#[tokio::test]
async fn the_overview_is_rewritten() {
    let (plain, quirky) = pair();
    let (p, q) = both(
        &plain,
        &quirky,
        &format!("/api/v2/ob/clusters/{C_BJ}/backup/overview"),
    )
    .await;
    envelope_is_bare(&q);
    assert_eq!(q["successful"], true);
    assert_eq!(q["status"], 200);
    let (pd, qd) = (&p["data"], &q["data"]);
    assert_eq!(pd["primaryAndStandbyMode"], "MAXIMUM_PERFORMANCE");
    assert_eq!(qd["primaryAndStandbyMode"], false);
    assert_eq!(
        qd["compactionStatus"],
        json!({"value": pd["compactionStatus"]})
    );
    for f in ["lastDataBackupTime", "latestLogBackupCheckpoint"] {
        let plain_t = pd[f].as_str().unwrap();
        assert!(plain_t.ends_with("+0800"), "{plain_t}");
        assert_eq!(qd[f], other_style(plain_t), "{f}");
        assert!(qd[f].as_str().unwrap().ends_with("+08:00"));
    }
    assert_eq!(qd["obVersion"], pd["obVersion"]);
    assert!(every_object_has_the_unknown_field(qd, "data") >= 1);
}

#[tokio::test]
async fn the_clusters_list_is_rewritten() {
    let (plain, quirky) = pair();
    let (p, q) = both(&plain, &quirky, "/api/v2/ob/clusters").await;
    envelope_is_bare(&q);
    let rows = q["data"]["contents"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for (pr, qr) in p["data"]["contents"].as_array().unwrap().iter().zip(rows) {
        let n = pr["tenantCount"].as_u64().unwrap();
        assert_eq!(qr["tenantCount"], json!(n.to_string()));
        let n = pr["serverCount"].as_u64().unwrap();
        assert_eq!(qr["serverCount"], json!(n.to_string()));
        let created = pr["createTime"].as_str().unwrap();
        assert!(created.ends_with("+08:00"));
        assert_eq!(qr["createTime"], other_style(created));
        assert_eq!(qr["fullVersion"], pr["fullVersion"]);
        for (pz, qz) in pr["zones"]
            .as_array()
            .unwrap()
            .iter()
            .zip(qr["zones"].as_array().unwrap())
        {
            assert_eq!(
                qz["serverCount"],
                json!(pz["serverCount"].as_u64().unwrap().to_string())
            );
            assert_eq!(qz["name"], pz["name"]);
        }
    }
    // data, every row, every zone, the page.
    let objects = every_object_has_the_unknown_field(&q["data"], "data");
    assert!(objects > 1 + 6 + 6 * 2, "{objects}");
    assert_eq!(q["data"]["page"]["totalElements"], 6);
}

#[tokio::test]
async fn task_pages_strategies_and_log_rows_are_rewritten() {
    let (plain, quirky) = pair();
    let (p, q) = both(
        &plain,
        &quirky,
        &format!("/api/v2/ob/clusters/{C_HZ}/backup/task/dataBackupTasks?size=50"),
    )
    .await;
    envelope_is_bare(&q);
    let rows = q["data"]["contents"].as_array().unwrap();
    assert!(!rows.is_empty());
    for (pr, qr) in p["data"]["contents"].as_array().unwrap().iter().zip(rows) {
        if let Some(n) = pr["schemaVersion"].as_i64() {
            assert_eq!(qr["schemaVersion"], json!(n.to_string()));
        }
        let start = pr["startTime"].as_str().unwrap();
        assert_eq!(qr["startTime"], other_style(start));
        assert_eq!(
            qr["dataSecondaryBackupTaskIds"],
            pr["dataSecondaryBackupTaskIds"]
        );
        assert_eq!(qr["status"], pr["status"]);
    }
    assert!(rows.iter().any(|r| r["schemaVersion"].is_string()));
    every_object_has_the_unknown_field(&q["data"], "data");

    // The strategy: its time of day swaps style, its flag is text.
    let (p, q) = both(
        &plain,
        &quirky,
        &format!("/api/v2/ob/clusters/{C_HZ}/backup/config/backupStrategy"),
    )
    .await;
    assert_eq!(
        p["data"]["obBackupScheduleConfig"]["backupScheduleTime"],
        "02:00:00.000+08:00"
    );
    assert_eq!(
        q["data"]["obBackupScheduleConfig"]["backupScheduleTime"],
        "02:00:00.000+0800"
    );
    assert_eq!(p["data"]["secondaryBackupEnabled"], false);
    assert_eq!(q["data"]["secondaryBackupEnabled"], "false");

    // Log rows of logical backup carry the agent's address: a number now.
    let (p, q) = both(
        &plain,
        &quirky,
        &format!("/api/v2/ob/clusters/{C_LOGICAL}/backup/task/logBackupTasks"),
    )
    .await;
    assert!(p["data"]["contents"][0]["agentServerIp"].is_string());
    assert_eq!(q["data"]["contents"][0]["agentServerIp"], 0);
}

#[tokio::test]
async fn error_envelopes_lose_their_fields_too() {
    let (_plain, quirky) = pair();
    let r = quirky.get("/api/v2/no/such/thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let q = r.json();
    envelope_is_bare(&q);
    assert_eq!(q["successful"], false);
    assert_eq!(q["error"]["code"], "COM10002");
    assert!(!r.body.contains(UNKNOWN_FIELD), "{}", r.body);
    let len: usize = r.headers["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(len, r.body.len());
    let r = quirky.request("GET", "/api/v2/ob/clusters", &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    envelope_is_bare(&r.json());
    assert_eq!(r.json()["error"]["code"], "IAM10000");
}

#[tokio::test]
async fn requests_and_the_api_document_are_not_changed() {
    let (plain, quirky) = pair();
    // A write with the document's body works as without quirks; its answer is rewritten.
    let body = r#"{"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP"}"#;
    let p = format!("/api/v2/ob/clusters/{C_HZ}/backup/backupNow");
    let r = quirky.send("POST", &p, Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = r.json()["data"].clone();
    assert_eq!(d["obBackupTaskType"], "DATA_BACKUP_NOW");
    every_object_has_the_unknown_field(&d, "data");
    // A time sent in either style is read as sent.
    let q = format!(
        "/api/v2/ob/clusters/{C_HZ}/backup/task/dataBackupTasks?startTime=2020-01-01T00:00:00.000%2B0800"
    );
    assert_eq!(quirky.get(&q).await.status, StatusCode::OK);
    // The OpenAPI document is not an API answer.
    let a = plain.request("GET", "/api-docs/openapi.json", &[]).await;
    let b = quirky.request("GET", "/api-docs/openapi.json", &[]).await;
    assert_eq!(a.body, b.body);
    assert!(!b.body.contains(UNKNOWN_FIELD));
    // The time endpoint's data is a bare string: only its style changes.
    let (p, q) = both(&plain, &quirky, "/api/v2/time").await;
    assert_eq!(q["data"], other_style(p["data"].as_str().unwrap()));
}
