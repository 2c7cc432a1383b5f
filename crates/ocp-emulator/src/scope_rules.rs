//! What a tenant scope adds to the backup writes (ocp-api.md 2b): the tenant must exist in the
//! path's cluster, the cluster must run OB ≥ 4.0 (BAK30002), the tenant must not be being
//! created (BAK30007) and backups are physical (BAK30004).

use crate::error::ApiError;
use crate::world::World;
use axum::http::StatusCode;
use ocp_model::validate::{codes, Violation};
use ocp_model::{BackupMode, BackupScope, Tenant, TenantStatus};

/// The tenant of a tenant scope, checked; `None` for a cluster scope. An unknown tenant (or
/// one of another cluster) is 404 BAK10003, as for `GET .../tenants/{tenantId}`.
pub fn tenant_of(w: &World, scope: BackupScope) -> Result<Option<Tenant>, ApiError> {
    let Some(tid) = scope.tenant_id() else {
        return Ok(None);
    };
    let t = w
        .tenants
        .get(&tid)
        .filter(|t| t.cluster_id == Some(scope.cluster_id()))
        .cloned()
        .ok_or_else(|| ApiError::not_found("tenant", tid))?;
    Ok(Some(t))
}

fn refuse(
    status: StatusCode,
    object: &str,
    field: &str,
    code: &'static str,
    en: String,
    zh: String,
) -> ApiError {
    ApiError::rule(status, object, Violation::new(field, code, en, zh))
}

/// Whether a cluster's OB version allows tenant backup: 4.0.0 or later (open question 11,
/// first reading: the strategy guide's OB ≥ 4.0.0).
pub fn version_allows_tenant_backup(ob_version: &str) -> bool {
    ob_version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .is_some_and(|major| major >= 4)
}

/// The rules of a write in a tenant scope; nothing for a cluster scope. `mode` is the backup
/// mode the write asks for, if any.
pub fn check_tenant_write(
    w: &World,
    scope: BackupScope,
    object: &str,
    mode: Option<&BackupMode>,
) -> Result<Option<Tenant>, ApiError> {
    let Some(t) = tenant_of(w, scope)? else {
        return Ok(None);
    };
    let version = w
        .clusters
        .get(&scope.cluster_id())
        .and_then(|c| c.cluster.ob_version.clone())
        .unwrap_or_default();
    if !version_allows_tenant_backup(&version) {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            object,
            "clusterId",
            codes::TENANT_VERSION,
            format!("OB version {version} cannot do tenant backup (OB 4.0.0 or later is needed)."),
            format!("OB 版本 {version} 不支持租户备份（需要 OB 4.0.0 及以上）。"),
        ));
    }
    if t.status == Some(TenantStatus::Creating) {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            object,
            "tenantId",
            codes::TENANT_CREATING,
            format!("Tenant {} is still being created.", t.name),
            format!("租户 {} 正在创建中。", t.name),
        ));
    }
    if mode == Some(&BackupMode::Logical) {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            object,
            "backupMode",
            codes::TENANT_LOGICAL,
            "Logical backup cannot back up a tenant.".to_owned(),
            "逻辑备份不支持备份租户。".to_owned(),
        ));
    }
    Ok(Some(t))
}

/// BAK21002 (409): the tenant already has a strategy.
pub fn tenant_strategy_exists(t: &Tenant) -> ApiError {
    refuse(
        StatusCode::CONFLICT,
        "StrategyParam",
        "tenantId",
        codes::TENANT_STRATEGY_EXISTS,
        format!(
            "Tenant {} already has a backup strategy; modify or delete it.",
            t.name
        ),
        format!("租户 {} 已有备份策略，请修改或删除它。", t.name),
    )
}
