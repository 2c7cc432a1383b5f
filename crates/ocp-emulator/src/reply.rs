//! The success and error envelopes (ocp-api.md 1.1, 1.2).
//!
//! Handlers return [`Data`] or [`ApiError`]; both travel as response extensions and the
//! [`envelope`] middleware writes the body, because only it knows the request's language and
//! how long the request took.

use crate::error::{lang_of, ApiError};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ocp_model::{ErrorBody, StampTime};
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::time::Instant;

/// A successful answer's `data` (may be JSON `null`), already serialized so that fields keep
/// the order of the model types.
#[derive(Clone, Debug)]
pub struct Data {
    pub status: StatusCode,
    pub json: String,
}

impl Data {
    pub fn json<T: Serialize>(v: &T) -> Result<Self, ApiError> {
        Ok(Data {
            status: StatusCode::OK,
            json: serde_json::to_string(v).map_err(ApiError::internal)?,
        })
    }

    /// 200 with `data: null`.
    pub fn null() -> Self {
        Data {
            status: StatusCode::OK,
            json: "null".to_owned(),
        }
    }
}

impl IntoResponse for Data {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        res.extensions_mut().insert(self);
        res
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OkBody<'a> {
    successful: bool,
    status: u16,
    timestamp: StampTime,
    duration: u64,
    trace_id: &'a str,
    server: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrBody<'a> {
    successful: bool,
    status: u16,
    timestamp: StampTime,
    duration: u64,
    trace_id: &'a str,
    server: &'a str,
    error: ErrorBody,
}

/// 16 hex characters, like OCP's trace ids.
pub fn trace_id() -> String {
    format!("{:016x}", rand::rngs::StdRng::from_os_rng().random::<u64>())
}

/// `{"data":DATA,` followed by the rest of an object serialized without it.
fn with_data_first(data: &str, rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + rest.len() + 9);
    out.extend_from_slice(b"{\"data\":");
    out.extend_from_slice(data.as_bytes());
    out.push(b',');
    out.extend_from_slice(rest.get(1..).unwrap_or_default());
    out
}

pub async fn envelope(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let lang = lang_of(req.headers());
    let res = next.run(req).await;
    let (mut parts, body) = res.into_parts();
    let data = parts.extensions.remove::<Data>();
    let mut error = parts.extensions.remove::<ApiError>();
    if data.is_none() && error.is_none() {
        if !(parts.status.is_client_error() || parts.status.is_server_error()) {
            return Response::from_parts(parts, body);
        }
        // A refusal of the framework itself (an extractor's rejection, ...): it gets the
        // same envelope and a string code as every other error, its own text as debug.
        let text = axum::body::to_bytes(body, 64 * 1024)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        error = Some(ApiError::from_status(parts.status, &text));
    }
    let timestamp = StampTime::from_utc(app.clock.now(), app.offset);
    let duration = started.elapsed().as_millis() as u64;
    let trace = trace_id();
    let status = parts.status.as_u16();
    let bytes = match (&data, error) {
        (Some(d), _) => serde_json::to_vec(&OkBody {
            successful: true,
            status,
            timestamp,
            duration,
            trace_id: &trace,
            server: &app.server,
        })
        .map(|rest| with_data_first(&d.json, &rest)),
        (None, Some(e)) => serde_json::to_vec(&ErrBody {
            successful: false,
            status,
            timestamp,
            duration,
            trace_id: &trace,
            server: &app.server,
            error: e.body(lang),
        }),
        (None, None) => Ok(Vec::new()),
    }
    .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    // A browser must never cache an API answer: the clock moves on.
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(bytes))
}
