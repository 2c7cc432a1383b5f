//! `GET /api-docs/openapi.json`: valid JSON, OpenAPI 3.x, every endpoint of ocp-api.md
//! sections 2 and 3 (writes included), and every `$ref` resolves.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

/// Every endpoint of ocp-api.md sections 2 and 3, as (method, path).
/// The tenant-level paths of ocp-api.md 2b.1, after `/api/v2/ob/clusters/{id}/tenants/{tenantId}`.
const TENANT_CONTRACT: &[(&str, &str)] = &[
    ("get", "/backup/config/backupStrategy"),
    ("post", "/backup/config/backupStrategy"),
    ("patch", "/backup/config/backupStrategy"),
    ("delete", "/backup/config/backupStrategy"),
    ("post", "/backup/config/backupStrategy/startSchedule"),
    ("post", "/backup/config/backupStrategy/stopSchedule"),
    ("post", "/backup/backupNow"),
    ("get", "/backup/task/dataBackupTasks"),
    ("get", "/backup/task/logBackupTasks"),
    ("get", "/backup/task/restoreTasks"),
    ("get", "/backup/info"),
];

const CONTRACT: &[(&str, &str)] = &[
    (
        "get",
        "/api/v2/ob/clusters/{id}/backup/config/backupStrategy",
    ),
    (
        "post",
        "/api/v2/ob/clusters/{id}/backup/config/backupStrategy",
    ),
    (
        "patch",
        "/api/v2/ob/clusters/{id}/backup/config/backupStrategy",
    ),
    (
        "delete",
        "/api/v2/ob/clusters/{id}/backup/config/backupStrategy",
    ),
    (
        "post",
        "/api/v2/ob/clusters/{id}/backup/config/backupStrategy/startSchedule",
    ),
    (
        "post",
        "/api/v2/ob/clusters/{id}/backup/config/backupStrategy/stopSchedule",
    ),
    ("get", "/api/v2/ob/clusters/{id}/backup/ability"),
    ("get", "/api/v2/ob/clusters/{id}/backup/overview"),
    ("post", "/api/v2/ob/clusters/{id}/backup/backupNow"),
    (
        "get",
        "/api/v2/ob/clusters/{id}/backup/task/dataBackupTasks",
    ),
    ("get", "/api/v2/ob/clusters/{id}/backup/task/logBackupTasks"),
    ("get", "/api/v2/ob/clusters/{id}/backup/task/restoreTasks"),
    ("post", "/api/v2/ob/clusters/{id}/backup/restore"),
    ("get", "/api/v2/ob/clusters/{id}/backup/info"),
    ("get", "/api/v2/ob/clusters"),
    ("get", "/api/v2/ob/clusters/{id}/tenants"),
    ("get", "/api/v2/ob/clusters/{id}/tenants/{tenantId}"),
    ("get", "/api/v2/ob/unitSpecs"),
    ("get", "/api/v2/tasks/instances/{id}"),
    (
        "get",
        "/api/v2/tasks/instances/{id}/subtasks/{subtaskId}/log",
    ),
    ("get", "/api/v2/tasks/{id}"),
    ("get", "/api/v2/tasks/instances"),
    ("get", "/api/v2/info"),
    ("get", "/api/v2/time"),
];

async fn fetch_document() -> Value {
    let e = emu();
    // No credentials needed.
    let r = e.request("GET", "/api-docs/openapi.json", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    serde_json::from_str(&r.body).expect("the document is JSON")
}

#[tokio::test]
async fn the_document_is_openapi_3_and_lists_every_contract_endpoint() {
    let doc = fetch_document().await;
    let version = doc["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3."), "{version}");
    assert!(doc["info"]["title"].is_string());
    assert_eq!(
        doc["components"]["securitySchemes"]["basicAuth"]["scheme"],
        "basic"
    );
    assert_eq!(doc["security"][0]["basicAuth"], serde_json::json!([]));
    let paths = doc["paths"].as_object().expect("paths");
    let tenant_paths: Vec<(&str, String)> = TENANT_CONTRACT
        .iter()
        .map(|(m, p)| {
            (
                *m,
                format!("/api/v2/ob/clusters/{{id}}/tenants/{{tenantId}}{p}"),
            )
        })
        .collect();
    let all = CONTRACT
        .iter()
        .map(|(m, p)| (*m, p.to_string()))
        .chain(tenant_paths);
    for (method, path) in all {
        let path = path.as_str();
        let op = &paths
            .get(path)
            .unwrap_or_else(|| panic!("missing path {path}"))[method];
        assert!(op.is_object(), "missing {method} {path}");
        assert!(op["operationId"].is_string(), "{method} {path}");
        let ok = &op["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(
            ok["allOf"][0]["$ref"], "#/components/schemas/SuccessEnvelope",
            "{method} {path}"
        );
        assert!(ok["properties"]["data"].is_object(), "{method} {path}");
        for code in ["400", "401", "404"] {
            assert_eq!(
                op["responses"][code]["$ref"],
                format!("#/components/responses/Error{code}"),
                "{method} {path} {code}"
            );
        }
        if path.contains("{id}") {
            let params = op["parameters"].as_array().unwrap();
            assert!(
                params
                    .iter()
                    .any(|p| p["name"] == "id" && p["in"] == "path" && p["required"] == true),
                "{method} {path}"
            );
        }
        let has_body = op["requestBody"]["required"] == true;
        let wants_body = method == "patch"
            || path.ends_with("backupNow")
            || path.ends_with("restore")
            || (method == "post" && path.ends_with("backupStrategy"));
        assert_eq!(has_body, wants_body, "{method} {path}");
        // Every write is sent as JSON with the console's header, and says what refuses it.
        if method != "get" {
            assert!(op["requestBody"]["content"]
                .get("application/json")
                .is_some());
            let params = op["parameters"].as_array().unwrap();
            assert!(
                params.iter().any(|p| p["name"] == "X-OBC-Console"
                    && p["in"] == "header"
                    && p["required"] == true),
                "{method} {path}"
            );
            for code in ["403", "415"] {
                assert_eq!(
                    op["responses"][code]["$ref"],
                    format!("#/components/responses/Error{code}"),
                    "{method} {path} {code}"
                );
            }
        } else {
            assert!(op.get("requestBody").is_none(), "{method} {path}");
        }
    }
    // Paged lists take page and size.
    let data_tasks = &paths["/api/v2/ob/clusters/{id}/backup/task/dataBackupTasks"]["get"];
    let names: Vec<&str> = data_tasks["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for n in ["startTime", "endTime", "backupSetId", "page", "size"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
}

/// Every `$ref` in `v`, with where it was found.
fn refs<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    if let Some(s) = x.as_str() {
                        out.push((at.clone(), s));
                    }
                } else {
                    refs(x, format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                refs(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_ref_resolves_inside_the_document() {
    let doc = fetch_document().await;
    let mut found = Vec::new();
    refs(&doc, String::new(), &mut found);
    assert!(found.len() > 50, "only {} refs", found.len());
    for (at, r) in &found {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: external ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "{at}: {r} does not resolve");
    }
    // Every component schema name is a legal OpenAPI component key.
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "{name}"
        );
    }
}

#[tokio::test]
async fn open_enums_and_times_are_open_strings() {
    let doc = fetch_document().await;
    let s = &doc["components"]["schemas"];
    for name in [
        "BackupMode",
        "DataBackupStatus",
        "RestoreStatus",
        "ClusterStatus",
    ] {
        assert_eq!(s[name]["type"], "string", "{name}");
        assert!(s[name].get("enum").is_none(), "{name} must stay open");
        assert!(
            s[name]["examples"]
                .as_array()
                .is_some_and(|a| !a.is_empty()),
            "{name}"
        );
    }
    for name in [
        "TaskTime",
        "RecoverableTime",
        "CreateTime",
        "StampTime",
        "TimeOfDay",
    ] {
        assert_eq!(s[name]["type"], "string", "{name}");
        assert!(s[name]["pattern"].is_string(), "{name}");
    }
    // The envelopes.
    let ok = &s["SuccessEnvelope"];
    for f in [
        "successful",
        "status",
        "timestamp",
        "duration",
        "traceId",
        "server",
    ] {
        assert!(ok["properties"][f].is_object(), "{f}");
    }
    assert_eq!(
        s["ErrorEnvelope"]["properties"]["error"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
}

/// What the emulator sends matches the document's time patterns (a cheap stand-in for the
/// schemathesis stage, which validates every response).
#[tokio::test]
async fn emitted_times_match_the_documented_patterns() {
    let doc = fetch_document().await;
    let pattern = |name: &str| {
        matcher(
            doc["components"]["schemas"][name]["pattern"]
                .as_str()
                .unwrap(),
        )
    };
    let e = emu();
    let j = e
        .ok("/api/v2/ob/clusters/1000001/backup/overview")
        .await
        .json();
    assert!(pattern("StampTime")(j["timestamp"].as_str().unwrap()));
    assert!(pattern("TaskTime")(
        j["data"]["lastDataBackupTime"].as_str().unwrap()
    ));
    let j = e.ok("/api/v2/ob/clusters/1000001").await.json();
    assert!(pattern("CreateTime")(
        j["data"]["createTime"].as_str().unwrap()
    ));
}

fn matcher(p: &str) -> impl Fn(&str) -> bool {
    let re = regex::Regex::new(p).unwrap();
    move |s: &str| re.is_match(s)
}

/// `error.code` is documented as OCP's string codes, and every kind of error the emulator
/// sends has one that matches.
#[tokio::test]
async fn every_error_code_is_a_documented_string() {
    let doc = fetch_document().await;
    let code = &doc["components"]["schemas"]["ErrorCode"];
    assert_eq!(code["type"], "string");
    let ok = matcher(code["pattern"].as_str().unwrap());
    assert_eq!(
        doc["components"]["schemas"]["ErrorBody"]["properties"]["code"]["$ref"],
        "#/components/schemas/ErrorCode"
    );
    let e = emu();
    let auth = basic("admin", PASSWORD);
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(1 << 20));
    let mut replies = vec![
        e.get("/api/v2/no/such/thing").await,
        e.request(
            "DELETE",
            "/api/v2/ob/clusters",
            &[("authorization", auth.as_str())],
        )
        .await,
        e.request("GET", "/api/v2/ob/clusters", &[]).await,
        e.get("/api/v2/ob/clusters/abc").await,
        e.get("/api/v2/ob/clusters/1000099").await,
        e.get("/api/v2/ob/clusters/1000001/backup/info?startTime=never")
            .await,
        e.send(
            "POST",
            "/api/v2/ob/clusters/1000006/backup/config/backupStrategy",
            Some(&big),
        )
        .await,
        e.send(
            "POST",
            "/api/v2/ob/clusters/1000001/backup/config/backupStrategy",
            Some("{}"),
        )
        .await,
    ];
    replies.push(
        e.send(
            "POST",
            "/api/v2/ob/clusters/1000006/backup/restore",
            Some("{"),
        )
        .await,
    );
    for r in replies {
        assert!(r.status.is_client_error(), "{}", r.body);
        let c = r.json()["error"]["code"].clone();
        assert!(c.as_str().is_some_and(&ok), "{c} in {}", r.body);
    }
}
