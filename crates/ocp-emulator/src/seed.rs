//! The demo world a fresh database starts with (product.md, "The emulator"): six clusters
//! covering every case the console must handle, their tenants, unit specs, strategies, and
//! ten days of history before the origin (the emulated now at first start), produced by the
//! engine itself from a script of what people did (`build`).
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
use crate::engine::{self, DataStart, EngineConfig, US_PER_DAY, US_PER_HOUR};
use crate::ops;
use crate::records::{at_us, ClusterRecord, DataTaskRecord, StrategyRecord};
use crate::world::World;
use chrono::{DateTime, Utc};
use ocp_model::schedule::next_runs;
use ocp_model::time::{offset_hours, TimeOfDay};
use ocp_model::validate::defaults;
use ocp_model::{
    AccessKey, BackupAbility, BackupDimension, BackupMode, BackupNowParam, BackupObject,
    BackupScheduleStatus, BackupScope, BackupStrategy, BackupTenantStatus, Cluster, ClusterStatus,
    ClusterType, DataBackupMode, LogBackupStatus, OnlineRestoreParam, ReplicaType, ResourcePool,
    RestoreParam, RestoreTenantInfo, RestoreZone, ScheduleConfig, ScheduleMode, StorageBaseInfo,
    StorageConfig, StorageType, StrategyType, Tenant, TenantMode, TenantStatus, TenantZone,
    ThresholdConfig, UnitSpec, UnitSpecType, Zone,
};
use std::collections::BTreeMap;

/// How far back the seed runs the engine. More than seven days, so that the seven days the
/// console shows always begin with a full backup to build on.
pub const HISTORY_DAYS: i64 = 10;

/// The engine's seed of a fresh database unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 0x0CE0_BACC;

/// Which scheduled run fails.
#[derive(Clone, Debug)]
pub struct FailureSpec {
    pub kind: DataBackupMode,
    /// 0 = the newest finished run of that kind.
    pub nth_from_end: usize,
    pub error: &'static str,
}

/// A stop in log archiving: the round running then ends, a new one starts later.
#[derive(Clone, Debug)]
pub struct GapSpec {
    /// The gap closes this long before the newest full backup starts, so that backup
    /// anchors a second recoverable window (the one before anchors the first).
    pub hours_before_full: f64,
    pub length_hours: f64,
    pub status: LogBackupStatus,
    pub error: &'static str,
}

#[derive(Clone, Debug)]
pub struct HistorySpec {
    /// Size of a full backup; incrementals are a few percent of it.
    pub full_size_gb: f64,
    pub first_backup_set_id: i64,
    /// Major freeze version at the start of history.
    pub first_data_version: i64,
    /// When the archive round running at the start of history began.
    pub log_since_days: f64,
    /// Typical lag of log archiving, seconds.
    pub log_base_delay: f64,
    pub agent_server_ip: Option<&'static str>,
    pub failure: Option<FailureSpec>,
    pub gap: Option<GapSpec>,
    /// Manual ("backup now") full backups, hours before the origin.
    pub manual_full_hours_ago: Vec<f64>,
    /// Scheduling was paused this many days before the origin.
    pub paused_days_ago: Option<f64>,
}

const ORIGIN_KEY: &str = "seed.origin_us";

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
    /// The build string OCP shows as `fullVersion`; starts with `version`.
    pub full_version: &'static str,
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
    pub backup_cluster: i64,
    pub backup_tenant: &'static str,
    pub restore_cluster: i64,
    pub restore_tenant: &'static str,
    pub unit_spec: &'static str,
    pub created_hours_ago: f64,
    /// Restore to this long before the restore was started (inside a window).
    pub point_hours_before: f64,
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
            full_version: "2.2.77-20210712105036",
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
            full_version: "3.1.4-10000092022072818",
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
            full_version: "4.2.1.0-100000102023111118",
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
            full_version: "4.2.1.0-100000102023111118",
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
            full_version: "2.1.1-20200618211713",
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
            full_version: "4.2.2.0-100000102024011015",
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
            backup_cluster: 1000003,
            backup_tenant: "trade",
            restore_cluster: 1000006,
            restore_tenant: "trade_restored",
            unit_spec: "S2",
            created_hours_ago: 20.0,
            point_hours_before: 3.0,
            error: None,
        },
        RestoreSpec {
            backup_cluster: 1000001,
            backup_tenant: "pay_mysql",
            restore_cluster: 1000001,
            restore_tenant: "pay_mysql_verify",
            unit_spec: "S1",
            created_hours_ago: 54.0,
            point_hours_before: 8.0,
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

pub(crate) fn cluster_record(spec: &ClusterSpec, origin_us: i64) -> ClusterRecord {
    let offset = offset_hours(8);
    ClusterRecord {
        cluster: Cluster {
            id: spec.id,
            name: spec.name.to_owned(),
            ob_cluster_id: Some(spec.ob_cluster_id),
            ob_version: Some(spec.version.to_owned()),
            full_version: Some(spec.full_version.to_owned()),
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
        data_size_gb: 100.0,
        log_base_delay_seconds: 30.0,
        next_backup_set_id: 1,
        data_version_base: 1,
        data_version_since_us: origin_us,
        agent_server_ip: None,
        failure_rate: None,
    }
}

pub(crate) fn tenant_record(c: &ClusterSpec, t: &TenantSpec, origin_us: i64) -> Tenant {
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

pub(crate) fn strategy_record(
    c: &ClusterRecord,
    s: &StrategySpec,
    origin_us: i64,
) -> StrategyRecord {
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
                backup_data_retention_days: Some(defaults::BACKUP_DATA_RETENTION_DAYS),
                clean_schedule_time: TimeOfDay::new(4, 0, offset),
            },
            // The same values a new strategy gets when it leaves them out.
            ob_backup_threshold_config: ThresholdConfig {
                data_backup_timeout_minutes: Some(defaults::DATA_BACKUP_TIMEOUT_MINUTES),
                no_successful_data_backup_alarm_days: Some(
                    defaults::NO_SUCCESSFUL_DATA_BACKUP_ALARM_DAYS,
                ),
                log_backup_delay_seconds: Some(defaults::LOG_BACKUP_DELAY_SECONDS),
                lib_ob_log_expire_days: logical.then_some(defaults::LIB_OB_LOG_EXPIRE_DAYS),
            },
            ob_backup_service_storage_config: StorageConfig {
                config_name: Some(s.config_name.to_owned()),
                storage_id: Some(s.storage_id),
                service_name: None,
                alarm_storage_percentage_threshold: is_file
                    .then_some(defaults::ALARM_STORAGE_PERCENTAGE),
                ob_backup_storage_base_info: Some(base_info),
                ..StorageConfig::default()
            },
            secondary_backup_enabled: Some(false),
            ob_secondary_backup_config: None,
            ..BackupStrategy::default()
        },
        schedule_status: s.status.clone(),
        schedule_from_us: origin_us,
        runs: 0,
        consecutive_failures: 0,
    }
}

/// A scripted happening of the seeded week.
pub(crate) enum Action {
    /// A full backup from before the week, for the first incrementals to build on.
    Baseline(BackupScope),
    BackupNow(i64),
    Pause(i64),
    LogStop(i64, LogBackupStatus, &'static str),
    LogStart(i64),
    Restore(RestoreSpec),
}

/// Scheduled slots of a strategy in `[from, to)`.
pub(crate) fn slots(rec: &StrategyRecord, from: i64, to: i64) -> Vec<(i64, DataBackupMode)> {
    let cfg = &rec.strategy.ob_backup_schedule_config;
    let (Some(mode), Some(days), Some(time)) = (
        cfg.backup_schedule_mode.as_ref(),
        cfg.day_and_data_backup_model_map.as_ref(),
        cfg.backup_schedule_time,
    ) else {
        return Vec::new();
    };
    let after = DateTime::from_timestamp_micros(from).unwrap_or_default();
    next_runs(mode, days, time, after, 64)
        .into_iter()
        .map(|r| (r.at.timestamp_micros(), r.kind))
        .filter(|(t, _)| *t < to)
        .collect()
}

/// The world of a fresh database: the specs, then the engine run over the past
/// [`HISTORY_DAYS`] with the script of what people did (and what broke) in between.
pub fn build(origin: DateTime<Utc>, seed: u64) -> World {
    let origin_us = origin.timestamp_micros();
    let start = origin_us - HISTORY_DAYS * US_PER_DAY;
    let mut w = World::default();
    w.state.seed = seed;
    w.state.progress_us = start - 2 * US_PER_DAY;
    let mut cfg = EngineConfig::default();
    let mut script: Vec<(i64, Action)> = Vec::new();
    for spec in cluster_specs() {
        let c = seeded_cluster(&spec, origin_us, start);
        let tenants = spec
            .tenants
            .iter()
            .map(|t| tenant_record(&spec, t, origin_us))
            .collect();
        let rec = spec
            .strategy
            .as_ref()
            .map(|s| strategy_record(&c, s, origin_us));
        script.extend(plan_cluster(
            &mut w, &mut cfg, &spec, c, tenants, rec, origin_us, start,
        ));
    }
    script.extend(crate::seed_tenants::seed(&mut w, origin_us, start));
    w.recount_tenants();
    for r in restore_specs() {
        script.push((
            origin_us - (r.created_hours_ago * US_PER_HOUR as f64) as i64,
            Action::Restore(r),
        ));
    }
    run_script(&mut w, &mut cfg, script, origin_us);
    w
}

/// A seeded cluster's record: the spec's, with the sizes and counters of its history.
pub(crate) fn seeded_cluster(spec: &ClusterSpec, origin_us: i64, start: i64) -> ClusterRecord {
    let mut c = cluster_record(spec, origin_us);
    c.data_version_since_us = start;
    match &spec.strategy {
        Some(s) => {
            let h = &s.history;
            c.data_size_gb = h.full_size_gb;
            c.log_base_delay_seconds = h.log_base_delay;
            c.next_backup_set_id = h.first_backup_set_id;
            c.data_version_base = h.first_data_version;
            c.agent_server_ip = h.agent_server_ip.map(str::to_owned);
        }
        None => {
            c.data_size_gb = if spec.cluster_type == ClusterType::Standby {
                1500.0
            } else {
                60.0
            }
        }
    }
    c
}

/// Puts a cluster, its tenants and its strategy (`rec`, made from `spec.strategy`) into `w`
/// with its log archive running, and returns the script of its history: the baseline, a
/// pause, manual backups, a log gap; forced failures go into `cfg`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan_cluster(
    w: &mut World,
    cfg: &mut EngineConfig,
    spec: &ClusterSpec,
    c: ClusterRecord,
    tenants: Vec<ocp_model::Tenant>,
    rec: Option<StrategyRecord>,
    origin_us: i64,
    start: i64,
) -> Vec<(i64, Action)> {
    let mut script = Vec::new();
    let id = c.id();
    for t in tenants {
        w.put_tenant(t);
    }
    w.put_cluster(c);
    let (Some(s), Some(mut rec)) = (&spec.strategy, rec) else {
        return script;
    };
    let h = &s.history;
    rec.strategy
        .ob_backup_schedule_config
        .backup_schedule_enabled = Some(true);
    rec.schedule_status = BackupScheduleStatus::Normal;
    rec.schedule_from_us = start;
    rec.runs = 1;
    let week = slots(&rec, start, origin_us);
    let scope = BackupScope::Cluster { cluster_id: id };
    w.put_strategy(scope, rec);
    engine::start_log(
        w,
        scope,
        origin_us - (h.log_since_days * US_PER_DAY as f64) as i64,
    );
    script.push((start - 30 * US_PER_HOUR, Action::Baseline(scope)));
    if let Some(d) = h.paused_days_ago {
        script.push((
            origin_us - (d * US_PER_DAY as f64) as i64,
            Action::Pause(id),
        ));
    }
    for hours in &h.manual_full_hours_ago {
        // Clear of the schedule's runs, so the two never collide.
        let mut t = origin_us - (hours * US_PER_HOUR as f64) as i64;
        for _ in 0..24 {
            if week.iter().all(|(s, _)| (t - s).abs() > 2 * US_PER_HOUR) {
                break;
            }
            t -= US_PER_HOUR;
        }
        script.push((t, Action::BackupNow(id)));
    }
    if let Some(f) = &h.failure {
        if let Some((at, _)) = week
            .iter()
            .filter(|(t, k)| *k == f.kind && *t < origin_us - 3 * US_PER_HOUR)
            .rev()
            .nth(f.nth_from_end)
        {
            cfg.forced_failures.insert((id, *at), f.error.to_owned());
        }
    }
    if let Some(g) = &h.gap {
        let fulls: Vec<i64> = week
            .iter()
            .filter(|(t, k)| *k == DataBackupMode::Full && *t < origin_us - 2 * US_PER_HOUR)
            .map(|(t, _)| *t)
            .collect();
        let (gap_start, gap_end) = match fulls.as_slice() {
            [.., older, newer] => {
                let end = newer - (g.hours_before_full * US_PER_HOUR as f64) as i64;
                let start = end - (g.length_hours * US_PER_HOUR as f64) as i64;
                // Keep the older full backup inside the archive before the gap.
                let start = start.max(older + 2 * US_PER_HOUR);
                (start.min(end - 60_000_000), end)
            }
            _ => (origin_us - 48 * US_PER_HOUR, origin_us - 45 * US_PER_HOUR),
        };
        script.push((gap_start, Action::LogStop(id, g.status.clone(), g.error)));
        script.push((gap_end, Action::LogStart(id)));
    }
    script
}

/// Runs the engine through a history script, in time order, then up to `origin_us`.
pub(crate) fn run_script(
    w: &mut World,
    cfg: &mut EngineConfig,
    mut script: Vec<(i64, Action)>,
    origin_us: i64,
) {
    script.sort_by_key(|(t, _)| *t);
    let spec_names: Vec<String> = unit_specs().into_iter().map(|u| u.name).collect();
    for (t, action) in script {
        engine::advance(w, cfg, t);
        let done = match action {
            Action::Baseline(scope) => {
                engine::start_data_backup(
                    w,
                    cfg,
                    DataStart {
                        scope,
                        kind: DataBackupMode::Full,
                        start_us: t,
                        scheduled: false,
                        uri: None,
                        forced_error: None,
                        requested_us: None,
                    },
                );
                Ok(())
            }
            Action::BackupNow(id) => {
                let mode = w
                    .cluster_strategy(id)
                    .and_then(|s| s.strategy.backup_mode.clone())
                    .unwrap_or(BackupMode::Physical);
                let p = BackupNowParam {
                    backup_mode: mode,
                    data_backup_mode: DataBackupMode::Full,
                    ob_backup_service_storage_config: None,
                    ob_backup_object: Some(BackupObject::cluster(id)),
                };
                ops::backup_now(w, cfg, BackupScope::Cluster { cluster_id: id }, p, t).map(|_| ())
            }
            Action::Pause(id) => {
                ops::set_schedule(w, BackupScope::Cluster { cluster_id: id }, false, t).map(|_| ())
            }
            Action::LogStop(id, status, error) => {
                let scope = BackupScope::Cluster { cluster_id: id };
                engine::stop_log(w, scope, t, status, Some(error.to_owned()));
                Ok(())
            }
            Action::LogStart(id) => {
                engine::start_log(w, BackupScope::Cluster { cluster_id: id }, t);
                Ok(())
            }
            Action::Restore(r) => {
                if let Some(e) = r.error {
                    cfg.forced_restore_failures
                        .insert(w.state.ids.restore, e.to_owned());
                }
                seed_restore(w, cfg, &r, t, &spec_names)
            }
        };
        if let Err(e) = done {
            tracing::warn!(error = ?e.detail(), "a step of the seeded history was refused");
        }
    }
    engine::advance(w, cfg, origin_us);
}

/// A restore started at `t` to a point inside the newest window that began before the
/// wanted point.
fn seed_restore(
    w: &mut World,
    cfg: &EngineConfig,
    r: &RestoreSpec,
    t: i64,
    unit_specs: &[String],
) -> Result<(), crate::error::ApiError> {
    let Some(tenant) = w
        .tenants
        .values()
        .find(|x| x.cluster_id == Some(r.backup_cluster) && x.name == r.backup_tenant)
        .cloned()
    else {
        return Ok(());
    };
    let Some(src) = w.clusters.get(&r.backup_cluster).cloned() else {
        return Ok(());
    };
    let Some(dst) = w.clusters.get(&r.restore_cluster).cloned() else {
        return Ok(());
    };
    let wanted = t - (r.point_hours_before * US_PER_HOUR as f64) as i64;
    let point = ops::tenant_windows(w, &tenant, t)
        .iter()
        .rev()
        .find(|win| win.start_time.timestamp_micros() < wanted)
        .map(|win| wanted.min(win.end_time.timestamp_micros()))
        .unwrap_or(wanted);
    let zones: Vec<String> = dst.cluster.zones.iter().map(|z| z.name.clone()).collect();
    let p = RestoreParam {
        backup_tenant_status: BackupTenantStatus::Online,
        restore_online_tenant_required_param: Some(OnlineRestoreParam {
            backup_cluster_id: src.id(),
            backup_tenant_id: tenant.id,
            restore_cluster_id: dst.id(),
            restore_end_time: at_us::<ocp_model::time::MicroStyle>(point, src.offset()),
            restore_tenant_info_param: RestoreTenantInfo {
                name: r.restore_tenant.to_owned(),
                primary_zone: Some(zones.join(";")),
                zones: zones
                    .iter()
                    .map(|z| RestoreZone {
                        name: z.clone(),
                        replica_type: ReplicaType::Full,
                        resource_pool: ResourcePool {
                            unit_spec_name: r.unit_spec.to_owned(),
                            unit_count: 1,
                        },
                    })
                    .collect(),
            },
        }),
        restore_offline_tenant_required_param: None,
    };
    ops::restore(w, cfg, dst.id(), p, unit_specs, t).map(|_| ())
}

/// Seeds a database that has never been seeded; does nothing otherwise.
/// Fills in what a database seeded by an older emulator lacks: the seeded clusters'
/// `fullVersion`. Marked dirty, so the next tick commits it.
pub fn backfill(w: &mut World) {
    backfill_data_tasks(w);
    for spec in cluster_specs() {
        if let Some(c) = w.clusters.get_mut(&spec.id) {
            if c.cluster.full_version.is_none()
                && c.cluster.ob_version.as_deref() == Some(spec.version)
            {
                c.cluster.full_version = Some(spec.full_version.to_owned());
                w.mark(crate::world::Key::Cluster(spec.id));
            }
        }
    }
}

/// A database from before every data backup was an OCP task, and the rows `--history-tasks`
/// adds: each data backup without a task gets one now, with the row's id, built from its plan
/// (or, for a finished row without one, from its times and error), so its `taskId` can be read.
fn backfill_data_tasks(w: &mut World) {
    let missing: Vec<DataTaskRecord> = w
        .data
        .values()
        .filter(|d| !w.tasks.contains_key(&d.task.task_id))
        .cloned()
        .collect();
    for d in missing {
        let Some(plan) = d.plan.clone().or_else(|| finished_plan(&d)) else {
            continue;
        };
        let kind = match d.task.data_backup_task_type {
            DataBackupMode::Full => "Full",
            _ => "Incremental",
        };
        let name = format!(
            "{kind} backup of {}",
            d.task.cluster_name.clone().unwrap_or_default()
        );
        let steps = [
            ("Start data backup", d.start_us, plan.init_us),
            ("Initialize backup", plan.init_us, plan.doing_us),
            ("Back up data", plan.doing_us, plan.end_us),
        ];
        let fail_at = plan
            .error
            .is_some()
            .then_some(if plan.doing_us >= plan.end_us { 1 } else { 2 });
        let now = w.now_us();
        engine::put_planned_task(
            w,
            engine::PlannedTask {
                id: d.task.task_id,
                name,
                task_type: if d.scheduled {
                    "SYS_SCHEDULED"
                } else {
                    "MANUAL"
                },
                creator: if d.scheduled { "system" } else { "admin" },
                cluster_id: d.cluster_id,
                created_us: d.start_us,
                steps: &steps,
                fail_at,
                error: plan.error.clone(),
            },
        );
        if let Some(rec) = w.tasks.get_mut(&d.task.task_id) {
            engine::materialize_task(rec, now);
        }
    }
}

/// The plan a finished data backup without one must have followed: a few seconds to start
/// and initialize, the rest backing up data; failed with its own error text.
fn finished_plan(d: &DataTaskRecord) -> Option<crate::records::DataPlan> {
    let end_us = d.finish_us?;
    let failed = d.task.status == ocp_model::DataBackupStatus::Failed;
    Some(crate::records::DataPlan {
        init_us: (d.start_us + 5 * engine::US_PER_SEC).min(end_us),
        doing_us: (d.start_us + 35 * engine::US_PER_SEC).min(end_us),
        end_us,
        error: failed.then(|| d.task.error_msg.clone().unwrap_or_default()),
    })
}

/// Seeds a fresh database (with `history_tasks` more old data backups, see
/// [`add_history_tasks`], and the clusters of `fleet`, see [`crate::fleet`]); a database
/// already seeded is left as it is. Whether it seeded.
pub fn seed_if_fresh(
    store: &Store,
    origin: DateTime<Utc>,
    seed: u64,
    history_tasks: usize,
    fleet: Option<crate::fleet::Fleet>,
) -> DbResult<bool> {
    if store.meta(ORIGIN_KEY)?.is_some() {
        return Ok(false);
    }
    let mut w = build(origin, seed);
    if let Some(fleet) = fleet {
        crate::fleet::add(&mut w, fleet, origin.timestamp_micros());
    }
    add_history_tasks(&mut w, origin, history_tasks);
    w.mark(crate::world::Key::State);
    let keys = w.take_dirty();
    let clusters = w.clusters.len();
    store.commit(&w, &keys, |tx| {
        for s in unit_specs() {
            tx.put_unit_spec(&s)?;
        }
        tx.set_meta(ORIGIN_KEY, &origin.timestamp_micros().to_string())
    })?;
    tracing::info!(%origin, clusters, "seeded a fresh database");
    Ok(true)
}

/// When the seed's history ends, if the database was seeded.
pub fn origin(store: &Store) -> DbResult<Option<DateTime<Utc>>> {
    Ok(store
        .meta_i64(ORIGIN_KEY)?
        .and_then(DateTime::from_timestamp_micros))
}

/// Which cluster `--history-tasks` fills: the first seeded one (ob-prod-hz).
pub const HISTORY_TASKS_CLUSTER: i64 = 1_000_001;

/// `--history-tasks N`: `n` more finished data backup tasks of [`HISTORY_TASKS_CLUSTER`],
/// spread evenly over the 20 days before the seeded history (so all of them fall in the
/// console's "last 30 days"), for long-list demos and load tests. They were cleaned up long
/// ago (`expired`): windows, sizes and the overview are those of the seeded world. One in
/// twenty failed, with raw database text (quotes, angle brackets, a stack trace, a storage
/// URI with its access keys, which the console masks). Their backup sets are numbered from
/// 100001 so they never meet the seeded ones.
pub fn add_history_tasks(w: &mut World, origin: DateTime<Utc>, n: usize) {
    let Some(cluster) = w.clusters.get(&HISTORY_TASKS_CLUSTER).cloned() else {
        return;
    };
    let offset = cluster.offset();
    let end_us = origin.timestamp_micros() - HISTORY_DAYS * US_PER_DAY;
    let span_us = 20 * US_PER_DAY;
    let step_us = span_us / (n.max(1) as i64);
    for i in 0..n {
        let start_us = end_us - span_us + i as i64 * step_us;
        let duration_us = (20 + (i * 7919) % 40) as i64 * 60_000_000;
        let failed = i % 20 == 7;
        let kind = if i % 4 == 0 {
            DataBackupMode::Full
        } else {
            DataBackupMode::Incremental
        };
        let id = w.next_id(|ids| &mut ids.data_task);
        let task = ocp_model::DataBackupTask {
            task_id: id,
            backup_set_id: Some(100_001 + i as i64),
            data_backup_task_type: kind,
            backup_mode: Some(BackupMode::Physical),
            status: if failed {
                ocp_model::DataBackupStatus::Failed
            } else {
                ocp_model::DataBackupStatus::Done
            },
            start_time: Some(crate::records::at_us(start_us, offset)),
            finish_time: Some(crate::records::at_us(start_us + duration_us, offset)),
            error_msg: failed.then(|| {
                "ERROR 4016 (HY000): Internal error: backup \"data\" of <tenant 1001> failed\n\
                 \tat com.oceanbase.ocp.backup.DataBackupTask.run(DataBackupTask.java:211)\n\
                 \tcaused by: cannot open oss://backup-bucket/ob-prod-hz?host=oss-cn-hangzhou.aliyuncs.com&access_id=LTAI5tHistory&access_key=hist0rySecretKey"
                    .to_owned()
            }),
            data_version: Some(1 + i as i64),
            schema_version: Some(start_us - 3 * US_PER_DAY),
            backup_uri: Some("file:///obbackup/ob-prod-hz".to_owned()),
            cluster_id: Some(cluster.id()),
            cluster_name: Some(cluster.cluster.name.clone()),
            ob_cluster_id: cluster.cluster.ob_cluster_id,
            cluster_type: cluster.cluster.cluster_type.clone(),
            tenant_id: Some(0),
            ob_tenant_id: None,
            tenant_name: None,
            data_secondary_backup_task_ids: Vec::new(),
            backup_dimension: None,
            snapshot_version_time: None,
            duration: None,
            backup_type: None,
            task_type: None,
            data_type: None,
        };
        w.put_data(crate::records::DataTaskRecord {
            cluster_id: HISTORY_TASKS_CLUSTER,
            tenant_id: None,
            task,
            full_backup_set_id: None,
            size_bytes: 0,
            start_us,
            finish_us: Some(start_us + duration_us),
            freeze_us: None,
            plan: None,
            scheduled: true,
            expired: true,
        });
    }
}
