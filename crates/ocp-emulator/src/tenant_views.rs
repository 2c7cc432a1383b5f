//! What the tenant-level GETs show (ocp-api.md 2b): which records a scope sees, and the tenant
//! shapes and time styles of rows and recoverable info (2b.2, 2b.5–2b.8). Rows are the model's
//! types, written as the cluster level writes them, then given the tenant fields and restyled.

use crate::records::{ClusterRecord, DataTaskRecord};
use crate::views::LiveLog;
use ocp_model::time::{MicroStyle, NanoStyle, TimeStyle, UtcMicroStyle};
use ocp_model::{BackupScope, RestoreTask, Tenant};
use serde_json::{json, Value};

/// Whether a view of `view` shows a record made in `made_in`. A cluster sees its own
/// records. A tenant sees its own; and its cluster's while it has no strategy of its own
/// (`own_strategy`): once it has one, the cluster strategy no longer governs it (ocp-api.md 2b).
pub fn sees(view: BackupScope, own_strategy: bool, made_in: BackupScope) -> bool {
    match view {
        BackupScope::Cluster { .. } => made_in == view,
        BackupScope::Tenant { .. } => {
            made_in == view || (!own_strategy && made_in == view.cluster())
        }
    }
}

fn utc_micro(us: i64) -> Value {
    let dt = chrono::DateTime::from_timestamp_micros(us).unwrap_or_default();
    json!(UtcMicroStyle::write(&dt.fixed_offset()))
}

fn tenant_fields(o: &mut serde_json::Map<String, Value>, t: &Tenant) {
    o.insert("tenantId".into(), json!(t.id));
    o.insert("obTenantId".into(), json!(t.ob_tenant_id));
    o.insert("tenantName".into(), json!(t.name));
}

/// A data backup row at tenant level (ocp-api.md 2b.5): UTC µs times, `snapshotVersionTime`,
/// `duration` in seconds, `backupDimension`, the tenant's ids, `errorMsg` `""` when none, a
/// per-tenant `backupUri`.
pub fn data_row(d: &DataTaskRecord, t: &Tenant, c: &ClusterRecord) -> Value {
    let mut v = serde_json::to_value(&d.task).unwrap_or(Value::Null);
    let Some(o) = v.as_object_mut() else { return v };
    o.insert("startTime".into(), utc_micro(d.start_us));
    o.insert(
        "finishTime".into(),
        d.finish_us.map_or(Value::Null, utc_micro),
    );
    o.insert(
        "snapshotVersionTime".into(),
        d.freeze_us.map_or(Value::Null, utc_micro),
    );
    o.insert(
        "duration".into(),
        json!(d.finish_us.map(|f| (f - d.start_us) / 1_000_000)),
    );
    o.insert("backupDimension".into(), json!(d.scope().dimension()));
    if o.get("errorMsg").is_none_or(Value::is_null) {
        o.insert("errorMsg".into(), json!(""));
    }
    if let Some(uri) = &d.task.backup_uri {
        let ob_cluster = c.cluster.ob_cluster_id.unwrap_or(0);
        let uri = format!(
            "{}/{}/{ob_cluster}/tenant_incarnation_1/{}/data",
            uri.trim_end_matches('/'),
            c.cluster.name,
            t.ob_tenant_id.unwrap_or(0)
        );
        o.insert("backupUri".into(), json!(uri));
    }
    tenant_fields(o, t);
    v
}

/// A log backup row at tenant level (ocp-api.md 2b.6): `+08:00` µs times, `backupDimension`,
/// `clusterType`, the tenant's ids; `delay` stays a float.
pub fn log_row(l: &LiveLog, t: &Tenant, c: &ClusterRecord) -> Value {
    let mut v = serde_json::to_value(&l.task).unwrap_or(Value::Null);
    let Some(o) = v.as_object_mut() else { return v };
    let micro = |us: i64| {
        let dt = chrono::DateTime::from_timestamp_micros(us).unwrap_or_default();
        json!(MicroStyle::write(&dt.with_timezone(&c.offset())))
    };
    o.insert("createTime".into(), micro(l.create_us));
    if let Some(cp) = l.checkpoint_us {
        o.insert("checkpoint".into(), micro(cp));
    }
    if let Some(m) = l.task.modify_time {
        o.insert("modifyTime".into(), micro(m.timestamp_micros()));
    }
    let dim = if l.task.backup_dimension.is_some() {
        "TENANT"
    } else {
        "CLUSTER"
    };
    o.insert("backupDimension".into(), json!(dim));
    o.insert("clusterType".into(), json!(c.cluster.cluster_type));
    if o.get("errorMsg").is_none_or(Value::is_null) {
        o.insert("errorMsg".into(), json!(""));
    }
    tenant_fields(o, t);
    v
}

/// A restore row at tenant level (ocp-api.md 2b.7): UTC µs times, `triggerType: NORMAL`,
/// `restoreObjectType: TENANT`, and without `ocpJobId` and the backup ids.
pub fn restore_row(r: &RestoreTask) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
    let Some(o) = v.as_object_mut() else { return v };
    for (field, t) in [
        ("createTime", r.create_time),
        ("finishTime", r.finish_time),
        ("restoreEndTime", r.restore_end_time),
    ] {
        if let Some(t) = t {
            o.insert(field.into(), json!(UtcMicroStyle::write(&t.datetime())));
        }
    }
    for gone in [
        "ocpJobId",
        "backupClusterId",
        "backupTenantId",
        "backupObClusterId",
    ] {
        o.remove(gone);
    }
    o.insert("triggerType".into(), json!("NORMAL"));
    o.insert("restoreObjectType".into(), json!("TENANT"));
    o.insert("progress".into(), Value::Null);
    v
}

/// The tenant `/backup/info` (ocp-api.md 2b.8): one tenant's element of the cluster answer
/// with the cluster's fields, every time in nanoseconds (`NanoStyle`); on OB 4.x a data item's
/// `freezeTime` is the epoch placeholder with `dataVersion: -1`, and it carries
/// `backupDimension` (CLUSTER unless the tenant's own strategy made it, open question 12).
pub fn info(mut tenant_info: Value, c: &ClusterRecord) -> Value {
    let four = c
        .cluster
        .ob_version
        .as_deref()
        .is_some_and(|v| v.starts_with('4'));
    if let Some(o) = tenant_info.as_object_mut() {
        o.insert("clusterId".into(), json!(c.id()));
        o.insert("clusterName".into(), json!(c.cluster.name));
        o.insert("obClusterId".into(), json!(c.cluster.ob_cluster_id));
    }
    let items = tenant_info
        .pointer_mut(
            "/obRecoverableInfoAggregation/latestSevenDaysAggregation/obRecoverableSectionItems",
        )
        .and_then(Value::as_array_mut);
    for item in items.into_iter().flatten() {
        let Some(o) = item.as_object_mut() else {
            continue;
        };
        if let Some(p) = o
            .get_mut("dataBackupRecoverableInfo")
            .and_then(Value::as_object_mut)
        {
            if four {
                let epoch = chrono::DateTime::UNIX_EPOCH.with_timezone(&c.offset());
                p.insert("freezeTime".into(), json!(NanoStyle::write(&epoch)));
                p.insert("dataVersion".into(), json!(-1));
            }
            nanos(p, "recoverableTime");
            if !four {
                nanos(p, "freezeTime");
            }
            if o.get("backupDimension").is_none_or(Value::is_null) {
                o.insert("backupDimension".into(), json!("CLUSTER"));
            }
            continue;
        }
        for key in ["logRecoverableTimeInterval", "realRecoverableTimeInterval"] {
            if let Some(i) = o.get_mut(key).and_then(Value::as_object_mut) {
                nanos(i, "startTime");
                nanos(i, "endTime");
            }
        }
    }
    tenant_info
}

/// Rewrites a µs time field in nanoseconds: the instant's µs plus sub-µs digits drawn from it
/// (OCP's info shows OceanBase's nanosecond SCN times), trailing zeros dropped.
fn nanos(o: &mut serde_json::Map<String, Value>, field: &str) {
    let Some(t) = o
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| ocp_model::time::parse_datetime(s).ok())
    else {
        return;
    };
    let us = t.timestamp_micros();
    let extra = (us.rem_euclid(997) * 7) % 1000;
    let ns = chrono::DateTime::from_timestamp_nanos(us.saturating_mul(1000).saturating_add(extra))
        .with_timezone(t.offset());
    o.insert(field.into(), json!(NanoStyle::write(&ns)));
}
