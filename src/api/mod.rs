//! The OCP client: one `fetch_json` that turns every failure into an [`ApiError`], and one
//! function per endpoint the console reads.

mod error;

pub use error::{ApiError, ErrorKind, ServerMessage, UserMessage};

use crate::i18n::Lang;
use crate::storage::{Store, DRAFT_PREFIXES, KEY_API_BASE, KEY_CREDENTIALS};
use base64::Engine;
use futures::future::{select, Either};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use ocp_model::{Envelope, ErrorBody, FieldWarning};
use serde::de::DeserializeOwned;

pub mod endpoints;

/// How long a request may take before the console gives up on it.
pub const TIMEOUT_SECS: u32 = 20;

/// The header every request of the console carries (the server requires it on writes): a
/// page on another site cannot send it without a CORS preflight, which the server never
/// grants, so a write carrying it comes from the console (issue 20).
pub const CONSOLE_HEADER: (&str, &str) = ("X-OBC-Console", "1");

/// Who signs in. Kept for this browser tab (sessionStorage) until sign-out.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &ocp_model::secrets::MASK)
            .finish()
    }
}

impl Credentials {
    fn header(&self) -> String {
        let raw = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    }
    fn encode(&self) -> String {
        serde_json::json!({ "user": self.user, "password": self.password }).to_string()
    }
    fn decode(s: &str) -> Option<Self> {
        let v: serde_json::Value = serde_json::from_str(s).ok()?;
        Some(Self {
            user: v.get("user")?.as_str()?.to_owned(),
            password: v.get("password")?.as_str()?.to_owned(),
        })
    }
}

/// Where requests go and as whom. An empty base means the console's own origin (the emulator,
/// or the proxy in front of a real OCP), which needs no CORS.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiConfig {
    pub base_url: String,
    pub credentials: Option<Credentials>,
}

/// The client handle every page uses; `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
pub struct Api {
    pub config: RwSignal<ApiConfig>,
    /// Bumped to make every resource read again: after signing in, or on "retry".
    epoch: RwSignal<u64>,
    /// Bumped after every write: the query layer reads what it shows again.
    written: RwSignal<u64>,
    /// Set by any 401; the shell then shows the sign-in dialog.
    pub sign_in_needed: RwSignal<bool>,
    /// Server clock minus browser clock, from the last envelope `timestamp`. Emulated clocks
    /// may run ahead of the browser's, so "now" for RPO and ages is the server's.
    pub server_skew_ms: RwSignal<i64>,
    /// What the latest answer of each read could not read (lenient fields that did not fit),
    /// for the page it was read on.
    pub unread: RwSignal<Vec<UnreadFields>>,
    /// How many requests have been waiting for their answer longer than [`SLOW_AFTER_MS`]:
    /// while any has, the shell shows that the console is working.
    pub slow: RwSignal<u32>,
    lang: Signal<Lang>,
}

/// A request still waiting after this many milliseconds shows progress; quicker answers
/// never flash an indicator.
pub const SLOW_AFTER_MS: u32 = 300;

/// The fields one answer could not read, and which request it answered on which page.
#[derive(Clone, Debug, PartialEq)]
pub struct UnreadFields {
    /// The page's path (`location.pathname`) when the answer came.
    pub page: String,
    /// `GET /api/v2/ob/clusters/1/backup/overview`, without the query.
    pub request: String,
    pub fields: Vec<FieldWarning>,
}

/// The page's path now, as [`UnreadFields::page`] records it.
pub fn page_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

impl Api {
    pub fn new(lang: Signal<Lang>) -> Self {
        let config = ApiConfig {
            base_url: Store::Local.read(KEY_API_BASE).unwrap_or_default(),
            credentials: Store::Session
                .read(KEY_CREDENTIALS)
                .as_deref()
                .and_then(Credentials::decode),
        };
        Self {
            config: RwSignal::new(config),
            epoch: RwSignal::new(0),
            written: RwSignal::new(0),
            sign_in_needed: RwSignal::new(false),
            server_skew_ms: RwSignal::new(0),
            unread: RwSignal::new(Vec::new()),
            slow: RwSignal::new(0),
            lang,
        }
    }

    /// Every resource re-reads.
    pub fn retry(&self) {
        self.epoch.update(|e| *e += 1);
    }

    pub fn set_base_url(&self, base: String) {
        let base = base.trim().trim_end_matches('/').to_owned();
        if base.is_empty() {
            Store::Local.remove(KEY_API_BASE);
        } else {
            Store::Local.write(KEY_API_BASE, &base);
        }
        self.config.update(|c| c.base_url = base);
    }

    /// Checks the credentials against the server; keeps them (for this tab only) if they work.
    pub async fn sign_in(&self, credentials: Credentials) -> Result<(), ApiError> {
        let config = ApiConfig {
            credentials: Some(credentials.clone()),
            ..self.config.get_untracked()
        };
        let lang = self.lang.get_untracked();
        send::<serde_json::Value>(
            *self,
            &config,
            Method::GET,
            "/api/v2/ob/clusters?page=1&size=1",
            None,
            lang,
            None,
        )
        .await?;
        Store::Session.write(KEY_CREDENTIALS, &credentials.encode());
        self.config.update(|c| c.credentials = Some(credentials));
        self.sign_in_needed.set(false);
        self.retry();
        Ok(())
    }

    /// Forgets everything of the session: the credentials, and every draft kept in storage
    /// (a strategy or restore in progress), whichever storage holds them.
    pub fn sign_out(&self) {
        for store in [Store::Session, Store::Local] {
            store.remove(KEY_CREDENTIALS);
            for prefix in DRAFT_PREFIXES {
                store.remove_prefixed(prefix);
            }
        }
        self.unread.set(Vec::new());
        self.config.update(|c| c.credentials = None);
        self.retry();
    }

    /// Counts retries, sign-ins and writes: answers read before the latest are read again.
    pub fn generation(&self) -> u64 {
        self.epoch.get() + self.written.get()
    }

    pub fn generation_untracked(&self) -> u64 {
        self.epoch.get_untracked() + self.written.get_untracked()
    }

    /// Subscribes the calling resource to retries and sign-ins (not to writes: pages re-read
    /// what a write changed themselves).
    pub fn track_generation(&self) {
        self.epoch.track();
        self.config.track();
    }

    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// Server time now (epoch ms), without subscribing.
    pub fn server_now_untracked(&self) -> i64 {
        browser_now_ms() + self.server_skew_ms.get_untracked()
    }

    /// Counts a request as waiting until the guard is dropped (the slow-request bar).
    pub(crate) fn waiting(&self) -> impl Drop {
        Waiting::start(self.slow)
    }

    /// Keeps what the latest answer to `path` could not read, for the notice: it replaces
    /// what an earlier answer to the same request said, and entries of other pages go. Not
    /// generic, so it is in the wasm once rather than once per answer type.
    pub(crate) fn note_unread(&self, path: &str, fields: Vec<FieldWarning>) {
        let page = page_path();
        let request = format!("GET {}", path.split('?').next().unwrap_or_default());
        let mut next: Vec<UnreadFields> = self.unread.with_untracked(|all| {
            all.iter()
                .filter(|u| u.page == page && u.request != request)
                .cloned()
                .collect()
        });
        if !fields.is_empty() {
            next.push(UnreadFields {
                page,
                request,
                fields,
            });
        }
        next.sort_by(|a, b| a.request.cmp(&b.request));
        // Reads repeat every few seconds: only a change reaches the notice.
        if self.unread.with_untracked(|all| *all != next) {
            self.unread.set(next);
        }
    }
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

fn browser_now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A successful answer: its data, the server's clock when stamped (epoch ms), and the fields
/// that could not be read.
#[derive(Debug)]
pub struct Answer<T> {
    pub data: Option<T>,
    pub server_ms: Option<i64>,
    pub unread: Vec<FieldWarning>,
}

/// Sends one request and maps every outcome onto an [`Answer`] or one [`ApiError`]. Only the
/// decoding is generic: the request, its timeout and the error mapping are in the wasm once,
/// not once per answer type.
pub(crate) async fn send<T: DeserializeOwned>(
    api: Api,
    config: &ApiConfig,
    method: Method,
    path: &str,
    body: Option<String>,
    lang: Lang,
    abort: Option<web_sys::AbortController>,
) -> Result<Answer<T>, ApiError> {
    let waiting = Waiting::start(api.slow);
    let raw = send_raw(config, method, path, body, lang, abort).await;
    drop(waiting);
    let result = match raw {
        Ok(raw) => interpret::<T>(raw.status, &raw.text, raw.retry_after_secs),
        Err(e) => Err(e),
    };
    api.observe_answer(result.as_ref().map(|a| a.server_ms));
    result
}

/// One request in flight, counted in [`Api::slow`] once it has waited [`SLOW_AFTER_MS`]. Ends
/// when dropped: answered, failed, or abandoned because its page was left.
struct Waiting(std::rc::Rc<std::cell::Cell<WaitState>>, RwSignal<u32>);

#[derive(Clone, Copy, PartialEq)]
enum WaitState {
    Quick,
    Slow,
    Done,
}

impl Waiting {
    fn start(slow: RwSignal<u32>) -> Self {
        let state = std::rc::Rc::new(std::cell::Cell::new(WaitState::Quick));
        let timer_state = state.clone();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SLOW_AFTER_MS).await;
            if timer_state.get() == WaitState::Quick {
                timer_state.set(WaitState::Slow);
                slow.try_update(|n| *n += 1);
            }
        });
        Waiting(state, slow)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if self.0.replace(WaitState::Done) == WaitState::Slow {
            self.1.try_update(|n| *n = n.saturating_sub(1));
        }
    }
}

/// An answer before decoding.
pub(crate) struct RawAnswer {
    pub status: u16,
    pub text: String,
    /// `RateLimit-Reset`, else `Retry-After`, in seconds.
    pub retry_after_secs: Option<u64>,
    /// `RateLimit-Remaining`: requests left in OCP's window.
    pub remaining: Option<u64>,
}

async fn send_raw(
    config: &ApiConfig,
    method: Method,
    path: &str,
    body: Option<String>,
    lang: Lang,
    abort: Option<web_sys::AbortController>,
) -> Result<RawAnswer, ApiError> {
    let abort = abort.or_else(|| web_sys::AbortController::new().ok());
    let exchange = exchange(config, method, path, body, lang, abort.clone());
    let timeout = Box::pin(gloo_timers::future::TimeoutFuture::new(TIMEOUT_SECS * 1000));
    match select(Box::pin(exchange), timeout).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => {
            if let Some(a) = &abort {
                a.abort();
            }
            Err(ApiError::Timeout(TIMEOUT_SECS))
        }
    }
}

/// One request and its whole answer, body included, with no time limit of its own: writes
/// get theirs from [`send_raw`], reads from the query layer, which counts from the moment the
/// request is sent.
pub(crate) async fn exchange(
    config: &ApiConfig,
    method: Method,
    path: &str,
    body: Option<String>,
    lang: Lang,
    abort: Option<web_sys::AbortController>,
) -> Result<RawAnswer, ApiError> {
    let url = format!("{}{}", config.base_url, path);
    // Every write is JSON, bodyless ones (startSchedule, stopSchedule, DELETE) too: the server
    // refuses anything else (a form another site could post).
    let write = !matches!(method, Method::GET | Method::HEAD);
    let mut builder = RequestBuilder::new(&url)
        .method(method)
        .header("Accept", "application/json")
        .header("Accept-Language", lang.tag())
        .header(CONSOLE_HEADER.0, CONSOLE_HEADER.1);
    if let Some(c) = &config.credentials {
        builder = builder.header("Authorization", &c.header());
    }
    if write || body.is_some() {
        builder = builder.header("Content-Type", "application/json");
    }
    let signal = abort.as_ref().map(|a| a.signal());
    builder = builder.abort_signal(signal.as_ref());
    let request = match body {
        Some(b) => builder.body(b),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;

    // The body counts too: headers may come and the body never.
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let header = |name: &str| response.headers().get(name);
    let retry_after_secs = header("RateLimit-Reset")
        .or_else(|| header("Retry-After"))
        .and_then(|v| v.trim().parse().ok());
    let remaining = header("RateLimit-Remaining").and_then(|v| v.trim().parse().ok());
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok(RawAnswer {
        status,
        text,
        retry_after_secs,
        remaining,
    })
}

impl Api {
    /// What every answer tells the console: a 401 opens the sign-in dialog, a server time
    /// (epoch ms) sets the clock's skew.
    pub(crate) fn observe_answer(&self, outcome: Result<Option<i64>, &ApiError>) {
        match outcome {
            Err(ApiError::Unauthorized(_)) => self.sign_in_needed.set(true),
            Ok(Some(server_ms)) => {
                // Every answer is stamped; only a real move of the server's clock (more than a
                // second: not network jitter) wakes what shows a time.
                let skew = server_ms - browser_now_ms();
                if (skew - self.server_skew_ms.get_untracked()).abs() > 1_000 {
                    self.server_skew_ms.set(skew);
                }
            }
            _ => {}
        }
    }
}

/// Turns a status and body into an [`Answer`] or an error. Fields a page does not need are
/// read leniently (`ocp_model::lenient`). Pure, so every branch is testable without a server.
pub fn interpret<T: DeserializeOwned>(
    status: u16,
    body: &str,
    retry_after_secs: Option<u64>,
) -> Result<Answer<T>, ApiError> {
    if !(200..300).contains(&status) {
        return Err(failure(status, body, retry_after_secs));
    }
    if body.trim().is_empty() {
        return Err(ApiError::BadResponse {
            status,
            snippet: String::new(),
        });
    }
    match ocp_model::lenient::decode::<Envelope<T>>(body) {
        Ok((env, _)) if env.is_failure() => Err(from_status(
            status,
            env.error.map(server_message).unwrap_or_default(),
            None,
        )),
        Ok((env, unread)) => Ok(Answer {
            data: env.data,
            server_ms: env.timestamp.map(|t| t.timestamp_millis()),
            unread,
        }),
        Err(e) => Err(undecodable(status, body, &e)),
    }
}

/// A 2xx body that is not the answer's shape.
fn undecodable(status: u16, body: &str, e: &serde_json::Error) -> ApiError {
    // Valid JSON of another shape (a wrong type, or a map key that is not a day number) is the
    // data's fault, not a gateway's: name the field.
    if e.is_data() || serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok() {
        ApiError::Decode {
            path: ocp_model::json_path::path_at(body, e.line(), e.column()),
            // serde_json appends the position; the path says it better.
            detail: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        }
    } else {
        ApiError::BadResponse {
            status,
            snippet: snippet(body),
        }
    }
}

/// A status outside 2xx: OCP's error envelope when there is one.
fn failure(status: u16, body: &str, retry_after_secs: Option<u64>) -> ApiError {
    match ocp_model::lenient::decode::<Envelope<serde::de::IgnoredAny>>(body) {
        Ok((
            Envelope {
                error: Some(error),
                trace_id,
                ..
            },
            _,
        )) => {
            let mut m = server_message(error);
            m.trace_id = trace_id;
            from_status(status, m, retry_after_secs)
        }
        // A gateway's HTML page or an empty body: the status still tells a known kind.
        _ => match status {
            401 | 403 | 404 | 409 | 429 | 400 | 413 | 422 => {
                from_status(status, ServerMessage::default(), retry_after_secs)
            }
            _ => ApiError::BadResponse {
                status,
                snippet: snippet(body),
            },
        },
    }
}

/// What OCP said, with every credential in it masked (`ocp_model::secrets`): its message and
/// its field errors (`subErrors`: their messages and the values they refused) reach the
/// screen, the clipboard and reports.
fn server_message(e: ErrorBody) -> ServerMessage {
    use ocp_model::secrets::{is_secret_name, redact, redact_json, MASK};
    let sub_errors = e
        .sub_errors
        .into_iter()
        .map(|mut s| {
            s.message = redact(&s.message);
            let secret_field = s
                .field
                .as_deref()
                .and_then(|f| f.rsplit('.').next())
                .is_some_and(is_secret_name);
            if let Some(v) = &mut s.rejected_value {
                match v {
                    serde_json::Value::String(t) if secret_field && !t.is_empty() => {
                        *t = MASK.to_owned()
                    }
                    _ => redact_json(v),
                }
            }
            s
        })
        .collect();
    ServerMessage {
        code: Some(e.code),
        message: redact(&e.message),
        sub_errors,
        trace_id: None,
    }
}

fn from_status(status: u16, message: ServerMessage, retry_after_secs: Option<u64>) -> ApiError {
    match status {
        401 => ApiError::Unauthorized(message),
        403 => ApiError::Forbidden(message),
        404 => ApiError::NotFound(message),
        409 => ApiError::Conflict(message),
        429 => ApiError::RateLimited {
            retry_after_secs,
            message,
        },
        400 | 413 | 422 => ApiError::BadRequest(message),
        _ => ApiError::Server { status, message },
    }
}

/// The start of a body that is not JSON, as one line of text, to show what came back.
fn snippet(body: &str) -> String {
    ocp_model::text::snippet(body, 160)
}

impl Api {
    /// A write: not tied to a resource (it completes even if the page is left), never retried
    /// on its own. Its 401 still opens the sign-in dialog.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: String,
        body: Option<String>,
    ) -> Result<Option<T>, ApiError> {
        let config = self.config.get_untracked();
        let lang = self.lang.get_untracked();
        // A write's answer is followed, not shown: its unread fields are not kept.
        let result = send::<T>(*self, &config, method, &path, body, lang, None).await;
        // Whatever came back, the write may have changed what pages show.
        self.written.update(|w| *w += 1);
        Ok(result?.data)
    }
}
