//! Past backup activity of one cluster, generated from its strategy: scheduled data backups
//! (with one failure where the seed asks for it), manual ones, and log archive rounds (with a
//! gap where asked). Deterministic for a given origin.
//!
//! A later engine will produce this by running the emulator's scheduler over the past week;
//! the records it has to produce are the same.

use crate::records::{at_us, ClusterRecord, DataTaskRecord, LogTaskRecord, StrategyRecord};
use chrono::{DateTime, Duration, Utc};
use ocp_model::schedule::next_runs;
use ocp_model::{
    BackupMode, DataBackupMode, DataBackupStatus, DataBackupTask, LogBackupStatus, LogBackupTask,
};

/// How far back scheduled history starts. More than seven days, so that the seven days the
/// console shows always begin with a full backup to build on.
pub const HISTORY_DAYS: i64 = 10;

/// A small deterministic generator (SplitMix64): the seed must not depend on any crate's
/// choice of algorithm.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
    }
    /// A duration of `lo..hi` seconds, with microseconds.
    pub fn seconds(&mut self, lo: f64, hi: f64) -> i64 {
        (self.range(lo, hi) * 1e6) as i64
    }
}

/// Which scheduled run fails.
#[derive(Clone, Debug)]
pub struct FailureSpec {
    pub kind: DataBackupMode,
    /// 0 = the newest run of that kind.
    pub nth_from_end: usize,
    pub error: &'static str,
}

/// A stop in log archiving: the round running then ends, a new one starts later.
#[derive(Clone, Debug)]
pub struct GapSpec {
    /// The gap closes this long before the newest successful full backup starts, so that
    /// backup anchors a second recoverable window (the one before anchors the first).
    pub hours_before_full: f64,
    pub length_hours: f64,
    pub status: LogBackupStatus,
    pub error: &'static str,
}

#[derive(Clone, Debug)]
pub struct HistorySpec {
    /// Size of a full backup; incrementals are a few percent of it.
    pub full_size_gb: f64,
    pub first_backup_set_id: i64,
    /// Major freeze version at the start of history.
    pub first_data_version: i64,
    /// When the archive round running at the start of history began.
    pub log_since_days: f64,
    /// Typical lag of log archiving, seconds.
    pub log_base_delay: f64,
    pub agent_server_ip: Option<&'static str>,
    pub failure: Option<FailureSpec>,
    pub gap: Option<GapSpec>,
    /// Manual ("backup now") full backups, hours before the origin.
    pub manual_full_hours_ago: Vec<f64>,
    /// Scheduling was paused this many days before the origin.
    pub paused_days_ago: Option<f64>,
}

/// Next free ids, shared by every cluster of the seed.
#[derive(Clone, Debug)]
pub struct Ids {
    pub data_task: i64,
    pub log_task: i64,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    pub data: Vec<DataTaskRecord>,
    pub logs: Vec<LogTaskRecord>,
    /// Start times of the manual backups (for their OCP tasks), microseconds.
    pub manual_starts_us: Vec<(i64, i64)>,
}

/// A backup about to be recorded.
struct Run {
    kind: DataBackupMode,
    start_us: i64,
    duration_us: i64,
    size_bytes: u64,
    manual: bool,
}

const GB: f64 = 1024.0 * 1024.0 * 1024.0;
const US_PER_HOUR: i64 = 3_600_000_000;

pub fn generate(
    spec: &HistorySpec,
    cluster: &ClusterRecord,
    strategy: &StrategyRecord,
    origin: DateTime<Utc>,
    ids: &mut Ids,
) -> History {
    let mut rng = Rng::new(0x0CE0_BACC ^ cluster.id() as u64);
    let origin_us = origin.timestamp_micros();
    let history_start = origin - Duration::days(HISTORY_DAYS);
    let s = &strategy.strategy;
    let mode = s.backup_mode.clone().unwrap_or(BackupMode::Physical);
    let cfg = &s.ob_backup_schedule_config;
    let uri = s
        .ob_backup_service_storage_config
        .ob_backup_storage_base_info
        .as_ref()
        .map(|b| b.uri());
    let paused_us = spec
        .paused_days_ago
        .map(|d| origin_us - (d * 24.0 * US_PER_HOUR as f64) as i64);

    // Scheduled runs, then manual ones, in time order.
    let mut runs: Vec<Run> = Vec::new();
    if let (Some(sched_mode), Some(days), Some(time)) = (
        cfg.backup_schedule_mode.as_ref(),
        cfg.day_and_data_backup_model_map.as_ref(),
        cfg.backup_schedule_time,
    ) {
        for r in next_runs(sched_mode, days, time, history_start, 64) {
            let at_us = r.at.timestamp_micros();
            if at_us >= origin_us || paused_us.is_some_and(|p| at_us >= p) {
                continue;
            }
            // OB starts a scheduled backup a few seconds after its time.
            let start = at_us + rng.seconds(2.0, 40.0);
            runs.push(new_run(&mut rng, spec, r.kind, start, false));
        }
    }
    for h in &spec.manual_full_hours_ago {
        let start = origin_us - (h * US_PER_HOUR as f64) as i64;
        runs.push(new_run(&mut rng, spec, DataBackupMode::Full, start, true));
    }
    runs.sort_by_key(|r| r.start_us);
    // A run still going at the origin is left out: only finished history is seeded.
    runs.retain(|r| r.start_us + r.duration_us < origin_us - 60_000_000);

    let failed_index = spec.failure.as_ref().and_then(|f| {
        runs.iter()
            .enumerate()
            .filter(|(_, r)| r.kind == f.kind && !r.manual)
            .rev()
            .nth(f.nth_from_end)
            .map(|(i, _)| i)
    });

    let mut history = History::default();
    let mut set_id = spec.first_backup_set_id;
    let mut last_full_set: Option<i64> = None;
    let offset = cluster.offset();
    for (i, run) in runs.iter().enumerate() {
        // OB refuses an incremental backup with no full backup to build on.
        if run.kind == DataBackupMode::Incremental && last_full_set.is_none() {
            continue;
        }
        let failed = failed_index == Some(i);
        let task_id = ids.data_task;
        ids.data_task += 1;
        let backup_set_id = set_id;
        set_id += 1;
        let (finish_us, status, error_msg, size) = if failed {
            // It fails part-way through.
            let finish = run.start_us + run.duration_us / 3;
            let error = spec.failure.as_ref().map(|f| f.error.to_owned());
            (finish, DataBackupStatus::Failed, error, 0)
        } else {
            (
                run.start_us + run.duration_us,
                DataBackupStatus::Done,
                None,
                run.size_bytes,
            )
        };
        let full_backup_set_id = match run.kind {
            DataBackupMode::Full => None,
            _ => last_full_set,
        };
        if run.kind == DataBackupMode::Full && !failed {
            last_full_set = Some(backup_set_id);
        }
        let day = (run.start_us - history_start.timestamp_micros()) / (24 * US_PER_HOUR);
        let task = DataBackupTask {
            task_id,
            backup_set_id: Some(backup_set_id),
            data_backup_task_type: run.kind.clone(),
            backup_mode: Some(mode.clone()),
            status,
            start_time: Some(at_us(run.start_us, offset)),
            finish_time: Some(at_us(finish_us, offset)),
            error_msg,
            data_version: Some(spec.first_data_version + day),
            // A schema version is the microsecond timestamp of the last DDL.
            schema_version: Some(origin_us - 3 * 24 * US_PER_HOUR - 417_211_337),
            backup_uri: uri.clone(),
            cluster_id: Some(cluster.id()),
            cluster_name: Some(cluster.cluster.name.clone()),
            ob_cluster_id: cluster.cluster.ob_cluster_id,
            cluster_type: cluster.cluster.cluster_type.clone(),
            tenant_id: Some(0),
            ob_tenant_id: None,
            tenant_name: None,
            data_secondary_backup_task_ids: Vec::new(),
        };
        if run.manual {
            history.manual_starts_us.push((task_id, run.start_us));
        }
        history.data.push(DataTaskRecord {
            cluster_id: cluster.id(),
            task,
            full_backup_set_id,
            size_bytes: size,
            start_us: run.start_us,
            finish_us: Some(finish_us),
            freeze_us: Some(run.start_us + rng.seconds(1.0, 6.0)),
        });
    }

    history.logs = log_rounds(
        spec,
        cluster,
        &mode,
        uri,
        &history.data,
        origin_us,
        ids,
        &mut rng,
    );
    history
}

fn new_run(
    rng: &mut Rng,
    spec: &HistorySpec,
    kind: DataBackupMode,
    start_us: i64,
    manual: bool,
) -> Run {
    let gb = match kind {
        DataBackupMode::Full => spec.full_size_gb * rng.range(0.97, 1.03),
        _ => spec.full_size_gb * rng.range(0.04, 0.09),
    };
    // About 0.5 GB/s plus a fixed preparation time.
    let seconds = gb * 2.0 + rng.range(60.0, 240.0);
    Run {
        kind,
        start_us,
        duration_us: (seconds * 1e6) as i64 + rng.seconds(0.0, 1.0),
        size_bytes: (gb * GB) as u64,
        manual,
    }
}

/// The archive rounds: one running since `log_since_days`, or with a gap, a stopped round
/// up to the gap and a running one after it.
#[allow(clippy::too_many_arguments)]
fn log_rounds(
    spec: &HistorySpec,
    cluster: &ClusterRecord,
    mode: &BackupMode,
    uri: Option<String>,
    data: &[DataTaskRecord],
    origin_us: i64,
    ids: &mut Ids,
    rng: &mut Rng,
) -> Vec<LogTaskRecord> {
    let offset = cluster.offset();
    let since_us = origin_us - (spec.log_since_days * 24.0 * US_PER_HOUR as f64) as i64;
    let row = |create_us: i64, status: LogBackupStatus| LogBackupTask {
        create_time: Some(at_us(create_us, offset)),
        modify_time: None,
        checkpoint: None,
        delay: None,
        status,
        backup_mode: Some(mode.clone()),
        backup_uri: uri.clone(),
        agent_server_ip: spec.agent_server_ip.map(str::to_owned),
        error_msg: None,
        cluster_id: Some(cluster.id()),
        cluster_name: Some(cluster.cluster.name.clone()),
        ob_cluster_id: cluster.cluster.ob_cluster_id,
        tenant_id: Some(0),
        ob_tenant_id: None,
        tenant_name: None,
    };
    let mut out = Vec::new();
    let mut running_since = since_us;
    if let Some(gap) = &spec.gap {
        let mut fulls: Vec<(i64, i64)> = data
            .iter()
            .filter(|d| {
                d.task.data_backup_task_type == DataBackupMode::Full
                    && d.task.status == DataBackupStatus::Done
            })
            .filter_map(|d| d.finish_us.map(|f| (d.start_us, f)))
            .collect();
        fulls.sort();
        let (gap_start, gap_end) = match fulls.as_slice() {
            [.., (_, older_finish), (newer_start, _)] => {
                let end = newer_start - (gap.hours_before_full * US_PER_HOUR as f64) as i64;
                let start = end - (gap.length_hours * US_PER_HOUR as f64) as i64;
                // Keep the older full backup inside the archive before the gap.
                let start = start.max(older_finish + US_PER_HOUR);
                (start, end.max(start + 60_000_000))
            }
            _ => (origin_us - 48 * US_PER_HOUR, origin_us - 45 * US_PER_HOUR),
        };
        let mut stopped = row(since_us, gap.status.clone());
        let delay = spec.log_base_delay * rng.range(0.8, 1.6);
        stopped.checkpoint = Some(at_us(gap_start, offset));
        stopped.delay = Some((delay * 10_000.0).round() / 10_000.0);
        stopped.modify_time = Some(at_us(gap_start + rng.seconds(30.0, 90.0), offset));
        stopped.error_msg = Some(gap.error.to_owned());
        out.push(LogTaskRecord {
            id: ids.log_task,
            cluster_id: cluster.id(),
            task: stopped,
            create_us: since_us,
            checkpoint_us: Some(gap_start),
            base_delay_seconds: spec.log_base_delay,
        });
        ids.log_task += 1;
        running_since = gap_end;
    }
    out.push(LogTaskRecord {
        id: ids.log_task,
        cluster_id: cluster.id(),
        task: row(running_since, LogBackupStatus::Running),
        create_us: running_since,
        checkpoint_us: None,
        base_delay_seconds: spec.log_base_delay,
    });
    ids.log_task += 1;
    out
}
