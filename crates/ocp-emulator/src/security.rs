//! What keeps `/api` safe for the browser that holds the console, in both modes (emulator and
//! proxy in front of a real OCP).
//!
//! - **Writes only from the console** ([`check_write`]): every `/api` request other than GET and
//!   HEAD is refused (403 `COM10005`) when its `Origin` is present and is not the console's own
//!   origin (the request's `Host`, or one given with `--allowed-origin`), or when its
//!   `Sec-Fetch-Site` is `cross-site` or `same-site`; a write (POST, PUT, PATCH, DELETE) must
//!   also be sent
//!   as `Content-Type: application/json` (415 otherwise, bodyless writes included) and carry
//!   the console's header `X-OBC-Console` (403 otherwise). A page on another site can send
//!   neither without a CORS preflight, which nothing here answers. In proxy mode this happens
//!   before anything is forwarded.
//! - **Answers are data, never a page** ([`api_headers`]): every `/api` answer carries
//!   `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; sandbox`,
//!   `X-Content-Type-Options: nosniff`, and `Cache-Control: no-store` unless it has one; a
//!   `WWW-Authenticate` (the browser's own password prompt, and Basic credentials it would
//!   then send with other sites' requests) and CORS grants never reach the browser.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header the console sends with every request (any value; it sends `1`). A browser sends
/// a custom header to another origin only after a CORS preflight, which this server never
/// grants, so a write carrying it comes from the console's own pages (or a non-browser client).
pub const CONSOLE_HEADER_NAME: &str = "X-OBC-Console";
pub const CONSOLE_HEADER: HeaderName = HeaderName::from_static("x-obc-console");

/// The Content-Security-Policy of every `/api` answer: nothing in it may run, load or be
/// framed, whatever its Content-Type says.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// Checks `--allowed-origin`: `scheme://host[:port]`, written back lower-case without a
/// default port (`https://console.example.com`).
pub fn parse_origin(s: &str) -> Result<String, String> {
    normalize_origin(s.trim().trim_end_matches('/')).ok_or_else(|| {
        format!("{s:?} is not an origin like https://console.example.com[:port] (no path)")
    })
}

/// `scheme://host[:port]` lower-case, the port dropped when it is the scheme's default.
fn normalize_origin(s: &str) -> Option<String> {
    let uri: Uri = s.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https") || !matches!(uri.path(), "" | "/") {
        return None;
    }
    if uri.query().is_some() || s.contains('@') {
        return None;
    }
    let authority = uri.authority()?;
    let host = authority.host().to_ascii_lowercase();
    let default = if scheme == "https" { 443 } else { 80 };
    Some(match authority.port_u16() {
        Some(p) if p != default => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// Whether `origin` (an `Origin` header) is this server's own: its host and port are the
/// request's `Host` (either scheme: a TLS-terminating gateway may sit in front), or it is one
/// of `allowed` (normalized by [`parse_origin`]).
pub fn is_own_origin(origin: &str, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = normalize_origin(origin.trim()) else {
        return false; // `null`, or anything that is not an origin
    };
    if allowed.contains(&origin) {
        return true;
    }
    let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) else {
        return false;
    };
    let (scheme, authority) = origin.split_once("://").unwrap_or(("http", &origin));
    // The Host written as the origin would be: default port dropped.
    let Some(host_origin) = normalize_origin(&format!("{scheme}://{host}")) else {
        return false;
    };
    host_origin.split_once("://").map(|(_, a)| a) == Some(authority)
}

/// Whether a method changes nothing (and is not refused from other sites).
fn is_safe(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// The methods that change something: they must come as JSON with the console's header.
pub fn is_write(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// Whether `content_type` is `application/json` (parameters such as `charset` allowed).
pub fn is_json_content_type(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

fn header_str<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("\u{FFFD}"))
}

/// The rules for a request under `/api` before anything reads or forwards it (see the
/// module's documentation). `allowed` are the `--allowed-origin`s.
pub fn check_write(
    method: &Method,
    headers: &HeaderMap,
    allowed: &[String],
) -> Result<(), ApiError> {
    if is_safe(method) {
        return Ok(());
    }
    let origin = header_str(headers, &header::ORIGIN);
    let fetch_site = headers.get("sec-fetch-site").map(|v| {
        v.to_str()
            .unwrap_or("cross-site")
            .trim()
            .to_ascii_lowercase()
    });
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let foreign_origin = origin.is_some_and(|o| !is_own_origin(o, host, allowed));
    let foreign_fetch = matches!(fetch_site.as_deref(), Some("cross-site" | "same-site"));
    if foreign_origin || foreign_fetch {
        return Err(ApiError::cross_site(origin, fetch_site.as_deref()));
    }
    if !is_write(method) {
        // OPTIONS, and methods no endpoint has (TRACE, ...): the router answers 405.
        return Ok(());
    }
    let content_type = header_str(headers, &header::CONTENT_TYPE).unwrap_or("");
    if !is_json_content_type(content_type) {
        return Err(ApiError::not_json(content_type));
    }
    if !headers.contains_key(CONSOLE_HEADER) {
        return Err(ApiError::no_console_header());
    }
    Ok(())
}

/// Emulator mode: [`check_write`] inside the envelope layer (so a refusal is OCP's error
/// envelope), before the throttle and the sign-in.
pub async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    match check_write(req.method(), req.headers(), &app.allowed_origins) {
        Ok(()) => next.run(req).await,
        Err(e) => {
            tracing::warn!(
                method = %req.method(),
                path = %req.uri().path(),
                origin = ?req.headers().get(header::ORIGIN),
                "write refused: {}",
                e.body(crate::error::Lang::En).message
            );
            e.into_response()
        }
    }
}

/// Response headers that never leave `/api`: the browser's password prompt, CORS grants
/// (the console is same-origin and needs none), and an upstream's own policies.
fn is_withheld(name: &HeaderName) -> bool {
    let n = name.as_str();
    n == "www-authenticate"
        || n == "proxy-authenticate"
        || n == "alt-svc"
        || n.starts_with("access-control-")
}

/// Sets the security headers of every `/api` answer (outermost layer of `/api`, both modes).
pub async fn api_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    secure_api_answer(res.headers_mut());
    res
}

/// What [`api_headers`] does to an answer's headers.
pub fn secure_api_answer(h: &mut HeaderMap) {
    let withheld: Vec<HeaderName> = h.keys().filter(|n| is_withheld(n)).cloned().collect();
    for name in withheld {
        h.remove(name);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(API_CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn origins_are_compared_with_the_host_and_the_allowed_list() {
        let host = Some("127.0.0.1:8080");
        assert!(is_own_origin("http://127.0.0.1:8080", host, &[]));
        assert!(is_own_origin("HTTP://127.0.0.1:8080/", host, &[]));
        assert!(!is_own_origin("http://127.0.0.1:8081", host, &[]));
        assert!(!is_own_origin("http://localhost:8080", host, &[]));
        assert!(!is_own_origin("null", host, &[]));
        assert!(!is_own_origin("http://127.0.0.1:8080", None, &[]));
        // Behind a TLS-terminating gateway that keeps Host.
        assert!(is_own_origin(
            "https://console.example",
            Some("console.example"),
            &[]
        ));
        assert!(is_own_origin(
            "https://console.example",
            Some("console.example:443"),
            &[]
        ));
        assert!(is_own_origin(
            "http://console.example",
            Some("console.example:80"),
            &[]
        ));
        assert!(!is_own_origin(
            "https://console.example.evil",
            Some("console.example"),
            &[]
        ));
        // A gateway that rewrites Host: the public origin is allowed by name.
        let allowed = vec![parse_origin("https://Console.Example:443/").unwrap()];
        assert_eq!(allowed, ["https://console.example"]);
        assert!(is_own_origin(
            "https://console.example",
            Some("10.0.0.5:8080"),
            &allowed
        ));
        assert!(parse_origin("https://console.example/path").is_err());
        assert!(parse_origin("ftp://x").is_err());
        assert!(parse_origin("console.example").is_err());
    }

    #[test]
    fn writes_need_the_own_origin_json_and_the_console_header() {
        let ok = [
            ("host", "127.0.0.1:8080"),
            ("content-type", "application/json;charset=UTF-8"),
            ("x-obc-console", "1"),
        ];
        let status = |m: Method, extra: &[(&str, &str)], base: &[(&str, &str)]| {
            let mut all = base.to_vec();
            all.extend_from_slice(extra);
            check_write(&m, &headers(&all), &[])
                .err()
                .map(|e| e.detail().status.as_u16())
        };
        assert_eq!(status(Method::POST, &[], &ok), None);
        assert_eq!(
            status(Method::POST, &[("origin", "http://127.0.0.1:8080")], &ok),
            None
        );
        assert_eq!(
            status(Method::POST, &[("sec-fetch-site", "same-origin")], &ok),
            None
        );
        assert_eq!(
            status(Method::POST, &[("sec-fetch-site", "none")], &ok),
            None
        );
        for bad in [
            ("origin", "http://127.0.0.1:9999"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            assert_eq!(status(Method::DELETE, &[bad], &ok), Some(403), "{bad:?}");
            assert_eq!(status(Method::OPTIONS, &[bad], &ok), Some(403), "{bad:?}");
            // Reads are never refused for their origin.
            assert_eq!(status(Method::GET, &[bad], &ok), None, "{bad:?}");
        }
        let no_type = [("host", "h"), ("x-obc-console", "1")];
        assert_eq!(status(Method::POST, &[], &no_type), Some(415));
        assert_eq!(
            status(Method::POST, &[("content-type", "text/plain")], &no_type),
            Some(415)
        );
        assert_eq!(
            status(
                Method::POST,
                &[("content-type", "application/x-www-form-urlencoded")],
                &no_type
            ),
            Some(415)
        );
        let no_console = [("host", "h"), ("content-type", "application/json")];
        assert_eq!(status(Method::PATCH, &[], &no_console), Some(403));
        // A same-origin preflight needs neither; nor a method no endpoint has (its 405 is the
        // router's), though another site's is refused.
        assert_eq!(status(Method::OPTIONS, &[], &[("host", "h")]), None);
        assert_eq!(status(Method::TRACE, &[], &[("host", "h")]), None);
        assert_eq!(
            status(
                Method::TRACE,
                &[("origin", "http://evil.example")],
                &[("host", "h")]
            ),
            Some(403)
        );
    }

    #[test]
    fn answers_get_the_api_policy_and_lose_prompts_and_cors_grants() {
        let mut h = headers(&[
            ("www-authenticate", "Basic realm=\"ocp\""),
            ("access-control-allow-origin", "*"),
            ("access-control-allow-credentials", "true"),
            ("content-security-policy", "default-src *"),
            ("set-cookie", "JSESSIONID=1; HttpOnly"),
        ]);
        secure_api_answer(&mut h);
        assert!(h.get("www-authenticate").is_none());
        assert!(h.get("access-control-allow-origin").is_none());
        assert!(h.get("access-control-allow-credentials").is_none());
        assert_eq!(h["content-security-policy"], API_CSP);
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(h["set-cookie"], "JSESSIONID=1; HttpOnly");
        let mut h = headers(&[("cache-control", "max-age=5")]);
        secure_api_answer(&mut h);
        assert_eq!(h["cache-control"], "max-age=5");
    }
}
