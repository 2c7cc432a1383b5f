//! Request bodies: at most 1 MiB (413 beyond), JSON that can be read, every missing or
//! mistyped field found before typing (`ocp_model::validate::shape`): 400s naming each
//! field, never a 500.

use crate::error::ApiError;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_LENGTH;
use axum::http::StatusCode;
use ocp_model::validate::shape::{self, Checked};
use ocp_model::StrategyParam;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

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
                if let Some(limit) = crate::serve::body_timed_out(&e) {
                    return ApiError::body_timeout(limit.as_secs());
                }
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

/// A typed body from JSON already read (the shape check has passed: this does not fail
/// unless the field lists and the types disagree, and then it names the field).
pub fn typed<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    if !value.is_object() {
        return Err(ApiError::bad_body(".", "expected a JSON object"));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ApiError::bad_body(&path, &e.inner().to_string())
    })
}

/// JSON that is an object, or 400 COM10001.
fn json_object(bytes: &[u8]) -> Result<Value, ApiError> {
    let value = json_value(bytes)?;
    if !value.is_object() {
        return Err(ApiError::bad_body(".", "expected a JSON object"));
    }
    Ok(value)
}

/// A StrategyParam read past its problems: the body as sent (for `rejectedValue`s), the
/// param typed from what could be read, and the shape's problems, which the write reports
/// together with the rules' (`Checked::with_rules`).
pub fn strategy_param(bytes: &[u8]) -> Result<(Value, StrategyParam, Checked), ApiError> {
    let value = json_object(bytes)?;
    let checked = shape::check(&value, shape::STRATEGY_PARAM);
    let usable = checked.usable(&value).unwrap_or_else(|| json!({}));
    let param = typed(usable)?;
    Ok((value, param, checked))
}

/// A body whose every shape problem (each missing or mistyped field) is refused at once:
/// 400 naming them all in `subErrors`; otherwise the body as sent and its typed value.
pub fn checked<T: DeserializeOwned>(
    bytes: &[u8],
    object: &str,
    check: impl FnOnce(&Value) -> Checked,
) -> Result<(Value, T), ApiError> {
    let value = json_object(bytes)?;
    let checked = check(&value);
    if !checked.is_ok() {
        return Err(ApiError::rules(
            StatusCode::BAD_REQUEST,
            object,
            checked.problems,
        ));
    }
    let param = typed(value.clone())?;
    Ok((value, param))
}
