//! Reading path and query parameters without ever answering 500: every bad value becomes a
//! 400 OCP error naming the parameter.

use crate::error::ApiError;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use chrono::{DateTime, FixedOffset};
use ocp_model::time::parse_datetime;
use ocp_model::PageRequest;
use std::collections::BTreeMap;

/// A positive numeric id from the path (`/clusters/{id}`, `/instances/{id}`).
#[derive(Clone, Copy, Debug)]
pub struct Id(pub i64);

/// The second id of `/clusters/{id}/tenants/{tenantId}`.
#[derive(Clone, Copy, Debug)]
pub struct TenantId(pub i64);

/// The second id of `/tasks/instances/{id}/subtasks/{subtaskId}/log`.
#[derive(Clone, Copy, Debug)]
pub struct SubtaskId(pub i64);

/// The path parameter `name` as a positive integer; 400 COM10001 naming it otherwise.
async fn positive_path_param<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    name: &str,
) -> Result<i64, ApiError> {
    let Path(params) = Path::<BTreeMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(|e| ApiError::invalid_param(name, "", &e.body_text()))?;
    let raw = params.get(name).map(String::as_str).unwrap_or("");
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| ApiError::invalid_param(name, raw, "expected a positive integer"))
}

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        positive_path_param(parts, state, "id").await.map(Id)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for TenantId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        positive_path_param(parts, state, "tenantId")
            .await
            .map(TenantId)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SubtaskId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        positive_path_param(parts, state, "subtaskId")
            .await
            .map(SubtaskId)
    }
}

/// The query string as name/value pairs. Empty values count as absent: forms send `name=`.
#[derive(Clone, Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Query(pairs) =
            Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map_err(|e| {
                ApiError::invalid_param("query", parts.uri.query().unwrap_or(""), &e.body_text())
            })?;
        Ok(Params(pairs))
    }
}

/// `startTime` and `endTime`, each optional.
pub type TimeBounds = (Option<DateTime<FixedOffset>>, Option<DateTime<FixedOffset>>);

/// A sort order: `name,asc`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub descending: bool,
}

impl Params {
    pub fn str(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Repeated and comma-separated values together: `status=A&status=B`, `status=A,B`.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn u64(&self, name: &str) -> Result<Option<u64>, ApiError> {
        self.str(name)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| ApiError::invalid_param(name, v, "expected a whole number >= 0"))
            })
            .transpose()
    }

    pub fn i64(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.str(name)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| ApiError::invalid_param(name, v, "expected an integer"))
            })
            .transpose()
    }

    /// `page` (1-based) and `size` (default 10, at most 2000).
    pub fn page(&self) -> Result<PageRequest, ApiError> {
        Ok(PageRequest::clamped(self.u64("page")?, self.u64("size")?))
    }

    /// A time in any format of ocp-api.md 1.5; unreadable → 400 COM10010.
    pub fn time(&self, name: &str) -> Result<Option<DateTime<FixedOffset>>, ApiError> {
        self.str(name)
            .map(|v| parse_datetime(v).map_err(|e| ApiError::bad_time(name, v, e.reason)))
            .transpose()
    }

    /// `startTime` and `endTime`; an end before the start is a bad time too.
    pub fn time_range(&self) -> Result<TimeBounds, ApiError> {
        let start = self.time("startTime")?;
        let end = self.time("endTime")?;
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                return Err(ApiError::bad_time(
                    "endTime",
                    self.str("endTime").unwrap_or(""),
                    "endTime is before startTime",
                ));
            }
        }
        Ok((start, end))
    }

    /// `sort=field[,asc|desc]` with `field` one of `allowed`.
    pub fn sort(&self, allowed: &[&str]) -> Result<Option<Sort>, ApiError> {
        let Some(raw) = self.str("sort") else {
            return Ok(None);
        };
        let mut it = raw.split(',').map(str::trim);
        let field = it.next().unwrap_or("");
        if !allowed.contains(&field) {
            return Err(ApiError::invalid_param(
                "sort",
                raw,
                &format!("sortable fields: {}", allowed.join(", ")),
            ));
        }
        let descending = match it.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => {
                return Err(ApiError::invalid_param(
                    "sort",
                    raw,
                    "direction must be asc or desc",
                ))
            }
        };
        Ok(Some(Sort {
            field: field.to_owned(),
            descending,
        }))
    }
}

/// The scope of a backup route: `/clusters/{id}/backup/...` is the cluster's,
/// `/clusters/{id}/tenants/{tenantId}/backup/...` one tenant's (ocp-api.md 2b). The same
/// handlers serve both.
#[derive(Clone, Copy, Debug)]
pub struct Scope(pub ocp_model::BackupScope);

impl<S: Send + Sync> FromRequestParts<S> for Scope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let cluster_id = positive_path_param(parts, state, "id").await?;
        let has_tenant = parts.uri.path().contains("/tenants/");
        Ok(Scope(if has_tenant {
            ocp_model::BackupScope::Tenant {
                cluster_id,
                tenant_id: positive_path_param(parts, state, "tenantId").await?,
            }
        } else {
            ocp_model::BackupScope::Cluster { cluster_id }
        }))
    }
}
