//! Serving the built console: static files (precompressed `.br`/`.gz` siblings when present,
//! picked by `Accept-Encoding`), and `index.html` for any other path that does not look like a
//! file, so that client routes such as `/clusters/1000005/strategy` survive a reload.
//! Content-hashed files (`chunk_3-0123456789abcdef.wasm`) are cached for a year; `index.html`,
//! which names them, is revalidated on every visit.

use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Checks a `--base-path`: `/` or an absolute path without `.` or `..` segments, of letters,
/// digits and `-._~/` only (it is written into HTML: no markup, quotes or spaces); returned
/// without a trailing slash (`/console`), or empty for the root.
pub fn parse_base_path(s: &str) -> Result<String, String> {
    let trimmed = s.trim().trim_end_matches('/');
    if !s.trim().starts_with('/') || trimmed.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("{s:?} is not an absolute path like /console"));
    }
    if let Some(c) = trimmed
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~/".contains(*c)))
    {
        return Err(format!(
            "{s:?}: a base path takes letters, digits and - . _ ~ / only, not {c:?}"
        ));
    }
    Ok(trimmed.to_owned())
}

/// Who may frame the console when `--frame-ancestors` does not say: this origin only.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// The Content-Security-Policy the console is served with. Scripts only from this origin (the
/// start script is a file, not inline), wasm compiled with `'wasm-unsafe-eval'`, styles from
/// this origin plus `style` attributes (the views set heights and sizes inline), requests to
/// this origin only, and `frame-ancestors` as configured (a portal that embeds the console).
pub fn content_security_policy(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// The console at `base` (`""` for the root, else `/console`): its files, and `index.html` for
/// client routes; with a base, `/` redirects there. Every answer carries the security headers,
/// with `frame_ancestors` (CSP source list: `'self' https://portal.example`) as who may frame it.
pub fn router(dist: Option<PathBuf>, base: &str, frame_ancestors: &str) -> Router {
    let Some(dir) = dist else {
        return Router::new().fallback(no_console);
    };
    let index_dir = dir.clone();
    let index_base = base.to_owned();
    let index = move |req: Request| spa_index(index_dir.clone(), index_base.clone(), req);
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        // `/` goes to `spa_index` too, which sets `<base href>` under a base path.
        .append_index_html_on_directories(false)
        .fallback(index.into_service());
    let csp = HeaderValue::from_str(&content_security_policy(frame_ancestors))
        .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'none'"));
    let security = middleware::from_fn(move |req: Request, next: Next| {
        let csp = csp.clone();
        async move {
            let mut res = next.run(req).await;
            let headers = res.headers_mut();
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            headers.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            res
        }
    });
    if base.is_empty() {
        return Router::new()
            .fallback_service(files)
            .layer(middleware::from_fn(cache_policy))
            .layer(security);
    }
    let home = format!("{base}/");
    Router::new()
        .nest_service(base, files)
        .layer(middleware::from_fn(cache_policy))
        .layer(security)
        .route(
            "/",
            axum::routing::get(move || async move { Redirect::temporary(&home) }),
        )
}

/// A year and `immutable` for content-hashed files; `no-cache` (revalidate) for the rest.
async fn cache_policy(req: Request, next: Next) -> Response {
    let hashed = is_content_hashed(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() {
        let policy = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

/// Whether the last segment of `path` carries a content hash as `cargo xtask build` writes
/// it: `-` and 16 hex digits before the extension (`start-0123456789abcdef.js`).
pub fn is_content_hashed(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or("");
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        h.len() == 16
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

async fn spa_index(dir: PathBuf, base: String, req: Request) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or("");
    // A missing asset (`/app-3f2a.wasm`) must be a 404, not the page: the browser would try
    // to run HTML as code.
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    // Every URL in index.html is relative to its `<base href="/" />`: under a base path that
    // one tag changes, and the same build serves under any path.
    if !base.is_empty() {
        return match std::fs::read_to_string(dir.join("index.html")) {
            Ok(html) => (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html.replace("<base href=\"/\" />", &format!("<base href=\"{base}/\" />")),
            )
                .into_response(),
            Err(_) => (StatusCode::NOT_FOUND, "index.html is missing").into_response(),
        };
    }
    let file = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    match file.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

async fn no_console() -> Response {
    (
        StatusCode::NOT_FOUND,
        "The console is not served: start the emulator with --dist DIR (the built console).\n\
         The API is under /api/v2/.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::{is_content_hashed, parse_base_path};

    #[test]
    fn only_content_hashed_names_are_immutable() {
        assert!(is_content_hashed("/chunk_3-0123456789abcdef.wasm"));
        assert!(is_content_hashed(
            "/ocp/backup/ob-backup-console_bg-e8aff26269ade09b.wasm"
        ));
        assert!(is_content_hashed("/start-52237fec2a594d04.js"));
        assert!(!is_content_hashed("/"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/clusters/1000001/tasks"));
        assert!(!is_content_hashed("/app-0123456789ABCDEF.js"));
        assert!(!is_content_hashed("/app-0123456789abcde.js"));
    }

    #[test]
    fn base_paths_are_absolute_and_plain() {
        assert_eq!(parse_base_path("/").as_deref(), Ok(""));
        assert_eq!(parse_base_path("/console/").as_deref(), Ok("/console"));
        assert_eq!(parse_base_path("/ocp/backup").as_deref(), Ok("/ocp/backup"));
        assert!(parse_base_path("console").is_err());
        assert!(parse_base_path("/a/../b").is_err());
        assert_eq!(
            parse_base_path("/ocp-2.x/back_up~1").as_deref(),
            Ok("/ocp-2.x/back_up~1")
        );
        for bad in [
            "/x\"><script>alert(1)</script>",
            "/a'b",
            "/a b",
            "/a<b",
            "/a%22b",
            "/a\\b",
            "/控制台",
        ] {
            let e = parse_base_path(bad).unwrap_err();
            assert!(e.contains("letters, digits"), "{bad}: {e}");
        }
    }
}
