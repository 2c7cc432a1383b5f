//! The restore wizard in headless Chromium with a stubbed `fetch`: the review step's checks,
//! one request on submit, and a point that expired meanwhile refused without a request and
//! without being moved.
#![cfg(target_arch = "wasm32")]

use serde_json::json;
use wasm_bindgen_test::*;

mod browser;

use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

const AT: &str = "2026-11-28T12:00:00.000001+08:00";
const REVIEW: &str = "/clusters/1/restore?step=review&tenant=11\
    &at=2026-11-28T12%3A00%3A00.000001%2B08%3A00&target=2&name=trade_copy\
    &zones=z1%3AFULL%3AS1%3A2%2Cz2%3AREADONLY%3AS1%3A2&primary=z1";

/// `/backup/info` of cluster 1 whose tenant 11 has one window ending at `end`.
fn info(end: &str) -> serde_json::Value {
    let agg = json!({
        "obQueryTimeScopeType": "LATEST_SEVEN_DAYS",
        "latestSevenDaysAggregation": {"obRecoverableSectionItems": [
            {"obRecoverableSectionItemType": "RECOVERABLE", "backupMode": "PHYSICAL_BACKUP",
             "realRecoverableTimeInterval": {"startTime": "2026-11-20T02:00:10.986847+08:00", "endTime": end}}
        ]}
    });
    ok(json!({
        "clusterId": 1, "clusterName": "src",
        "obRecoverableInfoAggregation": agg,
        "tenantBackupInfos": [{"tenantId": 11, "tenantName": "trade", "obRecoverableInfoAggregation": agg}]
    }))
}

fn stubs(end: &str) -> Vec<(&'static str, serde_json::Value)> {
    let zones = json!([{"name": "z1"}, {"name": "z2"}]);
    vec![
        ("/backup/info", info(end)),
        (
            "POST /api/v2/ob/clusters/2/backup/restore",
            ok(json!({"obBackupTaskType": "RESTORE",
                "backupObjectOpsResultList": [{"beSuccessful": true, "taskIdList": [3000099]}]})),
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
                {"id": 1, "name": "src", "obVersion": "4.1.0.0", "status": "RUNNING", "type": "PRIMARY", "zones": zones},
                {"id": 2, "name": "dst", "obVersion": "4.2.1.0", "status": "RUNNING", "type": "PRIMARY", "zones": zones},
                {"id": 3, "name": "old", "obVersion": "2.2.77", "status": "RUNNING", "type": "PRIMARY", "zones": zones}
            ])),
        ),
    ]
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

#[wasm_bindgen_test]
async fn every_check_passes_and_submit_sends_exactly_one_request() {
    stub_fetch(&stubs("2026-11-28T12:00:00.000001+08:00"), 0);
    let (root, _app) = open(REVIEW);
    // The point is the window's last microsecond: inside, both ends being included.
    wait_for(&root, "[data-testid=check][data-check=zones]").await;
    let passing = root
        .query_selector_all("[data-testid=check][data-pass=true]")
        .unwrap()
        .length();
    assert_eq!(passing, 4, "{}", root.text_content().unwrap_or_default());
    let body = wait_text(&root, "[data-testid=request-body]").await;
    assert!(
        body.contains(&format!("\"restoreEndTime\": \"{AT}\"")),
        "{body}"
    );
    // OB 4.x target: one unit count for every zone.
    assert!(
        query(&root, "[data-testid=units-all]").is_none(),
        "only on the zones step"
    );

    let submit = wait_for(&root, "[data-testid=restore-submit]:not([disabled])").await;
    submit.click();
    submit.click();
    for _ in 0..100 {
        if search().contains("job=3000099") {
            break;
        }
        sleep(50).await;
    }
    assert!(
        search().contains("job=3000099"),
        "following the task: {}",
        search()
    );
    wait_for(&root, "[data-testid=restore-follow]").await;
    assert_eq!(requests("POST").len(), 1, "{:?}", requests(""));
    // The windows were read again right before sending.
    assert!(requests("/backup/info").len() >= 2);
}

#[wasm_bindgen_test]
async fn a_point_that_left_its_window_before_submit_is_refused_and_not_moved() {
    stub_fetch(&stubs("2026-11-28T12:00:00.000001+08:00"), 0);
    let (root, _app) = open(REVIEW);
    let submit = wait_for(&root, "[data-testid=restore-submit]:not([disabled])").await;
    // Meanwhile the archive's tail was cut: the window now ends one microsecond earlier.
    stub_fetch(&stubs("2026-11-28T12:00:00+08:00"), 0);
    submit.click();
    let refusal = wait_text(&root, "[data-testid=point-expired]").await;
    assert!(
        refusal.contains("2026-11-28 12:00:00.000000 +08:00"),
        "names the nearest point: {refusal}"
    );
    assert!(requests("POST").is_empty(), "nothing sent");
    assert!(
        search().contains("at=2026-11-28T12%3A00%3A00.000001%2B08%3A00"),
        "the point is kept as chosen: {}",
        search()
    );
    assert!(!search().contains("job="));
}

#[wasm_bindgen_test]
async fn a_lower_version_target_is_disabled_with_its_reason() {
    stub_fetch(&stubs("2026-11-28T12:00:00.000001+08:00"), 0);
    let (root, _app) = open(&REVIEW.replace("step=review", "step=target"));
    let old = wait_for(&root, "[data-testid=target-cluster][data-cluster=\"3\"]").await;
    let input = old.query_selector("input").unwrap().unwrap();
    assert!(input.has_attribute("disabled"));
    assert_eq!(
        text_of(&old, "[data-testid=target-reason]").as_deref(),
        Some("OB 2.2.77 is lower than the source's 4.1.0.0.")
    );
    wait_for(&root, "[data-testid=name-ok]").await;
    // The zones step on an OB 4.x target asks one unit count for all zones.
    wait_for(&root, "[data-testid=wizard-next]:not([disabled])")
        .await
        .click();
    wait_for(&root, "[data-testid=units-all]").await;
    assert!(query(&root, "[data-testid=zone-units]").is_none());
}

const OFFLINE: &str = "/clusters/1/restore?step=review&source=offline&srcCluster=old_cluster\
    &srcTenant=trade&storage=BACKUP_STORAGE_OSS&path=bucket%2Fob%3Fhost%3Doss.example.com\
    &at=2026-11-28T12%3A00%3A00.000001%2B08%3A00&target=2&name=trade_copy\
    &zones=z1%3AFULL%3AS1%3A2%2Cz2%3AREADONLY%3AS1%3A2&primary=z1";

fn type_into(root: &web_sys::HtmlElement, selector: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = query(root, selector).unwrap().unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn an_offline_restore_asks_its_keys_last_and_never_shows_or_keeps_the_secret() {
    stub_fetch(&stubs("2026-11-28T12:00:00.000001+08:00"), 0);
    let (root, _app) = open(OFFLINE);
    wait_for(&root, "[data-testid=offline-keys]").await;
    // OCP checks an offline point: the console has no windows for it.
    let point = wait_for(&root, "[data-testid=check][data-check=point]").await;
    assert_eq!(point.get_attribute("data-pass").as_deref(), Some("true"));
    assert!(
        query(&root, "[data-testid=restore-submit][disabled]").is_some(),
        "no keys yet"
    );
    type_into(&root, "[data-testid=offline-key-id]", "LTAI5tXyZ");
    type_into(&root, "[data-testid=offline-key-secret]", "S3cr3tKey+/==");
    let submit = wait_for(&root, "[data-testid=restore-submit]:not([disabled])").await;
    let body = wait_text(&root, "[data-testid=request-body]").await;
    assert!(
        body.contains("\"backupTenantStatus\": \"OFFLINE\""),
        "{body}"
    );
    assert!(body.contains("\"accessKeyId\": \"LTAI5tXyZ\""), "{body}");
    assert!(!body.contains("S3cr3tKey"), "the secret is masked: {body}");
    submit.click();
    wait_for(&root, "[data-testid=restore-follow]").await;
    assert_eq!(requests("POST").len(), 1);
    let href = web_sys::window().unwrap().location().href().unwrap();
    assert!(!href.contains("S3cr3t") && !href.contains("LTAI"), "{href}");
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    for i in 0..storage.length().unwrap() {
        let key = storage.key(i).unwrap().unwrap_or_default();
        let value = storage.get_item(&key).unwrap().unwrap_or_default();
        assert!(!value.contains("S3cr3t"), "{key} keeps the secret");
    }
}

#[wasm_bindgen_test]
async fn a_restore_ocp_refuses_shows_its_reason_and_keeps_every_choice() {
    let mut routes = stubs("2026-11-28T12:00:00.000001+08:00");
    routes.insert(
        0,
        (
            "POST /api/v2/ob/clusters/2/backup/restore",
            json!({"successful": false, "status": 400, "error": {"code": "BAK42005",
                "message": "Tenant trade_copy already exists in cluster dst"}}),
        ),
    );
    stub_fetch(&routes, 0);
    let (root, _app) = open(REVIEW);
    wait_for(&root, "[data-testid=restore-submit]:not([disabled])")
        .await
        .click();
    let message = wait_text(&root, "[data-testid=error-message]").await;
    assert!(message.contains("already exists"), "{message}");
    assert!(!search().contains("job="));
    assert!(search().contains("name=trade_copy"));
    // It can be sent again once corrected: the button is back.
    wait_for(&root, "[data-testid=restore-submit]:not([disabled])").await;
}

#[wasm_bindgen_test]
async fn a_point_typed_in_another_offset_is_the_same_instant_to_the_microsecond() {
    use wasm_bindgen::JsCast;
    stub_fetch(&stubs("2026-11-28T12:00:00.000001+08:00"), 0);
    let (root, _app) = open("/clusters/1/restore?step=source&tenant=11");
    wait_for(&root, "[data-testid=source-window]").await;
    let set = |selector: &str, value: &str| {
        let input: web_sys::HtmlInputElement = query(&root, selector).unwrap().unchecked_into();
        input.set_value(value);
        for kind in ["input", "change"] {
            input
                .dispatch_event(&web_sys::Event::new(kind).unwrap())
                .unwrap();
        }
    };
    // 09:30 at +05:30 is 12:00 at +08:00: the window's last microsecond.
    set("[data-testid=typed-offset]", "+05:30");
    set("[data-testid=typed-date]", "2026-11-28");
    set("[data-testid=typed-time]", "09:30:00");
    set("[data-testid=typed-micros]", "000001");
    wait_for(&root, "[data-testid=point-verdict][data-verdict=Inside]").await;
    let shown = wait_text(&root, "[data-testid=chosen-point]").await;
    assert!(
        shown.contains("2026-11-28 12:00:00.000001 +08:00"),
        "{shown}"
    );
    assert!(
        search().contains("at=2026-11-28T09%3A30%3A00.000001%2B05%3A30"),
        "{}",
        search()
    );
    // One microsecond later is outside, and the nearest point is named to the microsecond.
    set("[data-testid=typed-micros]", "000002");
    wait_for(&root, "[data-testid=point-verdict][data-verdict^=Outside]").await;
    let nearest = wait_text(&root, "[data-testid=use-nearest]").await;
    assert!(
        nearest.contains("2026-11-28 12:00:00.000001 +08:00"),
        "{nearest}"
    );
    assert!(query(&root, "[data-testid=wizard-next][disabled]").is_some());
    // Microseconds are a count: 12 is 000012, not 0.12 s.
    set("[data-testid=typed-micros]", "12");
    for _ in 0..100 {
        if search().contains("at=2026-11-28T09%3A30%3A00.000012%2B05%3A30") {
            break;
        }
        sleep(50).await;
    }
    assert!(
        search().contains("at=2026-11-28T09%3A30%3A00.000012%2B05%3A30"),
        "{}",
        search()
    );
    // Seven digits are refused, never rounded, and the earlier point is no longer chosen.
    set("[data-testid=typed-micros]", "0000015");
    wait_for(&root, "[data-testid=typed-problem]").await;
    wait_for(&root, "[data-testid=point-verdict][data-verdict=Missing]").await;
    assert!(!search().contains("at="), "{}", search());
}

#[wasm_bindgen_test]
async fn credentials_typed_into_an_offline_path_never_reach_the_url() {
    stub_fetch(&stubs("2026-11-28T12:00:00.000001+08:00"), 0);
    let (root, _app) = open("/clusters/1/restore?step=source&source=offline");
    wait_for(&root, "[data-testid=offline-path]").await;
    type_into(
        &root,
        "[data-testid=offline-path]",
        "bucket/backup?host=h&access_id=AKID123&access_key=SuperSecret99",
    );
    wait_for(&root, "[data-testid=offline-path-secret]").await;
    let href = web_sys::window().unwrap().location().href().unwrap();
    assert!(
        !href.contains("AKID123") && !href.contains("SuperSecret99"),
        "{href}"
    );
    type_into(&root, "[data-testid=offline-path]", "oss://bucket/backup");
    wait_for(&root, "[data-testid=offline-path-scheme]").await;
    assert!(query(&root, "[data-testid=wizard-next][disabled]").is_some());
}

#[wasm_bindgen_test]
async fn back_after_a_submit_follows_the_restore_instead_of_sending_it_again() {
    stub_fetch(&stubs("2026-11-28T12:00:00.000001+08:00"), 0);
    let review = REVIEW.replace("name=trade_copy", "name=trade_back");
    let (root, _app) = open(&review);
    wait_for(&root, "[data-testid=restore-submit]:not([disabled])")
        .await
        .click();
    wait_for(&root, "[data-testid=restore-follow]").await;
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for(&root, "[data-testid=already-started]").await;
    wait_for(&root, "[data-testid=restore-submit][disabled]").await;
    assert_eq!(requests("POST").len(), 1);
}

#[wasm_bindgen_test]
async fn unit_specs_that_cannot_be_read_say_so_with_a_retry_on_the_zones_step() {
    let mut routes = stubs("2026-11-28T12:00:00.000001+08:00");
    routes.retain(|(k, _)| !k.contains("unitSpecs"));
    routes.insert(
        0,
        (
            "/api/v2/ob/unitSpecs",
            json!({"successful": false, "status": 500, "error": {"code": "COM10000", "message": "spec service down"}}),
        ),
    );
    stub_fetch(&routes, 0);
    let (root, _app) = open(&REVIEW.replace("step=review", "step=zones"));
    let message = wait_text(&root, "[data-testid=error-message]").await;
    assert!(message.contains("spec service down"), "{message}");
    assert!(
        query(&root, "[data-testid=error-view] button").is_some(),
        "a retry"
    );
    // Nothing can be chosen, so the step cannot be left forward.
    assert!(query(&root, "[data-testid=wizard-next][disabled]").is_some());
}

#[wasm_bindgen_test]
async fn a_followed_restore_whose_list_cannot_be_read_says_so() {
    let mut routes = stubs("2026-11-28T12:00:00.000001+08:00");
    routes.insert(
        0,
        (
            "/backup/task/restoreTasks",
            json!({"successful": false, "status": 500, "error": {"code": "COM10000", "message": "restore list broken"}}),
        ),
    );
    stub_fetch(&routes, 0);
    let (root, _app) = open(&format!("{REVIEW}&job=3000099"));
    wait_for(&root, "[data-testid=restore-follow]").await;
    let message = wait_text(
        &root,
        "[data-testid=restore-follow] [data-testid=error-message]",
    )
    .await;
    assert!(message.contains("restore list broken"), "{message}");
}
