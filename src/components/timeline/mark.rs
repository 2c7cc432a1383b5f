//! What a drawn mark stands for, written into its `data-mark` attribute by value (times in µs),
//! so one listener on the chart can tell what is hovered or focused, and a keyed element never
//! points at a stale index after a refresh. Also: how times are shown, and what a mark says.

use crate::clock::browser_offset_at;
use crate::i18n::{Lang, Msg};
use chrono::FixedOffset;
use ocp_model::timeline::format_micros;
use ocp_model::timeline::lanes::{format_span, Lanes, PointKind, Stop, StopTarget};

/// The offset times are shown in: a fixed one (the cluster's, UTC) or the browser's, which
/// may change with daylight saving from one instant to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFmt {
    Fixed(FixedOffset),
    Browser,
}

impl TimeFmt {
    /// The offset at `t_us` (µs).
    pub fn offset_at(self, t_us: i64) -> FixedOffset {
        match self {
            TimeFmt::Fixed(o) => o,
            // Only the offset is read from the browser; the instant stays in µs.
            TimeFmt::Browser => browser_offset_at(t_us.div_euclid(1000)),
        }
    }

    /// `2026-11-29 10:00:00.123456 +08:00`.
    pub fn show(self, t_us: i64) -> String {
        format_micros(t_us, self.offset_at(t_us))
    }
}

/// One mark of the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// A window's body, `start..=end` µs.
    Window {
        start: i64,
        end: i64,
    },
    /// A window's start or end edge (a zero-length window: its start only).
    Edge {
        start: bool,
        at: i64,
    },
    Log {
        start: i64,
        end: i64,
    },
    Point {
        kind: PointKind,
        at: i64,
    },
    Gap {
        after: i64,
        before: i64,
    },
}

impl Mark {
    /// The `data-mark` value: `w:1:2`, `es:1`, `ee:2`, `l:1:2`, `pf:1`, `pi:1`, `g:1:2`.
    pub fn attr(&self) -> String {
        match *self {
            Mark::Window { start, end } => format!("w:{start}:{end}"),
            Mark::Edge { start: true, at } => format!("es:{at}"),
            Mark::Edge { start: false, at } => format!("ee:{at}"),
            Mark::Log { start, end } => format!("l:{start}:{end}"),
            Mark::Point {
                kind: PointKind::Full,
                at,
            } => format!("pf:{at}"),
            Mark::Point {
                kind: PointKind::Incremental,
                at,
            } => format!("pi:{at}"),
            Mark::Gap { after, before } => format!("g:{after}:{before}"),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split(':');
        let tag = parts.next()?;
        let a: i64 = parts.next()?.parse().ok()?;
        let b: Option<i64> = parts.next().and_then(|v| v.parse().ok());
        Some(match tag {
            "w" => Mark::Window { start: a, end: b? },
            "es" => Mark::Edge { start: true, at: a },
            "ee" => Mark::Edge {
                start: false,
                at: a,
            },
            "l" => Mark::Log { start: a, end: b? },
            "pf" => Mark::Point {
                kind: PointKind::Full,
                at: a,
            },
            "pi" => Mark::Point {
                kind: PointKind::Incremental,
                at: a,
            },
            "g" => Mark::Gap {
                after: a,
                before: b?,
            },
            _ => return None,
        })
    }

    /// The mark a focus stop lands on.
    pub fn of_stop(lanes: &Lanes, stop: &Stop) -> Option<Self> {
        Some(match stop.target {
            StopTarget::WindowStart(i) => Mark::Edge {
                start: true,
                at: lanes.windows.windows().get(i)?.start_us,
            },
            StopTarget::WindowEnd(i) => Mark::Edge {
                start: false,
                at: lanes.windows.windows().get(i)?.end_us,
            },
            StopTarget::Point(i) => {
                let p = lanes.points.get(i)?;
                Mark::Point {
                    kind: p.kind,
                    at: p.at_us,
                }
            }
            StopTarget::Gap(i) => {
                let g = lanes.gaps().get(i).copied()?;
                Mark::Gap {
                    after: g.after_us,
                    before: g.before_us,
                }
            }
        })
    }

    /// Where the mark sits on the time axis (µs): a point, an edge, an interval's middle.
    pub fn at(&self) -> i64 {
        match *self {
            Mark::Edge { at, .. } | Mark::Point { at, .. } => at,
            Mark::Window { start, end } | Mark::Log { start, end } => start + (end - start) / 2,
            Mark::Gap { after, before } => after + (before - after) / 2,
        }
    }

    /// What the mark says to a person, exact times to the µs with their offsets.
    pub fn describe(&self, lanes: &Lanes, fmt: TimeFmt, lang: Lang) -> String {
        let n = |t: i64| {
            let i = lanes.windows.windows().partition_point(|w| w.start_us <= t);
            i.max(1).to_string()
        };
        let fill = |m: Msg, n: &str| m.text(lang).replace("{n}", n);
        let range = |a: i64, b: i64| format!("{} → {}", fmt.show(a), fmt.show(b));
        match *self {
            Mark::Window { start, end } if start == end => format!(
                "{}: {}",
                fill(Msg::WinWindowInstant, &n(start)),
                fmt.show(start)
            ),
            Mark::Window { start, end } => format!(
                "{}: {} ({})",
                fill(Msg::WinWindow, &n(start)),
                range(start, end),
                format_span(end - start, lang)
            ),
            Mark::Edge { start, at } => {
                let single = lanes.windows.window_at(at).is_some_and(|w| w.len_us() == 0);
                let msg = match (single, start) {
                    (true, _) => Msg::WinWindowInstant,
                    (false, true) => Msg::WinWindowStart,
                    (false, false) => Msg::WinWindowEnd,
                };
                format!("{}: {}", fill(msg, &n(at)), fmt.show(at))
            }
            Mark::Log { start, end } => format!(
                "{}: {} ({})",
                Msg::WinLog.text(lang),
                range(start, end),
                format_span(end - start, lang)
            ),
            Mark::Point { kind, at } => {
                let point = lanes
                    .points
                    .iter()
                    .find(|p| p.at_us == at && p.kind == kind);
                let name = match kind {
                    PointKind::Full => Msg::FullBackup,
                    PointKind::Incremental => Msg::IncrementalBackup,
                };
                let set = point
                    .and_then(|p| p.full_backup_set_id)
                    .map(|id| format!(" #{id}"))
                    .unwrap_or_default();
                let status = if point.is_some_and(|p| p.restorable) {
                    Msg::WinRestorable
                } else {
                    Msg::WinUnreachable
                };
                format!(
                    "{}{set}: {} — {}",
                    name.text(lang),
                    fmt.show(at),
                    status.text(lang)
                )
            }
            Mark::Gap { after, before } => {
                let i = lanes.gaps().iter().position(|g| g.after_us == after);
                format!(
                    "{}: {} ({})",
                    fill(Msg::WinGapNamed, &i.map_or(1, |i| i + 1).to_string()),
                    range(after, before),
                    Msg::WinGap
                        .text(lang)
                        .replace("{len}", &format_span(before - after, lang))
                )
            }
        }
    }
}
