//! The sign-in dialog: shown whenever the server answers 401; on success every page re-reads.

use crate::api::{use_api, ApiError, Credentials};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn SignInDialog() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let user = RwSignal::new(
        api.config
            .get_untracked()
            .credentials
            .map(|c| c.user)
            .unwrap_or_else(|| "admin".to_owned()),
    );
    let password = RwSignal::new(String::new());
    let sign_in = Action::new_local(move |c: &Credentials| {
        let c = c.clone();
        async move { api.sign_in(c).await }
    });
    let pending = sign_in.pending();
    let failure = move || match sign_in.value().get() {
        Some(Err(ApiError::Unauthorized(_))) => Some(i18n.t(Msg::WrongCredentials).to_owned()),
        Some(Err(e)) => {
            let m = e.user_message(i18n.lang.get());
            Some(format!("{} {}", m.title, m.detail.unwrap_or_default()))
        }
        _ => None,
    };
    // A successful sign-in clears the password from memory of the form.
    Effect::new(move || {
        if let Some(Ok(())) = sign_in.value().get() {
            password.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            sign_in.dispatch(Credentials {
                user: user.get_untracked().trim().to_owned(),
                password: password.get_untracked(),
            });
        }
    };
    let password_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(input) = password_input.get() {
            let _ = input.focus();
        }
    });
    // A modal: everything beside it is inert while it is shown (no Tab stop, nothing for a
    // screen reader behind it), and comes back as it was when it goes.
    let backdrop = NodeRef::<leptos::html::Div>::new();
    let made_inert =
        send_wrapper::SendWrapper::new(std::rc::Rc::new(std::cell::RefCell::new(Vec::<
            web_sys::Element,
        >::new())));
    let kept = made_inert.clone();
    Effect::new(move || {
        let Some(el) = backdrop.get() else {
            return;
        };
        let el: &web_sys::Element = &el;
        let mut sibling = el.parent_element().and_then(|p| p.first_element_child());
        let mut set = Vec::new();
        while let Some(s) = sibling {
            if s != *el && !s.has_attribute("inert") {
                let _ = s.set_attribute("inert", "");
                set.push(s.clone());
            }
            sibling = s.next_element_sibling();
        }
        *kept.borrow_mut() = set;
    });
    on_cleanup(move || {
        for s in made_inert.borrow_mut().drain(..) {
            let _ = s.remove_attribute("inert");
        }
    });
    view! {
        <div class="modal-backdrop" node_ref=backdrop>
            <div
                class="modal sign-in"
                role="dialog"
                aria-modal="true"
                aria-labelledby="signin-title"
                data-testid="sign-in"
            >
                <h2 id="signin-title">{move || i18n.t(Msg::SignInTitle)}</h2>
                <p class="modal__body">{move || i18n.t(Msg::SignInBody)}</p>
                <form on:submit=submit>
                    <label class="field">
                        <span class="field__label">{move || i18n.t(Msg::User)}</span>
                        <input
                            id="signin-user"
                            name="username"
                            autocomplete="username"
                            required
                            bind:value=user
                        />
                    </label>
                    <label class="field">
                        <span class="field__label">{move || i18n.t(Msg::Password)}</span>
                        <input
                            id="signin-password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            node_ref=password_input
                            bind:value=password
                        />
                    </label>
                    {move || failure().map(|f| view! { <p class="field__error" role="alert" data-testid="signin-error">{f}</p> })}
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="signin-submit"
                        disabled=move || pending.get()
                    >
                        {move || if pending.get() { i18n.t(Msg::SigningIn) } else { i18n.t(Msg::SignIn) }}
                    </button>
                </form>
            </div>
        </div>
    }
}
