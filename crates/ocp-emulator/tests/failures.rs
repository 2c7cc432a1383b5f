//! The world breaks by itself: restores fail at `--failure-rate`, log archiving breaks at
//! `--log-break-rate` and restarts; windows follow (ocp-api.md 2.5–2.7, 4). The world is
//! advanced directly (`advance_to`): nothing here waits on real time.

mod common;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use common::*;
use ocp_model::cluster::{SubtaskStatus, TaskStatus};
use ocp_model::{
    BackupInfo, LogBackupStatus, LogBackupTask, Paged, RestoreStatus, RestoreTask, TaskInstance,
    Tenant, TenantStatus, TimeInterval,
};
use serde_json::{json, Value};

const C_BJ: i64 = 1000003;
const C_NONE: i64 = 1000006;
const T_MEMBER: i64 = 1000302;

fn path(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/{rest}")
}

fn with(failure_rate: f64, log_break_rate: f64) -> Emu {
    emu_opts(
        origin(),
        ocp_emulator::Options {
            time_scale: 0.0,
            failure_rate,
            log_break_rate,
            ..ocp_emulator::Options::default()
        },
    )
}

fn restore_body(at: Option<&str>, name: &str) -> String {
    let mut body = json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "backupClusterId": C_BJ, "backupTenantId": T_MEMBER, "restoreClusterId": C_NONE,
            "restoreTenantInfoParam": {
                "name": name, "primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL",
                    "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}]
            }
        }
    });
    if let Some(at) = at {
        body["restoreOnlineTenantRequiredParam"]["restoreEndTime"] = json!(at);
    }
    body.to_string()
}

fn fixed8() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

async fn info(e: &Emu, id: i64) -> BackupInfo {
    let start = ocp_model::StampTime::new(
        (e.app.clock.now() - Duration::days(30)).with_timezone(&fixed8()),
    )
    .to_wire()
    .replace('+', "%2B");
    e.ok(&path(id, &format!("info?startTime={start}")))
        .await
        .decode()
}

async fn windows(e: &Emu, id: i64) -> Vec<TimeInterval> {
    info(e, id).await.ob_recoverable_info_aggregation.windows()
}

/// A point inside the newest window of ob-prod-bj's tenant `member`.
async fn point_in_window(e: &Emu) -> String {
    let info = info(e, C_BJ).await;
    let t = info
        .tenant_backup_infos
        .iter()
        .find(|t| t.tenant_name == "member")
        .unwrap();
    let w = *t.ob_recoverable_info_aggregation.windows().last().unwrap();
    let at = w.end_time.datetime() - Duration::hours(2);
    assert!(w.contains_micros(at.timestamp_micros()));
    ocp_model::StampTime::new(at).to_wire()
}

/// Starts a restore of `member` into ob-test-sh and runs it to its end in 5 s steps; the OCP
/// job's id and every status the row showed, in order.
async fn run_restore(e: &Emu, name: &str) -> (i64, Vec<RestoreStatus>, RestoreTask) {
    let at = point_in_window(e).await;
    let r = e
        .send(
            "POST",
            &path(C_NONE, "restore"),
            Some(&restore_body(Some(&at), name)),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let job = r.data()["backupObjectOpsResultList"][0]["taskIdList"][0]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", r.body));
    let mut seen: Vec<RestoreStatus> = Vec::new();
    for _ in 0..5000 {
        let rows: Paged<RestoreTask> = e.ok(&path(C_NONE, "task/restoreTasks")).await.decode();
        let row = rows
            .contents
            .into_iter()
            .find(|r| r.ocp_job_id == Some(job))
            .unwrap();
        if seen.last() != Some(&row.status) {
            seen.push(row.status.clone());
        }
        if row.finished {
            return (job, seen, row);
        }
        e.advance(Duration::seconds(5));
    }
    panic!("the restore never finished: {seen:?}");
}

async fn tenant(e: &Emu, cluster: i64, name: &str) -> Option<Tenant> {
    let t: Paged<Tenant> = e
        .ok(&format!("/api/v2/ob/clusters/{cluster}/tenants"))
        .await
        .decode();
    t.contents.into_iter().find(|t| t.name == name)
}

#[tokio::test]
async fn with_failure_rate_one_a_restore_fails_on_a_step_and_leaves_a_restoring_tenant() {
    let e = with(1.0, 0.0);
    let (job, seen, row) = run_restore(&e, "member_fail").await;
    // The row.
    assert!(row.finished);
    assert!(!row.successful);
    assert_eq!(row.status, RestoreStatus::Fail);
    assert!(row.finish_time.is_some());
    let msg = row.error_msg.clone().unwrap();
    for c in ["\"", "<", ">", "\n", "ret=-"] {
        assert!(msg.contains(c), "{c:?} missing from {msg:?}");
    }
    assert_eq!(seen.last(), Some(&RestoreStatus::Fail));
    // The steps for OB 4.x, in order, up to the one that failed.
    let steps = [
        RestoreStatus::Pre,
        RestoreStatus::CreateTenant,
        RestoreStatus::CreateInitLs,
        RestoreStatus::WaitLs,
        RestoreStatus::PostCheck4,
        RestoreStatus::WaitTenantRestoreFinish,
    ];
    let failed_step = seen[seen.len() - 2].clone();
    let at = steps.iter().position(|s| *s == failed_step).unwrap();
    assert!(at >= 2, "fails after the tenant was created: {seen:?}");
    // Its OCP task failed on that step: the ones before succeeded, the ones after never ran.
    let t: TaskInstance = e
        .ok(&format!("/api/v2/tasks/instances/{job}"))
        .await
        .decode();
    assert_eq!(t.status, TaskStatus::Failed);
    assert_eq!(t.subtasks.len(), steps.len());
    for (i, s) in t.subtasks.iter().enumerate() {
        let want = match i.cmp(&at) {
            std::cmp::Ordering::Less => SubtaskStatus::Successful,
            std::cmp::Ordering::Equal => SubtaskStatus::Failed,
            std::cmp::Ordering::Greater => SubtaskStatus::Pending,
        };
        assert_eq!(s.status, want, "subtask {i}: {:?}", t.subtasks);
    }
    // The failed subtask's log ends with the row's raw text.
    let log = e
        .ok(&format!(
            "/api/v2/tasks/instances/{job}/subtasks/{}/log",
            t.subtasks[at].id
        ))
        .await;
    assert!(
        log.data()["log"].as_str().unwrap().contains(&msg),
        "{}",
        log.body
    );
    // The target tenant stays behind, RESTORING; its name is taken.
    let tn = tenant(&e, C_NONE, "member_fail")
        .await
        .expect("tenant stays");
    assert_eq!(tn.status, Some(TenantStatus::Restoring));
    let at = point_in_window(&e).await;
    let r = e
        .send(
            "POST",
            &path(C_NONE, "restore"),
            Some(&restore_body(Some(&at), "member_fail")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.error_code(), "BAK42005");
}

#[tokio::test]
async fn with_failure_rate_zero_a_restore_succeeds() {
    let e = with(0.0, 0.0);
    let (job, _, row) = run_restore(&e, "member_ok").await;
    assert!(row.finished && row.successful, "{row:?}");
    assert_eq!(row.status, RestoreStatus::Success);
    assert_eq!(row.error_msg, None);
    let t: TaskInstance = e
        .ok(&format!("/api/v2/tasks/instances/{job}"))
        .await
        .decode();
    assert_eq!(t.status, TaskStatus::Successful);
    let tn = tenant(&e, C_NONE, "member_ok").await.unwrap();
    assert_eq!(tn.status, Some(TenantStatus::Normal));
}

#[tokio::test]
async fn failed_restores_are_the_same_for_the_seed() {
    let a = with(0.5, 0.0);
    let b = with(0.5, 0.0);
    let mut outcomes = Vec::new();
    for e in [&a, &b] {
        let mut v = Vec::new();
        for n in 0..4 {
            let (_, seen, row) = run_restore(e, &format!("m{n}")).await;
            v.push((seen, row.successful, row.error_msg));
        }
        outcomes.push(v);
    }
    assert_eq!(outcomes[0], outcomes[1]);
    // At a rate of 0.5 this seed fails some and not others.
    let failed = outcomes[0].iter().filter(|o| !o.1).count();
    assert!(failed > 0 && failed < 4, "{:?}", outcomes[0]);
}

#[tokio::test]
async fn a_restore_outside_every_window_or_without_a_point_is_refused() {
    let e = emu();
    // Without restoreEndTime: 400, naming the field.
    let r = e
        .send(
            "POST",
            &path(C_NONE, "restore"),
            Some(&restore_body(None, "no_point")),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.error_code(), "BAK10002");
    let fields: Vec<String> = r.json()["error"]["subErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        vec!["restoreOnlineTenantRequiredParam.restoreEndTime"]
    );
    assert_eq!(r.json()["successful"], false);
    // Before the first window, and in the future: 400, the point named.
    let first = windows(&e, C_BJ).await[0];
    for at in [
        first.start_time.datetime() - Duration::seconds(1),
        e.app.clock.now().with_timezone(&fixed8()) + Duration::days(1),
    ] {
        let r = e
            .send(
                "POST",
                &path(C_NONE, "restore"),
                Some(&restore_body(
                    Some(&ocp_model::StampTime::new(at).to_wire()),
                    "outside",
                )),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert_eq!(r.error_code(), "BAK10002", "{}", r.body);
        assert_eq!(
            r.json()["error"]["subErrors"][0]["field"],
            "restoreOnlineTenantRequiredParam.restoreEndTime"
        );
    }
    let rows: Paged<RestoreTask> = e.ok(&path(C_NONE, "task/restoreTasks")).await.decode();
    assert!(rows
        .contents
        .iter()
        .all(|r| r.restore_tenant_name.as_deref() != Some("outside")));
}

/// A strategy for ob-test-sh: a full backup every day at 02:00 +08:00, log backup on.
fn daily_full() -> String {
    let every_day: Value = (1..=7)
        .map(|d| (d.to_string(), json!("FULL_BACKUP")))
        .collect::<serde_json::Map<_, _>>()
        .into();
    json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {
            "backupScheduleMode": "WEEK", "backupScheduleEnabled": true,
            "backupScheduleTime": "02:00:00.000+08:00", "dayAndDataBackupModelMap": every_day,
            "startLogBackup": true, "cleanEnabled": true, "backupDataRetentionDays": 30,
            "cleanScheduleTime": "04:00:00.000+08:00"
        },
        "obBackupServiceStorageConfig": {"configName": "test_nfs",
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/t/"}}
    })
    .to_string()
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

async fn log_rounds(e: &Emu, id: i64) -> Vec<LogBackupTask> {
    let p: Paged<LogBackupTask> = e
        .ok(&path(id, "task/logBackupTasks?size=2000"))
        .await
        .decode();
    let mut v = p.contents;
    v.reverse();
    v
}

fn utc(t: impl Into<DateTime<FixedOffset>>) -> DateTime<Utc> {
    t.into().with_timezone(&Utc)
}

/// Full backups' recoverable times of a cluster, from `/backup/info`.
fn full_points(info: &BackupInfo) -> Vec<DateTime<Utc>> {
    let v = serde_json::to_value(&info.ob_recoverable_info_aggregation).unwrap();
    v["latestSevenDaysAggregation"]["obRecoverableSectionItems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["obRecoverableSectionItemType"] == "FULL_DATA_BACKUP")
        .map(|i| {
            DateTime::parse_from_rfc3339(
                i["dataBackupRecoverableInfo"]["recoverableTime"]
                    .as_str()
                    .unwrap(),
            )
            .unwrap()
            .with_timezone(&Utc)
        })
        .collect()
}

#[tokio::test]
async fn log_archiving_breaks_restarts_and_the_next_window_starts_at_the_next_full_backup() {
    let e = with(0.0, 0.5);
    let r = e
        .send(
            "POST",
            &path(C_NONE, "config/backupStrategy"),
            Some(&daily_full()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    run_for(&e, Duration::days(7));
    let rounds = log_rounds(&e, C_NONE).await;
    let broken: Vec<usize> = rounds
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == LogBackupStatus::Interrupted)
        .map(|(i, _)| i)
        .collect();
    assert!(!broken.is_empty(), "{rounds:?}");
    // Archiving carries on: the newest round runs.
    assert_eq!(rounds.last().unwrap().status, LogBackupStatus::Running);
    let info = info(&e, C_NONE).await;
    let wins = info.ob_recoverable_info_aggregation.windows();
    let fulls = full_points(&info);
    let mut anchored = 0;
    for &i in &broken {
        let b = &rounds[i];
        let msg = b.error_msg.as_deref().unwrap();
        for c in ["\"", "<", ">", "\n", "ret=-"] {
            assert!(msg.contains(c), "{c:?} missing from {msg:?}");
        }
        let broke_at = utc(b.modify_time.unwrap().datetime());
        let frozen = utc(b.checkpoint.unwrap().datetime());
        assert!(frozen <= broke_at);
        // The next round starts after a pause of 10 to 30 minutes.
        let next = &rounds[i + 1];
        let restarted = utc(next.create_time.unwrap().datetime());
        let pause = restarted - broke_at;
        assert!(
            pause >= Duration::minutes(10) && pause <= Duration::minutes(30),
            "{pause}"
        );
        // Nothing in the gap, nor between the restart and the next full backup, is
        // recoverable.
        let round_end = next
            .checkpoint
            .map(|c| utc(c.datetime()))
            .unwrap_or(restarted);
        let anchor = fulls
            .iter()
            .filter(|f| **f >= restarted && **f <= round_end)
            .min()
            .copied();
        let dead_until = anchor.unwrap_or(round_end);
        for t in [
            frozen + Duration::seconds(1),
            broke_at,
            restarted,
            restarted + (dead_until - restarted) / 2,
            dead_until - Duration::microseconds(1),
        ] {
            if t <= frozen {
                continue;
            }
            assert!(
                wins.iter()
                    .all(|w| !w.contains_micros(t.timestamp_micros())),
                "{t} is recoverable: {wins:?}"
            );
        }
        // The window after the break starts at that full backup's recoverable time.
        if let Some(a) = anchor {
            assert!(
                wins.iter()
                    .any(|w| utc(w.start_time.datetime()) == a && utc(w.end_time.datetime()) >= a),
                "no window starts at {a}: {wins:?}"
            );
            anchored += 1;
        }
    }
    assert!(anchored >= 1, "no break was followed by a full backup");
    // The window before the first break ends at its frozen checkpoint (which the log row
    // gives to the millisecond).
    let first = &rounds[broken[0]];
    let frozen = utc(first.checkpoint.unwrap().datetime());
    assert!(
        wins.iter()
            .any(|w| w.end_time.datetime().timestamp_millis() == frozen.timestamp_millis()),
        "{frozen}: {wins:?}"
    );
}

#[tokio::test]
async fn log_breaks_are_the_same_for_the_seed_whatever_the_tick_size() {
    let a = with(0.0, 0.8);
    let b = with(0.0, 0.8);
    for e in [&a, &b] {
        let r = e
            .send(
                "POST",
                &path(C_NONE, "config/backupStrategy"),
                Some(&daily_full()),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    a.app.advance_to(origin() + Duration::days(5)).unwrap();
    run_for(&b, Duration::days(5));
    let mut breaks = 0;
    for id in [C_NONE, C_BJ] {
        for p in [path(id, "task/logBackupTasks?size=2000"), path(id, "info")] {
            let (x, y) = (a.ok(&p).await.data(), b.ok(&p).await.data());
            assert_eq!(x, y, "{p}");
        }
        breaks += log_rounds(&a, id)
            .await
            .iter()
            .filter(|r| r.status == LogBackupStatus::Interrupted)
            .count();
    }
    assert!(breaks >= 1);
}

#[tokio::test]
async fn with_log_break_rate_zero_nothing_breaks() {
    let e = with(0.0, 0.0);
    run_for(&e, Duration::days(5));
    for id in [C_BJ, 1000001, 1000005] {
        let rounds = log_rounds(&e, id).await;
        let since = rounds
            .iter()
            .filter(|r| utc(r.create_time.unwrap().datetime()) > origin())
            .count();
        assert_eq!(since, 0, "{rounds:?}");
        assert_eq!(rounds.last().unwrap().status, LogBackupStatus::Running);
    }
}
