//! (5) The language switch changes `<html lang>` and the text, and survives a reload.

use e2e::{Harness, LOAD, UI};

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

async fn switch_to(h: &mut Harness, lang: &str) {
    let select = h.wait_for("select[data-testid=lang-switch]", UI).await;
    if let Err(e) = select.select_by_value(lang).await {
        h.fail(format!("choosing {lang} in the language switch: {e}"))
            .await
    }
    let deadline = std::time::Instant::now() + UI;
    while h.html_lang().await != lang {
        if std::time::Instant::now() > deadline {
            let now = h.html_lang().await;
            h.fail(format!("<html lang> is {now:?}, not {lang:?}"))
                .await
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_survives_reload() {
    let Some(mut h) = Harness::start("language_switch_survives_reload").await else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    if h.html_lang().await.starts_with("zh") {
        switch_to(&mut h, "en-US").await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let english = h.body_text().await;

    switch_to(&mut h, "zh-CN").await;
    let deadline = std::time::Instant::now() + UI;
    loop {
        let chinese = h.body_text().await;
        if chinese != english && has_cjk(&chinese) {
            break;
        }
        if std::time::Instant::now() > deadline {
            h.fail("the visible text did not change to Chinese").await
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    h.reload().await;
    // The credentials may or may not survive a reload; the language must.
    let deadline = std::time::Instant::now() + LOAD;
    loop {
        if h.find_now("[data-testid=sign-in]").await.is_some() {
            h.sign_in_admin().await;
            h.wait_gone("[data-testid=sign-in]", LOAD).await;
        }
        if h.find_now("[data-testid=cluster-row]").await.is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            h.fail("the clusters page did not come back after the reload")
                .await
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(h.html_lang().await, "zh-CN", "<html lang> after the reload");
    let select = h.wait_for("select[data-testid=lang-switch]", UI).await;
    let value = select.prop("value").await.ok().flatten();
    assert_eq!(
        value.as_deref(),
        Some("zh-CN"),
        "the switch after the reload"
    );
    assert!(
        has_cjk(&h.body_text().await),
        "Chinese text after the reload"
    );
}
