//! What the emulator stores: the model types as the API shows them, plus the few facts the
//! API does not show but the emulator needs (exact microseconds, sizes, which full backup an
//! incremental builds on). Each record is one JSON document in its table.

use chrono::{DateTime, FixedOffset, Utc};
use ocp_model::time::OcpTime;
use ocp_model::{
    BackupAbility, BackupScheduleStatus, BackupStrategy, Cluster, ClusterType, DataBackupTask,
    LogBackupTask,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterRecord {
    pub cluster: Cluster,
    /// What the cluster's OB version and deployment allow.
    pub backup_ability: BackupAbility,
    pub compaction_status: String,
    #[serde(default)]
    pub primary_and_standby_mode: Option<String>,
    /// The offset the cluster's times are written in.
    pub utc_offset_seconds: i32,
}

impl ClusterRecord {
    pub fn id(&self) -> i64 {
        self.cluster.id
    }
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_seconds)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }
    pub fn is_standby(&self) -> bool {
        self.cluster.cluster_type == Some(ClusterType::Standby)
    }
    pub fn logical_only(&self) -> bool {
        self.backup_ability == BackupAbility::Logical
    }
}

/// A strategy and the state of its scheduling (what `backupScheduleStatus` reports).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyRecord {
    pub strategy: BackupStrategy,
    pub schedule_status: BackupScheduleStatus,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataTaskRecord {
    pub cluster_id: i64,
    pub task: DataBackupTask,
    /// For incrementals: the backup set of the full backup they build on.
    #[serde(default)]
    pub full_backup_set_id: Option<i64>,
    #[serde(default)]
    pub size_bytes: u64,
    /// Exact times: the recoverable info shows microseconds, task rows only milliseconds.
    pub start_us: i64,
    #[serde(default)]
    pub finish_us: Option<i64>,
    /// The snapshot point of the backup.
    #[serde(default)]
    pub freeze_us: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogTaskRecord {
    pub id: i64,
    pub cluster_id: i64,
    /// As stored; for a RUNNING task `checkpoint`, `delay` and `modifyTime` are computed live.
    pub task: LogBackupTask,
    pub create_us: i64,
    #[serde(default)]
    pub checkpoint_us: Option<i64>,
    /// Typical lag of this archive, in seconds; the live delay jitters around it.
    pub base_delay_seconds: f64,
}

/// Any OCP time style at a microsecond instant, in `offset`.
pub fn at_us<S>(us: i64, offset: FixedOffset) -> OcpTime<S> {
    let utc = DateTime::from_timestamp_micros(us).unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    OcpTime::from_utc(utc, offset)
}
