//! What a person types into a field, read exactly or refused with a reason: never rounded,
//! never read as something else (`10.5` is not 105, `-14` is not 14, `1e3` is not 3), never
//! taken while half typed (`01:3`). The console's inputs call these on every key, and the forms
//! that hold the text (the strategy draft) check it with the same functions before sending.
//!
//! Each reader takes the text as typed (spaces around it ignored) and answers the value or an
//! [`InputError`], which says in both languages what to type instead. Bounds are not decided
//! here: they come from the rules the server checks ([`crate::validate::bounds`]).

use crate::lang::Lang;
use crate::time::{format_offset, offset_from_text, RecoverableTime, MAX_OFFSET_MINUTES};
use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::ops::RangeInclusive;

/// What a field expects: its format, said in the reason when something else was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A whole number, digits only.
    Whole,
    /// `HH:MM`, 24-hour (or `HHMM`).
    Time,
    /// `HH:MM:SS` (or `HH:MM`, `HHMMSS`).
    TimeSeconds,
    /// `YYYY-MM-DD` (or `YYYYMMDD`).
    Date,
    /// `YYYY-MM-DD HH:MM:SS` (or `T` between, seconds optional).
    DateTime,
    /// Up to six digits, a count of microseconds.
    Micros,
    /// `+08:00`, `-03:30`, `+0800`, `+08`, `Z`.
    Offset,
}

impl Expect {
    fn hint(self, lang: Lang) -> &'static str {
        match self {
            Expect::Whole => lang.pick("a whole number", "整数"),
            Expect::Time => lang.pick(
                "a 24-hour time as HH:MM, e.g. 01:30 or 0130",
                "24 小时制时间 HH:MM，例如 01:30 或 0130",
            ),
            Expect::TimeSeconds => lang.pick(
                "a 24-hour time as HH:MM:SS, e.g. 09:15:30 or 091530",
                "24 小时制时间 HH:MM:SS，例如 09:15:30 或 091530",
            ),
            Expect::Date => lang.pick(
                "a date as YYYY-MM-DD, e.g. 2026-11-28",
                "日期 YYYY-MM-DD，例如 2026-11-28",
            ),
            Expect::DateTime => lang.pick(
                "a date and time as YYYY-MM-DD HH:MM:SS, e.g. 2026-11-28 09:30:00",
                "日期时间 YYYY-MM-DD HH:MM:SS，例如 2026-11-28 09:30:00",
            ),
            Expect::Micros => lang.pick(
                "microseconds as up to 6 digits (12 is 000012)",
                "最多 6 位数字的微秒数（12 即 000012）",
            ),
            Expect::Offset => lang.pick(
                "the offset from UTC as ±HH:MM, e.g. +08:00",
                "与 UTC 的偏移 ±HH:MM，例如 +08:00",
            ),
        }
    }
}

/// A whole number's unit, named in the reasons about its bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Days,
    Minutes,
    Seconds,
    Percent,
    /// Resource units of a tenant's zone.
    Units,
    /// An identifier or a count without a unit.
    None,
}

impl Unit {
    /// `7 days`, `1 day`, `80%`, `7 天`.
    pub fn amount(self, n: u64, lang: Lang) -> String {
        let one = n == 1;
        let (en, zh) = match self {
            Unit::Days => (if one { " day" } else { " days" }, " 天"),
            Unit::Minutes => (if one { " minute" } else { " minutes" }, " 分钟"),
            Unit::Seconds => (if one { " second" } else { " seconds" }, " 秒"),
            Unit::Percent => ("%", "%"),
            Unit::Units => (if one { " unit" } else { " units" }, " 个单元"),
            Unit::None => ("", ""),
        };
        format!("{n}{}", lang.pick(en, zh))
    }
}

/// The bounds and unit of a whole-number field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WholeRule {
    pub min: u64,
    pub max: u64,
    pub unit: Unit,
}

impl WholeRule {
    /// A rule from a server bound ([`crate::validate::bounds`]).
    pub const fn new(range: RangeInclusive<u32>, unit: Unit) -> Self {
        Self {
            min: *range.start() as u64,
            max: *range.end() as u64,
            unit,
        }
    }

    /// Any whole number that fits `max`, for identifiers (a backup set id).
    pub const fn up_to(max: u64, unit: Unit) -> Self {
        Self { min: 0, max, unit }
    }
}

/// Why a typed value cannot be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Nothing typed where a value is needed.
    Empty(Expect),
    /// Typed so far but not a whole value yet (`01:3`, `2026-11`, `+0`).
    Incomplete(Expect),
    /// Not in the expected form (`1e3`, `1:30pm`, `28/11/2026`, `UTC+8`).
    Format(Expect),
    /// A decimal where a whole number is needed (`10.5`): never rounded, never read as 105.
    Decimal,
    /// A sign before a number (`-14`, `+3`): never dropped.
    Signed,
    Below(u64, Unit),
    Above(u64, Unit),
    /// In the form but no such time, day or offset (`24:00`, `2026-02-30`, `+15:00`).
    NoSuch(Expect),
    /// More than six digits of microseconds: never rounded.
    TooManyDigits,
}

impl InputError {
    /// What to tell the person, in `lang`: what is wrong and what to type instead.
    pub fn message(&self, lang: Lang) -> String {
        match *self {
            InputError::Empty(e) => match lang {
                Lang::En => format!("Enter {}.", e.hint(lang)),
                Lang::Zh => format!("请输入{}。", e.hint(lang)),
            },
            InputError::Incomplete(e) => match lang {
                Lang::En => format!("Not complete yet: enter {}.", e.hint(lang)),
                Lang::Zh => format!("尚未输入完整：请输入{}。", e.hint(lang)),
            },
            InputError::Format(Expect::Whole) => lang
                .pick(
                    "Type digits only: no letters, exponents, spaces or separators.",
                    "只能输入数字：不能含字母、指数、空格或分隔符。",
                )
                .to_owned(),
            InputError::Format(e) => match lang {
                Lang::En => format!("Not read as a value: enter {}.", e.hint(lang)),
                Lang::Zh => format!("无法识别：请输入{}。", e.hint(lang)),
            },
            InputError::Decimal => lang
                .pick(
                    "A whole number is needed: no decimal point.",
                    "须为整数，不能有小数点。",
                )
                .to_owned(),
            InputError::Signed => lang
                .pick(
                    "Type the number without a sign (+ or −).",
                    "请输入不带正负号的数字。",
                )
                .to_owned(),
            InputError::Below(min, unit) => match lang {
                Lang::En => format!("At least {}.", unit.amount(min, lang)),
                Lang::Zh => format!("至少为 {}。", unit.amount(min, lang)),
            },
            InputError::Above(max, unit) => match lang {
                Lang::En => format!("At most {}.", unit.amount(max, lang)),
                Lang::Zh => format!("最多为 {}。", unit.amount(max, lang)),
            },
            InputError::NoSuch(Expect::Time | Expect::TimeSeconds) => lang
                .pick(
                    "No such time: hours are 00 to 23, minutes and seconds 00 to 59.",
                    "没有这个时间：小时为 00 到 23，分钟和秒为 00 到 59。",
                )
                .to_owned(),
            InputError::NoSuch(Expect::Offset) => match lang {
                Lang::En => format!(
                    "No such offset: offsets run from -{0} to +{0}.",
                    max_offset_text()
                ),
                Lang::Zh => format!(
                    "没有这个偏移：偏移须在 -{0} 到 +{0} 之间。",
                    max_offset_text()
                ),
            },
            InputError::NoSuch(_) => lang
                .pick(
                    "No such date: check the month and the day.",
                    "没有这个日期：请检查月份和日期。",
                )
                .to_owned(),
            InputError::TooManyDigits => lang
                .pick(
                    "Microseconds have at most 6 digits; more are never rounded.",
                    "微秒最多 6 位，多出的位数不会被四舍五入。",
                )
                .to_owned(),
        }
    }
}

/// `14:00`: the largest offset, from [`MAX_OFFSET_MINUTES`].
fn max_offset_text() -> String {
    format!(
        "{:02}:{:02}",
        MAX_OFFSET_MINUTES / 60,
        MAX_OFFSET_MINUTES % 60
    )
}

fn digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// A whole number within `rule`: digits only. `10.5` is [`InputError::Decimal`], `-14`
/// [`InputError::Signed`], `1e3` [`InputError::Format`]; beyond the bounds, `Below`/`Above`.
pub fn parse_whole(text: &str, rule: WholeRule) -> Result<u64, InputError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(InputError::Empty(Expect::Whole));
    }
    if s.starts_with(['-', '+', '−']) {
        return Err(InputError::Signed);
    }
    if !digits(s) {
        let decimal = s.matches('.').count() == 1 && digits(&s.replace('.', ""));
        return Err(if decimal {
            InputError::Decimal
        } else {
            InputError::Format(Expect::Whole)
        });
    }
    // Past u64, the number is above any bound.
    let n = s
        .parse::<u64>()
        .map_err(|_| InputError::Above(rule.max, rule.unit))?;
    if n < rule.min {
        return Err(InputError::Below(rule.min, rule.unit));
    }
    if n > rule.max {
        return Err(InputError::Above(rule.max, rule.unit));
    }
    Ok(n)
}

/// As [`parse_whole`], where nothing typed means no value.
pub fn parse_optional_whole(text: &str, rule: WholeRule) -> Result<Option<u64>, InputError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_whole(text, rule).map(Some)
}

/// A 24-hour time: `H:MM`, `HH:MM` or `HHMM` (`0130` is 01:30); with `seconds`, also
/// `HH:MM:SS` and `HHMMSS`, and `HH:MM` is at second 0. Fewer digits than that are
/// [`InputError::Incomplete`]: `013` is not guessed as 00:13 or 01:30.
pub fn parse_time(text: &str, seconds: bool) -> Result<NaiveTime, InputError> {
    let expect = if seconds {
        Expect::TimeSeconds
    } else {
        Expect::Time
    };
    let s = text.trim();
    if s.is_empty() {
        return Err(InputError::Empty(expect));
    }
    let incomplete = Err(InputError::Incomplete(expect));
    let format = Err(InputError::Format(expect));
    let (h, m, sec) = if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() > if seconds { 3 } else { 2 } || !parts.iter().all(|p| digits(p)) {
            return format;
        }
        let (h, m) = (parts[0], parts[1]);
        if h.is_empty() || h.len() > 2 || m.len() > 2 || parts.get(2).is_some_and(|s| s.len() > 2) {
            return format;
        }
        if m.len() < 2 || parts.get(2).is_some_and(|s| s.len() < 2) {
            return incomplete;
        }
        (h, m, parts.get(2).copied().unwrap_or("0"))
    } else {
        if !digits(s) {
            return format;
        }
        match (s.len(), seconds) {
            (4, _) => (&s[..2], &s[2..], "0"),
            (6, true) => (&s[..2], &s[2..4], &s[4..]),
            (0..=3, _) | (5, true) => return incomplete,
            _ => return format,
        }
    };
    let n = |p: &str| p.parse::<u32>().unwrap_or(u32::MAX);
    NaiveTime::from_hms_opt(n(h), n(m), n(sec)).ok_or(InputError::NoSuch(expect))
}

/// `01:30`, or `01:30:00` with `seconds`: how a time is written back once read.
pub fn format_time(t: NaiveTime, seconds: bool) -> String {
    if seconds {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    } else {
        format!("{:02}:{:02}", t.hour(), t.minute())
    }
}

/// `YYYY-MM-DD` or `YYYYMMDD`. A shorter entry is [`InputError::Incomplete`]; a month or day
/// that does not exist (`2026-02-30`) is [`InputError::NoSuch`].
pub fn parse_date(text: &str) -> Result<NaiveDate, InputError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(InputError::Empty(Expect::Date));
    }
    let incomplete = Err(InputError::Incomplete(Expect::Date));
    let format = Err(InputError::Format(Expect::Date));
    let (y, m, d) = if s.contains('-') {
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() > 3 || !parts.iter().all(|p| digits(p)) {
            return format;
        }
        let want = [4, 2, 2];
        if parts.iter().zip(want).any(|(p, w)| p.len() > w) {
            return format;
        }
        if parts.len() < 3 || parts.iter().zip(want).any(|(p, w)| p.len() < w) {
            return incomplete;
        }
        (parts[0], parts[1], parts[2])
    } else {
        if !digits(s) {
            return format;
        }
        match s.len() {
            8 => (&s[..4], &s[4..6], &s[6..]),
            0..=7 => return incomplete,
            _ => return format,
        }
    };
    let n = |p: &str| p.parse::<u32>().unwrap_or(u32::MAX);
    NaiveDate::from_ymd_opt(n(y) as i32, n(m), n(d)).ok_or(InputError::NoSuch(Expect::Date))
}

/// `2026-11-28`.
pub fn format_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A wall-clock date and time, `YYYY-MM-DD HH:MM[:SS]` (a `T` or a space between, the parts
/// as [`parse_date`] and [`parse_time`] read them). Empty means none (an open end of a range).
pub fn parse_date_time(text: &str) -> Result<Option<NaiveDateTime>, InputError> {
    let s = text.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, t.trim()),
        None => (s, ""),
    };
    let date = parse_date(date).map_err(|e| match e {
        InputError::NoSuch(_) => InputError::NoSuch(Expect::DateTime),
        InputError::Incomplete(_) => InputError::Incomplete(Expect::DateTime),
        _ => InputError::Format(Expect::DateTime),
    })?;
    if time.is_empty() {
        return Err(InputError::Incomplete(Expect::DateTime));
    }
    let time = parse_time(time, true).map_err(|e| match e {
        InputError::NoSuch(x) => InputError::NoSuch(x),
        InputError::Incomplete(_) => InputError::Incomplete(Expect::DateTime),
        _ => InputError::Format(Expect::DateTime),
    })?;
    Ok(Some(date.and_time(time)))
}

/// `2026-11-28 09:30:15`.
pub fn format_date_time(dt: NaiveDateTime) -> String {
    format!(
        "{} {}",
        format_date(dt.date()),
        format_time(dt.time(), true)
    )
}

/// Microseconds as a count of up to six digits: `12` is 000012 µs, never 0.12 s; empty is 0.
pub fn parse_micros(text: &str) -> Result<u32, InputError> {
    let s = text.trim();
    if !digits(s) {
        return Err(InputError::Format(Expect::Micros));
    }
    if s.len() > 6 {
        return Err(InputError::TooManyDigits);
    }
    Ok(s.parse().unwrap_or(0))
}

/// An offset from UTC, `±HH:MM`, `±HHMM`, `±HH` or `Z`, as
/// [`crate::time::offset_from_text`] reads it (within ±14:00), with every digit typed: `+8`
/// and `+05:3` are [`InputError::Incomplete`], not +08:00 and +05:03. What has the form of an
/// offset but is not one (`+15:00`, `+08:60`) is [`InputError::NoSuch`].
pub fn parse_offset(text: &str) -> Result<FixedOffset, InputError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(InputError::Empty(Expect::Offset));
    }
    let format = Err(InputError::Format(Expect::Offset));
    let incomplete = Err(InputError::Incomplete(Expect::Offset));
    if !matches!(s, "Z" | "z") {
        let Some(rest) = s.strip_prefix(['+', '-']) else {
            return format;
        };
        match rest.split_once(':') {
            Some((h, m)) => {
                if !digits(h) || !digits(m) || h.len() != 2 || m.len() > 2 {
                    return format;
                }
                if m.len() < 2 {
                    return incomplete;
                }
            }
            None if !digits(rest) => return format,
            None => match rest.len() {
                2 | 4 => {}
                0 | 1 | 3 => return incomplete,
                _ => return format,
            },
        }
    }
    offset_from_text(s).ok_or(InputError::NoSuch(Expect::Offset))
}

/// One part of a typed point in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointPart {
    Date,
    Time,
    Micros,
    Offset,
}

/// A point typed as a date, a time to the second, microseconds and the offset they are in:
/// the instant to the microsecond, written in that offset. `Ok(None)` while date, time and
/// microseconds are all empty (no point typed); otherwise every part must read, and the first
/// that does not is named with its reason.
pub fn parse_point(
    date: &str,
    time: &str,
    micros: &str,
    offset: &str,
) -> Result<Option<RecoverableTime>, (PointPart, InputError)> {
    if [date, time, micros].iter().all(|s| s.trim().is_empty()) {
        return Ok(None);
    }
    let d = parse_date(date).map_err(|e| (PointPart::Date, e))?;
    let t = parse_time(time, true).map_err(|e| (PointPart::Time, e))?;
    let us = parse_micros(micros).map_err(|e| (PointPart::Micros, e))?;
    let o = parse_offset(offset).map_err(|e| (PointPart::Offset, e))?;
    let wall = d.and_time(t).and_utc().timestamp() - i64::from(o.local_minus_utc());
    let at = wall
        .checked_mul(1_000_000)
        .and_then(|s| s.checked_add(i64::from(us)))
        .and_then(|us| RecoverableTime::from_micros(us, o));
    at.map(Some)
        .ok_or((PointPart::Date, InputError::NoSuch(Expect::Date)))
}

/// The parts a point is typed in, shown in `offset`: date, time to the second, microseconds
/// (six digits) and the offset, as [`parse_point`] reads them back.
pub fn point_parts(at: RecoverableTime, offset: FixedOffset) -> [String; 4] {
    let dt = at.datetime().with_timezone(&offset);
    [
        format_date(dt.date_naive()),
        format_time(dt.time(), true),
        format!("{:06}", at.timestamp_micros().rem_euclid(1_000_000)),
        format_offset(offset),
    ]
}

/// What a field takes: the reader [`Kind::problem`] checks it with, and the usual form
/// [`Kind::canonical`] writes a value back in once the field is left (`0130` → `01:30`, `12` µs
/// → `000012`, `+0800` → `+08:00`, `007` → `7`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number within its bounds.
    Whole(WholeRule),
    Time,
    TimeSeconds,
    Date,
    /// A date and time; empty is no value (an open end).
    DateTime,
    Micros,
    Offset,
}

impl Kind {
    /// Why `text` cannot be taken (`None`: it can). Empty is refused only when `required`.
    pub fn problem(self, text: &str, required: bool) -> Option<InputError> {
        if text.trim().is_empty() && !required {
            return None;
        }
        match self {
            Kind::Whole(rule) => parse_whole(text, rule).err(),
            Kind::Time => parse_time(text, false).err(),
            Kind::TimeSeconds => parse_time(text, true).err(),
            Kind::Date => parse_date(text).err(),
            Kind::DateTime => match parse_date_time(text) {
                Ok(None) => Some(InputError::Empty(Expect::DateTime)),
                r => r.err(),
            },
            Kind::Micros => parse_micros(text).err(),
            Kind::Offset => parse_offset(text).err(),
        }
    }

    /// The value `text` reads as, written in its usual form; `None` when it does not read (it
    /// is then kept exactly as typed).
    pub fn canonical(self, text: &str) -> Option<String> {
        if text.trim().is_empty() {
            return None;
        }
        match self {
            Kind::Whole(_) => parse_whole(text, WholeRule::up_to(u64::MAX, Unit::None))
                .ok()
                .map(|n| n.to_string()),
            Kind::Time => parse_time(text, false).ok().map(|t| format_time(t, false)),
            Kind::TimeSeconds => parse_time(text, true).ok().map(|t| format_time(t, true)),
            Kind::Date => parse_date(text).ok().map(format_date),
            Kind::DateTime => parse_date_time(text).ok().flatten().map(format_date_time),
            Kind::Micros => parse_micros(text).ok().map(|n| format!("{n:06}")),
            Kind::Offset => parse_offset(text).ok().map(format_offset),
        }
    }
}

#[cfg(test)]
mod tests;
