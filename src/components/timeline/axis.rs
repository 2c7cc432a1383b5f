//! The time axis: day and hour ticks in the chosen offset, lane labels, the now-line (server
//! clock) and the chosen point.

use super::geo::{self, px, Geo};
use super::mark::TimeFmt;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::timeline::ticks;

/// Ticks and grid lines across every lane.
#[component]
pub fn Axis(geo: Memo<Geo>, fmt: Signal<TimeFmt>) -> impl IntoView {
    let ticks = Memo::new(move |_| {
        let g = geo.get();
        // One offset for the whole axis: the one in force in the middle of the view.
        let mid = g.view.from_us + g.view.span_us() / 2;
        let offset = fmt.get().offset_at(mid);
        let max = (g.plot_w / 64.0).max(2.0) as usize;
        ticks(g.view.from_us, g.view.to_us, offset, max)
    });
    view! {
        <g class="timeline__axis" aria-hidden="true" pointer-events="none">
            <For each=move || ticks.get() key=|t| (t.at_us, t.label.clone()) let:t>
                {
                    let at = t.at_us;
                    let x = move || px(geo.with(|g| g.x(at)));
                    // A label cut by the plot's edges is left out; its line stays.
                    let shown = move || geo.with(|g| (16.0..=g.plot_w - 16.0).contains(&g.x(at)));
                    let class = if t.day { "timeline__tick timeline__tick--day" } else { "timeline__tick" };
                    view! {
                        <line class=class x1=x x2=x y1=px(geo::AXIS_Y + 4.0) y2=px(geo::HEIGHT) />
                        <text class=class x=x y=px(geo::AXIS_Y) text-anchor="middle" data-testid="tick"
                            visibility=move || if shown() { "visible" } else { "hidden" }>{t.label.clone()}</text>
                    }
                }
            </For>
        </g>
    }
}

/// The lane names, in the gutter.
#[component]
pub fn LaneLabels() -> impl IntoView {
    let i18n = use_i18n();
    let lanes = [
        (Msg::WinLaneFull, geo::FULL_Y + geo::POINT_H / 2.0),
        (Msg::WinLaneIncremental, geo::INCR_Y + geo::POINT_H / 2.0),
        (Msg::WinLaneLog, geo::LOG_Y + geo::LOG_H / 2.0),
        (Msg::WinLaneWindows, geo::WIN_Y + geo::WIN_H / 2.0),
    ];
    view! {
        <g class="timeline__lane-labels" aria-hidden="true" pointer-events="none">
            {lanes.into_iter().map(|(msg, y)| view! {
                <text class="timeline__lane-label" x="4" y=px(y + 4.0)>{move || i18n.t(msg)}</text>
            }).collect_view()}
        </g>
    }
}

/// A vertical line across the lanes at `at_us`, labelled at the top (now, chosen point).
#[component]
pub fn Marker(
    geo: Memo<Geo>,
    /// Where, µs; none draws nothing.
    #[prop(into)]
    at_us: Signal<Option<i64>>,
    class: &'static str,
    #[prop(into)] label: Signal<String>,
    testid: &'static str,
) -> impl IntoView {
    let x = move || at_us.get().map(|t| geo.with(|g| g.x(t)));
    move || {
        let x = x().filter(|x| (0.0..=geo.with(|g| g.plot_w)).contains(x))?;
        Some(view! {
            <g class=class data-testid=testid aria-hidden="true" pointer-events="none">
                <line x1=px(x) x2=px(x) y1=px(geo::AXIS_Y + 6.0) y2=px(geo::WIN_Y + geo::WIN_H + 2.0) />
                <text x=px(x) y=px(geo::HEIGHT - 4.0) text-anchor={ if x > 60.0 { "end" } else { "start" } }>{move || label.get()}</text>
            </g>
        })
    }
}
