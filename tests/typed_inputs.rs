//! Every time and number field, typed key by key as Chrome types into a text input (each key
//! appends its character and fires `input`; leaving the field fires `change`): what is typed is
//! kept exactly, or refused with the reason beside it and Save or Next disabled. Never another
//! value: `0130` is not 13:00, `10.5` is not 510, `-14` is not 14, `1e3` is not 3.
#![cfg(target_arch = "wasm32")]

use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

mod browser;

use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Fires what Chrome fires on an `<input type=text>` for one key: the value changes, then an
/// `InputEvent` (`insertText` with the character, or `deleteContentBackward` for an emptied
/// field) bubbles.
fn fire_input(el: &HtmlInputElement, value: &str, data: Option<char>) {
    let dispatch = js_sys::Function::new_with_args(
        "el, value, data",
        r#"el.value = value;
        el.dispatchEvent(new InputEvent("input", data === null
            ? { bubbles: true, inputType: "deleteContentBackward" }
            : { bubbles: true, inputType: "insertText", data }));"#,
    );
    let data = data.map_or(JsValue::NULL, |c| JsValue::from_str(&c.to_string()));
    dispatch
        .call3(&JsValue::NULL, el, &JsValue::from_str(value), &data)
        .unwrap();
}

/// Focuses the field and selects what it holds, then deletes it: an empty field, as a person
/// leaves it before typing anew.
async fn clear(el: &HtmlInputElement) {
    el.focus().unwrap();
    el.select();
    fire_input(el, "", None);
    leptos::task::tick().await;
}

/// Types `text` key by key, checking after each key that the field holds exactly what was
/// typed so far (nothing writes into it while it is typed in).
async fn type_keys(el: &HtmlInputElement, text: &str) {
    let mut typed = el.value();
    for c in text.chars() {
        typed.push(c);
        fire_input(el, &typed, Some(c));
        leptos::task::tick().await;
        sleep(5).await;
        assert_eq!(el.value(), typed, "the field was rewritten while typed in");
    }
}

/// Leaves the field: `change`, then the focus goes.
async fn leave(el: &HtmlInputElement) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    el.blur().unwrap();
    leptos::task::tick().await;
    sleep(20).await;
}

fn input(root: &web_sys::HtmlElement, selector: &str) -> HtmlInputElement {
    query(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

/// The reason shown beside the field with id `id`, if any.
fn reason(root: &web_sys::HtmlElement, id: &str) -> Option<String> {
    text_of(root, &format!("#{id}-error"))
}

fn disabled(root: &web_sys::HtmlElement, selector: &str) -> bool {
    query(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .has_attribute("disabled")
}

fn search() -> String {
    let s = web_sys::window().unwrap().location().search().unwrap();
    js_sys::decode_uri_component(&s)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or(s)
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
        sleep(10).await;
    }
}

// ---- The strategy editor ----

fn strategy_stubs() -> Vec<(&'static str, serde_json::Value)> {
    let strategy: serde_json::Value = serde_json::from_str(include_str!(
        "../crates/ocp-model/tests/fixtures/strategy_week.json"
    ))
    .unwrap();
    vec![
        ("/backup/config/backupStrategy", strategy),
        (
            "/backup/overview",
            ok(
                json!({"clusterId": 1, "clusterName": "c1", "obClusterType": "PRIMARY",
                "obClusterStatus": "RUNNING", "obVersion": "3.2.4", "backupScheduleStatus": "NORMAL",
                "obBackupAbility": {"backupAbility": "LOGICAL_AND_PHYSICAL"}}),
            ),
        ),
        ("/backup/task", page(json!([]))),
        (
            "/api/v2/ob/clusters/1",
            ok(
                json!({"id": 1, "name": "c1", "obVersion": "3.2.4", "createTime": "2020-11-29T22:23:12+08:00"}),
            ),
        ),
    ]
}

async fn open_strategy() -> (web_sys::HtmlElement, impl Drop) {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.remove_item("obc.strategyDraft.1").unwrap();
    stub_fetch(&strategy_stubs(), 0);
    let (root, app) = open("/clusters/1/strategy");
    wait_for(&root, "#schedule-time").await;
    (root, app)
}

const SAVE: &str = "[data-testid=save-strategy]";

#[wasm_bindgen_test]
async fn a_schedule_time_typed_0130_is_01_30_and_half_typed_is_refused() {
    let (root, _app) = open_strategy().await;
    let time = input(&root, "#schedule-time");
    assert_eq!(time.value(), "02:00");
    assert_eq!(time.type_(), "text", "not Chrome's segmented editor");
    assert_eq!(time.get_attribute("inputmode").as_deref(), Some("numeric"));
    clear(&time).await;
    assert_eq!(
        reason(&root, "schedule-time").as_deref(),
        Some("Enter a 24-hour time as HH:MM, e.g. 01:30 or 0130.")
    );
    assert!(disabled(&root, SAVE), "empty: Save disabled");
    for (key, half) in [('0', "0"), ('1', "01"), ('3', "013")] {
        type_keys(&time, &key.to_string()).await;
        assert_eq!(time.value(), half);
        assert_eq!(
            reason(&root, "schedule-time").as_deref(),
            Some("Not complete yet: enter a 24-hour time as HH:MM, e.g. 01:30 or 0130."),
            "{half}"
        );
        assert_eq!(time.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(time
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .contains("schedule-time-error"));
        assert!(disabled(&root, SAVE), "{half}: Save disabled");
        assert!(query(&root, "[data-testid=save-blocked]").is_some());
    }
    type_keys(&time, "0").await;
    settle().await;
    assert_eq!(time.value(), "0130", "kept exactly while typed in");
    assert_eq!(reason(&root, "schedule-time"), None);
    assert!(
        text_of(&root, "[data-testid=schedule-sentence]")
            .unwrap_or_default()
            .contains("at 01:30 +08:00"),
        "{:?}",
        text_of(&root, "[data-testid=schedule-sentence]")
    );
    assert!(!disabled(&root, SAVE));
    // Left: written the usual way, the same time.
    leave(&time).await;
    assert_eq!(time.value(), "01:30");
    // 24:00 and a bare hour are refused, never wrapped or guessed.
    clear(&time).await;
    type_keys(&time, "24:00").await;
    assert_eq!(
        reason(&root, "schedule-time").as_deref(),
        Some("No such time: hours are 00 to 23, minutes and seconds 00 to 59.")
    );
    assert!(disabled(&root, SAVE));
}

#[wasm_bindgen_test]
async fn the_cleanup_time_is_read_key_by_key_too() {
    let (root, _app) = open_strategy().await;
    let time = input(&root, "#clean-time");
    assert_eq!(time.value(), "04:30");
    clear(&time).await;
    type_keys(&time, "03:").await;
    assert_eq!(
        reason(&root, "clean-time").as_deref(),
        Some("Not complete yet: enter a 24-hour time as HH:MM, e.g. 01:30 or 0130.")
    );
    assert!(disabled(&root, SAVE));
    type_keys(&time, "15").await;
    settle().await;
    assert_eq!(time.value(), "03:15");
    assert_eq!(reason(&root, "clean-time"), None);
    assert!(!disabled(&root, SAVE));
}

/// Types each refused entry into the number field `id`, then `good`: each refusal is kept as
/// typed with its reason and Save disabled; `good` is taken.
async fn refuses_what_is_not_a_whole_number(
    root: &web_sys::HtmlElement,
    id: &str,
    unit_min: &str,
    good: &str,
) {
    let field = input(root, &format!("#{id}"));
    assert_eq!(field.type_(), "text", "{id}: not type=number");
    for (typed, why) in [
        ("10.5", "A whole number is needed: no decimal point."),
        ("3.5", "A whole number is needed: no decimal point."),
        ("-14", "Type the number without a sign (+ or −)."),
        (
            "1e3",
            "Type digits only: no letters, exponents, spaces or separators.",
        ),
        ("0", unit_min),
    ] {
        clear(&field).await;
        type_keys(&field, typed).await;
        settle().await;
        assert_eq!(field.value(), typed, "{id}: kept exactly");
        assert_eq!(reason(root, id).as_deref(), Some(why), "{id}: {typed}");
        assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(disabled(root, SAVE), "{id}: {typed}: Save disabled");
        // Leaving it changes nothing: it is not a value to write in another form.
        leave(&field).await;
        assert_eq!(field.value(), typed, "{id}: still as typed after leaving");
    }
    clear(&field).await;
    type_keys(&field, good).await;
    settle().await;
    assert_eq!(reason(root, id), None, "{id}: {good}");
    assert!(!disabled(root, SAVE), "{id}: {good}: Save enabled");
}

#[wasm_bindgen_test]
async fn every_number_field_keeps_decimals_signs_and_exponents_out_with_a_reason() {
    let (root, _app) = open_strategy().await;
    refuses_what_is_not_a_whole_number(&root, "retention-days", "At least 1 day.", "14").await;
    refuses_what_is_not_a_whole_number(&root, "timeout-minutes", "At least 1 minute.", "90").await;
    refuses_what_is_not_a_whole_number(&root, "alarm-days", "At least 1 day.", "3").await;
    refuses_what_is_not_a_whole_number(&root, "log-delay", "At least 1 second.", "600").await;
    refuses_what_is_not_a_whole_number(&root, "alarm-percent", "At least 1%.", "90").await;
    // The alarm is a percentage: the server's bound.
    let percent = input(&root, "#alarm-percent");
    clear(&percent).await;
    type_keys(&percent, "101").await;
    assert_eq!(
        reason(&root, "alarm-percent").as_deref(),
        Some("At most 100%.")
    );
    // Logical backup shows liboblog's days: the same rules.
    clear(&percent).await;
    type_keys(&percent, "80").await;
    query(&root, "#backup-mode-LOGICAL_BACKUP").unwrap().click();
    wait_for(&root, "#liboblog-days").await;
    refuses_what_is_not_a_whole_number(&root, "liboblog-days", "At least 1 day.", "7").await;
}

#[wasm_bindgen_test]
async fn an_empty_retention_is_asked_for_an_empty_threshold_is_left_out() {
    let (root, _app) = open_strategy().await;
    let retention = input(&root, "#retention-days");
    clear(&retention).await;
    settle().await;
    assert_eq!(
        reason(&root, "retention-days").as_deref(),
        Some("Enter a whole number.")
    );
    assert!(disabled(&root, SAVE), "cleanup on: the days are needed");
    type_keys(&retention, "14").await;
    settle().await;
    assert!(!disabled(&root, SAVE));
    // A threshold left empty is not sent (OCP keeps its value): no reason.
    let timeout = input(&root, "#timeout-minutes");
    clear(&timeout).await;
    settle().await;
    assert_eq!(reason(&root, "timeout-minutes"), None);
    assert!(!disabled(&root, SAVE));
}

#[wasm_bindgen_test]
async fn discarding_changes_writes_the_saved_values_back_into_the_fields() {
    let (root, _app) = open_strategy().await;
    let retention = input(&root, "#retention-days");
    clear(&retention).await;
    type_keys(&retention, "10.5").await;
    settle().await;
    query(&root, "[data-testid=discard-changes]")
        .unwrap()
        .click();
    settle().await;
    assert_eq!(
        retention.value(),
        "7",
        "a change from outside is written in"
    );
    assert_eq!(reason(&root, "retention-days"), None);
}

// ---- The restore wizard ----

const AT: &str = "2026-11-28T09%3A15%3A30.123456%2B08%3A00";

/// Cluster 1 (OB `version`) with tenant 11 whose one window runs from 11-20 to 11-28 12:00
/// (+08:00), and a target cluster 2 of the same version.
fn wizard_stubs(version: &str) -> Vec<(&'static str, serde_json::Value)> {
    let agg = json!({
        "obQueryTimeScopeType": "LATEST_SEVEN_DAYS",
        "latestSevenDaysAggregation": {"obRecoverableSectionItems": [
            {"obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
             "realRecoverableTimeInterval": {"startTime": "2026-11-20T02:00:10.986847+08:00",
                "endTime": "2026-11-28T12:00:00.000001+08:00"}}
        ]}
    });
    let zones = json!([{"name": "z1"}, {"name": "z2"}]);
    vec![
        (
            "/backup/info",
            ok(json!({
                "clusterId": 1, "clusterName": "src", "obRecoverableInfoAggregation": agg,
                "tenantBackupInfos": [{"tenantId": 11, "tenantName": "trade", "obRecoverableInfoAggregation": agg}]
            })),
        ),
        (
            "/api/v2/ob/clusters/2/tenants",
            page(json!([{"id": 21, "name": "trade"}])),
        ),
        (
            "/api/v2/ob/unitSpecs",
            ok(
                json!([{"id": 1, "name": "S1", "minCpuCoreCount": 1.5, "maxCpuCoreCount": 1.5,
                "minMemorySize": 6, "maxMemorySize": 6}]),
            ),
        ),
        (
            "/api/v2/ob/clusters?",
            page(json!([
                {"id": 1, "name": "src", "obVersion": version, "status": "RUNNING", "type": "PRIMARY", "zones": zones},
                {"id": 2, "name": "dst", "obVersion": version, "status": "RUNNING", "type": "PRIMARY", "zones": zones}
            ])),
        ),
    ]
}

const NEXT: &str = "[data-testid=wizard-next]";

#[wasm_bindgen_test]
async fn a_point_typed_over_keeps_nothing_old_and_next_waits_until_it_reads() {
    stub_fetch(&wizard_stubs("4.1.0.0"), 0);
    let (root, _app) = open(&format!(
        "/clusters/1/restore?step=source&tenant=11&at={AT}"
    ));
    wait_for(&root, "[data-testid=point-verdict][data-verdict=Inside]").await;
    let time = input(&root, "[data-testid=typed-time]");
    let micros = input(&root, "[data-testid=typed-micros]");
    assert_eq!(time.value(), "09:15:30");
    assert_eq!(micros.value(), "123456");
    assert!(!disabled(&root, NEXT));

    // Typing 08:45 over 09:15:30: from the first key the old point is no longer chosen.
    clear(&time).await;
    for key in ["0", "8", ":", "4"] {
        type_keys(&time, key).await;
        settle().await;
        assert!(!search().contains("at="), "{}: {}", time.value(), search());
        assert!(query(&root, "[data-testid=chosen-point]").is_none());
        assert!(
            query(&root, "[data-testid=point-verdict][data-verdict=Missing]").is_some(),
            "{}",
            time.value()
        );
        assert!(disabled(&root, NEXT), "{}: Next disabled", time.value());
        assert_eq!(
            text_of(&root, "[data-testid=typed-problem]").as_deref(),
            Some("Not complete yet: enter a 24-hour time as HH:MM:SS, e.g. 09:15:30 or 091530."),
        );
        assert_eq!(time.get_attribute("aria-invalid").as_deref(), Some("true"));
    }
    type_keys(&time, "5").await;
    wait_for(&root, "[data-testid=point-verdict][data-verdict=Inside]").await;
    assert_eq!(time.value(), "08:45", "kept exactly while typed in");
    assert_eq!(micros.value(), "123456", "the other parts are untouched");
    assert!(
        search().contains("at=2026-11-28T08:45:00.123456+08:00"),
        "{}",
        search()
    );
    assert!(text_of(&root, "[data-testid=chosen-point]")
        .unwrap_or_default()
        .contains("2026-11-28 08:45:00.123456 +08:00"));
    assert!(query(&root, "[data-testid=typed-problem]").is_none());
    assert!(!disabled(&root, NEXT));
    leave(&time).await;
    assert_eq!(time.value(), "08:45:00");

    // `0130` in the time: 01:30:00, not 13:00.
    clear(&time).await;
    type_keys(&time, "0130").await;
    settle().await;
    assert!(
        search().contains("at=2026-11-28T01:30:00.123456+08:00"),
        "{}",
        search()
    );

    // Microseconds: `1e3` and a decimal are refused, not read as 3 or 15.
    for bad in ["1e3", "1.5"] {
        clear(&micros).await;
        type_keys(&micros, bad).await;
        settle().await;
        assert_eq!(micros.value(), bad);
        assert_eq!(
            text_of(&root, "[data-testid=typed-problem]").as_deref(),
            Some("Not read as a value: enter microseconds as up to 6 digits (12 is 000012).")
        );
        assert!(!search().contains("at="), "{}", search());
        assert!(disabled(&root, NEXT));
    }
    clear(&micros).await;
    type_keys(&micros, "12").await;
    settle().await;
    assert!(search().contains("at=2026-11-28T01:30:00.000012+08:00"));
    leave(&micros).await;
    assert_eq!(micros.value(), "000012");

    // The date half typed, and an offset beyond ±14:00.
    let date = input(&root, "[data-testid=typed-date]");
    clear(&date).await;
    type_keys(&date, "2026-11").await;
    settle().await;
    assert_eq!(
        text_of(&root, "[data-testid=typed-problem]").as_deref(),
        Some("Not complete yet: enter a date as YYYY-MM-DD, e.g. 2026-11-28.")
    );
    assert!(disabled(&root, NEXT));
    type_keys(&date, "-28").await;
    settle().await;
    assert!(!disabled(&root, NEXT));
    let offset = input(&root, "[data-testid=typed-offset]");
    clear(&offset).await;
    type_keys(&offset, "-14").await;
    settle().await;
    assert!(search().contains("-14:00"), "{}", search());
    clear(&offset).await;
    type_keys(&offset, "+15:00").await;
    settle().await;
    assert_eq!(
        text_of(&root, "[data-testid=typed-problem]").as_deref(),
        Some("No such offset: offsets run from -14:00 to +14:00.")
    );
    assert!(!search().contains("at="));
    assert!(disabled(&root, NEXT));

    // Everything emptied: no point, nothing to complain about.
    for part in [&date, &time, &micros] {
        clear(part).await;
    }
    settle().await;
    assert!(query(&root, "[data-testid=typed-problem]").is_none());
    assert!(query(&root, "[data-testid=point-verdict][data-verdict=Missing]").is_some());
    assert!(disabled(&root, NEXT));
}

#[wasm_bindgen_test]
async fn latest_writes_its_point_into_the_fields_from_outside() {
    stub_fetch(&wizard_stubs("4.1.0.0"), 0);
    let (root, _app) = open("/clusters/1/restore?step=source&tenant=11");
    let latest = wait_for(&root, "[data-testid=pick-latest]:not([disabled])").await;
    let offset = input(&root, "[data-testid=typed-offset]");
    for _ in 0..100 {
        if !offset.value().is_empty() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(offset.value(), "+08:00", "the cluster's offset, pre-filled");
    latest.click();
    wait_for(&root, "[data-testid=point-verdict][data-verdict=Inside]").await;
    settle().await;
    assert_eq!(
        input(&root, "[data-testid=typed-date]").value(),
        "2026-11-28"
    );
    assert_eq!(input(&root, "[data-testid=typed-time]").value(), "12:00:00");
    assert_eq!(input(&root, "[data-testid=typed-micros]").value(), "000001");
}

/// The zones step of a restore to cluster 2 on `version`.
fn zones_path() -> String {
    format!(
        "/clusters/1/restore?step=zones&tenant=11&at={AT}&target=2&name=trade_copy\
         &zones=z1%3AFULL%3AS1%3A2%2Cz2%3AREADONLY%3AS1%3A2&primary=z1"
    )
}

#[wasm_bindgen_test]
async fn one_unit_count_for_all_zones_is_a_whole_number_up_to_the_maximum() {
    stub_fetch(&wizard_stubs("4.1.0.0"), 0);
    let (root, _app) = open(&zones_path());
    let units = wait_for(&root, "[data-testid=units-all]").await;
    let units: HtmlInputElement = units.unchecked_into();
    wait_for(&root, "[data-testid=wizard-next]:not([disabled])").await;
    assert_eq!(units.value(), "2");
    for (typed, why) in [
        ("10.5", "A whole number is needed: no decimal point."),
        ("-14", "Type the number without a sign (+ or −)."),
        (
            "1e3",
            "Type digits only: no letters, exponents, spaces or separators.",
        ),
        ("", "Enter a whole number."),
        ("0", "At least 1 unit."),
        ("65", "At most 64 units."),
    ] {
        clear(&units).await;
        type_keys(&units, typed).await;
        settle().await;
        assert_eq!(units.value(), typed);
        assert_eq!(reason(&root, "units-all").as_deref(), Some(why), "{typed}");
        assert!(disabled(&root, NEXT), "{typed}: Next disabled");
        assert!(
            search().contains("z1:FULL:S1:,"),
            "no count kept: {}",
            search()
        );
    }
    clear(&units).await;
    type_keys(&units, "64").await;
    settle().await;
    assert_eq!(reason(&root, "units-all"), None);
    assert!(
        search().contains("z1:FULL:S1:64,z2:READONLY:S1:64"),
        "{}",
        search()
    );
    assert!(!disabled(&root, NEXT));
}

#[wasm_bindgen_test]
async fn a_zones_own_unit_count_before_ob_4_is_read_the_same_way() {
    stub_fetch(&wizard_stubs("3.2.4"), 0);
    let (root, _app) = open(&zones_path());
    wait_for(&root, "[data-testid=wizard-next]:not([disabled])").await;
    let z1: HtmlInputElement = wait_for(&root, "#zone-units-z1").await.unchecked_into();
    clear(&z1).await;
    type_keys(&z1, "1.5").await;
    settle().await;
    assert_eq!(z1.value(), "1.5");
    assert_eq!(
        reason(&root, "zone-units-z1").as_deref(),
        Some("A whole number is needed: no decimal point.")
    );
    assert!(disabled(&root, NEXT));
    clear(&z1).await;
    type_keys(&z1, "3").await;
    settle().await;
    assert!(search().contains("z1:FULL:S1:3"), "{}", search());
    assert!(!disabled(&root, NEXT));
}

// ---- The task list's custom range and backup set ----

fn tasks_stubs() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("/backup/task/dataBackupTasks", page(json!([]))),
        ("/backup/config/backupStrategy", ok(serde_json::Value::Null)),
        (
            "/backup/overview",
            ok(
                json!({"clusterId": 1, "clusterName": "c1", "obClusterType": "PRIMARY",
                "obClusterStatus": "RUNNING", "backupScheduleStatus": "NORMAL"}),
            ),
        ),
    ]
}

#[wasm_bindgen_test]
async fn a_custom_range_end_applies_only_once_it_reads() {
    stub_fetch(&tasks_stubs(), 0);
    let from = "2026-11-20T00%3A00%3A00.000%2B00%3A00";
    let to = "2026-11-29T00%3A00%3A00.000%2B00%3A00";
    let (root, _app) = open(&format!("/clusters/1/tasks?kind=data&from={from}&to={to}"));
    let end: HtmlInputElement = wait_for(&root, "[data-testid=filter-to]")
        .await
        .unchecked_into();
    let shown = end.value();
    assert_eq!(shown.len(), "2026-11-29 00:00:00".len(), "{shown}");
    let before = search();

    // Half typed, then left: refused with its reason, the list keeps its range.
    clear(&end).await;
    type_keys(&end, "2026-11-28 0").await;
    settle().await;
    assert_eq!(
        reason(&root, "filter-to").as_deref(),
        Some("Not complete yet: enter a date and time as YYYY-MM-DD HH:MM:SS, e.g. 2026-11-28 09:30:00.")
    );
    assert!(query(&root, "[data-testid=range-not-applied]").is_some());
    leave(&end).await;
    assert_eq!(end.value(), "2026-11-28 0", "kept as typed");
    assert_eq!(search(), before, "nothing applied");

    // Completed as 0130: 01:30, not 13:00.
    end.focus().unwrap();
    type_keys(&end, "130").await;
    settle().await;
    assert_eq!(reason(&root, "filter-to"), None);
    leave(&end).await;
    assert_eq!(end.value(), "2026-11-28 01:30:00");
    assert!(
        search().contains("to=2026-11-28T01:30:00.000"),
        "{}",
        search()
    );

    // Emptied: no upper bound, said by an empty field (the from end stays).
    clear(&end).await;
    leave(&end).await;
    assert!(!search().contains("to="), "{}", search());
    assert!(
        search().contains("from=2026-11-20T00:00:00.000"),
        "{}",
        search()
    );
}

#[wasm_bindgen_test]
async fn a_backup_set_id_is_digits_only() {
    stub_fetch(&tasks_stubs(), 0);
    let (root, _app) = open("/clusters/1/tasks?kind=data");
    let set: HtmlInputElement = wait_for(&root, "[data-testid=filter-set]")
        .await
        .unchecked_into();
    for (typed, why) in [
        (
            "1e3",
            "Type digits only: no letters, exponents, spaces or separators.",
        ),
        ("-14", "Type the number without a sign (+ or −)."),
        ("10.5", "A whole number is needed: no decimal point."),
    ] {
        clear(&set).await;
        type_keys(&set, typed).await;
        leave(&set).await;
        assert_eq!(set.value(), typed);
        assert_eq!(reason(&root, "filter-set").as_deref(), Some(why));
        assert!(!search().contains("backupSetId"), "{}", search());
    }
    clear(&set).await;
    type_keys(&set, "12").await;
    leave(&set).await;
    assert!(search().contains("backupSetId=12"), "{}", search());
}
