//! What the emulator stores: the model types as the API shows them, plus the few facts the
//! API does not show but the emulator needs (exact microseconds, sizes, which full backup an
//! incremental builds on). Each record is one JSON document in its table.

use chrono::{DateTime, FixedOffset, Utc};
use ocp_model::time::OcpTime;
use ocp_model::{
    BackupAbility, BackupScheduleStatus, BackupScope, BackupStrategy, Cluster, ClusterType,
    DataBackupStatus, DataBackupTask, LogBackupTask, RestoreStatus, RestoreTask, TaskInstance,
    Tenant,
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
    /// How much data a full backup copies; durations grow with it.
    #[serde(default = "default_size_gb")]
    pub data_size_gb: f64,
    /// Typical lag of log archiving, seconds (the live delay jitters around it).
    #[serde(default = "default_log_delay")]
    pub log_base_delay_seconds: f64,
    /// The next backup set id of this cluster.
    #[serde(default = "one")]
    pub next_backup_set_id: i64,
    /// Major freeze version at `data_version_since_us`; one freeze a day after it.
    #[serde(default = "one")]
    pub data_version_base: i64,
    #[serde(default)]
    pub data_version_since_us: i64,
    /// Agent host of logical backups.
    #[serde(default)]
    pub agent_server_ip: Option<String>,
    /// Share of this cluster's data backups that fail whatever `--failure-rate` says (the
    /// higher of the two applies): a fleet's clusters whose backups keep failing (`fleet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_rate: Option<f64>,
}

fn default_size_gb() -> f64 {
    100.0
}
fn default_log_delay() -> f64 {
    30.0
}
fn one() -> i64 {
    1
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
    /// The major freeze version at `us`.
    pub fn data_version_at(&self, us: i64) -> i64 {
        self.data_version_base + (us - self.data_version_since_us).max(0) / 86_400_000_000
    }
}

/// A strategy and the state of its scheduling (what `backupScheduleStatus` reports).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyRecord {
    pub strategy: BackupStrategy,
    pub schedule_status: BackupScheduleStatus,
    /// Scheduled runs fire strictly after this instant (creation, resume, schedule change).
    #[serde(default)]
    pub schedule_from_us: i64,
    /// Scheduled runs started so far (WAITING until the first).
    #[serde(default)]
    pub runs: u32,
    /// Scheduled runs that failed in a row (ABNORMAL after a few).
    #[serde(default)]
    pub consecutive_failures: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataTaskRecord {
    pub cluster_id: i64,
    /// Made for this tenant (its own strategy or a tenant backup-now, ocp-api.md 2b); `None`
    /// for a cluster-level backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<i64>,
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
    /// When the task moves on; `None` for records that never ran through the engine.
    #[serde(default)]
    pub plan: Option<DataPlan>,
    /// Started by the schedule (not "backup now").
    #[serde(default)]
    pub scheduled: bool,
    /// Removed by cleanup: no longer a recoverable point, no longer counted in the size.
    #[serde(default)]
    pub expired: bool,
}

/// The life of a data backup task: BEGINNING at `start_us`, INITIALIZING at `init_us`, DOING
/// at `doing_us`, then DONE (or FAILED with `error`) at `end_us`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataPlan {
    pub init_us: i64,
    pub doing_us: i64,
    pub end_us: i64,
    #[serde(default)]
    pub error: Option<String>,
}

/// The scope a record was made in.
fn scope_of(cluster_id: i64, tenant_id: Option<i64>) -> BackupScope {
    match tenant_id {
        Some(tenant_id) => BackupScope::Tenant {
            cluster_id,
            tenant_id,
        },
        None => BackupScope::Cluster { cluster_id },
    }
}

impl DataTaskRecord {
    pub fn scope(&self) -> BackupScope {
        scope_of(self.cluster_id, self.tenant_id)
    }
    pub fn is_active(&self) -> bool {
        matches!(
            self.task.status,
            DataBackupStatus::Beginning | DataBackupStatus::Initializing | DataBackupStatus::Doing
        )
    }
    /// A successful backup that can still be restored from.
    pub fn is_usable(&self) -> bool {
        self.task.status == DataBackupStatus::Done && !self.expired
    }
}

/// A restore and its plan: the step that starts at each instant, and how it ends.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreRecord {
    pub task: RestoreTask,
    /// (step, when it starts), in order; the last one ends at `end_us`.
    pub steps: Vec<(RestoreStatus, i64)>,
    pub end_us: i64,
    /// Fails at `end_us` with this text.
    #[serde(default)]
    pub error: Option<String>,
    /// Created in the target cluster when the restore succeeds.
    #[serde(default)]
    pub new_tenant: Option<Tenant>,
    /// On failure the new tenant stays in the target cluster, RESTORING (a restore that failed
    /// after creating its tenant). Set for the failures `--failure-rate` draws.
    #[serde(default)]
    pub failed_tenant_stays: bool,
}

/// An OCP task and when each subtask runs (`[start, end)`); the one at `fail_at` fails and
/// the ones after it never run.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRecord {
    pub task: TaskInstance,
    pub plan: Vec<(i64, i64)>,
    #[serde(default)]
    pub fail_at: Option<usize>,
    /// What the failing subtask's log says (raw database text), when one fails.
    #[serde(default)]
    pub error: Option<String>,
}

impl TaskRecord {
    pub fn is_active(&self) -> bool {
        self.task.status == ocp_model::cluster::TaskStatus::Running
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogTaskRecord {
    pub id: i64,
    pub cluster_id: i64,
    /// A tenant's own archive (its own strategy, ocp-api.md 2b); `None` for the cluster's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<i64>,
    /// As stored; for a RUNNING task `checkpoint`, `delay` and `modifyTime` are computed live.
    pub task: LogBackupTask,
    pub create_us: i64,
    #[serde(default)]
    pub checkpoint_us: Option<i64>,
    /// Typical lag of this archive, in seconds; the live delay jitters around it.
    pub base_delay_seconds: f64,
    /// A round that broke by itself (`--log-break-rate`): when the engine starts the next one.
    /// Cleared once that has happened (or been given up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_us: Option<i64>,
}

impl LogTaskRecord {
    pub fn scope(&self) -> BackupScope {
        scope_of(self.cluster_id, self.tenant_id)
    }
    pub fn is_running(&self) -> bool {
        self.task.status == ocp_model::LogBackupStatus::Running
    }
}

/// Any OCP time style at a microsecond instant, in `offset`.
pub fn at_us<S>(us: i64, offset: FixedOffset) -> OcpTime<S> {
    let utc = DateTime::from_timestamp_micros(us).unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    OcpTime::from_utc(utc, offset)
}
