//! The one way a failure is shown: what happened, what the server said, what to do, a retry.

use crate::api::{ApiError, ErrorKind};
use crate::app::AppRoute;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// A failed request, explained, with a way forward.
#[component]
pub fn ErrorView(
    /// The failure to explain.
    #[prop(into)]
    error: Signal<ApiError>,
    /// Called by the retry button; without it there is no button.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
    /// The failure of a write: when OCP may have carried it out, say to check first.
    #[prop(optional)]
    write: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        let e = error.get();
        if write {
            e.write_message(i18n.lang.get())
        } else {
            e.user_message(i18n.lang.get())
        }
    };
    let kind = move || error.get().kind();
    let open_sign_in = move |_| {
        if let Some(api) = use_context::<crate::api::Api>() {
            api.sign_in_needed.set(true);
        }
    };
    view! {
        <div class="error-view" role="alert" data-testid="error-view" data-kind=move || kind().as_str()>
            <p class="error-view__title">{move || message().title}</p>
            {move || {
                message()
                    .detail
                    .map(|d| view! { <p class="error-view__detail" data-testid="error-message">{d}</p> })
            }}
            <p class="error-view__hint">{move || message().hint}</p>
            <div class="error-view__actions">
                <Show when=move || kind() == ErrorKind::NotFound>
                    // A plain link (the router still handles it), so the view works outside a router.
                    <a href=AppRoute::Clusters.href() class="button button--primary" data-testid="back-to-clusters">
                        {move || i18n.t(Msg::BackToClusters)}
                    </a>
                </Show>
                <Show when=move || kind() == ErrorKind::Unauthorized>
                    <button class="button button--primary" on:click=open_sign_in>
                        {move || i18n.t(Msg::SignIn)}
                    </button>
                </Show>
                {on_retry
                    .map(|retry| {
                        view! {
                            <button class="button" data-testid="retry" on:click=move |_| retry.run(())>
                                {move || i18n.t(Msg::Retry)}
                            </button>
                        }
                    })}
            </div>
        </div>
    }
}
