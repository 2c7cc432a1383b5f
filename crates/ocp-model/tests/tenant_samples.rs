//! Tenant-level answers (ocp-api.md 2b), built from the document's samples, decoded in every
//! time style a tenant screen receives: `Z` with microseconds (data and restore rows),
//! `+08:00` with microseconds (log rows), `+0800` with milliseconds (strategy times),
//! nanoseconds with trailing zeros dropped (`/backup/info`) and the OB 4.x epoch `freezeTime`
//! placeholder with `dataVersion: -1`.

use ocp_model::scope::{TENANT_DATA_STATUS_FILTERS, TENANT_LOG_STATUS_FILTERS};
use ocp_model::time::{parse_datetime, NanoStyle, TimeStyle, UtcMicroStyle};
use ocp_model::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn data_of<T: DeserializeOwned>(envelope: Value) -> T {
    let e: Envelope<T> = serde_json::from_value(envelope).expect("envelope decodes");
    e.data.expect("data")
}

fn envelope(data: Value) -> Value {
    json!({"data": data, "successful": true, "status": 200,
           "timestamp": "2024-08-09T16:13:34.483+08:00", "duration": 12,
           "traceId": "8f2b6c1d0e4a5b3c", "server": "ocp-1"})
}

/// The instant to the microsecond and the offset as sent.
fn at(t: &OcpTime<impl Sized>) -> (i64, i32) {
    (t.timestamp_micros(), t.offset().local_minus_utc())
}

fn us(s: &str) -> i64 {
    parse_datetime(s).unwrap().timestamp_micros()
}

#[test]
fn tenant_strategy_get_with_its_plus0800_millisecond_times() {
    let s: BackupStrategy = data_of(envelope(json!({
        "id": 12, "createTime": "2024-08-02T14:54:45.000+0800", "updateTime": "2024-08-02T14:54:45.123+0800",
        "clusterId": 1000005, "clusterName": "ob_431", "obClusterId": 199,
        "tenantId": 1000012, "tenantName": "t1", "obTenantId": 1050,
        "backupDimension": "TENANT", "type": "BACKUP", "backupMode": "PHYSICAL_BACKUP",
        "serviceConfigName": "svc", "physical": true, "physicalAndWasLogical": false,
        "retainMode": "RESERVE_ALL", "secondaryBackupEnabled": false,
        "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleEnabled": true,
            "backupScheduleTime": "02:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"2": "FULL_BACKUP", "4": "FULL_BACKUP", "6": "FULL_BACKUP"},
            "startLogBackup": true},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 7, "noSuccessfulDataBackupAlarmDays": 2,
            "logBackupDelaySeconds": 300},
        "obBackupServiceStorageConfig": {"configName": "obbackup", "storageId": 26,
            "serviceType": "BACKUP_RESTORE_SERVICE", "serviceId": 3, "hostIdList": [1, 2],
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}},
        "customBackupRangeList": [{"backupType": "DATA", "nodeType": "ZONE", "nodeList": ["zone1,zone2", "zone3"]}]
    })));
    assert!(s.exists());
    assert_eq!(s.backup_dimension, Some(BackupDimension::Tenant));
    assert_eq!((s.tenant_id, s.ob_tenant_id), (Some(1000012), Some(1050)));
    assert_eq!(s.tenant_name.as_deref(), Some("t1"));
    let created = s.create_time.unwrap();
    assert_eq!(at(&created), (us("2024-08-02T06:54:45Z"), 8 * 3600));
    assert_eq!(
        at(&s.update_time.unwrap()).0,
        us("2024-08-02T06:54:45.123Z")
    );
    let st = &s.ob_backup_service_storage_config;
    assert_eq!(st.service_type.as_deref(), Some("BACKUP_RESTORE_SERVICE"));
    assert_eq!(st.host_id_list, Some(vec![1, 2]));
    assert_eq!(
        s.custom_backup_range_list[0].node_list,
        ["zone1,zone2", "zone3"]
    );
    assert_eq!(s.retain_mode.as_deref(), Some("RESERVE_ALL"));
    // The base of a PATCH names the tenant.
    let p = validate::param_of(&s);
    assert_eq!(p.ob_backup_object_list[0].tenant_id, Some(1000012));
    assert_eq!(
        p.ob_backup_object_list[0].backup_dimension,
        BackupDimension::Tenant
    );
}

#[test]
fn an_unneeded_field_of_the_wrong_type_never_breaks_a_strategy() {
    let text = json!({
        "id": 12, "tenantId": "not a number", "physical": "yes", "retainMode": 3,
        "customBackupRangeList": "zone1", "backupMode": "PHYSICAL_BACKUP",
        "obBackupServiceStorageConfig": {"hostIdList": "1,2", "serviceId": {}},
    })
    .to_string();
    let (s, warnings): (BackupStrategy, _) = lenient::decode(&text).unwrap();
    assert_eq!(warnings.len(), 6, "{warnings:?}");
    assert_eq!(s.id, Some(12));
    assert_eq!(s.tenant_id, None);
    assert!(s.custom_backup_range_list.is_empty());
}

#[test]
fn s3_storage_and_its_secret_is_redacted() {
    let st: StorageConfig = serde_json::from_value(json!({"obBackupStorageBaseInfo": {
        "backupStorageType": "BACKUP_STORAGE_S3", "storageUrl": "bucket/dir",
        "s3AccessKey": {"endpoint": "s3.amazonaws.com", "accessKeyId": "AKIA", "accessKeySecret": "s3cr3t", "region": "us-east-1"}}}))
    .unwrap();
    let b = st.ob_backup_storage_base_info.unwrap();
    assert_eq!(b.backup_storage_type, StorageType::S3);
    let k = b.access_key().unwrap();
    assert_eq!(k.region.as_deref(), Some("us-east-1"));
    let shown = b.without_secrets();
    let text = serde_json::to_string(&shown).unwrap();
    assert!(!text.contains("s3cr3t"), "{text}");
}

#[test]
fn ops_results_name_the_tenant() {
    let r: OpsResult = data_of(envelope(json!({"obBackupTaskType": "DATA_BACKUP_NOW",
        "backupObjectOpsResultList": [{"beSuccessful": true,
            "obBackupObjectList": [{"backupDimension": "TENANT", "clusterId": 1000005, "tenantId": 1000012}],
            "taskIdList": [3000041], "errorCode": null, "hint": null}]})));
    let item = &r.backup_object_ops_result_list[0];
    assert_eq!(
        item.ob_backup_object_list[0],
        BackupScope::Tenant {
            cluster_id: 1000005,
            tenant_id: 1000012
        }
        .backup_object()
    );
    assert_eq!(item.task_id_list, Some(vec![3000041]));
    // startSchedule has no taskIdList in the sample.
    let r: OpsResult = serde_json::from_value(json!({"obBackupTaskType": "START_BACKUP_SCHEDULE",
        "backupObjectOpsResultList": [{"beSuccessful": true,
            "obBackupObjectList": [{"backupDimension": "TENANT", "clusterId": 1000005, "tenantId": 1000012}]}]}))
    .unwrap();
    assert_eq!(r.backup_object_ops_result_list[0].task_id_list, None);
}

#[test]
fn tenant_data_rows_in_utc_microseconds() {
    let p: Paged<DataBackupTask> = data_of(envelope(json!({"contents": [{
        "taskId": 3000041, "backupSetId": 3, "dataBackupTaskType": "FULL_BACKUP",
        "backupMode": "PHYSICAL_BACKUP", "status": "DONE",
        "startTime": "2024-08-09T08:00:52.151857Z", "finishTime": "2024-08-09T08:02:57.151857Z",
        "snapshotVersionTime": "2024-08-09T08:00:50.000001Z", "duration": 125,
        "errorMsg": "", "backupUri": "file:///obbackup/ob_431/199/tenant_incarnation_1/1050/data",
        "clusterId": 1000005, "clusterName": "ob_431", "obClusterId": 199, "clusterType": "PRIMARY",
        "tenantId": 1000012, "obTenantId": 1050, "tenantName": "t1", "backupDimension": "TENANT"}],
        "page": {"totalElements": 1, "totalPages": 1, "number": 1, "size": 5000}})));
    let r = &p.contents[0];
    assert_eq!(r.backup_dimension, Some(BackupDimension::Tenant));
    assert_eq!((r.tenant_id, r.ob_tenant_id), (Some(1000012), Some(1050)));
    assert_eq!(r.duration, Some(125));
    assert_eq!(
        at(&r.start_time.unwrap()),
        (us("2024-08-09T16:00:52.151857+08:00"), 0)
    );
    assert_eq!(
        at(&r.snapshot_version_time.unwrap()).0,
        us("2024-08-09T08:00:50.000001Z")
    );
    let secs = (r.finish_time.unwrap().timestamp_micros()
        - r.start_time.unwrap().timestamp_micros())
        / 1_000_000;
    assert_eq!(secs, 125);
    assert_eq!(r.data_version, None);
    assert_eq!(p.page.unwrap().size, 5000);
}

#[test]
fn tenant_log_rows_colon_offset_microseconds_and_both_status_vocabularies() {
    let p: Paged<LogBackupTask> = data_of(envelope(json!({"contents": [
        {"backupDimension": "TENANT", "createTime": "2024-08-09T16:04:21.810084+08:00",
         "modifyTime": "2024-08-09T16:04:21.810084+08:00",
         "checkpoint": "2024-08-09T16:12:00.216218+08:00", "delay": 100.1899, "status": "RUNNING",
         "errorMsg": "", "backupUri": "file:///obbackup", "backupMode": "PHYSICAL_BACKUP",
         "agentServerIp": "", "clusterId": 1000005, "clusterName": "ob_431", "clusterType": "PRIMARY",
         "obClusterId": 199, "tenantId": 1000012, "obTenantId": 1050, "tenantName": "t1"},
        {"createTime": "2024-08-09T16:04:21.810084+08:00", "status": "INPROGRESS", "delay": 3}
    ], "page": {"totalElements": 2, "totalPages": 1, "number": 1, "size": 10}})));
    let r = &p.contents[0];
    assert_eq!(r.delay, Some(100.1899));
    assert_eq!(r.cluster_type, Some(ClusterType::Primary));
    assert_eq!(
        at(&r.checkpoint.unwrap()),
        (us("2024-08-09T08:12:00.216218Z"), 8 * 3600)
    );
    // RUNNING (rows) and INPROGRESS (filters) mean the same.
    assert_eq!(r.status.filter_value(), LogBackupStatus::InProgress);
    assert_eq!(r.status.tone(), p.contents[1].status.tone());
    assert_eq!(
        LogBackupStatus::Beginning.filter_value(),
        LogBackupStatus::Starting
    );
    assert_eq!(
        LogBackupStatus::Beginning.tone(),
        LogBackupStatus::Starting.tone()
    );
    assert!(TENANT_LOG_STATUS_FILTERS.contains(&r.status.filter_value()));
    assert_eq!(TENANT_DATA_STATUS_FILTERS[8], DataBackupStatus::Unknown);
}

#[test]
fn tenant_restore_rows_in_utc_microseconds() {
    let p: Paged<RestoreTask> = data_of(envelope(json!({"contents": [{
        "id": 7, "backupMode": "PHYSICAL_BACKUP", "triggerType": "NORMAL", "restoreObjectType": "TENANT",
        "createTime": "2024-08-08T08:25:39.150608Z", "finishTime": "2024-08-08T08:31:02.000417Z",
        "backupClusterName": "ob_431", "backupTenantName": "t1", "backupObTenantId": 1050,
        "restoreClusterId": 1000006, "restoreClusterName": "ob_test", "restoreObClusterId": 200,
        "restoreTenantName": "t1_r", "restorePoolListStr": "pool1",
        "restoreUri": "file:///obbackup/clog,file:///obbackup/data",
        "restoreEndTime": "2024-08-08T08:00:00.000001Z", "status": "RESTORE_SUCCESS",
        "statusDesc": "Completed", "progress": null, "errorMsg": "", "finished": true, "successful": true}],
        "page": {"totalElements": 1, "totalPages": 1, "number": 1, "size": 10}})));
    let r = &p.contents[0];
    assert_eq!(r.trigger_type.as_deref(), Some("NORMAL"));
    assert_eq!(r.restore_object_type.as_deref(), Some("TENANT"));
    assert_eq!(r.status_desc.as_deref(), Some("Completed"));
    assert_eq!(r.ocp_job_id, None);
    assert_eq!(
        at(&r.restore_end_time.unwrap()),
        (us("2024-08-08T16:00:00.000001+08:00"), 0)
    );
    assert!(r.finished && r.successful);
}

#[test]
fn tenant_info_in_nanoseconds_with_the_epoch_freeze_time() {
    let item = |set: i64, t: &str| {
        json!({"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "backupMode": "PHYSICAL_BACKUP",
               "backupDimension": "CLUSTER",
               "dataBackupRecoverableInfo": {"freezeTime": "1970-01-01T08:00:00+08:00",
                   "recoverableTime": t, "dataVersion": -1, "fullBackupSetId": set}})
    };
    let info: TenantBackupInfo = data_of(envelope(json!({
        "clusterId": 1000005, "clusterName": "ob_431", "obClusterId": 199,
        "tenantId": 1000012, "obTenantId": 1050, "tenantName": "t1", "online": true,
        "obRecoverableInfoAggregation": {"obQueryTimeScopeType": "LATEST_SEVEN_DAYS",
            "latestSevenDaysAggregation": {"obRecoverableSectionItems": [
                item(1, "2024-08-02T16:01:41.862678516+08:00"),
                item(2, "2024-08-03T02:01:12.21621827+08:00"),
                {"obRecoverableSectionItemType": "LOG_BACKUP", "backupMode": "PHYSICAL_BACKUP",
                 "logRecoverableTimeInterval": {"startTime": "2024-08-02T15:00:00.1+08:00",
                                                "endTime": "2024-08-09T16:12:00.216218271+08:00"}},
                {"obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
                 "realRecoverableTimeInterval": {"startTime": "2024-08-02T16:01:41.862678516+08:00",
                                                 "endTime": "2024-08-09T16:12:00.216218271+08:00"}}]}}})));
    assert_eq!(info.cluster_id, Some(1000005));
    assert_eq!(info.tenant_id, 1000012);
    let items = &info
        .ob_recoverable_info_aggregation
        .latest_seven_days_aggregation
        .as_ref()
        .unwrap()
        .ob_recoverable_section_items;
    assert_eq!(items[0].backup_dimension, Some(BackupDimension::Cluster));
    let p = items[0].data_backup_recoverable_info.as_ref().unwrap();
    assert_eq!(p.data_version, Some(-1));
    let freeze = p.freeze_time.unwrap();
    assert_eq!(at(&freeze), (0, 8 * 3600));
    // Nanoseconds: the instant is kept to the microsecond (and beyond), the offset as sent.
    assert_eq!(
        at(&p.recoverable_time),
        (us("2024-08-02T08:01:41.862678Z"), 8 * 3600)
    );
    assert_eq!(
        p.recoverable_time.datetime().timestamp_subsec_nanos(),
        862_678_516
    );
    let p2 = items[1].data_backup_recoverable_info.as_ref().unwrap();
    assert_eq!(
        p2.recoverable_time.datetime().timestamp_subsec_nanos(),
        216_218_270
    );
    assert_eq!(
        p2.recoverable_time.timestamp_micros(),
        us("2024-08-03T02:01:12.216218+08:00")
    );
    let w = info.ob_recoverable_info_aggregation.windows();
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].start_time.timestamp_micros(),
        us("2024-08-02T16:01:41.862678+08:00")
    );
}

#[test]
fn tenant_styles_are_written_exactly() {
    let dt = parse_datetime("2024-08-09T16:00:52.151857+08:00").unwrap();
    assert_eq!(UtcMicroStyle::write(&dt), "2024-08-09T08:00:52.151857Z");
    let ns = parse_datetime("2024-08-02T16:01:41.862678516+08:00").unwrap();
    assert_eq!(NanoStyle::write(&ns), "2024-08-02T16:01:41.862678516+08:00");
    let short = parse_datetime("2024-08-03T02:01:12.216218270+08:00").unwrap();
    assert_eq!(
        NanoStyle::write(&short),
        "2024-08-03T02:01:12.21621827+08:00"
    );
    let epoch = parse_datetime("1970-01-01T08:00:00+08:00").unwrap();
    assert_eq!(NanoStyle::write(&epoch), "1970-01-01T08:00:00+08:00");
    assert_eq!(
        TaskTime::parse("2024-08-02T14:54:45.000+0800")
            .unwrap()
            .to_wire(),
        "2024-08-02T14:54:45.000+0800"
    );
    // Every style reads back to the same instant and offset it was written from.
    for s in [
        "2024-08-09T08:00:52.151857Z",
        "2024-08-09T16:04:21.810084+08:00",
        "2024-08-02T14:54:45.000+0800",
        "2024-08-02T16:01:41.862678516+08:00",
        "2024-08-02T16:01:41.21621827+08:00",
        "1970-01-01T08:00:00+08:00",
        "2024-08-06T00:00:00Z",
    ] {
        let t: RecoverableTime = serde_json::from_value(json!(s)).unwrap();
        assert_eq!(t.datetime(), parse_datetime(s).unwrap(), "{s}");
    }
}
