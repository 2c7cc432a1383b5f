//! Raw error text from OceanBase or OCP (quotes, angle brackets, line breaks, stack traces):
//! shown as text, never HTML, line breaks kept, long lines wrapped, credentials masked, and a
//! button that copies what is shown.

use crate::components::unread_notice::copy_text;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::secrets::redact;

#[component]
pub fn ErrorText(
    /// The raw text; it is masked (`ocp_model::secrets::redact`) before it is shown or copied.
    #[prop(into)]
    text: String,
    /// `data-testid` of the text block.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = redact(&text);
    let copied = RwSignal::new(None::<bool>);
    let block = NodeRef::<leptos::html::Pre>::new();
    let copy = {
        let shown = shown.clone();
        move |_| {
            copied.set(Some(copy_text(&shown)));
            // Selected either way, so Ctrl+C works where the clipboard is not offered.
            if let Some(pre) = block.get_untracked() {
                select_contents(&pre);
            }
        }
    };
    view! {
        <div class="error-text">
            // Text content, not inner HTML: `<` and `"` stay what they are.
            <pre class="error-text__body" data-testid=testid.unwrap_or("error-text") node_ref=block tabindex="0">{shown}</pre>
            <p class="error-text__actions">
                <button type="button" class="button button--small" on:click=copy>{move || i18n.t(Msg::CopyText)}</button>
                <span class="error-text__copied" role="status">
                    {move || copied.get().map(|ok| i18n.t(if ok { Msg::CopyDone } else { Msg::CopyByHand }))}
                </span>
            </p>
        </div>
    }
}

/// Selects the whole text of `el`, for a copy by hand.
fn select_contents(el: &web_sys::HtmlElement) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Ok(Some(selection)), Some(document)) = (window.get_selection(), window.document()) else {
        return;
    };
    if let Ok(range) = document.create_range() {
        if range.select_node_contents(el).is_ok() {
            let _ = selection.remove_all_ranges();
            let _ = selection.add_range(&range);
        }
    }
}
