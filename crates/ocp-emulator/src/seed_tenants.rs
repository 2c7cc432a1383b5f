//! The seed's tenant-level backup (ocp-api.md 2b): on ob-prod-bj (1000003, OB 4.2.1.0) the
//! tenant `reports` (1000304) has its own strategy, the document's example (WEEK, full on
//! Tuesday, Thursday and Saturday at `02:00:00.000+08:00`, FILE `/obbackup/`, thresholds
//! 7 / 300 / 2) since the start of the seeded history, with its own baseline and log
//! archive; the other tenants stay under the cluster strategy. On ob-test-sh (1000006,
//! 4.2.2.0, no strategy) the tenant `qa_pending` (1000602) is still being created (BAK30007).

use crate::engine::{self, US_PER_HOUR};
use crate::records::{at_us, StrategyRecord};
use crate::seed::Action;
use crate::world::World;
use ocp_model::time::{offset_hours, TimeOfDay};
use ocp_model::{
    BackupDimension, BackupMode, BackupScheduleStatus, BackupScope, BackupStrategy, DataBackupMode,
    ScheduleConfig, ScheduleMode, StorageBaseInfo, StorageConfig, StorageType, StrategyType,
    TenantStatus, ThresholdConfig,
};

/// The tenant with its own strategy.
pub const OWN_STRATEGY_TENANT: BackupScope = BackupScope::Tenant {
    cluster_id: 1000003,
    tenant_id: 1000304,
};

/// The tenant still being created.
pub const CREATING_TENANT: (i64, i64) = (1000006, 1000602);

/// Adds the tenant strategy and the tenant being created; returns the scripted baseline.
pub(crate) fn seed(w: &mut World, origin_us: i64, start_us: i64) -> Vec<(i64, Action)> {
    let scope = OWN_STRATEGY_TENANT;
    let mut script = Vec::new();
    if let (Some(c), Some(t)) = (
        w.clusters.get(&scope.cluster_id()).cloned(),
        scope.tenant_id().and_then(|id| w.tenants.get(&id)).cloned(),
    ) {
        let offset = c.offset();
        let created = start_us - 2 * 24 * US_PER_HOUR;
        let days = [2u8, 4, 6]
            .map(|d| (d, DataBackupMode::Full))
            .into_iter()
            .collect();
        let strategy = BackupStrategy {
            id: Some(w.next_id(|i| &mut i.strategy)),
            create_time: Some(at_us(created / 1_000_000 * 1_000_000, offset)),
            update_time: Some(at_us(created / 1_000_000 * 1_000_000, offset)),
            cluster_id: Some(c.id()),
            cluster_name: Some(c.cluster.name.clone()),
            ob_cluster_id: c.cluster.ob_cluster_id,
            backup_dimension: Some(BackupDimension::Tenant),
            strategy_type: Some(StrategyType::Backup),
            backup_mode: Some(BackupMode::Physical),
            tenant_id: Some(t.id),
            tenant_name: Some(t.name.clone()),
            ob_tenant_id: t.ob_tenant_id,
            ob_backup_schedule_config: ScheduleConfig {
                backup_schedule_mode: Some(ScheduleMode::Week),
                backup_schedule_enabled: Some(true),
                backup_schedule_time: TimeOfDay::new(2, 0, offset_hours(8)),
                day_and_data_backup_model_map: Some(days),
                start_log_backup: Some(true),
                clean_enabled: Some(false),
                backup_data_retention_days: None,
                clean_schedule_time: None,
            },
            ob_backup_threshold_config: ThresholdConfig {
                data_backup_timeout_minutes: Some(7),
                no_successful_data_backup_alarm_days: Some(2),
                log_backup_delay_seconds: Some(300),
                lib_ob_log_expire_days: None,
            },
            ob_backup_service_storage_config: StorageConfig {
                config_name: Some("obbackup".to_owned()),
                storage_id: Some(w.next_id(|i| &mut i.storage)),
                alarm_storage_percentage_threshold: Some(95),
                ob_backup_storage_base_info: Some(StorageBaseInfo {
                    backup_storage_type: StorageType::File,
                    storage_url: Some("/obbackup/".to_owned()),
                    oss_access_key: None,
                    cos_access_key: None,
                    s3_access_key: None,
                }),
                ..StorageConfig::default()
            },
            secondary_backup_enabled: Some(false),
            ..BackupStrategy::default()
        };
        w.put_strategy(
            scope,
            StrategyRecord {
                strategy,
                schedule_status: BackupScheduleStatus::Normal,
                schedule_from_us: start_us,
                runs: 1,
                consecutive_failures: 0,
            },
        );
        engine::start_log(w, scope, created);
        script.push((start_us - 26 * US_PER_HOUR, Action::Baseline(scope)));
    }
    let (cid, tid) = CREATING_TENANT;
    if let Some(mut t) = w
        .tenants
        .values()
        .find(|t| t.cluster_id == Some(cid))
        .cloned()
    {
        t.id = tid;
        t.name = "qa_pending".to_owned();
        t.ob_tenant_id = Some(1004);
        t.status = Some(TenantStatus::Creating);
        t.create_time = Some(at_us(
            origin_us / 1_000_000 * 1_000_000 - 600_000_000,
            offset_hours(8),
        ));
        w.put_tenant(t);
    }
    script
}
