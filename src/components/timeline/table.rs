//! The chart's data as tables, for screen readers and copying: the same merged windows, gaps,
//! backup points and log intervals, with exact times (µs) in the chosen offset.

use super::mark::TimeFmt;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::timeline::lanes::{format_span, Lanes, PointKind};

#[component]
pub fn TimelineTables(
    lanes: Memo<Lanes>,
    fmt: Signal<TimeFmt>,
    /// The link to the log backup tasks of `from..to` (µs), for each gap.
    #[prop(optional)]
    log_tasks: Option<Callback<(i64, i64), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: Msg| move || i18n.t(m);
    let empty = move |n: usize, cols: u8| {
        (n == 0).then(|| view! { <tr><td colspan=cols class="empty">{t(Msg::WinEmpty)}</td></tr> })
    };
    let windows = move || {
        let fmt = fmt.get();
        let lang = i18n.lang.get();
        lanes.with(|l| {
            let rows = l
                .windows
                .windows()
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    view! {
                        <tr data-testid="table-window">
                            <th scope="row">{i + 1}</th>
                            <td class="time" data-us=w.start_us>{fmt.show(w.start_us)}</td>
                            <td class="time" data-us=w.end_us>{fmt.show(w.end_us)}</td>
                            <td>{format_span(w.len_us(), lang)}</td>
                        </tr>
                    }
                })
                .collect_view();
            (rows, empty(l.windows.len(), 4))
        })
    };
    let gaps = move || {
        let fmt = fmt.get();
        let lang = i18n.lang.get();
        lanes.with(|l| {
            let gaps = l.gaps();
            let rows = gaps.iter().enumerate().map(|(i, g)| {
                let link = log_tasks.map(|f| view! { <a href=f.run((g.after_us, g.before_us))>{t(Msg::WinLogTasks)}</a> });
                view! {
                    <tr data-testid="table-gap">
                        <th scope="row">{i + 1}</th>
                        <td class="time" data-us=g.after_us>{fmt.show(g.after_us)}</td>
                        <td class="time" data-us=g.before_us>{fmt.show(g.before_us)}</td>
                        <td>{format_span(g.len_us(), lang)}</td>
                        <td>{link}</td>
                    </tr>
                }
            }).collect_view();
            (rows, empty(gaps.len(), 5))
        })
    };
    let points = move || {
        let fmt = fmt.get();
        lanes.with(|l| {
            let rows = l
                .points
                .iter()
                .map(|p| {
                    let kind = match p.kind {
                        PointKind::Full => Msg::FullBackup,
                        PointKind::Incremental => Msg::IncrementalBackup,
                    };
                    let ok = if p.restorable {
                        Msg::WinYes
                    } else {
                        Msg::WinNo4018
                    };
                    view! {
                        <tr data-testid="table-point" data-restorable=p.restorable.to_string()>
                            <td>{t(kind)}</td>
                            <td>{p.full_backup_set_id.map(|i| i.to_string())}</td>
                            <td class="time" data-us=p.at_us>{fmt.show(p.at_us)}</td>
                            <td class:timeline-table__no=!p.restorable>{t(ok)}</td>
                        </tr>
                    }
                })
                .collect_view();
            (rows, empty(l.points.len(), 4))
        })
    };
    let logs = move || {
        let fmt = fmt.get();
        let lang = i18n.lang.get();
        lanes.with(|l| {
            let rows = l
                .logs
                .iter()
                .map(|w| {
                    view! {
                        <tr data-testid="table-log">
                            <td class="time" data-us=w.start_us>{fmt.show(w.start_us)}</td>
                            <td class="time" data-us=w.end_us>{fmt.show(w.end_us)}</td>
                            <td>{format_span(w.len_us(), lang)}</td>
                        </tr>
                    }
                })
                .collect_view();
            (rows, empty(l.logs.len(), 3))
        })
    };
    view! {
        <section class="card timeline-tables" aria-labelledby="timeline-tables-title" data-testid="timeline-tables">
            <h2 class="card__title" id="timeline-tables-title">{t(Msg::WinTable)}</h2>
            <div class="timeline-tables__grid">
                <div class="table-wrap">
                    <table class="table" data-testid="windows-table">
                        <caption>{t(Msg::WinTableWindows)}</caption>
                        <thead><tr><th scope="col">"#"</th><th scope="col">{t(Msg::WinColFrom)}</th><th scope="col">{t(Msg::WinColTo)}</th><th scope="col">{t(Msg::WinColLength)}</th></tr></thead>
                        <tbody>{windows}</tbody>
                    </table>
                </div>
                <div class="table-wrap">
                    <table class="table" data-testid="gaps-table">
                        <caption>{t(Msg::WinTableGaps)}</caption>
                        <thead><tr><th scope="col">"#"</th><th scope="col">{t(Msg::WinColFrom)}</th><th scope="col">{t(Msg::WinColTo)}</th><th scope="col">{t(Msg::WinColLength)}</th><th scope="col"><span class="visually-hidden">{t(Msg::WinLogTasks)}</span></th></tr></thead>
                        <tbody>{gaps}</tbody>
                    </table>
                </div>
                <div class="table-wrap">
                    <table class="table" data-testid="points-table">
                        <caption>{t(Msg::WinTablePoints)}</caption>
                        <thead><tr><th scope="col">{t(Msg::ColKind)}</th><th scope="col">{t(Msg::WinColSet)}</th><th scope="col">{t(Msg::WinColTime)}</th><th scope="col">{t(Msg::WinColRestorable)}</th></tr></thead>
                        <tbody>{points}</tbody>
                    </table>
                </div>
                <div class="table-wrap">
                    <table class="table" data-testid="logs-table">
                        <caption>{t(Msg::WinTableLogs)}</caption>
                        <thead><tr><th scope="col">{t(Msg::WinColFrom)}</th><th scope="col">{t(Msg::WinColTo)}</th><th scope="col">{t(Msg::WinColLength)}</th></tr></thead>
                        <tbody>{logs}</tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}
