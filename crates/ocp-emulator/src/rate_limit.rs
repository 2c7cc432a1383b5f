//! `--rate-limit LIMIT/SECONDS`: OCP's throttle of `/api/**` (ocp-api.md 1.2).
//!
//! A fixed window per user: the first request of a user opens a window of SECONDS of real
//! (wall) time, whatever the emulated clock does; the window admits LIMIT requests, the ones
//! after answer 429 until it ends, and the next request after that opens a new one. The user
//! is the Basic-auth user name the request carries (right or wrong: the throttle comes before
//! the sign-in check, as a gateway's would); a request without one counts for its client IP.
//!
//! Every `/api` answer carries the IETF draft's fields (draft-ietf-httpapi-ratelimit-headers,
//! the separate-field style the contract names): `RateLimit-Limit` (LIMIT), `RateLimit-Remaining`
//! (what the window still admits after this request), `RateLimit-Reset` (whole seconds until
//! the window ends, rounded up, so waiting that long is enough) and `RateLimit-Policy`
//! (`LIMIT;w=SECONDS`). A 429 has OCP's error envelope with `error.code` 0 and a message in
//! the request's language, the same fields and `Retry-After` (= `RateLimit-Reset`). Requests
//! refused with 429 do not count. `/__emulator/*`, `/api-docs` and the console's files are
//! not throttled, and proxy mode leaves throttling to the real OCP.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `LIMIT/SECONDS`: at most `limit` requests per user in each window of `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: u32,
    pub window: Duration,
}

impl RateLimit {
    /// `600/60`: LIMIT 1..=1,000,000 requests per SECONDS 1..=86,400.
    pub fn parse(s: &str) -> Result<RateLimit, String> {
        let shape = || format!("expected LIMIT/SECONDS (e.g. 600/60), got {s:?}");
        let (limit, secs) = s.trim().split_once('/').ok_or_else(shape)?;
        let limit: u32 = limit.trim().parse().map_err(|_| shape())?;
        let secs: u64 = secs.trim().parse().map_err(|_| shape())?;
        if !(1..=1_000_000).contains(&limit) {
            return Err(format!("LIMIT must be between 1 and 1000000, got {limit}"));
        }
        if !(1..=86_400).contains(&secs) {
            return Err(format!("SECONDS must be between 1 and 86400, got {secs}"));
        }
        Ok(RateLimit {
            limit,
            window: Duration::from_secs(secs),
        })
    }
}

impl std::fmt::Display for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.limit, self.window.as_secs())
    }
}

/// Who a request counts for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Client {
    /// The Basic-auth user name the request carries.
    User(String),
    /// No user name: the client's address (unknown in in-process tests).
    Ip(Option<IpAddr>),
}

/// What the throttle says about one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    pub limit: u32,
    /// Requests the window still admits after this one.
    pub remaining: u32,
    /// Whole seconds until the window ends (rounded up).
    pub reset_secs: u64,
}

/// The open windows: when each began and how many requests it admitted.
#[derive(Debug)]
pub struct Limiter {
    pub policy: RateLimit,
    windows: Mutex<HashMap<Client, (Instant, u32)>>,
}

/// Above this many clients, windows that ended are dropped.
const PRUNE_ABOVE: usize = 10_000;

impl Limiter {
    pub fn new(policy: RateLimit) -> Self {
        Limiter {
            policy,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request of `client` at `now` (real time) if its window admits it.
    pub fn check(&self, client: Client, now: Instant) -> Verdict {
        let RateLimit { limit, window } = self.policy;
        let mut all = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if all.len() > PRUNE_ABOVE {
            all.retain(|_, (began, _)| now.saturating_duration_since(*began) < window);
        }
        let entry = all.entry(client).or_insert((now, 0));
        if now.saturating_duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        let allowed = entry.1 < limit;
        if allowed {
            entry.1 += 1;
        }
        let left = window.saturating_sub(now.saturating_duration_since(entry.0));
        Verdict {
            allowed,
            limit,
            remaining: limit - entry.1,
            reset_secs: left.as_micros().div_ceil(1_000_000) as u64,
        }
    }
}

/// The user name of a Basic `Authorization` header, if it carries one.
pub fn basic_user(headers: &HeaderMap) -> Option<String> {
    use base64::Engine;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let user = decoded.split_once(':').map_or(decoded.as_str(), |(u, _)| u);
    (!user.is_empty()).then(|| user.to_owned())
}

/// The layer on `/api` (inside the envelope, outside the sign-in check).
pub async fn throttle(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limiter) = app.rate_limit.as_ref() else {
        return next.run(req).await;
    };
    let client = match basic_user(req.headers()) {
        Some(user) => Client::User(user),
        None => Client::Ip(
            req.extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ),
    };
    let verdict = limiter.check(client, Instant::now());
    let mut res = if verdict.allowed {
        next.run(req).await
    } else {
        let mut res =
            ApiError::rate_limited(verdict.limit, limiter.policy.window.as_secs()).into_response();
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(verdict.reset_secs));
        res
    };
    let h = res.headers_mut();
    h.insert("RateLimit-Limit", HeaderValue::from(verdict.limit));
    h.insert("RateLimit-Remaining", HeaderValue::from(verdict.remaining));
    h.insert("RateLimit-Reset", HeaderValue::from(verdict.reset_secs));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{};w={}",
        verdict.limit,
        limiter.policy.window.as_secs()
    )) {
        h.insert("RateLimit-Policy", v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_limit_per_seconds() {
        assert_eq!(
            RateLimit::parse("600/60"),
            Ok(RateLimit {
                limit: 600,
                window: Duration::from_secs(60)
            })
        );
        assert_eq!(RateLimit::parse(" 5 / 2 ").unwrap().to_string(), "5/2");
        for bad in [
            "", "600", "600/", "/60", "0/60", "600/0", "a/b", "600/60/1", "-1/60",
        ] {
            assert!(RateLimit::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_fixed_window_per_client() {
        let l = Limiter::new(RateLimit::parse("3/10").unwrap());
        let t = Instant::now();
        let admin = || Client::User("admin".into());
        let seen: Vec<(bool, u32, u64)> = (0..4)
            .map(|i| {
                let v = l.check(admin(), t + Duration::from_millis(100 * i));
                (v.allowed, v.remaining, v.reset_secs)
            })
            .collect();
        assert_eq!(
            seen,
            [(true, 2, 10), (true, 1, 10), (true, 0, 10), (false, 0, 10)]
        );
        // Another user, and a client without one, have windows of their own.
        assert!(l.check(Client::User("ops".into()), t).allowed);
        assert!(l.check(Client::Ip(None), t).allowed);
        // Later in the window: the reset counts down, rounded up.
        let v = l.check(admin(), t + Duration::from_millis(7_500));
        assert_eq!((v.allowed, v.reset_secs), (false, 3));
        // The window over: a new one.
        let v = l.check(admin(), t + Duration::from_secs(10));
        assert_eq!((v.allowed, v.remaining, v.reset_secs), (true, 2, 10));
    }

    #[test]
    fn the_user_name_of_basic_credentials() {
        let mut h = HeaderMap::new();
        assert_eq!(basic_user(&h), None);
        h.insert(
            header::AUTHORIZATION,
            "Basic b3BzOnNlY3JldA==".parse().unwrap(),
        );
        assert_eq!(basic_user(&h).as_deref(), Some("ops"));
        h.insert(header::AUTHORIZATION, "Bearer xyz".parse().unwrap());
        assert_eq!(basic_user(&h), None);
    }
}
