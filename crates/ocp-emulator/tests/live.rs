//! The real binary, live: at `--time-scale 600` a strategy created through the API backs up
//! on its day, the overview and windows move, a restore inside a window succeeds; and after
//! `kill -9` in the middle of a stream of writes, every acknowledged write is still there.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ocp-emulator");
const PW: &str = "live-test-pw";
const C_HZ: i64 = 1000001;
const C_SH: i64 = 1000002;
const C_NONE: i64 = 1000006;

struct Running(Child, String);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(db: &std::path::Path, scale: &str) -> Running {
    let child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--time-scale",
            scale,
            "--password",
            PW,
            "--db",
        ])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed and reaped on drop, whatever happens next.
    let mut running = Running(child, String::new());
    let stdout = running.0.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(url) = line.strip_prefix("Console:  ") {
            running.1 = url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned();
            // Keep reading stdout so the child never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines {});
            return running;
        }
    }
    panic!("the emulator did not start");
}

/// One request on a fresh connection: (status, body). `None` when the server is gone.
fn http(host: &str, method: &str, path: &str, body: Option<&str>) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(host).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    let auth = base64(&format!("admin:{PW}"));
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Basic {auth}\r\n\
         Content-Type: application/json\r\nX-OBC-Console: 1\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.get(9..12)?.parse().ok()?;
    let (_, body) = out.split_once("\r\n\r\n")?;
    Some((status, body.to_owned()))
}

fn base64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn get(host: &str, path: &str) -> Value {
    let (status, body) = http(host, "GET", path, None).expect("server answers");
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str::<Value>(&body).unwrap()["data"].clone()
}

fn backup(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}/backup/{rest}")
}

fn millis(v: &Value) -> i64 {
    ocp_model::StampTime::parse(v.as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

fn wait_for<T>(what: &str, secs: u64, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn at_600x_a_new_strategy_backs_up_the_overview_moves_and_a_restore_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let emu = start(&dir.path().join("live.sqlite"), "600");
    let h = emu.1.as_str();
    let t0 = Instant::now();
    let now = ocp_model::StampTime::parse(get(h, "/api/v2/time").as_str().unwrap()).unwrap();
    // Every day, twenty emulated minutes from now (two real seconds), in +08:00.
    let at = now.datetime() + chrono::Duration::minutes(20);
    let time = format!("{}:00.000+08:00", at.format("%H:%M"));
    let days: serde_json::Map<String, Value> = (1..=7)
        .map(|d| (d.to_string(), json!("FULL_BACKUP")))
        .collect();
    let body = json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleEnabled": true,
            "backupScheduleTime": time, "dayAndDataBackupModelMap": days, "startLogBackup": true,
            "cleanEnabled": true, "backupDataRetentionDays": 7, "cleanScheduleTime": "04:00:00.000+08:00"},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 720, "noSuccessfulDataBackupAlarmDays": 3, "logBackupDelaySeconds": 300},
        "obBackupServiceStorageConfig": {"configName": "live_nfs",
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/live/"}}
    })
    .to_string();
    let (status, reply) = http(
        h,
        "POST",
        &backup(C_NONE, "config/backupStrategy"),
        Some(&body),
    )
    .unwrap();
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        get(h, &backup(C_NONE, "overview"))["backupScheduleStatus"],
        "WAITING"
    );

    // The scheduled run fires on its day at its time and finishes.
    let done = wait_for("a scheduled full backup", 30, || {
        let rows = get(h, &backup(C_NONE, "task/dataBackupTasks"));
        rows["contents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["status"] == "DONE")
            .cloned()
    });
    let started = millis(&done["startTime"]);
    let slot = at.timestamp_millis() / 60_000 * 60_000;
    assert!((slot..slot + 41_000).contains(&started), "{done}");
    eprintln!("scheduled full backup DONE after {:?} real", t0.elapsed());
    let o1 = get(h, &backup(C_NONE, "overview"));
    assert_eq!(o1["backupScheduleStatus"], "NORMAL");
    assert_eq!(
        millis(&o1["lastDataBackupTime"]),
        millis(&done["finishTime"])
    );
    let rpo = |o: &Value| {
        let now = millis(&get(h, "/api/v2/time"));
        now - millis(&o["latestLogBackupCheckpoint"])
    };
    assert!(rpo(&o1) < 5 * 60_000, "{o1}");
    let windows = || {
        let info = get(h, &backup(C_NONE, "info"));
        info["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]
            ["obRecoverableSectionItems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["obRecoverableSectionItemType"] == "RECOVERABLE")
            .map(|i| {
                let iv = &i["realRecoverableTimeInterval"];
                (millis(&iv["startTime"]), millis(&iv["endTime"]))
            })
            .collect::<Vec<_>>()
    };
    let w1 = wait_for("a window", 10, || windows().last().copied());
    std::thread::sleep(Duration::from_millis(1500));
    let o2 = get(h, &backup(C_NONE, "overview"));
    let w2 = *windows().last().unwrap();
    // The checkpoint (RPO stays small) and the window move with the clock.
    assert!(
        millis(&o2["latestLogBackupCheckpoint"]) - millis(&o1["latestLogBackupCheckpoint"])
            > 5 * 60_000
    );
    assert!(rpo(&o2) < 5 * 60_000);
    assert_eq!(w2.0, w1.0);
    assert!(w2.1 - w1.1 > 5 * 60_000, "{w1:?} {w2:?}");

    // A restore to a point inside the window succeeds and creates the tenant.
    let point = ocp_model::StampTime::from_millis(w2.1 - 60_000, ocp_model::time::offset_hours(8))
        .unwrap()
        .to_wire();
    let body = json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {"backupClusterId": C_NONE, "backupTenantId": 1000601,
            "restoreClusterId": C_NONE, "restoreEndTime": point,
            "restoreTenantInfoParam": {"name": "qa_restored", "primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}]}}
    })
    .to_string();
    let (status, reply) = http(h, "POST", &backup(C_NONE, "restore"), Some(&body)).unwrap();
    assert_eq!(status, 200, "{reply}");
    let t1 = Instant::now();
    let row = wait_for("the restore to finish", 30, || {
        let rows = get(h, &backup(C_NONE, "task/restoreTasks"));
        let r = rows["contents"][0].clone();
        (r["finished"] == true).then_some(r)
    });
    assert_eq!(row["status"], "RESTORE_SUCCESS", "{row}");
    eprintln!("restore finished after {:?} real", t1.elapsed());
    let tenants = get(h, &format!("/api/v2/ob/clusters/{C_NONE}/tenants"));
    assert!(tenants["contents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "qa_restored"));
    eprintln!("whole scenario {:?} real", t0.elapsed());
}

#[test]
fn kill_9_during_a_stream_of_writes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("durable.sqlite");
    let emu = start(&db, "60");
    let host = emu.1.clone();
    let acked_tasks = Arc::new(Mutex::new(Vec::<i64>::new()));
    let acked_days = Arc::new(Mutex::new(0u32));
    let last_time = Arc::new(Mutex::new(0i64));
    let writer = {
        let (tasks, days, time) = (acked_tasks.clone(), acked_days.clone(), last_time.clone());
        std::thread::spawn(move || {
            for i in 1u32.. {
                let (method, path, body) = match i % 3 {
                    0 => (
                        "POST",
                        backup(C_HZ, "config/backupStrategy/stopSchedule"),
                        None,
                    ),
                    1 => (
                        "POST",
                        backup(C_HZ, "config/backupStrategy/startSchedule"),
                        None,
                    ),
                    _ => (
                        "PATCH",
                        backup(C_SH, "config/backupStrategy"),
                        Some(format!(
                            r#"{{"obBackupScheduleConfig":{{"backupDataRetentionDays":{}}}}}"#,
                            i + 7
                        )),
                    ),
                };
                let Some((status, reply)) = http(&host, method, &path, body.as_deref()) else {
                    return i;
                };
                if status != 200 {
                    return i;
                }
                let v: Value = serde_json::from_str(&reply).unwrap();
                let id = v["data"]["backupObjectOpsResultList"][0]["taskIdList"][0]
                    .as_i64()
                    .unwrap();
                tasks.lock().unwrap().push(id);
                *time.lock().unwrap() = millis(&v["timestamp"]);
                if body.is_some() {
                    *days.lock().unwrap() = i + 7;
                }
            }
            0
        })
    };
    wait_for("a stream of acknowledged writes", 30, || {
        (acked_tasks.lock().unwrap().len() >= 30).then_some(())
    });
    // SIGKILL mid-stream: no chance to flush or finish anything.
    let mut emu = emu;
    emu.0.kill().unwrap();
    emu.0.wait().unwrap();
    let stopped_at = writer.join().unwrap();
    let tasks = acked_tasks.lock().unwrap().clone();
    let days = *acked_days.lock().unwrap();
    let before = *last_time.lock().unwrap();
    eprintln!(
        "{} writes acknowledged before kill -9 (stopped at write {stopped_at})",
        tasks.len()
    );

    let again = start(&db, "60");
    let h = again.1.as_str();
    for id in &tasks {
        let t = get(h, &format!("/api/v2/tasks/instances/{id}"));
        assert_eq!(t["id"], *id);
    }
    let s = get(h, &backup(C_SH, "config/backupStrategy"));
    let kept = s["obBackupScheduleConfig"]["backupDataRetentionDays"]
        .as_u64()
        .unwrap() as u32;
    // The last acknowledged value, or the one in flight when the process died.
    assert!(kept == days || kept == days + 3, "{kept} vs {days}");
    // The clock did not go back, and tasks under way carry on.
    assert!(millis(&get(h, "/api/v2/time")) >= before);
    let last = tasks.last().unwrap();
    wait_for("the last task to finish after the restart", 20, || {
        let t = get(h, &format!("/api/v2/tasks/instances/{last}"));
        (t["status"] == "SUCCESSFUL").then_some(())
    });
}
