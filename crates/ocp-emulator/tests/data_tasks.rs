//! Every data backup is an OCP task: a row's `taskId` is a task a client can follow
//! (`/api/v2/tasks/instances/{id}`), with subtasks that move with the backup and a log that
//! says why it failed.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::*;
use ocp_model::cluster::{SubtaskStatus, TaskStatus};
use ocp_model::{DataBackupStatus, DataBackupTask, OpsResult, Paged, SubtaskLog, TaskInstance};
use serde_json::json;

const C_HZ: i64 = 1000001;
const C_SH: i64 = 1000002;
const C_BJ: i64 = 1000003; // the seeded failed backup

fn rows_path(id: i64) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/task/dataBackupTasks?size=100")
}

fn task_path(id: i64) -> String {
    format!("/api/v2/tasks/instances/{id}")
}

/// The task status a data backup's status implies.
fn expected(status: &DataBackupStatus) -> TaskStatus {
    match status {
        DataBackupStatus::Done => TaskStatus::Successful,
        DataBackupStatus::Failed => TaskStatus::Failed,
        _ => TaskStatus::Running,
    }
}

#[tokio::test]
async fn every_seeded_data_backup_row_is_a_task_that_agrees_with_it() {
    let e = emu();
    let mut seen = 0;
    for cluster in [C_HZ, C_SH, C_BJ, 1000005] {
        let rows: Paged<DataBackupTask> = e.ok(&rows_path(cluster)).await.decode();
        for row in &rows.contents {
            let t: TaskInstance = e.ok(&task_path(row.task_id)).await.decode();
            assert_eq!(t.id, row.task_id);
            assert_eq!(t.cluster_id, Some(cluster));
            assert_eq!(t.status, expected(&row.status), "row {}", row.task_id);
            assert!(t.subtasks.len() >= 3, "{t:?}");
            assert_eq!(
                t.finish_time.map(|f| f.timestamp_millis()),
                row.finish_time.map(|f| f.timestamp_millis()),
                "task {} ends with its backup",
                t.id
            );
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen} rows");
}

#[tokio::test]
async fn a_failed_backups_failed_subtask_logs_the_rows_error_text() {
    let e = emu();
    let rows: Paged<DataBackupTask> = e.ok(&rows_path(C_BJ)).await.decode();
    let row = rows
        .contents
        .iter()
        .find(|r| r.status == DataBackupStatus::Failed)
        .expect("the seeded failed backup");
    let error = row.error_msg.clone().expect("its error text");
    let t: TaskInstance = e.ok(&task_path(row.task_id)).await.decode();
    assert_eq!(t.status, TaskStatus::Failed);
    let failed = t
        .subtasks
        .iter()
        .position(|s| s.status == SubtaskStatus::Failed)
        .expect("a failed subtask");
    // The steps after it never ran.
    assert!(t.subtasks[failed + 1..]
        .iter()
        .all(|s| s.status == SubtaskStatus::Pending && s.start_time.is_none()));
    let r = e
        .ok(&format!(
            "{}/subtasks/{}/log",
            task_path(t.id),
            t.subtasks[failed].id
        ))
        .await;
    let log: SubtaskLog = r.decode();
    let lines: Vec<&str> = log.log.lines().collect();
    assert!(lines.len() >= 3, "{}", log.log);
    assert!(lines[0].contains("started"), "{}", lines[0]);
    assert!(
        lines[1].contains("ERROR") && lines[1].ends_with(&error),
        "{}",
        lines[1]
    );
    assert!(lines.iter().any(|l| l.starts_with("\tat ")), "{}", log.log);
    // A step that succeeded logs its start and end; one that never ran logs nothing.
    let ok: SubtaskLog = e
        .ok(&format!(
            "{}/subtasks/{}/log",
            task_path(t.id),
            t.subtasks[0].id
        ))
        .await
        .decode();
    assert_eq!(ok.log.lines().count(), 2, "{}", ok.log);
    assert!(ok.log.contains("finished in"), "{}", ok.log);
    if let Some(never) = t.subtasks.get(failed + 1) {
        let none: SubtaskLog = e
            .ok(&format!("{}/subtasks/{}/log", task_path(t.id), never.id))
            .await
            .decode();
        assert_eq!(none.log, "");
    }
}

#[tokio::test]
async fn backup_now_answers_the_id_of_the_new_row_and_its_task_follows_the_backup() {
    let e = emu();
    let body =
        json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP"}).to_string();
    let r = e
        .send(
            "POST",
            &format!("/api/v2/ob/clusters/{C_SH}/backup/backupNow"),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ops: OpsResult = r.decode();
    let ids = ops.task_ids();
    assert_eq!(ids.len(), 1);
    let rows: Paged<DataBackupTask> = e.ok(&rows_path(C_SH)).await.decode();
    assert_eq!(
        rows.contents[0].task_id, ids[0],
        "the newest row is the new backup"
    );
    let t: TaskInstance = e.ok(&task_path(ids[0])).await.decode();
    assert_eq!(t.status, TaskStatus::Running);
    assert_eq!(t.task_type.as_deref(), Some("MANUAL"));
    assert_eq!(t.creator.as_deref(), Some("admin"));
    let names: Vec<&str> = t.subtasks.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Check backup conditions",
            "Submit data backup",
            "Start data backup",
            "Initialize backup",
            "Back up data"
        ]
    );
    // The task ends when the backup does, and says so.
    let mut done = None;
    for _ in 0..400 {
        e.advance(Duration::seconds(15));
        let t: TaskInstance = e.ok(&task_path(ids[0])).await.decode();
        if t.status != TaskStatus::Running {
            done = Some(t);
            break;
        }
        let rows: Paged<DataBackupTask> = e.ok(&rows_path(C_SH)).await.decode();
        assert_ne!(rows.contents[0].status, DataBackupStatus::Done);
    }
    let t = done.expect("the task ended");
    assert_eq!(t.status, TaskStatus::Successful);
    assert_eq!(t.progress(), (5, 5));
    let rows: Paged<DataBackupTask> = e.ok(&rows_path(C_SH)).await.decode();
    assert_eq!(rows.contents[0].status, DataBackupStatus::Done);
    assert_eq!(
        rows.contents[0].finish_time.map(|f| f.timestamp_millis()),
        t.finish_time.map(|f| f.timestamp_millis())
    );
}

#[tokio::test]
async fn a_subtask_log_of_an_unknown_task_or_subtask_is_404_and_a_bad_id_400() {
    let e = emu();
    let rows: Paged<DataBackupTask> = e.ok(&rows_path(C_HZ)).await.decode();
    let id = rows.contents[0].task_id;
    let r = e.get(&format!("{}/subtasks/1/log", task_path(id))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = e.get("/api/v2/tasks/instances/99/subtasks/1/log").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = e.get(&format!("{}/subtasks/x/log", task_path(id))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.error_code(), "COM10001");
}

#[test]
fn a_database_from_before_gets_a_task_for_every_data_backup() {
    // As an older emulator left it: data backups without OCP tasks.
    let mut w = ocp_emulator::seed::build(origin(), ocp_emulator::seed::DEFAULT_SEED);
    let ids: Vec<i64> = w.data.keys().copied().collect();
    for id in &ids {
        w.tasks.remove(id);
    }
    ocp_emulator::seed::backfill(&mut w);
    for id in &ids {
        let d = &w.data[id];
        let t = &w.tasks[id].task;
        assert_eq!(t.status, expected(&d.task.status), "task {id}");
        assert_eq!(t.cluster_id, Some(d.cluster_id));
        assert_eq!(t.subtasks.len(), 3);
    }
}

#[tokio::test]
async fn history_rows_are_tasks_too_and_a_failed_ones_log_says_why() {
    let e = emu_opts(
        origin(),
        ocp_emulator::Options {
            history_tasks: 40,
            ..ocp_emulator::Options::default()
        },
    );
    let rows: Paged<DataBackupTask> = e.ok(&rows_path(C_HZ)).await.decode();
    let history: Vec<&DataBackupTask> = rows
        .contents
        .iter()
        .filter(|r| r.backup_set_id.is_some_and(|s| s > 100_000))
        .collect();
    assert_eq!(history.len(), 40);
    for row in &history {
        let t: TaskInstance = e.ok(&task_path(row.task_id)).await.decode();
        assert_eq!(t.status, expected(&row.status), "row {}", row.task_id);
        assert_eq!(
            t.finish_time.map(|f| f.timestamp_millis()),
            row.finish_time.map(|f| f.timestamp_millis())
        );
    }
    let failed = history
        .iter()
        .find(|r| r.status == DataBackupStatus::Failed)
        .expect("one in twenty failed");
    let t: TaskInstance = e.ok(&task_path(failed.task_id)).await.decode();
    let step = t
        .subtasks
        .iter()
        .find(|s| s.status == SubtaskStatus::Failed)
        .expect("its failed step");
    let log: SubtaskLog = e
        .ok(&format!("{}/subtasks/{}/log", task_path(t.id), step.id))
        .await
        .decode();
    assert!(
        log.log.contains(failed.error_msg.as_deref().unwrap_or("?")),
        "{}",
        log.log
    );
}
