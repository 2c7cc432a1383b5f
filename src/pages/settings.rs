//! `/settings`: where requests go, who is signed in, language, colours, and how times are
//! shown.

use crate::api::use_api;
use crate::clock::{use_clock, TimeDisplay};
use crate::components::{Choice, RadioChoice};
use crate::i18n::{use_i18n, Lang, Msg};
use crate::theme::Theme;
use leptos::prelude::*;

/// An empty base (same origin) or an http(s) URL.
pub fn valid_base_url(s: &str) -> bool {
    let s = s.trim();
    s.is_empty()
        || ((s.starts_with("http://") || s.starts_with("https://"))
            && s.split("://")
                .nth(1)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains(' ')))
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let clock = use_clock();
    let base = RwSignal::new(api.config.get_untracked().base_url);
    let saved = RwSignal::new(false);
    let invalid = move || !valid_base_url(&base.get());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !invalid() {
            api.set_base_url(base.get_untracked());
            saved.set(true);
        }
    };
    let theme = RwSignal::new(Theme::remembered());
    let theme_msg = |t: Theme| match t {
        Theme::System => Msg::ThemeSystem,
        Theme::Light => Msg::ThemeLight,
        Theme::Dark => Msg::ThemeDark,
    };
    let time_msg = |d: TimeDisplay| match d {
        TimeDisplay::Cluster => Msg::TimeCluster,
        TimeDisplay::Browser => Msg::TimeBrowser,
        TimeDisplay::Utc => Msg::TimeUtc,
    };
    view! {
        <section class="page settings-page">
            <h1>{move || i18n.t(Msg::SettingsTitle)}</h1>

            <form class="card settings__section" on:submit=save>
                <h2 class="card__title">{move || i18n.t(Msg::Server)}</h2>
                <label class="field">
                    <span class="field__label">{move || i18n.t(Msg::ApiBase)}</span>
                    <input
                        id="api-base"
                        type="url"
                        placeholder="https://ocp.example.com"
                        aria-invalid=move || invalid().to_string()
                        aria-describedby="api-base-help"
                        bind:value=base
                        on:input=move |_| saved.set(false)
                    />
                </label>
                <p class="field__help" id="api-base-help">{move || i18n.t(Msg::ApiBaseHelp)}</p>
                <Show when=invalid>
                    <p class="field__error" role="alert">{move || i18n.t(Msg::InvalidUrl)}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=invalid>{move || i18n.t(Msg::Save)}</button>
                <Show when=move || saved.get()>
                    <span class="field__ok" role="status">{move || i18n.t(Msg::Saved)}</span>
                </Show>
            </form>

            <section class="card settings__section">
                <h2 class="card__title">{move || i18n.t(Msg::Account)}</h2>
                {move || match api.config.with(|c| c.credentials.as_ref().map(|c| c.user.clone())) {
                    Some(user) => view! {
                        <p data-testid="account">{i18n.fmt(Msg::SignedInAs, &[("user", &user)])}</p>
                        <button class="button" data-testid="sign-out" on:click=move |_| api.sign_out()>{i18n.t(Msg::SignOut)}</button>
                    }.into_any(),
                    None => view! {
                        <p data-testid="account">{i18n.t(Msg::NotSignedIn)}</p>
                        <button class="button button--primary" on:click=move |_| api.sign_in_needed.set(true)>{i18n.t(Msg::SignIn)}</button>
                    }.into_any(),
                }}
            </section>

            <section class="card settings__section">
                <h2 class="card__title">{move || i18n.t(Msg::Language)}</h2>
                <RadioChoice
                    name="lang"
                    label=Signal::derive(move || i18n.t(Msg::Language).to_owned())
                    options=Lang::ALL.into_iter().map(|l| Choice::new(l, l.tag(), l.native_name().to_owned())).collect()
                    selected=i18n.lang
                    on_choose=Callback::new(move |l| i18n.set(l))
                />
            </section>

            <section class="card settings__section">
                <h2 class="card__title">{move || i18n.t(Msg::Theme)}</h2>
                <RadioChoice
                    name="theme"
                    label=Signal::derive(move || i18n.t(Msg::Theme).to_owned())
                    options=Theme::ALL
                        .into_iter()
                        .map(|t| Choice::new(t, t.as_str(), Signal::derive(move || i18n.t(theme_msg(t)).to_owned())))
                        .collect()
                    selected=theme
                    on_choose=Callback::new(move |t: Theme| {
                        t.choose();
                        theme.set(t);
                    })
                />
            </section>

            <section class="card settings__section">
                <h2 class="card__title">{move || i18n.t(Msg::TimeDisplay)}</h2>
                <p class="field__help">{move || i18n.t(Msg::TimeDisplayHelp)}</p>
                <RadioChoice
                    name="time-display"
                    label=Signal::derive(move || i18n.t(Msg::TimeDisplay).to_owned())
                    options=TimeDisplay::ALL
                        .into_iter()
                        .map(|d| Choice::new(d, d.as_str(), Signal::derive(move || i18n.t(time_msg(d)).to_owned())))
                        .collect()
                    selected=clock.display
                    on_choose=Callback::new(move |d| clock.set_display(d))
                />
            </section>
        </section>
    }
}
