//! The task lists against the emulator: filters live in the URL (a reload keeps them, Back
//! walks them), a failed task's error is shown as the server sent it, and a long list stays
//! bounded in the DOM.

use e2e::{contents, Harness, LOAD, UI};
use std::time::{Duration, Instant};

/// The seeded cluster with a failed data backup (ob-prod-bj).
const WITH_FAILURE: i64 = 1_000_003;

async fn select_value(h: &mut Harness, css: &str) -> String {
    let v = h
        .js(&format!(
            "return document.querySelector('{css}') ? document.querySelector('{css}').value : null"
        ))
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

async fn choose(h: &mut Harness, css: &str, value: &str) {
    let el = h.wait_for(css, UI).await;
    if let Err(e) = el.select_by_value(value).await {
        h.fail(format!("choosing {value} in {css}: {e}")).await
    }
}

async fn url(h: &mut Harness) -> String {
    h.client()
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default()
}

async fn wait_url(h: &mut Harness, part: &str, present: bool) {
    let deadline = Instant::now() + UI;
    loop {
        let now = url(h).await;
        if now.contains(part) == present {
            return;
        }
        if Instant::now() > deadline {
            h.fail(format!(
                "the URL {now} {} {part}",
                if present { "lacks" } else { "still has" }
            ))
            .await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every drawn row's status, as OCP spelled it.
async fn row_statuses(h: &mut Harness) -> Vec<String> {
    let v = h
        .js("return Array.from(document.querySelectorAll('[data-testid=vtable-row] [data-testid=status-chip]')).map(e => e.dataset.status)")
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_live_in_the_url_and_a_failed_task_shows_its_error_as_sent() {
    let Some(mut h) = Harness::start("filters_live_in_the_url").await else {
        return;
    };
    let rows = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{WITH_FAILURE}/backup/task/dataBackupTasks?size=2000"
        ))
        .await,
    );
    let failed = rows
        .iter()
        .find(|r| r["status"] == "FAILED")
        .expect("the seed has a failed backup on ob-prod-bj")
        .clone();
    let error = failed["errorMsg"].as_str().unwrap_or_default().to_owned();
    assert!(!error.is_empty(), "the failed backup has an error text");

    h.open_signed_in(&format!("/clusters/{WITH_FAILURE}/tasks"))
        .await;
    h.wait_for("[data-testid=vtable-row]", LOAD).await;

    // Status, then range: two steps in the history.
    choose(&mut h, "[data-testid=filter-status]", "FAILED").await;
    wait_url(&mut h, "status=FAILED", true).await;
    choose(&mut h, "[data-testid=filter-range]", "30d").await;
    wait_url(&mut h, "range=30d", true).await;
    h.wait_for("[data-testid=vtable-row]", LOAD).await;
    let statuses = row_statuses(&mut h).await;
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| s == "FAILED"),
        "only failed rows: {statuses:?}"
    );

    // A reload reproduces the view from the URL.
    h.reload().await;
    h.wait_for("[data-testid=vtable-row]", LOAD).await;
    assert_eq!(
        select_value(&mut h, "[data-testid=filter-status]").await,
        "FAILED"
    );
    assert_eq!(
        select_value(&mut h, "[data-testid=filter-range]").await,
        "30d"
    );
    assert_eq!(row_statuses(&mut h).await, statuses);

    // The failed row's error, exactly as the server sent it, line breaks and all.
    let key = failed["taskId"].to_string();
    h.click(&format!("[data-testid=vtable-row][data-key='{key}']"))
        .await;
    wait_url(&mut h, &format!("row={key}"), true).await;
    h.wait_for("[data-testid=server-text]", UI).await;
    let shown = h
        .js("return document.querySelector('[data-testid=server-text]').textContent")
        .await;
    assert_eq!(shown.as_str().unwrap_or_default(), error.trim_end());

    // The row's OCP task, its steps, and the way back to the same view.
    h.click("[data-testid=row-task-link]").await;
    h.wait_for("[data-testid=subtask-row]", LOAD).await;
    h.client().back().await.ok();
    wait_url(&mut h, &format!("row={key}"), true).await;
    h.wait_for("[data-testid=server-text]", LOAD).await;

    // Back walks the filter changes: first the range goes, then the status.
    h.client().back().await.ok();
    wait_url(&mut h, "range=30d", false).await;
    assert!(url(&mut h).await.contains("status=FAILED"));
    h.wait_for("[data-testid=vtable-row]", LOAD).await;
    assert_eq!(
        select_value(&mut h, "[data-testid=filter-range]").await,
        "7d"
    );
    h.client().back().await.ok();
    wait_url(&mut h, "status=FAILED", false).await;
    h.wait_for("[data-testid=vtable-row]", LOAD).await;
    assert_eq!(
        select_value(&mut h, "[data-testid=filter-status]").await,
        ""
    );

    // The other tabs open from the same view.
    for kind in ["log", "restore"] {
        h.click(&format!("[data-testid=tab-{kind}]")).await;
        wait_url(&mut h, &format!("kind={kind}"), true).await;
        h.wait_for("[data-testid=vtable-row], [data-testid=no-rows]", LOAD)
            .await;
        assert!(h.find_now("[data-testid=error-view]").await.is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_rows_keep_the_dom_small() {
    let Some(mut h) =
        Harness::start_with("ten_thousand_rows", None, &["--history-tasks", "10000"]).await
    else {
        return;
    };
    let cluster = 1_000_001;
    h.open_signed_in("/").await;
    h.wait_for("[data-testid=cluster-row]", LOAD).await;
    let started = Instant::now();
    h.goto(&format!("/clusters/{cluster}/tasks?kind=data&range=30d"))
        .await;
    h.wait_for("[data-testid=vtable-row]", LOAD).await;
    let took = started.elapsed();
    let total: u64 = h
        .js("return Number(document.querySelector('[data-testid=vtable]').dataset.total)")
        .await
        .as_u64()
        .unwrap_or_default();
    assert!(total > 10_000, "all rows of 30 days: {total}");
    let drawn = h.find_all("[data-testid=vtable-row]").await.len();
    eprintln!("10,000 rows: {total} rows, first rows drawn {took:?} after navigating, {drawn} <tr> in the DOM");
    let bound = e2e::budget("vtable_rows_10000") as usize;
    assert!(drawn <= bound, "{drawn} rows in the DOM, budget {bound}");

    // Scrolled to the end: the oldest rows are drawn, still few.
    h.js("const s = document.querySelector('.vtable'); s.scrollTop = s.scrollHeight; s.dispatchEvent(new Event('scroll'))")
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let last_index: u64 = h
        .js("const r = document.querySelectorAll('[data-testid=vtable-row]'); return Number(r[r.length - 1].getAttribute('aria-rowindex'))")
        .await
        .as_u64()
        .unwrap_or_default();
    assert_eq!(last_index, total + 1, "the last row is drawn at the end");
    let drawn = h.find_all("[data-testid=vtable-row]").await.len();
    assert!(
        drawn <= bound,
        "{drawn} rows in the DOM after scrolling, budget {bound}"
    );
}
