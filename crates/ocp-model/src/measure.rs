//! Figures the console derives for people: RPO against its threshold, ages, sizes.

use crate::backup::{Overview, StorageVolumeUnit};
use crate::time::TaskTime;

/// The RPO right now, in seconds (ocp-api.md 4): the age of the log checkpoint while log
/// backup runs, else of the last data backup; `None` with neither. Never negative (a point
/// stamped by a clock slightly ahead is "now").
pub fn rpo_seconds(
    now_ms: i64,
    checkpoint: Option<TaskTime>,
    last_backup: Option<TaskTime>,
) -> Option<i64> {
    let point = checkpoint.or(last_backup)?;
    Some(((now_ms - point.timestamp_millis()) / 1000).max(0))
}

impl Overview {
    /// [`rpo_seconds`] from what the overview reports.
    pub fn rpo_seconds(&self, now_ms: i64) -> Option<i64> {
        rpo_seconds(
            now_ms,
            self.latest_log_backup_checkpoint,
            self.last_data_backup_time,
        )
    }
}

/// How a live RPO compares with the strategy's `logBackupDelaySeconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RpoLevel {
    /// Within the threshold.
    Healthy,
    /// Over the threshold, up to three times it.
    Late,
    /// More than three times the threshold: log archiving is likely stuck.
    Critical,
}

impl RpoLevel {
    pub fn of(rpo_seconds: i64, threshold_seconds: i64) -> Self {
        let threshold = threshold_seconds.max(1);
        if rpo_seconds <= threshold {
            RpoLevel::Healthy
        } else if rpo_seconds <= threshold.saturating_mul(3) {
            RpoLevel::Late
        } else {
            RpoLevel::Critical
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            RpoLevel::Healthy => "healthy",
            RpoLevel::Late => "late",
            RpoLevel::Critical => "critical",
        }
    }
}

/// OCP's default alert threshold for log delay when no strategy sets one.
pub const DEFAULT_LOG_DELAY_THRESHOLD_SECONDS: i64 = 300;

/// A span split for display: the largest two units that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
    pub seconds: i64,
}

impl Span {
    pub fn from_seconds(total: i64) -> Self {
        let t = total.max(0);
        Span {
            days: t / 86_400,
            hours: (t % 86_400) / 3600,
            minutes: (t % 3600) / 60,
            seconds: t % 60,
        }
    }

    /// `2d 3h`, `3h 05m`, `4m 09s`, `12s`: compact, language-neutral.
    pub fn compact(&self) -> String {
        if self.days > 0 {
            format!("{}d {}h", self.days, self.hours)
        } else if self.hours > 0 {
            format!("{}h {:02}m", self.hours, self.minutes)
        } else if self.minutes > 0 {
            format!("{}m {:02}s", self.minutes, self.seconds)
        } else {
            format!("{}s", self.seconds)
        }
    }
}

/// `backupSize` with its unit, shown with a sensible unit: `1.5 TB`, `820 GB`.
pub fn format_size(size: f64, unit: &StorageVolumeUnit) -> String {
    const UNITS: [&str; 6] = ["B", "KB", "MB", "GB", "TB", "PB"];
    let start = UNITS.iter().position(|u| *u == unit.as_str()).unwrap_or(0);
    let mut value = size;
    let mut i = start;
    while value >= 1024.0 && i + 1 < UNITS.len() {
        value /= 1024.0;
        i += 1;
    }
    while value > 0.0 && value < 1.0 && i > 0 {
        value *= 1024.0;
        i -= 1;
    }
    if value >= 100.0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[i])
    } else {
        format!("{value:.1} {}", UNITS[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpo_is_the_age_of_the_checkpoint_else_of_the_last_backup() {
        let t = |s: &str| Some(TaskTime::parse(s).unwrap());
        let now = TaskTime::parse("2021-09-16T17:30:00.000+0800")
            .unwrap()
            .timestamp_millis();
        let checkpoint = t("2021-09-16T17:29:15.500+0800");
        let backup = t("2021-09-16T02:00:00.000+0800");
        assert_eq!(rpo_seconds(now, checkpoint, backup), Some(44));
        assert_eq!(rpo_seconds(now, None, backup), Some(55_800));
        assert_eq!(rpo_seconds(now, None, None), None);
        assert_eq!(
            rpo_seconds(now, t("2021-09-16T17:31:00.000+0800"), None),
            Some(0)
        );
    }

    #[test]
    fn rpo_levels_follow_the_threshold() {
        assert_eq!(RpoLevel::of(120, 300), RpoLevel::Healthy);
        assert_eq!(RpoLevel::of(300, 300), RpoLevel::Healthy);
        assert_eq!(RpoLevel::of(301, 300), RpoLevel::Late);
        assert_eq!(RpoLevel::of(901, 300), RpoLevel::Critical);
        assert_eq!(RpoLevel::of(5, 0), RpoLevel::Critical);
    }

    #[test]
    fn spans_show_the_two_largest_units() {
        assert_eq!(Span::from_seconds(12).compact(), "12s");
        assert_eq!(Span::from_seconds(249).compact(), "4m 09s");
        assert_eq!(Span::from_seconds(3600 * 3 + 300).compact(), "3h 05m");
        assert_eq!(Span::from_seconds(86_400 * 2 + 3600 * 3).compact(), "2d 3h");
        assert_eq!(Span::from_seconds(-5).compact(), "0s");
    }

    #[test]
    fn sizes_pick_a_readable_unit() {
        assert_eq!(format_size(1536.0, &StorageVolumeUnit::Gb), "1.5 TB");
        assert_eq!(format_size(820.0, &StorageVolumeUnit::Gb), "820 GB");
        assert_eq!(format_size(0.5, &StorageVolumeUnit::Gb), "512 MB");
        assert_eq!(format_size(0.0, &StorageVolumeUnit::B), "0 B");
        assert_eq!(
            format_size(12.25, &StorageVolumeUnit::Other("XB".into())),
            "12.2 B"
        );
    }
}
