//! A small notice when an answer had fields the console could not read (they are shown as
//! absent): it opens to the requests, JSON paths, what was expected and what came, and copies
//! a report for a bug ticket. Secrets in what came are already masked by the model.

use crate::api::{use_api, UnreadFields};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// One unreadable field, as the notice lists it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnreadRow {
    pub request: String,
    pub path: String,
    pub expected: String,
    pub found: String,
}

/// Every field of every live read, once each, in a stable order.
pub fn unread_rows(all: &[UnreadFields]) -> Vec<UnreadRow> {
    let mut rows: Vec<UnreadRow> = all
        .iter()
        .flat_map(|u| {
            u.fields.iter().map(|f| UnreadRow {
                request: u.request.clone(),
                path: f.path.clone(),
                expected: f.expected.clone(),
                found: f.found.clone(),
            })
        })
        .collect();
    rows.sort();
    rows.dedup();
    rows
}

/// The plain-text report the copy button puts on the clipboard.
pub fn unread_report(rows: &[UnreadRow], page: &str) -> String {
    let mut out = format!(
        "ob-backup-console {}: fields the console could not read\npage: {page}\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut request = "";
    for row in rows {
        if row.request != request {
            request = &row.request;
            out.push_str(&format!("{request}\n"));
        }
        out.push_str(&format!(
            "  {}: expected {}, received {}\n",
            row.path, row.expected, row.found
        ));
    }
    out
}

#[component]
pub fn UnreadNotice() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let rows = Memo::new(move |_| api.unread.with(|all| unread_rows(all)));
    let copied = RwSignal::new(None::<bool>);
    let report_ref = NodeRef::<leptos::html::Textarea>::new();
    let copy = move |_| {
        let page = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        let report = unread_report(&rows.get_untracked(), &page);
        copied.set(Some(copy_text(&report)));
        if let Some(area) = report_ref.get_untracked() {
            // Selected either way, so Ctrl+C works where the clipboard is not offered.
            area.select();
        }
    };
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <details class="unread-notice" data-testid="unread-notice">
                <summary data-testid="unread-summary">
                    {move || {
                        let n = rows.with(Vec::len);
                        if n == 1 {
                            i18n.t(Msg::UnreadOne).to_owned()
                        } else {
                            i18n.fmt(Msg::UnreadMany, &[("n", &n.to_string())])
                        }
                    }}
                </summary>
                <p class="unread-notice__help">{move || i18n.t(Msg::UnreadHelp)}</p>
                <div class="table-wrap">
                    <table class="unread-notice__table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(Msg::UnreadRequest)}</th>
                                <th scope="col">{move || i18n.t(Msg::UnreadField)}</th>
                                <th scope="col">{move || i18n.t(Msg::UnreadExpected)}</th>
                                <th scope="col">{move || i18n.t(Msg::UnreadReceived)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| r.clone() let:row>
                                <tr data-testid="unread-row">
                                    <td class="mono">{row.request}</td>
                                    <td class="mono" data-testid="unread-path">{row.path}</td>
                                    <td>{row.expected}</td>
                                    <td class="mono">{row.found}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
                <label class="visually-hidden" for="unread-report">{move || i18n.t(Msg::UnreadReport)}</label>
                <textarea id="unread-report" class="unread-notice__report" readonly rows="3" node_ref=report_ref
                    prop:value=move || {
                        let page = web_sys::window()
                            .and_then(|w| w.location().pathname().ok())
                            .unwrap_or_default();
                        unread_report(&rows.get(), &page)
                    }
                ></textarea>
                <p>
                    <button type="button" class="button" data-testid="unread-copy" on:click=copy>
                        {move || i18n.t(Msg::UnreadCopy)}
                    </button>
                    <span class="unread-notice__copied" role="status">
                        {move || copied.get().map(|ok| i18n.t(if ok { Msg::UnreadCopied } else { Msg::UnreadCopyByHand }))}
                    </span>
                </p>
            </details>
        </Show>
    }
}

/// Puts `text` on the clipboard where the browser offers one (secure contexts); `false` when
/// it does not, so the person copies the selected report by hand.
fn copy_text(text: &str) -> bool {
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
