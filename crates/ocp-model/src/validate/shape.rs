//! The shape of a request body, checked on its JSON before it is typed: every required field
//! present, every present field of the right JSON type. Every problem is found (not just the
//! first one a deserializer stumbles on), each a [`Violation`] with the field's JSON path
//! (`restoreOnlineTenantRequiredParam.restoreTenantInfoParam.zones[0].resourcePool.unitCount`)
//! and the value that was sent.
//!
//! The field lists below mirror the request types (`StrategyParam`, `BackupNowParam`,
//! `RestoreParam` and what they hold): a body with no problems deserializes into its type.
//! Codes: a required field missing (or null) is BAK10002, like the rules' own "is required";
//! a value of the wrong type is COM10001; a time of day that cannot be read is BAK21007, the
//! rule's own code. Values are not judged here (an unknown backup mode is a string and fine):
//! that is the rules' work, with their own codes.

use super::{check_time_text, codes, required, Violation};
use crate::time::StampTime;
use serde::Deserialize;
use serde_json::Value;

/// What a field holds.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A string (open enums too: which values are known is for the rules).
    Text,
    Bool,
    /// A whole number from 0 to 4294967295 (days, minutes, seconds, percent, counts).
    Count,
    /// A 64-bit integer (ids).
    Long,
    /// A date-time in any style of ocp-api.md 1.5 (or epoch milliseconds).
    DateTime,
    /// A time of day with its offset, `02:00:00.000+08:00`.
    TimeOfDay,
    Object(&'static [Field]),
    List(&'static Kind),
    /// An object keyed by day numbers as strings (`"2"`), each value a string.
    DayMap,
}

/// Whether a field may be left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Present and not null.
    Required,
    /// May be absent or null.
    Optional,
    /// May be absent (a default applies) but not null.
    Defaulted,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub presence: Presence,
}

const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        presence: Presence::Required,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        presence: Presence::Optional,
    }
}

const fn def(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        presence: Presence::Defaulted,
    }
}

use Kind::*;

/// `AccessKey` (ossAccessKey, cosAccessKey, s3AccessKey).
pub static ACCESS_KEY: &[Field] = &[
    opt("endpoint", Text),
    opt("accessKeyId", Text),
    opt("accessKeySecret", Text),
    opt("appId", Text),
    opt("region", Text),
];

/// `obBackupStorageBaseInfo`.
pub static STORAGE_BASE_INFO: &[Field] = &[
    req("backupStorageType", Text),
    opt("storageUrl", Text),
    opt("ossAccessKey", Object(ACCESS_KEY)),
    opt("cosAccessKey", Object(ACCESS_KEY)),
    opt("s3AccessKey", Object(ACCESS_KEY)),
];

/// `obBackupServiceStorageConfig`.
pub static STORAGE_CONFIG: &[Field] = &[
    opt("configName", Text),
    opt("storageId", Long),
    opt("serviceName", Text),
    opt("alarmStoragePercentageThreshold", Count),
    opt("obBackupStorageBaseInfo", Object(STORAGE_BASE_INFO)),
];

/// `obBackupScheduleConfig`.
pub static SCHEDULE_CONFIG: &[Field] = &[
    opt("backupScheduleMode", Text),
    opt("backupScheduleEnabled", Bool),
    opt("backupScheduleTime", TimeOfDay),
    opt("dayAndDataBackupModelMap", DayMap),
    opt("startLogBackup", Bool),
    opt("cleanEnabled", Bool),
    opt("backupDataRetentionDays", Count),
    opt("cleanScheduleTime", TimeOfDay),
];

/// `obBackupThresholdConfig`.
pub static THRESHOLD_CONFIG: &[Field] = &[
    opt("dataBackupTimeoutMinutes", Count),
    opt("noSuccessfulDataBackupAlarmDays", Count),
    opt("logBackupDelaySeconds", Count),
    opt("libObLogExpireDays", Count),
];

pub static SECONDARY_SCHEDULE_CONFIG: &[Field] = &[
    opt("dataBackupScheduleEnabled", Bool),
    opt("logBackupScheduleEnabled", Bool),
    opt("logSecondaryBackupPeriod", Text),
];

/// `obSecondaryBackupConfig`.
pub static SECONDARY_CONFIG: &[Field] = &[
    opt("storageConfig", Object(STORAGE_CONFIG)),
    opt("scheduleConfig", Object(SECONDARY_SCHEDULE_CONFIG)),
];

/// `{clusterId, tenantId, backupDimension}`.
pub static BACKUP_OBJECT: &[Field] = &[
    req("clusterId", Long),
    opt("tenantId", Long),
    req("backupDimension", Text),
];

/// POST and PATCH `/backup/config/backupStrategy`. Nothing is required by shape: what a new
/// strategy needs is for the rules (`validate_strategy`), which name it with OCP's codes.
pub static STRATEGY_PARAM: &[Field] = &[
    opt("backupMode", Text),
    opt("obBackupScheduleConfig", Object(SCHEDULE_CONFIG)),
    opt("obBackupThresholdConfig", Object(THRESHOLD_CONFIG)),
    opt("obBackupServiceStorageConfig", Object(STORAGE_CONFIG)),
    opt("secondaryBackupEnabled", Bool),
    opt("obSecondaryBackupConfig", Object(SECONDARY_CONFIG)),
    def("obBackupObjectList", List(&Object(BACKUP_OBJECT))),
];

/// POST `/backup/backupNow`: the storage and the object default to the strategy's and the
/// path's.
pub static BACKUP_NOW_PARAM: &[Field] = &[
    req("backupMode", Text),
    req("dataBackupMode", Text),
    opt("obBackupServiceStorageConfig", Object(STORAGE_CONFIG)),
    opt("obBackupObject", Object(BACKUP_OBJECT)),
];

pub static RESOURCE_POOL: &[Field] = &[req("unitSpecName", Text), req("unitCount", Count)];

pub static RESTORE_ZONE: &[Field] = &[
    req("name", Text),
    req("replicaType", Text),
    req("resourcePool", Object(RESOURCE_POOL)),
];

/// `restoreTenantInfoParam`: the new tenant.
pub static RESTORE_TENANT_INFO: &[Field] = &[
    req("name", Text),
    opt("primaryZone", Text),
    req("zones", List(&Object(RESTORE_ZONE))),
];

/// `restoreOnlineTenantRequiredParam`.
pub static ONLINE_RESTORE: &[Field] = &[
    req("backupClusterId", Long),
    req("backupTenantId", Long),
    req("restoreClusterId", Long),
    req("restoreEndTime", DateTime),
    req("restoreTenantInfoParam", Object(RESTORE_TENANT_INFO)),
];

/// `restoreOfflineTenantRequiredParam`.
pub static OFFLINE_RESTORE: &[Field] = &[
    req("backupMode", Text),
    req("backupClusterName", Text),
    req("backupTenantName", Text),
    req("restoreClusterId", Long),
    req("obBackupStorageBaseInfo", Object(STORAGE_BASE_INFO)),
    req("restoreEndTime", DateTime),
    req("restoreTenantInfoParam", Object(RESTORE_TENANT_INFO)),
];

/// POST `/backup/restore`; which of the two params is required depends on
/// `backupTenantStatus` (see [`check_restore`]).
pub static RESTORE_PARAM: &[Field] = &[
    req("backupTenantStatus", Text),
    opt("restoreOnlineTenantRequiredParam", Object(ONLINE_RESTORE)),
    opt("restoreOfflineTenantRequiredParam", Object(OFFLINE_RESTORE)),
];

/// What [`check`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// Every problem, in the order of the field lists.
    pub problems: Vec<Violation>,
    /// The values to leave out so that the rest can still be typed: for each problem, the
    /// nearest enclosing field that may be absent.
    cut: Vec<String>,
    /// A problem in a field nothing encloses that may be absent: the body cannot be typed.
    pub fatal: bool,
}

impl Checked {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// `body` without the values that have problems: it deserializes into the type the
    /// field list describes. `None` when no such body exists ([`Checked::fatal`]).
    pub fn usable(&self, body: &Value) -> Option<Value> {
        if self.fatal {
            return None;
        }
        let mut out = body.clone();
        for path in &self.cut {
            remove(&mut out, path);
        }
        Some(out)
    }

    /// The problems, then those `rules` (found on [`Checked::usable`]'s body) that are not
    /// about a value already refused here.
    pub fn with_rules(&self, rules: Vec<Violation>) -> Vec<Violation> {
        let mut out = self.problems.clone();
        out.extend(
            rules
                .into_iter()
                .filter(|r| !self.cut.iter().any(|c| within(&r.field, c))),
        );
        out
    }
}

/// Whether `field` is `root` or lies inside it.
fn within(field: &str, root: &str) -> bool {
    field == root
        || field
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Checks `body` (a JSON object) against `fields`.
pub fn check(body: &Value, fields: &'static [Field]) -> Checked {
    let mut c = Checked::default();
    if body.is_object() {
        object(&mut c, "", None, body, fields);
    } else {
        c.problems.push(wrong("", &Object(fields), body));
        c.fatal = true;
    }
    c
}

/// A restore body: [`RESTORE_PARAM`], and the param its `backupTenantStatus` names.
pub fn check_restore(body: &Value) -> Checked {
    let mut c = check(body, RESTORE_PARAM);
    let needs = match body.get("backupTenantStatus").and_then(Value::as_str) {
        Some("ONLINE") => "restoreOnlineTenantRequiredParam",
        Some("OFFLINE") => "restoreOfflineTenantRequiredParam",
        _ => return c,
    };
    if body.get(needs).is_none_or(Value::is_null) {
        c.problems.push(required(needs));
    }
    c
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

impl Checked {
    fn push(&mut self, v: Violation, cut: &Option<String>) {
        match cut {
            Some(c) => self.cut.push(c.clone()),
            None => self.fatal = true,
        }
        self.problems.push(v);
    }
}

/// `cut`: the nearest enclosing field that may be left out.
fn object(c: &mut Checked, prefix: &str, cut: Option<String>, value: &Value, fields: &[Field]) {
    let Some(map) = value.as_object() else {
        return;
    };
    for f in fields {
        let path = join(prefix, f.name);
        let here = match f.presence {
            Presence::Required => cut.clone(),
            Presence::Optional | Presence::Defaulted => Some(path.clone()),
        };
        match (map.get(f.name), f.presence) {
            (None, Presence::Required) | (Some(Value::Null), Presence::Required) => {
                c.push(required(&path), &here);
            }
            (None, _) | (Some(Value::Null), Presence::Optional) => {}
            (Some(x), _) => one(c, &path, &here, &f.kind, x),
        }
    }
}

fn one(c: &mut Checked, path: &str, cut: &Option<String>, kind: &Kind, x: &Value) {
    match kind {
        Object(fields) if x.is_object() => object(c, path, cut.clone(), x, fields),
        List(item) if x.is_array() => {
            for (i, e) in x.as_array().into_iter().flatten().enumerate() {
                one(c, &format!("{path}[{i}]"), cut, item, e);
            }
        }
        DayMap if x.is_object() => {
            for (day, mode) in x.as_object().into_iter().flatten() {
                let p = format!("{path}.{day}");
                if day.parse::<u8>().is_err() {
                    c.push(
                        Violation::new(
                            &p,
                            codes::PARAMETER,
                            format!("{path}: {day:?} is not a day number (1 to 31)."),
                            format!("{path}：{day:?} 不是日期编号（1 到 31）。"),
                        )
                        .rejecting(Value::String(day.clone())),
                        cut,
                    );
                } else if !mode.is_string() {
                    c.push(wrong(&p, &Text, mode), cut);
                }
            }
        }
        TimeOfDay if x.is_string() => {
            if let Err(v) = check_time_text(path, x.as_str().unwrap_or_default()) {
                c.push(v.rejecting(x.clone()), cut);
            }
        }
        Object(_) | List(_) | DayMap | TimeOfDay => c.push(wrong(path, kind, x), cut),
        leaf => {
            if !fits(leaf, x) {
                c.push(wrong(path, kind, x), cut);
            }
        }
    }
}

/// Whether `x` deserializes as the leaf `kind` does in the model (the same code decides).
fn fits(kind: &Kind, x: &Value) -> bool {
    match kind {
        Text => x.is_string(),
        Bool => x.is_boolean(),
        Count => u32::deserialize(x).is_ok(),
        Long => i64::deserialize(x).is_ok(),
        DateTime => StampTime::deserialize(x).is_ok(),
        _ => true,
    }
}

/// COM10001: `x` is not what `kind` holds.
fn wrong(path: &str, kind: &Kind, x: &Value) -> Violation {
    let (en, zh) = match kind {
        Text => ("text (a JSON string)", "文本（JSON 字符串）"),
        Bool => ("true or false", "true 或 false"),
        Count => (
            "a whole number from 0 to 4294967295",
            "0 到 4294967295 之间的整数",
        ),
        Long => ("an integer", "整数"),
        DateTime => (
            "a date-time such as 2021-09-20T10:00:00.000+08:00",
            "日期时间，例如 2021-09-20T10:00:00.000+08:00",
        ),
        TimeOfDay => (
            "a time of day such as 02:00:00.000+08:00",
            "时间，例如 02:00:00.000+08:00",
        ),
        Object(_) | DayMap => ("a JSON object", "JSON 对象"),
        List(_) => ("a list", "列表"),
    };
    let shown = shown(x);
    let name = if path.is_empty() { "The body" } else { path };
    let name_zh = if path.is_empty() { "请求体" } else { path };
    Violation::new(
        path,
        codes::PARAMETER,
        format!("{name} must be {en}, not {shown}."),
        format!("{name_zh} 应为{zh}，而不是 {shown}。"),
    )
    .rejecting(x.clone())
}

/// A value as a message shows it: short.
fn shown(x: &Value) -> String {
    let s = x.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// One step of a JSON path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `a.b[2].c` as steps; `None` when it cannot be read back.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Step::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The value at a JSON path of `subErrors` (`zones[0].resourcePool.unitCount`).
pub fn value_at<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = body;
    for step in steps(path)? {
        at = match step {
            Step::Key(k) => at.get(k)?,
            Step::Index(i) => at.get(i)?,
        };
    }
    Some(at)
}

/// Removes the value at `path` (an array element becomes null, keeping the indexes).
fn remove(body: &mut Value, path: &str) {
    let Some(mut steps) = steps(path) else {
        return;
    };
    let Some(last) = steps.pop() else {
        return;
    };
    let mut at = body;
    for step in steps {
        let next = match step {
            Step::Key(k) => at.get_mut(k),
            Step::Index(i) => at.get_mut(i),
        };
        match next {
            Some(n) => at = n,
            None => return,
        }
    }
    match (last, at) {
        (Step::Key(k), Value::Object(m)) => {
            m.remove(k);
        }
        (Step::Index(i), Value::Array(a)) => {
            if let Some(x) = a.get_mut(i) {
                *x = Value::Null;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
