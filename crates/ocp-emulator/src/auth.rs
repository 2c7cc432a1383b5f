//! HTTP Basic auth on `/api/**` for the user `admin`.
//!
//! Failures answer 401 with an OCP error envelope and deliberately no `WWW-Authenticate`
//! header: that header makes browsers show their own sign-in popup, which would hijack the
//! console's sign-in form.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const USER: &str = "admin";

pub async fn require_basic_auth(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match check(req.headers(), &app.password) {
        Ok(()) => {
            app.sign_in_failures.forget(client);
            next.run(req).await
        }
        Err(e) => {
            // Wrong credentials, again and again from one client: each answer comes later.
            if e.detail().status == axum::http::StatusCode::UNAUTHORIZED
                && has_credentials(req.headers())
            {
                let wait = app.sign_in_failures.failed(client, Instant::now());
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
            }
            e.into_response()
        }
    }
}

fn has_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
}

/// Failed sign-ins per client (IP address), to slow down password guessing: the first
/// [`FREE_FAILURES`] failures answer at once, each later one waits twice as long as the one
/// before, from 250 ms up to 4 s; a success or 15 quiet minutes start over.
#[derive(Debug, Default)]
pub struct SignInFailures(Mutex<HashMap<Option<IpAddr>, (u32, Instant)>>);

/// Failures that answer without delay (a mistyped password or two).
pub const FREE_FAILURES: u32 = 2;
const FIRST_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(4);
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);

impl SignInFailures {
    /// Notes a failure of `client` at `now`; how long its answer waits.
    pub fn failed(&self, client: Option<IpAddr>, now: Instant) -> Duration {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        all.retain(|_, (_, last)| now.saturating_duration_since(*last) < FORGET_AFTER);
        let entry = all.entry(client).or_insert((0, now));
        entry.0 += 1;
        entry.1 = now;
        match entry.0.checked_sub(FREE_FAILURES + 1) {
            None => Duration::ZERO,
            Some(n) => FIRST_DELAY
                .saturating_mul(1u32.checked_shl(n).unwrap_or(u32::MAX))
                .min(MAX_DELAY),
        }
    }

    /// A success: `client` starts over.
    pub fn forget(&self, client: Option<IpAddr>) {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if !all.is_empty() {
            all.remove(&client);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_wait_longer_and_longer_per_client_and_a_success_starts_over() {
        let f = SignInFailures::default();
        let (a, b) = (
            Some(IpAddr::from([10, 0, 0, 1])),
            Some(IpAddr::from([10, 0, 0, 2])),
        );
        let t = Instant::now();
        let waits: Vec<u128> = (0..7).map(|_| f.failed(a, t).as_millis()).collect();
        assert_eq!(waits, [0, 0, 250, 500, 1000, 2000, 4000]);
        assert_eq!(f.failed(a, t), MAX_DELAY);
        // Another client is not slowed by the first one's guesses.
        assert_eq!(f.failed(b, t), Duration::ZERO);
        f.forget(a);
        assert_eq!(f.failed(a, t), Duration::ZERO);
        // Quiet for 15 minutes: forgotten.
        for _ in 0..5 {
            f.failed(b, t);
        }
        assert_eq!(f.failed(b, t + FORGET_AFTER), Duration::ZERO);
    }
}
