//! Backup health against the emulator: a paused schedule shows up on the overview and in the
//! clusters list and clears on resume; an unsafe monthly strategy is warned about in the
//! editor before anything is saved.

use e2e::{Harness, LOAD, UI};
use serde_json::json;

const BJ: i64 = 1000003; // ob-prod-bj: healthy, scheduling
const NO_STRATEGY: i64 = 1000006; // ob-test-sh

async fn set_value(h: &mut Harness, css: &str, value: &str) {
    h.wait_for(css, UI).await;
    h.js(&format!(
        "const el = document.querySelector({css}); el.value = {value}; \
         el.dispatchEvent(new Event('input', {{bubbles: true}}));",
        css = json!(css),
        value = json!(value),
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_schedule_is_a_finding_on_the_overview_and_in_the_list_until_resumed() {
    let Some(mut h) = Harness::start_with(
        "a_paused_schedule_is_a_finding_on_the_overview_and_in_the_list_until_resumed",
        None,
        &["--time-scale", "0"],
    )
    .await
    else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{BJ}")).await;
    h.wait_for("[data-testid=health-calm]", LOAD).await;
    h.click("[data-testid=action-pause]").await;
    // The finding may be drawn again as the pause's answers come in one by one: wait for its
    // full text, then read it in one go.
    let finding = "[data-testid=health-finding][data-rule=schedule-paused]";
    h.wait_for_text(finding, "Open the strategy", LOAD).await;
    let text = h
        .js(&format!(
            "return document.querySelector('{finding}').textContent"
        ))
        .await;
    let text = text.as_str().unwrap_or_default().to_owned();
    assert!(
        text.contains("Backup scheduling") && text.contains("paused"),
        "{text}"
    );
    assert!(text.contains("Open the strategy"), "{text}");
    let _ = h.screenshot(Some("paused")).await;

    // The clusters list says so too, and keeps it when only problems are shown.
    h.goto("/?health=problems").await;
    h.wait_for(
        &format!(
            "[data-testid=cluster-row][data-cluster-id=\"{BJ}\"] [data-testid=health-cell][data-severity=warning]"
        ),
        LOAD,
    )
    .await;
    let _ = h.screenshot(Some("list")).await;

    h.goto(&format!("/clusters/{BJ}")).await;
    h.click("[data-testid=action-resume]").await;
    h.wait_for("[data-testid=health-calm]", LOAD).await;
    h.goto("/?health=problems").await;
    h.wait_for("[data-testid=health-cell]", LOAD).await;
    h.wait_gone(
        &format!("[data-testid=cluster-row][data-cluster-id=\"{BJ}\"]"),
        LOAD,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_monthly_strategy_on_the_31st_is_warned_about_before_saving() {
    let Some(mut h) = Harness::start_with(
        "a_monthly_strategy_on_the_31st_is_warned_about_before_saving",
        None,
        &["--time-scale", "0"],
    )
    .await
    else {
        return;
    };
    h.open_signed_in(&format!("/clusters/{NO_STRATEGY}/strategy"))
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    h.click("#mode-month").await;
    h.click("[data-testid=mode-switch-yes]").await;
    h.wait_for("[data-testid=schedule-grid] [data-day=\"31\"]", UI)
        .await;
    h.click("[data-day=\"31\"]").await;
    h.click("[data-day=\"15\"]").await;
    h.click("[data-day=\"15\"]").await;
    h.wait_for("[data-day=\"15\"][data-kind=incremental]", UI)
        .await;
    set_value(&mut h, "#retention-days", "14").await;

    let months = h
        .wait_for(
            "[data-testid=strategy-warning][data-rule=month-days-some-months-lack]",
            UI,
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(months.contains("day 31"), "{months}");
    assert!(
        months.contains("Feb "),
        "February gets no full backup: {months}"
    );
    let interval = h
        .wait_for(
            "[data-testid=strategy-warning][data-rule=full-interval-over-retention]",
            UI,
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        interval.contains("61 days") && interval.contains("14 days of retention"),
        "{interval}"
    );
    let _ = h.screenshot(Some("editor")).await;
    // Nothing was saved: the warnings came before any request.
    let strategy = h
        .api_get(&format!(
            "/api/v2/ob/clusters/{NO_STRATEGY}/backup/config/backupStrategy"
        ))
        .await;
    assert!(
        strategy["data"].is_null() || strategy["data"]["id"].is_null(),
        "{strategy}"
    );
    // A retention longer than the longest interval clears that warning.
    set_value(&mut h, "#retention-days", "62").await;
    h.wait_gone(
        "[data-testid=strategy-warning][data-rule=full-interval-over-retention]",
        UI,
    )
    .await;
}
