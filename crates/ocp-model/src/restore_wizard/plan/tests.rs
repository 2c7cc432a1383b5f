use super::*;
use crate::restore_wizard::tests::zone as plan;
use crate::time::RecoverableTime;
use crate::timeline::Window;
use crate::StorageType;

fn us(s: &str) -> i64 {
    RecoverableTime::parse(s).unwrap().timestamp_micros()
}

fn cluster(status: &str, version: &str, zones: &[&str]) -> Cluster {
    serde_json::from_value(serde_json::json!({
        "id": 2, "name": "target", "obVersion": version, "status": status, "type": "PRIMARY",
        "zones": zones.iter().map(|z| serde_json::json!({"name": z})).collect::<Vec<_>>(),
    }))
    .unwrap()
}

fn specs() -> Vec<UnitSpec> {
    serde_json::from_value(serde_json::json!([
        {"id": 1, "name": "S1", "minCpuCoreCount": 1.5, "maxCpuCoreCount": 1.5, "minMemorySize": 6, "maxMemorySize": 6},
        {"id": 2, "name": "S2", "minCpuCoreCount": 4, "maxCpuCoreCount": 4, "minMemorySize": 16, "maxMemorySize": 16}
    ]))
    .unwrap()
}

#[test]
fn a_target_must_run_be_primary_and_not_older_than_the_source() {
    let ok = cluster("RUNNING", "3.2.4", &["z1"]);
    assert_eq!(target_problem(&ok, Some("3.2.4")), None);
    assert_eq!(target_problem(&ok, Some("2.2.77")), None);
    // 4.x cannot read a backup of 3.x or earlier.
    let v4 = cluster("RUNNING", "4.2.1.0", &["z1"]);
    assert_eq!(
        target_problem(&v4, Some("3.2.4")),
        Some(TargetProblem::AcrossMajorFour {
            target: "4.2.1.0".into(),
            source: "3.2.4".into()
        })
    );
    assert_eq!(target_problem(&v4, Some("4.0.0.0")), None);
    assert_eq!(
        target_problem(&ok, Some("4.2.1.0")),
        Some(TargetProblem::LowerVersion {
            target: "3.2.4".into(),
            source: "4.2.1.0".into()
        })
    );
    assert_eq!(
        target_problem(&cluster("STOPPED", "4.2", &[]), Some("3.2")),
        Some(TargetProblem::NotRunning(Some("STOPPED".into())))
    );
    assert_eq!(
        target_problem(&cluster("RUNNING", "", &[]), Some("3.2")),
        Some(TargetProblem::UnknownVersion)
    );
    let mut standby = ok.clone();
    standby.cluster_type = Some(ClusterType::Standby);
    assert_eq!(
        target_problem(&standby, Some("3.2")),
        Some(TargetProblem::Standby)
    );
    // An OFFLINE source: the version is OCP's to check.
    assert_eq!(target_problem(&ok, None), None);
}

#[test]
fn a_point_is_checked_to_the_microsecond_against_inclusive_windows() {
    let windows = RecoverableWindows::new([Window {
        start_us: us("2026-11-28T02:00:10.986847+08:00"),
        end_us: us("2026-11-29T09:00:00.000001+08:00"),
    }]);
    let now = us("2026-11-29T12:00:00+08:00");
    let check = |s: &str| check_point(Some(us(s)), Some(&windows), now);
    assert_eq!(
        check("2026-11-28T02:00:10.986847+08:00"),
        PointVerdict::Inside
    );
    assert_eq!(
        check("2026-11-29T09:00:00.000001+08:00"),
        PointVerdict::Inside
    );
    // The same instant typed in another offset.
    assert_eq!(check("2026-11-29T01:00:00.000001Z"), PointVerdict::Inside);
    assert_eq!(
        check("2026-11-28T02:00:10.986846+08:00"),
        PointVerdict::Outside {
            before_us: None,
            after_us: Some(us("2026-11-28T02:00:10.986847+08:00"))
        }
    );
    assert_eq!(
        check("2026-11-29T09:00:00.000002+08:00"),
        PointVerdict::Outside {
            before_us: Some(us("2026-11-29T09:00:00.000001+08:00")),
            after_us: None
        }
    );
    assert_eq!(
        check_point(Some(now + 1), Some(&windows), now),
        PointVerdict::Future
    );
    assert_eq!(
        check_point(None, Some(&windows), now),
        PointVerdict::Missing
    );
    assert_eq!(
        check_point(Some(now), Some(&RecoverableWindows::default()), now),
        PointVerdict::NoWindow
    );
    assert_eq!(
        check_point(Some(now), None, now),
        PointVerdict::CheckedByOcp
    );
    assert!(PointVerdict::CheckedByOcp.passes());
}

#[test]
fn zones_must_be_complete_known_and_led_by_full_replicas() {
    let target = cluster("RUNNING", "3.2.4", &["z1", "z2", "z3"]);
    let specs = specs();
    let zones = vec![
        plan("z1", ReplicaType::Full, "S1", 1),
        plan("z2", ReplicaType::Full, "S2", 2),
        plan("z3", ReplicaType::ReadOnly, "S1", 1),
    ];
    assert_eq!(check_zones(&zones, Some("z1;z2"), &target, &specs), Ok(()));
    // OB 3.x allows different unit counts; OB 4.x does not.
    let v4 = cluster("RUNNING", "4.2.1.0", &["z1", "z2", "z3"]);
    assert_eq!(
        check_zones(&zones, None, &v4, &specs),
        Err(ZonesProblem::UnequalUnits)
    );
    assert_eq!(
        check_zones(&zones, Some("z3;z1"), &target, &specs),
        Err(ZonesProblem::PrimaryNotFull("z3".into()))
    );
    assert_eq!(
        check_zones(&zones, Some("z1;z9"), &target, &specs),
        Err(ZonesProblem::PrimaryUnknownZone("z9".into()))
    );
    assert_eq!(
        check_zones(
            &[plan("z4", ReplicaType::Full, "S1", 1)],
            None,
            &target,
            &specs
        ),
        Err(ZonesProblem::UnknownZone("z4".into()))
    );
    assert_eq!(
        check_zones(
            &[plan("z1", ReplicaType::Full, "S9", 1)],
            None,
            &target,
            &specs
        ),
        Err(ZonesProblem::UnknownSpec("z1".into(), "S9".into()))
    );
    assert_eq!(
        check_zones(
            &[plan("z1", ReplicaType::LogOnly, "S1", 1)],
            None,
            &target,
            &specs
        ),
        Err(ZonesProblem::NoFullReplica)
    );
    let mut half = plan("z1", ReplicaType::Full, "S1", 1);
    half.units = None;
    assert_eq!(
        check_zones(&[half], None, &target, &specs),
        Err(ZonesProblem::Incomplete("z1".into()))
    );
    assert_eq!(
        check_zones(&[], None, &target, &specs),
        Err(ZonesProblem::NoZone)
    );
    assert!(same_units_everywhere(Some("4.0")));
    assert!(!same_units_everywhere(Some("3.2.4")));
    assert!(!same_units_everywhere(None));
}

#[test]
fn the_primary_zone_order_moves_by_keyboard_steps_and_prints_as_ocp_writes_it() {
    let o = PrimaryOrder::parse("z1;z2,z3");
    assert_eq!(o.levels(), vec![vec!["z1"], vec!["z2", "z3"]]);
    assert_eq!(o.to_wire(), "z1;z2,z3");
    assert_eq!(o.move_up("z2").to_wire(), "z2;z1,z3");
    assert_eq!(o.move_down("z1").to_wire(), "z2;z1,z3");
    assert_eq!(o.move_up("z1"), o, "the first stays first");
    assert_eq!(o.move_down("z3"), o, "the last stays last");
    assert_eq!(o.set_tied("z3", false).to_wire(), "z1;z2;z3");
    assert_eq!(o.set_tied("z2", true).to_wire(), "z1,z2,z3");
    assert_eq!(o.move_to("z3", 0).to_wire(), "z3;z1;z2");
    // Zones the tenant stops using leave; new ones join at the end.
    assert_eq!(
        o.synced(&["z3".into(), "z1".into(), "z4".into()]).to_wire(),
        "z1;z3;z4"
    );
    assert_eq!(PrimaryOrder::parse(" ; ,z1,,").to_wire(), "z1");
}

#[test]
fn the_request_carries_the_point_to_the_microsecond_with_its_offset() {
    let q = RestoreQuery {
        tenant: Some(11),
        at: RecoverableTime::parse("2026-11-29T10:00:00.123456+05:30").ok(),
        target: Some(2),
        name: Some("t_restored".into()),
        zones: vec![plan("z1", ReplicaType::Full, "S1", 2)],
        primary: Some("z1".into()),
        ..Default::default()
    };
    let body = serde_json::to_value(restore_request(&q, 1, None).unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "backupTenantStatus": "ONLINE",
            "restoreOnlineTenantRequiredParam": {
                "backupClusterId": 1, "backupTenantId": 11, "restoreClusterId": 2,
                "restoreEndTime": "2026-11-29T10:00:00.123456+05:30",
                "restoreTenantInfoParam": {
                    "name": "t_restored", "primaryZone": "z1",
                    "zones": [{"name": "z1", "replicaType": "FULL",
                               "resourcePool": {"unitSpecName": "S1", "unitCount": 2}}]
                }
            }
        })
    );
    let mut missing = q.clone();
    missing.zones[0].spec = None;
    assert_eq!(restore_request(&missing, 1, None), None);
}

#[test]
fn an_offline_request_carries_the_keys_of_its_storage_type_only() {
    let q = RestoreQuery {
        offline: Some(crate::restore_wizard::OfflineSource {
            cluster_name: " old ".into(),
            tenant_name: "trade".into(),
            storage: StorageType::Oss,
            path: "bucket/dir".into(),
        }),
        at: RecoverableTime::parse("2026-11-29T10:00:00Z").ok(),
        target: Some(2),
        name: Some("t".into()),
        zones: vec![plan("z1", ReplicaType::Full, "S1", 1)],
        ..Default::default()
    };
    let key = AccessKey {
        access_key_id: Some("id".into()),
        access_key_secret: Some("secret".into()),
        ..Default::default()
    };
    let p = restore_request(&q, 0, Some(key.clone())).unwrap();
    let off = p.restore_offline_tenant_required_param.unwrap();
    assert_eq!(off.backup_cluster_name, "old");
    assert_eq!(off.ob_backup_storage_base_info.oss_access_key, Some(key));
    assert_eq!(off.ob_backup_storage_base_info.s3_access_key, None);
    assert_eq!(off.ob_backup_storage_base_info.uri(), "oss://bucket/dir");
}

#[test]
fn a_restored_point_is_compared_at_the_rows_precision() {
    let asked = us("2026-11-29T10:00:00.123456+08:00");
    assert_eq!(
        compare_restored_point(asked, Some(us("2026-11-29T10:00:00.123+08:00"))),
        RestoredPoint::Same
    );
    assert_eq!(
        compare_restored_point(asked, Some(us("2026-11-29T02:00:00.123Z"))),
        RestoredPoint::Same,
        "another offset, the same instant"
    );
    assert_eq!(
        compare_restored_point(asked, Some(us("2026-11-29T10:00:00.124+08:00"))),
        RestoredPoint::Differs {
            asked_us: asked,
            reported_us: us("2026-11-29T10:00:00.124+08:00")
        }
    );
    // A row that prints microseconds is compared to the microsecond.
    assert!(matches!(
        compare_restored_point(asked, Some(asked + 1)),
        RestoredPoint::Differs { .. }
    ));
    assert_eq!(compare_restored_point(asked, None), RestoredPoint::Unknown);
}
