//! The clusters list at fleet scale (emulator `--fleet`): every cluster of a 500-cluster fleet
//! reachable in a windowed list, search and "only problems" over all of them, Back to the list
//! from a cached answer, a tight OCP rate limit that ends in an answer or a retry for every
//! row without a request storm, and a list left open on a fast clock that raises nothing the
//! data does not say.
//!
//! Every test records the page's own `/api` requests: a script installed before any page
//! script (DevTools `Page.addScriptToEvaluateOnNewDocument`) wraps `fetch` and keeps, per
//! request, its URL, when it was sent, how many cluster rows the DOM held then and the status
//! of its answer, in `window.__fleet`.

use e2e::serde_json::{json, Value};
use e2e::{contents, data, Harness, LOAD, UI};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// Row height of the clusters table, px (`ROW_HEIGHT` in src/pages/clusters.rs).
const ROW_HEIGHT: f64 = 41.0;
/// Rows drawn beyond each edge of the view (`OVERSCAN` in src/pages/clusters.rs).
const OVERSCAN: f64 = 3.0;
/// A fleet cluster far past row 200 of the name-sorted list: ob-prod-bj-0437, healthy.
const FAR: i64 = 1_000_437;
const FAR_NAME: &str = "ob-prod-bj-0437";
/// The last cluster of `--fleet 500x30` by name (the list is sorted by name, as OCP answers).
const LAST: i64 = 1_000_495;
const LAST_NAME: &str = "ob-test-sh-0495";

/// Installed before the console's own scripts: records every `/api` fetch and the most cluster
/// rows the DOM ever held.
const RECORDER: &str = concat!(
    include_str!("../src/fleet_recorder.js"),
    r#"
(() => {
  const F = window.__fleet;
  F.maxRows = 0;
  new MutationObserver(() => { F.maxRows = Math.max(F.maxRows, F.rows()); })
    .observe(document, { childList: true, subtree: true });
})();
"#
);

/// The drawn rows of the clusters table: id, name, the health cell's `data-severity` (null
/// while loading) and whether the row is inside the scroll box's view; and the box's size.
const DRAWN: &str = r#"
const s = document.querySelector('.cluster-table__scroll');
if (!s) return null;
const box = s.getBoundingClientRect();
const bottom = Math.min(box.bottom, window.innerHeight);
const rows = Array.from(s.querySelectorAll('[data-testid=cluster-row]')).map((r) => {
  const b = r.getBoundingClientRect();
  const cell = r.querySelector('[data-testid=health-cell]');
  const link = r.querySelector('[data-testid=cluster-link]');
  return { id: Number(r.dataset.clusterId), name: link ? link.textContent.trim() : '',
    severity: cell ? cell.getAttribute('data-severity') : null,
    retry: !!r.querySelector('[data-testid=health-retry]'),
    text: cell ? cell.textContent.trim() : '',
    visible: b.bottom > box.top + 1 && b.top < bottom - 1 };
});
return { rows, clientHeight: s.clientHeight, scrollHeight: s.scrollHeight, scrollTop: s.scrollTop,
  windowHeight: window.innerHeight };
"#;

/// Starts an emulator with `args` and a browser whose pages record their requests.
async fn start(name: &str, args: &[&str]) -> Option<Harness> {
    let mut h = Harness::start_with(name, None, args).await?;
    if let Err(e) = e2e::cdp(
        h.client(),
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORDER }),
    )
    .await
    {
        h.fail(format!("installing the request recorder: {e}"))
            .await
    }
    Some(h)
}

#[derive(Clone, Debug)]
struct Row {
    id: i64,
    name: String,
    severity: Option<String>,
    retry: bool,
    text: String,
    visible: bool,
}

struct Drawn {
    rows: Vec<Row>,
    client_height: f64,
    scroll_height: f64,
    /// The browser window's inner height: a screen.
    window_height: f64,
}

async fn drawn(h: &mut Harness) -> Drawn {
    let v = h.js(DRAWN).await;
    let rows = v["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| Row {
            id: r["id"].as_i64().unwrap_or_default(),
            name: r["name"].as_str().unwrap_or_default().to_owned(),
            severity: r["severity"].as_str().map(str::to_owned),
            retry: r["retry"].as_bool().unwrap_or(false),
            text: r["text"].as_str().unwrap_or_default().to_owned(),
            visible: r["visible"].as_bool().unwrap_or(false),
        })
        .collect();
    Drawn {
        rows,
        client_height: v["clientHeight"].as_f64().unwrap_or(0.0),
        scroll_height: v["scrollHeight"].as_f64().unwrap_or(0.0),
        window_height: v["windowHeight"].as_f64().unwrap_or(0.0),
    }
}

/// The most rows a windowed table may draw on a screen `height` px high: the rows that fit,
/// one partly shown, and the overscan on both sides.
fn screenful(height: f64) -> usize {
    ((height / ROW_HEIGHT).ceil() + 1.0 + 2.0 * OVERSCAN) as usize
}

/// Scrolls the clusters table's box to `top` px.
async fn scroll_to(h: &mut Harness, top: f64) {
    h.js(&format!(
        "const s = document.querySelector('.cluster-table__scroll'); s.scrollTop = {top}; \
         s.dispatchEvent(new Event('scroll')); return s.scrollTop"
    ))
    .await;
}

/// Waits until every drawn row in view has a known health (a severity, or "unknown").
async fn wait_visible_health(h: &mut Harness, timeout: Duration) -> Drawn {
    let deadline = Instant::now() + timeout;
    loop {
        let d = drawn(h).await;
        let visible: Vec<&Row> = d.rows.iter().filter(|r| r.visible).collect();
        if !visible.is_empty() && visible.iter().all(|r| r.severity.is_some()) {
            return d;
        }
        if Instant::now() > deadline {
            let pending: Vec<String> = visible
                .iter()
                .filter(|r| r.severity.is_none())
                .map(|r| format!("{} ({:?})", r.name, r.text))
                .collect();
            h.fail(format!(
                "after {timeout:?} {} of {} rows in view still show no health: {pending:?}",
                pending.len(),
                visible.len()
            ))
            .await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The `/api` requests the page has sent so far: URL, time (ms since navigation), cluster rows
/// in the DOM when sent, and status (0 while unanswered).
async fn api_log(h: &mut Harness) -> Vec<Value> {
    h.js("return window.__fleet ? window.__fleet.api : []")
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The number in the clusters count ("500 clusters", "37 of 500 clusters"): (shown, total).
async fn count(h: &mut Harness) -> (usize, usize) {
    let text = h.texts("[data-testid=cluster-count]").await.concat();
    let nums: Vec<usize> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match nums[..] {
        [n, ..] if !text.contains(" of ") => (n, n),
        [shown, n, ..] => (shown, n),
        _ => (0, 0),
    }
}

/// Waits until the clusters count reads `shown` of `total` (`shown == total`: "N clusters",
/// nothing filtered out).
async fn wait_count(h: &mut Harness, shown: usize, total: usize, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        if count(h).await == (shown, total) {
            return;
        }
        if Instant::now() > deadline {
            let text = h.texts("[data-testid=cluster-count]").await.concat();
            h.fail(format!(
                "the count does not say {shown} of {total} after {timeout:?}: {text:?}"
            ))
            .await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clusters in the order the console lists them (by name, as OCP sorts them).
async fn fleet(h: &Harness) -> Vec<(i64, String)> {
    contents(
        &h.api_get("/api/v2/ob/clusters?page=1&size=2000&sort=name,asc")
            .await,
    )
    .iter()
    .map(|c| {
        (
            c["id"].as_i64().unwrap_or_default(),
            c["name"].as_str().unwrap_or_default().to_owned(),
        )
    })
    .collect()
}

/// (1) A 500-cluster fleet: the count says 500, scrolling the list to its end shows the last
/// cluster by name, and the page never holds more rows than fit in the table's box.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cluster_of_a_500_cluster_fleet_is_reachable_in_a_windowed_list() {
    let Some(mut h) = start(
        "every_cluster_of_a_500_cluster_fleet_is_reachable_in_a_windowed_list",
        &["--fleet", "500x30", "--time-scale", "0"],
    )
    .await
    else {
        return;
    };
    let clusters = fleet(&h).await;
    assert_eq!(clusters.len(), 500, "the emulator seeded 500 clusters");
    assert_eq!(
        clusters.last().cloned(),
        Some((LAST, LAST_NAME.to_owned())),
        "the last cluster by name"
    );
    h.open_signed_in("/").await;
    h.wait_for_text("[data-testid=cluster-count]", "500 clusters", LOAD)
        .await;
    let (first_id, first_name) = clusters[0].clone();
    h.wait_for_text(
        &format!(
            "[data-testid=cluster-row][data-cluster-id=\"{first_id}\"] [data-testid=cluster-link]"
        ),
        &first_name,
        UI,
    )
    .await;
    let top = drawn(&mut h).await;
    assert!(
        top.scroll_height >= 500.0 * ROW_HEIGHT,
        "the table's box scrolls over all 500 rows ({} px high, {} px needed)",
        top.scroll_height,
        500.0 * ROW_HEIGHT
    );
    // Through the middle to the end, a box at a time for the first screens, then jumps.
    let step = top.client_height.max(ROW_HEIGHT);
    let mut at = 0.0;
    for _ in 0..3 {
        at += step;
        scroll_to(&mut h, at).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    for fraction in [0.25, 0.5, 0.75] {
        scroll_to(&mut h, top.scroll_height * fraction).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    scroll_to(&mut h, top.scroll_height).await;
    let last_link =
        format!("[data-testid=cluster-row][data-cluster-id=\"{LAST}\"] [data-testid=cluster-link]");
    h.wait_for_text(&last_link, LAST_NAME, UI).await;
    let end = drawn(&mut h).await;
    assert_eq!(
        end.rows.last().map(|r| r.id),
        Some(LAST),
        "the last row drawn at the end of the list is {LAST_NAME}: {:?}",
        end.rows.iter().map(|r| &r.name).collect::<Vec<_>>()
    );
    assert!(
        end.rows.iter().any(|r| r.id == LAST && r.visible),
        "{LAST_NAME} is in view at the end of the list"
    );
    // Windowing: never more than a screenful of rows, from the first render to now.
    let most = h
        .js("return window.__fleet.maxRows")
        .await
        .as_u64()
        .unwrap_or(u64::MAX) as usize;
    let limit = screenful(end.window_height);
    let _ = h.screenshot(Some("end")).await;
    assert!(
        most <= limit,
        "the DOM held {most} cluster rows at once; a screen {} px high (the table's box: {} px) \
         holds at most {limit}",
        end.window_height,
        end.client_height
    );
    assert!(
        end.rows.len() <= limit,
        "{} rows drawn at the end",
        end.rows.len()
    );
    eprintln!(
        "windowing: at most {most} rows in the DOM (a screenful is {limit}), {} drawn at the end",
        end.rows.len()
    );
}

/// (2) Past row 200: typing part of a name finds ob-prod-bj-0437 (row 243 of 500), and with
/// "only problems" on, once every cluster's health is checked, the list holds exactly the
/// clusters with findings, among them every cluster whose scheduled backups keep failing,
/// wherever it is in the fleet, and none of the healthy ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_only_problems_cover_all_500_clusters() {
    let Some(mut h) = start(
        "search_and_only_problems_cover_all_500_clusters",
        &["--fleet", "500x30", "--time-scale", "0"],
    )
    .await
    else {
        return;
    };
    let clusters = fleet(&h).await;
    let far_row = clusters
        .iter()
        .position(|(id, _)| *id == FAR)
        .expect("the fleet has ob-prod-bj-0437");
    assert!(far_row >= 200, "{FAR_NAME} is row {far_row}, past 200");
    // What OCP says of each: failing schedules (ABNORMAL) must show as problems.
    let mut failing = BTreeSet::new();
    for (id, _) in &clusters {
        let o = h
            .api_get(&format!("/api/v2/ob/clusters/{id}/backup/overview"))
            .await;
        if data(&o)["backupScheduleStatus"] == "ABNORMAL" {
            failing.insert(*id);
        }
    }
    let failing_far: Vec<i64> = clusters[200..]
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| failing.contains(id))
        .collect();
    assert!(
        !failing_far.is_empty(),
        "the fleet has failing clusters past row 200"
    );

    h.open_signed_in("/").await;
    h.wait_for_text("[data-testid=cluster-count]", "500 clusters", LOAD)
        .await;
    let search = h.wait_for("#cluster-search", UI).await;
    if let Err(e) = search.send_keys("0437").await {
        h.fail(format!("typing in the search: {e}")).await
    }
    wait_count(&mut h, 1, 500, UI).await;
    h.wait_for_text(
        &format!("[data-testid=cluster-row][data-cluster-id=\"{FAR}\"] [data-testid=cluster-link]"),
        FAR_NAME,
        UI,
    )
    .await;
    let found = drawn(&mut h).await;
    assert_eq!(
        found.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![FAR],
        "only {FAR_NAME} is listed"
    );
    // Clear the search by keyboard, as a person would.
    let back = char::from(e2e::fantoccini::key::Key::Backspace);
    if let Err(e) = search.send_keys(&back.to_string().repeat(4)).await {
        h.fail(format!("clearing the search: {e}")).await
    }
    wait_count(&mut h, 500, 500, UI).await;

    h.click("[data-testid=only-problems]").await;
    // Every cluster's health is read (at low priority) before the filter is complete.
    let started = Instant::now();
    h.wait_for("[data-testid=cluster-row]", UI).await;
    h.wait_gone("[data-testid=health-checked]", Duration::from_secs(90))
        .await;
    let scan = started.elapsed();
    let (shown, total) = count(&mut h).await;
    assert_eq!(total, 500, "the count still says 500 clusters in all");
    assert!(
        shown < 500 && shown >= failing.len(),
        "{shown} of 500 shown with only problems; {} clusters fail their schedule",
        failing.len()
    );
    // Walk the filtered list from top to bottom, a box at a time.
    scroll_to(&mut h, 0.0).await;
    let mut seen: BTreeMap<i64, (String, String)> = BTreeMap::new();
    let mut top = 0.0;
    loop {
        let d = wait_visible_health(&mut h, UI).await;
        for r in &d.rows {
            if let Some(s) = &r.severity {
                seen.insert(r.id, (r.name.clone(), s.clone()));
            }
        }
        if top + d.client_height >= d.scroll_height {
            break;
        }
        top += (d.client_height - ROW_HEIGHT).max(ROW_HEIGHT);
        scroll_to(&mut h, top).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let healthy: Vec<&String> = seen
        .values()
        .filter(|(_, s)| s == "ok")
        .map(|(n, _)| n)
        .collect();
    assert!(
        healthy.is_empty(),
        "healthy clusters listed with only problems on: {healthy:?}"
    );
    assert_eq!(
        seen.len(),
        shown,
        "the filtered list walked top to bottom has as many rows as the count says"
    );
    for id in &failing {
        let Some((name, severity)) = seen.get(id) else {
            let row = clusters.iter().position(|(c, _)| c == id).unwrap_or(0);
            h.fail(format!(
                "cluster {id} (row {row} of 500) fails its schedule but is not listed with only problems"
            ))
            .await
        };
        assert!(
            severity == "critical" || severity == "warning",
            "{name} fails its schedule; its health says {severity}"
        );
    }
    assert!(
        !seen.contains_key(&FAR),
        "the healthy {FAR_NAME} is listed with only problems"
    );
    eprintln!(
        "only problems: {shown} of 500 after checking every cluster's health in {:.1} s; \
         {} failing schedules, {} of them past row 200",
        scan.as_secs_f64(),
        failing.len(),
        failing_far.len()
    );
}

/// (3) Clusters → a cluster's overview → Back: the list and its health are there again at
/// once, from what was already read; any request comes after the rows are back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_from_an_overview_shows_the_list_before_any_request() {
    let Some(mut h) = start(
        "back_from_an_overview_shows_the_list_before_any_request",
        &["--fleet", "500x30", "--time-scale", "0"],
    )
    .await
    else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for_text("[data-testid=cluster-count]", "500 clusters", LOAD)
        .await;
    let before = wait_visible_health(&mut h, LOAD).await;
    let first = before.rows[0].clone();
    h.click(&format!(
        "[data-testid=cluster-row][data-cluster-id=\"{}\"] [data-testid=cluster-link]",
        first.id
    ))
    .await;
    h.wait_for_text("[data-testid=cluster-title]", &first.name, LOAD)
        .await;
    h.wait_for("[data-testid=last-backup]", LOAD).await;
    h.wait_gone("[data-testid=cluster-row]", UI).await;
    // Back, timed in the page: when the rows are in the DOM again, and every request after.
    let sent_before = h
        .js(
            "const F = window.__fleet; F.backAt = performance.now(); F.backIndex = F.api.length; \
             F.rowsBackAt = null; \
             const mo = new MutationObserver(() => { \
               if (F.rowsBackAt === null && document.querySelector('[data-testid=cluster-row]')) { \
                 F.rowsBackAt = performance.now(); mo.disconnect(); } }); \
             mo.observe(document, { childList: true, subtree: true }); \
             history.back(); return F.backIndex",
        )
        .await
        .as_u64()
        .unwrap_or(0) as usize;
    h.wait_for("[data-testid=cluster-row]", UI).await;
    // Let whatever the list asks for now (a refresh) be sent.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = drawn(&mut h).await;
    let log = api_log(&mut h).await;
    let timing = h
        .js("const F = window.__fleet; return [F.backAt, F.rowsBackAt]")
        .await;
    let rows_back = timing[1].as_f64();
    let later: Vec<&Value> = log.iter().skip(sent_before).collect();
    let early: Vec<String> = later
        .iter()
        .filter(|e| {
            e["rows"].as_u64() == Some(0) || rows_back.is_none_or(|t| e["t"].as_f64() < Some(t))
        })
        .map(|e| e["url"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        early.is_empty(),
        "requests sent after Back before the list's rows were there again: {early:?}"
    );
    assert_eq!(
        after.rows.first().map(|r| r.id),
        Some(first.id),
        "the list is back at its top"
    );
    let unknown: Vec<&Row> = after
        .rows
        .iter()
        .filter(|r| r.visible && r.severity.is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "rows in view show no health after Back although it was read before: {:?}",
        unknown.iter().map(|r| &r.name).collect::<Vec<_>>()
    );
    eprintln!(
        "after Back: rows in {:.0} ms, {} requests in the next 2 s",
        rows_back.unwrap_or(f64::NAN) - timing[0].as_f64().unwrap_or(f64::NAN),
        later.len()
    );
}

/// The OCP limit of the rate-limit test: requests per window, and the window (s). The first
/// screen (12 rows in view and 3 below, four reads each, and the list) needs about 60, so
/// OCP refuses some of them while it loads.
const LIMIT: usize = 40;
const WINDOW_SECS: u64 = 60;

/// (4) OCP throttles hard (40 requests a minute, fewer than the first screen needs) while the
/// first screen of a 200-cluster fleet loads: within 30 s every row in view shows its health or
/// "unknown — retry", none is left loading, and the console does not hammer OCP (fewer than
/// twice the limit in the window).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_tight_rate_limit_every_row_settles_without_a_request_storm() {
    let limit = format!("{LIMIT}/{WINDOW_SECS}");
    let Some(mut h) = start(
        "under_a_tight_rate_limit_every_row_settles_without_a_request_storm",
        &[
            "--fleet",
            "200x30",
            "--time-scale",
            "0",
            "--rate-limit",
            &limit,
        ],
    )
    .await
    else {
        return;
    };
    h.open_signed_in("/").await;
    let signed_in = Instant::now();
    wait_count(&mut h, 200, 200, LOAD).await;
    // Every row in view settled, or 30 s gone.
    let window = Duration::from_secs(30);
    let mut settled = None;
    let mut last = drawn(&mut h).await;
    // Watched for 5 s more once settled, for a storm that would follow.
    while signed_in.elapsed() < window
        && settled.is_none_or(|at: Duration| signed_in.elapsed() < at + Duration::from_secs(5))
    {
        last = drawn(&mut h).await;
        let visible = last.rows.iter().filter(|r| r.visible);
        if settled.is_none()
            && last.rows.iter().any(|r| r.visible)
            && visible.clone().all(|r| r.severity.is_some())
        {
            settled = Some(signed_in.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let log = api_log(&mut h).await;
    let _ = h.screenshot(Some("after-30s")).await;
    let status_of = |e: &Value| e["status"].as_i64().unwrap_or(0);
    let throttled = log.iter().filter(|e| status_of(e) == 429).count();
    let summary = format!(
        "{} /api requests in the first 30 s under a limit of {LIMIT} a minute, {throttled} \
         answered 429",
        log.len()
    );
    // What was asked for each row still loading: its reads and how they were answered.
    let visible: Vec<&Row> = last.rows.iter().filter(|r| r.visible).collect();
    let loading: Vec<String> = visible
        .iter()
        .filter(|r| r.severity.is_none())
        .map(|r| {
            let reads: Vec<String> = log
                .iter()
                .filter(|e| {
                    e["url"]
                        .as_str()
                        .is_some_and(|u| u.contains(&format!("/clusters/{}/", r.id)))
                })
                .map(|e| {
                    let url = e["url"].as_str().unwrap_or_default();
                    let what = url.rsplit('/').next().unwrap_or(url);
                    format!("{what} → {}", status_of(e))
                })
                .collect();
            format!("{} ({:?}; reads sent: {reads:?})", r.name, r.text)
        })
        .collect();
    let retry = visible.iter().filter(|r| r.retry).count();
    eprintln!(
        "rate limit {limit}: {summary}; rows in view settled: {settled:?}; {} rows in view, \
         {retry} offering a retry, {} loading",
        visible.len(),
        loading.len()
    );
    assert!(log.len() < 2 * LIMIT, "a request storm: {summary}");
    assert!(
        loading.is_empty(),
        "after 30 s {} of {} rows in view still show only \"Loading…\", neither a health nor \
         \"unknown — retry\" ({summary}): {loading:#?}",
        loading.len(),
        visible.len()
    );
    let unknown_without_retry: Vec<&String> = visible
        .iter()
        .filter(|r| r.severity.as_deref() == Some("unknown") && !r.retry)
        .map(|r| &r.name)
        .collect();
    assert!(
        unknown_without_retry.is_empty(),
        "rows whose health is unknown offer no retry: {unknown_without_retry:?}"
    );
}

/// (5) The list left open while the emulated clock runs at 60× (an hour a minute), through a
/// refresh of the list and of every row's overview: clusters healthy at the start are still
/// healthy, and no more rows are critical.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_left_open_on_a_fast_clock_raises_no_unsupported_finding() {
    let Some(mut h) = start(
        "a_list_left_open_on_a_fast_clock_raises_no_unsupported_finding",
        &["--fleet", "12x5", "--time-scale", "60"],
    )
    .await
    else {
        return;
    };
    h.open_signed_in("/").await;
    h.wait_for_text("[data-testid=cluster-count]", "12 clusters", LOAD)
        .await;
    let start = wait_visible_health(&mut h, LOAD).await;
    let severity = |d: &Drawn| -> BTreeMap<i64, (String, String)> {
        d.rows
            .iter()
            .filter_map(|r| Some((r.id, (r.name.clone(), r.severity.clone()?))))
            .collect()
    };
    let at_start = severity(&start);
    assert_eq!(at_start.len(), 12, "all 12 rows drawn with their health");
    let healthy: Vec<i64> = at_start
        .iter()
        .filter(|(_, (_, s))| s == "ok")
        .map(|(id, _)| *id)
        .collect();
    assert!(
        healthy.len() >= 6,
        "most of the fleet is healthy at the start: {at_start:?}"
    );
    let critical =
        |m: &BTreeMap<i64, (String, String)>| m.values().filter(|(_, s)| s == "critical").count();
    // Wait for the list and every row's overview to be read again (about a minute), well
    // past five emulated minutes, then a little more for the answers to show.
    let deadline = Instant::now() + Duration::from_secs(100);
    let refreshed = loop {
        let log = api_log(&mut h).await;
        let reads = |part: &str| {
            log.iter()
                .filter(|e| {
                    e["status"] == 200 && e["url"].as_str().is_some_and(|u| u.contains(part))
                })
                .count()
        };
        let list = reads("/api/v2/ob/clusters?page=1");
        let overviews = at_start
            .keys()
            .map(|id| reads(&format!("/clusters/{id}/backup/overview")))
            .min()
            .unwrap_or(0);
        if list >= 2 && overviews >= 2 {
            break log.len();
        }
        if Instant::now() > deadline {
            h.fail(format!(
                "no refresh of the list and every overview within 100 s (list read {list} times, \
                 the least-read overview {overviews} times)"
            ))
            .await
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    let end = wait_visible_health(&mut h, UI).await;
    let at_end = severity(&end);
    let _ = h.screenshot(Some("after-refresh")).await;
    let turned: Vec<String> = healthy
        .iter()
        .filter_map(|id| {
            let (name, s) = at_end.get(id)?;
            (s != "ok").then(|| format!("{name}: ok → {s}"))
        })
        .collect();
    let missing: Vec<i64> = healthy
        .iter()
        .filter(|id| !at_end.contains_key(id))
        .copied()
        .collect();
    assert!(
        turned.is_empty() && missing.is_empty(),
        "healthy clusters changed after a refresh on a 60× clock: {turned:?} (no health: {missing:?}); \
         at the start {at_start:?}, at the end {at_end:?}"
    );
    assert!(
        critical(&at_end) <= critical(&at_start),
        "more critical rows after a refresh ({} → {}): at the start {at_start:?}, at the end {at_end:?}",
        critical(&at_start),
        critical(&at_end)
    );
    // (At 60× a reading a few real seconds old is minutes old on OCP's clock: rows may say
    // "as of hh:mm", which is true, but none may turn into a finding.)
    eprintln!("fast clock: {refreshed} requests until every read was refreshed once");
}
