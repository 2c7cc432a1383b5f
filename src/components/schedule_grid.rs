//! The schedule grid: a week (Mon..Sun) or a month (1..31) of cells, each cycling
//! none → full → incremental by click or keyboard. Arrow keys move, Home/End jump,
//! Space/Enter cycle.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::strategy_form::day_name;
use ocp_model::{DataBackupMode, ScheduleDay, ScheduleMode};
use std::collections::BTreeMap;

fn kind_key(kind: Option<&DataBackupMode>) -> &'static str {
    match kind {
        Some(DataBackupMode::Full) => "full",
        Some(DataBackupMode::Incremental) => "incremental",
        _ => "none",
    }
}

fn kind_words(kind: Option<&DataBackupMode>) -> Msg {
    match kind {
        Some(DataBackupMode::Full) => Msg::FullBackup,
        Some(DataBackupMode::Incremental) => Msg::IncrementalBackup,
        _ => Msg::NoBackup,
    }
}

/// The cell's own label: the weekday's short name, or the day of the month.
fn short_label(mode: &ScheduleMode, day: ScheduleDay, lang: ocp_model::Lang) -> String {
    const WEEK: [Msg; 7] = [
        Msg::Mon,
        Msg::Tue,
        Msg::Wed,
        Msg::Thu,
        Msg::Fri,
        Msg::Sat,
        Msg::Sun,
    ];
    match mode {
        ScheduleMode::Month => day.to_string(),
        _ => WEEK[usize::from(day.clamp(1, 7)) - 1].text(lang).to_owned(),
    }
}

#[component]
pub fn ScheduleGrid(
    /// WEEK or MONTH.
    #[prop(into)]
    mode: Signal<ScheduleMode>,
    /// The chosen days and their kind.
    #[prop(into)]
    days: Signal<BTreeMap<ScheduleDay, DataBackupMode>>,
    /// Called with the day a person clicked or pressed Space/Enter on.
    on_cycle: Callback<ScheduleDay>,
    /// Labels the grid for screen readers.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || match mode.get() {
        ScheduleMode::Month => 31u8,
        _ => 7u8,
    };
    // Roving tab stop: one cell is in the tab order; arrows move it.
    let focused = RwSignal::new(1u8);
    Effect::new(move || {
        if focused.get_untracked() > count() {
            focused.set(1);
        }
    });
    let grid = NodeRef::<leptos::html::Div>::new();
    let move_focus = move |to: u8| {
        focused.set(to);
        if let Some(el) = grid.get_untracked() {
            if let Ok(Some(cell)) = el.query_selector(&format!("[data-day=\"{to}\"]")) {
                if let Ok(cell) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(cell) {
                    let _ = cell.focus();
                }
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = count();
        let at = focused.get_untracked();
        let to = match ev.key().as_str() {
            "ArrowRight" => at.saturating_add(1).min(n),
            "ArrowLeft" => at.saturating_sub(1).max(1),
            "ArrowDown" => at.saturating_add(7).min(n),
            "ArrowUp" => {
                if at > 7 {
                    at - 7
                } else {
                    at
                }
            }
            "Home" => 1,
            "End" => n,
            // Handled here rather than left to the button, so a key press cycles exactly once.
            " " | "Enter" => {
                ev.prevent_default();
                on_cycle.run(at);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        move_focus(to);
    };
    let rows = move || {
        let n = count();
        (0..n.div_ceil(7))
            .map(move |r| ((r * 7 + 1)..=((r * 7 + 7).min(n))).collect::<Vec<u8>>())
            .collect::<Vec<_>>()
    };
    view! {
        <div
            class=move || format!("schedule-grid schedule-grid--{}", mode.get().as_str().to_ascii_lowercase())
            role="grid"
            aria-label=move || label.get()
            data-testid="schedule-grid"
            node_ref=grid
            on:keydown=on_key
        >
            <For each=rows key=|row| row.clone() let:row>
                <div role="row" class="schedule-grid__row">
                    {row
                        .into_iter()
                        .map(|day| {
                            let kind = move || days.with(|d| d.get(&day).cloned());
                            let lang = move || i18n.lang.get();
                            view! {
                                <div role="gridcell" class="schedule-grid__gridcell">
                                    <button
                                        type="button"
                                        class=move || format!("schedule-grid__cell schedule-grid__cell--{}", kind_key(kind().as_ref()))
                                        data-day=day
                                        data-kind=move || kind_key(kind().as_ref())
                                        tabindex=move || if focused.get() == day { "0" } else { "-1" }
                                        on:click=move |_| {
                                            focused.set(day);
                                            on_cycle.run(day);
                                        }
                                        on:focus=move |_| focused.set(day)
                                    >
                                        // Named by words ("Tuesday: Full backup") rather than an aria-label over
                                        // different visible text ("Tue F"), which speech input could not match.
                                        <span class="visually-hidden" data-testid="cell-name">
                                            {move || format!("{}: {}", day_name(&mode.get(), day, lang()), kind_words(kind().as_ref()).text(lang()))}
                                        </span>
                                        <span class="schedule-grid__day" aria-hidden="true">{move || short_label(&mode.get(), day, lang())}</span>
                                        <span class="schedule-grid__kind" aria-hidden="true">
                                            {move || match kind() {
                                                Some(DataBackupMode::Full) => Msg::FullShort.text(lang()),
                                                Some(DataBackupMode::Incremental) => Msg::IncrementalShort.text(lang()),
                                                _ => "·",
                                            }}
                                        </span>
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </For>
        </div>
    }
}
