//! HTTP Basic auth on `/api/**` for the user `admin`.
//!
//! Failures answer 401 with an OCP error envelope and deliberately no `WWW-Authenticate`
//! header: that header makes browsers show their own sign-in popup, which would hijack the
//! console's sign-in form.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;

pub const USER: &str = "admin";

pub async fn require_basic_auth(State(app): State<AppState>, req: Request, next: Next) -> Response {
    match check(req.headers(), &app.password) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

/// IAM10000 when no Basic credentials came, IAM10004 when they are wrong.
pub fn check(headers: &HeaderMap, password: &str) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::not_logged_in());
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::bad_credentials())?
        .trim();
    let Some((scheme, encoded)) = value.split_once(' ') else {
        return Err(ApiError::not_logged_in());
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(ApiError::not_logged_in());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| ApiError::bad_credentials())?;
    let decoded = String::from_utf8(decoded).map_err(|_| ApiError::bad_credentials())?;
    match decoded.split_once(':') {
        Some((user, pw))
            if user == USER && constant_time_eq(pw.as_bytes(), password.as_bytes()) =>
        {
            Ok(())
        }
        _ => Err(ApiError::bad_credentials()),
    }
}

/// Compares without stopping at the first difference, so timing does not leak the password.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
