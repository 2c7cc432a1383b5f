//! The backup writes of ocp-api.md 2.1, 2.4 and 2.6, as operations on the world at an instant:
//! each checks its rules (`ocp_model::validate`), changes the world, starts an OCP task and
//! returns OCP's OpsResult. The HTTP handlers and the seed both use them.

use crate::engine::{self, DataStart, EngineConfig, Step, US_PER_SEC};
use crate::error::ApiError;
use crate::records::{at_us, ClusterRecord, RestoreRecord, StrategyRecord};
use crate::scope_rules::{check_tenant_write, tenant_strategy_exists};
use crate::views;
use crate::world::{Key, World};
use axum::http::StatusCode;
use chrono::DateTime;
use ocp_model::validate::shape::Checked;
use ocp_model::validate::{
    self, codes, merge_patch, param_of, strategy_changed, validate_backup_now, validate_restore,
    validate_strategy, with_defaults, BackupNowFacts, RestoreFacts, RestoreTarget, StrategyContext,
    Violation,
};
use ocp_model::{
    BackupNowParam, BackupScheduleStatus, BackupScope, BackupStrategy, BackupTenantStatus,
    DataBackupMode, LogBackupStatus, ObjectOpsResult, OpsResult, OpsTaskType, RestoreParam,
    RestoreStatus, RestoreTask, StrategyParam, StrategyType, Tenant, TenantStatus, TenantZone,
    TimeInterval,
};

/// The HTTP status a broken rule answers with.
pub fn status_of(code: &str) -> StatusCode {
    match code {
        codes::STRATEGY_EXISTS | codes::FULL_RUNNING | codes::RESTORING | codes::TENANT_EXISTS => {
            StatusCode::CONFLICT
        }
        codes::NO_STRATEGY => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    }
}

fn reject(object: &str, v: Vec<Violation>) -> Result<(), ApiError> {
    match v.first() {
        None => Ok(()),
        Some(first) => Err(ApiError::rules(status_of(first.code), object, v)),
    }
}

fn cluster(w: &World, id: i64) -> Result<ClusterRecord, ApiError> {
    w.clusters
        .get(&id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("cluster", id))
}

fn strategy(w: &World, scope: BackupScope) -> Result<StrategyRecord, ApiError> {
    w.strategies
        .get(&scope)
        .cloned()
        .ok_or_else(|| no_strategy(scope))
}

/// 404 BAK21006: the scope has no backup strategy.
pub fn no_strategy(scope: BackupScope) -> ApiError {
    {
        let (field, en, zh) = match scope {
            BackupScope::Cluster { cluster_id } => (
                "clusterId",
                format!("Cluster {cluster_id} has no backup strategy."),
                format!("集群 {cluster_id} 没有备份策略。"),
            ),
            BackupScope::Tenant { tenant_id, .. } => (
                "tenantId",
                format!("Tenant {tenant_id} has no backup strategy."),
                format!("租户 {tenant_id} 没有备份策略。"),
            ),
        };
        ApiError::rule(
            StatusCode::NOT_FOUND,
            "BackupStrategy",
            Violation::new(field, codes::NO_STRATEGY, en, zh),
        )
    }
}

/// OpsResult naming the scope. Tenant strategy writes answer `taskIdList: []`, and
/// start/stopSchedule no `taskIdList` (ocp-api.md 2b.1); the OCP task still runs.
fn ops_result(kind: OpsTaskType, scope: BackupScope, task_ids: Vec<i64>) -> OpsResult {
    let task_id_list = match (scope.is_tenant(), &kind) {
        (false, _) | (true, OpsTaskType::DataBackupNow) => Some(task_ids),
        (true, OpsTaskType::StartSchedule | OpsTaskType::StopSchedule) => None,
        (true, _) => Some(Vec::new()),
    };
    OpsResult {
        ob_backup_task_type: kind,
        backup_object_ops_result_list: vec![ObjectOpsResult {
            be_successful: true,
            ob_backup_object_list: vec![scope.backup_object()],
            task_id_list,
            error_code: None,
            hint: None,
        }],
    }
}

fn context(c: &ClusterRecord) -> StrategyContext<'_> {
    StrategyContext {
        ob_version: c.cluster.ob_version.as_deref().unwrap_or(""),
        ability: Some(&c.backup_ability),
        is_standby: c.is_standby(),
    }
}

fn secs(us: i64) -> i64 {
    us / US_PER_SEC * US_PER_SEC
}

/// Writes a full param into a strategy.
fn apply(s: &mut BackupStrategy, p: &StrategyParam) {
    s.backup_mode = p.backup_mode.clone();
    s.ob_backup_schedule_config = p.ob_backup_schedule_config.clone().unwrap_or_default();
    s.ob_backup_threshold_config = p.ob_backup_threshold_config.clone().unwrap_or_default();
    s.ob_backup_service_storage_config = p
        .ob_backup_service_storage_config
        .clone()
        .unwrap_or_default();
    s.secondary_backup_enabled = p.secondary_backup_enabled.or(Some(false));
    s.ob_secondary_backup_config = p.ob_secondary_backup_config.clone();
}

fn log_on(s: &BackupStrategy) -> bool {
    s.ob_backup_schedule_config.start_log_backup == Some(true)
}

fn enabled(s: &BackupStrategy) -> bool {
    s.ob_backup_schedule_config.backup_schedule_enabled == Some(true)
}

/// POST .../backupStrategy
pub fn create_strategy(
    w: &mut World,
    scope: BackupScope,
    p: StrategyParam,
    shape: &Checked,
    now: i64,
) -> Result<OpsResult, ApiError> {
    let cluster_id = scope.cluster_id();
    let c = cluster(w, cluster_id)?;
    let tenant = check_tenant_write(w, scope, "StrategyParam", p.backup_mode.as_ref())?;
    if let (Some(t), true) = (&tenant, w.strategies.contains_key(&scope)) {
        return Err(tenant_strategy_exists(t));
    }
    if w.strategies.contains_key(&scope) {
        return Err(ApiError::rule(
            StatusCode::CONFLICT,
            "StrategyParam",
            Violation::new(
                "clusterId",
                codes::STRATEGY_EXISTS,
                format!(
                    "Cluster {} already has a backup strategy; modify or delete it.",
                    c.cluster.name
                ),
                format!("集群 {} 已有备份策略，请修改或删除它。", c.cluster.name),
            ),
        ));
    }
    let p = with_defaults(p);
    reject(
        "StrategyParam",
        shape.with_rules(validate_strategy(&p, &context(&c))),
    )?;
    let id = w.next_id(|i| &mut i.strategy);
    let offset = c.offset();
    let mut s = BackupStrategy {
        id: Some(id),
        create_time: Some(at_us(secs(now), offset)),
        update_time: Some(at_us(secs(now), offset)),
        cluster_id: Some(cluster_id),
        cluster_name: Some(c.cluster.name.clone()),
        ob_cluster_id: c.cluster.ob_cluster_id,
        backup_dimension: Some(scope.dimension()),
        strategy_type: Some(StrategyType::Backup),
        tenant_id: tenant.as_ref().map(|t| t.id),
        tenant_name: tenant.as_ref().map(|t| t.name.clone()),
        ob_tenant_id: tenant.as_ref().and_then(|t| t.ob_tenant_id),
        ..BackupStrategy::default()
    };
    apply(&mut s, &p);
    if s.ob_backup_service_storage_config.storage_id.is_none() {
        s.ob_backup_service_storage_config.storage_id = Some(w.next_id(|i| &mut i.storage));
    }
    let status = if enabled(&s) {
        BackupScheduleStatus::Waiting
    } else {
        BackupScheduleStatus::Paused
    };
    let log = log_on(&s);
    w.put_strategy(
        scope,
        StrategyRecord {
            strategy: s,
            schedule_status: status,
            schedule_from_us: now,
            runs: 0,
            consecutive_failures: 0,
        },
    );
    let mut steps: Vec<Step<'_>> = vec![
        ("Check backup strategy parameters", 1.2),
        ("Save backup strategy", 0.8),
    ];
    if log {
        engine::start_log(w, scope, now);
        steps.push(("Start log backup", 6.4));
    }
    steps.push(("Enable data backup schedule", 2.1));
    let task = engine::new_task(
        w,
        format!("Create backup strategy of {}", c.cluster.name),
        cluster_id,
        now,
        &steps,
        None,
    );
    Ok(ops_result(OpsTaskType::CreateStrategy, scope, vec![task]))
}

/// PATCH .../backupStrategy: only what was sent changes.
pub fn update_strategy(
    w: &mut World,
    scope: BackupScope,
    patch: StrategyParam,
    shape: &Checked,
    now: i64,
) -> Result<OpsResult, ApiError> {
    let cluster_id = scope.cluster_id();
    let c = cluster(w, cluster_id)?;
    check_tenant_write(w, scope, "StrategyParam", patch.backup_mode.as_ref())?;
    // A body that cannot be read is refused as such, strategy or not.
    let rec = strategy(w, scope);
    if rec.is_err() {
        reject("StrategyParam", shape.problems.clone())?;
    }
    let mut rec = rec?;
    let before = param_of(&rec.strategy);
    let merged = merge_patch(&before, &patch);
    reject(
        "StrategyParam",
        shape.with_rules(validate_strategy(&merged, &context(&c))),
    )?;
    if !strategy_changed(&before, &merged) {
        return Err(ApiError::rule(
            StatusCode::BAD_REQUEST,
            "StrategyParam",
            Violation::new(
                "",
                codes::UNCHANGED,
                "The backup strategy is unchanged: nothing to modify.",
                "备份策略未变化，无需修改。",
            ),
        ));
    }
    let old = rec.strategy.clone();
    apply(&mut rec.strategy, &merged);
    rec.strategy.update_time = Some(at_us(secs(now), c.offset()));
    let (was_on, is_on) = (enabled(&old), enabled(&rec.strategy));
    let o = &old.ob_backup_schedule_config;
    let n = &rec.strategy.ob_backup_schedule_config;
    if o.backup_schedule_mode != n.backup_schedule_mode
        || o.day_and_data_backup_model_map != n.day_and_data_backup_model_map
        || o.backup_schedule_time != n.backup_schedule_time
        || was_on != is_on
    {
        rec.schedule_from_us = now;
    }
    if !is_on {
        rec.schedule_status = BackupScheduleStatus::Paused;
    } else if !was_on || rec.schedule_status == BackupScheduleStatus::Paused {
        rec.schedule_status = if rec.runs > 0 {
            BackupScheduleStatus::Normal
        } else {
            BackupScheduleStatus::Waiting
        };
    }
    let mode_changed = old.backup_mode != rec.strategy.backup_mode;
    let (log_was, log_is) = (log_on(&old), log_on(&rec.strategy));
    w.put_strategy(scope, rec);
    let mut steps: Vec<Step<'_>> = vec![
        ("Check backup strategy parameters", 1.1),
        ("Update backup strategy", 1.6),
    ];
    if log_was && (!log_is || mode_changed) {
        engine::stop_log(w, scope, now, LogBackupStatus::Stopped, None);
        steps.push(("Stop log backup", 4.2));
    }
    if log_is && (!log_was || mode_changed) {
        engine::start_log(w, scope, now);
        steps.push(("Start log backup", 6.4));
    }
    steps.push(("Apply data backup schedule", 1.3));
    let task = engine::new_task(
        w,
        format!("Modify backup strategy of {}", c.cluster.name),
        cluster_id,
        now,
        &steps,
        None,
    );
    Ok(ops_result(OpsTaskType::UpdateStrategy, scope, vec![task]))
}

/// DELETE .../backupStrategy: scheduling and log archiving stop; history stays.
pub fn delete_strategy(w: &mut World, scope: BackupScope, now: i64) -> Result<OpsResult, ApiError> {
    let cluster_id = scope.cluster_id();
    let c = cluster(w, cluster_id)?;
    crate::scope_rules::tenant_of(w, scope)?;
    let rec = strategy(w, scope)?;
    let mut steps: Vec<Step<'_>> = vec![("Check backup strategy", 0.9)];
    if log_on(&rec.strategy) {
        engine::stop_log(w, scope, now, LogBackupStatus::Stopped, None);
        steps.push(("Stop log backup", 4.2));
    }
    steps.push(("Delete backup strategy", 1.4));
    w.strategies.remove(&scope);
    w.mark(Key::Strategy(scope));
    let task = engine::new_task(
        w,
        format!("Delete backup strategy of {}", c.cluster.name),
        cluster_id,
        now,
        &steps,
        None,
    );
    Ok(ops_result(OpsTaskType::DeleteStrategy, scope, vec![task]))
}

/// POST .../startSchedule (resume) and .../stopSchedule (pause).
pub fn set_schedule(
    w: &mut World,
    scope: BackupScope,
    on: bool,
    now: i64,
) -> Result<OpsResult, ApiError> {
    let cluster_id = scope.cluster_id();
    let c = cluster(w, cluster_id)?;
    crate::scope_rules::tenant_of(w, scope)?;
    let mut rec = strategy(w, scope)?;
    let was_on = enabled(&rec.strategy);
    rec.strategy
        .ob_backup_schedule_config
        .backup_schedule_enabled = Some(on);
    if on {
        if !was_on || rec.schedule_status == BackupScheduleStatus::Paused {
            // Resuming picks up at the next slot, not the ones missed while paused.
            rec.schedule_from_us = now;
            rec.schedule_status = if rec.runs > 0 {
                BackupScheduleStatus::Normal
            } else {
                BackupScheduleStatus::Waiting
            };
        }
    } else {
        rec.schedule_status = BackupScheduleStatus::Paused;
    }
    rec.strategy.update_time = Some(at_us(secs(now), c.offset()));
    w.put_strategy(scope, rec);
    let (name, kind, step) = if on {
        (
            format!("Start backup schedule of {}", c.cluster.name),
            OpsTaskType::StartSchedule,
            "Start data backup schedule",
        )
    } else {
        (
            format!("Stop backup schedule of {}", c.cluster.name),
            OpsTaskType::StopSchedule,
            "Stop data backup schedule",
        )
    };
    let task = engine::new_task(
        w,
        name,
        cluster_id,
        now,
        &[("Check backup strategy", 0.9), (step, 3.2)],
        None,
    );
    Ok(ops_result(kind, scope, vec![task]))
}

/// POST .../backupNow
pub fn backup_now(
    w: &mut World,
    cfg: &EngineConfig,
    scope: BackupScope,
    mut p: BackupNowParam,
    now: i64,
) -> Result<OpsResult, ApiError> {
    let cluster_id = scope.cluster_id();
    let c = cluster(w, cluster_id)?;
    let tenant = check_tenant_write(w, scope, "BackupNowParam", Some(&p.backup_mode))?;
    if tenant.is_some() && p.ob_backup_object.as_ref() == Some(&scope.backup_object()) {
        // The tenant's own object, as OCP fills it in; the cluster rules check the rest.
        p.ob_backup_object = None;
    }
    // A tenant backs up with its own strategy, else its cluster's (ocp-api.md 2b.4).
    let s = w
        .strategies
        .get(&scope)
        .or_else(|| w.strategies.get(&scope.cluster()));
    // BAK31005 for a baseline running for the cluster or the tenant (ocp-api.md 2b.4).
    let running = w
        .data
        .values()
        .filter(|d| {
            (d.scope() == scope || d.scope() == scope.cluster()) && d.cluster_id == cluster_id
        })
        .filter(|d| scope.is_tenant() || d.scope() == scope)
        .filter(|d| d.is_active())
        .map(|d| d.task.data_backup_task_type.clone())
        .max_by_key(|k| *k == DataBackupMode::Full);
    let facts = BackupNowFacts {
        cluster_id,
        is_standby: c.is_standby(),
        ability: &c.backup_ability,
        strategy_mode: s.and_then(|s| s.strategy.backup_mode.as_ref()),
        strategy_has_storage: s.is_some_and(|s| {
            s.strategy
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info
                .is_some()
        }),
        has_full_backup: engine::newest_full(w, scope, now).is_some()
            || (tenant.is_some()
                && !w.strategies.contains_key(&scope)
                && engine::newest_full(w, scope.cluster(), now).is_some()),
        running: running.as_ref(),
    };
    let v = validate_backup_now(&p, &facts);
    reject("BackupNowParam", v)?;
    let uri = p
        .ob_backup_service_storage_config
        .as_ref()
        .and_then(|s| s.ob_backup_storage_base_info.as_ref())
        .map(|b| b.uri());
    // The backup is its own OCP task: checks first, then the backup itself. Its id is both
    // the task to follow and the new row's `taskId`.
    let task = engine::start_data_backup(
        w,
        cfg,
        DataStart {
            scope,
            kind: p.data_backup_mode,
            start_us: now + 9_350_000,
            scheduled: false,
            uri,
            forced_error: None,
            requested_us: Some(now),
        },
    );
    Ok(ops_result(OpsTaskType::DataBackupNow, scope, vec![task]))
}

mod restore;
pub use restore::{restore, tenant_windows};
