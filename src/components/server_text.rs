//! Raw server or database text (error messages with quotes, angle brackets and Java stack
//! traces): shown as text, never as HTML, with its line breaks, wrapped, copyable, and with
//! credentials masked (`ocp_model::secrets::redact`) on screen and in what is copied.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::secrets::redact;

#[component]
pub fn ServerText(
    /// The text as the server sent it.
    text: Option<String>,
    /// What it is ("Error").
    label: Msg,
) -> impl IntoView {
    let i18n = use_i18n();
    let masked = redact(text.as_deref().unwrap_or_default().trim_end());
    let copied = RwSignal::new(false);
    if masked.trim().is_empty() {
        return view! {
            <p class="server-text__none muted" data-testid="server-text-none">{move || i18n.t(Msg::NoError)}</p>
        }
        .into_any();
    }
    let copy_source = masked.clone();
    view! {
        <div class="server-text">
            <div class="server-text__head">
                <span class="field__label">{move || i18n.t(label)}</span>
                <button type="button" class="button button--small" data-testid="copy-server-text"
                    on:click=move |_| copied.set(copy_text(&copy_source))>
                    {move || i18n.t(if copied.get() { Msg::CopiedText } else { Msg::CopyText })}
                </button>
            </div>
            <pre class="server-text__body" data-testid="server-text">{masked}</pre>
        </div>
    }
    .into_any()
}

/// Puts `text` on the clipboard where the browser offers one (secure contexts); `false` when
/// it does not (the text can still be selected by hand).
pub fn copy_text(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    // `navigator.clipboard` is undefined outside secure contexts: calling it would throw.
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    // A refusal (no permission) is reported by the promise; nothing more to do with it.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
    true
}
