//! POST `/backup/restore` (ocp-api.md 2.6).

use crate::backup::{BackupMode, StorageBaseInfo};
use crate::open_enum;
use crate::time::RecoverableTime;
use serde::{Deserialize, Serialize};

open_enum!(BackupTenantStatus { Online = "ONLINE", Offline = "OFFLINE" });
open_enum!(ReplicaType { Full = "FULL", LogOnly = "LOGONLY", ReadOnly = "READONLY" });

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResourcePool {
    pub unit_spec_name: String,
    pub unit_count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RestoreZone {
    pub name: String,
    pub replica_type: ReplicaType,
    pub resource_pool: ResourcePool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RestoreTenantInfo {
    pub name: String,
    /// Zones by priority: `,` same priority, `;` lower.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_zone: Option<String>,
    pub zones: Vec<RestoreZone>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OnlineRestoreParam {
    pub backup_cluster_id: i64,
    pub backup_tenant_id: i64,
    pub restore_cluster_id: i64,
    /// The point to restore to, written to the microsecond with its offset: a restore point is
    /// checked to the microsecond, and a millisecond could move it out of its window.
    pub restore_end_time: RecoverableTime,
    pub restore_tenant_info_param: RestoreTenantInfo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OfflineRestoreParam {
    pub backup_mode: BackupMode,
    pub backup_cluster_name: String,
    pub backup_tenant_name: String,
    pub restore_cluster_id: i64,
    pub ob_backup_storage_base_info: StorageBaseInfo,
    /// The point to restore to, written to the microsecond with its offset: a restore point is
    /// checked to the microsecond, and a millisecond could move it out of its window.
    pub restore_end_time: RecoverableTime,
    pub restore_tenant_info_param: RestoreTenantInfo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RestoreParam {
    pub backup_tenant_status: BackupTenantStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_online_tenant_required_param: Option<OnlineRestoreParam>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_offline_tenant_required_param: Option<OfflineRestoreParam>,
}
