//! The `/api` router: every endpoint of ocp-api.md sections 2 and 3.

mod backup;
mod clusters;
mod system;
mod tasks;

use crate::error::ApiError;
use crate::{auth, reply, AppState};
use axum::http::{Method, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;

/// Routes relative to `/api`, in the layers of [`with_api_layers`].
pub fn api(app: AppState) -> Router {
    let cluster = "/v2/ob/clusters/{id}";
    let backup = "/v2/ob/clusters/{id}/backup";
    let mut router = Router::new()
        .route("/v2/ob/clusters", get(clusters::list))
        .route(cluster, get(clusters::one))
        .route(&format!("{cluster}/tenants"), get(clusters::tenants))
        .route(
            &format!("{cluster}/tenants/{{tenantId}}"),
            get(clusters::tenant),
        )
        .route("/v2/ob/unitSpecs", get(clusters::unit_specs))
        .route(&format!("{backup}/restore"), post(backup::restore))
        .route(&format!("{backup}/ability"), get(backup::ability))
        .route(&format!("{backup}/overview"), get(backup::overview))
        .route("/v2/tasks/instances", get(tasks::list))
        .route("/v2/tasks/instances/{id}", get(tasks::one))
        .route(
            "/v2/tasks/instances/{id}/subtasks/{subtaskId}/log",
            get(tasks::subtask_log),
        )
        // The path OceanBase's Go client follows tasks at (ocp-api.md 1.6): the same task.
        .route("/v2/tasks/{id}", get(tasks::one))
        .route("/v2/info", get(system::info))
        .route("/v2/time", get(system::time));
    // The same handlers for a cluster and for one tenant (ocp-api.md 2, 2b.1): the scope is
    // read from the path.
    for backup in [
        "/v2/ob/clusters/{id}/backup",
        "/v2/ob/clusters/{id}/tenants/{tenantId}/backup",
    ] {
        router = router
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
            );
    }
    let router = router
        .fallback(no_such_api)
        .method_not_allowed_fallback(method_not_allowed);
    with_api_layers(router, app)
}

/// The layers every `/api` route runs in: with `--quirks` the rewrite of finished answers,
/// the envelope (so it also renders auth failures and panics), the write guard (`security`),
/// with `--rate-limit` the throttle, a panic becoming a 500 COM10000 error, then auth.
pub fn with_api_layers(router: Router<AppState>, app: AppState) -> Router {
    let router = router
        .layer(from_fn_with_state(app.clone(), auth::require_basic_auth))
        .layer(CatchPanicLayer::custom(panic_answer))
        // `--faults`: error statuses inside the envelope (OCP's error shape), the rest outside.
        .layer(from_fn_with_state(app.clone(), crate::faults::inner))
        // `--rate-limit`: counted before the sign-in, its 429 in OCP's envelope.
        .layer(from_fn_with_state(app.clone(), crate::rate_limit::throttle))
        // Writes from other sites, not JSON or without the console's header: refused before
        // they count or are signed in (`security`).
        .layer(from_fn_with_state(app.clone(), crate::security::guard))
        .layer(from_fn_with_state(app.clone(), reply::envelope));
    // `--quirks`: the finished answers, rewritten (outside the envelope, which writes them).
    let router = if app.quirks {
        router.layer(from_fn(crate::quirks::rewrite))
    } else {
        router
    };
    router
        .layer(from_fn_with_state(app.clone(), crate::faults::outer))
        .with_state(app)
}

fn panic_answer(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    ApiError::panicked(&what).into_response()
}

async fn no_such_api(method: Method, uri: Uri) -> ApiError {
    ApiError::no_such_api(method.as_str(), &format!("/api{}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::method_not_allowed(method.as_str(), &format!("/api{}", uri.path()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// An app on a temporary database with its clock frozen; keep the directory alive.
    fn frozen_app() -> (tempfile::TempDir, std::sync::Arc<crate::App>) {
        let dir = tempfile::tempdir().unwrap();
        let app = crate::App::open(
            &dir.path().join("emu.sqlite"),
            0.0,
            "pw".to_owned(),
            "test".to_owned(),
            chrono::Utc::now(),
        )
        .unwrap();
        (dir, std::sync::Arc::new(app))
    }

    /// A handler that panics answers a 500 envelope with a string code, and the server
    /// carries on.
    #[tokio::test]
    async fn a_panic_is_a_500_envelope_with_a_string_code() {
        let (_dir, app) = frozen_app();
        async fn boom() -> &'static str {
            panic!("boom in a handler")
        }
        let router = with_api_layers(Router::new().route("/boom", get(boom)), app);
        let auth = format!(
            "Basic {}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "admin:pw")
        );
        let req = || {
            Request::get("/boom")
                .header("authorization", &auth)
                .body(Body::empty())
                .unwrap()
        };
        for _ in 0..2 {
            let res = router.clone().oneshot(req()).await.unwrap();
            assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
            let body = res.into_body().collect().await.unwrap().to_bytes();
            let j: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(j["successful"], false);
            assert_eq!(j["status"], 500);
            assert_eq!(j["error"]["code"], "COM10000");
            assert!(j["error"]["debugMessage"]
                .as_str()
                .unwrap()
                .contains("boom in a handler"));
        }
    }

    /// An axum rejection with no envelope of its own (here the Json extractor's 400 for a
    /// body that is not JSON) still answers an OCP envelope with a string code and keeps its
    /// status.
    #[tokio::test]
    async fn a_framework_rejection_gets_an_envelope_and_a_string_code() {
        let (_dir, app) = frozen_app();
        async fn takes_json(axum::Json(v): axum::Json<serde_json::Value>) -> String {
            v.to_string()
        }
        let router = with_api_layers(Router::new().route("/j", post(takes_json)), app);
        let auth = format!(
            "Basic {}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "admin:pw")
        );
        let req = Request::post("/j")
            .header("authorization", &auth)
            .header("content-type", "application/json")
            .header("x-obc-console", "1")
            .body(Body::from("{"))
            .unwrap();
        let res = router.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let j: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(j["successful"], false);
        assert_eq!(j["status"], 400);
        assert_eq!(j["error"]["code"], "COM10001");
        assert!(j["error"]["debugMessage"]
            .as_str()
            .unwrap()
            .contains("JSON"));
    }
}
