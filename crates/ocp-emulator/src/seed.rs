//! The demo world a fresh database starts with (product.md, "The emulator"): six clusters
//! covering every case the console must handle, their tenants, unit specs, strategies, and
//! about a week of history before the origin (the emulated now at first start).
//!
//! | id      | name               | OB       | type / status     | backup                                   |
//! |---------|--------------------|----------|-------------------|------------------------------------------|
//! | 1000001 | ob-prod-hz         | 2.2.77   | PRIMARY RUNNING   | WEEK full Tue+Thu, incr Sat 02:00; log gap |
//! | 1000002 | ob-prod-sh         | 3.1.4    | PRIMARY RUNNING   | MONTH strategy, PAUSED 2 days ago        |
//! | 1000003 | ob-prod-bj         | 4.2.1.0  | PRIMARY RUNNING   | WEEK NORMAL on OSS; one FAILED backup    |
//! | 1000004 | ob-prod-bj-standby | 4.2.1.0  | STANDBY RUNNING   | none possible                            |
//! | 1000005 | ob-legacy-gz       | 2.1.1    | PRIMARY RUNNING   | LOGICAL_BACKUP only, full Mon/Wed/Fri    |
//! | 1000006 | ob-test-sh         | 4.2.2.0  | PRIMARY RUNNING   | no strategy; restore target              |

use crate::db::{DbResult, Store};
use crate::history::{self, FailureSpec, GapSpec, HistorySpec, Ids};
use crate::records::{at_us, ClusterRecord, DataTaskRecord, LogTaskRecord, StrategyRecord};
use crate::views;
use chrono::{DateTime, Utc};
use ocp_model::cluster::{SubtaskStatus, TaskStatus};
use ocp_model::time::{offset_hours, TimeOfDay};
use ocp_model::{
    AccessKey, BackupAbility, BackupDimension, BackupMode, BackupScheduleStatus, BackupStrategy,
    Cluster, ClusterStatus, ClusterType, DataBackupMode, LogBackupStatus, RestoreStatus,
    RestoreTask, ScheduleConfig, ScheduleMode, StorageBaseInfo, StorageConfig, StorageType,
    StrategyType, Subtask, TaskInstance, Tenant, TenantMode, TenantStatus, TenantZone,
    ThresholdConfig, UnitSpec, UnitSpecType, Zone,
};
use std::collections::BTreeMap;

const ORIGIN_KEY: &str = "seed.origin_us";
const US_PER_HOUR: i64 = 3_600_000_000;
const US_PER_DAY: i64 = 24 * US_PER_HOUR;

/// Where backups go.
#[derive(Clone, Debug)]
pub enum StorageSpec {
    File(&'static str),
    Oss {
        endpoint: &'static str,
        path: &'static str,
        key_id: &'static str,
    },
}

#[derive(Clone, Debug)]
pub struct StrategySpec {
    pub id: i64,
    pub storage_id: i64,
    pub config_name: &'static str,
    pub backup_mode: BackupMode,
    pub schedule_mode: ScheduleMode,
    pub days: Vec<(u8, DataBackupMode)>,
    pub at: (u32, u32),
    pub status: BackupScheduleStatus,
    pub storage: StorageSpec,
    pub created_days_ago: i64,
    pub history: HistorySpec,
}

#[derive(Clone, Debug)]
pub struct TenantSpec {
    pub id: i64,
    pub name: &'static str,
    pub ob_tenant_id: i64,
    pub mode: TenantMode,
    pub primary_zone: &'static str,
    pub created_days_ago: f64,
}

#[derive(Clone, Debug)]
pub struct ClusterSpec {
    pub id: i64,
    pub name: &'static str,
    pub ob_cluster_id: i64,
    pub version: &'static str,
    pub cluster_type: ClusterType,
    pub status: ClusterStatus,
    /// (zone, region, idc, servers)
    pub zones: Vec<(&'static str, &'static str, &'static str, u32)>,
    pub tenants: Vec<TenantSpec>,
    pub ability: BackupAbility,
    pub standby_mode: Option<&'static str>,
    pub created_days_ago: i64,
    pub strategy: Option<StrategySpec>,
}

#[derive(Clone, Debug)]
pub struct RestoreSpec {
    pub id: i64,
    pub job_id: i64,
    pub backup_cluster: i64,
    pub backup_tenant: &'static str,
    pub restore_cluster: i64,
    pub restore_tenant: &'static str,
    /// The new tenant's id when the restore succeeds.
    pub new_tenant_id: i64,
    pub unit_spec: &'static str,
    pub created_hours_ago: f64,
    /// Restore to this long before the restore was started (inside a window).
    pub point_hours_before: f64,
    pub minutes: f64,
    /// `None`: success; `Some(msg)`: failed with this raw error.
    pub error: Option<&'static str>,
}

fn tenant(
    id: i64,
    name: &'static str,
    ob_tenant_id: i64,
    mode: TenantMode,
    primary_zone: &'static str,
    created_days_ago: f64,
) -> TenantSpec {
    TenantSpec {
        id,
        name,
        ob_tenant_id,
        mode,
        primary_zone,
        created_days_ago,
    }
}

fn history(full_size_gb: f64, first_set: i64, first_version: i64) -> HistorySpec {
    HistorySpec {
        full_size_gb,
        first_backup_set_id: first_set,
        first_data_version: first_version,
        log_since_days: 40.0,
        log_base_delay: 30.0,
        agent_server_ip: None,
        failure: None,
        gap: None,
        manual_full_hours_ago: Vec::new(),
        paused_days_ago: None,
    }
}

use DataBackupMode::{Full, Incremental as Incr};

pub fn cluster_specs() -> Vec<ClusterSpec> {
    let hz_zones = vec![
        ("zone1", "cn-hangzhou", "hz-idc-1", 2),
        ("zone2", "cn-hangzhou", "hz-idc-2", 2),
        ("zone3", "cn-hangzhou", "hz-idc-3", 2),
    ];
    vec![
        ClusterSpec {
            id: 1000001,
            name: "ob-prod-hz",
            ob_cluster_id: 1623211234,
            version: "2.2.77",
            cluster_type: ClusterType::Primary,
            status: ClusterStatus::Running,
            zones: hz_zones,
            tenants: vec![
                tenant(
                    1000101,
                    "pay_mysql",
                    1001,
                    TenantMode::Mysql,
                    "zone1;zone2,zone3",
                    400.0,
                ),
                tenant(
                    1000102,
                    "order_mysql",
                    1002,
                    TenantMode::Mysql,
                    "zone2;zone1,zone3",
                    380.0,
                ),
                // Created mid-week: its own timeline starts later than the cluster's.
                tenant(
                    1000103,
                    "crm_oracle",
                    1003,
                    TenantMode::Oracle,
                    "zone1,zone2,zone3",
                    3.2,
                ),
            ],
            ability: BackupAbility::LogicalAndPhysical,
            standby_mode: None,
            created_days_ago: 420,
            strategy: Some(StrategySpec {
                id: 5001,
                storage_id: 6001,
                config_name: "hz_nfs_backup",
                backup_mode: BackupMode::Physical,
                schedule_mode: ScheduleMode::Week,
                days: vec![(2, Full), (4, Full), (6, Incr)],
                at: (2, 0),
                status: BackupScheduleStatus::Normal,
                storage: StorageSpec::File("/obbackup/"),
                created_days_ago: 120,
                history: HistorySpec {
                    log_since_days: 45.0,
                    log_base_delay: 35.0,
                    gap: Some(GapSpec {
                        hours_before_full: 10.0,
                        length_hours: 3.0,
                        status: LogBackupStatus::Interrupted,
                        error: "log archive interrupted, ret=-9015 OB_LOG_ARCHIVE_INTERRUPTED, \
                                msg=\"archive log file is not continuous\", \
                                pkey={tid:1100611139453777, partition_id:0, part_cnt:0}, \
                                server=\"10.10.1.12:2882\" <round:12, last_log_id:70351, \
                                next_log_id:70377>",
                    }),
                    ..history(820.0, 41, 212)
                },
            }),
        },
        ClusterSpec {
            id: 1000002,
            name: "ob-prod-sh",
            ob_cluster_id: 1639480017,
            version: "3.1.4",
            cluster_type: ClusterType::Primary,
            status: ClusterStatus::Running,
            zones: vec![
                ("zone1", "cn-shanghai", "sh-idc-1", 1),
                ("zone2", "cn-shanghai", "sh-idc-2", 1),
                ("zone3", "cn-shanghai", "sh-idc-3", 1),
            ],
            tenants: vec![
                tenant(
                    1000201,
                    "risk_mysql",
                    1001,
                    TenantMode::Mysql,
                    "zone1;zone2,zone3",
                    300.0,
                ),
                tenant(
                    1000202,
                    "ledger_oracle",
                    1002,
                    TenantMode::Oracle,
                    "zone2;zone1;zone3",
                    290.0,
                ),
            ],
            ability: BackupAbility::LogicalAndPhysical,
            standby_mode: None,
            created_days_ago: 310,
            strategy: Some(StrategySpec {
                id: 5002,
                storage_id: 6002,
                config_name: "sh_nfs_backup",
                backup_mode: BackupMode::Physical,
                schedule_mode: ScheduleMode::Month,
                // Nine days: any week holds at least two runs.
                days: vec![
                    (1, Full),
                    (4, Incr),
                    (8, Full),
                    (11, Incr),
                    (15, Full),
                    (18, Incr),
                    (22, Full),
                    (25, Incr),
                    (29, Full),
                ],
                at: (1, 30),
                status: BackupScheduleStatus::Paused,
                storage: StorageSpec::File("/obbackup/sh/"),
                created_days_ago: 200,
                history: HistorySpec {
                    log_since_days: 60.0,
                    log_base_delay: 25.0,
                    paused_days_ago: Some(2.0),
                    ..history(310.0, 17, 97)
                },
            }),
        },
        ClusterSpec {
            id: 1000003,
            name: "ob-prod-bj",
            ob_cluster_id: 1697000101,
            version: "4.2.1.0",
            cluster_type: ClusterType::Primary,
            status: ClusterStatus::Running,
            zones: vec![
                ("zone1", "cn-beijing", "bj-idc-1", 2),
                ("zone2", "cn-beijing", "bj-idc-2", 2),
                ("zone3", "cn-beijing", "bj-idc-3", 2),
            ],
            tenants: vec![
                tenant(
                    1000301,
                    "trade",
                    1002,
                    TenantMode::Mysql,
                    "zone1;zone2,zone3",
                    180.0,
                ),
                tenant(
                    1000302,
                    "member",
                    1004,
                    TenantMode::Mysql,
                    "zone2;zone1,zone3",
                    175.0,
                ),
                tenant(
                    1000303,
                    "finance_ora",
                    1006,
                    TenantMode::Oracle,
                    "zone1,zone2;zone3",
                    150.0,
                ),
                tenant(
                    1000304,
                    "reports",
                    1008,
                    TenantMode::Mysql,
                    "zone3;zone1,zone2",
                    90.0,
                ),
            ],
            ability: BackupAbility::Physical,
            standby_mode: Some("MAXIMUM_PERFORMANCE"),
            created_days_ago: 190,
            strategy: Some(StrategySpec {
                id: 5003,
                storage_id: 6003,
                config_name: "bj_oss_backup",
                backup_mode: BackupMode::Physical,
                schedule_mode: ScheduleMode::Week,
                days: vec![
                    (1, Full),
                    (2, Incr),
                    (3, Incr),
                    (4, Full),
                    (5, Incr),
                    (6, Incr),
                    (7, Incr),
                ],
                at: (1, 0),
                status: BackupScheduleStatus::Normal,
                storage: StorageSpec::Oss {
                    endpoint: "oss-cn-beijing.aliyuncs.com",
                    path: "ob-backup-bj/prod",
                    key_id: "LTAI5tEmuL8qRk2xN3vWb7Yd",
                },
                created_days_ago: 160,
                history: HistorySpec {
                    log_since_days: 90.0,
                    log_base_delay: 18.0,
                    failure: Some(FailureSpec {
                        kind: Incr,
                        nth_from_end: 1,
                        error: "backup data failed, ret=-9102, \
                                err_msg=\"failed to write macro block to backup destination\", \
                                dest=\"oss://ob-backup-bj/prod?host=oss-cn-beijing.aliyuncs.com\", \
                                tablet_id=200041, ls_id=1001 <ObBackupDataCtx: turn_id=1, \
                                retry_id=2, result=-9102> \
                                [trace_id=YB420A0B1C2D-0006205F3A8E1B27-0-0]",
                    }),
                    manual_full_hours_ago: vec![30.0],
                    ..history(1600.0, 230, 1)
                },
            }),
        },
        ClusterSpec {
            id: 1000004,
            name: "ob-prod-bj-standby",
            ob_cluster_id: 1697000102,
            version: "4.2.1.0",
            cluster_type: ClusterType::Standby,
            status: ClusterStatus::Running,
            zones: vec![
                ("zone1", "cn-beijing", "bj-idc-4", 1),
                ("zone2", "cn-beijing", "bj-idc-5", 1),
                ("zone3", "cn-beijing", "bj-idc-6", 1),
            ],
            tenants: vec![
                tenant(
                    1000401,
                    "trade",
                    1002,
                    TenantMode::Mysql,
                    "zone1;zone2,zone3",
                    170.0,
                ),
                tenant(
                    1000402,
                    "member",
                    1004,
                    TenantMode::Mysql,
                    "zone2;zone1,zone3",
                    170.0,
                ),
            ],
            ability: BackupAbility::Physical,
            standby_mode: Some("MAXIMUM_PERFORMANCE"),
            created_days_ago: 172,
            strategy: None,
        },
        ClusterSpec {
            id: 1000005,
            name: "ob-legacy-gz",
            ob_cluster_id: 1571900033,
            version: "2.1.1",
            cluster_type: ClusterType::Primary,
            status: ClusterStatus::Running,
            zones: vec![
                ("zone1", "cn-guangzhou", "gz-idc-1", 1),
                ("zone2", "cn-guangzhou", "gz-idc-2", 1),
            ],
            tenants: vec![
                tenant(
                    1000501,
                    "crm_legacy",
                    1001,
                    TenantMode::Mysql,
                    "zone1;zone2",
                    900.0,
                ),
                tenant(
                    1000502,
                    "billing_legacy",
                    1002,
                    TenantMode::Mysql,
                    "zone1,zone2",
                    880.0,
                ),
            ],
            ability: BackupAbility::Logical,
            standby_mode: None,
            created_days_ago: 950,
            strategy: Some(StrategySpec {
                id: 5005,
                storage_id: 6005,
                config_name: "gz_logical_backup",
                backup_mode: BackupMode::Logical,
                schedule_mode: ScheduleMode::Week,
                days: vec![(1, Full), (3, Full), (5, Full)],
                at: (3, 0),
                status: BackupScheduleStatus::Normal,
                storage: StorageSpec::File("/obbackup/legacy/"),
                created_days_ago: 700,
                history: HistorySpec {
                    log_since_days: 20.0,
                    log_base_delay: 50.0,
                    agent_server_ip: Some("10.40.2.15"),
                    ..history(95.0, 8, 1530)
                },
            }),
        },
        ClusterSpec {
            id: 1000006,
            name: "ob-test-sh",
            ob_cluster_id: 1715000006,
            version: "4.2.2.0",
            cluster_type: ClusterType::Primary,
            status: ClusterStatus::Running,
            zones: vec![("zone1", "cn-shanghai", "sh-idc-1", 1)],
            tenants: vec![tenant(
                1000601,
                "qa_mysql",
                1002,
                TenantMode::Mysql,
                "zone1",
                60.0,
            )],
            ability: BackupAbility::Physical,
            standby_mode: None,
            created_days_ago: 70,
            strategy: None,
        },
    ]
}

pub fn restore_specs() -> Vec<RestoreSpec> {
    vec![
        RestoreSpec {
            id: 7001,
            job_id: 3000031,
            backup_cluster: 1000003,
            backup_tenant: "trade",
            restore_cluster: 1000006,
            restore_tenant: "trade_restored",
            new_tenant_id: 1000602,
            unit_spec: "S2",
            created_hours_ago: 20.0,
            point_hours_before: 3.0,
            minutes: 46.0,
            error: None,
        },
        RestoreSpec {
            id: 7002,
            job_id: 3000032,
            backup_cluster: 1000001,
            backup_tenant: "pay_mysql",
            restore_cluster: 1000001,
            restore_tenant: "pay_mysql_verify",
            new_tenant_id: 0,
            unit_spec: "S1",
            created_hours_ago: 54.0,
            point_hours_before: 8.0,
            minutes: 18.0,
            error: Some(
                "physical restore failed, ret=-4016 OB_ERR_UNEXPECTED, \
                 msg=\"failed to fetch clog for partition\", \
                 pkey=<tid:1100611139453790, partition_id:3>, log_id=7352831, \
                 sql=\"ALTER SYSTEM RESTORE pay_mysql_verify FROM pay_mysql \
                 AT 'file:///obbackup/' UNTIL '...' WITH 'pool_list=pool_pay_mysql_verify'\"",
            ),
        },
    ]
}

pub fn unit_specs() -> Vec<UnitSpec> {
    let spec = |id, name: &str, t, cpu: (f64, f64), mem: (f64, f64)| UnitSpec {
        id,
        name: name.to_owned(),
        spec_type: Some(t),
        min_cpu_core_count: cpu.0,
        max_cpu_core_count: cpu.1,
        min_memory_size: mem.0,
        max_memory_size: mem.1,
    };
    vec![
        spec(1, "S1", UnitSpecType::System, (1.5, 1.5), (6.0, 6.0)),
        spec(2, "S2", UnitSpecType::System, (4.0, 4.0), (16.0, 16.0)),
        spec(3, "S3", UnitSpecType::System, (8.0, 8.0), (32.0, 32.0)),
        spec(
            101,
            "C_report_12C48G",
            UnitSpecType::Custom,
            (8.0, 12.0),
            (32.0, 48.0),
        ),
    ]
}

fn days_before(origin_us: i64, days: f64) -> i64 {
    origin_us - (days * US_PER_DAY as f64) as i64
}

fn cluster_record(spec: &ClusterSpec, origin_us: i64) -> ClusterRecord {
    let offset = offset_hours(8);
    ClusterRecord {
        cluster: Cluster {
            id: spec.id,
            name: spec.name.to_owned(),
            ob_cluster_id: Some(spec.ob_cluster_id),
            ob_version: Some(spec.version.to_owned()),
            status: Some(spec.status.clone()),
            cluster_type: Some(spec.cluster_type.clone()),
            tenant_count: Some(0),
            server_count: Some(spec.zones.iter().map(|z| z.3).sum()),
            zones: spec
                .zones
                .iter()
                .map(|(name, region, idc, servers)| Zone {
                    name: (*name).to_owned(),
                    region_name: Some((*region).to_owned()),
                    idc_name: Some((*idc).to_owned()),
                    server_count: Some(*servers),
                    status: Some("RUNNING".to_owned()),
                })
                .collect(),
            create_time: Some(at_us(
                days_before(origin_us, spec.created_days_ago as f64) / 1_000_000 * 1_000_000,
                offset,
            )),
        },
        backup_ability: spec.ability.clone(),
        compaction_status: "IDLE".to_owned(),
        primary_and_standby_mode: spec.standby_mode.map(str::to_owned),
        utc_offset_seconds: offset.local_minus_utc(),
    }
}

fn tenant_record(c: &ClusterSpec, t: &TenantSpec, origin_us: i64) -> Tenant {
    let zones: Vec<&str> = c.zones.iter().map(|z| z.0).collect();
    // OB 4.x tenants list zones with their replica type; older ones by name only. Both
    // shapes are real, and the console must read both.
    let four = c.version.starts_with('4');
    Tenant {
        id: t.id,
        name: t.name.to_owned(),
        cluster_id: Some(c.id),
        ob_tenant_id: Some(t.ob_tenant_id),
        mode: Some(t.mode.clone()),
        status: Some(TenantStatus::Normal),
        primary_zone: Some(t.primary_zone.to_owned()),
        zone_list: zones
            .iter()
            .map(|z| {
                if four {
                    TenantZone::Detail {
                        name: (*z).to_owned(),
                        replica_type: Some("FULL".to_owned()),
                    }
                } else {
                    TenantZone::Name((*z).to_owned())
                }
            })
            .collect(),
        ob_version: Some(c.version.to_owned()),
        create_time: Some(at_us(
            days_before(origin_us, t.created_days_ago) / 1_000_000 * 1_000_000,
            offset_hours(8),
        )),
    }
}

fn strategy_record(c: &ClusterRecord, s: &StrategySpec, origin_us: i64) -> StrategyRecord {
    let offset = c.offset();
    let base_info = match &s.storage {
        StorageSpec::File(path) => StorageBaseInfo {
            backup_storage_type: StorageType::File,
            storage_url: Some((*path).to_owned()),
            oss_access_key: None,
            cos_access_key: None,
            s3_access_key: None,
        },
        StorageSpec::Oss {
            endpoint,
            path,
            key_id,
        } => StorageBaseInfo {
            backup_storage_type: StorageType::Oss,
            storage_url: Some((*path).to_owned()),
            oss_access_key: Some(AccessKey {
                endpoint: Some((*endpoint).to_owned()),
                access_key_id: Some((*key_id).to_owned()),
                // Stored as OCP would; never returned by a GET.
                access_key_secret: Some("emulated-secret".to_owned()),
                app_id: None,
                region: None,
            }),
            cos_access_key: None,
            s3_access_key: None,
        },
    };
    let is_file = matches!(s.storage, StorageSpec::File(_));
    let logical = s.backup_mode == BackupMode::Logical;
    let created = days_before(origin_us, s.created_days_ago as f64) / 1_000_000 * 1_000_000;
    let updated = match s.history.paused_days_ago {
        Some(d) => days_before(origin_us, d) / 1_000_000 * 1_000_000,
        None => created,
    };
    StrategyRecord {
        strategy: BackupStrategy {
            id: Some(s.id),
            create_time: Some(at_us(created, offset)),
            update_time: Some(at_us(updated, offset)),
            cluster_id: Some(c.id()),
            cluster_name: Some(c.cluster.name.clone()),
            ob_cluster_id: c.cluster.ob_cluster_id,
            backup_dimension: Some(BackupDimension::Cluster),
            strategy_type: Some(StrategyType::Backup),
            backup_mode: Some(s.backup_mode.clone()),
            ob_backup_schedule_config: ScheduleConfig {
                backup_schedule_mode: Some(s.schedule_mode.clone()),
                // Pausing the schedule is switching it off.
                backup_schedule_enabled: Some(s.status != BackupScheduleStatus::Paused),
                backup_schedule_time: TimeOfDay::new(s.at.0, s.at.1, offset),
                day_and_data_backup_model_map: Some(
                    s.days.iter().cloned().collect::<BTreeMap<_, _>>(),
                ),
                start_log_backup: Some(true),
                clean_enabled: Some(true),
                backup_data_retention_days: Some(7),
                clean_schedule_time: TimeOfDay::new(4, 0, offset),
            },
            ob_backup_threshold_config: ThresholdConfig {
                data_backup_timeout_minutes: Some(720),
                no_successful_data_backup_alarm_days: Some(3),
                log_backup_delay_seconds: Some(300),
                lib_ob_log_expire_days: logical.then_some(7),
            },
            ob_backup_service_storage_config: StorageConfig {
                config_name: Some(s.config_name.to_owned()),
                storage_id: Some(s.storage_id),
                service_name: None,
                alarm_storage_percentage_threshold: is_file.then_some(80),
                ob_backup_storage_base_info: Some(base_info),
            },
            secondary_backup_enabled: Some(false),
            ob_secondary_backup_config: None,
        },
        schedule_status: s.status.clone(),
    }
}

/// One subtask of a seeded OCP task: (name, seconds it ran, status).
type Step = (&'static str, f64, SubtaskStatus);

fn task_instance(
    id: i64,
    name: String,
    cluster_id: i64,
    tenant_id: Option<i64>,
    start_us: i64,
    steps: &[Step],
    next_subtask: &mut i64,
) -> TaskInstance {
    let offset = offset_hours(8);
    let mut t = start_us;
    let mut subtasks = Vec::new();
    let mut failed = false;
    for (name, secs, status) in steps {
        let run = *status != SubtaskStatus::Pending;
        let begin = t;
        let end = t + (secs * 1e6) as i64;
        if run {
            t = end;
        }
        failed |= *status == SubtaskStatus::Failed;
        subtasks.push(Subtask {
            id: *next_subtask,
            name: (*name).to_owned(),
            description: Some(format!(
                "{name} ({})",
                if run { "done by OCP" } else { "not run" }
            )),
            status: status.clone(),
            start_time: run.then(|| at_us(begin, offset)),
            finish_time: run.then(|| at_us(end, offset)),
            run_time: run.then_some(*secs),
        });
        *next_subtask += 1;
    }
    TaskInstance {
        id,
        name,
        status: if failed {
            TaskStatus::Failed
        } else {
            TaskStatus::Successful
        },
        task_type: Some("MANUAL".to_owned()),
        operation: Some("EXECUTE".to_owned()),
        cluster_id: Some(cluster_id),
        tenant_id,
        create_time: Some(at_us(start_us - 1_200_000, offset)),
        start_time: Some(at_us(start_us, offset)),
        finish_time: Some(at_us(t, offset)),
        creator: Some("admin".to_owned()),
        subtasks,
    }
}

/// Everything the seed writes, built in memory first so that restores can target points
/// inside the windows the generated history has.
#[derive(Default)]
struct World {
    clusters: Vec<ClusterRecord>,
    tenants: Vec<Tenant>,
    strategies: Vec<StrategyRecord>,
    data: Vec<DataTaskRecord>,
    logs: Vec<LogTaskRecord>,
    restores: Vec<RestoreTask>,
    tasks: Vec<TaskInstance>,
}

fn build(origin: DateTime<Utc>) -> World {
    let origin_us = origin.timestamp_micros();
    let mut w = World::default();
    let mut ids = Ids {
        data_task: 20001,
        log_task: 40001,
    };
    let mut next_task = 3000001;
    let mut next_subtask = 4000001;
    let specs = cluster_specs();
    for spec in &specs {
        let c = cluster_record(spec, origin_us);
        for t in &spec.tenants {
            w.tenants.push(tenant_record(spec, t, origin_us));
        }
        if let Some(s) = &spec.strategy {
            let rec = strategy_record(&c, s, origin_us);
            let h = history::generate(&s.history, &c, &rec, origin, &mut ids);
            for (task_id, start_us) in &h.manual_starts_us {
                w.tasks.push(task_instance(
                    next_task,
                    format!(
                        "Backup now: full backup of {} (task {task_id})",
                        c.cluster.name
                    ),
                    c.id(),
                    None,
                    start_us - 9_000_000,
                    &[
                        ("Check backup conditions", 2.4, SubtaskStatus::Successful),
                        ("Start data backup", 6.8, SubtaskStatus::Successful),
                    ],
                    &mut next_subtask,
                ));
                next_task += 1;
            }
            if let Some(days) = s.history.paused_days_ago {
                w.tasks.push(task_instance(
                    next_task,
                    format!("Stop backup schedule of {}", c.cluster.name),
                    c.id(),
                    None,
                    days_before(origin_us, days),
                    &[
                        ("Check backup strategy", 0.9, SubtaskStatus::Successful),
                        ("Stop data backup schedule", 3.2, SubtaskStatus::Successful),
                    ],
                    &mut next_subtask,
                ));
                next_task += 1;
            }
            w.data.extend(h.data);
            w.logs.extend(h.logs);
            w.strategies.push(rec);
        }
        w.clusters.push(c);
    }
    for r in restore_specs() {
        seed_restore(&mut w, &r, origin, &mut next_subtask);
    }
    for c in &mut w.clusters {
        let n = w
            .tenants
            .iter()
            .filter(|t| t.cluster_id == Some(c.id()))
            .count();
        c.cluster.tenant_count = Some(n as u32);
    }
    w
}

fn seed_restore(w: &mut World, r: &RestoreSpec, origin: DateTime<Utc>, next_subtask: &mut i64) {
    let origin_us = origin.timestamp_micros();
    let (Some(src), Some(dst)) = (
        w.clusters.iter().find(|c| c.id() == r.backup_cluster),
        w.clusters.iter().find(|c| c.id() == r.restore_cluster),
    ) else {
        return;
    };
    let offset = src.offset();
    let Some(tenant) = w
        .tenants
        .iter()
        .find(|t| t.cluster_id == Some(src.id()) && t.name == r.backup_tenant)
    else {
        return;
    };
    let created_us = origin_us - (r.created_hours_ago * US_PER_HOUR as f64) as i64;
    // Restore to a point inside the newest window that began before the restore.
    let strategy = w
        .strategies
        .iter()
        .find(|s| s.strategy.cluster_id == Some(src.id()));
    let data: Vec<DataTaskRecord> = w
        .data
        .iter()
        .filter(|d| d.cluster_id == src.id())
        .cloned()
        .collect();
    let logs: Vec<_> = w
        .logs
        .iter()
        .filter(|l| l.cluster_id == src.id())
        .map(|l| views::live_log(l, origin, src))
        .collect();
    let wanted = created_us - (r.point_hours_before * US_PER_HOUR as f64) as i64;
    let point_us =
        views::cluster_windows(src, strategy, std::slice::from_ref(tenant), &data, &logs)
            .iter()
            .rev()
            .find(|win| win.start_time.timestamp_micros() < wanted)
            .map(|win| wanted.min(win.end_time.timestamp_micros()))
            .unwrap_or(wanted);
    let finish_us = created_us + (r.minutes * 60e6) as i64;
    let four = dst
        .cluster
        .ob_version
        .as_deref()
        .is_some_and(|v| v.starts_with('4'));
    let uri = strategy
        .and_then(|s| {
            s.strategy
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info
                .as_ref()
        })
        .map(|b| b.uri());
    let zones: Vec<String> = dst.cluster.zones.iter().map(|z| z.name.clone()).collect();
    let pools = zones
        .iter()
        .map(|z| format!("pool_{}_{z}_{}", r.restore_tenant, r.unit_spec))
        .collect::<Vec<_>>()
        .join(",");
    let ok = r.error.is_none();
    w.restores.push(RestoreTask {
        id: r.id,
        ocp_job_id: Some(r.job_id),
        backup_mode: Some(BackupMode::Physical),
        create_time: Some(at_us(created_us, offset)),
        finish_time: Some(at_us(finish_us, offset)),
        backup_cluster_id: Some(src.id()),
        backup_cluster_name: Some(src.cluster.name.clone()),
        backup_tenant_id: Some(tenant.id),
        backup_tenant_name: Some(tenant.name.clone()),
        backup_ob_cluster_id: src.cluster.ob_cluster_id,
        backup_ob_tenant_id: tenant.ob_tenant_id,
        restore_cluster_id: Some(dst.id()),
        restore_cluster_name: Some(dst.cluster.name.clone()),
        restore_ob_cluster_id: dst.cluster.ob_cluster_id,
        restore_tenant_name: Some(r.restore_tenant.to_owned()),
        restore_pool_list_str: Some(pools),
        restore_uri: uri,
        restore_end_time: Some(at_us(point_us, offset)),
        error_msg: r.error.map(str::to_owned),
        status: if ok {
            RestoreStatus::Success
        } else {
            RestoreStatus::Fail
        },
        status_desc: Some(
            if ok {
                "Restore succeeded"
            } else {
                "Restore failed"
            }
            .to_owned(),
        ),
        finished: true,
        successful: ok,
    });
    let wait = r.minutes * 60.0 - 60.0;
    let last = if ok {
        SubtaskStatus::Successful
    } else {
        SubtaskStatus::Failed
    };
    let after = if ok {
        SubtaskStatus::Successful
    } else {
        SubtaskStatus::Pending
    };
    let restore_step = if four {
        "Wait for tenant restore to finish (RESTORE_WAIT_LS)"
    } else {
        "Wait for tenant restore to finish (RESTORE_USER_REPLICA)"
    };
    let dst_id = dst.id();
    w.tasks.push(task_instance(
        r.job_id,
        format!(
            "Restore tenant {} from {}:{}",
            r.restore_tenant, src.cluster.name, tenant.name
        ),
        dst_id,
        None,
        created_us,
        &[
            ("Check restore parameters", 3.1, SubtaskStatus::Successful),
            ("Create resource pools", 12.4, SubtaskStatus::Successful),
            ("Execute restore command", 4.7, SubtaskStatus::Successful),
            (restore_step, wait, last),
            ("Refresh tenant metadata", 21.0, after.clone()),
            ("Post check", 18.8, after),
        ],
        next_subtask,
    ));
    if ok && r.new_tenant_id > 0 {
        let four_zones = zones.iter().map(|z| TenantZone::Detail {
            name: z.clone(),
            replica_type: Some("FULL".to_owned()),
        });
        w.tenants.push(Tenant {
            id: r.new_tenant_id,
            name: r.restore_tenant.to_owned(),
            cluster_id: Some(dst_id),
            ob_tenant_id: Some(1010),
            mode: tenant.mode.clone(),
            status: Some(TenantStatus::Normal),
            primary_zone: Some(zones.join(";")),
            zone_list: four_zones.collect(),
            ob_version: w
                .clusters
                .iter()
                .find(|c| c.id() == dst_id)
                .and_then(|c| c.cluster.ob_version.clone()),
            create_time: Some(at_us(finish_us / 1_000_000 * 1_000_000, offset)),
        });
    }
}

/// Seeds a database that has never been seeded; does nothing otherwise.
pub fn seed_if_fresh(store: &Store, origin: DateTime<Utc>) -> DbResult<bool> {
    if store.meta(ORIGIN_KEY)?.is_some() {
        return Ok(false);
    }
    let w = build(origin);
    store.write(|tx| {
        for s in unit_specs() {
            tx.put_unit_spec(&s)?;
        }
        for c in &w.clusters {
            tx.put_cluster(c)?;
        }
        for t in &w.tenants {
            tx.put_tenant(t)?;
        }
        for s in &w.strategies {
            tx.put_strategy(s.strategy.cluster_id.unwrap_or_default(), s)?;
        }
        for d in &w.data {
            tx.put_data_task(d)?;
        }
        for l in &w.logs {
            tx.put_log_task(l)?;
        }
        for r in &w.restores {
            tx.put_restore_task(r)?;
        }
        for t in &w.tasks {
            tx.put_task_instance(t)?;
        }
        tx.set_meta(ORIGIN_KEY, &origin.timestamp_micros().to_string())
    })?;
    tracing::info!(%origin, clusters = w.clusters.len(), "seeded a fresh database");
    Ok(true)
}

/// When the seed's history ends, if the database was seeded.
pub fn origin(store: &Store) -> DbResult<Option<DateTime<Utc>>> {
    Ok(store
        .meta_i64(ORIGIN_KEY)?
        .and_then(DateTime::from_timestamp_micros))
}
