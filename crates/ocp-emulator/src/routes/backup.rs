//! Cluster backup (ocp-api.md 2): strategy, ability, overview, task lists, recoverable info,
//! and the writes (strategy, schedule, backup now, restore).

use super::clusters::load_cluster;
use crate::body::{self, Body};
use crate::error::ApiError;
use crate::ops;
use crate::params::{Id, Params, Scope};
use crate::records::ClusterRecord;
use crate::reply::Data;
use crate::tenant_views::{self, sees};
use crate::views::{self, LiveLog, Range};
use crate::AppState;
use axum::extract::State;
use chrono::Duration;
use ocp_model::validate::shape;
use ocp_model::{BackupScope, Tenant};
use ocp_model::{DataBackupTask, LogBackupTask, Paged, RestoreTask};

/// What a scope's GETs read: the cluster, the tenant of a tenant scope, and whether that
/// tenant has a strategy of its own. An unknown tenant (or one of another cluster) is 404.
struct View {
    scope: BackupScope,
    cluster: ClusterRecord,
    tenant: Option<Tenant>,
    own_strategy: bool,
}

fn view(app: &AppState, scope: BackupScope) -> Result<View, ApiError> {
    let cluster = load_cluster(app, scope.cluster_id())?;
    let tenant = match scope.tenant_id() {
        Some(tid) => Some(
            app.store
                .tenants(cluster.id())?
                .into_iter()
                .find(|t| t.id == tid)
                .ok_or_else(|| ApiError::not_found("tenant", tid))?,
        ),
        None => None,
    };
    let own_strategy = tenant.is_some() && app.store.strategy(scope)?.is_some();
    Ok(View {
        scope,
        cluster,
        tenant,
        own_strategy,
    })
}

impl View {
    fn sees(&self, made_in: BackupScope) -> bool {
        sees(self.scope, self.own_strategy, made_in)
    }
}

fn live_logs(app: &AppState, v: &View) -> Result<Vec<LiveLog>, ApiError> {
    let now = app.clock.now();
    Ok(app
        .store
        .log_tasks(v.cluster.id())?
        .iter()
        .filter(|r| v.sees(r.scope()))
        .map(|r| views::live_log(r, now, &v.cluster))
        .collect())
}

fn data_records(app: &AppState, v: &View) -> Result<Vec<crate::records::DataTaskRecord>, ApiError> {
    Ok(app
        .store
        .data_tasks(v.cluster.id())?
        .into_iter()
        .filter(|d| v.sees(d.scope()))
        .collect())
}

/// GET .../backup/config/backupStrategy: the cluster's (200 with `data: null` when there is
/// none) or the tenant's own (404 BAK21006 when there is none: open question 1, first
/// reading). Tenant strategies show `+0800` ms times and the sample-only fields (2b.3).
pub async fn strategy(State(app): State<AppState>, Scope(scope): Scope) -> Result<Data, ApiError> {
    let v = view(&app, scope)?;
    let Some(rec) = app.store.strategy(scope)? else {
        return match v.tenant {
            None => Ok(Data::null()),
            Some(_) => Err(crate::ops::no_strategy(scope)),
        };
    };
    let mut s = rec.strategy;
    // Secrets are write-only.
    s.ob_backup_service_storage_config
        .ob_backup_storage_base_info = s
        .ob_backup_service_storage_config
        .ob_backup_storage_base_info
        .map(|b| b.without_secrets());
    if v.tenant.is_none() {
        return Data::json(&s);
    }
    s.physical = Some(s.backup_mode == Some(ocp_model::BackupMode::Physical));
    s.physical_and_was_logical = Some(false);
    s.retain_mode = Some("RESERVE_ALL".to_owned());
    s.service_config_name = s.ob_backup_service_storage_config.config_name.clone();
    let mut j = serde_json::to_value(&s).map_err(|e| ApiError::panicked(&e.to_string()))?;
    for field in ["createTime", "updateTime"] {
        if let Some(t) = [s.create_time, s.update_time][usize::from(field == "updateTime")] {
            j[field] = serde_json::json!(ocp_model::TaskTime::new(t.datetime()).to_wire());
        }
    }
    Data::json(&j)
}

/// GET .../backup/ability
pub async fn ability(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    let v = view(&app, BackupScope::Cluster { cluster_id: id })?;
    let cluster = v.cluster.clone();
    let strategy = app.store.strategy(v.scope)?;
    let data = data_records(&app, &v)?;
    Data::json(&views::ability(&cluster, strategy.as_ref(), &data))
}

/// GET .../backup/overview
pub async fn overview(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    let v = view(&app, BackupScope::Cluster { cluster_id: id })?;
    let cluster = v.cluster.clone();
    let strategy = app.store.strategy(v.scope)?;
    let data = data_records(&app, &v)?;
    let logs = live_logs(&app, &v)?;
    Data::json(&views::overview(&cluster, strategy.as_ref(), &data, &logs))
}

/// GET .../backup/info?startTime&endTime: the last seven days unless asked otherwise.
pub async fn info(
    State(app): State<AppState>,
    Scope(scope): Scope,
    p: Params,
) -> Result<Data, ApiError> {
    let (start, end) = p.time_range()?;
    let v = view(&app, scope)?;
    let cluster = &v.cluster;
    let end_us = end
        .map(|e| e.timestamp_micros())
        .unwrap_or_else(|| app.clock.now().timestamp_micros());
    let start_us = start
        .map(|s| s.timestamp_micros())
        .unwrap_or(end_us - Duration::days(7).num_microseconds().unwrap_or(0));
    if start_us > end_us {
        return Err(ApiError::bad_time(
            "startTime",
            p.str("startTime").unwrap_or(""),
            "startTime is after endTime",
        ));
    }
    let strategy = match app.store.strategy(scope)? {
        Some(s) => Some(s),
        None => app.store.strategy(scope.cluster())?,
    };
    let tenants = match &v.tenant {
        Some(t) => vec![t.clone()],
        None => app.store.tenants(cluster.id())?,
    };
    let data = data_records(&app, &v)?;
    let logs = live_logs(&app, &v)?;
    let info = views::backup_info(
        cluster,
        strategy.as_ref(),
        &tenants,
        &data,
        &logs,
        Range { start_us, end_us },
    );
    match info
        .tenant_backup_infos
        .first()
        .filter(|_| v.tenant.is_some())
    {
        Some(one) => {
            let j = serde_json::to_value(one).map_err(|e| ApiError::panicked(&e.to_string()))?;
            Data::json(&tenant_views::info(j, cluster))
        }
        None => Data::json(&info),
    }
}

/// A `[startTime, endTime]` filter in milliseconds, the precision task rows show: a client
/// that passes a row's own `startTime` back must find that row. Open ends are unbounded.
fn bounds(p: &Params) -> Result<(i64, i64), ApiError> {
    let (start, end) = p.time_range()?;
    Ok((
        start.map_or(i64::MIN, |t| t.timestamp_millis()),
        end.map_or(i64::MAX, |t| t.timestamp_millis()),
    ))
}

fn ms(us: i64) -> i64 {
    us.div_euclid(1000)
}

/// GET .../backup/task/dataBackupTasks?startTime&endTime&backupSetId&page&size:
/// tasks that started in the range, newest first.
pub async fn data_tasks(
    State(app): State<AppState>,
    Scope(scope): Scope,
    p: Params,
) -> Result<Data, ApiError> {
    let page = p.page()?;
    let (from, to) = bounds(&p)?;
    let set_id = p.i64("backupSetId")?;
    let status = p.list("status");
    let v = view(&app, scope)?;
    let rows = data_records(&app, &v)?
        .into_iter()
        .filter(|r| (from..=to).contains(&ms(r.start_us)))
        .filter(|r| set_id.is_none_or(|s| r.task.backup_set_id == Some(s)))
        .filter(|r| status.is_empty() || status.contains(&r.task.status.as_str()));
    match &v.tenant {
        None => {
            let rows: Vec<DataBackupTask> = rows.map(|r| r.task).collect();
            Data::json(&Paged::page_of(rows, page))
        }
        Some(t) => {
            let rows: Vec<_> = rows
                .map(|r| tenant_views::data_row(&r, t, &v.cluster))
                .collect();
            Data::json(&Paged::page_of(rows, page))
        }
    }
}

/// GET .../backup/task/logBackupTasks?startTime&endTime&page&size: archive rounds that
/// overlap the range (a running round reaches up to now), newest first.
pub async fn log_tasks(
    State(app): State<AppState>,
    Scope(scope): Scope,
    p: Params,
) -> Result<Data, ApiError> {
    let page = p.page()?;
    let (from, to) = bounds(&p)?;
    let status = p.list("status");
    let v = view(&app, scope)?;
    let now_ms = app.clock.now().timestamp_millis();
    let rows = live_logs(&app, &v)?
        .into_iter()
        // Both vocabularies: RUNNING rows answer INPROGRESS too (2b.6, open question 5).
        .filter(|l| {
            status.is_empty()
                || status.contains(&l.task.status.as_str())
                || status.contains(&l.task.status.filter_value().as_str())
        })
        .filter(|l| {
            let end = if l.running {
                now_ms
            } else {
                ms(l.checkpoint_us.unwrap_or(l.create_us).max(l.create_us))
            };
            ms(l.create_us) <= to && end >= from
        });
    match &v.tenant {
        None => {
            let rows: Vec<LogBackupTask> = rows.map(|l| l.task).collect();
            Data::json(&Paged::page_of(rows, page))
        }
        Some(t) => {
            let rows: Vec<_> = rows
                .map(|l| tenant_views::log_row(&l, t, &v.cluster))
                .collect();
            Data::json(&Paged::page_of(rows, page))
        }
    }
}

/// GET .../backup/task/restoreTasks?startTime&endTime&page&size: restores from or into
/// the cluster created in the range, newest first.
/// At tenant level (2b.7): the restores whose source is the tenant (open question 6, first
/// reading), filtered by `status` (row values, open question 4) and `restoreClusterName`.
pub async fn restore_tasks(
    State(app): State<AppState>,
    Scope(scope): Scope,
    p: Params,
) -> Result<Data, ApiError> {
    let page = p.page()?;
    let (from, to) = bounds(&p)?;
    let status = p.list("status");
    let targets = p.list("restoreClusterName");
    let v = view(&app, scope)?;
    let rows = app
        .store
        .restore_tasks(v.cluster.id())?
        .into_iter()
        .filter(|r| {
            r.create_time
                .is_some_and(|t| (from..=to).contains(&t.timestamp_millis()))
        })
        .filter(|r| status.is_empty() || status.contains(&r.status.as_str()))
        .filter(|r| {
            targets.is_empty()
                || r.restore_cluster_name
                    .as_deref()
                    .is_some_and(|n| targets.contains(&n))
        });
    match &v.tenant {
        None => {
            let rows: Vec<RestoreTask> = rows.collect();
            Data::json(&Paged::page_of(rows, page))
        }
        Some(t) => {
            let rows: Vec<_> = rows
                .filter(|r| r.backup_tenant_id == Some(t.id))
                .map(|r| tenant_views::restore_row(&r))
                .collect();
            Data::json(&Paged::page_of(rows, page))
        }
    }
}

// ---------------------------------------------------------------- writes

/// POST .../backup/config/backupStrategy: what is left out gets its default
/// (`validate::with_defaults`); every problem is named at once.
pub async fn create_strategy(
    State(app): State<AppState>,
    Scope(scope): Scope,
    Body(b): Body,
) -> Result<Data, ApiError> {
    load_cluster(&app, scope.cluster_id())?;
    let (sent, p, shape) = body::strategy_param(&b)?;
    let ops = app
        .write(|w, _, now| ops::create_strategy(w, scope, p, &shape, now))
        .map_err(|e| e.with_rejected_from(&sent))?;
    Data::json(&ops)
}

/// PATCH .../backup/config/backupStrategy: only the fields sent change.
pub async fn update_strategy(
    State(app): State<AppState>,
    Scope(scope): Scope,
    Body(b): Body,
) -> Result<Data, ApiError> {
    load_cluster(&app, scope.cluster_id())?;
    let (sent, p, shape) = body::strategy_param(&b)?;
    let ops = app
        .write(|w, _, now| ops::update_strategy(w, scope, p, &shape, now))
        .map_err(|e| e.with_rejected_from(&sent))?;
    Data::json(&ops)
}

/// DELETE .../backup/config/backupStrategy
pub async fn delete_strategy(
    State(app): State<AppState>,
    Scope(scope): Scope,
) -> Result<Data, ApiError> {
    load_cluster(&app, scope.cluster_id())?;
    Data::json(&app.write(|w, _, now| ops::delete_strategy(w, scope, now))?)
}

/// POST .../backup/config/backupStrategy/startSchedule
pub async fn start_schedule(
    State(app): State<AppState>,
    Scope(scope): Scope,
) -> Result<Data, ApiError> {
    load_cluster(&app, scope.cluster_id())?;
    Data::json(&app.write(|w, _, now| ops::set_schedule(w, scope, true, now))?)
}

/// POST .../backup/config/backupStrategy/stopSchedule
pub async fn stop_schedule(
    State(app): State<AppState>,
    Scope(scope): Scope,
) -> Result<Data, ApiError> {
    load_cluster(&app, scope.cluster_id())?;
    Data::json(&app.write(|w, _, now| ops::set_schedule(w, scope, false, now))?)
}

/// POST .../backup/backupNow: `backupMode` and `dataBackupMode` are all it needs; the object
/// is the path's cluster and the storage the strategy's unless sent.
pub async fn backup_now(
    State(app): State<AppState>,
    Scope(scope): Scope,
    Body(b): Body,
) -> Result<Data, ApiError> {
    load_cluster(&app, scope.cluster_id())?;
    let (sent, p) = body::checked(&b, "BackupNowParam", |v| {
        shape::check(v, shape::BACKUP_NOW_PARAM)
    })?;
    let ops = app
        .write(|w, cfg, now| ops::backup_now(w, cfg, scope, p, now))
        .map_err(|e| e.with_rejected_from(&sent))?;
    Data::json(&ops)
}

/// POST .../backup/restore: every missing or mistyped field is named at once.
pub async fn restore(
    State(app): State<AppState>,
    Id(id): Id,
    Body(b): Body,
) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    let (sent, p) = body::checked(&b, "RestoreParam", shape::check_restore)?;
    let specs: Vec<String> = app
        .store
        .unit_specs()?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let ops = app
        .write(|w, cfg, now| ops::restore(w, cfg, id, p, &specs, now))
        .map_err(|e| e.with_rejected_from(&sent))?;
    Data::json(&ops)
}
