use super::*;
use crate::lang::Lang;
use crate::timeline::{View, US_PER_HOUR, US_PER_MINUTE};

fn us(s: &str) -> i64 {
    RecoverableTime::parse(s).unwrap().timestamp_micros()
}

/// A `/backup/info` answer: the union has unsorted, overlapping, touching and zero-length
/// windows, a full backup the log archive has not reached, and one tenant of its own.
fn info() -> BackupInfo {
    serde_json::from_str(
        r#"{"clusterId": 1, "clusterName": "c1",
        "obRecoverableInfoAggregation": {"latestSevenDaysAggregation": {"obRecoverableSectionItems": [
          {"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval":
            {"startTime": "2026-11-24T02:00:10.986847+08:00", "endTime": "2026-11-25T09:30:00.000001+08:00"}},
          {"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval":
            {"startTime": "2026-11-22T02:00:10.000000+08:00", "endTime": "2026-11-23T14:00:00.000000+08:00"}},
          {"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval":
            {"startTime": "2026-11-23T12:00:00.000000+08:00", "endTime": "2026-11-23T18:47:59.999999+08:00"}},
          {"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval":
            {"startTime": "2026-11-23T18:47:59.999999+08:00", "endTime": "2026-11-23T19:00:00.000000+08:00"}},
          {"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval":
            {"startTime": "2026-11-26T00:00:00.000123+08:00", "endTime": "2026-11-26T00:00:00.000123+08:00"}},
          {"obRecoverableSectionItemType": "LOG_BACKUP", "logRecoverableTimeInterval":
            {"startTime": "2026-11-24T01:00:00.000000+08:00", "endTime": "2026-11-25T09:30:00.000001+08:00"}},
          {"obRecoverableSectionItemType": "LOG_BACKUP", "logRecoverableTimeInterval":
            {"startTime": "2026-11-22T00:00:00.000000+08:00", "endTime": "2026-11-23T19:00:00.000000+08:00"}},
          {"obRecoverableSectionItemType": "INCREMENTAL_DATA_BACKUP", "dataBackupRecoverableInfo":
            {"recoverableTime": "2026-11-24T02:00:11.000007+08:00", "fullBackupSetId": 2}},
          {"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "dataBackupRecoverableInfo":
            {"recoverableTime": "2026-11-25T09:30:00.000002+08:00", "fullBackupSetId": 3}},
          {"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "dataBackupRecoverableInfo":
            {"recoverableTime": "2026-11-22T02:00:10.000000+08:00", "fullBackupSetId": 1}},
          {"obRecoverableSectionItemType": "SNAPSHOT"}
        ]}},
        "tenantBackupInfos": [{"tenantId": 1002, "tenantName": "t2",
          "obRecoverableInfoAggregation": {"latestSevenDaysAggregation": {"obRecoverableSectionItems": [
            {"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval":
              {"startTime": "2026-11-24T02:00:10.986847+08:00", "endTime": "2026-11-25T09:30:00.000001+08:00"}},
            {"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "dataBackupRecoverableInfo":
              {"recoverableTime": "2026-11-24T02:00:10.986847+08:00", "fullBackupSetId": 2}}
          ]}}}]}"#,
    )
    .unwrap()
}

#[test]
fn union_lanes_merge_windows_and_sort_points_and_logs() {
    let lanes = build_lanes(&info(), Scope::Union).unwrap();
    assert_eq!(
        lanes.windows.windows(),
        &[
            // Three overlapping or touching windows, sent out of order: one stretch.
            Window {
                start_us: us("2026-11-22T02:00:10.000000+08:00"),
                end_us: us("2026-11-23T19:00:00.000000+08:00"),
            },
            Window {
                start_us: us("2026-11-24T02:00:10.986847+08:00"),
                end_us: us("2026-11-25T09:30:00.000001+08:00"),
            },
            // Zero length: one restorable instant, kept.
            Window {
                start_us: 1_795_622_400_000_123,
                end_us: 1_795_622_400_000_123,
            },
        ]
    );
    assert_eq!(lanes.windows.len(), 3, "counted after merging");
    let at: Vec<(PointKind, i64, bool)> = lanes
        .points
        .iter()
        .map(|p| (p.kind, p.at_us, p.restorable))
        .collect();
    assert_eq!(
        at,
        vec![
            (PointKind::Full, 1_795_284_010_000_000, true),
            (PointKind::Incremental, 1_795_456_811_000_007, true),
            // One microsecond after the window's end: the log archive has not reached it.
            (PointKind::Full, 1_795_570_200_000_002, false),
        ]
    );
    assert_eq!(lanes.points[2].full_backup_set_id, Some(3));
    assert_eq!(
        lanes.logs,
        vec![
            Window {
                start_us: us("2026-11-22T00:00:00+08:00"),
                end_us: us("2026-11-23T19:00:00+08:00"),
            },
            Window {
                start_us: us("2026-11-24T01:00:00+08:00"),
                end_us: 1_795_570_200_000_001,
            },
        ]
    );
    assert_eq!(
        lanes.gaps(),
        vec![
            Gap {
                after_us: us("2026-11-23T19:00:00+08:00"),
                before_us: 1_795_456_810_986_847,
            },
            Gap {
                after_us: 1_795_570_200_000_001,
                before_us: 1_795_622_400_000_123,
            },
        ]
    );
}

#[test]
fn one_tenant_has_its_own_lanes_and_an_unknown_tenant_has_none() {
    let lanes = build_lanes(&info(), Scope::Tenant(1002)).unwrap();
    assert_eq!(lanes.windows.len(), 1);
    assert!(lanes.logs.is_empty());
    // A point on the window's very start is inside it (both ends included).
    assert_eq!(
        lanes.points,
        vec![BackupPoint {
            kind: PointKind::Full,
            at_us: 1_795_456_810_986_847,
            full_backup_set_id: Some(2),
            restorable: true,
        }]
    );
    assert_eq!(build_lanes(&info(), Scope::Tenant(9)), None);
    assert_eq!(Scope::from_tenant(None), Scope::Union);
    assert_eq!(Scope::from_tenant(Some(1002)), Scope::Tenant(1002));
}

#[test]
fn an_empty_answer_gives_empty_lanes_and_no_offset() {
    let info: BackupInfo = serde_json::from_str(r#"{"clusterId": 1}"#).unwrap();
    let lanes = build_lanes(&info, Scope::Union).unwrap();
    assert!(lanes.windows.is_empty() && lanes.points.is_empty() && lanes.logs.is_empty());
    assert!(lanes.stops().is_empty());
    assert_eq!(cluster_offset(&info), None);
}

#[test]
fn stops_walk_edges_points_and_gaps_in_time_order() {
    let lanes = build_lanes(&info(), Scope::Union).unwrap();
    let stops: Vec<(String, i64)> = lanes
        .stops()
        .iter()
        .map(|s| (s.target.key(), s.at_us))
        .collect();
    assert_eq!(
        stops,
        vec![
            // A window start and a point at the same microsecond: the start first.
            ("ws-0".to_owned(), 1_795_284_010_000_000),
            ("p-0".to_owned(), 1_795_284_010_000_000),
            ("we-0".to_owned(), 1_795_431_600_000_000),
            ("g-0".to_owned(), 1_795_431_600_000_000),
            ("ws-1".to_owned(), 1_795_456_810_986_847),
            ("p-1".to_owned(), 1_795_456_811_000_007),
            ("we-1".to_owned(), 1_795_570_200_000_001),
            ("g-1".to_owned(), 1_795_570_200_000_001),
            ("p-2".to_owned(), 1_795_570_200_000_002),
            // The zero-length window is one stop.
            ("ws-2".to_owned(), 1_795_622_400_000_123),
        ]
    );
}

#[test]
fn the_cluster_offset_is_the_one_most_times_carry() {
    assert_eq!(cluster_offset(&info()), FixedOffset::east_opt(8 * 3600));
    let mixed: BackupInfo = serde_json::from_str(
        r#"{"obRecoverableInfoAggregation": {"latestSevenDaysAggregation": {"obRecoverableSectionItems": [
          {"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "dataBackupRecoverableInfo": {"recoverableTime": "2026-11-24T02:00:00Z"}},
          {"obRecoverableSectionItemType": "LOG_BACKUP", "logRecoverableTimeInterval":
            {"startTime": "2026-11-24T01:00:00.000000-03:30", "endTime": "2026-11-25T09:30:00.000001-0330"}}]}}}"#,
    )
    .unwrap();
    assert_eq!(
        cluster_offset(&mixed),
        FixedOffset::west_opt(3 * 3600 + 1800)
    );
    let tie: BackupInfo = serde_json::from_str(
        r#"{"obRecoverableInfoAggregation": {"latestSevenDaysAggregation": {"obRecoverableSectionItems": [
          {"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "dataBackupRecoverableInfo": {"recoverableTime": "2026-11-24T02:00:00+05:30"}},
          {"obRecoverableSectionItemType": "FULL_DATA_BACKUP", "dataBackupRecoverableInfo": {"recoverableTime": "2026-11-24T02:00:00Z"}}]}}}"#,
    )
    .unwrap();
    assert_eq!(
        cluster_offset(&tie),
        FixedOffset::east_opt(5 * 3600 + 1800),
        "ties: first seen"
    );
}

#[test]
fn spans_read_as_people_say_them_down_to_the_microsecond() {
    let en = |us| format_span(us, Lang::En);
    let zh = |us| format_span(us, Lang::Zh);
    assert_eq!(en(5 * US_PER_HOUR + 12 * US_PER_MINUTE + 7), "5h 12m");
    assert_eq!(zh(5 * US_PER_HOUR + 12 * US_PER_MINUTE + 7), "5小时12分");
    assert_eq!(en(2 * 24 * US_PER_HOUR + 3 * US_PER_HOUR), "2d 3h");
    assert_eq!(zh(2 * 24 * US_PER_HOUR + 3 * US_PER_HOUR), "2天3小时");
    assert_eq!(en(3 * US_PER_MINUTE + 4_000_000), "3m 04s");
    assert_eq!(zh(3 * US_PER_MINUTE + 4_000_000), "3分04秒");
    assert_eq!(en(42_000_000), "42s");
    assert_eq!(en(1), "0.000001s");
    assert_eq!(zh(1), "0.000001秒");
    assert_eq!(en(-5), "0.000000s");
}

#[test]
fn a_zero_length_window_is_drawn_at_least_min_px_wide_and_long_ones_are_clipped() {
    let view = View {
        from_us: 0,
        to_us: 1_000_000,
    };
    assert_eq!(span_px(&view, 250_000, 750_000, 800.0, 3.0), (200.0, 400.0));
    assert_eq!(span_px(&view, 500_000, 500_000, 800.0, 3.0), (398.5, 3.0));
    assert_eq!(
        span_px(&view, -9_000_000, 9_000_000, 800.0, 3.0),
        (-10.0, 820.0)
    );
}
