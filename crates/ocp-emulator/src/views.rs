//! What the read endpoints compute from stored records and the emulated now: live log
//! checkpoints, the overview, the backup ability and the recoverable info. Pure functions, so
//! the later engine (and tests) can use them without HTTP.

use crate::records::{at_us, ClusterRecord, DataTaskRecord, LogTaskRecord, StrategyRecord};
use chrono::{DateTime, Utc};
use ocp_model::time::MicroStyle;
use ocp_model::{
    derive_windows, merge_intervals, Ability, BackupCondition, BackupDimension, BackupMode,
    BackupScheduleStatus, ClusterBackupStatus, DataBackupMode, DataBackupPoint, DataBackupStatus,
    DataBackupSupportAbility, LogBackupStatus, LogBackupTask, Overview, QueryTimeScope,
    RecoverableAggregation, RecoverableTime, RestoreConditionCheckResult, SectionItem,
    SectionItemType, SectionItems, StorageVolumeUnit, TaskTime, Tenant, TenantBackupInfo,
    TimeInterval,
};

/// Seconds a running log archive lags behind `now`: jitters smoothly around `base`.
/// Its rate of change stays well under 1 s/s, so the checkpoint never moves backwards.
pub fn log_delay_seconds(base: f64, now: DateTime<Utc>) -> f64 {
    let base = base.clamp(1.0, 180.0);
    let t = now.timestamp_millis() as f64 / 1000.0;
    let d = base * (1.0 + 0.3 * (t / 41.0).sin() + 0.15 * (t / 17.0 + 1.3).sin());
    (d.max(1.0) * 10_000.0).round() / 10_000.0
}

/// A log backup task as of `now`.
#[derive(Clone, Debug)]
pub struct LiveLog {
    pub task: LogBackupTask,
    pub create_us: i64,
    /// The archived-up-to point; for a running task it moves with the clock.
    pub checkpoint_us: Option<i64>,
    pub running: bool,
}

impl LiveLog {
    /// The stretch of log this task archived, if any.
    pub fn interval(&self) -> Option<(i64, i64)> {
        self.checkpoint_us
            .filter(|end| *end > self.create_us)
            .map(|end| (self.create_us, end))
    }
}

pub fn live_log(rec: &LogTaskRecord, now: DateTime<Utc>, cluster: &ClusterRecord) -> LiveLog {
    let offset = cluster.offset();
    let mut task = rec.task.clone();
    let running = task.status == LogBackupStatus::Running;
    let mut checkpoint_us = rec.checkpoint_us;
    if running {
        let delay = log_delay_seconds(rec.base_delay_seconds, now);
        let now_us = now.timestamp_micros();
        let cp = (now_us - (delay * 1e6) as i64).max(rec.create_us);
        checkpoint_us = Some(cp);
        task.checkpoint = Some(at_us(cp, offset));
        task.delay = Some(delay);
        // OCP refreshes the row a moment after the checkpoint it reports.
        task.modify_time = Some(at_us(cp + (delay * 0.8e6) as i64, offset));
    }
    LiveLog {
        task,
        create_us: rec.create_us,
        checkpoint_us,
        running,
    }
}

fn done_full_exists(data: &[DataTaskRecord]) -> bool {
    data.iter()
        .any(|d| d.is_usable() && d.task.data_backup_task_type == DataBackupMode::Full)
}

/// The backup mode in force: the strategy's, else what the cluster can do.
pub fn backup_mode(cluster: &ClusterRecord, strategy: Option<&StrategyRecord>) -> BackupMode {
    strategy
        .and_then(|s| s.strategy.backup_mode.clone())
        .unwrap_or(if cluster.logical_only() {
            BackupMode::Logical
        } else {
            BackupMode::Physical
        })
}

/// GET `/backup/ability` (ocp-api.md 2.2).
pub fn ability(
    cluster: &ClusterRecord,
    strategy: Option<&StrategyRecord>,
    data: &[DataTaskRecord],
) -> Ability {
    let mode = backup_mode(cluster, strategy);
    let logical = mode == BackupMode::Logical;
    let (full, incremental, can_incremental, hint) = if cluster.is_standby() {
        (
            false,
            false,
            false,
            Some("A standby cluster cannot be backed up; back up its primary cluster".to_owned()),
        )
    } else if logical {
        (
            true,
            false,
            false,
            Some("Logical backup can only do full backups".to_owned()),
        )
    } else if !done_full_exists(data) {
        (
            true,
            true,
            false,
            Some(
                "No successful full backup yet: run a full backup before an incremental one"
                    .to_owned(),
            ),
        )
    } else {
        (true, true, true, None)
    };
    let restore = if cluster.cluster.status != Some(ocp_model::ClusterStatus::Running) {
        RestoreConditionCheckResult {
            be_ready: false,
            hint: Some("The cluster is not running".to_owned()),
        }
    } else if cluster.is_standby() {
        RestoreConditionCheckResult {
            be_ready: false,
            hint: Some("A standby cluster cannot be the target of a restore".to_owned()),
        }
    } else {
        RestoreConditionCheckResult {
            be_ready: true,
            hint: None,
        }
    };
    Ability {
        backup_ability: Some(cluster.backup_ability.clone()),
        backup_mode: Some(mode),
        ob_data_backup_support_ability: Some(DataBackupSupportAbility {
            full_backup_enabled: full,
            increment_backup_enabled: incremental,
            can_do_incremental_backup: can_incremental,
            hint,
        }),
        // Logical backup runs through OCP's agent on the hosts; physical backup is OB's own.
        ob_backup_condition: Some(BackupCondition {
            need_agent_to_backup: logical,
            need_agent_to_restore: logical,
        }),
        ob_restore_condition_check_result: Some(restore),
    }
}

/// A byte count in the largest unit that keeps it at least 1, two decimals.
pub fn human_size(bytes: u64) -> (f64, StorageVolumeUnit) {
    let units = [
        StorageVolumeUnit::B,
        StorageVolumeUnit::Kb,
        StorageVolumeUnit::Mb,
        StorageVolumeUnit::Gb,
        StorageVolumeUnit::Tb,
        StorageVolumeUnit::Pb,
    ];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < units.len() {
        v /= 1024.0;
        i += 1;
    }
    ((v * 100.0).round() / 100.0, units[i].clone())
}

/// GET `/backup/overview` (ocp-api.md 2.3).
pub fn overview(
    cluster: &ClusterRecord,
    strategy: Option<&StrategyRecord>,
    data: &[DataTaskRecord],
    logs: &[LiveLog],
) -> Overview {
    let offset = cluster.offset();
    let last_done = data
        .iter()
        .filter(|d| d.task.status == DataBackupStatus::Done)
        .filter_map(|d| d.finish_us)
        .max();
    // The newest running archive; with none running, the last point any archive reached.
    let running = logs
        .iter()
        .filter(|l| l.running)
        .max_by_key(|l| l.create_us);
    let checkpoint = running
        .and_then(|l| l.checkpoint_us)
        .or_else(|| logs.iter().filter_map(|l| l.checkpoint_us).max());
    let delay = running.and_then(|l| l.task.delay).map(|d| d.round() as i64);
    let size: u64 = data
        .iter()
        .filter(|d| d.is_usable())
        .map(|d| d.size_bytes)
        .sum();
    let (backup_size, unit) = if size > 0 {
        let (v, u) = human_size(size);
        (Some(v), Some(u))
    } else {
        (None, None)
    };
    Overview {
        cluster_id: cluster.id(),
        ob_cluster_id: cluster.cluster.ob_cluster_id,
        cluster_name: cluster.cluster.name.clone(),
        ob_cluster_type: cluster.cluster.cluster_type.clone(),
        ob_cluster_status: cluster.cluster.status.clone(),
        compaction_status: Some(cluster.compaction_status.clone()),
        primary_and_standby_mode: cluster.primary_and_standby_mode.clone(),
        ob_version: cluster.cluster.ob_version.clone(),
        ob_cluster_backup_status: Some(if strategy.is_some() {
            ClusterBackupStatus::HasStrategy
        } else {
            ClusterBackupStatus::NoStrategy
        }),
        ob_backup_ability: Some(ability(cluster, strategy, data)),
        backup_dimension: Some(BackupDimension::Cluster),
        backup_schedule_status: Some(
            strategy
                .map(|s| s.schedule_status.clone())
                .unwrap_or(BackupScheduleStatus::None),
        ),
        last_data_backup_time: last_done.map(|us| at_us::<_>(us, offset)),
        latest_log_backup_checkpoint: checkpoint.map(|us| at_us(us, offset)),
        log_backup_delay_seconds: delay,
        backup_size,
        ob_storage_volume_unit: unit,
    }
}

/// The part of the timeline a `/backup/info` query asks about, in microseconds.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    pub start_us: i64,
    pub end_us: i64,
}

impl Range {
    fn clip(&self, start: i64, end: i64) -> Option<(i64, i64)> {
        let (s, e) = (start.max(self.start_us), end.min(self.end_us));
        (s < e).then_some((s, e))
    }
    fn holds(&self, t: i64) -> bool {
        self.start_us <= t && t <= self.end_us
    }
}

/// Everything the timeline is built from, for one cluster.
struct Facts<'a> {
    cluster: &'a ClusterRecord,
    mode: BackupMode,
    data: Vec<&'a DataTaskRecord>,
    logs: Vec<(i64, i64, Option<BackupMode>)>,
}

fn interval(a: i64, b: i64, offset: chrono::FixedOffset) -> TimeInterval {
    TimeInterval {
        start_time: at_us::<MicroStyle>(a, offset),
        end_time: at_us::<MicroStyle>(b, offset),
    }
}

impl Facts<'_> {
    /// Windows for what existed since `since_us` (a tenant's creation), unclipped.
    fn windows(&self, since_us: i64) -> Vec<TimeInterval> {
        let offset = self.cluster.offset();
        let fulls: Vec<RecoverableTime> = self
            .data
            .iter()
            .filter(|d| d.task.data_backup_task_type == DataBackupMode::Full)
            .filter_map(|d| d.finish_us)
            .filter(|us| *us >= since_us)
            .map(|us| at_us(us, offset))
            .collect();
        let logs: Vec<TimeInterval> = self
            .logs
            .iter()
            .filter_map(|(a, b, _)| {
                let a = (*a).max(since_us);
                (a < *b).then(|| interval(a, *b, offset))
            })
            .collect();
        derive_windows(&fulls, &logs)
    }

    /// The items of one aggregation: data points and log stretches since `since_us`, and
    /// `windows`, all clipped to `range`, ordered by time.
    fn aggregation(
        &self,
        since_us: i64,
        windows: &[TimeInterval],
        range: Range,
    ) -> RecoverableAggregation {
        let offset = self.cluster.offset();
        let mut items: Vec<(i64, SectionItem)> = Vec::new();
        for d in &self.data {
            let Some(finish) = d.finish_us.filter(|f| *f >= since_us && range.holds(*f)) else {
                continue;
            };
            let kind = match d.task.data_backup_task_type {
                DataBackupMode::Full => SectionItemType::FullDataBackup,
                DataBackupMode::Incremental => SectionItemType::IncrementalDataBackup,
                DataBackupMode::Other(_) => continue,
            };
            let full_set = match d.task.data_backup_task_type {
                DataBackupMode::Full => d.task.backup_set_id,
                _ => d.full_backup_set_id,
            };
            items.push((
                finish,
                SectionItem {
                    ob_recoverable_section_item_type: kind,
                    backup_mode: Some(d.task.backup_mode.clone().unwrap_or(self.mode.clone())),
                    data_backup_recoverable_info: Some(DataBackupPoint {
                        freeze_time: d.freeze_us.map(|us| at_us(us, offset)),
                        recoverable_time: at_us(finish, offset),
                        data_version: d.task.data_version,
                        full_backup_set_id: full_set,
                    }),
                    log_recoverable_time_interval: None,
                    real_recoverable_time_interval: None,
                    // Made by a tenant's own strategy (the tenant view adds CLUSTER to the rest).
                    backup_dimension: d.tenant_id.map(|_| ocp_model::BackupDimension::Tenant),
                },
            ));
        }
        for (a, b, mode) in &self.logs {
            let Some((s, e)) = range.clip((*a).max(since_us), *b) else {
                continue;
            };
            items.push((
                s,
                SectionItem {
                    ob_recoverable_section_item_type: SectionItemType::LogBackup,
                    backup_mode: Some(mode.clone().unwrap_or(self.mode.clone())),
                    data_backup_recoverable_info: None,
                    log_recoverable_time_interval: Some(interval(s, e, offset)),
                    real_recoverable_time_interval: None,
                    backup_dimension: None,
                },
            ));
        }
        for w in windows {
            let Some((s, e)) = range.clip(
                w.start_time.timestamp_micros(),
                w.end_time.timestamp_micros(),
            ) else {
                continue;
            };
            items.push((
                s,
                SectionItem {
                    ob_recoverable_section_item_type: SectionItemType::Recoverable,
                    backup_mode: Some(self.mode.clone()),
                    data_backup_recoverable_info: None,
                    log_recoverable_time_interval: None,
                    real_recoverable_time_interval: Some(interval(s, e, offset)),
                    backup_dimension: None,
                },
            ));
        }
        items.sort_by_key(|(t, _)| *t);
        RecoverableAggregation {
            ob_query_time_scope_type: Some(QueryTimeScope::LatestSevenDays),
            latest_seven_days_aggregation: Some(SectionItems {
                ob_recoverable_section_items: items.into_iter().map(|(_, i)| i).collect(),
            }),
        }
    }
}

fn tenant_since(t: &Tenant) -> i64 {
    t.create_time
        .map(|c| c.timestamp_micros())
        .unwrap_or(i64::MIN)
}

/// Recoverable windows of a cluster (the union over its tenants), unclipped.
pub fn cluster_windows(
    cluster: &ClusterRecord,
    strategy: Option<&StrategyRecord>,
    tenants: &[Tenant],
    data: &[DataTaskRecord],
    logs: &[LiveLog],
) -> Vec<TimeInterval> {
    let facts = facts(cluster, strategy, data, logs);
    union_windows(&facts, tenants)
}

fn facts<'a>(
    cluster: &'a ClusterRecord,
    strategy: Option<&StrategyRecord>,
    data: &'a [DataTaskRecord],
    logs: &[LiveLog],
) -> Facts<'a> {
    Facts {
        cluster,
        mode: backup_mode(cluster, strategy),
        data: data.iter().filter(|d| d.is_usable()).collect(),
        logs: logs
            .iter()
            .filter_map(|l| {
                l.interval()
                    .map(|(a, b)| (a, b, l.task.backup_mode.clone()))
            })
            .collect(),
    }
}

/// Recoverable windows of one tenant (what existed since it was created), unclipped.
pub fn tenant_windows(
    cluster: &ClusterRecord,
    strategy: Option<&StrategyRecord>,
    tenant: &Tenant,
    data: &[DataTaskRecord],
    logs: &[LiveLog],
) -> Vec<TimeInterval> {
    facts(cluster, strategy, data, logs).windows(tenant_since(tenant))
}

fn union_windows(facts: &Facts<'_>, tenants: &[Tenant]) -> Vec<TimeInterval> {
    if tenants.is_empty() {
        return facts.windows(i64::MIN);
    }
    merge_intervals(
        tenants
            .iter()
            .flat_map(|t| facts.windows(tenant_since(t)))
            .collect(),
    )
}

/// GET `/backup/info` (ocp-api.md 2.7): per tenant (what existed since the tenant was
/// created) and the union over tenants, clipped to `range`.
pub fn backup_info(
    cluster: &ClusterRecord,
    strategy: Option<&StrategyRecord>,
    tenants: &[Tenant],
    data: &[DataTaskRecord],
    logs: &[LiveLog],
    range: Range,
) -> ocp_model::BackupInfo {
    let facts = facts(cluster, strategy, data, logs);
    let tenant_backup_infos = tenants
        .iter()
        .map(|t| {
            let since = tenant_since(t);
            let windows = facts.windows(since);
            TenantBackupInfo {
                tenant_id: t.id,
                ob_tenant_id: t.ob_tenant_id,
                tenant_name: t.name.clone(),
                online: Some(true),
                ob_recoverable_info_aggregation: facts.aggregation(since, &windows, range),
                cluster_id: None,
                cluster_name: None,
                ob_cluster_id: None,
            }
        })
        .collect();
    let union = union_windows(&facts, tenants);
    ocp_model::BackupInfo {
        cluster_id: cluster.id(),
        cluster_name: cluster.cluster.name.clone(),
        ob_cluster_id: cluster.cluster.ob_cluster_id,
        online: Some(true),
        ob_recoverable_info_aggregation: facts.aggregation(i64::MIN, &union, range),
        tenant_backup_infos,
    }
}

/// A task-row time from microseconds.
pub fn task_time(us: i64, cluster: &ClusterRecord) -> TaskTime {
    at_us(us, cluster.offset())
}

/// The log of one subtask of an OCP task as of its last materialization
/// (`GET /api/v2/tasks/instances/{id}/subtasks/{subtaskId}/log`): lines joined by `\n`, as
/// OCP joins its log chunks. A failed subtask's log ends with the raw error text and the
/// exception that carried it. `None` when the task has no such subtask.
pub fn subtask_log(rec: &crate::records::TaskRecord, subtask_id: i64) -> Option<String> {
    use ocp_model::cluster::SubtaskStatus;
    let i = rec.task.subtasks.iter().position(|s| s.id == subtask_id)?;
    let sub = &rec.task.subtasks[i];
    let stamp = |t: &ocp_model::StampTime| {
        let dt = t.datetime();
        format!(
            "{} {}",
            dt.format("%Y-%m-%d %H:%M:%S%.3f"),
            dt.format("%:z")
        )
    };
    let mut lines = Vec::new();
    let Some(start) = sub.start_time.as_ref() else {
        return Some(String::new());
    };
    lines.push(format!(
        "{} INFO  [{}] subtask {} started (task {})",
        stamp(start),
        sub.name,
        sub.id,
        rec.task.id
    ));
    match (&sub.status, sub.finish_time.as_ref()) {
        (SubtaskStatus::Successful, Some(end)) => lines.push(format!(
            "{} INFO  [{}] subtask {} finished in {:.3} s",
            stamp(end),
            sub.name,
            sub.id,
            sub.run_time.unwrap_or_default()
        )),
        (SubtaskStatus::Failed, Some(end)) => {
            let error = rec
                .error
                .clone()
                .unwrap_or_else(|| format!("subtask {} failed", sub.name));
            lines.push(format!(
                "{} ERROR [{}] subtask {} failed: {error}",
                stamp(end),
                sub.name,
                sub.id
            ));
            lines.push(format!(
                "com.oceanbase.ocp.task.engine.SubtaskExecutionException: {}",
                error.lines().next().unwrap_or_default()
            ));
            lines.push(
                "\tat com.oceanbase.ocp.task.engine.runner.SubtaskRunner.run(SubtaskRunner.java:118)"
                    .to_owned(),
            );
            lines.push(
                "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)"
                    .to_owned(),
            );
        }
        _ => lines.push(format!(
            "{} INFO  [{}] subtask {} running",
            stamp(start),
            sub.name,
            sub.id
        )),
    }
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_delay_stays_near_its_base_and_the_checkpoint_moves_forward() {
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let mut last_cp = i64::MIN;
        for s in 0..2000 {
            let now = t0 + chrono::Duration::milliseconds(s * 500);
            let d = log_delay_seconds(40.0, now);
            assert!((10.0..=70.0).contains(&d), "{d}");
            let cp = now.timestamp_micros() - (d * 1e6) as i64;
            assert!(cp >= last_cp);
            last_cp = cp;
        }
    }

    #[test]
    fn sizes_pick_a_readable_unit() {
        assert_eq!(human_size(512), (512.0, StorageVolumeUnit::B));
        assert_eq!(
            human_size(3 * 1024 * 1024 * 1024),
            (3.0, StorageVolumeUnit::Gb)
        );
        assert_eq!(human_size(2_250_000_000_000), (2.05, StorageVolumeUnit::Tb));
    }
}
