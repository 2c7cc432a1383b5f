//! The strategy editor's pieces in headless Chromium, driven as a person would.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ob_backup_console::components::draft_form::{FormErrors, StorageFields};
use ob_backup_console::components::ScheduleGrid;
use ob_backup_console::i18n::{I18n, Lang};
use ocp_model::strategy_form::{StrategyDraft, Violation};
use ocp_model::time::offset_hours;
use ocp_model::{BackupMode, ScheduleMode, StorageType};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = document();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container.clone(), move || {
        provide_context(I18n::new(Lang::En));
        f()
    })
    .forget();
    container
}

fn el(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn cell(root: &web_sys::HtmlElement, day: u8) -> web_sys::HtmlElement {
    el(root, &format!("[data-day=\"{day}\"]"))
}

/// What a screen reader calls a grid cell (its visually hidden words).
fn cell_name(cell: &web_sys::HtmlElement) -> String {
    el(cell, "[data-testid=cell-name]")
        .text_content()
        .unwrap_or_default()
}

fn key(target: &web_sys::HtmlElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

/// A grid wired to a draft, as the editor wires it.
fn grid(draft: RwSignal<StrategyDraft>) -> web_sys::HtmlElement {
    mount(move || {
        view! {
            <ScheduleGrid
                mode=Signal::derive(move || draft.with(|d| d.schedule_mode.clone()))
                days=Signal::derive(move || draft.with(|d| d.days.clone()))
                on_cycle=Callback::new(move |day| {
                    draft.update(|d| {
                        d.cycle_day(day);
                    })
                })
                label="Backup days"
            />
        }
    })
}

fn empty_draft() -> StrategyDraft {
    let mut d = StrategyDraft::new_default(offset_hours(8), false, "ob-prod-hz");
    d.days.clear();
    d
}

#[wasm_bindgen_test]
async fn click_tuesday_twice_and_it_shows_incremental() {
    let draft = RwSignal::new(empty_draft());
    let root = grid(draft);
    assert_eq!(
        el(&root, "[data-testid=schedule-grid]")
            .get_attribute("role")
            .unwrap(),
        "grid"
    );
    let tue = cell(&root, 2);
    assert_eq!(cell_name(&tue), "Tuesday: No backup");
    tue.click();
    leptos::task::tick().await;
    assert_eq!(tue.get_attribute("data-kind").unwrap(), "full");
    tue.click();
    leptos::task::tick().await;
    assert_eq!(tue.get_attribute("data-kind").unwrap(), "incremental");
    assert_eq!(cell_name(&tue), "Tuesday: Incremental backup");
    tue.click();
    leptos::task::tick().await;
    assert_eq!(tue.get_attribute("data-kind").unwrap(), "none");
}

#[wasm_bindgen_test]
async fn arrows_move_and_space_or_enter_cycle() {
    let draft = RwSignal::new(empty_draft());
    let root = grid(draft);
    let mon = cell(&root, 1);
    assert_eq!(
        mon.get_attribute("tabindex").unwrap(),
        "0",
        "one tab stop: the first day"
    );
    assert_eq!(cell(&root, 2).get_attribute("tabindex").unwrap(), "-1");
    mon.focus().unwrap();
    key(&mon, "ArrowRight");
    key(&mon, "ArrowRight");
    leptos::task::tick().await;
    let wed = cell(&root, 3);
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .get_attribute("data-day")
            .unwrap(),
        "3"
    );
    assert_eq!(wed.get_attribute("tabindex").unwrap(), "0");
    key(&wed, " ");
    leptos::task::tick().await;
    assert_eq!(wed.get_attribute("data-kind").unwrap(), "full");
    key(&wed, "Enter");
    leptos::task::tick().await;
    assert_eq!(wed.get_attribute("data-kind").unwrap(), "incremental");
    key(&wed, "End");
    leptos::task::tick().await;
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .get_attribute("data-day")
            .unwrap(),
        "7"
    );
    key(&cell(&root, 7), "ArrowRight");
    leptos::task::tick().await;
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .get_attribute("data-day")
            .unwrap(),
        "7",
        "stays at the edge"
    );
}

#[wasm_bindgen_test]
async fn month_mode_shows_31_days_and_logical_cycles_full_only() {
    let draft = RwSignal::new(empty_draft());
    let root = grid(draft);
    draft.update(|d| d.set_schedule_mode(ScheduleMode::Month));
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all("[data-day]").unwrap().length(), 31);
    let d31 = cell(&root, 31);
    assert_eq!(cell_name(&d31), "the 31st: No backup");
    key(&d31, "ArrowUp");
    leptos::task::tick().await;
    draft.update(|d| d.set_backup_mode(BackupMode::Logical));
    let d5 = cell(&root, 5);
    d5.click();
    leptos::task::tick().await;
    d5.click();
    leptos::task::tick().await;
    assert_eq!(
        d5.get_attribute("data-kind").unwrap(),
        "none",
        "logical: full → none, never incremental"
    );
}

fn storage(draft: RwSignal<StrategyDraft>, server: Vec<Violation>) -> web_sys::HtmlElement {
    mount(move || {
        let errors = FormErrors {
            local: Signal::derive(Vec::new),
            server: RwSignal::new(server),
            attempted: RwSignal::new(false),
        };
        view! { <StorageFields draft errors /> }
    })
}

fn select_storage(root: &web_sys::HtmlElement, value: &str) {
    let select: web_sys::HtmlSelectElement = el(root, "#storage-type").unchecked_into();
    select.set_value(value);
    fire(&select, "change");
}

/// Fires a bubbling DOM event, as the browser does when a person changes a field.
fn fire(target: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn has(root: &web_sys::HtmlElement, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

#[wasm_bindgen_test]
async fn each_storage_type_asks_for_exactly_its_fields() {
    let draft = RwSignal::new(empty_draft());
    let root = storage(draft, Vec::new());
    assert!(
        has(&root, "#storage-path") && has(&root, "#alarm-percent") && !has(&root, "#endpoint")
    );
    select_storage(&root, "BACKUP_STORAGE_OSS");
    leptos::task::tick().await;
    assert_eq!(draft.get_untracked().storage.storage_type, StorageType::Oss);
    assert!(
        has(&root, "#endpoint") && has(&root, "#access-key-id") && has(&root, "#access-key-secret")
    );
    assert!(!has(&root, "#alarm-percent") && !has(&root, "#app-id") && !has(&root, "#region"));
    select_storage(&root, "BACKUP_STORAGE_COS");
    leptos::task::tick().await;
    assert!(has(&root, "#app-id") && !has(&root, "#region"));
    select_storage(&root, "BACKUP_STORAGE_S3");
    leptos::task::tick().await;
    assert!(has(&root, "#region") && !has(&root, "#app-id"));
}

#[wasm_bindgen_test]
async fn a_stored_secret_is_never_shown_and_typing_replaces_it() {
    let mut d = empty_draft();
    d.storage.storage_type = StorageType::Oss;
    d.storage.secret_on_server = true;
    let draft = RwSignal::new(d);
    let root = storage(draft, Vec::new());
    let secret: web_sys::HtmlInputElement = el(&root, "#access-key-secret").unchecked_into();
    assert_eq!(secret.type_(), "password");
    assert_eq!(secret.value(), "", "the server's secret is never filled in");
    assert!(el(&root, "[data-testid=secret-state]")
        .text_content()
        .unwrap()
        .contains("A secret is stored"));
    secret.set_value("n3w-s3cret");
    fire(&secret, "input");
    leptos::task::tick().await;
    assert_eq!(draft.get_untracked().storage.secret, "n3w-s3cret");
    assert!(
        !serde_json::to_string(&draft.get_untracked())
            .unwrap()
            .contains("n3w-s3cret"),
        "drafts never keep it"
    );
}

#[wasm_bindgen_test]
async fn a_server_refusal_shows_next_to_the_field_it_names() {
    let mut d = empty_draft();
    d.storage.storage_type = StorageType::Oss;
    let draft = RwSignal::new(d);
    let field = "obBackupServiceStorageConfig.obBackupStorageBaseInfo.ossAccessKey.endpoint";
    let root = storage(
        draft,
        vec![Violation::new(
            field,
            "BAK29019",
            "endpoint is required (BAK29019)",
            "缺少 endpoint",
        )],
    );
    let input = el(&root, "#endpoint");
    assert_eq!(input.get_attribute("aria-invalid").unwrap(), "true");
    assert_eq!(
        el(&root, "#endpoint-error").text_content().unwrap(),
        "endpoint is required (BAK29019)"
    );
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("endpoint-error"));
}
