//! `/clusters/:id/restore`: the restore wizard (being built).

use leptos::prelude::*;

#[component]
pub fn RestorePage() -> impl IntoView {
    view! { <section class="page restore-page"></section> }
}
