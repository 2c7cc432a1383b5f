//! Backup health in headless Chromium: the panel with no finding and with one of each
//! severity, an unknown log status said as such, and the clusters list's health column,
//! filter and order.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use ob_backup_console::app::provide_app_context;
use ob_backup_console::components::health_panel::HealthPanel;
use ocp_model::health::{Finding, Rule, Severity};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod browser;

use browser::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `secs` before the browser's now, as task rows write times (`+0800`, milliseconds).
fn ago(secs: i64) -> String {
    let ms = js_sys::Date::now() as i64 - secs * 1000;
    let offset = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .with_timezone(&offset)
        .format("%Y-%m-%dT%H:%M:%S%.3f+0800")
        .to_string()
}

/// As [`ago`], in the recoverable style (`+08:00`, microseconds).
fn ago_us(secs: i64) -> String {
    ago(secs).replace("+0800", "000+08:00")
}

fn mount_panel(findings: Vec<Finding>) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_app_context();
        view! {
            <Router>
                <HealthPanel findings=Signal::stored(Some(findings)) scope=ocp_model::BackupScope::Cluster { cluster_id: 7 } offset=Signal::stored(None) />
            </Router>
        }
    });
    handle.forget();
    container
}

#[wasm_bindgen_test]
async fn the_panel_says_all_is_well_in_one_line_when_nothing_is_found() {
    let root = mount_panel(vec![]);
    let calm = wait_text(&root, "[data-testid=health-calm]").await;
    assert!(calm.contains("All is well"), "{calm}");
    assert!(query(&root, "[data-testid=health-finding]").is_none());
}

#[wasm_bindgen_test]
async fn the_panel_lists_each_severity_in_words_with_a_link_to_its_fix() {
    let root = mount_panel(vec![
        Finding::new(Severity::Critical, Rule::NoStrategy),
        Finding::new(
            Severity::Warning,
            Rule::DataBackupOverTimeout {
                task_id: 42,
                running_secs: 14_401,
                timeout_minutes: 240,
            },
        ),
        Finding::new(Severity::Info, Rule::SchedulePausedInEditor),
    ]);
    wait_for(&root, "[data-testid=health-finding]").await;
    let items = root
        .query_selector_all("[data-testid=health-finding]")
        .unwrap();
    assert_eq!(items.length(), 3);
    let item = |i: u32| -> web_sys::HtmlElement { items.item(i).unwrap().unchecked_into() };
    let severities: Vec<String> = (0..3)
        .map(|i| item(i).get_attribute("data-severity").unwrap_or_default())
        .collect();
    assert_eq!(severities, ["critical", "warning", "info"]);
    // Said in words, not by colour alone.
    let first = item(0).text_content().unwrap_or_default();
    assert!(first.contains("Critical"), "{first}");
    assert!(
        first.contains("This primary cluster has no backup strategy."),
        "{first}"
    );
    let second = item(1).text_content().unwrap_or_default();
    assert!(
        second.contains(
            "Data backup task 42 has run for 4h 00m, 1s past its timeout of 240 minutes."
        ),
        "{second}"
    );
    let link = item(1)
        .query_selector("[data-testid=health-fix]")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap_or_default();
    assert_eq!(link, "/clusters/7/tasks/42");
    let create = item(0)
        .query_selector("[data-testid=health-fix]")
        .unwrap()
        .unwrap();
    assert_eq!(
        create.get_attribute("href").as_deref(),
        Some("/clusters/7/strategy")
    );
    assert!(item(2).text_content().unwrap_or_default().contains("Info"));
    // A strategy finding links to its field in the editor.
    let field = item(2)
        .query_selector("[data-testid=health-fix]")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(
        field.as_deref(),
        Some("/clusters/7/strategy#schedule-enabled")
    );
}

fn cluster_stubs(id: i64, log_status: &str) -> Vec<(String, serde_json::Value)> {
    let base = format!("/api/v2/ob/clusters/{id}");
    let window = json!({
        "obQueryTimeScopeType": "LATEST_SEVEN_DAYS",
        "latestSevenDaysAggregation": {"obRecoverableSectionItems": [
            {"obRecoverableSectionItemType": "RECOVERABLE",
             "realRecoverableTimeInterval": {"startTime": ago_us(6 * 86_400), "endTime": ago_us(30)}}
        ]}
    });
    vec![
        (
            format!("{base}/backup/overview"),
            ok(json!({
                "clusterId": id, "clusterName": format!("c{id}"), "obClusterType": "PRIMARY",
                "obClusterStatus": "RUNNING", "obVersion": "3.2.4", "backupScheduleStatus": "NORMAL",
                "lastDataBackupTime": ago(3600), "latestLogBackupCheckpoint": ago(30),
            })),
        ),
        (
            format!("{base}/backup/config/backupStrategy"),
            ok(json!({
                "id": id, "backupMode": "PHYSICAL_BACKUP",
                "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleEnabled": true,
                    "dayAndDataBackupModelMap": {"1": "FULL_BACKUP"}},
                "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 240,
                    "noSuccessfulDataBackupAlarmDays": 3, "logBackupDelaySeconds": 300},
                "obBackupServiceStorageConfig": {}
            })),
        ),
        (
            format!("{base}/backup/task/logBackupTasks"),
            page(json!([{"status": log_status, "modifyTime": ago(600), "checkpoint": ago(30)}])),
        ),
        (
            format!("{base}/backup/task/dataBackupTasks"),
            page(
                json!([{"taskId": id * 10, "dataBackupTaskType": "FULL_BACKUP", "status": "DONE",
                "startTime": ago(7200), "finishTime": ago(3600)}]),
            ),
        ),
        (
            format!("{base}/backup/info"),
            ok(json!({"clusterId": id, "obRecoverableInfoAggregation": window})),
        ),
        (
            base.clone(),
            ok(json!({"id": id, "name": format!("c{id}"), "obVersion": "3.2.4"})),
        ),
    ]
}

/// The cluster names the list shows, in order.
fn link_names(root: &web_sys::HtmlElement) -> Vec<String> {
    let links = root
        .query_selector_all("[data-testid=cluster-link]")
        .unwrap();
    (0..links.length())
        .map(|i| links.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn stub(routes: Vec<(String, serde_json::Value)>) {
    let routes: Vec<(&str, serde_json::Value)> = routes
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    stub_fetch(&routes, 0);
}

#[wasm_bindgen_test]
async fn an_unknown_log_status_is_said_as_such_on_the_overview() {
    stub(cluster_stubs(1, "PAUSED_BY_OPERATOR"));
    let (root, _app) = open("/clusters/1");
    let finding = wait_for(
        &root,
        "[data-testid=health-finding][data-rule=log-archiving-unknown]",
    )
    .await;
    let text = finding.text_content().unwrap_or_default();
    assert!(
        text.contains("Log archiving reports the status PAUSED_BY_OPERATOR, which this console does not know."),
        "{text}"
    );
    assert_eq!(
        finding.get_attribute("data-severity").as_deref(),
        Some("warning")
    );
}

#[wasm_bindgen_test]
async fn a_healthy_overview_shows_the_calm_line() {
    stub(cluster_stubs(1, "RUNNING"));
    let (root, _app) = open("/clusters/1");
    wait_for(&root, "[data-testid=health-calm]").await;
}

#[wasm_bindgen_test]
async fn the_clusters_list_orders_by_health_and_filters_to_problems() {
    let mut routes = cluster_stubs(2, "STOPPED");
    routes.extend(cluster_stubs(1, "RUNNING"));
    routes.push((
        "/api/v2/ob/clusters?".to_owned(),
        page(json!([
            {"id": 1, "name": "a-healthy", "obVersion": "3.2.4", "status": "RUNNING", "type": "PRIMARY"},
            {"id": 2, "name": "b-stopped", "obVersion": "3.2.4", "status": "RUNNING", "type": "PRIMARY"}
        ])),
    ));
    stub(routes);
    let (root, _app) = open("/?sort=health");
    wait_for(&root, "[data-testid=health-cell][data-severity=critical]").await;
    wait_for(&root, "[data-testid=health-cell][data-severity=ok]").await;
    let names = || link_names(&root);
    assert_eq!(names(), ["b-stopped", "a-healthy"], "worst first");
    let cell = query(
        &root,
        "[data-testid=health-cell][data-severity=critical] span",
    )
    .unwrap();
    assert!(cell
        .text_content()
        .unwrap_or_default()
        .starts_with("Critical · "));
    assert!(
        cell.get_attribute("title")
            .unwrap_or_default()
            .contains("Log archiving is STOPPED"),
        "the findings as a tooltip"
    );
    // Only the clusters with problems, and the choice is in the URL.
    query(&root, "[data-testid=only-problems]").unwrap().click();
    for _ in 0..100 {
        if names().len() == 1 {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(names(), ["b-stopped"]);
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(
        search.contains("health=problems") && search.contains("sort=health"),
        "{search}"
    );
}

#[wasm_bindgen_test]
async fn a_log_list_that_cannot_be_read_leaves_its_rules_out_not_the_panel() {
    let routes: Vec<(String, serde_json::Value)> = cluster_stubs(1, "RUNNING")
        .into_iter()
        .filter(|(k, _)| !k.contains("logBackupTasks"))
        .collect();
    // Unstubbed: the log list answers a 404 OCP error.
    stub(routes);
    let (root, _app) = open("/clusters/1");
    wait_for(&root, "[data-testid=health-calm]").await;
    assert!(!requests("logBackupTasks").is_empty());
}

/// `routes` answered after `delay_ms`.
fn stub_slow(routes: &[(String, serde_json::Value)], delay_ms: u32) {
    let routes: Vec<(&str, serde_json::Value)> = routes
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    stub_fetch(&routes, delay_ms);
}

fn one_cluster_fleet(overview_name: &str) -> Vec<(String, serde_json::Value)> {
    let mut routes = cluster_stubs(1, "RUNNING");
    if let Some((_, body)) = routes.iter_mut().find(|(k, _)| k.ends_with("/overview")) {
        body["data"]["clusterName"] = json!(overview_name);
    }
    routes.push((
        "/api/v2/ob/clusters?".to_owned(),
        page(json!([{"id": 1, "name": "c1", "obVersion": "3.2.4", "status": "RUNNING", "type": "PRIMARY"}])),
    ));
    routes
}

/// Goes to `path` inside the app, as a link does.
fn go(path: &str) {
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    window
        .dispatch_event(&web_sys::Event::new("popstate").unwrap())
        .unwrap();
}

/// Polls (every 10 ms, up to `ms`) for `selector` whose text contains `text`.
async fn shows_within(root: &web_sys::HtmlElement, selector: &str, text: &str, ms: u32) -> bool {
    for _ in 0..ms / 10 {
        if text_of(root, selector).is_some_and(|t| t.contains(text)) {
            return true;
        }
        sleep(10).await;
    }
    false
}

/// The query layer as a person meets it: Back from an overview shows the list at once from
/// what was read, with no request first; an answer older than its refresh interval is shown at
/// once too, then read again, and the page shows the new answer.
#[wasm_bindgen_test]
async fn a_cached_answer_shows_at_once_and_an_old_one_is_read_again() {
    // Every answer takes 400 ms: what shows sooner came from the cache.
    stub_slow(&one_cluster_fleet("c1"), 400);
    let (root, _app) = open("/");
    wait_for(&root, "[data-testid=health-cell][data-severity=ok]").await;
    go("/clusters/1");
    assert_eq!(wait_text(&root, "[data-testid=cluster-title]").await, "c1");
    let lists = requests("/api/v2/ob/clusters?").len();

    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    assert!(
        shows_within(&root, "[data-testid=cluster-link]", "c1", 200).await,
        "Back shows the list from the cache, before any answer could come"
    );
    assert_eq!(
        requests("/api/v2/ob/clusters?").len(),
        lists,
        "no request for the list first"
    );
    wait_for(&root, "[data-testid=health-cell][data-severity=ok]").await;

    // Thirty seconds on (past the overview's 15 s refresh), OCP renamed the cluster.
    js_sys::eval("window.__realNow = Date.now; Date.now = () => window.__realNow() + 30000;")
        .unwrap();
    // (A new stub starts a new record of requests.)
    stub_slow(&one_cluster_fleet("c1-renamed"), 400);
    go("/clusters/1");
    let at_once = shows_within(&root, "[data-testid=cluster-title]", "c1", 200).await;
    let refreshed = shows_within(&root, "[data-testid=cluster-title]", "c1-renamed", 5000).await;
    let reads = requests("/backup/overview").len();
    js_sys::eval("Date.now = window.__realNow;").unwrap();
    assert!(at_once, "the kept overview shows at once");
    assert!(refreshed, "then the new answer replaces it");
    assert_eq!(reads, 1, "read again once");
}

/// A cluster whose health cannot be read says "unknown", why, and offers a retry that reads it
/// again; it never stays "Loading…".
#[wasm_bindgen_test]
async fn a_health_read_that_fails_shows_unknown_and_a_retry_recovers() {
    let mut routes = one_cluster_fleet("c1");
    let failed = json!({"successful": false, "status": 500,
        "error": {"code": "COM10001", "message": "internal error"}});
    let good = routes
        .iter()
        .find(|(k, _)| k.ends_with("/overview"))
        .map(|(_, v)| v.clone())
        .unwrap();
    if let Some((_, body)) = routes.iter_mut().find(|(k, _)| k.ends_with("/overview")) {
        *body = failed;
    }
    stub_slow(&routes, 0);
    let (root, _app) = open("/");
    let cell = wait_for(&root, "[data-testid=health-cell][data-severity=unknown]").await;
    let text = cell.text_content().unwrap_or_default();
    assert!(text.starts_with("Unknown — "), "{text}");
    assert!(!text.contains("Loading"), "{text}");

    if let Some((_, body)) = routes.iter_mut().find(|(k, _)| k.ends_with("/overview")) {
        *body = good;
    }
    stub_slow(&routes, 0);
    query(&root, "[data-testid=health-retry]").unwrap().click();
    wait_for(&root, "[data-testid=health-cell][data-severity=ok]").await;
    assert!(query(&root, "[data-testid=health-retry]").is_none());
}

/// Two clusters whose names differ only by an invisible character (a zero-width space, a bidi
/// override) are told apart in the list: the character is written out, never hidden.
#[wasm_bindgen_test]
async fn names_that_differ_only_by_an_invisible_character_are_told_apart() {
    let mut routes = cluster_stubs(1, "RUNNING");
    routes.extend(cluster_stubs(2, "RUNNING"));
    routes.push((
        "/api/v2/ob/clusters?".to_owned(),
        page(json!([
            {"id": 1, "name": "ob-prod-hz", "obVersion": "3.2.4", "status": "RUNNING", "type": "PRIMARY"},
            {"id": 2, "name": "ob-prod-hz\u{200B}", "obVersion": "3.2.4", "status": "RUNNING", "type": "PRIMARY"}
        ])),
    ));
    stub(routes);
    let (root, _app) = open("/");
    wait_for(&root, "[data-testid=cluster-row][data-cluster-id=\"2\"]").await;
    assert_eq!(link_names(&root), ["ob-prod-hz", "ob-prod-hz\\u{200B}"]);
}
