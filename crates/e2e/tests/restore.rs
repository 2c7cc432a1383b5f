//! The restore wizard against the emulator: a DBA restores a tenant to a point, every mistake
//! is caught before anything is sent, and the restore is followed to its end.

mod flows;

use e2e::{contents, Harness, LOAD, UI};
use flows::{fill_to_review, select, step_is, windows, Pick, HZ, PAY, SH};
use serde_json::Value;
use std::time::Duration;

const STANDBY: i64 = 1000004;
const LEGACY: i64 = 1000005; // OB 2.1.1: lower than the source

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_is_restored_to_the_chosen_point_and_appears_on_the_target() {
    let Some(mut h) = Harness::start_with(
        "a_tenant_is_restored_to_the_chosen_point_and_appears_on_the_target",
        None,
        &["--time-scale", "600"],
    )
    .await
    else {
        return;
    };
    fill_to_review(&mut h, "pay_restored", Pick::Chart, false).await;
    // Every check passes, and the request carries the point to the microsecond.
    h.wait_for("[data-testid=preflight]", LOAD).await;
    let passes = h.find_all("[data-testid=check][data-pass=true]").await;
    assert_eq!(passes.len(), 4, "{}", h.body_text().await);
    let body = h
        .js("return document.querySelector('[data-testid=request-body]').textContent")
        .await;
    let body: Value = serde_json::from_str(body.as_str().unwrap_or("")).unwrap_or(Value::Null);
    let p = &body["restoreOnlineTenantRequiredParam"];
    assert_eq!(p["backupClusterId"], HZ);
    assert_eq!(p["backupTenantId"], PAY);
    assert_eq!(p["restoreClusterId"], SH);
    let asked = p["restoreEndTime"].as_str().unwrap_or("").to_owned();
    // Picked inside the last window; the archive runs on, so the window now reaches beyond
    // it. Same offset, same format: the texts order as the instants.
    let (start, end) = windows(&h).await.last().cloned().unwrap_or_default();
    assert!(
        start <= asked && asked <= end,
        "{asked} inside the last window {start} .. {end}"
    );
    let fraction = asked.split('.').nth(1).unwrap_or("");
    assert_eq!(
        fraction.len(),
        "123456+08:00".len(),
        "µs and offset: {asked}"
    );
    assert_eq!(
        p["restoreTenantInfoParam"]["zones"][2]["resourcePool"]["unitSpecName"],
        "S1"
    );
    let _ = h.screenshot(Some("review")).await;

    h.click("[data-testid=restore-submit]").await;
    h.wait_for("[data-testid=restore-follow]", LOAD).await;
    h.wait_for(
        "[data-testid=restore-row][data-finished=true][data-successful=true]",
        Duration::from_secs(90),
    )
    .await;
    h.wait_for("[data-testid=restored-point][data-match=same]", UI)
        .await;
    h.wait_for("[data-testid=new-tenant]", LOAD).await;
    let _ = h.screenshot(Some("done")).await;

    // The API agrees: one restore, to that point, and the tenant exists on the target.
    let rows = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{SH}/backup/task/restoreTasks?page=1&size=100"
        ))
        .await,
    );
    let ours: Vec<&Value> = rows
        .iter()
        .filter(|r| r["restoreTenantName"] == "pay_restored")
        .collect();
    assert_eq!(ours.len(), 1, "sent once");
    assert_eq!(ours[0]["status"], "RESTORE_SUCCESS");
    let tenants = contents(
        &h.api_get(&format!("/api/v2/ob/clusters/{SH}/tenants?page=1&size=100"))
            .await,
    );
    assert!(tenants.iter().any(|t| t["name"] == "pay_restored"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_are_caught_before_sending_and_a_reload_keeps_every_choice() {
    let Some(mut h) = Harness::start_with(
        "mistakes_are_caught_before_sending_and_a_reload_keeps_every_choice",
        None,
        &["--time-scale", "0"],
    )
    .await
    else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{HZ}/restore")).await;
    select(&mut h, "[data-testid=source-tenant]", &PAY.to_string()).await;

    // A point in the gap between the two windows is refused, naming the nearest points.
    let ws = windows(&h).await;
    assert!(ws.len() >= 2, "the seed has a gap: {ws:?}");
    let gap_end = ws[0].1.clone();
    // One microsecond after the first window ends.
    let (date, rest) = gap_end.split_once('T').unwrap_or_default();
    let (clock, offset) = rest.split_at(rest.len() - 6);
    let (hms, micros) = clock.split_once('.').unwrap_or((clock, "000000"));
    let next: u32 = micros.parse::<u32>().unwrap_or(0) + 1;
    h.fill("[data-testid=typed-date]", "").await;
    h.js(&format!(
        "const set = (id, v) => {{ const e = document.querySelector('[data-testid=' + id + ']'); \
         e.value = v; e.dispatchEvent(new Event('input', {{bubbles: true}})); }}; \
         set('typed-date', '{date}'); set('typed-time', '{hms}'); \
         set('typed-micros', '{next:06}'); set('typed-offset', '{offset}');"
    ))
    .await;
    // Each key sets the point: nothing to press.
    h.wait_for("[data-testid=point-verdict][data-verdict^=Outside]", UI)
        .await;
    let nearest = h.texts("[data-testid=use-nearest]").await;
    assert_eq!(nearest.len(), 2, "{nearest:?}");
    assert!(
        nearest[0].contains(&format!("{date} {hms}.{micros}")),
        "the end of the window before, to the µs: {nearest:?}"
    );
    let next_button = h.wait_for("[data-testid=wizard-next]", UI).await;
    assert!(
        next_button.attr("disabled").await.ok().flatten().is_some(),
        "Next is disabled while the point is refused"
    );
    // The window's own last microsecond is inside.
    h.click("[data-testid=use-nearest]").await;
    h.wait_for("[data-testid=point-verdict][data-verdict=Inside]", UI)
        .await;
    h.click("[data-testid=wizard-next]").await;
    step_is(&mut h, "target").await;

    // Unsuitable targets are disabled with the reason.
    for id in [STANDBY, LEGACY] {
        let input = h
            .wait_for(
                &format!("[data-testid=target-cluster][data-cluster=\"{id}\"] input"),
                UI,
            )
            .await;
        assert!(input.attr("disabled").await.ok().flatten().is_some());
    }
    let reasons = h.texts("[data-testid=target-reason]").await;
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("2.1.1") && r.contains("2.2.77")),
        "{reasons:?}"
    );
    // A name the target already has is refused.
    h.click(&format!(
        "[data-testid=target-cluster][data-cluster=\"{SH}\"] input"
    ))
    .await;
    h.fill("[data-testid=tenant-name]", "RISK_mysql").await;
    h.wait_for_text(
        "[data-testid=name-problem]",
        "already has a tenant of this name",
        LOAD,
    )
    .await;
    h.fill("[data-testid=tenant-name]", "pay-copy").await;
    h.wait_for_text("[data-testid=name-problem]", "“-”", UI)
        .await;
    h.fill("[data-testid=tenant-name]", "pay_copy").await;
    h.wait_for("[data-testid=name-ok]", LOAD).await;
    h.click("[data-testid=wizard-next]").await;
    step_is(&mut h, "zones").await;

    // Zone choices, then a reload: every choice is still there.
    select(
        &mut h,
        "[data-testid=zone-row][data-zone=zone1] [data-testid=zone-spec]",
        "S2",
    )
    .await;
    select(
        &mut h,
        "[data-testid=zone-row][data-zone=zone3] [data-testid=zone-replica]",
        "READONLY",
    )
    .await;
    h.click("[data-testid=zone-row][data-zone=zone2] [data-testid=zone-use]")
        .await;
    h.click("[data-testid=primary-zone][data-zone=zone3] [data-testid=primary-up]")
        .await;
    h.wait_for_text("[data-testid=primary-wire]", "zone3;zone1", UI)
        .await;
    // zone3 holds only a READONLY replica: it cannot lead.
    h.wait_for_text("[data-testid=zones-problem]", "zone3", UI)
        .await;
    h.reload().await;
    step_is(&mut h, "zones").await;
    h.wait_for_text("[data-testid=primary-wire]", "zone3;zone1", LOAD)
        .await;
    let spec = h
        .js("return document.querySelector('[data-zone=zone1] [data-testid=zone-spec]').value")
        .await;
    assert_eq!(spec, "S2");
    let replica = h
        .js("return document.querySelector('[data-zone=zone3] [data-testid=zone-replica]').value")
        .await;
    assert_eq!(replica, "READONLY");
    let used = h
        .js("return document.querySelector('[data-zone=zone2] [data-testid=zone-use]').checked")
        .await;
    assert_eq!(used, false);
    let name = h
        .js("return new URLSearchParams(location.search).get('name')")
        .await;
    assert_eq!(name, "pay_copy");
    // Keyboard: Alt+ArrowDown on zone3 puts zone1 first again.
    h.js("const e = document.querySelector('[data-testid=primary-zone][data-zone=zone3]'); e.focus(); \
          e.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', altKey: true, bubbles: true}));")
        .await;
    h.wait_for_text("[data-testid=primary-wire]", "zone1;zone3", UI)
        .await;
    // Back keeps the earlier steps' choices.
    h.js("history.back()").await;
    step_is(&mut h, "target").await;
    let typed = h
        .js("return document.querySelector('[data-testid=tenant-name]').value")
        .await;
    assert_eq!(typed, "pay_copy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_the_emulator_fails_shows_its_error_text() {
    let Some(mut h) = Harness::start_with(
        "a_restore_the_emulator_fails_shows_its_error_text",
        None,
        &["--time-scale", "600", "--failure-rate", "1"],
    )
    .await
    else {
        return;
    };
    fill_to_review(&mut h, "pay_failing", Pick::Latest, false).await;
    h.wait_for("[data-testid=preflight]", LOAD).await;
    h.click("[data-testid=restore-submit]").await;
    h.wait_for(
        "[data-testid=restore-row][data-finished=true][data-successful=false]",
        Duration::from_secs(90),
    )
    .await;
    let shown = h
        .wait_for("[data-testid=restore-failed] [data-testid=server-text]", UI)
        .await
        .text()
        .await
        .unwrap_or_default();
    let rows = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{SH}/backup/task/restoreTasks?page=1&size=100"
        ))
        .await,
    );
    let row = rows
        .iter()
        .find(|r| r["restoreTenantName"] == "pay_failing")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(row["status"], "RESTORE_FAIL");
    let error = row["errorMsg"].as_str().unwrap_or("").trim().to_owned();
    assert!(!error.is_empty());
    assert_eq!(shown.trim(), error, "the error text as OCP wrote it");
    let _ = h.screenshot(Some("failed")).await;
    // Trying again goes back to the review with every choice kept.
    h.click("[data-testid=restore-again]").await;
    step_is(&mut h, "review").await;
}
