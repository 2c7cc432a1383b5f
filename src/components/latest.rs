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
