//! What the wizard checks before anything is sent (the review step's pre-flight), the
//! primary-zone order, the exact request, and how the finished restore is compared with what
//! was asked.

use super::{check_tenant_name, compare_ob_versions, RestoreQuery, TenantNameProblem, ZonePlan};
use crate::backup::{AccessKey, BackupMode, StorageBaseInfo};
use crate::cluster::{Cluster, ClusterStatus, ClusterType, UnitSpec};
use crate::restore::{
    BackupTenantStatus, OfflineRestoreParam, OnlineRestoreParam, ReplicaType, ResourcePool,
    RestoreParam, RestoreTenantInfo, RestoreZone,
};
use crate::timeline::{Pick, RecoverableWindows};
use std::cmp::Ordering;

/// Why a cluster cannot receive the restore (ocp-api.md 2.6: RUNNING, not lower in version
/// than the source; a standby cluster takes no new tenant).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetProblem {
    /// Its status, as OCP wrote it (`None`: OCP sent none).
    NotRunning(Option<String>),
    Standby,
    /// The target's version is lower than the source's.
    LowerVersion {
        target: String,
        source: String,
    },
    /// A version that cannot be compared (missing or unreadable): never taken for suitable.
    UnknownVersion,
    /// OceanBase 4.x cannot restore a physical backup of OceanBase 3.x or earlier (the
    /// backup formats differ: 4.x backs up per tenant and log stream).
    AcrossMajorFour {
        target: String,
        source: String,
    },
}

/// Whether `target` can receive a restore from a source running `source_version` (`None` for
/// an OFFLINE source, whose version the console does not know: OCP checks it).
pub fn target_problem(target: &Cluster, source_version: Option<&str>) -> Option<TargetProblem> {
    if target.status != Some(ClusterStatus::Running) {
        return Some(TargetProblem::NotRunning(
            target.status.as_ref().map(|s| s.as_str().to_owned()),
        ));
    }
    if target.cluster_type == Some(ClusterType::Standby) {
        return Some(TargetProblem::Standby);
    }
    let source = source_version?;
    let version = target.ob_version.as_deref().unwrap_or("");
    match compare_ob_versions(version, source) {
        Some(Ordering::Less) => Some(TargetProblem::LowerVersion {
            target: version.to_owned(),
            source: source.to_owned(),
        }),
        Some(_) if same_units_everywhere(Some(version)) && !same_units_everywhere(Some(source)) => {
            Some(TargetProblem::AcrossMajorFour {
                target: version.to_owned(),
                source: source.to_owned(),
            })
        }
        Some(_) => None,
        None => Some(TargetProblem::UnknownVersion),
    }
}

/// OceanBase 4.0 and later: every zone of a tenant has the same unit count.
pub fn same_units_everywhere(ob_version: Option<&str>) -> bool {
    ob_version
        .and_then(|v| compare_ob_versions(v, "4.0"))
        .is_some_and(|o| o != Ordering::Less)
}

/// Where the point stands, for the pre-flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointVerdict {
    /// Inside a recoverable window of the source tenant, both ends included.
    Inside,
    /// An OFFLINE source: the console has no windows for it; OCP checks the point.
    CheckedByOcp,
    Missing,
    /// No source tenant yet: there are no windows to check the point against.
    NoSource,
    /// After the server's now.
    Future,
    /// In a gap or beyond every window: the nearest valid points on each side.
    Outside {
        before_us: Option<i64>,
        after_us: Option<i64>,
    },
    /// The source tenant has no window at all.
    NoWindow,
}

impl PointVerdict {
    pub fn passes(&self) -> bool {
        matches!(self, PointVerdict::Inside | PointVerdict::CheckedByOcp)
    }
}

/// Checks a point (epoch µs) against the source tenant's windows (`None` for an OFFLINE source)
/// to the microsecond, never snapping: a typed point is taken exactly as typed.
pub fn check_point(
    at_us: Option<i64>,
    windows: Option<&RecoverableWindows>,
    now_us: i64,
) -> PointVerdict {
    let Some(t) = at_us else {
        return PointVerdict::Missing;
    };
    if t > now_us {
        return PointVerdict::Future;
    }
    let Some(windows) = windows else {
        return PointVerdict::CheckedByOcp;
    };
    match windows.pick(t, 0) {
        Pick::Inside(_) => PointVerdict::Inside,
        Pick::NoWindow => PointVerdict::NoWindow,
        Pick::Refused {
            before_us,
            after_us,
            ..
        } => PointVerdict::Outside {
            before_us,
            after_us,
        },
        // A snap distance of 0 never snaps; kept exact for completeness.
        Pick::Snapped { at_us, asked_us } => PointVerdict::Outside {
            before_us: (at_us < asked_us).then_some(at_us),
            after_us: (at_us > asked_us).then_some(at_us),
        },
    }
}

/// Why the zone plan cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZonesProblem {
    NoZone,
    /// A zone lacks its replica type, unit spec or unit count.
    Incomplete(String),
    /// A zone the target cluster does not have.
    UnknownZone(String),
    /// A unit spec `/unitSpecs` does not list: (zone, spec).
    UnknownSpec(String, String),
    /// OB >= 4.0 and the zones' unit counts differ.
    UnequalUnits,
    /// A tenant needs at least one FULL replica.
    NoFullReplica,
    /// The primary zone names a zone the tenant does not use.
    PrimaryUnknownZone(String),
    /// A zone of the primary zone's first priority is not a FULL replica (only FULL replicas
    /// can be leaders).
    PrimaryNotFull(String),
}

/// Checks the zones of the plan against the target's zones and version and the unit specs.
pub fn check_zones(
    zones: &[ZonePlan],
    primary: Option<&str>,
    target: &Cluster,
    specs: &[UnitSpec],
) -> Result<(), ZonesProblem> {
    if zones.is_empty() {
        return Err(ZonesProblem::NoZone);
    }
    for z in zones {
        if !target.zones.iter().any(|t| t.name == z.name) {
            return Err(ZonesProblem::UnknownZone(z.name.clone()));
        }
        let (Some(spec), Some(_)) = (&z.spec, z.units) else {
            return Err(ZonesProblem::Incomplete(z.name.clone()));
        };
        if !z.replica.is_known() {
            return Err(ZonesProblem::Incomplete(z.name.clone()));
        }
        if !specs.iter().any(|s| &s.name == spec) {
            return Err(ZonesProblem::UnknownSpec(z.name.clone(), spec.clone()));
        }
    }
    if same_units_everywhere(target.ob_version.as_deref())
        && zones.iter().any(|z| z.units != zones[0].units)
    {
        return Err(ZonesProblem::UnequalUnits);
    }
    if !zones.iter().any(|z| z.replica == ReplicaType::Full) {
        return Err(ZonesProblem::NoFullReplica);
    }
    let order = PrimaryOrder::parse(primary.unwrap_or(""));
    for (level, names) in order.levels().iter().enumerate() {
        for name in names {
            let Some(z) = zones.iter().find(|z| &z.name == name) else {
                return Err(ZonesProblem::PrimaryUnknownZone(name.clone()));
            };
            if level == 0 && z.replica != ReplicaType::Full {
                return Err(ZonesProblem::PrimaryNotFull(name.clone()));
            }
        }
    }
    Ok(())
}

/// The primary-zone order as a list: each zone, and whether it has the same priority as the
/// zone before it (`z1;z2,z3` is `z1`, `z2`, `z3` tied with `z2`: `;` lowers the priority,
/// `,` keeps it). The first zone is never tied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrimaryOrder(Vec<(String, bool)>);

impl PrimaryOrder {
    pub fn parse(s: &str) -> Self {
        let mut out = Vec::new();
        for level in s.split(';') {
            let mut first_of_level = true;
            for z in level.split(',').map(str::trim).filter(|z| !z.is_empty()) {
                out.push((z.to_owned(), !first_of_level && !out.is_empty()));
                first_of_level = false;
            }
        }
        PrimaryOrder(out)
    }

    pub fn to_wire(&self) -> String {
        let mut s = String::new();
        for (i, (z, tied)) in self.0.iter().enumerate() {
            if i > 0 {
                s.push(if *tied { ',' } else { ';' });
            }
            s.push_str(z);
        }
        s
    }

    /// The zones by priority level, highest first.
    pub fn levels(&self) -> Vec<Vec<String>> {
        let mut levels: Vec<Vec<String>> = Vec::new();
        for (z, tied) in &self.0 {
            match levels.last_mut() {
                Some(level) if *tied => level.push(z.clone()),
                _ => levels.push(vec![z.clone()]),
            }
        }
        levels
    }

    /// Each zone and whether it is tied with the one before it, in order.
    pub fn items(&self) -> &[(String, bool)] {
        &self.0
    }

    /// Keeps only `used` zones, each once, and appends the used zones it lacks, each on a new
    /// lowest level, in `used`'s order.
    pub fn synced(&self, used: &[String]) -> Self {
        let mut out: Vec<(String, bool)> = Vec::new();
        // Level by level, so a zone whose tie partner leaves keeps its own priority.
        for level in self.levels() {
            let mut first = true;
            for z in level {
                if used.contains(&z) && !out.iter().any(|(o, _)| *o == z) {
                    out.push((z, !first));
                    first = false;
                }
            }
        }
        for z in used {
            if !out.iter().any(|(o, _)| o == z) {
                out.push((z.clone(), false));
            }
        }
        Self::normalized(out)
    }

    /// Moves `zone` one place earlier (a keyboard or drag step); each zone keeps its tie.
    pub fn move_up(&self, zone: &str) -> Self {
        let mut items = self.0.clone();
        if let Some(i) = items.iter().position(|(z, _)| z == zone).filter(|i| *i > 0) {
            items.swap(i, i - 1);
        }
        Self::normalized(items)
    }

    /// Moves `zone` one place later.
    pub fn move_down(&self, zone: &str) -> Self {
        let mut items = self.0.clone();
        if let Some(i) = items
            .iter()
            .position(|(z, _)| z == zone)
            .filter(|i| i + 1 < self.0.len())
        {
            items.swap(i, i + 1);
        }
        Self::normalized(items)
    }

    /// Moves `zone` to `index` (a drop), each zone keeping its tie.
    pub fn move_to(&self, zone: &str, index: usize) -> Self {
        let mut items = self.0.clone();
        if let Some(i) = items.iter().position(|(z, _)| z == zone) {
            let item = items.remove(i);
            items.insert(index.min(items.len()), item);
        }
        Self::normalized(items)
    }

    /// Gives `zone` the same priority as the zone before it, or a lower one.
    pub fn set_tied(&self, zone: &str, tied: bool) -> Self {
        let items = self
            .0
            .iter()
            .map(|(z, t)| (z.clone(), if z == zone { tied } else { *t }))
            .collect();
        Self::normalized(items)
    }

    fn normalized(mut items: Vec<(String, bool)>) -> Self {
        if let Some(first) = items.first_mut() {
            first.1 = false;
        }
        PrimaryOrder(items)
    }
}

/// Everything the review step checks; submit is possible only when all pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preflight {
    pub point: PointVerdict,
    pub target: Result<(), TargetProblem>,
    pub name: Result<(), TenantNameProblem>,
    pub zones: Result<(), ZonesProblem>,
}

impl Preflight {
    pub fn all_pass(&self) -> bool {
        self.point.passes() && self.target.is_ok() && self.name.is_ok() && self.zones.is_ok()
    }
}

/// What the pre-flight reads: the source's windows and version, the target, its tenants'
/// names and the unit specs, and the server's now (µs).
pub struct PreflightFacts<'a> {
    /// `None` for an OFFLINE source.
    pub windows: Option<&'a RecoverableWindows>,
    pub source_version: Option<&'a str>,
    pub target: &'a Cluster,
    pub target_tenants: &'a [String],
    pub specs: &'a [UnitSpec],
    pub now_us: i64,
}

pub fn preflight(q: &RestoreQuery, f: &PreflightFacts<'_>) -> Preflight {
    Preflight {
        point: check_point(q.at.map(|t| t.timestamp_micros()), f.windows, f.now_us),
        target: target_problem(f.target, f.source_version).map_or(Ok(()), Err),
        name: check_tenant_name(
            q.name.as_deref().unwrap_or(""),
            f.target_tenants.iter().map(String::as_str),
        ),
        zones: check_zones(&q.zones, q.primary.as_deref(), f.target, f.specs),
    }
}

/// The exact request body (ocp-api.md 2.6), or `None` while a choice is missing. An ONLINE
/// restore names the source cluster; an OFFLINE one carries `keys` (held in memory only).
pub fn restore_request(
    q: &RestoreQuery,
    source_cluster_id: i64,
    keys: Option<AccessKey>,
) -> Option<RestoreParam> {
    let zones = q
        .zones
        .iter()
        .map(|z| {
            Some(RestoreZone {
                name: z.name.clone(),
                replica_type: z.replica.clone(),
                resource_pool: ResourcePool {
                    unit_spec_name: z.spec.clone()?,
                    unit_count: z.units?,
                },
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let info = RestoreTenantInfo {
        name: q.name.clone()?,
        primary_zone: q.primary.clone().filter(|p| !p.trim().is_empty()),
        zones,
    };
    let at = q.at?;
    let restore_cluster_id = q.target?;
    Some(match &q.offline {
        None => RestoreParam {
            backup_tenant_status: BackupTenantStatus::Online,
            restore_online_tenant_required_param: Some(OnlineRestoreParam {
                backup_cluster_id: source_cluster_id,
                backup_tenant_id: q.tenant?,
                restore_cluster_id,
                restore_end_time: at,
                restore_tenant_info_param: info,
            }),
            restore_offline_tenant_required_param: None,
        },
        Some(o) => {
            let mut storage = StorageBaseInfo {
                backup_storage_type: o.storage.clone(),
                storage_url: Some(o.path.trim().to_owned()),
                oss_access_key: None,
                cos_access_key: None,
                s3_access_key: None,
            };
            storage.set_access_key(keys);
            RestoreParam {
                backup_tenant_status: BackupTenantStatus::Offline,
                restore_online_tenant_required_param: None,
                restore_offline_tenant_required_param: Some(OfflineRestoreParam {
                    backup_mode: BackupMode::Physical,
                    backup_cluster_name: o.cluster_name.trim().to_owned(),
                    backup_tenant_name: o.tenant_name.trim().to_owned(),
                    restore_cluster_id,
                    ob_backup_storage_base_info: storage,
                    restore_end_time: at,
                    restore_tenant_info_param: info,
                }),
            }
        }
    })
}

/// How the point a finished restore reports (`restoreEndTime` of its row) compares with the
/// point asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoredPoint {
    /// The same instant at the row's precision.
    Same,
    /// A different instant: `(asked_us, reported_us)`.
    Differs { asked_us: i64, reported_us: i64 },
    /// The row does not say.
    Unknown,
}

/// Compares at the row's precision: task rows carry milliseconds (ocp-api.md 1.5), so a
/// reported time with no sub-millisecond digits matches an asked time in the same
/// millisecond (OceanBase keeps the microseconds; the row only prints fewer).
pub fn compare_restored_point(asked_us: i64, reported_us: Option<i64>) -> RestoredPoint {
    let Some(reported_us) = reported_us else {
        return RestoredPoint::Unknown;
    };
    let unit = if reported_us % 1000 == 0 { 1000 } else { 1 };
    if asked_us.div_euclid(unit) == reported_us.div_euclid(unit) {
        RestoredPoint::Same
    } else {
        RestoredPoint::Differs {
            asked_us,
            reported_us,
        }
    }
}

#[cfg(test)]
mod tests;
