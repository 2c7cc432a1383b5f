//! The recoverable-window timeline in headless Chromium: what it draws, what keyboard focus and
//! clicks do, the tables beside it, and the page's URL.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ob_backup_console::components::timeline::{TimeFmt, Timeline, TimelineTables};
use ob_backup_console::i18n::{I18n, Lang};
use ocp_model::timeline::lanes::Lanes;
use ocp_model::timeline::{format_micros, View, US_PER_DAY, US_PER_HOUR};
use ocp_model::RecoverableTime;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod browser;
mod timeline_data;

use timeline_data::{cst, info, messy_lanes, month_lanes, point_item, us, week, window_item};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the timeline and its tables; answers the container and the picks it reports.
async fn mount_timeline(lanes: Lanes, range: View) -> (web_sys::HtmlElement, RwSignal<Vec<i64>>) {
    let document = document();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    container.set_attribute("style", "width: 1000px").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let picks = RwSignal::new(Vec::<i64>::new());
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(I18n::new(Lang::En));
        let fmt = Signal::stored(TimeFmt::Fixed(cst()));
        let lanes = Memo::new(move |_| lanes.clone());
        let none = Signal::stored(None::<i64>);
        view! {
            <Timeline lanes range=range now_us=none fmt picked=none
                on_pick=Callback::new(move |t| picks.update(|p| p.push(t))) />
            <TimelineTables lanes fmt />
        }
    });
    handle.forget();
    // The chart measures its width after mounting.
    browser::sleep(30).await;
    (container, picks)
}

fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn attr(e: &web_sys::Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    browser::text_of(root, selector).unwrap_or_default()
}

/// Clicks the chart as a pointer would, at plot x `plot_x` (px) on the windows lane; answers
/// what was under the pointer.
fn click_plot(root: &web_sys::HtmlElement, plot_x: f64) -> String {
    let f = js_sys::Function::new_with_args(
        "svg, gutter, x, y",
        r#"svg.scrollIntoView({block: "center"});
        const r = svg.getBoundingClientRect();
        const cx = r.left + gutter + x, cy = r.top + y;
        const el = document.elementFromPoint(cx, cy);
        el.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: cx, clientY: cy, button: 0}));
        return el.getAttribute("data-mark") || el.tagName;"#,
    );
    let svg = browser::query(root, "[data-testid=timeline-svg]").unwrap();
    let y = ob_backup_console::components::timeline::geo::WIN_Y + 20.0;
    let args = js_sys::Array::of4(
        &svg,
        &JsValue::from(ob_backup_console::components::timeline::geo::GUTTER),
        &JsValue::from(plot_x),
        &JsValue::from(y),
    );
    f.apply(&JsValue::NULL, &args)
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// A click that bubbles, as a pointer's does, on `el`.
fn click_el(el: &web_sys::Element) {
    js_sys::Function::new_with_args(
        "el",
        r#"el.dispatchEvent(new MouseEvent("click", {bubbles: true, button: 0}));"#,
    )
    .call1(&JsValue::NULL, el)
    .unwrap();
}

fn num(e: &web_sys::Element, name: &str) -> f64 {
    attr(e, name).parse().unwrap()
}

fn active_mark() -> String {
    document()
        .active_element()
        .and_then(|e| e.get_attribute("data-mark"))
        .unwrap_or_default()
}

fn key(el: &web_sys::Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn one_element_per_merged_window_and_per_point_and_a_zero_length_window_stays_visible() {
    let (root, _) = mount_timeline(messy_lanes(), week()).await;
    let windows = all(&root, "[data-testid=window]");
    let spans: Vec<(String, String)> = windows
        .iter()
        .map(|w| (attr(w, "data-start"), attr(w, "data-end")))
        .collect();
    // Four windows sent unsorted, overlapping and touching are one; the zero-length one stays.
    assert_eq!(
        spans,
        vec![
            (
                us("2026-11-22T02:00:10.986847+08:00").to_string(),
                us("2026-11-23T15:00:00+08:00").to_string()
            ),
            (
                us("2026-11-24T10:00:00+08:00").to_string(),
                us("2026-11-25T09:30:00.000001+08:00").to_string()
            ),
            ("1795665600000123".to_owned(), "1795665600000123".to_owned()),
        ]
    );
    assert!(
        num(&windows[2], "width") >= 3.0,
        "zero length drawn 3 px wide"
    );
    assert_eq!(all(&root, "[data-testid=point]").len(), 4);
    assert_eq!(all(&root, "[data-testid=log]").len(), 2);
    assert_eq!(all(&root, "[data-testid=gap]").len(), 2);
    // Five edges: two per window, one for the single instant.
    assert_eq!(all(&root, "[data-testid=window-edge]").len(), 5);
    assert_eq!(
        text(&root, "[data-testid=timeline-summary]"),
        "Windows: 3 · gaps: 2 · backup points: 4"
    );
    let labels: Vec<String> = all(&root, "[data-testid=gap-label]")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, vec!["gap 19h 00m", "gap 1d 2h"]);
}

#[wasm_bindgen_test]
async fn the_tables_hold_the_same_windows_and_times_as_the_chart() {
    let lanes = messy_lanes();
    let (root, _) = mount_timeline(lanes.clone(), week()).await;
    let chart: Vec<String> = all(&root, "[data-testid=window]")
        .iter()
        .flat_map(|w| [attr(w, "data-start"), attr(w, "data-end")])
        .collect();
    let table: Vec<String> = all(&root, "[data-testid=table-window] td[data-us]")
        .iter()
        .map(|c| attr(c, "data-us"))
        .collect();
    assert_eq!(chart, table);
    let shown: Vec<String> = all(&root, "[data-testid=table-window] td[data-us]")
        .iter()
        .map(|c| c.text_content().unwrap_or_default())
        .collect();
    assert_eq!(shown[0], "2026-11-22 02:00:10.986847 +08:00");
    assert_eq!(shown[3], "2026-11-25 09:30:00.000001 +08:00");
    assert_eq!(shown[4], shown[5], "zero length: one instant");
    assert_eq!(all(&root, "[data-testid=table-gap]").len(), 2);
    let points = all(&root, "[data-testid=table-point]");
    assert_eq!(points.len(), 4);
    assert_eq!(attr(&points[3], "data-restorable"), "false");
    assert!(points[3]
        .text_content()
        .unwrap_or_default()
        .contains("No: log not reached (4018)"));
    assert_eq!(all(&root, "[data-testid=table-log]").len(), 2);
}

#[wasm_bindgen_test]
async fn keyboard_focus_walks_edges_points_and_gaps_and_shows_the_exact_time() {
    let (root, picks) = mount_timeline(messy_lanes(), week()).await;
    // One mark is in the tab order (Tab reaches it), the newest in view.
    let stops = all(&root, "[data-mark][tabindex='0']");
    assert_eq!(stops.len(), 1);
    assert_eq!(attr(&stops[0], "data-mark"), "es:1795665600000123");
    // Home: the first stop; then arrows walk in time order.
    let first = stops[0].clone().unchecked_into::<web_sys::SvgElement>();
    first.focus().unwrap();
    key(&first, "Home");
    leptos::task::tick().await;
    assert_eq!(
        active_mark(),
        format!("es:{}", us("2026-11-22T02:00:10.986847+08:00"))
    );
    assert_eq!(
        text(&root, "[data-testid=timeline-tip]"),
        "Window 1 starts: 2026-11-22 02:00:10.986847 +08:00"
    );
    let next = |root: web_sys::HtmlElement| async move {
        let el = document().active_element().unwrap();
        key(&el, "ArrowRight");
        leptos::task::tick().await;
        (active_mark(), text(&root, "[data-testid=timeline-tip]"))
    };
    let (mark, tip) = next(root.clone()).await;
    assert_eq!(
        mark,
        format!("pf:{}", us("2026-11-22T02:00:10.986847+08:00"))
    );
    assert!(
        tip.starts_with("Full backup #1: 2026-11-22 02:00:10.986847 +08:00"),
        "{tip}"
    );
    let (mark, _) = next(root.clone()).await;
    assert!(mark.starts_with("pi:"), "{mark}");
    let (mark, tip) = next(root.clone()).await;
    assert!(mark.starts_with("ee:"), "{mark}");
    assert_eq!(tip, "Window 1 ends: 2026-11-23 15:00:00.000000 +08:00");
    let (mark, tip) = next(root.clone()).await;
    assert!(mark.starts_with("g:"), "{mark}");
    assert!(tip.starts_with("Gap 1: nothing can be restored"), "{tip}");
    assert!(tip.contains("(gap 19h 00m)"), "{tip}");
    // Enter on an edge chooses it, exactly.
    key(&document().active_element().unwrap(), "ArrowLeft");
    leptos::task::tick().await;
    key(&document().active_element().unwrap(), "Enter");
    leptos::task::tick().await;
    assert_eq!(picks.get_untracked(), vec![us("2026-11-23T15:00:00+08:00")]);
    // Escape hides the tooltip.
    key(&document().active_element().unwrap(), "Escape");
    leptos::task::tick().await;
    assert!(browser::query(&root, "[data-testid=timeline-tip]").is_none());
}

#[wasm_bindgen_test]
async fn a_click_in_a_gap_is_refused_naming_the_nearest_points_before_and_after() {
    let (root, picks) = mount_timeline(messy_lanes(), week()).await;
    let gap = &all(&root, "[data-testid=gap]")[0];
    let under = click_plot(&root, num(gap, "x") + num(gap, "width") / 2.0);
    assert!(under.starts_with("g:"), "clicked on {under}");
    leptos::task::tick().await;
    assert!(picks.get_untracked().is_empty(), "nothing chosen");
    let notice = text(&root, "[data-testid=timeline-notice]");
    assert!(notice.contains("is in a gap"), "{notice}");
    assert!(
        notice.contains(
            "before, 2026-11-23 15:00:00.000000 +08:00; after, 2026-11-24 10:00:00.000000 +08:00"
        ),
        "{notice}"
    );
}

#[wasm_bindgen_test]
async fn a_click_inside_a_window_chooses_that_instant_and_just_outside_snaps_to_the_edge() {
    let (root, picks) = mount_timeline(messy_lanes(), week()).await;
    let w = &all(&root, "[data-testid=window]")[1];
    let (x, width) = (num(w, "x"), num(w, "width"));
    click_plot(&root, x + width / 2.0);
    leptos::task::tick().await;
    let got = picks.get_untracked();
    assert_eq!(got.len(), 1);
    let (start, end) = (
        us("2026-11-24T10:00:00+08:00"),
        us("2026-11-25T09:30:00.000001+08:00"),
    );
    assert!(start < got[0] && got[0] < end, "{got:?}");
    // The instant under the pointer, to within a pixel's time.
    let per_px = week().span_us() as f64 / (1000.0 - 104.0 - 12.0);
    let mid = start + (end - start) / 2;
    assert!(
        ((got[0] - mid) as f64).abs() < per_px * 1.5,
        "{got:?} vs {mid}"
    );
    // Three pixels after the window's end: onto the edge, said so.
    click_plot(&root, x + width + 3.0);
    leptos::task::tick().await;
    assert_eq!(picks.get_untracked()[1], end);
    assert!(
        text(&root, "[data-testid=timeline-notice]").starts_with("Moved onto the window's edge.")
    );
}

#[wasm_bindgen_test]
async fn a_backup_point_the_log_archive_has_not_reached_is_marked_and_cannot_be_chosen() {
    let (root, picks) = mount_timeline(messy_lanes(), week()).await;
    let points = all(&root, "[data-testid=point]");
    let flags: Vec<String> = points.iter().map(|p| attr(p, "data-restorable")).collect();
    assert_eq!(flags, vec!["true", "true", "true", "false"]);
    let late = &points[3];
    assert!(attr(late, "class").contains("timeline__point--unreachable"));
    assert!(attr(late, "aria-label").contains("OceanBase error 4018"));
    click_el(late);
    leptos::task::tick().await;
    assert!(picks.get_untracked().is_empty());
    let notice = text(&root, "[data-testid=timeline-notice]");
    assert!(
        notice.starts_with("2026-11-25 10:02:00.500000 +08:00: Not a restore point"),
        "{notice}"
    );
    assert!(notice.contains("No enough log for restore"), "{notice}");
    // A reachable point is chosen exactly.
    click_el(&points[2]);
    leptos::task::tick().await;
    assert_eq!(picks.get_untracked(), vec![us("2026-11-24T10:00:00+08:00")]);
}

#[wasm_bindgen_test]
async fn zoom_buttons_and_keys_change_the_view_and_reset_goes_back() {
    let (root, _) = mount_timeline(messy_lanes(), week()).await;
    let w = &all(&root, "[data-testid=window]")[1];
    let before = num(w, "width");
    browser::query(&root, "[data-testid=zoom-in]")
        .unwrap()
        .click();
    leptos::task::tick().await;
    assert!(num(w, "width") > before * 1.4, "zoomed in");
    let svg = browser::query(&root, "[data-testid=timeline-svg]").unwrap();
    key(&svg, "-");
    leptos::task::tick().await;
    assert!((num(w, "width") - before).abs() < 1.0, "zoomed back out");
    let x = num(w, "x");
    key(&svg, "ArrowRight");
    leptos::task::tick().await;
    assert!(num(w, "x") < x - 50.0, "panned to later times");
    browser::query(&root, "[data-testid=zoom-reset]")
        .unwrap()
        .click();
    leptos::task::tick().await;
    assert!((num(w, "x") - x).abs() < 0.01);
    // A wheel notch up zooms in around the pointer, and the page does not scroll.
    let f = js_sys::Function::new_with_args(
        "svg, x",
        r#"const r = svg.getBoundingClientRect();
        const ev = new WheelEvent("wheel", {bubbles: true, cancelable: true, deltaY: -100, clientX: r.left + x, clientY: r.top + 130});
        svg.dispatchEvent(ev);
        return ev.defaultPrevented;"#,
    );
    let prevented = f
        .call2(&JsValue::NULL, &svg, &JsValue::from(500.0))
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        prevented.as_bool(),
        Some(true),
        "wheel kept from scrolling the page"
    );
    assert!(num(w, "width") > before * 1.4, "wheel zoomed in");
}

#[wasm_bindgen_test]
async fn thirty_days_of_about_a_thousand_items_render_fast() {
    let from = us("2026-10-29T00:00:00+08:00");
    let lanes = month_lanes(from);
    let items = lanes.windows.len() + lanes.points.len() + lanes.logs.len() + lanes.gaps().len();
    let range = View {
        from_us: from,
        to_us: from + 30 * US_PER_DAY,
    };
    let started = js_sys::Date::now();
    let (root, _) = mount_timeline(lanes, range).await;
    let mounted = js_sys::Date::now() - started - 30.0;
    let marks = all(&root, "[data-mark]").len();
    // A pan redraws every mark's position.
    let svg = browser::query(&root, "[data-testid=timeline-svg]").unwrap();
    let started = js_sys::Date::now();
    key(&svg, "ArrowRight");
    leptos::task::tick().await;
    let panned = js_sys::Date::now() - started;
    web_sys::console::log_1(
        &format!(
            "timeline render: {items} items ({marks} marks), mount + tables {mounted:.0} ms, one pan {panned:.0} ms"
        )
        .into(),
    );
    wasm_bindgen_test::console_log!(
        "timeline render: {items} items ({marks} marks), mount + tables {mounted:.0} ms, one pan {panned:.0} ms"
    );
    assert!(items >= 1000, "{items}");
    assert!(mounted < 5_000.0, "{mounted} ms");
}

#[wasm_bindgen_test]
async fn the_page_reads_the_week_with_offsets_and_a_click_inside_puts_the_point_in_the_url() {
    let now_us = (js_sys::Date::now() as i64) * 1000;
    let t = |us: i64| {
        RecoverableTime::new(
            chrono::DateTime::from_timestamp_micros(us)
                .unwrap()
                .with_timezone(&cst()),
        )
        .to_wire()
    };
    let items = vec![
        window_item(&t(now_us - 5 * US_PER_DAY), &t(now_us - 3 * US_PER_DAY)),
        window_item(&t(now_us - 2 * US_PER_DAY), &t(now_us - US_PER_HOUR + 17)),
        point_item("FULL_DATA_BACKUP", &t(now_us - 5 * US_PER_DAY), 1),
    ];
    browser::stub_fetch(&[("/backup/info", browser::ok(info(items)))], 0);
    let (root, _app) = browser::open("/clusters/1/windows");
    browser::wait_for(&root, "[data-testid=window]").await;
    let asked = browser::requests("/backup/info");
    assert!(
        asked[0].contains("startTime=") && asked[0].contains("endTime="),
        "{asked:?}"
    );
    // Explicit offsets, percent-encoded (`+` is %2B, `:` %3A).
    assert!(
        asked[0].contains("%2B") || asked[0].contains("Z") || asked[0].contains("-"),
        "{asked:?}"
    );
    assert_eq!(all(&root, "[data-testid=window]").len(), 2);
    let w = &all(&root, "[data-testid=window]")[1];
    click_plot(&root, num(w, "x") + num(w, "width") / 2.0);
    browser::sleep(50).await;
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(search.starts_with("?at="), "{search}");
    let at = js_sys::decode_uri_component(&search[4..])
        .unwrap()
        .as_string()
        .unwrap();
    let at = RecoverableTime::parse(&at).unwrap();
    // Six fraction digits and the cluster's offset.
    assert!(at.to_wire().ends_with("+08:00"), "{}", at.to_wire());
    assert!(at.timestamp_micros() > now_us - 2 * US_PER_DAY);
    let chosen = browser::wait_text(&root, "[data-testid=chosen-time]").await;
    assert_eq!(chosen, format_micros(at.timestamp_micros(), cst()));
    let restore = browser::wait_for(&root, "[data-testid=restore-here]").await;
    let href = restore.get_attribute("href").unwrap();
    assert!(href.starts_with("/clusters/1/restore?"), "{href}");
    assert!(
        href.contains(&format!(
            "at={}",
            ob_backup_console::api::endpoints::encode(&at.to_wire())
        )),
        "{href}"
    );
    // "Latest" chooses the end of the last window.
    browser::query(&root, "[data-testid=pick-latest]")
        .unwrap()
        .click();
    browser::sleep(50).await;
    assert_eq!(
        browser::text_of(&root, "[data-testid=chosen-time]").unwrap_or_default(),
        format_micros(now_us - US_PER_HOUR + 17, cst())
    );
    // One tenant: the select lists the answer's tenants.
    let options: Vec<String> = all(&root, "[data-testid=tenant-select] option")
        .iter()
        .map(|o| o.text_content().unwrap_or_default())
        .collect();
    assert_eq!(options, vec!["All tenants (union)", "sales"]);
}

#[wasm_bindgen_test]
async fn a_failed_read_shows_the_error_with_a_retry_and_an_earlier_week_is_asked_with_its_end() {
    browser::stub_fetch(
        &[(
            "/backup/info",
            json!({"successful": false, "status": 500, "error": {"code": "COM00001", "message": "boom"}}),
        )],
        0,
    );
    let (root, _app) = browser::open("/clusters/1/windows?end=2026-11-22T00:00:00.000000%2B08:00");
    browser::wait_for(&root, "[data-testid=error-view]").await;
    assert!(browser::query(&root, "[data-testid=retry]").is_some());
    let asked = browser::requests("/backup/info");
    // The week before `end=`, both ends with the offset `end=` was written in.
    assert!(
        asked[0].contains("startTime=2026-11-15T00%3A00%3A00.000%2B08%3A00&endTime=2026-11-22T00%3A00%3A00.000%2B08%3A00"),
        "{asked:?}"
    );
    browser::stub_fetch(&[("/backup/info", browser::ok(info(vec![])))], 0);
    browser::query(&root, "[data-testid=retry]")
        .unwrap()
        .click();
    browser::wait_for(&root, "[data-testid=timeline]").await;
    let earlier = browser::wait_for(&root, "[data-testid=week-earlier]").await;
    assert_eq!(
        earlier.get_attribute("href").as_deref(),
        Some("/clusters/1/windows?end=2026-11-15T00%3A00%3A00.000000%2B08%3A00")
    );
    assert!(browser::query(&root, "[data-testid=week-later]").is_some());
    assert_eq!(
        text(&root, "[data-testid=timeline-summary]"),
        "Windows: 0 · gaps: 0 · backup points: 0"
    );
}

#[wasm_bindgen_test]
async fn hovering_a_mark_shows_its_exact_times_and_leaving_hides_them() {
    let (root, _) = mount_timeline(messy_lanes(), week()).await;
    let hover = |el: &web_sys::Element, kind: &str| {
        js_sys::Function::new_with_args(
            "el, kind",
            r#"el.dispatchEvent(new PointerEvent(kind, {bubbles: true, pointerId: 1}));"#,
        )
        .call2(&JsValue::NULL, el, &JsValue::from_str(kind))
        .unwrap();
    };
    let window = &all(&root, "[data-testid=window]")[1];
    hover(window, "pointermove");
    leptos::task::tick().await;
    assert_eq!(
        text(&root, "[data-testid=timeline-tip]"),
        "Window 2: 2026-11-24 10:00:00.000000 +08:00 → 2026-11-25 09:30:00.000001 +08:00 (23h 30m)"
    );
    let log = &all(&root, "[data-testid=log]")[0];
    hover(log, "pointermove");
    leptos::task::tick().await;
    assert!(text(&root, "[data-testid=timeline-tip]").starts_with(
        "Log archived: 2026-11-22 00:00:00.000000 +08:00 → 2026-11-23 15:00:00.000000 +08:00"
    ));
    let svg = browser::query(&root, "[data-testid=timeline-svg]").unwrap();
    hover(&svg, "pointerleave");
    leptos::task::tick().await;
    assert!(browser::query(&root, "[data-testid=timeline-tip]").is_none());
}
