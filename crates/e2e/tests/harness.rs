//! The harness itself: emulator up, Chromium up, a page served by the emulator loads.

use e2e::{Harness, LOAD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn harness_starts_emulator_and_browser() {
    let Some(mut h) = Harness::start("harness_starts_emulator_and_browser").await else {
        return;
    };
    // The API wants credentials, and takes the generated password.
    let (status, _) = e2e::http_get(&h.url("/api/v2/time"), None).await.unwrap();
    assert_eq!(status, 401, "/api/v2/time without credentials");
    h.api_get("/api/v2/time").await;

    h.goto("/").await;
    h.wait_for("body", LOAD).await;
    let title = h.client().title().await.unwrap_or_default();
    assert!(
        !title.trim().is_empty() || !h.body_text().await.trim().is_empty(),
        "the page served from E2E_DIST is empty"
    );

    // Restart keeps the port and the database.
    let port = h.emu.port;
    h.stop_emulator();
    assert!(e2e::http_get(&h.url("/api/v2/time"), None).await.is_err());
    h.start_emulator().await;
    assert_eq!(h.emu.port, port);
    h.api_get("/api/v2/time").await;
}
