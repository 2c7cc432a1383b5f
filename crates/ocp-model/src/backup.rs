//! Cluster backup: strategy, ability, overview, backup-now and what every write returns
//! (ocp-api.md 2.1–2.4).

use crate::open_enum;
use crate::time::{CreateTime, TaskTime, TimeOfDay};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

open_enum!(BackupMode { Physical = "PHYSICAL_BACKUP", Logical = "LOGICAL_BACKUP" });
open_enum!(BackupAbility {
    Physical = "PHYSICAL_BACKUP",
    Logical = "LOGICAL_BACKUP",
    LogicalAndPhysical = "LOGICAL_AND_PHYSICAL",
});
open_enum!(ScheduleMode { Week = "WEEK", Month = "MONTH" });
open_enum!(DataBackupMode { Full = "FULL_BACKUP", Incremental = "INCREMENTAL_BACKUP" });
open_enum!(BackupDimension { Cluster = "CLUSTER", Tenant = "TENANT" });
open_enum!(StrategyType { Backup = "BACKUP", SecondaryBackup = "SECONDARY_BACKUP" });
open_enum!(StorageType {
    File = "BACKUP_STORAGE_FILE",
    Oss = "BACKUP_STORAGE_OSS",
    Cos = "BACKUP_STORAGE_COS",
    S3 = "BACKUP_STORAGE_S3",
});
open_enum!(SecondaryBackupPeriod { OnceADay = "ONCE_A_DAY", OnceAnHour = "ONCE_AN_HOUR" });
open_enum!(BackupScheduleStatus {
    None = "NONE",
    Normal = "NORMAL",
    Paused = "PAUSED",
    Waiting = "WAITING",
    Abnormal = "ABNORMAL",
});
open_enum!(ClusterBackupStatus {
    HasStrategy = "HAS_BACKUP_STRATEGY",
    NoStrategy = "NO_BACKUP_STRATEGY",
});
open_enum!(StorageVolumeUnit { B = "B", Kb = "KB", Mb = "MB", Gb = "GB", Tb = "TB", Pb = "PB" });
open_enum!(OpsTaskType {
    CreateStrategy = "CREATE_BACKUP_STRATEGY",
    UpdateStrategy = "UPDATE_BACKUP_STRATEGY",
    DeleteStrategy = "DELETE_BACKUP_STRATEGY",
    StartSchedule = "START_BACKUP_SCHEDULE",
    StopSchedule = "STOP_BACKUP_SCHEDULE",
    DataBackupNow = "DATA_BACKUP_NOW",
    Restore = "RESTORE",
});

/// A day of the schedule grid: 1 = Monday .. 7 = Sunday (WEEK) or 1..31 (MONTH).
/// On the wire it is a string key (`"2"`); serde_json turns integer map keys into strings.
pub type ScheduleDay = u8;

/// `obBackupScheduleConfig`. Every field is optional so that the same type serves a full
/// strategy, a read-back and a PATCH that carries only what changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScheduleConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_schedule_mode: Option<ScheduleMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_schedule_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_schedule_time: Option<TimeOfDay>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_and_data_backup_model_map: Option<BTreeMap<ScheduleDay, DataBackupMode>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_log_backup: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_data_retention_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean_schedule_time: Option<TimeOfDay>,
}

/// `obBackupThresholdConfig`: alert thresholds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ThresholdConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_backup_timeout_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_successful_data_backup_alarm_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_backup_delay_seconds: Option<u32>,
    /// Logical backup only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lib_ob_log_expire_days: Option<u32>,
}

/// Credentials of an object store. Which fields apply depends on the store:
/// OSS (endpoint, key id, secret), COS (+ `appId`), S3 (+ `region`).
/// The secret is write-only: a GET never returns it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// `obBackupStorageBaseInfo`. `storageUrl` has no scheme (`/obbackup/`, `bucket/dir`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StorageBaseInfo {
    pub backup_storage_type: StorageType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oss_access_key: Option<AccessKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cos_access_key: Option<AccessKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_access_key: Option<AccessKey>,
}

impl StorageBaseInfo {
    /// The storage as task rows show it: `file:///obbackup/`, `oss://bucket/dir`.
    pub fn uri(&self) -> String {
        let url = self.storage_url.as_deref().unwrap_or("");
        match self.backup_storage_type {
            StorageType::File => format!("file://{url}"),
            StorageType::Oss => format!("oss://{url}"),
            StorageType::Cos => format!("cos://{url}"),
            StorageType::S3 => format!("s3://{url}"),
            StorageType::Other(_) => url.to_owned(),
        }
    }

    /// Sets the access key block of this storage type (FILE has none), clearing the others.
    pub fn set_access_key(&mut self, key: Option<AccessKey>) {
        self.oss_access_key = None;
        self.cos_access_key = None;
        self.s3_access_key = None;
        match self.backup_storage_type {
            StorageType::Oss => self.oss_access_key = key,
            StorageType::Cos => self.cos_access_key = key,
            StorageType::S3 => self.s3_access_key = key,
            StorageType::File | StorageType::Other(_) => {}
        }
    }

    /// The access key block of this storage type, if it has one.
    pub fn access_key(&self) -> Option<&AccessKey> {
        match self.backup_storage_type {
            StorageType::Oss => self.oss_access_key.as_ref(),
            StorageType::Cos => self.cos_access_key.as_ref(),
            StorageType::S3 => self.s3_access_key.as_ref(),
            _ => None,
        }
    }

    /// The same storage with every secret removed, as a GET returns it.
    pub fn without_secrets(mut self) -> Self {
        for key in [
            &mut self.oss_access_key,
            &mut self.cos_access_key,
            &mut self.s3_access_key,
        ]
        .into_iter()
        .flatten()
        {
            key.access_key_secret = None;
        }
        self
    }
}

/// `obBackupServiceStorageConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StorageConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_id: Option<i64>,
    #[serde(
        default,
        deserialize_with = "crate::lenient::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_name: Option<String>,
    /// Percent, FILE storage only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_storage_percentage_threshold: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_backup_storage_base_info: Option<StorageBaseInfo>,
    /// `BACKUP_RESTORE_SERVICE` | `OB_CLUSTER` | `OTHERS` (tenant strategies, ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub service_type: Option<String>,
    /// Tenant strategies (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub service_id: Option<i64>,
    /// Host ids used for global restore (tenant strategies, ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub host_id_list: Option<Vec<i64>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SecondaryScheduleConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_backup_schedule_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_backup_schedule_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_secondary_backup_period: Option<SecondaryBackupPeriod>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SecondaryBackupConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_config: Option<StorageConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_config: Option<SecondaryScheduleConfig>,
}

/// What a backup applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BackupObject {
    pub cluster_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<i64>,
    pub backup_dimension: BackupDimension,
}

impl BackupObject {
    pub fn cluster(cluster_id: i64) -> Self {
        Self {
            cluster_id,
            tenant_id: None,
            backup_dimension: BackupDimension::Cluster,
        }
    }
}

open_enum!(CustomRangeBackupType { Data = "DATA", Log = "LOG" });
open_enum!(CustomRangeNodeType { Zone = "ZONE", Region = "REGION", Idc = "IDC" });

/// One item of `customBackupRangeList` (ocp-api.md 2b.3): where backups of `backupType` run.
/// List position is priority; a `nodeList` entry joins nodes of equal priority with commas
/// (`"zone1,zone2"`). Only OB [4.2.5.2, 4.3.0) and [4.2.1.11, 4.2.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomBackupRange {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub backup_type: Option<CustomRangeBackupType>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub node_type: Option<CustomRangeNodeType>,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub node_list: Vec<String>,
}

/// StrategyParam: the body of POST (everything) and PATCH (the changed parts plus `storageId`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StrategyParam {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_mode: Option<BackupMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_backup_schedule_config: Option<ScheduleConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_backup_threshold_config: Option<ThresholdConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_backup_service_storage_config: Option<StorageConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_backup_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_secondary_backup_config: Option<SecondaryBackupConfig>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ob_backup_object_list: Vec<BackupObject>,
    /// Tenant strategies only (ocp-api.md 2b.3); absent when empty.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::lenient::lenient_or_default"
    )]
    pub custom_backup_range_list: Vec<CustomBackupRange>,
}

/// The strategy as read back. With no strategy OCP answers `data: null` or an object without `id`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BackupStrategy {
    // strict: whether a strategy exists, its mode, schedule, thresholds and storage are what
    // the editor edits and the overview computes with; a wrong reading could be saved back.
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub create_time: Option<CreateTime>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub update_time: Option<CreateTime>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_dimension: Option<BackupDimension>,
    #[serde(default, rename = "type", deserialize_with = "crate::lenient::lenient")]
    pub strategy_type: Option<StrategyType>,
    #[serde(default)]
    pub backup_mode: Option<BackupMode>,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub ob_backup_schedule_config: ScheduleConfig,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub ob_backup_threshold_config: ThresholdConfig,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub ob_backup_service_storage_config: StorageConfig,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub secondary_backup_enabled: Option<bool>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_secondary_backup_config: Option<SecondaryBackupConfig>,
    /// Tenant strategies: OCP's tenant id (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub tenant_id: Option<i64>,
    /// Tenant strategies (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub tenant_name: Option<String>,
    /// Tenant strategies: OceanBase's own tenant id (1050).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub ob_tenant_id: Option<i64>,
    /// Tenant strategies (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub service_config_name: Option<String>,
    /// Sample-only field of the tenant GET (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub physical: Option<bool>,
    /// Sample-only field of the tenant GET (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub physical_and_was_logical: Option<bool>,
    /// Sample-only field of the tenant GET: `RESERVE_ALL` (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub retain_mode: Option<String>,
    /// Tenant strategies only (ocp-api.md 2b.3).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::lenient::lenient_or_default"
    )]
    pub custom_backup_range_list: Vec<CustomBackupRange>,
}

impl BackupStrategy {
    /// Whether this read-back is a real strategy rather than OCP's "none" placeholder.
    pub fn exists(&self) -> bool {
        self.id.is_some()
    }
}

/// One object's outcome inside an [`OpsResult`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ObjectOpsResult {
    // strict: whether it worked and which tasks to follow.
    #[serde(default)]
    pub be_successful: bool,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub ob_backup_object_list: Vec<BackupObject>,
    /// Absent on tenant start/stopSchedule answers (ocp-api.md 2b.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id_list: Option<Vec<i64>>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub error_code: Option<crate::envelope::ErrorCode>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub hint: Option<String>,
}

/// What every backup write returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OpsResult {
    pub ob_backup_task_type: OpsTaskType,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub backup_object_ops_result_list: Vec<ObjectOpsResult>,
}

impl OpsResult {
    /// Every OCP task id the write started, in order.
    pub fn task_ids(&self) -> Vec<i64> {
        self.backup_object_ops_result_list
            .iter()
            .flat_map(|r| r.task_id_list.iter().flatten().copied())
            .collect()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DataBackupSupportAbility {
    // strict: the three flags decide which backups are offered (the object as a whole is
    // lenient where it is used).
    #[serde(default)]
    pub full_backup_enabled: bool,
    #[serde(default)]
    pub increment_backup_enabled: bool,
    #[serde(default)]
    pub can_do_incremental_backup: bool,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub hint: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BackupCondition {
    #[serde(default)]
    pub need_agent_to_backup: bool,
    #[serde(default)]
    pub need_agent_to_restore: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RestoreConditionCheckResult {
    #[serde(default)]
    pub be_ready: bool,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub hint: Option<String>,
}

/// GET `/backup/ability`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Ability {
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_ability: Option<BackupAbility>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_mode: Option<BackupMode>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_data_backup_support_ability: Option<DataBackupSupportAbility>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_backup_condition: Option<BackupCondition>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_restore_condition_check_result: Option<RestoreConditionCheckResult>,
}

/// GET `/backup/overview`. Any of the time and size fields may be absent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    // strict: the cluster's identity, role and status, the schedule status (which decides the
    // actions offered) and the times and threshold RPO and ages are computed from.
    #[serde(default)]
    pub cluster_id: i64,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub cluster_name: String,
    #[serde(default)]
    pub ob_cluster_type: Option<crate::cluster::ClusterType>,
    #[serde(default)]
    pub ob_cluster_status: Option<crate::cluster::ClusterStatus>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub compaction_status: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub primary_and_standby_mode: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_version: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_cluster_backup_status: Option<ClusterBackupStatus>,
    /// The ability object of 2.2; a bare value (`"PHYSICAL_BACKUP"`) is read into
    /// `backup_ability`.
    #[serde(default, deserialize_with = "ability_or_value")]
    pub ob_backup_ability: Option<Ability>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_dimension: Option<BackupDimension>,
    #[serde(default)]
    pub backup_schedule_status: Option<BackupScheduleStatus>,
    #[serde(default)]
    pub last_data_backup_time: Option<TaskTime>,
    #[serde(default)]
    pub latest_log_backup_checkpoint: Option<TaskTime>,
    #[serde(default)]
    pub log_backup_delay_seconds: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_size: Option<f64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_storage_volume_unit: Option<StorageVolumeUnit>,
}

/// `obBackupAbility` "as 2.2": the ability object, or just its `backupAbility` value; read
/// leniently. Not an untagged enum: that would buffer the object and lose the lenient reading
/// of its own fields.
fn ability_or_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Ability>, D::Error> {
    struct AbilityOrValue(Ability);
    impl<'de> Deserialize<'de> for AbilityOrValue {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = AbilityOrValue;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an ability object or a backup ability")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(AbilityOrValue(Ability {
                        backup_ability: Some(BackupAbility::from_wire(v)),
                        ..Ability::default()
                    }))
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    map: A,
                ) -> Result<Self::Value, A::Error> {
                    Ability::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                        .map(AbilityOrValue)
                }
            }
            d.deserialize_any(Visit)
        }
    }
    Ok(crate::lenient::lenient::<D, AbilityOrValue>(d)?.map(|a| a.0))
}

/// POST `/backup/backupNow`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BackupNowParam {
    pub backup_mode: BackupMode,
    pub data_backup_mode: DataBackupMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_backup_service_storage_config: Option<StorageConfig>,
    /// Optional: the server fills it in from the path (ocp-api.md 2.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ob_backup_object: Option<BackupObject>,
}

/// What a person may do with a cluster's backup strategy in each schedule status
/// (ocp-api.md 2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StrategyAction {
    Create,
    Edit,
    Pause,
    Resume,
    Delete,
    BackupNow,
    Restore,
}

impl BackupScheduleStatus {
    pub fn allowed_actions(&self) -> &'static [StrategyAction] {
        use StrategyAction::*;
        match self {
            BackupScheduleStatus::None => &[Create, BackupNow, Restore],
            BackupScheduleStatus::Paused => &[Resume, BackupNow, Restore, Edit, Delete],
            BackupScheduleStatus::Normal
            | BackupScheduleStatus::Waiting
            | BackupScheduleStatus::Abnormal => &[Pause, BackupNow, Restore, Edit, Delete],
            // An unknown status: offer only what cannot do harm.
            BackupScheduleStatus::Other(_) => &[Edit],
        }
    }
}

#[cfg(test)]
mod action_tests {
    use super::*;

    #[test]
    fn each_status_offers_the_actions_ocp_allows() {
        use StrategyAction::*;
        assert_eq!(
            BackupScheduleStatus::None.allowed_actions(),
            &[Create, BackupNow, Restore]
        );
        assert!(BackupScheduleStatus::Paused
            .allowed_actions()
            .contains(&Resume));
        assert!(!BackupScheduleStatus::Paused
            .allowed_actions()
            .contains(&Pause));
        for s in [
            BackupScheduleStatus::Normal,
            BackupScheduleStatus::Waiting,
            BackupScheduleStatus::Abnormal,
        ] {
            assert!(s.allowed_actions().contains(&Pause) && s.allowed_actions().contains(&Delete));
            assert!(
                !s.allowed_actions().contains(&Create) && !s.allowed_actions().contains(&Resume)
            );
        }
        assert_eq!(
            BackupScheduleStatus::Other("X".into()).allowed_actions(),
            &[Edit]
        );
    }
}

// ---------------------------------------------------------------- backup now: the pre-check

/// Why the console does not send a backup-now request: OCP would refuse it (ocp-api.md 2.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupNowRefusal {
    /// A standby cluster cannot be backed up (BAK40002).
    Standby,
    /// Logical backup can only do full backups.
    LogicalIncremental,
    /// The ability says no full backup (`fullBackupEnabled` false), with OCP's hint.
    FullNotAllowed { hint: Option<String> },
    /// The ability says no incremental backup (`incrementBackupEnabled` false), with OCP's hint.
    IncrementalNotAllowed { hint: Option<String> },
    /// No successful full backup to build on (`canDoIncrementalBackup` false), with OCP's hint.
    NoFullBackup { hint: Option<String> },
}

impl BackupNowRefusal {
    /// A stable name, for tests and `data-` attributes.
    pub fn as_str(&self) -> &'static str {
        match self {
            BackupNowRefusal::Standby => "standby",
            BackupNowRefusal::LogicalIncremental => "logical-incremental",
            BackupNowRefusal::FullNotAllowed { .. } => "full-not-allowed",
            BackupNowRefusal::IncrementalNotAllowed { .. } => "incremental-not-allowed",
            BackupNowRefusal::NoFullBackup { .. } => "no-full-backup",
        }
    }

    /// OCP's own words for it, when the ability gave any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            BackupNowRefusal::FullNotAllowed { hint }
            | BackupNowRefusal::IncrementalNotAllowed { hint }
            | BackupNowRefusal::NoFullBackup { hint } => hint.as_deref(),
            _ => None,
        }
    }
}

/// What the person should know before a backup-now that is still sent: the server decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupNowWarning {
    /// A physical strategy's log archiving is not running (its latest log backup task is
    /// STOPPED, FAILED or INTERRUPTED): the new backup cannot anchor a point-in-time restore
    /// until archiving runs again.
    LogArchivingNotRunning {
        status: crate::tasks::LogBackupStatus,
    },
}

/// What the pre-check knows about the cluster. Everything is optional: what is not known is
/// left to the server.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackupNowContext {
    /// The overview's `obClusterType`.
    pub cluster_type: Option<crate::cluster::ClusterType>,
    /// The overview's `obBackupAbility` (or `/backup/ability`).
    pub ability: Option<Ability>,
    /// The strategy's `backupMode`, when the cluster has a strategy.
    pub strategy_mode: Option<BackupMode>,
    /// The status of the newest log backup task (`logBackupTasks?page=1&size=1`).
    pub log_status: Option<crate::tasks::LogBackupStatus>,
}

impl BackupNowContext {
    /// The mode a backup-now is sent with: the strategy's, else the ability's `backupMode`,
    /// else logical only when the cluster can do nothing else.
    pub fn mode(&self) -> BackupMode {
        if let Some(m) = self.strategy_mode.clone().filter(BackupMode::is_known) {
            return m;
        }
        let ability = self.ability.as_ref();
        if let Some(m) = ability
            .and_then(|a| a.backup_mode.clone())
            .filter(BackupMode::is_known)
        {
            return m;
        }
        match ability.and_then(|a| a.backup_ability.as_ref()) {
            Some(BackupAbility::Logical) => BackupMode::Logical,
            _ => BackupMode::Physical,
        }
    }
}

/// The rules OCP applies to POST `/backup/backupNow`, checked before sending: `Err` says why
/// nothing is sent; `Ok(Some(_))` is a warning to show with the confirmation. Rules whose
/// facts are unknown are left to the server.
pub fn backup_now_check(
    kind: &DataBackupMode,
    ctx: &BackupNowContext,
) -> Result<Option<BackupNowWarning>, BackupNowRefusal> {
    if ctx.cluster_type == Some(crate::cluster::ClusterType::Standby) {
        return Err(BackupNowRefusal::Standby);
    }
    let mode = ctx.mode();
    let support = ctx
        .ability
        .as_ref()
        .and_then(|a| a.ob_data_backup_support_ability.as_ref());
    match kind {
        DataBackupMode::Incremental if mode == BackupMode::Logical => {
            return Err(BackupNowRefusal::LogicalIncremental)
        }
        DataBackupMode::Incremental => {
            if let Some(s) = support {
                if !s.increment_backup_enabled {
                    return Err(BackupNowRefusal::IncrementalNotAllowed {
                        hint: s.hint.clone(),
                    });
                }
                if !s.can_do_incremental_backup {
                    return Err(BackupNowRefusal::NoFullBackup {
                        hint: s.hint.clone(),
                    });
                }
            }
        }
        DataBackupMode::Full => {
            if let Some(s) = support.filter(|s| !s.full_backup_enabled) {
                return Err(BackupNowRefusal::FullNotAllowed {
                    hint: s.hint.clone(),
                });
            }
        }
        DataBackupMode::Other(_) => {}
    }
    let physical_strategy = ctx.strategy_mode == Some(BackupMode::Physical);
    Ok(ctx
        .log_status
        .clone()
        .filter(|s| physical_strategy && s.is_not_running())
        .map(|status| BackupNowWarning::LogArchivingNotRunning { status }))
}

/// The body of a backup-now: the mode and kind, and the strategy's storage by its id (OCP
/// uses the strategy's storage when none is sent).
pub fn backup_now_param(
    cluster_id: i64,
    mode: BackupMode,
    kind: DataBackupMode,
    storage_id: Option<i64>,
) -> BackupNowParam {
    backup_now_param_for(
        crate::scope::BackupScope::Cluster { cluster_id },
        mode,
        kind,
        storage_id,
    )
}

/// As [`backup_now_param`], for a cluster or one tenant (ocp-api.md 2b.4).
pub fn backup_now_param_for(
    scope: crate::scope::BackupScope,
    mode: BackupMode,
    kind: DataBackupMode,
    storage_id: Option<i64>,
) -> BackupNowParam {
    BackupNowParam {
        backup_mode: mode,
        data_backup_mode: kind,
        ob_backup_service_storage_config: storage_id.map(|id| StorageConfig {
            storage_id: Some(id),
            ..StorageConfig::default()
        }),
        ob_backup_object: Some(scope.backup_object()),
    }
}

#[cfg(test)]
mod backup_now_tests {
    use super::*;
    use crate::cluster::ClusterType;
    use crate::tasks::LogBackupStatus;

    const NO_FULL_HINT: &str =
        "No successful full backup yet: run a full backup before an incremental one";

    fn ability(full: bool, incr: bool, can_incr: bool, hint: Option<&str>) -> Ability {
        Ability {
            backup_ability: Some(BackupAbility::LogicalAndPhysical),
            backup_mode: Some(BackupMode::Physical),
            ob_data_backup_support_ability: Some(DataBackupSupportAbility {
                full_backup_enabled: full,
                increment_backup_enabled: incr,
                can_do_incremental_backup: can_incr,
                hint: hint.map(str::to_owned),
            }),
            ..Ability::default()
        }
    }

    fn physical(log: Option<LogBackupStatus>) -> BackupNowContext {
        BackupNowContext {
            cluster_type: Some(ClusterType::Primary),
            ability: Some(ability(true, true, true, None)),
            strategy_mode: Some(BackupMode::Physical),
            log_status: log,
        }
    }

    #[test]
    fn a_healthy_physical_cluster_may_do_both_without_warning() {
        let ctx = physical(Some(LogBackupStatus::Running));
        assert_eq!(backup_now_check(&DataBackupMode::Full, &ctx), Ok(None));
        assert_eq!(
            backup_now_check(&DataBackupMode::Incremental, &ctx),
            Ok(None)
        );
        assert_eq!(ctx.mode(), BackupMode::Physical);
    }

    #[test]
    fn no_incremental_before_a_full_backup_with_ocps_hint() {
        let ctx = BackupNowContext {
            ability: Some(ability(true, true, false, Some(NO_FULL_HINT))),
            ..physical(None)
        };
        assert_eq!(
            backup_now_check(&DataBackupMode::Incremental, &ctx),
            Err(BackupNowRefusal::NoFullBackup {
                hint: Some(NO_FULL_HINT.to_owned())
            })
        );
        let refusal = backup_now_check(&DataBackupMode::Incremental, &ctx).unwrap_err();
        assert_eq!(refusal.hint(), Some(NO_FULL_HINT));
        assert_eq!(refusal.as_str(), "no-full-backup");
        // A full backup is what it needs, and that is allowed.
        assert_eq!(backup_now_check(&DataBackupMode::Full, &ctx), Ok(None));
    }

    #[test]
    fn incremental_switched_off_by_the_ability() {
        let ctx = BackupNowContext {
            ability: Some(ability(true, false, false, Some("not supported"))),
            ..physical(None)
        };
        assert_eq!(
            backup_now_check(&DataBackupMode::Incremental, &ctx),
            Err(BackupNowRefusal::IncrementalNotAllowed {
                hint: Some("not supported".to_owned())
            })
        );
    }

    #[test]
    fn full_switched_off_by_the_ability() {
        let ctx = BackupNowContext {
            ability: Some(ability(false, true, true, None)),
            ..physical(None)
        };
        assert_eq!(
            backup_now_check(&DataBackupMode::Full, &ctx),
            Err(BackupNowRefusal::FullNotAllowed { hint: None })
        );
    }

    #[test]
    fn logical_mode_does_only_full_backups() {
        // By the strategy's mode, even when the ability's flags would allow it.
        let by_strategy = BackupNowContext {
            strategy_mode: Some(BackupMode::Logical),
            ..physical(None)
        };
        assert_eq!(by_strategy.mode(), BackupMode::Logical);
        assert_eq!(
            backup_now_check(&DataBackupMode::Incremental, &by_strategy),
            Err(BackupNowRefusal::LogicalIncremental)
        );
        assert_eq!(
            backup_now_check(&DataBackupMode::Full, &by_strategy),
            Ok(None)
        );
        // By the ability alone (no strategy): the logical reason, not the flags' hint.
        let by_ability = BackupNowContext {
            cluster_type: Some(ClusterType::Primary),
            ability: Some(Ability {
                backup_ability: Some(BackupAbility::Logical),
                ob_data_backup_support_ability: Some(DataBackupSupportAbility {
                    full_backup_enabled: true,
                    hint: Some("Logical backup can only do full backups".to_owned()),
                    ..DataBackupSupportAbility::default()
                }),
                ..Ability::default()
            }),
            strategy_mode: None,
            log_status: None,
        };
        assert_eq!(by_ability.mode(), BackupMode::Logical);
        assert_eq!(
            backup_now_check(&DataBackupMode::Incremental, &by_ability),
            Err(BackupNowRefusal::LogicalIncremental)
        );
    }

    #[test]
    fn a_standby_cluster_is_refused_whatever_the_kind() {
        let ctx = BackupNowContext {
            cluster_type: Some(ClusterType::Standby),
            ..physical(Some(LogBackupStatus::Stopped))
        };
        for kind in [DataBackupMode::Full, DataBackupMode::Incremental] {
            assert_eq!(
                backup_now_check(&kind, &ctx),
                Err(BackupNowRefusal::Standby)
            );
        }
    }

    #[test]
    fn stopped_log_archiving_warns_on_a_physical_strategy_only() {
        for status in [
            LogBackupStatus::Stopped,
            LogBackupStatus::Failed,
            LogBackupStatus::Interrupted,
        ] {
            assert_eq!(
                backup_now_check(&DataBackupMode::Full, &physical(Some(status.clone()))),
                Ok(Some(BackupNowWarning::LogArchivingNotRunning { status }))
            );
        }
        // A transitional or unknown status is only what it says: no warning.
        for status in [
            LogBackupStatus::Stopping,
            LogBackupStatus::Beginning,
            LogBackupStatus::Running,
            LogBackupStatus::Starting,
            LogBackupStatus::InProgress,
            LogBackupStatus::Unknown,
            LogBackupStatus::Other("SUSPENDING".into()),
        ] {
            assert_eq!(
                backup_now_check(&DataBackupMode::Full, &physical(Some(status.clone()))),
                Ok(None),
                "{status}"
            );
        }
        // No log task known: no warning.
        assert_eq!(
            backup_now_check(&DataBackupMode::Full, &physical(None)),
            Ok(None)
        );
        // A logical strategy or no strategy: log archiving is not the strategy's promise.
        for strategy_mode in [Some(BackupMode::Logical), None] {
            let ctx = BackupNowContext {
                strategy_mode,
                ..physical(Some(LogBackupStatus::Stopped))
            };
            assert_eq!(backup_now_check(&DataBackupMode::Full, &ctx), Ok(None));
        }
        // A refusal wins over the warning.
        let ctx = BackupNowContext {
            ability: Some(ability(true, true, false, None)),
            ..physical(Some(LogBackupStatus::Stopped))
        };
        assert_eq!(
            backup_now_check(&DataBackupMode::Incremental, &ctx),
            Err(BackupNowRefusal::NoFullBackup { hint: None })
        );
    }

    #[test]
    fn what_is_not_known_is_left_to_the_server() {
        let ctx = BackupNowContext::default();
        assert_eq!(ctx.mode(), BackupMode::Physical);
        assert_eq!(
            backup_now_check(&DataBackupMode::Incremental, &ctx),
            Ok(None)
        );
        assert_eq!(backup_now_check(&DataBackupMode::Full, &ctx), Ok(None));
        // An unknown mode on the strategy falls back to the ability's.
        let ctx = BackupNowContext {
            strategy_mode: Some(BackupMode::Other("HYBRID".into())),
            ability: Some(Ability {
                backup_mode: Some(BackupMode::Logical),
                ..Ability::default()
            }),
            ..BackupNowContext::default()
        };
        assert_eq!(ctx.mode(), BackupMode::Logical);
    }

    #[test]
    fn the_body_names_the_strategys_storage_and_the_cluster() {
        let p = backup_now_param(
            1000002,
            BackupMode::Physical,
            DataBackupMode::Full,
            Some(6002),
        );
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({
                "backupMode": "PHYSICAL_BACKUP",
                "dataBackupMode": "FULL_BACKUP",
                "obBackupServiceStorageConfig": {"storageId": 6002},
                "obBackupObject": {"clusterId": 1000002, "backupDimension": "CLUSTER"},
            })
        );
        let p = backup_now_param(7, BackupMode::Logical, DataBackupMode::Full, None);
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({
                "backupMode": "LOGICAL_BACKUP",
                "dataBackupMode": "FULL_BACKUP",
                "obBackupObject": {"clusterId": 7, "backupDimension": "CLUSTER"},
            })
        );
    }
}
