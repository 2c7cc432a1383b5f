//! The timeline tests' data: `/backup/info` items as OCP sends them, and the lanes built from
//! them (messy windows; a month of about 1,000 items).
#![allow(dead_code)]

use chrono::FixedOffset;
use ocp_model::timeline::lanes::{build_lanes, Lanes, Scope};
use ocp_model::timeline::{View, US_PER_DAY, US_PER_HOUR};
use ocp_model::{BackupInfo, RecoverableTime};
use serde_json::json;

pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

pub fn us(s: &str) -> i64 {
    RecoverableTime::parse(s).unwrap().timestamp_micros()
}

pub fn window_item(a: &str, b: &str) -> serde_json::Value {
    json!({"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval": {"startTime": a, "endTime": b}})
}

pub fn point_item(kind: &str, at: &str, set: i64) -> serde_json::Value {
    json!({"obRecoverableSectionItemType": kind, "dataBackupRecoverableInfo": {"recoverableTime": at, "fullBackupSetId": set}})
}

pub fn log_item(a: &str, b: &str) -> serde_json::Value {
    json!({"obRecoverableSectionItemType": "LOG_BACKUP", "logRecoverableTimeInterval": {"startTime": a, "endTime": b}})
}

pub fn info(items: Vec<serde_json::Value>) -> serde_json::Value {
    json!({"clusterId": 1, "clusterName": "ob-prod-hz",
        "obRecoverableInfoAggregation": {"latestSevenDaysAggregation": {"obRecoverableSectionItems": items}},
        "tenantBackupInfos": [{"tenantId": 1002, "tenantName": "sales",
            "obRecoverableInfoAggregation": {"latestSevenDaysAggregation": {"obRecoverableSectionItems": []}}}]})
}

/// Windows sent unsorted, overlapping and touching, one of zero length; a full backup the log
/// archive has not reached.
pub fn messy_lanes() -> Lanes {
    let items = vec![
        window_item(
            "2026-11-24T10:00:00.000000+08:00",
            "2026-11-25T09:30:00.000001+08:00",
        ),
        window_item(
            "2026-11-22T02:00:10.986847+08:00",
            "2026-11-23T12:00:00.000000+08:00",
        ),
        window_item(
            "2026-11-23T08:00:00.000000+08:00",
            "2026-11-23T14:12:00.000000+08:00",
        ),
        window_item(
            "2026-11-23T14:12:00.000000+08:00",
            "2026-11-23T15:00:00.000000+08:00",
        ),
        window_item(
            "2026-11-26T12:00:00.000123+08:00",
            "2026-11-26T12:00:00.000123+08:00",
        ),
        log_item(
            "2026-11-22T00:00:00.000000+08:00",
            "2026-11-23T15:00:00.000000+08:00",
        ),
        log_item(
            "2026-11-24T09:00:00.000000+08:00",
            "2026-11-25T09:30:00.000001+08:00",
        ),
        point_item("FULL_DATA_BACKUP", "2026-11-22T02:00:10.986847+08:00", 1),
        point_item(
            "INCREMENTAL_DATA_BACKUP",
            "2026-11-23T02:00:05.000001+08:00",
            1,
        ),
        point_item("FULL_DATA_BACKUP", "2026-11-24T10:00:00.000000+08:00", 2),
        // Finished, but the log archive stopped at 09:30:00.000001.
        point_item("FULL_DATA_BACKUP", "2026-11-25T10:02:00.500000+08:00", 3),
    ];
    let info: BackupInfo = serde_json::from_value(info(items)).unwrap();
    build_lanes(&info, Scope::Union).unwrap()
}

pub fn week() -> View {
    View {
        from_us: us("2026-11-21T00:00:00+08:00"),
        to_us: us("2026-11-28T00:00:00+08:00"),
    }
}

/// 30 days with about 1,000 items: backups every 45 minutes, log intervals and windows
/// that break every day.
pub fn month_lanes(from_us: i64) -> Lanes {
    let t = |us: i64| {
        RecoverableTime::new(
            chrono::DateTime::from_timestamp_micros(us)
                .unwrap()
                .with_timezone(&cst()),
        )
        .to_wire()
    };
    let mut items = Vec::new();
    for d in 0..30 {
        let day = from_us + d * US_PER_DAY;
        items.push(window_item(
            &t(day + US_PER_HOUR),
            &t(day + 20 * US_PER_HOUR),
        ));
        items.push(log_item(&t(day), &t(day + 20 * US_PER_HOUR)));
        for k in 0..32 {
            let kind = if k == 0 {
                "FULL_DATA_BACKUP"
            } else {
                "INCREMENTAL_DATA_BACKUP"
            };
            items.push(point_item(kind, &t(day + k * 45 * 60 * 1_000_000 + 7), d));
        }
    }
    assert!(items.len() >= 500);
    let info: BackupInfo = serde_json::from_value(info(items)).unwrap();
    build_lanes(&info, Scope::Union).unwrap()
}
