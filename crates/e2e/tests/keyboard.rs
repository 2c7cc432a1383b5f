//! Keyboard alone: the restore wizard from the source tenant to a submitted restore, the
//! strategy's schedule grid edited and saved, a restore point reached on the timeline; and
//! every element the keyboard reaches shows where the focus is, in both themes. Only key
//! presses (WebDriver key actions: Tab, Shift+Tab, Enter, Space, arrows, text) drive the page
//! here; scripts only read it.

use std::time::{Duration, Instant};

use e2e::fantoccini::key::Key;
use e2e::serde_json::json;
use e2e::{axe_report, contents, data, Harness, LOAD, UI};

const HZ: i64 = 1000001; // ob-prod-hz: a weekly strategy, windows with a gap
const SH: i64 = 1000002; // ob-prod-sh: a restore target
const PAY: i64 = 1000101; // pay_mysql on ob-prod-hz

/// Signs in by keyboard: the user field has the focus (or is reached with Tab), the password
/// is typed after a Tab, Enter submits.
async fn sign_in_by_keys(h: &mut Harness) {
    h.wait_for("#signin-user", LOAD).await;
    h.tab_to("#signin-user", 10, false).await;
    let (user, password) = (h.emu.user.clone(), h.emu.password.clone());
    // The user field may hold the last user: typed over.
    h.chord(Key::Control.into(), 'a').await;
    type_text(h, &user).await;
    h.tab_to("#signin-password", 3, false).await;
    type_text(h, &password).await;
    h.keys(&[Key::Enter.into()]).await;
    h.wait_gone("[data-testid=sign-in]", LOAD).await;
}

async fn type_text(h: &mut Harness, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    h.keys(&chars).await;
}

/// Opens `path` and signs in by keyboard when asked.
async fn open(h: &mut Harness, path: &str, ready: &str) {
    h.goto(path).await;
    let deadline = Instant::now() + LOAD;
    loop {
        if h.find_now("[data-testid=sign-in]").await.is_some() {
            sign_in_by_keys(h).await;
        }
        if h.find_now(ready).await.is_some() {
            return;
        }
        if Instant::now() > deadline {
            h.fail(format!("{path}: no `{ready}`")).await
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// axe-core finds nothing on the page as it is now (a state the page walk of
/// `accessibility.rs` does not reach).
async fn no_axe_violation(h: &mut Harness, what: &str) {
    let v = h.axe(&[]).await;
    assert!(v.is_empty(), "axe-core on {what}:\n{}", axe_report(&v));
}

/// The value of the first element matching `css`.
async fn value_of(h: &mut Harness, css: &str) -> String {
    h.js(&format!(
        "const e = document.querySelector({}); return e ? e.value : null",
        json!(css)
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Chooses `value` in the `<select>` matching `css` as a keyboard user does: Tab to it, then
/// arrow keys (a closed select changes its choice with each arrow).
async fn choose_by_keys(h: &mut Harness, css: &str, value: &str, tabs: usize) {
    h.tab_to(css, tabs, false).await;
    for key in [Key::Down, Key::Up] {
        for _ in 0..30 {
            if value_of(h, css).await == value {
                return;
            }
            h.keys(&[key.into()]).await;
        }
    }
    let now = value_of(h, css).await;
    h.fail(format!(
        "{css}: arrows never reached {value:?} (at {now:?})"
    ))
    .await
}

async fn press(h: &mut Harness, key: Key) {
    h.keys(&[key.into()]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_restore_wizard_by_keyboard_alone() {
    let Some(mut h) =
        Harness::start_with("keyboard_restore_wizard", None, &["--time-scale", "600"]).await
    else {
        return;
    };
    let started = Instant::now();
    open(
        &mut h,
        &format!("/clusters/{HZ}/restore"),
        "[data-testid=source-tenant]",
    )
    .await;
    // 1: the source tenant, then its latest point.
    choose_by_keys(&mut h, "[data-testid=source-tenant]", &PAY.to_string(), 40).await;
    h.tab_to("[data-testid=pick-latest]", 20, false).await;
    press(&mut h, Key::Enter).await;
    h.wait_for("[data-testid=point-verdict][data-verdict=Inside]", UI)
        .await;
    h.tab_to("[data-testid=wizard-next]", 40, false).await;
    let ring = h.focus_ring().await;
    assert!(
        ring.0.starts_with("solid 2px"),
        "Next's focus ring: {ring:?}"
    );
    press(&mut h, Key::Enter).await;
    h.wait_for("[data-testid=wizard-step][data-step=target]", LOAD)
        .await;

    // 2: the target by arrows in its radio group, a new name typed.
    h.wait_for("input[name=target-cluster]:not([disabled])", LOAD)
        .await;
    h.tab_to("input[name=target-cluster]", 40, false).await;
    let wanted = format!("[data-cluster=\"{SH}\"] input");
    for _ in 0..10 {
        if h.find_now(&format!("{wanted}:checked")).await.is_some() {
            break;
        }
        press(&mut h, Key::Down).await;
    }
    h.wait_for(&format!("{wanted}:checked"), UI).await;
    h.tab_to("[data-testid=tenant-name]", 10, false).await;
    type_text(&mut h, "pay_by_keys").await;
    h.wait_for("[data-testid=name-ok]", LOAD).await;
    h.tab_to("[data-testid=wizard-next]", 20, false).await;
    press(&mut h, Key::Enter).await;
    h.wait_for("[data-testid=wizard-step][data-step=zones]", LOAD)
        .await;

    // 3: a unit spec for every zone; the primary zone order changed with its buttons.
    for zone in ["zone1", "zone2", "zone3"] {
        choose_by_keys(
            &mut h,
            &format!("[data-testid=zone-row][data-zone={zone}] [data-testid=zone-spec]"),
            "S1",
            20,
        )
        .await;
    }
    h.tab_to("[data-testid=wizard-next]", 40, false).await;
    press(&mut h, Key::Enter).await;
    h.wait_for("[data-testid=wizard-step][data-step=review]", LOAD)
        .await;

    // 4: every check passes; submit.
    h.wait_for("[data-testid=preflight]", LOAD).await;
    let passes = h.find_all("[data-testid=check][data-pass=true]").await;
    assert_eq!(passes.len(), 4, "{}", h.body_text().await);
    h.tab_to("[data-testid=restore-submit]", 40, false).await;
    press(&mut h, Key::Enter).await;
    h.wait_for("[data-testid=restore-follow]", LOAD).await;
    h.wait_for("[data-testid=restore-row]", LOAD).await;
    let rows = contents(
        &h.api_get(&format!(
            "/api/v2/ob/clusters/{SH}/backup/task/restoreTasks?page=1&size=100"
        ))
        .await,
    );
    let ours = rows
        .iter()
        .filter(|r| r["restoreTenantName"] == "pay_by_keys")
        .count();
    assert_eq!(ours, 1, "one restore task for pay_by_keys: {rows:?}");
    no_axe_violation(&mut h, "the restore being followed").await;
    eprintln!("keyboard restore wizard: {:.0?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schedule_grid_by_keyboard_alone() {
    let Some(mut h) = Harness::start("keyboard_schedule_grid").await else {
        return;
    };
    let started = Instant::now();
    let path = format!("/api/v2/ob/clusters/{HZ}/backup/config/backupStrategy");
    open(
        &mut h,
        &format!("/clusters/{HZ}/strategy"),
        "[data-testid=schedule-grid] [data-day]",
    )
    .await;
    // The grid is one tab stop; arrows walk it; Space cycles none → full.
    h.tab_to(
        "[data-testid=schedule-grid] [data-day][tabindex=\"0\"]",
        60,
        false,
    )
    .await;
    press(&mut h, Key::Home).await;
    press(&mut h, Key::Right).await;
    press(&mut h, Key::Right).await;
    h.wait_for("[data-day=\"3\"]:focus", UI).await;
    let ring = h.focus_ring().await;
    assert!(
        ring.0.starts_with("solid 2px"),
        "a grid cell's focus ring: {ring:?}"
    );
    assert_eq!(
        h.wait_for("[data-day=\"3\"]", UI)
            .await
            .attr("data-kind")
            .await
            .ok()
            .flatten()
            .as_deref(),
        Some("none")
    );
    press(&mut h, Key::Space).await;
    h.wait_for_attr("[data-day=\"3\"]", "data-kind", "full", UI)
        .await;
    // Enter cycles too: Wednesday goes on to incremental.
    press(&mut h, Key::Enter).await;
    h.wait_for_attr("[data-day=\"3\"]", "data-kind", "incremental", UI)
        .await;
    // Saturday (incremental) back to none: two more presses of Space from incremental.
    press(&mut h, Key::End).await;
    press(&mut h, Key::Left).await;
    h.wait_for("[data-day=\"6\"]:focus", UI).await;
    press(&mut h, Key::Space).await;
    h.wait_for_attr("[data-day=\"6\"]", "data-kind", "none", UI)
        .await;

    // Retention: cleanup switched on if it is off, the days typed over.
    if h.find_now("#retention-days").await.is_none() {
        h.tab_to("#clean-enabled", 60, false).await;
        press(&mut h, Key::Space).await;
        h.wait_for("#retention-days", UI).await;
    }
    h.tab_to("#retention-days", 60, false).await;
    h.chord(Key::Control.into(), 'a').await;
    type_text(&mut h, "14").await;
    h.wait_for("[data-testid=unsaved]", UI).await;
    h.tab_to("[data-testid=save-strategy]", 80, false).await;
    press(&mut h, Key::Enter).await;

    let deadline = Instant::now() + LOAD;
    let saved = loop {
        let v = h.api_get(&path).await;
        let map = &data(&v)["obBackupScheduleConfig"]["dayAndDataBackupModelMap"];
        if map["3"] == "INCREMENTAL_BACKUP" {
            break v;
        }
        if Instant::now() > deadline {
            h.fail(format!("the strategy was not saved: {v}")).await
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let map = &data(&saved)["obBackupScheduleConfig"]["dayAndDataBackupModelMap"];
    assert_eq!(
        *map,
        json!({"2": "FULL_BACKUP", "3": "INCREMENTAL_BACKUP", "4": "FULL_BACKUP"}),
        "Wednesday incremental, Saturday none, the rest as it was"
    );
    assert!(
        saved.to_string().contains("\"backupDataRetentionDays\":14"),
        "retention 14 days: {saved}"
    );
    h.wait_gone("[data-testid=unsaved]", LOAD).await;
    no_axe_violation(&mut h, "the strategy after a save").await;
    eprintln!("keyboard schedule grid: {:.0?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_point_on_the_timeline_by_keyboard_alone() {
    let Some(mut h) = Harness::start("keyboard_timeline").await else {
        return;
    };
    open(
        &mut h,
        &format!("/clusters/{HZ}/windows?tenant={PAY}"),
        "[data-testid=timeline-svg] [data-mark]",
    )
    .await;
    // One mark is in the tab order; arrows walk the window edges, points and gaps.
    h.tab_to("[data-testid=timeline-svg] [data-mark]", 40, false)
        .await;
    h.wait_for("[data-testid=timeline-tip]", UI).await;
    let ring = h.focus_ring().await;
    assert!(
        !ring.2.starts_with("none") && !ring.2.ends_with(" 0px"),
        "a focused mark is drawn with a ring: {ring:?}"
    );
    // Walk left to a window's end edge and choose it with Enter.
    let mut walked = Vec::new();
    for _ in 0..40 {
        let m = focused_mark(&mut h).await;
        if m.starts_with("ee:") {
            break;
        }
        walked.push(m);
        press(&mut h, Key::Left).await;
    }
    let at = focused_mark(&mut h).await;
    assert!(
        at.starts_with("ee:"),
        "no window end reached by arrows: {walked:?}"
    );
    let tip = h.wait_for("[data-testid=timeline-tip]", UI).await;
    let tip = tip.text().await.unwrap_or_default();
    assert!(tip.contains('.'), "the tip shows the time to the µs: {tip}");
    press(&mut h, Key::Enter).await;
    h.wait_for("[data-testid=restore-here]", UI).await;
    no_axe_violation(&mut h, "the timeline with a point chosen and its tip").await;
    h.tab_to("[data-testid=restore-here]", 20, false).await;
    press(&mut h, Key::Enter).await;
    h.wait_for("[data-testid=point-verdict][data-verdict=Inside]", LOAD)
        .await;
}

/// The `data-mark` of the focused timeline mark ("" when the focus is elsewhere).
async fn focused_mark(h: &mut Harness) -> String {
    h.js("return document.activeElement.getAttribute('data-mark') || ''")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Every stop of the first `stops` Tab presses on `path` shows a focus indicator: an outline
/// of at least 2px, a box-shadow, or (an SVG mark) a stroke.
async fn every_stop_shows_focus(
    h: &mut Harness,
    path: &str,
    ready: &str,
    stops: usize,
) -> (usize, Vec<String>) {
    open(h, path, ready).await;
    let mut bad = Vec::new();
    h.js("document.activeElement && document.activeElement.blur()")
        .await;
    let mut seen = std::collections::HashSet::new();
    let mut checked = 0;
    for _ in 0..stops {
        press(h, Key::Tab).await;
        let what = h.focused().await;
        if what.starts_with("body") || !seen.insert(what.clone()) {
            break;
        }
        checked += 1;
        let (outline, shadow, stroke) = h.focus_ring().await;
        let outline_ok = !outline.starts_with("none")
            && outline
                .split_whitespace()
                .nth(1)
                .and_then(|w| w.trim_end_matches("px").parse::<f64>().ok())
                .is_some_and(|w| w >= 2.0);
        let svg_ok = what.starts_with("rect")
            || what.starts_with("circle")
            || what.starts_with("path")
            || what.starts_with("g ");
        let svg_ok = svg_ok && !stroke.starts_with("none");
        if !(outline_ok || shadow != "none" || svg_ok) {
            bad.push(format!(
                "{path}: {what}: outline {outline}, box-shadow {shadow}, stroke {stroke}"
            ));
        }
    }
    (checked, bad)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_focus_stop_is_visible_in_both_themes() {
    let Some(mut h) = Harness::start("keyboard_focus_visible").await else {
        return;
    };
    let started = Instant::now();
    let pages = [
        ("/", "[data-testid=cluster-row]"),
        (&*format!("/clusters/{HZ}"), "[data-testid=recent-task-row]"),
        (
            &*format!("/clusters/{HZ}/strategy"),
            "[data-testid=schedule-grid]",
        ),
        (
            &*format!("/clusters/{HZ}/windows"),
            "[data-testid=timeline-svg] [data-mark]",
        ),
        (
            &*format!("/clusters/{HZ}/tasks?kind=data&range=7d"),
            "[data-testid=vtable-row]",
        ),
        ("/settings", "[data-testid=account]"),
    ]
    .map(|(p, r)| (p.to_owned(), r));
    let mut bad = Vec::new();
    let mut total = 0;
    for theme in ["light", "dark"] {
        h.goto("/settings").await;
        h.js(&format!("localStorage.setItem('obc.theme', '{theme}')"))
            .await;
        for (path, ready) in &pages {
            let (checked, found) = every_stop_shows_focus(&mut h, path, ready, 35).await;
            assert!(checked >= 5, "{theme} {path}: only {checked} Tab stops");
            total += checked;
            bad.extend(found.into_iter().map(|b| format!("{theme}: {b}")));
        }
    }
    eprintln!(
        "focus rings: {total} Tab stops in {:.0?}",
        started.elapsed()
    );
    assert!(bad.is_empty(), "focus not shown:\n{}", bad.join("\n"));
}
