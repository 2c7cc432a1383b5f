//! Every GET endpoint against its documented shape (ocp-api.md), decoded with the model
//! types and checked as raw JSON; auth, errors, paging, the console fallback and the seed.

mod common;

use axum::http::StatusCode;
use common::*;
use ocp_model::cluster::{SubtaskStatus, TaskStatus};
use ocp_model::*;
use serde_json::Value;

const C_HZ: i64 = 1000001; // 2.2.77, WEEK, log gap
const C_SH: i64 = 1000002; // 3.1.4, PAUSED MONTH
const C_BJ: i64 = 1000003; // 4.2.1.0, NORMAL, failed backup
const C_STANDBY: i64 = 1000004;
const C_LOGICAL: i64 = 1000005;
const C_NONE: i64 = 1000006; // no strategy

fn backup(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/{rest}")
}

// ---------------------------------------------------------------- envelope and auth

#[tokio::test]
async fn success_envelope_has_every_documented_field() {
    let e = emu();
    let r = e.ok("/api/v2/time").await;
    let j = r.json();
    assert_eq!(j["successful"], true);
    assert_eq!(j["status"], 200);
    assert!(
        is_stamp_time(j["timestamp"].as_str().unwrap()),
        "{}",
        r.body
    );
    assert!(j["duration"].is_u64());
    let trace = j["traceId"].as_str().unwrap();
    assert_eq!(trace.len(), 16);
    assert!(trace.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(j["server"], "127.0.0.1");
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    // The clock is frozen at the origin: the time is exactly it.
    let t: StampTime = r.decode();
    assert_eq!(t.timestamp_millis(), origin().timestamp_millis());
    assert_eq!(t.offset(), time::offset_hours(8));
}

#[tokio::test]
async fn info_answers() {
    let e = emu();
    let info: ServerInfo = e.ok("/api/v2/info").await.decode();
    assert!(info.build_version.unwrap().contains("emulator"));
}

#[tokio::test]
async fn missing_or_wrong_credentials_get_401_without_a_browser_popup() {
    let e = emu();
    let r = e.request("GET", "/api/v2/ob/clusters", &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "IAM10000");
    assert_eq!(r.json()["successful"], false);
    assert_eq!(r.json()["status"], 401);
    assert!(r.headers.get("www-authenticate").is_none());

    for auth in [
        basic("admin", "nope"),
        basic("root", PASSWORD),
        "Basic !!!not-base64".to_owned(),
    ] {
        let r = e
            .request(
                "GET",
                "/api/v2/ob/clusters",
                &[("authorization", auth.as_str())],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{auth}");
        assert_eq!(r.error_code(), "IAM10004");
        assert!(r.headers.get("www-authenticate").is_none());
    }
    // Other schemes are "not logged in", and unknown paths are not revealed before auth.
    let r = e
        .request("GET", "/api/v2/nope", &[("authorization", "Bearer x")])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "IAM10000");
}

#[tokio::test]
async fn errors_are_localized_by_accept_language() {
    let e = emu();
    let auth = basic("admin", PASSWORD);
    let path = "/api/v2/ob/clusters/1000099";
    let en = e.get(path).await;
    assert_eq!(en.status, StatusCode::NOT_FOUND);
    assert_eq!(
        en.json()["error"]["message"],
        "Object cluster 1000099 does not exist"
    );
    let zh = e
        .request(
            "GET",
            path,
            &[
                ("authorization", auth.as_str()),
                ("accept-language", "zh-CN,zh;q=0.9,en;q=0.8"),
            ],
        )
        .await;
    assert_eq!(zh.json()["error"]["message"], "对象 cluster 1000099 不存在");
    let zh401 = e
        .request("GET", path, &[("accept-language", "zh-CN")])
        .await;
    assert_eq!(zh401.json()["error"]["message"], "用户未登录或会话已过期");
}

#[tokio::test]
async fn unknown_ids_are_404_and_bad_input_is_400_never_500() {
    let e = emu();
    for path in [
        "/api/v2/ob/clusters/1000099".to_owned(),
        "/api/v2/ob/clusters/1000099/tenants".to_owned(),
        backup(1000099, "overview"),
        backup(1000099, "ability"),
        backup(1000099, "info"),
        backup(1000099, "config/backupStrategy"),
        backup(1000099, "task/dataBackupTasks"),
        backup(1000099, "task/logBackupTasks"),
        backup(1000099, "task/restoreTasks"),
        "/api/v2/tasks/instances/99".to_owned(),
    ] {
        let r = e.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.error_code(), "BAK10003", "{path}");
        assert_eq!(r.json()["successful"], false);
        let env: Envelope<Value> = serde_json::from_str(&r.body).unwrap();
        assert!(env.error.unwrap().message.contains("does not exist"));
    }
    for path in [
        "/api/v2/ob/clusters/abc".to_owned(),
        "/api/v2/ob/clusters/-1/tenants".to_owned(),
        "/api/v2/ob/clusters/99999999999999999999999".to_owned(),
        "/api/v2/tasks/instances/x1".to_owned(),
        "/api/v2/ob/clusters?page=x".to_owned(),
        "/api/v2/ob/clusters?size=-3".to_owned(),
        "/api/v2/ob/clusters?sort=password,asc".to_owned(),
        "/api/v2/ob/clusters?sort=name,sideways".to_owned(),
        "/api/v2/tasks/instances?clusterId=abc".to_owned(),
        "/api/v2/tasks/instances?status=DANCING".to_owned(),
        backup(C_HZ, "task/dataBackupTasks?backupSetId=latest"),
    ] {
        let r = e.get(&path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert_eq!(r.error_code(), "COM10001", "{path}");
        let sub = &r.json()["error"]["subErrors"][0];
        assert!(sub["field"].is_string(), "{path}");
    }
}

#[tokio::test]
async fn bad_times_are_400_com10010_in_every_list() {
    let e = emu();
    for list in [
        "task/dataBackupTasks",
        "task/logBackupTasks",
        "task/restoreTasks",
        "info",
    ] {
        for q in [
            "startTime=yesterday",
            "endTime=2021-13-01T00:00:00Z",
            "startTime=2021-09-16T17:25:02",
            "startTime=2024-08-06T00:00:00Z&endTime=2024-08-05T00:00:00Z",
        ] {
            let path = backup(C_HZ, &format!("{list}?{q}"));
            let r = e.get(&path).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
            assert_eq!(r.error_code(), "COM10010", "{path}");
        }
    }
}

#[tokio::test]
async fn unknown_api_paths_and_methods_get_an_envelope() {
    let e = emu();
    let r = e.get("/api/v2/no/such/thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["successful"], false);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("/api/v2/no/such/thing"));
    let auth = basic("admin", PASSWORD);
    let r = e
        .request(
            "DELETE",
            "/api/v2/ob/clusters",
            &[
                ("authorization", auth.as_str()),
                ("content-type", "application/json"),
                ("x-obc-console", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["status"], 405);
}

// ---------------------------------------------------------------- clusters, tenants, specs

#[tokio::test]
async fn clusters_page_filter_and_sort() {
    let e = emu();
    let r = e.ok("/api/v2/ob/clusters").await;
    let page: Paged<Cluster> = r.decode();
    assert_eq!(page.contents.len(), 6);
    let info = page.page.unwrap();
    assert_eq!(
        (
            info.number,
            info.size,
            info.total_elements,
            info.total_pages
        ),
        (1, 10, 6, 1)
    );
    let raw = &r.data()["contents"][0];
    assert!(is_create_time(raw["createTime"].as_str().unwrap()));
    assert_eq!(raw["type"], "PRIMARY");
    assert!(raw["zones"][0]["regionName"].is_string());

    // Page 2 of size 4: the last two, numbered from 1.
    let p2: Paged<Cluster> = e.ok("/api/v2/ob/clusters?page=2&size=4").await.decode();
    let ids: Vec<i64> = p2.contents.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![1000005, 1000006]);
    assert_eq!(p2.page.unwrap().number, 2);
    assert_eq!(p2.page.unwrap().total_pages, 2);

    // Size is capped at 2000; page 0 is page 1.
    let big: Paged<Cluster> = e.ok("/api/v2/ob/clusters?size=5000&page=0").await.decode();
    assert_eq!(big.page.unwrap().size, 2000);
    assert_eq!(big.page.unwrap().number, 1);

    let prod: Paged<Cluster> = e.ok("/api/v2/ob/clusters?name=PROD").await.decode();
    assert_eq!(prod.contents.len(), 4);
    let running: Paged<Cluster> = e.ok("/api/v2/ob/clusters?status=RUNNING").await.decode();
    assert_eq!(running.contents.len(), 6);
    let stopped: Paged<Cluster> = e.ok("/api/v2/ob/clusters?status=STOPPED").await.decode();
    assert!(stopped.contents.is_empty());

    let by_name: Paged<Cluster> = e.ok("/api/v2/ob/clusters?sort=name,desc").await.decode();
    let names: Vec<&str> = by_name.contents.iter().map(|c| c.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(names, sorted);
    let by_version: Paged<Cluster> = e.ok("/api/v2/ob/clusters?sort=obVersion").await.decode();
    assert_eq!(by_version.contents[0].ob_version.as_deref(), Some("2.1.1"));
}

#[tokio::test]
async fn one_cluster_and_its_tenants() {
    let e = emu();
    let c: Cluster = e.ok(&format!("/api/v2/ob/clusters/{C_HZ}")).await.decode();
    assert_eq!(c.name, "ob-prod-hz");
    assert_eq!(c.ob_version.as_deref(), Some("2.2.77"));
    assert_eq!(c.tenant_count, Some(3));
    assert_eq!(c.server_count, Some(6));

    let r = e
        .ok(&format!("/api/v2/ob/clusters/{C_BJ}/tenants?page=2&size=3"))
        .await;
    let p: Paged<Tenant> = r.decode();
    assert_eq!(p.contents.len(), 1);
    assert_eq!(p.page.unwrap().total_elements, 4);
    assert_eq!(p.page.unwrap().number, 2);
    let all: Paged<Tenant> = e
        .ok(&format!("/api/v2/ob/clusters/{C_BJ}/tenants"))
        .await
        .decode();
    assert!(all
        .contents
        .iter()
        .any(|t| t.mode == Some(TenantMode::Oracle)));
    assert!(all.contents.iter().all(|t| t.zone_list.len() == 3));
    // The successful restore created a tenant on the test cluster.
    let restored: Paged<Tenant> = e
        .ok(&format!("/api/v2/ob/clusters/{C_NONE}/tenants"))
        .await
        .decode();
    assert!(restored.contents.iter().any(|t| t.name == "trade_restored"));
    for id in [C_HZ, C_SH, C_BJ, C_STANDBY, C_LOGICAL, C_NONE] {
        let p: Paged<Tenant> = e
            .ok(&format!("/api/v2/ob/clusters/{id}/tenants"))
            .await
            .decode();
        assert!((1..=4).contains(&p.contents.len()), "{id}");
        let c: Cluster = e.ok(&format!("/api/v2/ob/clusters/{id}")).await.decode();
        assert_eq!(c.tenant_count, Some(p.contents.len() as u32));
    }
}

#[tokio::test]
async fn unit_specs_are_unpaged() {
    let e = emu();
    let r = e.ok("/api/v2/ob/unitSpecs").await;
    assert!(r.data().get("page").is_none());
    let specs: Paged<UnitSpec> = r.decode();
    let s1 = specs.contents.iter().find(|s| s.name == "S1").unwrap();
    assert_eq!((s1.max_cpu_core_count, s1.max_memory_size), (1.5, 6.0));
    assert!(specs
        .contents
        .iter()
        .any(|s| s.spec_type == Some(UnitSpecType::Custom)));
}

// ---------------------------------------------------------------- strategy, ability, overview

#[tokio::test]
async fn strategies_read_back_and_none_is_data_null() {
    let e = emu();
    let r = e.ok(&backup(C_HZ, "config/backupStrategy")).await;
    let s: BackupStrategy = r.decode();
    assert!(s.exists());
    let cfg = &s.ob_backup_schedule_config;
    assert_eq!(cfg.backup_schedule_mode, Some(ScheduleMode::Week));
    assert_eq!(
        r.data()["obBackupScheduleConfig"]["dayAndDataBackupModelMap"],
        serde_json::json!({"2": "FULL_BACKUP", "4": "FULL_BACKUP", "6": "INCREMENTAL_BACKUP"})
    );
    assert_eq!(
        r.data()["obBackupScheduleConfig"]["backupScheduleTime"],
        "02:00:00.000+08:00"
    );
    assert!(is_create_time(r.data()["createTime"].as_str().unwrap()));

    let paused: BackupStrategy = e.ok(&backup(C_SH, "config/backupStrategy")).await.decode();
    assert_eq!(
        paused.ob_backup_schedule_config.backup_schedule_mode,
        Some(ScheduleMode::Month)
    );

    // OSS secrets are write-only.
    let r = e.ok(&backup(C_BJ, "config/backupStrategy")).await;
    let key = &r.data()["obBackupServiceStorageConfig"]["obBackupStorageBaseInfo"]["ossAccessKey"];
    assert!(key["accessKeyId"].is_string());
    assert!(key.get("accessKeySecret").is_none());

    for id in [C_NONE, C_STANDBY] {
        let r = e.ok(&backup(id, "config/backupStrategy")).await;
        assert!(r.body.starts_with("{\"data\":null,"), "{}", r.body);
    }
}

#[tokio::test]
async fn ability_follows_the_cluster() {
    let e = emu();
    let a: Ability = e.ok(&backup(C_HZ, "ability")).await.decode();
    let d = a.ob_data_backup_support_ability.unwrap();
    assert!(d.full_backup_enabled && d.increment_backup_enabled && d.can_do_incremental_backup);

    // No full backup yet: no incremental, with a hint saying why.
    let a: Ability = e.ok(&backup(C_NONE, "ability")).await.decode();
    let d = a.ob_data_backup_support_ability.unwrap();
    assert!(d.full_backup_enabled && !d.can_do_incremental_backup);
    assert!(d.hint.unwrap().contains("full backup"));

    let a: Ability = e.ok(&backup(C_LOGICAL, "ability")).await.decode();
    assert_eq!(a.backup_ability, Some(BackupAbility::Logical));
    assert_eq!(a.backup_mode, Some(BackupMode::Logical));
    let d = a.ob_data_backup_support_ability.unwrap();
    assert!(d.full_backup_enabled && !d.increment_backup_enabled && !d.can_do_incremental_backup);
    assert!(a.ob_backup_condition.unwrap().need_agent_to_backup);

    let a: Ability = e.ok(&backup(C_STANDBY, "ability")).await.decode();
    let d = a.ob_data_backup_support_ability.unwrap();
    assert!(!d.full_backup_enabled && !d.increment_backup_enabled);
    assert!(!a.ob_restore_condition_check_result.unwrap().be_ready);
}

#[tokio::test]
async fn overview_reports_schedule_status_times_and_size() {
    let e = emu();
    let expect = [
        (C_HZ, BackupScheduleStatus::Normal),
        (C_SH, BackupScheduleStatus::Paused),
        (C_BJ, BackupScheduleStatus::Normal),
        (C_STANDBY, BackupScheduleStatus::None),
        (C_LOGICAL, BackupScheduleStatus::Normal),
        (C_NONE, BackupScheduleStatus::None),
    ];
    for (id, status) in expect {
        let r = e.ok(&backup(id, "overview")).await;
        let o: Overview = r.decode();
        assert_eq!(o.cluster_id, id);
        assert_eq!(o.backup_schedule_status, Some(status.clone()), "{id}");
        let has = status != BackupScheduleStatus::None;
        assert_eq!(
            o.ob_cluster_backup_status,
            Some(if has {
                ClusterBackupStatus::HasStrategy
            } else {
                ClusterBackupStatus::NoStrategy
            })
        );
        if has {
            let raw = r.data();
            assert!(
                is_task_time(raw["lastDataBackupTime"].as_str().unwrap()),
                "{id}"
            );
            let cp = raw["latestLogBackupCheckpoint"].as_str().unwrap();
            assert!(is_task_time(cp), "{cp}");
            assert!(raw["logBackupDelaySeconds"].is_i64());
            assert!(o.backup_size.unwrap() > 0.0);
            assert!(o.ob_storage_volume_unit.is_some());
            // The running archive lags tens of seconds behind now.
            let lag = origin().timestamp_millis()
                - o.latest_log_backup_checkpoint.unwrap().timestamp_millis();
            assert!((1_000..=120_000).contains(&lag), "{id}: {lag}");
            assert!(
                o.last_data_backup_time.unwrap().timestamp_millis() < origin().timestamp_millis()
            );
        } else {
            assert!(o.last_data_backup_time.is_none());
            assert!(o.backup_size.is_none());
        }
    }
    let o: Overview = e.ok(&backup(C_STANDBY, "overview")).await.decode();
    assert_eq!(o.ob_cluster_type, Some(ClusterType::Standby));
}

#[tokio::test]
async fn the_log_checkpoint_keeps_moving_with_the_clock() {
    // An hour of emulated time per real second.
    let e = emu_at(origin(), 3600.0, None);
    let first: Overview = e.ok(&backup(C_BJ, "overview")).await.decode();
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    let second: Overview = e.ok(&backup(C_BJ, "overview")).await.decode();
    let a = first.latest_log_backup_checkpoint.unwrap();
    let b = second.latest_log_backup_checkpoint.unwrap();
    assert!(
        b.timestamp_millis() - a.timestamp_millis() > 60_000,
        "{a} → {b}"
    );
}

// ---------------------------------------------------------------- task lists

#[tokio::test]
async fn data_backup_tasks_newest_first_with_filters() {
    let e = emu();
    let r = e.ok(&backup(C_BJ, "task/dataBackupTasks?size=100")).await;
    let p: Paged<DataBackupTask> = r.decode();
    assert!(p.contents.len() >= 7, "{}", p.contents.len());
    let starts: Vec<i64> = p
        .contents
        .iter()
        .map(|t| t.start_time.unwrap().timestamp_millis())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let raw = &r.data()["contents"][0];
    for f in ["startTime", "finishTime"] {
        assert!(is_task_time(raw[f].as_str().unwrap()), "{f}: {}", raw[f]);
    }
    assert_eq!(raw["backupUri"], "oss://ob-backup-bj/prod");
    assert_eq!(raw["tenantId"], 0);

    // The failed one carries raw OceanBase text.
    let failed = p
        .contents
        .iter()
        .find(|t| t.status == DataBackupStatus::Failed)
        .expect("a FAILED data backup");
    let msg = failed.error_msg.as_deref().unwrap();
    assert!(msg.contains('"') && msg.contains('<') && msg.contains('>'));

    // Incrementals follow a full backup; every kind is there.
    assert!(p
        .contents
        .iter()
        .any(|t| t.data_backup_task_type == DataBackupMode::Full));
    assert!(p
        .contents
        .iter()
        .any(|t| t.data_backup_task_type == DataBackupMode::Incremental));

    // Paging: page 2 of size 3 continues page 1.
    let p1: Paged<DataBackupTask> = e
        .ok(&backup(C_BJ, "task/dataBackupTasks?page=1&size=3"))
        .await
        .decode();
    let p2: Paged<DataBackupTask> = e
        .ok(&backup(C_BJ, "task/dataBackupTasks?page=2&size=3"))
        .await
        .decode();
    assert_eq!(p2.page.unwrap().number, 2);
    assert_eq!(p2.contents.len(), 3);
    assert_eq!(p1.contents[2..].len() + p2.contents.len(), 4);
    assert_eq!(p.contents[3].task_id, p2.contents[0].task_id);

    // backupSetId picks one.
    let set = p.contents[2].backup_set_id.unwrap();
    let one: Paged<DataBackupTask> = e
        .ok(&backup(
            C_BJ,
            &format!("task/dataBackupTasks?backupSetId={set}"),
        ))
        .await
        .decode();
    assert_eq!(one.contents.len(), 1);
    assert_eq!(one.contents[0].backup_set_id, Some(set));

    // The time filter reads every documented format, all meaning the same instant.
    let cut = p.contents[2].start_time.unwrap();
    let cut_dt = cut.datetime();
    let formats = [
        cut.to_wire(),                          // +0800, millis
        StampTime::new(cut_dt).to_wire(),       // +08:00, millis
        RecoverableTime::new(cut_dt).to_wire(), // micros
        cut_dt
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string(),
    ];
    for f in formats {
        let q = f.replace('+', "%2B");
        let since: Paged<DataBackupTask> = e
            .ok(&backup(
                C_BJ,
                &format!("task/dataBackupTasks?startTime={q}&size=100"),
            ))
            .await
            .decode();
        assert_eq!(since.contents.len(), 3, "{f}");
        let until: Paged<DataBackupTask> = e
            .ok(&backup(
                C_BJ,
                &format!("task/dataBackupTasks?endTime={q}&size=100"),
            ))
            .await
            .decode();
        assert_eq!(until.contents.len(), p.contents.len() - 2, "{f}");
    }
}

#[tokio::test]
async fn log_backup_tasks_show_the_gap_and_a_live_running_round() {
    let e = emu();
    let r = e.ok(&backup(C_HZ, "task/logBackupTasks")).await;
    let p: Paged<LogBackupTask> = r.decode();
    assert_eq!(p.contents.len(), 2);
    assert_eq!(p.contents[0].status, LogBackupStatus::Running);
    assert_eq!(p.contents[1].status, LogBackupStatus::Interrupted);
    let stopped = &p.contents[1];
    assert!(stopped.error_msg.as_deref().unwrap().contains('<'));
    // The new round began after the old one stopped: a gap.
    assert!(
        p.contents[0].create_time.unwrap().timestamp_millis()
            > stopped.checkpoint.unwrap().timestamp_millis()
    );
    let raw = &r.data()["contents"][0];
    for f in ["createTime", "modifyTime", "checkpoint"] {
        assert!(is_task_time(raw[f].as_str().unwrap()), "{f}");
    }
    let delay = raw["delay"].as_f64().unwrap();
    assert!(
        delay.fract() != 0.0 && (5.0..90.0).contains(&delay),
        "{delay}"
    );

    let logical: Paged<LogBackupTask> = e
        .ok(&backup(C_LOGICAL, "task/logBackupTasks"))
        .await
        .decode();
    assert_eq!(logical.contents[0].backup_mode, Some(BackupMode::Logical));
    assert!(logical.contents[0].agent_server_ip.is_some());
    let none: Paged<LogBackupTask> = e.ok(&backup(C_NONE, "task/logBackupTasks")).await.decode();
    assert!(none.contents.is_empty());

    // A range after the stop shows only the running round.
    let after = p.contents[0]
        .create_time
        .unwrap()
        .to_wire()
        .replace('+', "%2B");
    let p: Paged<LogBackupTask> = e
        .ok(&backup(
            C_HZ,
            &format!("task/logBackupTasks?startTime={after}"),
        ))
        .await
        .decode();
    assert_eq!(p.contents.len(), 1);
}

#[tokio::test]
async fn restore_tasks_one_success_one_failure() {
    let e = emu();
    let r = e.ok(&backup(C_NONE, "task/restoreTasks")).await;
    let p: Paged<RestoreTask> = r.decode();
    assert_eq!(p.contents.len(), 1);
    let ok = &p.contents[0];
    assert_eq!(ok.status, RestoreStatus::Success);
    assert!(ok.finished && ok.successful);
    assert_eq!(ok.backup_cluster_id, Some(C_BJ));
    let raw = &r.data()["contents"][0];
    for f in ["createTime", "finishTime", "restoreEndTime"] {
        assert!(is_task_time(raw[f].as_str().unwrap()), "{f}");
    }
    // The source cluster lists it too.
    let src: Paged<RestoreTask> = e.ok(&backup(C_BJ, "task/restoreTasks")).await.decode();
    assert_eq!(src.contents[0].id, ok.id);

    let p: Paged<RestoreTask> = e.ok(&backup(C_HZ, "task/restoreTasks")).await.decode();
    let fail = &p.contents[0];
    assert_eq!(fail.status, RestoreStatus::Fail);
    assert!(fail.finished && !fail.successful);
    assert!(fail.error_msg.as_deref().unwrap().contains('"'));

    // Each restore is an OCP task with subtasks.
    for (job, status) in [
        (ok.ocp_job_id.unwrap(), TaskStatus::Successful),
        (fail.ocp_job_id.unwrap(), TaskStatus::Failed),
    ] {
        let r = e.ok(&format!("/api/v2/tasks/instances/{job}")).await;
        let t: TaskInstance = r.decode();
        assert_eq!(t.status, status);
        assert!(t.subtasks.len() >= 4);
        assert!(is_stamp_time(r.data()["createTime"].as_str().unwrap()));
        if status == TaskStatus::Failed {
            assert!(t.subtasks.iter().any(|s| s.status == SubtaskStatus::Failed));
            assert!(t
                .subtasks
                .iter()
                .any(|s| s.status == SubtaskStatus::Pending));
        }
    }
}

#[tokio::test]
async fn task_instances_list_filters_and_pages() {
    let e = emu();
    let all: Paged<TaskInstance> = e.ok("/api/v2/tasks/instances?size=100").await.decode();
    assert!(all.contents.len() >= 4);
    let created: Vec<i64> = all
        .contents
        .iter()
        .map(|t| t.create_time.unwrap().timestamp_millis())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]));
    // Every data backup is an OCP task too: the failed ones are the seeded failed backup and
    // the failed restore.
    let failed: Paged<TaskInstance> = e
        .ok("/api/v2/tasks/instances?status=FAILED&size=100")
        .await
        .decode();
    assert!(failed
        .contents
        .iter()
        .all(|t| t.status == TaskStatus::Failed));
    let failed_ids: Vec<i64> = failed.contents.iter().map(|t| t.id).collect();
    let bj: Paged<DataBackupTask> = e
        .ok(&backup(C_BJ, "task/dataBackupTasks?size=100"))
        .await
        .decode();
    let failed_backup = bj
        .contents
        .iter()
        .find(|d| d.status == DataBackupStatus::Failed)
        .expect("the seeded failed backup");
    assert!(
        failed_ids.contains(&failed_backup.task_id),
        "{failed_ids:?}"
    );
    let restores: Paged<RestoreTask> = e.ok(&backup(C_HZ, "task/restoreTasks")).await.decode();
    let failed_restore = restores.contents[0].ocp_job_id.unwrap();
    assert!(failed_ids.contains(&failed_restore), "{failed_ids:?}");
    let mine: Paged<TaskInstance> = e
        .ok(&format!("/api/v2/tasks/instances?clusterId={C_SH}"))
        .await
        .decode();
    assert!(!mine.contents.is_empty());
    assert!(mine.contents.iter().all(|t| t.cluster_id == Some(C_SH)));
    let p2: Paged<TaskInstance> = e.ok("/api/v2/tasks/instances?page=2&size=1").await.decode();
    assert_eq!(p2.contents[0].id, all.contents[1].id);
}

// ---------------------------------------------------------------- recoverable info

fn windows_of(agg: &RecoverableAggregation) -> Vec<TimeInterval> {
    agg.windows()
}

#[tokio::test]
async fn recoverable_info_has_windows_split_by_the_log_gap() {
    let e = emu();
    let r = e.ok(&backup(C_HZ, "info")).await;
    let info: BackupInfo = r.decode();
    assert_eq!(info.cluster_id, C_HZ);
    assert_eq!(info.tenant_backup_infos.len(), 3);
    let union = windows_of(&info.ob_recoverable_info_aggregation);
    assert!(union.len() >= 2, "{union:?}");
    // Windows lie inside the last seven days and end no later than now.
    let now = origin().timestamp_micros();
    for w in &union {
        assert!(w.start_time.timestamp_micros() >= now - 7 * 86_400_000_000);
        assert!(w.end_time.timestamp_micros() <= now);
    }

    // Raw shape: microseconds everywhere; only data items carry recoverableTime.
    let items = &r.data()["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]
        ["obRecoverableSectionItems"];
    assert_eq!(
        r.data()["obRecoverableInfoAggregation"]["obQueryTimeScopeType"],
        "LATEST_SEVEN_DAYS"
    );
    let mut kinds = std::collections::BTreeSet::new();
    for item in items.as_array().unwrap() {
        let kind = item["obRecoverableSectionItemType"].as_str().unwrap();
        kinds.insert(kind.to_owned());
        match kind {
            "FULL_DATA_BACKUP" | "INCREMENTAL_DATA_BACKUP" => {
                let p = &item["dataBackupRecoverableInfo"];
                assert!(is_micro_time(p["recoverableTime"].as_str().unwrap()));
                assert!(is_micro_time(p["freezeTime"].as_str().unwrap()));
                assert!(p["fullBackupSetId"].is_i64());
            }
            "LOG_BACKUP" => {
                assert!(item.get("dataBackupRecoverableInfo").is_none());
                let iv = &item["logRecoverableTimeInterval"];
                assert!(is_micro_time(iv["startTime"].as_str().unwrap()));
                assert!(is_micro_time(iv["endTime"].as_str().unwrap()));
            }
            "RECOVERABLE" => {
                assert!(item.get("dataBackupRecoverableInfo").is_none());
                let iv = &item["realRecoverableTimeInterval"];
                assert!(is_micro_time(iv["startTime"].as_str().unwrap()));
            }
            other => panic!("unexpected item type {other}"),
        }
        assert_eq!(item["backupMode"], "PHYSICAL_BACKUP");
    }
    assert_eq!(kinds.len(), 4, "{kinds:?}");

    // A tenant created mid-week has a shorter timeline than the cluster.
    let crm = info
        .tenant_backup_infos
        .iter()
        .find(|t| t.tenant_name == "crm_oracle")
        .unwrap();
    let crm_w = windows_of(&crm.ob_recoverable_info_aggregation);
    assert!(crm_w.len() < union.len());
    assert!(!crm_w.is_empty());
}

#[tokio::test]
async fn recoverable_info_respects_the_asked_range() {
    let e = emu();
    // Whole seconds: query parameters carry milliseconds only.
    let end = chrono::DateTime::from_timestamp(origin().timestamp() - 86_400, 0).unwrap();
    let start = end - chrono::Duration::days(1);
    let q = format!(
        "info?startTime={}&endTime={}",
        StampTime::from_utc(start, time::offset_hours(8))
            .to_wire()
            .replace('+', "%2B"),
        TaskTime::from_utc(end, time::offset_hours(8))
            .to_wire()
            .replace('+', "%2B"),
    );
    let info: BackupInfo = e.ok(&backup(C_BJ, &q)).await.decode();
    for item in info.ob_recoverable_info_aggregation.items() {
        let (a, b) = match item.typed().unwrap() {
            TimelineItem::FullBackup(p) | TimelineItem::IncrementalBackup(p) => {
                (p.recoverable_time, p.recoverable_time)
            }
            TimelineItem::LogArchive(iv) | TimelineItem::Window(iv) => (iv.start_time, iv.end_time),
        };
        assert!(
            a.timestamp_micros() >= start.timestamp_micros(),
            "{item:?} {start}"
        );
        assert!(
            b.timestamp_micros() <= end.timestamp_micros(),
            "{item:?} {end}"
        );
    }
    // No history at all: empty, not an error.
    let none: BackupInfo = e.ok(&backup(C_NONE, "info")).await.decode();
    assert!(none.ob_recoverable_info_aggregation.items().is_empty());
    // Logical backups have windows too, marked as logical.
    let logical: BackupInfo = e.ok(&backup(C_LOGICAL, "info")).await.decode();
    assert!(!logical.ob_recoverable_info_aggregation.windows().is_empty());
    assert!(logical
        .ob_recoverable_info_aggregation
        .items()
        .iter()
        .all(|i| i.backup_mode == Some(BackupMode::Logical)));
}

// ---------------------------------------------------------------- seed promises

#[tokio::test]
async fn the_seed_keeps_its_promises_whatever_the_weekday() {
    // Start the world at every weekday and at night and day: the promises must hold.
    for hours in [0, 13, 30, 55, 78, 101, 126, 150, 161] {
        let at = origin() + chrono::Duration::hours(hours);
        let e = emu_at(at, 0.0, None);
        let clusters: Paged<Cluster> = e.ok("/api/v2/ob/clusters").await.decode();
        assert!(clusters.contents.len() >= 4);
        assert!(clusters
            .contents
            .iter()
            .any(|c| c.cluster_type == Some(ClusterType::Standby)));
        let versions: Vec<&str> = clusters
            .contents
            .iter()
            .filter_map(|c| c.ob_version.as_deref())
            .collect();
        for v in ["2.2.77", "3.1.", "4.2."] {
            assert!(versions.iter().any(|x| x.starts_with(v)), "{v}");
        }
        let logical: Ability = e.ok(&backup(C_LOGICAL, "ability")).await.decode();
        assert_eq!(logical.backup_ability, Some(BackupAbility::Logical));
        let none = e.ok(&backup(C_NONE, "config/backupStrategy")).await;
        assert!(none.data().is_null());

        let info: BackupInfo = e.ok(&backup(C_HZ, "info")).await.decode();
        let w = info.ob_recoverable_info_aggregation.windows();
        assert!(w.len() >= 2, "+{hours}h: {w:?}");

        let mut failed = 0;
        for id in [C_HZ, C_SH, C_BJ, C_LOGICAL] {
            let p: Paged<DataBackupTask> = e
                .ok(&backup(id, "task/dataBackupTasks?size=2000"))
                .await
                .decode();
            assert!(!p.contents.is_empty(), "{id} +{hours}h");
            failed += p
                .contents
                .iter()
                .filter(|t| t.status == DataBackupStatus::Failed)
                .count();
            // Incrementals reference a full backup set that exists.
            for t in &p.contents {
                assert!(t.start_time.unwrap().timestamp_millis() < at.timestamp_millis());
            }
        }
        assert_eq!(failed, 1, "+{hours}h");
        let hz: Paged<RestoreTask> = e.ok(&backup(C_HZ, "task/restoreTasks")).await.decode();
        assert!(hz.contents.iter().any(|r| r.status == RestoreStatus::Fail));
        let bj: Paged<RestoreTask> = e.ok(&backup(C_BJ, "task/restoreTasks")).await.decode();
        assert!(bj
            .contents
            .iter()
            .any(|r| r.status == RestoreStatus::Success));
        // The successful restore's point lies inside a window of its source.
        let src: BackupInfo = e.ok(&backup(C_BJ, "info")).await.decode();
        let point = bj.contents[0].restore_end_time.unwrap().timestamp_micros();
        assert!(
            src.ob_recoverable_info_aggregation
                .windows()
                .iter()
                .any(|w| w.contains_micros(point)),
            "+{hours}h"
        );
    }
}

#[tokio::test]
async fn the_seed_is_deterministic_for_an_origin_and_a_restart_keeps_everything() {
    let a = emu();
    let b = emu();
    for path in [
        backup(C_HZ, "task/dataBackupTasks?size=100"),
        backup(C_BJ, "info"),
        "/api/v2/tasks/instances?size=100".to_owned(),
    ] {
        assert_eq!(a.ok(&path).await.data(), b.ok(&path).await.data(), "{path}");
    }

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("restart.sqlite");
    let open =
        |start| ocp_emulator::App::open(&db, 1.0, "pw".into(), "127.0.0.1".into(), start).unwrap();
    let first = open(origin());
    let t1 = first.clock.now();
    let tasks = first.store.data_tasks(C_HZ).unwrap().len();
    drop(first);
    // A second start on the same database neither reseeds nor goes back in time, whatever
    // start it is offered.
    let second = open(origin() - chrono::Duration::days(30));
    assert!(second.clock.now() >= t1);
    assert_eq!(second.store.data_tasks(C_HZ).unwrap().len(), tasks);
    assert_eq!(
        ocp_emulator::seed::origin(&second.store)
            .unwrap()
            .unwrap()
            .timestamp_micros(),
        origin().timestamp_micros()
    );
}

// ---------------------------------------------------------------- the console

#[tokio::test]
async fn the_console_is_served_with_an_index_fallback_for_client_routes() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app.js"), "console.log(1)").unwrap();
    let e = emu_at(origin(), 0.0, Some(dist.path().to_path_buf()));
    for path in ["/", "/clusters/1000005/strategy", "/clusters"] {
        let r = e.request("GET", path, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.contains("<title>console</title>"), "{path}");
        assert!(r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
    }
    let js = e.request("GET", "/app.js", &[]).await;
    assert_eq!(js.body, "console.log(1)");
    let missing = e.request("GET", "/missing-asset.wasm", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // /api never falls back to the page.
    let api = e.get("/api/v2/clusters/strategy").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["successful"], false);
    // Compressed when the browser accepts it.
    let gz = e
        .request("GET", "/clusters/1", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(gz.status, StatusCode::OK);
}

#[tokio::test]
async fn precompressed_files_are_preferred() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<html>plain</html>").unwrap();
    std::fs::write(dist.path().join("app.js"), "plain").unwrap();
    std::fs::write(dist.path().join("app.js.br"), b"brotli-bytes").unwrap();
    let e = emu_at(origin(), 0.0, Some(dist.path().to_path_buf()));
    let r = e
        .request("GET", "/app.js", &[("accept-encoding", "br")])
        .await;
    assert_eq!(r.headers["content-encoding"], "br");
    assert_eq!(r.body, "brotli-bytes");
}

#[tokio::test]
async fn brotli_or_gzip_by_accept_encoding_and_hashed_files_cached_for_a_year() {
    let dist = tempfile::tempdir().unwrap();
    let put = |name: &str, body: &[u8]| std::fs::write(dist.path().join(name), body).unwrap();
    put(
        "index.html",
        b"<html><head><base href=\"/\" /></head></html>",
    );
    put("chunk_3-0123456789abcdef.wasm", b"plain");
    put("chunk_3-0123456789abcdef.wasm.br", b"brotli-bytes");
    put("chunk_3-0123456789abcdef.wasm.gz", b"gzip-bytes");
    let e = emu_at(origin(), 0.0, Some(dist.path().to_path_buf()));
    let chunk = "/chunk_3-0123456789abcdef.wasm";
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "brotli-bytes"),
        ("gzip", Some("gzip"), "gzip-bytes"),
        ("identity", None, "plain"),
    ] {
        let r = e
            .request("GET", chunk, &[("accept-encoding", accept)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{accept}");
        assert_eq!(r.body, body, "{accept}");
        assert_eq!(
            r.headers
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            encoding,
            "{accept}"
        );
        assert_eq!(
            r.headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    // The page that names the hashed files is revalidated on every visit.
    for path in ["/", "/clusters/1000001/tasks"] {
        let r = e.request("GET", path, &[]).await;
        assert_eq!(r.headers["cache-control"], "no-cache", "{path}");
    }
}

#[tokio::test]
async fn under_a_base_path_index_html_gets_that_base() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<html><head><base href=\"/\" /><script type=\"module\" src=\"start-0123456789abcdef.js\"></script></head></html>",
    )
    .unwrap();
    let e = emu_under("/ocp/backup", dist.path().to_path_buf());
    for path in ["/ocp/backup/", "/ocp/backup/clusters/1000001"] {
        let r = e.request("GET", path, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(
            r.body.contains("<base href=\"/ocp/backup/\" />"),
            "{path}: {}",
            r.body
        );
    }
}
