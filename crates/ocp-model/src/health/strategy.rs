//! Checks of a backup schedule before it is saved (and of the one in force): month days some
//! months lack, the longest interval between full backups against the retention, incrementals
//! with no full backup to build on, a paused schedule, and a cleanup that starts before the
//! day's backup has usually finished.

use super::{Finding, Severity};
use crate::backup::{DataBackupMode, ScheduleConfig, ScheduleMode};
use crate::schedule::backup_on;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike};

/// How far ahead the schedule is laid out: a year and one month, so every month appears and
/// the gap that wraps around a year is seen whole.
const LOOKAHEAD_DAYS: i64 = 397;

/// One month (`year`, `month` 1–12) in which a kind of backup never runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthWithout {
    pub year: i32,
    pub month: u32,
}

/// What the strategy checks read: the schedule, and from recent history the average
/// duration of a data backup (seconds), when known.
pub struct StrategyFacts<'a> {
    pub schedule: &'a ScheduleConfig,
    /// The first day the schedule is laid out from (the cluster's today).
    pub from: NaiveDate,
    pub average_backup_secs: Option<i64>,
}

/// The dates of the next year and a month on which `kind` runs.
fn run_dates(s: &ScheduleConfig, kind: &DataBackupMode, from: NaiveDate) -> Vec<NaiveDate> {
    let (Some(mode), Some(days)) = (&s.backup_schedule_mode, &s.day_and_data_backup_model_map)
    else {
        return Vec::new();
    };
    (0..LOOKAHEAD_DAYS)
        .map(|i| from + Duration::days(i))
        .filter(|d| backup_on(mode, days, *d).as_ref() == Some(kind))
        .collect()
}

/// Runs every strategy check on a schedule; most severe first.
pub fn check_strategy(f: &StrategyFacts<'_>) -> Vec<Finding> {
    let s = f.schedule;
    let mut out = Vec::new();
    if s.backup_schedule_enabled == Some(false) {
        out.push(Finding::new(
            // Set on purpose in the editor: worth saying, not alarming.
            Severity::Info,
            super::Rule::SchedulePausedInEditor,
        ));
    }
    let days = s.day_and_data_backup_model_map.clone().unwrap_or_default();
    let has = |k: DataBackupMode| days.values().any(|v| *v == k);
    if has(DataBackupMode::Incremental) && !has(DataBackupMode::Full) {
        out.push(Finding::new(
            Severity::Critical,
            super::Rule::IncrementalWithoutFull,
        ));
    }
    if s.backup_schedule_mode == Some(ScheduleMode::Month) {
        for kind in [DataBackupMode::Full, DataBackupMode::Incremental] {
            if let Some(f) = months_without(s, &kind, f.from) {
                out.push(f);
            }
        }
    }
    if let Some(f) = full_interval_over_retention(s, f.from) {
        out.push(f);
    }
    if let Some(f) = cleanup_during_backup(s, f.average_backup_secs) {
        out.push(f);
    }
    super::sorted(out)
}

/// MONTH schedules with days 29–31 of `kind`: the months of the coming year in which no day of
/// that kind exists.
fn months_without(s: &ScheduleConfig, kind: &DataBackupMode, from: NaiveDate) -> Option<Finding> {
    let days = s.day_and_data_backup_model_map.as_ref()?;
    let kind_days: Vec<u32> = days
        .iter()
        .filter(|(_, v)| *v == kind)
        .map(|(d, _)| u32::from(*d))
        .collect();
    let late: Vec<u32> = kind_days.iter().copied().filter(|d| *d >= 29).collect();
    if late.is_empty() {
        return None;
    }
    let mut months = Vec::new();
    let mut first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1)?;
    for _ in 0..12 {
        let len = days_in_month(first.year(), first.month());
        if !kind_days.iter().any(|d| *d <= len) {
            months.push(MonthWithout {
                year: first.year(),
                month: first.month(),
            });
        }
        first = next_month(first)?;
    }
    if months.is_empty() {
        return None;
    }
    // Months without a full backup break the chain; without an incremental, only cost time.
    let severity = if *kind == DataBackupMode::Full {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some(Finding::new(
        severity,
        super::Rule::MonthDaysSomeMonthsLack {
            kind: kind.clone(),
            days: late,
            months,
        },
    ))
}

/// The longest stretch between two full backups of the coming year, when it exceeds the
/// retention: the full backup that incrementals and windows build on can then expire before
/// the next one exists.
fn full_interval_over_retention(s: &ScheduleConfig, from: NaiveDate) -> Option<Finding> {
    if s.clean_enabled != Some(true) {
        return None;
    }
    let retention = i64::from(s.backup_data_retention_days?);
    let fulls = run_dates(s, &DataBackupMode::Full, from);
    let (a, b) = fulls
        .windows(2)
        .map(|w| (w[0], w[1]))
        .max_by_key(|(a, b)| ((*b - *a).num_days(), std::cmp::Reverse(*a)))?;
    let longest = (b - a).num_days();
    (longest > retention).then(|| {
        Finding::new(
            Severity::Warning,
            super::Rule::FullIntervalOverRetention {
                longest_days: longest,
                from: a,
                to: b,
                retention_days: retention,
            },
        )
    })
}

/// A cleanup that starts after the backup but before it usually ends (from recent
/// durations), or at the very time the backup starts.
fn cleanup_during_backup(s: &ScheduleConfig, average_secs: Option<i64>) -> Option<Finding> {
    if s.clean_enabled != Some(true) {
        return None;
    }
    let backup = s.backup_schedule_time?;
    let clean = s.clean_schedule_time?;
    let average = average_secs?;
    let secs = |t: NaiveTime| i64::from(t.num_seconds_from_midnight());
    // Both in UTC seconds of the day, so offsets written differently still compare.
    let day = 86_400;
    let start = (secs(backup.time) - i64::from(backup.offset.local_minus_utc())).rem_euclid(day);
    let clean_at = (secs(clean.time) - i64::from(clean.offset.local_minus_utc())).rem_euclid(day);
    let after_start = (clean_at - start).rem_euclid(day);
    (after_start < average).then(|| {
        Finding::new(
            Severity::Warning,
            super::Rule::CleanupDuringBackup {
                backup_time: backup,
                clean_time: clean,
                average_backup_secs: average,
            },
        )
    })
}

fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(next_month)
        .and_then(|n| n.pred_opt())
        .map_or(31, |d| d.day())
}
