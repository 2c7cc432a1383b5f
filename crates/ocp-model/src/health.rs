//! Backup health: what is wrong with a cluster's backups, why it matters and what to do.
//! Each rule is pure: it reads what the console already fetched (overview, strategy, latest
//! log task, recent data backups, recoverable windows) and the server's now, and reports a
//! [`Finding`] with its severity, its evidence (the numbers and times it used) and the place
//! where it is fixed. Sentences in both languages come from [`Finding::message`].

mod strategy;
mod text;

pub use strategy::{check_strategy, MonthWithout, StrategyFacts};

use crate::backup::{BackupMode, BackupScheduleStatus, BackupStrategy, DataBackupMode, Overview};
use crate::cluster::ClusterType;
use crate::measure::RpoLevel;
use crate::tasks::{DataBackupStatus, DataBackupTask, LogBackupStatus, LogBackupTask};
use crate::time::TimeOfDay;
use crate::timeline::{RecoverableWindows, US_PER_SECOND};
use chrono::NaiveDate;

/// How bad a finding is. Ordered most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Restoring to a recent point is not possible, or will not be soon.
    Critical,
    /// Backups work, but something will hurt if left alone.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What a rule found, with its evidence. Times are epoch microseconds; durations seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// RPO (seconds) over the strategy's `logBackupDelaySeconds`.
    RpoOverThreshold { rpo_secs: i64, threshold_secs: i64 },
    /// Log archiving is not running on a physical strategy: `STOPPED`, `INTERRUPTED`, `FAILED`.
    LogArchivingStopped {
        status: String,
        since_us: Option<i64>,
    },
    /// Log archiving has said `STOPPING` (or `SUSPENDING`) for longer than an hour.
    LogArchivingStuck { status: String, for_secs: i64 },
    /// Log archiving reports a status this console does not know: said as such.
    LogArchivingUnknown { status: String },
    /// No successful data backup within `noSuccessfulDataBackupAlarmDays`; `last_success_us`
    /// is the newest one seen, if any.
    NoSuccessfulDataBackup {
        alarm_days: i64,
        last_success_us: Option<i64>,
    },
    /// A data backup running past `dataBackupTimeoutMinutes`.
    DataBackupOverTimeout {
        task_id: i64,
        running_secs: i64,
        timeout_minutes: i64,
    },
    /// The latest data backup failed, with its error text.
    LatestDataBackupFailed {
        task_id: i64,
        finished_us: Option<i64>,
        error: Option<String>,
    },
    /// A gap between two windows in the period shown.
    WindowGap { after_us: i64, before_us: i64 },
    /// The newest recoverable point is older than the RPO threshold.
    LatestRecoverableTooOld {
        latest_us: i64,
        age_secs: i64,
        threshold_secs: i64,
    },
    /// No recoverable window at all in the period shown.
    NoRecoverableWindow,
    /// The schedule is paused; `since_us` is when the strategy last changed (the pause is at
    /// least that old, OCP does not say when it began) and `for_secs` how long ago that was.
    SchedulePaused {
        since_us: Option<i64>,
        for_secs: Option<i64>,
    },
    /// A primary cluster with no backup strategy.
    NoStrategy,
    /// A standby cluster: it keeps no backups of its own, it is protected through its primary.
    StandbyNoOwnBackups,
    /// Tenants with no recoverable window in the period shown, by name: they cannot be
    /// restored, whatever the union of the cluster shows.
    TenantsWithoutWindow { tenants: Vec<String> },
    // Strategy checks (also live in the editor).
    /// The schedule is set to paused.
    SchedulePausedInEditor,
    /// Incremental days but no full day: the incrementals have nothing to build on.
    IncrementalWithoutFull,
    /// Month days (29–31) of `kind` that some months lack, and the months of the coming year
    /// that then get no backup of that kind.
    MonthDaysSomeMonthsLack {
        kind: DataBackupMode,
        days: Vec<u32>,
        months: Vec<MonthWithout>,
    },
    /// The longest interval between two full backups of the coming year exceeds the retention.
    FullIntervalOverRetention {
        longest_days: i64,
        from: NaiveDate,
        to: NaiveDate,
        retention_days: i64,
    },
    /// Cleanup starts before the day's backup has finished on average.
    CleanupDuringBackup {
        backup_time: TimeOfDay,
        clean_time: TimeOfDay,
        average_backup_secs: i64,
    },
}

/// Where a finding is fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// The strategy editor, at a field (a `validate::fields` name) or at the top.
    Strategy { field: Option<&'static str> },
    /// The strategy editor, to create one.
    CreateStrategy,
    /// One data backup task.
    Task(i64),
    /// The log backup task list.
    LogTasks,
    /// The data backup task list.
    DataTasks,
    /// The windows timeline, at an instant (µs).
    Timeline(i64),
    /// The windows timeline of one tenant, by name.
    TenantTimeline(String),
    /// Nothing to fix here.
    Nothing,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub rule: Rule,
}

impl Finding {
    pub fn new(severity: Severity, rule: Rule) -> Self {
        Finding { severity, rule }
    }

    /// A stable key for tests and the page (`rpo-over-threshold`).
    pub fn key(&self) -> &'static str {
        match &self.rule {
            Rule::RpoOverThreshold { .. } => "rpo-over-threshold",
            Rule::LogArchivingStopped { .. } => "log-archiving-stopped",
            Rule::LogArchivingStuck { .. } => "log-archiving-stuck",
            Rule::LogArchivingUnknown { .. } => "log-archiving-unknown",
            Rule::NoSuccessfulDataBackup { .. } => "no-successful-data-backup",
            Rule::DataBackupOverTimeout { .. } => "data-backup-over-timeout",
            Rule::LatestDataBackupFailed { .. } => "latest-data-backup-failed",
            Rule::WindowGap { .. } => "window-gap",
            Rule::LatestRecoverableTooOld { .. } => "latest-recoverable-too-old",
            Rule::NoRecoverableWindow => "no-recoverable-window",
            Rule::SchedulePaused { .. } => "schedule-paused",
            Rule::NoStrategy => "no-strategy",
            Rule::StandbyNoOwnBackups => "standby-no-own-backups",
            Rule::TenantsWithoutWindow { .. } => "tenants-without-window",
            Rule::SchedulePausedInEditor => "strategy-paused",
            Rule::IncrementalWithoutFull => "incremental-without-full",
            Rule::MonthDaysSomeMonthsLack { .. } => "month-days-some-months-lack",
            Rule::FullIntervalOverRetention { .. } => "full-interval-over-retention",
            Rule::CleanupDuringBackup { .. } => "cleanup-during-backup",
        }
    }

    /// Where it is fixed.
    pub fn fix(&self) -> Fix {
        use crate::validate::fields;
        match &self.rule {
            Rule::RpoOverThreshold { .. } | Rule::LogArchivingStuck { .. } => Fix::LogTasks,
            Rule::LogArchivingStopped { .. } | Rule::LogArchivingUnknown { .. } => Fix::LogTasks,
            Rule::NoSuccessfulDataBackup { .. } => Fix::DataTasks,
            Rule::DataBackupOverTimeout { task_id, .. }
            | Rule::LatestDataBackupFailed { task_id, .. } => Fix::Task(*task_id),
            Rule::WindowGap { after_us, .. } => Fix::Timeline(*after_us),
            Rule::LatestRecoverableTooOld { latest_us, .. } => Fix::Timeline(*latest_us),
            Rule::NoRecoverableWindow => Fix::Strategy { field: None },
            Rule::SchedulePaused { .. } | Rule::SchedulePausedInEditor => Fix::Strategy {
                field: Some(fields::SCHEDULE),
            },
            Rule::NoStrategy => Fix::CreateStrategy,
            Rule::StandbyNoOwnBackups => Fix::Nothing,
            Rule::TenantsWithoutWindow { tenants } => {
                Fix::TenantTimeline(tenants.first().cloned().unwrap_or_default())
            }
            Rule::IncrementalWithoutFull | Rule::MonthDaysSomeMonthsLack { .. } => Fix::Strategy {
                field: Some(fields::DAYS),
            },
            Rule::FullIntervalOverRetention { .. } => Fix::Strategy {
                field: Some(fields::RETENTION_DAYS),
            },
            Rule::CleanupDuringBackup { .. } => Fix::Strategy {
                field: Some(fields::CLEAN_TIME),
            },
        }
    }
}

/// The average duration (seconds) of the finished data backups among `tasks`, for the
/// cleanup check; `None` without any.
pub fn average_backup_secs(tasks: &[DataBackupTask]) -> Option<i64> {
    let durations: Vec<i64> = tasks
        .iter()
        .filter(|t| t.status == DataBackupStatus::Done)
        .filter_map(|t| {
            let secs = (t.finish_time?.timestamp_micros() - t.start_time?.timestamp_micros())
                / US_PER_SECOND;
            (secs >= 0).then_some(secs)
        })
        .collect();
    (!durations.is_empty()).then(|| durations.iter().sum::<i64>() / durations.len() as i64)
}

/// A log task that has said `STOPPING` or `SUSPENDING` for this long is stuck (seconds).
pub const LOG_STUCK_AFTER_SECS: i64 = 3600;

/// What the cluster rules read. `now_us` is the server's now; the windows are those of the
/// period shown (`from_us..=to_us`), rebuilt from the latest read.
pub struct ClusterFacts<'a> {
    pub now_us: i64,
    pub cluster_type: Option<&'a ClusterType>,
    pub overview: &'a Overview,
    pub strategy: Option<&'a BackupStrategy>,
    /// The newest log backup task, if any.
    pub log_task: Option<&'a LogBackupTask>,
    /// Recent data backups, newest first.
    pub data_tasks: &'a [DataBackupTask],
    pub windows: Option<(&'a RecoverableWindows, i64, i64)>,
    /// The names of the tenants with no window in that period (each tenant's own windows).
    pub tenants_without_window: &'a [String],
}

/// Every cluster rule, most severe first (then in rule order).
pub fn check_cluster(f: &ClusterFacts<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let primary = f.cluster_type != Some(&ClusterType::Standby);
    let Some(strategy) = f.strategy else {
        // A standby cluster is protected through its primary: it misses nothing of its own,
        // but it is not called restorable either.
        if primary {
            out.push(Finding::new(Severity::Critical, Rule::NoStrategy));
            out.extend(window_rules(f, None));
        } else {
            out.push(Finding::new(Severity::Info, Rule::StandbyNoOwnBackups));
        }
        return sorted(out);
    };
    let threshold = strategy
        .ob_backup_threshold_config
        .log_backup_delay_seconds
        .map(i64::from);
    let physical = strategy.backup_mode != Some(BackupMode::Logical);
    if physical {
        out.extend(log_rules(f));
        if let (Some(rpo), Some(t)) = (f.overview.rpo_seconds(f.now_us / 1000), threshold) {
            match RpoLevel::of(rpo, t) {
                RpoLevel::Healthy => {}
                level => out.push(Finding::new(
                    if level == RpoLevel::Critical {
                        Severity::Critical
                    } else {
                        Severity::Warning
                    },
                    Rule::RpoOverThreshold {
                        rpo_secs: rpo,
                        threshold_secs: t,
                    },
                )),
            }
        }
    }
    out.extend(data_rules(f, strategy));
    if f.overview.backup_schedule_status == Some(BackupScheduleStatus::Paused)
        || strategy.ob_backup_schedule_config.backup_schedule_enabled == Some(false)
    {
        out.push(Finding::new(
            Severity::Warning,
            Rule::SchedulePaused {
                since_us: strategy.update_time.map(|t| t.timestamp_micros()),
                for_secs: strategy
                    .update_time
                    .map(|t| ((f.now_us - t.timestamp_micros()) / US_PER_SECOND).max(0)),
            },
        ));
    }
    if physical {
        out.extend(window_rules(f, threshold));
    }
    sorted(out)
}

fn sorted(mut v: Vec<Finding>) -> Vec<Finding> {
    // Stable: equal severities keep rule order.
    v.sort_by_key(|f| f.severity);
    v
}

fn log_rules(f: &ClusterFacts<'_>) -> Option<Finding> {
    let task = f.log_task?;
    let since = task
        .modify_time
        .or(task.create_time)
        .map(|t| t.timestamp_micros());
    let status = task.status.as_str().to_owned();
    match &task.status {
        LogBackupStatus::Stopped | LogBackupStatus::Interrupted | LogBackupStatus::Failed => {
            Some(Finding::new(
                Severity::Critical,
                Rule::LogArchivingStopped {
                    status,
                    since_us: since,
                },
            ))
        }
        // SUSPENDING is a transitional state some OCPs report (ocp-api.md 2.5).
        LogBackupStatus::Stopping => stuck(f, status, since),
        LogBackupStatus::Other(s) if s == "SUSPENDING" => stuck(f, status, since),
        LogBackupStatus::Unknown => Some(Finding::new(
            Severity::Warning,
            Rule::LogArchivingUnknown { status },
        )),
        s if !s.is_known() => Some(Finding::new(
            Severity::Warning,
            Rule::LogArchivingUnknown { status },
        )),
        _ => None,
    }
}

fn stuck(f: &ClusterFacts<'_>, status: String, since: Option<i64>) -> Option<Finding> {
    let for_secs = since.map(|s| (f.now_us - s) / US_PER_SECOND)?;
    (for_secs > LOG_STUCK_AFTER_SECS).then(|| {
        Finding::new(
            Severity::Warning,
            Rule::LogArchivingStuck { status, for_secs },
        )
    })
}

fn data_rules(f: &ClusterFacts<'_>, strategy: &BackupStrategy) -> Vec<Finding> {
    let mut out = Vec::new();
    let thresholds = &strategy.ob_backup_threshold_config;
    if let Some(days) = thresholds.no_successful_data_backup_alarm_days {
        let days = i64::from(days);
        let last_success = f
            .data_tasks
            .iter()
            .filter(|t| t.status == DataBackupStatus::Done)
            .filter_map(|t| t.finish_time.or(t.start_time))
            .map(|t| t.timestamp_micros())
            .max()
            .or_else(|| {
                f.overview
                    .last_data_backup_time
                    .map(|t| t.timestamp_micros())
            });
        let limit = f.now_us - days * 86_400 * US_PER_SECOND;
        if last_success.is_none_or(|t| t < limit) {
            out.push(Finding::new(
                Severity::Critical,
                Rule::NoSuccessfulDataBackup {
                    alarm_days: days,
                    last_success_us: last_success,
                },
            ));
        }
    }
    if let Some(timeout) = thresholds.data_backup_timeout_minutes {
        for t in f.data_tasks {
            let (Some(start), Some(_)) =
                (t.start_time, t.over_timeout_secs(timeout, f.now_us / 1000))
            else {
                continue;
            };
            out.push(Finding::new(
                Severity::Warning,
                Rule::DataBackupOverTimeout {
                    task_id: t.task_id,
                    running_secs: (f.now_us - start.timestamp_micros()) / US_PER_SECOND,
                    timeout_minutes: i64::from(timeout),
                },
            ));
        }
    }
    // The newest finished one decides: a failure followed by a success is history.
    if let Some(t) = f
        .data_tasks
        .iter()
        .find(|t| matches!(t.status, DataBackupStatus::Done | DataBackupStatus::Failed))
    {
        if t.status == DataBackupStatus::Failed {
            out.push(Finding::new(
                Severity::Warning,
                Rule::LatestDataBackupFailed {
                    task_id: t.task_id,
                    finished_us: t.finish_time.map(|t| t.timestamp_micros()),
                    error: t.error_msg.clone(),
                },
            ));
        }
    }
    out
}

fn window_rules(f: &ClusterFacts<'_>, threshold_secs: Option<i64>) -> Vec<Finding> {
    let Some((windows, from_us, to_us)) = f.windows else {
        return Vec::new();
    };
    let Some(latest) = windows.latest() else {
        return vec![Finding::new(Severity::Critical, Rule::NoRecoverableWindow)];
    };
    let tenants = (!f.tenants_without_window.is_empty()).then(|| {
        Finding::new(
            Severity::Critical,
            Rule::TenantsWithoutWindow {
                tenants: f.tenants_without_window.to_vec(),
            },
        )
    });
    let mut out: Vec<Finding> = windows
        .gaps(from_us, to_us)
        .into_iter()
        .map(|g| {
            Finding::new(
                Severity::Warning,
                Rule::WindowGap {
                    after_us: g.after_us,
                    before_us: g.before_us,
                },
            )
        })
        .collect();
    out.extend(tenants);
    if let Some(threshold) = threshold_secs {
        let age = (f.now_us - latest) / US_PER_SECOND;
        if age > threshold {
            out.push(Finding::new(
                Severity::Critical,
                Rule::LatestRecoverableTooOld {
                    latest_us: latest,
                    age_secs: age,
                    threshold_secs: threshold,
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
