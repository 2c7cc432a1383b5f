//! The restore of ocp-api.md 2.6 as an operation: OCP's checks on the source, the point and
//! the target, then a new tenant being restored and the task that follows it.

use super::*;

/// Recoverable windows of one tenant as of `now`.
pub fn tenant_windows(w: &World, tenant: &Tenant, now: i64) -> Vec<TimeInterval> {
    let Some(cid) = tenant.cluster_id else {
        return Vec::new();
    };
    let Some(c) = w.clusters.get(&cid) else {
        return Vec::new();
    };
    let at = DateTime::from_timestamp_micros(now).unwrap_or_default();
    let scope = BackupScope::Tenant {
        cluster_id: cid,
        tenant_id: tenant.id,
    };
    let own = w.has_own_strategy(tenant.id);
    let sees = |made_in| crate::tenant_views::sees(scope, own, made_in);
    let logs: Vec<_> = w
        .logs
        .values()
        .filter(|l| l.cluster_id == cid && sees(l.scope()))
        .map(|l| views::live_log(l, at, c))
        .collect();
    let data: Vec<_> = w
        .cluster_data(cid)
        .into_iter()
        .filter(|d| sees(d.scope()))
        .collect();
    views::tenant_windows(
        c,
        w.strategies.get(&scope).or_else(|| w.cluster_strategy(cid)),
        tenant,
        &data,
        &logs,
    )
}

/// POST .../restore (ONLINE or OFFLINE).
pub fn restore(
    w: &mut World,
    cfg: &EngineConfig,
    path_cluster: i64,
    p: RestoreParam,
    unit_specs: &[String],
    now: i64,
) -> Result<OpsResult, ApiError> {
    cluster(w, path_cluster)?;
    // Who and what is restored, whatever the kind.
    let (src_cluster, src_tenant, target_id, end_time, info, uri) = match &p.backup_tenant_status {
        BackupTenantStatus::Online => {
            let Some(o) = &p.restore_online_tenant_required_param else {
                reject("RestoreParam", validate_restore(&p, &dummy_facts(now)))?;
                return Err(ApiError::bad_body(
                    "restoreOnlineTenantRequiredParam",
                    "required",
                ));
            };
            let src = cluster(w, o.backup_cluster_id)?;
            let tenant = w
                .tenants
                .get(&o.backup_tenant_id)
                .filter(|t| t.cluster_id == Some(src.id()))
                .cloned()
                .ok_or_else(|| ApiError::not_found("tenant", o.backup_tenant_id))?;
            let uri = w.cluster_strategy(src.id()).and_then(|s| {
                s.strategy
                    .ob_backup_service_storage_config
                    .ob_backup_storage_base_info
                    .as_ref()
                    .map(|b| b.uri())
            });
            (
                Some(src),
                Some(tenant),
                o.restore_cluster_id,
                o.restore_end_time,
                o.restore_tenant_info_param.clone(),
                uri,
            )
        }
        BackupTenantStatus::Offline => {
            let Some(o) = &p.restore_offline_tenant_required_param else {
                reject("RestoreParam", validate_restore(&p, &dummy_facts(now)))?;
                return Err(ApiError::bad_body(
                    "restoreOfflineTenantRequiredParam",
                    "required",
                ));
            };
            let src = w
                .clusters
                .values()
                .find(|c| c.cluster.name == o.backup_cluster_name)
                .cloned();
            let tenant = src.as_ref().and_then(|s| {
                w.tenants
                    .values()
                    .find(|t| t.cluster_id == Some(s.id()) && t.name == o.backup_tenant_name)
                    .cloned()
            });
            (
                src,
                tenant,
                o.restore_cluster_id,
                o.restore_end_time,
                o.restore_tenant_info_param.clone(),
                Some(o.ob_backup_storage_base_info.uri()),
            )
        }
        BackupTenantStatus::Other(_) => {
            reject("RestoreParam", validate_restore(&p, &dummy_facts(now)))?;
            return Err(ApiError::bad_body(
                "backupTenantStatus",
                "use ONLINE or OFFLINE",
            ));
        }
    };
    let target = cluster(w, target_id)?;
    let windows = src_tenant.as_ref().map(|t| tenant_windows(w, t, now));
    let target_version = target.cluster.ob_version.clone().unwrap_or_default();
    let restoring: Vec<String> = w
        .restores
        .values()
        .filter(|r| !r.task.finished && r.task.restore_cluster_id == Some(target.id()))
        .filter_map(|r| r.task.restore_tenant_name.clone())
        .collect();
    let tenant_names: Vec<String> = w
        .tenants
        .values()
        .filter(|t| t.cluster_id == Some(target.id()))
        .map(|t| t.name.clone())
        .collect();
    let facts = RestoreFacts {
        source_version: src_cluster
            .as_ref()
            .and_then(|c| c.cluster.ob_version.as_deref()),
        windows: windows.as_deref(),
        target: RestoreTarget {
            status: target.cluster.status.as_ref(),
            cluster_type: target.cluster.cluster_type.as_ref(),
            ob_version: &target_version,
            zones: target
                .cluster
                .zones
                .iter()
                .map(|z| z.name.as_str())
                .collect(),
            tenant_names: tenant_names.iter().map(String::as_str).collect(),
            restoring_names: restoring.iter().map(String::as_str).collect(),
        },
        unit_specs: unit_specs.iter().map(String::as_str).collect(),
        now: DateTime::from_timestamp_micros(now).unwrap_or_default(),
    };
    reject("RestoreParam", validate_restore(&p, &facts))?;

    // The plan: steps by the target's version, durations by the tenant's size.
    let restore_id = w.next_id(|i| &mut i.restore);
    let seed = w.state.seed;
    let tenant_gb = src_cluster
        .as_ref()
        .map(|c| {
            let n = w
                .tenants
                .values()
                .filter(|t| t.cluster_id == Some(c.id()))
                .count();
            c.data_size_gb / n.max(1) as f64
        })
        .unwrap_or(50.0);
    let total = tenant_gb * 1.2 + engine::between(seed, &[restore_id, now, 1], 300.0, 600.0);
    let plan = engine::restore_steps(&target_version);
    let forced = cfg.forced_restore_failures.get(&restore_id).cloned();
    // `--failure-rate` fails restores too, drawn from the seed and the restore: on a step
    // after the tenant was created (so it stays behind, RESTORING), with raw OceanBase text.
    let drawn = (forced.is_none()
        && engine::chance(seed, &[restore_id, now, 2]) < cfg.failure_rate)
        .then(|| {
            let errors = &engine::RESTORE_ERRORS;
            let i = (engine::chance(seed, &[restore_id, now, 3]) * errors.len() as f64) as usize;
            let step = 2
                + (engine::chance(seed, &[restore_id, now, 4]) * (plan.len() - 2) as f64) as usize;
            (
                errors[i.min(errors.len() - 1)].to_owned(),
                step.min(plan.len() - 1),
            )
        });
    let failed_tenant_stays = drawn.is_some();
    let (fail, fail_at) = match (forced, drawn) {
        (Some(e), _) => (Some(e), Some(3usize.min(plan.len() - 1))),
        (None, Some((e, at))) => (Some(e), Some(at)),
        (None, None) => (None, None),
    };
    let steps: Vec<Step<'_>> = plan
        .iter()
        .enumerate()
        .map(|(i, (_, name, share))| {
            let mut d = total * share;
            if fail_at == Some(i) {
                d *= 0.6;
            }
            (*name, (d * 1000.0).round() / 1000.0)
        })
        .collect();
    let src_name = src_cluster
        .as_ref()
        .map(|c| c.cluster.name.clone())
        .or_else(|| {
            p.restore_offline_tenant_required_param
                .as_ref()
                .map(|o| o.backup_cluster_name.clone())
        })
        .unwrap_or_default();
    let src_tenant_name = src_tenant
        .as_ref()
        .map(|t| t.name.clone())
        .or_else(|| {
            p.restore_offline_tenant_required_param
                .as_ref()
                .map(|o| o.backup_tenant_name.clone())
        })
        .unwrap_or_default();
    let job = engine::new_task(
        w,
        format!(
            "Restore tenant {} from {src_name}:{src_tenant_name}",
            info.name
        ),
        target.id(),
        now,
        &steps,
        fail_at,
    );
    if let Some(t) = w.tasks.get_mut(&job) {
        // The failing step's log says what the restore's row will.
        t.error = fail.clone();
    }
    let task_plan = w
        .tasks
        .get(&job)
        .map(|t| t.plan.clone())
        .unwrap_or_default();
    let last = fail_at.unwrap_or(plan.len() - 1);
    let restore_steps: Vec<(RestoreStatus, i64)> = plan
        .iter()
        .zip(&task_plan)
        .take(last + 1)
        .map(|((status, _, _), (start, _))| (status.clone(), *start))
        .collect();
    let end_us = task_plan.get(last).map_or(now, |(_, e)| *e);
    let offset = src_cluster
        .as_ref()
        .map(|c| c.offset())
        .unwrap_or_else(|| target.offset());
    let four = validate::version_at_least(&target_version, "4.0");
    let zones: Vec<String> = info.zones.iter().map(|z| z.name.clone()).collect();
    let pools = info
        .zones
        .iter()
        .map(|z| {
            format!(
                "pool_{}_{}_{}",
                info.name, z.name, z.resource_pool.unit_spec_name
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    let ob_tenant_id = w
        .tenants
        .values()
        .filter(|t| t.cluster_id == Some(target.id()))
        .filter_map(|t| t.ob_tenant_id)
        .max()
        .map_or(1002, |m| m + 2);
    let new_tenant = Tenant {
        id: w.next_tenant_id(),
        name: info.name.clone(),
        cluster_id: Some(target.id()),
        ob_tenant_id: Some(ob_tenant_id),
        mode: src_tenant
            .as_ref()
            .and_then(|t| t.mode.clone())
            .or(Some(ocp_model::TenantMode::Mysql)),
        status: Some(TenantStatus::Normal),
        primary_zone: Some(info.primary_zone.clone().unwrap_or_else(|| zones.join(";"))),
        zone_list: info
            .zones
            .iter()
            .map(|z| {
                if four {
                    TenantZone::Detail {
                        name: z.name.clone(),
                        replica_type: Some(z.replica_type.as_str().to_owned()),
                    }
                } else {
                    TenantZone::Name(z.name.clone())
                }
            })
            .collect(),
        ob_version: target.cluster.ob_version.clone(),
        create_time: None,
    };
    let task = RestoreTask {
        id: restore_id,
        ocp_job_id: Some(job),
        backup_mode: Some(
            src_cluster
                .as_ref()
                .map(|c| views::backup_mode(c, w.cluster_strategy(c.id())))
                .or_else(|| {
                    p.restore_offline_tenant_required_param
                        .as_ref()
                        .map(|o| o.backup_mode.clone())
                })
                .unwrap_or(ocp_model::BackupMode::Physical),
        ),
        create_time: Some(at_us(now, offset)),
        finish_time: None,
        backup_cluster_id: src_cluster.as_ref().map(|c| c.id()),
        backup_cluster_name: Some(src_name),
        backup_tenant_id: src_tenant.as_ref().map(|t| t.id),
        backup_tenant_name: Some(src_tenant_name),
        backup_ob_cluster_id: src_cluster.as_ref().and_then(|c| c.cluster.ob_cluster_id),
        backup_ob_tenant_id: src_tenant.as_ref().and_then(|t| t.ob_tenant_id),
        restore_cluster_id: Some(target.id()),
        restore_cluster_name: Some(target.cluster.name.clone()),
        restore_ob_cluster_id: target.cluster.ob_cluster_id,
        restore_tenant_name: Some(info.name.clone()),
        restore_pool_list_str: Some(pools),
        restore_uri: uri,
        restore_end_time: Some(end_time.restyle()),
        error_msg: None,
        status: RestoreStatus::Pre,
        status_desc: Some(format!("Restoring: {}", RestoreStatus::Pre)),
        finished: false,
        successful: false,
        trigger_type: None,
        restore_object_type: None,
        progress: None,
    };
    w.put_restore(RestoreRecord {
        task,
        steps: restore_steps,
        end_us,
        error: fail,
        new_tenant: Some(new_tenant),
        failed_tenant_stays,
    });
    Ok(ops_result(
        OpsTaskType::Restore,
        BackupScope::Cluster {
            cluster_id: target.id(),
        },
        vec![job],
    ))
}

/// Facts for a request that is rejected before any fact matters.
fn dummy_facts(now: i64) -> RestoreFacts<'static> {
    RestoreFacts {
        source_version: None,
        windows: None,
        target: RestoreTarget {
            status: None,
            cluster_type: None,
            ob_version: "",
            zones: Vec::new(),
            tenant_names: Vec::new(),
            restoring_names: Vec::new(),
        },
        unit_specs: Vec::new(),
        now: DateTime::from_timestamp_micros(now).unwrap_or_default(),
    }
}
