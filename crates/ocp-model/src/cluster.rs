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
