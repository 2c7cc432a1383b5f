//! GET `/backup/info`: recoverable windows (ocp-api.md 2.7 and 4), and the window maths that
//! derives them from what happened.

use crate::backup::BackupMode;
use crate::open_enum;
use crate::time::RecoverableTime;
use serde::{Deserialize, Serialize};

open_enum!(SectionItemType {
    FullDataBackup = "FULL_DATA_BACKUP",
    IncrementalDataBackup = "INCREMENTAL_DATA_BACKUP",
    LogBackup = "LOG_BACKUP",
    Recoverable = "RECOVERABLE",
});
open_enum!(QueryTimeScope { LatestSevenDays = "LATEST_SEVEN_DAYS", Custom = "CUSTOM" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DataBackupPoint {
    // strict: the point a restore can target.
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub freeze_time: Option<RecoverableTime>,
    pub recoverable_time: RecoverableTime,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub data_version: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub full_backup_set_id: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimeInterval {
    pub start_time: RecoverableTime,
    pub end_time: RecoverableTime,
}

impl TimeInterval {
    pub fn contains_micros(&self, t: i64) -> bool {
        self.start_time.timestamp_micros() <= t && t <= self.end_time.timestamp_micros()
    }
    pub fn duration_micros(&self) -> i64 {
        self.end_time.timestamp_micros() - self.start_time.timestamp_micros()
    }
}

/// One item of the timeline; which payload is set depends on the type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SectionItem {
    // strict: the type and its interval or point: windows are restore targets.
    pub ob_recoverable_section_item_type: SectionItemType,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub backup_mode: Option<BackupMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_backup_recoverable_info: Option<DataBackupPoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_recoverable_time_interval: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_recoverable_time_interval: Option<TimeInterval>,
    /// Data items on the tenant `/backup/info`: which strategy made the backup (ocp-api.md 2b.8).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub backup_dimension: Option<crate::backup::BackupDimension>,
}

/// A typed view of a [`SectionItem`], for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineItem<'a> {
    FullBackup(&'a DataBackupPoint),
    IncrementalBackup(&'a DataBackupPoint),
    LogArchive(&'a TimeInterval),
    Window(&'a TimeInterval),
}

impl SectionItem {
    /// `None` for an unknown type or a missing payload: such items are skipped, not fatal.
    pub fn typed(&self) -> Option<TimelineItem<'_>> {
        match self.ob_recoverable_section_item_type {
            SectionItemType::FullDataBackup => self
                .data_backup_recoverable_info
                .as_ref()
                .map(TimelineItem::FullBackup),
            SectionItemType::IncrementalDataBackup => self
                .data_backup_recoverable_info
                .as_ref()
                .map(TimelineItem::IncrementalBackup),
            SectionItemType::LogBackup => self
                .log_recoverable_time_interval
                .as_ref()
                .map(TimelineItem::LogArchive),
            SectionItemType::Recoverable => self
                .real_recoverable_time_interval
                .as_ref()
                .map(TimelineItem::Window),
            SectionItemType::Other(_) => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SectionItems {
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub ob_recoverable_section_items: Vec<SectionItem>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecoverableAggregation {
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_query_time_scope_type: Option<QueryTimeScope>,
    #[serde(default)]
    pub latest_seven_days_aggregation: Option<SectionItems>,
}

impl RecoverableAggregation {
    pub fn items(&self) -> &[SectionItem] {
        self.latest_seven_days_aggregation
            .as_ref()
            .map(|a| a.ob_recoverable_section_items.as_slice())
            .unwrap_or(&[])
    }

    /// The windows a restore may target, oldest first, merged as OceanBase reads them: the
    /// API may send them unsorted, overlapping or touching; each stretch is counted once.
    pub fn windows(&self) -> Vec<TimeInterval> {
        merge_intervals(
            self.items()
                .iter()
                .filter_map(|i| match i.typed() {
                    Some(TimelineItem::Window(w)) => Some(*w),
                    _ => None,
                })
                .collect(),
        )
    }

    /// The windows as microsecond stretches, merged, built afresh from this answer.
    pub fn recoverable_windows(&self) -> crate::timeline::RecoverableWindows {
        crate::timeline::RecoverableWindows::from_intervals(self.items().iter().filter_map(|i| {
            match i.typed() {
                Some(TimelineItem::Window(w)) => Some(w),
                _ => None,
            }
        }))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantBackupInfo {
    // strict: the tenant's identity and its windows.
    pub tenant_id: i64,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_tenant_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub tenant_name: String,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub online: Option<bool>,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub ob_recoverable_info_aggregation: RecoverableAggregation,
    /// The tenant `/backup/info` answer (ocp-api.md 2b.8) has this shape plus the cluster fields.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub cluster_id: Option<i64>,
    /// As `cluster_id`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub cluster_name: Option<String>,
    /// As `cluster_id`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::lenient"
    )]
    pub ob_cluster_id: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    // strict: the cluster's identity and the windows, per tenant and as a union.
    #[serde(default)]
    pub cluster_id: i64,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub cluster_name: String,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub ob_cluster_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub online: Option<bool>,
    /// The union over tenants.
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub ob_recoverable_info_aggregation: RecoverableAggregation,
    #[serde(default, deserialize_with = "crate::envelope::null_as_default")]
    pub tenant_backup_infos: Vec<TenantBackupInfo>,
}

impl BackupInfo {
    /// The names of the tenants whose own windows are empty in this answer.
    pub fn tenants_without_window(&self) -> Vec<String> {
        self.tenant_backup_infos
            .iter()
            .filter(|t| {
                t.ob_recoverable_info_aggregation
                    .recoverable_windows()
                    .is_empty()
            })
            .map(|t| t.tenant_name.clone())
            .collect()
    }

    /// One tenant's part of the answer, by OCP's tenant id.
    pub fn tenant(&self, tenant_id: i64) -> Option<&TenantBackupInfo> {
        self.tenant_backup_infos
            .iter()
            .find(|t| t.tenant_id == tenant_id)
    }
}

/// Joins intervals that overlap or touch; the result is sorted and disjoint.
pub fn merge_intervals(mut intervals: Vec<TimeInterval>) -> Vec<TimeInterval> {
    intervals.sort_by_key(|i| i.start_time.timestamp_micros());
    let mut out: Vec<TimeInterval> = Vec::with_capacity(intervals.len());
    for i in intervals {
        match out.last_mut() {
            // The same rule as `timeline::RecoverableWindows`: inclusive microseconds, so
            // `..=5` and `6..=` leave nothing between them and are one stretch.
            Some(last)
                if i.start_time.timestamp_micros()
                    <= last.end_time.timestamp_micros().saturating_add(1) =>
            {
                if i.end_time.timestamp_micros() > last.end_time.timestamp_micros() {
                    last.end_time = i.end_time;
                }
            }
            _ => out.push(i),
        }
    }
    out
}

/// Recoverable windows (ocp-api.md 4): a window opens at a finished full backup's
/// recoverable time and lasts while log archiving runs on without a break. A stretch of log
/// with no full backup inside it anchors nothing.
pub fn derive_windows(
    full_backups: &[RecoverableTime],
    log_archive: &[TimeInterval],
) -> Vec<TimeInterval> {
    merge_intervals(log_archive.to_vec())
        .into_iter()
        .filter_map(|log| {
            let anchor = full_backups
                .iter()
                .filter(|p| log.contains_micros(p.timestamp_micros()))
                .min_by_key(|p| p.timestamp_micros())?;
            Some(TimeInterval {
                start_time: *anchor,
                end_time: log.end_time,
            })
        })
        .collect()
}

/// Where a wanted restore point stands against the windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointCheck {
    Inside,
    /// Outside every window; the nearest point inside one.
    Outside {
        nearest_micros: i64,
    },
    NoWindow,
}

/// Where `t_micros` stands against the windows, to the microsecond (both ends included); the
/// rules are `timeline::RecoverableWindows`'.
pub fn check_point(windows: &[TimeInterval], t_micros: i64) -> PointCheck {
    use crate::timeline::{Pick, RecoverableWindows};
    match RecoverableWindows::from_intervals(windows).pick(t_micros, 0) {
        Pick::Inside(_) => PointCheck::Inside,
        Pick::NoWindow => PointCheck::NoWindow,
        Pick::Snapped { at_us, .. } => PointCheck::Outside {
            nearest_micros: at_us,
        },
        Pick::Refused {
            before_us,
            after_us,
            ..
        } => [before_us, after_us]
            .into_iter()
            .flatten()
            .min_by_key(|p| (p - t_micros).unsigned_abs())
            .map_or(PointCheck::NoWindow, |nearest_micros| PointCheck::Outside {
                nearest_micros,
            }),
    }
}

/// What a mark on a timeline strip stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StripKind {
    Window,
    LogArchive,
    FullBackup,
    IncrementalBackup,
}

/// One mark of a timeline strip, in fractions of its width (0.0 = `from`, 1.0 = `to`);
/// points have `start == end`. Times are kept for labels.
#[derive(Clone, Debug, PartialEq)]
pub struct StripMark {
    pub kind: StripKind,
    pub start: f64,
    pub end: f64,
    pub start_time: RecoverableTime,
    pub end_time: RecoverableTime,
}

/// Lays the items of an aggregation out on a strip from `from_ms` to `to_ms`: intervals are
/// clipped to it, points outside it dropped. Windows come last so they draw on top.
pub fn strip_marks(agg: &RecoverableAggregation, from_ms: i64, to_ms: i64) -> Vec<StripMark> {
    let span = (to_ms - from_ms).max(1) as f64;
    let x = |t: &RecoverableTime| ((t.timestamp_millis() - from_ms) as f64 / span).clamp(0.0, 1.0);
    let inside = |t: &RecoverableTime| (from_ms..=to_ms).contains(&t.timestamp_millis());
    let mut marks: Vec<StripMark> = agg
        .items()
        .iter()
        .filter_map(|item| {
            let (kind, a, b) = match item.typed()? {
                TimelineItem::FullBackup(p) => (
                    StripKind::FullBackup,
                    p.recoverable_time,
                    p.recoverable_time,
                ),
                TimelineItem::IncrementalBackup(p) => (
                    StripKind::IncrementalBackup,
                    p.recoverable_time,
                    p.recoverable_time,
                ),
                TimelineItem::LogArchive(i) => (StripKind::LogArchive, i.start_time, i.end_time),
                TimelineItem::Window(i) => (StripKind::Window, i.start_time, i.end_time),
            };
            let visible = if a == b {
                inside(&a)
            } else {
                b.timestamp_millis() >= from_ms && a.timestamp_millis() <= to_ms
            };
            visible.then(|| StripMark {
                kind,
                start: x(&a),
                end: x(&b),
                start_time: a,
                end_time: b,
            })
        })
        .collect();
    marks.sort_by_key(|m| m.kind == StripKind::Window);
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strip_clips_intervals_drops_far_points_and_draws_windows_last() {
        let json = r#"{"latestSevenDaysAggregation":{"obRecoverableSectionItems":[
            {"obRecoverableSectionItemType":"RECOVERABLE","realRecoverableTimeInterval":{"startTime":"2021-09-10T00:00:00Z","endTime":"2021-09-15T00:00:00Z"}},
            {"obRecoverableSectionItemType":"LOG_BACKUP","logRecoverableTimeInterval":{"startTime":"2021-09-09T00:00:00Z","endTime":"2021-09-16T00:00:00Z"}},
            {"obRecoverableSectionItemType":"FULL_DATA_BACKUP","dataBackupRecoverableInfo":{"recoverableTime":"2021-09-14T00:00:00Z"}},
            {"obRecoverableSectionItemType":"INCREMENTAL_DATA_BACKUP","dataBackupRecoverableInfo":{"recoverableTime":"2021-09-01T00:00:00Z"}}]}}"#;
        let agg: RecoverableAggregation = serde_json::from_str(json).unwrap();
        let from = t("2021-09-12T00:00:00Z").timestamp_millis();
        let to = t("2021-09-16T00:00:00Z").timestamp_millis();
        let marks = strip_marks(&agg, from, to);
        let kinds: Vec<_> = marks.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            vec![
                StripKind::LogArchive,
                StripKind::FullBackup,
                StripKind::Window
            ]
        );
        assert_eq!(
            (marks[0].start, marks[0].end),
            (0.0, 1.0),
            "log clipped to the strip"
        );
        assert_eq!((marks[1].start, marks[1].end), (0.5, 0.5));
        assert_eq!((marks[2].start, marks[2].end), (0.0, 0.75));
        assert_eq!(
            marks[2].start_time,
            t("2021-09-10T00:00:00Z"),
            "labels keep the real times"
        );
    }

    fn t(s: &str) -> RecoverableTime {
        RecoverableTime::parse(s).unwrap()
    }
    fn iv(a: &str, b: &str) -> TimeInterval {
        TimeInterval {
            start_time: t(a),
            end_time: t(b),
        }
    }

    #[test]
    fn a_window_opens_at_the_first_full_backup_and_ends_at_a_log_gap() {
        let fulls = [
            t("2021-09-14T02:10:00Z"),
            t("2021-09-16T02:10:00Z"),
            t("2021-09-18T02:10:00Z"),
        ];
        let logs = [
            iv("2021-09-13T00:00:00Z", "2021-09-15T12:00:00Z"),
            iv("2021-09-15T11:00:00Z", "2021-09-16T20:00:00Z"), // overlaps: one stretch
            iv("2021-09-17T06:00:00Z", "2021-09-17T09:00:00Z"), // no full inside: no window
            iv("2021-09-18T00:00:00Z", "2021-09-19T00:00:00Z"),
        ];
        let w = derive_windows(&fulls, &logs);
        assert_eq!(
            w,
            vec![
                iv("2021-09-14T02:10:00Z", "2021-09-16T20:00:00Z"),
                iv("2021-09-18T02:10:00Z", "2021-09-19T00:00:00Z"),
            ]
        );
        assert_eq!(
            check_point(&w, t("2021-09-15T00:00:00Z").timestamp_micros()),
            PointCheck::Inside
        );
        assert_eq!(
            check_point(&w, t("2021-09-17T00:00:00Z").timestamp_micros()),
            PointCheck::Outside {
                nearest_micros: t("2021-09-16T20:00:00Z").timestamp_micros()
            }
        );
        assert_eq!(check_point(&[], 0), PointCheck::NoWindow);
    }

    #[test]
    fn windows_sent_unsorted_overlapping_or_touching_are_counted_once() {
        let json = r#"{"latestSevenDaysAggregation":{"obRecoverableSectionItems":[
            {"obRecoverableSectionItemType":"RECOVERABLE","realRecoverableTimeInterval":{"startTime":"2021-09-15T00:00:00Z","endTime":"2021-09-16T00:00:00Z"}},
            {"obRecoverableSectionItemType":"RECOVERABLE","realRecoverableTimeInterval":{"startTime":"2021-09-10T00:00:00Z","endTime":"2021-09-12T00:00:00Z"}},
            {"obRecoverableSectionItemType":"RECOVERABLE","realRecoverableTimeInterval":{"startTime":"2021-09-11T00:00:00Z","endTime":"2021-09-13T00:00:00Z"}},
            {"obRecoverableSectionItemType":"RECOVERABLE","realRecoverableTimeInterval":{"startTime":"2021-09-13T00:00:00Z","endTime":"2021-09-14T00:00:00Z"}}]}}"#;
        let agg: RecoverableAggregation = serde_json::from_str(json).unwrap();
        assert_eq!(
            agg.windows(),
            vec![
                iv("2021-09-10T00:00:00Z", "2021-09-14T00:00:00Z"),
                iv("2021-09-15T00:00:00Z", "2021-09-16T00:00:00Z"),
            ]
        );
        // The strip counts as the timeline and the health rules do: one microsecond apart
        // is touching, two leave a gap of one microsecond.
        assert_eq!(agg.windows().len(), agg.recoverable_windows().len());
        let touching = merge_intervals(vec![
            iv("2021-09-10T00:00:00Z", "2021-09-11T00:00:00Z"),
            iv("2021-09-11T00:00:00.000001Z", "2021-09-12T00:00:00Z"),
        ]);
        assert_eq!(
            touching,
            vec![iv("2021-09-10T00:00:00Z", "2021-09-12T00:00:00Z")]
        );
        let apart = merge_intervals(vec![
            iv("2021-09-10T00:00:00Z", "2021-09-11T00:00:00Z"),
            iv("2021-09-11T00:00:00.000002Z", "2021-09-12T00:00:00Z"),
        ]);
        assert_eq!(apart.len(), 2);
    }

    #[test]
    fn unknown_item_types_are_skipped_not_fatal() {
        let json = r#"{"obQueryTimeScopeType":"LATEST_SEVEN_DAYS","latestSevenDaysAggregation":{"obRecoverableSectionItems":[
            {"obRecoverableSectionItemType":"SNAPSHOT","backupMode":"PHYSICAL_BACKUP"},
            {"obRecoverableSectionItemType":"RECOVERABLE","backupMode":"PHYSICAL_BACKUP",
             "realRecoverableTimeInterval":{"startTime":"2021-09-16T02:00:10.986847+08:00","endTime":"2021-09-17T02:00:10.986847+08:00"}}]}}"#;
        let agg: RecoverableAggregation = serde_json::from_str(json).unwrap();
        assert_eq!(agg.items().len(), 2);
        assert_eq!(agg.items()[0].typed(), None);
        assert_eq!(agg.windows().len(), 1);
    }
}
