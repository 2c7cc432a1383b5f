//! Each finding in plain words, in both languages: what is wrong, why it matters, and what to
//! do. Times are shown in the offset the caller gives (the cluster's), with it.

use super::{Finding, MonthWithout, Rule};
use crate::backup::DataBackupMode;
use crate::measure::Span;
use crate::time::format_with_offset;
use crate::Lang;
use chrono::{DateTime, FixedOffset};

/// A finding in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingText {
    /// What is wrong, with the numbers.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// What to do.
    pub action: String,
}

fn at(t_us: i64, offset: FixedOffset) -> String {
    DateTime::from_timestamp_micros(t_us)
        .map(|d| format_with_offset(&d.with_timezone(&offset)))
        .unwrap_or_else(|| t_us.to_string())
}

fn span(secs: i64) -> String {
    Span::from_seconds(secs).compact()
}

fn kind(k: &DataBackupMode, lang: Lang) -> &'static str {
    match (k, lang) {
        (DataBackupMode::Full, Lang::En) => "full",
        (DataBackupMode::Full, Lang::Zh) => "全量",
        (_, Lang::En) => "incremental",
        (_, Lang::Zh) => "增量",
    }
}

fn months(m: &[MonthWithout], lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    m.iter()
        .map(|m| match lang {
            Lang::En => format!(
                "{} {}",
                EN[(m.month as usize).saturating_sub(1) % 12],
                m.year
            ),
            Lang::Zh => format!("{}年{}月", m.year, m.month),
        })
        .collect::<Vec<_>>()
        .join(if lang == Lang::En { ", " } else { "、" })
}

fn t(what: String, why: &str, action: &str) -> FindingText {
    FindingText {
        what,
        why: why.to_owned(),
        action: action.to_owned(),
    }
}

impl Finding {
    /// The finding in words, times in `offset`.
    pub fn message(&self, lang: Lang, offset: FixedOffset) -> FindingText {
        let en = lang == Lang::En;
        match &self.rule {
            Rule::RpoOverThreshold {
                rpo_secs,
                threshold_secs,
            } => {
                let over = span(rpo_secs - threshold_secs);
                if en {
                    t(
                        format!(
                            "RPO is {}, {over} over the threshold of {}.",
                            span(*rpo_secs),
                            span(*threshold_secs)
                        ),
                        "Data written since the last archived log would be lost in a restore.",
                        "Check the log backup tasks and the archive destination.",
                    )
                } else {
                    t(
                        format!(
                            "RPO 为 {}，超出阈值 {} 达 {over}。",
                            span(*rpo_secs),
                            span(*threshold_secs)
                        ),
                        "恢复时将丢失最后一次归档日志之后写入的数据。",
                        "检查日志备份任务和归档目的地。",
                    )
                }
            }
            Rule::LogArchivingStopped { status, since_us } => {
                let since = since_us
                    .map(|s| at(s, offset))
                    .unwrap_or_else(|| "—".into());
                if en {
                    t(format!("Log archiving is {status} (since {since})."),
                      "Without continuous log archiving no new point can be restored to, and the recoverable window stops growing.",
                      "Look at the log backup task's error, fix the archive destination, then restart log backup.")
                } else {
                    t(
                        format!("日志归档状态为 {status}（自 {since}）。"),
                        "日志归档不连续时，无法恢复到新的时间点，可恢复窗口也不再延长。",
                        "查看日志备份任务的错误，修复归档目的地后重新开启日志备份。",
                    )
                }
            }
            Rule::LogArchivingStuck { status, for_secs } => {
                if en {
                    t(format!("Log archiving has said {status} for {}.", span(*for_secs)),
                      "A log task stuck in a transitional state usually means the archive medium fails; the window is not growing.",
                      "Check the archive destination and the log backup task's error.")
                } else {
                    t(
                        format!("日志归档已处于 {status} 状态 {}。", span(*for_secs)),
                        "日志任务长时间停在过渡状态，通常是归档介质故障；可恢复窗口没有延长。",
                        "检查归档目的地和日志备份任务的错误。",
                    )
                }
            }
            Rule::LogArchivingUnknown { status } => {
                if en {
                    t(format!("Log archiving reports the status {status}, which this console does not know."),
                      "Whether logs are being archived cannot be told from it.",
                      "Check the log backup task in OCP.")
                } else {
                    t(
                        format!("日志归档报告的状态 {status} 为本控制台未知的状态。"),
                        "无法据此判断日志是否在归档。",
                        "请在 OCP 中查看日志备份任务。",
                    )
                }
            }
            Rule::NoSuccessfulDataBackup {
                alarm_days,
                last_success_us,
            } => {
                let last = last_success_us.map(|s| at(s, offset));
                match (en, last) {
                    (true, Some(l)) => t(format!("No successful data backup for more than {alarm_days} days (the last finished {l})."),
                        "Every restore starts from a data backup: an old one means long log replays, and it may soon expire.",
                        "Find out why backups fail or do not run, then back up now."),
                    (true, None) => t(format!("No successful data backup within {alarm_days} days."),
                        "Every restore starts from a data backup: without one nothing can be restored.",
                        "Find out why backups fail or do not run, then back up now."),
                    (false, Some(l)) => t(format!("超过 {alarm_days} 天没有成功的数据备份（最近一次完成于 {l}）。"),
                        "每次恢复都从数据备份开始：备份过旧意味着日志回放很长，且可能即将过期。",
                        "查明备份失败或未执行的原因，然后立即备份。"),
                    (false, None) => t(format!("{alarm_days} 天内没有成功的数据备份。"),
                        "每次恢复都从数据备份开始：没有数据备份就无法恢复。",
                        "查明备份失败或未执行的原因，然后立即备份。"),
                }
            }
            Rule::DataBackupOverTimeout {
                task_id,
                running_secs,
                timeout_minutes,
            } => {
                let over = span(running_secs - timeout_minutes * 60);
                if en {
                    t(format!("Data backup task {task_id} has run for {}, {over} past its timeout of {timeout_minutes} minutes.", span(*running_secs)),
                      "It may be stuck, and it holds resources and the next scheduled backup.",
                      "Open the task and check its progress.")
                } else {
                    t(format!("数据备份任务 {task_id} 已运行 {}，超出 {timeout_minutes} 分钟的超时时间 {over}。", span(*running_secs)),
                      "任务可能已卡住，并占用资源、阻塞下一次计划备份。",
                      "打开该任务查看进度。")
                }
            }
            Rule::LatestDataBackupFailed {
                task_id,
                finished_us,
                error,
            } => {
                let when = finished_us
                    .map(|s| at(s, offset))
                    .unwrap_or_else(|| "—".into());
                let error = error
                    .as_deref()
                    .map(crate::secrets::redact)
                    .unwrap_or_default();
                let error = error.lines().next().unwrap_or("").trim().to_owned();
                if en {
                    t(
                        format!(
                            "The latest data backup (task {task_id}) failed at {when}{}{error}",
                            if error.is_empty() { "." } else { ": " }
                        ),
                        "The newest restore starting point is older than the schedule intends.",
                        "Open the task, read its error, fix the cause and back up now.",
                    )
                } else {
                    t(
                        format!(
                            "最近一次数据备份（任务 {task_id}）于 {when} 失败{}{error}",
                            if error.is_empty() { "。" } else { "：" }
                        ),
                        "最新的恢复起点比计划的要旧。",
                        "打开该任务查看错误，修复原因后立即备份。",
                    )
                }
            }
            Rule::WindowGap {
                after_us,
                before_us,
            } => {
                let len = span((before_us - after_us) / 1_000_000);
                if en {
                    t(format!("Nothing can be restored between {} and {} ({len}).", at(*after_us, offset), at(*before_us, offset)),
                      "A restore to a moment in the gap is impossible: log archiving stopped or backups expired there.",
                      "Look at the gap on the timeline; keep log archiving running so no new gap opens.")
                } else {
                    t(
                        format!(
                            "{} 至 {} 之间无法恢复（{len}）。",
                            at(*after_us, offset),
                            at(*before_us, offset)
                        ),
                        "无法恢复到缺口内的时间点：该段时间日志归档中断或备份已过期。",
                        "在时间轴上查看该缺口；保持日志归档运行以免出现新的缺口。",
                    )
                }
            }
            Rule::LatestRecoverableTooOld {
                latest_us,
                age_secs,
                threshold_secs,
            } => {
                if en {
                    t(
                        format!(
                            "The newest recoverable point, {}, is {} old (threshold {}).",
                            at(*latest_us, offset),
                            span(*age_secs),
                            span(*threshold_secs)
                        ),
                        "A restore now would lose everything written since then.",
                        "Check log archiving and that a full backup anchors the current window.",
                    )
                } else {
                    t(
                        format!(
                            "最新可恢复时间点 {} 距今 {}（阈值 {}）。",
                            at(*latest_us, offset),
                            span(*age_secs),
                            span(*threshold_secs)
                        ),
                        "现在恢复将丢失此后写入的全部数据。",
                        "检查日志归档，并确认当前窗口有全量备份作为起点。",
                    )
                }
            }
            Rule::NoRecoverableWindow => {
                if en {
                    t("No recoverable window in the period shown.".into(),
                      "No point of this period can be restored to.",
                      "A window needs a finished full backup and continuous log archiving after it.")
                } else {
                    t(
                        "所示时间段内没有可恢复窗口。".into(),
                        "该时间段内的任何时间点都无法恢复。",
                        "可恢复窗口需要一次已完成的全量备份及其后连续的日志归档。",
                    )
                }
            }
            Rule::SchedulePaused { since_us, for_secs } => {
                let since = since_us
                    .zip(*for_secs)
                    .map(|(s, d)| (at(s, offset), span(d)));
                match (en, since) {
                    (true, Some((s, d))) => t(
                        format!("Backup scheduling has been paused for at least {d} (the strategy last changed {s})."),
                        "No scheduled data backup runs; restore points age and may expire.",
                        "Resume the schedule when the pause is over.",
                    ),
                    (true, None) => t(
                        "Backup scheduling is paused.".into(),
                        "No scheduled data backup runs; restore points age and may expire.",
                        "Resume the schedule when the pause is over.",
                    ),
                    (false, Some((s, d))) => t(
                        format!("备份调度已暂停至少 {d}（策略最近修改于 {s}）。"),
                        "计划的数据备份不会执行；恢复点会变旧并可能过期。",
                        "暂停结束后请恢复调度。",
                    ),
                    (false, None) => t(
                        "备份调度已暂停。".into(),
                        "计划的数据备份不会执行；恢复点会变旧并可能过期。",
                        "暂停结束后请恢复调度。",
                    ),
                }
            }
            Rule::NoStrategy => {
                if en {
                    t(
                        "This primary cluster has no backup strategy.".into(),
                        "Nothing is backed up on a schedule: recent points cannot be restored.",
                        "Create a backup strategy.",
                    )
                } else {
                    t(
                        "该主集群没有备份策略。".into(),
                        "没有按计划执行的备份：无法恢复到最近的时间点。",
                        "创建备份策略。",
                    )
                }
            }
            Rule::StandbyNoOwnBackups => {
                if en {
                    t("This is a standby cluster: it keeps no backups of its own.".into(),
                      "It is protected through its primary; a restore starts from the primary's backups.",
                      "Check the health of its primary cluster.")
                } else {
                    t(
                        "这是备集群：它没有自己的备份。".into(),
                        "备集群通过其主集群得到保护；恢复从主集群的备份开始。",
                        "请查看其主集群的健康状况。",
                    )
                }
            }
            Rule::TenantsWithoutWindow { tenants } => {
                let names = tenants.join(if en { ", " } else { "、" });
                if en {
                    t(format!("No recoverable window for tenant {names} in the period shown."),
                      "These tenants cannot be restored to any point of the period, whatever the cluster's other tenants show.",
                      "Look at the tenant's timeline: it needs a finished full backup reached by continuous log archiving.")
                } else {
                    t(
                        format!("所示时间段内租户 {names} 没有可恢复窗口。"),
                        "这些租户无法恢复到该时间段内的任何时间点，与集群其他租户的情况无关。",
                        "查看该租户的时间轴：需要一次已完成的全量备份，且其后的日志归档连续。",
                    )
                }
            }
            Rule::SchedulePausedInEditor => {
                if en {
                    t(
                        "The schedule is set to paused.".into(),
                        "No scheduled backup will run until it is resumed.",
                        "Enable the schedule unless the pause is intended.",
                    )
                } else {
                    t(
                        "调度被设置为暂停。".into(),
                        "恢复调度前不会执行任何计划备份。",
                        "除非有意暂停，请启用调度。",
                    )
                }
            }
            Rule::IncrementalWithoutFull => {
                if en {
                    t("Incremental backups are scheduled, but no full backup.".into(),
                      "An incremental backup builds on a full one: without it there is nothing to restore from.",
                      "Schedule at least one full backup day.")
                } else {
                    t(
                        "计划了增量备份，但没有全量备份。".into(),
                        "增量备份基于全量备份：没有全量备份就没有可恢复的起点。",
                        "至少安排一天全量备份。",
                    )
                }
            }
            Rule::MonthDaysSomeMonthsLack {
                kind: k,
                days,
                months: m,
            } => {
                let days = days
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                if en {
                    t(format!("The {} backup on day {days} of the month does not exist in some months, so these get no {} backup: {}.", kind(k, lang), kind(k, lang), months(m, lang)),
                      "Those months go without that backup, and the interval between backups doubles around them.",
                      "Use a day every month has (1–28), or add one.")
                } else {
                    t(
                        format!(
                            "每月 {days} 日的{}备份在部分月份不存在：{} 没有{}备份。",
                            kind(k, lang),
                            months(m, lang),
                            kind(k, lang)
                        ),
                        "这些月份缺少该类备份，其前后两次备份的间隔会成倍增长。",
                        "改用每个月都有的日期（1–28 日），或再增加一天。",
                    )
                }
            }
            Rule::FullIntervalOverRetention {
                longest_days,
                from,
                to,
                retention_days,
            } => {
                if en {
                    t(format!("The longest interval between full backups is {longest_days} days ({from} → {to}), longer than the {retention_days} days of retention."),
                      "The full backup that incrementals and recoverable windows build on can expire before the next one exists.",
                      "Schedule full backups more often, or keep backups longer than the longest interval.")
                } else {
                    t(format!("两次全量备份的最长间隔为 {longest_days} 天（{from} → {to}），超过 {retention_days} 天的保留期。"),
                      "增量备份和可恢复窗口所依赖的全量备份，可能在下一次全量备份前就过期。",
                      "增加全量备份频率，或将保留期设为长于最长间隔。")
                }
            }
            Rule::CleanupDuringBackup {
                backup_time,
                clean_time,
                average_backup_secs,
            } => {
                if en {
                    t(format!("Cleanup at {} starts before the backup started at {} usually ends (it takes {} on average).", clean_time.to_wire(), backup_time.to_wire(), span(*average_backup_secs)),
                      "Cleaning while a backup runs competes for the storage and can remove what the running backup builds on.",
                      "Move the cleanup time after the backup's usual end.")
                } else {
                    t(
                        format!(
                            "{} 的清理在 {} 开始的备份通常结束之前就开始（备份平均耗时 {}）。",
                            clean_time.to_wire(),
                            backup_time.to_wire(),
                            span(*average_backup_secs)
                        ),
                        "备份运行时清理会争用存储，并可能删除正在进行的备份所依赖的数据。",
                        "把清理时间移到备份通常结束之后。",
                    )
                }
            }
        }
    }
}
