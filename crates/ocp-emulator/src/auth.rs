//! HTTP Basic auth on `/api/**` for the user `admin`, through a sign-in throttle per client
//! ([`SignInFailures`]).
//!
//! Failures answer 401 with an OCP error envelope and deliberately no `WWW-Authenticate`
//! header: that header makes browsers show their own sign-in popup, which would hijack the
//! console's sign-in form, and keep the credentials for requests other sites start.

use crate::error::ApiError;
use crate::{App, AppState};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const USER: &str = "admin";

pub async fn require_basic_auth(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let client = client_of(&req);
    match authenticate(&app, client, req.headers()).await {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

/// The client's address, when the server knows it (`ConnectInfo`).
pub fn client_of(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// Checks a request's Basic credentials through the sign-in throttle ([`SignInFailures`]):
/// a request without credentials is IAM10000 at once; with credentials, a client in penalty
/// waits before its credentials are even looked at, one attempt at a time, and a locked-out
/// client gets 429 without them being looked at. Failures are logged (client, user name,
/// count; never the password).
pub async fn authenticate(
    app: &App,
    client: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    if !has_credentials(headers) {
        return check(headers, &app.password);
    }
    let throttle = &app.sign_in_failures;
    let now = Instant::now();
    match throttle.admit(client, now) {
        Admission::Locked(left) => {
            tracing::warn!(client = ?client, "sign-in refused: locked out after failed sign-ins");
            return Err(ApiError::sign_in_locked(left.as_secs_f64().ceil() as u64));
        }
        Admission::Busy => return Err(ApiError::sign_in_busy()),
        Admission::Now => {}
        Admission::After(wait) => {
            // Released even when the client goes away while waiting.
            let _checking = Checking(throttle, client);
            tokio::time::sleep(wait).await;
        }
    }
    let result = check(headers, &app.password);
    match &result {
        Ok(()) => throttle.forget(client),
        Err(e) if e.detail().status == StatusCode::UNAUTHORIZED => {
            let (failures, locked) = throttle.failed(client, Instant::now());
            tracing::warn!(
                client = ?client,
                user = %user_of(headers),
                failures,
                locked_for_secs = locked.map(|d| d.as_secs()),
                "sign-in failed"
            );
        }
        Err(_) => {}
    }
    result
}

/// The user name of Basic credentials, for the log: invisible characters shown, at most 64.
fn user_of(headers: &HeaderMap) -> String {
    let user = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .and_then(|(_, b64)| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .map(|raw| String::from_utf8_lossy(&raw).into_owned())
        .map(|s| s.split(':').next().unwrap_or_default().to_owned())
        .unwrap_or_else(|| "?".to_owned());
    ocp_model::text::show_invisible(&user.chars().take(64).collect::<String>())
}

fn has_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
}

/// Marks a client's attempt as under way until dropped.
struct Checking<'a>(&'a SignInFailures, Option<IpAddr>);

impl Drop for Checking<'_> {
    fn drop(&mut self) {
        self.0.done(self.1);
    }
}

/// Failed sign-ins per client (IP address), against password guessing:
///
/// - the first [`FREE_FAILURES`] failures are answered at once;
/// - after them the client is in penalty: each attempt waits *before* its credentials are
///   checked, twice as long as the one before (250 ms up to 4 s), and only one attempt of the
///   client is under way at a time (another is 429 at once), so parallel guesses gain nothing
///   and a right guess is not answered sooner than a wrong one;
/// - [`LOCK_AFTER`] failures lock the client out for [`LOCKOUT`]: every attempt is 429, the
///   right password too;
/// - a success, or 15 quiet minutes, start the client over.
#[derive(Debug, Default)]
pub struct SignInFailures(Mutex<HashMap<Option<IpAddr>, ClientState>>);

#[derive(Debug, Clone, Copy)]
struct ClientState {
    failures: u32,
    last: Instant,
    locked_until: Option<Instant>,
    checking: bool,
}

/// What a client's attempt may do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Check at once.
    Now,
    /// Wait this long, then check (the attempt counts as under way until [`SignInFailures::done`]).
    After(Duration),
    /// Another attempt of the client is under way.
    Busy,
    /// Locked out for this much longer.
    Locked(Duration),
}

/// Failures that answer without delay (a mistyped password or two).
pub const FREE_FAILURES: u32 = 2;
/// Failures in a row that lock a client out.
pub const LOCK_AFTER: u32 = 10;
/// How long a lock-out lasts.
pub const LOCKOUT: Duration = Duration::from_secs(60);
const FIRST_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(4);
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);

impl SignInFailures {
    fn all(&self) -> std::sync::MutexGuard<'_, HashMap<Option<IpAddr>, ClientState>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Before `client`'s credentials are checked at `now`.
    pub fn admit(&self, client: Option<IpAddr>, now: Instant) -> Admission {
        let mut all = self.all();
        all.retain(|_, c| {
            now.saturating_duration_since(c.last) < FORGET_AFTER
                || c.locked_until.is_some_and(|t| t > now)
        });
        let Some(c) = all.get_mut(&client) else {
            return Admission::Now;
        };
        if let Some(until) = c.locked_until {
            if until > now {
                return Admission::Locked(until - now);
            }
            c.locked_until = None;
            c.failures = 0;
        }
        if c.failures < FREE_FAILURES {
            return Admission::Now;
        }
        if c.checking {
            return Admission::Busy;
        }
        c.checking = true;
        let n = c.failures - FREE_FAILURES;
        Admission::After(
            FIRST_DELAY
                .saturating_mul(1u32.checked_shl(n).unwrap_or(u32::MAX))
                .min(MAX_DELAY),
        )
    }

    /// Notes a failure of `client` at `now`: the failures in a row, and the lock-out if this
    /// one starts it.
    pub fn failed(&self, client: Option<IpAddr>, now: Instant) -> (u32, Option<Duration>) {
        let mut all = self.all();
        let c = all.entry(client).or_insert(ClientState {
            failures: 0,
            last: now,
            locked_until: None,
            checking: false,
        });
        c.failures += 1;
        c.last = now;
        c.checking = false;
        if c.failures >= LOCK_AFTER {
            c.locked_until = Some(now + LOCKOUT);
            return (c.failures, Some(LOCKOUT));
        }
        (c.failures, None)
    }

    /// An attempt that waited is over (whatever came of it).
    pub fn done(&self, client: Option<IpAddr>) {
        if let Some(c) = self.all().get_mut(&client) {
            c.checking = false;
        }
    }

    /// A success: `client` starts over.
    pub fn forget(&self, client: Option<IpAddr>) {
        let mut all = self.all();
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

    /// What one failure after another of a client gets: delays before checking, one attempt
    /// at a time, then a lock-out; other clients are not affected; a success starts over.
    #[test]
    fn penalties_grow_one_attempt_at_a_time_then_lock_out() {
        let f = SignInFailures::default();
        let (a, b) = (
            Some(IpAddr::from([10, 0, 0, 1])),
            Some(IpAddr::from([10, 0, 0, 2])),
        );
        let t = Instant::now();
        let mut admissions = Vec::new();
        for _ in 0..LOCK_AFTER {
            let adm = f.admit(a, t);
            admissions.push(adm);
            if let Admission::After(_) = adm {
                // While this one waits, another attempt of the client is refused.
                assert_eq!(f.admit(a, t), Admission::Busy);
            }
            f.failed(a, t);
        }
        let ms = |d: u64| Admission::After(Duration::from_millis(d));
        assert_eq!(
            admissions,
            [
                Admission::Now,
                Admission::Now,
                ms(250),
                ms(500),
                ms(1000),
                ms(2000),
                ms(4000),
                ms(4000),
                ms(4000),
                ms(4000)
            ]
        );
        // Locked out: the right password is not even looked at.
        assert_eq!(f.admit(a, t), Admission::Locked(LOCKOUT));
        assert_eq!(
            f.admit(a, t + Duration::from_secs(45)),
            Admission::Locked(Duration::from_secs(15))
        );
        // Another client is not slowed by the first one's guesses.
        assert_eq!(f.admit(b, t), Admission::Now);
        // After the lock-out the client starts over.
        assert_eq!(f.admit(a, t + LOCKOUT), Admission::Now);
        // A success starts over; so do 15 quiet minutes.
        f.failed(b, t);
        f.failed(b, t);
        f.failed(b, t);
        assert!(matches!(f.admit(b, t), Admission::After(_)));
        f.done(b);
        f.forget(b);
        assert_eq!(f.admit(b, t), Admission::Now);
        for _ in 0..5 {
            f.failed(b, t);
        }
        assert_eq!(f.admit(b, t + FORGET_AFTER), Admission::Now);
    }
}
