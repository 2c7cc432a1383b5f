//! Clusters, tenants, unit specs and OCP's generic task instances (ocp-api.md 3).

use crate::open_enum;
use crate::time::{CreateTime, StampTime};
use serde::{Deserialize, Serialize};

open_enum!(ClusterType { Primary = "PRIMARY", Standby = "STANDBY" });
open_enum!(ClusterStatus {
    Running = "RUNNING",
    Creating = "CREATING",
    Starting = "STARTING",
    Stopping = "STOPPING",
    Stopped = "STOPPED",
    Restarting = "RESTARTING",
    Upgrading = "UPGRADING",
    Abnormal = "ABNORMAL",
    Unavailable = "UNAVAILABLE",
});
open_enum!(TenantMode { Mysql = "MYSQL", Oracle = "ORACLE" });
open_enum!(TenantStatus {
    Normal = "NORMAL",
    Creating = "CREATING",
    Deleting = "DELETING",
    Modifying = "MODIFYING",
    Restoring = "RESTORING",
    Locked = "LOCKED",
    Abnormal = "ABNORMAL",
});
open_enum!(UnitSpecType { System = "SYSTEM", Custom = "CUSTOM" });
open_enum!(TaskStatus { Running = "RUNNING", Failed = "FAILED", Successful = "SUCCESSFUL" });
open_enum!(SubtaskStatus {
    Pending = "PENDING",
    Ready = "READY",
    Running = "RUNNING",
    Canceling = "CANCELING",
    Failed = "FAILED",
    Successful = "SUCCESSFUL",
});

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    // strict: a zone is its name.
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub name: String,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub region_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub idc_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub server_count: Option<u32>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub status: Option<String>,
}

/// One row of GET `/api/v2/ob/clusters`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    // strict: id and name identify the cluster on every page.
    pub id: i64,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub name: String,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_version: Option<String>,
    /// The build string, e.g. `4.2.1.0-100000102023111118` (OceanBase's own OCP client reads
    /// it; ocp-api.md 1.6).
    #[serde(
        default,
        deserialize_with = "crate::lenient::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub full_version: Option<String>,
    // strict: the status and the role decide what may be done with the cluster.
    #[serde(default)]
    pub status: Option<ClusterStatus>,
    #[serde(default, rename = "type")]
    pub cluster_type: Option<ClusterType>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub tenant_count: Option<u32>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub server_count: Option<u32>,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub zones: Vec<Zone>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub create_time: Option<CreateTime>,
}

/// A tenant's zone: OCP versions send either a bare name or an object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum TenantZone {
    Name(String),
    Detail {
        name: String,
        #[serde(default, rename = "replicaType")]
        replica_type: Option<String>,
    },
}

impl TenantZone {
    pub fn name(&self) -> &str {
        match self {
            TenantZone::Name(n) | TenantZone::Detail { name: n, .. } => n,
        }
    }
}

/// One row of GET `/api/v2/ob/clusters/{id}/tenants`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    // strict: id and name identify the tenant; its status says whether it can be used.
    pub id: i64,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub name: String,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub mode: Option<TenantMode>,
    #[serde(default)]
    pub status: Option<TenantStatus>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub primary_zone: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub zone_list: Vec<TenantZone>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_version: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub create_time: Option<CreateTime>,
}

/// GET `/api/v2/ob/unitSpecs`. Memory in GB.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UnitSpec {
    // strict: id, name and the sizes a restore is planned with.
    pub id: i64,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub name: String,
    #[serde(default, rename = "type", deserialize_with = "crate::lenient::lenient")]
    pub spec_type: Option<UnitSpecType>,
    #[serde(default)]
    pub min_cpu_core_count: f64,
    #[serde(default)]
    pub max_cpu_core_count: f64,
    #[serde(default)]
    pub min_memory_size: f64,
    #[serde(default)]
    pub max_memory_size: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Subtask {
    // strict: id, name, status and times (a running step's duration is computed).
    pub id: i64,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub name: String,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub description: Option<String>,
    pub status: SubtaskStatus,
    #[serde(default)]
    pub start_time: Option<StampTime>,
    #[serde(default)]
    pub finish_time: Option<StampTime>,
    /// Seconds.
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub run_time: Option<f64>,
}

/// GET `/api/v2/tasks/instances/{id}`: the OCP task behind every backup write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TaskInstance {
    // strict: id, name, status, times and subtasks are what following a task shows.
    pub id: i64,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub name: String,
    pub status: TaskStatus,
    #[serde(default, rename = "type", deserialize_with = "crate::lenient::lenient")]
    pub task_type: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub operation: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub tenant_id: Option<i64>,
    #[serde(default)]
    pub create_time: Option<StampTime>,
    #[serde(default)]
    pub start_time: Option<StampTime>,
    #[serde(default)]
    pub finish_time: Option<StampTime>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub creator: Option<String>,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub subtasks: Vec<Subtask>,
}

/// GET `/api/v2/info`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ServerInfo {
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub build_version: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub build_time: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub server_mode: Option<String>,
}

/// GET `/api/v2/tasks/instances/{id}/subtasks/{subtaskId}/log`: the subtask's log lines,
/// joined by line breaks (raw text: quotes, angle brackets, stack traces).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubtaskLog {
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub log: String,
}

impl SubtaskStatus {
    /// The subtask has ended, one way or the other.
    pub fn is_ended(&self) -> bool {
        matches!(self, Self::Successful | Self::Failed)
    }
}

impl TaskInstance {
    /// Subtasks finished successfully, and all subtasks: the task's progress.
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .subtasks
            .iter()
            .filter(|s| s.status == SubtaskStatus::Successful)
            .count();
        (done, self.subtasks.len())
    }

    /// Whether the task still runs (OCP only says RUNNING, FAILED or SUCCESSFUL; anything
    /// else is taken as ended, so nothing polls forever).
    pub fn is_running(&self) -> bool {
        self.status == TaskStatus::Running
    }

    /// How long the task has run, in milliseconds: to its finish, or to `now_ms` (the
    /// server's clock) while it runs. `None` before it starts; never negative.
    pub fn run_ms(&self, now_ms: i64) -> Option<i64> {
        let start = self.start_time.or(self.create_time)?.timestamp_millis();
        let end = match self.finish_time {
            Some(f) => f.timestamp_millis(),
            None if self.is_running() => now_ms,
            None => return None,
        };
        Some((end - start).max(0))
    }
}

impl Subtask {
    /// How long the subtask ran, in milliseconds: `runTime` (seconds) when sent, else from its
    /// times, else to `now_ms` while it runs.
    pub fn run_ms(&self, now_ms: i64) -> Option<i64> {
        if let Some(secs) = self.run_time.filter(|s| s.is_finite() && *s >= 0.0) {
            return Some((secs * 1000.0).round() as i64);
        }
        let start = self.start_time?.timestamp_millis();
        let end = match self.finish_time {
            Some(f) => f.timestamp_millis(),
            None if self.status == SubtaskStatus::Running => now_ms,
            None => return None,
        };
        Some((end - start).max(0))
    }
}

#[cfg(test)]
mod task_tests {
    use super::*;

    fn t(s: &str) -> Option<StampTime> {
        Some(StampTime::parse(s).unwrap())
    }

    fn sub(id: i64, status: SubtaskStatus) -> Subtask {
        Subtask {
            id,
            name: format!("step {id}"),
            description: None,
            status,
            start_time: None,
            finish_time: None,
            run_time: None,
        }
    }

    fn task(status: TaskStatus, subtasks: Vec<Subtask>) -> TaskInstance {
        TaskInstance {
            id: 3000041,
            name: "Backup now".into(),
            status,
            task_type: None,
            operation: None,
            cluster_id: None,
            tenant_id: None,
            create_time: t("2024-05-01T10:00:00.000+08:00"),
            start_time: t("2024-05-01T10:00:00.150+08:00"),
            finish_time: None,
            creator: None,
            subtasks,
        }
    }

    #[test]
    fn progress_counts_successful_subtasks_of_all() {
        let running = task(
            TaskStatus::Running,
            vec![
                sub(1, SubtaskStatus::Successful),
                sub(2, SubtaskStatus::Successful),
                sub(3, SubtaskStatus::Running),
                sub(4, SubtaskStatus::Pending),
            ],
        );
        assert_eq!(running.progress(), (2, 4));
        let failed = task(
            TaskStatus::Failed,
            vec![
                sub(1, SubtaskStatus::Successful),
                sub(2, SubtaskStatus::Failed),
            ],
        );
        assert_eq!(failed.progress(), (1, 2));
        assert_eq!(task(TaskStatus::Successful, vec![]).progress(), (0, 0));
        assert!(SubtaskStatus::Failed.is_ended() && !SubtaskStatus::Canceling.is_ended());
    }

    #[test]
    fn run_time_ticks_on_the_servers_clock_while_running_and_stops_at_the_finish() {
        let now = StampTime::parse("2024-05-01T10:01:00.150+08:00")
            .unwrap()
            .timestamp_millis();
        let mut running = task(TaskStatus::Running, vec![]);
        assert_eq!(running.run_ms(now), Some(60_000));
        running.status = TaskStatus::Successful;
        running.finish_time = t("2024-05-01T10:00:30.150+08:00");
        assert_eq!(running.run_ms(now), Some(30_000));
        // Ended without a finish time: no made-up duration.
        running.finish_time = None;
        assert_eq!(running.run_ms(now), None);
        // A clock behind the start: zero, not negative.
        let mut early = task(TaskStatus::Running, vec![]);
        early.create_time = None;
        assert_eq!(early.run_ms(0), Some(0));
        early.start_time = None;
        assert_eq!(early.run_ms(now), None);
    }

    #[test]
    fn a_subtask_runs_for_its_run_time_else_its_times() {
        let now = StampTime::parse("2024-05-01T10:00:10.000+08:00")
            .unwrap()
            .timestamp_millis();
        let mut s = sub(1, SubtaskStatus::Successful);
        s.run_time = Some(2.4);
        assert_eq!(s.run_ms(now), Some(2400));
        s.run_time = None;
        s.start_time = t("2024-05-01T10:00:00.150+08:00");
        s.finish_time = t("2024-05-01T10:00:02.550+08:00");
        assert_eq!(s.run_ms(now), Some(2400));
        s.finish_time = None;
        s.status = SubtaskStatus::Running;
        assert_eq!(s.run_ms(now), Some(9850));
        s.status = SubtaskStatus::Pending;
        assert_eq!(s.run_ms(now), None);
    }

    #[test]
    fn a_subtask_log_reads_null_as_empty() {
        let l: SubtaskLog = serde_json::from_str(r#"{"log":null}"#).unwrap();
        assert_eq!(l.log, "");
        let l: SubtaskLog = serde_json::from_str("{\"log\":\"a\\nb <c> \\\"d\\\"\"}").unwrap();
        assert_eq!(l.log, "a\nb <c> \"d\"");
    }
}
