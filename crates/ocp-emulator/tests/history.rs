//! `--history-tasks`: a long list of old data backups for demos and load tests, fetched in
//! pages of up to 2000 as the console does; the seeded world is otherwise unchanged.

mod common;

use common::*;
use ocp_model::{DataBackupStatus, DataBackupTask, Paged};

fn enc(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

#[tokio::test]
async fn ten_thousand_old_backups_in_pages_of_2000() {
    let plain = emu_opts(origin(), ocp_emulator::Options::default());
    let e = emu_opts(
        origin(),
        ocp_emulator::Options {
            history_tasks: 10_000,
            ..ocp_emulator::Options::default()
        },
    );
    let id = 1_000_001;
    let from = enc("2026-10-25T14:35:00.000+08:00");
    let to = enc("2026-11-24T14:35:00.000+08:00");
    let mut all: Vec<DataBackupTask> = Vec::new();
    let mut total = None;
    for page in 1.. {
        let r = e
            .ok(&format!(
                "/api/v2/ob/clusters/{id}/backup/task/dataBackupTasks?startTime={from}&endTime={to}&page={page}&size=2000"
            ))
            .await;
        let p: Paged<DataBackupTask> = r.decode();
        let info = p.page.expect("a paged answer");
        total = Some(info.total_elements);
        if p.contents.is_empty() {
            break;
        }
        all.extend(p.contents);
        if page as u64 >= info.total_pages {
            break;
        }
    }
    let seeded = plain
        .ok(&format!(
            "/api/v2/ob/clusters/{id}/backup/task/dataBackupTasks?startTime={from}&endTime={to}&size=2000"
        ))
        .await
        .decode::<Paged<DataBackupTask>>()
        .page
        .expect("paged")
        .total_elements;
    assert_eq!(total, Some(10_000 + seeded));
    assert_eq!(all.len() as u64, 10_000 + seeded);
    // Newest first, each task once.
    let starts: Vec<i64> = all
        .iter()
        .map(|t| t.start_time.expect("start").timestamp_micros())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]));
    let mut ids: Vec<i64> = all.iter().map(|t| t.task_id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
    // One in twenty failed, with its raw text; the rest are done.
    let failed = all
        .iter()
        .filter(|t| t.backup_set_id.is_some_and(|s| s > 100_000))
        .filter(|t| t.status == DataBackupStatus::Failed)
        .count();
    assert_eq!(failed, 500);
    // The overview's backup figures and the restore points are those of the seeded world (the
    // log checkpoint's jitter aside).
    let overview =
        |r: serde_json::Value| (r["lastDataBackupTime"].clone(), r["backupSize"].clone());
    let a = plain
        .ok(&format!("/api/v2/ob/clusters/{id}/backup/overview"))
        .await
        .data();
    let b = e
        .ok(&format!("/api/v2/ob/clusters/{id}/backup/overview"))
        .await
        .data();
    assert_eq!(overview(a), overview(b));
    let points = |r: serde_json::Value| -> Vec<serde_json::Value> {
        r["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]["obRecoverableSectionItems"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|i| i["dataBackupRecoverableInfo"].is_object())
            .collect()
    };
    let a = plain
        .ok(&format!("/api/v2/ob/clusters/{id}/backup/info"))
        .await
        .data();
    let b = e
        .ok(&format!("/api/v2/ob/clusters/{id}/backup/info"))
        .await
        .data();
    assert!(!points(a.clone()).is_empty());
    assert_eq!(points(a), points(b));
}
