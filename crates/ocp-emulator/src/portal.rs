//! An example portal page that embeds the console (`/__emulator/portal`): what the README's
//! "Embedding in a portal" describes, ready to try and to copy. The console is framed in embed
//! mode, takes the portal's colours and reports its height (`portal/portal.js`).

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// The page's path.
pub const PATH: &str = "/__emulator/portal";

/// The page's Content-Security-Policy: its own script, frames of this origin, and no site may
/// frame it.
pub const PORTAL_CSP: &str = "default-src 'self'; style-src-attr 'unsafe-inline'; \
     object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
                            (
                                header::CONTENT_TYPE,
                                HeaderValue::from_static("text/html; charset=utf-8"),
                            ),
                            // Its own policy: its script from here, frames of this origin;
                            // no site may frame it (it would frame the console in turn).
                            (
                                header::CONTENT_SECURITY_POLICY,
                                HeaderValue::from_static(PORTAL_CSP),
                            ),
                            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
                            (
                                header::X_CONTENT_TYPE_OPTIONS,
                                HeaderValue::from_static("nosniff"),
                            ),
                            (
                                header::REFERRER_POLICY,
                                HeaderValue::from_static("no-referrer"),
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
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                    ],
                    include_str!("../portal/portal.js"),
                )
                    .into_response()
            }),
        )
}
