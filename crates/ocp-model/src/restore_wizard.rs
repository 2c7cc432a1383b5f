//! The restore wizard's state (`/clusters/:id/restore?step=…`, product.md): one query type,
//! parsed and printed by pure functions, so Back, Forward, a reload or a shared link land on a
//! valid step with every choice kept; and the checks its steps make before anything is sent.

use crate::restore::ReplicaType;
use crate::time::RecoverableTime;
use std::cmp::Ordering;

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

/// One zone of the new tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZonePlan {
    pub name: String,
    pub replica: ReplicaType,
}

/// Every choice of the wizard, as its URL carries it. Secrets never go here (an OFFLINE
/// restore's storage keys are asked on the last step).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreQuery {
    pub step: RestoreStep,
    /// The source tenant (OCP's tenant id).
    pub tenant: Option<i64>,
    /// The point to restore to, to the microsecond, with the offset it was chosen in.
    pub at: Option<RecoverableTime>,
    /// The target cluster.
    pub target: Option<i64>,
    /// The new tenant's name.
    pub name: Option<String>,
    /// Unit spec name (`/api/v2/ob/unitSpecs`).
    pub spec: Option<String>,
    /// Units per zone.
    pub units: Option<u32>,
    pub zones: Vec<ZonePlan>,
    /// Primary-zone order as OCP writes it: `,` same priority, `;` lower (`z1;z2,z3`).
    pub primary: Option<String>,
}

impl RestoreQuery {
    /// Reads the query string's pairs (percent-decoded). Values that cannot be read are
    /// dropped, so a hand-edited link still opens a valid step.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = RestoreQuery::default();
        let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        for (k, v) in pairs {
            match k {
                "step" => q.step = RestoreStep::from_query(v).unwrap_or_default(),
                "tenant" => q.tenant = v.trim().parse().ok(),
                "at" => q.at = RecoverableTime::parse(v).ok(),
                "target" => q.target = v.trim().parse().ok(),
                "name" => q.name = text(v),
                "spec" => q.spec = text(v),
                "units" => q.units = v.trim().parse().ok().filter(|n| *n > 0),
                "zones" => {
                    q.zones = v
                        .split(',')
                        .filter_map(|z| {
                            let (name, replica) = z.split_once(':')?;
                            Some(ZonePlan {
                                name: text(name)?,
                                replica: ReplicaType::from_wire(replica.trim()),
                            })
                        })
                        .collect()
                }
                "primary" => q.primary = text(v),
                _ => {}
            }
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
        put("at", self.at.map(|t| t.to_wire()));
        put("target", self.target.map(|t| t.to_string()));
        put("name", self.name.clone());
        put("spec", self.spec.clone());
        put("units", self.units.map(|u| u.to_string()));
        put(
            "zones",
            (!self.zones.is_empty()).then(|| {
                self.zones
                    .iter()
                    .map(|z| format!("{}:{}", z.name, z.replica.as_str()))
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        );
        put("primary", self.primary.clone());
        out
    }

    /// The first step whose required choices are missing, `Review` when none is.
    pub fn first_incomplete(&self) -> RestoreStep {
        if self.tenant.is_none() || self.at.is_none() {
            RestoreStep::Source
        } else if self.target.is_none() || self.name.is_none() {
            RestoreStep::Target
        } else if self.spec.is_none() || self.units.is_none() || self.zones.is_empty() {
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

    #[test]
    fn the_wizard_reads_back_what_it_writes_to_the_microsecond() {
        let q = RestoreQuery {
            step: RestoreStep::Zones,
            tenant: Some(1_000_012),
            at: RecoverableTime::parse("2026-11-29T10:00:00.123456+08:00").ok(),
            target: Some(1_000_006),
            name: Some("trade_restored".into()),
            spec: Some("S1".into()),
            units: Some(2),
            zones: vec![
                ZonePlan {
                    name: "zone1".into(),
                    replica: ReplicaType::Full,
                },
                ZonePlan {
                    name: "zone2".into(),
                    replica: ReplicaType::ReadOnly,
                },
            ],
            primary: Some("zone1;zone2".into()),
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
                ("spec", "S1".to_owned()),
                ("units", "2".to_owned()),
                ("zones", "zone1:FULL,zone2:READONLY".to_owned()),
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
        // Garbage is dropped, not trusted.
        let q = RestoreQuery::from_pairs([
            ("step", "launch"),
            ("units", "0"),
            ("at", "noon"),
            ("zones", "nozone,:FULL"),
            ("name", "  "),
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
