//! Tenant-level backup (ocp-api.md 2b): every endpoint of 2b.1 with its shape and time styles,
//! its errors, and a tenant strategy that runs on the instants the schedule preview gives
//! while the cluster's strategy keeps running for the other tenants.

mod common;

use chrono::Duration;
use common::*;
use ocp_model::schedule::next_runs;
use ocp_model::BackupScope;
use reqwest_free::*;

mod reqwest_free {
    pub const C_BJ: i64 = 1000003;
    pub const C_HZ: i64 = 1000001;
    pub const C_NONE: i64 = 1000006;
    /// `reports`: its own strategy (seed).
    pub const T_OWN: i64 = 1000304;
    /// `trade`: governed by the cluster's strategy.
    pub const T_TRADE: i64 = 1000301;
    pub const T_QA: i64 = 1000601;
    pub const T_CREATING: i64 = 1000602;
}

fn t(cluster_id: i64, tenant_id: i64) -> BackupScope {
    BackupScope::Tenant {
        cluster_id,
        tenant_id,
    }
}

/// `2024-08-09T08:00:52.151857Z`
fn is_utc_micro(s: &str) -> bool {
    s.len() == 27 && s.ends_with('Z') && s.as_bytes()[19] == b'.'
}
/// `2024-08-09T16:04:21.810084+08:00`
fn is_colon_micro(s: &str) -> bool {
    s.len() == 32 && s.as_bytes()[19] == b'.' && s.as_bytes()[29] == b':'
}
/// `2024-08-02T14:54:45.000+0800`
fn is_no_colon_milli(s: &str) -> bool {
    s.len() == 28 && s.as_bytes()[23] == b'+' && !s[23..].contains(':')
}
/// Nanoseconds with trailing zeros dropped, colon offset (or a whole second).
fn is_nano(s: &str) -> bool {
    let (clock, off) = s.split_at(s.len() - 6);
    off.as_bytes()[3] == b':'
        && (clock.len() == 19
            || (clock.as_bytes()[19] == b'.' && clock.len() <= 29 && !clock.ends_with('0')))
}

#[tokio::test]
async fn tenant_strategy_get_and_the_tenant_without_one() {
    let e = emu();
    let s = e
        .ok(&t(C_BJ, T_OWN).backup_path("config/backupStrategy"))
        .await
        .data();
    assert_eq!(s["backupDimension"], "TENANT");
    assert_eq!(s["tenantId"], T_OWN);
    assert_eq!(s["tenantName"], "reports");
    assert!(s["obTenantId"].is_number());
    assert_eq!(s["retainMode"], "RESERVE_ALL");
    assert_eq!(s["physical"], true);
    assert!(is_no_colon_milli(s["createTime"].as_str().unwrap()), "{s}");
    assert!(is_no_colon_milli(s["updateTime"].as_str().unwrap()), "{s}");
    assert_eq!(
        s["obBackupScheduleConfig"]["backupScheduleTime"],
        "02:00:00.000+08:00"
    );
    // No strategy of its own: 404 BAK21006 (open question 1, first reading).
    let r = e
        .get(&t(C_BJ, T_TRADE).backup_path("config/backupStrategy"))
        .await;
    assert_eq!(r.status.as_u16(), 404, "{}", r.body);
    assert_eq!(r.error_code(), "BAK21006");
    // An unknown tenant, or one of another cluster: 404 BAK10003.
    for p in [t(C_BJ, 999), t(C_HZ, T_OWN)] {
        let r = e.get(&p.backup_path("task/dataBackupTasks")).await;
        assert_eq!(r.status.as_u16(), 404, "{}", r.body);
        assert_eq!(r.error_code(), "BAK10003");
    }
}

#[tokio::test]
async fn tenant_rows_and_info_in_their_time_styles() {
    let e = emu();
    for scope in [t(C_BJ, T_OWN), t(C_BJ, T_TRADE)] {
        let q = format!(
            "task/dataBackupTasks?startTime={}&page=1&size=10",
            scope.query_time((origin() - Duration::days(9)).fixed_offset())
        );
        let data = e.ok(&scope.backup_path(&q)).await.data();
        let rows = data["contents"].as_array().unwrap();
        assert!(!rows.is_empty(), "{scope:?}");
        for r in rows {
            assert_eq!(r["tenantId"], scope.tenant_id().unwrap());
            assert!(is_utc_micro(r["startTime"].as_str().unwrap()), "{r}");
            assert!(r["obTenantId"].is_number() && r["tenantName"].is_string());
            assert!(r["backupUri"]
                .as_str()
                .unwrap()
                .contains("/tenant_incarnation_1/"));
            if r["status"] == "DONE" {
                assert!(is_utc_micro(r["finishTime"].as_str().unwrap()));
                assert!(is_utc_micro(r["snapshotVersionTime"].as_str().unwrap()));
                assert!(r["duration"].as_i64().unwrap() > 0);
            }
        }
        let want = if scope.tenant_id() == Some(T_OWN) {
            "TENANT"
        } else {
            "CLUSTER"
        };
        assert!(
            rows.iter().all(|r| r["backupDimension"] == want),
            "{rows:?}"
        );

        let logs = e
            .ok(&scope.backup_path("task/logBackupTasks?status=INPROGRESS"))
            .await
            .data();
        let logs = logs["contents"].as_array().unwrap();
        assert_eq!(logs.len(), 1, "{logs:?}");
        assert_eq!(logs[0]["status"], "RUNNING");
        assert!(
            is_colon_micro(logs[0]["createTime"].as_str().unwrap()),
            "{}",
            logs[0]
        );
        assert!(is_colon_micro(logs[0]["checkpoint"].as_str().unwrap()));
        assert!(logs[0]["delay"].is_f64());

        let info = e.ok(&scope.backup_path("info")).await.data();
        assert_eq!(info["tenantId"], scope.tenant_id().unwrap());
        assert_eq!(info["clusterId"], C_BJ);
        assert!(info.get("tenantBackupInfos").is_none());
        let items = info["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]
            ["obRecoverableSectionItems"]
            .as_array()
            .unwrap();
        assert!(items
            .iter()
            .any(|i| i["obRecoverableSectionItemType"] == "RECOVERABLE"));
        for i in items {
            if let Some(p) = i.get("dataBackupRecoverableInfo") {
                assert_eq!(p["freezeTime"], "1970-01-01T08:00:00+08:00");
                assert_eq!(p["dataVersion"], -1);
                assert!(is_nano(p["recoverableTime"].as_str().unwrap()), "{p}");
                assert_eq!(i["backupDimension"], want);
            }
            for k in ["logRecoverableTimeInterval", "realRecoverableTimeInterval"] {
                if let Some(w) = i.get(k) {
                    assert!(is_nano(w["startTime"].as_str().unwrap()), "{w}");
                }
            }
        }
    }
    // Restores whose source is the tenant (open question 6): trade's, in UTC µs.
    let r = e
        .ok(&t(C_BJ, T_TRADE).backup_path("task/restoreTasks"))
        .await
        .data();
    let rows = r["contents"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row["triggerType"], "NORMAL");
        assert_eq!(row["restoreObjectType"], "TENANT");
        assert!(row.get("ocpJobId").is_none());
        assert!(is_utc_micro(row["createTime"].as_str().unwrap()), "{row}");
    }
    let none = e
        .ok(&t(C_BJ, T_TRADE).backup_path("task/restoreTasks?restoreClusterName=nowhere"))
        .await
        .data();
    assert_eq!(none["contents"].as_array().unwrap().len(), 0);
}

fn strategy_body(mode: &str) -> String {
    serde_json::json!({
        "backupMode": mode,
        "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleEnabled": true,
            "backupScheduleTime": "03:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"3": "FULL_BACKUP", "5": "FULL_BACKUP"},
            "startLogBackup": true},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 7, "noSuccessfulDataBackupAlarmDays": 2,
            "logBackupDelaySeconds": 300},
        "obBackupServiceStorageConfig": {"configName": "obbackup",
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}}
    })
    .to_string()
}

#[tokio::test]
async fn tenant_writes_and_their_errors() {
    let e = emu();
    let own = t(C_BJ, T_OWN);
    let path = own.backup_path("config/backupStrategy");
    let r = e
        .send("POST", &path, Some(&strategy_body("PHYSICAL_BACKUP")))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.error_code().as_str()),
        (409, "BAK21002"),
        "{}",
        r.body
    );
    let r = e
        .send(
            "POST",
            &t(C_BJ, T_TRADE).backup_path("config/backupStrategy"),
            Some(&strategy_body("LOGICAL_BACKUP")),
        )
        .await;
    assert_eq!(r.error_code(), "BAK30004", "{}", r.body);
    let r = e
        .send(
            "POST",
            &t(C_HZ, 1000101).backup_path("config/backupStrategy"),
            Some(&strategy_body("PHYSICAL_BACKUP")),
        )
        .await;
    // pay_mysql exists on ob-prod-hz (OB 2.2.77): the version refuses it.
    assert_eq!(r.error_code(), "BAK30002", "{}", r.body);
    let r = e
        .send(
            "POST",
            &t(C_NONE, T_CREATING).backup_path("config/backupStrategy"),
            Some(&strategy_body("PHYSICAL_BACKUP")),
        )
        .await;
    assert_eq!(r.error_code(), "BAK30007", "{}", r.body);

    // A new tenant strategy: OpsResult with taskIdList [] and the tenant object.
    let qa = t(C_NONE, T_QA);
    let r = e
        .send(
            "POST",
            &qa.backup_path("config/backupStrategy"),
            Some(&strategy_body("PHYSICAL_BACKUP")),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    let d = r.data();
    assert_eq!(d["obBackupTaskType"], "CREATE_BACKUP_STRATEGY");
    let item = &d["backupObjectOpsResultList"][0];
    assert_eq!(item["taskIdList"], serde_json::json!([]));
    assert_eq!(
        item["obBackupObjectList"][0],
        serde_json::to_value(qa.backup_object()).unwrap()
    );
    let r = e
        .send(
            "POST",
            &qa.backup_path("config/backupStrategy/stopSchedule"),
            None,
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    assert!(r.data()["backupObjectOpsResultList"][0]
        .get("taskIdList")
        .is_none());
    let r = e
        .send(
            "PATCH",
            &qa.backup_path("config/backupStrategy"),
            Some(r#"{"obBackupScheduleConfig": {"backupScheduleTime": "04:00:00.000+08:00"}}"#),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    // Backup now: a task in taskIdList; a second full while it runs is BAK31005.
    let now_body = r#"{"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP"}"#;
    let r = e
        .send("POST", &qa.backup_path("backupNow"), Some(now_body))
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    let id = r.data()["backupObjectOpsResultList"][0]["taskIdList"][0]
        .as_i64()
        .unwrap();
    e.ok(&format!("/api/v2/tasks/instances/{id}")).await;
    let r = e
        .send("POST", &qa.backup_path("backupNow"), Some(now_body))
        .await;
    assert_eq!(r.error_code(), "BAK31005", "{}", r.body);
    let rows = e
        .ok(&qa.backup_path("task/dataBackupTasks?status=BEGINNING&status=DOING,INITIALIZING"))
        .await
        .data();
    assert_eq!(rows["contents"][0]["taskId"], id);
    assert_eq!(rows["contents"][0]["backupDimension"], "TENANT");
    let r = e
        .send("DELETE", &qa.backup_path("config/backupStrategy"), None)
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    assert_eq!(
        r.data()["backupObjectOpsResultList"][0]["taskIdList"],
        serde_json::json!([])
    );
}

/// The tenant's own strategy runs backups on exactly the instants the editor's preview
/// (`ocp_model::schedule::next_runs`) gives, while the cluster's keeps running for the rest.
#[tokio::test]
async fn a_tenant_strategy_runs_on_the_previewed_instants_beside_the_cluster_one() {
    let e = emu();
    let own = t(C_BJ, T_OWN);
    let s: ocp_model::BackupStrategy = e
        .ok(&own.backup_path("config/backupStrategy"))
        .await
        .decode();
    let cfg = &s.ob_backup_schedule_config;
    let from = origin();
    let preview = next_runs(
        cfg.backup_schedule_mode.as_ref().unwrap(),
        cfg.day_and_data_backup_model_map.as_ref().unwrap(),
        cfg.backup_schedule_time.unwrap(),
        from,
        3,
    );
    let until = preview[2].at + Duration::hours(1);
    e.advance(until.to_utc() - from);
    let since = own.query_time(from.fixed_offset());
    let rows = e
        .ok(&own.backup_path(&format!("task/dataBackupTasks?startTime={since}&size=50")))
        .await
        .data();
    let mut starts: Vec<i64> = rows["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            ocp_model::time::parse_datetime(r["startTime"].as_str().unwrap())
                .unwrap()
                .timestamp()
        })
        .collect();
    starts.sort();
    assert_eq!(starts.len(), 3, "{rows}");
    for (run, start) in preview.iter().zip(&starts) {
        // A run starts a few seconds after its slot (2–40 s), as the cluster's do.
        let lag = start - run.at.timestamp();
        assert!((2..=40).contains(&lag), "{} vs {start}", run.at);
    }
    // The cluster's strategy still runs (its rows are cluster-level), and trade still sees them.
    let cluster = BackupScope::Cluster { cluster_id: C_BJ };
    let q = format!(
        "task/dataBackupTasks?startTime={}",
        cluster.query_time(from.fixed_offset()).replace('+', "%2B")
    );
    let c_rows = e.ok(&cluster.backup_path(&q)).await.data();
    assert!(
        !c_rows["contents"].as_array().unwrap().is_empty(),
        "{c_rows}"
    );
    assert!(c_rows["contents"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["tenantId"] == 0));
    let trade = t(C_BJ, T_TRADE);
    let q = format!(
        "task/dataBackupTasks?startTime={}",
        trade.query_time(from.fixed_offset())
    );
    let tr = e.ok(&trade.backup_path(&q)).await.data();
    assert_eq!(
        tr["contents"].as_array().unwrap().len(),
        c_rows["contents"].as_array().unwrap().len()
    );
}
