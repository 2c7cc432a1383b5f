//! The recoverable-window timeline, our own SVG: lanes for full and incremental backup points,
//! log-archive intervals and recoverable windows, hatched gaps with their length, day and hour
//! ticks in the chosen offset, a now-line. Zoom and pan by wheel, drag, buttons and keys;
//! every window edge, point and gap is a focus stop (one in the tab order, arrows walk them)
//! whose exact time (µs) shows on hover and focus. It is also the picker: a click inside a
//! window chooses that instant, a click just outside snaps to the edge, a click in a gap is
//! refused naming the nearest valid points. Instants go pixels → `View::t` in µs, never through
//! a JS `Date`.

mod axis;
pub mod geo;
pub mod mark;
mod marks;
pub mod notice;
mod table;

use crate::i18n::{use_i18n, Msg};
use axis::{Axis, LaneLabels, Marker};
use geo::{px, Geo};
use leptos::ev;
use leptos::prelude::*;
pub use mark::{Mark, TimeFmt};
use marks::{Ctx, GapMarks, LogMarks, PointMarks, WindowMarks};
use notice::{Notice, NoticeView};
use ocp_model::timeline::lanes::Lanes;
use ocp_model::timeline::View;
pub use table::TimelineTables;
use wasm_bindgen::JsCast;

/// How far outside a window a click still snaps onto its edge, px.
const SNAP_PX: i64 = 6;
/// One zoom step (buttons, keys, a wheel notch).
const ZOOM_STEP: f64 = 1.5;
/// One pan step (arrow keys), a share of the visible span.
const PAN_SHARE: f64 = 0.1;

/// The mark an event happened on, from its target's `data-mark`.
fn mark_of(ev: &web_sys::Event) -> Option<Mark> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    Mark::parse(&el.get_attribute("data-mark")?)
}

#[component]
pub fn Timeline(
    /// What to draw, built afresh from each read.
    #[prop(into)]
    lanes: Signal<Lanes>,
    /// The stretch read (µs): the view starts there, and Reset goes back to it.
    #[prop(into)]
    range: Signal<View>,
    /// Now on the server's clock (µs), for the now-line.
    #[prop(into)]
    now_us: Signal<Option<i64>>,
    /// The offset times and ticks are shown in.
    #[prop(into)]
    fmt: Signal<TimeFmt>,
    /// The chosen restore point (µs).
    #[prop(into)]
    picked: Signal<Option<i64>>,
    /// Called with the instant (µs) a person chose: always inside a window.
    on_pick: Callback<i64>,
    /// The link to the log backup tasks of `from..to` (µs), offered beside a refused pick.
    #[prop(optional)]
    log_tasks: Option<Callback<(i64, i64), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lanes = Memo::new(move |_| lanes.get());
    let view = RwSignal::new(range.get_untracked());
    // A new stretch (paging) starts a new view; a refresh of the same one keeps zoom and pan.
    Effect::new(move |_| view.set(range.get()));
    let width = RwSignal::new(960.0_f64);
    let geo = Memo::new(move |_| Geo {
        view: view.get(),
        plot_w: (width.get() - geo::GUTTER - geo::RIGHT).max(100.0),
    });
    let active = RwSignal::new(None::<Mark>);
    let ctx = Ctx {
        lanes,
        geo,
        fmt,
        active,
    };
    let stops = Memo::new(move |_| {
        lanes.with(|l| {
            l.stops()
                .iter()
                .filter_map(|s| Mark::of_stop(l, s))
                .collect::<Vec<_>>()
        })
    });
    // The roving tab stop stays on a mark that exists: else the newest one in view.
    Effect::new(move |_| {
        let all = stops.get();
        // Untracked, and set only when it changes: with no stop at all, setting `None` again
        // would wake this effect for ever.
        let current = active.get_untracked();
        if current.is_some_and(|m| all.contains(&m)) {
            return;
        }
        let g = geo.get_untracked();
        let pick = all
            .iter()
            .rev()
            .find(|m| g.shows(m.at()))
            .or(all.last())
            .copied();
        if pick != current {
            active.set(pick);
        }
    });

    let wrap = NodeRef::<leptos::html::Div>::new();
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let measure = move || {
        if let Some(el) = wrap.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 0.0 && (w - width.get_untracked()).abs() >= 1.0 {
                width.set(w);
            }
        }
    };
    // Measured on mount and again with each read: a scrollbar that comes with the data
    // narrows the chart without resizing the window.
    Effect::new(move |_| {
        wrap.track();
        lanes.track();
        measure();
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let notice = RwSignal::new(None::<Notice>);
    let hover = RwSignal::new(None::<Mark>);
    let focused = RwSignal::new(None::<Mark>);
    let tip_hidden = RwSignal::new(false);

    // x inside the plot of a pointer at `client_x`.
    let plot_x = move |client_x: i32| {
        let rect = svg.get_untracked()?.get_bounding_client_rect();
        Some(f64::from(client_x) - rect.left() - geo::GUTTER)
    };
    let choose = move |at_us: i64, n: Option<Notice>| {
        notice.set(n);
        on_pick.run(at_us);
    };
    let restorable = move |at: i64| lanes.with(|l| l.windows.contains(at));
    // What Enter (or a click) on a mark does.
    let activate = move |m: Mark| match m {
        Mark::Edge { at, .. } => choose(at, None),
        Mark::Point { at, .. } if restorable(at) => choose(at, None),
        Mark::Point { at, .. } => notice.set(Some(Notice::Unreachable { at_us: at })),
        Mark::Gap { after, before } => notice.set(Some(Notice::Refused {
            asked_us: m.at(),
            before_us: Some(after),
            after_us: Some(before),
        })),
        Mark::Window { .. } | Mark::Log { .. } => {}
    };
    let pick_at = move |t_us: i64| {
        let g = geo.get_untracked();
        let snap = SNAP_PX * g.view.us_per_px(g.plot_w);
        let pick = lanes.with_untracked(|l| l.windows.pick(t_us, snap));
        match pick.instant() {
            Some(at) => choose(at, Notice::of_pick(pick)),
            None => notice.set(Notice::of_pick(pick)),
        }
    };

    // Drag to pan: capture starts only once the pointer has moved, so a plain click still
    // lands on the mark under it.
    let drag = RwSignal::new(None::<(i32, View)>);
    let dragging = RwSignal::new(false);
    let dragged = RwSignal::new(false);
    let on_pointerdown = move |ev: ev::PointerEvent| {
        if ev.button() == 0 {
            drag.set(Some((ev.client_x(), view.get_untracked())));
            dragged.set(false);
        }
    };
    let on_pointermove = move |ev: ev::PointerEvent| {
        if let Some((x0, v0)) = drag.get_untracked() {
            let dx = ev.client_x() - x0;
            if dragging.get_untracked() || dx.abs() > 3 {
                if !dragging.get_untracked() {
                    dragging.set(true);
                    if let Some(el) = svg.get_untracked() {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                }
                let g = geo.get_untracked();
                let delta = -(f64::from(dx) / g.plot_w * v0.span_us() as f64) as i64;
                view.set(v0.pan(delta));
                return;
            }
        }
        let m = mark_of(&ev);
        if hover.get_untracked() != m {
            hover.set(m);
            tip_hidden.set(false);
        }
    };
    let on_pointerup = move |_: ev::PointerEvent| {
        drag.set(None);
        if dragging.get_untracked() {
            dragging.set(false);
            dragged.set(true);
        }
    };
    let on_click = move |ev: ev::MouseEvent| {
        if dragged.get_untracked() {
            dragged.set(false);
            return;
        }
        match mark_of(&ev) {
            Some(m @ (Mark::Edge { .. } | Mark::Point { .. })) => activate(m),
            _ => {
                let Some(x) = plot_x(ev.client_x()) else {
                    return;
                };
                let g = geo.get_untracked();
                if (0.0..=g.plot_w).contains(&x) {
                    pick_at(g.view.t(x, g.plot_w));
                }
            }
        }
    };
    let zoom = move |factor: f64, anchor: Option<i64>| {
        view.update(|v| {
            let at = anchor.unwrap_or(v.from_us + v.span_us() / 2);
            *v = v.zoom(factor, at);
        })
    };
    let mut wheel = ev::Custom::<web_sys::WheelEvent>::new("wheel");
    wheel.options_mut().set_passive(false);
    let on_wheel = move |ev: web_sys::WheelEvent| {
        let Some(x) = plot_x(ev.client_x()) else {
            return;
        };
        ev.prevent_default();
        let g = geo.get_untracked();
        let factor = if ev.delta_y() < 0.0 {
            ZOOM_STEP
        } else {
            1.0 / ZOOM_STEP
        };
        zoom(factor, Some(g.view.t(x.clamp(0.0, g.plot_w), g.plot_w)));
    };
    let focus_mark = move |m: Mark| {
        active.set(Some(m));
        if !geo.get_untracked().shows(m.at()) {
            view.update(|v| *v = v.pan(m.at() - (v.from_us + v.span_us() / 2)));
        }
        let sel = format!("[data-mark=\"{}\"]", m.attr());
        if let Some(el) = svg
            .get_untracked()
            .and_then(|s| s.query_selector(&sel).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok())
        {
            let _ = el.focus();
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let on = mark_of(&ev);
        let span = view.get_untracked().span_us();
        let step = |delta: isize| {
            let all = stops.get_untracked();
            let i = on.and_then(|m| all.iter().position(|s| *s == m));
            let to = match i {
                Some(i) => i.checked_add_signed(delta).filter(|j| *j < all.len()),
                None => Some(0),
            };
            if let Some(m) = to.and_then(|j| all.get(j).copied()) {
                focus_mark(m);
            }
        };
        match ev.key().as_str() {
            "ArrowLeft" if on.is_some() => step(-1),
            "ArrowRight" if on.is_some() => step(1),
            "Home" | "End" if on.is_some() => {
                let all = stops.get_untracked();
                let end = if ev.key() == "Home" {
                    all.first()
                } else {
                    all.last()
                };
                if let Some(m) = end.copied() {
                    focus_mark(m);
                }
            }
            "ArrowLeft" => view.update(|v| *v = v.pan(-(span as f64 * PAN_SHARE) as i64)),
            "ArrowRight" => view.update(|v| *v = v.pan((span as f64 * PAN_SHARE) as i64)),
            "+" | "=" => zoom(ZOOM_STEP, on.map(|m| m.at())),
            "-" | "_" => zoom(1.0 / ZOOM_STEP, on.map(|m| m.at())),
            "0" => view.set(range.get_untracked()),
            "Enter" | " " if on.is_some() => {
                if let Some(m) = on {
                    activate(m);
                }
            }
            "Escape" => {
                tip_hidden.set(true);
                notice.set(None);
            }
            _ => return,
        }
        ev.prevent_default();
    };
    let on_focusin = move |ev: ev::FocusEvent| {
        let m = mark_of(&ev);
        if m.is_some() {
            active.set(m);
        }
        focused.set(m);
        tip_hidden.set(false);
    };

    let tip = Memo::new(move |_| {
        if tip_hidden.get() {
            return None;
        }
        hover.get().or(focused.get())
    });
    let tip_view = move || {
        let m = tip.get()?;
        let g = geo.get();
        // A mark panned or zoomed out of sight has no tooltip to anchor.
        if !g.shows(m.at()) {
            return None;
        }
        let x = (geo::GUTTER + g.x(m.at())).clamp(geo::GUTTER, geo::GUTTER + g.plot_w);
        let y = match m {
            Mark::Point {
                kind: ocp_model::timeline::lanes::PointKind::Full,
                ..
            } => geo::FULL_Y + geo::POINT_H,
            Mark::Point { .. } => geo::INCR_Y + geo::POINT_H,
            Mark::Log { .. } => geo::LOG_Y + geo::LOG_H,
            _ => geo::WIN_Y + geo::WIN_H,
        };
        // Anchored on its mark, flipped to the left in the chart's right half.
        let side = if x > width.get() / 2.0 {
            "right"
        } else {
            "left"
        };
        let offset = if side == "right" { width.get() - x } else { x };
        let text = lanes.with(|l| m.describe(l, fmt.get(), i18n.lang.get()));
        Some(view! {
            <div class="timeline__tip" role="tooltip" id="timeline-tip" data-testid="timeline-tip"
                style=format!("{side}: {}px; top: {}px", px(offset), px(y + 6.0))>
                {text}
            </div>
        })
    };
    let summary = move || {
        lanes.with(|l| {
            i18n.fmt(
                Msg::WinCount,
                &[
                    ("windows", &l.windows.len().to_string()),
                    ("gaps", &l.gaps().len().to_string()),
                    ("points", &l.points.len().to_string()),
                ],
            )
        })
    };
    let chart_label = move || format!("{}. {}", i18n.t(Msg::WinChartLabel), summary());
    let now_label = Signal::derive(move || i18n.t(Msg::WinNow).to_owned());
    let picked_label = Signal::derive(move || i18n.t(Msg::WinPicked).to_owned());

    let chart = view! {
        <div class="timeline__chart" node_ref=wrap
            on:keydown=on_keydown on:focusin=on_focusin on:focusout=move |_| focused.set(None)>
            <svg class=move || if dragging.get() { "timeline__svg timeline__svg--dragging" } else { "timeline__svg" } node_ref=svg width="100%" height=px(geo::HEIGHT) data-testid="timeline-svg"
                tabindex="0" role="group" aria-label=chart_label aria-describedby="timeline-keys"
                on:pointerdown=on_pointerdown on:pointermove=on_pointermove on:pointerup=on_pointerup
                on:pointercancel=on_pointerup on:pointerleave=move |_| hover.set(None) on:click=on_click>
                <defs>
                    <pattern id="timeline-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
                        <rect class="timeline__hatch-bg" width="8" height="8" />
                        <line class="timeline__hatch" x1="0" y1="0" x2="0" y2="8" />
                    </pattern>
                    <clipPath id="timeline-clip">
                        <rect x="-1" y="0" width=move || px(geo.get().plot_w + 2.0) height=px(geo::HEIGHT) />
                    </clipPath>
                </defs>
                <LaneLabels />
                <g transform=format!("translate({},0)", geo::GUTTER) clip-path="url(#timeline-clip)">
                    <rect class="timeline__plot" x="0" y="0" width=move || px(geo.get().plot_w) height=px(geo::HEIGHT) />
                    <Axis geo fmt />
                    <LogMarks ctx />
                    <WindowMarks ctx />
                    <GapMarks ctx />
                    <PointMarks ctx />
                    <Marker geo at_us=now_us class="timeline__now" label=now_label testid="now-line" />
                    <Marker geo at_us=picked class="timeline__picked" label=picked_label testid="picked-line" />
                </g>
            </svg>
            {tip_view}
        </div>
    };
    view! {
        <div class="timeline" data-testid="timeline">
            <div class="timeline__tools">
                <button type="button" class="button" data-testid="zoom-in" on:click=move |_| zoom(ZOOM_STEP, None)
                    aria-label=move || i18n.t(Msg::WinZoomIn) title=move || i18n.t(Msg::WinZoomIn)>"+"</button>
                <button type="button" class="button" data-testid="zoom-out" on:click=move |_| zoom(1.0 / ZOOM_STEP, None)
                    aria-label=move || i18n.t(Msg::WinZoomOut) title=move || i18n.t(Msg::WinZoomOut)>"−"</button>
                <button type="button" class="button" data-testid="zoom-reset" on:click=move |_| view.set(range.get_untracked())>
                    {move || i18n.t(Msg::WinZoomReset)}
                </button>
                <span class="timeline__summary muted" data-testid="timeline-summary">{summary}</span>
            </div>
            {chart.into_inner().on(wheel, on_wheel)}
            <p class="timeline__keys muted" id="timeline-keys">{move || i18n.t(Msg::WinKeys)}</p>
            <NoticeView notice fmt log_tasks />
        </div>
    }
}
