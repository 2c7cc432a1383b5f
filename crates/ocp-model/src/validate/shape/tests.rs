use super::*;
use crate::{BackupNowParam, RestoreParam, StrategyParam};
use serde::de::DeserializeOwned;
use serde_json::json;

const STRATEGY: &str = include_str!("../../../tests/fixtures/strategy_param.json");
const BACKUP_NOW: &str = include_str!("../../../tests/fixtures/backup_now_param.json");
const ONLINE: &str = include_str!("../../../tests/fixtures/restore_online.json");
const OFFLINE: &str = include_str!("../../../tests/fixtures/restore_offline.json");

fn fields_of(c: &Checked) -> Vec<&str> {
    c.problems.iter().map(|v| v.field.as_str()).collect()
}

#[test]
fn an_abridged_restore_names_every_missing_field_at_once() {
    // ocp-api.md 2.6's example with the ids, the point in time, the name and the unit count
    // left out (and a console leftover `key`, which is ignored).
    let body = json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "restoreTenantInfoParam": {"primaryZone": "zone1",
                "zones": [{"key": "30", "name": "zone1", "replicaType": "FULL",
                           "resourcePool": {"unitSpecName": "S1"}}]}
        }
    });
    let c = check_restore(&body);
    let p = "restoreOnlineTenantRequiredParam";
    assert_eq!(
        fields_of(&c),
        vec![
            format!("{p}.backupClusterId"),
            format!("{p}.backupTenantId"),
            format!("{p}.restoreClusterId"),
            format!("{p}.restoreEndTime"),
            format!("{p}.restoreTenantInfoParam.name"),
            format!("{p}.restoreTenantInfoParam.zones[0].resourcePool.unitCount"),
        ]
    );
    assert!(c.problems.iter().all(|v| v.code == codes::INVALID));
    assert!(c.problems.iter().all(|v| v.rejected_value.is_none()));
    // Typed without the incomplete param, the body would say nothing: it is refused as is.
    assert_eq!(
        c.usable(&body),
        Some(json!({"backupTenantStatus": "ONLINE"}))
    );
    // The status names which param is required.
    let c = check_restore(&json!({"backupTenantStatus": "OFFLINE"}));
    assert_eq!(fields_of(&c), vec!["restoreOfflineTenantRequiredParam"]);
    let c = check_restore(&json!({}));
    assert_eq!(fields_of(&c), vec!["backupTenantStatus"]);
}

#[test]
fn wrong_types_are_com10001_with_the_value_sent() {
    let body = json!({
        "backupMode": 5,
        "obBackupScheduleConfig": {"backupScheduleTime": "2am", "backupDataRetentionDays": "seven",
            "dayAndDataBackupModelMap": {"2": "FULL_BACKUP", "300": "FULL_BACKUP", "4": 1}},
        "obBackupThresholdConfig": {"logBackupDelaySeconds": -1, "dataBackupTimeoutMinutes": 1.5},
        "obBackupServiceStorageConfig": {"obBackupStorageBaseInfo": {"backupStorageType": null}},
        "obBackupObjectList": null
    });
    let c = check(&body, STRATEGY_PARAM);
    let got: Vec<(&str, &str, Option<&Value>)> = c
        .problems
        .iter()
        .map(|v| (v.field.as_str(), v.code, v.rejected_value.as_ref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("backupMode", codes::PARAMETER, Some(&json!(5))),
            (
                "obBackupScheduleConfig.backupScheduleTime",
                codes::SCHEDULE_TIME,
                Some(&json!("2am"))
            ),
            (
                "obBackupScheduleConfig.dayAndDataBackupModelMap.300",
                codes::PARAMETER,
                Some(&json!("300"))
            ),
            (
                "obBackupScheduleConfig.dayAndDataBackupModelMap.4",
                codes::PARAMETER,
                Some(&json!(1))
            ),
            (
                "obBackupScheduleConfig.backupDataRetentionDays",
                codes::PARAMETER,
                Some(&json!("seven"))
            ),
            (
                "obBackupThresholdConfig.dataBackupTimeoutMinutes",
                codes::PARAMETER,
                Some(&json!(1.5))
            ),
            (
                "obBackupThresholdConfig.logBackupDelaySeconds",
                codes::PARAMETER,
                Some(&json!(-1))
            ),
            (
                "obBackupServiceStorageConfig.obBackupStorageBaseInfo.backupStorageType",
                codes::INVALID,
                None
            ),
            ("obBackupObjectList", codes::PARAMETER, Some(&Value::Null)),
        ]
    );
    assert!(!c.fatal);
    // Messages in both languages name the field and the value.
    let v = &c.problems[4];
    assert!(v.en.contains("backupDataRetentionDays") && v.en.contains("\"seven\""));
    assert!(v.zh.contains("整数"));
    // Without the refused values the rest is a StrategyParam.
    let usable = c.usable(&body).unwrap();
    let p: StrategyParam = serde_json::from_value(usable).unwrap();
    assert_eq!(p.backup_mode, None);
    assert!(p.ob_backup_service_storage_config.is_some());
    assert_eq!(
        p.ob_backup_service_storage_config
            .unwrap()
            .ob_backup_storage_base_info,
        None
    );
    // Rules about a refused value are not repeated; others are kept.
    let rules = vec![
        Violation::new("backupMode", codes::INVALID, "", ""),
        Violation::new(
            "obBackupScheduleConfig.dayAndDataBackupModelMap",
            codes::INVALID,
            "",
            "",
        ),
        Violation::new(
            "obBackupScheduleConfig.startLogBackup",
            codes::INVALID,
            "",
            "",
        ),
    ];
    let all = c.with_rules(rules);
    assert_eq!(all.len(), c.problems.len() + 1);
    assert_eq!(
        all.last().unwrap().field,
        "obBackupScheduleConfig.startLogBackup"
    );
}

#[test]
fn the_documents_bodies_have_no_problems() {
    for (text, fields) in [
        (STRATEGY, STRATEGY_PARAM),
        (BACKUP_NOW, BACKUP_NOW_PARAM),
        (ONLINE, RESTORE_PARAM),
        (OFFLINE, RESTORE_PARAM),
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        let c = check(&v, fields);
        assert!(c.is_ok(), "{:?}", c.problems);
    }
    // backupNow as the seed document prints it: two fields.
    let c = check(
        &json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP"}),
        BACKUP_NOW_PARAM,
    );
    assert!(c.is_ok());
}

/// Every leaf and node of `v`, as JSON pointers.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointers(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The shape check agrees with serde: a body it passes deserializes, a body serde refuses
/// has a problem, and what is usable after the problems are cut deserializes.
fn agrees_with_serde<T: DeserializeOwned + std::fmt::Debug>(
    text: &str,
    check: impl Fn(&Value) -> Checked,
) -> usize {
    let body: Value = serde_json::from_str(text).unwrap();
    let mut paths = Vec::new();
    pointers(&body, String::new(), &mut paths);
    let odd = [
        Value::Null,
        json!(-1),
        json!(0),
        json!(1.5),
        json!(1e300),
        json!(4_294_967_296u64),
        json!(""),
        json!("x"),
        json!("02:00:00.000+08:00"),
        json!("2021-09-20T10:00:00.000+08:00"),
        json!([]),
        json!([1]),
        json!({}),
        json!({"1": 2}),
        json!(true),
    ];
    let mut n = 0;
    for p in paths.iter().filter(|p| !p.is_empty()) {
        for x in &odd {
            for remove in [false, true] {
                let mut b = body.clone();
                if remove {
                    let (parent, key) = p.rsplit_once('/').unwrap();
                    match b.pointer_mut(parent).unwrap() {
                        Value::Object(m) => {
                            m.remove(key);
                        }
                        _ => continue,
                    }
                } else {
                    *b.pointer_mut(p).unwrap() = x.clone();
                }
                n += 1;
                let c = check(&b);
                let typed = serde_json::from_value::<T>(b.clone());
                if c.is_ok() {
                    assert!(
                        typed.is_ok(),
                        "{p} = {x}: passed the shape, serde says {typed:?}"
                    );
                }
                if typed.is_err() {
                    assert!(!c.is_ok(), "{p} = {x}: serde refuses, the shape passed");
                }
                if let Some(u) = c.usable(&b) {
                    let again = serde_json::from_value::<T>(u.clone());
                    assert!(
                        again.is_ok(),
                        "{p} = {x}: usable {u} does not deserialize: {again:?}"
                    );
                }
            }
        }
    }
    n
}

#[test]
fn the_shape_check_agrees_with_serde_for_every_request_type() {
    let n = agrees_with_serde::<StrategyParam>(STRATEGY, |b| check(b, STRATEGY_PARAM))
        + agrees_with_serde::<BackupNowParam>(BACKUP_NOW, |b| check(b, BACKUP_NOW_PARAM))
        + agrees_with_serde::<RestoreParam>(ONLINE, check_restore)
        + agrees_with_serde::<RestoreParam>(OFFLINE, check_restore);
    assert!(n > 1000, "{n}");
}

#[test]
fn paths_read_back() {
    let v = json!({"a": {"b": [{"c": 1}, {"c": 2}]}, "d.e": 3});
    assert_eq!(value_at(&v, "a.b[1].c"), Some(&json!(2)));
    assert_eq!(value_at(&v, "a.b[5].c"), None);
    assert_eq!(value_at(&v, "a.b[x]"), None);
    assert_eq!(value_at(&v, ""), Some(&v));
    let mut w = v.clone();
    remove(&mut w, "a.b[0]");
    assert_eq!(w["a"]["b"][0], Value::Null);
    remove(&mut w, "a.b");
    assert_eq!(w["a"], json!({}));
    remove(&mut w, "nope.nothing");
    assert!(within("a.b[0].c", "a.b"));
    assert!(within("a.b", "a.b"));
    assert!(!within("a.bc", "a.b"));
}
