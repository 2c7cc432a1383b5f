//! The rules a backup write must pass, with OCP's error codes and a message in both languages
//! written next to each rule. Pure: the console's strategy editor checks a draft with the same
//! code the emulator answers with, so both always agree.
//!
//! Each check returns every [`Violation`] it finds (not just the first), each naming the field
//! by its JSON path as OCP's `subErrors` do (`obBackupScheduleConfig.backupScheduleTime`).

use crate::backup::*;
use crate::cluster::{ClusterStatus, ClusterType};
use crate::lang::Lang;
use crate::recoverable::{check_point, PointCheck, TimeInterval};
use crate::restore::{BackupTenantStatus, ReplicaType, RestoreParam, RestoreTenantInfo};
use crate::time::{format_with_offset, TimeOfDay};
use chrono::{DateTime, FixedOffset, Utc};

/// One broken rule: where, OCP's code, and what to tell a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON path of the field, as in `subErrors` (`obBackupScheduleConfig.backupScheduleTime`).
    pub field: String,
    /// OCP's error code, e.g. `BAK21007`.
    pub code: &'static str,
    pub en: String,
    pub zh: String,
    /// The value that was refused, as sent (`subErrors[].rejectedValue`); `None` when it was
    /// missing or is not known here.
    pub rejected_value: Option<serde_json::Value>,
}

impl Violation {
    pub fn new(
        field: impl Into<String>,
        code: &'static str,
        en: impl Into<String>,
        zh: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code,
            en: en.into(),
            zh: zh.into(),
            rejected_value: None,
        }
    }

    /// The same, naming the value that was refused.
    pub fn rejecting(mut self, value: serde_json::Value) -> Self {
        self.rejected_value = Some(value);
        self
    }

    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

/// OCP's codes used here (ocp-api.md 1.2).
pub mod codes {
    /// A parameter empty or invalid: a value of the wrong JSON type.
    pub const PARAMETER: &str = "COM10001";
    /// Invalid request parameter {0}.
    pub const INVALID: &str = "BAK10002";
    /// Bad storage config name.
    pub const CONFIG_NAME: &str = "BAK10004";
    /// The cluster already has a backup strategy.
    pub const STRATEGY_EXISTS: &str = "BAK21001";
    /// The object has no backup strategy.
    pub const NO_STRATEGY: &str = "BAK21006";
    /// Schedule time {0} does not match format {1}.
    pub const SCHEDULE_TIME: &str = "BAK21007";
    /// The object does not support backup mode {1}.
    pub const MODE_UNSUPPORTED: &str = "BAK21008";
    /// Backup strategy unchanged.
    pub const UNCHANGED: &str = "BAK21016";
    pub const STORAGE_URI: &str = "BAK29018";
    pub const STORAGE_ENDPOINT: &str = "BAK29019";
    pub const STORAGE_KEY_ID: &str = "BAK29020";
    pub const STORAGE_SECRET: &str = "BAK29021";
    /// Backup not supported for OB version {0}.
    pub const VERSION: &str = "BAK30001";
    /// Start data backup failed.
    pub const START_FAILED: &str = "BAK31001";
    /// A baseline (full) backup task is already running.
    pub const FULL_RUNNING: &str = "BAK31005";
    /// The tenant already has a backup strategy (ocp-api.md 2b.11).
    pub const TENANT_STRATEGY_EXISTS: &str = "BAK21002";
    /// OB version {0} cannot do tenant backup (ocp-api.md 2b.11).
    pub const TENANT_VERSION: &str = "BAK30002";
    /// Logical backup cannot back up a tenant (ocp-api.md 2b.11).
    pub const TENANT_LOGICAL: &str = "BAK30004";
    /// The tenant is still being created (ocp-api.md 2b.11).
    pub const TENANT_CREATING: &str = "BAK30007";
    /// A standby cluster cannot be backed up.
    pub const STANDBY: &str = "BAK40002";
    /// Tenant already being restored.
    pub const RESTORING: &str = "BAK42004";
    /// Target tenant name already exists.
    pub const TENANT_EXISTS: &str = "BAK42005";
}

/// JSON paths of the strategy's fields.
pub mod fields {
    pub const BACKUP_MODE: &str = "backupMode";
    pub const SCHEDULE: &str = "obBackupScheduleConfig";
    pub const SCHEDULE_MODE: &str = "obBackupScheduleConfig.backupScheduleMode";
    pub const DAYS: &str = "obBackupScheduleConfig.dayAndDataBackupModelMap";
    pub const SCHEDULE_TIME: &str = "obBackupScheduleConfig.backupScheduleTime";
    pub const LOG_BACKUP: &str = "obBackupScheduleConfig.startLogBackup";
    pub const RETENTION_DAYS: &str = "obBackupScheduleConfig.backupDataRetentionDays";
    pub const CLEAN_TIME: &str = "obBackupScheduleConfig.cleanScheduleTime";
    pub const THRESHOLDS: &str = "obBackupThresholdConfig";
    pub const TIMEOUT_MINUTES: &str = "obBackupThresholdConfig.dataBackupTimeoutMinutes";
    pub const ALARM_DAYS: &str = "obBackupThresholdConfig.noSuccessfulDataBackupAlarmDays";
    pub const LOG_DELAY: &str = "obBackupThresholdConfig.logBackupDelaySeconds";
    pub const LIBOBLOG_DAYS: &str = "obBackupThresholdConfig.libObLogExpireDays";
    pub const STORAGE: &str = "obBackupServiceStorageConfig";
    pub const CONFIG_NAME: &str = "obBackupServiceStorageConfig.configName";
    pub const BASE_INFO: &str = "obBackupServiceStorageConfig.obBackupStorageBaseInfo";
    pub const STORAGE_TYPE: &str =
        "obBackupServiceStorageConfig.obBackupStorageBaseInfo.backupStorageType";
    pub const STORAGE_URL: &str = "obBackupServiceStorageConfig.obBackupStorageBaseInfo.storageUrl";
    pub const ALARM_PERCENT: &str = "obBackupServiceStorageConfig.alarmStoragePercentageThreshold";
    pub const SECONDARY: &str = "secondaryBackupEnabled";

    /// An access key field; OSS, COS and S3 keep the same fields under their own key.
    pub fn access_key(storage: &crate::backup::StorageType, field: &str) -> String {
        let block = match storage {
            crate::backup::StorageType::Cos => "cosAccessKey",
            crate::backup::StorageType::S3 => "s3AccessKey",
            _ => "ossAccessKey",
        };
        format!("{BASE_INFO}.{block}.{field}")
    }
}

/// What a new strategy gets for the parts a POST leaves out (ocp-api.md 2.1 documents the
/// retention's 7 days and the alarm's 80 %; the thresholds are the seed's, which follow OCP's
/// console). See [`with_defaults`].
pub mod defaults {
    pub const DATA_BACKUP_TIMEOUT_MINUTES: u32 = 720;
    pub const NO_SUCCESSFUL_DATA_BACKUP_ALARM_DAYS: u32 = 3;
    pub const LOG_BACKUP_DELAY_SECONDS: u32 = 300;
    /// Logical backup only.
    pub const LIB_OB_LOG_EXPIRE_DAYS: u32 = 7;
    /// When cleanup is on.
    pub const BACKUP_DATA_RETENTION_DAYS: u32 = 7;
    /// FILE storage only.
    pub const ALARM_STORAGE_PERCENTAGE: u32 = 80;
}

/// A strategy to create, with the defaults filled in where the request left a value out:
/// every missing threshold ([`defaults`]; `libObLogExpireDays` for logical backup only),
/// `backupScheduleEnabled` on, `backupDataRetentionDays` when cleanup is on,
/// `alarmStoragePercentageThreshold` on FILE storage, `secondaryBackupEnabled` off. What was
/// sent is never changed.
pub fn with_defaults(mut p: StrategyParam) -> StrategyParam {
    let logical = p.backup_mode == Some(BackupMode::Logical);
    let t = p
        .ob_backup_threshold_config
        .get_or_insert_with(Default::default);
    t.data_backup_timeout_minutes
        .get_or_insert(defaults::DATA_BACKUP_TIMEOUT_MINUTES);
    t.no_successful_data_backup_alarm_days
        .get_or_insert(defaults::NO_SUCCESSFUL_DATA_BACKUP_ALARM_DAYS);
    t.log_backup_delay_seconds
        .get_or_insert(defaults::LOG_BACKUP_DELAY_SECONDS);
    if logical {
        t.lib_ob_log_expire_days
            .get_or_insert(defaults::LIB_OB_LOG_EXPIRE_DAYS);
    }
    if let Some(cfg) = &mut p.ob_backup_schedule_config {
        cfg.backup_schedule_enabled.get_or_insert(true);
        if cfg.clean_enabled == Some(true) {
            cfg.backup_data_retention_days
                .get_or_insert(defaults::BACKUP_DATA_RETENTION_DAYS);
        }
    }
    if let Some(storage) = &mut p.ob_backup_service_storage_config {
        let file = storage
            .ob_backup_storage_base_info
            .as_ref()
            .is_some_and(|b| b.backup_storage_type == StorageType::File);
        if file {
            storage
                .alarm_storage_percentage_threshold
                .get_or_insert(defaults::ALARM_STORAGE_PERCENTAGE);
        }
    }
    p.secondary_backup_enabled.get_or_insert(false);
    p
}

/// The range of each whole number a strategy or a restore holds: what the checks here accept,
/// and what the console's inputs allow before anything is sent ([`crate::input::WholeRule`]),
/// so both sides refuse the same numbers.
pub mod bounds {
    use std::ops::RangeInclusive;

    /// `backupDataRetentionDays`, with cleanup on: at least a day.
    pub const RETENTION_DAYS: RangeInclusive<u32> = 1..=u32::MAX;
    /// `obBackupThresholdConfig`'s timeout, alarm days, log delay and liboblog days: positive.
    pub const THRESHOLD: RangeInclusive<u32> = 1..=u32::MAX;
    /// `alarmStoragePercentageThreshold`, in percent.
    pub const ALARM_PERCENT: RangeInclusive<u32> = 1..=100;
    /// Units in a zone of a restored tenant.
    pub const UNIT_COUNT: RangeInclusive<u32> = 1..=super::MAX_UNIT_COUNT;
}

/// The most month days a MONTH schedule may have.
pub const MAX_MONTH_DAYS: usize = 10;
/// Secondary backup needs at least this OB version.
pub const SECONDARY_MIN_VERSION: &str = "2.2.77";

/// Compares OB versions numerically part by part: `4.2.1.0` > `3.10.0` > `3.2`. A version
/// that cannot be read counts as lower, so it never passes a minimum
/// ([`crate::restore_wizard::compare_ob_versions`] says when).
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    crate::restore_wizard::compare_ob_versions(a, b).unwrap_or(std::cmp::Ordering::Less)
}

pub fn version_at_least(version: &str, min: &str) -> bool {
    compare_versions(version, min) != std::cmp::Ordering::Less
}

/// What the cluster allows, for [`validate_strategy`].
#[derive(Clone, Copy, Debug)]
pub struct StrategyContext<'a> {
    pub ob_version: &'a str,
    /// The cluster's `backupAbility`; `None`: not known, any mode goes.
    pub ability: Option<&'a BackupAbility>,
    pub is_standby: bool,
}

/// Whether a cluster with `ability` can back up in `mode`.
pub fn ability_allows(ability: &BackupAbility, mode: &BackupMode) -> bool {
    matches!(
        (ability, mode),
        (
            BackupAbility::LogicalAndPhysical,
            BackupMode::Physical | BackupMode::Logical
        ) | (BackupAbility::Physical, BackupMode::Physical)
            | (BackupAbility::Logical, BackupMode::Logical)
            | (BackupAbility::Other(_), _)
    )
}

fn required(field: &str) -> Violation {
    Violation::new(
        field,
        codes::INVALID,
        format!("{field} is required."),
        format!("{field} 为必填项。"),
    )
}

/// The text of a schedule time, as sent: `HH:MM[:SS[.fff]]` with an offset (`+08:00`).
/// BAK21007 when it cannot be read. For bodies read before typing (the emulator) and inputs.
pub fn check_time_text(field: &str, text: &str) -> Result<TimeOfDay, Violation> {
    TimeOfDay::parse(text).map_err(|_| {
        Violation::new(
            field,
            codes::SCHEDULE_TIME,
            format!("Schedule time {text:?} does not match format HH:mm:ss.SSSXXX (e.g. 02:00:00.000+08:00)."),
            format!("调度时间 {text:?} 不符合格式 HH:mm:ss.SSSXXX（例如 02:00:00.000+08:00）。"),
        )
    })
}

/// BAK10004: starts with a letter; 2–32 letters, digits or `_`.
pub fn check_config_name(field: &str, name: &str) -> Option<Violation> {
    let ok = (2..=32).contains(&name.chars().count())
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!ok).then(|| {
        Violation::new(
            field,
            codes::CONFIG_NAME,
            format!("Storage config name {name:?} is invalid: it must start with a letter and have 2 to 32 letters, digits or underscores."),
            format!("存储配置名称 {name:?} 不合法：须以字母开头，由 2 到 32 个字母、数字或下划线组成。"),
        )
    })
}

fn positive(v: &mut Vec<Violation>, field: &str, value: Option<u32>) {
    if value.is_some_and(|n| !bounds::THRESHOLD.contains(&n)) {
        v.push(Violation::new(
            field,
            codes::INVALID,
            format!("{field} must be greater than 0."),
            format!("{field} 必须大于 0。"),
        ));
    }
}

/// The schedule part of a full strategy.
fn validate_schedule(
    v: &mut Vec<Violation>,
    mode: Option<&BackupMode>,
    cfg: Option<&ScheduleConfig>,
) {
    let Some(cfg) = cfg else {
        v.push(required(fields::SCHEDULE));
        return;
    };
    let enabled = cfg.backup_schedule_enabled.unwrap_or(true);
    let sched_mode = match &cfg.backup_schedule_mode {
        None => {
            v.push(required(fields::SCHEDULE_MODE));
            None
        }
        Some(m @ (ScheduleMode::Week | ScheduleMode::Month)) => Some(m),
        Some(other) => {
            v.push(Violation::new(
                fields::SCHEDULE_MODE,
                codes::INVALID,
                format!("Backup schedule mode {other} is invalid: use WEEK or MONTH."),
                format!("备份调度周期 {other} 不合法：应为 WEEK 或 MONTH。"),
            ));
            None
        }
    };
    if cfg.backup_schedule_time.is_none() {
        v.push(Violation::new(
            fields::SCHEDULE_TIME,
            codes::SCHEDULE_TIME,
            "The schedule time is required, as HH:mm:ss.SSSXXX (e.g. 02:00:00.000+08:00).",
            "调度时间为必填项，格式为 HH:mm:ss.SSSXXX（例如 02:00:00.000+08:00）。",
        ));
    }
    let days = cfg
        .day_and_data_backup_model_map
        .clone()
        .unwrap_or_default();
    if let Some(m) = sched_mode {
        let (max, range_en, range_zh) = match m {
            ScheduleMode::Week => (7, "1 (Monday) to 7 (Sunday)", "1（周一）到 7（周日）"),
            _ => (31, "1 to 31", "1 到 31"),
        };
        for day in days.keys() {
            if *day < 1 || *day > max {
                v.push(Violation::new(
                    fields::DAYS,
                    codes::INVALID,
                    format!("Day {day} is out of range: {m} schedules use days {range_en}."),
                    format!("日期 {day} 超出范围：{m} 调度的日期为 {range_zh}。"),
                ));
            }
        }
        if *m == ScheduleMode::Month && days.len() > MAX_MONTH_DAYS {
            v.push(Violation::new(
                fields::DAYS,
                codes::INVALID,
                format!(
                    "A monthly schedule may have at most {MAX_MONTH_DAYS} days; {} were chosen.",
                    days.len()
                ),
                format!(
                    "按月调度最多选择 {MAX_MONTH_DAYS} 天，当前选择了 {} 天。",
                    days.len()
                ),
            ));
        }
    }
    if enabled && days.is_empty() {
        v.push(Violation::new(
            fields::DAYS,
            codes::INVALID,
            "Choose at least one backup day while scheduling is on.",
            "开启调度时至少选择一个备份日。",
        ));
    }
    for (day, kind) in &days {
        match kind {
            DataBackupMode::Full => {}
            DataBackupMode::Incremental => {
                if mode == Some(&BackupMode::Logical) {
                    v.push(Violation::new(
                        fields::DAYS,
                        codes::MODE_UNSUPPORTED,
                        format!("Day {day}: logical backup can only do full backups."),
                        format!("第 {day} 天：逻辑备份只支持全量备份。"),
                    ));
                }
            }
            DataBackupMode::Other(s) => v.push(Violation::new(
                fields::DAYS,
                codes::INVALID,
                format!(
                    "Day {day}: backup type {s} is invalid: use FULL_BACKUP or INCREMENTAL_BACKUP."
                ),
                format!(
                    "第 {day} 天：备份类型 {s} 不合法：应为 FULL_BACKUP 或 INCREMENTAL_BACKUP。"
                ),
            )),
        }
    }
    if mode == Some(&BackupMode::Physical) && cfg.start_log_backup != Some(true) {
        v.push(Violation::new(
            fields::LOG_BACKUP,
            codes::INVALID,
            "Physical backup needs log backup on (startLogBackup: true).",
            "物理备份必须开启日志备份（startLogBackup: true）。",
        ));
    }
    if cfg.clean_enabled == Some(true) {
        match cfg.backup_data_retention_days {
            Some(d) if bounds::RETENTION_DAYS.contains(&d) => {}
            got => v.push(Violation::new(
                fields::RETENTION_DAYS,
                codes::INVALID,
                format!(
                    "With cleanup on, keep backups at least 1 day (got {}).",
                    got.map_or("nothing".to_owned(), |d| d.to_string())
                ),
                format!(
                    "开启清理时，备份保留天数至少为 1 天（当前为 {}）。",
                    got.map_or("空".to_owned(), |d| d.to_string())
                ),
            )),
        }
    }
}

/// The most characters a storage path may have (OceanBase's `OB_MAX_BACKUP_DEST_LENGTH`).
pub const MAX_STORAGE_PATH_CHARS: usize = 2048;

/// Characters a storage path may not hold: markup (it is shown in pages and reports).
pub const STORAGE_PATH_MARKUP: &[char] = &['<', '>', '"', '\'', '`'];

/// The rules of a storage path (`storageUrl`, the restore wizard's offline path), first
/// broken one: present; no credentials (`?access_key=…`, `user:password@`: the keys have
/// their own fields, and a path is shown, kept in drafts and read back by every GET); no
/// control or invisible character (NUL, line breaks, bidi overrides); no markup
/// ([`STORAGE_PATH_MARKUP`]); at most [`MAX_STORAGE_PATH_CHARS`]; no scheme; and for FILE
/// storage an absolute path (`/obbackup/`) without `.` or `..` segments. `field` is its JSON
/// path. The message never repeats a path that carries credentials, and `rejectedValue` is
/// the path masked ([`crate::secrets::redact`]). The console's forms call it before keeping
/// or sending a path; the emulator answers with it.
pub fn check_storage_path(field: &str, storage: &StorageType, path: &str) -> Option<Violation> {
    let url = path.trim();
    let masked = || serde_json::Value::String(crate::secrets::redact(path));
    if url.is_empty() {
        return Some(Violation::new(
            field,
            codes::STORAGE_URI,
            "The storage config lacks its URI (the backup path).",
            "存储配置缺少 URI（备份路径）。",
        ));
    }
    if crate::secrets::has_credentials(url) {
        return Some(
            Violation::new(
                field,
                codes::INVALID,
                "The storage path carries credentials (an access key in its query, or user:password@): remove them from the path and give the keys in their own fields.",
                "存储路径中含有凭据（查询参数中的访问密钥，或 user:password@）：请从路径中删除，并在各自的字段中填写密钥。",
            )
            .rejecting(masked()),
        );
    }
    if let Some((at, c)) = crate::text::first_invisible(url) {
        let code = format!("U+{:04X}", c as u32);
        return Some(
            Violation::new(
                field,
                codes::INVALID,
                format!("The storage path holds an invisible or control character ({code}, at position {}): type the path again.", at + 1),
                format!("存储路径中含有不可见字符或控制字符（{code}，第 {} 个字符）：请重新输入路径。", at + 1),
            )
            .rejecting(serde_json::Value::String(crate::text::show_invisible(url))),
        );
    }
    if let Some(c) = url.chars().find(|c| STORAGE_PATH_MARKUP.contains(c)) {
        return Some(Violation::new(
            field,
            codes::INVALID,
            format!(
                "The storage path may not contain {c}: use letters, digits and / - _ . : ? = &."
            ),
            format!("存储路径中不能含有 {c}：请使用字母、数字以及 / - _ . : ? = &。"),
        ));
    }
    let count = url.chars().count();
    if count > MAX_STORAGE_PATH_CHARS {
        return Some(
            Violation::new(
                field,
                codes::INVALID,
                format!("The storage path has {count} characters; at most {MAX_STORAGE_PATH_CHARS} are allowed."),
                format!("存储路径有 {count} 个字符，最多允许 {MAX_STORAGE_PATH_CHARS} 个。"),
            )
            .rejecting(serde_json::Value::String(url.chars().take(64).collect::<String>() + "…")),
        );
    }
    if url.contains("://") {
        return Some(Violation::new(
            field,
            codes::INVALID,
            format!("Give the storage path without a scheme (e.g. /obbackup/ or bucket/dir), not {url:?}."),
            format!("存储路径不要带协议前缀（例如 /obbackup/ 或 bucket/dir），而不是 {url:?}。"),
        ));
    }
    if *storage == StorageType::File {
        if !url.starts_with('/') {
            return Some(Violation::new(
                field,
                codes::INVALID,
                format!("A FILE storage path is absolute: it starts with / (e.g. /obbackup/), not {url:?}."),
                format!("FILE 存储路径须为绝对路径，以 / 开头（例如 /obbackup/），而不是 {url:?}。"),
            ));
        }
        if url.split('/').any(|seg| seg == "." || seg == "..") {
            return Some(Violation::new(
                field,
                codes::INVALID,
                format!("A FILE storage path may not contain . or .. segments: {url:?}."),
                format!("FILE 存储路径中不能含有 . 或 .. 段：{url:?}。"),
            ));
        }
    }
    None
}

/// Storage: type, path and the credentials of object stores. `field` is the path of the
/// storage config (`obBackupServiceStorageConfig`).
pub fn validate_storage(storage: Option<&StorageConfig>, field: &str) -> Vec<Violation> {
    let mut v = Vec::new();
    let Some(storage) = storage else {
        v.push(required(field));
        return v;
    };
    match &storage.config_name {
        None => v.push(Violation::new(
            format!("{field}.configName"),
            codes::CONFIG_NAME,
            "A storage config name is required: it starts with a letter and has 2 to 32 letters, digits or underscores.",
            "存储配置名称为必填项：须以字母开头，由 2 到 32 个字母、数字或下划线组成。",
        )),
        Some(name) => v.extend(check_config_name(&format!("{field}.configName"), name)),
    }
    let base_field = format!("{field}.obBackupStorageBaseInfo");
    let Some(base) = &storage.ob_backup_storage_base_info else {
        v.push(Violation::new(
            base_field,
            codes::STORAGE_URI,
            "The storage config lacks its storage (type and path).",
            "存储配置缺少存储信息（类型与路径）。",
        ));
        return v;
    };
    let url_field = format!("{base_field}.storageUrl");
    v.extend(check_storage_path(
        &url_field,
        &base.backup_storage_type,
        base.storage_url.as_deref().unwrap_or(""),
    ));
    let (block, key) = match &base.backup_storage_type {
        StorageType::File => {
            if let Some(p) = storage.alarm_storage_percentage_threshold {
                if !bounds::ALARM_PERCENT.contains(&p) {
                    v.push(Violation::new(
                        format!("{field}.alarmStoragePercentageThreshold"),
                        codes::INVALID,
                        format!("The storage alarm threshold must be 1 to 100 percent (got {p})."),
                        format!("存储告警阈值须为 1 到 100 之间的百分比（当前为 {p}）。"),
                    ));
                }
            }
            return v;
        }
        StorageType::Oss => ("ossAccessKey", base.oss_access_key.as_ref()),
        StorageType::Cos => ("cosAccessKey", base.cos_access_key.as_ref()),
        StorageType::S3 => ("s3AccessKey", base.s3_access_key.as_ref()),
        StorageType::Other(t) => {
            v.push(Violation::new(
                format!("{base_field}.backupStorageType"),
                codes::INVALID,
                format!("Storage type {t} is invalid: use BACKUP_STORAGE_FILE, BACKUP_STORAGE_OSS, BACKUP_STORAGE_COS or BACKUP_STORAGE_S3."),
                format!("存储类型 {t} 不合法：应为 BACKUP_STORAGE_FILE、BACKUP_STORAGE_OSS、BACKUP_STORAGE_COS 或 BACKUP_STORAGE_S3。"),
            ));
            return v;
        }
    };
    let key = key.cloned().unwrap_or_default();
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let kf = |name: &str| format!("{base_field}.{block}.{name}");
    if blank(&key.endpoint) {
        v.push(Violation::new(
            kf("endpoint"),
            codes::STORAGE_ENDPOINT,
            "The storage config lacks the object store's endpoint.",
            "存储配置缺少对象存储的 endpoint。",
        ));
    }
    if blank(&key.access_key_id) {
        v.push(Violation::new(
            kf("accessKeyId"),
            codes::STORAGE_KEY_ID,
            "The storage config lacks the accessKeyId.",
            "存储配置缺少 accessKeyId。",
        ));
    }
    if blank(&key.access_key_secret) {
        v.push(Violation::new(
            kf("accessKeySecret"),
            codes::STORAGE_SECRET,
            "The storage config lacks the accessKeySecret.",
            "存储配置缺少 accessKeySecret。",
        ));
    }
    if base.backup_storage_type == StorageType::Cos && blank(&key.app_id) {
        v.push(Violation::new(
            kf("appId"),
            codes::INVALID,
            "COS storage needs its appId.",
            "COS 存储需要填写 appId。",
        ));
    }
    if base.backup_storage_type == StorageType::S3 && blank(&key.region) {
        v.push(Violation::new(
            kf("region"),
            codes::INVALID,
            "S3 storage needs its region.",
            "S3 存储需要填写 region。",
        ));
    }
    v
}

/// Every rule a full (for PATCH: merged, see [`merge_patch`]) strategy must pass.
pub fn validate_strategy(param: &StrategyParam, ctx: &StrategyContext<'_>) -> Vec<Violation> {
    let mut v = Vec::new();
    if ctx.is_standby {
        v.push(Violation::new(
            fields::BACKUP_MODE,
            codes::STANDBY,
            "A standby cluster cannot be backed up; back up its primary cluster.",
            "备集群不能备份，请备份其主集群。",
        ));
    }
    let mode = match &param.backup_mode {
        None => {
            v.push(required(fields::BACKUP_MODE));
            None
        }
        Some(m @ (BackupMode::Physical | BackupMode::Logical)) => {
            if let Some(a) = ctx.ability.filter(|a| !ability_allows(a, m)) {
                v.push(Violation::new(
                    fields::BACKUP_MODE,
                    codes::MODE_UNSUPPORTED,
                    format!("This cluster does not support backup mode {m} (it can do {a})."),
                    format!("该集群不支持备份方式 {m}（支持 {a}）。"),
                ));
            }
            Some(m)
        }
        Some(other) => {
            v.push(Violation::new(
                fields::BACKUP_MODE,
                codes::INVALID,
                format!("Backup mode {other} is invalid: use PHYSICAL_BACKUP or LOGICAL_BACKUP."),
                format!("备份方式 {other} 不合法：应为 PHYSICAL_BACKUP 或 LOGICAL_BACKUP。"),
            ));
            None
        }
    };
    validate_schedule(&mut v, mode, param.ob_backup_schedule_config.as_ref());
    match &param.ob_backup_threshold_config {
        None => v.push(required(fields::THRESHOLDS)),
        Some(t) => {
            positive(
                &mut v,
                fields::TIMEOUT_MINUTES,
                t.data_backup_timeout_minutes,
            );
            positive(
                &mut v,
                fields::ALARM_DAYS,
                t.no_successful_data_backup_alarm_days,
            );
            positive(&mut v, fields::LOG_DELAY, t.log_backup_delay_seconds);
            positive(&mut v, fields::LIBOBLOG_DAYS, t.lib_ob_log_expire_days);
        }
    }
    v.extend(validate_storage(
        param.ob_backup_service_storage_config.as_ref(),
        fields::STORAGE,
    ));
    if param.secondary_backup_enabled == Some(true)
        && !version_at_least(ctx.ob_version, SECONDARY_MIN_VERSION)
    {
        v.push(Violation::new(
            fields::SECONDARY,
            codes::VERSION,
            format!(
                "Secondary backup needs OB {SECONDARY_MIN_VERSION} or later; this cluster runs {}.",
                ctx.ob_version
            ),
            format!(
                "二次备份需要 OB {SECONDARY_MIN_VERSION} 或更高版本，该集群为 {}。",
                ctx.ob_version
            ),
        ));
    }
    v
}

fn merge_opt<T: Clone>(current: &Option<T>, patch: &Option<T>) -> Option<T> {
    patch.clone().or_else(|| current.clone())
}

fn merge_key(current: Option<&AccessKey>, patch: Option<&AccessKey>) -> Option<AccessKey> {
    match (current, patch) {
        (c, None) => c.cloned(),
        (None, Some(p)) => Some(p.clone()),
        (Some(c), Some(p)) => Some(AccessKey {
            endpoint: merge_opt(&c.endpoint, &p.endpoint),
            access_key_id: merge_opt(&c.access_key_id, &p.access_key_id),
            // Write-only: a client that never saw the secret keeps it by not sending it.
            access_key_secret: merge_opt(&c.access_key_secret, &p.access_key_secret),
            app_id: merge_opt(&c.app_id, &p.app_id),
            region: merge_opt(&c.region, &p.region),
        }),
    }
}

fn merge_base(
    current: Option<&StorageBaseInfo>,
    patch: Option<&StorageBaseInfo>,
) -> Option<StorageBaseInfo> {
    match (current, patch) {
        (c, None) => c.cloned(),
        (Some(c), Some(p)) if c.backup_storage_type == p.backup_storage_type => {
            Some(StorageBaseInfo {
                backup_storage_type: p.backup_storage_type.clone(),
                storage_url: merge_opt(&c.storage_url, &p.storage_url),
                oss_access_key: merge_key(c.oss_access_key.as_ref(), p.oss_access_key.as_ref()),
                cos_access_key: merge_key(c.cos_access_key.as_ref(), p.cos_access_key.as_ref()),
                s3_access_key: merge_key(c.s3_access_key.as_ref(), p.s3_access_key.as_ref()),
            })
        }
        // Another kind of storage: nothing of the old one carries over.
        (_, Some(p)) => Some(p.clone()),
    }
}

/// PATCH: only the fields sent change; nested objects merge field by field; the day map is
/// replaced whole when sent; secrets are kept when not resent (same storage type).
pub fn merge_patch(current: &StrategyParam, patch: &StrategyParam) -> StrategyParam {
    let schedule = match (
        &current.ob_backup_schedule_config,
        &patch.ob_backup_schedule_config,
    ) {
        (c, None) => c.clone(),
        (None, Some(p)) => Some(p.clone()),
        (Some(c), Some(p)) => Some(ScheduleConfig {
            backup_schedule_mode: merge_opt(&c.backup_schedule_mode, &p.backup_schedule_mode),
            backup_schedule_enabled: merge_opt(
                &c.backup_schedule_enabled,
                &p.backup_schedule_enabled,
            ),
            backup_schedule_time: merge_opt(&c.backup_schedule_time, &p.backup_schedule_time),
            day_and_data_backup_model_map: merge_opt(
                &c.day_and_data_backup_model_map,
                &p.day_and_data_backup_model_map,
            ),
            start_log_backup: merge_opt(&c.start_log_backup, &p.start_log_backup),
            clean_enabled: merge_opt(&c.clean_enabled, &p.clean_enabled),
            backup_data_retention_days: merge_opt(
                &c.backup_data_retention_days,
                &p.backup_data_retention_days,
            ),
            clean_schedule_time: merge_opt(&c.clean_schedule_time, &p.clean_schedule_time),
        }),
    };
    let thresholds = match (
        &current.ob_backup_threshold_config,
        &patch.ob_backup_threshold_config,
    ) {
        (c, None) => c.clone(),
        (None, Some(p)) => Some(p.clone()),
        (Some(c), Some(p)) => Some(ThresholdConfig {
            data_backup_timeout_minutes: merge_opt(
                &c.data_backup_timeout_minutes,
                &p.data_backup_timeout_minutes,
            ),
            no_successful_data_backup_alarm_days: merge_opt(
                &c.no_successful_data_backup_alarm_days,
                &p.no_successful_data_backup_alarm_days,
            ),
            log_backup_delay_seconds: merge_opt(
                &c.log_backup_delay_seconds,
                &p.log_backup_delay_seconds,
            ),
            lib_ob_log_expire_days: merge_opt(&c.lib_ob_log_expire_days, &p.lib_ob_log_expire_days),
        }),
    };
    let storage = match (
        &current.ob_backup_service_storage_config,
        &patch.ob_backup_service_storage_config,
    ) {
        (c, None) => c.clone(),
        (None, Some(p)) => Some(p.clone()),
        (Some(c), Some(p)) => Some(StorageConfig {
            config_name: merge_opt(&c.config_name, &p.config_name),
            // The storage keeps its id: a PATCH names the current one.
            storage_id: c.storage_id.or(p.storage_id),
            service_name: merge_opt(&c.service_name, &p.service_name),
            alarm_storage_percentage_threshold: merge_opt(
                &c.alarm_storage_percentage_threshold,
                &p.alarm_storage_percentage_threshold,
            ),
            ob_backup_storage_base_info: merge_base(
                c.ob_backup_storage_base_info.as_ref(),
                p.ob_backup_storage_base_info.as_ref(),
            ),
            service_type: merge_opt(&c.service_type, &p.service_type),
            service_id: merge_opt(&c.service_id, &p.service_id),
            host_id_list: merge_opt(&c.host_id_list, &p.host_id_list),
        }),
    };
    StrategyParam {
        backup_mode: merge_opt(&current.backup_mode, &patch.backup_mode),
        ob_backup_schedule_config: schedule,
        ob_backup_threshold_config: thresholds,
        ob_backup_service_storage_config: storage,
        secondary_backup_enabled: merge_opt(
            &current.secondary_backup_enabled,
            &patch.secondary_backup_enabled,
        ),
        ob_secondary_backup_config: merge_opt(
            &current.ob_secondary_backup_config,
            &patch.ob_secondary_backup_config,
        ),
        ob_backup_object_list: if patch.ob_backup_object_list.is_empty() {
            current.ob_backup_object_list.clone()
        } else {
            patch.ob_backup_object_list.clone()
        },
        custom_backup_range_list: if patch.custom_backup_range_list.is_empty() {
            current.custom_backup_range_list.clone()
        } else {
            patch.custom_backup_range_list.clone()
        },
    }
}

/// Whether a PATCH changed anything that matters (OCP: BAK21016 when not). The object list
/// and the storage id are bookkeeping, not the strategy.
pub fn strategy_changed(before: &StrategyParam, after: &StrategyParam) -> bool {
    let strip = |p: &StrategyParam| {
        let mut p = p.clone();
        p.ob_backup_object_list.clear();
        if let Some(s) = &mut p.ob_backup_service_storage_config {
            s.storage_id = None;
        }
        p
    };
    strip(before) != strip(after)
}

/// The read-back strategy as a full `StrategyParam` (the base a PATCH merges onto).
pub fn param_of(s: &BackupStrategy) -> StrategyParam {
    StrategyParam {
        backup_mode: s.backup_mode.clone(),
        ob_backup_schedule_config: Some(s.ob_backup_schedule_config.clone()),
        ob_backup_threshold_config: Some(s.ob_backup_threshold_config.clone()),
        ob_backup_service_storage_config: Some(s.ob_backup_service_storage_config.clone()),
        secondary_backup_enabled: s.secondary_backup_enabled,
        ob_secondary_backup_config: s.ob_secondary_backup_config.clone(),
        ob_backup_object_list: s
            .cluster_id
            .map(|cluster_id| match s.tenant_id {
                Some(tenant_id) => vec![crate::BackupScope::Tenant {
                    cluster_id,
                    tenant_id,
                }
                .backup_object()],
                None => vec![BackupObject::cluster(cluster_id)],
            })
            .unwrap_or_default(),
        custom_backup_range_list: s.custom_backup_range_list.clone(),
    }
}

/// What [`validate_backup_now`] needs to know about the cluster.
#[derive(Clone, Debug)]
pub struct BackupNowFacts<'a> {
    pub cluster_id: i64,
    pub is_standby: bool,
    pub ability: &'a BackupAbility,
    /// The strategy's mode, when there is a strategy.
    pub strategy_mode: Option<&'a BackupMode>,
    /// Whether the strategy names a storage a backup can go to.
    pub strategy_has_storage: bool,
    /// A successful, unexpired full backup exists to build an incremental on.
    pub has_full_backup: bool,
    /// The kind of data backup running now, if one is.
    pub running: Option<&'a DataBackupMode>,
}

pub fn validate_backup_now(param: &BackupNowParam, f: &BackupNowFacts<'_>) -> Vec<Violation> {
    let mut v = Vec::new();
    if f.is_standby {
        v.push(Violation::new(
            "obBackupObject.clusterId",
            codes::STANDBY,
            "A standby cluster cannot be backed up; back up its primary cluster.",
            "备集群不能备份，请备份其主集群。",
        ));
        return v;
    }
    // Optional: the server fills it in from the path; when sent it must name that cluster.
    if let Some(object) = param
        .ob_backup_object
        .as_ref()
        .filter(|o| o.cluster_id != f.cluster_id)
    {
        v.push(Violation::new(
            "obBackupObject.clusterId",
            codes::INVALID,
            format!(
                "The backup object is cluster {}, but the request is for cluster {}.",
                object.cluster_id, f.cluster_id
            ),
            format!(
                "备份对象为集群 {}，但请求的是集群 {}。",
                object.cluster_id, f.cluster_id
            ),
        ));
    }
    let mode = &param.backup_mode;
    match mode {
        BackupMode::Physical | BackupMode::Logical => {
            if !ability_allows(f.ability, mode) || f.strategy_mode.is_some_and(|s| s != mode) {
                v.push(Violation::new(
                    fields::BACKUP_MODE,
                    codes::MODE_UNSUPPORTED,
                    format!("This cluster does not support backup mode {mode} now."),
                    format!("该集群当前不支持备份方式 {mode}。"),
                ));
            }
        }
        other => v.push(Violation::new(
            fields::BACKUP_MODE,
            codes::INVALID,
            format!("Backup mode {other} is invalid: use PHYSICAL_BACKUP or LOGICAL_BACKUP."),
            format!("备份方式 {other} 不合法：应为 PHYSICAL_BACKUP 或 LOGICAL_BACKUP。"),
        )),
    }
    match &param.data_backup_mode {
        DataBackupMode::Full => {}
        DataBackupMode::Incremental => {
            if *mode == BackupMode::Logical {
                v.push(Violation::new(
                    "dataBackupMode",
                    codes::MODE_UNSUPPORTED,
                    "Logical backup can only do full backups.",
                    "逻辑备份只支持全量备份。",
                ));
            } else if !f.has_full_backup {
                v.push(Violation::new(
                    "dataBackupMode",
                    codes::START_FAILED,
                    "Start data backup failed: there is no successful full backup to build an incremental backup on; run a full backup first.",
                    "发起数据备份失败：没有可作为基础的成功全量备份，请先执行全量备份。",
                ));
            }
        }
        DataBackupMode::Other(s) => v.push(Violation::new(
            "dataBackupMode",
            codes::INVALID,
            format!("Data backup mode {s} is invalid: use FULL_BACKUP or INCREMENTAL_BACKUP."),
            format!("数据备份类型 {s} 不合法：应为 FULL_BACKUP 或 INCREMENTAL_BACKUP。"),
        )),
    }
    match f.running {
        Some(DataBackupMode::Full) => v.push(Violation::new(
            "dataBackupMode",
            codes::FULL_RUNNING,
            "A baseline (full) backup task is already running; wait for it to finish.",
            "已有基线（全量）备份任务在运行，请等待其完成。",
        )),
        Some(_) => v.push(Violation::new(
            "dataBackupMode",
            codes::START_FAILED,
            "Start data backup failed: a data backup task is already running; wait for it to finish.",
            "发起数据备份失败：已有数据备份任务在运行，请等待其完成。",
        )),
        None => {}
    }
    // A storage: the strategy's (by storageId) or one given in full.
    let given = param
        .ob_backup_service_storage_config
        .as_ref()
        .filter(|s| s.ob_backup_storage_base_info.is_some());
    if let Some(s) = given {
        v.extend(validate_storage(Some(s), "obBackupServiceStorageConfig"));
    } else if !f.strategy_has_storage {
        v.push(Violation::new(
            "obBackupServiceStorageConfig",
            codes::STORAGE_URI,
            "No storage to back up to: the cluster has no backup strategy; give a storage config.",
            "没有可用的备份存储：该集群没有备份策略，请提供存储配置。",
        ));
    }
    v
}

/// The target cluster of a restore, as [`validate_restore`] sees it.
#[derive(Clone, Debug)]
pub struct RestoreTarget<'a> {
    pub status: Option<&'a ClusterStatus>,
    pub cluster_type: Option<&'a ClusterType>,
    pub ob_version: &'a str,
    pub zones: Vec<&'a str>,
    /// Tenants of the target cluster.
    pub tenant_names: Vec<&'a str>,
    /// New tenant names of restores into the target that are still running.
    pub restoring_names: Vec<&'a str>,
}

/// What [`validate_restore`] needs to know.
#[derive(Clone, Debug)]
pub struct RestoreFacts<'a> {
    /// The source's OB version, when known (OFFLINE restores of unknown clusters: `None`).
    pub source_version: Option<&'a str>,
    /// Recoverable windows of the source tenant; `None` when unknown (OFFLINE).
    pub windows: Option<&'a [TimeInterval]>,
    pub target: RestoreTarget<'a>,
    pub unit_specs: Vec<&'a str>,
    pub now: DateTime<Utc>,
}

/// The most units a zone of a restored tenant may have (the restore wizard's inputs say the
/// same: `max="64"`).
pub const MAX_UNIT_COUNT: u32 = 64;

/// Tenant names: start with a letter; letters, digits and `_`; at most 64.
pub fn check_tenant_name(field: &str, name: &str) -> Option<Violation> {
    let ok = (1..=64).contains(&name.chars().count())
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!ok).then(|| {
        Violation::new(
            field,
            codes::INVALID,
            format!("Tenant name {name:?} is invalid: it must start with a letter and have at most 64 letters, digits or underscores."),
            format!("租户名 {name:?} 不合法：须以字母开头，最多 64 个字母、数字或下划线。"),
        )
    })
}

fn show(us: i64, offset: FixedOffset) -> String {
    DateTime::from_timestamp_micros(us)
        .map(|d| format_with_offset(&d.with_timezone(&offset)))
        .unwrap_or_default()
}

fn validate_tenant_info(
    v: &mut Vec<Violation>,
    prefix: &str,
    info: &RestoreTenantInfo,
    f: &RestoreFacts<'_>,
) {
    let name_field = format!("{prefix}.restoreTenantInfoParam.name");
    if let Some(bad) = check_tenant_name(&name_field, &info.name) {
        v.push(bad);
    } else if f.target.tenant_names.contains(&info.name.as_str()) {
        v.push(Violation::new(
            &name_field,
            codes::TENANT_EXISTS,
            format!(
                "The target cluster already has a tenant named {}.",
                info.name
            ),
            format!("目标集群已存在名为 {} 的租户。", info.name),
        ));
    } else if f.target.restoring_names.contains(&info.name.as_str()) {
        v.push(Violation::new(
            &name_field,
            codes::RESTORING,
            format!(
                "Tenant {} is already being restored into the target cluster.",
                info.name
            ),
            format!("租户 {} 正在恢复到目标集群中。", info.name),
        ));
    }
    let zones_field = format!("{prefix}.restoreTenantInfoParam.zones");
    if info.zones.is_empty() {
        v.push(Violation::new(
            &zones_field,
            codes::INVALID,
            "Choose at least one zone for the new tenant.",
            "请为新租户至少选择一个 Zone。",
        ));
    }
    let four = version_at_least(f.target.ob_version, "4.0");
    let mut counts = Vec::new();
    for (i, z) in info.zones.iter().enumerate() {
        let zf = format!("{zones_field}[{i}]");
        if !f.target.zones.contains(&z.name.as_str()) {
            v.push(Violation::new(
                format!("{zf}.name"),
                codes::INVALID,
                format!("The target cluster has no zone {}.", z.name),
                format!("目标集群没有 Zone {}。", z.name),
            ));
        }
        if let ReplicaType::Other(t) = &z.replica_type {
            v.push(Violation::new(
                format!("{zf}.replicaType"),
                codes::INVALID,
                format!("Replica type {t} is invalid: use FULL, LOGONLY or READONLY."),
                format!("副本类型 {t} 不合法：应为 FULL、LOGONLY 或 READONLY。"),
            ));
        }
        if !f
            .unit_specs
            .contains(&z.resource_pool.unit_spec_name.as_str())
        {
            v.push(Violation::new(
                format!("{zf}.resourcePool.unitSpecName"),
                codes::INVALID,
                format!("There is no unit spec {}.", z.resource_pool.unit_spec_name),
                format!("不存在单元规格 {}。", z.resource_pool.unit_spec_name),
            ));
        }
        if z.resource_pool.unit_count == 0 {
            v.push(Violation::new(
                format!("{zf}.resourcePool.unitCount"),
                codes::INVALID,
                "The unit count must be at least 1.",
                "单元数量至少为 1。",
            ));
        } else if z.resource_pool.unit_count > MAX_UNIT_COUNT {
            v.push(Violation::new(
                format!("{zf}.resourcePool.unitCount"),
                codes::INVALID,
                format!(
                    "The unit count must be 1 to {MAX_UNIT_COUNT} (got {}).",
                    z.resource_pool.unit_count
                ),
                format!(
                    "单元数量须为 1 到 {MAX_UNIT_COUNT}（当前为 {}）。",
                    z.resource_pool.unit_count
                ),
            ));
        }
        counts.push(z.resource_pool.unit_count);
    }
    if four && counts.windows(2).any(|w| w[0] != w[1]) {
        v.push(Violation::new(
            &zones_field,
            codes::INVALID,
            "On OB 4.x every zone must have the same unit count.",
            "OB 4.x 中每个 Zone 的单元数量必须相同。",
        ));
    }
    if let Some(pz) = &info.primary_zone {
        let names: Vec<&str> = info.zones.iter().map(|z| z.name.as_str()).collect();
        for part in pz
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if !names.contains(&part) {
                v.push(Violation::new(
                    format!("{prefix}.restoreTenantInfoParam.primaryZone"),
                    codes::INVALID,
                    format!("Primary zone {part} is not one of the new tenant's zones."),
                    format!("主 Zone {part} 不是新租户的 Zone 之一。"),
                ));
            }
        }
    }
}

/// A restore request against the facts: the point in a window, the target able to take it,
/// the new tenant's name free and its zones real.
pub fn validate_restore(param: &RestoreParam, f: &RestoreFacts<'_>) -> Vec<Violation> {
    let mut v = Vec::new();
    let (prefix, end, info) = match &param.backup_tenant_status {
        BackupTenantStatus::Online => match &param.restore_online_tenant_required_param {
            Some(p) => (
                "restoreOnlineTenantRequiredParam",
                p.restore_end_time,
                &p.restore_tenant_info_param,
            ),
            None => {
                v.push(required("restoreOnlineTenantRequiredParam"));
                return v;
            }
        },
        BackupTenantStatus::Offline => match &param.restore_offline_tenant_required_param {
            Some(p) => {
                let mut cfg_v = validate_storage(
                    Some(&StorageConfig {
                        config_name: Some("offline_restore".to_owned()),
                        ob_backup_storage_base_info: Some(p.ob_backup_storage_base_info.clone()),
                        ..StorageConfig::default()
                    }),
                    "restoreOfflineTenantRequiredParam",
                );
                v.append(&mut cfg_v);
                for (field, value) in [
                    ("backupClusterName", &p.backup_cluster_name),
                    ("backupTenantName", &p.backup_tenant_name),
                ] {
                    if value.trim().is_empty() {
                        v.push(required(&format!(
                            "restoreOfflineTenantRequiredParam.{field}"
                        )));
                    }
                }
                (
                    "restoreOfflineTenantRequiredParam",
                    p.restore_end_time,
                    &p.restore_tenant_info_param,
                )
            }
            None => {
                v.push(required("restoreOfflineTenantRequiredParam"));
                return v;
            }
        },
        BackupTenantStatus::Other(s) => {
            v.push(Violation::new(
                "backupTenantStatus",
                codes::INVALID,
                format!("backupTenantStatus {s} is invalid: use ONLINE or OFFLINE."),
                format!("backupTenantStatus {s} 不合法：应为 ONLINE 或 OFFLINE。"),
            ));
            return v;
        }
    };
    let target_field = format!("{prefix}.restoreClusterId");
    if f.target.status != Some(&ClusterStatus::Running) {
        v.push(Violation::new(
            &target_field,
            codes::INVALID,
            "The target cluster is not RUNNING.",
            "目标集群不是运行中（RUNNING）状态。",
        ));
    }
    if f.target.cluster_type == Some(&ClusterType::Standby) {
        v.push(Violation::new(
            &target_field,
            codes::INVALID,
            "A standby cluster cannot be the target of a restore.",
            "备集群不能作为恢复的目标集群。",
        ));
    }
    if let Some(src) = f.source_version {
        if compare_versions(f.target.ob_version, src) == std::cmp::Ordering::Less {
            v.push(Violation::new(
                &target_field,
                codes::INVALID,
                format!(
                    "The target cluster runs OB {}, lower than the source's {src}.",
                    f.target.ob_version
                ),
                format!(
                    "目标集群的 OB 版本 {} 低于源集群的 {src}。",
                    f.target.ob_version
                ),
            ));
        }
    }
    let point_field = format!("{prefix}.restoreEndTime");
    let t = end.timestamp_micros();
    let offset = end.offset();
    if t > f.now.timestamp_micros() {
        v.push(Violation::new(
            &point_field,
            codes::INVALID,
            format!("The restore point {} is in the future.", show(t, offset)),
            format!("恢复时间点 {} 晚于当前时间。", show(t, offset)),
        ));
    } else if let Some(windows) = f.windows {
        match check_point(windows, t) {
            PointCheck::Inside => {}
            PointCheck::Outside { nearest_micros } => v.push(Violation::new(
                &point_field,
                codes::INVALID,
                format!(
                    "The restore point {} is outside every recoverable window; the nearest recoverable point is {}.",
                    show(t, offset),
                    show(nearest_micros, offset)
                ),
                format!(
                    "恢复时间点 {} 不在任何可恢复窗口内；最近的可恢复时间点为 {}。",
                    show(t, offset),
                    show(nearest_micros, offset)
                ),
            )),
            PointCheck::NoWindow => v.push(Violation::new(
                &point_field,
                codes::INVALID,
                "The source tenant has no recoverable window: it needs a full backup and continuous log backup.",
                "源租户没有可恢复窗口：需要一次全量备份和连续的日志备份。",
            )),
        }
    }
    validate_tenant_info(&mut v, prefix, info, f);
    v
}

pub mod shape;

#[cfg(test)]
mod tests;
