//! A small notice when an answer had fields the console could not read (they are shown as
//! absent): it opens to the requests, JSON paths, what was expected and what came, and copies
//! a report for a bug ticket. Secrets in what came are already masked by the model.

use crate::api::{page_path, use_api, UnreadFields};
use crate::components::server_text::copy_text;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// One unreadable field, as the notice lists it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
    let location = leptos_router::hooks::use_location();
    let rows = Memo::new(move |_| {
        location.pathname.track();
        let page = page_path();
        api.unread.with(|all| {
            let here: Vec<UnreadFields> = all.iter().filter(|u| u.page == page).cloned().collect();
            unread_rows(&here)
        })
    });
    let copied = RwSignal::new(None::<bool>);
    let report_ref = NodeRef::<leptos::html::Textarea>::new();
    let copy = move |_| {
        let report = unread_report(&rows.get_untracked(), &page_path());
        copied.set(Some(copy_text(&report)));
        if let Some(area) = report_ref.get_untracked() {
            // Selected either way, so Ctrl+C works where the clipboard is not offered.
            area.select();
        }
    };
    // One plain view per change of the rows or the language: the notice is rarely shown, and
    // static nodes cost the wasm less than a reactive node per cell.
    move || {
        let rows = rows.get();
        if rows.is_empty() {
            return None;
        }
        let lang = i18n.lang.get();
        let summary = match rows.len() {
            1 => Msg::UnreadOne.text(lang).to_owned(),
            n => Msg::UnreadMany.text(lang).replace("{n}", &n.to_string()),
        };
        let report = unread_report(&rows, &page_path());
        let body = rows
            .into_iter()
            .map(|row| {
                view! {
                    <tr data-testid="unread-row">
                        <td class="mono">{row.request}</td>
                        <td class="mono" data-testid="unread-path">{row.path}</td>
                        <td>{row.expected}</td>
                        <td class="mono">{row.found}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <details class="unread-notice" data-testid="unread-notice">
                <summary data-testid="unread-summary">{summary}</summary>
                <p class="unread-notice__help">{Msg::UnreadHelp.text(lang)}</p>
                <div class="table-wrap">
                    <table class="unread-notice__table">
                        <thead>
                            <tr>
                                <th scope="col">{Msg::UnreadRequest.text(lang)}</th>
                                <th scope="col">{Msg::UnreadField.text(lang)}</th>
                                <th scope="col">{Msg::UnreadExpected.text(lang)}</th>
                                <th scope="col">{Msg::UnreadReceived.text(lang)}</th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <label class="visually-hidden" for="unread-report">{Msg::UnreadReport.text(lang)}</label>
                <textarea id="unread-report" class="unread-notice__report" readonly rows="3" node_ref=report_ref prop:value=report></textarea>
                <p>
                    <button type="button" class="button" data-testid="unread-copy" on:click=copy>
                        {Msg::UnreadCopy.text(lang)}
                    </button>
                    <span class="unread-notice__copied" role="status">
                        {move || copied.get().map(|ok| Msg::text(if ok { Msg::UnreadCopied } else { Msg::UnreadCopyByHand }, lang))}
                    </span>
                </p>
            </details>
        })
    }
}
