use super::*;
use crate::backup::{ScheduleConfig, ScheduleMode, ThresholdConfig};
use crate::time::{offset_hours, RecoverableTime, TaskTime};
use crate::timeline::Window;
use crate::Lang;
use std::collections::BTreeMap;

const H8: i32 = 8;

fn us(s: &str) -> i64 {
    RecoverableTime::parse(s).unwrap().timestamp_micros()
}

fn task_time(s: &str) -> Option<TaskTime> {
    TaskTime::parse(s).ok()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn keys(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(Finding::key).collect()
}

fn month_schedule(days: &[(u8, DataBackupMode)], retention: Option<u32>) -> ScheduleConfig {
    ScheduleConfig {
        backup_schedule_mode: Some(ScheduleMode::Month),
        backup_schedule_enabled: Some(true),
        backup_schedule_time: TimeOfDay::parse("02:00:00.000+08:00").ok(),
        day_and_data_backup_model_map: Some(days.iter().cloned().collect::<BTreeMap<_, _>>()),
        start_log_backup: Some(true),
        clean_enabled: Some(retention.is_some()),
        backup_data_retention_days: retention,
        clean_schedule_time: TimeOfDay::parse("04:00:00.000+08:00").ok(),
    }
}

fn strategy_checks(s: &ScheduleConfig, from: &str, average: Option<i64>) -> Vec<Finding> {
    check_strategy(&StrategyFacts {
        schedule: s,
        from: date(from),
        average_backup_secs: average,
    })
}

#[test]
fn a_full_backup_on_the_31st_leaves_months_without_one_and_outruns_a_14_day_retention() {
    let s = month_schedule(
        &[
            (31, DataBackupMode::Full),
            (15, DataBackupMode::Incremental),
        ],
        Some(14),
    );
    let found = strategy_checks(&s, "2027-01-01", None);
    assert_eq!(
        keys(&found),
        [
            "month-days-some-months-lack",
            "full-interval-over-retention"
        ]
    );
    let Rule::MonthDaysSomeMonthsLack { kind, days, months } = &found[0].rule else {
        panic!("{found:?}")
    };
    assert_eq!(*kind, DataBackupMode::Full);
    assert_eq!(days, &[31]);
    let m = |month| MonthWithout { year: 2027, month };
    assert_eq!(months, &[m(2), m(4), m(6), m(9), m(11)]);
    // January 31 → March 31 is 59 days (February has none); the longest of the year is 61,
    // across April and again across June, September and November.
    let Rule::FullIntervalOverRetention {
        longest_days,
        from,
        to,
        retention_days,
    } = &found[1].rule
    else {
        panic!("{found:?}")
    };
    assert_eq!(
        (*longest_days, *from, *to, *retention_days),
        (61, date("2027-03-31"), date("2027-05-31"), 14)
    );
    let text = found[0].message(Lang::En, offset_hours(H8));
    assert_eq!(
        text.what,
        "The full backup on day 31 of the month does not exist in some months, so these get no full backup: Feb 2027, Apr 2027, Jun 2027, Sep 2027, Nov 2027."
    );
    let zh = found[1].message(Lang::Zh, offset_hours(H8));
    assert_eq!(
        zh.what,
        "两次全量备份的最长间隔为 61 天（2027-03-31 → 2027-05-31），超过 14 天的保留期。"
    );
}

#[test]
fn fulls_on_the_31st_fit_a_retention_of_61_days_and_not_of_60() {
    let s = month_schedule(&[(31, DataBackupMode::Full)], Some(61));
    assert!(
        !keys(&strategy_checks(&s, "2027-01-15", None)).contains(&"full-interval-over-retention")
    );
    let s = month_schedule(&[(31, DataBackupMode::Full)], Some(60));
    assert!(
        keys(&strategy_checks(&s, "2027-01-15", None)).contains(&"full-interval-over-retention")
    );
    // Cleanup off: retention does not apply, nothing expires.
    let mut off = s.clone();
    off.clean_enabled = Some(false);
    assert!(
        !keys(&strategy_checks(&off, "2027-01-15", None)).contains(&"full-interval-over-retention")
    );
}

#[test]
fn month_days_up_to_28_and_weekly_schedules_are_quiet() {
    let s = month_schedule(
        &[(1, DataBackupMode::Full), (28, DataBackupMode::Full)],
        Some(30),
    );
    assert_eq!(
        keys(&strategy_checks(&s, "2027-01-01", None)),
        Vec::<&str>::new()
    );
    // Day 29 is missing only in February of a common year.
    let s = month_schedule(&[(29, DataBackupMode::Full)], None);
    let found = strategy_checks(&s, "2027-01-01", None);
    let Rule::MonthDaysSomeMonthsLack { months, .. } = &found[0].rule else {
        panic!("{found:?}")
    };
    assert_eq!(
        months,
        &[MonthWithout {
            year: 2027,
            month: 2
        }]
    );
    // …and not at all in a leap year's February.
    let found = strategy_checks(&s, "2028-01-01", None);
    assert!(found.is_empty(), "{found:?}");
    // A weekly full every Monday with 7 days of retention is exactly enough.
    let mut week = month_schedule(&[(1, DataBackupMode::Full)], Some(7));
    week.backup_schedule_mode = Some(ScheduleMode::Week);
    assert!(strategy_checks(&week, "2027-01-01", None).is_empty());
    week.backup_data_retention_days = Some(6);
    let found = strategy_checks(&week, "2027-01-01", None);
    assert_eq!(
        found[0].rule,
        Rule::FullIntervalOverRetention {
            longest_days: 7,
            from: date("2027-01-04"),
            to: date("2027-01-11"),
            retention_days: 6
        }
    );
}

#[test]
fn incrementals_without_a_full_a_paused_schedule_and_a_cleanup_during_the_backup() {
    let mut s = month_schedule(&[(5, DataBackupMode::Incremental)], None);
    s.backup_schedule_enabled = Some(false);
    let found = strategy_checks(&s, "2027-01-01", None);
    assert_eq!(
        keys(&found),
        ["incremental-without-full", "strategy-paused"]
    );
    assert_eq!(found[0].severity, Severity::Critical);
    assert_eq!(found[1].severity, Severity::Info);
    // Incrementals on the 30th: February misses one, which only costs time.
    let s = month_schedule(
        &[(1, DataBackupMode::Full), (30, DataBackupMode::Incremental)],
        None,
    );
    let found = strategy_checks(&s, "2027-01-01", None);
    assert_eq!(keys(&found), ["month-days-some-months-lack"]);
    assert_eq!(found[0].severity, Severity::Info);

    // Backup at 02:00, cleanup at 04:00 (+08:00), both on.
    let s = month_schedule(
        &[(1, DataBackupMode::Full), (15, DataBackupMode::Full)],
        Some(30),
    );
    // Two hours exactly: the backup has ended when cleanup starts.
    assert!(strategy_checks(&s, "2027-01-01", Some(7200)).is_empty());
    let found = strategy_checks(&s, "2027-01-01", Some(7201));
    assert_eq!(keys(&found), ["cleanup-during-backup"]);
    assert_eq!(
        found[0].message(Lang::En, offset_hours(H8)).what,
        "Cleanup at 04:00:00.000+08:00 starts before the backup started at 02:00:00.000+08:00 usually ends (it takes 2h 00m on average)."
    );
    // Written in another offset, the same cleanup time compares the same.
    let mut utc = s.clone();
    utc.clean_schedule_time = TimeOfDay::parse("20:00:00.000+00:00").ok();
    assert_eq!(
        keys(&strategy_checks(&utc, "2027-01-01", Some(7201))),
        ["cleanup-during-backup"]
    );
    // Without recent durations, nothing is claimed.
    assert!(strategy_checks(&s, "2027-01-01", None).is_empty());
}

// Cluster rules.

fn strategy(delay: u32, alarm_days: u32, timeout_min: u32) -> BackupStrategy {
    BackupStrategy {
        id: Some(1),
        backup_mode: Some(BackupMode::Physical),
        ob_backup_threshold_config: ThresholdConfig {
            data_backup_timeout_minutes: Some(timeout_min),
            no_successful_data_backup_alarm_days: Some(alarm_days),
            log_backup_delay_seconds: Some(delay),
            lib_ob_log_expire_days: None,
        },
        ob_backup_schedule_config: month_schedule(&[(1, DataBackupMode::Full)], None),
        update_time: crate::time::CreateTime::parse("2026-11-28T09:00:00+08:00").ok(),
        ..Default::default()
    }
}

fn overview(checkpoint: &str, last_backup: &str) -> Overview {
    Overview {
        latest_log_backup_checkpoint: task_time(checkpoint),
        last_data_backup_time: task_time(last_backup),
        backup_schedule_status: Some(BackupScheduleStatus::Normal),
        ..Default::default()
    }
}

fn log_task(status: &str, modified: &str) -> LogBackupTask {
    serde_json::from_value(serde_json::json!({"status": status, "modifyTime": modified})).unwrap()
}

fn data_task(
    id: i64,
    status: &str,
    start: &str,
    finish: Option<&str>,
    error: Option<&str>,
) -> DataBackupTask {
    serde_json::from_value(serde_json::json!({
        "taskId": id, "dataBackupTaskType": "FULL_BACKUP", "status": status,
        "startTime": start, "finishTime": finish, "errorMsg": error,
    }))
    .unwrap()
}

const NOW: &str = "2026-11-30T10:00:00.000000+08:00";

fn check(
    overview: &Overview,
    strategy: Option<&BackupStrategy>,
    log: Option<&LogBackupTask>,
    data: &[DataBackupTask],
    windows: Option<&RecoverableWindows>,
) -> Vec<Finding> {
    check_cluster(&ClusterFacts {
        now_us: us(NOW),
        cluster_type: Some(&ClusterType::Primary),
        overview,
        strategy,
        log_task: log,
        data_tasks: data,
        windows: windows.map(|w| (w, us("2026-11-23T10:00:00+08:00"), us(NOW))),
        tenants_without_window: &[],
    })
}

fn healthy_data() -> Vec<DataBackupTask> {
    vec![data_task(
        7,
        "DONE",
        "2026-11-30T02:00:00.000+0800",
        Some("2026-11-30T03:00:00.000+0800"),
        None,
    )]
}

fn one_window(end: &str) -> RecoverableWindows {
    RecoverableWindows::new([Window {
        start_us: us("2026-11-20T02:00:00+08:00"),
        end_us: us(end),
    }])
}

#[test]
fn a_healthy_cluster_has_no_finding() {
    let s = strategy(300, 3, 240);
    let o = overview(
        "2026-11-30T09:55:00.000+0800",
        "2026-11-30T03:00:00.000+0800",
    );
    let w = one_window("2026-11-30T09:55:00+08:00");
    let found = check(
        &o,
        Some(&s),
        Some(&log_task("RUNNING", "2026-11-30T09:55:00.000+0800")),
        &healthy_data(),
        Some(&w),
    );
    assert_eq!(found, vec![]);
}

#[test]
fn rpo_over_the_threshold_is_a_warning_then_critical_past_three_times_it() {
    let s = strategy(300, 3, 240);
    let log = log_task("RUNNING", "2026-11-30T09:00:00.000+0800");
    let w = one_window("2026-11-30T09:55:00+08:00");
    // 300 s: at the threshold, fine; 301 s: over.
    let at = |checkpoint: &str| {
        let o = overview(checkpoint, "2026-11-30T03:00:00.000+0800");
        check(&o, Some(&s), Some(&log), &healthy_data(), Some(&w))
    };
    assert!(at("2026-11-30T09:55:00.000+0800").is_empty());
    let found = at("2026-11-30T09:54:59.000+0800");
    assert_eq!(
        found[0].rule,
        Rule::RpoOverThreshold {
            rpo_secs: 301,
            threshold_secs: 300
        }
    );
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(
        found[0].message(Lang::En, offset_hours(H8)).what,
        "RPO is 5m 01s, 1s over the threshold of 5m 00s."
    );
    let found = at("2026-11-30T09:44:59.000+0800");
    assert_eq!(
        found[0].rule,
        Rule::RpoOverThreshold {
            rpo_secs: 901,
            threshold_secs: 300
        }
    );
    assert_eq!(found[0].severity, Severity::Critical);
}

#[test]
fn log_archiving_stopped_stuck_or_unknown_is_said_as_such() {
    let s = strategy(86_400, 3, 240);
    let o = overview(
        "2026-11-30T09:55:00.000+0800",
        "2026-11-30T03:00:00.000+0800",
    );
    let w = one_window("2026-11-30T09:55:00+08:00");
    let with = |status: &str, modified: &str| {
        keys(&check(
            &o,
            Some(&s),
            Some(&log_task(status, modified)),
            &healthy_data(),
            Some(&w),
        ))
    };
    assert_eq!(
        with("STOPPED", "2026-11-30T08:00:00.000+0800"),
        ["log-archiving-stopped"]
    );
    assert_eq!(
        with("INTERRUPTED", "2026-11-30T08:00:00.000+0800"),
        ["log-archiving-stopped"]
    );
    // STOPPING for exactly an hour is not yet stuck; a second more is.
    assert!(with("STOPPING", "2026-11-30T09:00:00.000+0800").is_empty());
    assert_eq!(
        with("STOPPING", "2026-11-30T08:59:59.000+0800"),
        ["log-archiving-stuck"]
    );
    assert_eq!(
        with("SUSPENDING", "2026-11-30T08:00:00.000+0800"),
        ["log-archiving-stuck"]
    );
    assert_eq!(
        with("PAUSED_BY_OPERATOR", "2026-11-30T08:00:00.000+0800"),
        ["log-archiving-unknown"]
    );
    let found = check(
        &o,
        Some(&s),
        Some(&log_task(
            "PAUSED_BY_OPERATOR",
            "2026-11-30T08:00:00.000+0800",
        )),
        &healthy_data(),
        Some(&w),
    );
    assert_eq!(
        found[0].message(Lang::Zh, offset_hours(H8)).what,
        "日志归档报告的状态 PAUSED_BY_OPERATOR 为本控制台未知的状态。"
    );
    // A logical strategy has no log archiving to check.
    let mut logical = s.clone();
    logical.backup_mode = Some(BackupMode::Logical);
    assert!(check(
        &o,
        Some(&logical),
        Some(&log_task("STOPPED", "2026-11-30T08:00:00.000+0800")),
        &healthy_data(),
        Some(&w)
    )
    .is_empty());
}

#[test]
fn data_backups_no_success_over_timeout_and_latest_failed() {
    let s = strategy(86_400, 3, 240);
    let o = overview(
        "2026-11-30T09:55:00.000+0800",
        "2026-11-27T09:00:00.000+0800",
    );
    let log = log_task("RUNNING", "2026-11-30T09:00:00.000+0800");
    let w = one_window("2026-11-30T09:55:00+08:00");
    // The last success exactly 3 days ago is within the alarm; a second earlier is not.
    let done_at = |finish: &str| {
        data_task(
            5,
            "DONE",
            "2026-11-27T08:00:00.000+0800",
            Some(finish),
            None,
        )
    };
    assert!(check(
        &o,
        Some(&s),
        Some(&log),
        &[done_at("2026-11-27T10:00:00.000+0800")],
        Some(&w)
    )
    .is_empty());
    let found = check(
        &o,
        Some(&s),
        Some(&log),
        &[done_at("2026-11-27T09:59:59.000+0800")],
        Some(&w),
    );
    assert_eq!(
        found[0].rule,
        Rule::NoSuccessfulDataBackup {
            alarm_days: 3,
            last_success_us: Some(us("2026-11-27T09:59:59+08:00"))
        }
    );
    // Running for 4 h 00 m 01 s against 240 minutes; the newest finished one failed.
    let tasks = [
        data_task(9, "DOING", "2026-11-30T05:59:59.000+0800", None, None),
        data_task(
            8,
            "FAILED",
            "2026-11-30T02:00:00.000+0800",
            Some("2026-11-30T02:30:00.000+0800"),
            Some("backup failed: ret=-9102\n\tat SubtaskRunner.run(SubtaskRunner.java:118)"),
        ),
        data_task(
            7,
            "DONE",
            "2026-11-29T02:00:00.000+0800",
            Some("2026-11-29T03:00:00.000+0800"),
            None,
        ),
    ];
    let found = check(&o, Some(&s), Some(&log), &tasks, Some(&w));
    assert_eq!(
        keys(&found),
        ["data-backup-over-timeout", "latest-data-backup-failed"]
    );
    assert_eq!(
        found[0].rule,
        Rule::DataBackupOverTimeout {
            task_id: 9,
            running_secs: 14_401,
            timeout_minutes: 240
        }
    );
    assert_eq!(
        found[1].message(Lang::En, offset_hours(H8)).what,
        "The latest data backup (task 8) failed at 2026-11-30 02:30:00 +08:00: backup failed: ret=-9102"
    );
    assert_eq!(found[1].fix(), Fix::Task(8));
    // Exactly at the timeout is not over it.
    let at_timeout = [
        data_task(9, "DOING", "2026-11-30T06:00:00.000+0800", None, None),
        tasks[2].clone(),
    ];
    assert!(check(&o, Some(&s), Some(&log), &at_timeout, Some(&w)).is_empty());
}

#[test]
fn windows_gaps_staleness_and_none() {
    let s = strategy(3600, 3, 240);
    let o = overview(
        "2026-11-30T09:55:00.000+0800",
        "2026-11-30T03:00:00.000+0800",
    );
    let log = log_task("RUNNING", "2026-11-30T09:00:00.000+0800");
    let w = RecoverableWindows::new([
        Window {
            start_us: us("2026-11-20T02:00:00+08:00"),
            end_us: us("2026-11-25T12:59:17.803700+08:00"),
        },
        Window {
            start_us: us("2026-11-26T02:31:36.720833+08:00"),
            end_us: us("2026-11-30T09:00:00+08:00"),
        },
    ]);
    let found = check(&o, Some(&s), Some(&log), &healthy_data(), Some(&w));
    assert_eq!(keys(&found), ["window-gap"]);
    assert_eq!(
        found[0].message(Lang::En, offset_hours(H8)).what,
        "Nothing can be restored between 2026-11-25 12:59:17 +08:00 and 2026-11-26 02:31:36 +08:00 (13h 32m)."
    );
    assert_eq!(
        found[0].fix(),
        Fix::Timeline(us("2026-11-25T12:59:17.803700+08:00"))
    );
    // The newest point one hour and a second old against a one-hour threshold.
    let stale = one_window("2026-11-30T08:59:59+08:00");
    let found = check(&o, Some(&s), Some(&log), &healthy_data(), Some(&stale));
    assert_eq!(
        found[0].rule,
        Rule::LatestRecoverableTooOld {
            latest_us: us("2026-11-30T08:59:59+08:00"),
            age_secs: 3601,
            threshold_secs: 3600
        }
    );
    let none = RecoverableWindows::default();
    assert_eq!(
        keys(&check(
            &o,
            Some(&s),
            Some(&log),
            &healthy_data(),
            Some(&none)
        )),
        ["no-recoverable-window"]
    );
}

#[test]
fn a_paused_schedule_and_a_primary_without_strategy() {
    let s = strategy(86_400, 30, 240);
    let mut o = overview(
        "2026-11-30T09:55:00.000+0800",
        "2026-11-30T03:00:00.000+0800",
    );
    o.backup_schedule_status = Some(BackupScheduleStatus::Paused);
    let log = log_task("RUNNING", "2026-11-30T09:00:00.000+0800");
    let found = check(&o, Some(&s), Some(&log), &healthy_data(), None);
    assert_eq!(
        found[0].rule,
        Rule::SchedulePaused {
            since_us: Some(us("2026-11-28T09:00:00+08:00")),
            for_secs: Some(2 * 86_400 + 3600)
        }
    );
    assert_eq!(
        found[0].message(Lang::En, offset_hours(H8)).what,
        "Backup scheduling has been paused for at least 2d 1h (the strategy last changed 2026-11-28 09:00:00 +08:00)."
    );
    let found = check(&o, None, None, &[], None);
    assert_eq!(keys(&found), ["no-strategy"]);
    assert_eq!(found[0].fix(), Fix::CreateStrategy);
    // A standby cluster has no strategy of its own to miss.
    let standby = check_cluster(&ClusterFacts {
        now_us: us(NOW),
        cluster_type: Some(&ClusterType::Standby),
        overview: &o,
        strategy: None,
        log_task: None,
        data_tasks: &[],
        windows: Some((
            &RecoverableWindows::default(),
            us("2026-11-23T10:00:00+08:00"),
            us(NOW),
        )),
        tenants_without_window: &[],
    });
    assert_eq!(keys(&standby), ["standby-no-own-backups"]);
    assert_eq!(standby[0].severity, Severity::Info);
}

#[test]
fn findings_come_most_severe_first() {
    let s = strategy(300, 3, 240);
    let mut o = overview(
        "2026-11-30T09:00:00.000+0800",
        "2026-11-30T03:00:00.000+0800",
    );
    o.backup_schedule_status = Some(BackupScheduleStatus::Paused);
    let log = log_task("STOPPED", "2026-11-30T09:00:00.000+0800");
    let found = check(&o, Some(&s), Some(&log), &healthy_data(), None);
    let severities: Vec<Severity> = found.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    assert_eq!(
        keys(&found),
        [
            "log-archiving-stopped",
            "rpo-over-threshold",
            "schedule-paused"
        ]
    );
}

#[test]
fn the_average_backup_duration_counts_finished_backups_only() {
    let tasks = [
        data_task(3, "DOING", "2026-11-30T02:00:00.000+0800", None, None),
        data_task(
            2,
            "DONE",
            "2026-11-29T02:00:00.000+0800",
            Some("2026-11-29T03:00:00.000+0800"),
            None,
        ),
        data_task(
            1,
            "DONE",
            "2026-11-28T02:00:00.000+0800",
            Some("2026-11-28T02:30:00.500+0800"),
            None,
        ),
        data_task(
            0,
            "FAILED",
            "2026-11-27T02:00:00.000+0800",
            Some("2026-11-27T09:00:00.000+0800"),
            None,
        ),
    ];
    assert_eq!(average_backup_secs(&tasks), Some(2700));
    assert_eq!(average_backup_secs(&tasks[..1]), None);
}

#[test]
fn a_tenant_without_a_window_is_critical_whatever_the_union_shows() {
    let s = strategy(86_400, 3, 240);
    let o = overview(
        "2026-11-30T09:55:00.000+0800",
        "2026-11-30T03:00:00.000+0800",
    );
    let log = log_task("RUNNING", "2026-11-30T09:00:00.000+0800");
    let w = one_window("2026-11-30T09:55:00+08:00");
    let names = ["crm_oracle".to_owned()];
    let found = check_cluster(&ClusterFacts {
        now_us: us(NOW),
        cluster_type: Some(&ClusterType::Primary),
        overview: &o,
        strategy: Some(&s),
        log_task: Some(&log),
        data_tasks: &healthy_data(),
        windows: Some((&w, us("2026-11-23T10:00:00+08:00"), us(NOW))),
        tenants_without_window: &names,
    });
    assert_eq!(keys(&found), ["tenants-without-window"]);
    assert_eq!(found[0].severity, Severity::Critical);
    assert_eq!(
        found[0].message(Lang::En, offset_hours(H8)).what,
        "No recoverable window for tenant crm_oracle in the period shown."
    );
    assert_eq!(found[0].fix(), Fix::TenantTimeline("crm_oracle".into()));
}
