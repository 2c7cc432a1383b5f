//! The frame around every page: header, navigation, language, account; and the sign-in dialog.

use crate::api::use_api;
use crate::app::AppRoute;
use crate::components::{SignInDialog, UnreadNotice};
use crate::i18n::{use_i18n, Lang, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// Whether the console runs chrome-less inside a portal (`?embed=1`, kept for the tab).
#[derive(Clone, Copy)]
pub struct Embed(pub bool);

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let embed = use_context::<Embed>().is_some_and(|e| e.0);
    let on_lang = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
            i18n.set(lang);
        }
    };
    let account = move || {
        api.config.with(|c| match &c.credentials {
            Some(c) => i18n.fmt(Msg::SignedInAs, &[("user", &c.user)]),
            None => i18n.t(Msg::NotSignedIn).to_owned(),
        })
    };
    view! {
        <Show when=move || !embed>
            <header class="shell__header">
                <A href=AppRoute::Clusters.href() attr:class="shell__brand">
                    {move || i18n.t(Msg::AppName)}
                </A>
                <nav class="shell__nav" aria-label="main">
                    <A href=AppRoute::Clusters.href()>{move || i18n.t(Msg::NavClusters)}</A>
                    <A href=AppRoute::Settings.href()>{move || i18n.t(Msg::NavSettings)}</A>
                </nav>
                <div class="shell__tools">
                    <span class="shell__account">{account}</span>
                    <label class="shell__lang">
                        <span class="visually-hidden">{move || i18n.t(Msg::Language)}</span>
                        <select data-testid="lang-switch" on:change=on_lang prop:value=move || i18n.lang.get().tag()>
                            {Lang::ALL
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <option value=l.tag() selected=move || i18n.lang.get() == l>
                                            {l.native_name()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                </div>
            </header>
        </Show>
        // The live region stays; its content comes and goes, so screen readers announce it.
        <div role="status">
            {move || {
                (api.slow.get() > 0)
                    .then(|| {
                        view! {
                            <div class="shell__busy" data-testid="busy">
                                <span class="visually-hidden">{i18n.t(Msg::WaitingForOcp)}</span>
                            </div>
                        }
                    })
            }}
        </div>
        <main class="shell__main" class:shell__main--embed=embed>
            {embed.then(|| view! { <FullConsoleLink /> })}
            <UnreadNotice />
            {children()}
        </main>
        <Show when=move || api.sign_in_needed.get()>
            <SignInDialog />
        </Show>
    }
}

/// In a portal: this page in the console of its own, out of the frame. The start script opens
/// it where the portal said (a new tab unless told otherwise); `embed=0` ends embed mode there.
#[component]
fn FullConsoleLink() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    // The router's location (the whole path, base included): `window.location` may not have
    // moved yet when it changes.
    let href = move || {
        let search = location.search.get();
        let mut query: Vec<&str> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| {
                !p.is_empty()
                    && !["embed=", "links=", "parent="]
                        .iter()
                        .any(|k| p.starts_with(k))
            })
            .collect();
        query.push("embed=0");
        format!("{}?{}", location.pathname.get(), query.join("&"))
    };
    view! {
        <p class="shell__full">
            <a href=href rel="external" target="_blank" data-testid="open-full-console">
                {move || i18n.t(Msg::OpenFullConsole)} " ↗"
            </a>
        </p>
    }
}
