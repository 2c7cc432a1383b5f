//! Cluster backup (ocp-api.md 2): strategy, ability, overview, task lists, recoverable info,
//! and the writes (strategy, schedule, backup now, restore).

use super::clusters::load_cluster;
use crate::body::{self, Body};
use crate::error::ApiError;
use crate::ops;
use crate::params::{Id, Params};
use crate::records::ClusterRecord;
use crate::reply::Data;
use crate::views::{self, LiveLog, Range};
use crate::AppState;
use axum::extract::State;
use chrono::Duration;
use ocp_model::validate::shape;
use ocp_model::{DataBackupTask, LogBackupTask, Paged, RestoreTask};

fn live_logs(app: &AppState, cluster: &ClusterRecord) -> Result<Vec<LiveLog>, ApiError> {
    let now = app.clock.now();
    Ok(app
        .store
        .log_tasks(cluster.id())?
        .iter()
        .map(|r| views::live_log(r, now, cluster))
        .collect())
}

/// GET .../backup/config/backupStrategy: 200 with `data: null` when there is none.
pub async fn strategy(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    match app.store.strategy(id)? {
        Some(rec) => {
            let mut s = rec.strategy;
            // Secrets are write-only.
            s.ob_backup_service_storage_config
                .ob_backup_storage_base_info = s
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info
                .map(|b| b.without_secrets());
            Data::json(&s)
        }
        None => Ok(Data::null()),
    }
}

/// GET .../backup/ability
pub async fn ability(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    let cluster = load_cluster(&app, id)?;
    let strategy = app.store.strategy(id)?;
    let data = app.store.data_tasks(id)?;
    Data::json(&views::ability(&cluster, strategy.as_ref(), &data))
}

/// GET .../backup/overview
pub async fn overview(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    let cluster = load_cluster(&app, id)?;
    let strategy = app.store.strategy(id)?;
    let data = app.store.data_tasks(id)?;
    let logs = live_logs(&app, &cluster)?;
    Data::json(&views::overview(&cluster, strategy.as_ref(), &data, &logs))
}

/// GET .../backup/info?startTime&endTime: the last seven days unless asked otherwise.
pub async fn info(State(app): State<AppState>, Id(id): Id, p: Params) -> Result<Data, ApiError> {
    let (start, end) = p.time_range()?;
    let cluster = load_cluster(&app, id)?;
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
    let strategy = app.store.strategy(id)?;
    let tenants = app.store.tenants(id)?;
    let data = app.store.data_tasks(id)?;
    let logs = live_logs(&app, &cluster)?;
    Data::json(&views::backup_info(
        &cluster,
        strategy.as_ref(),
        &tenants,
        &data,
        &logs,
        Range { start_us, end_us },
    ))
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
    Id(id): Id,
    p: Params,
) -> Result<Data, ApiError> {
    let page = p.page()?;
    let (from, to) = bounds(&p)?;
    let set_id = p.i64("backupSetId")?;
    load_cluster(&app, id)?;
    let rows: Vec<DataBackupTask> = app
        .store
        .data_tasks(id)?
        .into_iter()
        .filter(|r| (from..=to).contains(&ms(r.start_us)))
        .filter(|r| set_id.is_none_or(|s| r.task.backup_set_id == Some(s)))
        .map(|r| r.task)
        .collect();
    Data::json(&Paged::page_of(rows, page))
}

/// GET .../backup/task/logBackupTasks?startTime&endTime&page&size: archive rounds that
/// overlap the range (a running round reaches up to now), newest first.
pub async fn log_tasks(
    State(app): State<AppState>,
    Id(id): Id,
    p: Params,
) -> Result<Data, ApiError> {
    let page = p.page()?;
    let (from, to) = bounds(&p)?;
    let cluster = load_cluster(&app, id)?;
    let now_ms = app.clock.now().timestamp_millis();
    let rows: Vec<LogBackupTask> = live_logs(&app, &cluster)?
        .into_iter()
        .filter(|l| {
            let end = if l.running {
                now_ms
            } else {
                ms(l.checkpoint_us.unwrap_or(l.create_us).max(l.create_us))
            };
            ms(l.create_us) <= to && end >= from
        })
        .map(|l| l.task)
        .collect();
    Data::json(&Paged::page_of(rows, page))
}

/// GET .../backup/task/restoreTasks?startTime&endTime&page&size: restores from or into
/// the cluster created in the range, newest first.
pub async fn restore_tasks(
    State(app): State<AppState>,
    Id(id): Id,
    p: Params,
) -> Result<Data, ApiError> {
    let page = p.page()?;
    let (from, to) = bounds(&p)?;
    load_cluster(&app, id)?;
    let rows: Vec<RestoreTask> = app
        .store
        .restore_tasks(id)?
        .into_iter()
        .filter(|r| {
            r.create_time
                .is_some_and(|t| (from..=to).contains(&t.timestamp_millis()))
        })
        .collect();
    Data::json(&Paged::page_of(rows, page))
}

// ---------------------------------------------------------------- writes

/// POST .../backup/config/backupStrategy: what is left out gets its default
/// (`validate::with_defaults`); every problem is named at once.
pub async fn create_strategy(
    State(app): State<AppState>,
    Id(id): Id,
    Body(b): Body,
) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    let (sent, p, shape) = body::strategy_param(&b)?;
    let ops = app
        .write(|w, _, now| ops::create_strategy(w, id, p, &shape, now))
        .map_err(|e| e.with_rejected_from(&sent))?;
    Data::json(&ops)
}

/// PATCH .../backup/config/backupStrategy: only the fields sent change.
pub async fn update_strategy(
    State(app): State<AppState>,
    Id(id): Id,
    Body(b): Body,
) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    let (sent, p, shape) = body::strategy_param(&b)?;
    let ops = app
        .write(|w, _, now| ops::update_strategy(w, id, p, &shape, now))
        .map_err(|e| e.with_rejected_from(&sent))?;
    Data::json(&ops)
}

/// DELETE .../backup/config/backupStrategy
pub async fn delete_strategy(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    Data::json(&app.write(|w, _, now| ops::delete_strategy(w, id, now))?)
}

/// POST .../backup/config/backupStrategy/startSchedule
pub async fn start_schedule(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    Data::json(&app.write(|w, _, now| ops::set_schedule(w, id, true, now))?)
}

/// POST .../backup/config/backupStrategy/stopSchedule
pub async fn stop_schedule(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    Data::json(&app.write(|w, _, now| ops::set_schedule(w, id, false, now))?)
}

/// POST .../backup/backupNow: `backupMode` and `dataBackupMode` are all it needs; the object
/// is the path's cluster and the storage the strategy's unless sent.
pub async fn backup_now(
    State(app): State<AppState>,
    Id(id): Id,
    Body(b): Body,
) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    let (sent, p) = body::checked(&b, "BackupNowParam", |v| {
        shape::check(v, shape::BACKUP_NOW_PARAM)
    })?;
    let ops = app
        .write(|w, cfg, now| ops::backup_now(w, cfg, id, p, now))
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
