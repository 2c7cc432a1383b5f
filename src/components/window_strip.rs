//! A small strip of the last seven days: log archiving, recoverable windows (what a restore
//! may target), full and incremental backup points, and the gaps between them. Hover or focus
//! a mark for its exact times; the strip's label says the same for screen readers.

use crate::app::AppRoute;
use crate::clock::use_clock;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::recoverable::{strip_marks, StripKind};
use ocp_model::RecoverableAggregation;

const WEEK_MS: i64 = 7 * 86_400_000;

fn pct(f: f64) -> String {
    format!("{:.3}%", f * 100.0)
}

#[component]
pub fn RecoverableStrip(
    /// The union over tenants, as `/backup/info` reports it.
    aggregation: RecoverableAggregation,
    /// The cluster or tenant, for the link to its full timeline.
    #[prop(optional)]
    scope: Option<ocp_model::BackupScope>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    // The strip is drawn for the moment the data arrived; it is re-drawn with each refresh.
    let to = clock.now_ms.get_untracked();
    let from = to - WEEK_MS;
    let marks = strip_marks(&aggregation, from, to);
    let windows = aggregation.windows();
    let summary = {
        let windows = windows.clone();
        move || {
            let lang = i18n.lang.get();
            if windows.is_empty() {
                return Msg::NoWindows.text(lang).to_owned();
            }
            let list: Vec<String> = windows
                .iter()
                .map(|w| {
                    format!(
                        "{} → {}",
                        clock.show(&w.start_time),
                        clock.show(&w.end_time)
                    )
                })
                .collect();
            format!("{}: {}", Msg::WindowsTitle.text(lang), list.join("; "))
        }
    };
    let days: Vec<f64> = (1..7).map(|d| d as f64 / 7.0).collect();
    let drawn = marks
        .into_iter()
        .map(|m| {
            let title = if m.start_time == m.end_time {
                clock.show(&m.start_time)
            } else {
                format!("{} → {}", clock.show(&m.start_time), clock.show(&m.end_time))
            };
            match m.kind {
                StripKind::LogArchive | StripKind::Window => {
                    let (class, y, h) = if m.kind == StripKind::Window {
                        ("window-strip__window", "18", "14")
                    } else {
                        ("window-strip__log", "6", "8")
                    };
                    view! {
                        <rect class=class x=pct(m.start) y=y width=pct((m.end - m.start).max(0.002)) height=h rx="2">
                            <title>{title}</title>
                        </rect>
                    }
                    .into_any()
                }
                StripKind::FullBackup | StripKind::IncrementalBackup => {
                    let class = if m.kind == StripKind::FullBackup {
                        "window-strip__full"
                    } else {
                        "window-strip__incremental"
                    };
                    view! {
                        <line class=class x1=pct(m.start) x2=pct(m.start) y1="2" y2="36">
                            <title>{title}</title>
                        </line>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    view! {
        <section class="card window-strip" aria-labelledby="strip-title" data-testid="window-strip">
            <h2 class="card__title" id="strip-title">{move || i18n.t(Msg::WindowsTitle)}</h2>
            <svg class="window-strip__svg" width="100%" height="40" role="img" aria-label=summary.clone()>
                {days.into_iter().map(|d| view! { <line class="window-strip__day" x1=pct(d) x2=pct(d) y1="0" y2="40" /> }).collect_view()}
                // Gaps are hatched, not only another colour.
                <defs>
                    <pattern id="window-strip-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                        <line class="window-strip__hatch" x1="0" y1="0" x2="0" y2="6" />
                    </pattern>
                </defs>
                <rect class="window-strip__gap" x="0" y="18" width="100%" height="14" />
                {drawn}
                <line class="window-strip__now" x1="100%" x2="100%" y1="0" y2="40" />
            </svg>
            <p class="window-strip__legend">
                <span class="legend legend--window">{move || i18n.t(Msg::LegendWindow)}</span>
                <span class="legend legend--log">{move || i18n.t(Msg::LegendLog)}</span>
                <span class="legend legend--full">{move || i18n.t(Msg::FullBackup)}</span>
                <span class="legend legend--incremental">{move || i18n.t(Msg::IncrementalBackup)}</span>
                <span class="muted">{move || i18n.t(Msg::LegendDays)}</span>
            </p>
            <p class="visually-hidden" data-testid="window-summary">{summary}</p>
            {scope.map(|scope| view! {
                <p class="window-strip__open">
                    <a href=AppRoute::windows_of(scope, Default::default()).href() data-testid="open-windows">
                        {move || i18n.t(Msg::WinOpen)}
                    </a>
                </p>
            })}
        </section>
    }
}
