//! Keep-alive after an early answer.
//!
//! Some answers are sent before the request body was read: a 401 on a write, a 400 on a bad
//! path id, a 404 or 405 with a body, a 413 by Content-Length or part-way through a streamed
//! body. HTTP/1.1 cannot reuse such a connection until the rest of the body has been read, so
//! hyper would silently close it after the answer, and a keep-alive client's next request on it
//! fails (`EOF`). This layer watches the request body: when the answer is ready and the body
//! was not read to its end, it reads and discards the rest (at most [`DRAIN_LIMIT`] bytes,
//! for at most [`DRAIN_TIME`]) so the connection stays usable; when that is not possible (a
//! larger declared or actual body, a slow sender, a body still held elsewhere) the answer
//! carries `Connection: close`, so the client knows to open a new connection.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONNECTION, CONTENT_LENGTH};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as _, Frame, SizeHint};
use http_body_util::BodyExt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// The most of an unread body that is read and discarded to keep a connection.
pub const DRAIN_LIMIT: u64 = 8 << 20;
/// How long draining may take.
pub const DRAIN_TIME: Duration = Duration::from_secs(5);

/// What became of a request body.
#[derive(Default)]
struct Watch {
    /// Read to its end (or failed: the connection is gone anyway).
    done: bool,
    /// Dropped before its end: the rest, to drain.
    rest: Option<Body>,
}

/// The request body, reporting to its [`Watch`].
struct Watched {
    inner: Option<Body>,
    watch: Arc<Mutex<Watch>>,
}

impl Watched {
    fn mark_done(&self) {
        if let Ok(mut w) = self.watch.lock() {
            w.done = true;
        }
    }
}

impl http_body::Body for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            self.mark_done();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(|b| b.is_end_stream())
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), |b| b.size_hint())
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        if let Ok(mut w) = self.watch.lock() {
            if inner.is_end_stream() {
                w.done = true;
            } else if !w.done {
                w.rest = Some(inner);
            }
        }
    }
}

fn declared_length(req: &Request) -> Option<u64> {
    req.headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// Reads and discards `body`; false when it is longer than [`DRAIN_LIMIT`], fails, or takes
/// longer than [`DRAIN_TIME`].
async fn drain(mut body: Body) -> bool {
    let work = async {
        let mut total: u64 = 0;
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { return false };
            if let Some(data) = frame.data_ref() {
                total += data.len() as u64;
                if total > DRAIN_LIMIT {
                    return false;
                }
            }
        }
        true
    };
    tokio::time::timeout(DRAIN_TIME, work)
        .await
        .unwrap_or(false)
}

/// The middleware (outermost, around everything a request may reach).
pub async fn keep_alive_after_early_answers(req: Request, next: Next) -> Response {
    if req.body().is_end_stream() {
        return next.run(req).await;
    }
    let too_large_to_drain = declared_length(&req).is_some_and(|n| n > DRAIN_LIMIT);
    let watch = Arc::new(Mutex::new(Watch::default()));
    let (parts, body) = req.into_parts();
    let watched = Watched {
        inner: Some(body),
        watch: watch.clone(),
    };
    let mut res = next
        .run(Request::from_parts(parts, Body::new(watched)))
        .await;
    let (done, rest) = match watch.lock() {
        Ok(mut w) => (w.done, w.rest.take()),
        Err(_) => (false, None),
    };
    let keep = done
        || match rest {
            Some(rest) if !too_large_to_drain => drain(rest).await,
            // Too large, or still held by someone: do not wait for it.
            _ => false,
        };
    if !keep {
        res.headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    res
}
