//! The lanes' marks, each list keyed by value so a refresh with the same data touches nothing:
//! windows with their two edges, hatched gaps with their length, log intervals, and backup
//! points (a point the log archive has not reached is drawn hollow).

use super::geo::{self, px, Geo};
use super::mark::{Mark, TimeFmt};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::timeline::lanes::{format_span, Lanes, PointKind};

/// What every mark reads: the data, the projection, the offset, and which mark holds the
/// roving tab stop.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub lanes: Memo<Lanes>,
    pub geo: Memo<Geo>,
    pub fmt: Signal<TimeFmt>,
    /// The mark in the tab order (one at a time; arrows move it).
    pub active: RwSignal<Option<Mark>>,
}

impl Ctx {
    fn tabindex(self, mark: Mark) -> impl Fn() -> &'static str + Send + Sync + 'static {
        move || {
            if self.active.get() == Some(mark) {
                "0"
            } else {
                "-1"
            }
        }
    }

    fn label(self, mark: Mark) -> impl Fn() -> String + Send + Sync + 'static {
        let i18n = use_i18n();
        move || {
            let lang = i18n.lang.get();
            let fmt = self.fmt.get();
            self.lanes.with(|l| mark.describe(l, fmt, lang))
        }
    }
}

#[component]
pub fn WindowMarks(ctx: Ctx) -> impl IntoView {
    let geo = ctx.geo;
    view! {
        <For each=move || ctx.lanes.with(|l| l.windows.windows().to_vec()) key=|w| (w.start_us, w.end_us) let:w>
            {
                let body = Mark::Window { start: w.start_us, end: w.end_us };
                let zero = w.start_us == w.end_us;
                let span = move || geo.with(|g| g.span(w.start_us, w.end_us));
                let edge = move |start: bool| {
                    let mark = Mark::Edge { start, at: if start { w.start_us } else { w.end_us } };
                    let at = mark.at();
                    view! {
                        <rect class="timeline__edge" data-mark=mark.attr() data-testid="window-edge" role="button"
                            tabindex=ctx.tabindex(mark) aria-label=ctx.label(mark)
                            x=move || px(geo.with(|g| g.x(at)) - geo::EDGE_PX / 2.0) y=px(geo::WIN_Y - 3.0)
                            width=px(geo::EDGE_PX) height=px(geo::WIN_H + 6.0) />
                    }
                };
                view! {
                    <rect class=if zero { "timeline__window timeline__window--instant" } else { "timeline__window" } data-mark=body.attr()
                        data-testid="window" data-start=w.start_us data-end=w.end_us
                        x=move || px(span().0) y=px(geo::WIN_Y) width=move || px(span().1) height=px(geo::WIN_H) rx="2" />
                    {edge(true)}
                    {(!zero).then(|| edge(false))}
                }
            }
        </For>
    }
}

#[component]
pub fn GapMarks(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let geo = ctx.geo;
    view! {
        <For each=move || ctx.lanes.with(Lanes::gaps) key=|g| (g.after_us, g.before_us) let:g>
            {
                let mark = Mark::Gap { after: g.after_us, before: g.before_us };
                let span = move || geo.with(|geo| geo.span(g.after_us, g.before_us));
                let text = move || i18n.t(Msg::WinGap).replace("{len}", &format_span(g.len_us(), i18n.lang.get()));
                // The label shows when it fits, or nearly: its outline keeps a few px over the windows
                // readable (about 6.5 px a Latin character, 11.5 a CJK one).
                let fits = move || {
                    let w: f64 = text().chars().map(|c| if c.is_ascii() { 6.5 } else { 11.5 }).sum();
                    span().1 + 16.0 > w
                };
                view! {
                    <rect class="timeline__gap" data-mark=mark.attr() data-testid="gap" role="button"
                        tabindex=ctx.tabindex(mark) aria-label=ctx.label(mark)
                        x=move || px(span().0) y=px(geo::WIN_Y) width=move || px(span().1) height=px(geo::WIN_H) />
                    <text class="timeline__gap-label" aria-hidden="true" data-testid="gap-label" pointer-events="none"
                        x=move || px(span().0 + span().1 / 2.0) y=px(geo::WIN_Y + geo::WIN_H / 2.0 + 4.0)
                        visibility=move || if fits() { "visible" } else { "hidden" }>
                        {text}
                    </text>
                }
            }
        </For>
    }
}

#[component]
pub fn LogMarks(ctx: Ctx) -> impl IntoView {
    let geo = ctx.geo;
    view! {
        <For each=move || ctx.lanes.with(|l| l.logs.clone()) key=|w| (w.start_us, w.end_us) let:w>
            {
                let mark = Mark::Log { start: w.start_us, end: w.end_us };
                let span = move || geo.with(|g| g.span(w.start_us, w.end_us));
                view! {
                    <rect class="timeline__log" data-mark=mark.attr() data-testid="log"
                        x=move || px(span().0) y=px(geo::LOG_Y) width=move || px(span().1) height=px(geo::LOG_H) rx="2" />
                }
            }
        </For>
    }
}

#[component]
pub fn PointMarks(ctx: Ctx) -> impl IntoView {
    let geo = ctx.geo;
    view! {
        <For each=move || ctx.lanes.with(|l| l.points.iter().map(|p| (p.kind, p.at_us)).collect::<Vec<_>>()) key=|p| *p let:p>
            {
                let (kind, at) = p;
                let mark = Mark::Point { kind, at };
                // Whether the log archive has reached it can change from one read to the next.
                let restorable = move || {
                    ctx.lanes.with(|l| {
                        // Points are sorted by time: look only at those at this instant.
                        let i = l.points.partition_point(|q| q.at_us < at);
                        l.points[i..].iter().take_while(|q| q.at_us == at).any(|q| q.kind == kind && q.restorable)
                    })
                };
                let (y, w, key) = match kind {
                    PointKind::Full => (geo::FULL_Y, 5.0, "full"),
                    PointKind::Incremental => (geo::INCR_Y, 4.0, "incremental"),
                };
                view! {
                    <rect class=move || if restorable() {
                            format!("timeline__point timeline__point--{key}")
                        } else {
                            format!("timeline__point timeline__point--{key} timeline__point--unreachable")
                        }
                        data-mark=mark.attr() data-testid="point" data-kind=key data-at=at
                        data-restorable=move || restorable().to_string()
                        role="button" tabindex=ctx.tabindex(mark) aria-label=ctx.label(mark)
                        x=move || px(geo.with(|g| g.x(at)) - w / 2.0) y=px(y) width=px(w) height=px(geo::POINT_H) rx="1" />
                }
            }
        </For>
    }
}
