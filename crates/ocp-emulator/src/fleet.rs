//! `--fleet CLUSTERS[xTENANTS]`: a fresh database with a fleet of clusters instead of the
//! demo's six, for trying the console at scale (`--fleet 500x30`).
//!
//! The demo's clusters come first, as they are (ids 1000001–1000006; their OB 4.x clusters
//! get more tenants up to TENANTS). The others repeat the demo's mix in a cycle of 20
//! ([`CYCLE`]): 14 healthy (OB 4.x, 2.2.77, 3.1.4 and 2.1.1 logical), 2 whose latest backups
//! failed (and keep failing now and then), 1 paused, 1 without a strategy and 2 standbys.
//! Each is named after the demo cluster it repeats and its number (`ob-prod-bj-0123`: unique,
//! and sorted by name the numbers stay in order within each kind), with the id 1000000 + its
//! number. OB 4.x clusters get TENANTS tenants (the demo's count without it), the others the
//! demo's count; tenant ids are the cluster id × 1000 + 1, 2, ... Schedules are spread over
//! the night (00:00–05:30), sizes and log delays vary.
//!
//! History: each fleet cluster gets the demo's ten days, made by the same engine, but each in
//! a world of its own (the engine's draws depend only on the seed and the event, so the
//! result is what one world would give, and the time grows with the number of clusters,
//! not its square). A healthy one ends with a recent successful full or incremental backup
//! and its log archive running.

use crate::engine::{EngineConfig, US_PER_DAY};
use crate::records::StrategyRecord;
use crate::seed::{self, ClusterSpec, StorageSpec, TenantSpec};
use crate::world::{Key, World};
use ocp_model::{
    BackupScheduleStatus, ClusterType, DataBackupMode, ScheduleMode, StorageType, Tenant,
    TenantMode,
};
use std::collections::BTreeSet;

/// How big a fleet: `CLUSTERS` clusters (the demo's six included), OB 4.x ones with
/// `TENANTS` tenants each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fleet {
    pub clusters: usize,
    /// Tenants of each OB 4.x cluster; the demo's count of its kind when `None`.
    pub tenants: Option<usize>,
}

impl Fleet {
    /// At least the demo's clusters.
    pub const MIN_CLUSTERS: usize = 6;
    pub const MAX_CLUSTERS: usize = 5000;
    pub const MAX_TENANTS: usize = 200;

    /// `CLUSTERS[xTENANTS]`: `500x30`, `200`.
    pub fn parse(s: &str) -> Result<Fleet, String> {
        let s = s.trim();
        let (c, t) = match s.split_once(['x', 'X']) {
            Some((c, t)) => (c, Some(t)),
            None => (s, None),
        };
        let clusters: usize = c
            .trim()
            .parse()
            .map_err(|_| format!("expected CLUSTERS[xTENANTS] (e.g. 500x30), got {s:?}"))?;
        if !(Self::MIN_CLUSTERS..=Self::MAX_CLUSTERS).contains(&clusters) {
            return Err(format!(
                "CLUSTERS must be between {} (the demo's clusters) and {}, got {clusters}",
                Self::MIN_CLUSTERS,
                Self::MAX_CLUSTERS
            ));
        }
        let tenants = match t {
            None => None,
            Some(t) => {
                let n: usize = t
                    .trim()
                    .parse()
                    .map_err(|_| format!("expected CLUSTERS[xTENANTS] (e.g. 500x30), got {s:?}"))?;
                if !(1..=Self::MAX_TENANTS).contains(&n) {
                    return Err(format!(
                        "TENANTS must be between 1 and {}, got {n}",
                        Self::MAX_TENANTS
                    ));
                }
                Some(n)
            }
        };
        Ok(Fleet { clusters, tenants })
    }
}

impl std::fmt::Display for Fleet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tenants {
            Some(t) => write!(f, "{}x{t}", self.clusters),
            None => write!(f, "{}", self.clusters),
        }
    }
}

impl std::str::FromStr for Fleet {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Fleet::parse(s)
    }
}

/// The demo clusters a fleet cluster repeats (indexes into `seed::cluster_specs`).
const HZ: usize = 0;
const SH: usize = 1;
const BJ: usize = 2;
const STANDBY: usize = 3;
const LEGACY: usize = 4;
const TEST: usize = 5;

/// What a fleet cluster's backups are like.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Profile {
    /// Scheduled backups succeed, log archiving runs.
    Healthy,
    /// The last two scheduled backups before the start failed (schedule ABNORMAL), and this
    /// share of its backups keeps failing afterwards.
    Failing(f64),
    /// The schedule was paused a day or more before the start.
    Paused,
    /// A primary cluster without a strategy.
    NoStrategy,
    /// A standby cluster (no strategy possible).
    Standby,
}

use Profile::*;

/// The mix, repeated: (demo cluster, profile).
const CYCLE: [(usize, Profile); 20] = [
    (BJ, Healthy),
    (HZ, Healthy),
    (BJ, Healthy),
    (STANDBY, Standby),
    (BJ, Healthy),
    (SH, Healthy),
    (BJ, Failing(0.5)),
    (BJ, Healthy),
    (TEST, NoStrategy),
    (HZ, Healthy),
    (BJ, Healthy),
    (SH, Paused),
    (BJ, Healthy),
    (LEGACY, Healthy),
    (BJ, Healthy),
    (STANDBY, Standby),
    (BJ, Healthy),
    (HZ, Failing(1.0)),
    (BJ, Healthy),
    (SH, Healthy),
];

/// OB 4.x versions the fleet's 4.x clusters run, with their build strings.
const OB4_VERSIONS: [(&str, &str); 4] = [
    ("4.2.1.0", "4.2.1.0-100000102023111118"),
    ("4.2.5.1", "4.2.5.1-101000012024102216"),
    ("4.3.3.0", "4.3.3.0-100000162024091815"),
    ("4.2.2.0", "4.2.2.0-100000102024011015"),
];

/// Business words tenant names are made of (with `_ora` for Oracle mode, `_mysql` on
/// clusters before OB 4, as the demo's are).
const WORDS: [&str; 40] = [
    "pay",
    "order",
    "trade",
    "member",
    "finance",
    "risk",
    "ledger",
    "crm",
    "billing",
    "inventory",
    "logistics",
    "search",
    "reports",
    "audit",
    "account",
    "promo",
    "coupon",
    "settle",
    "clearing",
    "notify",
    "catalog",
    "pricing",
    "review",
    "loyalty",
    "wallet",
    "fraud",
    "kyc",
    "loan",
    "credit",
    "invoice",
    "tax",
    "payroll",
    "hr",
    "ticket",
    "booking",
    "shipping",
    "warehouse",
    "supplier",
    "quote",
    "cart",
];

/// Ids of the fleet's strategies and storage configs: far from the ones OCP hands out.
const STRATEGY_ID_BASE: i64 = 100_000;
const STORAGE_ID_BASE: i64 = 200_000;

/// What makes a fleet cluster's backups fail.
const FAILING_ERRORS: [&str; 2] = [
    "backup data failed, ret=-9009 OB_BACKUP_IO_PROHIBITED, \
     msg=\"backup destination is not writable: \\\"permission denied\\\"\" <path:/obbackup/data>",
    "backup data failed, ret=-4012 OB_TIMEOUT, msg=\"rpc timeout\", \
     server=\"10.20.3.41:2882\" <ObBackupTaskScheduler: task_type=BACKUP_DATA, retry=3>",
];

/// The cluster id of fleet number `n` (1-based; 1–6 are the demo's).
pub fn cluster_id(n: usize) -> i64 {
    1_000_000 + n as i64
}

/// Adds the fleet to a freshly built demo world `w` (see the module's text).
pub fn add(w: &mut World, fleet: Fleet, origin_us: i64) {
    let start = origin_us - seed::HISTORY_DAYS * US_PER_DAY;
    let demo = seed::cluster_specs();
    if let Some(n) = fleet.tenants {
        for spec in &demo {
            if spec.version.starts_with('4') {
                top_up(w, spec, n, origin_us);
            }
        }
    }
    for n in demo.len() + 1..=fleet.clusters {
        let (template, profile) = CYCLE[(n - demo.len() - 1) % CYCLE.len()];
        let spec = fleet_spec(&demo[template], template, profile, n);
        let mut mini = World {
            state: w.state.clone(),
            ..World::default()
        };
        mini.state.progress_us = start - 2 * US_PER_DAY;
        let mut cfg = EngineConfig::default();
        let c = seeded_record(&spec, n, origin_us, start);
        let tenants = tenants_of(&spec, n, fleet.tenants, origin_us, &BTreeSet::new(), 0);
        let rec = spec
            .strategy
            .as_ref()
            .map(|s| strategy_of(&c, s, template, n, origin_us));
        let script = seed::plan_cluster(
            &mut mini, &mut cfg, &spec, c, tenants, rec, origin_us, start,
        );
        mini.recount_tenants();
        let failing = match profile {
            Failing(rate) => Some(rate),
            _ => None,
        };
        if failing.is_some() {
            if let Some(rec) = mini.cluster_strategy(spec.id) {
                let runs = seed::slots(rec, start, origin_us);
                for (t, _) in runs.iter().rev().take(2) {
                    let e = FAILING_ERRORS[n % FAILING_ERRORS.len()];
                    cfg.forced_failures.insert((spec.id, *t), e.to_owned());
                }
            }
        }
        seed::run_script(&mut mini, &mut cfg, script, origin_us);
        // From now on its backups keep failing now and then (or always).
        if let (Some(rate), Some(c)) = (failing, mini.clusters.get_mut(&spec.id)) {
            c.failure_rate = Some(rate);
        }
        absorb(w, mini);
    }
}

/// The spec of fleet cluster `n`: the demo cluster `base`, renumbered and varied.
fn fleet_spec(base: &ClusterSpec, template: usize, profile: Profile, n: usize) -> ClusterSpec {
    let mut spec = base.clone();
    let k = n as i64;
    spec.id = cluster_id(n);
    spec.ob_cluster_id = 1_800_000_000 + k * 17;
    spec.tenants = Vec::new();
    spec.created_days_ago = base.created_days_ago + (k * 13) % 90;
    if spec.version.starts_with('4') {
        let (v, full) = OB4_VERSIONS[(n / 3) % OB4_VERSIONS.len()];
        spec.version = v;
        spec.full_version = full;
    }
    spec.strategy = match profile {
        NoStrategy | Standby => None,
        _ => spec.strategy.take().map(|mut s| {
            s.id = STRATEGY_ID_BASE + k;
            s.storage_id = STORAGE_ID_BASE + k;
            // Spread over the night: 00:00, 00:30, ... 05:30.
            let slot = (n * 7) % 12;
            s.at = ((slot / 2) as u32, ((slot % 2) * 30) as u32);
            s.created_days_ago = (s.created_days_ago + (k * 7) % 60).min(spec.created_days_ago - 1);
            s.status = BackupScheduleStatus::Normal;
            s.days = days_of(template, &s.days);
            if template == SH {
                s.schedule_mode = ScheduleMode::Month;
            }
            let h = &mut s.history;
            // 0.4 to 2 times the demo cluster's data, 0.6 to 1.5 times its log delay.
            h.full_size_gb *= 0.4 + ((k * 37) % 17) as f64 / 10.0;
            h.log_base_delay *= 0.6 + ((k * 11) % 10) as f64 / 10.0;
            h.log_since_days = 20.0 + ((k * 29) % 70) as f64;
            h.first_backup_set_id = 1 + (k * 5) % 60;
            h.first_data_version = 1 + (k * 41) % 900;
            h.failure = None;
            h.gap = None;
            h.manual_full_hours_ago = if n.is_multiple_of(9) {
                vec![30.0]
            } else {
                Vec::new()
            };
            h.paused_days_ago = (profile == Paused).then_some(1.0 + (n % 4) as f64);
            s
        }),
    };
    if profile == Standby {
        spec.cluster_type = ClusterType::Standby;
    }
    spec
}

/// Schedules that keep a healthy cluster within its "no successful backup" alarm days.
fn days_of(template: usize, demo: &[(u8, DataBackupMode)]) -> Vec<(u8, DataBackupMode)> {
    use DataBackupMode::{Full, Incremental as Incr};
    match template {
        // Full Tue+Thu, incremental Mon+Sat: never more than two days apart.
        HZ => vec![(1, Incr), (2, Full), (4, Full), (6, Incr)],
        // Every third day of the month (at most ten days), full on the 1st, 10th, 19th, 28th.
        SH => [1u8, 4, 7, 10, 13, 16, 19, 22, 25, 28]
            .into_iter()
            .map(|d| (d, if d % 9 == 1 { Full } else { Incr }))
            .collect(),
        LEGACY => vec![(1, Full), (3, Full), (5, Full), (7, Full)],
        _ => demo.to_vec(),
    }
}

/// The cluster record of fleet cluster `n`: its name, its size and its log delay.
fn seeded_record(
    spec: &ClusterSpec,
    n: usize,
    origin_us: i64,
    start: i64,
) -> crate::records::ClusterRecord {
    let mut c = seed::seeded_cluster(spec, origin_us, start);
    c.cluster.name = format!("{}-{n:04}", spec.name);
    if spec.strategy.is_none() {
        c.data_size_gb *= 0.5 + (n % 7) as f64 / 4.0;
    }
    c
}

/// A fleet cluster's strategy: the demo's, with its own storage path and config name, and
/// alarm days that fit its schedule.
fn strategy_of(
    c: &crate::records::ClusterRecord,
    s: &seed::StrategySpec,
    template: usize,
    n: usize,
    origin_us: i64,
) -> StrategyRecord {
    let mut rec = seed::strategy_record(c, s, origin_us);
    let name = &c.cluster.name;
    let storage = &mut rec.strategy.ob_backup_service_storage_config;
    storage.config_name = Some(format!("{}_bak", name.replace('-', "_")));
    if let Some(base) = storage.ob_backup_storage_base_info.as_mut() {
        base.storage_url = Some(match (&s.storage, base.backup_storage_type.clone()) {
            (StorageSpec::Oss { .. }, StorageType::Oss) => format!("ob-backup-fleet/{name}"),
            _ => format!("/obbackup/{name}/"),
        });
    }
    // Cleanups three hours after the backups start, spread over the night like them.
    let schedule = &mut rec.strategy.ob_backup_schedule_config;
    schedule.clean_schedule_time =
        ocp_model::time::TimeOfDay::new((s.at.0 + 3) % 24, s.at.1, c.offset());
    let thresholds = &mut rec.strategy.ob_backup_threshold_config;
    if template == SH {
        // Up to four days between two runs of a month schedule.
        thresholds.no_successful_data_backup_alarm_days = Some(5);
    }
    if n.is_multiple_of(5) {
        thresholds.log_backup_delay_seconds = Some(600);
    }
    rec
}

/// Tenants of a fleet cluster (or more of a demo one): `first` and on, names not in `taken`.
fn tenants_of(
    spec: &ClusterSpec,
    n: usize,
    wanted: Option<usize>,
    origin_us: i64,
    taken: &BTreeSet<String>,
    first: usize,
) -> Vec<Tenant> {
    let four = spec.version.starts_with('4');
    let count = match (four, wanted) {
        (true, Some(t)) => t,
        _ => seed::cluster_specs()
            .iter()
            .find(|d| d.name == spec.name)
            .map_or(spec.tenants.len(), |d| d.tenants.len()),
    };
    let zones: Vec<&str> = spec.zones.iter().map(|z| z.0).collect();
    let mut out = Vec::new();
    let mut used = taken.clone();
    let mut k = 0usize;
    while out.len() + first < count {
        let word = WORDS[(k + n * 7) % WORDS.len()];
        let round = k / WORDS.len();
        let oracle = k % 5 == 3;
        let name = format!(
            "{word}{}{}",
            if round == 0 {
                String::new()
            } else {
                (round + 1).to_string()
            },
            if oracle {
                "_ora"
            } else if four {
                ""
            } else {
                "_mysql"
            }
        );
        k += 1;
        if !used.insert(name.clone()) {
            continue;
        }
        let j = out.len() + first;
        let primary = match zones.len() {
            0 => String::new(),
            1 => zones[0].to_owned(),
            len => {
                let lead = zones[j % len];
                let rest: Vec<&str> = zones.iter().copied().filter(|z| *z != lead).collect();
                format!("{lead};{}", rest.join(","))
            }
        };
        let age = 20.0 + ((j * 37 + n * 11) % 300) as f64;
        let t = TenantSpec {
            id: spec.id * 1000 + j as i64 + 1,
            name: "",
            ob_tenant_id: if four {
                1002 + 2 * j as i64
            } else {
                1001 + j as i64
            },
            mode: if oracle {
                TenantMode::Oracle
            } else {
                TenantMode::Mysql
            },
            primary_zone: "",
            created_days_ago: age.min(spec.created_days_ago as f64 - 1.0),
        };
        let mut tenant = seed::tenant_record(spec, &t, origin_us);
        tenant.name = name;
        tenant.primary_zone = Some(primary);
        out.push(tenant);
    }
    out
}

/// More tenants for a demo OB 4.x cluster, up to `n` in all.
fn top_up(w: &mut World, spec: &ClusterSpec, n: usize, origin_us: i64) {
    let have: Vec<&Tenant> = w
        .tenants
        .values()
        .filter(|t| t.cluster_id == Some(spec.id))
        .collect();
    let taken: BTreeSet<String> = have.iter().map(|t| t.name.clone()).collect();
    let index = (spec.id - 1_000_000) as usize;
    // The demo's own tenant ids are the cluster id × 100 + 1, ...; these × 1000 + 1, ...
    let more = tenants_of(spec, index, Some(n), origin_us, &taken, have.len());
    for t in more {
        w.mark(Key::Tenant(t.id));
        w.tenants.insert(t.id, t);
    }
    w.recount_tenants();
}

/// Takes in a world built on its own (whose ids continue `w`'s).
fn absorb(w: &mut World, mini: World) {
    let World {
        clusters,
        tenants,
        strategies,
        data,
        logs,
        restores,
        tasks,
        state,
        dirty,
    } = mini;
    w.clusters.extend(clusters);
    w.tenants.extend(tenants);
    w.strategies.extend(strategies);
    w.data.extend(data);
    w.logs.extend(logs);
    w.restores.extend(restores);
    w.tasks.extend(tasks);
    w.state.ids = state.ids;
    w.dirty.extend(dirty);
    w.mark(Key::State);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_clusters_and_tenants() {
        assert_eq!(
            Fleet::parse("500x30"),
            Ok(Fleet {
                clusters: 500,
                tenants: Some(30)
            })
        );
        assert_eq!(
            Fleet::parse("200"),
            Ok(Fleet {
                clusters: 200,
                tenants: None
            })
        );
        assert_eq!(Fleet::parse("500x30").unwrap().to_string(), "500x30");
        for bad in [
            "", "x30", "5x30", "500x0", "500x", "abc", "500x30x2", "-3", "6000",
        ] {
            assert!(Fleet::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_mix_is_mostly_healthy_with_every_problem() {
        let count = |p: fn(&Profile) -> bool| CYCLE.iter().filter(|(_, x)| p(x)).count();
        assert_eq!(count(|p| *p == Healthy), 14);
        assert_eq!(count(|p| matches!(p, Failing(_))), 2);
        assert_eq!(count(|p| *p == Paused), 1);
        assert_eq!(count(|p| *p == NoStrategy), 1);
        assert_eq!(count(|p| *p == Standby), 2);
    }
}
