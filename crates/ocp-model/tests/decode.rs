//! Decoding real OCP responses and request bodies (ocp-api.md), and writing them back the way a
//! real OCP does. Fixtures live in `tests/fixtures/`; each is a whole response envelope or a
//! whole request body.

use ocp_model::time::offset_hours;
use ocp_model::*;
use pretty_assertions::assert_eq;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Debug;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("decoding {name}: {e}"))
}

/// Decodes a fixture, encodes it, decodes that again and checks nothing changed; returns the
/// value and the encoded JSON.
fn round_trip<T>(name: &str) -> (T, Value)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let first: T = decode(name);
    let encoded = serde_json::to_string(&first).unwrap();
    let second: T = serde_json::from_str(&encoded)
        .unwrap_or_else(|e| panic!("re-decoding {name}: {e}\n{encoded}"));
    assert_eq!(first, second, "{name} changed in a round trip");
    (first, serde_json::from_str(&encoded).unwrap())
}

fn ok_envelope<T>(env: &Envelope<T>) {
    assert_eq!(env.successful, Some(true));
    assert_eq!(env.status, 200);
    assert!(env.error.is_none());
    assert_eq!(env.trace_id.as_deref().map(str::len), Some(16));
    assert!(env.server.is_some());
    assert!(env.duration.is_some());
}

/// Epoch milliseconds of a time that must be present.
fn ms<S>(t: &Option<OcpTime<S>>) -> i64 {
    t.expect("time present").timestamp_millis()
}

const H8: i32 = 8 * 3600;

// ---------------------------------------------------------------------------------------------
// 2.1 backup strategy
// ---------------------------------------------------------------------------------------------

#[test]
fn strategy_with_a_weekly_schedule() {
    let (env, raw) = round_trip::<Envelope<BackupStrategy>>("strategy_week.json");
    ok_envelope(&env);
    let ts = env.timestamp.unwrap();
    assert_eq!(ts.timestamp_millis(), 1_632_379_774_885);
    assert_eq!(ts.offset(), offset_hours(8));

    let s = env.data.unwrap();
    assert!(s.exists());
    assert_eq!(s.id, Some(12));
    assert_eq!(s.cluster_id, Some(1_000_005));
    assert_eq!(s.ob_cluster_id, Some(1_612_345_678));
    assert_eq!(s.backup_dimension, Some(BackupDimension::Cluster));
    assert_eq!(s.strategy_type, Some(StrategyType::Backup));
    assert_eq!(s.backup_mode, Some(BackupMode::Physical));
    let created = s.create_time.unwrap();
    assert_eq!(created.timestamp_millis(), 1_606_659_792_000);
    assert_eq!(created.offset(), offset_hours(8));

    let sc = &s.ob_backup_schedule_config;
    assert_eq!(sc.backup_schedule_mode, Some(ScheduleMode::Week));
    assert_eq!(sc.backup_schedule_enabled, Some(true));
    let at = sc.backup_schedule_time.unwrap();
    assert_eq!(
        (at.hh_mm(), at.offset),
        ("02:00".to_owned(), offset_hours(8))
    );
    assert_eq!(
        sc.day_and_data_backup_model_map,
        Some(BTreeMap::from([
            (2, DataBackupMode::Full),
            (4, DataBackupMode::Full),
            (6, DataBackupMode::Incremental),
        ]))
    );
    assert_eq!(sc.start_log_backup, Some(true));
    assert_eq!(sc.clean_enabled, Some(true));
    assert_eq!(sc.backup_data_retention_days, Some(7));
    assert_eq!(sc.clean_schedule_time.unwrap().hh_mm(), "04:30");
    assert_eq!(
        s.ob_backup_threshold_config,
        ThresholdConfig {
            data_backup_timeout_minutes: Some(720),
            no_successful_data_backup_alarm_days: Some(2),
            log_backup_delay_seconds: Some(300),
            lib_ob_log_expire_days: None,
        }
    );
    let storage = &s.ob_backup_service_storage_config;
    assert_eq!(storage.config_name.as_deref(), Some("prod_nfs"));
    assert_eq!(storage.storage_id, Some(5001));
    assert_eq!(storage.alarm_storage_percentage_threshold, Some(80));
    let base = storage.ob_backup_storage_base_info.as_ref().unwrap();
    assert_eq!(base.backup_storage_type, StorageType::File);
    assert_eq!(base.uri(), "file:///obbackup/");
    assert_eq!(base.access_key(), None);
    assert_eq!(s.secondary_backup_enabled, Some(false));
    assert_eq!(s.ob_secondary_backup_config, None);

    // Written back in each field's real style.
    let d = &raw["data"];
    assert_eq!(d["createTime"], "2020-11-29T22:23:12+08:00");
    assert_eq!(d["updateTime"], "2021-09-10T10:00:00+08:00");
    assert_eq!(d["type"], "BACKUP");
    let sc = &d["obBackupScheduleConfig"];
    assert_eq!(sc["backupScheduleTime"], "02:00:00.000+08:00");
    assert_eq!(sc["cleanScheduleTime"], "04:30:00.000+08:00");
    assert_eq!(
        sc["dayAndDataBackupModelMap"],
        json!({"2": "FULL_BACKUP", "4": "FULL_BACKUP", "6": "INCREMENTAL_BACKUP"})
    );
    assert_eq!(raw["timestamp"], "2021-09-23T14:49:34.885+08:00");
    assert!(raw.get("error").is_none());
}

#[test]
fn strategy_with_a_monthly_schedule_and_object_storage() {
    let (env, raw) = round_trip::<Envelope<BackupStrategy>>("strategy_month.json");
    ok_envelope(&env);
    // A two-digit fraction in the envelope timestamp.
    assert_eq!(env.timestamp.unwrap().timestamp_millis(), 1_632_379_774_480);
    assert_eq!(raw["timestamp"], "2021-09-23T14:49:34.480+08:00");

    let s = env.data.unwrap();
    assert_eq!(s.id, Some(13));
    assert_eq!(s.strategy_type, Some(StrategyType::SecondaryBackup));
    // `Z` in a createTime field: the instant and a zero offset, written back without fraction.
    let created = s.create_time.unwrap();
    assert_eq!(created.timestamp_millis(), 1_614_556_800_000);
    assert_eq!(created.offset(), offset_hours(0));
    assert_eq!(raw["data"]["createTime"], "2021-03-01T00:00:00+00:00");

    let sc = &s.ob_backup_schedule_config;
    assert_eq!(sc.backup_schedule_mode, Some(ScheduleMode::Month));
    assert_eq!(sc.backup_schedule_enabled, Some(false));
    let at = sc.backup_schedule_time.unwrap();
    assert_eq!(
        (at.hh_mm(), at.offset),
        ("23:30".to_owned(), offset_hours(-5))
    );
    let days = sc.day_and_data_backup_model_map.as_ref().unwrap();
    assert_eq!(
        days.keys().copied().collect::<Vec<_>>(),
        vec![1, 5, 10, 15, 20, 25, 28, 29, 30, 31]
    );
    assert_eq!(days[&31], DataBackupMode::Full);
    assert_eq!(days[&5], DataBackupMode::Incremental);
    assert_eq!(
        raw["data"]["obBackupScheduleConfig"]["backupScheduleTime"],
        "23:30:00.000-05:00"
    );
    assert_eq!(
        raw["data"]["obBackupScheduleConfig"]["dayAndDataBackupModelMap"]["31"],
        "FULL_BACKUP"
    );

    let base = s
        .ob_backup_service_storage_config
        .ob_backup_storage_base_info
        .as_ref()
        .unwrap();
    assert_eq!(base.backup_storage_type, StorageType::Oss);
    assert_eq!(base.uri(), "oss://ob-backup-bucket/dr");
    let key = base.access_key().unwrap();
    assert_eq!(key.access_key_id.as_deref(), Some("LTAI5tExampleKeyId"));
    assert_eq!(
        key.access_key_secret, None,
        "a GET never returns the secret"
    );

    assert_eq!(s.secondary_backup_enabled, Some(true));
    let secondary = s.ob_secondary_backup_config.unwrap();
    let cos = secondary
        .storage_config
        .unwrap()
        .ob_backup_storage_base_info
        .unwrap();
    assert_eq!(cos.backup_storage_type, StorageType::Cos);
    assert_eq!(
        cos.access_key().unwrap().app_id.as_deref(),
        Some("1250000000")
    );
    let sched = secondary.schedule_config.unwrap();
    assert_eq!(sched.data_backup_schedule_enabled, Some(true));
    assert_eq!(
        sched.log_secondary_backup_period,
        Some(SecondaryBackupPeriod::OnceAnHour)
    );
}

#[test]
fn no_strategy_as_null_data() {
    let (env, _) = round_trip::<Envelope<BackupStrategy>>("strategy_none_null.json");
    ok_envelope(&env);
    assert_eq!(env.data, None);
    let ts = env.timestamp.unwrap();
    assert_eq!(ts.timestamp_millis(), 1_722_902_400_000);
    assert_eq!(ts.offset(), offset_hours(0));
}

#[test]
fn no_strategy_as_an_object_without_id() {
    // A Java server writes an empty DTO with every field null.
    let (env, _) = round_trip::<Envelope<BackupStrategy>>("strategy_none_object.json");
    ok_envelope(&env);
    let s = env.data.unwrap();
    assert!(!s.exists());
    assert_eq!(s.cluster_id, Some(1_000_005));
    assert_eq!(s.ob_backup_schedule_config, ScheduleConfig::default());
    assert_eq!(s.ob_backup_threshold_config, ThresholdConfig::default());
    assert_eq!(s.ob_backup_service_storage_config, StorageConfig::default());

    // And with the fields simply absent.
    let env: Envelope<BackupStrategy> =
        serde_json::from_str(r#"{"data":{"clusterId":1000005},"successful":true,"status":200}"#)
            .unwrap();
    let s = env.data.unwrap();
    assert!(!s.exists());
    assert_eq!(s.create_time, None);
    assert_eq!(env.timestamp, None);
}

// ---------------------------------------------------------------------------------------------
// 2.2 ability, 2.3 overview
// ---------------------------------------------------------------------------------------------

#[test]
fn ability() {
    let (env, _) = round_trip::<Envelope<Ability>>("ability.json");
    ok_envelope(&env);
    let a = env.data.unwrap();
    assert_eq!(a.backup_ability, Some(BackupAbility::LogicalAndPhysical));
    assert_eq!(a.backup_mode, Some(BackupMode::Physical));
    let support = a.ob_data_backup_support_ability.unwrap();
    assert!(support.full_backup_enabled);
    assert!(support.increment_backup_enabled);
    assert!(!support.can_do_incremental_backup);
    assert!(support.hint.unwrap().contains("full backup"));
    assert_eq!(
        a.ob_backup_condition,
        Some(BackupCondition {
            need_agent_to_backup: false,
            need_agent_to_restore: true
        })
    );
    let restore = a.ob_restore_condition_check_result.unwrap();
    assert!(restore.be_ready);
    assert_eq!(restore.hint, None);
}

#[test]
fn overview_with_every_field() {
    let (env, raw) = round_trip::<Envelope<Overview>>("overview_full.json");
    ok_envelope(&env);
    let o = env.data.unwrap();
    assert_eq!(o.cluster_id, 1_000_005);
    assert_eq!(o.ob_cluster_id, Some(1_612_345_678));
    assert_eq!(o.cluster_name, "obcluster_prod");
    assert_eq!(o.ob_cluster_type, Some(ClusterType::Primary));
    assert_eq!(o.ob_cluster_status, Some(ClusterStatus::Running));
    assert_eq!(o.compaction_status.as_deref(), Some("IDLE"));
    assert_eq!(o.ob_version.as_deref(), Some("2.2.77"));
    assert_eq!(
        o.ob_cluster_backup_status,
        Some(ClusterBackupStatus::HasStrategy)
    );
    assert_eq!(
        o.ob_backup_ability.as_ref().unwrap().backup_ability,
        Some(BackupAbility::Physical)
    );
    assert_eq!(o.backup_dimension, Some(BackupDimension::Cluster));
    assert_eq!(o.backup_schedule_status, Some(BackupScheduleStatus::Normal));
    // `+0800`: offset without a colon.
    let last = o.last_data_backup_time.unwrap();
    assert_eq!(last.timestamp_millis(), 1_631_784_302_993);
    assert_eq!(last.offset(), offset_hours(8));
    assert_eq!(ms(&o.latest_log_backup_checkpoint), 1_632_379_697_358);
    assert_eq!(o.log_backup_delay_seconds, Some(77));
    assert_eq!(o.backup_size, Some(1536.5));
    assert_eq!(o.ob_storage_volume_unit, Some(StorageVolumeUnit::Gb));

    assert_eq!(
        raw["data"]["lastDataBackupTime"],
        "2021-09-16T17:25:02.993+0800"
    );
    assert_eq!(
        raw["data"]["latestLogBackupCheckpoint"],
        "2021-09-23T14:48:17.358+0800"
    );
}

#[test]
fn overview_without_time_and_size_fields() {
    let (env, _) = round_trip::<Envelope<Overview>>("overview_sparse.json");
    ok_envelope(&env);
    let o = env.data.unwrap();
    assert_eq!(o.cluster_id, 1_000_009);
    assert_eq!(o.ob_cluster_type, Some(ClusterType::Standby));
    assert_eq!(o.compaction_status.as_deref(), Some("COMPACTING"));
    assert_eq!(o.ob_version.as_deref(), Some("4.2.1.0"));
    assert_eq!(
        o.ob_cluster_backup_status,
        Some(ClusterBackupStatus::NoStrategy)
    );
    assert_eq!(o.backup_schedule_status, Some(BackupScheduleStatus::None));
    assert_eq!(o.ob_backup_ability, None);
    assert_eq!(o.last_data_backup_time, None);
    assert_eq!(o.latest_log_backup_checkpoint, None);
    assert_eq!(o.log_backup_delay_seconds, None);
    assert_eq!(o.backup_size, None);
    assert_eq!(o.ob_storage_volume_unit, None);
    assert_eq!(o.primary_and_standby_mode, None);
}

#[test]
fn overview_ability_as_a_bare_value() {
    // ocp-api.md 2.3 lists `obBackupAbility` "as 2.2": some servers send the ability value
    // (`PHYSICAL_BACKUP`) rather than the ability object. Both must decode.
    let o: Overview = serde_json::from_str(
        r#"{"clusterId":1000005,"clusterName":"c","obBackupAbility":"LOGICAL_AND_PHYSICAL"}"#,
    )
    .unwrap();
    assert_eq!(
        o.ob_backup_ability.unwrap().backup_ability,
        Some(BackupAbility::LogicalAndPhysical)
    );
    let o: Overview =
        serde_json::from_str(r#"{"clusterId":1,"clusterName":"c","obBackupAbility":null}"#)
            .unwrap();
    assert_eq!(o.ob_backup_ability, None);
}

// ---------------------------------------------------------------------------------------------
// OpsResult of every backup write
// ---------------------------------------------------------------------------------------------

#[test]
fn ops_result_of_creating_a_strategy() {
    let (env, raw) = round_trip::<Envelope<OpsResult>>("ops_create_strategy.json");
    ok_envelope(&env);
    let r = env.data.unwrap();
    assert_eq!(r.ob_backup_task_type, OpsTaskType::CreateStrategy);
    assert_eq!(r.task_ids(), vec![3_000_041]);
    let one = &r.backup_object_ops_result_list[0];
    assert!(one.be_successful);
    assert_eq!(
        one.ob_backup_object_list,
        vec![BackupObject::cluster(1_000_005)]
    );
    assert_eq!(one.error_code, None);
    assert_eq!(
        raw["data"]["obBackupTaskType"],
        json!("CREATE_BACKUP_STRATEGY")
    );
}

#[test]
fn ops_result_of_backup_now_with_and_without_task_ids() {
    let (env, _) = round_trip::<Envelope<OpsResult>>("ops_backup_now.json");
    let r = env.data.unwrap();
    assert_eq!(r.ob_backup_task_type, OpsTaskType::DataBackupNow);
    assert_eq!(r.task_ids(), vec![3_000_052, 3_000_053]);
    let failed = &r.backup_object_ops_result_list[1];
    assert!(!failed.be_successful);
    assert_eq!(failed.task_id_list, None);
    assert_eq!(failed.error_code, Some(ErrorCode::from("BAK31005")));
    assert_eq!(
        failed.ob_backup_object_list[0],
        BackupObject {
            cluster_id: 1_000_005,
            tenant_id: Some(1_000_012),
            backup_dimension: BackupDimension::Tenant,
        }
    );
    assert!(failed.hint.as_deref().unwrap().contains("already running"));
}

#[test]
fn ops_result_with_an_empty_task_list() {
    let (env, _) = round_trip::<Envelope<OpsResult>>("ops_stop_schedule.json");
    let r = env.data.unwrap();
    assert_eq!(r.ob_backup_task_type, OpsTaskType::StopSchedule);
    assert_eq!(
        r.backup_object_ops_result_list[0].task_id_list,
        Some(vec![])
    );
    assert!(r.task_ids().is_empty());
    // Envelope timestamp without a fraction.
    assert_eq!(env.timestamp.unwrap().timestamp_millis(), 1_632_379_860_000);
}

// ---------------------------------------------------------------------------------------------
// 2.5 task lists
// ---------------------------------------------------------------------------------------------

#[test]
fn data_backup_tasks_page_with_size_2000_whatever_was_asked() {
    let (env, raw) = round_trip::<Envelope<Paged<DataBackupTask>>>("data_backup_tasks.json");
    ok_envelope(&env);
    let page = env.data.unwrap();
    // The client asked for size=10; OCP answers every row and says 2000.
    assert_eq!(
        page.page,
        Some(PageInfo {
            total_elements: 3,
            total_pages: 1,
            number: 1,
            size: 2000
        })
    );
    assert_eq!(page.contents.len(), 3);

    let doing = &page.contents[0];
    assert_eq!(doing.task_id, 3_000_053);
    assert_eq!(doing.backup_set_id, Some(17));
    assert_eq!(doing.data_backup_task_type, DataBackupMode::Incremental);
    assert_eq!(doing.status, DataBackupStatus::Doing);
    assert_eq!(doing.status.tone(), StatusTone::Running);
    // `+0800` without a fraction.
    assert_eq!(ms(&doing.start_time), 1_632_379_200_000);
    assert_eq!(doing.finish_time, None);
    assert_eq!(doing.tenant_id, Some(0));
    assert_eq!(doing.cluster_type, Some(ClusterType::Primary));
    assert_eq!(doing.schema_version, Some(1_632_000_000_123_456));

    let done = &page.contents[1];
    assert_eq!(done.status, DataBackupStatus::Done);
    assert_eq!(done.data_backup_task_type, DataBackupMode::Full);
    assert_eq!(ms(&done.finish_time), 1_631_784_302_993);
    assert_eq!(done.finish_time.unwrap().offset(), offset_hours(8));
    assert_eq!(
        done.data_secondary_backup_task_ids,
        vec![3_100_001, 3_100_002]
    );
    assert_eq!(done.backup_uri.as_deref(), Some("file:///obbackup/"));

    let failed = &page.contents[2];
    assert_eq!(failed.status, DataBackupStatus::Failed);
    assert_eq!(failed.status.tone(), StatusTone::Failure);
    // Two- and one-digit fractions.
    assert_eq!(ms(&failed.start_time), 1_631_642_401_450);
    assert_eq!(ms(&failed.finish_time), 1_631_642_580_500);
    assert_eq!(
        failed.error_msg.as_deref(),
        Some("ERROR 9018 (HY000): backup dest <file:///obbackup/> is not \"writable\": errno=13")
    );
    assert!(failed.data_secondary_backup_task_ids.is_empty());

    // Task rows are written `...SS.mmm+0800`, whatever fraction they came with.
    let rows = &raw["data"]["contents"];
    assert_eq!(rows[0]["startTime"], "2021-09-23T14:40:00.000+0800");
    assert_eq!(rows[1]["finishTime"], "2021-09-16T17:25:02.993+0800");
    assert_eq!(rows[2]["startTime"], "2021-09-15T02:00:01.450+0800");
    assert_eq!(raw["data"]["page"]["size"], 2000);
}

#[test]
fn log_backup_tasks() {
    let (env, raw) = round_trip::<Envelope<Paged<LogBackupTask>>>("log_backup_tasks.json");
    let page = env.data.unwrap();
    // Here `size` is the row count rather than what was asked.
    assert_eq!(page.page.unwrap().size, 2);
    let running = &page.contents[0];
    assert_eq!(running.status, LogBackupStatus::Running);
    assert_eq!(running.delay, Some(77.6421));
    assert_eq!(ms(&running.checkpoint), 1_632_379_697_358);
    assert_eq!(running.agent_server_ip.as_deref(), Some("10.0.0.11"));
    let stopped = &page.contents[1];
    assert_eq!(stopped.status, LogBackupStatus::Stopped);
    assert_eq!(stopped.status.tone(), StatusTone::Neutral);
    // `Z` with a two-digit fraction.
    let cp = stopped.checkpoint.unwrap();
    assert_eq!(cp.timestamp_millis(), 1_630_425_599_990);
    assert_eq!(cp.offset(), offset_hours(0));
    assert_eq!(stopped.tenant_name, None);

    let rows = &raw["data"]["contents"];
    assert_eq!(rows[0]["checkpoint"], "2021-09-23T14:48:17.358+0800");
    assert_eq!(rows[1]["checkpoint"], "2021-08-31T15:59:59.990+0000");
    assert_eq!(rows[0]["delay"], 77.6421);
}

#[test]
fn restore_tasks() {
    let (env, raw) = round_trip::<Envelope<Paged<RestoreTask>>>("restore_tasks.json");
    let page = env.data.unwrap();
    assert_eq!(page.page.unwrap().size, 2000);
    let [running, ok, failed] = &page.contents[..] else {
        panic!("three rows expected")
    };
    assert_eq!(running.id, 41);
    assert_eq!(running.ocp_job_id, Some(3_000_101));
    assert_eq!(running.status, RestoreStatus::WaitLs);
    assert_eq!(running.status.tone(), StatusTone::Running);
    assert!(!running.finished);
    assert_eq!(running.backup_tenant_id, Some(1_000_012));
    assert_eq!(
        running.restore_tenant_name.as_deref(),
        Some("t_orders_restored")
    );
    assert_eq!(ms(&running.restore_end_time), 1_632_103_200_000);
    assert_eq!(ok.status, RestoreStatus::Success);
    assert!(ok.finished && ok.successful);
    assert_eq!(failed.status, RestoreStatus::Fail);
    assert_eq!(failed.status.tone(), StatusTone::Failure);
    assert!(failed
        .error_msg
        .as_deref()
        .unwrap()
        .contains("<already exists>"));
    assert_eq!(
        raw["data"]["contents"][0]["restoreEndTime"],
        "2021-09-20T10:00:00.000+0800"
    );
}

// ---------------------------------------------------------------------------------------------
// 2.7 recoverable windows
// ---------------------------------------------------------------------------------------------

#[test]
fn backup_info_with_union_and_per_tenant_aggregations() {
    let (env, raw) = round_trip::<Envelope<BackupInfo>>("backup_info.json");
    ok_envelope(&env);
    let info = env.data.unwrap();
    assert_eq!(info.cluster_id, 1_000_005);
    assert_eq!(info.online, Some(true));

    let union = &info.ob_recoverable_info_aggregation;
    assert_eq!(
        union.ob_query_time_scope_type,
        Some(QueryTimeScope::LatestSevenDays)
    );
    let items = union.items();
    assert_eq!(items.len(), 4);
    match items[0].typed() {
        Some(TimelineItem::FullBackup(p)) => {
            assert_eq!(p.recoverable_time.timestamp_micros(), 1_631_728_810_986_847);
            assert_eq!(p.recoverable_time.offset(), offset_hours(8));
            assert_eq!(
                p.freeze_time.unwrap().timestamp_micros(),
                1_631_728_800_123_456
            );
            assert_eq!(p.full_backup_set_id, Some(16));
            assert_eq!(p.data_version, Some(1_631_728_800));
        }
        other => panic!("full backup expected, got {other:?}"),
    }
    match items[1].typed() {
        Some(TimelineItem::IncrementalBackup(p)) => {
            assert_eq!(p.full_backup_set_id, Some(16));
            assert_eq!(
                p.freeze_time.unwrap().timestamp_micros() % 1_000_000,
                1,
                "one microsecond survives"
            );
        }
        other => panic!("incremental backup expected, got {other:?}"),
    }
    assert!(matches!(
        items[2].typed(),
        Some(TimelineItem::LogArchive(_))
    ));
    assert_eq!(items[2].backup_mode, Some(BackupMode::Physical));
    let windows = union.windows();
    assert_eq!(windows.len(), 1);
    assert_eq!(
        windows[0].start_time.timestamp_micros(),
        1_631_728_810_986_847
    );
    assert_eq!(windows[0].end_time.timestamp_millis(), 1_632_379_697_358);

    let [orders, empty] = &info.tenant_backup_infos[..] else {
        panic!("two tenants expected")
    };
    assert_eq!(orders.tenant_id, 1_000_012);
    assert_eq!(orders.ob_tenant_id, Some(1002));
    assert_eq!(orders.tenant_name, "t_orders");
    // Two windows with a gap, sent newest first, returned oldest first.
    let w = orders.ob_recoverable_info_aggregation.windows();
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].start_time.timestamp_micros(), 1_631_728_810_986_847);
    assert_eq!(w[0].end_time.timestamp_millis(), 1_631_917_800_000);
    assert_eq!(w[1].start_time.timestamp_micros(), 1_632_074_408_000_100);
    assert!(w[0].end_time < w[1].start_time);
    assert_eq!(empty.online, Some(false));
    assert!(empty.ob_recoverable_info_aggregation.items().is_empty());

    // Recoverable info is written with microseconds and `+08:00`.
    let item0 = &raw["data"]["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]
        ["obRecoverableSectionItems"][0]["dataBackupRecoverableInfo"];
    assert_eq!(item0["recoverableTime"], "2021-09-16T02:00:10.986847+08:00");
    assert_eq!(item0["freezeTime"], "2021-09-16T02:00:00.123456+08:00");
    let item3 = &raw["data"]["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]
        ["obRecoverableSectionItems"][3]["realRecoverableTimeInterval"];
    assert_eq!(item3["endTime"], "2021-09-23T14:48:17.358000+08:00");
}

// ---------------------------------------------------------------------------------------------
// 3. supporting endpoints
// ---------------------------------------------------------------------------------------------

#[test]
fn clusters_page() {
    let (env, raw) = round_trip::<Envelope<Paged<Cluster>>>("clusters.json");
    let page = env.data.unwrap();
    assert_eq!(
        page.page,
        Some(PageInfo {
            total_elements: 12,
            total_pages: 6,
            number: 1,
            size: 2
        })
    );
    let prod = &page.contents[0];
    assert_eq!(prod.id, 1_000_005);
    assert_eq!(prod.name, "obcluster_prod");
    assert_eq!(prod.status, Some(ClusterStatus::Running));
    assert_eq!(prod.cluster_type, Some(ClusterType::Primary));
    assert_eq!(prod.tenant_count, Some(4));
    assert_eq!(prod.zones.len(), 3);
    assert_eq!(prod.zones[2].region_name.as_deref(), Some("cn-shanghai"));
    assert_eq!(prod.zones[0].server_count, Some(1));
    assert_eq!(ms(&prod.create_time), 1_606_659_792_000);
    let dr = &page.contents[1];
    assert_eq!(dr.cluster_type, Some(ClusterType::Standby));
    assert_eq!(dr.status, Some(ClusterStatus::Other("MIGRATING".into())));
    assert_eq!(dr.create_time.unwrap().offset(), offset_hours(0));
    assert_eq!(
        raw["data"]["contents"][0]["createTime"],
        "2020-11-29T22:23:12+08:00"
    );
    assert_eq!(
        raw["data"]["contents"][1]["createTime"],
        "2021-01-05T08:00:00+00:00"
    );
    assert_eq!(raw["data"]["contents"][1]["status"], "MIGRATING");
}

#[test]
fn tenants_page_with_zone_names() {
    let (env, _) = round_trip::<Envelope<Paged<Tenant>>>("tenants_zone_names.json");
    let page = env.data.unwrap();
    let t = &page.contents[0];
    assert_eq!(t.id, 1_000_012);
    assert_eq!(t.ob_tenant_id, Some(1002));
    assert_eq!(t.mode, Some(TenantMode::Mysql));
    assert_eq!(t.status, Some(TenantStatus::Normal));
    assert_eq!(t.primary_zone.as_deref(), Some("zone1;zone2,zone3"));
    assert_eq!(
        t.zone_list.iter().map(TenantZone::name).collect::<Vec<_>>(),
        ["zone1", "zone2", "zone3"]
    );
    assert_eq!(t.zone_list[0], TenantZone::Name("zone1".into()));
    assert_eq!(ms(&t.create_time), 1_612_152_000_000);
    let ora = &page.contents[1];
    assert_eq!(ora.mode, Some(TenantMode::Oracle));
    assert_eq!(ora.status, Some(TenantStatus::Creating));
    assert_eq!(ora.create_time, None);
}

#[test]
fn tenants_page_with_zone_objects() {
    let (env, raw) = round_trip::<Envelope<Paged<Tenant>>>("tenants_zone_objects.json");
    assert_eq!(env.timestamp.unwrap().offset(), offset_hours(0));
    let t = &env.data.unwrap().contents[0];
    assert_eq!(
        t.zone_list.iter().map(TenantZone::name).collect::<Vec<_>>(),
        ["zone1", "zone2", "zone3"]
    );
    assert_eq!(
        t.zone_list[0],
        TenantZone::Detail {
            name: "zone1".into(),
            replica_type: Some("FULL".into())
        }
    );
    assert_eq!(
        t.zone_list[2],
        TenantZone::Detail {
            name: "zone3".into(),
            replica_type: None
        }
    );
    assert_eq!(raw["data"]["contents"][0]["zoneList"][1]["name"], "zone2");
}

#[test]
fn unit_specs_unpaged() {
    let (env, raw) = round_trip::<Envelope<Paged<UnitSpec>>>("unit_specs.json");
    let list = env.data.unwrap();
    assert_eq!(list.page, None);
    assert!(raw["data"].get("page").is_none());
    assert_eq!(list.contents.len(), 3);
    let s1 = &list.contents[0];
    assert_eq!((s1.id, s1.name.as_str()), (1, "S1"));
    assert_eq!(s1.spec_type, Some(UnitSpecType::System));
    assert_eq!(s1.max_cpu_core_count, 1.5);
    assert_eq!(s1.max_memory_size, 6.0);
    assert_eq!(list.contents[2].spec_type, Some(UnitSpecType::Custom));
}

#[test]
fn task_instance_with_subtasks() {
    let (env, _) = round_trip::<Envelope<TaskInstance>>("task_instance.json");
    ok_envelope(&env);
    let t = env.data.unwrap();
    assert_eq!(t.id, 3_000_041);
    assert_eq!(t.status, TaskStatus::Running);
    assert_eq!(t.task_type.as_deref(), Some("MANUAL"));
    assert_eq!(t.cluster_id, Some(1_000_005));
    assert_eq!(t.tenant_id, None);
    assert_eq!(t.creator.as_deref(), Some("admin"));
    assert_eq!(ms(&t.create_time), 1_632_379_774_885);
    assert_eq!(t.finish_time, None);
    assert_eq!(t.subtasks.len(), 3);
    let [done, running, pending] = &t.subtasks[..] else {
        panic!()
    };
    assert_eq!(done.status, SubtaskStatus::Successful);
    assert_eq!(done.run_time, Some(1.15));
    assert_eq!(done.description.as_deref(), Some("check parameters"));
    assert_eq!(running.status, SubtaskStatus::Running);
    let started = running.start_time.unwrap();
    assert_eq!(started.timestamp_millis(), 1_632_379_776_300);
    assert_eq!(started.offset(), offset_hours(0));
    assert_eq!(pending.status, SubtaskStatus::Pending);
    assert_eq!(pending.start_time, None);
    assert_eq!(pending.run_time, None);
}

#[test]
fn server_info_and_time() {
    let (env, _) = round_trip::<Envelope<ServerInfo>>("info.json");
    ok_envelope(&env);
    let info = env.data.unwrap();
    assert_eq!(info.build_version.as_deref(), Some("4.2.1-20231101"));
    assert_eq!(info.server_mode.as_deref(), Some("NORMAL"));

    let (env, raw) = round_trip::<Envelope<StampTime>>("time.json");
    ok_envelope(&env);
    let now = env.data.unwrap();
    assert_eq!(now.timestamp_millis(), 1_722_902_400_125);
    assert_eq!(now.offset(), offset_hours(8));
    assert_eq!(raw["data"], "2024-08-06T08:00:00.125+08:00");
}

// ---------------------------------------------------------------------------------------------
// 1.5 every documented time format, in real fields
// ---------------------------------------------------------------------------------------------

#[test]
fn every_documented_time_format_decodes_in_a_task_row() {
    let cases: &[(&str, i64, i32)] = &[
        ("2021-09-16T17:25:02.993+08:00", 1_631_784_302_993_000, H8),
        ("2021-09-16T17:25:02.993+0800", 1_631_784_302_993_000, H8),
        (
            "2021-09-16T02:00:10.986847+08:00",
            1_631_728_810_986_847,
            H8,
        ),
        ("2021-09-16T02:00:10.986847+0800", 1_631_728_810_986_847, H8),
        ("2020-11-29T22:23:12+08:00", 1_606_659_792_000_000, H8),
        ("2020-11-29T22:23:12+0800", 1_606_659_792_000_000, H8),
        ("2024-08-06T00:00:00Z", 1_722_902_400_000_000, 0),
        ("2024-08-06T00:00:00.5Z", 1_722_902_400_500_000, 0),
        ("2021-09-23T14:49:34.48+08:00", 1_632_379_774_480_000, H8),
        ("2021-09-23T14:49:34.48+0800", 1_632_379_774_480_000, H8),
        (
            "2021-09-15T21:00:00.000-0300",
            1_631_750_400_000_000,
            -3 * 3600,
        ),
    ];
    for &(text, micros, offset) in cases {
        let row = json!({
            "taskId": 1, "dataBackupTaskType": "FULL_BACKUP", "status": "DONE",
            "startTime": text, "finishTime": text
        });
        let task: DataBackupTask =
            serde_json::from_value(row).unwrap_or_else(|e| panic!("{text}: {e}"));
        let t = task.start_time.unwrap();
        assert_eq!(t.timestamp_micros(), micros, "{text}");
        assert_eq!(t.offset().local_minus_utc(), offset, "{text}");

        // And in the other styled fields.
        let p: DataBackupPoint = serde_json::from_value(json!({"recoverableTime": text})).unwrap();
        assert_eq!(p.recoverable_time.timestamp_micros(), micros, "{text}");
        let c: Cluster = serde_json::from_value(json!({"id": 1, "createTime": text})).unwrap();
        assert_eq!(c.create_time.unwrap().timestamp_micros(), micros, "{text}");
        let e: Envelope<()> = serde_json::from_value(json!({"timestamp": text})).unwrap();
        assert_eq!(e.timestamp.unwrap().timestamp_micros(), micros, "{text}");
    }
}

#[test]
fn each_field_is_written_in_its_real_style() {
    let text = "2021-09-16T02:00:10.986847+08:00";
    let task: DataBackupTask = serde_json::from_value(json!({
        "taskId": 1, "dataBackupTaskType": "FULL_BACKUP", "status": "DONE", "startTime": text
    }))
    .unwrap();
    let out = serde_json::to_value(&task).unwrap();
    // Task rows have milliseconds and no colon in the offset: the microseconds go.
    assert_eq!(out["startTime"], "2021-09-16T02:00:10.986+0800");

    let t = task.start_time.unwrap();
    assert_eq!(t.restyle::<ocp_model::time::MicroStyle>().to_wire(), text);
    assert_eq!(
        t.restyle::<ocp_model::time::SecondStyle>().to_wire(),
        "2021-09-16T02:00:10+08:00"
    );
    assert_eq!(
        t.restyle::<ocp_model::time::MilliStyle>().to_wire(),
        "2021-09-16T02:00:10.986+08:00"
    );

    let tod = TimeOfDay::parse("2:00:00.000+08:00");
    assert!(tod.is_err(), "hours are two digits");
    let tod: TimeOfDay = serde_json::from_str("\"02:00:00+0800\"").unwrap();
    assert_eq!(
        serde_json::to_string(&tod).unwrap(),
        "\"02:00:00.000+08:00\""
    );
}

// ---------------------------------------------------------------------------------------------
// request bodies
// ---------------------------------------------------------------------------------------------

#[test]
fn strategy_param_from_the_reference_example() {
    let text = fixture("strategy_param.json");
    let p: StrategyParam = serde_json::from_str(&text).unwrap();
    assert_eq!(p.backup_mode, Some(BackupMode::Physical));
    let sc = p.ob_backup_schedule_config.as_ref().unwrap();
    assert_eq!(sc.backup_schedule_mode, Some(ScheduleMode::Week));
    let days = sc.day_and_data_backup_model_map.as_ref().unwrap();
    assert_eq!(
        days.iter()
            .map(|(d, m)| (*d, m.clone()))
            .collect::<Vec<_>>(),
        vec![
            (2u8, DataBackupMode::Full),
            (4, DataBackupMode::Full),
            (6, DataBackupMode::Incremental)
        ]
    );
    let at = sc.backup_schedule_time.unwrap();
    assert_eq!(at.time, chrono::NaiveTime::from_hms_opt(2, 0, 0).unwrap());
    assert_eq!(at.offset, offset_hours(8));
    assert_eq!(at.to_wire(), "02:00:00.000+08:00");
    assert_eq!(
        p.ob_backup_threshold_config
            .as_ref()
            .unwrap()
            .log_backup_delay_seconds,
        Some(300)
    );
    let base = p
        .ob_backup_service_storage_config
        .as_ref()
        .unwrap()
        .ob_backup_storage_base_info
        .as_ref()
        .unwrap();
    assert_eq!(base.backup_storage_type, StorageType::Oss);
    assert_eq!(
        base.access_key().unwrap().access_key_secret.as_deref(),
        Some("s3cr3t-oss"),
        "a write body carries the secret"
    );
    assert_eq!(
        p.ob_backup_object_list,
        vec![BackupObject::cluster(1_000_005)]
    );

    // Encoded exactly as it came: string day keys, schedule time style, nothing extra.
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&p).unwrap(), original);
}

#[test]
fn a_patch_strategy_param_carries_only_what_changed() {
    let p: StrategyParam = serde_json::from_value(json!({
        "obBackupScheduleConfig": {"backupScheduleTime": "03:15:00.000+08:00"},
        "obBackupServiceStorageConfig": {"storageId": 5001}
    }))
    .unwrap();
    assert_eq!(p.backup_mode, None);
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json!({
            "obBackupScheduleConfig": {"backupScheduleTime": "03:15:00.000+08:00"},
            "obBackupServiceStorageConfig": {"storageId": 5001}
        })
    );
}

#[test]
fn backup_now_param() {
    let text = fixture("backup_now_param.json");
    let p: BackupNowParam = serde_json::from_str(&text).unwrap();
    assert_eq!(p.backup_mode, BackupMode::Physical);
    assert_eq!(p.data_backup_mode, DataBackupMode::Incremental);
    assert_eq!(
        p.ob_backup_service_storage_config
            .as_ref()
            .unwrap()
            .storage_id,
        Some(5001)
    );
    assert_eq!(p.ob_backup_object, Some(BackupObject::cluster(1_000_005)));
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&p).unwrap(), original);
}

#[test]
fn restore_param_online() {
    let text = fixture("restore_online.json");
    let p: RestoreParam = serde_json::from_str(&text).unwrap();
    assert_eq!(p.backup_tenant_status, BackupTenantStatus::Online);
    assert_eq!(p.restore_offline_tenant_required_param, None);
    let on = p.restore_online_tenant_required_param.as_ref().unwrap();
    assert_eq!(
        (
            on.backup_cluster_id,
            on.backup_tenant_id,
            on.restore_cluster_id
        ),
        (1_000_005, 1_000_012, 1_000_007)
    );
    assert_eq!(on.restore_end_time.timestamp_millis(), 1_632_103_200_000);
    let info = &on.restore_tenant_info_param;
    assert_eq!(info.name, "t_restored");
    assert_eq!(info.primary_zone.as_deref(), Some("zone1;zone2"));
    assert_eq!(info.zones[0].replica_type, ReplicaType::Full);
    assert_eq!(info.zones[1].replica_type, ReplicaType::LogOnly);
    assert_eq!(
        info.zones[0].resource_pool,
        ResourcePool {
            unit_spec_name: "S1".into(),
            unit_count: 1
        }
    );
    // The console writes the point to the microsecond: the same instant, nothing cut.
    let mut expected: Value = serde_json::from_str(&text).unwrap();
    expected["restoreOnlineTenantRequiredParam"]["restoreEndTime"] =
        json!("2021-09-20T10:00:00.000000+08:00");
    assert_eq!(serde_json::to_value(&p).unwrap(), expected);
}

#[test]
fn restore_param_offline() {
    let text = fixture("restore_offline.json");
    let p: RestoreParam = serde_json::from_str(&text).unwrap();
    assert_eq!(p.backup_tenant_status, BackupTenantStatus::Offline);
    assert_eq!(p.restore_online_tenant_required_param, None);
    let off = p.restore_offline_tenant_required_param.as_ref().unwrap();
    assert_eq!(off.backup_mode, BackupMode::Physical);
    assert_eq!(off.backup_cluster_name, "obcluster_old");
    assert_eq!(off.backup_tenant_name, "t_archive");
    assert_eq!(off.restore_cluster_id, 1_000_007);
    let base = &off.ob_backup_storage_base_info;
    assert_eq!(base.backup_storage_type, StorageType::S3);
    assert_eq!(base.uri(), "s3://ob-archive/old");
    assert_eq!(
        base.access_key().unwrap().region.as_deref(),
        Some("us-east-1")
    );
    // The UTC form newer endpoints take.
    assert_eq!(off.restore_end_time.timestamp_millis(), 1_722_902_400_000);
    assert_eq!(off.restore_end_time.offset(), offset_hours(0));
    assert_eq!(off.restore_tenant_info_param.primary_zone, None);
    assert_eq!(
        off.restore_tenant_info_param.zones[0].replica_type,
        ReplicaType::ReadOnly
    );
    assert_eq!(
        off.restore_tenant_info_param.zones[0]
            .resource_pool
            .unit_count,
        2
    );

    let mut expected: Value = serde_json::from_str(&text).unwrap();
    expected["restoreOfflineTenantRequiredParam"]["restoreEndTime"] =
        json!("2024-08-06T00:00:00.000000+00:00");
    assert_eq!(serde_json::to_value(&p).unwrap(), expected);
    let again: RestoreParam = serde_json::from_value(expected).unwrap();
    assert_eq!(again, p);
}

// ---------------------------------------------------------------------------------------------
// 1.2 errors
// ---------------------------------------------------------------------------------------------

#[test]
fn error_with_a_numeric_code_and_sub_errors() {
    let (env, raw) = round_trip::<Envelope<BackupStrategy>>("error_numeric_code.json");
    assert!(env.is_failure());
    assert_eq!(env.status, 400);
    assert_eq!(env.data, None);
    let e = env.error.unwrap();
    assert_eq!(e.code, ErrorCode::Number(10001));
    assert_eq!(e.code.to_string(), "10001");
    assert_eq!(e.message, "Parameter is empty or invalid");
    assert!(e.debug_message.unwrap().starts_with("MethodArgument"));
    assert_eq!(e.target, None);
    assert_eq!(e.sub_errors.len(), 2);
    assert_eq!(
        e.sub_errors[0].field.as_deref(),
        Some("obBackupServiceStorageConfig.configName")
    );
    assert_eq!(e.sub_errors[0].rejected_value, Some(json!("9bad")));
    assert_eq!(e.sub_errors[1].rejected_value, Some(json!(-1)));
    assert_eq!(e.sub_errors[1].message, "must be positive");
    assert_eq!(raw["error"]["code"], 10001);
    assert!(raw.get("data").is_none());
}

#[test]
fn error_with_a_string_code() {
    let (env, raw) = round_trip::<Envelope<OpsResult>>("error_string_code.json");
    assert!(env.is_failure());
    assert_eq!(env.status, 409);
    let e = env.error.unwrap();
    assert_eq!(e.code, ErrorCode::Text("BAK21001".into()));
    assert_eq!(e.code.to_string(), "BAK21001");
    assert_eq!(e.debug_message, None);
    assert_eq!(e.target, Some(json!({"clusterId": 1000005})));
    assert_eq!(
        e.sub_errors[0].rejected_value,
        Some(json!({"id": 1000005, "name": "obcluster_prod"}))
    );
    assert_eq!(raw["error"]["code"], "BAK21001");
}

#[test]
fn throttled_error_with_code_zero() {
    let (env, _) = round_trip::<Envelope<Paged<DataBackupTask>>>("error_throttled.json");
    assert!(env.is_failure());
    assert_eq!(env.status, 429);
    assert_eq!(env.data, None);
    let e = env.error.unwrap();
    assert_eq!(e.code, ErrorCode::Number(0));
    assert!(e.message.starts_with("Too many requests"));
    assert!(e.sub_errors.is_empty());
    assert_eq!(e.debug_message, None);
}

#[test]
fn error_with_null_sub_errors_and_message() {
    let env: Envelope<Overview> = serde_json::from_str(
        r#"{"successful":false,"status":404,"error":{"code":"BAK10003","message":null,"subErrors":null}}"#,
    )
    .unwrap();
    let e = env.error.unwrap();
    assert_eq!(e.code, ErrorCode::from("BAK10003"));
    assert!(e.sub_errors.is_empty());
    assert_eq!(e.message, "");
}

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let env: Envelope<Paged<DataBackupTask>> = serde_json::from_value(json!({
        "data": {
            "contents": [{
                "taskId": 7, "dataBackupTaskType": "FULL_BACKUP", "status": "DONE",
                "progress": 100, "extra": {"deep": [1, {"x": null}]}
            }],
            "page": {"totalElements": 1, "totalPages": 1, "number": 1, "size": 10, "sort": "id,desc"},
            "facets": []
        },
        "successful": true, "status": 200, "path": "/api/v2/ob/clusters/1/backup/task/dataBackupTasks",
        "errorCode": null, "message": "ok"
    }))
    .unwrap();
    let page = env.data.unwrap();
    assert_eq!(page.contents[0].task_id, 7);
    assert_eq!(page.page.unwrap().size, 10);
}

// ---------------------------------------------------------------------------------------------
// open enums
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_enum_values_are_kept_and_written_back_unchanged() {
    let task: DataBackupTask = serde_json::from_value(json!({
        "taskId": 9, "dataBackupTaskType": "FULL_BACKUP", "status": "PAUSING"
    }))
    .unwrap();
    assert_eq!(task.status, DataBackupStatus::Other("PAUSING".into()));
    assert!(!task.status.is_known());
    assert_eq!(task.status.tone(), StatusTone::Neutral);
    assert_eq!(task.status.to_string(), "PAUSING");
    assert_eq!(serde_json::to_value(&task).unwrap()["status"], "PAUSING");

    let restore: RestoreTask = serde_json::from_value(json!({
        "id": 1, "status": "RESTORE_SOMETHING_NEW"
    }))
    .unwrap();
    assert_eq!(
        restore.status,
        RestoreStatus::Other("RESTORE_SOMETHING_NEW".into())
    );
    assert_eq!(restore.status.tone(), StatusTone::Neutral);
    assert_eq!(
        serde_json::to_value(&restore).unwrap()["status"],
        "RESTORE_SOMETHING_NEW"
    );

    let storage: StorageBaseInfo = serde_json::from_value(json!({
        "backupStorageType": "BACKUP_STORAGE_NFS4", "storageUrl": "nfs-host:/export/ob"
    }))
    .unwrap();
    assert_eq!(
        storage.backup_storage_type,
        StorageType::Other("BACKUP_STORAGE_NFS4".into())
    );
    assert_eq!(storage.uri(), "nfs-host:/export/ob");
    assert_eq!(storage.access_key(), None);
    assert_eq!(
        serde_json::to_value(&storage).unwrap(),
        json!({"backupStorageType": "BACKUP_STORAGE_NFS4", "storageUrl": "nfs-host:/export/ob"})
    );

    // A whole page with a new log status and a new ops type still decodes.
    let log: LogBackupTask =
        serde_json::from_value(json!({"status": "SUSPENDED", "delay": 1.5})).unwrap();
    assert_eq!(log.status, LogBackupStatus::Other("SUSPENDED".into()));
    let ops: OpsResult =
        serde_json::from_value(json!({"obBackupTaskType": "CANCEL_BACKUP"})).unwrap();
    assert_eq!(ops.ob_backup_task_type.as_str(), "CANCEL_BACKUP");
    assert!(ops.task_ids().is_empty());

    // Known values are still recognised through the same path.
    assert_eq!(
        "POST_CHECK".parse::<RestoreStatus>().unwrap(),
        RestoreStatus::PostCheck4
    );
    assert!(RestoreStatus::KNOWN.iter().all(RestoreStatus::is_known));
}

// ---------------------------------------------------------------------------------------------
// round trips of every fixture, and secrets
// ---------------------------------------------------------------------------------------------

#[test]
fn every_response_fixture_round_trips() {
    round_trip::<Envelope<BackupStrategy>>("strategy_week.json");
    round_trip::<Envelope<BackupStrategy>>("strategy_month.json");
    round_trip::<Envelope<BackupStrategy>>("strategy_none_null.json");
    round_trip::<Envelope<BackupStrategy>>("strategy_none_object.json");
    round_trip::<Envelope<Ability>>("ability.json");
    round_trip::<Envelope<Overview>>("overview_full.json");
    round_trip::<Envelope<Overview>>("overview_sparse.json");
    round_trip::<Envelope<OpsResult>>("ops_create_strategy.json");
    round_trip::<Envelope<OpsResult>>("ops_backup_now.json");
    round_trip::<Envelope<OpsResult>>("ops_stop_schedule.json");
    round_trip::<Envelope<Paged<DataBackupTask>>>("data_backup_tasks.json");
    round_trip::<Envelope<Paged<LogBackupTask>>>("log_backup_tasks.json");
    round_trip::<Envelope<Paged<RestoreTask>>>("restore_tasks.json");
    round_trip::<Envelope<BackupInfo>>("backup_info.json");
    round_trip::<Envelope<Paged<Cluster>>>("clusters.json");
    round_trip::<Envelope<Paged<Tenant>>>("tenants_zone_names.json");
    round_trip::<Envelope<Paged<Tenant>>>("tenants_zone_objects.json");
    round_trip::<Envelope<Paged<UnitSpec>>>("unit_specs.json");
    round_trip::<Envelope<TaskInstance>>("task_instance.json");
    round_trip::<Envelope<ServerInfo>>("info.json");
    round_trip::<Envelope<StampTime>>("time.json");
    round_trip::<Envelope<()>>("error_numeric_code.json");
    round_trip::<Envelope<()>>("error_string_code.json");
    round_trip::<Envelope<()>>("error_throttled.json");
    round_trip::<StrategyParam>("strategy_param.json");
    round_trip::<BackupNowParam>("backup_now_param.json");
    round_trip::<RestoreParam>("restore_online.json");
    round_trip::<RestoreParam>("restore_offline.json");
}

#[test]
fn without_secrets_drops_every_access_key_secret() {
    let key = |extra: Value| {
        let mut k = json!({"endpoint": "e", "accessKeyId": "id", "accessKeySecret": "SECRET"});
        k.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        k
    };
    for (kind, field, extra) in [
        ("BACKUP_STORAGE_OSS", "ossAccessKey", json!({})),
        (
            "BACKUP_STORAGE_COS",
            "cosAccessKey",
            json!({"appId": "125"}),
        ),
        (
            "BACKUP_STORAGE_S3",
            "s3AccessKey",
            json!({"region": "us-east-1"}),
        ),
    ] {
        let with: StorageBaseInfo = serde_json::from_value(json!({
            "backupStorageType": kind, "storageUrl": "bucket/dir", field: key(extra.clone())
        }))
        .unwrap();
        assert_eq!(
            with.access_key().unwrap().access_key_secret.as_deref(),
            Some("SECRET")
        );
        let without = with.clone().without_secrets();
        let k = without.access_key().unwrap();
        assert_eq!(k.access_key_secret, None, "{kind}");
        assert_eq!(k.access_key_id.as_deref(), Some("id"), "{kind}");
        assert_eq!(k.endpoint.as_deref(), Some("e"), "{kind}");
        assert_eq!(without.storage_url, with.storage_url);
        let text = serde_json::to_string(&without).unwrap();
        assert!(!text.contains("accessKeySecret"), "{kind}: {text}");
        assert!(!text.contains("SECRET"), "{kind}: {text}");
        let mut expected = key(extra);
        expected.as_object_mut().unwrap().remove("accessKeySecret");
        assert_eq!(serde_json::to_value(&without).unwrap()[field], expected);
    }

    // Keys under a field that does not match the type are scrubbed as well.
    let mixed: StorageBaseInfo = serde_json::from_value(json!({
        "backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/",
        "ossAccessKey": {"accessKeySecret": "a"}, "cosAccessKey": {"accessKeySecret": "b"},
        "s3AccessKey": {"accessKeySecret": "c"}
    }))
    .unwrap();
    let text = serde_json::to_string(&mixed.without_secrets()).unwrap();
    assert!(!text.contains("accessKeySecret"), "{text}");

    // And through a whole strategy, as the emulator answers a GET.
    let p: StrategyParam = decode("strategy_param.json");
    let base = p
        .ob_backup_service_storage_config
        .unwrap()
        .ob_backup_storage_base_info
        .unwrap()
        .without_secrets();
    assert_eq!(base.oss_access_key.unwrap().access_key_secret, None);
}

#[test]
fn null_lists_and_names_from_a_java_server_read_as_empty() {
    let task: DataBackupTask = serde_json::from_str(
        r#"{"taskId":1,"dataBackupTaskType":"FULL_BACKUP","status":"DONE","dataSecondaryBackupTaskIds":null}"#,
    )
    .unwrap();
    assert!(task.data_secondary_backup_task_ids.is_empty());
    let cluster: Cluster = serde_json::from_str(r#"{"id":1,"name":null,"zones":null}"#).unwrap();
    assert!(cluster.zones.is_empty() && cluster.name.is_empty());
    let info: BackupInfo = serde_json::from_str(
        r#"{"clusterId":1,"clusterName":null,"obRecoverableInfoAggregation":null,"tenantBackupInfos":null}"#,
    )
    .unwrap();
    assert!(
        info.tenant_backup_infos.is_empty()
            && info.ob_recoverable_info_aggregation.windows().is_empty()
    );
}
