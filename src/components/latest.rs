//! Shows what a resource last answered. Before the first answer: a skeleton; on failure with
//! nothing to show: the error and a retry; on a failed refresh: the last good data with a
//! notice. Rendering is synchronous on each new value, so no old view outlives its owner (a
//! `<Transition>` keeps the old view on screen while its signals are already disposed, and a
//! ticking clock then reads them), and an unchanged answer re-renders nothing.

use crate::api::{use_api, ApiError};
use crate::components::{ErrorView, Skeleton};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// The latest good value of a read and its latest error, as memos owned by the page.
pub struct Latest<T: Send + Sync + 'static> {
    pub value: Memo<Option<T>>,
    pub error: Memo<Option<ApiError>>,
    /// The server time (epoch ms) the value describes, when read through the query layer.
    pub as_of: Memo<Option<i64>>,
    /// A read of it is queued or in flight.
    pub fetching: Memo<bool>,
    /// Reads it again now (the query layer's retry); `None`: every read again.
    pub refetch: Option<Callback<()>>,
}

impl<T: Send + Sync + 'static> Clone for Latest<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Latest<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Latest<T> {
    pub fn of(resource: LocalResource<Result<T, ApiError>>) -> Self {
        let value = Memo::new(move |prev: Option<&Option<T>>| match resource.get() {
            Some(Ok(v)) => Some(v),
            _ => prev.cloned().flatten(),
        });
        let error = Memo::new(move |_| resource.get().and_then(Result::err));
        Self {
            value,
            error,
            as_of: Memo::new(|_| None),
            fetching: Memo::new(move |_| resource.get().is_none()),
            refetch: None,
        }
    }

    /// Two reads as one: a value once both have one, the first error, as of the older answer,
    /// fetching while either is, a retry that reads both again.
    pub fn zip<U: Clone + PartialEq + Send + Sync + 'static>(
        self,
        other: Latest<U>,
    ) -> Latest<(T, U)> {
        let retry = match (self.refetch, other.refetch) {
            (Some(a), Some(b)) => Some(Callback::new(move |_| {
                a.run(());
                b.run(());
            })),
            _ => None,
        };
        Latest {
            value: Memo::new(move |_| Some((self.value.get()?, other.value.get()?))),
            error: Memo::new(move |_| self.error.get().or_else(|| other.error.get())),
            as_of: Memo::new(move |_| match (self.as_of.get(), other.as_of.get()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }),
            fetching: Memo::new(move |_| self.fetching.get() || other.fetching.get()),
            refetch: retry,
        }
    }

    /// The value mapped through `f`; the rest as it is.
    pub fn map<U: Clone + PartialEq + Send + Sync + 'static>(
        self,
        f: impl Fn(T) -> U + Send + Sync + 'static,
    ) -> Latest<U> {
        Latest {
            value: Memo::new(move |_| self.value.get().map(&f)),
            error: self.error,
            as_of: self.as_of,
            fetching: self.fetching,
            refetch: self.refetch,
        }
    }

    /// The same, failing with what `err` gives while it gives one (an address that names
    /// nothing: no read is made for it).
    pub fn or_failed(self, err: impl Fn() -> Option<ApiError> + Send + Sync + 'static) -> Self {
        Latest {
            error: Memo::new(move |_| err().or_else(|| self.error.get())),
            ..self
        }
    }

    /// It has answered or failed at least once.
    pub fn settled(&self) -> bool {
        self.value.with(Option::is_some) || self.error.with(Option::is_some)
    }

    /// Reads it again now, when read through the query layer.
    pub fn reread(&self) {
        if let Some(r) = self.refetch {
            r.run(());
        }
    }

    /// `render` of the latest value, or a skeleton, or the error with a retry.
    pub fn view<V: IntoView + 'static>(
        self,
        lines: usize,
        render: impl Fn(T) -> V + Send + Sync + 'static,
    ) -> impl IntoView {
        let api = use_api();
        let i18n = use_i18n();
        let retry = self
            .refetch
            .unwrap_or_else(|| Callback::new(move |_| api.retry()));
        move || {
            match (self.value.get(), self.error.get()) {
            (Some(v), None) => render(v).into_any(),
            (Some(v), Some(e)) => view! {
                <p class="refresh-failed" role="status" data-testid="refresh-failed">
                    {i18n.t(Msg::RefreshFailed)} " " {e.user_message(i18n.lang.get_untracked()).title}
                </p>
                {render(v)}
            }
            .into_any(),
            (None, Some(e)) => view! { <ErrorView error=e on_retry=retry /> }.into_any(),
            (None, None) => view! { <Skeleton lines=lines /> }.into_any(),
        }
        }
    }
}

/// "As of hh:mm:ss" for data OCP stamped `as_of` (server epoch ms), said to be stale once it
/// is older than its refresh interval (`refresh_ms`) and a read's time limit.
#[component]
pub fn AsOf(as_of: Memo<Option<i64>>, refresh_ms: i64) -> impl IntoView {
    let i18n = use_i18n();
    let clock = crate::clock::use_clock();
    move || {
        let at = as_of.get()?;
        let age = clock.health_now_ms.get() - at;
        let stale = ocp_model::query::Freshness::of(
            age,
            refresh_ms,
            crate::api::TIMEOUT_SECS as i64 * 1000,
        )
        .is_stale();
        let time = clock.show_ms(at);
        Some(view! {
            <span class="page__as-of" data-testid="as-of" data-stale=stale.to_string()>
                {i18n.fmt(if stale { Msg::AsOfStale } else { Msg::AsOf }, &[("time", &time)])}
            </span>
        })
    }
}
