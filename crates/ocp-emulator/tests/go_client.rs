//! What OceanBase's own Go OCP client (the terraform provider's `internal/ocpclient`) needs
//! (ocp-api.md 1.6): tasks at `/api/v2/tasks/{id}`, one tenant at
//! `/clusters/{id}/tenants/{tenantId}`, `fullVersion` on clusters, and a string `error.code`
//! on every error.

mod common;

use axum::http::StatusCode;
use common::*;
use ocp_model::*;
use serde_json::Value;

const C_HZ: i64 = 1000001;
const C_BJ: i64 = 1000003;
const C_NONE: i64 = 1000006;

#[tokio::test]
async fn tasks_are_served_at_both_paths_with_the_same_body() {
    let e = emu();
    let all: Paged<TaskInstance> = e.ok("/api/v2/tasks/instances?size=100").await.decode();
    assert!(!all.contents.is_empty());
    for t in &all.contents {
        let a = e.ok(&format!("/api/v2/tasks/instances/{}", t.id)).await;
        let b = e.ok(&format!("/api/v2/tasks/{}", t.id)).await;
        assert_eq!(a.data(), b.data(), "task {}", t.id);
        let task: TaskInstance = b.decode();
        assert_eq!(task.id, t.id);
    }
    // An unknown task: the same 404 at both.
    for p in ["/api/v2/tasks/99", "/api/v2/tasks/instances/99"] {
        let r = e.get(p).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{p}");
        assert_eq!(r.error_code(), "BAK10003", "{p}");
    }
    let r = e.get("/api/v2/tasks/x1").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error_code(), "COM10001");
    // The list keeps its own path.
    let list = e.ok("/api/v2/tasks/instances").await;
    assert!(list.data()["contents"].is_array());
}

#[tokio::test]
async fn one_tenant_is_a_row_of_the_tenant_list() {
    let e = emu();
    for cluster in [C_HZ, C_BJ, C_NONE] {
        let list = e
            .ok(&format!("/api/v2/ob/clusters/{cluster}/tenants?size=100"))
            .await;
        let rows = list.data()["contents"].as_array().unwrap().clone();
        assert!(!rows.is_empty());
        for row in rows {
            let id = row["id"].as_i64().unwrap();
            let one = e
                .ok(&format!("/api/v2/ob/clusters/{cluster}/tenants/{id}"))
                .await;
            assert_eq!(one.data(), row, "tenant {id}");
            let t: Tenant = one.decode();
            assert_eq!(t.cluster_id, Some(cluster));
            assert!(is_create_time(row["createTime"].as_str().unwrap()));
        }
    }
    // A tenant of another cluster, an unknown tenant, an unknown cluster: 404 OCP errors.
    for path in [
        format!("/api/v2/ob/clusters/{C_HZ}/tenants/1000301"),
        format!("/api/v2/ob/clusters/{C_HZ}/tenants/1000999"),
        "/api/v2/ob/clusters/1000099/tenants/1000101".to_owned(),
    ] {
        let r = e.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
        assert_eq!(r.error_code(), "BAK10003", "{path}");
        assert_eq!(r.json()["successful"], false);
    }
    let r = e
        .get(&format!("/api/v2/ob/clusters/{C_HZ}/tenants/abc"))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["subErrors"][0]["field"], "tenantId");
    // Credentials as everywhere.
    let r = e
        .request(
            "GET",
            &format!("/api/v2/ob/clusters/{C_HZ}/tenants/1000101"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn clusters_carry_their_full_version_on_the_list_and_alone() {
    let e = emu();
    let r = e.ok("/api/v2/ob/clusters").await;
    let rows = r.data()["contents"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 6);
    for row in &rows {
        let ob = row["obVersion"].as_str().unwrap();
        let full = row["fullVersion"].as_str().expect("fullVersion");
        let build = full
            .strip_prefix(ob)
            .and_then(|rest| rest.strip_prefix('-'))
            .unwrap_or_else(|| panic!("{full} does not start with {ob}-"));
        assert!(
            build.len() >= 14 && build.chars().all(|c| c.is_ascii_digit()),
            "{full}"
        );
        // Right after obVersion, as OCP orders it.
        assert!(
            r.body
                .contains(&format!(r#""obVersion":"{ob}","fullVersion":"{full}""#)),
            "{}",
            r.body
        );
        let id = row["id"].as_i64().unwrap();
        let one = e.ok(&format!("/api/v2/ob/clusters/{id}")).await;
        assert_eq!(&one.data(), row);
    }
    let bj: Cluster = e.ok(&format!("/api/v2/ob/clusters/{C_BJ}")).await.decode();
    assert_eq!(
        bj.full_version.as_deref(),
        Some("4.2.1.0-100000102023111118")
    );
}

#[tokio::test]
async fn a_database_seeded_before_full_version_gets_it_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite");
    let open = || {
        ocp_emulator::App::open(
            &db,
            0.0,
            PASSWORD.to_owned(),
            "127.0.0.1".to_owned(),
            origin(),
        )
        .unwrap()
    };
    drop(open());
    // Forget the build strings, as an older emulator would have written the clusters.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let docs: Vec<(i64, String)> = conn
        .prepare("SELECT id, doc FROM clusters")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs.len(), 6);
    for (id, doc) in docs {
        let mut v: Value = serde_json::from_str(&doc).unwrap();
        v["cluster"].as_object_mut().unwrap().remove("fullVersion");
        conn.execute(
            "UPDATE clusters SET doc = ?1 WHERE id = ?2",
            rusqlite::params![v.to_string(), id],
        )
        .unwrap();
    }
    drop(conn);
    let app = open();
    let c = app.store.cluster(C_HZ).unwrap().unwrap();
    assert_eq!(
        c.cluster.full_version.as_deref(),
        Some("2.2.77-20210712105036")
    );
}

/// `error.code` of an answer, which must be a JSON string.
fn string_code(r: &Reply) -> String {
    let j = r.json();
    assert_eq!(j["successful"], false, "{}", r.body);
    assert_eq!(j["status"], r.status.as_u16(), "{}", r.body);
    j["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("error.code is not a string: {}", r.body))
        .to_owned()
}

#[tokio::test]
async fn framework_errors_carry_string_codes() {
    let e = emu();
    let auth = basic("admin", PASSWORD);
    // 404: no such API path.
    let r = e.get("/api/v2/no/such/thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(string_code(&r), "COM10002");
    // 405: a known path, an unknown method.
    for (method, path) in [
        ("DELETE", "/api/v2/ob/clusters"),
        (
            "PUT",
            "/api/v2/ob/clusters/1000001/backup/config/backupStrategy",
        ),
        ("GET", "/api/v2/ob/clusters/1000001/backup/backupNow"),
    ] {
        let r = e
            .request(
                method,
                path,
                &[
                    ("authorization", auth.as_str()),
                    ("content-type", "application/json"),
                    ("x-obc-console", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(string_code(&r), "COM10003", "{method} {path}");
    }
    // 413: a body over 1 MiB.
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(1 << 20));
    let r = e
        .send(
            "POST",
            "/api/v2/ob/clusters/1000006/backup/config/backupStrategy",
            Some(&big),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(string_code(&r), "COM10004");
    // 400 and 401 already had theirs.
    let r = e.get("/api/v2/ob/clusters?page=x").await;
    assert_eq!(string_code(&r), "COM10001");
    let r = e.request("GET", "/api/v2/ob/clusters", &[]).await;
    assert_eq!(string_code(&r), "IAM10000");
    // Every error decodes as the model's envelope, the code as text.
    let env: Envelope<Value> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(env.error.unwrap().code, ErrorCode::Text("IAM10000".into()));
}

/// A storage failure is a 500 with a string code, not a dropped connection.
#[tokio::test]
async fn an_internal_error_is_a_500_with_a_string_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("emu.sqlite");
    let app = std::sync::Arc::new(
        ocp_emulator::App::open(
            &db,
            0.0,
            PASSWORD.to_owned(),
            "127.0.0.1".to_owned(),
            origin(),
        )
        .unwrap(),
    );
    let e = Emu::from_app(app, dir);
    e.ok("/api/v2/ob/clusters").await;
    // Break the database under the running emulator.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("ALTER TABLE clusters RENAME TO clusters_gone")
        .unwrap();
    drop(conn);
    let r = e.get("/api/v2/ob/clusters").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(string_code(&r), "COM10000");
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Unexpected"));
    let r = e
        .send_lang("GET", "/api/v2/ob/clusters/1000001", None, "zh-CN")
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(string_code(&r), "COM10000");
    assert_eq!(r.json()["error"]["message"], "服务器内部错误");
}
