//! What the windows page draws, built afresh from each `/backup/info` answer: the lanes of the
//! union or of one tenant (backup points, log-archive intervals, merged recoverable windows and
//! the gaps between them), which backup points a restore may target, the stops keyboard focus
//! walks through, and the offset the cluster wrote its times in.
//!
//! Every instant is epoch microseconds.

use super::{Gap, RecoverableWindows, Window};
use crate::lang::Lang;
use crate::recoverable::{BackupInfo, RecoverableAggregation, TimelineItem};
use crate::time::RecoverableTime;
use chrono::FixedOffset;

/// Which data backup made a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PointKind {
    Full,
    Incremental,
}

/// A finished data backup's point (its `recoverableTime`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BackupPoint {
    pub kind: PointKind,
    /// The backup's `recoverableTime`, µs.
    pub at_us: i64,
    /// The full backup set it belongs to (`fullBackupSetId`), when sent.
    pub full_backup_set_id: Option<i64>,
    /// Whether a restore may target it: it lies inside a recoverable window. A point the log
    /// archive has not reached is refused by OceanBase with error 4018 "No enough log for
    /// restore".
    pub restorable: bool,
}

/// Everything one timeline shows, for the union or for one tenant. Built from one answer and
/// dropped with it: windows are never carried from one read to the next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lanes {
    /// The recoverable windows, sorted and merged (both ends included).
    pub windows: RecoverableWindows,
    /// Full and incremental backup points, oldest first.
    pub points: Vec<BackupPoint>,
    /// Log-archive intervals (`logRecoverableTimeInterval`) as sent, oldest first (inclusive
    /// µs; a reversed interval is read with its ends swapped).
    pub logs: Vec<Window>,
}

/// Which lanes to build: the cluster-wide union or one tenant's (OCP's tenant id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Union,
    Tenant(i64),
}

impl Scope {
    /// `None` (no `tenant=` in the URL) is the union.
    pub fn from_tenant(tenant: Option<i64>) -> Self {
        tenant.map_or(Scope::Union, Scope::Tenant)
    }
}

/// The lanes of `scope` in `info`; `None` when the answer has no such tenant.
pub fn build_lanes(info: &BackupInfo, scope: Scope) -> Option<Lanes> {
    let agg = match scope {
        Scope::Union => &info.ob_recoverable_info_aggregation,
        Scope::Tenant(id) => {
            &info
                .tenant_backup_infos
                .iter()
                .find(|t| t.tenant_id == id)?
                .ob_recoverable_info_aggregation
        }
    };
    Some(Lanes::from_aggregation(agg))
}

impl Lanes {
    /// Lanes from one aggregation: windows merged first, then every point classified against
    /// them. Unknown items and items without their payload are skipped.
    pub fn from_aggregation(agg: &RecoverableAggregation) -> Self {
        let mut windows = Vec::new();
        let mut raw_points = Vec::new();
        let mut logs = Vec::new();
        for item in agg.items() {
            match item.typed() {
                Some(TimelineItem::Window(i)) => windows.push(Window {
                    start_us: i.start_time.timestamp_micros(),
                    end_us: i.end_time.timestamp_micros(),
                }),
                Some(TimelineItem::LogArchive(i)) => {
                    let (a, b) = (
                        i.start_time.timestamp_micros(),
                        i.end_time.timestamp_micros(),
                    );
                    logs.push(Window {
                        start_us: a.min(b),
                        end_us: a.max(b),
                    });
                }
                Some(TimelineItem::FullBackup(p)) => raw_points.push((PointKind::Full, p)),
                Some(TimelineItem::IncrementalBackup(p)) => {
                    raw_points.push((PointKind::Incremental, p))
                }
                None => {}
            }
        }
        let windows = RecoverableWindows::new(windows);
        let mut points: Vec<BackupPoint> = raw_points
            .into_iter()
            .map(|(kind, p)| {
                let at_us = p.recoverable_time.timestamp_micros();
                BackupPoint {
                    kind,
                    at_us,
                    full_backup_set_id: p.full_backup_set_id,
                    restorable: windows.contains(at_us),
                }
            })
            .collect();
        points.sort_by_key(|p| (p.at_us, p.kind == PointKind::Incremental));
        // The same point or interval sent twice is drawn once.
        points.dedup_by_key(|p| (p.at_us, p.kind));
        logs.sort();
        logs.dedup();
        Lanes {
            windows,
            points,
            logs,
        }
    }

    /// The gaps between windows, oldest first.
    pub fn gaps(&self) -> Vec<Gap> {
        self.windows.gaps(i64::MIN, i64::MAX)
    }

    /// Everything keyboard focus can stop on, in time order (ties: window starts, points,
    /// window ends, gaps), so arrow keys walk the chart from left to right.
    pub fn stops(&self) -> Vec<Stop> {
        let mut out = Vec::with_capacity(self.windows.len() * 3 + self.points.len());
        for (i, w) in self.windows.windows().iter().enumerate() {
            out.push(Stop {
                at_us: w.start_us,
                target: StopTarget::WindowStart(i),
            });
            // A zero-length window is one instant: one stop.
            if w.end_us != w.start_us {
                out.push(Stop {
                    at_us: w.end_us,
                    target: StopTarget::WindowEnd(i),
                });
            }
        }
        for (i, p) in self.points.iter().enumerate() {
            out.push(Stop {
                at_us: p.at_us,
                target: StopTarget::Point(i),
            });
        }
        for (i, g) in self.gaps().iter().enumerate() {
            // A gap is reached between the window end before it and the start after it.
            out.push(Stop {
                at_us: g.after_us,
                target: StopTarget::Gap(i),
            });
        }
        out.sort_by_key(|s| (s.at_us, s.target.order()));
        out
    }
}

/// One place keyboard focus can stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stop {
    /// Where it sits on the time axis, µs (a gap: the end of the window before it).
    pub at_us: i64,
    pub target: StopTarget,
}

/// What a stop is, by index into [`Lanes`]' windows, points and gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StopTarget {
    WindowStart(usize),
    WindowEnd(usize),
    Point(usize),
    Gap(usize),
}

impl StopTarget {
    fn order(&self) -> u8 {
        match self {
            StopTarget::WindowStart(_) => 0,
            StopTarget::Point(_) => 1,
            StopTarget::WindowEnd(_) => 2,
            StopTarget::Gap(_) => 3,
        }
    }

    /// A stable key for the page (`ws-3`, `we-3`, `p-12`, `g-2`): element ids, test ids.
    pub fn key(&self) -> String {
        match self {
            StopTarget::WindowStart(i) => format!("ws-{i}"),
            StopTarget::WindowEnd(i) => format!("we-{i}"),
            StopTarget::Point(i) => format!("p-{i}"),
            StopTarget::Gap(i) => format!("g-{i}"),
        }
    }
}

/// The offset the cluster wrote its times in (ocp-api.md 1.5: OCP sends each time with the
/// cluster's offset): the one most of the answer's times carry (ties: the first seen).
/// `None` when the answer holds no time at all.
pub fn cluster_offset(info: &BackupInfo) -> Option<FixedOffset> {
    let aggs = std::iter::once(&info.ob_recoverable_info_aggregation).chain(
        info.tenant_backup_infos
            .iter()
            .map(|t| &t.ob_recoverable_info_aggregation),
    );
    // (offset seconds, count), in the order first seen.
    let mut counts: Vec<(i32, usize)> = Vec::new();
    let mut count = |t: &RecoverableTime| {
        let secs = t.offset().local_minus_utc();
        match counts.iter_mut().find(|(s, _)| *s == secs) {
            Some((_, n)) => *n += 1,
            None => counts.push((secs, 1)),
        }
    };
    for agg in aggs {
        for item in agg.items() {
            match item.typed() {
                Some(TimelineItem::Window(i)) | Some(TimelineItem::LogArchive(i)) => {
                    count(&i.start_time);
                    count(&i.end_time);
                }
                Some(TimelineItem::FullBackup(p)) | Some(TimelineItem::IncrementalBackup(p)) => {
                    count(&p.recoverable_time)
                }
                None => {}
            }
        }
    }
    // max_by_key keeps the last of equals: walk backwards so the first seen wins ties.
    let (secs, _) = counts.iter().rev().max_by_key(|(_, n)| *n)?;
    FixedOffset::east_opt(*secs)
}

/// `5h 12m`, `2d 3h`, `42s`, `0.000120s` (zh: `5小时12分`, `2天3小时`): a length of time (µs)
/// for labels, down to the microsecond when it is under a second (a gap may be one
/// microsecond long).
pub fn format_span(us: i64, lang: Lang) -> String {
    let (d_, h_, m_, s_, sep) = match lang {
        Lang::En => ("d", "h", "m", "s", " "),
        Lang::Zh => ("天", "小时", "分", "秒", ""),
    };
    let us = us.max(0);
    if us < super::US_PER_SECOND {
        return format!("0.{us:06}{s_}");
    }
    let secs = us / super::US_PER_SECOND;
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}{s_}"),
        (0, 0, _) => format!("{m}{m_}{sep}{s:02}{s_}"),
        (0, _, _) => format!("{h}{h_}{sep}{m:02}{m_}"),
        _ => format!("{d}{d_}{sep}{h}{h_}"),
    }
}

/// Where `start_us..=end_us` is drawn on a chart `width` px wide showing `view`: its left x
/// and its width in px. Clipped to a little beyond the chart, so a week-long window zoomed to a
/// minute stays a sane number; never narrower than `min_px`, centred on its instant, so a
/// zero-length window stays visible.
pub fn span_px(
    view: &super::View,
    start_us: i64,
    end_us: i64,
    width: f64,
    min_px: f64,
) -> (f64, f64) {
    let pad = 10.0;
    let a = view.x(start_us, width).clamp(-pad, width + pad);
    let b = view.x(end_us, width).clamp(-pad, width + pad);
    let w = b - a;
    if w >= min_px {
        (a, w)
    } else {
        (a + w / 2.0 - min_px / 2.0, min_px)
    }
}

#[cfg(test)]
mod tests;
