//! A real OCP's wire variants (the emulator's `--quirks`: envelopes without `timestamp`,
//! `duration`, `traceId` or `server`; `+0800` where the reference has `+08:00` and back;
//! unknown fields in every object; display-only fields of another JSON type): every page shows
//! its data, none shows an error, and the fields that could not be read are named.

use e2e::{contents, data, display_time, Harness, LOAD, UI};

async fn no_error_shown(h: &mut Harness, page: &str) {
    for css in ["[data-testid=error-view]", "[data-testid=refresh-failed]"] {
        if h.find_now(css).await.is_some() {
            let text = h.body_text().await;
            h.fail(format!("{page} shows {css}: {text}")).await
        }
    }
}

/// Opens the notice and answers the JSON paths it names.
async fn unread_paths(h: &mut Harness) -> Vec<String> {
    let notice = h.wait_for("[data-testid=unread-notice]", UI).await;
    if notice.attr("open").await.ok().flatten().is_none() {
        h.click("[data-testid=unread-summary]").await;
    }
    h.wait_for_attr("[data-testid=unread-notice]", "open", "true", UI)
        .await;
    h.texts("[data-testid=unread-path]").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_renders_against_real_world_wire_variants() {
    let name = "every_page_renders_against_real_world_wire_variants";
    let Some(mut h) = Harness::start_with(name, None, &["--quirks"]).await else {
        return;
    };
    // The API really answers in the variants.
    let clusters = h.api_get("/api/v2/ob/clusters?size=100").await;
    assert!(clusters.get("timestamp").is_none(), "{clusters}");
    let clusters = contents(&clusters);
    assert!(
        clusters.len() >= 3,
        "the emulator seeded {} clusters",
        clusters.len()
    );
    assert!(clusters[0]["tenantCount"].is_string(), "{}", clusters[0]);

    // Clusters: every row, no error, and the retyped counts named.
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        h.find_all("[data-testid=cluster-row]").await.len(),
        clusters.len()
    );
    no_error_shown(&mut h, "/").await;
    let paths = unread_paths(&mut h).await;
    assert!(
        paths.iter().any(|p| p.ends_with(".tenantCount")),
        "the clusters page names tenantCount: {paths:?}"
    );

    for cluster in &clusters {
        let id = &cluster["id"];
        let cluster_name = cluster["name"].as_str().unwrap_or_default();
        let overview = h
            .api_get(&format!("/api/v2/ob/clusters/{id}/backup/overview"))
            .await;
        let overview = data(&overview).clone();
        assert_eq!(overview["primaryAndStandbyMode"], false);

        // Overview: the data, in the times' own instants, and the boolean named.
        h.goto(&format!("/clusters/{id}")).await;
        h.wait_for_text("[data-testid=cluster-title]", cluster_name, LOAD)
            .await;
        h.wait_for("[data-testid=schedule-status]", UI).await;
        if let Some(api_time) = overview["lastDataBackupTime"].as_str() {
            let expected = display_time(api_time).unwrap_or_default();
            h.wait_for_text("[data-testid=last-backup]", &expected, UI)
                .await;
        }
        no_error_shown(&mut h, &format!("/clusters/{id}")).await;
        let paths = unread_paths(&mut h).await;
        assert!(
            paths.iter().any(|p| p == "data.primaryAndStandbyMode"),
            "overview of {cluster_name} names primaryAndStandbyMode: {paths:?}"
        );

        // Strategy editor: the grid, no error.
        if overview["backupScheduleStatus"] != "NONE" && overview["obClusterType"] != "STANDBY" {
            h.goto(&format!("/clusters/{id}/strategy")).await;
            h.wait_for("[data-testid=schedule-grid]", LOAD).await;
            h.wait_for("[data-testid=schedule-sentence]", UI).await;
            no_error_shown(&mut h, &format!("/clusters/{id}/strategy")).await;
        }
    }

    h.goto("/settings").await;
    h.wait_for("[data-testid=account]", LOAD).await;
    no_error_shown(&mut h, "/settings").await;
}
