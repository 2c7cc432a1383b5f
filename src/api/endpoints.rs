//! One function per OCP endpoint the console calls; paths live here and nowhere else.

use super::{Api, ApiError};
use gloo_net::http::Method;
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
    pub fn clusters(&self, name: &str) -> impl Future<Output = Result<Paged<Cluster>, ApiError>> {
        let mut path = "/api/v2/ob/clusters?page=1&size=200&sort=name,asc".to_owned();
        if !name.trim().is_empty() {
            path.push_str(&format!("&name={}", encode(name.trim())));
        }
        self.get(path)
    }

    pub fn cluster(&self, id: i64) -> impl Future<Output = Result<Cluster, ApiError>> {
        self.get(cluster_path(id, ""))
    }

    pub fn tenants(&self, id: i64) -> impl Future<Output = Result<Paged<Tenant>, ApiError>> {
        self.get(cluster_path(id, "/tenants?page=1&size=200"))
    }

    /// One tenant's name only (the same `GET …/tenants/{tenantId}`): pages that just name the
    /// tenant do without decoding the whole tenant.
    pub fn tenant_name(
        &self,
        cluster_id: i64,
        tenant_id: i64,
    ) -> impl Future<Output = Result<String, ApiError>> {
        #[derive(serde::Deserialize)]
        struct Named {
            name: String,
        }
        let fut = self.get::<Named>(cluster_path(cluster_id, &format!("/tenants/{tenant_id}")));
        async move { Ok(fut.await?.name) }
    }

    /// One tenant (`GET …/tenants/{tenantId}`, as OceanBase's own OCP client reads it).
    pub fn tenant(
        &self,
        cluster_id: i64,
        tenant_id: i64,
    ) -> impl Future<Output = Result<Tenant, ApiError>> {
        self.get(cluster_path(cluster_id, &format!("/tenants/{tenant_id}")))
    }

    pub fn overview(&self, id: i64) -> impl Future<Output = Result<Overview, ApiError>> {
        self.get(cluster_path(id, "/backup/overview"))
    }

    pub fn ability(&self, id: i64) -> impl Future<Output = Result<Ability, ApiError>> {
        self.get(cluster_path(id, "/backup/ability"))
    }

    /// `None` when the cluster or tenant has no strategy: OCP answers `data: null` or an
    /// object without id, and for a tenant 404 `BAK21006` (ocp-api.md 2b.12, question 1),
    /// which is "no own strategy", not a failure; so is `BAK30002` (the cluster's OB cannot
    /// give a tenant its own strategy).
    pub fn strategy(
        &self,
        scope: BackupScope,
    ) -> impl Future<Output = Result<Option<BackupStrategy>, ApiError>> {
        let fut = self.get_optional::<BackupStrategy>(scope.backup_path("config/backupStrategy"));
        async move {
            match fut.await {
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
            }
        }
    }

    pub fn data_backup_tasks(
        &self,
        scope: BackupScope,
        page: u64,
        size: u64,
    ) -> impl Future<Output = Result<Paged<DataBackupTask>, ApiError>> {
        self.get(scope.backup_path(&format!("task/dataBackupTasks?page={page}&size={size}")))
    }

    /// One page of a task list (`dataBackupTasks`, `logBackupTasks`, `restoreTasks`; ocp-api.md
    /// 2.5, 2b.5–2b.7). Times go in the scope's query format: the cluster's with their
    /// offsets, a tenant's in UTC `Z` (ocp-api.md 2b.2).
    pub fn task_page<T: DeserializeOwned + 'static>(
        &self,
        scope: BackupScope,
        list: &str,
        q: &TaskPageQuery,
    ) -> impl Future<Output = Result<Paged<T>, ApiError>> {
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
        self.get(scope.backup_path(&path))
    }

    /// The last seven days as OCP chooses them (no range sent). A tenant's answer (ocp-api.md
    /// 2b.8, one tenant, no union) reads as a cluster answer with that one tenant.
    pub fn backup_info(
        &self,
        scope: BackupScope,
    ) -> impl Future<Output = Result<BackupInfo, ApiError>> {
        self.info_at(scope, scope.backup_path("info"))
    }

    /// `/backup/info?startTime&endTime`: the windows of a chosen stretch, both ends sent in the
    /// scope's query format (cluster: `2021-09-16T15:14:51.397+08:00`; tenant: UTC `Z`).
    pub fn backup_info_range(
        &self,
        scope: BackupScope,
        start: StampTime,
        end: StampTime,
    ) -> impl Future<Output = Result<BackupInfo, ApiError>> {
        let path = scope.backup_path(&format!(
            "info?startTime={}&endTime={}",
            encode(&scope.query_time(start.datetime())),
            encode(&scope.query_time(end.datetime()))
        ));
        self.info_at(scope, path)
    }

    fn info_at(
        &self,
        scope: BackupScope,
        path: String,
    ) -> impl Future<Output = Result<BackupInfo, ApiError>> {
        let (cluster, tenant) = match scope {
            BackupScope::Cluster { .. } => (Some(self.get::<BackupInfo>(path)), None),
            BackupScope::Tenant { .. } => (None, Some(self.get::<TenantBackupInfo>(path))),
        };
        async move {
            match (cluster, tenant) {
                (Some(c), _) => c.await,
                (_, Some(t)) => Ok(t.await?.as_backup_info(scope.cluster_id())),
                (None, None) => Err(ApiError::missing_data()),
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

    pub fn task_instance(
        &self,
        task_id: i64,
    ) -> impl Future<Output = Result<TaskInstance, ApiError>> {
        self.get(format!("/api/v2/tasks/instances/{task_id}"))
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
    ) -> impl Future<Output = Result<Paged<ocp_model::LogBackupTask>, ApiError>> {
        self.get(scope.backup_path(&format!("task/logBackupTasks?page={page}&size={size}")))
    }

    /// One subtask's log (a failed step's ends with its error text).
    pub fn subtask_log(
        &self,
        task_id: i64,
        subtask_id: i64,
    ) -> impl Future<Output = Result<ocp_model::SubtaskLog, ApiError>> {
        self.get(format!(
            "/api/v2/tasks/instances/{task_id}/subtasks/{subtask_id}/log"
        ))
    }
}

// The restore wizard.
impl Api {
    /// GET `/api/v2/ob/unitSpecs`: the resource-pool sizes a new tenant may use.
    pub fn unit_specs(&self) -> impl Future<Output = Result<Paged<ocp_model::UnitSpec>, ApiError>> {
        self.get("/api/v2/ob/unitSpecs?page=1&size=200".to_owned())
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
