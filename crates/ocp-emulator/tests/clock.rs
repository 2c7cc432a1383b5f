//! The clock and the engine: schedules (week, month, month end, other offsets, pause and
//! resume), failures, log gaps, retention, determinism and restarts. The world is advanced
//! directly (`advance_to`): nothing here waits on real time.

mod common;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc, Weekday};
use common::*;
use ocp_model::{
    BackupInfo, BackupScheduleStatus, DataBackupMode, DataBackupStatus, DataBackupTask, Overview,
    Paged, TimeInterval,
};
use serde_json::{json, Value};

const C_BJ: i64 = 1000003;
const C_LOGICAL: i64 = 1000005;
const C_NONE: i64 = 1000006;

fn path(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/{rest}")
}

fn strategy(mode: &str, days: Value, time: &str) -> String {
    json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {
            "backupScheduleMode": mode, "backupScheduleEnabled": true,
            "backupScheduleTime": time, "dayAndDataBackupModelMap": days,
            "startLogBackup": true, "cleanEnabled": true, "backupDataRetentionDays": 30,
            "cleanScheduleTime": "04:00:00.000+08:00"
        },
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 720, "noSuccessfulDataBackupAlarmDays": 3, "logBackupDelaySeconds": 300},
        "obBackupServiceStorageConfig": {"configName": "test_nfs",
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/t/"}}
    })
    .to_string()
}

async fn create(e: &Emu, id: i64, body: &str) {
    let r = e
        .send("POST", &path(id, "config/backupStrategy"), Some(body))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn data_tasks(e: &Emu, id: i64) -> Vec<DataBackupTask> {
    let p: Paged<DataBackupTask> = e
        .ok(&path(id, "task/dataBackupTasks?size=2000"))
        .await
        .decode();
    let mut v = p.contents;
    v.reverse();
    v
}

/// Advances in uneven steps, like live ticks would.
fn run_for(e: &Emu, d: Duration) {
    let end = e.app.clock.now() + d;
    let mut step = Duration::minutes(37);
    while e.app.clock.now() < end {
        let next = (e.app.clock.now() + step).min(end);
        e.app.advance_to(next).unwrap();
        step += Duration::minutes(11);
    }
}

fn fixed(h: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600).unwrap()
}

async fn overview(e: &Emu, id: i64) -> Overview {
    e.ok(&path(id, "overview")).await.decode()
}

#[tokio::test]
async fn a_week_schedule_runs_on_its_weekdays_in_its_own_offset() {
    let e = emu();
    // 23:30 at -05:00 on Monday, Wednesday and Saturday: 04:30 UTC the day after.
    create(
        &e,
        C_NONE,
        &strategy(
            "WEEK",
            json!({"1": "FULL_BACKUP", "3": "INCREMENTAL_BACKUP", "6": "FULL_BACKUP"}),
            "23:30:00.000-05:00",
        ),
    )
    .await;
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Waiting)
    );
    run_for(&e, Duration::days(15));
    let tasks = data_tasks(&e, C_NONE).await;
    assert_eq!(tasks.len(), 6, "{tasks:#?}");
    for t in &tasks {
        let local = t.start_time.unwrap().datetime().with_timezone(&fixed(-5));
        let expect = match local.weekday() {
            Weekday::Mon | Weekday::Sat => DataBackupMode::Full,
            Weekday::Wed => DataBackupMode::Incremental,
            other => panic!("ran on {other}: {local}"),
        };
        assert_eq!(t.data_backup_task_type, expect);
        assert_eq!((local.hour(), local.minute()), (23, 30), "{local}");
        assert!((2..=40).contains(&local.second()), "{local}");
    }
    // An incremental before any full backup fails (nothing to build on); the rest succeed.
    for (i, t) in tasks.iter().enumerate() {
        let no_full_yet = !tasks[..i]
            .iter()
            .any(|p| p.data_backup_task_type == DataBackupMode::Full);
        if t.data_backup_task_type == DataBackupMode::Incremental && no_full_yet {
            assert_eq!(t.status, DataBackupStatus::Failed);
            assert!(t.error_msg.as_deref().unwrap().contains("no full backup"));
        } else {
            assert_eq!(t.status, DataBackupStatus::Done, "{t:?}");
        }
    }
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Normal)
    );
}

#[tokio::test]
async fn a_month_schedule_skips_days_a_month_lacks() {
    let e = emu();
    create(
        &e,
        C_NONE,
        &strategy(
            "MONTH",
            json!({"29": "FULL_BACKUP", "30": "INCREMENTAL_BACKUP", "31": "FULL_BACKUP"}),
            "01:00:00.000+08:00",
        ),
    )
    .await;
    // From 2026-11-24 to 2027-03-05: no 31 November, no 29..31 February 2027.
    e.app
        .advance_to(
            DateTime::parse_from_rfc3339("2027-03-05T00:00:00+08:00")
                .unwrap()
                .with_timezone(&Utc),
        )
        .unwrap();
    let days: Vec<NaiveDate> = data_tasks(&e, C_NONE)
        .await
        .iter()
        .map(|t| t.start_time.unwrap().datetime().date_naive())
        .collect();
    let d = |m, day| NaiveDate::from_ymd_opt(if m > 6 { 2026 } else { 2027 }, m, day).unwrap();
    assert_eq!(
        days,
        vec![
            d(11, 29),
            d(11, 30),
            d(12, 29),
            d(12, 30),
            d(12, 31),
            d(1, 29),
            d(1, 30),
            d(1, 31)
        ]
    );
}

#[tokio::test]
async fn pausing_stops_the_schedule_and_resuming_picks_up_at_the_next_slot() {
    let e = emu();
    let every_day: Value = (1..=7)
        .map(|d| (d.to_string(), json!("FULL_BACKUP")))
        .collect::<serde_json::Map<_, _>>()
        .into();
    create(
        &e,
        C_NONE,
        &strategy("WEEK", every_day, "02:00:00.000+08:00"),
    )
    .await;
    run_for(&e, Duration::days(2));
    let n = data_tasks(&e, C_NONE).await.len();
    assert_eq!(n, 2);
    let stop = path(C_NONE, "config/backupStrategy/stopSchedule");
    assert_eq!(e.send("POST", &stop, None).await.status, 200);
    run_for(&e, Duration::days(5));
    assert_eq!(data_tasks(&e, C_NONE).await.len(), n);
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Paused)
    );
    let start = path(C_NONE, "config/backupStrategy/startSchedule");
    assert_eq!(e.send("POST", &start, None).await.status, 200);
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Normal)
    );
    // Missed slots are not made up for.
    run_for(&e, Duration::days(2));
    assert_eq!(data_tasks(&e, C_NONE).await.len(), n + 2);
}

#[tokio::test]
async fn repeated_failures_make_the_schedule_abnormal() {
    let e = emu_opts(
        origin(),
        ocp_emulator::Options {
            time_scale: 0.0,
            failure_rate: 1.0,
            ..ocp_emulator::Options::default()
        },
    );
    let every_day: Value = (1..=7)
        .map(|d| (d.to_string(), json!("FULL_BACKUP")))
        .collect::<serde_json::Map<_, _>>()
        .into();
    create(
        &e,
        C_NONE,
        &strategy("WEEK", every_day, "02:00:00.000+08:00"),
    )
    .await;
    run_for(&e, Duration::days(3));
    let tasks = data_tasks(&e, C_NONE).await;
    assert_eq!(tasks.len(), 3);
    for t in &tasks {
        assert_eq!(t.status, DataBackupStatus::Failed);
        assert!(t.error_msg.as_deref().unwrap().contains("ret=-"));
    }
    assert_eq!(
        overview(&e, C_NONE).await.backup_schedule_status,
        Some(BackupScheduleStatus::Abnormal)
    );
}

fn windows(info: &BackupInfo) -> Vec<TimeInterval> {
    info.ob_recoverable_info_aggregation.windows()
}

async fn info(e: &Emu, id: i64) -> BackupInfo {
    let start = ocp_model::StampTime::new(
        (e.app.clock.now() - Duration::days(30)).with_timezone(&fixed(8)),
    )
    .to_wire()
    .replace('+', "%2B");
    e.ok(&path(id, &format!("info?startTime={start}")))
        .await
        .decode()
}

#[tokio::test]
async fn stopping_log_backup_leaves_a_gap_between_windows_and_they_grow() {
    let e = emu();
    let patch = |on: bool| format!(r#"{{"obBackupScheduleConfig":{{"startLogBackup":{on}}}}}"#);
    let p = path(C_LOGICAL, "config/backupStrategy");
    let before = windows(&info(&e, C_LOGICAL).await);
    let last_end = before.last().unwrap().end_time;
    let stopped_at = e.app.clock.now();
    assert_eq!(e.send("PATCH", &p, Some(&patch(false))).await.status, 200);
    run_for(&e, Duration::hours(6));
    assert_eq!(e.send("PATCH", &p, Some(&patch(true))).await.status, 200);
    // Full backups Monday, Wednesday and Friday: within three days one lands after the
    // restart (and the retention of 7 days keeps the window before the stop).
    run_for(&e, Duration::days(3));
    let after = windows(&info(&e, C_LOGICAL).await);
    let in_gap = (stopped_at + Duration::hours(3)).timestamp_micros();
    assert!(
        after.iter().all(|w| !w.contains_micros(in_gap)),
        "{after:?}"
    );
    assert!(after.len() >= 2, "{after:?}");
    assert!(after.last().unwrap().end_time > last_end);
    let logs = e.ok(&path(C_LOGICAL, "task/logBackupTasks")).await;
    assert_eq!(logs.data()["contents"][0]["status"], "RUNNING");
    assert_eq!(logs.data()["contents"][1]["status"], "STOPPED");
    // The window keeps growing with the log checkpoint.
    run_for(&e, Duration::hours(1));
    let later = windows(&info(&e, C_LOGICAL).await);
    assert!(
        later.last().unwrap().end_time.timestamp_micros()
            - after.last().unwrap().end_time.timestamp_micros()
            > 50 * 60 * 1_000_000
    );
}

#[tokio::test]
async fn a_shorter_retention_expires_sets_and_shrinks_windows() {
    let e = emu();
    let before = windows(&info(&e, C_BJ).await);
    let size_before = overview(&e, C_BJ).await.backup_size.unwrap();
    let first = before.first().unwrap().start_time;
    assert!(e.app.clock.now() - first.datetime().with_timezone(&Utc) > Duration::days(4));
    let r = e
        .send(
            "PATCH",
            &path(C_BJ, "config/backupStrategy"),
            Some(r#"{"obBackupScheduleConfig":{"backupDataRetentionDays":2}}"#),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The next cleanup runs at 04:00.
    run_for(&e, Duration::days(1));
    let after = windows(&info(&e, C_BJ).await);
    let first_after = after.first().unwrap().start_time;
    assert!(first_after > first);
    assert!(
        e.app.clock.now() - first_after.datetime().with_timezone(&Utc) < Duration::days(3),
        "{first_after}"
    );
    assert!(overview(&e, C_BJ).await.backup_size.unwrap() < size_before);
    // The task rows stay; only their sets are gone.
    assert!(data_tasks(&e, C_BJ).await.len() > 8);
}

#[tokio::test]
async fn the_world_is_the_same_whatever_the_tick_size() {
    let a = emu();
    let b = emu();
    let body = strategy(
        "WEEK",
        json!({"2": "FULL_BACKUP", "5": "INCREMENTAL_BACKUP"}),
        "03:15:00.000+08:00",
    );
    create(&a, C_NONE, &body).await;
    create(&b, C_NONE, &body).await;
    a.app.advance_to(origin() + Duration::days(9)).unwrap();
    run_for(&b, Duration::days(9));
    for p in [
        path(C_NONE, "task/dataBackupTasks?size=100"),
        path(C_BJ, "task/dataBackupTasks?size=100"),
        path(C_BJ, "info"),
        path(C_NONE, "overview"),
    ] {
        let (x, y) = (a.ok(&p).await.data(), b.ok(&p).await.data());
        assert_eq!(x, y, "{p}");
    }
}

#[tokio::test]
async fn a_restart_resumes_the_world_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let open = || {
        ocp_emulator::App::open(&db, 0.0, PASSWORD.into(), "127.0.0.1".into(), origin()).unwrap()
    };
    let app = open();
    let t1 = origin() + Duration::hours(30);
    app.advance_to(t1).unwrap();
    let n = app.store.data_tasks(C_BJ).unwrap().len();
    drop(app);
    let app = open();
    // Not back to the origin: the clock resumes where it was.
    assert!(app.clock.now() >= t1);
    assert_eq!(app.store.data_tasks(C_BJ).unwrap().len(), n);
    app.advance_to(t1 + Duration::days(2)).unwrap();
    assert!(app.store.data_tasks(C_BJ).unwrap().len() >= n + 2);
}
