//! Request bodies: at most 1 MiB (413 beyond), JSON that can be read (400 naming the field
//! where reading stopped, never a 500).

use crate::error::ApiError;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_LENGTH;
use axum::http::StatusCode;
use ocp_model::validate::{check_time_text, fields};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The largest body the API reads.
pub const BODY_LIMIT: usize = 1 << 20;

/// The raw body, within [`BODY_LIMIT`].
pub struct Body(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let declared = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
            return Err(ApiError::too_large(BODY_LIMIT));
        }
        axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map(Body)
            .map_err(|e| {
                let mut src: Option<&dyn std::error::Error> = Some(&e);
                while let Some(s) = src {
                    if s.to_string().contains("length limit") {
                        return ApiError::too_large(BODY_LIMIT);
                    }
                    src = s.source();
                }
                ApiError::bad_body("", "the request body could not be read to its end")
            })
    }
}

/// Reads JSON: syntax errors (a cut-off body too) and wrong shapes are 400s naming the place.
pub fn json_value(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_body("", "the request body is empty"));
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_body("", &e.to_string()))
}

/// A typed body from JSON already read.
pub fn typed<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    if !value.is_object() {
        return Err(ApiError::bad_body(".", "expected a JSON object"));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ApiError::bad_body(&path, &e.inner().to_string())
    })
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    typed(json_value(bytes)?)
}

/// A StrategyParam: schedule times that cannot be read are BAK21007 (OCP's own check),
/// anything else unreadable a 400 naming the field.
pub fn strategy_param(bytes: &[u8]) -> Result<ocp_model::StrategyParam, ApiError> {
    let value = json_value(bytes)?;
    let mut bad = Vec::new();
    if let Some(cfg) = value.get("obBackupScheduleConfig") {
        for (key, field) in [
            ("backupScheduleTime", fields::SCHEDULE_TIME),
            ("cleanScheduleTime", fields::CLEAN_TIME),
        ] {
            if let Some(Value::String(s)) = cfg.get(key) {
                if let Err(v) = check_time_text(field, s) {
                    bad.push(v);
                }
            }
        }
    }
    if !bad.is_empty() {
        return Err(ApiError::rules(
            StatusCode::BAD_REQUEST,
            "StrategyParam",
            bad,
        ));
    }
    typed(value)
}
