//! Every write endpoint: the success shape (OpsResult and its OCP task) and each validation
//! error with its code and HTTP status; bodies that cannot be read are 4xx, never 500.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::*;
use ocp_model::cluster::{SubtaskStatus, TaskStatus};
use ocp_model::{
    BackupScheduleStatus, BackupStrategy, DataBackupStatus, DataBackupTask, OpsResult, OpsTaskType,
    Overview, Paged, RestoreStatus, RestoreTask, TaskInstance, Tenant,
};
use serde_json::{json, Value};

const C_HZ: i64 = 1000001;
const C_BJ: i64 = 1000003;
const C_STANDBY: i64 = 1000004;
const C_LOGICAL: i64 = 1000005;
const C_NONE: i64 = 1000006;

fn path(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/{rest}")
}

fn strategy_path(id: i64) -> String {
    path(id, "config/backupStrategy")
}

/// A valid physical strategy on FILE storage.
fn strategy() -> Value {
    json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {
            "backupScheduleMode": "WEEK",
            "backupScheduleEnabled": true,
            "backupScheduleTime": "02:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "4": "INCREMENTAL_BACKUP"},
            "startLogBackup": true,
            "cleanEnabled": true,
            "backupDataRetentionDays": 7,
            "cleanScheduleTime": "04:00:00.000+08:00"
        },
        "obBackupThresholdConfig": {
            "dataBackupTimeoutMinutes": 720,
            "noSuccessfulDataBackupAlarmDays": 3,
            "logBackupDelaySeconds": 300
        },
        "obBackupServiceStorageConfig": {
            "configName": "test_nfs",
            "alarmStoragePercentageThreshold": 80,
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/test/"}
        },
        "obBackupObjectList": [{"clusterId": C_NONE, "backupDimension": "CLUSTER"}]
    })
}

fn set(v: &mut Value, pointer: &str, value: Value) {
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = value;
}

fn ops(r: &Reply, kind: OpsTaskType) -> Vec<i64> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let o: OpsResult = r.decode();
    assert_eq!(o.ob_backup_task_type, kind);
    assert!(o.backup_object_ops_result_list[0].be_successful);
    let ids = o.task_ids();
    assert_eq!(ids.len(), 1, "{}", r.body);
    ids
}

/// The error's code, status and the fields its subErrors name.
fn refused(r: &Reply, status: StatusCode, code: &str) -> Vec<String> {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.error_code(), code, "{}", r.body);
    let j = r.json();
    assert_eq!(j["successful"], false);
    assert!(!j["error"]["message"].as_str().unwrap().is_empty());
    j["error"]["subErrors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn overview(e: &Emu, id: i64) -> Overview {
    e.ok(&path(id, "overview")).await.decode()
}

#[tokio::test]
async fn strategy_create_modify_pause_resume_delete() {
    let e = emu();
    let body = strategy().to_string();
    let r = e.send("POST", &strategy_path(C_NONE), Some(&body)).await;
    let task = ops(&r, OpsTaskType::CreateStrategy)[0];
    let t: TaskInstance = e
        .ok(&format!("/api/v2/tasks/instances/{task}"))
        .await
        .decode();
    assert_eq!(t.status, TaskStatus::Running);
    assert!(t.subtasks.len() >= 3);
    assert_eq!(t.cluster_id, Some(C_NONE));
    let s: BackupStrategy = e.ok(&strategy_path(C_NONE)).await.decode();
    assert!(s.exists());
    assert_eq!(
        s.ob_backup_schedule_config.backup_data_retention_days,
        Some(7)
    );
    assert!(s.ob_backup_service_storage_config.storage_id.is_some());
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Waiting)
    );
    // Log archiving started with the strategy.
    let logs = e.ok(&path(C_NONE, "task/logBackupTasks")).await;
    assert_eq!(logs.data()["contents"][0]["status"], "RUNNING");

    // The task runs its subtasks on the clock.
    e.advance(Duration::seconds(30));
    let t: TaskInstance = e
        .ok(&format!("/api/v2/tasks/instances/{task}"))
        .await
        .decode();
    assert_eq!(t.status, TaskStatus::Successful);
    assert!(t
        .subtasks
        .iter()
        .all(|s| s.status == SubtaskStatus::Successful && s.finish_time.is_some()));

    // A second one is a conflict.
    let r = e.send("POST", &strategy_path(C_NONE), Some(&body)).await;
    refused(&r, StatusCode::CONFLICT, "BAK21001");

    // PATCH: only what is sent changes.
    let r = e
        .send(
            "PATCH",
            &strategy_path(C_NONE),
            Some(r#"{"obBackupScheduleConfig":{"backupDataRetentionDays":14}}"#),
        )
        .await;
    ops(&r, OpsTaskType::UpdateStrategy);
    let s2: BackupStrategy = e.ok(&strategy_path(C_NONE)).await.decode();
    assert_eq!(
        s2.ob_backup_schedule_config.backup_data_retention_days,
        Some(14)
    );
    assert_eq!(
        s2.ob_backup_schedule_config.day_and_data_backup_model_map,
        s.ob_backup_schedule_config.day_and_data_backup_model_map
    );
    assert_eq!(s2.id, s.id);
    // The same again changes nothing.
    let r = e
        .send(
            "PATCH",
            &strategy_path(C_NONE),
            Some(r#"{"obBackupScheduleConfig":{"backupDataRetentionDays":14}}"#),
        )
        .await;
    refused(&r, StatusCode::BAD_REQUEST, "BAK21016");
    // A PATCH is checked as the merged whole.
    let r = e
        .send(
            "PATCH",
            &strategy_path(C_NONE),
            Some(r#"{"obBackupScheduleConfig":{"startLogBackup":false}}"#),
        )
        .await;
    let fields = refused(&r, StatusCode::BAD_REQUEST, "BAK10002");
    assert_eq!(fields, vec!["obBackupScheduleConfig.startLogBackup"]);

    // Pause and resume.
    let r = e
        .send(
            "POST",
            &strategy_path(C_NONE).replace("Strategy", "Strategy/stopSchedule"),
            None,
        )
        .await;
    ops(&r, OpsTaskType::StopSchedule);
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Paused)
    );
    let r = e
        .send(
            "POST",
            &format!("{}/startSchedule", strategy_path(C_NONE)),
            None,
        )
        .await;
    ops(&r, OpsTaskType::StartSchedule);
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Waiting)
    );

    // Delete: no strategy, log archiving stopped; deleting again is BAK21006.
    let r = e.send("DELETE", &strategy_path(C_NONE), None).await;
    ops(&r, OpsTaskType::DeleteStrategy);
    assert!(e.ok(&strategy_path(C_NONE)).await.data().is_null());
    let o = overview(&e, C_NONE).await;
    assert_eq!(o.backup_schedule_status, Some(BackupScheduleStatus::None));
    let logs = e.ok(&path(C_NONE, "task/logBackupTasks")).await;
    assert_eq!(logs.data()["contents"][0]["status"], "STOPPED");
    for (method, p) in [
        ("DELETE", strategy_path(C_NONE)),
        ("PATCH", strategy_path(C_NONE)),
        ("POST", format!("{}/startSchedule", strategy_path(C_NONE))),
        ("POST", format!("{}/stopSchedule", strategy_path(C_NONE))),
    ] {
        let r = e.send(method, &p, Some("{}")).await;
        refused(&r, StatusCode::NOT_FOUND, "BAK21006");
    }
    // Unknown clusters are 404 for every write.
    for (method, p) in [
        ("POST", strategy_path(999)),
        ("PATCH", strategy_path(999)),
        ("DELETE", strategy_path(999)),
        ("POST", path(999, "backupNow")),
        ("POST", path(999, "restore")),
    ] {
        let r = e.send(method, &p, Some(&body)).await;
        refused(&r, StatusCode::NOT_FOUND, "BAK10003");
    }
}

#[tokio::test]
async fn strategy_rules_answer_with_ocp_codes_and_name_the_field() {
    let e = emu();
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("/backupMode", json!("SNAPSHOT"), "BAK10002", "backupMode"),
        (
            "/obBackupScheduleConfig/backupScheduleMode",
            json!("DAY"),
            "BAK10002",
            "obBackupScheduleConfig.backupScheduleMode",
        ),
        (
            "/obBackupScheduleConfig/dayAndDataBackupModelMap",
            json!({"8": "FULL_BACKUP"}),
            "BAK10002",
            "obBackupScheduleConfig.dayAndDataBackupModelMap",
        ),
        (
            "/obBackupScheduleConfig/dayAndDataBackupModelMap",
            json!({"1": "DIFF_BACKUP"}),
            "BAK10002",
            "obBackupScheduleConfig.dayAndDataBackupModelMap",
        ),
        (
            "/obBackupScheduleConfig/backupScheduleTime",
            json!("2am"),
            "BAK21007",
            "obBackupScheduleConfig.backupScheduleTime",
        ),
        (
            "/obBackupScheduleConfig/backupScheduleTime",
            json!("02:00"),
            "BAK21007",
            "obBackupScheduleConfig.backupScheduleTime",
        ),
        (
            "/obBackupScheduleConfig/backupScheduleTime",
            Value::Null,
            "BAK21007",
            "obBackupScheduleConfig.backupScheduleTime",
        ),
        (
            "/obBackupScheduleConfig/backupDataRetentionDays",
            json!(0),
            "BAK10002",
            "obBackupScheduleConfig.backupDataRetentionDays",
        ),
        (
            "/obBackupThresholdConfig/logBackupDelaySeconds",
            json!(0),
            "BAK10002",
            "obBackupThresholdConfig.logBackupDelaySeconds",
        ),
        (
            "/obBackupServiceStorageConfig/configName",
            json!("1-bad name"),
            "BAK10004",
            "obBackupServiceStorageConfig.configName",
        ),
        (
            "/obBackupServiceStorageConfig/alarmStoragePercentageThreshold",
            json!(120),
            "BAK10002",
            "obBackupServiceStorageConfig.alarmStoragePercentageThreshold",
        ),
        (
            "/obBackupServiceStorageConfig/obBackupStorageBaseInfo/storageUrl",
            json!(""),
            "BAK29018",
            "obBackupServiceStorageConfig.obBackupStorageBaseInfo.storageUrl",
        ),
    ];
    for (pointer, value, code, field) in cases {
        let mut body = strategy();
        set(&mut body, pointer, value.clone());
        let r = e
            .send("POST", &strategy_path(C_NONE), Some(&body.to_string()))
            .await;
        let fields = refused(&r, StatusCode::BAD_REQUEST, code);
        assert_eq!(fields, vec![field.to_owned()], "{pointer} = {value}");
    }
    // More than ten month days.
    let mut body = strategy();
    set(
        &mut body,
        "/obBackupScheduleConfig/backupScheduleMode",
        json!("MONTH"),
    );
    let days: serde_json::Map<String, Value> = (1..=11)
        .map(|d| (d.to_string(), json!("FULL_BACKUP")))
        .collect();
    set(
        &mut body,
        "/obBackupScheduleConfig/dayAndDataBackupModelMap",
        Value::Object(days),
    );
    let r = e
        .send("POST", &strategy_path(C_NONE), Some(&body.to_string()))
        .await;
    refused(&r, StatusCode::BAD_REQUEST, "BAK10002");
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("10"));

    // Object stores without their keys: one code per missing part.
    for (missing, code) in [
        ("endpoint", "BAK29019"),
        ("accessKeyId", "BAK29020"),
        ("accessKeySecret", "BAK29021"),
    ] {
        let mut key = json!({"endpoint": "oss-cn-hz.aliyuncs.com", "accessKeyId": "id", "accessKeySecret": "s"});
        key.as_object_mut().unwrap().remove(missing);
        let mut body = strategy();
        set(
            &mut body,
            "/obBackupServiceStorageConfig/obBackupStorageBaseInfo",
            json!({"backupStorageType": "BACKUP_STORAGE_OSS", "storageUrl": "bucket/dir", "ossAccessKey": key}),
        );
        let r = e
            .send("POST", &strategy_path(C_NONE), Some(&body.to_string()))
            .await;
        let fields = refused(&r, StatusCode::BAD_REQUEST, code);
        assert_eq!(
            fields,
            vec![format!(
                "obBackupServiceStorageConfig.obBackupStorageBaseInfo.ossAccessKey.{missing}"
            )]
        );
    }
    // Physical backup on a logical-only cluster; secondary backup on OB 2.1.1.
    let r = e
        .send(
            "POST",
            &strategy_path(C_LOGICAL),
            Some(&strategy().to_string()),
        )
        .await;
    refused(&r, StatusCode::CONFLICT, "BAK21001");
    let r = e.send("DELETE", &strategy_path(C_LOGICAL), None).await;
    ops(&r, OpsTaskType::DeleteStrategy);
    let r = e
        .send(
            "POST",
            &strategy_path(C_LOGICAL),
            Some(&strategy().to_string()),
        )
        .await;
    let fields = refused(&r, StatusCode::BAD_REQUEST, "BAK21008");
    assert!(fields.contains(&"backupMode".to_owned()), "{fields:?}");
    let mut logical = strategy();
    set(&mut logical, "/backupMode", json!("LOGICAL_BACKUP"));
    set(
        &mut logical,
        "/obBackupScheduleConfig/dayAndDataBackupModelMap",
        json!({"1": "FULL_BACKUP"}),
    );
    logical["secondaryBackupEnabled"] = json!(true);
    let r = e
        .send(
            "POST",
            &strategy_path(C_LOGICAL),
            Some(&logical.to_string()),
        )
        .await;
    assert_eq!(
        refused(&r, StatusCode::BAD_REQUEST, "BAK30001"),
        vec!["secondaryBackupEnabled"]
    );
    // Logical backup does only full backups.
    logical["secondaryBackupEnabled"] = json!(false);
    set(
        &mut logical,
        "/obBackupScheduleConfig/dayAndDataBackupModelMap",
        json!({"1": "INCREMENTAL_BACKUP"}),
    );
    let r = e
        .send(
            "POST",
            &strategy_path(C_LOGICAL),
            Some(&logical.to_string()),
        )
        .await;
    refused(&r, StatusCode::BAD_REQUEST, "BAK21008");
    // A standby cluster.
    let r = e
        .send(
            "POST",
            &strategy_path(C_STANDBY),
            Some(&strategy().to_string()),
        )
        .await;
    refused(&r, StatusCode::BAD_REQUEST, "BAK40002");
    // Messages follow Accept-Language, subErrors too.
    let mut body = strategy();
    set(
        &mut body,
        "/obBackupServiceStorageConfig/configName",
        json!("x"),
    );
    let r = e
        .send_lang(
            "POST",
            &strategy_path(C_NONE),
            Some(&body.to_string()),
            "zh-CN",
        )
        .await;
    let j = r.json();
    assert!(j["error"]["message"]
        .as_str()
        .unwrap()
        .contains("存储配置名称"));
    assert!(j["error"]["subErrors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("字母"));
}

#[tokio::test]
async fn bodies_that_cannot_be_read_are_400_or_413_never_500() {
    let e = emu();
    let good = strategy().to_string();
    let cut = &good[..good.len() / 2];
    for (body, field) in [
        (cut.to_owned(), None),
        ("".to_owned(), None),
        ("[1,2]".to_owned(), Some(".")),
        ("{\"backupMode\": 5}".to_owned(), Some("backupMode")),
        (
            good.replace(
                "\"backupDataRetentionDays\":7",
                "\"backupDataRetentionDays\":\"seven\"",
            ),
            Some("obBackupScheduleConfig.backupDataRetentionDays"),
        ),
        (
            good.replace("\"1\":\"FULL_BACKUP\"", "\"300\":\"FULL_BACKUP\""),
            Some("obBackupScheduleConfig.dayAndDataBackupModelMap.300"),
        ),
        ("\u{0}\u{1}garbage".to_owned(), None),
    ] {
        for method in ["POST", "PATCH"] {
            let r = e.send(method, &strategy_path(C_NONE), Some(&body)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
            assert_eq!(r.error_code(), "COM10001");
            if let Some(f) = field {
                assert_eq!(r.json()["error"]["subErrors"][0]["field"], f, "{}", r.body);
            }
        }
    }
    for p in [path(C_HZ, "backupNow"), path(C_HZ, "restore")] {
        let r = e.send("POST", &p, Some("{\"backupMode\":")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = e
            .send("POST", &p, Some("{\"backupMode\":\"PHYSICAL_BACKUP\"}"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.json()["error"]["subErrors"][0]["field"].is_string());
    }
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(1 << 20));
    let r = e.send("POST", &strategy_path(C_NONE), Some(&big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["successful"], false);
}

#[tokio::test]
async fn a_patch_keeps_the_secret_it_does_not_resend() {
    let e = emu();
    let r = e
        .send(
            "PATCH",
            &strategy_path(C_BJ),
            Some(
                r#"{"obBackupServiceStorageConfig":{"storageId":6003,"obBackupStorageBaseInfo":{
                "backupStorageType":"BACKUP_STORAGE_OSS","storageUrl":"ob-backup-bj/prod2",
                "ossAccessKey":{"endpoint":"oss-cn-beijing.aliyuncs.com","accessKeyId":"LTAI5tEmuL8qRk2xN3vWb7Yd"}}}}"#,
            ),
        )
        .await;
    ops(&r, OpsTaskType::UpdateStrategy);
    let secret = e.app.read(|w| {
        w.strategies[&ocp_model::BackupScope::Cluster { cluster_id: C_BJ }]
            .strategy
            .ob_backup_service_storage_config
            .ob_backup_storage_base_info
            .as_ref()
            .unwrap()
            .oss_access_key
            .as_ref()
            .unwrap()
            .access_key_secret
            .clone()
    });
    assert_eq!(secret.as_deref(), Some("emulated-secret"));
    let r = e.ok(&strategy_path(C_BJ)).await;
    let base = &r.data()["obBackupServiceStorageConfig"]["obBackupStorageBaseInfo"];
    assert_eq!(base["storageUrl"], "ob-backup-bj/prod2");
    assert!(base["ossAccessKey"].get("accessKeySecret").is_none());
    // Switching to COS without a secret is BAK29021.
    let r = e
        .send(
            "PATCH",
            &strategy_path(C_BJ),
            Some(
                r#"{"obBackupServiceStorageConfig":{"obBackupStorageBaseInfo":{
                "backupStorageType":"BACKUP_STORAGE_COS","storageUrl":"b",
                "cosAccessKey":{"endpoint":"cos.ap-beijing.myqcloud.com","accessKeyId":"id","appId":"1250000000"}}}}"#,
            ),
        )
        .await;
    refused(&r, StatusCode::BAD_REQUEST, "BAK29021");
}

fn now_body(cluster: i64, mode: &str, kind: &str) -> String {
    json!({
        "backupMode": mode,
        "dataBackupMode": kind,
        "obBackupServiceStorageConfig": {"storageId": 6001},
        "obBackupObject": {"clusterId": cluster, "backupDimension": "CLUSTER"}
    })
    .to_string()
}

#[tokio::test]
async fn backup_now_runs_a_backup_and_refuses_what_ocp_refuses() {
    let e = emu();
    let p = path(C_HZ, "backupNow");
    let r = e
        .send(
            "POST",
            &p,
            Some(&now_body(C_HZ, "PHYSICAL_BACKUP", "FULL_BACKUP")),
        )
        .await;
    let task = ops(&r, OpsTaskType::DataBackupNow)[0];
    // A second full while the first runs: BAK31005.
    let r = e
        .send(
            "POST",
            &p,
            Some(&now_body(C_HZ, "PHYSICAL_BACKUP", "FULL_BACKUP")),
        )
        .await;
    refused(&r, StatusCode::CONFLICT, "BAK31005");
    let rows: Paged<DataBackupTask> = e.ok(&path(C_HZ, "task/dataBackupTasks")).await.decode();
    let mine = &rows.contents[0];
    assert_eq!(mine.status, DataBackupStatus::Beginning);
    assert!(mine.finish_time.is_none());
    // It moves BEGINNING → INITIALIZING → DOING → DONE on the clock, and so does its task.
    let mut seen = vec![mine.status.clone()];
    for _ in 0..400 {
        e.advance(Duration::seconds(15));
        let rows: Paged<DataBackupTask> = e
            .ok(&path(C_HZ, "task/dataBackupTasks?size=1"))
            .await
            .decode();
        let s = rows.contents[0].status.clone();
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if s == DataBackupStatus::Done {
            assert!(rows.contents[0].finish_time.is_some());
            break;
        }
    }
    use DataBackupStatus::*;
    assert_eq!(seen, vec![Beginning, Initializing, Doing, Done]);
    let t: TaskInstance = e
        .ok(&format!("/api/v2/tasks/instances/{task}"))
        .await
        .decode();
    assert_eq!(t.status, TaskStatus::Successful);

    // Standby; logical incremental; a mode the cluster cannot do; no strategy (so no storage).
    let refusals = [
        (C_STANDBY, "PHYSICAL_BACKUP", "FULL_BACKUP", "BAK40002"),
        (
            C_LOGICAL,
            "LOGICAL_BACKUP",
            "INCREMENTAL_BACKUP",
            "BAK21008",
        ),
        (C_LOGICAL, "PHYSICAL_BACKUP", "FULL_BACKUP", "BAK21008"),
        (C_NONE, "PHYSICAL_BACKUP", "FULL_BACKUP", "BAK29018"),
    ];
    for (cluster, mode, kind, code) in refusals {
        let r = e
            .send(
                "POST",
                &path(cluster, "backupNow"),
                Some(&now_body(cluster, mode, kind)),
            )
            .await;
        refused(&r, StatusCode::BAD_REQUEST, code);
    }
    // With a strategy but no full backup yet: incremental is refused.
    e.send(
        "POST",
        &strategy_path(C_NONE),
        Some(&strategy().to_string()),
    )
    .await;
    let r = e
        .send(
            "POST",
            &path(C_NONE, "backupNow"),
            Some(&now_body(C_NONE, "PHYSICAL_BACKUP", "INCREMENTAL_BACKUP")),
        )
        .await;
    refused(&r, StatusCode::BAD_REQUEST, "BAK31001");
    let r = e
        .send(
            "POST",
            &path(C_NONE, "backupNow"),
            Some(&now_body(C_NONE, "PHYSICAL_BACKUP", "FULL_BACKUP")),
        )
        .await;
    ops(&r, OpsTaskType::DataBackupNow);
    e.advance(Duration::hours(2));
    let r = e
        .send(
            "POST",
            &path(C_NONE, "backupNow"),
            Some(&now_body(C_NONE, "PHYSICAL_BACKUP", "INCREMENTAL_BACKUP")),
        )
        .await;
    ops(&r, OpsTaskType::DataBackupNow);
    let rows: Paged<DataBackupTask> = e.ok(&path(C_NONE, "task/dataBackupTasks")).await.decode();
    assert_eq!(
        rows.contents[0].backup_uri.as_deref(),
        Some("file:///obbackup/test/")
    );
    let o = overview(&e, C_NONE).await;
    assert!(o.last_data_backup_time.is_some());
    assert!(o.backup_size.unwrap() > 0.0);
}

fn restore_body(src: i64, tenant: i64, dst: i64, at: &str, name: &str, zones: &[&str]) -> String {
    json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "backupClusterId": src, "backupTenantId": tenant, "restoreClusterId": dst,
            "restoreEndTime": at,
            "restoreTenantInfoParam": {
                "name": name, "primaryZone": zones.join(";"),
                "zones": zones.iter().map(|z| json!({"name": z, "replicaType": "FULL",
                    "resourcePool": {"unitSpecName": "S1", "unitCount": 1}})).collect::<Vec<_>>()
            }
        }
    })
    .to_string()
}

/// A point inside the newest window of a tenant, as the restore body wants it.
async fn point_in_window(e: &Emu, cluster: i64, tenant: &str, back: Duration) -> String {
    let info: ocp_model::BackupInfo = e.ok(&path(cluster, "info")).await.decode();
    let t = info
        .tenant_backup_infos
        .iter()
        .find(|t| t.tenant_name == tenant)
        .unwrap();
    let w = *t.ob_recoverable_info_aggregation.windows().last().unwrap();
    let at = w.end_time.datetime() - back;
    assert!(w.contains_micros(at.timestamp_micros()));
    ocp_model::StampTime::new(at).to_wire()
}

#[tokio::test]
async fn restores_walk_their_steps_and_create_the_tenant() {
    let e = emu();
    let at = point_in_window(&e, C_BJ, "member", Duration::hours(2)).await;
    let body = restore_body(C_BJ, 1000302, C_NONE, &at, "member_copy", &["zone1"]);
    let r = e.send("POST", &path(C_NONE, "restore"), Some(&body)).await;
    let job = ops(&r, OpsTaskType::Restore)[0];
    let rows: Paged<RestoreTask> = e.ok(&path(C_NONE, "task/restoreTasks")).await.decode();
    let row = &rows.contents[0];
    assert_eq!(row.ocp_job_id, Some(job));
    assert_eq!(row.status, RestoreStatus::Pre);
    assert!(!row.finished);
    assert_eq!(
        row.restore_end_time.unwrap().timestamp_millis(),
        ocp_model::StampTime::parse(&at).unwrap().timestamp_millis()
    );
    // The same name while it runs: BAK42004.
    let r = e.send("POST", &path(C_NONE, "restore"), Some(&body)).await;
    refused(&r, StatusCode::CONFLICT, "BAK42004");
    let mut steps = vec![RestoreStatus::Pre];
    for _ in 0..200 {
        e.advance(Duration::seconds(30));
        let rows: Paged<RestoreTask> = e.ok(&path(C_NONE, "task/restoreTasks")).await.decode();
        let s = rows.contents[0].status.clone();
        if steps.last() != Some(&s) {
            steps.push(s.clone());
        }
        if rows.contents[0].finished {
            assert!(rows.contents[0].successful);
            break;
        }
    }
    assert_eq!(steps.last(), Some(&RestoreStatus::Success));
    assert!(steps.len() >= 5, "{steps:?}");
    let tenants: Paged<Tenant> = e
        .ok(&format!("/api/v2/ob/clusters/{C_NONE}/tenants"))
        .await
        .decode();
    assert!(tenants.contents.iter().any(|t| t.name == "member_copy"));
    let t: TaskInstance = e
        .ok(&format!("/api/v2/tasks/instances/{job}"))
        .await
        .decode();
    assert_eq!(t.status, TaskStatus::Successful);
    // Now the name is taken: BAK42005.
    let at = point_in_window(&e, C_BJ, "member", Duration::hours(1)).await;
    let body = restore_body(C_BJ, 1000302, C_NONE, &at, "member_copy", &["zone1"]);
    let r = e.send("POST", &path(C_NONE, "restore"), Some(&body)).await;
    refused(&r, StatusCode::CONFLICT, "BAK42005");
    // Outside every window (in the log gap of ob-prod-hz).
    let logs: Paged<ocp_model::LogBackupTask> =
        e.ok(&path(C_HZ, "task/logBackupTasks")).await.decode();
    let gap = logs.contents[1].checkpoint.unwrap().datetime() + Duration::minutes(30);
    let body = restore_body(
        C_HZ,
        1000101,
        C_HZ,
        &ocp_model::StampTime::new(gap).to_wire(),
        "pay_gap",
        &["zone1"],
    );
    let r = e.send("POST", &path(C_HZ, "restore"), Some(&body)).await;
    let f = refused(&r, StatusCode::BAD_REQUEST, "BAK10002");
    assert_eq!(f, vec!["restoreOnlineTenantRequiredParam.restoreEndTime"]);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("nearest"));
    // A target lower in version than the source; a standby target; an unknown tenant.
    let at = point_in_window(&e, C_BJ, "trade", Duration::hours(1)).await;
    let body = restore_body(C_BJ, 1000301, C_HZ, &at, "trade_old", &["zone1"]);
    let r = e.send("POST", &path(C_HZ, "restore"), Some(&body)).await;
    let f = refused(&r, StatusCode::BAD_REQUEST, "BAK10002");
    assert_eq!(f, vec!["restoreOnlineTenantRequiredParam.restoreClusterId"]);
    let body = restore_body(C_BJ, 1000301, C_STANDBY, &at, "trade_sb", &["zone1"]);
    let r = e
        .send("POST", &path(C_STANDBY, "restore"), Some(&body))
        .await;
    refused(&r, StatusCode::BAD_REQUEST, "BAK10002");
    let body = restore_body(C_BJ, 1000999, C_NONE, &at, "ghost", &["zone1"]);
    let r = e.send("POST", &path(C_NONE, "restore"), Some(&body)).await;
    refused(&r, StatusCode::NOT_FOUND, "BAK10003");
    // OFFLINE: from a storage path.
    let body = json!({
        "backupTenantStatus": "OFFLINE",
        "restoreOfflineTenantRequiredParam": {
            "backupMode": "PHYSICAL_BACKUP", "backupClusterName": "ob-prod-bj",
            "backupTenantName": "trade", "restoreClusterId": C_NONE,
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_OSS", "storageUrl": "ob-backup-bj/prod",
                "ossAccessKey": {"endpoint": "oss-cn-beijing.aliyuncs.com", "accessKeyId": "id", "accessKeySecret": "s"}},
            "restoreEndTime": at,
            "restoreTenantInfoParam": {"name": "trade_offline", "zones": [{"name": "zone1", "replicaType": "FULL",
                "resourcePool": {"unitSpecName": "S2", "unitCount": 1}}]}
        }
    });
    let r = e
        .send("POST", &path(C_NONE, "restore"), Some(&body.to_string()))
        .await;
    ops(&r, OpsTaskType::Restore);
    let rows: Paged<RestoreTask> = e.ok(&path(C_NONE, "task/restoreTasks")).await.decode();
    assert_eq!(
        rows.contents[0].restore_uri.as_deref(),
        Some("oss://ob-backup-bj/prod")
    );
}

/// Every leaf of a valid body replaced by values of every JSON type and edge: never a 5xx.
fn mutations(body: &Value) -> Vec<Value> {
    fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                out.push(at.clone());
                for (k, x) in m {
                    leaves(x, format!("{at}/{k}"), out);
                }
            }
            Value::Array(a) => {
                out.push(at.clone());
                for (i, x) in a.iter().enumerate() {
                    leaves(x, format!("{at}/{i}"), out);
                }
            }
            _ => out.push(at),
        }
    }
    let mut paths = Vec::new();
    leaves(body, String::new(), &mut paths);
    let odd = [
        Value::Null,
        json!(-1),
        json!(0),
        json!(1e300),
        json!(4_294_967_296u64),
        json!(""),
        json!("x"),
        json!([]),
        json!({}),
        json!(true),
        json!("9999-12-31T23:59:59.999+08:00"),
        json!("23:59:59.999-12:00"),
    ];
    let mut out = Vec::new();
    for p in paths.iter().filter(|p| !p.is_empty()) {
        for v in &odd {
            let mut b = body.clone();
            *b.pointer_mut(p).unwrap() = v.clone();
            out.push(b);
        }
    }
    out
}

#[tokio::test]
async fn no_mutation_of_a_valid_body_gets_a_5xx() {
    let e = emu();
    let restore = json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "backupClusterId": C_BJ, "backupTenantId": 1000302, "restoreClusterId": C_NONE,
            "restoreEndTime": "2026-11-24T10:00:00.000+08:00",
            "restoreTenantInfoParam": {"name": "fuzz", "primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL",
                    "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}]}
        }
    });
    let now: Value =
        serde_json::from_str(&now_body(C_HZ, "PHYSICAL_BACKUP", "FULL_BACKUP")).unwrap();
    let mut sent = 0;
    for (method, p, body) in [
        ("POST", strategy_path(C_NONE), strategy()),
        ("PATCH", strategy_path(C_HZ), strategy()),
        ("POST", path(C_HZ, "backupNow"), now),
        ("POST", path(C_NONE, "restore"), restore),
    ] {
        for b in mutations(&body) {
            let r = e.send(method, &p, Some(&b.to_string())).await;
            assert!(r.status.as_u16() < 500, "{method} {p} {b}: {}", r.body);
            assert!(r.body.starts_with('{'), "{}", r.body);
            sent += 1;
        }
    }
    assert!(sent > 500, "{sent}");
}
