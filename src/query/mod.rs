//! The query layer: every read of OCP goes through here, never straight to the client.
//!
//! One [`QueryClient`] (a context) keeps the answers by request (path and answer type) and
//! lets `ocp_model::query::Planner` decide what to send: one request per key however many
//! components ask, a cached answer served at once and refreshed, a refresh interval per
//! observer while the page is visible, at most four reads at once with priorities, reads
//! nobody needs any more dropped or aborted, the timeout counted from sending, and OCP's
//! `RateLimit-*` budget and 429 respected. Components read through
//! - [`use_query`]: observes a [`Spec`] while the component lives, re-reads per its
//!   [`Refresh`], and gives a [`Latest`](crate::components::Latest) (latest good value, latest
//!   error, and the server time the value is from);
//! - [`Spec::fetch`]: one read as a future (deduplicated and queued like the rest), for
//!   resources and one-off checks.
//!
//! Writes do not go through here; after one, every observed answer is read again.

use crate::api::{exchange, interpret, Api, ApiConfig, ApiError, RawAnswer};
use crate::components::Latest;
use gloo_net::http::Method;
use leptos::prelude::*;
use ocp_model::query::{
    Command, Config, Ms, Outcome, Planner, Policy, Priority, RateHeaders, Status,
};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

pub use ocp_model::query::Priority as QueryPriority;

/// A request: its path and the type its answer is decoded into.
pub type Key = (TypeId, String);

/// How often a kind of answer is read again while it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refresh {
    /// The fleet's lists and their rows' health: about a minute.
    Fleet,
    /// What changes slowly (strategies, a list's deeper health rules): five minutes.
    Slow,
    /// An open overview or tenant page: about 15 s.
    Page,
    /// Running tasks: about 5 s.
    Live,
    /// Read once while shown (unit specs, a cluster's build): kept for five minutes.
    Once,
}

impl Refresh {
    pub fn policy(self) -> Policy {
        match self {
            Refresh::Fleet => Policy::every(60_000),
            Refresh::Slow => Policy::every(300_000),
            Refresh::Page => Policy::every(15_000),
            Refresh::Live => Policy::every(5_000),
            Refresh::Once => Policy::once(300_000, 300_000),
        }
    }

    /// The refresh interval in ms (for freshness); `Once` counts as five minutes.
    pub fn interval_ms(self) -> Ms {
        self.policy().refresh_ms.unwrap_or(300_000)
    }
}

/// A throttle this short (ms) is waited out before it is shown.
const QUIET_THROTTLE_MS: Ms = 10_000;

/// What a key's slot holds.
#[derive(Clone, Debug)]
pub struct Snapshot<T> {
    /// The latest good answer and the server time (epoch ms) it describes.
    pub good: Option<(T, i64)>,
    /// The latest read's failure, cleared by the next answer.
    pub error: Option<ApiError>,
    /// A read is queued or in flight.
    pub fetching: bool,
    /// Counts answers and failures, so a one-off read knows when its own has come.
    pub version: u64,
}

impl<T> Default for Snapshot<T> {
    fn default() -> Self {
        Snapshot {
            good: None,
            error: None,
            fetching: false,
            version: 0,
        }
    }
}

type Launch = Rc<dyn Fn(Rc<Inner>, u64, Option<web_sys::AbortController>)>;

struct SlotEntry {
    /// `ArcRwSignal<Snapshot<Option<T>>>` of the key's type.
    state: Box<dyn Any>,
    launch: Launch,
    /// Marks the state as fetching or not, without knowing its type.
    set_fetching: Rc<dyn Fn(bool)>,
    /// Records a failure (a timeout decided by the planner).
    fail: Rc<dyn Fn(ApiError)>,
    /// Drops what is kept (another user or another OCP: nothing of the last may show).
    forget: Rc<dyn Fn()>,
}

/// The state behind the handle.
pub struct Inner {
    api: Api,
    planner: RefCell<Planner<Key>>,
    slots: RefCell<HashMap<Key, SlotEntry>>,
    aborts: RefCell<HashMap<Key, (u64, web_sys::AbortController)>>,
    next_observer: Cell<u64>,
    pump_queued: Cell<bool>,
    wake: RefCell<Option<gloo_timers::callback::Timeout>>,
    /// Requests sent since start, for tests and the bench.
    sent: Cell<u64>,
    /// The API generation (retries, sign-ins, writes) the answers belong to.
    generation: Cell<u64>,
    /// One-off reads waiting for a key's read to end.
    waiters: RefCell<HashMap<Key, Vec<futures::channel::oneshot::Sender<()>>>>,
    /// Until when OCP's throttle holds the page's reads back (epoch ms), if it does.
    held_until: RwSignal<Option<Ms>>,
}

/// The handle components use; `Copy`.
#[derive(Clone)]
pub struct QueryClient(SendWrapper<Rc<Inner>>);

/// Milliseconds on the page's monotonic clock.
fn now() -> Ms {
    js_sys::Date::now() as Ms
}

impl QueryClient {
    /// Starts the layer for `api`: follows the page's visibility, and reads every observed
    /// answer again after a retry, a sign-in or a write.
    pub fn start(api: Api) -> Self {
        let inner = Rc::new(Inner {
            api,
            planner: RefCell::new(Planner::new(Config::default())),
            slots: RefCell::new(HashMap::new()),
            aborts: RefCell::new(HashMap::new()),
            next_observer: Cell::new(1),
            pump_queued: Cell::new(false),
            wake: RefCell::new(None),
            sent: Cell::new(0),
            generation: Cell::new(api.generation_untracked()),
            waiters: RefCell::new(HashMap::new()),
            held_until: RwSignal::new(None),
        });
        let client = QueryClient(SendWrapper::new(inner));
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let c = client.clone();
            let handle = leptos::prelude::window_event_listener_untyped("visibilitychange", {
                let doc = SendWrapper::new(doc);
                move |_| {
                    let visible = !doc.hidden();
                    c.0.planner.borrow_mut().set_visible(visible);
                    schedule_pump(&c.0);
                }
            });
            on_cleanup(move || handle.remove());
        }
        let c = client.clone();
        Effect::new(move |_| {
            let g = api.generation();
            c.invalidate_if_behind(g);
        });
        // Signed out, another user, another OCP: what was kept is not shown to them.
        let who = Memo::new(move |_| {
            api.config.with(|c| {
                (
                    c.base_url.clone(),
                    c.credentials.as_ref().map(|c| c.user.clone()),
                )
            })
        });
        let c = client.clone();
        Effect::new(move |prev: Option<()>| {
            who.track();
            if prev.is_some() {
                c.forget_answers();
            }
        });
        client
    }

    /// Drops every kept answer and reads what is observed again.
    fn forget_answers(&self) {
        let forget: Vec<_> = self
            .0
            .slots
            .borrow()
            .values()
            .map(|s| s.forget.clone())
            .collect();
        for f in forget {
            f();
        }
        self.0.planner.borrow_mut().invalidate(|_| true);
        schedule_pump(&self.0);
    }

    fn invalidate_if_behind(&self, generation: u64) {
        if self.0.generation.replace(generation) != generation {
            self.0.planner.borrow_mut().invalidate(|_| true);
            schedule_pump(&self.0);
        }
    }

    /// Requests sent since the console started.
    pub fn sent(&self) -> u64 {
        self.0.sent.get()
    }

    fn observer_id(&self) -> u64 {
        let id = self.0.next_observer.get();
        self.0.next_observer.set(id + 1);
        id
    }

    /// The slot of `path` decoded as `T`, made on first use.
    fn slot<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &self,
        path: &str,
    ) -> (Key, ArcRwSignal<Snapshot<Option<T>>>) {
        let key: Key = (TypeId::of::<T>(), path.to_owned());
        let mut slots = self.0.slots.borrow_mut();
        if let Some(s) = slots.get(&key) {
            if let Some(sig) = s.state.downcast_ref::<ArcRwSignal<Snapshot<Option<T>>>>() {
                return (key, sig.clone());
            }
        }
        let state = ArcRwSignal::new(Snapshot::<Option<T>>::default());
        let launch: Launch = {
            let state = state.clone();
            let key = key.clone();
            Rc::new(move |inner, ticket, abort| {
                let state = state.clone();
                let key = key.clone();
                leptos::task::spawn_local(async move {
                    let api = inner.api;
                    let config = api.config.get_untracked();
                    let raw = read(&config, &key.1, api, abort).await;
                    let rate = RateHeaders {
                        remaining: raw.as_ref().ok().and_then(|r| r.remaining),
                        reset_ms: raw
                            .as_ref()
                            .ok()
                            .and_then(|r| r.retry_after_secs)
                            .map(|s| s as Ms * 1000),
                    };
                    let result = match raw {
                        Ok(r) => interpret::<T>(r.status, &r.text, r.retry_after_secs),
                        Err(e) => Err(e),
                    };
                    let outcome = match &result {
                        Ok(_) => Outcome::Answered,
                        Err(ApiError::Network(_)) | Err(ApiError::Timeout(_)) => {
                            Outcome::Unreachable
                        }
                        Err(ApiError::RateLimited {
                            retry_after_secs, ..
                        }) => Outcome::Throttled {
                            reset_ms: retry_after_secs.map(|s| s as Ms * 1000),
                        },
                        Err(_) => Outcome::Failed,
                    };
                    let current =
                        inner
                            .planner
                            .borrow_mut()
                            .finish(&key, ticket, outcome, rate, now());
                    inner.aborts.borrow_mut().remove(&key);
                    if current {
                        api.observe_answer(result.as_ref().map(|a| a.server_ms));
                        // A network error, or a short throttle, is tried again by itself before
                        // anyone is told.
                        let quick = match outcome {
                            Outcome::Unreachable => true,
                            Outcome::Throttled { reset_ms } => {
                                reset_ms.is_some_and(|ms| ms <= QUIET_THROTTLE_MS)
                            }
                            _ => false,
                        };
                        let retrying =
                            quick && inner.planner.borrow().status(&key).retry_at.is_some();
                        match result {
                            Ok(answer) => {
                                api.note_unread(&key.1, answer.unread);
                                let at = answer
                                    .server_ms
                                    .unwrap_or_else(|| api.server_now_untracked());
                                state.update(|s| {
                                    s.good = Some((answer.data, at));
                                    s.error = None;
                                    s.fetching = false;
                                    s.version += 1;
                                });
                            }
                            // A network error tried again in a second is not shown yet.
                            Err(_) if retrying => {}
                            Err(e) => state.update(|s| {
                                s.error = Some(e);
                                s.fetching = false;
                                s.version += 1;
                            }),
                        }
                        if !retrying {
                            wake_waiters(&inner, &key);
                        }
                    }
                    schedule_pump(&inner);
                });
            })
        };
        let set_fetching: Rc<dyn Fn(bool)> = {
            let state = state.clone();
            Rc::new(move |f| {
                if state.with_untracked(|s| s.fetching) != f {
                    state.update(|s| s.fetching = f);
                }
            })
        };
        let fail: Rc<dyn Fn(ApiError)> = {
            let state = state.clone();
            Rc::new(move |e| {
                state.update(|s| {
                    s.error = Some(e);
                    s.fetching = false;
                    s.version += 1;
                })
            })
        };
        let forget: Rc<dyn Fn()> = {
            let state = state.clone();
            Rc::new(move || {
                state.update(|s| {
                    s.good = None;
                    s.error = None;
                    s.version += 1;
                })
            })
        };
        slots.insert(
            key.clone(),
            SlotEntry {
                state: Box::new(state.clone()),
                launch,
                set_fetching,
                fail,
                forget,
            },
        );
        (key, state)
    }

    fn observe(&self, key: &Key, observer: u64, priority: Priority, refresh: Refresh) {
        self.0
            .planner
            .borrow_mut()
            .observe(key, observer, priority, refresh.policy(), now());
        schedule_pump(&self.0);
    }

    fn unobserve(&self, key: &Key, observer: u64) {
        self.0.planner.borrow_mut().unobserve(key, observer, now());
        schedule_pump(&self.0);
    }

    /// Reads `key` again now, first in line.
    pub fn refetch(&self, key: &Key) {
        self.0.planner.borrow_mut().refetch(key);
        schedule_pump(&self.0);
    }

    /// Until when OCP's throttle (a 429, or a budget down to its reserve) holds back the reads
    /// the page shows (epoch ms); `None` while they may go. Tracked.
    pub fn held_until(&self) -> Option<Ms> {
        self.0.held_until.get()
    }

    /// Where a key's read stands.
    pub fn status(&self, key: &Key) -> Status {
        self.0.planner.borrow().status(key)
    }
}

/// A GET with no retries and no time limit of its own: the planner decides both.
async fn read(
    config: &ApiConfig,
    path: &str,
    api: Api,
    abort: Option<web_sys::AbortController>,
) -> Result<RawAnswer, ApiError> {
    let _waiting = api.waiting();
    exchange(config, Method::GET, path, None, api.lang_untracked(), abort).await
}

/// Runs the planner soon (once per turn, however many changes asked for it).
fn schedule_pump(inner: &Rc<Inner>) {
    if inner.pump_queued.replace(true) {
        return;
    }
    let inner = inner.clone();
    leptos::task::spawn_local(async move {
        inner.pump_queued.set(false);
        pump(&inner);
    });
}

fn pump(inner: &Rc<Inner>) {
    let t = now();
    let commands = inner.planner.borrow_mut().pump(t);
    for c in commands {
        match c {
            Command::Send { key, ticket } => {
                let slot = inner
                    .slots
                    .borrow()
                    .get(&key)
                    .map(|s| (s.launch.clone(), s.set_fetching.clone()));
                let Some((launch, set_fetching)) = slot else {
                    continue;
                };
                let abort = web_sys::AbortController::new().ok();
                if let Some(a) = &abort {
                    inner
                        .aborts
                        .borrow_mut()
                        .insert(key.clone(), (ticket, a.clone()));
                }
                inner.sent.set(inner.sent.get() + 1);
                set_fetching(true);
                launch(inner.clone(), ticket, abort);
            }
            Command::Abort {
                key,
                ticket,
                timed_out,
            } => {
                let mut aborts = inner.aborts.borrow_mut();
                if aborts.get(&key).is_some_and(|(t, _)| *t == ticket) {
                    if let Some((_, a)) = aborts.remove(&key) {
                        a.abort();
                    }
                }
                drop(aborts);
                let slot = inner
                    .slots
                    .borrow()
                    .get(&key)
                    .map(|s| (s.set_fetching.clone(), s.fail.clone()));
                if let Some((set_fetching, fail)) = slot {
                    let retrying = inner.planner.borrow().status(&key).retry_at.is_some();
                    if timed_out && !retrying {
                        fail(ApiError::Timeout(crate::api::TIMEOUT_SECS));
                        wake_waiters(inner, &key);
                    } else {
                        set_fetching(false);
                    }
                }
            }
            Command::Forget(key) => {
                inner.slots.borrow_mut().remove(&key);
            }
        }
    }
    let held = inner.planner.borrow().held_until(t);
    if inner.held_until.get_untracked() != held {
        inner.held_until.set(held);
    }
    // Queued reads show as fetching too.
    let wake = inner.planner.borrow().next_wake();
    let timer = wake.map(|at| {
        let inner = inner.clone();
        let delay = (at - now()).clamp(0, 600_000) as u32;
        gloo_timers::callback::Timeout::new(delay + 1, move || schedule_pump(&inner))
    });
    // Dropping the previous Timeout cancels it.
    *inner.wake.borrow_mut() = timer;
}

pub fn use_query_client() -> QueryClient {
    expect_context::<QueryClient>()
}

/// How a spec finds its slot in a client.
type Bind<T> = Rc<dyn Fn(&QueryClient) -> Binding<T>>;

/// A read of OCP: which request, and how its answer becomes what the page needs.
pub struct Spec<T> {
    bind: Bind<T>,
}

impl<T> Clone for Spec<T> {
    fn clone(&self) -> Self {
        Spec {
            bind: self.bind.clone(),
        }
    }
}

/// A spec bound to its slot: the key, and a tracked read of its snapshot as `T`.
struct Binding<T> {
    key: Key,
    read: Rc<dyn Fn() -> Snapshot<T>>,
}

impl<T: Clone + 'static> Spec<T> {
    /// The answer mapped through `f` (a 404 that means "none", a tenant's info as a
    /// cluster's); applied to the latest good value and the latest error alike.
    pub fn map<U: Clone + 'static>(
        self,
        f: impl Fn(Result<T, ApiError>) -> Result<U, ApiError> + 'static,
    ) -> Spec<U> {
        let f = Rc::new(f);
        Spec {
            bind: Rc::new(move |client| {
                let b = (self.bind)(client);
                let f = f.clone();
                let read = b.read.clone();
                Binding {
                    key: b.key,
                    read: Rc::new(move || {
                        let s = read();
                        let mut out = Snapshot {
                            good: None,
                            error: None,
                            fetching: s.fetching,
                            version: s.version,
                        };
                        if let Some((v, at)) = s.good {
                            match f(Ok(v)) {
                                Ok(u) => out.good = Some((u, at)),
                                Err(e) => out.error = Some(e),
                            }
                        }
                        if let Some(e) = s.error {
                            match f(Err(e)) {
                                Ok(u) => {
                                    // A failure that means a value ("no strategy").
                                    out.good = Some((u, 0));
                                }
                                Err(e) => out.error = Some(e),
                            }
                        }
                        out
                    }),
                }
            }),
        }
    }
}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Spec<Option<T>> {
    /// `GET path`, its `data` possibly null.
    pub fn get_optional(path: String) -> Self {
        Spec {
            bind: Rc::new(move |client| {
                let (key, state) = client.slot::<T>(&path);
                Binding {
                    key,
                    read: Rc::new(move || state.get()),
                }
            }),
        }
    }
}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Spec<T> {
    /// `GET path`, its `data` required.
    pub fn get(path: String) -> Self {
        Spec::<Option<T>>::get_optional(path).map(|r| r?.ok_or_else(ApiError::missing_data))
    }
}

/// The policy of a one-off read: an answer younger than a second is served as it is.
const ONE_OFF: Refresh = Refresh::Once;
const ONE_OFF_FRESH_MS: Ms = 1_000;

impl<T: Clone + Send + Sync + 'static> Spec<T> {
    /// One read as a future, through the layer (deduplicated, queued, dropped when the calling
    /// owner is cleaned up before it is sent): an answer younger than a second is served as it
    /// is. Subscribes the calling resource to retries and sign-ins.
    pub fn fetch(self) -> impl Future<Output = Result<T, ApiError>> {
        let client = use_query_client();
        client.0.api.track_generation();
        let slot = Rc::new(RefCell::new(None::<ObserveGuard>));
        let on_drop = SendWrapper::new(slot.clone());
        on_cleanup(move || drop(on_drop.borrow_mut().take()));
        self.read_once(client, slot, ONE_OFF_FRESH_MS)
    }

    /// One read as [`fetch`](Self::fetch) does, for code that is no longer inside its owner
    /// (the later pages of a list): not cancelled with the page.
    pub fn fetch_with(self, client: &QueryClient) -> impl Future<Output = Result<T, ApiError>> {
        self.read_once(
            client.clone(),
            Rc::new(RefCell::new(None)),
            ONE_OFF_FRESH_MS,
        )
    }

    /// A read sent now, whatever is kept: for checks that must see OCP's current answer (the
    /// windows re-read before a restore is submitted).
    pub fn fetch_fresh(self, client: &QueryClient) -> impl Future<Output = Result<T, ApiError>> {
        self.read_once(client.clone(), Rc::new(RefCell::new(None)), 0)
    }

    fn read_once(
        self,
        client: QueryClient,
        guard: Rc<RefCell<Option<ObserveGuard>>>,
        fresh_ms: Ms,
    ) -> impl Future<Output = Result<T, ApiError>> {
        client.invalidate_if_behind(client.0.api.generation_untracked());
        let observer = client.observer_id();
        let b = (self.bind)(&client);
        *guard.borrow_mut() = Some(ObserveGuard {
            client: client.clone(),
            key: b.key.clone(),
            observer,
        });
        async move {
            let key = b.key.clone();
            let fresh = client
                .status(&key)
                .answered_at
                .is_some_and(|at| now() - at < fresh_ms);
            if !fresh {
                let done = client.wait(&key);
                client.observe_with(
                    &key,
                    observer,
                    Priority::Asked,
                    Policy::once(fresh_ms, ONE_OFF.policy().keep_ms),
                );
                if client.status(&key).fetching {
                    let _ = done.await;
                }
            }
            let s = untrack(|| (b.read)());
            drop(guard.borrow_mut().take());
            match (s.error, s.good) {
                (Some(e), _) => Err(e),
                (None, Some((v, _))) => Ok(v),
                (None, None) => Err(ApiError::missing_data()),
            }
        }
    }
}

/// Every row of a paged list: page 1 (`first`), then the pages it says are still to read
/// (`page(n)`), all through the layer.
pub fn fetch_all_pages<T: Clone + Send + Sync + 'static>(
    size: u64,
    page: impl Fn(u64) -> Spec<ocp_model::Paged<T>> + 'static,
) -> impl Future<Output = Result<ocp_model::Paged<T>, ApiError>> {
    let client = use_query_client();
    let first = page(1).fetch();
    async move {
        let mut all = first.await?;
        let more = ocp_model::query::remaining_pages(all.page.as_ref(), all.contents.len(), size);
        for n in more {
            let next = page(n).fetch_with(&client).await?;
            all.contents.extend(next.contents);
        }
        Ok(all)
    }
}

impl QueryClient {
    /// Resolves when `key`'s next read ends (answered, or failed for good).
    fn wait(&self, key: &Key) -> futures::channel::oneshot::Receiver<()> {
        let (tx, rx) = futures::channel::oneshot::channel();
        self.0
            .waiters
            .borrow_mut()
            .entry(key.clone())
            .or_default()
            .push(tx);
        rx
    }

    fn observe_with(&self, key: &Key, observer: u64, priority: Priority, policy: Policy) {
        self.0
            .planner
            .borrow_mut()
            .observe(key, observer, priority, policy, now());
        schedule_pump(&self.0);
    }
}

fn wake_waiters(inner: &Inner, key: &Key) {
    if let Some(list) = inner.waiters.borrow_mut().remove(key) {
        for tx in list {
            let _ = tx.send(());
        }
    }
}

struct ObserveGuard {
    client: QueryClient,
    key: Key,
    observer: u64,
}

impl Drop for ObserveGuard {
    fn drop(&mut self) {
        self.client.unobserve(&self.key, self.observer);
    }
}

/// Observes what `spec` names (`None`: nothing yet) at `priority` while the calling component
/// lives, read again per `refresh`; a new spec (another cluster, another page) moves the
/// observation. The answer shows at once when cached, and stays while it is read again.
pub fn use_query<T: Clone + PartialEq + Send + Sync + 'static>(
    priority: Priority,
    refresh: Refresh,
    spec: impl Fn() -> Option<Spec<T>> + 'static,
) -> Latest<T> {
    let client = use_query_client();
    let observer = client.observer_id();
    let current: RwSignal<Option<Bound<T>>, LocalStorage> = RwSignal::new_local(None);
    // The key observed, outside the reactive arena: signals may be gone when cleanups run.
    let observed: Rc<RefCell<Option<Key>>> = Rc::new(RefCell::new(None));
    let bind = {
        let client = client.clone();
        let observed = observed.clone();
        move |next: Option<Spec<T>>| {
            let next = next.map(|s| {
                let b = (s.bind)(&client);
                Bound {
                    key: b.key,
                    read: b.read,
                }
            });
            let new = next.as_ref().map(|b| b.key.clone());
            let old = observed.replace(new.clone());
            if old == new {
                return;
            }
            if let Some(k) = &new {
                client.observe(k, observer, priority, refresh);
            }
            if let Some(k) = &old {
                client.unobserve(k, observer);
            }
            current.set(next);
        }
    };
    bind(untrack(&spec));
    {
        let bind = bind.clone();
        Effect::new(move |prev: Option<()>| {
            let next = spec();
            if prev.is_some() {
                bind(next);
            }
        });
    }
    {
        let client = SendWrapper::new(client.clone());
        let observed = SendWrapper::new(observed);
        on_cleanup(move || {
            if let Some(k) = observed.borrow_mut().take() {
                client.unobserve(&k, observer);
            }
        });
    }
    let snapshot = Memo::new(move |_| {
        current.with(|b| {
            b.as_ref().map(|b| {
                let s = (b.read)();
                (s.good, s.error, s.fetching)
            })
        })
    });
    let refetch = {
        let client = SendWrapper::new(client);
        Callback::new(move |_| {
            if let Some(b) = current.get_untracked() {
                client.refetch(&b.key);
            }
        })
    };
    Latest {
        value: Memo::new(move |_| {
            snapshot.with(|s| s.as_ref().and_then(|s| s.0.as_ref().map(|g| g.0.clone())))
        }),
        error: Memo::new(move |_| snapshot.with(|s| s.as_ref().and_then(|s| s.1.clone()))),
        as_of: Memo::new(move |_| {
            snapshot.with(|s| s.as_ref().and_then(|s| s.0.as_ref().map(|g| g.1)))
        }),
        fetching: Memo::new(move |_| snapshot.with(|s| s.as_ref().is_some_and(|s| s.2))),
        refetch: Some(refetch),
    }
}

/// Every row of a paged list, observed as [`use_query`] does: page 1 (`page(1)`, asked with
/// `size`) at `priority`, read again per `refresh`; the pages it says are still to read
/// (ocp-api.md 1.3: `page.totalElements`) are read after each answer of page 1, and the value
/// is every row once they are all there. `None` from `page`: nothing to read yet.
pub fn use_all_pages<T: Clone + PartialEq + Send + Sync + 'static>(
    priority: Priority,
    refresh: Refresh,
    size: u64,
    page: impl Fn(u64) -> Option<Spec<ocp_model::Paged<T>>> + Clone + 'static,
) -> Latest<ocp_model::Paged<T>> {
    let first = {
        let page = page.clone();
        use_query(priority, refresh, move || page(1))
    };
    let rest = LocalResource::new(move || {
        let more = first.value.with(|p| {
            p.as_ref()
                .map(|p| ocp_model::query::remaining_pages(p.page.as_ref(), p.contents.len(), size))
        });
        let futs: Vec<_> = more
            .into_iter()
            .flatten()
            .filter_map(|n| page(n).map(Spec::fetch))
            .collect();
        async move {
            let mut rows = Vec::new();
            for f in futs {
                rows.extend(f.await?.contents);
            }
            Ok::<_, ApiError>(rows)
        }
    });
    let rest = Latest::of(rest);
    Latest {
        value: Memo::new(move |_| {
            let mut all = first.value.get()?;
            // Until the later pages come, the list is not shown as if it were complete.
            let complete = all
                .page
                .as_ref()
                .is_none_or(|p| all.contents.len() as u64 >= p.total_elements);
            if !complete {
                all.contents.extend(rest.value.get()?);
            }
            Some(all)
        }),
        error: Memo::new(move |_| first.error.get().or_else(|| rest.error.get())),
        as_of: first.as_of,
        fetching: Memo::new(move |_| first.fetching.get() || rest.fetching.get()),
        refetch: first.refetch,
    }
}

/// A spec bound to its slot, as a component observes it.
struct Bound<T> {
    key: Key,
    read: Rc<dyn Fn() -> Snapshot<T>>,
}

impl<T> Clone for Bound<T> {
    fn clone(&self) -> Self {
        Bound {
            key: self.key.clone(),
            read: self.read.clone(),
        }
    }
}
