//! Fault injection (`--faults`): chosen `/api` paths answer slowly, with an error, with a
//! gateway's HTML page, an empty or cut-off body, or not at all, so the console can be shown
//! failing gracefully. Off unless the flag is given; then `/__emulator/faults` controls it,
//! for the admin only (Basic credentials): `POST` adds a [`Fault`] (JSON), `GET` lists them,
//! `DELETE` clears them. A test fixture, never part of OCP's API.

use crate::error::ApiError;
use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::Duration;

/// The path of the control endpoint.
pub const PATH: &str = "/__emulator/faults";

/// What a matching request gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Only the delay of [`Fault::latency_ms`], then the real answer.
    Latency,
    /// 401 with OCP's error envelope: the session ended.
    Unauthorized,
    /// 403 with OCP's error envelope.
    Forbidden,
    /// 404 with OCP's error envelope.
    NotFound,
    /// 409 with OCP's error envelope.
    Conflict,
    /// 429 with OCP's error envelope and `RateLimit-Reset` / `Retry-After` of
    /// [`Fault::reset_secs`].
    RateLimited,
    /// 500 with OCP's error envelope.
    ServerError,
    /// 502 with a gateway's HTML page (nginx's), not JSON.
    BadGatewayHtml,
    /// 200 with an empty body.
    EmptyBody,
    /// The real answer cut off in the middle of its JSON.
    TruncatedJson,
    /// The connection is closed before a whole answer is sent.
    DropConnection,
}

/// One fault: which requests, what they get, how often.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// Requests whose path starts with this (`/api/v2/ob/clusters/1000001/backup/overview`);
    /// the query is not part of it.
    pub path: String,
    /// Only this method (`GET`, `POST`, ...); any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub kind: FaultKind,
    /// Added before the answer, in milliseconds (any kind).
    #[serde(default)]
    pub latency_ms: u64,
    /// How many requests it affects; until cleared when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Seconds in `RateLimit-Reset` for [`FaultKind::RateLimited`]; 2 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_secs: Option<u32>,
}

/// The faults in force, oldest first; the first that matches a request applies.
#[derive(Debug, Default)]
pub struct Faults(Mutex<Vec<Fault>>);

impl Faults {
    fn list(&self) -> Vec<Fault> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Adds `fault` unless [`MAX_FAULTS`] are in force.
    fn add(&self, fault: Fault) -> bool {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if all.len() >= MAX_FAULTS {
            return false;
        }
        all.push(fault);
        true
    }

    fn clear(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// The fault for this request, counted as used (one with no uses left goes).
    fn take(&self, method: &Method, path: &str) -> Option<Fault> {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let i = all.iter().position(|f| f.matches(method, path))?;
        let fault = all[i].clone();
        if let Some(times) = all[i].times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                all.remove(i);
            }
        }
        Some(fault)
    }
}

/// The most faults in force at once.
pub const MAX_FAULTS: usize = 64;
/// The longest `latencyMs` (a minute).
pub const MAX_LATENCY_MS: u64 = 60_000;

/// `GET|POST|DELETE /__emulator/faults`: as the admin (Basic, through the sign-in throttle);
/// `POST` and `DELETE` from the console's origin only, `POST` as JSON; at most
/// [`MAX_FAULTS`] in force, `latencyMs` at most [`MAX_LATENCY_MS`].
pub async fn control(State(app): State<AppState>, req: Request) -> Response {
    let Some(faults) = app.faults.as_ref() else {
        return (
            StatusCode::NOT_FOUND,
            "fault injection is off: start the emulator with --faults\n",
        )
            .into_response();
    };
    let plain = |e: ApiError| {
        let status = e.detail().status;
        let text = format!("{}\n", e.body(crate::error::Lang::En).message);
        let mut res = (status, text).into_response();
        if let Some(secs) = e.retry_after_secs() {
            res.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        res
    };
    let client = crate::auth::client_of(&req);
    if let Err(e) = crate::auth::authenticate(&app, client, req.headers()).await {
        return plain(e);
    }
    let method = req.method().clone();
    let origin_check = crate::security::check_write(&method, req.headers(), &app.allowed_origins);
    match origin_check {
        Err(e)
            if e.detail().status == StatusCode::FORBIDDEN
                && matches!(e.detail().problem, crate::error::Problem::CrossSite) =>
        {
            return plain(e)
        }
        Err(e)
            if method == Method::POST
                && e.detail().status == StatusCode::UNSUPPORTED_MEDIA_TYPE =>
        {
            return plain(e)
        }
        _ => {}
    }
    let body = match axum::body::to_bytes(req.into_body(), 64 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                "a fault is at most 64 KiB of JSON\n",
            )
                .into_response()
        }
    };
    match method {
        Method::GET => Json(faults.list()).into_response(),
        Method::DELETE => {
            faults.clear();
            StatusCode::NO_CONTENT.into_response()
        }
        Method::POST => match serde_json::from_slice::<Fault>(&body) {
            Ok(fault) if fault.latency_ms > MAX_LATENCY_MS => (
                StatusCode::BAD_REQUEST,
                format!("latencyMs is at most {MAX_LATENCY_MS}\n"),
            )
                .into_response(),
            Ok(fault) => {
                tracing::info!(?fault, "fault added");
                if !faults.add(fault) {
                    return (
                        StatusCode::CONFLICT,
                        format!("at most {MAX_FAULTS} faults at once: DELETE them first\n"),
                    )
                        .into_response();
                }
                (StatusCode::CREATED, Json(faults.list())).into_response()
            }
            Err(e) => (StatusCode::BAD_REQUEST, format!("not a fault: {e}\n")).into_response(),
        },
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

/// The outer layer of `/api` (outside the envelope): the delay, and the answers that are not
/// OCP's JSON (HTML, empty, cut off, none). Error statuses are left to [`inner`], inside the
/// envelope, so they come in OCP's own error shape.
pub async fn outer(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let Some(faults) = app.faults.as_ref() else {
        return next.run(req).await;
    };
    let path = format!("/api{}", req.uri().path());
    let Some(fault) = peek(faults, req.method(), &path) else {
        return next.run(req).await;
    };
    if fault.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    let raw = matches!(
        fault.kind,
        FaultKind::Latency
            | FaultKind::BadGatewayHtml
            | FaultKind::EmptyBody
            | FaultKind::TruncatedJson
            | FaultKind::DropConnection
    );
    if !raw {
        return next.run(req).await;
    }
    let fault = faults.take(req.method(), &path).unwrap_or(fault);
    match fault.kind {
        FaultKind::BadGatewayHtml => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
             <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n",
        )
            .into_response(),
        FaultKind::EmptyBody => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "",
        )
            .into_response(),
        FaultKind::TruncatedJson => {
            let res = next.run(req).await;
            let (mut parts, body) = res.into_parts();
            let bytes = axum::body::to_bytes(body, 16 << 20)
                .await
                .unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::CONTENT_ENCODING);
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
        FaultKind::DropConnection => {
            // The request is read whole, then the answer starts and breaks off: the server
            // closes the connection and the browser sees a network error.
            let _ = axum::body::to_bytes(req.into_body(), 16 << 20).await;
            (
                [(header::CONTENT_TYPE, "application/json")],
                Body::new(Broken::new()),
            )
                .into_response()
        }
        _ => next.run(req).await,
    }
}

/// The inner layer (inside the envelope): the error statuses, as OCP's error envelope.
pub async fn inner(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let Some(faults) = app.faults.as_ref() else {
        return next.run(req).await;
    };
    let path = format!("/api{}", req.uri().path());
    let status = match peek(faults, req.method(), &path).map(|f| f.kind) {
        Some(FaultKind::Unauthorized) => StatusCode::UNAUTHORIZED,
        Some(FaultKind::Forbidden) => StatusCode::FORBIDDEN,
        Some(FaultKind::NotFound) => StatusCode::NOT_FOUND,
        Some(FaultKind::Conflict) => StatusCode::CONFLICT,
        Some(FaultKind::RateLimited) => StatusCode::TOO_MANY_REQUESTS,
        Some(FaultKind::ServerError) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => return next.run(req).await,
    };
    let Some(fault) = faults.take(req.method(), &path) else {
        return next.run(req).await;
    };
    let mut res =
        ApiError::from_status(status, "injected by the emulator (--faults)").into_response();
    if fault.kind == FaultKind::RateLimited {
        let secs = HeaderValue::from(fault.reset_secs.unwrap_or(2));
        res.headers_mut().insert("RateLimit-Reset", secs.clone());
        res.headers_mut().insert(header::RETRY_AFTER, secs);
    }
    res
}

/// The fault that applies to a request, without counting it.
fn peek(faults: &Faults, method: &Method, path: &str) -> Option<Fault> {
    faults.list().into_iter().find(|f| f.matches(method, path))
}

impl Fault {
    fn matches(&self, method: &Method, path: &str) -> bool {
        path.starts_with(&self.path)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
    }
}

/// A body that sends the start of an answer, then fails: the server closes the connection in
/// the middle of it. Something must have been sent first: on a connection closed before any
/// byte of an answer, browsers send the request again by themselves (even a POST), so the
/// console would never see the failure.
struct Broken(Option<std::pin::Pin<Box<tokio::time::Sleep>>>);

impl Broken {
    fn new() -> Self {
        Broken(None)
    }
}

impl http_body::Body for Broken {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        use std::future::Future;
        use std::task::Poll;
        let Some(pause) = self.0.as_mut() else {
            // The first part goes out, then a pause lets it reach the client.
            self.0 = Some(Box::pin(tokio::time::sleep(Duration::from_millis(100))));
            return Poll::Ready(Some(Ok(http_body::Frame::data(
                axum::body::Bytes::from_static(b"{\"successful\":true,\"data\":{"),
            ))));
        };
        match pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other(
                "injected by the emulator (--faults): connection dropped",
            )))),
        }
    }
}
