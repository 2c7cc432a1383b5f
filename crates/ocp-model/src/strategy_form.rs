//! The strategy editor's model: what a person edits, kept as typed (so nothing they typed is
//! lost to a parse), turned into OCP's `StrategyParam` for POST, or into a PATCH carrying only
//! what changed. Pure and tested natively; the page only binds fields to it.

use crate::backup::*;
use crate::input::{self, Unit, WholeRule};
use crate::lang::Lang;
use crate::schedule::{next_runs, ScheduledRun};
use crate::time::{format_offset, TimeOfDay};
use chrono::{DateTime, FixedOffset, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::validate::codes;
/// Field names are the JSON paths the shared rules and OCP's `subErrors` use, so a message
/// from either lands next to the same input.
pub use crate::validate::fields;
pub use crate::validate::{Violation, MAX_MONTH_DAYS};

/// The storage part of the form. The secret is write-only: never filled from the server,
/// never saved in a draft, sent only when typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageDraft {
    pub config_name: String,
    /// The existing storage config, reused on PATCH.
    pub storage_id: Option<i64>,
    pub storage_type: StorageType,
    pub path: String,
    pub endpoint: String,
    pub access_key_id: String,
    #[serde(skip)]
    pub secret: String,
    /// Whether the server already holds a secret for this storage.
    pub secret_on_server: bool,
    pub app_id: String,
    pub region: String,
    pub alarm_percent: String,
}

impl StorageDraft {
    /// Which fields this storage type needs; the form shows exactly these.
    pub fn needs_keys(&self) -> bool {
        matches!(
            self.storage_type,
            StorageType::Oss | StorageType::Cos | StorageType::S3
        )
    }
}

/// Everything the strategy editor edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyDraft {
    pub backup_mode: BackupMode,
    pub schedule_mode: ScheduleMode,
    pub days: BTreeMap<ScheduleDay, DataBackupMode>,
    pub schedule_enabled: bool,
    /// `HH:MM` in the cluster's offset, as typed.
    pub schedule_time: String,
    /// The cluster's offset in seconds east of UTC.
    pub offset_secs: i32,
    pub log_backup: bool,
    pub clean_enabled: bool,
    pub retention_days: String,
    pub clean_time: String,
    pub timeout_minutes: String,
    pub alarm_days: String,
    pub log_delay_seconds: String,
    pub liboblog_days: String,
    pub storage: StorageDraft,
}

impl StrategyDraft {
    /// A sensible first strategy: weekly full on Monday, incremental on Thursday, at 02:00 in
    /// the cluster's offset, log backup on, a week's retention, file storage.
    pub fn new_default(offset: FixedOffset, logical_only: bool, cluster_name: &str) -> Self {
        let mode = if logical_only {
            BackupMode::Logical
        } else {
            BackupMode::Physical
        };
        let mut days = BTreeMap::from([(1, DataBackupMode::Full)]);
        if !logical_only {
            days.insert(4, DataBackupMode::Incremental);
        }
        let name: String = cluster_name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let config_name = if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            format!("{}_backup", &name[..name.len().min(25)])
        } else {
            "backup_storage".to_owned()
        };
        Self {
            backup_mode: mode,
            schedule_mode: ScheduleMode::Week,
            days,
            schedule_enabled: true,
            schedule_time: "02:00".into(),
            offset_secs: offset.local_minus_utc(),
            log_backup: true,
            clean_enabled: true,
            retention_days: "7".into(),
            clean_time: "03:00".into(),
            timeout_minutes: "360".into(),
            alarm_days: "2".into(),
            log_delay_seconds: "300".into(),
            liboblog_days: if logical_only {
                "7".into()
            } else {
                String::new()
            },
            storage: StorageDraft {
                config_name,
                storage_id: None,
                storage_type: StorageType::File,
                path: "/obbackup/".into(),
                endpoint: String::new(),
                access_key_id: String::new(),
                secret: String::new(),
                secret_on_server: false,
                app_id: String::new(),
                region: String::new(),
                alarm_percent: "80".into(),
            },
        }
    }

    /// The form as the server's strategy stands. Secrets are never read back.
    pub fn from_strategy(s: &BackupStrategy, fallback_offset: FixedOffset) -> Self {
        let cfg = &s.ob_backup_schedule_config;
        let t = &s.ob_backup_threshold_config;
        let st = &s.ob_backup_service_storage_config;
        let base = st.ob_backup_storage_base_info.clone();
        let storage_type = base
            .as_ref()
            .map_or(StorageType::File, |b| b.backup_storage_type.clone());
        let key = base
            .as_ref()
            .and_then(|b| b.access_key())
            .cloned()
            .unwrap_or_default();
        let offset = cfg
            .backup_schedule_time
            .map_or(fallback_offset, |t| t.offset);
        let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        Self {
            backup_mode: s.backup_mode.clone().unwrap_or(BackupMode::Physical),
            schedule_mode: cfg
                .backup_schedule_mode
                .clone()
                .unwrap_or(ScheduleMode::Week),
            days: cfg
                .day_and_data_backup_model_map
                .clone()
                .unwrap_or_default(),
            schedule_enabled: cfg.backup_schedule_enabled.unwrap_or(true),
            schedule_time: cfg
                .backup_schedule_time
                .map(|t| t.hh_mm())
                .unwrap_or_else(|| "02:00".into()),
            offset_secs: offset.local_minus_utc(),
            log_backup: cfg.start_log_backup.unwrap_or(false),
            clean_enabled: cfg.clean_enabled.unwrap_or(false),
            retention_days: num(cfg.backup_data_retention_days),
            clean_time: cfg
                .clean_schedule_time
                .map(|t| t.hh_mm())
                .unwrap_or_default(),
            timeout_minutes: num(t.data_backup_timeout_minutes),
            alarm_days: num(t.no_successful_data_backup_alarm_days),
            log_delay_seconds: num(t.log_backup_delay_seconds),
            liboblog_days: num(t.lib_ob_log_expire_days),
            storage: StorageDraft {
                config_name: st.config_name.clone().unwrap_or_default(),
                storage_id: st.storage_id,
                storage_type,
                path: base
                    .as_ref()
                    .and_then(|b| b.storage_url.clone())
                    .unwrap_or_default(),
                endpoint: key.endpoint.unwrap_or_default(),
                access_key_id: key.access_key_id.unwrap_or_default(),
                secret: String::new(),
                // A GET never returns the secret; an existing key storage has one.
                secret_on_server: st.storage_id.is_some()
                    && base.as_ref().is_some_and(|b| b.access_key().is_some()),
                app_id: key.app_id.unwrap_or_default(),
                region: key.region.unwrap_or_default(),
                alarm_percent: num(st.alarm_storage_percentage_threshold),
            },
        }
    }

    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.offset_secs).unwrap_or_else(|| crate::time::offset_hours(0))
    }

    /// The kinds a grid cell cycles through: logical backup can only do full backups.
    pub fn cycle_order(&self) -> &'static [Option<DataBackupMode>] {
        const PHYSICAL: [Option<DataBackupMode>; 3] = [
            None,
            Some(DataBackupMode::Full),
            Some(DataBackupMode::Incremental),
        ];
        const LOGICAL: [Option<DataBackupMode>; 2] = [None, Some(DataBackupMode::Full)];
        if self.backup_mode == BackupMode::Logical {
            &LOGICAL
        } else {
            &PHYSICAL
        }
    }

    /// One click on a day: none → full → incremental → none. In MONTH mode an eleventh day is
    /// refused (returns false) rather than silently dropping another.
    pub fn cycle_day(&mut self, day: ScheduleDay) -> bool {
        let order = self.cycle_order();
        let current = self.days.get(&day).cloned();
        let at = order.iter().position(|k| *k == current).unwrap_or(0);
        let next = order[(at + 1) % order.len()].clone();
        if current.is_none()
            && self.schedule_mode == ScheduleMode::Month
            && self.days.len() >= MAX_MONTH_DAYS
        {
            return false;
        }
        match next {
            Some(kind) => self.days.insert(day, kind),
            None => self.days.remove(&day),
        };
        true
    }

    /// Days the grid shows for the mode.
    pub fn grid_days(&self) -> std::ops::RangeInclusive<ScheduleDay> {
        match self.schedule_mode {
            ScheduleMode::Month => 1..=31,
            _ => 1..=7,
        }
    }

    /// Whether switching to `mode` would discard chosen days (a weekday is not a day of the month).
    pub fn switch_discards_days(&self, mode: &ScheduleMode) -> bool {
        *mode != self.schedule_mode && !self.days.is_empty()
    }

    /// Switches WEEK/MONTH. Days cannot carry over; everything else (time, switches,
    /// thresholds, storage) is kept.
    pub fn set_schedule_mode(&mut self, mode: ScheduleMode) {
        if mode != self.schedule_mode {
            self.days.clear();
            self.schedule_mode = mode;
        }
    }

    /// Logical backup cannot do incremental backups, and physical backup needs log backup:
    /// switching the mode adjusts both instead of leaving an impossible form.
    pub fn set_backup_mode(&mut self, mode: BackupMode) {
        if mode == BackupMode::Logical {
            for kind in self.days.values_mut() {
                *kind = DataBackupMode::Full;
            }
        } else {
            self.log_backup = true;
        }
        self.backup_mode = mode;
    }

    /// Physical backup needs log backup on (ocp-api.md 2.1): the switch is forced then.
    pub fn log_backup_forced(&self) -> bool {
        self.backup_mode == BackupMode::Physical
    }

    pub fn schedule_time_of_day(&self) -> Option<TimeOfDay> {
        parse_hh_mm(&self.schedule_time).map(|time| TimeOfDay {
            time,
            offset: self.offset(),
        })
    }

    /// The schedule as typed so far, for the live strategy checks: what cannot be read yet is
    /// left out rather than refused.
    pub fn schedule_config(&self) -> ScheduleConfig {
        let offset = self.offset();
        let time = |s: &str| parse_hh_mm(s).map(|time| TimeOfDay { time, offset });
        ScheduleConfig {
            backup_schedule_mode: Some(self.schedule_mode.clone()),
            backup_schedule_enabled: Some(self.schedule_enabled),
            backup_schedule_time: time(&self.schedule_time),
            day_and_data_backup_model_map: Some(self.days.clone()),
            start_log_backup: Some(self.log_backup),
            clean_enabled: Some(self.clean_enabled),
            backup_data_retention_days: self.retention_days.trim().parse().ok(),
            clean_schedule_time: time(&self.clean_time),
        }
    }

    /// The form as a full `StrategyParam` (for POST, and as the base of a PATCH), or what
    /// cannot be read as typed. Rules beyond reading (ranges, required keys) are checked by
    /// `validate` on the result.
    pub fn to_param(&self, cluster_id: i64) -> Result<StrategyParam, Vec<Violation>> {
        self.to_param_for(crate::scope::BackupScope::Cluster { cluster_id })
    }

    /// As [`Self::to_param`], for the strategy of `scope` (a cluster's or one tenant's): its
    /// `obBackupObjectList` names the scope (ocp-api.md 2b.1).
    pub fn to_param_for(
        &self,
        scope: crate::scope::BackupScope,
    ) -> Result<StrategyParam, Vec<Violation>> {
        let mut errors = Vec::new();
        let offset = self.offset();
        let mut time = |field: &str, s: &str, required: bool| -> Option<TimeOfDay> {
            if s.trim().is_empty() && !required {
                return None;
            }
            match input::parse_time(s, false) {
                Ok(t) => Some(TimeOfDay { time: t, offset }),
                Err(e) => {
                    errors.push(input_violation(field, codes::SCHEDULE_TIME, e));
                    None
                }
            }
        };
        let schedule_time = time(fields::SCHEDULE_TIME, &self.schedule_time, true);
        let clean_time = time(fields::CLEAN_TIME, &self.clean_time, self.clean_enabled);
        // Read as typed, whatever the bounds (those are the rules' and the inputs' to refuse):
        // what the server holds always reads back.
        let mut number = |field: &str, s: &str| -> Option<u32> {
            let any = WholeRule::new(0..=u32::MAX, Unit::None);
            match input::parse_optional_whole(s, any) {
                Ok(n) => n.and_then(|n| u32::try_from(n).ok()),
                Err(e) => {
                    errors.push(input_violation(field, codes::INVALID, e));
                    None
                }
            }
        };
        let retention = number(fields::RETENTION_DAYS, &self.retention_days);
        let timeout = number(fields::TIMEOUT_MINUTES, &self.timeout_minutes);
        let alarm_days = number(fields::ALARM_DAYS, &self.alarm_days);
        let log_delay = number(fields::LOG_DELAY, &self.log_delay_seconds);
        let liboblog = if self.backup_mode == BackupMode::Logical {
            number(fields::LIBOBLOG_DAYS, &self.liboblog_days)
        } else {
            None
        };
        let is_file = self.storage.storage_type == StorageType::File;
        let alarm_percent = if is_file {
            number(fields::ALARM_PERCENT, &self.storage.alarm_percent)
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let s = &self.storage;
        let opt = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
        let key = AccessKey {
            endpoint: opt(&s.endpoint),
            access_key_id: opt(&s.access_key_id),
            // Sent only when typed; the server keeps the one it has otherwise.
            access_key_secret: (!s.secret.is_empty()).then(|| s.secret.clone()),
            app_id: if s.storage_type == StorageType::Cos {
                opt(&s.app_id)
            } else {
                None
            },
            region: if s.storage_type == StorageType::S3 {
                opt(&s.region)
            } else {
                None
            },
        };
        let base = StorageBaseInfo {
            backup_storage_type: s.storage_type.clone(),
            storage_url: opt(&s.path),
            oss_access_key: (s.storage_type == StorageType::Oss).then(|| key.clone()),
            cos_access_key: (s.storage_type == StorageType::Cos).then(|| key.clone()),
            s3_access_key: (s.storage_type == StorageType::S3).then(|| key.clone()),
        };
        Ok(StrategyParam {
            backup_mode: Some(self.backup_mode.clone()),
            ob_backup_schedule_config: Some(ScheduleConfig {
                backup_schedule_mode: Some(self.schedule_mode.clone()),
                backup_schedule_enabled: Some(self.schedule_enabled),
                backup_schedule_time: schedule_time,
                day_and_data_backup_model_map: Some(self.days.clone()),
                start_log_backup: Some(self.log_backup || self.log_backup_forced()),
                clean_enabled: Some(self.clean_enabled),
                backup_data_retention_days: retention,
                clean_schedule_time: clean_time,
            }),
            ob_backup_threshold_config: Some(ThresholdConfig {
                data_backup_timeout_minutes: timeout,
                no_successful_data_backup_alarm_days: alarm_days,
                log_backup_delay_seconds: log_delay,
                lib_ob_log_expire_days: liboblog,
            }),
            ob_backup_service_storage_config: Some(StorageConfig {
                config_name: opt(&s.config_name),
                storage_id: s.storage_id,
                service_name: None,
                alarm_storage_percentage_threshold: alarm_percent,
                ob_backup_storage_base_info: Some(base),
                ..StorageConfig::default()
            }),
            secondary_backup_enabled: None,
            ob_secondary_backup_config: None,
            ob_backup_object_list: vec![scope.backup_object()],
            custom_backup_range_list: Vec::new(),
        })
    }

    /// Whether the field at `field` (a JSON path of [`fields`]) must hold a value: the
    /// schedule time always, the cleanup's time and retention while cleanup is on. Other
    /// numbers may be left empty (not sent: OCP keeps or defaults them).
    pub fn requires(&self, field: &str) -> bool {
        match field {
            fields::SCHEDULE_TIME => true,
            fields::CLEAN_TIME | fields::RETENTION_DAYS => self.clean_enabled,
            _ => false,
        }
    }

    /// Every typed field the editor shows that cannot be taken as it stands, by the inputs'
    /// rules ([`crate::input`]) with the server's bounds ([`whole_rule`]): a time half typed,
    /// `10.5`, `-14` or `1e3` days, 0 minutes, a required field left empty. The editor shows
    /// each next to its field at once, and keeps Save disabled while there is any.
    pub fn input_problems(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        let mut time = |field: &str, text: &str| {
            if !self.requires(field) && text.trim().is_empty() {
                return;
            }
            if let Err(e) = input::parse_time(text, false) {
                v.push(input_violation(field, codes::SCHEDULE_TIME, e));
            }
        };
        time(fields::SCHEDULE_TIME, &self.schedule_time);
        if self.clean_enabled {
            time(fields::CLEAN_TIME, &self.clean_time);
        }
        let logical = self.backup_mode == BackupMode::Logical;
        let file = self.storage.storage_type == StorageType::File;
        let numbers = [
            (
                fields::RETENTION_DAYS,
                &self.retention_days,
                self.clean_enabled,
            ),
            (fields::TIMEOUT_MINUTES, &self.timeout_minutes, true),
            (fields::ALARM_DAYS, &self.alarm_days, true),
            (fields::LOG_DELAY, &self.log_delay_seconds, true),
            (fields::LIBOBLOG_DAYS, &self.liboblog_days, logical),
            (fields::ALARM_PERCENT, &self.storage.alarm_percent, file),
        ];
        for (field, text, shown) in numbers {
            let Some(rule) = whole_rule(field).filter(|_| shown) else {
                continue;
            };
            let read = if self.requires(field) {
                input::parse_whole(text, rule).map(Some)
            } else {
                input::parse_optional_whole(text, rule)
            };
            if let Err(e) = read {
                v.push(input_violation(field, codes::INVALID, e));
            }
        }
        v
    }

    /// For checking rules only: a secret the server already holds counts as given, though it
    /// is never sent back (OCP keeps it when a PATCH leaves it out).
    pub fn with_kept_secret(&self, mut param: StrategyParam) -> StrategyParam {
        if self.storage.secret_on_server && self.storage.secret.is_empty() {
            let key = param
                .ob_backup_service_storage_config
                .as_mut()
                .and_then(|c| c.ob_backup_storage_base_info.as_mut())
                .and_then(|b| match b.backup_storage_type {
                    StorageType::Oss => b.oss_access_key.as_mut(),
                    StorageType::Cos => b.cos_access_key.as_mut(),
                    StorageType::S3 => b.s3_access_key.as_mut(),
                    _ => None,
                });
            if let Some(key) = key {
                key.access_key_secret = Some("(kept)".to_owned());
            }
        }
        param
    }

    /// A draft safe to keep in browser storage: the secret is dropped.
    pub fn without_secret(&self) -> Self {
        let mut d = self.clone();
        d.storage.secret.clear();
        d
    }
}

/// The field an OCP error code is about, for refusals that come without `subErrors`.
pub fn field_for_code(code: &str, storage: &StorageType) -> Option<String> {
    Some(match code {
        "BAK21007" => fields::SCHEDULE_TIME.to_owned(),
        "BAK10004" | "BAK29023" | "BAK29024" => fields::CONFIG_NAME.to_owned(),
        "BAK29018" => fields::STORAGE_URL.to_owned(),
        "BAK29019" => fields::access_key(storage, "endpoint"),
        "BAK29020" => fields::access_key(storage, "accessKeyId"),
        "BAK29021" => fields::access_key(storage, "accessKeySecret"),
        "BAK21008" => fields::BACKUP_MODE.to_owned(),
        _ => return None,
    })
}

/// `H:MM`, `HH:MM` or `HHMM`, 00:00–23:59 ([`input::parse_time`]).
pub fn parse_hh_mm(s: &str) -> Option<NaiveTime> {
    input::parse_time(s, false).ok()
}

/// The bounds and unit of each whole-number field of the editor, from the server's rules
/// ([`crate::validate::bounds`]); `None` for a field that is not a whole number.
pub fn whole_rule(field: &str) -> Option<WholeRule> {
    use crate::validate::bounds;
    Some(match field {
        fields::RETENTION_DAYS => WholeRule::new(bounds::RETENTION_DAYS, Unit::Days),
        fields::TIMEOUT_MINUTES => WholeRule::new(bounds::THRESHOLD, Unit::Minutes),
        fields::ALARM_DAYS | fields::LIBOBLOG_DAYS => WholeRule::new(bounds::THRESHOLD, Unit::Days),
        fields::LOG_DELAY => WholeRule::new(bounds::THRESHOLD, Unit::Seconds),
        fields::ALARM_PERCENT => WholeRule::new(bounds::ALARM_PERCENT, Unit::Percent),
        _ => return None,
    })
}

/// A typed value refused by [`crate::input`], as a violation of `field`.
fn input_violation(field: &str, code: &'static str, e: input::InputError) -> Violation {
    Violation::new(field, code, e.message(Lang::En), e.message(Lang::Zh))
}

/// The PATCH body: only what changed between the server's strategy and the edited one, plus
/// the current `storageId` (OCP needs it). `None` when nothing changed (OCP: BAK21016).
pub fn patch(current: &StrategyParam, edited: &StrategyParam) -> Option<StrategyParam> {
    fn changed<T: PartialEq + Clone>(a: &Option<T>, b: &Option<T>) -> Option<T> {
        if a == b {
            None
        } else {
            b.clone()
        }
    }
    let mut out = StrategyParam::default();
    let mut any = false;
    if current.backup_mode != edited.backup_mode {
        out.backup_mode = edited.backup_mode.clone();
        any = true;
    }
    let (cs, es) = (
        current
            .ob_backup_schedule_config
            .clone()
            .unwrap_or_default(),
        edited.ob_backup_schedule_config.clone().unwrap_or_default(),
    );
    let schedule = ScheduleConfig {
        backup_schedule_mode: changed(&cs.backup_schedule_mode, &es.backup_schedule_mode),
        backup_schedule_enabled: changed(&cs.backup_schedule_enabled, &es.backup_schedule_enabled),
        backup_schedule_time: changed(&cs.backup_schedule_time, &es.backup_schedule_time),
        day_and_data_backup_model_map: changed(
            &cs.day_and_data_backup_model_map,
            &es.day_and_data_backup_model_map,
        ),
        start_log_backup: changed(&cs.start_log_backup, &es.start_log_backup),
        clean_enabled: changed(&cs.clean_enabled, &es.clean_enabled),
        backup_data_retention_days: changed(
            &cs.backup_data_retention_days,
            &es.backup_data_retention_days,
        ),
        clean_schedule_time: changed(&cs.clean_schedule_time, &es.clean_schedule_time),
    };
    if schedule != ScheduleConfig::default() {
        out.ob_backup_schedule_config = Some(schedule);
        any = true;
    }
    let (ct, et) = (
        current
            .ob_backup_threshold_config
            .clone()
            .unwrap_or_default(),
        edited
            .ob_backup_threshold_config
            .clone()
            .unwrap_or_default(),
    );
    let thresholds = ThresholdConfig {
        data_backup_timeout_minutes: changed(
            &ct.data_backup_timeout_minutes,
            &et.data_backup_timeout_minutes,
        ),
        no_successful_data_backup_alarm_days: changed(
            &ct.no_successful_data_backup_alarm_days,
            &et.no_successful_data_backup_alarm_days,
        ),
        log_backup_delay_seconds: changed(
            &ct.log_backup_delay_seconds,
            &et.log_backup_delay_seconds,
        ),
        lib_ob_log_expire_days: changed(&ct.lib_ob_log_expire_days, &et.lib_ob_log_expire_days),
    };
    if thresholds != ThresholdConfig::default() {
        out.ob_backup_threshold_config = Some(thresholds);
        any = true;
    }
    let (cst, est) = (
        current
            .ob_backup_service_storage_config
            .clone()
            .unwrap_or_default(),
        edited
            .ob_backup_service_storage_config
            .clone()
            .unwrap_or_default(),
    );
    let mut storage = StorageConfig {
        config_name: changed(&cst.config_name, &est.config_name),
        storage_id: None,
        service_name: changed(&cst.service_name, &est.service_name),
        alarm_storage_percentage_threshold: changed(
            &cst.alarm_storage_percentage_threshold,
            &est.alarm_storage_percentage_threshold,
        ),
        // The base info goes whole when any part of it changed (or a secret was typed).
        ob_backup_storage_base_info: changed(
            &cst.ob_backup_storage_base_info,
            &est.ob_backup_storage_base_info,
        ),
        ..StorageConfig::default()
    };
    if storage != StorageConfig::default() {
        any = true;
    }
    storage.storage_id = est.storage_id.or(cst.storage_id);
    out.ob_backup_service_storage_config = Some(storage);
    if current.secondary_backup_enabled != edited.secondary_backup_enabled {
        out.secondary_backup_enabled = edited.secondary_backup_enabled;
        any = true;
    }
    out.ob_backup_object_list = edited.ob_backup_object_list.clone();
    any.then_some(out)
}

/// "A", "A and B", "A, B and C" / "A、B、C".
fn join_list(items: &[String], lang: Lang) -> String {
    match (lang, items) {
        (_, []) => String::new(),
        (_, [one]) => one.clone(),
        (Lang::Zh, _) => items.join("、"),
        (Lang::En, [rest @ .., last]) => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn weekday_name(day: ScheduleDay, lang: Lang) -> &'static str {
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let i = usize::from(day.clamp(1, 7)) - 1;
    lang.pick(EN[i], ZH[i])
}

/// A day of the grid in words: "Tuesday" / "周二", or "the 15th" / "15 日".
pub fn day_name(mode: &ScheduleMode, day: ScheduleDay, lang: Lang) -> String {
    match (mode, lang) {
        (ScheduleMode::Month, Lang::En) => {
            let suffix = match (day % 10, day % 100) {
                (1, n) if n != 11 => "st",
                (2, n) if n != 12 => "nd",
                (3, n) if n != 13 => "rd",
                _ => "th",
            };
            format!("the {day}{suffix}")
        }
        (ScheduleMode::Month, Lang::Zh) => format!("{day} 日"),
        _ => weekday_name(day, lang).to_owned(),
    }
}

/// The schedule in plain words, e.g. "Full on Monday and Sunday, incremental on Wednesday and
/// Friday, at 02:00 +08:00 (18:00 your time)". `viewer` is the reader's offset; its time is
/// left out when it equals the cluster's.
pub fn describe_schedule(
    mode: &ScheduleMode,
    days: &BTreeMap<ScheduleDay, DataBackupMode>,
    time: Option<TimeOfDay>,
    viewer: FixedOffset,
    lang: Lang,
) -> String {
    let names = |kind: DataBackupMode| -> Vec<String> {
        days.iter()
            .filter(|(_, k)| **k == kind)
            .map(|(d, _)| day_name(mode, *d, lang))
            .collect()
    };
    let full = join_list(&names(DataBackupMode::Full), lang);
    let incr = join_list(&names(DataBackupMode::Incremental), lang);
    let month = *mode == ScheduleMode::Month;
    let mut parts: Vec<String> = Vec::new();
    match lang {
        Lang::En => {
            let of_month = if month { " of the month" } else { "" };
            if !full.is_empty() {
                parts.push(format!("Full on {full}{of_month}"));
            }
            if !incr.is_empty() {
                let lead = if parts.is_empty() {
                    "Incremental"
                } else {
                    "incremental"
                };
                parts.push(format!("{lead} on {incr}{of_month}"));
            }
            if parts.is_empty() {
                parts.push("No backup day chosen".to_owned());
            }
        }
        Lang::Zh => {
            let each = if month { "每月" } else { "每" };
            if !full.is_empty() {
                parts.push(format!("{each}{full}全量备份"));
            }
            if !incr.is_empty() {
                parts.push(format!("{each}{incr}增量备份"));
            }
            if parts.is_empty() {
                parts.push("未选择备份日期".to_owned());
            }
        }
    }
    let mut sentence = parts.join(lang.pick(", ", "，"));
    if let Some(t) = time {
        let at = t.display();
        sentence.push_str(&match (lang, local_clock(t, viewer)) {
            (Lang::En, Some((l, 0))) => format!(", at {at} ({l} your time)"),
            (Lang::En, Some((l, d))) => {
                format!(
                    ", at {at} ({l} your time, {})",
                    if d < 0 {
                        "the day before"
                    } else {
                        "the day after"
                    }
                )
            }
            (Lang::Zh, Some((l, 0))) => format!("，时间 {at}（本地时间 {l}）"),
            (Lang::Zh, Some((l, d))) => format!(
                "，时间 {at}（本地时间{} {l}）",
                if d < 0 { "前一天" } else { "后一天" }
            ),
            (Lang::En, None) => format!(", at {at}"),
            (Lang::Zh, None) => format!("，时间 {at}"),
        });
    }
    sentence
}

/// The time of day in the viewer's offset and the day shift (-1, 0, +1); `None` if the
/// viewer's offset is the cluster's.
pub fn local_clock(t: TimeOfDay, viewer: FixedOffset) -> Option<(String, i64)> {
    if viewer == t.offset {
        return None;
    }
    let shift = viewer.local_minus_utc() - t.offset.local_minus_utc();
    let secs = i64::from(t.time.num_seconds_from_midnight()) + i64::from(shift);
    let s = secs.rem_euclid(86_400);
    Some((
        format!("{:02}:{:02}", s / 3600, (s % 3600) / 60),
        secs.div_euclid(86_400),
    ))
}

/// One row of the preview: a run in the cluster's time, the viewer's and UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRun {
    pub kind: DataBackupMode,
    pub cluster: String,
    pub viewer: String,
    pub utc: String,
}

/// The next `count` runs of a draft after `now`, for the preview table, weekdays named in
/// the reader's language.
pub fn preview_runs(
    draft: &StrategyDraft,
    now: DateTime<Utc>,
    viewer: FixedOffset,
    count: usize,
    lang: Lang,
) -> Vec<PreviewRun> {
    let Some(time) = draft.schedule_time_of_day() else {
        return Vec::new();
    };
    if !draft.schedule_enabled {
        return Vec::new();
    }
    let fmt = |r: &ScheduledRun, o: FixedOffset| {
        use chrono::Datelike;
        let t = r.at.with_timezone(&o);
        let day = weekday_name(t.weekday().number_from_monday() as ScheduleDay, lang);
        // `2026-11-30 02:00`: the wall clock to the minute.
        let minute = crate::time::wall_clock(&t, ' ', 0);
        format!("{day} {} {}", &minute[..minute.len() - 3], format_offset(o))
    };
    next_runs(&draft.schedule_mode, &draft.days, time, now, count)
        .iter()
        .map(|r| PreviewRun {
            kind: r.kind.clone(),
            cluster: fmt(r, time.offset),
            viewer: fmt(r, viewer),
            utc: fmt(r, crate::time::offset_hours(0)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{offset_hours, parse_datetime};
    use DataBackupMode::{Full, Incremental};

    fn draft() -> StrategyDraft {
        StrategyDraft::new_default(offset_hours(8), false, "ob-prod-hz")
    }

    #[test]
    fn clicking_a_day_cycles_none_full_incremental_none() {
        let mut d = draft();
        d.days.clear();
        d.cycle_day(2);
        assert_eq!(d.days.get(&2), Some(&Full));
        d.cycle_day(2);
        assert_eq!(d.days.get(&2), Some(&Incremental));
        d.cycle_day(2);
        assert_eq!(d.days.get(&2), None);
    }

    #[test]
    fn logical_backup_cycles_without_incremental_and_turns_incrementals_into_full() {
        let mut d = draft();
        d.set_backup_mode(BackupMode::Logical);
        assert_eq!(d.days, BTreeMap::from([(1, Full), (4, Full)]));
        d.cycle_day(4);
        assert_eq!(d.days.get(&4), None, "full → none, never incremental");
        d.set_backup_mode(BackupMode::Physical);
        assert!(d.log_backup && d.log_backup_forced());
    }

    #[test]
    fn month_mode_refuses_an_eleventh_day() {
        let mut d = draft();
        d.set_schedule_mode(ScheduleMode::Month);
        assert!(
            d.days.is_empty(),
            "weekdays do not carry over to month days"
        );
        for day in 1..=10 {
            assert!(d.cycle_day(day));
        }
        assert!(!d.cycle_day(20));
        assert_eq!(d.days.len(), MAX_MONTH_DAYS);
        assert!(d.cycle_day(3), "an already chosen day still cycles");
        assert_eq!(d.grid_days(), 1..=31);
    }

    #[test]
    fn switching_mode_says_when_it_would_discard_days() {
        let mut d = draft();
        assert!(d.switch_discards_days(&ScheduleMode::Month));
        assert!(!d.switch_discards_days(&ScheduleMode::Week));
        d.days.clear();
        assert!(!d.switch_discards_days(&ScheduleMode::Month));
        d.schedule_time = "04:30".into();
        d.set_schedule_mode(ScheduleMode::Month);
        assert_eq!(d.schedule_time, "04:30", "the rest of the form is kept");
    }

    #[test]
    fn grid_and_map_agree_both_ways() {
        let strategy: BackupStrategy = serde_json::from_value(serde_json::json!({
            "id": 7, "backupMode": "PHYSICAL_BACKUP",
            "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleEnabled": true,
                "backupScheduleTime": "02:00:00.000+08:00",
                "dayAndDataBackupModelMap": {"2": "FULL_BACKUP", "4": "FULL_BACKUP", "6": "INCREMENTAL_BACKUP"},
                "startLogBackup": true, "cleanEnabled": true, "backupDataRetentionDays": 7, "cleanScheduleTime": "03:00:00.000+08:00"},
            "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 360, "noSuccessfulDataBackupAlarmDays": 2, "logBackupDelaySeconds": 300},
            "obBackupServiceStorageConfig": {"configName": "hz_backup", "storageId": 11,
                "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_OSS", "storageUrl": "bucket/hz",
                    "ossAccessKey": {"endpoint": "oss-cn-hangzhou.aliyuncs.com", "accessKeyId": "AK1"}}}
        }))
        .unwrap();
        let d = StrategyDraft::from_strategy(&strategy, offset_hours(0));
        assert_eq!(
            d.days,
            BTreeMap::from([(2, Full), (4, Full), (6, Incremental)])
        );
        assert_eq!(
            (d.schedule_time.as_str(), d.offset_secs),
            ("02:00", 8 * 3600)
        );
        assert!(d.storage.secret_on_server && d.storage.secret.is_empty());
        let p = d.to_param(1000001).unwrap();
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json["obBackupScheduleConfig"]["dayAndDataBackupModelMap"],
            serde_json::json!({"2": "FULL_BACKUP", "4": "FULL_BACKUP", "6": "INCREMENTAL_BACKUP"})
        );
        assert_eq!(
            json["obBackupScheduleConfig"]["backupScheduleTime"],
            "02:00:00.000+08:00"
        );
        assert_eq!(json["obBackupServiceStorageConfig"]["storageId"], 11);
        assert!(
            json["obBackupServiceStorageConfig"]["obBackupStorageBaseInfo"]["ossAccessKey"]
                .get("accessKeySecret")
                .is_none(),
            "an untyped secret is not sent"
        );
        assert_eq!(
            json["obBackupObjectList"],
            serde_json::json!([{"clusterId": 1000001, "backupDimension": "CLUSTER"}])
        );
    }

    #[test]
    fn what_cannot_be_read_is_named_by_field_and_kept_as_typed() {
        let mut d = draft();
        d.schedule_time = "2:5".into();
        d.retention_days = "seven".into();
        let errors = d.to_param(1).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec![fields::SCHEDULE_TIME, fields::RETENTION_DAYS]);
        assert_eq!(
            errors[0].message(Lang::Zh),
            "尚未输入完整：请输入24 小时制时间 HH:MM，例如 01:30 或 0130。"
        );
        assert_eq!(
            errors[1].message(Lang::En),
            "Type digits only: no letters, exponents, spaces or separators."
        );
        assert_eq!(d.retention_days, "seven");
        for ok in ["2:05", "02:05", "23:59", "0205"] {
            assert!(parse_hh_mm(ok).is_some(), "{ok}");
        }
        for bad in ["24:00", "2:5", "205", "ab:cd", "", "-1:00"] {
            assert!(parse_hh_mm(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn typed_fields_are_read_exactly_or_refused_with_the_servers_bounds() {
        let problems = |d: &StrategyDraft| -> Vec<(String, String)> {
            d.input_problems()
                .into_iter()
                .map(|v| (v.field.clone(), v.message(Lang::En).to_owned()))
                .collect()
        };
        let mut d = draft();
        assert_eq!(problems(&d), vec![]);
        d.schedule_time = "0130".into();
        assert_eq!(problems(&d), vec![]);
        assert_eq!(
            d.to_param(1)
                .unwrap()
                .ob_backup_schedule_config
                .unwrap()
                .backup_schedule_time
                .unwrap()
                .hh_mm(),
            "01:30"
        );
        let one = |d: &StrategyDraft| problems(d).into_iter().next();
        for (text, reason) in [
            ("10.5", "A whole number is needed: no decimal point."),
            ("-14", "Type the number without a sign (+ or −)."),
            (
                "1e3",
                "Type digits only: no letters, exponents, spaces or separators.",
            ),
            ("0", "At least 1 day."),
            ("", "Enter a whole number."),
        ] {
            let mut d = draft();
            d.retention_days = text.into();
            assert_eq!(
                one(&d),
                Some((fields::RETENTION_DAYS.to_owned(), reason.to_owned())),
                "{text}"
            );
        }
        // Cleanup off: its fields are not asked for.
        let mut d = draft();
        d.retention_days = String::new();
        d.clean_time = "03:".into();
        d.clean_enabled = false;
        assert_eq!(problems(&d), vec![]);
        d.clean_enabled = true;
        assert_eq!(problems(&d).len(), 2);
        // A threshold may be left empty, never 0 or a decimal.
        let mut d = draft();
        d.timeout_minutes = String::new();
        assert_eq!(problems(&d), vec![]);
        d.timeout_minutes = "1.5".into();
        assert_eq!(
            one(&d),
            Some((
                fields::TIMEOUT_MINUTES.to_owned(),
                "A whole number is needed: no decimal point.".to_owned()
            ))
        );
        d.timeout_minutes = "0".into();
        assert_eq!(one(&d).unwrap().1, "At least 1 minute.");
        let mut d = draft();
        d.storage.alarm_percent = "101".into();
        assert_eq!(one(&d).unwrap().1, "At most 100%.");
        d.schedule_time = "013".into();
        assert_eq!(
            one(&d),
            Some((
                fields::SCHEDULE_TIME.to_owned(),
                "Not complete yet: enter a 24-hour time as HH:MM, e.g. 01:30 or 0130.".to_owned()
            ))
        );
        // What the server holds reads back whatever the bounds, so a PATCH has its base.
        let mut d = draft();
        d.timeout_minutes = "0".into();
        assert!(d.to_param(1).is_ok());
    }

    #[test]
    fn a_patch_carries_only_what_changed_and_the_storage_id() {
        let mut d = draft();
        d.storage.storage_id = Some(11);
        let before = d.to_param(1).unwrap();
        assert_eq!(patch(&before, &before), None, "unchanged: nothing to send");
        d.cycle_day(6);
        let after = d.to_param(1).unwrap();
        let p = patch(&before, &after).unwrap();
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "obBackupScheduleConfig": {"dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "4": "INCREMENTAL_BACKUP", "6": "FULL_BACKUP"}},
                "obBackupServiceStorageConfig": {"storageId": 11},
                "obBackupObjectList": [{"clusterId": 1, "backupDimension": "CLUSTER"}]
            })
        );
        // A typed secret changes the storage: the base info goes whole with it.
        d.storage.storage_type = StorageType::Oss;
        d.storage.secret = "s3cr3t".into();
        let p = patch(&after, &d.to_param(1).unwrap()).unwrap();
        let base = p
            .ob_backup_service_storage_config
            .unwrap()
            .ob_backup_storage_base_info
            .unwrap();
        assert_eq!(
            base.oss_access_key.unwrap().access_key_secret.as_deref(),
            Some("s3cr3t")
        );
    }

    #[test]
    fn the_server_merging_a_patch_gets_back_exactly_the_edited_strategy() {
        // The console's diff and the emulator's merge (ocp_model::validate) must be inverses.
        let mut base = draft();
        base.storage.storage_type = StorageType::Oss;
        base.storage.storage_id = Some(11);
        base.storage.endpoint = "oss-cn-hangzhou.aliyuncs.com".into();
        base.storage.access_key_id = "AK1".into();
        let before = base.to_param(1).unwrap();
        let edits: [fn(&mut StrategyDraft); 5] = [
            |d| {
                d.cycle_day(6);
            },
            |d| d.schedule_time = "04:15".into(),
            |d| {
                d.set_schedule_mode(ScheduleMode::Month);
                d.cycle_day(31);
            },
            |d| d.storage.endpoint = "oss-cn-beijing.aliyuncs.com".into(),
            |d| {
                d.clean_enabled = false;
                d.log_delay_seconds = "600".into();
            },
        ];
        for edit in edits {
            let mut d = base.clone();
            edit(&mut d);
            let after = d.to_param(1).unwrap();
            let sent = patch(&before, &after).unwrap();
            assert_eq!(crate::validate::merge_patch(&before, &sent), after);
        }
    }

    #[test]
    fn refusals_without_sub_errors_land_on_their_field() {
        assert_eq!(
            field_for_code("BAK21007", &StorageType::File).as_deref(),
            Some(fields::SCHEDULE_TIME)
        );
        assert_eq!(
            field_for_code("BAK29021", &StorageType::Cos).as_deref(),
            Some(
                "obBackupServiceStorageConfig.obBackupStorageBaseInfo.cosAccessKey.accessKeySecret"
            )
        );
        assert_eq!(field_for_code("BAK31005", &StorageType::File), None);
    }

    #[test]
    fn drafts_kept_in_storage_never_hold_the_secret() {
        let mut d = draft();
        d.storage.secret = "s3cr3t".into();
        let kept = serde_json::to_string(&d).unwrap();
        assert!(!kept.contains("s3cr3t"));
        assert!(d.without_secret().storage.secret.is_empty());
        let back: StrategyDraft = serde_json::from_str(&kept).unwrap();
        assert_eq!(back, d.without_secret());
    }

    #[test]
    fn the_schedule_in_plain_words_in_both_languages() {
        let days = BTreeMap::from([(1, Full), (7, Full), (3, Incremental), (5, Incremental)]);
        let time = TimeOfDay::new(2, 0, offset_hours(8));
        let en = describe_schedule(&ScheduleMode::Week, &days, time, offset_hours(0), Lang::En);
        assert_eq!(en, "Full on Monday and Sunday, incremental on Wednesday and Friday, at 02:00 +08:00 (18:00 your time, the day before)");
        let zh = describe_schedule(&ScheduleMode::Week, &days, time, offset_hours(0), Lang::Zh);
        assert_eq!(
            zh,
            "每周一、周日全量备份，每周三、周五增量备份，时间 02:00 +08:00（本地时间前一天 18:00）"
        );
        let same = describe_schedule(
            &ScheduleMode::Week,
            &BTreeMap::from([(2, Full), (4, Full), (6, Incremental)]),
            time,
            offset_hours(8),
            Lang::En,
        );
        assert_eq!(
            same,
            "Full on Tuesday and Thursday, incremental on Saturday, at 02:00 +08:00"
        );
        let month = describe_schedule(
            &ScheduleMode::Month,
            &BTreeMap::from([
                (1, Full),
                (2, Incremental),
                (3, Incremental),
                (11, Incremental),
                (22, Full),
            ]),
            None,
            offset_hours(8),
            Lang::En,
        );
        assert_eq!(month, "Full on the 1st and the 22nd of the month, incremental on the 2nd, the 3rd and the 11th of the month");
        let month_zh = describe_schedule(
            &ScheduleMode::Month,
            &BTreeMap::from([(31, Full)]),
            None,
            offset_hours(8),
            Lang::Zh,
        );
        assert_eq!(month_zh, "每月31 日全量备份");
        assert_eq!(
            describe_schedule(
                &ScheduleMode::Week,
                &BTreeMap::new(),
                None,
                offset_hours(8),
                Lang::En
            ),
            "No backup day chosen"
        );
        let late = describe_schedule(
            &ScheduleMode::Week,
            &BTreeMap::from([(6, Full)]),
            TimeOfDay::new(23, 30, offset_hours(8)),
            offset_hours(9),
            Lang::En,
        );
        assert_eq!(
            late,
            "Full on Saturday, at 23:30 +08:00 (00:30 your time, the day after)"
        );
    }

    #[test]
    fn the_preview_lists_runs_in_cluster_viewer_and_utc_time() {
        let mut d = draft();
        d.days = BTreeMap::from([(2, Full), (6, Incremental)]);
        let now = parse_datetime("2026-11-23T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let runs = preview_runs(&d, now, offset_hours(-5), 10, Lang::En);
        assert_eq!(runs.len(), 10);
        assert_eq!(runs[0].kind, Full);
        assert_eq!(runs[0].cluster, "Tuesday 2026-11-24 02:00 +08:00");
        assert_eq!(runs[0].viewer, "Monday 2026-11-23 13:00 -05:00");
        assert_eq!(runs[0].utc, "Monday 2026-11-23 18:00 +00:00");
        assert_eq!(
            preview_runs(&d, now, offset_hours(-5), 1, Lang::Zh)[0].cluster,
            "周二 2026-11-24 02:00 +08:00"
        );
        assert_eq!(runs[1].kind, Incremental);
        d.schedule_enabled = false;
        assert!(preview_runs(&d, now, offset_hours(0), 10, Lang::En).is_empty());
    }
}
