//! The backup schedule: which days run which backup, and when it next runs.

use crate::backup::{DataBackupMode, ScheduleDay, ScheduleMode};
use crate::time::TimeOfDay;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use std::collections::BTreeMap;

/// One future run of the schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledRun {
    pub at: DateTime<FixedOffset>,
    pub kind: DataBackupMode,
}

/// The schedule's kind of backup on `date`, if any. WEEK keys are 1 = Monday .. 7 = Sunday;
/// MONTH keys are days of the month, and a day the month lacks (31 in April) never runs.
pub fn backup_on(
    mode: &ScheduleMode,
    days: &BTreeMap<ScheduleDay, DataBackupMode>,
    date: NaiveDate,
) -> Option<DataBackupMode> {
    let key = match mode {
        ScheduleMode::Week => date.weekday().number_from_monday() as ScheduleDay,
        ScheduleMode::Month => date.day() as ScheduleDay,
        ScheduleMode::Other(_) => return None,
    };
    days.get(&key).cloned()
}

/// The next `count` runs strictly after `after`, in the schedule time's offset.
/// Looks at most about three years ahead, so an empty or impossible schedule ends.
pub fn next_runs(
    mode: &ScheduleMode,
    days: &BTreeMap<ScheduleDay, DataBackupMode>,
    time: TimeOfDay,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<ScheduledRun> {
    let mut runs = Vec::with_capacity(count);
    let mut date = after.with_timezone(&time.offset).date_naive();
    for _ in 0..1100 {
        if runs.len() >= count {
            break;
        }
        if let Some(kind) = backup_on(mode, days, date) {
            if let Some(at) = time
                .offset
                .from_local_datetime(&date.and_time(time.time))
                .single()
            {
                if at > after {
                    runs.push(ScheduledRun { at, kind });
                }
            }
        }
        date += Duration::days(1);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{offset_hours, parse_datetime};

    fn utc(s: &str) -> DateTime<Utc> {
        parse_datetime(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn weekly_runs_fall_on_their_weekdays_in_the_schedule_offset() {
        // Full Tuesday and Thursday, incremental Saturday, 02:00 +08:00.
        let days = BTreeMap::from([
            (2, DataBackupMode::Full),
            (4, DataBackupMode::Full),
            (6, DataBackupMode::Incremental),
        ]);
        let time = TimeOfDay::new(2, 0, offset_hours(8)).unwrap();
        // Monday 2026-11-23 20:00 +08:00.
        let runs = next_runs(
            &ScheduleMode::Week,
            &days,
            time,
            utc("2026-11-23T12:00:00Z"),
            4,
        );
        let got: Vec<_> = runs
            .iter()
            .map(|r| (r.at.to_rfc3339(), r.kind.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2026-11-24T02:00:00+08:00".to_owned(), DataBackupMode::Full),
                ("2026-11-26T02:00:00+08:00".to_owned(), DataBackupMode::Full),
                (
                    "2026-11-28T02:00:00+08:00".to_owned(),
                    DataBackupMode::Incremental
                ),
                ("2026-12-01T02:00:00+08:00".to_owned(), DataBackupMode::Full),
            ]
        );
    }

    #[test]
    fn a_run_at_the_same_instant_is_not_next() {
        let days = BTreeMap::from([(1, DataBackupMode::Full)]);
        let time = TimeOfDay::new(0, 0, offset_hours(0)).unwrap();
        let runs = next_runs(
            &ScheduleMode::Week,
            &days,
            time,
            utc("2026-11-23T00:00:00Z"),
            1,
        );
        assert_eq!(runs[0].at.to_rfc3339(), "2026-11-30T00:00:00+00:00");
    }

    #[test]
    fn monthly_runs_skip_days_a_month_lacks() {
        let days = BTreeMap::from([
            (31, DataBackupMode::Full),
            (15, DataBackupMode::Incremental),
        ]);
        let time = TimeOfDay::new(23, 30, offset_hours(-5)).unwrap();
        let runs = next_runs(
            &ScheduleMode::Month,
            &days,
            time,
            utc("2026-11-01T12:00:00Z"),
            4,
        );
        // November has no 31st: it is skipped, not moved.
        let got: Vec<_> = runs.iter().map(|r| r.at.to_rfc3339()).collect();
        assert_eq!(
            got,
            vec![
                "2026-11-15T23:30:00-05:00",
                "2026-12-15T23:30:00-05:00",
                "2026-12-31T23:30:00-05:00",
                "2027-01-15T23:30:00-05:00",
            ]
        );
    }

    #[test]
    fn the_day_is_taken_in_the_schedule_offset_not_utc() {
        // 2026-11-23T20:00Z is already Tuesday 04:00 at +08:00; Tuesday 02:00 +08:00 has passed.
        let days = BTreeMap::from([(2, DataBackupMode::Full)]);
        let time = TimeOfDay::new(2, 0, offset_hours(8)).unwrap();
        let runs = next_runs(
            &ScheduleMode::Week,
            &days,
            time,
            utc("2026-11-23T20:00:00Z"),
            1,
        );
        assert_eq!(runs[0].at.to_rfc3339(), "2026-12-01T02:00:00+08:00");
    }

    #[test]
    fn an_empty_schedule_has_no_runs() {
        let time = TimeOfDay::new(2, 0, offset_hours(8)).unwrap();
        assert!(next_runs(
            &ScheduleMode::Week,
            &BTreeMap::new(),
            time,
            utc("2026-11-23T20:00:00Z"),
            10
        )
        .is_empty());
    }
}
