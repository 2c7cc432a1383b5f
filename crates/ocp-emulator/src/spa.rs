//! Serving the built console: static files (precompressed `.br`/`.gz` siblings when present),
//! and `index.html` for any other path that does not look like a file, so that client routes
//! such as `/clusters/1000005/strategy` survive a reload.

use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Checks a `--base-path`: `/` or an absolute path without `..`; returned without a trailing
/// slash (`/console`), or empty for the root.
pub fn parse_base_path(s: &str) -> Result<String, String> {
    let trimmed = s.trim().trim_end_matches('/');
    if !s.trim().starts_with('/') || trimmed.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("{s:?} is not an absolute path like /console"));
    }
    Ok(trimmed.to_owned())
}

/// The console at `base` (`""` for the root, else `/console`): its files, and `index.html` for
/// client routes; with a base, `/` redirects there.
pub fn router(dist: Option<PathBuf>, base: &str) -> Router {
    let Some(dir) = dist else {
        return Router::new().fallback(no_console);
    };
    let index_dir = dir.clone();
    let index = move |req: Request| spa_index(index_dir.clone(), req);
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index.into_service());
    if base.is_empty() {
        return Router::new().fallback_service(files);
    }
    let home = format!("{base}/");
    Router::new().nest_service(base, files).route(
        "/",
        axum::routing::get(move || async move { Redirect::temporary(&home) }),
    )
}

async fn spa_index(dir: PathBuf, req: Request) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or("");
    // A missing asset (`/app-3f2a.wasm`) must be a 404, not the page: the browser would try
    // to run HTML as code.
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
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
    use super::parse_base_path;

    #[test]
    fn base_paths_are_absolute_and_plain() {
        assert_eq!(parse_base_path("/").as_deref(), Ok(""));
        assert_eq!(parse_base_path("/console/").as_deref(), Ok("/console"));
        assert_eq!(parse_base_path("/ocp/backup").as_deref(), Ok("/ocp/backup"));
        assert!(parse_base_path("console").is_err());
        assert!(parse_base_path("/a/../b").is_err());
    }
}
