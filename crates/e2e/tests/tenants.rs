//! Tenant-level backup on an OB 4.x cluster (issue 13, ocp-api.md 2b): a DBA sees whose
//! strategy protects each tenant, gives one tenant its own strategy pre-filled from the
//! cluster's, backs it up now, sees its window on the tenant's timeline, and restores it to a
//! point from that window.

mod flows;

use e2e::{contents, data, Harness, LOAD, UI};
use flows::{select, step_is};
use serde_json::Value;
use std::time::{Duration, Instant};

const BJ: i64 = 1000003; // ob-prod-bj, OB 4.2.1.0, cluster strategy WEEK on OSS
const TEST_SH: i64 = 1000006; // ob-test-sh, OB 4.2.2.0: a restore target
const TRADE: i64 = 1000301; // no strategy of its own
const REPORTS: i64 = 1000304; // its own strategy

async fn look(h: &mut Harness, name: &str) {
    let _ = h.screenshot(Some(name)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_gets_its_own_strategy_a_backup_a_window_and_a_restore() {
    let Some(mut h) = Harness::start_with(
        "a_tenant_gets_its_own_strategy_a_backup_a_window_and_a_restore",
        None,
        &["--time-scale", "600"],
    )
    .await
    else {
        return;
    };
    // The cluster overview lists its tenants and whose strategy governs each.
    h.open_signed_in(&format!("/clusters/{BJ}")).await;
    h.wait_for(
        "[data-testid=tenant-row][data-tenant=reports][data-governing=own]",
        LOAD,
    )
    .await;
    h.wait_for(
        "[data-testid=tenant-row][data-tenant=trade][data-governing=cluster]",
        LOAD,
    )
    .await;
    h.js("document.querySelector('[data-testid=tenants]').scrollIntoView()")
        .await;
    look(&mut h, "cluster-tenants").await;

    // trade's page: the cluster's strategy governs it; it can have its own.
    h.click("[data-testid=tenant-row][data-tenant=trade] [data-testid=tenant-link]")
        .await;
    h.wait_for_text("[data-testid=tenant-title]", "trade", LOAD)
        .await;
    h.wait_for("[data-testid=governing][data-governing=cluster]", LOAD)
        .await;
    look(&mut h, "trade-before").await;
    h.click("[data-testid=action-create]").await;

    // The editor, filled from the cluster's strategy.
    h.wait_for("[data-testid=prefilled-from-cluster]", LOAD)
        .await;
    let cluster = data(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{BJ}/backup/config/backupStrategy"
        ))
        .await,
    )
    .clone();
    let cluster_time = cluster["obBackupScheduleConfig"]["backupScheduleTime"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let shown = h
        .wait_for("#schedule-time", UI)
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(
        cluster_time.starts_with(&shown) && !shown.is_empty(),
        "schedule time {shown:?} from the cluster's {cluster_time:?}"
    );
    look(&mut h, "tenant-strategy-new").await;
    // The cluster's object-store secret is never read back: it is asked for, not invented.
    h.click("[data-testid=save-strategy]").await;
    h.wait_for("#access-key-secret-error", UI).await;
    h.fill("#access-key-secret", "s3cr3t").await;
    h.click("[data-testid=save-strategy]").await;
    // Saved: the tenant has its own strategy, for the tenant, with the cluster's values.
    let path = format!("/api/v2/ob/clusters/{BJ}/tenants/{TRADE}/backup/config/backupStrategy");
    let deadline = Instant::now() + LOAD;
    let own = loop {
        let (_, answer) = h.api_send("GET", &path, None).await;
        if data(&answer)["id"].is_number() {
            break data(&answer).clone();
        }
        if Instant::now() > deadline {
            let text = h.body_text().await;
            return h
                .fail(format!("no tenant strategy: {answer} / {text}"))
                .await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(own["backupDimension"], "TENANT");
    assert_eq!(own["tenantId"], TRADE);
    assert_eq!(
        own["obBackupScheduleConfig"]["dayAndDataBackupModelMap"],
        cluster["obBackupScheduleConfig"]["dayAndDataBackupModelMap"]
    );

    // Back on its page: its own strategy governs it now. Back it up now.
    h.click("[data-testid=tenant-crumb]").await;
    h.wait_for("[data-testid=governing][data-governing=own]", LOAD)
        .await;
    h.wait_for("[data-testid=backup-now-open]:not([disabled])", LOAD)
        .await;
    h.click("[data-testid=backup-now-open]").await;
    h.wait_for("[data-testid=backup-now-next]:not([disabled])", LOAD)
        .await;
    h.click("[data-testid=backup-now-next]").await;
    let title = h
        .wait_for("[data-testid=backup-now-confirm-title]", UI)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(title.contains("ob-prod-bj / trade"), "{title}");
    h.click("[data-testid=backup-now-confirm]").await;
    let follow = h
        .wait_for("[data-testid=backup-now] [data-testid=task-follow]", LOAD)
        .await;
    let task_id = follow
        .attr("data-task-id")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let row = format!("[data-testid=recent-task-row][data-task-id=\"{task_id}\"]");
    h.wait_for(
        &format!("{row} [data-status=\"DONE\"]"),
        Duration::from_secs(90),
    )
    .await;
    // The tenant's first backup is a tenant backup, and only the tenant lists it.
    let rows = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{BJ}/tenants/{TRADE}/backup/task/dataBackupTasks?page=1&size=10"
        ))
        .await,
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["backupDimension"], "TENANT");
    assert_eq!(rows[0]["status"], "DONE");
    // Its last backup shows in the cluster's offset (+08:00), not the UTC it was sent in.
    let last = h
        .wait_for("[data-testid=last-backup]", UI)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(last.contains("+08:00"), "{last}");
    look(&mut h, "trade-backed-up").await;

    // Its window appears on the tenant's timeline (the page re-reads every 30 s while the
    // emulated clock runs 600 times as fast).
    h.click("[data-testid=tenant-windows]").await;
    h.wait_for("[data-testid=chosen]", LOAD).await;
    h.wait_for("[data-testid=window]", Duration::from_secs(150))
        .await;
    look(&mut h, "trade-window").await;
    // A point inside it, then the restore wizard, started from the tenant's windows.
    h.click("[data-testid=pick-latest]").await;
    h.click("[data-testid=restore-here]").await;
    step_is(&mut h, "source").await;
    let url = h.client().current_url().await.map(|u| u.to_string());
    let url = url.unwrap_or_default();
    assert!(
        url.contains(&format!("tenant={TRADE}")) && url.contains("from=tenant"),
        "{url}"
    );
    h.wait_for("[data-testid=point-verdict][data-verdict=Inside]", LOAD)
        .await;
    look(&mut h, "restore-source").await;
    h.click("[data-testid=wizard-next]").await;
    step_is(&mut h, "target").await;
    h.click(&format!(
        "[data-testid=target-cluster][data-cluster=\"{TEST_SH}\"] input"
    ))
    .await;
    // (The seed already restored trade once, as trade_restored.)
    h.fill("[data-testid=tenant-name]", "trade_pitr").await;
    h.wait_for("[data-testid=name-ok]", LOAD).await;
    h.click("[data-testid=wizard-next]").await;
    step_is(&mut h, "zones").await;
    select(
        &mut h,
        "[data-testid=zone-row][data-zone=zone1] [data-testid=zone-spec]",
        "S1",
    )
    .await;
    h.click("[data-testid=wizard-next]").await;
    step_is(&mut h, "review").await;
    h.wait_for("[data-testid=preflight]", LOAD).await;
    let body = h
        .js("return document.querySelector('[data-testid=request-body]').textContent")
        .await;
    let body: Value = serde_json::from_str(body.as_str().unwrap_or("")).unwrap_or(Value::Null);
    let p = &body["restoreOnlineTenantRequiredParam"];
    assert_eq!(p["backupClusterId"], BJ);
    assert_eq!(p["backupTenantId"], TRADE);
    assert_eq!(p["restoreClusterId"], TEST_SH);
    look(&mut h, "restore-review").await;
    h.click("[data-testid=restore-submit]").await;
    h.wait_for(
        "[data-testid=restore-row][data-finished=true][data-successful=true]",
        Duration::from_secs(90),
    )
    .await;
    look(&mut h, "restore-done").await;
    // The tenant's own restore list names it as the source.
    let restores = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{BJ}/tenants/{TRADE}/backup/task/restoreTasks?page=1&size=10"
        ))
        .await,
    );
    assert!(
        restores
            .iter()
            .any(|r| r["restoreTenantName"] == "trade_pitr"),
        "{restores:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_with_its_own_strategy_shows_it_and_its_lists_take_both_vocabularies() {
    let Some(mut h) = Harness::start(
        "a_tenant_with_its_own_strategy_shows_it_and_its_lists_take_both_vocabularies",
    )
    .await
    else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{BJ}/tenants/{REPORTS}"))
        .await;
    h.wait_for("[data-testid=governing][data-governing=own]", LOAD)
        .await;
    h.wait_for("[data-testid=action-pause]", LOAD).await;
    look(&mut h, "reports").await;
    // Pause: the tenant's schedule, not the cluster's.
    h.click("[data-testid=action-pause]").await;
    h.wait_for("[data-testid=action-resume]", LOAD).await;
    let own = h
        .api_get(&format!(
            "/api/v2/ob/clusters/{BJ}/tenants/{REPORTS}/backup/config/backupStrategy"
        ))
        .await;
    assert_eq!(
        data(&own)["obBackupScheduleConfig"]["backupScheduleEnabled"],
        false
    );
    let cluster = h
        .api_get(&format!("/api/v2/ob/clusters/{BJ}/backup/overview"))
        .await;
    assert_ne!(data(&cluster)["backupScheduleStatus"], "PAUSED");
    h.click("[data-testid=action-resume]").await;
    h.wait_for("[data-testid=action-pause]", LOAD).await;

    // The log list: rows say RUNNING; the filter's INPROGRESS finds them.
    h.goto(&format!(
        "/clusters/{BJ}/tenants/{REPORTS}/tasks?kind=log&status=INPROGRESS"
    ))
    .await;
    h.wait_for("[data-testid=task-filters]", LOAD).await;
    let rows = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{BJ}/tenants/{REPORTS}/backup/task/logBackupTasks?page=1&size=10"
        ))
        .await,
    );
    let running = rows.iter().filter(|r| r["status"] == "RUNNING").count();
    assert!(running > 0, "{rows:?}");
    h.wait_for("[data-status=RUNNING]", LOAD).await;
    look(&mut h, "reports-log-inprogress").await;
    // OB < 4 clusters: tenants cannot have their own strategy, and the overview says so.
    h.goto("/clusters/1000001").await;
    h.wait_for("[data-testid=tenants-old-ob]", LOAD).await;
    // A tenant still being created cannot be backed up.
    h.goto("/clusters/1000006/tenants/1000602").await;
    h.wait_for("[data-testid=tenant-creating]", LOAD).await;
    assert!(h.find_now("[data-testid=backup-now-open]").await.is_none());
    // In Chinese.
    h.goto(&format!("/clusters/{BJ}/tenants/{REPORTS}")).await;
    h.wait_for("[data-testid=governing-value]", LOAD).await;
    let select = h.wait_for("select[data-testid=lang-switch]", UI).await;
    if let Err(e) = select.select_by_value("zh-CN").await {
        h.fail(format!("choosing zh-CN: {e}")).await
    }
    h.wait_for_text("[data-testid=governing-value]", "租户自己的", UI)
        .await;
    look(&mut h, "reports-zh").await;
}
