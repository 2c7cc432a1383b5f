//! The three backup task lists (ocp-api.md 2.5).

use crate::backup::{BackupDimension, BackupMode, DataBackupMode};
use crate::cluster::ClusterType;
use crate::open_enum;
use crate::time::TaskTime;
use serde::{Deserialize, Serialize};

open_enum!(DataBackupStatus {
    Beginning = "BEGINNING",
    Initializing = "INITIALIZING",
    Doing = "DOING",
    Done = "DONE",
    Failed = "FAILED",
    Canceling = "CANCELING",
    Canceled = "CANCELED",
    Overdue = "OVERDUE",
    Unknown = "UNKNOWN",
});
open_enum!(LogBackupStatus {
    Beginning = "BEGINNING",
    Running = "RUNNING",
    Stopping = "STOPPING",
    Stopped = "STOPPED",
    Failed = "FAILED",
    Interrupted = "INTERRUPTED",
    Starting = "STARTING",
    InProgress = "INPROGRESS",
    Unknown = "UNKNOWN",
});
open_enum!(RestoreStatus {
    Pre = "RESTORE_PRE",
    CreateTenant = "RESTORE_CREATE_TENANT",
    SysReplica = "RESTORE_SYS_REPLICA",
    UserReplica = "RESTORE_USER_REPLICA",
    RebuildIndex = "RESTORE_REBUILD_INDEX",
    PostCheck = "RESTORE_POST_CHECK",
    CreateInitLs = "RESTORE_CREATE_INIT_LS",
    WaitLs = "RESTORE_WAIT_LS",
    PostCheck4 = "POST_CHECK",
    WaitTenantRestoreFinish = "WAIT_TENANT_RESTORE_FINISH",
    Success = "RESTORE_SUCCESS",
    Fail = "RESTORE_FAIL",
});

/// How a status reads at a glance: chips and colours follow this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusTone {
    Running,
    Success,
    Failure,
    Neutral,
}

impl DataBackupStatus {
    pub fn tone(&self) -> StatusTone {
        match self {
            Self::Beginning | Self::Initializing | Self::Doing | Self::Canceling => {
                StatusTone::Running
            }
            Self::Done => StatusTone::Success,
            Self::Failed | Self::Overdue => StatusTone::Failure,
            Self::Canceled | Self::Unknown | Self::Other(_) => StatusTone::Neutral,
        }
    }
}

/// By how many seconds a backup started at `start_ms` and still running is past a timeout of
/// `timeout_minutes` (`dataBackupTimeoutMinutes`) at `now_ms` (server clock), if it is.
pub fn over_timeout_secs(start_ms: i64, timeout_minutes: u32, now_ms: i64) -> Option<i64> {
    let over = (now_ms - start_ms) / 1000 - i64::from(timeout_minutes) * 60;
    (over > 0).then_some(over)
}

impl DataBackupTask {
    /// Whether OCP still runs it (`BEGINNING`, `INITIALIZING`, `DOING`).
    pub fn is_running(&self) -> bool {
        matches!(
            self.status,
            DataBackupStatus::Beginning | DataBackupStatus::Initializing | DataBackupStatus::Doing
        )
    }

    /// [`over_timeout_secs`] of this task while it runs.
    pub fn over_timeout_secs(&self, timeout_minutes: u32, now_ms: i64) -> Option<i64> {
        let start = self.start_time.filter(|_| self.is_running())?;
        over_timeout_secs(start.timestamp_millis(), timeout_minutes, now_ms)
    }
}

impl LogBackupStatus {
    pub fn tone(&self) -> StatusTone {
        match self {
            Self::Beginning | Self::Running | Self::Starting | Self::InProgress => {
                StatusTone::Running
            }
            Self::Failed | Self::Interrupted => StatusTone::Failure,
            Self::Stopping | Self::Stopped | Self::Unknown | Self::Other(_) => StatusTone::Neutral,
        }
    }
}

impl LogBackupStatus {
    /// The value of the tenant `status` filter (ocp-api.md 2b.6) a row status falls under:
    /// rows say `RUNNING` / `BEGINNING` where the filter says `INPROGRESS` / `STARTING`; both
    /// vocabularies mean the same (and have the same [`tone`](Self::tone)).
    pub fn filter_value(&self) -> LogBackupStatus {
        match self {
            Self::Running => Self::InProgress,
            Self::Beginning => Self::Starting,
            other => other.clone(),
        }
    }
}

impl RestoreStatus {
    pub fn tone(&self) -> StatusTone {
        match self {
            Self::Success => StatusTone::Success,
            Self::Fail => StatusTone::Failure,
            Self::Other(_) => StatusTone::Neutral,
            _ => StatusTone::Running,
        }
    }
}

/// A row of `dataBackupTasks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DataBackupTask {
    // strict: the task and backup set ids, type, status and times (durations, timeouts).
    pub task_id: i64,
    #[serde(default)]
    pub backup_set_id: Option<i64>,
    pub data_backup_task_type: DataBackupMode,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_mode: Option<BackupMode>,
    pub status: DataBackupStatus,
    #[serde(default)]
    pub start_time: Option<TaskTime>,
    #[serde(default)]
    pub finish_time: Option<TaskTime>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub error_msg: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub data_version: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub schema_version: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_uri: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_type: Option<ClusterType>,
    /// 0 for cluster-level tasks.
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub tenant_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub data_secondary_backup_task_ids: Vec<i64>,
    /// `CLUSTER` | `TENANT` (tenant rows, ocp-api.md 2b.5).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub backup_dimension: Option<BackupDimension>,
    /// Tenant rows: the snapshot point (sent as UTC µs, ocp-api.md 2b.2).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub snapshot_version_time: Option<TaskTime>,
    /// Tenant rows: finish − start in **seconds** (ocp-api.md 2b.5, inferred).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub duration: Option<i64>,
    /// Listed in the 2b.5 table, absent from its sample.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub backup_type: Option<String>,
    /// Listed in the 2b.5 table, absent from its sample.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub task_type: Option<String>,
    /// Listed in the 2b.5 table, absent from its sample.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub data_type: Option<String>,
}

/// A row of `logBackupTasks`. `delay` is seconds as a float.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LogBackupTask {
    // strict: status, times, checkpoint and delay (RPO and its colour are computed from them).
    #[serde(default)]
    pub create_time: Option<TaskTime>,
    #[serde(default)]
    pub modify_time: Option<TaskTime>,
    #[serde(default)]
    pub checkpoint: Option<TaskTime>,
    #[serde(default)]
    pub delay: Option<f64>,
    pub status: LogBackupStatus,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_mode: Option<BackupMode>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_uri: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub agent_server_ip: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub error_msg: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub tenant_name: Option<String>,
    /// `CLUSTER` | `TENANT` (tenant rows, ocp-api.md 2b.6).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub backup_dimension: Option<BackupDimension>,
    /// Tenant rows (ocp-api.md 2b.6).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub cluster_type: Option<ClusterType>,
}

/// A row of `restoreTasks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RestoreTask {
    // strict: id, status, `finished`/`successful` (the outcome), times and the point restored
    // to.
    pub id: i64,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ocp_job_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_mode: Option<BackupMode>,
    #[serde(default)]
    pub create_time: Option<TaskTime>,
    #[serde(default)]
    pub finish_time: Option<TaskTime>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_cluster_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_tenant_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_ob_tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub restore_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub restore_cluster_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub restore_ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub restore_tenant_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub restore_pool_list_str: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub restore_uri: Option<String>,
    #[serde(default)]
    pub restore_end_time: Option<TaskTime>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub error_msg: Option<String>,
    pub status: RestoreStatus,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub status_desc: Option<String>,
    #[serde(default)]
    pub finished: bool,
    #[serde(default)]
    pub successful: bool,
    /// Tenant rows: `NORMAL` for a restore; another value marks a sampling check (ocp-api.md 2b.7).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub trigger_type: Option<String>,
    /// Tenant rows: `TENANT` (ocp-api.md 2b.7).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub restore_object_type: Option<String>,
    /// Tenant rows, table only: a checkpoint during a logical incremental restore (ocp-api.md 2b.7).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub progress: Option<String>,
}

impl LogBackupStatus {
    /// Log archiving is not running: STOPPED, FAILED or INTERRUPTED. A transitional status
    /// (STOPPING, SUSPENDING) or one this console does not know is not called that.
    /// (`is_stopped`, in `task_list`, is the narrower "says STOPPED".)
    pub fn is_not_running(&self) -> bool {
        matches!(self, Self::Stopped | Self::Failed | Self::Interrupted)
    }
}

/// The row a backup-now started, among data backup rows (newest first): the row whose
/// `taskId` is one of the task ids the write returned, else the newest row (of `kind`, when
/// given) that started at or after `since_ms` (server time of the click), for an OCP whose
/// row ids differ from its task ids.
pub fn started_row(
    rows: &[DataBackupTask],
    task_ids: &[i64],
    kind: Option<&DataBackupMode>,
    since_ms: i64,
) -> Option<i64> {
    rows.iter()
        .find(|r| task_ids.contains(&r.task_id))
        .or_else(|| {
            rows.iter()
                .filter(|r| kind.is_none_or(|k| &r.data_backup_task_type == k))
                .filter(|r| {
                    r.start_time
                        .is_some_and(|t| t.timestamp_millis() >= since_ms)
                })
                .max_by_key(|r| r.start_time.map(|t| t.timestamp_millis()))
        })
        .map(|r| r.task_id)
}

#[cfg(test)]
mod started_row_tests {
    use super::*;

    fn row(id: i64, kind: DataBackupMode, start: &str) -> DataBackupTask {
        DataBackupTask {
            task_id: id,
            backup_set_id: None,
            data_backup_task_type: kind,
            backup_mode: None,
            status: DataBackupStatus::Beginning,
            start_time: Some(TaskTime::parse(start).unwrap()),
            finish_time: None,
            error_msg: None,
            data_version: None,
            schema_version: None,
            backup_uri: None,
            cluster_id: None,
            cluster_name: None,
            ob_cluster_id: None,
            cluster_type: None,
            tenant_id: None,
            ob_tenant_id: None,
            tenant_name: None,
            data_secondary_backup_task_ids: Vec::new(),
            backup_dimension: None,
            snapshot_version_time: None,
            duration: None,
            backup_type: None,
            task_type: None,
            data_type: None,
        }
    }

    #[test]
    fn the_row_of_the_returned_task_else_the_newest_of_its_kind_since_the_click() {
        let click = TaskTime::parse("2024-05-01T10:00:00.000+0800")
            .unwrap()
            .timestamp_millis();
        let rows = vec![
            row(
                3,
                DataBackupMode::Incremental,
                "2024-05-01T10:00:20.000+0800",
            ),
            row(2, DataBackupMode::Full, "2024-05-01T10:00:09.350+0800"),
            row(1, DataBackupMode::Full, "2024-05-01T02:00:00.000+0800"),
        ];
        assert_eq!(
            started_row(&rows, &[1], Some(&DataBackupMode::Full), click),
            Some(1)
        );
        assert_eq!(
            started_row(&rows, &[99], Some(&DataBackupMode::Full), click),
            Some(2)
        );
        assert_eq!(
            started_row(&rows, &[], Some(&DataBackupMode::Incremental), click),
            Some(3)
        );
        assert_eq!(
            started_row(&rows[2..], &[99], Some(&DataBackupMode::Full), click),
            None
        );
        // Any kind: the newest since the click.
        assert_eq!(started_row(&rows, &[99], None, click), Some(3));
    }

    #[test]
    fn only_stopped_failed_and_interrupted_are_not_running() {
        let stopped: Vec<&str> = LogBackupStatus::KNOWN
            .iter()
            .filter(|s| s.is_not_running())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(stopped, ["STOPPED", "FAILED", "INTERRUPTED"]);
        assert!(!LogBackupStatus::Other("SUSPENDING".into()).is_not_running());
    }
}
