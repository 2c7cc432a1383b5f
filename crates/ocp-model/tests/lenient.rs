//! Every answer the console decodes bends instead of breaking (ocp-api.md 1.6): starting from a
//! valid answer, fields are dropped, added, given another JSON type or another time format.
//! Decoding must succeed every time, and fail only when one of the answer's few essential
//! fields is broken: the exact list of those is written here, per answer.

use ocp_model::json_path::path_at;
use ocp_model::lenient::{decode, FieldWarning};
use ocp_model::*;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes as the console does; on success, the value re-encoded (its fields under their wire
/// names) and the warnings.
type Decoder = fn(&str) -> Result<(Value, Vec<FieldWarning>), serde_json::Error>;

fn decoder<T: DeserializeOwned + Serialize>(
    text: &str,
) -> Result<(Value, Vec<FieldWarning>), serde_json::Error> {
    decode::<Envelope<T>>(text).map(|(env, w)| (serde_json::to_value(env.data).unwrap(), w))
}

/// One answer the console decodes, and the fields whose breakage fails it (paths with `[]`
/// for any list index).
struct Answer {
    fixture: &'static str,
    decode: Decoder,
    essential: &'static [&'static str],
}

const TASK_INSTANCE: &[&str] = &[
    "data",
    "data.id",
    "data.name",
    "data.status",
    "data.createTime",
    "data.startTime",
    "data.finishTime",
    "data.subtasks",
    "data.subtasks[]",
    "data.subtasks[].id",
    "data.subtasks[].name",
    "data.subtasks[].status",
    "data.subtasks[].startTime",
    "data.subtasks[].finishTime",
];

fn answers() -> Vec<Answer> {
    vec![
        Answer {
            fixture: "clusters.json",
            decode: decoder::<Paged<Cluster>>,
            essential: &[
                "data",
                "data.contents",
                "data.contents[]",
                "data.contents[].id",
                "data.contents[].name",
                "data.contents[].status",
                "data.contents[].type",
            ],
        },
        Answer {
            fixture: "tenants_zone_names.json",
            decode: decoder::<Paged<Tenant>>,
            essential: &[
                "data",
                "data.contents",
                "data.contents[]",
                "data.contents[].id",
                "data.contents[].name",
                "data.contents[].status",
            ],
        },
        Answer {
            fixture: "tenants_zone_objects.json",
            decode: decoder::<Paged<Tenant>>,
            essential: &[
                "data",
                "data.contents",
                "data.contents[]",
                "data.contents[].id",
                "data.contents[].name",
                "data.contents[].status",
            ],
        },
        Answer {
            fixture: "unit_specs.json",
            decode: decoder::<Paged<UnitSpec>>,
            essential: &[
                "data",
                "data.contents",
                "data.contents[]",
                "data.contents[].id",
                "data.contents[].name",
                "data.contents[].minCpuCoreCount",
                "data.contents[].maxCpuCoreCount",
                "data.contents[].minMemorySize",
                "data.contents[].maxMemorySize",
            ],
        },
        Answer {
            fixture: "overview_full.json",
            decode: decoder::<Overview>,
            essential: OVERVIEW,
        },
        Answer {
            fixture: "overview_sparse.json",
            decode: decoder::<Overview>,
            essential: OVERVIEW,
        },
        Answer {
            fixture: "ability.json",
            decode: decoder::<Ability>,
            essential: &["data"],
        },
        Answer {
            fixture: "strategy_week.json",
            decode: decoder::<BackupStrategy>,
            essential: STRATEGY,
        },
        Answer {
            fixture: "strategy_month.json",
            decode: decoder::<BackupStrategy>,
            essential: STRATEGY,
        },
        Answer {
            fixture: "ops_create_strategy.json",
            decode: decoder::<OpsResult>,
            essential: OPS,
        },
        Answer {
            fixture: "ops_backup_now.json",
            decode: decoder::<OpsResult>,
            essential: OPS,
        },
        Answer {
            fixture: "data_backup_tasks.json",
            decode: decoder::<Paged<DataBackupTask>>,
            essential: &[
                "data",
                "data.contents",
                "data.contents[]",
                "data.contents[].taskId",
                "data.contents[].backupSetId",
                "data.contents[].dataBackupTaskType",
                "data.contents[].status",
                "data.contents[].startTime",
                "data.contents[].finishTime",
            ],
        },
        Answer {
            fixture: "log_backup_tasks.json",
            decode: decoder::<Paged<LogBackupTask>>,
            essential: &[
                "data",
                "data.contents",
                "data.contents[]",
                "data.contents[].createTime",
                "data.contents[].modifyTime",
                "data.contents[].checkpoint",
                "data.contents[].delay",
                "data.contents[].status",
            ],
        },
        Answer {
            fixture: "restore_tasks.json",
            decode: decoder::<Paged<RestoreTask>>,
            essential: &[
                "data",
                "data.contents",
                "data.contents[]",
                "data.contents[].id",
                "data.contents[].createTime",
                "data.contents[].finishTime",
                "data.contents[].restoreEndTime",
                "data.contents[].status",
                "data.contents[].finished",
                "data.contents[].successful",
            ],
        },
        Answer {
            fixture: "backup_info.json",
            decode: decoder::<BackupInfo>,
            essential: BACKUP_INFO,
        },
        Answer {
            fixture: "task_instance.json",
            decode: decoder::<TaskInstance>,
            essential: TASK_INSTANCE,
        },
        Answer {
            fixture: "info.json",
            decode: decoder::<ServerInfo>,
            essential: &["data"],
        },
    ]
}

const OVERVIEW: &[&str] = &[
    "data",
    "data.clusterId",
    "data.clusterName",
    "data.obClusterType",
    "data.obClusterStatus",
    "data.backupScheduleStatus",
    "data.lastDataBackupTime",
    "data.latestLogBackupCheckpoint",
    "data.logBackupDelaySeconds",
];

const OPS: &[&str] = &[
    "data",
    "data.obBackupTaskType",
    "data.backupObjectOpsResultList",
    "data.backupObjectOpsResultList[]",
    "data.backupObjectOpsResultList[].beSuccessful",
    "data.backupObjectOpsResultList[].taskIdList",
    "data.backupObjectOpsResultList[].taskIdList[]",
];

const STRATEGY: &[&str] = &[
    "data",
    "data.id",
    "data.backupMode",
    "data.obBackupScheduleConfig",
    "data.obBackupScheduleConfig.backupScheduleMode",
    "data.obBackupScheduleConfig.backupScheduleEnabled",
    "data.obBackupScheduleConfig.backupScheduleTime",
    "data.obBackupScheduleConfig.dayAndDataBackupModelMap",
    "data.obBackupScheduleConfig.dayAndDataBackupModelMap.*",
    "data.obBackupScheduleConfig.startLogBackup",
    "data.obBackupScheduleConfig.cleanEnabled",
    "data.obBackupScheduleConfig.backupDataRetentionDays",
    "data.obBackupScheduleConfig.cleanScheduleTime",
    "data.obBackupThresholdConfig",
    "data.obBackupThresholdConfig.dataBackupTimeoutMinutes",
    "data.obBackupThresholdConfig.noSuccessfulDataBackupAlarmDays",
    "data.obBackupThresholdConfig.logBackupDelaySeconds",
    "data.obBackupServiceStorageConfig",
    "data.obBackupServiceStorageConfig.configName",
    "data.obBackupServiceStorageConfig.storageId",
    "data.obBackupServiceStorageConfig.alarmStoragePercentageThreshold",
    "data.obBackupServiceStorageConfig.obBackupStorageBaseInfo",
    "data.obBackupServiceStorageConfig.obBackupStorageBaseInfo.backupStorageType",
    "data.obBackupServiceStorageConfig.obBackupStorageBaseInfo.storageUrl",
    "data.obBackupServiceStorageConfig.obBackupStorageBaseInfo.ossAccessKey",
    "data.obBackupServiceStorageConfig.obBackupStorageBaseInfo.ossAccessKey.endpoint",
    "data.obBackupServiceStorageConfig.obBackupStorageBaseInfo.ossAccessKey.accessKeyId",
];

/// The union's and each tenant's windows, and what they are built from.
const BACKUP_INFO: &[&str] = &[
    "data",
    "data.clusterId",
    "data.clusterName",
    "data.obRecoverableInfoAggregation",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[]",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].obRecoverableSectionItemType",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].dataBackupRecoverableInfo",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].dataBackupRecoverableInfo.recoverableTime",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].logRecoverableTimeInterval",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].logRecoverableTimeInterval.startTime",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].logRecoverableTimeInterval.endTime",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].realRecoverableTimeInterval",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].realRecoverableTimeInterval.startTime",
    "data.obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].realRecoverableTimeInterval.endTime",
    "data.tenantBackupInfos",
    "data.tenantBackupInfos[]",
    "data.tenantBackupInfos[].tenantId",
    "data.tenantBackupInfos[].tenantName",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[]",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].obRecoverableSectionItemType",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].dataBackupRecoverableInfo",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].dataBackupRecoverableInfo.recoverableTime",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].logRecoverableTimeInterval",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].logRecoverableTimeInterval.startTime",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].logRecoverableTimeInterval.endTime",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].realRecoverableTimeInterval",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].realRecoverableTimeInterval.startTime",
    "data.tenantBackupInfos[].obRecoverableInfoAggregation.latestSevenDaysAggregation.obRecoverableSectionItems[].realRecoverableTimeInterval.endTime",
];

// ---------------------------------------------------------------------------------------------
// Walking and mutating JSON
// ---------------------------------------------------------------------------------------------

/// A step into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

type Path = Vec<Step>;

/// `data.contents[2].status` (concrete) or `data.contents[].status` (with `any_index`).
fn show(path: &[Step], any_index: bool) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                // A day of a schedule map is a key, but data: `dayAndDataBackupModelMap.*`.
                if any_index && k.parse::<u8>().is_ok() {
                    s.push('*');
                } else {
                    s.push_str(k);
                }
            }
            Step::Index(i) if any_index => {
                let _ = i;
                s.push_str("[]");
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Every member of every object (and every list element), below `data`.
fn field_paths(v: &Value) -> Vec<Path> {
    fn walk(v: &Value, at: &mut Path, out: &mut Vec<Path>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    at.push(Step::Key(k.clone()));
                    out.push(at.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    at.push(Step::Index(i));
                    out.push(at.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out.retain(|p| p.first() == Some(&Step::Key("data".into())));
    out
}

fn get_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

fn get<'a>(v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, step| match step {
        Step::Key(k) => v.get(k.as_str()),
        Step::Index(i) => v.get(*i),
    })
}

fn remove(v: &mut Value, path: &[Step]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    match (get_mut(v, parent), last) {
        (Some(Value::Object(m)), Step::Key(k)) => {
            m.remove(k);
        }
        (Some(Value::Array(a)), Step::Index(i)) if *i < a.len() => {
            a.remove(*i);
        }
        _ => {}
    }
}

/// One value of each JSON type.
fn kinds() -> [Value; 6] {
    [
        json!(true),
        json!("text"),
        json!(12345),
        Value::Null,
        json!({"k": 1}),
        json!([1, "x"]),
    ]
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// A time-looking string in every format of ocp-api.md 1.5 that keeps its instant: offset with
/// and without a colon, UTC `Z`, and more fraction digits.
fn time_variants(s: &str) -> Vec<String> {
    if let Ok(t) = StampTime::parse(s) {
        let dt = t.datetime();
        let nanos = dt.timestamp_subsec_nanos();
        let mut out = Vec::new();
        for fraction in ["%.9f", "%.6f", "%.3f", ""] {
            let digits = match fraction {
                "%.9f" => 9,
                "%.6f" => 6,
                "%.3f" => 3,
                _ => 0,
            };
            if nanos % 10u32.pow(9 - digits) != 0 {
                continue;
            }
            for offset in ["%:z", "%z"] {
                out.push(
                    dt.format(&format!("%Y-%m-%dT%H:%M:%S{fraction}{offset}"))
                        .to_string(),
                );
            }
            out.push(
                dt.with_timezone(&chrono::Utc)
                    .format(&format!("%Y-%m-%dT%H:%M:%S{fraction}Z"))
                    .to_string(),
            );
        }
        return out;
    }
    if TimeOfDay::parse(s).is_ok() && s.len() >= 6 {
        // `02:00:00.000+08:00` ↔ `02:00:00.000+0800`.
        let (head, offset) = s.split_at(s.len() - 6);
        if offset.as_bytes()[3] == b':' {
            return vec![format!("{head}{}", offset.replace(':', ""))];
        }
        let (head, offset) = s.split_at(s.len() - 5);
        return vec![format!("{head}{}:{}", &offset[..3], &offset[3..])];
    }
    Vec::new()
}

/// Every time string replaced by its instant in microseconds, so that a time re-encoded in its
/// field's style compares equal whatever format it came in.
fn instants(v: &Value) -> Value {
    match v {
        Value::String(s) => match StampTime::parse(s) {
            Ok(t) => json!(t.timestamp_micros()),
            Err(_) => v.clone(),
        },
        Value::Array(a) => Value::Array(a.iter().map(instants).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), instants(v))).collect())
        }
        _ => v.clone(),
    }
}

/// The decoded value with what a mutation at `path` may change taken out: that field, or the
/// lenient value around it that was dropped (a warning names it).
fn without(decoded: &Value, path: &[Step], warnings: &[FieldWarning]) -> Value {
    let mut v = json!({ "data": instants(decoded) });
    let concrete = show(path, false);
    for w in warnings {
        if let Some(p) = parse_path(&w.path) {
            remove(&mut v, &p);
        }
        assert!(
            concrete.starts_with(&w.path) || w.path.starts_with(&concrete),
            "a change at {concrete} warned about {} elsewhere",
            w.path
        );
    }
    remove(&mut v, path);
    v
}

fn parse_path(s: &str) -> Option<Path> {
    let mut out = Vec::new();
    for part in s.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Step::Key(key.to_owned()));
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            out.push(Step::Index(index.trim_end_matches(']').parse().ok()?));
        }
    }
    Some(out)
}

fn text(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

/// Retyping each field: exactly the essential ones can fail the answer, and a failure names the
/// field; any other retype changes that field (or the lenient value around it) and nothing else.
#[test]
fn only_essential_fields_fail_an_answer() {
    let mut wrong = Vec::new();
    for answer in answers() {
        let original: Value = serde_json::from_str(&fixture(answer.fixture)).unwrap();
        let (base, warnings) =
            (answer.decode)(&text(&original)).unwrap_or_else(|e| panic!("{}: {e}", answer.fixture));
        assert_eq!(warnings, [], "{}: a valid answer warns", answer.fixture);
        let mut failing = BTreeSet::new();
        for path in field_paths(&original) {
            let before = get(&original, &path).unwrap().clone();
            for kind in kinds() {
                if same_kind(&kind, &before) {
                    continue;
                }
                let mut mutated = original.clone();
                *get_mut(&mut mutated, &path).unwrap() = kind.clone();
                let body = text(&mutated);
                let at = show(&path, false);
                match (answer.decode)(&body) {
                    Ok((decoded, warnings)) => assert_eq!(
                        without(&decoded, &path, &warnings),
                        without(&base, &path, &warnings),
                        "{}: {at} = {kind} changed other fields",
                        answer.fixture
                    ),
                    Err(e) => {
                        let named = path_at(&body, e.line(), e.column());
                        assert!(
                            named.starts_with(&at),
                            "{}: {at} = {kind} failed naming {named}: {e}",
                            answer.fixture
                        );
                        failing.insert(show(&path, true));
                    }
                }
            }
        }
        let essential: BTreeSet<String> = answer.essential.iter().map(|s| s.to_string()).collect();
        let present: BTreeSet<String> = field_paths(&original)
            .iter()
            .map(|p| show(p, true))
            .collect();
        let expected: BTreeSet<String> = essential.intersection(&present).cloned().collect();
        if failing != expected {
            wrong.push(format!(
                "{}: fail but are not essential: {:?}; essential but never fail: {:?}",
                answer.fixture,
                failing.difference(&expected).collect::<Vec<_>>(),
                expected.difference(&failing).collect::<Vec<_>>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A retype that fits nowhere is reported where it happened, with what came.
#[test]
fn a_retyped_display_field_is_reported_with_its_path() {
    let mut v: Value = serde_json::from_str(&fixture("overview_full.json")).unwrap();
    v["data"]["primaryAndStandbyMode"] = json!(false);
    let (env, warnings) = decode::<Envelope<Overview>>(&text(&v)).unwrap();
    let overview = env.data.unwrap();
    assert_eq!(overview.primary_and_standby_mode, None);
    assert_eq!(overview.cluster_name, "obcluster_prod");
    assert_eq!(
        warnings,
        [FieldWarning {
            path: "data.primaryAndStandbyMode".into(),
            expected: "a string".into(),
            found: "false".into(),
        }]
    );
}

#[test]
fn dropping_any_field_that_is_not_essential_keeps_the_answer() {
    for answer in answers() {
        let original: Value = serde_json::from_str(&fixture(answer.fixture)).unwrap();
        for path in field_paths(&original) {
            if answer.essential.contains(&show(&path, true).as_str()) {
                continue;
            }
            let mut mutated = original.clone();
            remove(&mut mutated, &path);
            let result = (answer.decode)(&text(&mutated));
            assert!(
                result.is_ok(),
                "{}: without {}: {:?}",
                answer.fixture,
                show(&path, false),
                result.err()
            );
        }
    }
}

#[test]
fn unknown_fields_everywhere_change_nothing() {
    fn add_unknown(v: &mut Value) {
        match v {
            // A map keyed by day numbers is data, not a record with fields.
            Value::Object(m) if m.keys().all(|k| k.parse::<u8>().is_ok()) && !m.is_empty() => {}
            Value::Object(m) => {
                m.values_mut().for_each(add_unknown);
                m.insert("zzUnknown".into(), json!({"a": [1, {"b": null}], "c": "d"}));
                m.insert("anotherNewField".into(), json!(false));
            }
            Value::Array(a) => a.iter_mut().for_each(add_unknown),
            _ => {}
        }
    }
    for answer in answers() {
        let original: Value = serde_json::from_str(&fixture(answer.fixture)).unwrap();
        let (base, _) = (answer.decode)(&text(&original)).unwrap();
        let mut mutated = original.clone();
        add_unknown(&mut mutated);
        let (decoded, warnings) =
            (answer.decode)(&text(&mutated)).unwrap_or_else(|e| panic!("{}: {e}", answer.fixture));
        assert_eq!(warnings, [], "{}", answer.fixture);
        assert_eq!(decoded, base, "{}", answer.fixture);
    }
}

/// Every time field, strict or not, reads any format of ocp-api.md 1.5 as the same instant.
#[test]
fn every_time_field_reads_every_documented_format() {
    for answer in answers() {
        let original: Value = serde_json::from_str(&fixture(answer.fixture)).unwrap();
        let (base, _) = (answer.decode)(&text(&original)).unwrap();
        let mut tried = 0;
        for path in field_paths(&original) {
            let Some(Value::String(s)) = get(&original, &path) else {
                continue;
            };
            for variant in time_variants(s) {
                tried += 1;
                let mut mutated = original.clone();
                *get_mut(&mut mutated, &path).unwrap() = json!(variant);
                let (decoded, warnings) = (answer.decode)(&text(&mutated)).unwrap_or_else(|e| {
                    panic!(
                        "{}: {} = {variant}: {e}",
                        answer.fixture,
                        show(&path, false)
                    )
                });
                assert_eq!(warnings, [], "{}: {variant}", answer.fixture);
                let (a, b) = (instants(&decoded), instants(&base));
                assert_eq!(
                    a,
                    b,
                    "{}: {} = {variant}",
                    answer.fixture,
                    show(&path, false)
                );
            }
        }
        let data = text(&original["data"]);
        let has_time = data.contains("+08:00") || data.contains("+0800");
        assert!(
            !has_time || tried > 0,
            "{}: no time field was tried",
            answer.fixture
        );
    }
}

#[test]
fn envelopes_without_their_optional_fields() {
    let original: Value = serde_json::from_str(&fixture("overview_full.json")).unwrap();
    for field in [
        "timestamp",
        "duration",
        "traceId",
        "server",
        "status",
        "successful",
    ] {
        let mut v = original.clone();
        v.as_object_mut().unwrap().remove(field);
        let (env, warnings) = decode::<Envelope<Overview>>(&text(&v)).unwrap();
        assert!(!env.is_failure(), "without {field}");
        assert_eq!(env.data.unwrap().cluster_id, 1000005);
        assert_eq!(warnings, []);
    }
    // Retyped envelope fields are reported, the data still read.
    let mut v = original.clone();
    v["timestamp"] = json!(false);
    v["duration"] = json!("3 ms");
    let (env, warnings) = decode::<Envelope<Overview>>(&text(&v)).unwrap();
    assert!(env.data.is_some() && env.timestamp.is_none());
    assert_eq!(warnings.len(), 2);
}

#[test]
fn an_error_that_is_only_successful_false() {
    let (env, warnings) = decode::<Envelope<Overview>>(r#"{"successful": false}"#).unwrap();
    assert!(env.is_failure());
    assert!(env.data.is_none() && env.error.is_none());
    assert_eq!(warnings, []);
    // An error object that cannot be read still says "failure".
    let (env, warnings) =
        decode::<Envelope<Overview>>(r#"{"successful": false, "error": "boom"}"#).unwrap();
    assert!(env.is_failure());
    assert_eq!(warnings[0].path, "error");
    let (env, _) =
        decode::<Envelope<Overview>>(r#"{"status": 500, "error": {"code": 1, "message": "x"}}"#)
            .unwrap();
    assert!(env.is_failure());
}

#[test]
fn an_unpaged_answer_where_a_paged_one_was_expected() {
    let original: Value = serde_json::from_str(&fixture("data_backup_tasks.json")).unwrap();
    let rows = original["data"]["contents"].clone();
    let n = rows.as_array().unwrap().len();
    for data in [json!({ "contents": rows.clone() }), rows.clone()] {
        let body = text(&json!({"successful": true, "data": data}));
        let (env, warnings) = decode::<Envelope<Paged<DataBackupTask>>>(&body).unwrap();
        let paged = env.data.unwrap();
        assert_eq!(paged.contents.len(), n);
        assert_eq!(paged.page, None);
        assert_eq!(warnings, []);
    }
    // `contents: null` is an empty page; a `page` that cannot be read is absent.
    let body = r#"{"data": {"contents": null, "page": "first"}}"#;
    let (env, warnings) = decode::<Envelope<Paged<DataBackupTask>>>(body).unwrap();
    assert_eq!(env.data.unwrap().contents, vec![]);
    assert_eq!(warnings[0].path, "data.page");
}

// ---------------------------------------------------------------------------------------------
// Many changes at once
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Change {
    Drop,
    Retype(usize),
    Restyle(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::Drop),
        (0..6usize).prop_map(Change::Retype),
        (0..12usize).prop_map(Change::Restyle),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any mix of changes to fields that are not essential: the answer decodes, and every
    /// warning is about a changed field.
    #[test]
    fn any_mix_of_changes_to_display_fields_decodes(
        which in 0..17usize,
        picks in proptest::collection::vec((any::<prop::sample::Index>(), change()), 1..12),
    ) {
        let answers = answers();
        let answer = &answers[which % answers.len()];
        let original: Value = serde_json::from_str(&fixture(answer.fixture)).unwrap();
        let candidates: Vec<Path> = field_paths(&original)
            .into_iter()
            .filter(|p| !answer.essential.contains(&show(p, true).as_str()))
            .collect();
        prop_assume!(!candidates.is_empty());
        let mut mutated = original.clone();
        let mut changed = Vec::new();
        // Deepest first, so that a dropped parent does not hide a later child.
        let mut chosen: Vec<(Path, Change)> = picks
            .iter()
            .map(|(i, c)| (i.get(&candidates).clone(), c.clone()))
            .collect();
        chosen.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(b.0.cmp(&a.0)));
        chosen.dedup_by(|a, b| a.0 == b.0);
        for (path, change) in chosen {
            let Some(current) = get(&mutated, &path).cloned() else { continue };
            match change {
                // Fields are dropped, not list elements: those would shift the paths of
                // later changes.
                Change::Drop if matches!(path.last(), Some(Step::Index(_))) => continue,
                Change::Drop => remove(&mut mutated, &path),
                Change::Retype(k) => *get_mut(&mut mutated, &path).unwrap() = kinds()[k].clone(),
                Change::Restyle(k) => {
                    let Value::String(s) = &current else { continue };
                    let variants = time_variants(s);
                    if variants.is_empty() { continue }
                    *get_mut(&mut mutated, &path).unwrap() = json!(variants[k % variants.len()]);
                }
            }
            changed.push(show(&path, false));
        }
        let body = text(&mutated);
        let result = (answer.decode)(&body);
        prop_assert!(result.is_ok(), "{}: {:?} broke it: {:?}", answer.fixture, changed, result.err());
        let (_, warnings) = result.unwrap();
        for w in warnings {
            prop_assert!(
                changed.iter().any(|c| c.starts_with(&w.path) || w.path.starts_with(c.as_str())),
                "{}: warning at {} but changed {:?}", answer.fixture, w.path, changed
            );
        }
    }
}

#[test]
fn paths_print_and_parse() {
    let p = parse_path("data.contents[3].zones[0].name").unwrap();
    assert_eq!(show(&p, false), "data.contents[3].zones[0].name");
    assert_eq!(show(&p, true), "data.contents[].zones[].name");
    let _ = Map::<String, Value>::new();
}
