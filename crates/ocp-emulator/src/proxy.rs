//! Proxy mode (`--upstream URL`): `/api/**` is forwarded to a real OCP; the console is still
//! served locally, so the browser stays same-origin (no CORS). No emulation, no local auth, no
//! database.
//!
//! Before anything is forwarded: a write from another site, not JSON or without the console's
//! header is refused ([`crate::security::check_write`]), and the path is normalized and must
//! stay under `/api/` ([`normalize_api_path`]: `..`, `%2e%2e`, encoded slashes, `;`
//! parameters and double encoding refused), so it stays under the `--upstream` base path too.
//!
//! Forwarded: method, normalized path, query, body and the end-to-end request headers
//! (Authorization, Cookie, Accept-Language, Content-Type, Date for AK/SK signatures, ...).
//! Dropped: hop-by-hop headers, `Host` (the client sets the upstream's), `Accept-Encoding`
//! (the upstream answers uncompressed and this server's compression layer compresses for the
//! browser), `Origin`/`Referer` (checked here; they name this server, which a real OCP would
//! take for a cross-site request), the console's own header, and whatever the client says
//! about forwarding (`X-Forwarded-*`, `Forwarded`, `X-Real-IP`): `X-Forwarded-For` and
//! `Forwarded: for=` are set from the real peer.
//!
//! The answer comes back with its status and end-to-end headers (Content-Type, Set-Cookie,
//! RateLimit-*, ...), but never `WWW-Authenticate` or CORS grants, always with `/api`'s
//! security headers ([`crate::security::api_headers`]), and as data only: an answer that is not
//! JSON (a gateway's or a sign-in HTML page) becomes an OCP error envelope saying what came; one
//! over [`UPSTREAM_BODY_LIMIT`] is refused (502) or cut off.
//!
//! hyper-util's legacy client over plain HTTP; `https://` upstreams only with the cargo feature
//! `tls` (rustls + ring, the system's CA certificates, or Mozilla's when the system has none).
//! An unreachable upstream answers 502, a slow one 504, each with a generic OCP error envelope
//! (the details go to the log, not to unauthenticated clients).

use crate::error::Lang;
use crate::reply::trace_id;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::uri::{Authority, Scheme};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use ocp_model::{ErrorBody, ErrorCode, StampTime};
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long to wait for a TCP connection to the upstream.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for the upstream's response headers.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(120);

/// Where to forward: `http://host:port` plus an optional base path (`http://gw/ocp`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upstream {
    scheme: Scheme,
    authority: Authority,
    /// Without a trailing slash; empty for the root.
    base_path: String,
}

impl Upstream {
    /// Parses `http://host[:port][/base]` (and `https://` with the feature `tls`; without
    /// it, `https` is refused with a clear message).
    pub fn parse(s: &str) -> Result<Self, String> {
        let uri: Uri = s
            .trim()
            .parse()
            .map_err(|e| format!("not a URL: {s:?} ({e})"))?;
        let scheme = match uri.scheme_str() {
            Some("http") => Scheme::HTTP,
            #[cfg(feature = "tls")]
            Some("https") => Scheme::HTTPS,
            #[cfg(not(feature = "tls"))]
            Some("https") => {
                return Err(format!(
                    "{s}: https upstreams need the emulator built with `--features tls` \
                     (this build speaks plain HTTP only); use the OCP's HTTP port or a \
                     TLS-terminating gateway"
                ))
            }
            _ => return Err(format!("{s}: expected http://host[:port][/base-path]")),
        };
        let authority = uri
            .authority()
            .cloned()
            .ok_or_else(|| format!("{s}: no host"))?;
        if uri.query().is_some() {
            return Err(format!("{s}: an upstream URL takes no query"));
        }
        Ok(Upstream {
            scheme,
            authority,
            base_path: uri.path().trim_end_matches('/').to_owned(),
        })
    }

    /// The upstream URL for a request's (normalized) path and its query.
    fn target(&self, path: &str, query: Option<&str>) -> Result<Uri, String> {
        let pq = match query {
            Some(q) => format!("{}{path}?{q}", self.base_path),
            None => format!("{}{path}", self.base_path),
        };
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(pq)
            .build()
            .map_err(|e| e.to_string())
    }
}

impl std::fmt::Display for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.base_path)
    }
}

#[cfg(not(feature = "tls"))]
type Connector = HttpConnector;
#[cfg(feature = "tls")]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

struct Proxy {
    upstream: Upstream,
    client: Client<Connector, Body>,
    /// `--allowed-origin`s: origins besides the request's own Host whose writes are accepted.
    allowed_origins: Vec<String>,
}

#[cfg(not(feature = "tls"))]
fn connector(http: HttpConnector) -> Result<Connector, String> {
    Ok(http)
}

/// rustls with ring; the system's CA certificates, or Mozilla's when none can be loaded.
#[cfg(feature = "tls")]
fn connector(mut http: HttpConnector) -> Result<Connector, String> {
    use hyper_rustls::HttpsConnectorBuilder;
    http.enforce_http(false);
    let provider = || Arc::new(rustls::crypto::ring::default_provider());
    let builder = match HttpsConnectorBuilder::new().with_provider_and_native_roots(provider()) {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "no system CA certificates; using Mozilla's roots");
            HttpsConnectorBuilder::new()
                .with_provider_and_webpki_roots(provider())
                .map_err(|e| format!("cannot set up TLS: {e}"))?
        }
    };
    Ok(builder.https_or_http().enable_http1().wrap_connector(http))
}

/// `/api` and everything under it, forwarded, with `/api`'s security headers. Merge it with the
/// console's router. `allowed_origins` are the `--allowed-origin`s (normalized). Fails only
/// when TLS cannot be set up (feature `tls`).
pub fn router(upstream: Upstream, allowed_origins: Vec<String>) -> Result<Router, String> {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(CONNECT_TIMEOUT));
    http.set_nodelay(true);
    let client = Client::builder(TokioExecutor::new()).build(connector(http)?);
    let proxy = Arc::new(Proxy {
        upstream,
        client,
        allowed_origins,
    });
    Ok(Router::new()
        .route("/api", axum::routing::any(forward))
        .route("/api/{*rest}", axum::routing::any(forward))
        .with_state(proxy)
        .layer(axum::middleware::from_fn(crate::security::api_headers)))
}

/// The largest answer passed on from the upstream (the longest real list, 2000 rows of a
/// fleet, is a few MB). One declaring more is a 502; one streaming more is cut off.
pub const UPSTREAM_BODY_LIMIT: u64 = 32 << 20;

/// How much of a non-JSON answer is read to say what it was.
const SNIPPET_READ: usize = 64 << 10;

/// Headers that describe one connection, not the message (RFC 9110 7.6.1).
fn is_hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-connection"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
    )
}

/// The request headers this proxy sets itself or deliberately does not pass.
fn is_not_forwarded(name: &HeaderName) -> bool {
    name == header::HOST
        || name == header::ACCEPT_ENCODING
        || name == header::ORIGIN
        || name == header::REFERER
        || name == crate::security::CONSOLE_HEADER
        || matches!(
            name.as_str(),
            "forwarded" | "x-real-ip" | "x-client-ip" | "true-client-ip"
        )
        || name.as_str().starts_with("x-forwarded-")
        || name.as_str().starts_with("sec-fetch-")
}

/// Also the headers the `Connection` header names.
fn end_to_end(headers: &HeaderMap, drop: impl Fn(&HeaderName) -> bool) -> HeaderMap {
    let listed: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        if is_hop_by_hop(name) || drop(name) || listed.iter().any(|l| l == name.as_str()) {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

/// A request path as it may go to the upstream: dot segments resolved (`%2e` read as `.`),
/// and only if the result is `/api` or under `/api/`. Refused outright (`None`): encoded
/// slashes or backslashes (`%2f`, `%5c`, `\`), `;` path parameters (a Java server reads
/// `..;/` as `..`), double encoding (`%25`), encoded control characters, and `..` above the
/// root. Percent-escapes of unreserved characters are decoded; others stay as they came.
pub fn normalize_api_path(raw: &str) -> Option<String> {
    if raw.contains(['\\', ';']) || !raw.starts_with('/') {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut decoded = String::with_capacity(raw.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                decoded.push(b as char);
            } else if b"/\\;%".contains(&b) || b < 0x20 || b == 0x7f {
                return None;
            } else {
                decoded.push_str(&raw[i..i + 3]);
            }
            i += 3;
        } else {
            decoded.push(bytes[i] as char);
            i += 1;
        }
    }
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = decoded.split('/').skip(1).collect();
    let trailing = decoded.len() > 1 && decoded.ends_with('/');
    for seg in &parts {
        match *seg {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    let mut path = format!("/{}", segments.join("/"));
    if trailing && path != "/" {
        path.push('/');
    }
    (path == "/api" || path.starts_with("/api/")).then_some(path)
}

/// `Forwarded`'s `for=` parameter for `ip` (RFC 7239: an IPv6 address quoted in brackets).
fn forwarded_for(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => format!("for={v4}"),
        std::net::IpAddr::V6(v6) => format!("for=\"[{v6}]\""),
    }
}

async fn forward(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let started = Instant::now();
    let lang = crate::error::lang_of(req.headers());
    let peer = crate::auth::client_of(&req);
    if let Err(e) =
        crate::security::check_write(req.method(), req.headers(), &proxy.allowed_origins)
    {
        tracing::warn!(
            method = %req.method(),
            path = %req.uri().path(),
            origin = ?req.headers().get(header::ORIGIN),
            client = ?peer,
            "write refused, not forwarded: {}",
            e.body(Lang::En).message
        );
        return api_error(&e, lang, started);
    }
    let method = req.method().clone();
    if !(crate::security::is_write(&method)
        || matches!(method, Method::GET | Method::HEAD | Method::OPTIONS))
    {
        // TRACE and the like: no OCP endpoint takes them; never forwarded.
        let e = crate::error::ApiError::method_not_allowed(method.as_str(), req.uri().path());
        return api_error(&e, lang, started);
    }
    let (parts, body) = req.into_parts();
    let Some(path) = normalize_api_path(parts.uri.path()) else {
        tracing::warn!(path = %parts.uri.path(), client = ?peer, "path outside /api refused");
        return api_error(&crate::error::ApiError::bad_path(), lang, started);
    };
    let target = match proxy.upstream.target(&path, parts.uri.query()) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "cannot build the upstream URL");
            return api_error(&crate::error::ApiError::bad_path(), lang, started);
        }
    };
    let mut headers = end_to_end(&parts.headers, is_not_forwarded);
    if let Some(ip) = peer {
        if let Ok(v) = HeaderValue::from_str(&ip.to_string()) {
            headers.insert("x-forwarded-for", v);
        }
        if let Ok(v) = HeaderValue::from_str(&forwarded_for(ip)) {
            headers.insert(header::FORWARDED, v);
        }
    }
    let mut out = Request::new(body);
    *out.method_mut() = parts.method;
    *out.uri_mut() = target;
    *out.headers_mut() = headers;
    let deadline = tokio::time::Instant::now() + RESPONSE_TIMEOUT;
    let answer = tokio::time::timeout_at(deadline, proxy.client.request(out)).await;
    match answer {
        Ok(Ok(res)) => answer_from_upstream(res, &method, lang, started, deadline).await,
        Ok(Err(e)) => {
            tracing::warn!(
                upstream = %proxy.upstream,
                error = %describe(&e),
                "upstream request failed"
            );
            failure(StatusCode::BAD_GATEWAY, lang, started, Failure::Unreachable)
        }
        Err(_) => {
            tracing::warn!(upstream = %proxy.upstream, secs = RESPONSE_TIMEOUT.as_secs(), "upstream did not answer in time");
            failure(StatusCode::GATEWAY_TIMEOUT, lang, started, Failure::Timeout)
        }
    }
}

/// Whether a Content-Type is JSON (`application/json`, `application/problem+json`, ...).
fn is_json(content_type: Option<&HeaderValue>) -> bool {
    content_type
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

/// The upstream's answer as the browser may get it.
async fn answer_from_upstream(
    res: hyper::Response<hyper::body::Incoming>,
    method: &axum::http::Method,
    lang: Lang,
    started: Instant,
    deadline: tokio::time::Instant,
) -> Response {
    let (mut parts, body) = res.into_parts();
    parts.headers = end_to_end(&parts.headers, |_| false);
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > UPSTREAM_BODY_LIMIT) {
        tracing::warn!(bytes = declared, "upstream answer over the size limit");
        return failure(StatusCode::BAD_GATEWAY, lang, started, Failure::TooLarge);
    }
    let bodyless = *method == axum::http::Method::HEAD
        || parts.status == StatusCode::NO_CONTENT
        || parts.status == StatusCode::NOT_MODIFIED;
    if bodyless || is_json(parts.headers.get(header::CONTENT_TYPE)) {
        return Response::from_parts(parts, Body::new(Capped::new(body, UPSTREAM_BODY_LIMIT)));
    }
    // Not JSON: say what came, never pass it on.
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no Content-Type")
        .chars()
        .take(80)
        .collect::<String>();
    let read = http_body_util::Limited::new(body, SNIPPET_READ);
    let bytes =
        match tokio::time::timeout_at(deadline, http_body_util::BodyExt::collect(read)).await {
            Ok(Ok(c)) => c.to_bytes(),
            _ => axum::body::Bytes::new(),
        };
    let status = if parts.status.is_client_error() || parts.status.is_server_error() {
        parts.status
    } else {
        StatusCode::BAD_GATEWAY
    };
    tracing::warn!(
        upstream_status = parts.status.as_u16(),
        content_type = %content_type,
        "upstream answered something that is not JSON"
    );
    let mut res = failure(
        status,
        lang,
        started,
        Failure::NotJson {
            status: parts.status.as_u16(),
            content_type,
            snippet: snippet(&bytes),
        },
    );
    // What a browser should still know: cookies set, rate limits.
    for (name, value) in &parts.headers {
        let n = name.as_str();
        if n == "set-cookie" || n.starts_with("ratelimit-") || n == "retry-after" {
            res.headers_mut().append(name.clone(), value.clone());
        }
    }
    res
}

/// The start of a body that is not JSON, as one line of text (the model's rule).
fn snippet(body: &[u8]) -> String {
    ocp_model::text::snippet(&String::from_utf8_lossy(body), 160)
}

/// An upstream body that fails once it has brought more than its limit.
struct Capped<B> {
    inner: B,
    left: u64,
}

impl<B> Capped<B> {
    fn new(inner: B, limit: u64) -> Self {
        Capped { inner, left: limit }
    }
}

impl<B> http_body::Body for Capped<B>
where
    B: http_body::Body<Data = axum::body::Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = axum::body::Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        use std::task::Poll;
        match std::pin::Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let n = data.len() as u64;
                    if n > self.left {
                        tracing::warn!(
                            limit = UPSTREAM_BODY_LIMIT,
                            "upstream answer cut off at the size limit"
                        );
                        return Poll::Ready(Some(
                            Err("upstream answer over the size limit".into()),
                        ));
                    }
                    self.left -= n;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// The innermost cause: "Connection refused (os error 111)" rather than "client error (Connect)".
fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

enum Failure {
    Unreachable,
    Timeout,
    TooLarge,
    NotJson {
        status: u16,
        content_type: String,
        snippet: String,
    },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrEnvelope<'a> {
    successful: bool,
    status: u16,
    timestamp: StampTime,
    duration: u64,
    trace_id: &'a str,
    server: &'a str,
    error: ErrorBody,
}

/// The `server` of this proxy's own envelopes: nothing about the upstream.
const SERVER: &str = "ocp-emulator-proxy";

/// An OCP error envelope made here.
fn envelope(status: StatusCode, started: Instant, error: ErrorBody) -> Response {
    let now = chrono::Local::now().fixed_offset();
    let trace = trace_id();
    let body = ErrEnvelope {
        successful: false,
        status: status.as_u16(),
        timestamp: StampTime::new(now),
        duration: started.elapsed().as_millis() as u64,
        trace_id: &trace,
        server: SERVER,
        error,
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let mut res = (status, bytes).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A refusal of this proxy ([`crate::error::ApiError`]) as an OCP error envelope.
fn api_error(e: &crate::error::ApiError, lang: Lang, started: Instant) -> Response {
    let mut res = envelope(e.detail().status, started, e.body(lang));
    if let Some(secs) = e.retry_after_secs() {
        res.headers_mut().insert(header::RETRY_AFTER, secs.into());
    }
    res
}

fn failure(status: StatusCode, lang: Lang, started: Instant, why: Failure) -> Response {
    let (message, debug) = match (&why, lang) {
        (Failure::Unreachable, Lang::En) => (
            "The OCP behind this console cannot be reached; try again later or tell its administrator".to_owned(),
            "upstream unreachable".to_owned(),
        ),
        (Failure::Unreachable, Lang::Zh) => (
            "无法连接本控制台后端的 OCP；请稍后重试或联系管理员".to_owned(),
            "upstream unreachable".to_owned(),
        ),
        (Failure::Timeout, Lang::En) => (
            format!(
                "The OCP behind this console did not answer within {} s",
                RESPONSE_TIMEOUT.as_secs()
            ),
            "upstream timeout".to_owned(),
        ),
        (Failure::Timeout, Lang::Zh) => (
            format!("本控制台后端的 OCP 在 {} 秒内未响应", RESPONSE_TIMEOUT.as_secs()),
            "upstream timeout".to_owned(),
        ),
        (Failure::TooLarge, Lang::En) => (
            format!(
                "The OCP's answer is larger than {} MiB; ask for fewer rows",
                UPSTREAM_BODY_LIMIT >> 20
            ),
            "upstream answer too large".to_owned(),
        ),
        (Failure::TooLarge, Lang::Zh) => (
            format!("OCP 的响应超过 {} MiB；请减少每页行数", UPSTREAM_BODY_LIMIT >> 20),
            "upstream answer too large".to_owned(),
        ),
        (Failure::NotJson { status, content_type, snippet }, Lang::En) => (
            format!("The OCP (or a gateway before it) answered HTTP {status} with {content_type}, not OCP's JSON"),
            snippet.clone(),
        ),
        (Failure::NotJson { status, content_type, snippet }, Lang::Zh) => (
            format!("OCP（或其前面的网关）返回了 HTTP {status}，内容为 {content_type}，而不是 OCP 的 JSON"),
            snippet.clone(),
        ),
    };
    envelope(
        status,
        started,
        ErrorBody {
            code: ErrorCode::Text(crate::error::codes::for_status(status).to_owned()),
            message,
            debug_message: Some(debug),
            target: None,
            sub_errors: Vec::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_upstreams_and_builds_targets() {
        let u = Upstream::parse("http://10.0.0.5:8080/").unwrap();
        let t = u
            .target("/api/v2/ob/clusters", Some("page=2&size=5"))
            .unwrap();
        assert_eq!(
            t.to_string(),
            "http://10.0.0.5:8080/api/v2/ob/clusters?page=2&size=5"
        );
        let u = Upstream::parse("http://gw/ocp/").unwrap();
        assert_eq!(u.to_string(), "http://gw/ocp");
        assert_eq!(
            u.target("/api/v2/time", None).unwrap().to_string(),
            "http://gw/ocp/api/v2/time"
        );
        #[cfg(not(feature = "tls"))]
        assert!(Upstream::parse("https://ocp")
            .unwrap_err()
            .contains("--features tls"));
        #[cfg(feature = "tls")]
        assert_eq!(
            Upstream::parse("https://ocp:8443/").unwrap().to_string(),
            "https://ocp:8443"
        );
        assert!(Upstream::parse("ocp:8080").is_err());
        assert!(Upstream::parse("http://ocp/?a=1").is_err());
    }

    #[test]
    fn hop_by_hop_and_connection_listed_headers_are_dropped() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, x-secret"),
        );
        h.insert("x-secret", HeaderValue::from_static("1"));
        h.insert(
            header::TRANSFER_ENCODING,
            HeaderValue::from_static("chunked"),
        );
        h.append(header::SET_COOKIE, HeaderValue::from_static("a=1"));
        h.append(header::SET_COOKIE, HeaderValue::from_static("b=2"));
        h.insert(header::HOST, HeaderValue::from_static("x"));
        h.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6"));
        let out = end_to_end(&h, is_not_forwarded);
        assert_eq!(out.len(), 2);
        assert_eq!(out.get_all(header::SET_COOKIE).iter().count(), 2);
    }

    /// Every path that could leave `/api` (or the upstream's base path) once a gateway or the
    /// upstream normalizes or decodes it is refused; harmless dots are resolved.
    #[test]
    fn paths_are_normalized_and_must_stay_under_api() {
        for (raw, want) in [
            ("/api/v2/time", Some("/api/v2/time")),
            ("/api", Some("/api")),
            ("/api/", Some("/api/")),
            ("/api/v2/../v2/time", Some("/api/v2/time")),
            ("/api/./v2//time", Some("/api/v2/time")),
            ("/api/v2/%2e/time", Some("/api/v2/time")),
            ("/api/v2/%74ime", Some("/api/v2/time")),
            (
                "/api/v2/ob/clusters/1/a%20b",
                Some("/api/v2/ob/clusters/1/a%20b"),
            ),
            ("/api/../../x", None),
            ("/api/..", None),
            ("/api/v2/../../x", None),
            ("/api/%2e%2e/x", None),
            ("/api/%2E%2E/%2e%2E/etc/passwd", None),
            ("/api/.%2e/x", None),
            ("/api/v2/..%2f..%2fx", None),
            ("/api/v2/%2F", None),
            ("/api/v2/..%5c..%5cx", None),
            ("/api/v2/..\\x", None),
            ("/api/v2/..;/..;/x", None),
            ("/api/v2/%3b", None),
            ("/api/v2/%252e%252e/x", None),
            ("/api/v2/%00", None),
            ("/api/v2/%zz", None),
            ("/api/v2/%2", None),
            ("/apix/v2", None),
            ("/x/../api/v2/time", Some("/api/v2/time")),
        ] {
            assert_eq!(normalize_api_path(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn forwarded_names_the_peer() {
        assert_eq!(forwarded_for("10.1.2.3".parse().unwrap()), "for=10.1.2.3");
        assert_eq!(forwarded_for("::1".parse().unwrap()), "for=\"[::1]\"");
    }

    #[test]
    fn snippets_say_what_came_without_markup_or_secrets() {
        let page = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        assert_eq!(snippet(page), "502 Bad Gateway 502 Bad Gateway nginx");
        assert_eq!(
            snippet(b"<p>login?password=hunter2</p><script>x</script>"),
            "login?password=****** x"
        );
        assert_eq!(snippet("a".repeat(200).as_bytes()).chars().count(), 161);
    }
}
