use super::*;
use crate::restore::{OnlineRestoreParam, ResourcePool, RestoreZone};
use crate::time::{offset_hours, RecoverableTime};
use std::collections::BTreeMap;

fn strategy() -> StrategyParam {
    StrategyParam {
        backup_mode: Some(BackupMode::Physical),
        ob_backup_schedule_config: Some(ScheduleConfig {
            backup_schedule_mode: Some(ScheduleMode::Week),
            backup_schedule_enabled: Some(true),
            backup_schedule_time: TimeOfDay::new(2, 0, offset_hours(8)),
            day_and_data_backup_model_map: Some(BTreeMap::from([
                (2, DataBackupMode::Full),
                (6, DataBackupMode::Incremental),
            ])),
            start_log_backup: Some(true),
            clean_enabled: Some(true),
            backup_data_retention_days: Some(7),
            clean_schedule_time: TimeOfDay::new(4, 0, offset_hours(8)),
        }),
        ob_backup_threshold_config: Some(ThresholdConfig {
            data_backup_timeout_minutes: Some(720),
            no_successful_data_backup_alarm_days: Some(3),
            log_backup_delay_seconds: Some(300),
            lib_ob_log_expire_days: None,
        }),
        ob_backup_service_storage_config: Some(StorageConfig {
            config_name: Some("nfs_backup".into()),
            storage_id: Some(6001),
            service_name: None,
            alarm_storage_percentage_threshold: Some(80),
            ob_backup_storage_base_info: Some(StorageBaseInfo {
                backup_storage_type: StorageType::File,
                storage_url: Some("/obbackup/".into()),
                oss_access_key: None,
                cos_access_key: None,
                s3_access_key: None,
            }),
            ..StorageConfig::default()
        }),
        secondary_backup_enabled: Some(false),
        ob_secondary_backup_config: None,
        ob_backup_object_list: vec![BackupObject::cluster(1)],
        custom_backup_range_list: Vec::new(),
    }
}

const CTX: StrategyContext<'static> = StrategyContext {
    ob_version: "4.2.1.0",
    ability: Some(&BackupAbility::LogicalAndPhysical),
    is_standby: false,
};

fn codes_of(p: &StrategyParam) -> Vec<(String, &'static str)> {
    validate_strategy(p, &CTX)
        .into_iter()
        .map(|v| (v.field, v.code))
        .collect()
}

fn sched(p: &mut StrategyParam) -> &mut ScheduleConfig {
    p.ob_backup_schedule_config.as_mut().unwrap()
}

fn storage(p: &mut StrategyParam) -> &mut StorageConfig {
    p.ob_backup_service_storage_config.as_mut().unwrap()
}

fn one(p: &StrategyParam, field: &str, code: &str) {
    let got = codes_of(p);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, field, "{got:?}");
    assert_eq!(got[0].1, code, "{got:?}");
}

#[test]
fn a_good_strategy_passes_and_messages_exist_in_both_languages() {
    assert!(codes_of(&strategy()).is_empty());
    let mut p = strategy();
    p.backup_mode = None;
    let v = validate_strategy(&p, &CTX);
    assert_eq!(v[0].message(Lang::En), "backupMode is required.");
    assert!(v[0].message(Lang::Zh).contains("必填"));
}

#[test]
fn backup_mode_must_be_physical_or_logical_and_allowed() {
    let mut p = strategy();
    p.backup_mode = Some(BackupMode::Other("SNAPSHOT".into()));
    one(&p, fields::BACKUP_MODE, codes::INVALID);
    let mut p = strategy();
    p.backup_mode = Some(BackupMode::Physical);
    let ctx = StrategyContext {
        ability: Some(&BackupAbility::Logical),
        ..CTX
    };
    let v = validate_strategy(&p, &ctx);
    assert_eq!(v[0].code, codes::MODE_UNSUPPORTED);
}

#[test]
fn standby_clusters_cannot_have_a_strategy() {
    let ctx = StrategyContext {
        is_standby: true,
        ..CTX
    };
    assert_eq!(validate_strategy(&strategy(), &ctx)[0].code, codes::STANDBY);
}

#[test]
fn schedule_mode_is_week_or_month() {
    let mut p = strategy();
    sched(&mut p).backup_schedule_mode = Some(ScheduleMode::Other("DAY".into()));
    one(&p, fields::SCHEDULE_MODE, codes::INVALID);
    let mut p = strategy();
    sched(&mut p).backup_schedule_mode = None;
    one(&p, fields::SCHEDULE_MODE, codes::INVALID);
}

#[test]
fn week_days_are_1_to_7_and_month_days_1_to_31_at_most_10() {
    let mut p = strategy();
    sched(&mut p)
        .day_and_data_backup_model_map
        .as_mut()
        .unwrap()
        .insert(8, DataBackupMode::Full);
    one(&p, fields::DAYS, codes::INVALID);
    let mut p = strategy();
    sched(&mut p)
        .day_and_data_backup_model_map
        .as_mut()
        .unwrap()
        .insert(0, DataBackupMode::Full);
    one(&p, fields::DAYS, codes::INVALID);
    let mut p = strategy();
    sched(&mut p).backup_schedule_mode = Some(ScheduleMode::Month);
    sched(&mut p)
        .day_and_data_backup_model_map
        .as_mut()
        .unwrap()
        .insert(31, DataBackupMode::Full);
    assert!(codes_of(&p).is_empty());
    sched(&mut p)
        .day_and_data_backup_model_map
        .as_mut()
        .unwrap()
        .insert(32, DataBackupMode::Full);
    one(&p, fields::DAYS, codes::INVALID);
    let mut p = strategy();
    sched(&mut p).backup_schedule_mode = Some(ScheduleMode::Month);
    sched(&mut p).day_and_data_backup_model_map =
        Some((1..=11).map(|d| (d, DataBackupMode::Full)).collect());
    let v = validate_strategy(&p, &CTX);
    assert_eq!(v.len(), 1);
    assert!(v[0].en.contains("at most 10"), "{}", v[0].en);
    sched(&mut p).day_and_data_backup_model_map =
        Some((1..=10).map(|d| (d, DataBackupMode::Full)).collect());
    assert!(codes_of(&p).is_empty());
}

#[test]
fn scheduling_on_needs_a_day_off_does_not() {
    let mut p = strategy();
    sched(&mut p).day_and_data_backup_model_map = Some(BTreeMap::new());
    one(&p, fields::DAYS, codes::INVALID);
    sched(&mut p).backup_schedule_enabled = Some(false);
    assert!(codes_of(&p).is_empty());
}

#[test]
fn day_values_are_full_or_incremental_and_logical_is_full_only() {
    let mut p = strategy();
    sched(&mut p)
        .day_and_data_backup_model_map
        .as_mut()
        .unwrap()
        .insert(3, DataBackupMode::Other("DIFF".into()));
    one(&p, fields::DAYS, codes::INVALID);
    let mut p = strategy();
    p.backup_mode = Some(BackupMode::Logical);
    one(&p, fields::DAYS, codes::MODE_UNSUPPORTED);
}

#[test]
fn physical_backup_needs_log_backup() {
    let mut p = strategy();
    sched(&mut p).start_log_backup = Some(false);
    one(&p, fields::LOG_BACKUP, codes::INVALID);
    // Logical backup does not.
    p.backup_mode = Some(BackupMode::Logical);
    sched(&mut p).day_and_data_backup_model_map = Some(BTreeMap::from([(1, DataBackupMode::Full)]));
    assert!(codes_of(&p).is_empty());
}

#[test]
fn schedule_time_present_and_well_formed() {
    let mut p = strategy();
    sched(&mut p).backup_schedule_time = None;
    one(&p, fields::SCHEDULE_TIME, codes::SCHEDULE_TIME);
    for bad in [
        "02:00",
        "2am",
        "25:00:00.000+08:00",
        "02:00:00.000+0x:00",
        "",
    ] {
        let v = check_time_text(fields::SCHEDULE_TIME, bad).unwrap_err();
        assert_eq!(v.code, codes::SCHEDULE_TIME, "{bad}");
        assert!(v.en.contains("HH:mm:ss.SSSXXX"));
    }
    for good in ["02:00:00.000+08:00", "23:30:00-05:00", "00:00Z"] {
        assert!(check_time_text("t", good).is_ok(), "{good}");
    }
}

#[test]
fn retention_at_least_one_day_when_cleanup_is_on() {
    let mut p = strategy();
    sched(&mut p).backup_data_retention_days = Some(0);
    one(&p, fields::RETENTION_DAYS, codes::INVALID);
    sched(&mut p).backup_data_retention_days = None;
    one(&p, fields::RETENTION_DAYS, codes::INVALID);
    sched(&mut p).clean_enabled = Some(false);
    assert!(codes_of(&p).is_empty());
}

#[test]
fn thresholds_are_required_and_positive() {
    let mut p = strategy();
    p.ob_backup_threshold_config = None;
    one(&p, fields::THRESHOLDS, codes::INVALID);
    for f in [
        fields::TIMEOUT_MINUTES,
        fields::ALARM_DAYS,
        fields::LOG_DELAY,
        fields::LIBOBLOG_DAYS,
    ] {
        let mut p = strategy();
        let t = p.ob_backup_threshold_config.as_mut().unwrap();
        match f {
            fields::TIMEOUT_MINUTES => t.data_backup_timeout_minutes = Some(0),
            fields::ALARM_DAYS => t.no_successful_data_backup_alarm_days = Some(0),
            fields::LOG_DELAY => t.log_backup_delay_seconds = Some(0),
            _ => t.lib_ob_log_expire_days = Some(0),
        }
        one(&p, f, codes::INVALID);
    }
}

#[test]
fn config_names_follow_bak10004() {
    for good in ["ab", "nfs_backup_1", "A234567890123456789012345678901b"] {
        assert!(check_config_name("n", good).is_none(), "{good}");
    }
    for bad in [
        "a",
        "1abc",
        "_abc",
        "has space",
        "dash-name",
        "ü_name",
        &"a".repeat(33),
    ] {
        let v = check_config_name("n", bad).unwrap();
        assert_eq!(v.code, codes::CONFIG_NAME, "{bad}");
    }
    let mut p = strategy();
    storage(&mut p).config_name = Some("9lives".into());
    one(&p, fields::CONFIG_NAME, codes::CONFIG_NAME);
    storage(&mut p).config_name = None;
    one(&p, fields::CONFIG_NAME, codes::CONFIG_NAME);
}

#[test]
fn file_storage_needs_a_path_without_scheme_and_a_sane_alarm() {
    let mut p = strategy();
    storage(&mut p)
        .ob_backup_storage_base_info
        .as_mut()
        .unwrap()
        .storage_url = None;
    one(&p, fields::STORAGE_URL, codes::STORAGE_URI);
    let mut p = strategy();
    storage(&mut p)
        .ob_backup_storage_base_info
        .as_mut()
        .unwrap()
        .storage_url = Some("file:///obbackup/".into());
    one(&p, fields::STORAGE_URL, codes::INVALID);
    for bad in [0, 101] {
        let mut p = strategy();
        storage(&mut p).alarm_storage_percentage_threshold = Some(bad);
        one(&p, fields::ALARM_PERCENT, codes::INVALID);
    }
    let mut p = strategy();
    storage(&mut p).ob_backup_storage_base_info = None;
    one(&p, fields::BASE_INFO, codes::STORAGE_URI);
    let mut p = strategy();
    p.ob_backup_service_storage_config = None;
    one(&p, fields::STORAGE, codes::INVALID);
}

fn object_store(kind: StorageType, key: AccessKey) -> StrategyParam {
    let mut p = strategy();
    let base = StorageBaseInfo {
        backup_storage_type: kind.clone(),
        storage_url: Some("bucket/dir".into()),
        oss_access_key: (kind == StorageType::Oss).then(|| key.clone()),
        cos_access_key: (kind == StorageType::Cos).then(|| key.clone()),
        s3_access_key: (kind == StorageType::S3).then(|| key.clone()),
    };
    storage(&mut p).ob_backup_storage_base_info = Some(base);
    p
}

fn full_key() -> AccessKey {
    AccessKey {
        endpoint: Some("oss-cn-hz.aliyuncs.com".into()),
        access_key_id: Some("id".into()),
        access_key_secret: Some("secret".into()),
        app_id: Some("125".into()),
        region: Some("us-east-1".into()),
    }
}

#[test]
fn object_stores_need_endpoint_id_secret_and_their_extra_field() {
    for kind in [StorageType::Oss, StorageType::Cos, StorageType::S3] {
        assert!(codes_of(&object_store(kind.clone(), full_key())).is_empty());
        let block = match kind {
            StorageType::Oss => "ossAccessKey",
            StorageType::Cos => "cosAccessKey",
            _ => "s3AccessKey",
        };
        let f = |n: &str| format!("{}.{block}.{n}", fields::BASE_INFO);
        for (name, code) in [
            ("endpoint", codes::STORAGE_ENDPOINT),
            ("accessKeyId", codes::STORAGE_KEY_ID),
            ("accessKeySecret", codes::STORAGE_SECRET),
        ] {
            let mut key = full_key();
            match name {
                "endpoint" => key.endpoint = Some(" ".into()),
                "accessKeyId" => key.access_key_id = None,
                _ => key.access_key_secret = None,
            }
            one(&object_store(kind.clone(), key), &f(name), code);
        }
        let mut key = full_key();
        key.app_id = None;
        key.region = None;
        let got = codes_of(&object_store(kind.clone(), key));
        match kind {
            StorageType::Cos => assert_eq!(got, vec![(f("appId"), codes::INVALID)]),
            StorageType::S3 => assert_eq!(got, vec![(f("region"), codes::INVALID)]),
            _ => assert!(got.is_empty()),
        }
    }
    // No key block at all: all three are missing.
    let mut p = object_store(StorageType::Oss, full_key());
    storage(&mut p)
        .ob_backup_storage_base_info
        .as_mut()
        .unwrap()
        .oss_access_key = None;
    let got: Vec<_> = codes_of(&p).into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        got,
        vec![
            codes::STORAGE_ENDPOINT,
            codes::STORAGE_KEY_ID,
            codes::STORAGE_SECRET
        ]
    );
    let mut p = strategy();
    storage(&mut p)
        .ob_backup_storage_base_info
        .as_mut()
        .unwrap()
        .backup_storage_type = StorageType::Other("NAS".into());
    one(&p, fields::STORAGE_TYPE, codes::INVALID);
}

#[test]
fn secondary_backup_needs_2_2_77() {
    let mut p = strategy();
    p.secondary_backup_enabled = Some(true);
    assert!(codes_of(&p).is_empty());
    let ctx = StrategyContext {
        ob_version: "2.1.1",
        ..CTX
    };
    let v = validate_strategy(&p, &ctx);
    assert_eq!(
        (v[0].field.as_str(), v[0].code),
        (fields::SECONDARY, codes::VERSION)
    );
    let ctx = StrategyContext {
        ob_version: "2.2.77",
        ..CTX
    };
    assert!(validate_strategy(&p, &ctx).is_empty());
}

#[test]
fn versions_compare_numerically() {
    use std::cmp::Ordering::*;
    assert_eq!(compare_versions("4.2.1.0", "3.10.0"), Greater);
    assert_eq!(compare_versions("3.2", "3.10"), Less);
    assert_eq!(compare_versions("2.2.77", "2.2.77.0"), Equal);
    assert!(version_at_least("2.2.77", "2.2.77"));
    assert!(!version_at_least("2.2.76", "2.2.77"));
}

#[test]
fn a_patch_changes_only_what_it_sends_and_keeps_the_secret() {
    let current = object_store(StorageType::Oss, full_key());
    let patch = StrategyParam {
        ob_backup_schedule_config: Some(ScheduleConfig {
            backup_data_retention_days: Some(14),
            ..ScheduleConfig::default()
        }),
        ob_backup_service_storage_config: Some(StorageConfig {
            storage_id: Some(6001),
            ob_backup_storage_base_info: Some(StorageBaseInfo {
                backup_storage_type: StorageType::Oss,
                storage_url: Some("bucket/other".into()),
                oss_access_key: Some(AccessKey {
                    endpoint: Some("oss-cn-bj.aliyuncs.com".into()),
                    access_key_id: Some("id".into()),
                    ..AccessKey::default()
                }),
                cos_access_key: None,
                s3_access_key: None,
            }),
            ..StorageConfig::default()
        }),
        ..StrategyParam::default()
    };
    let merged = merge_patch(&current, &patch);
    let s = merged.ob_backup_schedule_config.as_ref().unwrap();
    assert_eq!(s.backup_data_retention_days, Some(14));
    assert_eq!(
        s.backup_schedule_time,
        TimeOfDay::new(2, 0, offset_hours(8))
    );
    assert_eq!(
        s.day_and_data_backup_model_map,
        current
            .ob_backup_schedule_config
            .as_ref()
            .unwrap()
            .day_and_data_backup_model_map
    );
    let st = merged.ob_backup_service_storage_config.as_ref().unwrap();
    assert_eq!(st.config_name.as_deref(), Some("nfs_backup"));
    let key = st
        .ob_backup_storage_base_info
        .as_ref()
        .unwrap()
        .oss_access_key
        .as_ref()
        .unwrap();
    assert_eq!(key.access_key_secret.as_deref(), Some("secret"));
    assert_eq!(key.endpoint.as_deref(), Some("oss-cn-bj.aliyuncs.com"));
    assert!(validate_strategy(&merged, &CTX).is_empty());
    assert!(strategy_changed(&current, &merged));
    // The day map goes whole.
    let patch = StrategyParam {
        ob_backup_schedule_config: Some(ScheduleConfig {
            day_and_data_backup_model_map: Some(BTreeMap::from([(7, DataBackupMode::Full)])),
            ..ScheduleConfig::default()
        }),
        ..StrategyParam::default()
    };
    let merged = merge_patch(&current, &patch);
    assert_eq!(
        merged
            .ob_backup_schedule_config
            .unwrap()
            .day_and_data_backup_model_map
            .unwrap()
            .len(),
        1
    );
    // Nothing sent, or the same values: unchanged.
    let same = merge_patch(&current, &StrategyParam::default());
    assert!(!strategy_changed(&current, &same));
}

#[test]
fn switching_storage_type_drops_the_old_keys_and_needs_new_ones() {
    let current = object_store(StorageType::Oss, full_key());
    let patch = StrategyParam {
        ob_backup_service_storage_config: Some(StorageConfig {
            ob_backup_storage_base_info: Some(StorageBaseInfo {
                backup_storage_type: StorageType::Cos,
                storage_url: Some("bucket".into()),
                oss_access_key: None,
                cos_access_key: Some(AccessKey {
                    endpoint: Some("cos.ap-shanghai.myqcloud.com".into()),
                    access_key_id: Some("id".into()),
                    app_id: Some("1250000000".into()),
                    ..AccessKey::default()
                }),
                s3_access_key: None,
            }),
            ..StorageConfig::default()
        }),
        ..StrategyParam::default()
    };
    let merged = merge_patch(&current, &patch);
    let got: Vec<_> = codes_of(&merged).into_iter().map(|(_, c)| c).collect();
    assert_eq!(got, vec![codes::STORAGE_SECRET]);
}

#[test]
fn the_read_back_becomes_a_param() {
    let b = BackupStrategy {
        id: Some(1),
        cluster_id: Some(7),
        backup_mode: Some(BackupMode::Logical),
        ..BackupStrategy::default()
    };
    let p = param_of(&b);
    assert_eq!(p.backup_mode, Some(BackupMode::Logical));
    assert_eq!(p.ob_backup_object_list, vec![BackupObject::cluster(7)]);
}

fn now_param(mode: BackupMode, kind: DataBackupMode) -> BackupNowParam {
    BackupNowParam {
        backup_mode: mode,
        data_backup_mode: kind,
        ob_backup_service_storage_config: Some(StorageConfig {
            storage_id: Some(6001),
            ..StorageConfig::default()
        }),
        ob_backup_object: Some(BackupObject::cluster(1)),
    }
}

fn now_facts() -> BackupNowFacts<'static> {
    BackupNowFacts {
        cluster_id: 1,
        is_standby: false,
        ability: &BackupAbility::LogicalAndPhysical,
        strategy_mode: Some(&BackupMode::Physical),
        strategy_has_storage: true,
        has_full_backup: true,
        running: None,
    }
}

fn now_codes(p: &BackupNowParam, f: &BackupNowFacts<'_>) -> Vec<&'static str> {
    validate_backup_now(p, f)
        .into_iter()
        .map(|v| v.code)
        .collect()
}

#[test]
fn backup_now_rules() {
    let full = now_param(BackupMode::Physical, DataBackupMode::Full);
    let incr = now_param(BackupMode::Physical, DataBackupMode::Incremental);
    assert!(now_codes(&full, &now_facts()).is_empty());
    assert!(now_codes(&incr, &now_facts()).is_empty());
    let standby = BackupNowFacts {
        is_standby: true,
        ..now_facts()
    };
    assert_eq!(now_codes(&full, &standby), vec![codes::STANDBY]);
    let no_full = BackupNowFacts {
        has_full_backup: false,
        ..now_facts()
    };
    assert_eq!(now_codes(&incr, &no_full), vec![codes::START_FAILED]);
    assert!(now_codes(&full, &no_full).is_empty());
    let logical = BackupNowFacts {
        ability: &BackupAbility::Logical,
        strategy_mode: Some(&BackupMode::Logical),
        ..now_facts()
    };
    let lincr = now_param(BackupMode::Logical, DataBackupMode::Incremental);
    assert_eq!(now_codes(&lincr, &logical), vec![codes::MODE_UNSUPPORTED]);
    assert_eq!(now_codes(&full, &logical), vec![codes::MODE_UNSUPPORTED]);
    let running = BackupNowFacts {
        running: Some(&DataBackupMode::Full),
        ..now_facts()
    };
    assert_eq!(now_codes(&full, &running), vec![codes::FULL_RUNNING]);
    let running = BackupNowFacts {
        running: Some(&DataBackupMode::Incremental),
        ..now_facts()
    };
    assert_eq!(now_codes(&full, &running), vec![codes::START_FAILED]);
    let no_strategy = BackupNowFacts {
        strategy_mode: None,
        strategy_has_storage: false,
        ..now_facts()
    };
    assert_eq!(now_codes(&full, &no_strategy), vec![codes::STORAGE_URI]);
    let mut other = full.clone();
    other.ob_backup_object = Some(BackupObject::cluster(2));
    assert_eq!(now_codes(&other, &now_facts()), vec![codes::INVALID]);
    // The object is optional: the path names the cluster.
    other.ob_backup_object = None;
    assert!(now_codes(&other, &now_facts()).is_empty());
}

fn iv(a: i64, b: i64) -> TimeInterval {
    TimeInterval {
        start_time: crate::RecoverableTime::from_millis(a * 1000, offset_hours(8)).unwrap(),
        end_time: crate::RecoverableTime::from_millis(b * 1000, offset_hours(8)).unwrap(),
    }
}

fn restore_param(name: &str, at_s: i64, zones: &[(&str, u32)]) -> RestoreParam {
    RestoreParam {
        backup_tenant_status: BackupTenantStatus::Online,
        restore_online_tenant_required_param: Some(OnlineRestoreParam {
            backup_cluster_id: 1,
            backup_tenant_id: 11,
            restore_cluster_id: 2,
            restore_end_time: RecoverableTime::from_millis(at_s * 1000, offset_hours(8)).unwrap(),
            restore_tenant_info_param: RestoreTenantInfo {
                name: name.into(),
                primary_zone: Some("zone1".into()),
                zones: zones
                    .iter()
                    .map(|(z, n)| RestoreZone {
                        name: (*z).into(),
                        replica_type: ReplicaType::Full,
                        resource_pool: ResourcePool {
                            unit_spec_name: "S1".into(),
                            unit_count: *n,
                        },
                    })
                    .collect(),
            },
        }),
        restore_offline_tenant_required_param: None,
    }
}

#[test]
fn restore_rules() {
    let windows = [iv(1000, 2000), iv(3000, 4000)];
    let facts = |version: &'static str| RestoreFacts {
        source_version: Some("4.2.1.0"),
        windows: Some(&windows),
        target: RestoreTarget {
            status: Some(&ClusterStatus::Running),
            cluster_type: Some(&ClusterType::Primary),
            ob_version: version,
            zones: vec!["zone1", "zone2"],
            tenant_names: vec!["taken"],
            restoring_names: vec!["busy"],
        },
        unit_specs: vec!["S1"],
        now: DateTime::from_timestamp(5000, 0).unwrap(),
    };
    let codes = |p: &RestoreParam, f: &RestoreFacts<'_>| -> Vec<(String, &'static str)> {
        validate_restore(p, f)
            .into_iter()
            .map(|v| (v.field, v.code))
            .collect()
    };
    let good = restore_param("t_new", 1500, &[("zone1", 1), ("zone2", 1)]);
    assert!(codes(&good, &facts("4.2.2.0")).is_empty());
    let p = "restoreOnlineTenantRequiredParam";
    // Outside every window, with the nearest point in the message.
    let out = restore_param("t_new", 2500, &[("zone1", 1)]);
    let v = validate_restore(&out, &facts("4.2.2.0"));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].field, format!("{p}.restoreEndTime"));
    assert!(v[0].en.contains("nearest"), "{}", v[0].en);
    // In the future.
    let future = restore_param("t_new", 6000, &[("zone1", 1)]);
    assert_eq!(codes(&future, &facts("4.2.2.0")).len(), 1);
    // Names.
    let taken = restore_param("taken", 1500, &[("zone1", 1)]);
    assert_eq!(
        codes(&taken, &facts("4.2.2.0")),
        vec![(
            format!("{p}.restoreTenantInfoParam.name"),
            codes::TENANT_EXISTS
        )]
    );
    let busy = restore_param("busy", 1500, &[("zone1", 1)]);
    assert_eq!(codes(&busy, &facts("4.2.2.0"))[0].1, codes::RESTORING);
    let bad = restore_param("1bad", 1500, &[("zone1", 1)]);
    assert_eq!(codes(&bad, &facts("4.2.2.0"))[0].1, codes::INVALID);
    // Lower version target.
    assert_eq!(
        codes(&good, &facts("3.1.4")),
        vec![(format!("{p}.restoreClusterId"), codes::INVALID)]
    );
    // Zones: unknown zone, unequal unit counts on 4.x.
    let z = restore_param("t_new", 1500, &[("zone1", 1), ("zone9", 2)]);
    let got = codes(&z, &facts("4.2.2.0"));
    assert_eq!(got.len(), 2, "{got:?}");
    // Not running, standby.
    let mut f = facts("4.2.2.0");
    f.target.status = Some(&ClusterStatus::Stopped);
    f.target.cluster_type = Some(&ClusterType::Standby);
    assert_eq!(codes(&good, &f).len(), 2);
    // No windows at all.
    let mut f = facts("4.2.2.0");
    f.windows = Some(&[]);
    assert_eq!(codes(&good, &f).len(), 1);
}

#[test]
fn defaults_fill_only_what_a_new_strategy_left_out() {
    let mut bare = strategy();
    bare.ob_backup_threshold_config = None;
    bare.secondary_backup_enabled = None;
    if let Some(cfg) = &mut bare.ob_backup_schedule_config {
        cfg.backup_schedule_enabled = None;
        cfg.backup_data_retention_days = None;
    }
    let filled = with_defaults(bare.clone());
    let t = filled.ob_backup_threshold_config.clone().unwrap();
    assert_eq!(
        (
            t.data_backup_timeout_minutes,
            t.no_successful_data_backup_alarm_days,
            t.log_backup_delay_seconds,
            t.lib_ob_log_expire_days
        ),
        (Some(720), Some(3), Some(300), None)
    );
    let cfg = filled.ob_backup_schedule_config.clone().unwrap();
    assert_eq!(cfg.backup_schedule_enabled, Some(true));
    assert_eq!(cfg.backup_data_retention_days, Some(7));
    assert_eq!(filled.secondary_backup_enabled, Some(false));
    assert!(validate_strategy(&filled, &CTX).is_empty());
    // Logical backup also gets the liboblog retention; what was sent stays.
    let mut logical = bare;
    logical.backup_mode = Some(BackupMode::Logical);
    logical.ob_backup_threshold_config = Some(ThresholdConfig {
        log_backup_delay_seconds: Some(60),
        ..ThresholdConfig::default()
    });
    let t = with_defaults(logical).ob_backup_threshold_config.unwrap();
    assert_eq!(t.log_backup_delay_seconds, Some(60));
    assert_eq!(t.lib_ob_log_expire_days, Some(7));
    // A full strategy is unchanged.
    let full = with_defaults(strategy());
    assert_eq!(
        full.ob_backup_threshold_config,
        strategy().ob_backup_threshold_config
    );
}

/// The storage path rules, each with its exact message and refused value: what the console's
/// forms and the emulator both answer.
#[test]
fn storage_path_rules_refuse_credentials_control_characters_markup_and_long_or_relative_paths() {
    let f = fields::STORAGE_URL;
    let file = StorageType::File;
    let oss = StorageType::Oss;
    let check = |t: &StorageType, p: &str| check_storage_path(f, t, p);
    for good in ["/obbackup/", "/data/ob backup/中文/", "/a.b/c_d-e"] {
        assert_eq!(check(&file, good), None, "{good}");
    }
    for good in [
        "bucket/dir",
        "bucket/dir?host=oss-cn-hangzhou.aliyuncs.com&x=1",
    ] {
        assert_eq!(check(&oss, good), None, "{good}");
    }
    // Credentials: never echoed, the refused value masked.
    for (path, shown) in [
        ("ak:sk@bucket/dir", "ak:******@bucket/dir"),
        (
            "bucket/dir?host=h&access_key=SECRET9",
            "bucket/dir?host=h&access_key=******",
        ),
        ("bucket/dir?access_id=******", "bucket/dir?access_id=******"),
    ] {
        let v = check(&oss, path).unwrap();
        assert_eq!(v.code, codes::INVALID);
        assert_eq!(v.field, f);
        assert_eq!(
            v.en,
            "The storage path carries credentials (an access key in its query, or user:password@): remove them from the path and give the keys in their own fields."
        );
        assert!(!v.en.contains("SECRET9") && !v.zh.contains("SECRET9"));
        assert_eq!(v.rejected_value, Some(serde_json::json!(shown)));
    }
    // Control and invisible characters, with the position.
    let v = check(&file, "/obbackup/\u{0}x").unwrap();
    assert_eq!(
        v.en,
        "The storage path holds an invisible or control character (U+0000, at position 11): type the path again."
    );
    assert_eq!(
        v.rejected_value,
        Some(serde_json::json!("/obbackup/\\u{0000}x"))
    );
    let v = check(&file, "/ob\u{202E}kcab/").unwrap();
    assert_eq!(
        v.zh,
        "存储路径中含有不可见字符或控制字符（U+202E，第 4 个字符）：请重新输入路径。"
    );
    assert!(check(&oss, "bucket/a\nb").is_some());
    // Markup.
    let v = check(&file, "/obbackup/<img src=x onerror=alert(1)>").unwrap();
    assert_eq!(
        v.en,
        "The storage path may not contain <: use letters, digits and / - _ . : ? = &."
    );
    for c in ['>', '"', '\'', '`'] {
        assert!(check(&oss, &format!("bucket/{c}")).is_some(), "{c}");
    }
    // Length.
    let long = format!("/{}", "a".repeat(69_999));
    let v = check(&file, &long).unwrap();
    assert_eq!(
        v.en,
        "The storage path has 70000 characters; at most 2048 are allowed."
    );
    assert_eq!(
        v.rejected_value,
        Some(serde_json::json!(format!("/{}…", "a".repeat(63))))
    );
    let max = format!("/{}", "a".repeat(MAX_STORAGE_PATH_CHARS - 1));
    assert_eq!(check(&file, &max), None);
    // FILE paths are absolute, without . or .. segments.
    let v = check(&file, "obbackup/").unwrap();
    assert_eq!(
        v.en,
        "A FILE storage path is absolute: it starts with / (e.g. /obbackup/), not \"obbackup/\"."
    );
    let v = check(&file, "/obbackup/../etc").unwrap();
    assert_eq!(
        v.en,
        "A FILE storage path may not contain . or .. segments: \"/obbackup/../etc\"."
    );
    // An object store path is relative to its bucket.
    assert_eq!(check(&oss, "bucket/../x"), None);
    // Through the strategy rules: one violation at the path.
    let mut p = strategy();
    storage(&mut p)
        .ob_backup_storage_base_info
        .as_mut()
        .unwrap()
        .storage_url = Some("nfs/relative".into());
    one(&p, fields::STORAGE_URL, codes::INVALID);
}

#[test]
fn unit_counts_above_the_inputs_maximum_are_refused() {
    let windows = [iv(1000, 2000)];
    let facts = RestoreFacts {
        source_version: Some("4.2.1.0"),
        windows: Some(&windows),
        target: RestoreTarget {
            status: Some(&ClusterStatus::Running),
            cluster_type: Some(&ClusterType::Primary),
            ob_version: "4.2.1.0",
            zones: vec!["zone1"],
            tenant_names: vec![],
            restoring_names: vec![],
        },
        unit_specs: vec!["S1"],
        now: DateTime::from_timestamp(5000, 0).unwrap(),
    };
    assert!(validate_restore(&restore_param("t", 1500, &[("zone1", 64)]), &facts).is_empty());
    let v = validate_restore(&restore_param("t", 1500, &[("zone1", 65)]), &facts);
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].field,
        "restoreOnlineTenantRequiredParam.restoreTenantInfoParam.zones[0].resourcePool.unitCount"
    );
    assert_eq!(v[0].en, "The unit count must be 1 to 64 (got 65).");
    assert_eq!(v[0].zh, "单元数量须为 1 到 64（当前为 65）。");
}

#[test]
fn schedule_times_with_offsets_beyond_fourteen_hours_are_refused() {
    for bad in ["02:00:00.000+23:59", "02:00:00.000-14:30", "02:00:00+1500"] {
        let v = check_time_text(fields::SCHEDULE_TIME, bad).unwrap_err();
        assert_eq!(v.code, codes::SCHEDULE_TIME, "{bad}");
    }
    for good in [
        "02:00:00.000+14:00",
        "02:00:00.000-12:00",
        "02:00:00.000+05:45",
    ] {
        assert!(
            check_time_text(fields::SCHEDULE_TIME, good).is_ok(),
            "{good}"
        );
    }
}
