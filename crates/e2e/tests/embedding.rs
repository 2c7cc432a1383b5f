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

/// A portal frames the console served under `/ocp/backup/` in embed mode (the emulator's
/// example portal page): the console works inside the frame, takes the portal's colours,
/// reports its height so the frame fits it, and its link out opens where the portal said.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_embeds_the_console_under_its_own_path_with_its_own_colours() {
    let Some(mut h) = Harness::start_under("portal_embeds_the_console", Some("/ocp/backup")).await
    else {
        return;
    };
    h.goto("/__emulator/portal?links=top").await;
    h.wait_for("[data-testid=portal-frame]", UI).await;
    if let Err(e) = h.client().enter_frame(0).await {
        return h.fail(format!("entering the console's frame: {e}")).await;
    }
    // The sign-in dialog fits: the frame grows to it, though the page behind it is short.
    h.wait_for("#signin-user", LOAD).await;
    let dialog_fits = "const r = document.querySelector('.modal').getBoundingClientRect(); \
                       return r.top >= 0 && r.bottom <= innerHeight";
    until(
        &mut h,
        dialog_fits,
        "the whole sign-in dialog is inside the frame",
    )
    .await;
    h.sign_in_admin().await;
    h.wait_gone("[data-testid=sign-in]", LOAD).await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    assert!(
        h.find_now(".shell__header").await.is_none(),
        "no header of its own in the portal"
    );
    // The portal's accent, set through postMessage, on the console's primary buttons.
    let accent = h
        .js("return getComputedStyle(document.documentElement).getPropertyValue('--obc-accent').trim()")
        .await;
    assert_eq!(accent, "#6b2fd6");

    // A whole journey inside the frame: a cluster, its strategy.
    h.click("a[data-testid=cluster-link][href='/ocp/backup/clusters/1000001']")
        .await;
    h.wait_for("[data-testid=cluster-title]", LOAD).await;
    let path = h.js("return location.pathname").await;
    assert_eq!(path, "/ocp/backup/clusters/1000001");
    h.click("a[href='/ocp/backup/clusters/1000001/strategy']")
        .await;
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
    let background = h
        .js("return getComputedStyle(document.querySelector('[data-testid=save-strategy]')).backgroundColor")
        .await;
    assert_eq!(
        background, "rgb(107, 47, 214)",
        "the portal's accent is used"
    );

    // The portal sized its frame to the console's height (plus the frame's 1 px borders).
    if let Err(e) = h.client().enter_parent_frame().await {
        return h.fail(format!("leaving the frame: {e}")).await;
    }
    let fits = "const f = document.querySelector('[data-testid=portal-frame]'); \
                const inner = Math.ceil(f.contentDocument.documentElement.getBoundingClientRect().height); \
                const told = Number(document.querySelector('[data-testid=portal-height]').textContent); \
                return inner > 200 && inner === told && Math.abs(f.getBoundingClientRect().height - told - 2) <= 1";
    until(&mut h, fits, "the frame fits the console").await;
    let _ = h.screenshot(Some("portal")).await;

    // The link out of the frame opens the full console where the portal said: the top.
    let href = h
        .js(
            "return document.querySelector('[data-testid=portal-frame]').contentDocument \
          .querySelector('[data-testid=open-full-console]').getAttribute('href')",
        )
        .await;
    assert_eq!(href, "/ocp/backup/clusters/1000001/strategy?embed=0");
    h.js(
        "document.querySelector('[data-testid=portal-frame]').contentDocument \
          .querySelector('[data-testid=open-full-console]').click(); return ''",
    )
    .await;
    h.wait_for(".shell__header", LOAD).await;
    let url = h.client().current_url().await.expect("current url");
    assert_eq!(url.path(), "/ocp/backup/clusters/1000001/strategy");
    h.wait_for("[data-testid=schedule-grid]", LOAD).await;
}

/// Polls `script` (JS returning a boolean) until it is true; fails the test after [`UI`].
async fn until(h: &mut Harness, script: &str, what: &str) {
    let deadline = std::time::Instant::now() + UI;
    while h.js(script).await != true {
        if std::time::Instant::now() > deadline {
            return h.fail(format!("{what}: still not so after {UI:?}")).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
