use super::*;
use crate::time::offset_hours;
use pretty_assertions::assert_eq;

const DAYS: WholeRule = WholeRule::new(1..=u32::MAX, Unit::Days);
const UNITS: WholeRule = WholeRule::new(1..=64, Unit::Units);

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn whole_numbers_are_digits_only_never_rounded_or_stripped() {
    assert_eq!(parse_whole("10", DAYS), Ok(10));
    assert_eq!(parse_whole(" 14 ", DAYS), Ok(14));
    assert_eq!(parse_whole("007", DAYS), Ok(7));
    assert_eq!(parse_whole("10.5", DAYS), Err(InputError::Decimal));
    assert_eq!(parse_whole("3.5", DAYS), Err(InputError::Decimal));
    assert_eq!(parse_whole("10.", DAYS), Err(InputError::Decimal));
    assert_eq!(parse_whole("1.5", DAYS), Err(InputError::Decimal));
    assert_eq!(parse_whole("-14", DAYS), Err(InputError::Signed));
    assert_eq!(parse_whole("-", DAYS), Err(InputError::Signed));
    assert_eq!(parse_whole("+3", DAYS), Err(InputError::Signed));
    assert_eq!(parse_whole("−14", DAYS), Err(InputError::Signed));
    for bad in [
        "1e3", "1e", "1,000", "1 000", "abc", "１４", "0x10", "1.2.3",
    ] {
        assert_eq!(
            parse_whole(bad, DAYS),
            Err(InputError::Format(Expect::Whole)),
            "{bad}"
        );
    }
    assert_eq!(parse_whole("", DAYS), Err(InputError::Empty(Expect::Whole)));
    assert_eq!(
        parse_whole("   ", DAYS),
        Err(InputError::Empty(Expect::Whole))
    );
    assert_eq!(parse_optional_whole("", DAYS), Ok(None));
    assert_eq!(parse_optional_whole("5", DAYS), Ok(Some(5)));
    assert_eq!(
        parse_optional_whole("1e3", DAYS),
        Err(InputError::Format(Expect::Whole))
    );
}

#[test]
fn whole_numbers_keep_to_their_bounds_and_name_them_with_the_unit() {
    assert_eq!(
        parse_whole("0", DAYS),
        Err(InputError::Below(1, Unit::Days))
    );
    assert_eq!(parse_whole("64", UNITS), Ok(64));
    assert_eq!(
        parse_whole("65", UNITS),
        Err(InputError::Above(64, Unit::Units))
    );
    assert_eq!(parse_whole("4294967295", DAYS), Ok(4_294_967_295));
    assert_eq!(
        parse_whole("4294967296", DAYS),
        Err(InputError::Above(4_294_967_295, Unit::Days))
    );
    assert_eq!(
        parse_whole("99999999999999999999999", DAYS),
        Err(InputError::Above(4_294_967_295, Unit::Days))
    );
    assert_eq!(
        InputError::Below(1, Unit::Days).message(Lang::En),
        "At least 1 day."
    );
    assert_eq!(
        InputError::Above(64, Unit::Units).message(Lang::En),
        "At most 64 units."
    );
    assert_eq!(
        InputError::Above(64, Unit::Units).message(Lang::Zh),
        "最多为 64 个单元。"
    );
    assert_eq!(
        InputError::Above(100, Unit::Percent).message(Lang::En),
        "At most 100%."
    );
    assert_eq!(
        InputError::Decimal.message(Lang::En),
        "A whole number is needed: no decimal point."
    );
    assert_eq!(
        InputError::Signed.message(Lang::Zh),
        "请输入不带正负号的数字。"
    );
}

#[test]
fn times_read_as_typed_including_four_digits_and_never_half_typed() {
    assert_eq!(parse_time("0130", false), Ok(hm(1, 30)));
    assert_eq!(parse_time("01:30", false), Ok(hm(1, 30)));
    assert_eq!(parse_time("1:30", false), Ok(hm(1, 30)));
    assert_eq!(parse_time(" 23:59 ", false), Ok(hm(23, 59)));
    assert_eq!(parse_time("1330", false), Ok(hm(13, 30)));
    // Typed key by key: each step before the last is incomplete, never another time.
    for half in ["0", "01", "013", "01:", "01:3", "1:3"] {
        assert_eq!(
            parse_time(half, false),
            Err(InputError::Incomplete(Expect::Time)),
            "{half}"
        );
    }
    for bad in [
        "01:30:00", "013000", "1:30pm", ":30", "01-30", "0130a", "001:30", "01:300",
    ] {
        assert_eq!(
            parse_time(bad, false),
            Err(InputError::Format(Expect::Time)),
            "{bad}"
        );
    }
    for none in ["24:00", "2400", "01:60", "99:99"] {
        assert_eq!(
            parse_time(none, false),
            Err(InputError::NoSuch(Expect::Time)),
            "{none}"
        );
    }
    assert_eq!(parse_time("", false), Err(InputError::Empty(Expect::Time)));
    assert_eq!(
        InputError::Incomplete(Expect::Time).message(Lang::En),
        "Not complete yet: enter a 24-hour time as HH:MM, e.g. 01:30 or 0130."
    );
    assert_eq!(format_time(hm(1, 30), false), "01:30");
}

#[test]
fn times_to_the_second() {
    let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
    assert_eq!(parse_time("09:15:30", true), Ok(t(9, 15, 30)));
    assert_eq!(parse_time("091530", true), Ok(t(9, 15, 30)));
    assert_eq!(parse_time("08:45", true), Ok(t(8, 45, 0)));
    assert_eq!(parse_time("0845", true), Ok(t(8, 45, 0)));
    for half in ["08:4", "08:45:", "08:45:3", "08453"] {
        assert_eq!(
            parse_time(half, true),
            Err(InputError::Incomplete(Expect::TimeSeconds)),
            "{half}"
        );
    }
    assert_eq!(
        parse_time("09:15:30.5", true),
        Err(InputError::Format(Expect::TimeSeconds))
    );
    assert_eq!(
        parse_time("09:15:60", true),
        Err(InputError::NoSuch(Expect::TimeSeconds))
    );
    assert_eq!(format_time(t(9, 5, 3), true), "09:05:03");
}

#[test]
fn dates_read_whole_or_not_at_all() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(parse_date("2026-11-28"), Ok(d(2026, 11, 28)));
    assert_eq!(parse_date("20261128"), Ok(d(2026, 11, 28)));
    assert_eq!(parse_date("2028-02-29"), Ok(d(2028, 2, 29)));
    for half in [
        "2",
        "2026",
        "2026-",
        "2026-1",
        "2026-11",
        "2026-11-",
        "2026-11-2",
        "2026112",
    ] {
        assert_eq!(
            parse_date(half),
            Err(InputError::Incomplete(Expect::Date)),
            "{half}"
        );
    }
    for bad in [
        "28/11/2026",
        "2026-011-28",
        "2026-11-28-1",
        "20261128x",
        "2026-1a-28",
    ] {
        assert_eq!(
            parse_date(bad),
            Err(InputError::Format(Expect::Date)),
            "{bad}"
        );
    }
    for none in ["2026-02-30", "2026-13-01", "2026-00-10", "2026-11-31"] {
        assert_eq!(
            parse_date(none),
            Err(InputError::NoSuch(Expect::Date)),
            "{none}"
        );
    }
    assert_eq!(format_date(d(2026, 1, 2)), "2026-01-02");
}

#[test]
fn a_date_and_time_needs_both_and_empty_is_none() {
    let dt = |s: &str| {
        NaiveDate::from_ymd_opt(2026, 11, 28)
            .unwrap()
            .and_time(parse_time(s, true).unwrap())
    };
    assert_eq!(parse_date_time(""), Ok(None));
    assert_eq!(
        parse_date_time("2026-11-28 09:30:15"),
        Ok(Some(dt("09:30:15")))
    );
    assert_eq!(
        parse_date_time("2026-11-28T09:30"),
        Ok(Some(dt("09:30:00")))
    );
    assert_eq!(parse_date_time("2026-11-28 0130"), Ok(Some(dt("01:30:00"))));
    for half in [
        "2026-11",
        "2026-11-28",
        "2026-11-28 ",
        "2026-11-28 09:",
        "2026-11-28 09:3",
    ] {
        assert_eq!(
            parse_date_time(half),
            Err(InputError::Incomplete(Expect::DateTime)),
            "{half}"
        );
    }
    assert_eq!(
        parse_date_time("2026-02-30 01:00"),
        Err(InputError::NoSuch(Expect::DateTime))
    );
    assert_eq!(
        parse_date_time("2026-11-28 25:00"),
        Err(InputError::NoSuch(Expect::TimeSeconds))
    );
    assert_eq!(
        parse_date_time("yesterday"),
        Err(InputError::Format(Expect::DateTime))
    );
    assert_eq!(format_date_time(dt("01:30:00")), "2026-11-28 01:30:00");
}

#[test]
fn microseconds_are_a_count_of_up_to_six_digits() {
    assert_eq!(parse_micros(""), Ok(0));
    assert_eq!(parse_micros("12"), Ok(12));
    assert_eq!(parse_micros("000001"), Ok(1));
    assert_eq!(parse_micros("999999"), Ok(999_999));
    assert_eq!(parse_micros("0000015"), Err(InputError::TooManyDigits));
    assert_eq!(parse_micros("1.5"), Err(InputError::Format(Expect::Micros)));
    assert_eq!(parse_micros("-1"), Err(InputError::Format(Expect::Micros)));
}

#[test]
fn offsets_are_within_fourteen_hours_and_never_guessed() {
    assert_eq!(parse_offset("+08:00"), Ok(offset_hours(8)));
    assert_eq!(parse_offset("+0800"), Ok(offset_hours(8)));
    assert_eq!(parse_offset("+14:00"), Ok(offset_hours(14)));
    assert_eq!(parse_offset("-12:00"), Ok(offset_hours(-12)));
    assert_eq!(parse_offset("Z"), Ok(offset_hours(0)));
    assert_eq!(
        parse_offset("+05:30"),
        Ok(FixedOffset::east_opt(5 * 3600 + 1800).unwrap())
    );
    for half in ["+", "+0", "+8", "+08:", "+08:3", "+080"] {
        assert_eq!(
            parse_offset(half),
            Err(InputError::Incomplete(Expect::Offset)),
            "{half}"
        );
    }
    for none in ["+15:00", "-14:01", "+1500", "+15", "+08:60", "+23:59"] {
        assert_eq!(
            parse_offset(none),
            Err(InputError::NoSuch(Expect::Offset)),
            "{none}"
        );
    }
    for bad in [
        "UTC+8",
        "08:00",
        "+08:00:00",
        "+０８:00",
        "+08:0a",
        "+8:00",
        "+08000",
    ] {
        assert_eq!(
            parse_offset(bad),
            Err(InputError::Format(Expect::Offset)),
            "{bad}"
        );
    }
    assert_eq!(parse_offset(""), Err(InputError::Empty(Expect::Offset)));
    assert_eq!(
        InputError::NoSuch(Expect::Offset).message(Lang::En),
        "No such offset: offsets run from -14:00 to +14:00."
    );
}

#[test]
fn a_typed_point_is_the_instant_to_the_microsecond_in_its_offset() {
    let at = parse_point("2026-11-28", "09:30:00", "000001", "+05:30")
        .unwrap()
        .unwrap();
    assert_eq!(at.to_wire(), "2026-11-28T09:30:00.000001+05:30");
    let same = RecoverableTime::parse("2026-11-28T12:00:00.000001+08:00").unwrap();
    assert_eq!(at.timestamp_micros(), same.timestamp_micros());
    assert_eq!(
        parse_point("2026-11-28", "0930", "12", "+05:30")
            .unwrap()
            .unwrap()
            .to_wire(),
        "2026-11-28T09:30:00.000012+05:30"
    );
    assert_eq!(parse_point("", "", "", "+08:00"), Ok(None));
    assert_eq!(parse_point(" ", "", "", ""), Ok(None));
    // Half typed over a point: refused, naming the part.
    assert_eq!(
        parse_point("2026-11-28", "08:4", "123456", "+08:00"),
        Err((PointPart::Time, InputError::Incomplete(Expect::TimeSeconds)))
    );
    assert_eq!(
        parse_point("2026-11-28", "", "123456", "+08:00"),
        Err((PointPart::Time, InputError::Empty(Expect::TimeSeconds)))
    );
    assert_eq!(
        parse_point("2026-11-28", "08:45:00", "0000015", "+08:00"),
        Err((PointPart::Micros, InputError::TooManyDigits))
    );
    assert_eq!(
        parse_point("2026-11-28", "08:45:00", "", "+15:00"),
        Err((PointPart::Offset, InputError::NoSuch(Expect::Offset)))
    );
    assert_eq!(
        parse_point("2026-11", "08:45:00", "", "+08:00"),
        Err((PointPart::Date, InputError::Incomplete(Expect::Date)))
    );
}

#[test]
fn a_point_shown_in_parts_reads_back_the_same() {
    let at = RecoverableTime::parse("2026-11-28T09:15:30.123456+08:00").unwrap();
    let parts = point_parts(at, offset_hours(8));
    assert_eq!(parts, ["2026-11-28", "09:15:30", "123456", "+08:00"]);
    let back = parse_point(&parts[0], &parts[1], &parts[2], &parts[3])
        .unwrap()
        .unwrap();
    assert_eq!(back.to_wire(), at.to_wire());
    // In another offset: the same instant.
    let parts = point_parts(at, offset_hours(-3));
    assert_eq!(parts, ["2026-11-27", "22:15:30", "123456", "-03:00"]);
}

#[test]
fn what_reads_is_written_back_in_its_usual_form() {
    assert_eq!(Kind::Time.canonical("0130").as_deref(), Some("01:30"));
    assert_eq!(Kind::Time.canonical("1:30").as_deref(), Some("01:30"));
    assert_eq!(Kind::Time.canonical("013"), None);
    assert_eq!(
        Kind::TimeSeconds.canonical("0845").as_deref(),
        Some("08:45:00")
    );
    assert_eq!(Kind::Whole(DAYS).canonical("007").as_deref(), Some("7"));
    assert_eq!(Kind::Whole(DAYS).canonical("10.5"), None);
    assert_eq!(Kind::Whole(DAYS).canonical(""), None);
    assert_eq!(Kind::Micros.canonical("12").as_deref(), Some("000012"));
    assert_eq!(Kind::Offset.canonical("+0530").as_deref(), Some("+05:30"));
    assert_eq!(
        Kind::Date.canonical("20261128").as_deref(),
        Some("2026-11-28")
    );
    assert_eq!(
        Kind::DateTime.canonical("2026-11-28T0930").as_deref(),
        Some("2026-11-28 09:30:00")
    );
}

#[test]
fn each_kind_says_why_a_text_cannot_be_taken_and_empty_only_when_required() {
    assert_eq!(Kind::Whole(UNITS).problem("", false), None);
    assert_eq!(
        Kind::Whole(UNITS).problem("", true),
        Some(InputError::Empty(Expect::Whole))
    );
    assert_eq!(
        Kind::Whole(UNITS).problem("65", false),
        Some(InputError::Above(64, Unit::Units))
    );
    assert_eq!(Kind::Time.problem("0130", true), None);
    assert_eq!(
        Kind::Time.problem("013", true),
        Some(InputError::Incomplete(Expect::Time))
    );
    assert_eq!(Kind::DateTime.problem("", false), None);
    assert_eq!(
        Kind::DateTime.problem("", true),
        Some(InputError::Empty(Expect::DateTime))
    );
    assert_eq!(Kind::Micros.problem("", true), None);
    assert_eq!(
        Kind::Offset.problem("+8", true),
        Some(InputError::Incomplete(Expect::Offset))
    );
}
