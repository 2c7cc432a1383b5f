//! One function per OCP endpoint the console calls; paths live here and nowhere else.

use super::{Api, ApiError};
use crate::query::Spec;
use gloo_net::http::Method;
use ocp_model::query::MAX_PAGE_SIZE;
use ocp_model::StampTime;
use ocp_model::{
    Ability, BackupInfo, BackupStrategy, Cluster, DataBackupTask, OpsResult, Overview, Paged,
    StrategyParam, TaskInstance, Tenant,
};
use ocp_model::{BackupScope, TenantBackupInfo};
use serde::de::DeserializeOwned;
use std::future::Future;

/// What a task list page is asked for: a time range, (data) a backup set, and the page
/// (1-based; `size` at most 2000).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskPageQuery {
    pub from: Option<StampTime>,
    pub to: Option<StampTime>,
    pub backup_set_id: Option<i64>,
    pub page: u64,
    pub size: u64,
}

fn cluster_path(id: i64, rest: &str) -> String {
    format!("/api/v2/ob/clusters/{id}{rest}")
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

impl Api {
    /// One page of the clusters, by name (`size` at most 2000, ocp-api.md 1.3): the whole
    /// fleet is read page by page to `page.totalElements` (see `pages::clusters`).
    pub fn clusters_page(&self, page: u64, size: u64) -> Spec<Paged<Cluster>> {
        Spec::get(format!(
            "/api/v2/ob/clusters?page={page}&size={size}&sort=name,asc"
        ))
    }

    /// Every cluster, read page by page to the end.
    pub fn all_clusters(&self) -> impl Future<Output = Result<Paged<Cluster>, ApiError>> {
        let api = *self;
        crate::query::fetch_all_pages(MAX_PAGE_SIZE, move |n| api.clusters_page(n, MAX_PAGE_SIZE))
    }

    /// Every tenant of a cluster, read page by page to the end.
    pub fn all_tenants(&self, id: i64) -> impl Future<Output = Result<Paged<Tenant>, ApiError>> {
        let api = *self;
        crate::query::fetch_all_pages(MAX_PAGE_SIZE, move |n| {
            api.tenants_page(id, n, MAX_PAGE_SIZE)
        })
    }

    pub fn cluster(&self, id: i64) -> Spec<Cluster> {
        Spec::get(cluster_path(id, ""))
    }

    /// One page of a cluster's tenants (`size` at most 2000).
    pub fn tenants_page(&self, id: i64, page: u64, size: u64) -> Spec<Paged<Tenant>> {
        Spec::get(cluster_path(
            id,
            &format!("/tenants?page={page}&size={size}"),
        ))
    }

    /// One tenant's name only (the same `GET …/tenants/{tenantId}`): pages that just name the
    /// tenant do without decoding the whole tenant.
    pub fn tenant_name(&self, cluster_id: i64, tenant_id: i64) -> Spec<String> {
        #[derive(Clone, serde::Deserialize)]
        struct Named {
            name: String,
        }
        Spec::<Named>::get(cluster_path(cluster_id, &format!("/tenants/{tenant_id}")))
            .map(|r| Ok(r?.name))
    }

    /// One tenant (`GET …/tenants/{tenantId}`, as OceanBase's own OCP client reads it).
    pub fn tenant(&self, cluster_id: i64, tenant_id: i64) -> Spec<Tenant> {
        Spec::get(cluster_path(cluster_id, &format!("/tenants/{tenant_id}")))
    }

    pub fn overview(&self, id: i64) -> Spec<Overview> {
        Spec::get(cluster_path(id, "/backup/overview"))
    }

    pub fn ability(&self, id: i64) -> Spec<Ability> {
        Spec::get(cluster_path(id, "/backup/ability"))
    }

    /// `None` when the cluster or tenant has no strategy: OCP answers `data: null` or an
    /// object without id, and for a tenant 404 `BAK21006` (ocp-api.md 2b.12, question 1),
    /// which is "no own strategy", not a failure; so is `BAK30002` (the cluster's OB cannot
    /// give a tenant its own strategy).
    pub fn strategy(&self, scope: BackupScope) -> Spec<Option<BackupStrategy>> {
        Spec::<Option<BackupStrategy>>::get_optional(scope.backup_path("config/backupStrategy"))
            .map(move |r| match r {
                Ok(s) => Ok(s.filter(BackupStrategy::exists)),
                Err(ApiError::NotFound(m))
                    if scope.is_tenant()
                        && m.code.as_ref().is_some_and(|c| c.to_string() == "BAK21006") =>
                {
                    Ok(None)
                }
                Err(ApiError::BadRequest(m))
                    if scope.is_tenant()
                        && m.code.as_ref().is_some_and(|c| c.to_string() == "BAK30002") =>
                {
                    Ok(None)
                }
                Err(e) => Err(e),
            })
    }

    pub fn data_backup_tasks(
        &self,
        scope: BackupScope,
        page: u64,
        size: u64,
    ) -> Spec<Paged<DataBackupTask>> {
        Spec::get(scope.backup_path(&format!("task/dataBackupTasks?page={page}&size={size}")))
    }

    /// One page of a task list (`dataBackupTasks`, `logBackupTasks`, `restoreTasks`; ocp-api.md
    /// 2.5, 2b.5–2b.7). Times go in the scope's query format: the cluster's with their
    /// offsets, a tenant's in UTC `Z` (ocp-api.md 2b.2).
    pub fn task_page<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &self,
        scope: BackupScope,
        list: &str,
        q: &TaskPageQuery,
    ) -> Spec<Paged<T>> {
        let mut path = format!("task/{list}?page={}&size={}", q.page, q.size);
        if let Some(t) = q.from {
            path.push_str(&format!(
                "&startTime={}",
                encode(&scope.query_time(t.datetime()))
            ));
        }
        if let Some(t) = q.to {
            path.push_str(&format!(
                "&endTime={}",
                encode(&scope.query_time(t.datetime()))
            ));
        }
        if let Some(id) = q.backup_set_id {
            path.push_str(&format!("&backupSetId={id}"));
        }
        Spec::get(scope.backup_path(&path))
    }

    /// The last seven days as OCP chooses them (no range sent). A tenant's answer (ocp-api.md
    /// 2b.8, one tenant, no union) reads as a cluster answer with that one tenant.
    pub fn backup_info(&self, scope: BackupScope) -> Spec<BackupInfo> {
        self.info_at(scope, scope.backup_path("info"))
    }

    /// `/backup/info?startTime&endTime`: the windows of a chosen stretch, both ends sent in the
    /// scope's query format (cluster: `2021-09-16T15:14:51.397+08:00`; tenant: UTC `Z`).
    pub fn backup_info_range(
        &self,
        scope: BackupScope,
        start: StampTime,
        end: StampTime,
    ) -> Spec<BackupInfo> {
        let path = scope.backup_path(&format!(
            "info?startTime={}&endTime={}",
            encode(&scope.query_time(start.datetime())),
            encode(&scope.query_time(end.datetime()))
        ));
        self.info_at(scope, path)
    }

    fn info_at(&self, scope: BackupScope, path: String) -> Spec<BackupInfo> {
        match scope {
            BackupScope::Cluster { .. } => Spec::get(path),
            BackupScope::Tenant { cluster_id, .. } => {
                Spec::<TenantBackupInfo>::get(path).map(move |t| Ok(t?.as_backup_info(cluster_id)))
            }
        }
    }
}

/// The strategy endpoint of a cluster or tenant, with an optional action suffix.
fn strategy_path(scope: BackupScope, action: &str) -> String {
    scope.backup_path(&format!("config/backupStrategy{action}"))
}

fn ops(result: Result<Option<OpsResult>, ApiError>) -> Result<OpsResult, ApiError> {
    result?.ok_or_else(ApiError::missing_data)
}

impl Api {
    pub async fn create_strategy(
        &self,
        scope: BackupScope,
        param: &StrategyParam,
    ) -> Result<OpsResult, ApiError> {
        let body = serde_json::to_string(param).ok();
        ops(self
            .send_json(Method::POST, strategy_path(scope, ""), body)
            .await)
    }

    /// `patch` carries only what changed, plus the current `storageId`.
    pub async fn modify_strategy(
        &self,
        scope: BackupScope,
        patch: &StrategyParam,
    ) -> Result<OpsResult, ApiError> {
        let body = serde_json::to_string(patch).ok();
        ops(self
            .send_json(Method::PATCH, strategy_path(scope, ""), body)
            .await)
    }

    pub async fn delete_strategy(&self, scope: BackupScope) -> Result<OpsResult, ApiError> {
        ops(self
            .send_json(Method::DELETE, strategy_path(scope, ""), None)
            .await)
    }

    pub async fn start_schedule(&self, scope: BackupScope) -> Result<OpsResult, ApiError> {
        ops(self
            .send_json(Method::POST, strategy_path(scope, "/startSchedule"), None)
            .await)
    }

    pub async fn stop_schedule(&self, scope: BackupScope) -> Result<OpsResult, ApiError> {
        ops(self
            .send_json(Method::POST, strategy_path(scope, "/stopSchedule"), None)
            .await)
    }

    pub fn task_instance(&self, task_id: i64) -> Spec<TaskInstance> {
        Spec::get(format!("/api/v2/tasks/instances/{task_id}"))
    }
}

// Backup now and task detail.
impl Api {
    /// POST `/backup/backupNow`: one request, never retried; its OpsResult names the task.
    pub async fn backup_now(
        &self,
        scope: BackupScope,
        param: &ocp_model::BackupNowParam,
    ) -> Result<OpsResult, ApiError> {
        let body = serde_json::to_string(param).ok();
        ops(self
            .send_json(Method::POST, scope.backup_path("backupNow"), body)
            .await)
    }

    /// The newest log backup tasks (`size` of them): whether log archiving runs.
    pub fn log_backup_tasks(
        &self,
        scope: BackupScope,
        page: u64,
        size: u64,
    ) -> Spec<Paged<ocp_model::LogBackupTask>> {
        Spec::get(scope.backup_path(&format!("task/logBackupTasks?page={page}&size={size}")))
    }

    /// One subtask's log (a failed step's ends with its error text).
    pub fn subtask_log(&self, task_id: i64, subtask_id: i64) -> Spec<ocp_model::SubtaskLog> {
        Spec::get(format!(
            "/api/v2/tasks/instances/{task_id}/subtasks/{subtask_id}/log"
        ))
    }
}

// The restore wizard.
impl Api {
    /// GET `/api/v2/ob/unitSpecs`: the resource-pool sizes a new tenant may use.
    pub fn unit_specs(&self) -> Spec<Paged<ocp_model::UnitSpec>> {
        Spec::get("/api/v2/ob/unitSpecs?page=1&size=2000".to_owned())
    }

    /// POST `/backup/restore` to the target cluster: one request, never retried.
    pub async fn restore(
        &self,
        target_cluster_id: i64,
        param: &ocp_model::RestoreParam,
    ) -> Result<OpsResult, ApiError> {
        let body = serde_json::to_string(param).ok();
        ops(self
            .send_json(
                Method::POST,
                cluster_path(target_cluster_id, "/backup/restore"),
                body,
            )
            .await)
    }
}
