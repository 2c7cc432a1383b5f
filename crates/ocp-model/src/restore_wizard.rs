//! The restore wizard's state (`/clusters/:id/restore?step=…`, product.md): one query type,
//! parsed and printed by pure functions, so Back, Forward, a reload or a shared link land on a
//! valid step with every choice kept; and the checks its steps make before anything is sent.

use crate::backup::StorageType;
use crate::restore::ReplicaType;
use crate::time::RecoverableTime;
use std::cmp::Ordering;

mod plan;
pub use plan::*;

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RestoreStep {
    /// Source tenant and point in time.
    #[default]
    Source,
    /// Target cluster and the new tenant's name.
    Target,
    /// Zones: replica type, unit spec and count, primary-zone order.
    Zones,
    /// Everything in plain words, the checks, the request.
    Review,
}

impl RestoreStep {
    pub const ALL: [RestoreStep; 4] = [
        RestoreStep::Source,
        RestoreStep::Target,
        RestoreStep::Zones,
        RestoreStep::Review,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RestoreStep::Source => "source",
            RestoreStep::Target => "target",
            RestoreStep::Zones => "zones",
            RestoreStep::Review => "review",
        }
    }

    pub fn from_query(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One zone of the new tenant: its replica type and resource pool. A zone of the target that
/// the tenant does not use has no plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZonePlan {
    pub name: String,
    pub replica: ReplicaType,
    /// Unit spec name (`/api/v2/ob/unitSpecs`).
    pub spec: Option<String>,
    /// Units in this zone (OB >= 4.0: the same in every zone).
    pub units: Option<u32>,
}

impl ZonePlan {
    /// `zone1:FULL:S1:2`; an unset spec or count is left empty (`zone1:FULL::`).
    fn to_wire(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.name,
            self.replica.as_str(),
            self.spec.as_deref().unwrap_or(""),
            self.units.map(|u| u.to_string()).unwrap_or_default()
        )
    }

    fn from_wire(s: &str) -> Option<Self> {
        let mut parts = s.split(':').map(str::trim);
        let name = parts.next().filter(|n| !n.is_empty())?.to_owned();
        let replica = ReplicaType::from_wire(parts.next()?);
        let spec = parts.next().filter(|s| !s.is_empty()).map(str::to_owned);
        // A count the server would refuse (0, more than the maximum) is no count.
        let units = parts
            .next()
            .and_then(|u| u.parse().ok())
            .filter(|u| crate::validate::bounds::UNIT_COUNT.contains(u));
        Some(ZonePlan {
            name,
            replica,
            spec,
            units,
        })
    }

    fn is_complete(&self) -> bool {
        self.replica.is_known() && self.spec.is_some() && self.units.is_some()
    }
}

/// An OFFLINE restore's source (ocp-api.md 2.6): a backup at a storage path, of a cluster and
/// tenant OCP does not manage. The storage's access keys are never kept here: they are asked
/// on the review step and held in memory only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfflineSource {
    pub cluster_name: String,
    pub tenant_name: String,
    /// `BACKUP_STORAGE_FILE` | `…_OSS` | `…_COS` | `…_S3`.
    pub storage: StorageType,
    /// The path without its scheme (`/obbackup`, `bucket/dir?host=…`), as the strategy editor
    /// takes it; credentials in it are refused.
    pub path: String,
}

impl OfflineSource {
    /// The path carries credentials (`access_key=…`, `user:pass@`): refused, since the URL
    /// would then hold a secret; the keys go in their own fields.
    /// A path whose credentials were masked on the way into the URL still counts.
    pub fn path_has_credentials(&self) -> bool {
        crate::secrets::has_credentials(&self.path)
    }
}

impl OfflineSource {
    /// The path starts with a scheme (`oss://…`): OCP wants it without (the storage type
    /// says it), and refuses it only on submit (BAK10002).
    pub fn path_has_scheme(&self) -> bool {
        self.path.contains("://")
    }
}

impl Default for OfflineSource {
    fn default() -> Self {
        OfflineSource {
            cluster_name: String::new(),
            tenant_name: String::new(),
            storage: StorageType::File,
            path: String::new(),
        }
    }
}

/// Every choice of the wizard, as its URL carries it. Secrets never go here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreQuery {
    pub step: RestoreStep,
    /// The source tenant (OCP's tenant id), for an ONLINE restore.
    pub tenant: Option<i64>,
    /// An OFFLINE restore's source, instead of `tenant`.
    pub offline: Option<OfflineSource>,
    /// The point to restore to, to the microsecond, with the offset it was chosen in.
    pub at: Option<RecoverableTime>,
    /// The target cluster.
    pub target: Option<i64>,
    /// The new tenant's name, as typed (checked, never trimmed silently).
    pub name: Option<String>,
    pub zones: Vec<ZonePlan>,
    /// Primary-zone order as OCP writes it: `,` same priority, `;` lower (`z1;z2,z3`).
    pub primary: Option<String>,
    /// The OCP task of the restore once submitted: the page follows it instead of asking.
    pub job: Option<i64>,
    /// Opened from a tenant's page (`from=tenant`): the source tenant's windows are read from
    /// its own `/backup/info` (ocp-api.md 2b.8), which a tenant with its own strategy needs.
    pub from_tenant: bool,
}

impl RestoreQuery {
    /// The scope whose `/backup/info` holds the source windows: the chosen tenant's when the
    /// wizard was opened from its page, else the source cluster's.
    pub fn windows_scope(&self, cluster_id: i64) -> crate::scope::BackupScope {
        match (self.from_tenant, self.tenant) {
            (true, Some(tenant_id)) => crate::scope::BackupScope::Tenant {
                cluster_id,
                tenant_id,
            },
            _ => crate::scope::BackupScope::Cluster { cluster_id },
        }
    }
}

impl RestoreQuery {
    /// Reads the query string's pairs (percent-decoded). Values that cannot be read are
    /// dropped, so a hand-edited link still opens a valid step.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = RestoreQuery::default();
        let mut offline = OfflineSource::default();
        let mut is_offline = false;
        let text = |v: &str| Some(v.to_owned()).filter(|v| !v.trim().is_empty());
        for (k, v) in pairs {
            match k {
                "step" => q.step = RestoreStep::from_query(v).unwrap_or_default(),
                "tenant" => q.tenant = v.trim().parse().ok(),
                "at" => q.at = RecoverableTime::parse(v).ok(),
                "target" => q.target = v.trim().parse().ok(),
                "name" => q.name = text(v),
                "zones" => q.zones = v.split(',').filter_map(ZonePlan::from_wire).collect(),
                "primary" => q.primary = text(v),
                "job" => q.job = v.trim().parse().ok(),
                "from" => q.from_tenant = v == "tenant",
                "source" => is_offline = v == "offline",
                "srcCluster" => offline.cluster_name = v.to_owned(),
                "srcTenant" => offline.tenant_name = v.to_owned(),
                "storage" => offline.storage = StorageType::from_wire(v),
                "path" => offline.path = v.to_owned(),
                _ => {}
            }
        }
        if is_offline {
            q.tenant = None;
            q.offline = Some(offline);
        }
        q
    }

    /// The query string's pairs, unset ones left out, in a fixed order. The point is written
    /// to the microsecond with its offset (`2026-11-29T10:00:00.123456+08:00`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("step", self.step.as_str().to_owned())];
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        put("tenant", self.tenant.map(|t| t.to_string()));
        put("from", self.from_tenant.then(|| "tenant".to_owned()));
        if let Some(o) = &self.offline {
            put("source", Some("offline".to_owned()));
            put("srcCluster", Some(o.cluster_name.clone()));
            put("srcTenant", Some(o.tenant_name.clone()));
            put("storage", Some(o.storage.as_str().to_owned()));
            put("path", Some(o.path.clone()));
        }
        put("at", self.at.map(|t| t.to_wire()));
        put("target", self.target.map(|t| t.to_string()));
        put("name", self.name.clone());
        put(
            "zones",
            (!self.zones.is_empty()).then(|| {
                self.zones
                    .iter()
                    .map(ZonePlan::to_wire)
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        );
        put("primary", self.primary.clone());
        put("job", self.job.map(|j| j.to_string()));
        out
    }

    /// Whether the source is chosen: a tenant (ONLINE) or a named backup at a path (OFFLINE).
    pub fn has_source(&self) -> bool {
        match &self.offline {
            Some(o) => {
                !o.cluster_name.trim().is_empty()
                    && !o.tenant_name.trim().is_empty()
                    && !o.path.trim().is_empty()
                    && !o.path_has_credentials()
                    && !o.path_has_scheme()
            }
            None => self.tenant.is_some(),
        }
    }

    /// The first step whose required choices are missing, `Review` when none is.
    pub fn first_incomplete(&self) -> RestoreStep {
        if !self.has_source() || self.at.is_none() {
            RestoreStep::Source
        } else if self.target.is_none() || self.name.is_none() {
            RestoreStep::Target
        } else if self.zones.is_empty() || !self.zones.iter().all(ZonePlan::is_complete) {
            RestoreStep::Zones
        } else {
            RestoreStep::Review
        }
    }

    /// The step to show: the one asked for, unless an earlier one still lacks a choice.
    pub fn shown_step(&self) -> RestoreStep {
        self.step.min(self.first_incomplete())
    }
}

/// Why a new tenant's name cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TenantNameProblem {
    Empty,
    /// Longer than [`TENANT_NAME_MAX_BYTES`].
    TooLong,
    /// Must begin with a letter or `_`.
    BadStart,
    /// Only letters, digits and `_`; the first character that is not.
    BadCharacter(char),
    /// `sys` is OceanBase's own tenant.
    Reserved,
    /// The target cluster already has a tenant of this name (compared ignoring case).
    Taken,
}

/// OceanBase's limit on a tenant name (`CREATE TENANT`: at most 64 bytes).
pub const TENANT_NAME_MAX_BYTES: usize = 64;

/// Checks a new tenant's name against OceanBase's rules (`CREATE TENANT`: letters, digits and
/// `_`, beginning with a letter or `_`, at most 64 bytes, not `sys`) and the target cluster's
/// tenants (`existing`).
pub fn check_tenant_name<'a>(
    name: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<(), TenantNameProblem> {
    let first = name.chars().next().ok_or(TenantNameProblem::Empty)?;
    if name.len() > TENANT_NAME_MAX_BYTES {
        return Err(TenantNameProblem::TooLong);
    }
    if !(first.is_ascii_alphabetic() || first == '_') {
        return Err(TenantNameProblem::BadStart);
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(TenantNameProblem::BadCharacter(c));
    }
    if name.eq_ignore_ascii_case("sys") {
        return Err(TenantNameProblem::Reserved);
    }
    if existing.into_iter().any(|e| e.eq_ignore_ascii_case(name)) {
        return Err(TenantNameProblem::Taken);
    }
    Ok(())
}

/// Compares OceanBase versions (`4.2.1.0` > `3.2.4` > `2.2.77`) part by part as numbers;
/// a missing part counts as 0 (`3.2` = `3.2.0`). `None` when either cannot be read, so a
/// target of unknown version is never taken for a suitable one.
pub fn compare_ob_versions(a: &str, b: &str) -> Option<Ordering> {
    let parts = |v: &str| -> Option<Vec<u64>> {
        // A build suffix (`4.2.1.0-100000102023111118`) does not order versions.
        let core = v.trim().split(['-', '_', ' ']).next()?;
        core.split('.').map(|p| p.parse().ok()).collect()
    };
    let (a, b) = (parts(a)?, parts(b)?);
    let n = a.len().max(b.len());
    let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    Some(
        (0..n)
            .map(|i| at(&a, i).cmp(&at(&b, i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A complete zone plan (also for the plan tests).
    pub(super) fn zone(name: &str, replica: ReplicaType, spec: &str, units: u32) -> ZonePlan {
        ZonePlan {
            name: name.into(),
            replica,
            spec: Some(spec.into()),
            units: Some(units),
        }
    }

    #[test]
    fn opened_from_a_tenant_the_windows_are_the_tenants() {
        let q = RestoreQuery::from_pairs([("tenant", "1000304"), ("from", "tenant")]);
        assert!(q.from_tenant);
        assert_eq!(
            q.windows_scope(1000003),
            crate::scope::BackupScope::Tenant {
                cluster_id: 1000003,
                tenant_id: 1000304
            }
        );
        let back = RestoreQuery::from_pairs(q.to_pairs().iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        // Without a tenant, or not from a tenant page: the cluster's windows.
        let q = RestoreQuery::from_pairs([("from", "tenant")]);
        assert!(!q.windows_scope(7).is_tenant());
        let q = RestoreQuery::from_pairs([("tenant", "5")]);
        assert!(!q.windows_scope(7).is_tenant());
    }

    #[test]
    fn the_wizard_reads_back_what_it_writes_to_the_microsecond() {
        let q = RestoreQuery {
            step: RestoreStep::Zones,
            tenant: Some(1_000_012),
            at: RecoverableTime::parse("2026-11-29T10:00:00.123456+08:00").ok(),
            target: Some(1_000_006),
            name: Some("trade_restored".into()),
            zones: vec![
                zone("zone1", ReplicaType::Full, "S1", 2),
                zone("zone2", ReplicaType::ReadOnly, "S2", 1),
            ],
            primary: Some("zone1;zone2".into()),
            ..Default::default()
        };
        let pairs = q.to_pairs();
        assert_eq!(
            pairs,
            vec![
                ("step", "zones".to_owned()),
                ("tenant", "1000012".to_owned()),
                ("at", "2026-11-29T10:00:00.123456+08:00".to_owned()),
                ("target", "1000006".to_owned()),
                ("name", "trade_restored".to_owned()),
                ("zones", "zone1:FULL:S1:2,zone2:READONLY:S2:1".to_owned()),
                ("primary", "zone1;zone2".to_owned()),
            ]
        );
        let back = RestoreQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert_eq!(
            back.at.unwrap().timestamp_micros() % 1_000_000,
            123_456,
            "microseconds kept"
        );
    }

    #[test]
    fn a_unit_count_the_server_would_refuse_is_no_count() {
        let q = RestoreQuery::from_pairs([("zones", "z1:FULL:S1:64,z2:FULL:S1:65,z3:FULL:S1:0")]);
        let units: Vec<_> = q.zones.iter().map(|z| z.units).collect();
        assert_eq!(units, vec![Some(64), None, None]);
    }

    #[test]
    fn an_offline_source_and_a_followed_job_survive_the_url() {
        let q = RestoreQuery {
            step: RestoreStep::Review,
            offline: Some(OfflineSource {
                cluster_name: "old cluster".into(),
                tenant_name: "trade".into(),
                storage: StorageType::Oss,
                path: "bucket/dir?host=oss.example.com".into(),
            }),
            at: RecoverableTime::parse("2026-11-29T10:00:00.000001Z").ok(),
            job: Some(42),
            ..Default::default()
        };
        let pairs = q.to_pairs();
        assert!(pairs.contains(&("storage", "BACKUP_STORAGE_OSS".to_owned())));
        let back = RestoreQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert!(back.has_source());
        assert_eq!(back.first_incomplete(), RestoreStep::Target);
        // A path with a key in it is no source: the key would sit in the URL.
        let mut leaky = back.clone();
        if let Some(o) = leaky.offline.as_mut() {
            o.path = "bucket/dir?host=h&access_id=AK&access_key=SECRET".into();
        }
        assert!(!leaky.has_source());
        if let Some(o) = leaky.offline.as_mut() {
            o.path = crate::secrets::redact(&o.path);
        }
        assert!(!leaky.has_source(), "masked is still refused: {leaky:?}");
        let mut schemed = back.clone();
        if let Some(o) = schemed.offline.as_mut() {
            o.path = "oss://bucket/dir".into();
        }
        assert!(!schemed.has_source());
        let masked =
            crate::secrets::redact("bucket/b?host=h&access_id=AKID123&access_key=SuperSecret99");
        assert!(
            !masked.contains("AKID123") && !masked.contains("SuperSecret99"),
            "{masked}"
        );
    }

    #[test]
    fn a_link_lands_on_the_first_step_that_lacks_a_choice() {
        let q = RestoreQuery::from_pairs([("step", "review"), ("tenant", "7")]);
        assert_eq!(q.shown_step(), RestoreStep::Source);
        let q = RestoreQuery::from_pairs([
            ("step", "review"),
            ("tenant", "7"),
            ("at", "2026-11-29T10:00:00Z"),
        ]);
        assert_eq!(q.shown_step(), RestoreStep::Target);
        // Asking for an earlier step is always fine.
        let q = RestoreQuery::from_pairs([
            ("step", "source"),
            ("tenant", "7"),
            ("at", "2026-11-29T10:00:00Z"),
            ("target", "8"),
            ("name", "t"),
        ]);
        assert_eq!(q.shown_step(), RestoreStep::Source);
        assert_eq!(q.first_incomplete(), RestoreStep::Zones);
        // A zone without its spec or count is not a complete plan.
        let q = RestoreQuery::from_pairs([
            ("step", "review"),
            ("tenant", "7"),
            ("at", "2026-11-29T10:00:00Z"),
            ("target", "8"),
            ("name", "t"),
            ("zones", "zone1:FULL:S1:1,zone2:FULL::"),
        ]);
        assert_eq!(q.shown_step(), RestoreStep::Zones);
        assert_eq!(q.zones[1].spec, None);
        // Garbage is dropped, not trusted.
        let q = RestoreQuery::from_pairs([
            ("step", "launch"),
            ("at", "noon"),
            ("zones", ",:FULL"),
            ("name", "  "),
            ("job", "x"),
        ]);
        assert_eq!(q, RestoreQuery::default());
    }

    #[test]
    fn tenant_names_follow_oceanbases_rules_and_the_targets_tenants() {
        use TenantNameProblem::*;
        let existing = ["trade", "Pay_2"];
        assert_eq!(check_tenant_name("trade_restored", existing), Ok(()));
        assert_eq!(check_tenant_name("_t1", existing), Ok(()));
        assert_eq!(check_tenant_name("", existing), Err(Empty));
        assert_eq!(check_tenant_name("1trade", existing), Err(BadStart));
        assert_eq!(
            check_tenant_name("trade-2", existing),
            Err(BadCharacter('-'))
        );
        assert_eq!(check_tenant_name("交易", existing), Err(BadStart));
        assert_eq!(check_tenant_name("SYS", existing), Err(Reserved));
        assert_eq!(check_tenant_name("TRADE", existing), Err(Taken));
        assert_eq!(check_tenant_name("pay_2", existing), Err(Taken));
        assert_eq!(check_tenant_name(&"a".repeat(64), existing), Ok(()));
        assert_eq!(check_tenant_name(&"a".repeat(65), existing), Err(TooLong));
    }

    #[test]
    fn versions_compare_part_by_part() {
        use Ordering::*;
        assert_eq!(compare_ob_versions("4.2.1.0", "3.2.4"), Some(Greater));
        assert_eq!(compare_ob_versions("2.2.77", "2.2.8"), Some(Greater));
        assert_eq!(compare_ob_versions("3.2", "3.2.0"), Some(Equal));
        assert_eq!(compare_ob_versions("3.1.4", "4.2.1.0"), Some(Less));
        assert_eq!(
            compare_ob_versions("4.2.1.0-100000102023111118", "4.2.1.0"),
            Some(Equal)
        );
        assert_eq!(compare_ob_versions("", "4.2"), None);
        assert_eq!(compare_ob_versions("4.x", "4.2"), None);
    }
}
