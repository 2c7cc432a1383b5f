//! `/clusters/:id/windows`: the recoverable-window timeline (being built).

use leptos::prelude::*;

#[component]
pub fn WindowsPage() -> impl IntoView {
    view! { <section class="page windows-page"></section> }
}
