use super::*;
use crate::time::offset_hours;
use crate::time::{StampTime, TaskTime};
use serde_json::json;

fn data(id: i64, status: &str, kind: &str, start: &str) -> TaskLine {
    data_task(id, status, kind, start).into()
}

fn data_task(id: i64, status: &str, kind: &str, start: &str) -> DataBackupTask {
    serde_json::from_value(json!({
        "taskId": id, "dataBackupTaskType": kind, "status": status, "startTime": start
    }))
    .unwrap()
}

fn restore(status: &str, finished: bool, successful: bool) -> RestoreTask {
    serde_json::from_value(json!({
        "id": 1, "status": status, "finished": finished, "successful": successful
    }))
    .unwrap()
}

#[test]
fn a_query_reads_back_what_it_writes() {
    let from = StampTime::parse("2026-11-20T00:00:00.000+08:00").unwrap();
    let q = TaskQuery {
        kind: TaskKind::Data,
        status: Some("FAILED".into()),
        backup_type: Some(DataBackupMode::Incremental),
        range: TimeRange::Custom {
            from: Some(from),
            to: None,
        },
        backup_set_id: Some(42),
        sort: SortOrder::OldestFirst,
        row: Some("3000041".into()),
    };
    let pairs = q.to_pairs();
    assert_eq!(
        pairs,
        vec![
            ("kind", "data".to_owned()),
            ("status", "FAILED".to_owned()),
            ("type", "incremental".to_owned()),
            ("backupSetId", "42".to_owned()),
            ("from", "2026-11-20T00:00:00.000+08:00".to_owned()),
            ("sort", "asc".to_owned()),
            ("row", "3000041".to_owned()),
        ]
    );
    let back = TaskQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    assert_eq!(back, q);
}

#[test]
fn defaults_are_left_out_and_garbage_is_dropped() {
    assert_eq!(
        TaskQuery::default().to_pairs(),
        vec![("kind", "data".to_owned())]
    );
    let q = TaskQuery::from_pairs([
        ("kind", "nonsense"),
        ("range", "1y"),
        ("backupSetId", "x"),
        ("from", "yesterday"),
        ("type", "weird"),
        ("status", ""),
    ]);
    assert_eq!(q, TaskQuery::default());
    let q = TaskQuery::from_pairs([("kind", "log"), ("range", "30d")]);
    assert_eq!(q.kind, TaskKind::Log);
    assert_eq!(q.range, TimeRange::Last30d);
    assert_eq!(
        q.to_pairs(),
        vec![("kind", "log".to_owned()), ("range", "30d".to_owned())]
    );
}

#[test]
fn switching_tab_keeps_range_and_order_only() {
    let q = TaskQuery::from_pairs([
        ("kind", "data"),
        ("status", "FAILED"),
        ("range", "24h"),
        ("backupSetId", "7"),
        ("row", "1"),
    ]);
    let log = q.with_kind(TaskKind::Log);
    assert_eq!(log.kind, TaskKind::Log);
    assert_eq!(log.range, TimeRange::Last24h);
    assert_eq!((log.status, log.backup_set_id, log.row), (None, None, None));
}

#[test]
fn presets_count_back_from_the_servers_now_in_the_given_offset() {
    let now = StampTime::parse("2026-11-29T12:00:00.000+08:00").unwrap();
    let (from, to) = TimeRange::Last24h.bounds(now.timestamp_millis(), offset_hours(8));
    assert_eq!(from.unwrap().to_wire(), "2026-11-28T12:00:00.000+08:00");
    assert_eq!(to, None, "the end is OCP's now");
    let (from, _) = TimeRange::Last30d.bounds(now.timestamp_millis(), offset_hours(-5));
    assert_eq!(from.unwrap().to_wire(), "2026-10-29T23:00:00.000-05:00");
    let custom = TimeRange::Custom {
        from: None,
        to: Some(now),
    };
    assert_eq!(custom.bounds(0, offset_hours(0)), (None, Some(now)));
}

#[test]
fn filters_and_order() {
    let rows = vec![
        data(1, "DONE", "FULL_BACKUP", "2026-11-27T02:00:00.000+0800"),
        data(
            2,
            "FAILED",
            "INCREMENTAL_BACKUP",
            "2026-11-28T02:00:00.000+0800",
        ),
        data(3, "FAILED", "FULL_BACKUP", "2026-11-29T02:00:00.000+0800"),
        data(
            4,
            "MIGRATING",
            "FULL_BACKUP",
            "2026-11-26T02:00:00.000+0800",
        ),
    ];
    let ids = |q: &TaskQuery| -> Vec<String> {
        visible_rows(&rows, q)
            .iter()
            .map(|&i| rows[i].key.clone())
            .collect()
    };
    let mut q = TaskQuery::default();
    assert_eq!(ids(&q), ["3", "2", "1", "4"]);
    q.sort = SortOrder::OldestFirst;
    assert_eq!(ids(&q), ["4", "1", "2", "3"]);
    q.status = Some("FAILED".into());
    assert_eq!(ids(&q), ["2", "3"]);
    q.backup_type = Some(DataBackupMode::Full);
    assert_eq!(ids(&q), ["3"]);
    // A status the console does not know is filtered as spelled, never mapped.
    let q = TaskQuery {
        status: Some("MIGRATING".into()),
        ..TaskQuery::default()
    };
    assert_eq!(ids(&q), ["4"]);
}

#[test]
fn a_refresh_updates_rows_in_place_and_puts_new_ones_first() {
    let mut rows = vec![
        data(2, "DOING", "FULL_BACKUP", "2026-11-28T02:00:00.000+0800"),
        data(1, "DONE", "FULL_BACKUP", "2026-11-27T02:00:00.000+0800"),
    ];
    merge_refresh(
        &mut rows,
        vec![
            data(
                3,
                "BEGINNING",
                "FULL_BACKUP",
                "2026-11-29T02:00:00.000+0800",
            ),
            data(2, "DONE", "FULL_BACKUP", "2026-11-28T02:00:00.000+0800"),
        ],
    );
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.key.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(got, [("3", "BEGINNING"), ("2", "DONE"), ("1", "DONE")]);
}

#[test]
fn restore_outcome_follows_the_flags_and_says_when_the_status_disagrees() {
    use RestoreOutcome::*;
    assert_eq!(
        RestoreOutcome::of(&restore("RESTORE_SYS_REPLICA", false, false)),
        Running
    );
    assert_eq!(
        RestoreOutcome::of(&restore("RESTORE_SUCCESS", true, true)),
        Succeeded
    );
    assert_eq!(
        RestoreOutcome::of(&restore("RESTORE_FAIL", true, false)),
        Failed
    );
    assert_eq!(
        RestoreOutcome::of(&restore("RESTORE_SUCCESS", true, false)),
        Contradictory
    );
    assert_eq!(
        RestoreOutcome::of(&restore("RESTORE_SUCCESS", false, false)),
        Contradictory
    );
    assert_eq!(
        RestoreOutcome::of(&restore("RESTORE_FAIL", true, true)),
        Contradictory
    );
    // A tool's own step names are fine either way.
    assert_eq!(
        RestoreOutcome::of(&restore("COMPLETED", true, true)),
        Succeeded
    );
    assert_ne!(Contradictory.tone(), StatusTone::Success);
}

#[test]
fn a_log_round_is_stopped_only_when_ocp_says_stopped() {
    assert!(LogBackupStatus::Stopped.is_stopped());
    for s in [
        "STOPPING",
        "SUSPENDING",
        "UNKNOWN",
        "INTERRUPTED",
        "RUNNING",
    ] {
        assert!(!LogBackupStatus::from_wire(s).is_stopped(), "{s}");
    }
}

#[test]
fn over_timeout_only_while_running_past_the_limit() {
    let mut t = data_task(1, "DOING", "FULL_BACKUP", "2026-11-29T00:00:00.000+0800");
    let start = t.start_time.unwrap().timestamp_millis();
    let line = |t: &DataBackupTask| TaskLine::from(t.clone());
    assert_eq!(line(&t).over_timeout_secs(240, start + 239 * 60_000), None);
    assert_eq!(
        line(&t).over_timeout_secs(240, start + 241 * 60_000),
        Some(60)
    );
    // Two days against 240 minutes.
    assert_eq!(
        line(&t).over_timeout_secs(240, start + 2 * 86_400_000),
        Some(2 * 86_400 - 240 * 60)
    );
    t.status = DataBackupStatus::Done;
    assert_eq!(line(&t).over_timeout_secs(240, start + 241 * 60_000), None);
    t.status = DataBackupStatus::Doing;
    t.finish_time = TaskTime::parse("2026-11-29T05:00:00.000+0800").ok();
    assert_eq!(line(&t).over_timeout_secs(240, start + 600 * 60_000), None);
}

#[test]
fn each_list_has_one_cell_per_column_and_keeps_server_text_raw() {
    let d = data(9, "FAILED", "FULL_BACKUP", "2026-11-29T02:00:00.000+0800");
    assert_eq!(d.cells.len(), TaskKind::Data.columns().len());
    let log: LogBackupTask = serde_json::from_value(json!({
        "status": "STOPPING", "createTime": "2026-11-29T02:00:00.123+0800", "delay": 77.6,
        "errorMsg": "line 1\n<b>\"quoted\"</b>"
    }))
    .unwrap();
    let l = TaskLine::from(log);
    assert_eq!(l.cells.len(), TaskKind::Log.columns().len());
    assert_eq!(l.key, "1795888800123000");
    // Stopping can still change: the list keeps refreshing.
    assert!(l.running);
    assert_eq!(l.error(), Some("line 1\n<b>\"quoted\"</b>"));
    let r = TaskLine::from(restore("RESTORE_SUCCESS", true, false));
    assert_eq!(r.cells.len(), TaskKind::Restore.columns().len());
    assert_eq!(r.status.tone(), StatusTone::Failure);
    assert!(!r.running);
    // Every documented status is offered as a filter, spelled as on the wire.
    assert_eq!(TaskKind::Data.known_statuses().len(), 9);
    assert_eq!(TaskKind::Log.known_statuses().len(), 9);
    assert_eq!(TaskKind::Restore.known_statuses().len(), 12);
    assert_eq!(TaskKind::Log.known_statuses()[3].as_str(), "STOPPED");
}

#[test]
fn the_drawn_window_of_a_long_list() {
    // 10,000 rows of 36 px in a 720 px viewport: 21 in view, 10 more on each side.
    assert_eq!(visible_range(0.0, 720.0, 36.0, 10, 10_000), 0..31);
    assert_eq!(
        visible_range(36.0 * 5000.0, 720.0, 36.0, 10, 10_000),
        4990..5031
    );
    assert_eq!(
        visible_range(36.0 * 9990.0, 720.0, 36.0, 10, 10_000),
        9980..10_000
    );
    // Scrolled past the end (a list that just shrank), or nonsense input.
    assert_eq!(visible_range(1e9, 720.0, 36.0, 10, 100), 89..100);
    assert_eq!(visible_range(f64::NAN, 720.0, 36.0, 10, 100), 0..31);
    assert_eq!(visible_range(0.0, 720.0, 0.0, 10, 100), 0..0);
    assert_eq!(visible_range(0.0, 720.0, 36.0, 10, 0), 0..0);
    // Never more than the viewport's rows plus the overscan.
    for top in [0.0, 17.0, 3600.5, 359_000.0] {
        assert!(visible_range(top, 720.0, 36.0, 10, 10_000).len() <= 21 + 20 + 1);
    }
}

#[test]
fn a_log_filter_finds_rows_in_either_vocabulary() {
    let running = LineStatus::Log(LogBackupStatus::Running);
    let in_progress = LineStatus::Log(LogBackupStatus::InProgress);
    // The tenant filter list says INPROGRESS; rows say RUNNING (ocp-api.md 2b.6).
    assert!(running.matches_filter("INPROGRESS"));
    assert!(running.matches_filter("RUNNING"));
    assert!(in_progress.matches_filter("RUNNING"));
    assert!(LineStatus::Log(LogBackupStatus::Beginning).matches_filter("STARTING"));
    assert!(!running.matches_filter("STOPPED"));
    assert!(!LineStatus::Data(DataBackupStatus::Doing).matches_filter("DONE"));
}
