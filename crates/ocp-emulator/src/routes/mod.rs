//! The `/api` router: every endpoint of ocp-api.md sections 2 and 3.

mod backup;
mod clusters;
mod system;
mod tasks;

use crate::error::ApiError;
use crate::{auth, reply, AppState};
use axum::http::{Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;

/// Routes relative to `/api`. Layers: the envelope (outermost, so it also renders auth
/// failures), then auth, then the handlers.
pub fn api(app: AppState) -> Router {
    let cluster = "/v2/ob/clusters/{id}";
    let backup = "/v2/ob/clusters/{id}/backup";
    Router::new()
        .route("/v2/ob/clusters", get(clusters::list))
        .route(cluster, get(clusters::one))
        .route(&format!("{cluster}/tenants"), get(clusters::tenants))
        .route(
            &format!("{cluster}/tenants/{{tenantId}}"),
            get(clusters::tenant),
        )
        .route("/v2/ob/unitSpecs", get(clusters::unit_specs))
        .route(
            &format!("{backup}/config/backupStrategy"),
            get(backup::strategy)
                .post(backup::create_strategy)
                .patch(backup::update_strategy)
                .delete(backup::delete_strategy),
        )
        .route(
            &format!("{backup}/config/backupStrategy/startSchedule"),
            post(backup::start_schedule),
        )
        .route(
            &format!("{backup}/config/backupStrategy/stopSchedule"),
            post(backup::stop_schedule),
        )
        .route(&format!("{backup}/backupNow"), post(backup::backup_now))
        .route(&format!("{backup}/restore"), post(backup::restore))
        .route(&format!("{backup}/ability"), get(backup::ability))
        .route(&format!("{backup}/overview"), get(backup::overview))
        .route(&format!("{backup}/info"), get(backup::info))
        .route(
            &format!("{backup}/task/dataBackupTasks"),
            get(backup::data_tasks),
        )
        .route(
            &format!("{backup}/task/logBackupTasks"),
            get(backup::log_tasks),
        )
        .route(
            &format!("{backup}/task/restoreTasks"),
            get(backup::restore_tasks),
        )
        .route("/v2/tasks/instances", get(tasks::list))
        .route("/v2/tasks/instances/{id}", get(tasks::one))
        // The path OceanBase's Go client follows tasks at (ocp-api.md 1.6): the same task.
        .route("/v2/tasks/{id}", get(tasks::one))
        .route("/v2/info", get(system::info))
        .route("/v2/time", get(system::time))
        .fallback(no_such_api)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(app.clone(), auth::require_basic_auth))
        .layer(from_fn_with_state(app.clone(), reply::envelope))
        .with_state(app)
}

async fn no_such_api(method: Method, uri: Uri) -> ApiError {
    ApiError::no_such_api(method.as_str(), &format!("/api{}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::method_not_allowed(method.as_str(), &format!("/api{}", uri.path()))
}
