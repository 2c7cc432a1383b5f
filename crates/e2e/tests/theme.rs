//! Colours: the system's by default, light or dark as chosen in Settings, remembered across a
//! reload (applied by the start script before the console renders).

use e2e::{Harness, LOAD, UI};

async fn state(h: &mut Harness) -> (String, String) {
    let v = h
        .js("return [document.documentElement.dataset.theme || '', getComputedStyle(document.body).backgroundColor]")
        .await;
    (
        v[0].as_str().unwrap_or_default().to_owned(),
        v[1].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_chosen_in_settings_is_applied_and_remembered() {
    let Some(mut h) = Harness::start("theme").await else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    h.goto("/settings").await;
    h.wait_for("#theme-dark", LOAD).await;
    // Headless Chromium's system setting is light.
    assert_eq!(
        state(&mut h).await,
        (String::new(), "rgb(245, 247, 250)".to_owned())
    );

    h.click("#theme-dark").await;
    assert_eq!(
        state(&mut h).await,
        ("dark".to_owned(), "rgb(15, 22, 33)".to_owned())
    );
    h.reload().await;
    h.wait_for("#theme-dark:checked", LOAD).await;
    assert_eq!(
        state(&mut h).await,
        ("dark".to_owned(), "rgb(15, 22, 33)".to_owned())
    );
    let _ = h.screenshot(Some("settings-dark")).await;

    h.click("#theme-system").await;
    h.wait_for("#theme-system:checked", UI).await;
    assert_eq!(
        state(&mut h).await,
        (String::new(), "rgb(245, 247, 250)".to_owned())
    );
}
