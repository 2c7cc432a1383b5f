//! What a backup page, request or emulator record is about: a whole cluster (ocp-api.md 2) or
//! one tenant of an OB 4.x cluster (ocp-api.md 2b). One code path serves both; the scope is
//! its parameter.

use crate::backup::{BackupDimension, BackupObject};
use crate::tasks::{DataBackupStatus, LogBackupStatus, RestoreStatus};
use crate::time::{MilliStyle, OcpTime, TimeStyle, UtcSecondStyle};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The object of backup endpoints. Ids are OCP's (longs): `cluster_id` is the cluster's `id`
/// (1000005), `tenant_id` OCP's tenant `id` (1000012), **not** `obTenantId` (1050)
/// (ocp-api.md 2b).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "backupDimension")]
pub enum BackupScope {
    /// Cluster-level backup (ocp-api.md 2): `/api/v2/ob/clusters/{id}`.
    #[serde(rename = "CLUSTER", rename_all = "camelCase")]
    Cluster { cluster_id: i64 },
    /// Tenant-level backup, OCP 4.2+ on OB ≥ 4.0 (ocp-api.md 2b):
    /// `/api/v2/ob/clusters/{id}/tenants/{tenantId}`.
    #[serde(rename = "TENANT", rename_all = "camelCase")]
    Tenant { cluster_id: i64, tenant_id: i64 },
}

/// Data-task `status` filter values the tenant list takes (ocp-api.md 2b.5).
pub static TENANT_DATA_STATUS_FILTERS: [DataBackupStatus; 9] = [
    DataBackupStatus::Beginning,
    DataBackupStatus::Initializing,
    DataBackupStatus::Doing,
    DataBackupStatus::Done,
    DataBackupStatus::Failed,
    DataBackupStatus::Canceling,
    DataBackupStatus::Canceled,
    DataBackupStatus::Overdue,
    DataBackupStatus::Unknown,
];

/// Log-task `status` filter values the tenant list takes (ocp-api.md 2b.6). Rows may also say
/// `RUNNING` / `BEGINNING`, which read as `INPROGRESS` / `STARTING`
/// ([`LogBackupStatus::filter_value`]).
pub static TENANT_LOG_STATUS_FILTERS: [LogBackupStatus; 7] = [
    LogBackupStatus::Starting,
    LogBackupStatus::InProgress,
    LogBackupStatus::Stopping,
    LogBackupStatus::Stopped,
    LogBackupStatus::Failed,
    LogBackupStatus::Interrupted,
    LogBackupStatus::Unknown,
];

/// Restore-task `status` filter values offered for a tenant (ocp-api.md 2b.7, open question
/// 4): the row values, ending in `RESTORE_SUCCESS` / `RESTORE_FAIL` (the emulator's reading).
pub static TENANT_RESTORE_STATUS_FILTERS: [RestoreStatus; 2] =
    [RestoreStatus::Success, RestoreStatus::Fail];

impl BackupScope {
    pub fn cluster_id(&self) -> i64 {
        match *self {
            Self::Cluster { cluster_id } | Self::Tenant { cluster_id, .. } => cluster_id,
        }
    }

    /// OCP's tenant id for a tenant scope.
    pub fn tenant_id(&self) -> Option<i64> {
        match *self {
            Self::Cluster { .. } => None,
            Self::Tenant { tenant_id, .. } => Some(tenant_id),
        }
    }

    pub fn is_tenant(&self) -> bool {
        matches!(self, Self::Tenant { .. })
    }

    /// The cluster this scope belongs to (itself for a cluster).
    pub fn cluster(&self) -> Self {
        Self::Cluster {
            cluster_id: self.cluster_id(),
        }
    }

    /// `backupDimension` of objects, strategies and rows of this scope.
    pub fn dimension(&self) -> BackupDimension {
        match self {
            Self::Cluster { .. } => BackupDimension::Cluster,
            Self::Tenant { .. } => BackupDimension::Tenant,
        }
    }

    /// The `obBackupObjectList` item / `obBackupObject` naming this scope (ocp-api.md 2.1,
    /// 2b.1).
    pub fn backup_object(&self) -> BackupObject {
        BackupObject {
            cluster_id: self.cluster_id(),
            tenant_id: self.tenant_id(),
            backup_dimension: self.dimension(),
        }
    }

    /// Where the backup endpoints of this scope live, without a trailing slash:
    /// `/api/v2/ob/clusters/1000005` or `/api/v2/ob/clusters/1000005/tenants/1000012`.
    pub fn path_prefix(&self) -> String {
        match *self {
            Self::Cluster { cluster_id } => format!("/api/v2/ob/clusters/{cluster_id}"),
            Self::Tenant {
                cluster_id,
                tenant_id,
            } => format!("/api/v2/ob/clusters/{cluster_id}/tenants/{tenant_id}"),
        }
    }

    /// A backup endpoint of this scope: `backup_path("task/dataBackupTasks")` is
    /// `{prefix}/backup/task/dataBackupTasks`.
    pub fn backup_path(&self, rest: &str) -> String {
        format!(
            "{}/backup/{}",
            self.path_prefix(),
            rest.trim_start_matches('/')
        )
    }

    /// A `startTime` / `endTime` query value for this scope (ocp-api.md 1.5, 2b.2). Cluster:
    /// milliseconds in the instant's own offset, `2021-09-16T15:14:51.397+08:00`. Tenant: UTC
    /// whole seconds, `2024-08-06T00:00:00Z` (the fraction is truncated, the instant kept).
    /// Not percent-encoded: the caller encodes (`+` must become `%2B`).
    pub fn query_time(&self, at: DateTime<FixedOffset>) -> String {
        match self {
            Self::Cluster { .. } => OcpTime::<MilliStyle>::new(at).to_wire(),
            Self::Tenant { .. } => UtcSecondStyle::write(&at),
        }
    }

    /// The data-task `status` values to offer as filters: none at cluster level (ocp-api.md
    /// 2.5 has no `status` filter), the 2b.5 list for a tenant.
    pub fn data_status_filters(&self) -> &'static [DataBackupStatus] {
        match self {
            Self::Cluster { .. } => &[],
            Self::Tenant { .. } => &TENANT_DATA_STATUS_FILTERS,
        }
    }

    /// The log-task `status` values to offer as filters (ocp-api.md 2.5 / 2b.6).
    pub fn log_status_filters(&self) -> &'static [LogBackupStatus] {
        match self {
            Self::Cluster { .. } => &[],
            Self::Tenant { .. } => &TENANT_LOG_STATUS_FILTERS,
        }
    }

    /// The restore-task `status` values to offer as filters (ocp-api.md 2.5 / 2b.7).
    pub fn restore_status_filters(&self) -> &'static [RestoreStatus] {
        match self {
            Self::Cluster { .. } => &[],
            Self::Tenant { .. } => &TENANT_RESTORE_STATUS_FILTERS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_datetime;

    const C: BackupScope = BackupScope::Cluster {
        cluster_id: 1000005,
    };
    const T: BackupScope = BackupScope::Tenant {
        cluster_id: 1000005,
        tenant_id: 1000012,
    };

    #[test]
    fn paths_per_scope() {
        assert_eq!(C.path_prefix(), "/api/v2/ob/clusters/1000005");
        assert_eq!(
            T.path_prefix(),
            "/api/v2/ob/clusters/1000005/tenants/1000012"
        );
        assert_eq!(
            T.backup_path("/task/dataBackupTasks"),
            "/api/v2/ob/clusters/1000005/tenants/1000012/backup/task/dataBackupTasks"
        );
        assert_eq!(
            C.backup_path("config/backupStrategy"),
            "/api/v2/ob/clusters/1000005/backup/config/backupStrategy"
        );
    }

    #[test]
    fn query_times_cluster_offset_ms_tenant_utc_seconds() {
        let at = parse_datetime("2024-08-06T08:00:00.397651+08:00").unwrap();
        assert_eq!(C.query_time(at), "2024-08-06T08:00:00.397+08:00");
        assert_eq!(T.query_time(at), "2024-08-06T00:00:00Z");
        let west = parse_datetime("2024-08-05T21:30:59.999-03:30").unwrap();
        assert_eq!(T.query_time(west), "2024-08-06T01:00:59Z");
        assert_eq!(C.query_time(west), "2024-08-05T21:30:59.999-03:30");
    }

    #[test]
    fn objects_and_dimensions() {
        let o = serde_json::to_value(T.backup_object()).unwrap();
        assert_eq!(
            o,
            serde_json::json!({"clusterId": 1000005, "tenantId": 1000012, "backupDimension": "TENANT"})
        );
        let o = serde_json::to_value(C.backup_object()).unwrap();
        assert_eq!(
            o,
            serde_json::json!({"clusterId": 1000005, "backupDimension": "CLUSTER"})
        );
        assert_eq!(T.cluster(), C);
        assert_eq!(T.tenant_id(), Some(1000012));
        assert_eq!(C.tenant_id(), None);
        let back: BackupScope = serde_json::from_value(serde_json::to_value(T).unwrap()).unwrap();
        assert_eq!(back, T);
    }

    #[test]
    fn filters_per_scope() {
        assert!(C.data_status_filters().is_empty());
        assert_eq!(T.data_status_filters().len(), 9);
        let logs: Vec<&str> = T.log_status_filters().iter().map(|s| s.as_str()).collect();
        assert_eq!(
            logs,
            [
                "STARTING",
                "INPROGRESS",
                "STOPPING",
                "STOPPED",
                "FAILED",
                "INTERRUPTED",
                "UNKNOWN"
            ]
        );
        assert_eq!(T.restore_status_filters().len(), 2);
    }
}
