//! What the chart says after a click or Enter that chose nothing (a gap, beyond every window,
//! a backup point the log archive has not reached) or moved the choice onto an edge.

use super::mark::TimeFmt;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::timeline::{Pick, US_PER_DAY};

/// The chart's answer to a pick that did not go as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// In a gap or beyond every window: the nearest valid points on each side (µs).
    Refused {
        asked_us: i64,
        before_us: Option<i64>,
        after_us: Option<i64>,
    },
    NoWindow,
    /// A backup point the log archive has not reached (OB error 4018).
    Unreachable {
        at_us: i64,
    },
    /// Moved onto a window's edge.
    Snapped {
        at_us: i64,
    },
}

impl Notice {
    /// The notice a pick leaves, if any; the chosen instant goes elsewhere.
    pub fn of_pick(pick: Pick) -> Option<Self> {
        match pick {
            Pick::Inside(_) => None,
            Pick::Snapped { at_us, .. } => Some(Notice::Snapped { at_us }),
            Pick::Refused {
                asked_us,
                before_us,
                after_us,
            } => Some(Notice::Refused {
                asked_us,
                before_us,
                after_us,
            }),
            Pick::NoWindow => Some(Notice::NoWindow),
        }
    }
}

#[component]
pub fn NoticeView(
    notice: RwSignal<Option<Notice>>,
    fmt: Signal<TimeFmt>,
    log_tasks: Option<Callback<(i64, i64), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let n = notice.get()?;
        let fmt = fmt.get();
        let show = move |t: Option<i64>| {
            t.map_or_else(|| i18n.t(Msg::WinNone).to_owned(), |t| fmt.show(t))
        };
        let (class, text, link) = match n {
            Notice::Refused {
                asked_us,
                before_us,
                after_us,
            } => (
                "timeline-notice timeline-notice--refused",
                i18n.fmt(
                    Msg::WinRefused,
                    &[
                        ("at", &fmt.show(asked_us)),
                        ("before", &show(before_us)),
                        ("after", &show(after_us)),
                    ],
                ),
                before_us.zip(after_us),
            ),
            Notice::NoWindow => (
                "timeline-notice timeline-notice--refused",
                i18n.t(Msg::WinNoWindow).to_owned(),
                None,
            ),
            Notice::Unreachable { at_us } => (
                "timeline-notice timeline-notice--refused",
                format!("{}: {}", fmt.show(at_us), i18n.t(Msg::WinUnreachable)),
                // Where the log archive stands: the log tasks around the point.
                Some((at_us - US_PER_DAY, at_us + US_PER_DAY)),
            ),
            Notice::Snapped { at_us } => (
                "timeline-notice",
                format!("{} {}", i18n.t(Msg::WinSnapped), fmt.show(at_us)),
                None,
            ),
        };
        let link = link.zip(log_tasks).map(|(range, f)| {
            view! { " " <a href=f.run(range) data-testid="notice-log-tasks">{i18n.t(Msg::WinLogTasks)}</a> }
        });
        Some(view! {
            <p class=class role="status" data-testid="timeline-notice">{text}{link}</p>
        })
    }
}
