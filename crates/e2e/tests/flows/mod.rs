//! Steps several end-to-end tests share: the restore wizard filled up to its review.
#![allow(dead_code)] // each test file uses its own part

use e2e::{data, Harness, LOAD, UI};
use serde_json::Value;

pub const HZ: i64 = 1000001; // ob-prod-hz, OB 2.2.77: tenants with a gap between two windows
pub const SH: i64 = 1000002; // ob-prod-sh, OB 3.1.4: a suitable target
pub const PAY: i64 = 1000101; // pay_mysql on ob-prod-hz

pub async fn select(h: &mut Harness, css: &str, value: &str) {
    let el = h.wait_for(css, UI).await;
    if let Err(e) = el.select_by_value(value).await {
        h.fail(format!("choosing {value} in {css}: {e}")).await
    }
}

pub async fn step_is(h: &mut Harness, step: &str) {
    h.wait_for(
        &format!("[data-testid=wizard-step][data-step={step}]"),
        LOAD,
    )
    .await;
}

/// The merged windows of pay_mysql, as `(start, end)` API texts.
pub async fn windows(h: &Harness) -> Vec<(String, String)> {
    let info = h
        .api_get(&format!("/api/v2/ob/clusters/{HZ}/backup/info"))
        .await;
    let tenant = data(&info)["tenantBackupInfos"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["tenantId"] == PAY).cloned())
        .unwrap_or(Value::Null);
    tenant["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]
        ["obRecoverableSectionItems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["obRecoverableSectionItemType"] == "RECOVERABLE")
        .map(|i| {
            let w = &i["realRecoverableTimeInterval"];
            (
                w["startTime"].as_str().unwrap_or("").to_owned(),
                w["endTime"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// How step 1 gets its point.
#[derive(Clone, Copy, PartialEq)]
pub enum Pick {
    /// "Latest" on the wizard's first step.
    Latest,
    /// A click inside the last window on the timeline of pay_mysql, then "Restore to this point".
    Chart,
}

/// Opens `path`, signing in unless the session already is.
async fn open(h: &mut Harness, path: &str, signed_in: bool) {
    if signed_in {
        h.goto(path).await;
    } else {
        h.open_signed_in(path).await;
    }
}

/// Steps 1 to 3 for pay_mysql → `name` on ob-prod-sh, S1 in every zone; `signed_in` when the
/// tab already is.
pub async fn fill_to_review(h: &mut Harness, name: &str, pick: Pick, signed_in: bool) {
    if pick == Pick::Chart {
        open(
            h,
            &format!("/clusters/{HZ}/windows?tenant={PAY}"),
            signed_in,
        )
        .await;
        // A click in the gap is refused, naming the nearest points; nothing is picked.
        h.click("[data-testid=gap]").await;
        let notice = h
            .wait_for("[data-testid=timeline-notice]", UI)
            .await
            .text()
            .await
            .unwrap_or_default();
        // The gap of the seed: the first window's end and the second's start, to the µs.
        let ws = windows(h).await;
        let micros = |t: &str| t.replace('T', " ").replace("+08:00", " +08:00");
        assert!(
            notice.contains("it is in a gap")
                && notice.contains(&micros(&ws[0].1))
                && notice.contains(&micros(&ws[1].0)),
            "{notice} / {ws:?}"
        );
        assert!(h.find_now("[data-testid=restore-here]").await.is_none());
        // A click inside the last window picks that instant and offers the restore.
        let windows = h.find_all("[data-testid=window]").await;
        let Some(last) = windows.last() else {
            return h.fail("no window on the chart").await;
        };
        if let Err(e) = last.click().await {
            return h.fail(format!("clicking the window: {e}")).await;
        }
        h.click("[data-testid=restore-here]").await;
    } else {
        open(h, &format!("/clusters/{HZ}/restore"), signed_in).await;
    }
    step_is(h, "source").await;
    if pick == Pick::Latest {
        select(h, "[data-testid=source-tenant]", &PAY.to_string()).await;
        h.click("[data-testid=pick-latest]").await;
    }
    h.wait_for("[data-testid=point-verdict][data-verdict=Inside]", UI)
        .await;
    h.click("[data-testid=wizard-next]").await;
    step_is(h, "target").await;
    h.click(&format!(
        "[data-testid=target-cluster][data-cluster=\"{SH}\"] input"
    ))
    .await;
    h.fill("[data-testid=tenant-name]", name).await;
    h.wait_for("[data-testid=name-ok]", LOAD).await;
    h.click("[data-testid=wizard-next]").await;
    step_is(h, "zones").await;
    for zone in ["zone1", "zone2", "zone3"] {
        select(
            h,
            &format!("[data-testid=zone-row][data-zone={zone}] [data-testid=zone-spec]"),
            "S1",
        )
        .await;
    }
    h.click("[data-testid=wizard-next]").await;
    step_is(h, "review").await;
}
