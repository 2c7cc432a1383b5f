//! One file per page: each wires resources and components together and holds little logic.

mod cluster_tenants;
mod clusters;
mod not_found;
mod overview;
mod restore;
mod settings;
mod strategy;
mod task_detail;
mod tasks;
mod tenant;
mod windows;

pub use cluster_tenants::{ClusterTenants, ClusterTenantsInput};
pub use clusters::ClustersPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use restore::RestorePage;
pub use settings::SettingsPage;
pub use strategy::StrategyPage;
pub use task_detail::TaskDetailPage;
pub use tasks::TasksPage;
pub use tenant::TenantPage;
pub use windows::WindowsPage;

use crate::api::{ApiError, ServerMessage};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::time::Duration;

/// The `:id` of a `/clusters/:id/...` route: `Err` says, as OCP would, that no such cluster
/// exists when the id is not a number.
pub(crate) fn use_cluster_id() -> Memo<Result<i64, ApiError>> {
    let params = use_params_map();
    Memo::new(move |_| {
        let raw = params.read().get("id").unwrap_or_default();
        raw.parse::<i64>().map_err(|_| {
            ApiError::NotFound(ServerMessage::text(format!(
                "cluster {raw:?} does not exist"
            )))
        })
    })
}

/// The backup scope of the route: the cluster of `:id`, or one of its tenants when the route
/// has a `:tenantId` (`/clusters/:id/tenants/:tenantId/...`). Pages take it as their parameter,
/// so one page serves both levels.
pub(crate) fn use_scope() -> Memo<Result<ocp_model::BackupScope, ApiError>> {
    let params = use_params_map();
    let cluster = use_cluster_id();
    Memo::new(move |_| {
        let cluster_id = cluster.get()?;
        match params.read().get("tenantId") {
            None => Ok(ocp_model::BackupScope::Cluster { cluster_id }),
            Some(raw) => raw
                .parse::<i64>()
                .map(|tenant_id| ocp_model::BackupScope::Tenant {
                    cluster_id,
                    tenant_id,
                })
                .map_err(|_| {
                    ApiError::NotFound(ServerMessage::text(format!(
                        "tenant {raw:?} does not exist"
                    )))
                }),
        }
    })
}

/// Runs `f` every `every` while the calling component lives: live refresh without a library.
pub(crate) fn use_refresh(every: Duration, f: impl Fn() + 'static) {
    let f = send_wrapper::SendWrapper::new(f);
    if let Ok(handle) = set_interval_with_handle(move || (*f)(), every) {
        on_cleanup(move || handle.clear());
    }
}

/// A counter a page's resources read, so the page can make them fetch again (after a write,
/// on a timer).
#[derive(Clone, Copy)]
pub(crate) struct Reload(RwSignal<u64>);

impl Reload {
    pub fn new() -> Self {
        Self(RwSignal::new(0))
    }
    /// Subscribes the calling resource.
    pub fn track(&self) {
        self.0.track();
    }
    pub fn bump(&self) {
        self.0.update(|v| *v += 1);
    }
}
