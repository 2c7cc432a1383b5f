//! The recoverable-window timeline and the restore point picker (ocp-api.md 2.7 and 4): windows
//! as OceanBase defines them, what a click or a typed time picks, the gaps between windows, the
//! ticks of the time axis, and the projection between time and pixels.
//!
//! Every instant here is epoch **microseconds** (`i64`), never milliseconds: a restore point is
//! checked to the microsecond. Offsets are always given by the caller; none is assumed.

pub mod lanes;

use crate::recoverable::TimeInterval;
use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike};

pub const US_PER_SECOND: i64 = 1_000_000;
pub const US_PER_MINUTE: i64 = 60 * US_PER_SECOND;
pub const US_PER_HOUR: i64 = 60 * US_PER_MINUTE;
pub const US_PER_DAY: i64 = 24 * US_PER_HOUR;

/// One recoverable window, `start_us..=end_us`: OceanBase's RECOVERABLE interval includes both
/// ends. A zero-length window (`start == end`) is one restorable instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Window {
    pub start_us: i64,
    pub end_us: i64,
}

impl Window {
    pub fn contains(&self, t_us: i64) -> bool {
        self.start_us <= t_us && t_us <= self.end_us
    }

    /// Length in microseconds (0 for a single instant).
    pub fn len_us(&self) -> i64 {
        self.end_us - self.start_us
    }
}

/// The windows of a reading, sorted and merged: overlapping or touching windows are one
/// (two inclusive windows that meet, or leave no whole microsecond between them, cover one
/// stretch). Built afresh from each answer; never kept across refreshes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecoverableWindows(Vec<Window>);

/// What a click or a typed time picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Inside a window: that very instant.
    Inside(i64),
    /// Just outside a window (within the snap distance): moved onto its nearest edge.
    Snapped { at_us: i64, asked_us: i64 },
    /// In a gap or beyond every window: refused, with the nearest valid points on each side.
    Refused {
        asked_us: i64,
        before_us: Option<i64>,
        after_us: Option<i64>,
    },
    /// There is no window at all.
    NoWindow,
}

impl Pick {
    /// The instant to restore to, when there is one.
    pub fn instant(&self) -> Option<i64> {
        match *self {
            Pick::Inside(t) => Some(t),
            Pick::Snapped { at_us, .. } => Some(at_us),
            Pick::Refused { .. } | Pick::NoWindow => None,
        }
    }
}

/// The time between two windows: nothing can be restored from `after_us` (exclusive) to
/// `before_us` (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    /// The end of the window before it.
    pub after_us: i64,
    /// The start of the window after it.
    pub before_us: i64,
}

impl Gap {
    pub fn len_us(&self) -> i64 {
        self.before_us - self.after_us
    }
}

impl RecoverableWindows {
    /// Sorts and merges; a window whose end is before its start is read with its ends swapped
    /// rather than dropped (the data is still a restorable stretch).
    pub fn new(windows: impl IntoIterator<Item = Window>) -> Self {
        let mut all: Vec<Window> = windows
            .into_iter()
            .map(|w| Window {
                start_us: w.start_us.min(w.end_us),
                end_us: w.start_us.max(w.end_us),
            })
            .collect();
        all.sort();
        let mut merged: Vec<Window> = Vec::with_capacity(all.len());
        for w in all {
            match merged.last_mut() {
                // Inclusive microseconds: `..=5` and `6..=` leave nothing between them.
                Some(last) if w.start_us <= last.end_us.saturating_add(1) => {
                    last.end_us = last.end_us.max(w.end_us);
                }
                _ => merged.push(w),
            }
        }
        RecoverableWindows(merged)
    }

    /// From the API's RECOVERABLE intervals (`realRecoverableTimeInterval`).
    pub fn from_intervals<'a>(intervals: impl IntoIterator<Item = &'a TimeInterval>) -> Self {
        Self::new(intervals.into_iter().map(|i| Window {
            start_us: i.start_time.timestamp_micros(),
            end_us: i.end_time.timestamp_micros(),
        }))
    }

    pub fn windows(&self) -> &[Window] {
        &self.0
    }

    /// How many windows, counted after merging.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, t_us: i64) -> bool {
        self.window_at(t_us).is_some()
    }

    /// The window holding `t_us`, both ends included.
    pub fn window_at(&self, t_us: i64) -> Option<Window> {
        // Windows are sorted and disjoint: the last one starting at or before `t` is the only
        // candidate.
        let i = self.0.partition_point(|w| w.start_us <= t_us);
        i.checked_sub(1)
            .map(|i| self.0[i])
            .filter(|w| w.contains(t_us))
    }

    /// The newest restorable instant: the end of the last window ("latest").
    pub fn latest(&self) -> Option<i64> {
        self.0.last().map(|w| w.end_us)
    }

    /// What `t_us` picks. Outside a window by at most `snap_us`, it snaps onto the nearest
    /// edge; farther out it is refused with the nearest valid points before and after it.
    pub fn pick(&self, t_us: i64, snap_us: i64) -> Pick {
        if self.0.is_empty() {
            return Pick::NoWindow;
        }
        if self.contains(t_us) {
            return Pick::Inside(t_us);
        }
        let i = self.0.partition_point(|w| w.start_us <= t_us);
        let before_us = i.checked_sub(1).map(|i| self.0[i].end_us);
        let after_us = self.0.get(i).map(|w| w.start_us);
        let nearest = [before_us, after_us]
            .into_iter()
            .flatten()
            .min_by_key(|p| (p - t_us).unsigned_abs());
        match nearest {
            Some(at_us) if (at_us - t_us).abs() <= snap_us.max(0) => Pick::Snapped {
                at_us,
                asked_us: t_us,
            },
            _ => Pick::Refused {
                asked_us: t_us,
                before_us,
                after_us,
            },
        }
    }

    /// The gaps between windows that overlap `from_us..=to_us`, oldest first.
    pub fn gaps(&self, from_us: i64, to_us: i64) -> Vec<Gap> {
        self.0
            .windows(2)
            .map(|w| Gap {
                after_us: w[0].end_us,
                before_us: w[1].start_us,
            })
            .filter(|g| g.before_us >= from_us && g.after_us <= to_us)
            .collect()
    }
}

/// Rounds `t_us` to a multiple of `unit_us` (a second, a millisecond) the way a restore point
/// may be rounded: into its window, never out. When no multiple lies inside the window, `t_us`
/// is kept exactly.
pub fn round_inward(t_us: i64, unit_us: i64, window: Window) -> i64 {
    if unit_us <= 1 {
        return t_us;
    }
    let down = t_us.div_euclid(unit_us) * unit_us;
    let up = down + unit_us;
    let nearest = if t_us - down <= up - t_us { down } else { up };
    [nearest, down, up]
        .into_iter()
        .find(|c| window.contains(*c))
        .unwrap_or(t_us)
}

/// The visible part of the time axis, in microseconds: what the chart shows between its left
/// and right edges. Zoom and pan make new views; they never lose precision below a pixel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    pub from_us: i64,
    pub to_us: i64,
}

impl View {
    /// The narrowest view: a minute.
    pub const MIN_SPAN_US: i64 = US_PER_MINUTE;
    /// The widest view: 90 days.
    pub const MAX_SPAN_US: i64 = 90 * US_PER_DAY;

    /// The `days` before `now_us`.
    pub fn last_days(now_us: i64, days: i64) -> Self {
        View {
            from_us: now_us - days * US_PER_DAY,
            to_us: now_us,
        }
    }

    pub fn span_us(&self) -> i64 {
        (self.to_us - self.from_us).max(1)
    }

    /// The x of an instant on a chart `width` px wide (may lie outside `0..=width`).
    pub fn x(&self, t_us: i64, width: f64) -> f64 {
        (t_us - self.from_us) as f64 / self.span_us() as f64 * width
    }

    /// The instant under `x` on a chart `width` px wide, to the microsecond. Computed in
    /// integers past the pixel's fraction, so long spans lose nothing a pixel can show.
    pub fn t(&self, x: f64, width: f64) -> i64 {
        if width <= 0.0 || !x.is_finite() {
            return self.from_us;
        }
        let fraction = (x / width).clamp(-1.0, 2.0);
        self.from_us + (fraction * self.span_us() as f64).round() as i64
    }

    /// How much time one pixel covers: what a click cannot tell apart, and so how far it may
    /// snap.
    pub fn us_per_px(&self, width: f64) -> i64 {
        if width <= 0.0 {
            return self.span_us();
        }
        (self.span_us() as f64 / width).ceil() as i64
    }

    /// Zoomed by `factor` (> 1 zooms in) around `anchor_us`, which stays where it is on screen.
    pub fn zoom(&self, factor: f64, anchor_us: i64) -> Self {
        if !factor.is_finite() || factor <= 0.0 {
            return *self;
        }
        let span = ((self.span_us() as f64 / factor).round() as i64)
            .clamp(Self::MIN_SPAN_US, Self::MAX_SPAN_US);
        let anchor = anchor_us.clamp(self.from_us, self.to_us);
        let left = (anchor - self.from_us) as f64 / self.span_us() as f64;
        let from_us = anchor - (left * span as f64).round() as i64;
        View {
            from_us,
            to_us: from_us + span,
        }
    }

    /// Moved by `delta_us` (positive: later), same span.
    pub fn pan(&self, delta_us: i64) -> Self {
        View {
            from_us: self.from_us.saturating_add(delta_us),
            to_us: self.to_us.saturating_add(delta_us),
        }
    }
}

/// A mark on the time axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub at_us: i64,
    /// A day boundary (midnight in the offset): labelled with the date.
    pub day: bool,
    /// `11-29` for a day, `06:00` for an hour, both in the offset.
    pub label: String,
}

/// Steps the axis may use, finest first.
const TICK_STEPS_US: [i64; 9] = [
    US_PER_HOUR,
    2 * US_PER_HOUR,
    3 * US_PER_HOUR,
    6 * US_PER_HOUR,
    12 * US_PER_HOUR,
    US_PER_DAY,
    2 * US_PER_DAY,
    7 * US_PER_DAY,
    14 * US_PER_DAY,
];

/// Day and hour ticks from `from_us` to `to_us` in `offset` (the cluster's or the browser's),
/// at most `max_ticks` of them, on whole hours of that offset's clock: days begin at its
/// midnight, so `+05:30` and `-03:00` tick at their own midnights.
pub fn ticks(from_us: i64, to_us: i64, offset: FixedOffset, max_ticks: usize) -> Vec<Tick> {
    if to_us <= from_us || max_ticks == 0 {
        return Vec::new();
    }
    let span = to_us - from_us;
    let step = TICK_STEPS_US
        .into_iter()
        .find(|s| span / s < max_ticks as i64)
        .unwrap_or(span.max(1));
    // Wall-clock microseconds in the offset: aligning there puts days on local midnights.
    let shift = i64::from(offset.local_minus_utc()) * US_PER_SECOND;
    let align = step.min(US_PER_DAY);
    let mut local = (from_us + shift).div_euclid(align) * align;
    if local < from_us + shift {
        local += align;
    }
    if step > US_PER_DAY {
        // Several days a step: on days whose number the step divides, so ticks stay put
        // while the view pans.
        let days = step / US_PER_DAY;
        while local.div_euclid(US_PER_DAY) % days != 0 {
            local += US_PER_DAY;
        }
    }
    let mut out = Vec::new();
    while local - shift <= to_us {
        let at_us = local - shift;
        if let Some(dt) = offset.timestamp_micros(at_us).single() {
            let day = local.rem_euclid(US_PER_DAY) == 0;
            let label = if day {
                format!("{:02}-{:02}", dt.month(), dt.day())
            } else {
                format!("{:02}:{:02}", dt.hour(), dt.minute())
            };
            out.push(Tick { at_us, day, label });
        }
        local += step;
    }
    out
}

/// `2026-11-29 10:00:00.123456 +08:00`: an instant to the microsecond in `offset`, with it.
pub fn format_micros(t_us: i64, offset: FixedOffset) -> String {
    match offset.timestamp_micros(t_us).single() {
        Some(dt) => format!(
            "{} {}",
            crate::time::wall_clock(&dt, ' ', 6),
            crate::time::format_offset(offset)
        ),
        None => t_us.to_string(),
    }
}

/// `2026-11-29 10:00:00.123 +08:00`: an instant to the millisecond, for times OCP writes only
/// that precisely (task rows), so no invented zeros suggest microseconds it did not send.
pub fn format_millis(t_us: i64, offset: FixedOffset) -> String {
    match offset.timestamp_micros(t_us).single() {
        Some(dt) => format!(
            "{} {}",
            crate::time::wall_clock(&dt, ' ', 3),
            crate::time::format_offset(offset)
        ),
        None => t_us.to_string(),
    }
}

/// An instant typed as a wall-clock date and time with up to six fraction digits
/// (`2026-11-29 10:00:00.123456`, `T` or a space between) in `offset`. Fewer digits mean
/// trailing zeros (`.5` is 500000 µs); more than six are refused, never rounded.
pub fn parse_micros(s: &str, offset: FixedOffset) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once(['T', ' '])?;
    let (clock, fraction) = match time.split_once('.') {
        Some((c, f)) => (c, f),
        None => (time, ""),
    };
    if fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let micros: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<6}").parse().ok()?
    };
    let wall = crate::time::parse_wall_clock(&format!("{date}T{clock}"))?;
    let dt: DateTime<FixedOffset> = wall.and_local_timezone(offset).single()?;
    Some(dt.timestamp() * US_PER_SECOND + micros)
}

#[cfg(test)]
mod tests;

/// What the windows page URL says (`/clusters/:id/windows?tenant=…&at=…&end=…`): parsed and
/// printed by pure functions, so a shared link or a reload shows the same week and point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WindowsQuery {
    /// One tenant (OCP's tenant id); `None` shows the union over the cluster's tenants.
    pub tenant: Option<i64>,
    /// The picked restore point, to the microsecond with the offset it was picked in.
    pub at: Option<crate::time::RecoverableTime>,
    /// The end of the 7 days shown (paging to earlier weeks); `None` is "now".
    pub end: Option<crate::time::RecoverableTime>,
}

impl WindowsQuery {
    /// Reads the query string's pairs (percent-decoded); values that cannot be read are
    /// dropped, so a hand-edited link still opens.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = WindowsQuery::default();
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "tenant" => q.tenant = v.parse().ok(),
                "at" => q.at = crate::time::RecoverableTime::parse(v).ok(),
                "end" => q.end = crate::time::RecoverableTime::parse(v).ok(),
                _ => {}
            }
        }
        q
    }

    /// The query string's pairs, unset ones left out, in a fixed order; instants to the
    /// microsecond with their offsets.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("tenant", self.tenant.map(|t| t.to_string())),
            ("at", self.at.map(|t| t.to_wire())),
            ("end", self.end.map(|t| t.to_wire())),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
    }
}
