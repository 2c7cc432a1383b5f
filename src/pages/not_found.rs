use crate::app::AppRoute;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page not-found" data-testid="not-found">
            <h1>{move || i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Msg::NotFoundBody)}</p>
            <A href=AppRoute::Clusters.href()>{move || i18n.t(Msg::BackToClusters)}</A>
        </section>
    }
}
