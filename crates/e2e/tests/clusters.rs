//! Clusters page and cluster overview against the seeded emulator.

use e2e::{contents, data, display_time, Harness, LOAD, UI};
use serde_json::Value;

/// (1) Sign in on `/` and see every seeded cluster the API lists, each linking to its overview.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clusters_page_lists_every_seeded_cluster() {
    let Some(mut h) = Harness::start("clusters_page_lists_every_seeded_cluster").await else {
        return;
    };
    let clusters = contents(&h.api_get("/api/v2/ob/clusters?size=100").await);
    assert!(!clusters.is_empty(), "the emulator seeded no clusters");

    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    for cluster in &clusters {
        let name = cluster["name"].as_str().expect("cluster without a name");
        let id = &cluster["id"];
        let link = h
            .wait_for_text(
                "[data-testid=cluster-row] a[data-testid=cluster-link]",
                name,
                UI,
            )
            .await;
        let href = link.attr("href").await.ok().flatten().unwrap_or_default();
        assert!(
            href.ends_with(&format!("/clusters/{id}")),
            "the link of {name} goes to {href:?}, not /clusters/{id}"
        );
    }
    let rows = h.find_all("[data-testid=cluster-row]").await.len();
    assert_eq!(rows, clusters.len(), "one row per cluster");
}

/// (2) A cluster's overview shows what `/backup/overview` says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_matches_the_api() {
    let Some(mut h) = Harness::start("overview_matches_the_api").await else {
        return;
    };
    // The first cluster that has had a data backup.
    let clusters = contents(&h.api_get("/api/v2/ob/clusters?size=100").await);
    let mut picked = None;
    for cluster in &clusters {
        let id = cluster["id"].clone();
        let overview = h
            .api_get(&format!("/api/v2/ob/clusters/{id}/backup/overview"))
            .await;
        let overview = data(&overview).clone();
        if overview["lastDataBackupTime"].is_string() {
            picked = Some((
                id,
                cluster["name"].as_str().unwrap_or_default().to_string(),
                overview,
            ));
            break;
        }
    }
    let (id, name, overview) = picked.expect("no seeded cluster has a lastDataBackupTime");

    h.open_signed_in(&format!("/clusters/{id}")).await;
    h.wait_for_text("[data-testid=cluster-title]", &name, LOAD)
        .await;

    let version = overview["obVersion"]
        .as_str()
        .expect("overview without obVersion");
    h.wait_for_text("[data-testid=ob-version]", version, UI)
        .await;

    let status = overview["backupScheduleStatus"]
        .as_str()
        .expect("overview without backupScheduleStatus");
    h.wait_for_attr("[data-testid=schedule-status]", "data-status", status, UI)
        .await;
    let shown = h.texts("[data-testid=schedule-status]").await.concat();
    assert!(
        !shown.trim().is_empty(),
        "the schedule status shows no text"
    );

    let api_time = overview["lastDataBackupTime"].as_str().unwrap_or_default();
    let expected = display_time(api_time)
        .unwrap_or_else(|| panic!("cannot read lastDataBackupTime {api_time:?}"));
    h.wait_for_text("[data-testid=last-backup]", &expected, UI)
        .await;

    // The recoverable-window strip names each window the API reports, to the second.
    let info = h
        .api_get(&format!("/api/v2/ob/clusters/{id}/backup/info"))
        .await;
    let items = data(&info)["obRecoverableInfoAggregation"]["latestSevenDaysAggregation"]
        ["obRecoverableSectionItems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let windows: Vec<&Value> = items
        .iter()
        .filter(|i| i["obRecoverableSectionItemType"] == "RECOVERABLE")
        .collect();
    assert!(
        !windows.is_empty(),
        "the seeded cluster has recoverable windows"
    );
    for w in windows {
        let start = w["realRecoverableTimeInterval"]["startTime"]
            .as_str()
            .unwrap_or_default();
        let start =
            display_time(start).unwrap_or_else(|| panic!("cannot read window start {start:?}"));
        let summary = h.texts("[data-testid=window-summary]").await.concat();
        assert!(
            summary.contains(&start),
            "the strip does not name the window from {start}: {summary}"
        );
    }
}
