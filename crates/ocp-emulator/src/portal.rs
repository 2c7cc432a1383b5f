//! An example portal page that embeds the console (`/__emulator/portal`): what the README's
//! "Embedding in a portal" describes, ready to try and to copy. The console is framed in embed
//! mode, takes the portal's colours and reports its height (`portal/portal.js`).

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// The page's path.
pub const PATH: &str = "/__emulator/portal";

/// The page and its script. `base` is where the console is served (`""` for the root).
pub fn router(base: &str) -> Router {
    let page = include_str!("../portal/index.html").replace("__CONSOLE__", &format!("{base}/"));
    Router::new()
        .route(
            PATH,
            get(move || {
                let page = page.clone();
                async move {
                    (
                        [
                            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                            // Its own policy: its script from here, frames of this origin.
                            (
                                header::CONTENT_SECURITY_POLICY,
                                HeaderValue::from_static(
                                    "default-src 'self'; style-src-attr 'unsafe-inline'; object-src 'none'",
                                ),
                            ),
                        ],
                        page,
                    )
                }
            }),
        )
        .route(
            "/__emulator/portal.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    include_str!("../portal/portal.js"),
                )
                    .into_response()
            }),
        )
}
