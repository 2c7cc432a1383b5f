//! OCP's date-time formats differ by field (ocp-api.md 1.5). One parser reads all of them;
//! a zero-sized style parameter says how a field is written back, so the emulator emits
//! exactly what a real OCP emits and a client never has to care.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// Why a date-time string could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeParseError {
    pub input: String,
    pub reason: &'static str,
}

impl fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read time {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for TimeParseError {}

/// How a field is written on the wire.
pub trait TimeStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String;
}

/// Task rows and overview times: `2021-09-16T17:25:02.993+0800` (offset without colon).
#[derive(Clone, Copy, Debug, Default)]
pub struct TaskStyle;
/// Recoverable info: `2021-09-16T02:00:10.986847+08:00` (microseconds).
#[derive(Clone, Copy, Debug, Default)]
pub struct MicroStyle;
/// Cluster and strategy `createTime`: `2020-11-29T22:23:12+08:00` (no fraction).
#[derive(Clone, Copy, Debug, Default)]
pub struct SecondStyle;
/// Envelope `timestamp` and query parameters: `2021-09-23T14:49:34.885+08:00`.
#[derive(Clone, Copy, Debug, Default)]
pub struct MilliStyle;
/// Tenant data and restore rows (ocp-api.md 2b.2): UTC with microseconds,
/// `2024-08-09T08:00:52.151857Z`, whatever offset the instant was given in.
#[derive(Clone, Copy, Debug, Default)]
pub struct UtcMicroStyle;
/// Tenant `/backup/info` times (ocp-api.md 2b.2): nanoseconds with trailing zeros dropped and a
/// colon offset, `2024-08-02T16:01:41.862678516+08:00`, `….21621827+08:00`; a whole second has
/// no fraction (`1970-01-01T08:00:00+08:00`, the OB 4.x `freezeTime` placeholder).
#[derive(Clone, Copy, Debug, Default)]
pub struct NanoStyle;
/// Tenant strategy `createTime` / `updateTime` (ocp-api.md 2b.2): milliseconds, offset without
/// a colon, `2024-08-02T14:54:45.000+0800` (the same text as [`TaskStyle`]).
pub type StrategyStyle = TaskStyle;
/// Tenant query parameters `startTime` / `endTime` (ocp-api.md 2b.2): UTC whole seconds,
/// `2024-08-06T00:00:00Z` (`YYYY-MM-DDThh:mm:ssZ`; a fraction is truncated).
#[derive(Clone, Copy, Debug, Default)]
pub struct UtcSecondStyle;

impl TimeStyle for TaskStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String {
        let o = format_offset(*dt.offset()).replace(':', "");
        format!("{}{o}", wall_clock(dt, 'T', 3))
    }
}
impl TimeStyle for MicroStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String {
        format!("{}{}", wall_clock(dt, 'T', 6), format_offset(*dt.offset()))
    }
}
impl TimeStyle for SecondStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String {
        format!("{}{}", wall_clock(dt, 'T', 0), format_offset(*dt.offset()))
    }
}
impl TimeStyle for UtcMicroStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String {
        format!("{}Z", wall_clock(&dt.to_utc().fixed_offset(), 'T', 6))
    }
}
impl TimeStyle for UtcSecondStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String {
        format!("{}Z", wall_clock(&dt.to_utc().fixed_offset(), 'T', 0))
    }
}
impl TimeStyle for NanoStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String {
        let mut s = wall_clock(dt, 'T', 9);
        while s.ends_with('0') && s.contains('.') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        format!("{s}{}", format_offset(*dt.offset()))
    }
}
impl TimeStyle for MilliStyle {
    fn write(dt: &DateTime<FixedOffset>) -> String {
        format!("{}{}", wall_clock(dt, 'T', 3), format_offset(*dt.offset()))
    }
}

/// `2021-09-16T17:25:02.993`: the wall clock of `dt` in its own offset, date and time joined
/// by `sep`, with `fraction` digits (0, 3, 6 or 9) of the second, truncated. Written by hand:
/// chrono's `format` strings cost about 10 KiB of gzipped wasm.
pub fn wall_clock(dt: &DateTime<FixedOffset>, sep: char, fraction: u32) -> String {
    naive_wall_clock(&dt.naive_local(), sep, fraction)
}

fn naive_wall_clock(dt: &chrono::NaiveDateTime, sep: char, fraction: u32) -> String {
    use chrono::{Datelike, Timelike};
    let mut s = format!(
        "{:04}-{:02}-{:02}{sep}{:02}:{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    // A leap second carries its extra second in the nanoseconds.
    let nanos = dt.nanosecond() % 1_000_000_000;
    match fraction {
        3 => s.push_str(&format!(".{:03}", nanos / 1_000_000)),
        6 => s.push_str(&format!(".{:06}", nanos / 1_000)),
        9 => s.push_str(&format!(".{nanos:09}")),
        _ => {}
    }
    s
}

/// A point in time as OCP sends it: the instant together with the offset it was given in.
pub struct OcpTime<S = MilliStyle> {
    dt: DateTime<FixedOffset>,
    style: PhantomData<S>,
}

pub type TaskTime = OcpTime<TaskStyle>;
pub type RecoverableTime = OcpTime<MicroStyle>;
pub type CreateTime = OcpTime<SecondStyle>;
/// Tenant data and restore row times (ocp-api.md 2b.2).
pub type UtcMicroTime = OcpTime<UtcMicroStyle>;
/// Tenant `/backup/info` times (ocp-api.md 2b.2).
pub type NanoTime = OcpTime<NanoStyle>;
pub type StampTime = OcpTime<MilliStyle>;

impl<S> OcpTime<S> {
    pub fn new(dt: DateTime<FixedOffset>) -> Self {
        Self {
            dt,
            style: PhantomData,
        }
    }
    pub fn from_utc(dt: DateTime<Utc>, offset: FixedOffset) -> Self {
        Self::new(dt.with_timezone(&offset))
    }
    pub fn from_millis(ms: i64, offset: FixedOffset) -> Option<Self> {
        Some(Self::new(
            DateTime::from_timestamp_millis(ms)?.with_timezone(&offset),
        ))
    }
    /// From epoch microseconds, written in `offset`: nothing below the microsecond is lost.
    pub fn from_micros(us: i64, offset: FixedOffset) -> Option<Self> {
        Some(Self::new(
            DateTime::from_timestamp_micros(us)?.with_timezone(&offset),
        ))
    }
    pub fn datetime(&self) -> DateTime<FixedOffset> {
        self.dt
    }
    pub fn offset(&self) -> FixedOffset {
        *self.dt.offset()
    }
    pub fn timestamp_millis(&self) -> i64 {
        self.dt.timestamp_millis()
    }
    pub fn timestamp_micros(&self) -> i64 {
        self.dt.timestamp_micros()
    }
    /// The same instant, written in another field's style.
    pub fn restyle<T>(&self) -> OcpTime<T> {
        OcpTime::new(self.dt)
    }
    pub fn parse(s: &str) -> Result<Self, TimeParseError> {
        parse_datetime(s).map(Self::new)
    }
    /// `2021-09-16 17:25:02 +08:00`: what people read, always with its offset.
    pub fn display(&self) -> String {
        format_with_offset(&self.dt)
    }
    /// The same instant shown in another offset (the browser's, UTC), with that offset.
    pub fn display_in(&self, offset: FixedOffset) -> String {
        format_with_offset(&self.dt.with_timezone(&offset))
    }
}

impl<S: TimeStyle> OcpTime<S> {
    pub fn to_wire(&self) -> String {
        S::write(&self.dt)
    }
}

/// `2021-09-16 17:25:02 +08:00`.
pub fn format_with_offset(dt: &DateTime<FixedOffset>) -> String {
    format!("{} {}", wall_clock(dt, ' ', 0), format_offset(*dt.offset()))
}

/// Reads an offset as people and OCP write it: `+08:00`, `+0800`, `+08`, `-03:00`, `+05:30`,
/// `Z`. `None` for anything else: an offset is never guessed.
pub fn offset_from_text(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let mut c = Cursor {
        s: s.as_bytes(),
        pos: 0,
    };
    let offset = parse_offset(&mut c, s).ok()?;
    c.done().then_some(offset)
}

/// `+08:00`, `-03:30`, `+00:00`.
pub fn format_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

impl<S> Clone for OcpTime<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for OcpTime<S> {}
impl<S> PartialEq for OcpTime<S> {
    /// Same instant *and* same offset: a re-encoded value must come back as it went.
    fn eq(&self, other: &Self) -> bool {
        self.dt == other.dt && self.dt.offset() == other.dt.offset()
    }
}
impl<S> Eq for OcpTime<S> {}
impl<S> PartialOrd for OcpTime<S> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<S> Ord for OcpTime<S> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.dt.cmp(&other.dt).then_with(|| {
            self.dt
                .offset()
                .local_minus_utc()
                .cmp(&other.dt.offset().local_minus_utc())
        })
    }
}
impl<S> Hash for OcpTime<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.dt.hash(state)
    }
}
impl<S> fmt::Debug for OcpTime<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OcpTime({})", MicroStyle::write(&self.dt))
    }
}
impl<S> fmt::Display for OcpTime<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}
impl<S> From<DateTime<FixedOffset>> for OcpTime<S> {
    fn from(dt: DateTime<FixedOffset>) -> Self {
        Self::new(dt)
    }
}

impl<S: TimeStyle> Serialize for OcpTime<S> {
    fn serialize<Se: Serializer>(&self, serializer: Se) -> Result<Se::Ok, Se::Error> {
        serializer.serialize_str(&self.to_wire())
    }
}

impl<'de, S> Deserialize<'de> for OcpTime<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<S>(PhantomData<S>);
        impl<S> serde::de::Visitor<'_> for Visit<S> {
            type Value = OcpTime<S>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date-time with an offset")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
                OcpTime::parse(s).map_err(E::custom)
            }
            // Epoch milliseconds: not in the reference, but harmless to accept.
            fn visit_i64<E: serde::de::Error>(self, ms: i64) -> Result<Self::Value, E> {
                OcpTime::from_millis(ms, Utc.fix())
                    .ok_or_else(|| E::custom("epoch milliseconds out of range"))
            }
            fn visit_u64<E: serde::de::Error>(self, ms: u64) -> Result<Self::Value, E> {
                self.visit_i64(
                    i64::try_from(ms).map_err(|_| E::custom("epoch milliseconds out of range"))?,
                )
            }
        }
        deserializer.deserialize_any(Visit(PhantomData))
    }
}

/// A small cursor over ASCII input.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let c = self.peek()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
            self.pos += 1;
        }
        Some(v)
    }
    fn done(&self) -> bool {
        self.pos == self.s.len()
    }
}

fn err(input: &str, reason: &'static str) -> TimeParseError {
    TimeParseError {
        input: input.to_owned(),
        reason,
    }
}

/// `HH:MM[:SS[.f{1,9}]]`.
fn parse_clock(c: &mut Cursor<'_>, input: &str) -> Result<NaiveTime, TimeParseError> {
    let h = c.digits(2).ok_or_else(|| err(input, "expected hour HH"))?;
    if !c.eat(b':') {
        return Err(err(input, "expected ':' after the hour"));
    }
    let m = c
        .digits(2)
        .ok_or_else(|| err(input, "expected minutes MM"))?;
    let mut s = 0;
    let mut nanos = 0;
    if c.eat(b':') {
        s = c
            .digits(2)
            .ok_or_else(|| err(input, "expected seconds SS"))?;
        if c.eat(b'.') || c.eat(b',') {
            let mut n = 0;
            let mut count = 0;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                if count < 9 {
                    n = n * 10 + u32::from(d - b'0');
                }
                count += 1;
                c.pos += 1;
            }
            if count == 0 {
                return Err(err(input, "expected digits after the decimal point"));
            }
            for _ in count.min(9)..9 {
                n *= 10;
            }
            nanos = n;
        }
    }
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
        .ok_or_else(|| err(input, "time of day out of range"))
}

/// The largest offset from UTC in use anywhere (Kiribati's +14:00; the lowest is -12:00).
/// Offsets beyond it, `+23:59` say, are refused wherever a time is read, on both sides.
pub const MAX_OFFSET_MINUTES: u32 = 14 * 60;

/// `Z`, `+08:00`, `+0800` or `+08`, within ±[`MAX_OFFSET_MINUTES`].
fn parse_offset(c: &mut Cursor<'_>, input: &str) -> Result<FixedOffset, TimeParseError> {
    if c.eat(b'Z') || c.eat(b'z') {
        return FixedOffset::east_opt(0).ok_or_else(|| err(input, "offset"));
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return Err(err(input, "expected an offset (Z, +08:00 or +0800)"));
    };
    let h = c
        .digits(2)
        .ok_or_else(|| err(input, "expected offset hours"))?;
    let colon = c.eat(b':');
    let m = match c.digits(2) {
        Some(m) => m,
        None if !colon => 0,
        None => return Err(err(input, "expected offset minutes")),
    };
    if m > 59 || h * 60 + m > MAX_OFFSET_MINUTES {
        return Err(err(input, "offset out of range (at most ±14:00)"));
    }
    FixedOffset::east_opt(sign * (h as i32 * 3600 + m as i32 * 60))
        .ok_or_else(|| err(input, "offset out of range"))
}

/// Reads every date-time format of ocp-api.md 1.5: `T` or space between date and time,
/// 0–9 fraction digits, offsets `Z`, `+08:00` or `+0800`.
pub fn parse_datetime(input: &str) -> Result<DateTime<FixedOffset>, TimeParseError> {
    let trimmed = input.trim();
    let mut c = Cursor {
        s: trimmed.as_bytes(),
        pos: 0,
    };
    let y = c
        .digits(4)
        .ok_or_else(|| err(input, "expected year YYYY"))?;
    if !c.eat(b'-') {
        return Err(err(input, "expected '-' after the year"));
    }
    let mo = c.digits(2).ok_or_else(|| err(input, "expected month MM"))?;
    if !c.eat(b'-') {
        return Err(err(input, "expected '-' after the month"));
    }
    let d = c.digits(2).ok_or_else(|| err(input, "expected day DD"))?;
    let date =
        NaiveDate::from_ymd_opt(y as i32, mo, d).ok_or_else(|| err(input, "no such date"))?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err(err(input, "expected 'T' between date and time"));
    }
    let time = parse_clock(&mut c, input)?;
    let offset = parse_offset(&mut c, input)?;
    if !c.done() {
        return Err(err(input, "unexpected text after the offset"));
    }
    offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .ok_or_else(|| err(input, "time out of range"))
}

/// A time of day with its offset, as in `backupScheduleTime`: `02:00:00.000+08:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    pub time: NaiveTime,
    pub offset: FixedOffset,
}

impl TimeOfDay {
    pub fn new(hour: u32, minute: u32, offset: FixedOffset) -> Option<Self> {
        Some(Self {
            time: NaiveTime::from_hms_opt(hour, minute, 0)?,
            offset,
        })
    }
    pub fn parse(input: &str) -> Result<Self, TimeParseError> {
        let trimmed = input.trim();
        let mut c = Cursor {
            s: trimmed.as_bytes(),
            pos: 0,
        };
        let time = parse_clock(&mut c, input)?;
        let offset = parse_offset(&mut c, input)?;
        if !c.done() {
            return Err(err(input, "unexpected text after the offset"));
        }
        Ok(Self { time, offset })
    }
    /// Wire format: `02:00:00.000+08:00`.
    pub fn to_wire(&self) -> String {
        format!(
            "{:02}:{:02}:{:02}.{:03}{}",
            self.time.hour(),
            self.time.minute(),
            self.time.second(),
            self.time.nanosecond() / 1_000_000,
            format_offset(self.offset)
        )
    }
    /// `02:00 +08:00`.
    pub fn display(&self) -> String {
        format!("{} {}", self.hh_mm(), format_offset(self.offset))
    }
    /// `HH:MM`, without the offset.
    pub fn hh_mm(&self) -> String {
        use chrono::Timelike;
        format!("{:02}:{:02}", self.time.hour(), self.time.minute())
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_wire())
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A wall-clock time as an `<input type="datetime-local">` holds it (`2026-11-28T09:30` or
/// `2026-11-28T09:30:15`): no offset; the caller says which one applies. Hand-written, as
/// chrono's format parser costs the wasm about 10 KB.
pub fn parse_wall_clock(s: &str) -> Option<chrono::NaiveDateTime> {
    let (date, time) = s.trim().split_once('T')?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.splitn(3, ':');
    let h = t.next()?.parse::<u32>().ok()?;
    let min = t.next()?.parse::<u32>().ok()?;
    // Seconds may carry a fraction (`15.250`); whole seconds are what the input shows.
    let sec = match t.next() {
        Some(sec) => sec.split('.').next()?.parse::<u32>().ok()?,
        None => 0,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, day)?.and_hms_opt(h, min, sec)
}

/// The value an `<input type="datetime-local" step="1">` takes: `2026-11-28T09:30:15`.
pub fn format_wall_clock(dt: &chrono::NaiveDateTime) -> String {
    naive_wall_clock(dt, 'T', 0)
}

/// `+08:00` as a chrono offset; for literals in tests and the seed.
pub fn offset_hours(h: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600).unwrap_or_else(|| Utc.fix())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wall_clock_is_written_by_hand_as_chrono_would() {
        let dt = parse_datetime("2026-01-02T03:04:05.123456789-03:30").unwrap();
        assert_eq!(wall_clock(&dt, 'T', 0), "2026-01-02T03:04:05");
        assert_eq!(wall_clock(&dt, ' ', 3), "2026-01-02 03:04:05.123");
        assert_eq!(wall_clock(&dt, 'T', 6), "2026-01-02T03:04:05.123456");
        assert_eq!(TaskTime::new(dt).to_wire(), "2026-01-02T03:04:05.123-0330");
        assert_eq!(format_with_offset(&dt), "2026-01-02 03:04:05 -03:30");
    }

    #[test]
    fn offsets_are_read_as_written_and_never_guessed() {
        assert_eq!(offset_from_text("+08:00"), Some(offset_hours(8)));
        assert_eq!(offset_from_text("+0800"), Some(offset_hours(8)));
        assert_eq!(offset_from_text("Z"), Some(offset_hours(0)));
        assert_eq!(
            offset_from_text("+05:30"),
            FixedOffset::east_opt(5 * 3600 + 30 * 60)
        );
        assert_eq!(offset_from_text("-03:00"), Some(offset_hours(-3)));
        assert_eq!(offset_from_text("+14:00"), Some(offset_hours(14)));
        assert_eq!(offset_from_text("-1400"), Some(offset_hours(-14)));
        assert_eq!(
            TimeOfDay::parse("02:00:00.000+23:59").unwrap_err().reason,
            "offset out of range (at most ±14:00)"
        );
        assert!(parse_datetime("2026-11-24T10:00:00+23:59").is_err());
        for bad in [
            "",
            "8",
            "+8",
            "08:00",
            "+08:0",
            "+24:00",
            "+23:59",
            "-14:01",
            "+1401",
            "+15",
            "+08:60",
            "UTC+8",
            "+08:00:00",
        ] {
            assert_eq!(offset_from_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_time_from_microseconds_keeps_every_one() {
        let t = RecoverableTime::from_micros(1_764_381_600_123_457, offset_hours(8)).unwrap();
        assert_eq!(t.to_wire(), "2025-11-29T10:00:00.123457+08:00");
        assert_eq!(t.timestamp_micros(), 1_764_381_600_123_457);
    }

    use super::*;

    #[test]
    fn wall_clock_inputs_read_and_write() {
        let dt = parse_wall_clock("2026-11-28T09:30:15").unwrap();
        assert_eq!(format_wall_clock(&dt), "2026-11-28T09:30:15");
        assert_eq!(
            format_wall_clock(&parse_wall_clock("2026-02-03T04:05").unwrap()),
            "2026-02-03T04:05:00"
        );
        assert_eq!(
            format_wall_clock(&parse_wall_clock("2026-02-03T04:05:06.789").unwrap()),
            "2026-02-03T04:05:06"
        );
        for bad in [
            "",
            "2026-11-28",
            "2026-13-01T00:00",
            "2026-02-30T00:00",
            "x-1-1T1:1",
            "2026-11-28T25:00",
        ] {
            assert_eq!(parse_wall_clock(bad), None, "{bad}");
        }
    }

    fn ts(s: &str) -> StampTime {
        StampTime::parse(s).unwrap()
    }

    #[test]
    fn reads_every_documented_format() {
        let cases = [
            ("2021-09-23T14:49:34.885+08:00", 1_632_379_774_885_000),
            ("2021-09-23T14:49:34.48+08:00", 1_632_379_774_480_000),
            ("2021-09-16T17:25:02.993+0800", 1_631_784_302_993_000),
            ("2021-09-16T02:00:10.986847+08:00", 1_631_728_810_986_847),
            ("2020-11-29T22:23:12+08:00", 1_606_659_792_000_000),
            ("2024-08-06T00:00:00Z", 1_722_902_400_000_000),
            ("2024-08-06 00:00:00.123456789-03:30", 1_722_915_000_123_456),
            ("2024-08-06T08:00+08", 1_722_902_400_000_000),
        ];
        for (s, micros) in cases {
            assert_eq!(ts(s).timestamp_micros(), micros, "{s}");
        }
    }

    #[test]
    fn keeps_the_offset_it_was_given() {
        assert_eq!(ts("2021-09-16T17:25:02.993+0800").offset(), offset_hours(8));
        assert_eq!(ts("2024-08-06T00:00:00Z").offset(), offset_hours(0));
    }

    #[test]
    fn rejects_what_is_not_a_time_with_a_reason() {
        for bad in [
            "",
            "2021-09-16",
            "2021-13-01T00:00:00Z",
            "2021-09-16T25:00:00Z",
            "2021-09-16T17:25:02",
            "2021-09-16T17:25:02+08:00junk",
            "2021-02-30T00:00:00Z",
            "2021-09-16T17:25:02.+08:00",
        ] {
            let e = StampTime::parse(bad).unwrap_err();
            assert!(!e.reason.is_empty(), "{bad}");
        }
    }

    #[test]
    fn writes_each_field_in_its_real_style() {
        let dt = parse_datetime("2021-09-16T02:00:10.986847+08:00").unwrap();
        assert_eq!(TaskTime::new(dt).to_wire(), "2021-09-16T02:00:10.986+0800");
        assert_eq!(
            RecoverableTime::new(dt).to_wire(),
            "2021-09-16T02:00:10.986847+08:00"
        );
        assert_eq!(CreateTime::new(dt).to_wire(), "2021-09-16T02:00:10+08:00");
        assert_eq!(
            StampTime::new(dt).to_wire(),
            "2021-09-16T02:00:10.986+08:00"
        );
        let neg = parse_datetime("2021-09-16T02:00:10.5-0330").unwrap();
        assert_eq!(TaskTime::new(neg).to_wire(), "2021-09-16T02:00:10.500-0330");
    }

    #[test]
    fn round_trips_through_json_in_each_style() {
        let s = "\"2021-09-16T17:25:02.993+0800\"";
        let t: TaskTime = serde_json::from_str(s).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), s);
        let s = "\"2021-09-16T02:00:10.986847+08:00\"";
        let t: RecoverableTime = serde_json::from_str(s).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), s);
        let t: CreateTime = serde_json::from_str("\"2020-11-29T22:23:12+08:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2020-11-29T22:23:12+08:00\""
        );
        let t: StampTime = serde_json::from_str("1632379774885").unwrap();
        assert_eq!(t.timestamp_millis(), 1_632_379_774_885);
    }

    #[test]
    fn displays_with_offset_and_in_other_offsets() {
        let t = ts("2021-09-16T17:25:02.993+0800");
        assert_eq!(t.display(), "2021-09-16 17:25:02 +08:00");
        assert_eq!(t.display_in(offset_hours(0)), "2021-09-16 09:25:02 +00:00");
        assert_eq!(
            format_offset(FixedOffset::east_opt(-(3 * 3600 + 1800)).unwrap()),
            "-03:30"
        );
    }

    #[test]
    fn time_of_day_reads_and_writes_the_schedule_format() {
        let t = TimeOfDay::parse("02:00:00.000+08:00").unwrap();
        assert_eq!(t.time, NaiveTime::from_hms_opt(2, 0, 0).unwrap());
        assert_eq!(t.offset, offset_hours(8));
        assert_eq!(t.to_wire(), "02:00:00.000+08:00");
        assert_eq!(
            TimeOfDay::parse("23:30:00+0530").unwrap().to_wire(),
            "23:30:00.000+05:30"
        );
        assert_eq!(
            TimeOfDay::parse("02:00Z").unwrap().display(),
            "02:00 +00:00"
        );
        assert!(TimeOfDay::parse("02:00:00").is_err());
        assert!(TimeOfDay::parse("2am+08:00").is_err());
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<TimeOfDay>(&json).unwrap(), t);
    }
}
