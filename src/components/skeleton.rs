//! Grey placeholders in the shape of what is loading, so the page does not jump when it arrives.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn Skeleton(
    /// How many placeholder lines.
    #[prop(default = 3)]
    lines: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" aria-busy="true" data-testid="loading">
            <span class="visually-hidden">{move || i18n.t(Msg::Loading)}</span>
            {(0..lines).map(|_| view! { <div class="skeleton__line"></div> }).collect_view()}
        </div>
    }
}
