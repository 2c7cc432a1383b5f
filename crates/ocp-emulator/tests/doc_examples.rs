//! The request examples of the API document (ocp-api.md 2.1, 2.4, 2.6), sent as a person
//! following it would (the document's bodies with this world's ids and times): each write
//! answers the documented OpsResult, and an abridged body gets one 400 naming every problem.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::*;
use ocp_model::{BackupInfo, BackupStrategy, StampTime, TaskInstance};
use serde_json::{json, Value};

const C_HZ: i64 = 1000001;
const C_BJ: i64 = 1000003;
const C_STANDBY: i64 = 1000004;
const C_NONE: i64 = 1000006;

fn path(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/{rest}")
}

fn strategy_path(id: i64) -> String {
    path(id, "config/backupStrategy")
}

/// The documented OpsResult (ocp-api.md 2.1): exactly one object result, successful, for the
/// cluster, with one task that can be followed at both task paths. Returns the task id.
async fn documented_ops(e: &Emu, r: &Reply, kind: &str, cluster: i64) -> i64 {
    assert_eq!(r.status, StatusCode::OK, "{kind}: {}", r.body);
    let d = r.data();
    assert_eq!(d["obBackupTaskType"], kind, "{}", r.body);
    let list = d["backupObjectOpsResultList"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", r.body);
    let one = &list[0];
    assert_eq!(one["beSuccessful"], true);
    assert_eq!(
        one["obBackupObjectList"],
        json!([{"backupDimension": "CLUSTER", "clusterId": cluster}])
    );
    assert!(
        one["errorCode"].is_null() && one["hint"].is_null(),
        "{}",
        r.body
    );
    let ids = one["taskIdList"].as_array().unwrap();
    assert_eq!(ids.len(), 1, "{}", r.body);
    let id = ids[0].as_i64().unwrap();
    let a: TaskInstance = e.ok(&format!("/api/v2/tasks/{id}")).await.decode();
    let b: TaskInstance = e
        .ok(&format!("/api/v2/tasks/instances/{id}"))
        .await
        .decode();
    assert_eq!(a, b);
    assert_eq!(a.cluster_id, Some(cluster));
    id
}

/// ocp-api.md 2.1 StrategyParam as the document prints it: the mode, the schedule with
/// `startLogBackup`, FILE storage `nfs0907` at `/obbackup/`, the object list; no thresholds.
fn doc_strategy(cluster: i64) -> Value {
    json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {
            "backupScheduleMode": "WEEK",
            "backupScheduleEnabled": true,
            "backupScheduleTime": "02:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"2": "FULL_BACKUP", "4": "FULL_BACKUP", "6": "INCREMENTAL_BACKUP"},
            "startLogBackup": true
        },
        "obBackupServiceStorageConfig": {
            "configName": "nfs0907",
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}
        },
        "obBackupObjectList": [{"clusterId": cluster, "backupDimension": "CLUSTER"}]
    })
}

#[tokio::test]
async fn the_strategy_examples_create_modify_pause_resume_and_delete() {
    let e = emu();
    // POST
    let r = e
        .send(
            "POST",
            &strategy_path(C_NONE),
            Some(&doc_strategy(C_NONE).to_string()),
        )
        .await;
    documented_ops(&e, &r, "CREATE_BACKUP_STRATEGY", C_NONE).await;
    let s: BackupStrategy = e.ok(&strategy_path(C_NONE)).await.decode();
    // The documented defaults filled in.
    let t = &s.ob_backup_threshold_config;
    assert_eq!(t.data_backup_timeout_minutes, Some(720));
    assert_eq!(t.no_successful_data_backup_alarm_days, Some(3));
    assert_eq!(t.log_backup_delay_seconds, Some(300));
    assert_eq!(t.lib_ob_log_expire_days, None);
    let storage = &s.ob_backup_service_storage_config;
    assert_eq!(storage.config_name.as_deref(), Some("nfs0907"));
    assert_eq!(storage.alarm_storage_percentage_threshold, Some(80));
    let storage_id = storage.storage_id.expect("a storage id");
    assert_eq!(s.secondary_backup_enabled, Some(false));
    assert_eq!(
        s.ob_backup_schedule_config.backup_schedule_enabled,
        Some(true)
    );

    // PATCH: the changed parts and the current storage's id.
    let patch = json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {
            "backupScheduleMode": "WEEK",
            "backupScheduleTime": "03:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"2": "FULL_BACKUP", "4": "FULL_BACKUP", "6": "INCREMENTAL_BACKUP"},
            "startLogBackup": true
        },
        "obBackupServiceStorageConfig": {"storageId": storage_id}
    });
    let r = e
        .send("PATCH", &strategy_path(C_NONE), Some(&patch.to_string()))
        .await;
    documented_ops(&e, &r, "UPDATE_BACKUP_STRATEGY", C_NONE).await;
    let s2 = e.ok(&strategy_path(C_NONE)).await.data();
    assert_eq!(
        s2["obBackupScheduleConfig"]["backupScheduleTime"],
        "03:00:00.000+08:00"
    );
    assert_eq!(
        s2["obBackupServiceStorageConfig"]["configName"], "nfs0907",
        "the storage is kept"
    );

    // stopSchedule and startSchedule: no body (and with an empty JSON body, as some send).
    for body in [None, Some("")] {
        let r = e
            .send(
                "POST",
                &format!("{}/stopSchedule", strategy_path(C_NONE)),
                body,
            )
            .await;
        documented_ops(&e, &r, "STOP_BACKUP_SCHEDULE", C_NONE).await;
        let r = e
            .send(
                "POST",
                &format!("{}/startSchedule", strategy_path(C_NONE)),
                body,
            )
            .await;
        documented_ops(&e, &r, "START_BACKUP_SCHEDULE", C_NONE).await;
    }

    // DELETE
    let r = e.send("DELETE", &strategy_path(C_NONE), None).await;
    documented_ops(&e, &r, "DELETE_BACKUP_STRATEGY", C_NONE).await;
    assert!(e.ok(&strategy_path(C_NONE)).await.data().is_null());
}

#[tokio::test]
async fn a_new_strategy_gets_the_documented_defaults_only_where_left_out() {
    let e = emu();
    // Cleanup on without a retention: 7 days. Thresholds partly given: the rest defaulted.
    let mut body = doc_strategy(C_NONE);
    body["obBackupScheduleConfig"]["cleanEnabled"] = json!(true);
    body["obBackupThresholdConfig"] = json!({"logBackupDelaySeconds": 120});
    body["obBackupServiceStorageConfig"]["alarmStoragePercentageThreshold"] = json!(95);
    body["obBackupScheduleConfig"]
        .as_object_mut()
        .unwrap()
        .remove("backupScheduleEnabled");
    let r = e
        .send("POST", &strategy_path(C_NONE), Some(&body.to_string()))
        .await;
    documented_ops(&e, &r, "CREATE_BACKUP_STRATEGY", C_NONE).await;
    let s: BackupStrategy = e.ok(&strategy_path(C_NONE)).await.decode();
    let cfg = &s.ob_backup_schedule_config;
    assert_eq!(cfg.backup_data_retention_days, Some(7));
    assert_eq!(cfg.backup_schedule_enabled, Some(true));
    let t = &s.ob_backup_threshold_config;
    assert_eq!(t.log_backup_delay_seconds, Some(120));
    assert_eq!(t.data_backup_timeout_minutes, Some(720));
    assert_eq!(t.no_successful_data_backup_alarm_days, Some(3));
    assert_eq!(
        s.ob_backup_service_storage_config
            .alarm_storage_percentage_threshold,
        Some(95)
    );
}

#[tokio::test]
async fn backup_now_as_printed_uses_the_path_and_the_strategy_storage() {
    let e = emu();
    let printed = r#"{"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP"}"#;
    let r = e
        .send("POST", &path(C_HZ, "backupNow"), Some(printed))
        .await;
    documented_ops(&e, &r, "DATA_BACKUP_NOW", C_HZ).await;
    let rows = e.ok(&path(C_HZ, "task/dataBackupTasks?size=1")).await;
    let row = &rows.data()["contents"][0];
    assert_eq!(row["dataBackupTaskType"], "FULL_BACKUP");
    assert_eq!(
        row["backupUri"], "file:///obbackup/",
        "the strategy's storage"
    );

    // The usual refusals still apply. No strategy, so no storage: said so, with OCP's code.
    let r = e
        .send("POST", &path(C_NONE, "backupNow"), Some(printed))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.error_code(), "BAK29018");
    let msg = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("no backup strategy"), "{msg}");
    assert_eq!(
        r.json()["error"]["subErrors"][0]["field"],
        "obBackupServiceStorageConfig"
    );
    // A standby cluster: BAK40002.
    let r = e
        .send("POST", &path(C_STANDBY, "backupNow"), Some(printed))
        .await;
    assert_eq!(r.error_code(), "BAK40002", "{}", r.body);
    // A full backup already running: BAK31005.
    let r = e
        .send("POST", &path(C_HZ, "backupNow"), Some(printed))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.error_code(), "BAK31005");
    // An object for another cluster is still refused.
    let other = json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP",
        "obBackupObject": {"clusterId": C_BJ, "backupDimension": "CLUSTER"}});
    let r = e
        .send(
            "POST",
            &path(C_BJ + 3, "backupNow"),
            Some(&other.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(
        r.json()["error"]["subErrors"][0]["field"],
        "obBackupObject.clusterId"
    );
    assert_eq!(
        r.json()["error"]["subErrors"][0]["rejectedValue"],
        json!(C_BJ)
    );
}

/// A point an hour before the end of the newest window of a tenant.
async fn restorable_point(e: &Emu, cluster: i64, tenant: &str) -> String {
    let info: BackupInfo = e.ok(&path(cluster, "info")).await.decode();
    let t = info
        .tenant_backup_infos
        .iter()
        .find(|t| t.tenant_name == tenant)
        .unwrap();
    let w = *t.ob_recoverable_info_aggregation.windows().last().unwrap();
    StampTime::new(w.end_time.datetime() - Duration::hours(1)).to_wire()
}

#[tokio::test]
async fn the_restore_examples_online_and_offline_start_a_restore() {
    let e = emu();
    // 2.6 ONLINE, as printed but with this world's ids, point and zones.
    let at = restorable_point(&e, C_BJ, "member").await;
    let online = json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "backupClusterId": C_BJ, "backupTenantId": 1000302,
            "restoreClusterId": C_BJ, "restoreEndTime": at,
            "restoreTenantInfoParam": {"name": "t_restored", "primaryZone": "zone1;zone2",
                "zones": [
                    {"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 1}},
                    {"name": "zone2", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}
                ]}
        }
    });
    let r = e
        .send("POST", &path(C_BJ, "restore"), Some(&online.to_string()))
        .await;
    documented_ops(&e, &r, "RESTORE", C_BJ).await;
    let rows = e.ok(&path(C_BJ, "task/restoreTasks?size=1")).await;
    assert_eq!(
        rows.data()["contents"][0]["restoreTenantName"],
        "t_restored"
    );

    // 2.6 OFFLINE: from a storage path.
    let at = restorable_point(&e, C_BJ, "trade").await;
    let offline = json!({
        "backupTenantStatus": "OFFLINE",
        "restoreOfflineTenantRequiredParam": {
            "backupMode": "PHYSICAL_BACKUP", "backupClusterName": "ob-prod-bj",
            "backupTenantName": "trade", "restoreClusterId": C_NONE,
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"},
            "restoreEndTime": at,
            "restoreTenantInfoParam": {"name": "t_offline",
                "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}]}
        }
    });
    let r = e
        .send("POST", &path(C_NONE, "restore"), Some(&offline.to_string()))
        .await;
    documented_ops(&e, &r, "RESTORE", C_NONE).await;
    let rows = e.ok(&path(C_NONE, "task/restoreTasks?size=1")).await;
    assert_eq!(
        rows.data()["contents"][0]["restoreUri"],
        "file:///obbackup/"
    );
}

/// The abridged restore of the document: one 400 naming every missing field at once, in the
/// request's language, each with its JSON path.
#[tokio::test]
async fn the_abridged_restore_is_refused_once_naming_every_problem() {
    let e = emu();
    let abridged = json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "restoreTenantInfoParam": {"primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1"}}]}
        }
    });
    let p = "restoreOnlineTenantRequiredParam";
    let expected = [
        format!("{p}.backupClusterId"),
        format!("{p}.backupTenantId"),
        format!("{p}.restoreClusterId"),
        format!("{p}.restoreEndTime"),
        format!("{p}.restoreTenantInfoParam.name"),
        format!("{p}.restoreTenantInfoParam.zones[0].resourcePool.unitCount"),
    ];
    for (lang, word) in [("en-US", "required"), ("zh-CN", "必填")] {
        let r = e
            .send_lang(
                "POST",
                &path(C_NONE, "restore"),
                Some(&abridged.to_string()),
                lang,
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert_eq!(r.error_code(), "BAK10002");
        let subs = r.json()["error"]["subErrors"].as_array().unwrap().clone();
        let fields: Vec<&str> = subs.iter().map(|s| s["field"].as_str().unwrap()).collect();
        assert_eq!(fields, expected, "{}", r.body);
        for s in &subs {
            assert!(s["rejectedValue"].is_null(), "{s}");
            assert!(s["message"].as_str().unwrap().contains(word), "{s}");
            assert_eq!(s["object"], "RestoreParam");
        }
    }
    // Wrong types are named with what was sent, missing fields beside them.
    let mut typed = abridged.clone();
    typed[p]["restoreTenantInfoParam"]["zones"][0]["resourcePool"]["unitCount"] = json!("one");
    typed[p]["restoreEndTime"] = json!("yesterday");
    typed[p]["backupClusterId"] = json!("ob-prod-bj");
    let r = e
        .send("POST", &path(C_NONE, "restore"), Some(&typed.to_string()))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let subs = r.json()["error"]["subErrors"].as_array().unwrap().clone();
    let got: Vec<(String, Value)> = subs
        .iter()
        .map(|s| {
            (
                s["field"].as_str().unwrap().to_owned(),
                s["rejectedValue"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (expected[0].clone(), json!("ob-prod-bj")),
            (expected[1].clone(), Value::Null),
            (expected[2].clone(), Value::Null),
            (expected[3].clone(), json!("yesterday")),
            (expected[4].clone(), Value::Null),
            (expected[5].clone(), json!("one")),
        ]
    );
    // OFFLINE without its param; then with an empty one.
    let r = e
        .send(
            "POST",
            &path(C_NONE, "restore"),
            Some(r#"{"backupTenantStatus": "OFFLINE"}"#),
        )
        .await;
    assert_eq!(
        r.json()["error"]["subErrors"][0]["field"],
        "restoreOfflineTenantRequiredParam"
    );
    let r = e
        .send(
            "POST",
            &path(C_NONE, "restore"),
            Some(r#"{"backupTenantStatus": "OFFLINE", "restoreOfflineTenantRequiredParam": {}}"#),
        )
        .await;
    assert_eq!(r.json()["error"]["subErrors"].as_array().unwrap().len(), 7);
}

/// Every write reads the whole body before refusing it: every problem in one answer.
#[tokio::test]
async fn every_write_names_all_its_problems_at_once() {
    let e = emu();
    // backupNow: a missing and a mistyped field.
    let r = e
        .send(
            "POST",
            &path(C_HZ, "backupNow"),
            Some(r#"{"dataBackupMode": 7, "obBackupServiceStorageConfig": {"storageId": "six"}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let fields: Vec<String> = r.json()["error"]["subErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        vec![
            "backupMode",
            "dataBackupMode",
            "obBackupServiceStorageConfig.storageId"
        ]
    );
    // Strategy POST: wrong types, an unreadable time, a bad name and missing parts together,
    // each with its own code; the sent values come back as rejectedValue.
    let mut body = doc_strategy(C_NONE);
    body["backupMode"] = json!(5);
    body["obBackupScheduleConfig"]["backupScheduleTime"] = json!("2am");
    body["obBackupServiceStorageConfig"]["configName"] = json!("9 bad");
    body["obBackupScheduleConfig"]
        .as_object_mut()
        .unwrap()
        .remove("backupScheduleMode");
    body["obBackupThresholdConfig"] = json!({"logBackupDelaySeconds": "soon"});
    let r = e
        .send("POST", &strategy_path(C_NONE), Some(&body.to_string()))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let subs = r.json()["error"]["subErrors"].as_array().unwrap().clone();
    let got: Vec<(&str, Value)> = subs
        .iter()
        .map(|s| (s["field"].as_str().unwrap(), s["rejectedValue"].clone()))
        .collect();
    for want in [
        ("backupMode", json!(5)),
        ("obBackupScheduleConfig.backupScheduleTime", json!("2am")),
        (
            "obBackupThresholdConfig.logBackupDelaySeconds",
            json!("soon"),
        ),
        ("obBackupScheduleConfig.backupScheduleMode", Value::Null),
        ("obBackupServiceStorageConfig.configName", json!("9 bad")),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(r.error_code(), "COM10001");
    // Strategy PATCH: the same, against the merged strategy.
    let r = e
        .send(
            "PATCH",
            &strategy_path(C_HZ),
            Some(
                r#"{"obBackupScheduleConfig": {"startLogBackup": "yes", "backupDataRetentionDays": 0},
                    "obBackupServiceStorageConfig": {"configName": "x"}}"#,
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let fields: Vec<String> = r.json()["error"]["subErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        vec![
            "obBackupScheduleConfig.startLogBackup",
            "obBackupScheduleConfig.backupDataRetentionDays",
            "obBackupServiceStorageConfig.configName",
        ]
    );
}
