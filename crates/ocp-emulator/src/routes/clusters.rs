//! Clusters, tenants and unit specs (ocp-api.md 3).

use crate::error::ApiError;
use crate::params::{Id, Params, TenantId};
use crate::records::ClusterRecord;
use crate::reply::Data;
use crate::AppState;
use axum::extract::State;
use ocp_model::{Cluster, Paged, Tenant};
use std::cmp::Ordering;

/// The cluster, or 404 BAK10003.
pub fn load_cluster(app: &AppState, id: i64) -> Result<ClusterRecord, ApiError> {
    app.store
        .cluster(id)?
        .ok_or_else(|| ApiError::not_found("cluster", id))
}

fn compare(a: &Cluster, b: &Cluster, field: &str) -> Ordering {
    match field {
        "name" => a.name.cmp(&b.name),
        "obVersion" => version_key(a).cmp(&version_key(b)),
        "status" => a.status.cmp(&b.status),
        "createTime" => a.create_time.cmp(&b.create_time),
        _ => a.id.cmp(&b.id),
    }
}

/// `4.2.1.0` sorts after `3.10.0`, numerically per part.
fn version_key(c: &Cluster) -> Vec<u64> {
    c.ob_version
        .as_deref()
        .unwrap_or("")
        .split('.')
        .map(|p| p.parse().unwrap_or(0))
        .collect()
}

/// GET /api/v2/ob/clusters?page&size&sort&name&status
pub async fn list(State(app): State<AppState>, p: Params) -> Result<Data, ApiError> {
    let page = p.page()?;
    let sort = p.sort(&["id", "name", "obVersion", "status", "createTime"])?;
    let name = p.str("name").map(str::to_lowercase);
    let statuses = p.list("status");
    let mut rows: Vec<Cluster> = app
        .store
        .clusters()?
        .into_iter()
        .map(|r| r.cluster)
        .filter(|c| {
            name.as_deref()
                .is_none_or(|n| c.name.to_lowercase().contains(n))
        })
        .filter(|c| {
            statuses.is_empty()
                || c.status
                    .as_ref()
                    .is_some_and(|s| statuses.iter().any(|w| w.eq_ignore_ascii_case(s.as_str())))
        })
        .collect();
    if let Some(sort) = sort {
        rows.sort_by(|a, b| {
            let o = compare(a, b, &sort.field).then(a.id.cmp(&b.id));
            if sort.descending {
                o.reverse()
            } else {
                o
            }
        });
    }
    Data::json(&Paged::page_of(rows, page))
}

/// GET /api/v2/ob/clusters/{id}
pub async fn one(State(app): State<AppState>, Id(id): Id) -> Result<Data, ApiError> {
    Data::json(&load_cluster(&app, id)?.cluster)
}

/// GET /api/v2/ob/clusters/{id}/tenants?page&size&sort&name&status (the same paging, sorting
/// and filters as the cluster list).
pub async fn tenants(State(app): State<AppState>, Id(id): Id, p: Params) -> Result<Data, ApiError> {
    let page = p.page()?;
    let sort = p.sort(&["id", "name", "obTenantId", "status", "createTime"])?;
    let name = p.str("name").map(str::to_lowercase);
    let statuses = p.list("status");
    load_cluster(&app, id)?;
    let mut rows: Vec<Tenant> = app
        .store
        .tenants(id)?
        .into_iter()
        .filter(|t| {
            name.as_deref()
                .is_none_or(|n| t.name.to_lowercase().contains(n))
        })
        .filter(|t| {
            statuses.is_empty()
                || t.status
                    .as_ref()
                    .is_some_and(|s| statuses.iter().any(|w| w.eq_ignore_ascii_case(s.as_str())))
        })
        .collect();
    if let Some(sort) = sort {
        rows.sort_by(|a, b| {
            let o = match sort.field.as_str() {
                "name" => a.name.cmp(&b.name),
                "obTenantId" => a.ob_tenant_id.cmp(&b.ob_tenant_id),
                "status" => a.status.cmp(&b.status),
                "createTime" => a.create_time.cmp(&b.create_time),
                _ => a.id.cmp(&b.id),
            }
            .then(a.id.cmp(&b.id));
            if sort.descending {
                o.reverse()
            } else {
                o
            }
        });
    }
    Data::json(&Paged::page_of(rows, page))
}

/// GET /api/v2/ob/clusters/{id}/tenants/{tenantId}: one row of the list above; 404 BAK10003
/// for an unknown cluster, and for a tenant that is not the cluster's.
pub async fn tenant(
    State(app): State<AppState>,
    Id(id): Id,
    TenantId(tenant_id): TenantId,
) -> Result<Data, ApiError> {
    load_cluster(&app, id)?;
    let tenant = app
        .store
        .tenants(id)?
        .into_iter()
        .find(|t| t.id == tenant_id)
        .ok_or_else(|| ApiError::not_found("tenant", tenant_id))?;
    Data::json(&tenant)
}

/// GET /api/v2/ob/unitSpecs: unpaged.
pub async fn unit_specs(State(app): State<AppState>) -> Result<Data, ApiError> {
    Data::json(&Paged::unpaged(app.store.unit_specs()?))
}
