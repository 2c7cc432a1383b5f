//! Serving the built console: static files (precompressed `.br`/`.gz` siblings when present),
//! and `index.html` for any other path that does not look like a file, so that client routes
//! such as `/clusters/1000005/strategy` survive a reload.

use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dist: Option<PathBuf>) -> Router {
    match dist {
        Some(dir) => {
            let index_dir = dir.clone();
            let index = move |req: Request| spa_index(index_dir.clone(), req);
            Router::new().fallback_service(
                ServeDir::new(dir)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(index.into_service()),
            )
        }
        None => Router::new().fallback(no_console),
    }
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
