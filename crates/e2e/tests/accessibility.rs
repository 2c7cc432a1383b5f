//! Accessibility: axe-core (npm, injected by the harness) finds no violation of WCAG 2.0/2.1 A
//! and AA or of its best practices on any page, in English and Chinese, light and dark.

use std::time::{Duration, Instant};

use e2e::serde_json::json;
use e2e::{axe_report, cdp, contents, Harness, LOAD};

const HZ: i64 = 1000001; // ob-prod-hz: strategy, history with a gap, windows
const SH: i64 = 1000002; // ob-prod-sh: a restore target
const BJ: i64 = 1000003; // has a failed data backup (its task detail shows an error log)
const PAY: i64 = 1000101; // pay_mysql on ob-prod-hz

/// Rules left out, each with why. None: every rule of the tags runs.
const DISABLED: &[&str] = &[];

/// One page to check: a name for the report, its path and what shows it has loaded.
struct Page {
    name: &'static str,
    path: String,
    ready: &'static str,
}

fn page(name: &'static str, path: impl Into<String>, ready: &'static str) -> Page {
    Page {
        name,
        path: path.into(),
        ready,
    }
}

/// Opens `path` and waits for `ready` (signing in again if the console asks), then lets the
/// page settle: skeletons and transitions gone.
async fn visit(h: &mut Harness, path: &str, ready: &str) {
    h.goto(path).await;
    let deadline = Instant::now() + LOAD;
    loop {
        if h.find_now("[data-testid=sign-in]").await.is_some() {
            h.sign_in_admin().await;
            h.wait_gone("[data-testid=sign-in]", LOAD).await;
        }
        if h.find_now(ready).await.is_some() {
            break;
        }
        if Instant::now() > deadline {
            h.fail(format!("{path}: no `{ready}`")).await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    settle(h).await;
}

/// Waits until no skeleton or busy region is left (at most a few seconds), then a frame.
async fn settle(h: &mut Harness) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while h.find_now(".skeleton, [aria-busy=true]").await.is_some() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
}

/// Sets language and theme as Settings would (both are remembered in localStorage) and
/// reloads, so the start script and the console pick them up.
async fn set_look(h: &mut Harness, lang: &str, theme: &str) {
    let script = format!(
        "localStorage.setItem('obc.lang', '{lang}'); \
         if ('{theme}' === 'system') localStorage.removeItem('obc.theme'); \
         else localStorage.setItem('obc.theme', '{theme}');"
    );
    h.js(&script).await;
    h.reload().await;
}

/// The restore wizard's URLs at each step, found by walking it once with the mouse.
async fn wizard_urls(h: &mut Harness) -> Vec<Page> {
    let mut out = Vec::new();
    visit(
        h,
        &format!("/clusters/{HZ}/restore"),
        "[data-testid=source-tenant]",
    )
    .await;
    out.push(page(
        "restore: source (nothing chosen)",
        current_path(h).await,
        "[data-testid=source-tenant]",
    ));
    let tenant = h.wait_for("[data-testid=source-tenant]", LOAD).await;
    if let Err(e) = tenant.select_by_value(&PAY.to_string()).await {
        h.fail(format!("choosing the tenant: {e}")).await
    }
    h.click("[data-testid=pick-latest]").await;
    h.wait_for("[data-testid=point-verdict][data-verdict=Inside]", LOAD)
        .await;
    out.push(page(
        "restore: source (point chosen)",
        current_path(h).await,
        "[data-testid=point-verdict]",
    ));
    h.click("[data-testid=wizard-next]").await;
    h.wait_for("[data-testid=wizard-step][data-step=target]", LOAD)
        .await;
    h.click(&format!(
        "[data-testid=target-cluster][data-cluster=\"{SH}\"] input"
    ))
    .await;
    h.fill("[data-testid=tenant-name]", "pay_copy").await;
    h.wait_for("[data-testid=name-ok]", LOAD).await;
    out.push(page(
        "restore: target",
        current_path(h).await,
        "[data-testid=name-ok]",
    ));
    h.click("[data-testid=wizard-next]").await;
    h.wait_for("[data-testid=wizard-step][data-step=zones]", LOAD)
        .await;
    out.push(page(
        "restore: zones",
        current_path(h).await,
        "[data-testid=zone-row]",
    ));
    for zone in ["zone1", "zone2", "zone3"] {
        let spec = h
            .wait_for(
                &format!("[data-testid=zone-row][data-zone={zone}] [data-testid=zone-spec]"),
                LOAD,
            )
            .await;
        if let Err(e) = spec.select_by_value("S1").await {
            h.fail(format!("choosing S1 in {zone}: {e}")).await
        }
    }
    h.click("[data-testid=wizard-next]").await;
    h.wait_for("[data-testid=wizard-step][data-step=review]", LOAD)
        .await;
    out.push(page(
        "restore: review",
        current_path(h).await,
        "[data-testid=preflight]",
    ));
    out
}

/// The page's `/path?query`.
async fn current_path(h: &Harness) -> String {
    let url = h
        .client()
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_default();
    url_path(&url)
}

/// `/path?query` of a full URL.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    after_scheme
        .find('/')
        .map(|i| after_scheme[i..].to_owned())
        .unwrap_or_else(|| "/".to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_in_both_languages_and_both_themes() {
    let Some(mut h) = Harness::start("axe_every_page").await else {
        return;
    };
    let started = Instant::now();
    let failed = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{BJ}/backup/task/dataBackupTasks?page=1&size=100"
        ))
        .await,
    )
    .into_iter()
    .find(|r| r["status"] == "FAILED")
    .and_then(|r| r["taskId"].as_i64())
    .expect("the seeded failed backup of ob-prod-bj");

    // The sign-in form first, as a newcomer sees it.
    h.goto("/").await;
    h.wait_for("[data-testid=sign-in]", LOAD).await;
    let mut findings: Vec<String> = Vec::new();
    let mut checked = 0;
    settle(&mut h).await;
    let v = h.axe(DISABLED).await;
    checked += 1;
    if !v.is_empty() {
        findings.push(format!("== sign-in (en-US, light)\n{}", axe_report(&v)));
    }
    h.sign_in_admin().await;
    h.wait_gone("[data-testid=sign-in]", LOAD).await;

    let mut pages = vec![
        page("clusters", "/", "[data-testid=cluster-row]"),
        page(
            "overview",
            format!("/clusters/{HZ}"),
            "[data-testid=recent-task-row]",
        ),
        page(
            "strategy",
            format!("/clusters/{HZ}/strategy"),
            "[data-testid=schedule-grid]",
        ),
        page(
            "data tasks",
            format!("/clusters/{HZ}/tasks?kind=data&range=7d"),
            "[data-testid=vtable-row]",
        ),
        page(
            "log tasks",
            format!("/clusters/{HZ}/tasks?kind=log&range=7d"),
            "[data-testid=vtable-row]",
        ),
        page(
            "restore tasks",
            format!("/clusters/{HZ}/tasks?kind=restore&range=30d"),
            "[data-testid=vtable-row], [data-testid=no-rows]",
        ),
        page(
            "task detail (failed)",
            format!("/clusters/{BJ}/tasks/{failed}"),
            "[data-testid=subtask-error]",
        ),
        page(
            "windows (all tenants)",
            format!("/clusters/{HZ}/windows"),
            "[data-testid=timeline-svg] [data-mark]",
        ),
        page(
            "windows (one tenant)",
            format!("/clusters/{HZ}/windows?tenant={PAY}"),
            "[data-testid=timeline-svg] [data-mark]",
        ),
        page("settings", "/settings", "[data-testid=account]"),
        page("not found", "/no/such/page", "[data-testid=not-found]"),
    ];
    pages.extend(wizard_urls(&mut h).await);

    for (lang, theme) in [
        ("en-US", "light"),
        ("en-US", "dark"),
        ("zh-CN", "light"),
        ("zh-CN", "dark"),
    ] {
        set_look(&mut h, lang, theme).await;
        for p in &pages {
            visit(&mut h, &p.path, p.ready).await;
            let v = h.axe(DISABLED).await;
            checked += 1;
            if !v.is_empty() {
                findings.push(format!(
                    "== {} ({lang}, {theme}) {}\n{}",
                    p.name,
                    p.path,
                    axe_report(&v)
                ));
            }
        }
        if (lang, theme) != ("en-US", "light") {
            // The sign-in form in this language and theme: forget the credentials.
            h.js("sessionStorage.removeItem('obc.credentials')").await;
            h.goto("/").await;
            h.wait_for("[data-testid=sign-in]", LOAD).await;
            settle(&mut h).await;
            let v = h.axe(DISABLED).await;
            checked += 1;
            if !v.is_empty() {
                findings.push(format!("== sign-in ({lang}, {theme})\n{}", axe_report(&v)));
            }
            h.sign_in_admin().await;
            h.wait_gone("[data-testid=sign-in]", LOAD).await;
        }
    }
    eprintln!(
        "axe: {checked} page views checked in {:.0?}",
        started.elapsed()
    );
    assert!(
        findings.is_empty(),
        "axe-core violations on {} of {checked} page views:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

/// Every page at 200 % zoom (a 1280 px window zoomed twice: 640 CSS px wide, device pixel ratio
/// 2), in Chinese and dark: the document never scrolls sideways (a wide table scrolls inside its
/// own box), and the page's main action lies within the width of the window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_reads_at_200_percent_zoom() {
    let Some(mut h) = Harness::start("zoom_200").await else {
        return;
    };
    let started = Instant::now();
    let zoomed = json!({ "width": 640, "height": 400, "deviceScaleFactor": 2, "mobile": false });
    if let Err(e) = cdp(h.client(), "Emulation.setDeviceMetricsOverride", zoomed).await {
        h.fail(format!("CDP: {e}")).await
    }
    h.goto("/").await;
    h.wait_for("[data-testid=sign-in]", LOAD).await;
    let mut problems = Vec::new();
    problems.extend(zoom_check(&mut h, "sign-in", "[data-testid=signin-submit]").await);
    h.sign_in_admin().await;
    h.wait_gone("[data-testid=sign-in]", LOAD).await;
    let failed = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{BJ}/backup/task/dataBackupTasks?page=1&size=100"
        ))
        .await,
    )
    .into_iter()
    .find(|r| r["status"] == "FAILED")
    .and_then(|r| r["taskId"].as_i64())
    .unwrap_or_default();
    let mut pages = vec![
        (
            page("clusters", "/", "[data-testid=cluster-row]"),
            "a[data-testid=cluster-link]",
        ),
        (
            page(
                "overview",
                format!("/clusters/{HZ}"),
                "[data-testid=recent-task-row]",
            ),
            "[data-testid=backup-now-open]",
        ),
        (
            page(
                "strategy",
                format!("/clusters/{HZ}/strategy"),
                "[data-testid=schedule-grid]",
            ),
            "[data-testid=save-strategy]",
        ),
        (
            page(
                "data tasks",
                format!("/clusters/{HZ}/tasks?kind=data&range=7d"),
                "[data-testid=vtable-row]",
            ),
            "[data-testid=refresh]",
        ),
        (
            page(
                "task detail",
                format!("/clusters/{BJ}/tasks/{failed}"),
                "[data-testid=subtask-error]",
            ),
            "[data-testid=back-to-cluster]",
        ),
        (
            page(
                "windows",
                format!("/clusters/{HZ}/windows?tenant={PAY}"),
                "[data-testid=timeline-svg] [data-mark]",
            ),
            "[data-testid=zoom-in]",
        ),
        (
            page("settings", "/settings", "[data-testid=account]"),
            "#theme-dark",
        ),
        (
            page("not found", "/no/such/page", "[data-testid=not-found]"),
            "[data-testid=not-found] a",
        ),
    ];
    for (i, p) in wizard_urls(&mut h).await.into_iter().enumerate() {
        let action = if i == 4 {
            "[data-testid=restore-submit]"
        } else {
            "[data-testid=wizard-next]"
        };
        pages.push((p, action));
    }
    set_look(&mut h, "zh-CN", "dark").await;
    for (p, action) in &pages {
        visit(&mut h, &p.path, p.ready).await;
        problems.extend(zoom_check(&mut h, p.name, action).await);
    }
    // Two pictures to look at: the windows page and the wizard's review.
    visit(&mut h, &pages[5].0.path, pages[5].0.ready).await;
    h.js("document.querySelector('[data-testid=timeline-svg]').scrollIntoView({block: 'center'})")
        .await;
    let _ = h.screenshot(Some("windows-zh-dark")).await;
    visit(&mut h, &pages[1].0.path, pages[1].0.ready).await;
    let _ = h.screenshot(Some("overview-zh-dark")).await;
    let review = &pages.last().map(|p| p.0.path.clone()).unwrap_or_default();
    visit(&mut h, review, "[data-testid=preflight]").await;
    let _ = h.screenshot(Some("review-zh-dark")).await;
    eprintln!(
        "200 % zoom: {} pages in {:.0?}",
        pages.len() + 1,
        started.elapsed()
    );
    assert!(problems.is_empty(), "at 200 %:\n{}", problems.join("\n"));
}

/// What is wrong with the page at this zoom: sideways scrolling, or `action` outside the
/// window's width (or missing).
async fn zoom_check(h: &mut Harness, name: &str, action: &str) -> Vec<String> {
    let script = format!(
        "const d = document.documentElement; const a = document.querySelector({}); \
         if (a) a.scrollIntoView({{block: 'center', inline: 'nearest'}}); \
         const r = a && a.getBoundingClientRect(); \
         const clipped = (e) => {{ if (getComputedStyle(e).position === 'absolute') return false; for (let p = e.parentElement; p && p !== d; p = p.parentElement) \
           {{ if (getComputedStyle(p).overflowX !== 'visible') return true; }} return false; }}; \
         const wide = [...document.querySelectorAll('body *')].filter((e) => {{ \
           const b = e.getBoundingClientRect(); \
           const spills = getComputedStyle(e).overflowX === 'visible' && b.left + e.scrollWidth > d.clientWidth + 1; \
           return b.width > 0 && (b.right > d.clientWidth + 1 || spills) && !clipped(e); }}) \
           .slice(0, 6).map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') \
             + ' ' + Math.round(e.getBoundingClientRect().width)); \
         return {{ scroll: d.scrollWidth, client: d.clientWidth, \
           action: r ? [r.left, r.right, r.width] : null, wide }};",
        json!(action)
    );
    let v = h.js(&script).await;
    let mut out = Vec::new();
    let (scroll, client) = (
        v["scroll"].as_f64().unwrap_or(0.0),
        v["client"].as_f64().unwrap_or(0.0),
    );
    if scroll > client + 1.0 {
        out.push(format!(
            "{name}: the page scrolls sideways ({scroll} > {client} px); wide: {}",
            v["wide"]
        ));
    }
    match v["action"].as_array() {
        None => out.push(format!("{name}: no {action}")),
        Some(r) => {
            let (left, right, width) = (
                r[0].as_f64().unwrap_or(-1.0),
                r[1].as_f64().unwrap_or(-1.0),
                r[2].as_f64().unwrap_or(0.0),
            );
            if width <= 0.0 || left < 0.0 || right > client + 1.0 {
                out.push(format!(
                    "{name}: {action} is at {left}..{right}, outside 0..{client}"
                ));
            }
        }
    }
    out
}
