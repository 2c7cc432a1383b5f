//! One function per OCP endpoint the console reads; paths live here and nowhere else.

use super::{Api, ApiError};
use ocp_model::{
    Ability, BackupInfo, BackupStrategy, Cluster, DataBackupTask, Overview, Paged, Tenant,
};
use std::future::Future;

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

    pub fn backup_info(&self, id: i64) -> impl Future<Output = Result<BackupInfo, ApiError>> {
        self.get(cluster_path(id, "/backup/info"))
    }
}
