//! The engine: advances the world from one instant to another, deterministically.
//!
//! It is a discrete-event simulation. Events are the schedule's slots (`ocp_model::schedule`),
//! the daily cleanups, the planned transitions of data backups, restores and OCP tasks, and
//! (with `--log-break-rate`) log archive breaks and the restarts after them.
//! Every random choice is drawn from the world's seed and the event's identity (cluster,
//! instant, purpose), never from a running stream, so advancing in one step or in a thousand
//! ticks, before or after a restart, gives the same world. The live emulator ticks it every
//! ~200 ms of real time; the seed runs it over the past days.

use crate::records::{at_us, DataPlan, DataTaskRecord, LogTaskRecord, TaskRecord};
use crate::views;
use crate::world::{Key, World};
use chrono::{DateTime, Utc};
use ocp_model::cluster::{SubtaskStatus, TaskStatus};
use ocp_model::schedule::next_runs;
use ocp_model::time::TimeOfDay;
use ocp_model::{
    BackupMode, BackupScheduleStatus, BackupScope, DataBackupMode, DataBackupStatus,
    DataBackupTask, LogBackupStatus, LogBackupTask, RestoreStatus, Subtask, TaskInstance,
};
use std::collections::{BTreeMap, BTreeSet};

pub const US_PER_SEC: i64 = 1_000_000;
pub const US_PER_HOUR: i64 = 3_600 * US_PER_SEC;
pub const US_PER_DAY: i64 = 24 * US_PER_HOUR;
const GB: f64 = 1024.0 * 1024.0 * 1024.0;
/// Scheduled runs that fail in a row before the schedule reads ABNORMAL.
pub const ABNORMAL_AFTER: u32 = 2;

/// How the engine behaves beyond the rules.
#[derive(Clone, Debug, Default)]
pub struct EngineConfig {
    /// Share of data backups that fail, 0..=1 (drawn from the seed: deterministic).
    pub failure_rate: f64,
    /// Scheduled runs that must fail: (cluster, slot instant in µs) → error text. The seed
    /// uses it to place its one failed backup.
    pub forced_failures: BTreeMap<(i64, i64), String>,
    /// Restores that must fail, by restore id.
    pub forced_restore_failures: BTreeMap<i64, String>,
    /// Log archive breaks (`--log-break-rate`): the probability that a day of a running round
    /// holds a break (see [`log_break_after`]), 0..=1.
    pub log_break_rate: f64,
}

/// The pause after a log archive break before archiving restarts (OCP's log backup
/// inspection notices the interrupted round and starts a new one), seconds.
pub const LOG_RESTART_PAUSE_SECS: (f64, f64) = (600.0, 1800.0);

/// What OceanBase reports when log archiving breaks by itself (`--log-break-rate`).
pub const LOG_BREAK_ERRORS: [&str; 3] = [
    "log archive interrupted, ret=-9003 OB_LOG_ARCHIVE_INTERRUPTED, msg=\"archive log failed\"\n\
     <ObArchiveSender: tenant_id=1002, ls_id=1001, piece_id=12, err=-9102 \"write file failed\">",
    "log archive interrupted, ret=-4012 OB_TIMEOUT, msg=\"send archive task timeout\"\n\
     server=\"10.10.1.12:2882\" <ObArchiveFetcher: round=3, lsn=<lsn:8841203712>>",
    "log archive interrupted, ret=-9060 OB_BACKUP_DEVICE_OUT_OF_SPACE, \
     msg=\"no space left on device: \\\"/backup/archive\\\"\"\n<ObArchiveRoundMgr: round_id=2, state=DOING>",
];

/// What OceanBase reports when a restore fails (`--failure-rate`).
pub const RESTORE_ERRORS: [&str; 3] = [
    "restore tenant failed, ret=-4018 OB_ENTRY_NOT_EXIST, msg=\"No enough log for restore\"\n\
     <ObRestoreScheduler: tenant_id=1004, restore_scn=1700000000000000000, ls_id=1001>",
    "restore tenant failed, ret=-9071 OB_BACKUP_FILE_NOT_EXIST, \
     msg=\"backup file \\\"meta_info_3.obbak\\\" does not exist\"\n<ObBackupIoAdapter: path=/backup/data/backup_set_3>",
    "restore tenant failed, ret=-4012 OB_TIMEOUT, msg=\"wait ls restore finish timeout\"\n\
     server=\"10.10.1.14:2882\" <ObLSRestoreHandler: ls_id=1002, status=RESTORE_TABLETS_META>",
];

/// How many days ahead one look for the next log break searches (a later look searches on).
const LOG_BREAK_HORIZON_DAYS: i64 = 400;

/// The next instant after `after_us` at which a running log round breaks by itself, when
/// `--log-break-rate R` is on. Each emulated day of the round, counted from its start, holds a
/// break with probability `R` at an instant drawn uniformly in that day: a pure function of
/// the seed and the round, so the set of instants is the same whatever the tick size, and a
/// round breaks at the first one the engine reaches while the round runs (rounds already
/// running when the flag is turned on break at their next one).
pub fn log_break_after(
    seed: u64,
    cfg: &EngineConfig,
    l: &LogTaskRecord,
    after_us: i64,
) -> Option<i64> {
    if !l.is_running() || cfg.log_break_rate <= 0.0 {
        return None;
    }
    let k0 = (after_us - l.create_us).max(0) / US_PER_DAY;
    (k0..k0 + LOG_BREAK_HORIZON_DAYS).find_map(|k| {
        let parts = [l.cluster_id, l.id, l.create_us, k, 0x10B];
        if chance(seed, &parts) >= cfg.log_break_rate {
            return None;
        }
        let within =
            (chance(seed, &[l.cluster_id, l.id, l.create_us, k, 0x10E]) * US_PER_DAY as f64) as i64;
        let at = (l.create_us + k * US_PER_DAY + within).max(l.create_us + US_PER_SEC);
        (at > after_us).then_some(at)
    })
}

/// A random number in `[0, 1)` for one purpose of one event: the same inputs, the same number.
pub fn chance(seed: u64, parts: &[i64]) -> f64 {
    let mut z = seed ^ 0x0CE0_BACC_0000_0000;
    for p in parts {
        z = splitmix(z ^ (*p as u64));
    }
    (splitmix(z) >> 11) as f64 / (1u64 << 53) as f64
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `lo..hi` for one purpose of one event.
pub fn between(seed: u64, parts: &[i64], lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * chance(seed, parts)
}

/// The id that names a scope in random draws and forced failures: the tenant's for a tenant
/// scope, the cluster's otherwise (so cluster draws are what they were before tenant scopes).
pub fn owner(scope: BackupScope) -> i64 {
    scope.tenant_id().unwrap_or(scope.cluster_id())
}

fn utc(us: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us).unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// Advances `w` to `to_us`: every event in `(progress, to_us]` happens, in time order.
/// Marks what changed; the caller commits.
///
/// What may happen in that span is gathered once ([`Agenda`]): the slots and cleanups of every
/// strategy, the instants of what is under way. Each event then costs what is under way, not
/// the size of the world, and a tick with nothing due costs one pass over the strategies and
/// the running records (a fleet of 500 clusters ticks five times a second).
pub fn advance(w: &mut World, cfg: &EngineConfig, to_us: i64) {
    let from = w.state.progress_us;
    if to_us > from {
        let mut agenda = Agenda::new(w, cfg, from, to_us);
        while let Some(t) = agenda.times.pop_first() {
            if t <= w.state.progress_us {
                continue;
            }
            let ids = (w.state.ids.task, w.state.ids.log_task);
            let broken = process(w, cfg, t, &mut agenda);
            w.state.progress_us = t;
            w.mark(Key::State);
            agenda.after_event(w, cfg, t, ids, &broken);
        }
    }
    // Quiet time needs no commit: replaying it after a restart finds nothing either.
    w.state.progress_us = w.state.progress_us.max(to_us);
}

/// The instants at which something may happen in `(from, to]`, and the records that may
/// change then. Built from the world at `from`; the records an event creates (a scheduled
/// backup and its task, a restarted log round) join it. Nothing in the engine changes a
/// schedule (only writes do, between advances), so the slots and cleanups found at the start
/// stay true; each is checked again when it comes.
struct Agenda {
    to: i64,
    times: BTreeSet<i64>,
    /// Slots by instant, in scope order (the order the engine fires them in).
    slots: BTreeMap<i64, Vec<(BackupScope, DataBackupMode)>>,
    cleanups: BTreeMap<i64, Vec<BackupScope>>,
    /// Running data backups, unfinished restores, running OCP tasks, and log rounds (running
    /// or waiting to restart): what `process` looks at.
    data: BTreeSet<i64>,
    restores: BTreeSet<i64>,
    tasks: BTreeSet<i64>,
    logs: BTreeSet<i64>,
}

impl Agenda {
    fn new(w: &World, cfg: &EngineConfig, from: i64, to: i64) -> Agenda {
        let mut a = Agenda {
            to,
            times: BTreeSet::new(),
            slots: BTreeMap::new(),
            cleanups: BTreeMap::new(),
            data: BTreeSet::new(),
            restores: BTreeSet::new(),
            tasks: BTreeSet::new(),
            logs: BTreeSet::new(),
        };
        for &scope in w.strategies.keys() {
            let mut after = from;
            while let Some((t, kind)) = next_slot(w, scope, after).filter(|(t, _)| *t <= to) {
                a.slots.entry(t).or_default().push((scope, kind));
                a.times.insert(t);
                after = t;
            }
            let mut after = from;
            while let Some(t) = next_cleanup(w, scope, after).filter(|t| *t <= to) {
                a.cleanups.entry(t).or_default().push(scope);
                a.times.insert(t);
                after = t;
            }
        }
        for d in w.data.values().filter(|d| d.is_active()) {
            a.add_data(d, from);
        }
        for r in w.restores.values().filter(|r| !r.task.finished) {
            a.restores.insert(r.task.id);
            for t in r.steps.iter().map(|(_, t)| *t).chain([r.end_us]) {
                a.offer(t, from);
            }
        }
        for t in w.tasks.values().filter(|t| t.is_active()) {
            a.add_task(t, from);
        }
        for l in w.logs.values() {
            a.add_log(w.state.seed, cfg, l, from);
        }
        a
    }

    fn offer(&mut self, t: i64, after: i64) {
        if t > after && t <= self.to {
            self.times.insert(t);
        }
    }

    fn add_data(&mut self, d: &DataTaskRecord, after: i64) {
        if let Some(p) = &d.plan {
            self.data.insert(d.task.task_id);
            for t in [d.start_us, p.init_us, p.doing_us, p.end_us] {
                self.offer(t, after);
            }
        }
    }

    fn add_task(&mut self, r: &TaskRecord, after: i64) {
        self.tasks.insert(r.task.id);
        for &(a, b) in &r.plan {
            self.offer(a, after);
            self.offer(b, after);
        }
    }

    fn add_log(&mut self, seed: u64, cfg: &EngineConfig, l: &LogTaskRecord, after: i64) {
        let next_break = log_break_after(seed, cfg, l, after);
        if next_break.is_none() && l.restart_us.is_none() {
            return;
        }
        self.logs.insert(l.id);
        for t in next_break.into_iter().chain(l.restart_us) {
            self.offer(t, after);
        }
    }

    /// After the event at `t`: what it created (ids from `before` on) and the rounds it broke
    /// join the agenda.
    fn after_event(
        &mut self,
        w: &World,
        cfg: &EngineConfig,
        t: i64,
        before: (i64, i64),
        broken: &[i64],
    ) {
        let (task_ids, log_ids) = before;
        for id in task_ids..w.state.ids.task {
            if let Some(d) = w.data.get(&id).filter(|d| d.is_active()) {
                self.add_data(d, t);
            }
            if let Some(r) = w.tasks.get(&id).filter(|r| r.is_active()) {
                self.add_task(r, t);
            }
        }
        for id in (log_ids..w.state.ids.log_task).chain(broken.iter().copied()) {
            if let Some(l) = w.logs.get(&id) {
                self.add_log(w.state.seed, cfg, l, t);
            }
        }
    }
}

/// The next scheduled slot of a scope's strategy (a cluster's or a tenant's own, on the same
/// clock) strictly after `after_us`.
fn next_slot(w: &World, scope: BackupScope, after_us: i64) -> Option<(i64, DataBackupMode)> {
    let s = w.strategies.get(&scope)?;
    let c = w.clusters.get(&scope.cluster_id())?;
    let cfg = &s.strategy.ob_backup_schedule_config;
    if c.is_standby() || cfg.backup_schedule_enabled != Some(true) {
        return None;
    }
    let after = after_us.max(s.schedule_from_us);
    let run = next_runs(
        cfg.backup_schedule_mode.as_ref()?,
        cfg.day_and_data_backup_model_map.as_ref()?,
        cfg.backup_schedule_time?,
        utc(after),
        1,
    )
    .into_iter()
    .next()?;
    Some((run.at.timestamp_micros(), run.kind))
}

/// The next cleanup of a scope strictly after `after_us` (daily at `cleanScheduleTime`).
fn next_cleanup(w: &World, scope: BackupScope, after_us: i64) -> Option<i64> {
    let s = w.strategies.get(&scope)?;
    let cfg = &s.strategy.ob_backup_schedule_config;
    if cfg.clean_enabled != Some(true) {
        return None;
    }
    let time: TimeOfDay = cfg.clean_schedule_time.or(cfg.backup_schedule_time)?;
    Some(daily_after(time, after_us))
}

/// The first instant strictly after `after_us` at the time of day `time` (in its own offset):
/// what `next_runs` gives for a schedule of every day, without walking the calendar.
fn daily_after(time: TimeOfDay, after_us: i64) -> i64 {
    use chrono::Timelike;
    let offset_us = i64::from(time.offset.local_minus_utc()) * US_PER_SEC;
    let of_day = i64::from(time.time.num_seconds_from_midnight()) * US_PER_SEC
        + i64::from(time.time.nanosecond() % 1_000_000_000) / 1000;
    let local_day = (after_us + offset_us).div_euclid(US_PER_DAY) * US_PER_DAY;
    let at = local_day + of_day - offset_us;
    if at > after_us {
        at
    } else {
        at + US_PER_DAY
    }
}

/// Everything that happens at `t`; the log rounds that broke.
fn process(w: &mut World, cfg: &EngineConfig, t: i64, agenda: &mut Agenda) -> Vec<i64> {
    // Transitions first (a backup that finishes at t is there for a slot at t), then slots,
    // then cleanups.
    agenda
        .data
        .retain(|id| w.data.get(id).is_some_and(|d| d.is_active()));
    for id in agenda.data.clone() {
        step_data(w, id, t);
    }
    agenda
        .restores
        .retain(|id| w.restores.get(id).is_some_and(|r| !r.task.finished));
    for id in agenda.restores.clone() {
        step_restore(w, id, t);
    }
    agenda
        .tasks
        .retain(|id| w.tasks.get(id).is_some_and(|r| r.is_active()));
    for id in agenda.tasks.clone() {
        if let Some(rec) = w.tasks.get_mut(&id) {
            if materialize_task(rec, t) {
                w.dirty.insert(Key::Task(id));
            }
        }
    }
    let broken = log_breaks(w, cfg, t, &agenda.logs);
    for (scope, kind) in agenda.slots.remove(&t).unwrap_or_default() {
        if next_slot(w, scope, t - 1) == Some((t, kind.clone())) {
            fire_slot(w, cfg, scope, t, kind);
        }
    }
    for scope in agenda.cleanups.remove(&t).unwrap_or_default() {
        if next_cleanup(w, scope, t - 1) == Some(t) {
            cleanup(w, scope, t);
        }
    }
    broken
}

/// Log rounds (of `candidates`) that break at `t` end INTERRUPTED; rounds broken earlier
/// restart when due. Returns the rounds that broke.
fn log_breaks(w: &mut World, cfg: &EngineConfig, t: i64, candidates: &BTreeSet<i64>) -> Vec<i64> {
    let seed = w.state.seed;
    let breaking: Vec<(i64, BackupScope)> = candidates
        .iter()
        .filter_map(|id| w.logs.get(id))
        .filter(|l| log_break_after(seed, cfg, l, t - 1) == Some(t))
        .map(|l| (l.id, l.scope()))
        .collect();
    let broken = breaking.iter().map(|(id, _)| *id).collect();
    for (id, scope) in breaking {
        let cid = owner(scope);
        let i = (chance(seed, &[cid, id, t, 0x10C]) * LOG_BREAK_ERRORS.len() as f64) as usize;
        let error = LOG_BREAK_ERRORS[i.min(LOG_BREAK_ERRORS.len() - 1)].to_owned();
        stop_log(w, scope, t, LogBackupStatus::Interrupted, Some(error));
        let (lo, hi) = LOG_RESTART_PAUSE_SECS;
        let pause = (between(seed, &[cid, id, t, 0x10D], lo, hi) * 1e6) as i64;
        if let Some(rec) = w.logs.get_mut(&id) {
            rec.restart_us = Some(t + pause);
            w.dirty.insert(Key::Log(id));
        }
    }
    let due: Vec<(i64, BackupScope)> = candidates
        .iter()
        .filter_map(|id| w.logs.get(id))
        .filter(|l| l.restart_us == Some(t))
        .map(|l| (l.id, l.scope()))
        .collect();
    for (id, scope) in due {
        if let Some(rec) = w.logs.get_mut(&id) {
            rec.restart_us = None;
            w.dirty.insert(Key::Log(id));
        }
        // Only while the strategy still wants log backup (start_log does nothing when a
        // round already runs, e.g. one a person started during the pause).
        let wanted =
            w.strategies.get(&scope).is_some_and(|s| {
                s.strategy.ob_backup_schedule_config.start_log_backup == Some(true)
            }) && !w
                .clusters
                .get(&scope.cluster_id())
                .is_some_and(|c| c.is_standby());
        if wanted {
            start_log(w, scope, t);
        }
    }
    broken
}

/// A scheduled run starts.
fn fire_slot(w: &mut World, cfg: &EngineConfig, scope: BackupScope, t: i64, kind: DataBackupMode) {
    let forced = cfg.forced_failures.get(&(owner(scope), t)).cloned();
    let seed = w.state.seed;
    let start = t + (between(seed, &[owner(scope), t, 1], 2.0, 40.0) * 1e6) as i64;
    // A scope runs one backup at a time; a tenant's own and its cluster's run side by side.
    let busy = w.data.values().any(|d| d.scope() == scope && d.is_active());
    let refused = if busy {
        Some(
            "start data backup failed, ret=-9032 OB_BACKUP_IN_PROGRESS, \
             msg=\"another backup is in progress\" <tenant_id:1, backup_type:scheduled>"
                .to_owned(),
        )
    } else {
        None
    };
    let id = start_data_backup(
        w,
        cfg,
        DataStart {
            scope,
            kind,
            start_us: start,
            scheduled: true,
            uri: None,
            forced_error: refused.or(forced),
            requested_us: None,
        },
    );
    if let Some(s) = w.strategies.get_mut(&scope) {
        s.runs += 1;
        if s.schedule_status == BackupScheduleStatus::Waiting {
            s.schedule_status = BackupScheduleStatus::Normal;
        }
        w.dirty.insert(Key::Strategy(scope));
    }
    let _ = id;
}

/// What starts a data backup (the schedule or "backup now").
pub struct DataStart {
    /// A cluster backup, or one tenant's (ocp-api.md 2b).
    pub scope: BackupScope,
    pub kind: DataBackupMode,
    pub start_us: i64,
    pub scheduled: bool,
    /// The storage it goes to; the strategy's when `None`.
    pub uri: Option<String>,
    /// Fail with this text (a refused start fails within seconds).
    pub forced_error: Option<String>,
    /// When a person asked for it (backup now): its OCP task starts then, with the checks
    /// before the backup itself. `None` for the schedule's runs.
    pub requested_us: Option<i64>,
}

const BACKUP_ERRORS: [&str; 4] = [
    "backup data failed, ret=-9102, err_msg=\"failed to write macro block to backup destination\", \
     tablet_id=200041, ls_id=1001 <ObBackupDataCtx: turn_id=1, retry_id=2, result=-9102>",
    "backup data failed, ret=-4012 OB_TIMEOUT, msg=\"rpc timeout\", \
     server=\"10.10.1.13:2882\" <ObBackupTaskScheduler: task_type=BACKUP_DATA, retry=3>",
    "backup data failed, ret=-9009 OB_BACKUP_IO_PROHIBITED, \
     msg=\"backup destination is not writable: \\\"permission denied\\\"\" <path:/backup/data>",
    "backup data failed, ret=-4013 OB_ALLOCATE_MEMORY_FAILED, \
     msg=\"no memory for macro block buffer\" <tenant_id:1002, ctx_id=BACKUP>",
];

/// Creates a data backup task that the engine will move along; returns its id, which is also
/// the id of its OCP task instance (`/api/v2/tasks/instances/{id}`): every data backup, from
/// the schedule or from "backup now", is an OCP task whose subtasks follow the backup's status.
pub fn start_data_backup(w: &mut World, cfg: &EngineConfig, s: DataStart) -> i64 {
    let seed = w.state.seed;
    let key = |n: i64| [owner(s.scope), s.start_us, n];
    let cluster_id = s.scope.cluster_id();
    let Some(cluster) = w.clusters.get(&cluster_id).cloned() else {
        return 0;
    };
    let tenant = s.scope.tenant_id().and_then(|t| w.tenants.get(&t)).cloned();
    // A tenant backs up to its own strategy's storage, else its cluster's.
    let strategy = w
        .strategies
        .get(&s.scope)
        .or_else(|| w.strategies.get(&s.scope.cluster()))
        .cloned();
    let mode = views::backup_mode(&cluster, strategy.as_ref());
    let uri = s.uri.clone().or_else(|| {
        strategy.as_ref().and_then(|st| {
            st.strategy
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info
                .as_ref()
                .map(|b| b.uri())
        })
    });
    let full_set = newest_full(w, s.scope, s.start_us);
    let mut error = s.forced_error.clone();
    if error.is_none() && s.kind == DataBackupMode::Incremental && full_set.is_none() {
        error = Some(
            "start incremental backup failed, ret=-9044 OB_BACKUP_CAN_NOT_START, \
             msg=\"no full backup set to build on\" <backup_type:INCREMENTAL>"
                .to_owned(),
        );
    }
    let failure_rate = cluster
        .failure_rate
        .map_or(cfg.failure_rate, |r| r.max(cfg.failure_rate));
    if error.is_none() && chance(seed, &key(2)) < failure_rate {
        let i = (chance(seed, &key(3)) * BACKUP_ERRORS.len() as f64) as usize;
        error = Some(BACKUP_ERRORS[i.min(BACKUP_ERRORS.len() - 1)].to_owned());
    }
    // A tenant holds a share of its cluster's data.
    let share = if tenant.is_some() { 0.3 } else { 1.0 };
    let gb = share
        * match s.kind {
            DataBackupMode::Incremental => {
                cluster.data_size_gb * between(seed, &key(4), 0.04, 0.09)
            }
            _ => cluster.data_size_gb * between(seed, &key(4), 0.97, 1.03),
        };
    // About 0.5 GB/s (logical dumps half that) plus a fixed preparation time.
    let per_gb = if mode == BackupMode::Logical {
        4.0
    } else {
        2.0
    };
    let seconds = gb * per_gb + between(seed, &key(5), 60.0, 240.0);
    let init = s.start_us + (between(seed, &key(6), 2.0, 8.0) * 1e6) as i64;
    let doing = init + (between(seed, &key(7), 15.0, 50.0) * 1e6) as i64;
    let full_end = s.start_us + (seconds * 1e6) as i64;
    // A refused start fails within seconds; a failing backup part-way through.
    let refused = s
        .forced_error
        .as_deref()
        .is_some_and(|e| e.contains("-9032"))
        || (s.kind == DataBackupMode::Incremental && full_set.is_none());
    let end = if refused {
        init + US_PER_SEC
    } else if error.is_some() {
        s.start_us + ((full_end - s.start_us) as f64 * between(seed, &key(8), 0.2, 0.6)) as i64
    } else {
        full_end
    }
    .max(init + US_PER_SEC);
    let doing = doing.min(end);
    // One id for the row and its OCP task: the row's `taskId` is a task a client can read.
    let id = w.next_id(|i| &mut i.task);
    let set_id = {
        let c = w.clusters.get_mut(&cluster_id);
        match c {
            Some(c) => {
                let id = c.next_backup_set_id;
                c.next_backup_set_id += 1;
                id
            }
            None => 0,
        }
    };
    w.mark(Key::Cluster(cluster_id));
    let offset = cluster.offset();
    let task = DataBackupTask {
        task_id: id,
        backup_set_id: Some(set_id),
        data_backup_task_type: s.kind.clone(),
        backup_mode: Some(mode),
        status: DataBackupStatus::Beginning,
        start_time: Some(at_us(s.start_us, offset)),
        finish_time: None,
        error_msg: None,
        data_version: Some(cluster.data_version_at(s.start_us)),
        // A schema version is the microsecond timestamp of the last DDL.
        schema_version: Some(s.start_us - 3 * US_PER_DAY - 417_211_337),
        backup_uri: uri,
        cluster_id: Some(cluster.id()),
        cluster_name: Some(cluster.cluster.name.clone()),
        ob_cluster_id: cluster.cluster.ob_cluster_id,
        cluster_type: cluster.cluster.cluster_type.clone(),
        tenant_id: Some(tenant.as_ref().map_or(0, |t| t.id)),
        ob_tenant_id: tenant.as_ref().and_then(|t| t.ob_tenant_id),
        tenant_name: tenant.as_ref().map(|t| t.name.clone()),
        data_secondary_backup_task_ids: Vec::new(),
        backup_dimension: tenant.is_some().then(|| s.scope.dimension()),
        snapshot_version_time: None,
        duration: None,
        backup_type: None,
        task_type: None,
        data_type: None,
    };
    w.put_data(DataTaskRecord {
        cluster_id,
        tenant_id: s.scope.tenant_id(),
        task,
        full_backup_set_id: match s.kind {
            DataBackupMode::Full => None,
            _ => full_set,
        },
        size_bytes: (gb * GB) as u64,
        start_us: s.start_us,
        finish_us: None,
        freeze_us: Some(s.start_us + (between(seed, &key(9), 1.0, 6.0) * 1e6) as i64),
        plan: Some(DataPlan {
            init_us: init,
            doing_us: doing,
            end_us: end,
            error: error.clone(),
        }),
        scheduled: s.scheduled,
        expired: false,
    });
    let kind_name = match s.kind {
        DataBackupMode::Full => "full",
        _ => "incremental",
    };
    let (name, task_type, creator, created) = match s.requested_us {
        Some(at) => (
            format!("Backup now: {kind_name} backup of {}", cluster.cluster.name),
            "MANUAL",
            "admin",
            at,
        ),
        None if s.scheduled => (
            format!("Scheduled {kind_name} backup of {}", cluster.cluster.name),
            "SYS_SCHEDULED",
            "system",
            s.start_us,
        ),
        None => (
            format!(
                "{} backup of {}",
                capitalized(kind_name),
                cluster.cluster.name
            ),
            "MANUAL",
            "admin",
            s.start_us,
        ),
    };
    let mut steps: Vec<PlannedStep> = Vec::new();
    if let Some(at) = s.requested_us {
        let checked = (at + 2_550_000).min(s.start_us);
        steps.push(("Check backup conditions", at + 150_000, checked));
        steps.push(("Submit data backup", checked, s.start_us));
    }
    steps.push(("Start data backup", s.start_us, init));
    steps.push(("Initialize backup", init, doing));
    steps.push(("Back up data", doing, end));
    // The step that is under way when the backup fails.
    let fail_at = error.is_some().then(|| {
        if doing >= end {
            steps.len() - 2
        } else {
            steps.len() - 1
        }
    });
    put_planned_task(
        w,
        PlannedTask {
            id,
            name,
            task_type,
            creator,
            cluster_id,
            created_us: created,
            steps: &steps,
            fail_at,
            error,
        },
    );
    id
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A subtask with its planned start and end (µs).
pub type PlannedStep<'a> = (&'a str, i64, i64);

/// An OCP task whose subtasks run at planned instants.
pub struct PlannedTask<'a> {
    pub id: i64,
    pub name: String,
    /// `MANUAL`, `SYS_SCHEDULED`, ...
    pub task_type: &'static str,
    pub creator: &'static str,
    pub cluster_id: i64,
    pub created_us: i64,
    pub steps: &'a [PlannedStep<'a>],
    /// The subtask that fails, if one does; the ones after it never run.
    pub fail_at: Option<usize>,
    /// What the failing subtask's log says.
    pub error: Option<String>,
}

/// Stores an OCP task with planned subtasks, as of its creation.
pub fn put_planned_task(w: &mut World, p: PlannedTask<'_>) {
    let offset = w
        .clusters
        .get(&p.cluster_id)
        .map(|c| c.offset())
        .unwrap_or_else(crate::default_offset);
    let mut subtasks = Vec::new();
    let mut plan = Vec::new();
    for (name, a, b) in p.steps {
        let sid = w.next_id(|i| &mut i.subtask);
        subtasks.push(Subtask {
            id: sid,
            name: (*name).to_owned(),
            description: Some((*name).to_owned()),
            status: SubtaskStatus::Pending,
            start_time: None,
            finish_time: None,
            run_time: None,
        });
        plan.push((*a, (*b).max(*a)));
    }
    let start = plan.first().map_or(p.created_us, |(a, _)| *a);
    let mut rec = TaskRecord {
        task: TaskInstance {
            id: p.id,
            name: p.name,
            status: TaskStatus::Running,
            task_type: Some(p.task_type.to_owned()),
            operation: Some("EXECUTE".to_owned()),
            cluster_id: Some(p.cluster_id),
            tenant_id: None,
            create_time: Some(at_us(p.created_us, offset)),
            start_time: Some(at_us(start, offset)),
            finish_time: None,
            creator: Some(p.creator.to_owned()),
            subtasks,
        },
        plan,
        fail_at: p.fail_at,
        error: p.error,
    };
    materialize_task(&mut rec, p.created_us);
    w.put_task(rec);
}

/// The backup set of the newest usable full backup finished by `at_us`.
pub fn newest_full(w: &World, scope: BackupScope, at_us: i64) -> Option<i64> {
    w.data
        .values()
        .filter(|d| {
            d.scope() == scope
                && d.is_usable()
                && d.task.data_backup_task_type == DataBackupMode::Full
                && d.finish_us.is_some_and(|f| f <= at_us)
        })
        .max_by_key(|d| d.finish_us)
        .and_then(|d| d.task.backup_set_id)
}

/// Moves a data backup to where its plan says it is at `t`.
fn step_data(w: &mut World, id: i64, t: i64) {
    let Some(d) = w.data.get(&id) else { return };
    let Some(plan) = d.plan.clone() else { return };
    let offset = w
        .clusters
        .get(&d.cluster_id)
        .map(|c| c.offset())
        .unwrap_or_else(crate::default_offset);
    let status = if t >= plan.end_us {
        if plan.error.is_some() {
            DataBackupStatus::Failed
        } else {
            DataBackupStatus::Done
        }
    } else if t >= plan.doing_us {
        DataBackupStatus::Doing
    } else if t >= plan.init_us {
        DataBackupStatus::Initializing
    } else {
        DataBackupStatus::Beginning
    };
    if status == d.task.status {
        return;
    }
    let scope = d.scope();
    let scheduled = d.scheduled;
    let Some(d) = w.data.get_mut(&id) else { return };
    d.task.status = status.clone();
    let finished = matches!(status, DataBackupStatus::Done | DataBackupStatus::Failed);
    if finished {
        d.finish_us = Some(plan.end_us);
        d.task.finish_time = Some(at_us(plan.end_us, offset));
        d.task.error_msg = plan.error.clone();
        if status == DataBackupStatus::Failed {
            d.size_bytes = 0;
        }
    }
    w.dirty.insert(Key::Data(id));
    if finished && scheduled {
        if let Some(s) = w.strategies.get_mut(&scope) {
            if status == DataBackupStatus::Done {
                s.consecutive_failures = 0;
                if s.schedule_status == BackupScheduleStatus::Abnormal {
                    s.schedule_status = BackupScheduleStatus::Normal;
                }
            } else {
                s.consecutive_failures += 1;
                if s.consecutive_failures >= ABNORMAL_AFTER
                    && s.schedule_status != BackupScheduleStatus::Paused
                {
                    s.schedule_status = BackupScheduleStatus::Abnormal;
                }
            }
            w.dirty.insert(Key::Strategy(scope));
        }
    }
}

/// Expires backups older than the retention, and the windows they anchored. The newest
/// successful full backup always stays, and an incremental goes with its full backup.
fn cleanup(w: &mut World, scope: BackupScope, t: i64) {
    let Some(days) = w.strategies.get(&scope).and_then(|s| {
        s.strategy
            .ob_backup_schedule_config
            .backup_data_retention_days
    }) else {
        return;
    };
    let cutoff = t.saturating_sub(i64::from(days.max(1)).saturating_mul(US_PER_DAY));
    let keep = newest_full(w, scope, t);
    let mut gone: BTreeSet<i64> = BTreeSet::new();
    for d in w.data.values_mut() {
        if d.scope() != scope || !d.is_usable() {
            continue;
        }
        let old = d.finish_us.is_some_and(|f| f < cutoff);
        let is_full = d.task.data_backup_task_type == DataBackupMode::Full;
        if old && !(is_full && d.task.backup_set_id == keep) {
            d.expired = true;
            if is_full {
                if let Some(s) = d.task.backup_set_id {
                    gone.insert(s);
                }
            }
            w.dirty.insert(Key::Data(d.task.task_id));
        }
    }
    for d in w.data.values_mut() {
        if d.scope() == scope
            && d.is_usable()
            && d.full_backup_set_id.is_some_and(|s| gone.contains(&s))
        {
            d.expired = true;
            w.dirty.insert(Key::Data(d.task.task_id));
        }
    }
}

/// Starts a new log archive round of a scope at `t` (a no-op when one runs): the cluster's,
/// or a tenant's own when it has its own strategy (ocp-api.md 2b).
pub fn start_log(w: &mut World, scope: BackupScope, t: i64) {
    if w.logs
        .values()
        .any(|l| l.scope() == scope && l.is_running())
    {
        return;
    }
    let Some(c) = w.clusters.get(&scope.cluster_id()).cloned() else {
        return;
    };
    let tenant = scope.tenant_id().and_then(|id| w.tenants.get(&id)).cloned();
    let strategy = w.strategies.get(&scope);
    let mode = views::backup_mode(&c, strategy);
    let uri = strategy.and_then(|s| {
        s.strategy
            .ob_backup_service_storage_config
            .ob_backup_storage_base_info
            .as_ref()
            .map(|b| b.uri())
    });
    let id = w.next_id(|i| &mut i.log_task);
    let offset = c.offset();
    w.put_log(LogTaskRecord {
        id,
        cluster_id: c.id(),
        tenant_id: scope.tenant_id(),
        task: LogBackupTask {
            create_time: Some(at_us(t, offset)),
            modify_time: None,
            checkpoint: None,
            delay: None,
            status: LogBackupStatus::Running,
            backup_mode: Some(mode.clone()),
            backup_uri: uri,
            agent_server_ip: if mode == BackupMode::Logical {
                c.agent_server_ip.clone()
            } else {
                None
            },
            error_msg: None,
            cluster_id: Some(c.id()),
            cluster_name: Some(c.cluster.name.clone()),
            ob_cluster_id: c.cluster.ob_cluster_id,
            tenant_id: Some(tenant.as_ref().map_or(0, |t| t.id)),
            ob_tenant_id: tenant.as_ref().and_then(|t| t.ob_tenant_id),
            tenant_name: tenant.as_ref().map(|t| t.name.clone()),
            backup_dimension: tenant.is_some().then(|| scope.dimension()),
            cluster_type: None,
        },
        create_us: t,
        checkpoint_us: None,
        base_delay_seconds: c.log_base_delay_seconds,
        restart_us: None,
    });
}

/// Stops the running log archive round of a cluster at `t`: its checkpoint freezes where it
/// was, and the log after it is a gap until a new round starts.
pub fn stop_log(
    w: &mut World,
    scope: BackupScope,
    t: i64,
    status: LogBackupStatus,
    error: Option<String>,
) {
    let Some(c) = w.clusters.get(&scope.cluster_id()).cloned() else {
        return;
    };
    let running: Vec<i64> = w
        .logs
        .values()
        .filter(|l| l.scope() == scope && l.is_running())
        .map(|l| l.id)
        .collect();
    for id in running {
        let Some(rec) = w.logs.get(&id) else { continue };
        let live = views::live_log(rec, utc(t), &c);
        let mut rec = rec.clone();
        rec.task = live.task;
        rec.task.status = status.clone();
        rec.task.error_msg = error.clone();
        rec.task.modify_time = Some(at_us(t, c.offset()));
        rec.checkpoint_us = live.checkpoint_us;
        w.put_log(rec);
    }
}

/// A subtask of a new OCP task: its name and how long it runs, seconds.
pub type Step<'a> = (&'a str, f64);

/// Creates an OCP task whose subtasks run one after another from `t`; returns its id.
pub fn new_task(
    w: &mut World,
    name: String,
    cluster_id: i64,
    t: i64,
    steps: &[Step<'_>],
    fail_at: Option<usize>,
) -> i64 {
    let id = w.next_id(|i| &mut i.task);
    let mut planned = Vec::new();
    let mut at = t + 150_000;
    for (name, secs) in steps {
        let end = at + (secs * 1e6) as i64;
        planned.push((*name, at, end));
        at = end;
    }
    put_planned_task(
        w,
        PlannedTask {
            id,
            name,
            task_type: "MANUAL",
            creator: "admin",
            cluster_id,
            created_us: t,
            steps: &planned,
            fail_at,
            error: None,
        },
    );
    id
}

/// Sets an OCP task's statuses as of `t`; whether anything changed.
pub fn materialize_task(rec: &mut TaskRecord, t: i64) -> bool {
    let before = rec.task.clone();
    let offset = rec
        .task
        .create_time
        .map(|c| c.offset())
        .unwrap_or_else(crate::default_offset);
    let mut failed = false;
    let mut end = None;
    for (i, sub) in rec.task.subtasks.iter_mut().enumerate() {
        let Some(&(a, b)) = rec.plan.get(i) else {
            continue;
        };
        if failed || t < a {
            sub.status = SubtaskStatus::Pending;
            sub.start_time = None;
            sub.finish_time = None;
            sub.run_time = None;
            continue;
        }
        sub.start_time = Some(at_us(a, offset));
        if t < b {
            sub.status = SubtaskStatus::Running;
            sub.finish_time = None;
            sub.run_time = None;
            continue;
        }
        sub.finish_time = Some(at_us(b, offset));
        sub.run_time = Some(((b - a) as f64 / 1e3).round() / 1e3);
        if rec.fail_at == Some(i) {
            sub.status = SubtaskStatus::Failed;
            failed = true;
            end = Some(b);
        } else {
            sub.status = SubtaskStatus::Successful;
            end = Some(b);
        }
    }
    let all_done = rec.plan.last().is_none_or(|(_, b)| t >= *b);
    rec.task.status = if failed {
        TaskStatus::Failed
    } else if all_done {
        TaskStatus::Successful
    } else {
        TaskStatus::Running
    };
    rec.task.finish_time = match rec.task.status {
        TaskStatus::Running => None,
        _ => end
            .or(rec.plan.last().map(|p| p.1))
            .map(|e| at_us(e, offset)),
    };
    rec.task != before
}

/// The steps of a restore into a cluster of `version`.
pub fn restore_steps(version: &str) -> Vec<(RestoreStatus, &'static str, f64)> {
    use RestoreStatus::*;
    if ocp_model::validate::version_at_least(version, "4.0") {
        vec![
            (Pre, "Check restore parameters", 0.03),
            (CreateTenant, "Create resource pools and tenant", 0.06),
            (CreateInitLs, "Create log streams", 0.08),
            (WaitLs, "Restore log streams", 0.66),
            (PostCheck4, "Post check", 0.07),
            (
                WaitTenantRestoreFinish,
                "Wait for tenant restore to finish",
                0.10,
            ),
        ]
    } else {
        vec![
            (Pre, "Check restore parameters", 0.03),
            (CreateTenant, "Create resource pools and tenant", 0.06),
            (SysReplica, "Restore system tables", 0.10),
            (UserReplica, "Restore user data", 0.64),
            (RebuildIndex, "Rebuild indexes", 0.10),
            (PostCheck, "Post check", 0.07),
        ]
    }
}

/// Moves a restore to where its plan says it is at `t`; on success its tenant appears.
fn step_restore(w: &mut World, id: i64, t: i64) {
    let Some(r) = w.restores.get(&id) else { return };
    let offset = r
        .task
        .create_time
        .map(|c| c.offset())
        .unwrap_or_else(crate::default_offset);
    let mut rec = r.clone();
    if t >= rec.end_us {
        let ok = rec.error.is_none();
        rec.task.finished = true;
        rec.task.successful = ok;
        rec.task.status = if ok {
            RestoreStatus::Success
        } else {
            RestoreStatus::Fail
        };
        rec.task.status_desc = Some(
            if ok {
                "Restore succeeded"
            } else {
                "Restore failed"
            }
            .to_owned(),
        );
        rec.task.error_msg = rec.error.clone();
        rec.task.finish_time = Some(at_us(rec.end_us, offset));
        if ok || rec.failed_tenant_stays {
            if let Some(mut tenant) = rec.new_tenant.clone() {
                // A failed restore leaves its half-restored tenant behind (created when the
                // restore reached RESTORE_CREATE_TENANT), RESTORING until someone drops it.
                let created = match (ok, rec.steps.get(1)) {
                    (false, Some((_, at))) => *at,
                    _ => rec.end_us,
                };
                if !ok {
                    tenant.status = Some(ocp_model::TenantStatus::Restoring);
                }
                tenant.create_time = Some(at_us(created / US_PER_SEC * US_PER_SEC, offset));
                w.put_tenant(tenant);
            }
        }
    } else if let Some((step, _)) = rec.steps.iter().rev().find(|(_, s)| *s <= t) {
        if rec.task.status == *step {
            return;
        }
        rec.task.status = step.clone();
        rec.task.status_desc = Some(format!("Restoring: {step}"));
    } else {
        return;
    }
    w.put_restore(rec);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_after_is_what_a_schedule_of_every_day_gives() {
        use ocp_model::ScheduleMode;
        let every_day: BTreeMap<u8, DataBackupMode> =
            (1..=7).map(|d| (d, DataBackupMode::Full)).collect();
        for (h, m, off) in [(4, 0, 8), (0, 0, 8), (23, 59, -5), (2, 30, 0), (12, 0, 14)] {
            let time = TimeOfDay::new(h, m, ocp_model::time::offset_hours(off)).unwrap();
            for k in 0..200i64 {
                let after = 1_780_000_000_000_000 + k * 3_607_000_123;
                let want = next_runs(&ScheduleMode::Week, &every_day, time, utc(after), 1)[0]
                    .at
                    .timestamp_micros();
                assert_eq!(daily_after(time, after), want, "{h}:{m} {off} {after}");
                assert_eq!(daily_after(time, want - 1), want);
                assert_eq!(daily_after(time, want), want + US_PER_DAY);
            }
        }
    }

    #[test]
    fn chance_is_a_pure_function_of_its_inputs() {
        assert_eq!(chance(7, &[1, 2, 3]), chance(7, &[1, 2, 3]));
        assert_ne!(chance(7, &[1, 2, 3]), chance(7, &[1, 2, 4]));
        assert_ne!(chance(7, &[1, 2, 3]), chance(8, &[1, 2, 3]));
        let n = 10_000;
        let mean = (0..n).map(|i| chance(1, &[i])).sum::<f64>() / n as f64;
        assert!((0.48..0.52).contains(&mean), "{mean}");
    }

    fn round(id: i64) -> LogTaskRecord {
        LogTaskRecord {
            id,
            cluster_id: 1,
            tenant_id: None,
            task: LogBackupTask {
                create_time: None,
                modify_time: None,
                checkpoint: None,
                delay: None,
                status: LogBackupStatus::Running,
                backup_mode: None,
                backup_uri: None,
                agent_server_ip: None,
                error_msg: None,
                cluster_id: None,
                cluster_name: None,
                ob_cluster_id: None,
                tenant_id: None,
                ob_tenant_id: None,
                tenant_name: None,
                backup_dimension: None,
                cluster_type: None,
            },
            create_us: 5 * US_PER_DAY,
            checkpoint_us: None,
            base_delay_seconds: 30.0,
            restart_us: None,
        }
    }

    #[test]
    fn a_log_break_rate_is_the_share_of_round_days_that_break() {
        let cfg = |r: f64| EngineConfig {
            log_break_rate: r,
            ..EngineConfig::default()
        };
        let start = 5 * US_PER_DAY;
        assert_eq!(log_break_after(3, &cfg(0.0), &round(1), start), None);
        let n = 4000;
        let first_day = (0..n)
            .filter_map(|id| log_break_after(3, &cfg(0.3), &round(id), start))
            .filter(|t| *t < start + US_PER_DAY)
            .count() as f64
            / n as f64;
        assert!((0.27..0.33).contains(&first_day), "{first_day}");
        // Rate 1: every day of the round breaks; the instants are fixed, whatever `after`.
        let r = round(7);
        let b = log_break_after(3, &cfg(1.0), &r, start).unwrap();
        assert!(b > start && b < start + US_PER_DAY);
        assert_eq!(log_break_after(3, &cfg(1.0), &r, b - 1), Some(b));
        let next = log_break_after(3, &cfg(1.0), &r, b).unwrap();
        assert!(next >= start + US_PER_DAY && next < start + 2 * US_PER_DAY);
        let mut stopped = r.clone();
        stopped.task.status = LogBackupStatus::Interrupted;
        assert_eq!(log_break_after(3, &cfg(1.0), &stopped, start), None);
    }

    #[test]
    fn a_task_walks_pending_running_done_or_fails_and_stops() {
        let mut w = World::default();
        let id = new_task(
            &mut w,
            "t".into(),
            1,
            0,
            &[("a", 1.0), ("b", 2.0), ("c", 1.0)],
            Some(1),
        );
        let rec = w.tasks.get_mut(&id).unwrap();
        let statuses = |r: &TaskRecord| -> Vec<SubtaskStatus> {
            r.task.subtasks.iter().map(|s| s.status.clone()).collect()
        };
        use SubtaskStatus::*;
        assert_eq!(statuses(rec), vec![Pending, Pending, Pending]);
        materialize_task(rec, 500_000);
        assert_eq!(statuses(rec), vec![Running, Pending, Pending]);
        materialize_task(rec, 2_000_000);
        assert_eq!(statuses(rec), vec![Successful, Running, Pending]);
        assert_eq!(rec.task.status, TaskStatus::Running);
        materialize_task(rec, 9_000_000);
        assert_eq!(statuses(rec), vec![Successful, Failed, Pending]);
        assert_eq!(rec.task.status, TaskStatus::Failed);
        assert!(rec.task.finish_time.is_some());
    }
}
