//! Health-check endpoints: server info and clock.

use crate::error::ApiError;
use crate::reply::Data;
use crate::AppState;
use axum::extract::State;
use ocp_model::StampTime;
use serde_json::json;

/// GET /api/v2/info: what OCP's info has, plus the emulator's clock settings.
pub async fn info(State(app): State<AppState>) -> Result<Data, ApiError> {
    Data::json(&json!({
        "buildVersion": concat!("4.2.1-ocp-emulator-", env!("CARGO_PKG_VERSION")),
        "buildTime": null,
        "serverMode": "EMULATOR",
        "timeScale": app.clock.scale(),
        "now": StampTime::from_utc(app.clock.now(), app.offset),
    }))
}

/// GET /api/v2/time: the (emulated) server time, as `data`.
pub async fn time(State(app): State<AppState>) -> Result<Data, ApiError> {
    Data::json(&StampTime::from_utc(app.clock.now(), app.offset))
}
