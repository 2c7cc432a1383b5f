//! The console inside a portal: served under a base path, and without its own chrome.

use e2e::{Harness, LOAD, UI};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_works_under_a_base_path_and_embedded() {
    let Some(mut h) = Harness::start_under(
        "the_console_works_under_a_base_path_and_embedded",
        Some("/console"),
    )
    .await
    else {
        return;
    };
    h.open_signed_in("/console/").await;
    let link = h.wait_for("a[data-testid=cluster-link]", LOAD).await;
    let href = link.attr("href").await.ok().flatten().unwrap_or_default();
    assert!(
        href.starts_with("/console/clusters/"),
        "links carry the base path: {href}"
    );
    link.click().await.expect("click a cluster");
    h.wait_for("[data-testid=cluster-title]", LOAD).await;
    let url = h.client().current_url().await.expect("current url");
    assert!(
        url.path().starts_with("/console/clusters/"),
        "navigated to {url}"
    );

    // A deep link under the base survives a reload; the API is still at the root.
    h.reload().await;
    h.wait_for("[data-testid=cluster-title]", LOAD).await;
    h.click("nav a[href='/console/settings']").await;
    h.wait_for("#api-base", UI).await;

    // Embedded: no header of its own, the page still works.
    h.goto("/console/?embed=1").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    assert!(
        h.find_now(".shell__header").await.is_none(),
        "embed mode hides the header"
    );
}
