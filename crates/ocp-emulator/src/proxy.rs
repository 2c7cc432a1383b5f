//! Proxy mode (`--upstream URL`): `/api/**` is forwarded to a real OCP; the console is still
//! served locally, so the browser stays same-origin (no CORS). No emulation, no local auth, no
//! database.
//!
//! Forwarded as they came: method, path, query, body and the end-to-end request headers
//! (Authorization, Cookie, Accept-Language, Content-Type, Date for AK/SK signatures, ...).
//! Dropped: hop-by-hop headers, `Host` (the client sets the upstream's), `Accept-Encoding`
//! (the upstream answers uncompressed and this server's compression layer compresses for the
//! browser) and `Origin`/`Referer` (they name this server, which a real OCP would take for a
//! cross-site request). The answer comes back unchanged: status, body, and every end-to-end
//! header (Content-Type, Set-Cookie, RateLimit-*, ...).
//!
//! hyper-util's legacy client over plain HTTP; `https://` upstreams only with the cargo feature
//! `tls` (rustls + ring, the system's CA certificates, or Mozilla's when the system has none).
//! An unreachable upstream answers 502, a slow one 504, each with an OCP error envelope.

use crate::error::Lang;
use crate::reply::trace_id;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::uri::{Authority, Scheme};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
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

    /// The upstream URL for a request's path and query.
    fn target(&self, uri: &Uri) -> Result<Uri, String> {
        let pq = uri.path_and_query().map_or("/", |pq| pq.as_str());
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(format!("{}{pq}", self.base_path))
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

/// `/api` and everything under it, forwarded. Merge it with the console's router. Fails only
/// when TLS cannot be set up (feature `tls`).
pub fn router(upstream: Upstream) -> Result<Router, String> {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(CONNECT_TIMEOUT));
    http.set_nodelay(true);
    let client = Client::builder(TokioExecutor::new()).build(connector(http)?);
    let proxy = Arc::new(Proxy { upstream, client });
    Ok(Router::new()
        .route("/api", axum::routing::any(forward))
        .route("/api/{*rest}", axum::routing::any(forward))
        .with_state(proxy))
}

/// Headers that describe one connection, not the message (RFC 9110 7.6.1), plus the ones this
/// proxy sets itself or deliberately does not pass.
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

/// Also the headers the `Connection` header names.
fn end_to_end(headers: &HeaderMap, drop: &[HeaderName]) -> HeaderMap {
    let listed: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        if is_hop_by_hop(name) || drop.contains(name) || listed.iter().any(|l| l == name.as_str()) {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

async fn forward(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let started = Instant::now();
    let lang = crate::error::lang_of(req.headers());
    let (parts, body) = req.into_parts();
    let target = match proxy.upstream.target(&parts.uri) {
        Ok(t) => t,
        Err(e) => {
            return failure(
                StatusCode::BAD_REQUEST,
                lang,
                started,
                Failure::BadTarget(e),
                &proxy.upstream,
            )
        }
    };
    let headers = end_to_end(
        &parts.headers,
        &[
            header::HOST,
            header::ACCEPT_ENCODING,
            header::ORIGIN,
            header::REFERER,
        ],
    );
    let mut out = Request::new(body);
    *out.method_mut() = parts.method.clone();
    *out.uri_mut() = target;
    *out.headers_mut() = headers;
    let answer = tokio::time::timeout(RESPONSE_TIMEOUT, proxy.client.request(out)).await;
    match answer {
        Ok(Ok(res)) => {
            let (mut parts, body) = res.into_parts();
            parts.headers = end_to_end(&parts.headers, &[]);
            Response::from_parts(parts, Body::new(body))
        }
        Ok(Err(e)) => {
            tracing::warn!(upstream = %proxy.upstream, error = %e, error_source = ?std::error::Error::source(&e), "upstream request failed");
            failure(
                StatusCode::BAD_GATEWAY,
                lang,
                started,
                Failure::Unreachable(describe(&e)),
                &proxy.upstream,
            )
        }
        Err(_) => failure(
            StatusCode::GATEWAY_TIMEOUT,
            lang,
            started,
            Failure::Timeout,
            &proxy.upstream,
        ),
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
    Unreachable(String),
    Timeout,
    BadTarget(String),
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

fn failure(
    status: StatusCode,
    lang: Lang,
    started: Instant,
    why: Failure,
    upstream: &Upstream,
) -> Response {
    let (message, debug) = match (&why, lang) {
        (Failure::Unreachable(d), Lang::En) => (
            format!("Cannot reach the upstream OCP at {upstream}: {d}"),
            d.clone(),
        ),
        (Failure::Unreachable(d), Lang::Zh) => {
            (format!("无法连接上游 OCP {upstream}：{d}"), d.clone())
        }
        (Failure::Timeout, Lang::En) => (
            format!(
                "The upstream OCP at {upstream} did not answer within {} s",
                RESPONSE_TIMEOUT.as_secs()
            ),
            "timeout".to_owned(),
        ),
        (Failure::Timeout, Lang::Zh) => (
            format!(
                "上游 OCP {upstream} 在 {} 秒内未响应",
                RESPONSE_TIMEOUT.as_secs()
            ),
            "timeout".to_owned(),
        ),
        (Failure::BadTarget(d), Lang::En) => {
            (format!("Cannot forward this request path: {d}"), d.clone())
        }
        (Failure::BadTarget(d), Lang::Zh) => (format!("无法转发该请求路径：{d}"), d.clone()),
    };
    let now = chrono::Local::now().fixed_offset();
    let trace = trace_id();
    let server = upstream.to_string();
    let body = ErrEnvelope {
        successful: false,
        status: status.as_u16(),
        timestamp: StampTime::new(now),
        duration: started.elapsed().as_millis() as u64,
        trace_id: &trace,
        server: &server,
        error: ErrorBody {
            code: ErrorCode::Text(crate::error::codes::for_status(status).to_owned()),
            message,
            debug_message: Some(debug),
            target: None,
            sub_errors: Vec::new(),
        },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_upstreams_and_builds_targets() {
        let u = Upstream::parse("http://10.0.0.5:8080/").unwrap();
        let t = u
            .target(&"/api/v2/ob/clusters?page=2&size=5".parse().unwrap())
            .unwrap();
        assert_eq!(
            t.to_string(),
            "http://10.0.0.5:8080/api/v2/ob/clusters?page=2&size=5"
        );
        let u = Upstream::parse("http://gw/ocp/").unwrap();
        assert_eq!(u.to_string(), "http://gw/ocp");
        assert_eq!(
            u.target(&"/api/v2/time".parse().unwrap())
                .unwrap()
                .to_string(),
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
        let out = end_to_end(&h, &[header::HOST]);
        assert_eq!(out.len(), 2);
        assert_eq!(out.get_all(header::SET_COOKIE).iter().count(), 2);
    }
}
