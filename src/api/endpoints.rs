//! One function per OCP endpoint the console calls; paths live here and nowhere else.

use super::{Api, ApiError};
use gloo_net::http::Method;
use ocp_model::StampTime;
use ocp_model::{
    Ability, BackupInfo, BackupStrategy, Cluster, DataBackupTask, OpsResult, Overview, Paged,
    StrategyParam, TaskInstance, Tenant,
};
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

    /// `None` when the cluster has no strategy (OCP answers `data: null` or an object without id).
    pub fn strategy(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Option<BackupStrategy>, ApiError>> {
        let fut =
            self.get_optional::<BackupStrategy>(cluster_path(id, "/backup/config/backupStrategy"));
        async move { Ok(fut.await?.filter(BackupStrategy::exists)) }
    }

    pub fn data_backup_tasks(
        &self,
        id: i64,
        page: u64,
        size: u64,
    ) -> impl Future<Output = Result<Paged<DataBackupTask>, ApiError>> {
        self.get(cluster_path(
            id,
            &format!("/backup/task/dataBackupTasks?page={page}&size={size}"),
        ))
    }

    /// One page of a task list (`dataBackupTasks`, `logBackupTasks`, `restoreTasks`; ocp-api.md
    /// 2.5). Times go in the API's query format, with their offsets.
    pub fn task_page<T: DeserializeOwned + 'static>(
        &self,
        cluster_id: i64,
        list: &str,
        q: &TaskPageQuery,
    ) -> impl Future<Output = Result<Paged<T>, ApiError>> {
        let mut path = format!("/backup/task/{list}?page={}&size={}", q.page, q.size);
        if let Some(t) = q.from {
            path.push_str(&format!("&startTime={}", encode(&t.to_wire())));
        }
        if let Some(t) = q.to {
            path.push_str(&format!("&endTime={}", encode(&t.to_wire())));
        }
        if let Some(id) = q.backup_set_id {
            path.push_str(&format!("&backupSetId={id}"));
        }
        self.get(cluster_path(cluster_id, &path))
    }

    /// The last seven days as OCP chooses them (no range sent).
    pub fn backup_info(&self, id: i64) -> impl Future<Output = Result<BackupInfo, ApiError>> {
        self.get(cluster_path(id, "/backup/info"))
    }

    /// `/backup/info?startTime&endTime`: the windows of a chosen stretch, both ends sent in the
    /// API's query format with their explicit offsets (`2021-09-16T15:14:51.397+08:00`).
    pub fn backup_info_range(
        &self,
        id: i64,
        start: StampTime,
        end: StampTime,
    ) -> impl Future<Output = Result<BackupInfo, ApiError>> {
        self.get(cluster_path(
            id,
            &format!(
                "/backup/info?startTime={}&endTime={}",
                encode(&start.to_wire()),
                encode(&end.to_wire())
            ),
        ))
    }
}

/// The strategy endpoint of a cluster, with an optional action suffix.
fn strategy_path(id: i64, action: &str) -> String {
    cluster_path(id, &format!("/backup/config/backupStrategy{action}"))
}

fn ops(result: Result<Option<OpsResult>, ApiError>) -> Result<OpsResult, ApiError> {
    result?.ok_or_else(ApiError::missing_data)
}

impl Api {
    pub async fn create_strategy(
        &self,
        id: i64,
        param: &StrategyParam,
    ) -> Result<OpsResult, ApiError> {
        let body = serde_json::to_string(param).ok();
        ops(self
            .send_json(Method::POST, strategy_path(id, ""), body)
            .await)
    }

    /// `patch` carries only what changed, plus the current `storageId`.
    pub async fn modify_strategy(
        &self,
        id: i64,
        patch: &StrategyParam,
    ) -> Result<OpsResult, ApiError> {
        let body = serde_json::to_string(patch).ok();
        ops(self
            .send_json(Method::PATCH, strategy_path(id, ""), body)
            .await)
    }

    pub async fn delete_strategy(&self, id: i64) -> Result<OpsResult, ApiError> {
        ops(self
            .send_json(Method::DELETE, strategy_path(id, ""), None)
            .await)
    }

    pub async fn start_schedule(&self, id: i64) -> Result<OpsResult, ApiError> {
        ops(self
            .send_json(Method::POST, strategy_path(id, "/startSchedule"), None)
            .await)
    }

    pub async fn stop_schedule(&self, id: i64) -> Result<OpsResult, ApiError> {
        ops(self
            .send_json(Method::POST, strategy_path(id, "/stopSchedule"), None)
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
        id: i64,
        param: &ocp_model::BackupNowParam,
    ) -> Result<OpsResult, ApiError> {
        let body = serde_json::to_string(param).ok();
        ops(self
            .send_json(Method::POST, cluster_path(id, "/backup/backupNow"), body)
            .await)
    }

    /// The newest log backup tasks (`size` of them): whether log archiving runs.
    pub fn log_backup_tasks(
        &self,
        id: i64,
        page: u64,
        size: u64,
    ) -> impl Future<Output = Result<Paged<ocp_model::LogBackupTask>, ApiError>> {
        self.get(cluster_path(
            id,
            &format!("/backup/task/logBackupTasks?page={page}&size={size}"),
        ))
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
