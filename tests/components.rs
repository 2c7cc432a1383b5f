//! Component tests in headless Chromium: what a person sees for each status and each failure.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ob_backup_console::api::{interpret, Answer, ApiError, ErrorKind, ServerMessage};
use ob_backup_console::components::{ErrorView, ScheduleStatusCard};
use ob_backup_console::i18n::{I18n, Lang, Msg};
use ocp_model::BackupScheduleStatus;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view in a fresh container with the language context, and returns the container.
fn mount<F, V>(lang: Lang, f: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let document = document();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(I18n::new(lang));
        f()
    });
    handle.forget();
    container
}

fn query(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    query(root, selector)
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn status_card_names_each_schedule_status_and_explains_it() {
    let cases = [
        (
            BackupScheduleStatus::None,
            "No strategy",
            "no backup strategy",
        ),
        (
            BackupScheduleStatus::Normal,
            "Scheduling",
            "run on the strategy's days",
        ),
        (BackupScheduleStatus::Paused, "Paused", "resumed"),
        (
            BackupScheduleStatus::Waiting,
            "Waiting for first run",
            "first backup has not run",
        ),
        (
            BackupScheduleStatus::Abnormal,
            "Scheduling broken",
            "failed",
        ),
    ];
    for (status, label, help) in cases {
        let raw = status.as_str().to_owned();
        let root = mount(
            Lang::En,
            move || view! { <ScheduleStatusCard status=status /> },
        );
        let chip = query(&root, "[data-testid=schedule-status]").expect("status chip");
        assert_eq!(chip.text_content().unwrap(), label);
        assert_eq!(chip.get_attribute("data-status").unwrap(), raw);
        assert!(
            text(&root, "[data-testid=schedule-status-help]").contains(help),
            "{raw}: help mentions {help:?}"
        );
    }
}

#[wasm_bindgen_test]
fn status_card_speaks_chinese_and_shows_an_unknown_status_as_sent() {
    let root = mount(
        Lang::Zh,
        || view! { <ScheduleStatusCard status=BackupScheduleStatus::Paused /> },
    );
    assert_eq!(text(&root, "[data-testid=schedule-status]"), "已暂停");
    let root = mount(Lang::En, || {
        view! { <ScheduleStatusCard status=BackupScheduleStatus::Other("MIGRATING".into()) /> }
    });
    assert_eq!(text(&root, "[data-testid=schedule-status]"), "MIGRATING");
}

#[wasm_bindgen_test]
fn status_card_says_a_standby_cannot_be_backed_up() {
    let root = mount(
        Lang::En,
        || view! { <ScheduleStatusCard status=BackupScheduleStatus::None standby=true /> },
    );
    assert!(text(&root, "[data-testid=schedule-status-help]")
        .contains("standby cluster cannot be backed up"));
}

fn one_of_each_error() -> Vec<ApiError> {
    let said = |m: &str| ServerMessage {
        code: Some("BAK10003".into()),
        message: m.into(),
        ..Default::default()
    };
    vec![
        ApiError::Network("TypeError: Failed to fetch".into()),
        ApiError::Timeout(20),
        ApiError::Unauthorized(said("not logged in")),
        ApiError::Forbidden(said("no permission")),
        ApiError::NotFound(said("cluster 42 does not exist")),
        ApiError::Conflict(said("strategy exists")),
        ApiError::BadRequest(said("bad schedule time")),
        ApiError::RateLimited {
            retry_after_secs: Some(30),
            message: ServerMessage::default(),
        },
        ApiError::Server {
            status: 500,
            message: said("NullPointerException"),
        },
        ApiError::BadResponse {
            status: 502,
            snippet: "502 Bad Gateway nginx".into(),
        },
        ApiError::Decode {
            path: "data.contents[0].status".into(),
            detail: "invalid type: integer".into(),
        },
    ]
}

#[wasm_bindgen_test]
fn every_error_kind_gets_its_own_message_detail_and_hint() {
    let errors = one_of_each_error();
    assert_eq!(errors.len(), ErrorKind::ALL.len(), "a case per kind");
    let expected_detail = [
        "Failed to fetch",
        "20 s",
        "not logged in (BAK10003)",
        "no permission (BAK10003)",
        "cluster 42 does not exist (BAK10003)",
        "strategy exists (BAK10003)",
        "bad schedule time (BAK10003)",
        "Retry in 30 s.",
        "HTTP 500: NullPointerException (BAK10003)",
        "HTTP 502: 502 Bad Gateway nginx",
        "data.contents[0].status: invalid type: integer",
    ];
    let mut titles = std::collections::HashSet::new();
    for (error, detail) in errors.into_iter().zip(expected_detail) {
        let kind = error.kind();
        let title = error.user_message(Lang::En).title;
        let root = mount(Lang::En, move || view! { <ErrorView error=error /> });
        let view = query(&root, "[data-testid=error-view]").expect("error view");
        assert_eq!(view.get_attribute("data-kind").unwrap(), kind.as_str());
        assert_eq!(view.get_attribute("role").unwrap(), "alert");
        assert!(text(&root, ".error-view__title") == title);
        assert!(
            text(&root, "[data-testid=error-message]").contains(detail),
            "{kind:?}: {detail}"
        );
        assert!(!text(&root, ".error-view__hint").is_empty());
        assert!(titles.insert(title), "{kind:?} has a title of its own");
    }
}

#[wasm_bindgen_test]
async fn retry_calls_back_and_sign_in_is_offered_only_for_401() {
    let clicks = RwSignal::new(0);
    let root = mount(Lang::En, move || {
        view! { <ErrorView error=ApiError::Network("down".into()) on_retry=move |_| clicks.update(|c| *c += 1) /> }
    });
    let retry = query(&root, "[data-testid=retry]").expect("retry button");
    assert_eq!(retry.text_content().unwrap(), "Retry");
    retry.click();
    leptos::task::tick().await;
    assert_eq!(clicks.get_untracked(), 1);
    assert!(!root.inner_html().contains(">Sign in<"));

    let root = mount(
        Lang::En,
        || view! { <ErrorView error=ApiError::Unauthorized(ServerMessage::default()) /> },
    );
    assert!(root.inner_html().contains(">Sign in<"));
    assert!(
        query(&root, "[data-testid=retry]").is_none(),
        "no retry without a callback"
    );
}

/// A write whose outcome the console cannot know says to check before sending it again; a
/// refusal keeps its own hint.
#[wasm_bindgen_test]
fn a_write_that_may_have_been_carried_out_says_to_check_first() {
    let unknown: Vec<bool> = one_of_each_error()
        .iter()
        .map(ApiError::outcome_unknown)
        .collect();
    // Network, timeout, a 502 from a gateway, unreadable data: OCP may have done it.
    assert_eq!(
        unknown,
        [true, true, false, false, false, false, false, false, false, true, true]
    );
    let root = mount(
        Lang::En,
        || view! { <ErrorView error=ApiError::Network("down".into()) write=true /> },
    );
    assert!(text(&root, ".error-view__hint").starts_with("OCP may have carried this out"));
    let root = mount(
        Lang::Zh,
        || view! { <ErrorView error=ApiError::Conflict(ServerMessage::default()) write=true /> },
    );
    assert_eq!(
        text(&root, ".error-view__hint"),
        "请刷新查看最新状态后再试。"
    );
}

#[wasm_bindgen_test]
fn error_messages_exist_in_chinese() {
    for error in one_of_each_error() {
        let en = error.user_message(Lang::En);
        let zh = error.user_message(Lang::Zh);
        assert_ne!(en.title, zh.title);
        assert_ne!(en.hint, zh.hint);
    }
    for msg in Msg::ALL {
        assert!(
            !msg.text(Lang::Zh).is_empty() && !msg.text(Lang::En).is_empty(),
            "{msg:?}"
        );
    }
}

#[wasm_bindgen_test]
fn responses_map_to_the_right_error() {
    type R = Result<Answer<serde_json::Value>, ApiError>;
    let kind = |r: R| r.unwrap_err().kind();
    let envelope = |status: u16, code: &str| {
        format!(
            r#"{{"successful":false,"status":{status},"timestamp":"2021-09-23T14:49:34.885+08:00","traceId":"abc","error":{{"code":{code},"message":"m"}}}}"#
        )
    };
    assert_eq!(
        kind(interpret(401, &envelope(401, "\"IAM10000\""), None)),
        ErrorKind::Unauthorized
    );
    assert_eq!(
        kind(interpret(403, &envelope(403, "10003"), None)),
        ErrorKind::Forbidden
    );
    assert_eq!(
        kind(interpret(404, &envelope(404, "\"BAK10003\""), None)),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind(interpret(409, &envelope(409, "\"BAK21001\""), None)),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind(interpret(400, &envelope(400, "10001"), None)),
        ErrorKind::BadRequest
    );
    match interpret::<serde_json::Value>(429, &envelope(429, "0"), Some(17)) {
        Err(ApiError::RateLimited {
            retry_after_secs: Some(17),
            ..
        }) => {}
        other => panic!("429: {other:?}"),
    }
    match interpret::<serde_json::Value>(500, &envelope(500, "\"COM00001\""), None) {
        Err(ApiError::Server {
            status: 500,
            message,
        }) => assert_eq!(message.message, "m"),
        other => panic!("500: {other:?}"),
    }
    match interpret::<serde_json::Value>(
        502,
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        None,
    ) {
        Err(ApiError::BadResponse {
            status: 502,
            snippet,
        }) => assert_eq!(snippet, "502 Bad Gateway"),
        other => panic!("502: {other:?}"),
    }
    assert_eq!(kind(interpret(200, "", None)), ErrorKind::BadResponse);
    assert_eq!(
        kind(interpret(200, r#"{"data": {"a": 1"#, None)),
        ErrorKind::BadResponse
    );
    // A body that is JSON but not what the console expects names the field.
    match interpret::<ocp_model::Overview>(
        200,
        r#"{"successful":true,"status":200,"data":{"clusterId":"x"}}"#,
        None,
    ) {
        Err(ApiError::Decode { path, .. }) => assert_eq!(path, "data.clusterId"),
        other => panic!("decode: {other:?}"),
    }
    // A day map with a key that is no day is the data's fault too, not a gateway's.
    match interpret::<ocp_model::BackupStrategy>(
        200,
        r#"{"data":{"id":1,"obBackupScheduleConfig":{"dayAndDataBackupModelMap":{"2":"FULL_BACKUP","x":"FULL_BACKUP"}}}}"#,
        None,
    ) {
        Err(ApiError::Decode { path, .. }) => {
            assert!(
                path.starts_with("data.obBackupScheduleConfig.dayAndDataBackupModelMap"),
                "{path}"
            )
        }
        other => panic!("decode: {other:?}"),
    }
    // Success: data and the server's clock.
    let answer =
        interpret::<serde_json::Value>(200, r#"{"successful":true,"status":200,"timestamp":"2021-09-23T14:49:34.885+08:00","data":{"a":1}}"#, None)
            .unwrap();
    assert_eq!(answer.data.unwrap()["a"], 1);
    assert_eq!(answer.server_ms, Some(1_632_379_774_885));
    // A 200 that says only `successful: false` is a failure, not empty data.
    assert_eq!(
        kind(interpret(200, r#"{"successful": false}"#, None)),
        ErrorKind::Server
    );
    // An error body without its envelope fields, and with an error object that cannot be read.
    assert_eq!(
        kind(interpret(404, r#"{"successful": false}"#, None)),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind(interpret(
            409,
            r#"{"successful": false, "error": ["x"]}"#,
            None
        )),
        ErrorKind::Conflict
    );
    // A field no page needs, of another type: the data is read, the field named.
    let answer = interpret::<ocp_model::Overview>(
        200,
        r#"{"data":{"clusterId":7,"clusterName":"c","primaryAndStandbyMode":false}}"#,
        None,
    )
    .unwrap();
    assert_eq!(answer.data.unwrap().cluster_name, "c");
    assert_eq!(answer.unread[0].path, "data.primaryAndStandbyMode");
    assert_eq!(answer.server_ms, None);
}

#[wasm_bindgen_test]
async fn a_radio_choice_reports_the_pick_and_shows_what_is_chosen() {
    use ob_backup_console::components::{Choice, RadioChoice};
    let chosen = RwSignal::new(Lang::En);
    let root = mount(Lang::En, move || {
        view! {
            <RadioChoice
                name="lang"
                label="Language"
                options=vec![Choice::new(Lang::En, "en-US", "English".to_owned()), Choice::new(Lang::Zh, "zh-CN", "简体中文".to_owned())]
                selected=chosen
                on_choose=Callback::new(move |l| chosen.set(l))
            />
        }
    });
    let group = query(&root, "[role=radiogroup]").expect("a radio group");
    assert_eq!(
        group.get_attribute("aria-label").as_deref(),
        Some("Language")
    );
    let en: web_sys::HtmlInputElement = query(&root, "#lang-en-US")
        .expect("English")
        .unchecked_into();
    let zh: web_sys::HtmlInputElement = query(&root, "#lang-zh-CN")
        .expect("Chinese")
        .unchecked_into();
    assert!(en.checked() && !zh.checked());
    zh.click();
    leptos::task::tick().await;
    assert_eq!(chosen.get_untracked(), Lang::Zh);
    assert!(zh.checked() && !en.checked());
    // A change from elsewhere (the header's switcher) shows here too.
    chosen.set(Lang::En);
    leptos::task::tick().await;
    assert!(en.checked() && !zh.checked());
}

// ---------------------------------------------------------------------------------------------
// Task lists

#[wasm_bindgen_test]
fn every_documented_task_status_has_a_chip_in_both_languages_and_an_unknown_one_is_shown_as_sent() {
    use ob_backup_console::components::task_status::TaskStatusChip;
    use ocp_model::task_list::{LineStatus, TaskKind};
    for kind in TaskKind::ALL {
        for status in kind.known_statuses() {
            let raw = status.as_str().to_owned();
            let mut labels = Vec::new();
            for lang in [Lang::En, Lang::Zh] {
                let s = status.clone();
                let root = mount(lang, move || view! { <TaskStatusChip status=s /> });
                let chip = query(&root, "[data-testid=status-chip]").expect("a chip");
                assert_eq!(
                    chip.get_attribute("data-status").as_deref(),
                    Some(raw.as_str())
                );
                let label = chip.text_content().unwrap_or_default();
                assert!(
                    !label.is_empty() && label != raw,
                    "{raw} has a {lang:?} label"
                );
                assert!(
                    chip.class_name().starts_with("chip chip--"),
                    "{raw} has a colour"
                );
                labels.push(label);
            }
            assert_ne!(labels[0], labels[1], "{raw}: the two languages differ");
        }
    }
    let root = mount(Lang::Zh, || {
        view! { <TaskStatusChip status=LineStatus::Data(ocp_model::DataBackupStatus::Other("MIGRATING".into())) /> }
    });
    let chip = query(&root, "[data-testid=status-chip]").unwrap();
    assert_eq!(chip.text_content().unwrap(), "MIGRATING");
    assert_eq!(chip.class_name(), "chip chip--neutral");
    // Stopping is not stopped.
    let root = mount(Lang::En, || {
        view! { <TaskStatusChip status=LineStatus::Log(ocp_model::LogBackupStatus::Stopping) /> }
    });
    assert_eq!(text(&root, "[data-testid=status-chip]"), "Stopping");
}

#[wasm_bindgen_test]
fn a_restore_whose_flags_and_status_disagree_says_so_and_is_not_green() {
    use ob_backup_console::components::task_status::TaskStatusChip;
    use ocp_model::task_list::{LineStatus, TaskLine};
    let task: ocp_model::RestoreTask = serde_json::from_value(serde_json::json!({
        "id": 7, "status": "RESTORE_SUCCESS", "finished": true, "successful": false
    }))
    .unwrap();
    let line = TaskLine::from(task);
    let status: LineStatus = line.status.clone();
    let root = mount(Lang::En, move || view! { <TaskStatusChip status /> });
    let chip = query(&root, "[data-testid=status-chip]").unwrap();
    assert_eq!(chip.text_content().unwrap(), "Restored");
    assert!(
        !chip.class_name().contains("success"),
        "{}",
        chip.class_name()
    );
    assert!(text(&root, "[data-testid=restore-contradiction]").contains("disagree"));
}

#[wasm_bindgen_test]
fn server_text_is_text_with_its_line_breaks_and_no_secret() {
    use ob_backup_console::components::server_text::ServerText;
    let raw = "ERROR 4016: backup \"data\" of <tenant 1001> failed\n\tat Foo.run(Foo.java:1)\ncannot open oss://b/d?host=h&access_id=AKID1&access_key=S3CR3T";
    let root = mount(Lang::En, move || {
        view! { <ServerText text=Some(raw.to_owned()) label=Msg::ColError /> }
    });
    let pre = query(&root, "[data-testid=server-text]").expect("the text");
    let shown = pre.text_content().unwrap();
    assert_eq!(shown.lines().count(), 3, "{shown}");
    assert!(shown.starts_with("ERROR 4016: backup \"data\" of <tenant 1001> failed\n\tat Foo"));
    assert!(
        !shown.contains("S3CR3T") && !shown.contains("AKID1"),
        "{shown}"
    );
    assert!(shown.contains("access_key=******"));
    // Angle brackets are text, not markup.
    assert!(pre.query_selector("tenant").unwrap().is_none());
    assert!(pre.inner_html().contains("&lt;tenant 1001&gt;"));
}

#[wasm_bindgen_test]
async fn ten_thousand_rows_draw_only_what_is_in_view() {
    use ob_backup_console::components::virtual_table::{VirtualTable, ROW_HEIGHT};
    let keys: Vec<String> = (0..10_000).map(|i| format!("k{i}")).collect();
    let started = js_sys::Date::now();
    let root = mount(Lang::En, move || {
        view! {
            <div style="height: 720px">
                <VirtualTable
                    keys=Signal::derive(move || keys.clone())
                    header=ViewFn::from(|| view! { <th>"Key"</th> })
                    row=Callback::new(|k: String| view! { <td>{k}</td> }.into_any())
                    selected=Signal::derive(|| None::<String>)
                    on_select=Callback::new(|_| {})
                    columns=1
                    label="rows"
                />
            </div>
        }
    });
    leptos::task::tick().await;
    let took = js_sys::Date::now() - started;
    let rows = || {
        root.query_selector_all("[data-testid=vtable-row]")
            .unwrap()
            .length()
    };
    let first_key = || {
        query(&root, "[data-testid=vtable-row]")
            .and_then(|r| r.get_attribute("data-key"))
            .unwrap_or_default()
    };
    console_log!(
        "10,000 rows: drawn in {took} ms, {} <tr> in the DOM",
        rows()
    );
    assert!(rows() > 0 && rows() <= 80, "{} rows in the DOM", rows());
    assert_eq!(first_key(), "k0");
    let table = query(&root, "[data-testid=vtable]").unwrap();
    assert_eq!(
        table.get_attribute("aria-rowcount").as_deref(),
        Some("10001")
    );
    // Scroll to row 5000.
    let scroller = query(&root, ".vtable").unwrap();
    scroller.set_scroll_top((5000.0 * ROW_HEIGHT) as i32);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(rows() <= 80, "{} rows in the DOM after scrolling", rows());
    let first: usize = first_key().trim_start_matches('k').parse().unwrap();
    assert!((4980..=5000).contains(&first), "first drawn row {first}");
    let drawn: Vec<String> = (0..rows())
        .filter_map(|i| {
            root.query_selector_all("[data-testid=vtable-row]")
                .unwrap()
                .get(i)
        })
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-key"))
        .collect();
    assert!(drawn.contains(&"k5000".to_owned()) && drawn.contains(&"k5010".to_owned()));
}

/// A page whose chunk cannot be fetched: three tries (at once, after 0.5 s, after 2 s), then the
/// could-not-load message in the reader's language with a retry that loads it.
#[wasm_bindgen_test]
async fn a_page_chunk_that_cannot_load_is_retried_then_explained() {
    use ob_backup_console::chunk::{ChunkError, ChunkedPage, PageFn};
    use std::sync::atomic::{AtomicU32, Ordering};
    static TRIES: AtomicU32 = AtomicU32::new(0);
    async fn flaky() -> Result<PageFn, ChunkError> {
        // The first three tries fail, as a dropped connection would; the fourth loads.
        if TRIES.fetch_add(1, Ordering::SeqCst) < 3 {
            Err(ChunkError)
        } else {
            Ok(|| view! { <p data-testid="page">"the page"</p> }.into_any())
        }
    }
    let root = mount(Lang::Zh, || view! { <ChunkedPage load=flaky /> });
    gloo_timers::future::TimeoutFuture::new(200).await;
    assert!(
        query(&root, "[data-testid=chunk-failed]").is_none(),
        "not before the retries"
    );
    gloo_timers::future::TimeoutFuture::new(2_800).await;
    assert_eq!(TRIES.load(Ordering::SeqCst), 3);
    assert!(
        text(&root, "[data-testid=chunk-failed]").contains(Msg::ChunkFailedTitle.text(Lang::Zh)),
        "{}",
        root.inner_text()
    );
    assert!(query(&root, "[data-testid=page]").is_none());
    query(&root, "[data-testid=retry]").unwrap().click();
    gloo_timers::future::TimeoutFuture::new(50).await;
    assert_eq!(text(&root, "[data-testid=page]"), "the page");
    assert!(query(&root, "[data-testid=chunk-failed]").is_none());
}
