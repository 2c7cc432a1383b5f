use super::*;
use crate::time::{offset_hours, RecoverableTime};

/// Epoch microseconds of an RFC 3339 time with any fraction (to the microsecond).
fn us(s: &str) -> i64 {
    RecoverableTime::parse(s).unwrap().timestamp_micros()
}

fn w(a: &str, b: &str) -> Window {
    Window {
        start_us: us(a),
        end_us: us(b),
    }
}

fn offset(secs: i32) -> FixedOffset {
    FixedOffset::east_opt(secs).unwrap()
}

#[test]
fn unsorted_overlapping_touching_and_zero_length_windows_merge() {
    let windows = RecoverableWindows::new([
        w("2026-11-20T10:00:00Z", "2026-11-20T12:00:00Z"),
        // Unsorted, and overlapping the one above.
        w("2026-11-20T08:00:00Z", "2026-11-20T10:30:00Z"),
        // Touching: starts where the previous one ends.
        w("2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z"),
        // Leaves no whole microsecond between: one stretch too.
        w("2026-11-20T13:00:00.000001Z", "2026-11-20T14:00:00Z"),
        // A zero-length window: one instant, kept.
        w("2026-11-22T00:00:00Z", "2026-11-22T00:00:00Z"),
        // Apart by one microsecond: a gap of one microsecond, two windows.
        w("2026-11-21T00:00:00Z", "2026-11-21T01:00:00Z"),
        w("2026-11-21T01:00:00.000002Z", "2026-11-21T02:00:00Z"),
    ]);
    assert_eq!(
        windows.windows(),
        &[
            w("2026-11-20T08:00:00Z", "2026-11-20T14:00:00Z"),
            w("2026-11-21T00:00:00Z", "2026-11-21T01:00:00Z"),
            w("2026-11-21T01:00:00.000002Z", "2026-11-21T02:00:00Z"),
            w("2026-11-22T00:00:00Z", "2026-11-22T00:00:00Z"),
        ]
    );
    assert_eq!(windows.len(), 4, "counted after merging");
    assert!(windows.contains(us("2026-11-22T00:00:00Z")));
    assert_eq!(windows.latest(), Some(us("2026-11-22T00:00:00Z")));
    assert!(RecoverableWindows::new([]).is_empty());
}

#[test]
fn both_edges_are_included_to_the_microsecond_and_one_microsecond_out_is_not() {
    let win = w(
        "2026-11-20T02:00:10.986847+08:00",
        "2026-11-21T02:00:10.986847+08:00",
    );
    let windows = RecoverableWindows::new([win]);
    for inside in [win.start_us, win.end_us, win.start_us + 1, win.end_us - 1] {
        assert_eq!(windows.pick(inside, 0), Pick::Inside(inside));
    }
    for outside in [win.start_us - 1, win.end_us + 1] {
        assert!(!windows.contains(outside));
        assert_eq!(windows.pick(outside, 0).instant(), None);
    }
}

#[test]
fn a_click_just_outside_snaps_onto_the_edge_and_one_in_a_gap_names_the_nearest_points() {
    let a = w("2026-11-20T00:00:00Z", "2026-11-20T10:00:00Z");
    let b = w("2026-11-20T16:00:00Z", "2026-11-21T00:00:00Z");
    let windows = RecoverableWindows::new([a, b]);
    let snap = 5 * US_PER_MINUTE;
    // Just before the start of the first, just after the end of each.
    assert_eq!(
        windows.pick(a.start_us - US_PER_MINUTE, snap),
        Pick::Snapped {
            at_us: a.start_us,
            asked_us: a.start_us - US_PER_MINUTE
        }
    );
    assert_eq!(
        windows.pick(a.end_us + snap, snap).instant(),
        Some(a.end_us)
    );
    assert_eq!(
        windows.pick(b.start_us - 1, snap).instant(),
        Some(b.start_us)
    );
    assert_eq!(windows.pick(b.end_us + 3, snap).instant(), Some(b.end_us));
    // In the middle of the gap: refused, both sides named.
    let noon = us("2026-11-20T13:00:00Z");
    assert_eq!(
        windows.pick(noon, snap),
        Pick::Refused {
            asked_us: noon,
            before_us: Some(a.end_us),
            after_us: Some(b.start_us)
        }
    );
    // Before everything, after everything.
    let early = a.start_us - US_PER_DAY;
    assert_eq!(
        windows.pick(early, snap),
        Pick::Refused {
            asked_us: early,
            before_us: None,
            after_us: Some(a.start_us)
        }
    );
    assert_eq!(
        windows.pick(b.end_us + US_PER_DAY, snap),
        Pick::Refused {
            asked_us: b.end_us + US_PER_DAY,
            before_us: Some(b.end_us),
            after_us: None
        }
    );
    assert_eq!(RecoverableWindows::default().pick(0, snap), Pick::NoWindow);
}

#[test]
fn gaps_between_windows_with_their_lengths() {
    let windows = RecoverableWindows::new([
        w("2026-11-20T00:00:00Z", "2026-11-20T10:00:00Z"),
        w("2026-11-20T16:00:00Z", "2026-11-21T00:00:00Z"),
        w("2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z"),
    ]);
    let gaps = windows.gaps(us("2026-11-19T00:00:00Z"), us("2026-11-25T00:00:00Z"));
    assert_eq!(gaps.len(), 2);
    assert_eq!(gaps[0].len_us(), 6 * US_PER_HOUR);
    assert_eq!(gaps[1].len_us(), 2 * US_PER_DAY);
    // Only the gaps that reach into the view.
    let gaps = windows.gaps(us("2026-11-22T00:00:00Z"), us("2026-11-25T00:00:00Z"));
    assert_eq!(
        gaps,
        vec![Gap {
            after_us: us("2026-11-21T00:00:00Z"),
            before_us: us("2026-11-23T00:00:00Z")
        }]
    );
}

#[test]
fn rounding_moves_a_point_into_its_window_never_out() {
    let win = w("2026-11-20T10:00:00.400000Z", "2026-11-20T10:00:05.700000Z");
    let second = US_PER_SECOND;
    // Nearest whole second inside: as usual.
    assert_eq!(
        round_inward(us("2026-11-20T10:00:02.300000Z"), second, win),
        us("2026-11-20T10:00:02Z")
    );
    // Near the start, the nearest second (10:00:00) lies before the window: up instead.
    assert_eq!(
        round_inward(win.start_us, second, win),
        us("2026-11-20T10:00:01Z")
    );
    // Near the end, 10:00:06 lies after it: down instead.
    assert_eq!(
        round_inward(win.end_us, second, win),
        us("2026-11-20T10:00:05Z")
    );
    // A window shorter than the unit with no whole second in it: kept exactly.
    let tiny = w("2026-11-20T10:00:00.100000Z", "2026-11-20T10:00:00.200000Z");
    let t = us("2026-11-20T10:00:00.150000Z");
    assert_eq!(round_inward(t, second, tiny), t);
    assert_eq!(round_inward(t, 1, tiny), t);
}

#[test]
fn day_ticks_fall_on_each_offsets_own_midnight() {
    let from = us("2026-11-20T00:00:00Z");
    let to = us("2026-11-27T00:00:00Z");
    for secs in [8 * 3600, 5 * 3600 + 1800, -3 * 3600, 0] {
        let o = offset(secs);
        let t = ticks(from, to, o, 10);
        assert!(!t.is_empty() && t.len() <= 10, "{secs}: {}", t.len());
        for tick in &t {
            let local = o.timestamp_micros(tick.at_us).single().unwrap();
            assert_eq!(
                (local.hour(), local.minute(), local.second()),
                (0, 0, 0),
                "{secs}"
            );
            assert!(tick.day);
            assert_eq!(
                tick.label,
                format!("{:02}-{:02}", local.month(), local.day())
            );
            assert!((from..=to).contains(&tick.at_us));
        }
    }
    // +05:30: the first midnight after 2026-11-20T00:00Z is 2026-11-20T18:30Z.
    let t = ticks(from, to, offset(5 * 3600 + 1800), 10);
    assert_eq!(t[0].at_us, us("2026-11-20T18:30:00Z"));
    assert_eq!(t[0].label, "11-21");
}

#[test]
fn hour_ticks_cross_day_boundaries_with_the_date() {
    // 18 hours across a midnight at +08:00: every 2 hours, midnight labelled with the date.
    let from = us("2026-11-20T12:00:00Z"); // 20:00 +08:00
    let to = us("2026-11-21T06:00:00Z"); // 14:00 +08:00
    let t = ticks(from, to, offset_hours(8), 12);
    let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "20:00", "22:00", "11-21", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00",
            "14:00"
        ]
    );
    assert_eq!(t.iter().filter(|t| t.day).count(), 1);
    // A negative offset's hours.
    let t = ticks(from, to, offset_hours(-5), 12);
    // 07:00 there; ticks on even hours.
    assert_eq!(t[0].label, "08:00");
    assert_eq!(
        t.iter().find(|t| t.day).map(|t| t.label.as_str()),
        Some("11-21")
    );
    assert!(ticks(to, from, offset_hours(0), 10).is_empty());
}

#[test]
fn microseconds_survive_a_round_trip_and_two_offsets_show_one_instant() {
    let t = us("2026-11-29T10:00:00.123456+08:00");
    assert_eq!(
        format_micros(t, offset_hours(8)),
        "2026-11-29 10:00:00.123456 +08:00"
    );
    assert_eq!(
        format_micros(t, offset(5 * 3600 + 1800)),
        "2026-11-29 07:30:00.123456 +05:30"
    );
    assert_eq!(
        format_micros(t, offset_hours(-3)),
        "2026-11-28 23:00:00.123456 -03:00"
    );
    for o in [
        offset_hours(8),
        offset(5 * 3600 + 1800),
        offset_hours(-3),
        offset_hours(0),
    ] {
        let shown = format_micros(t, o);
        let typed = shown.rsplit_once(' ').unwrap().0;
        assert_eq!(parse_micros(typed, o), Some(t), "{shown}");
    }
    assert_eq!(
        parse_micros("2026-11-29T10:00:00.5", offset_hours(8)),
        Some(us("2026-11-29T10:00:00.500000+08:00"))
    );
    assert_eq!(
        parse_micros("2026-11-29 10:00", offset_hours(8)),
        Some(us("2026-11-29T10:00:00+08:00"))
    );
    // Seven digits would have to be rounded: refused instead.
    assert_eq!(
        parse_micros("2026-11-29 10:00:00.1234567", offset_hours(8)),
        None
    );
    assert_eq!(
        parse_micros("2026-11-29 10:00:00.12a", offset_hours(8)),
        None
    );
    assert_eq!(parse_micros("yesterday", offset_hours(8)), None);
}

#[test]
fn the_view_maps_time_and_pixels_and_zooms_around_the_pointer() {
    let now = us("2026-11-29T00:00:00Z");
    let v = View::last_days(now, 7);
    assert_eq!(v.span_us(), 7 * US_PER_DAY);
    assert_eq!(v.x(now, 700.0), 700.0);
    assert_eq!(v.x(now - US_PER_DAY, 700.0), 600.0);
    assert_eq!(v.t(600.0, 700.0), now - US_PER_DAY);
    assert_eq!(v.us_per_px(700.0), 864_000_000);
    // Zooming in twice around a day keeps that day under the pointer.
    let anchor = now - 3 * US_PER_DAY;
    let z = v.zoom(2.0, anchor);
    assert_eq!(z.span_us(), 7 * US_PER_DAY / 2);
    assert!((z.x(anchor, 700.0) - v.x(anchor, 700.0)).abs() < 1e-6);
    // Never narrower than a minute or wider than 90 days.
    assert_eq!(v.zoom(1e12, anchor).span_us(), View::MIN_SPAN_US);
    assert_eq!(v.zoom(1e-12, anchor).span_us(), View::MAX_SPAN_US);
    assert_eq!(v.zoom(f64::NAN, anchor), v);
    let p = v.pan(-7 * US_PER_DAY);
    assert_eq!(
        (p.from_us, p.to_us),
        (v.from_us - 7 * US_PER_DAY, v.from_us)
    );
    // A click maps to the microsecond, and at a minute's zoom a pixel is under a second.
    let minute = View {
        from_us: now,
        to_us: now + US_PER_MINUTE,
    };
    assert_eq!(minute.t(350.0, 700.0), now + 30 * US_PER_SECOND);
    assert!(minute.us_per_px(700.0) < US_PER_SECOND);
}

#[test]
fn the_windows_page_reads_back_what_it_writes() {
    let q = WindowsQuery {
        tenant: Some(1_000_012),
        at: crate::time::RecoverableTime::parse("2026-11-29T10:00:00.000001+05:30").ok(),
        end: crate::time::RecoverableTime::parse("2026-11-22T00:00:00-03:00").ok(),
    };
    let pairs = q.to_pairs();
    assert_eq!(
        pairs,
        vec![
            ("tenant", "1000012".to_owned()),
            ("at", "2026-11-29T10:00:00.000001+05:30".to_owned()),
            ("end", "2026-11-22T00:00:00.000000-03:00".to_owned()),
        ]
    );
    let back = WindowsQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    assert_eq!(back, q);
    assert_eq!(
        WindowsQuery::from_pairs([("tenant", "x"), ("at", "noon"), ("end", "")]),
        WindowsQuery::default()
    );
}
