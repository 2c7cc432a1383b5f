//! Tenant-level backup (ocp-api.md 2b): whose strategy protects a tenant, and the tenant's
//! backup state in the shape of a cluster overview, so the cluster's cards and health rules
//! read it unchanged.

use crate::backup::{BackupDimension, BackupScheduleStatus, BackupStrategy, Overview};
use crate::recoverable::{BackupInfo, TenantBackupInfo};
use crate::tasks::{DataBackupStatus, DataBackupTask, LogBackupTask};
use crate::validate::version_at_least;

/// Whose strategy governs a tenant. Once a tenant has its own, the cluster's stops governing
/// it (ocp-api.md 2b).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Governing {
    /// The tenant's own strategy.
    Own,
    /// The cluster's strategy.
    Cluster,
    /// No strategy protects the tenant.
    Nobody,
}

impl Governing {
    pub fn as_str(self) -> &'static str {
        match self {
            Governing::Own => "own",
            Governing::Cluster => "cluster",
            Governing::Nobody => "none",
        }
    }
}

/// Whether tenants of a cluster on `ob_version` may have their own strategy: OB ≥ 4.0.0
/// (ocp-api.md 2b, BAK30002). An unknown version is not assumed to allow it.
pub fn tenant_strategy_supported(ob_version: &str) -> bool {
    !ob_version.trim().is_empty() && version_at_least(ob_version, "4.0.0")
}

/// Whose strategy governs a tenant, from the tenant's own (when it has one) and the
/// cluster's.
pub fn governing(own: Option<&BackupStrategy>, cluster: Option<&BackupStrategy>) -> Governing {
    match (own.filter(|s| s.exists()), cluster.filter(|s| s.exists())) {
        (Some(_), _) => Governing::Own,
        (None, Some(_)) => Governing::Cluster,
        (None, None) => Governing::Nobody,
    }
}

/// The strategy whose thresholds and schedule apply to the tenant.
pub fn governing_strategy<'a>(
    own: Option<&'a BackupStrategy>,
    cluster: Option<&'a BackupStrategy>,
) -> Option<&'a BackupStrategy> {
    match governing(own, cluster) {
        Governing::Own => own,
        Governing::Cluster => cluster,
        Governing::Nobody => None,
    }
}

/// The tenant's backup state as an [`Overview`] (OCP has no tenant overview, ocp-api.md
/// 2b.9): the cluster's identity, role and ability; the governing strategy's schedule status;
/// the last finished data backup and the log checkpoint from the tenant's own rows (`data`
/// newest first, `log` the newest log task). The size is not known per tenant.
pub fn tenant_overview(
    cluster: &Overview,
    own: Option<&BackupStrategy>,
    cluster_strategy: Option<&BackupStrategy>,
    data: &[DataBackupTask],
    log: Option<&LogBackupTask>,
) -> Overview {
    let schedule = match governing(own, cluster_strategy) {
        Governing::Own => {
            let enabled = own
                .and_then(|s| s.ob_backup_schedule_config.backup_schedule_enabled)
                .unwrap_or(true);
            if enabled {
                BackupScheduleStatus::Normal
            } else {
                BackupScheduleStatus::Paused
            }
        }
        Governing::Cluster => cluster
            .backup_schedule_status
            .clone()
            .unwrap_or(BackupScheduleStatus::Normal),
        Governing::Nobody => BackupScheduleStatus::None,
    };
    let last = data
        .iter()
        .filter(|t| t.status == DataBackupStatus::Done)
        .filter_map(|t| t.finish_time)
        .max_by_key(|t| t.timestamp_micros());
    Overview {
        backup_dimension: Some(BackupDimension::Tenant),
        backup_schedule_status: Some(schedule),
        last_data_backup_time: last,
        latest_log_backup_checkpoint: log.and_then(|l| l.checkpoint),
        log_backup_delay_seconds: log.and_then(|l| l.delay).map(|d| d.round() as i64),
        backup_size: None,
        ob_storage_volume_unit: None,
        ..cluster.clone()
    }
}

impl TenantBackupInfo {
    /// The tenant `/backup/info` answer (ocp-api.md 2b.8) as a cluster answer with this one
    /// tenant: its windows are the union, so the timeline and the restore wizard read it as
    /// they read a cluster's.
    pub fn as_backup_info(&self, cluster_id: i64) -> BackupInfo {
        BackupInfo {
            cluster_id: self.cluster_id.unwrap_or(cluster_id),
            cluster_name: self.cluster_name.clone().unwrap_or_default(),
            ob_cluster_id: None,
            online: self.online,
            ob_recoverable_info_aggregation: self.ob_recoverable_info_aggregation.clone(),
            tenant_backup_infos: vec![self.clone()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strategy(id: Option<i64>, enabled: bool) -> BackupStrategy {
        let mut s: BackupStrategy = serde_json::from_value(serde_json::json!({
            "obBackupScheduleConfig": {"backupScheduleEnabled": enabled}
        }))
        .unwrap();
        s.id = id;
        s
    }

    #[test]
    fn own_strategy_governs_before_the_clusters() {
        let own = strategy(Some(7), true);
        let cluster = strategy(Some(1), true);
        assert_eq!(governing(Some(&own), Some(&cluster)), Governing::Own);
        assert_eq!(governing(None, Some(&cluster)), Governing::Cluster);
        assert_eq!(governing(None, None), Governing::Nobody);
        // An answer without an id is no strategy (ocp-api.md 2.1).
        let empty = strategy(None, true);
        assert_eq!(governing(Some(&empty), Some(&cluster)), Governing::Cluster);
        assert_eq!(governing(Some(&empty), None), Governing::Nobody);
        assert_eq!(
            governing_strategy(None, Some(&cluster)).and_then(|s| s.id),
            Some(1)
        );
    }

    #[test]
    fn tenant_strategies_need_ob_4() {
        assert!(tenant_strategy_supported("4.2.1.0"));
        assert!(tenant_strategy_supported("4.0.0.0"));
        assert!(!tenant_strategy_supported("3.2.4.1"));
        assert!(!tenant_strategy_supported(""));
    }

    #[test]
    fn tenant_overview_reads_the_tenants_rows() {
        let cluster: Overview = serde_json::from_value(serde_json::json!({
            "clusterId": 1000003, "clusterName": "ob-prod-bj", "obVersion": "4.2.1.0",
            "backupScheduleStatus": "PAUSED", "backupSize": 12.5,
            "lastDataBackupTime": "2024-08-01T02:00:00+0800"
        }))
        .unwrap();
        let data: Vec<DataBackupTask> = serde_json::from_value(serde_json::json!([
            {"taskId": 3, "dataBackupTaskType": "FULL_BACKUP", "status": "DOING",
             "startTime": "2024-08-09T08:00:52.151857Z"},
            {"taskId": 2, "dataBackupTaskType": "FULL_BACKUP", "status": "DONE",
             "startTime": "2024-08-08T08:00:52.151857Z", "finishTime": "2024-08-08T08:02:57.151857Z"},
            {"taskId": 1, "dataBackupTaskType": "FULL_BACKUP", "status": "DONE",
             "startTime": "2024-08-07T08:00:52Z", "finishTime": "2024-08-07T08:02:57Z"}
        ]))
        .unwrap();
        let log: LogBackupTask = serde_json::from_value(serde_json::json!({
            "status": "RUNNING", "checkpoint": "2024-08-09T16:04:21.810084+08:00", "delay": 100.1899
        }))
        .unwrap();
        let own = strategy(Some(9), false);
        let o = tenant_overview(&cluster, Some(&own), None, &data, Some(&log));
        assert_eq!(o.backup_schedule_status, Some(BackupScheduleStatus::Paused));
        assert_eq!(o.backup_dimension, Some(BackupDimension::Tenant));
        // The tenant's newest finished backup, kept in the offset it was sent in (UTC).
        let last = o.last_data_backup_time.unwrap();
        assert_eq!(last.timestamp_micros(), 1723104177151857);
        assert_eq!(last.offset().local_minus_utc(), 0);
        assert_eq!(
            o.latest_log_backup_checkpoint
                .unwrap()
                .offset()
                .local_minus_utc(),
            8 * 3600
        );
        assert_eq!(o.log_backup_delay_seconds, Some(100));
        assert_eq!(o.backup_size, None);
        assert_eq!(o.cluster_name, "ob-prod-bj");
        // Governed by the cluster: the cluster's schedule status.
        let c = strategy(Some(1), true);
        let o = tenant_overview(&cluster, None, Some(&c), &[], None);
        assert_eq!(o.backup_schedule_status, Some(BackupScheduleStatus::Paused));
        assert_eq!(o.last_data_backup_time, None);
        let o = tenant_overview(&cluster, None, None, &[], None);
        assert_eq!(o.backup_schedule_status, Some(BackupScheduleStatus::None));
    }

    #[test]
    fn tenant_info_reads_as_a_one_tenant_cluster_answer() {
        let t: TenantBackupInfo = serde_json::from_value(serde_json::json!({
            "clusterId": 1000003, "clusterName": "ob-prod-bj", "tenantId": 1000301,
            "obTenantId": 1002, "tenantName": "trade", "online": true,
            "obRecoverableInfoAggregation": {}
        }))
        .unwrap();
        let info = t.as_backup_info(1);
        assert_eq!(info.cluster_id, 1000003);
        assert_eq!(info.cluster_name, "ob-prod-bj");
        assert_eq!(
            info.tenant(1000301).map(|t| t.tenant_name.as_str()),
            Some("trade")
        );
        assert_eq!(info.tenant_backup_infos.len(), 1);
    }
}
