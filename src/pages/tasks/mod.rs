//! `/clusters/:id/tasks`: the data, log and restore task lists (ocp-api.md 2.5), where a DBA
//! goes during an incident. Every filter, the order and the selected row live in the URL
//! (`ocp_model::task_list::TaskQuery`); rows for the time range are fetched in pages of up to
//! 2000, filtered here, drawn virtually, and refreshed in place while anything runs.

mod cells;

use crate::api::endpoints::TaskPageQuery;
use crate::api::{use_api, Api, ApiError};
use crate::app::AppRoute;
use crate::clock::{browser_offset_at, use_clock};
use crate::components::field_input::{TypedInput, ValueText};
use crate::components::task_status::status_msg;
use crate::components::virtual_table::VirtualTable;
use crate::components::{BackupNowButton, ErrorView, Skeleton};
use crate::i18n::{use_i18n, Msg};
use crate::pages::{use_refresh, use_scope, Reload};
use cells::{column_msg, row_detail, table_cell, RowCtx};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use ocp_model::input::{self, Kind, Unit, WholeRule};
use ocp_model::measure::{Span, DEFAULT_LOG_DELAY_THRESHOLD_SECONDS};
use ocp_model::task_list::{
    merge_refresh, visible_rows, SortOrder, TaskKind, TaskLine, TaskQuery, TimeRange,
};
use ocp_model::{
    BackupScope, DataBackupMode, DataBackupTask, LogBackupTask, PageInfo, Paged, RestoreTask,
    StampTime,
};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Rows asked for per request: OCP's largest page.
const PAGE_SIZE: u64 = 2000;
/// At most this many pages for one range (100,000 rows), whatever a server claims.
const MAX_PAGES: u64 = 50;
/// How often the list re-reads its newest rows while a task runs.
const LIVE_REFRESH: Duration = Duration::from_secs(5);
/// Rows a live refresh reads: the newest, where running tasks are.
const REFRESH_ROWS: u64 = 200;

#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    // A cluster's lists, or one tenant's (`/clusters/:id/tenants/:tenantId/tasks`).
    let scope = use_scope();
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|m| TaskQuery::from_pairs(m.latest_values().map(|(k, v)| (k.as_ref(), v))))
    });
    // The strategy's thresholds colour delays and mark backups past their timeout.
    // A tenant without its own strategy is governed by the cluster's.
    let strategy = LocalResource::new(move || {
        let futs = scope.get().map(|scope| {
            let cluster = scope
                .is_tenant()
                .then(|| api.strategy(scope.cluster()).fetch());
            (api.strategy(scope).fetch(), cluster)
        });
        async move {
            let (own, cluster) = futs?;
            match (own.await?, cluster) {
                (None, Some(c)) => c.await,
                (own, _) => Ok(own),
            }
        }
    });
    let ctx = Memo::new(move |_| {
        let thresholds = strategy
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|s| s.ob_backup_threshold_config)
            .unwrap_or_default();
        RowCtx {
            timeout_minutes: thresholds.data_backup_timeout_minutes,
            delay_threshold_secs: thresholds
                .log_backup_delay_seconds
                .map_or(DEFAULT_LOG_DELAY_THRESHOLD_SECONDS, i64::from),
        }
    });
    let overview = LocalResource::new(move || {
        let fut = scope.get().map(|s| api.overview(s.cluster_id()).fetch());
        async move { fut?.await }
    });
    let overview = Signal::derive(move || overview.get().and_then(Result::ok));
    let strategy_value = Signal::derive(move || strategy.get().and_then(Result::ok).flatten());
    // A backup started here: the data list shows it, selected, as soon as OCP lists it.
    let started = RwSignal::new(0_u64);
    let navigate = use_navigate();
    // The overview (needed for backup now) names the cluster too: no separate read.
    let name = move || overview.get().map(|o| o.cluster_name).unwrap_or_default();
    let tenant = LocalResource::new(move || {
        let fut = scope
            .get()
            .ok()
            .and_then(|s| Some(api.tenant_name(s.cluster_id(), s.tenant_id()?).fetch()));
        async move { fut?.await.ok() }
    });
    let tenant_name = Signal::derive(move || tenant.get().flatten());
    // Tenant rows come in UTC (ocp-api.md 2b.2): "cluster time" stays the cluster's offset,
    // the one the cluster's own overview times are written in.
    let is_tenant =
        Memo::new(move |_| scope.with(|s| s.as_ref().is_ok_and(BackupScope::is_tenant)));
    use_clock().use_cluster_offset(Signal::derive(move || {
        let o = overview.get().filter(|_| is_tenant.get())?;
        o.last_data_backup_time
            .or(o.latest_log_backup_checkpoint)
            .map(|t| t.offset())
    }));

    view! {
        <section class="page tasks-page">
            {move || match scope.get() {
                Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| api.retry()) /> }.into_any(),
                Ok(scope) => view! {
                    <header class="page__head">
                        <div>
                            <p class="breadcrumb">
                                <A href=AppRoute::Overview { cluster_id: scope.cluster_id() }.href()>{name}</A>
                                {move || tenant_name.get().map(|t| view! {
                                    " / " <A href=AppRoute::overview_of(scope).href() attr:data-testid="tenant-crumb">{t}</A>
                                })}
                            </p>
                            <h1>{move || i18n.t(Msg::TasksTitle)}</h1>
                        </div>
                        <BackupNowButton scope tenant_name=tenant_name overview strategy=strategy_value on_started={
                            let navigate = navigate.clone();
                            Callback::new(move |task_id: i64| {
                                let q = TaskQuery {
                                    row: Some(task_id.to_string()),
                                    ..query.get_untracked().with_kind(TaskKind::Data)
                                };
                                navigate(&AppRoute::tasks_of(scope, q).href(), NavigateOptions {
                                    scroll: false,
                                    ..Default::default()
                                });
                                started.update(|n| *n += 1);
                            })
                        } />
                    </header>
                    <Tabs scope query />
                    <Filters scope query />
                    {move || {
                        let kind = query.with(|q| q.kind);
                        untrack(|| view! { <TaskListView scope kind query ctx started /> })
                    }}
                }.into_any(),
            }}
        </section>
    }
}

fn kind_msg(kind: TaskKind) -> Msg {
    match kind {
        TaskKind::Data => Msg::TabData,
        TaskKind::Log => Msg::TabLog,
        TaskKind::Restore => Msg::TabRestore,
    }
}

#[component]
fn Tabs(scope: BackupScope, query: Memo<TaskQuery>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=move || i18n.t(Msg::TasksTitle)>
            {TaskKind::ALL.into_iter().map(|kind| {
                let href = move || AppRoute::tasks_of(scope, query.with(|q| q.with_kind(kind))).href();
                let current = move || query.with(|q| q.kind == kind);
                view! {
                    <a href=href class="tabs__tab" class:tabs__tab--current=current
                        aria-current=move || current().then_some("page")
                        data-testid=format!("tab-{}", kind.as_str())>
                        {move || i18n.t(kind_msg(kind))}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// The filters: each change is one navigation (Back walks them), never a scroll to the top.
#[component]
fn Filters(scope: BackupScope, query: Memo<TaskQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let go = Callback::new(move |q: TaskQuery| {
        navigate(
            &AppRoute::tasks_of(scope, q).href(),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let change = move |f: fn(&mut TaskQuery, String)| {
        move |ev: leptos::ev::Event| {
            let mut q = query.get_untracked();
            f(&mut q, event_target_value(&ev));
            q.row = None;
            go.run(q);
        }
    };
    let kind = move || query.with(|q| q.kind);
    let status_options = move || {
        let current = query.with(|q| q.status.clone());
        let mut all: Vec<(String, Option<Msg>)> = kind()
            .known_statuses()
            .iter()
            .map(|s| (s.as_str().to_owned(), status_msg(s)))
            .collect();
        // A status from a shared link that this console does not know is still offered.
        if let Some(c) = &current {
            if !all.iter().any(|(s, _)| s == c) {
                all.push((c.clone(), None));
            }
        }
        all.into_iter()
            .map(|(raw, msg)| {
                let selected = current.as_deref() == Some(raw.as_str());
                let label = msg.map_or_else(|| raw.clone(), |m| format!("{} ({raw})", i18n.t(m)));
                view! { <option value=raw selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let range_value = move || query.with(|q| q.range.as_str());
    let offset_text = move |which: Msg| {
        let now = js_sys::Date::now() as i64;
        i18n.fmt(
            which,
            &[(
                "offset",
                &ocp_model::time::format_offset(browser_offset_at(now)),
            )],
        )
    };
    // The backup set and the custom range's ends are typed: each applies once the field is left
    // (or Enter is pressed), and only when it reads; one that does not keeps its text and its
    // reason, and the list keeps what it showed.
    let set_text = ValueText::new(
        Signal::derive(move || query.with(|q| q.backup_set_id)),
        |id: &Option<i64>| id.map(|i| i.to_string()).unwrap_or_default(),
    );
    let apply_set = Callback::new(move |t: String| {
        let Ok(id) = input::parse_optional_whole(&t, SET_ID) else {
            return;
        };
        let id = id.and_then(|n| i64::try_from(n).ok());
        set_text.typed(t, id);
        if query.with_untracked(|q| q.backup_set_id != id) {
            let mut q = query.get_untracked();
            q.backup_set_id = id;
            q.row = None;
            go.run(q);
        }
    });
    let bound = move |from: bool| {
        Signal::derive(move || {
            query.with(|q| match q.range {
                TimeRange::Custom { from: f, to: t } => {
                    if from {
                        f
                    } else {
                        t
                    }
                }
                _ => None,
            })
        })
    };
    let from_text = ValueText::new(bound(true), bound_text);
    let to_text = ValueText::new(bound(false), bound_text);
    let apply_bound = move |from: bool| {
        let text = if from { from_text } else { to_text };
        Callback::new(move |t: String| {
            let Ok(wall) = input::parse_date_time(&t) else {
                return;
            };
            let at = wall.and_then(browser_instant);
            text.typed(t, at);
            let mut q = query.get_untracked();
            set_custom(&mut q, from, at);
            if q != query.get_untracked() {
                q.row = None;
                go.run(q);
            }
        })
    };
    let not_applied = move |text: ValueText<Option<StampTime>>| {
        move || {
            text.text
                .with(|t| Kind::DateTime.problem(t, false).is_some())
                .then(|| view! {
                    <span class="field__help" data-testid="range-not-applied">{move || i18n.t(Msg::RangeNotApplied)}</span>
                })
        }
    };
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() data-testid="task-filters">
            <label class="filters__field">
                <span>{move || i18n.t(Msg::ColStatus)}</span>
                <select data-testid="filter-status" on:change=change(|q, v| q.status = (!v.is_empty()).then_some(v))>
                    <option value="" selected=move || query.with(|q| q.status.is_none())>{move || i18n.t(Msg::FilterAll)}</option>
                    {status_options}
                </select>
            </label>
            <Show when=move || kind() == TaskKind::Data>
                <label class="filters__field">
                    <span>{move || i18n.t(Msg::ColKind)}</span>
                    <select data-testid="filter-type" on:change=change(|q, v| q.backup_type = match v.as_str() {
                        "full" => Some(DataBackupMode::Full),
                        "incremental" => Some(DataBackupMode::Incremental),
                        _ => None,
                    })>
                        <option value="" selected=move || query.with(|q| q.backup_type.is_none())>{move || i18n.t(Msg::FilterAll)}</option>
                        <option value="full" selected=move || query.with(|q| q.backup_type == Some(DataBackupMode::Full))>{move || i18n.t(Msg::FullBackup)}</option>
                        <option value="incremental" selected=move || query.with(|q| q.backup_type == Some(DataBackupMode::Incremental))>{move || i18n.t(Msg::IncrementalBackup)}</option>
                    </select>
                </label>
                <label class="filters__field">
                    <span>{move || i18n.t(Msg::FilterBackupSet)}</span>
                    <TypedInput kind=Kind::Whole(SET_ID) text=set_text.text id="filter-set" testid="filter-set" size=10
                        on_text=Callback::new(move |t| set_text.text.set(t)) on_commit=apply_set />
                </label>
            </Show>
            <label class="filters__field">
                <span>{move || i18n.t(Msg::FilterRange)}</span>
                <select data-testid="filter-range" on:change=change(|q, v| q.range = match v.as_str() {
                    "24h" => TimeRange::Last24h,
                    "30d" => TimeRange::Last30d,
                    "custom" => {
                        // From the preset in force, so the custom range starts as what was shown.
                        // The browser's now: only where the fields start, shown to be edited.
                        let now = js_sys::Date::now() as i64;
                        let offset = browser_offset_at(now);
                        let (from, to) = q.range.bounds(now, offset);
                        let to = to.or_else(|| ocp_model::OcpTime::from_millis(now, offset));
                        TimeRange::Custom { from, to }
                    }
                    _ => TimeRange::Last7d,
                })>
                    {[(TimeRange::Last24h, Msg::Range24h), (TimeRange::Last7d, Msg::Range7d), (TimeRange::Last30d, Msg::Range30d)]
                        .into_iter()
                        .map(|(r, m)| view! { <option value=r.as_str() selected=move || range_value() == r.as_str()>{move || i18n.t(m)}</option> })
                        .collect_view()}
                    <option value="custom" selected=move || range_value() == "custom">{move || i18n.t(Msg::RangeCustom)}</option>
                </select>
            </label>
            <Show when=move || range_value() == "custom">
                <label class="filters__field">
                    <span>{move || offset_text(Msg::RangeFrom)}</span>
                    <TypedInput kind=Kind::DateTime text=from_text.text id="filter-from" testid="filter-from" size=20
                        on_text=Callback::new(move |t| from_text.text.set(t)) on_commit=apply_bound(true) />
                    {not_applied(from_text)}
                </label>
                <label class="filters__field">
                    <span>{move || offset_text(Msg::RangeTo)}</span>
                    <TypedInput kind=Kind::DateTime text=to_text.text id="filter-to" testid="filter-to" size=20
                        on_text=Callback::new(move |t| to_text.text.set(t)) on_commit=apply_bound(false) />
                    {not_applied(to_text)}
                </label>
            </Show>
            <label class="filters__field">
                <span>{move || i18n.t(Msg::SortOrder)}</span>
                <select data-testid="filter-sort" on:change=change(|q, v| q.sort = if v == "asc" { SortOrder::OldestFirst } else { SortOrder::NewestFirst })>
                    <option value="desc" selected=move || query.with(|q| q.sort == SortOrder::NewestFirst)>{move || i18n.t(Msg::SortNewest)}</option>
                    <option value="asc" selected=move || query.with(|q| q.sort == SortOrder::OldestFirst)>{move || i18n.t(Msg::SortOldest)}</option>
                </select>
            </label>
        </form>
    }
}

/// Any backup set id (OCP's ids are positive 64-bit numbers).
const SET_ID: WholeRule = WholeRule::up_to(i64::MAX as u64, Unit::None);

/// One end of the custom range set to `at`; `None` leaves that end open.
fn set_custom(q: &mut TaskQuery, from: bool, at: Option<StampTime>) {
    let (mut f, mut t) = match q.range {
        TimeRange::Custom { from, to } => (from, to),
        _ => (None, None),
    };
    if from {
        f = at;
    } else {
        t = at;
    }
    q.range = TimeRange::Custom { from: f, to: t };
}

/// An end of the custom range as its field shows it: the browser's wall clock.
fn bound_text(t: &Option<StampTime>) -> String {
    t.map(|t| {
        let local = t
            .datetime()
            .with_timezone(&browser_offset_at(t.timestamp_millis()));
        input::format_date_time(local.naive_local())
    })
    .unwrap_or_default()
}

/// A wall-clock time typed in the browser's time, as an instant with the browser's offset at
/// that moment.
fn browser_instant(naive: chrono::NaiveDateTime) -> Option<StampTime> {
    // The offset the browser has at that wall-clock time (two guesses settle daylight saving).
    let guess = browser_offset_at(naive.and_utc().timestamp_millis());
    let offset = browser_offset_at((naive - guess).and_utc().timestamp_millis());
    let dt = naive.and_local_timezone(offset).single()?;
    Some(StampTime::new(dt))
}

/// Which list, of which cluster or tenant, over which range and backup set.
#[derive(Clone, Copy)]
struct ListRequest {
    scope: BackupScope,
    kind: TaskKind,
    from: Option<StampTime>,
    to: Option<StampTime>,
    backup_set_id: Option<i64>,
}

type PageFuture =
    Pin<Box<dyn Future<Output = Result<(Vec<TaskLine>, Option<PageInfo>), ApiError>>>>;

/// Every row of the range, fetched page by page (`size` a page; a server may send more or
/// fewer than asked: `totalElements` and `totalPages`, or an empty page, say when to stop).
async fn fetch_lines(
    api: Api,
    owner: Owner,
    req: ListRequest,
    pages: u64,
    size: u64,
) -> Result<Vec<TaskLine>, ApiError> {
    let mut lines: Vec<TaskLine> = Vec::new();
    for page in 1..=pages {
        let q = TaskPageQuery {
            from: req.from,
            to: req.to,
            backup_set_id: req.backup_set_id,
            page,
            size,
        };
        // Under the resource's owner, so leaving the page aborts the request.
        let fut = owner.with(|| match req.kind {
            TaskKind::Data => read_page::<DataBackupTask>(api, req, q),
            TaskKind::Log => read_page::<LogBackupTask>(api, req, q),
            TaskKind::Restore => read_page::<RestoreTask>(api, req, q),
        });
        let (rows, info) = fut.await?;
        let got = rows.len();
        lines.extend(rows);
        let done = match info {
            None => true,
            Some(p) => got == 0 || lines.len() as u64 >= p.total_elements || page >= p.total_pages,
        };
        if done {
            break;
        }
    }
    Ok(lines)
}

/// One page of one list, as lines: the only part that knows the row type.
fn read_page<T: DeserializeOwned + Into<TaskLine> + Clone + Send + Sync + 'static>(
    api: Api,
    req: ListRequest,
    q: TaskPageQuery,
) -> PageFuture {
    let fut = api
        .task_page::<T>(req.scope, req.kind.endpoint(), &q)
        .fetch();
    Box::pin(async move {
        let Paged { contents, page } = fut.await?;
        Ok((contents.into_iter().map(Into::into).collect(), page))
    })
}

/// One list: rows fetched for the query's range, shown through its filters, refreshed in place.
#[component]
fn TaskListView(
    scope: BackupScope,
    kind: TaskKind,
    query: Memo<TaskQuery>,
    ctx: Memo<RowCtx>,
    /// Bumped when a backup is started from this page: read the newest rows now.
    started: RwSignal<u64>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let clock = use_clock();
    let navigate = use_navigate();
    // What the server filters on; a preset range is counted from the server's now when read.
    let server_part = Memo::new(move |_| query.with(|q| (q.range, q.backup_set_id)));
    let reload = Reload::new();
    let bounds = move |range: TimeRange| {
        let now = clock.now_ms.get_untracked();
        range.bounds(now, browser_offset_at(now))
    };
    let fetched = LocalResource::new(move || {
        reload.track();
        let (range, set) = server_part.get();
        let (from, to) = bounds(range);
        let owner = Owner::current().unwrap_or_default();
        let req = ListRequest {
            scope,
            kind,
            from,
            to,
            backup_set_id: set,
        };
        fetch_lines(api, owner, req, MAX_PAGES, PAGE_SIZE)
    });
    let rows: RwSignal<Vec<TaskLine>> = RwSignal::new(Vec::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let refreshed_at = RwSignal::new(None::<i64>);
    Effect::new(move || match fetched.get() {
        Some(Ok(all)) => {
            rows.set(all);
            loaded.set(true);
            error.set(None);
            refreshed_at.set(Some(clock.now_ms.get_untracked()));
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    // Live: the newest rows again every few seconds while any row runs and the tab is seen.
    let refreshing = RwSignal::new(false);
    let any_running = Memo::new(move |_| rows.with(|r| r.iter().any(|t| t.running)));
    let refresh = move || {
        if refreshing.get_untracked() {
            return;
        }
        refreshing.set(true);
        let (range, set) = server_part.get_untracked();
        let (from, to) = bounds(range);
        let owner = Owner::current().unwrap_or_default();
        leptos::task::spawn_local(async move {
            let req = ListRequest {
                scope,
                kind,
                from,
                to,
                backup_set_id: set,
            };
            match fetch_lines(api, owner, req, 1, REFRESH_ROWS).await {
                Ok(fresh) => {
                    rows.update(|r| merge_refresh(r, fresh));
                    error.set(None);
                    refreshed_at.set(Some(clock.now_ms.get_untracked()));
                }
                Err(e) => error.set(Some(e)),
            }
            refreshing.set(false);
        });
    };
    Effect::new(move |seen: Option<u64>| {
        let n = started.get();
        if seen.is_some_and(|s| s != n) && loaded.get_untracked() {
            refresh();
        }
        n
    });
    use_refresh(LIVE_REFRESH, move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if !hidden && loaded.get_untracked() && any_running.get_untracked() {
            refresh();
        }
    });

    // Positions, not copies: a refresh of a long list touches only the drawn rows' cells.
    let visible = Memo::new(move |_| rows.with(|r| query.with(|q| visible_rows(r, q))));
    let keys = Signal::derive(move || {
        rows.with(|r| visible.with(|v| v.iter().map(|&i| r[i].key.clone()).collect::<Vec<_>>()))
    });
    let position: Memo<HashMap<String, usize>> = Memo::new(move |_| {
        rows.with(|r| {
            r.iter()
                .enumerate()
                .map(|(i, t)| (t.key.clone(), i))
                .collect()
        })
    });
    let line_of = move |key: &str| -> Option<TaskLine> {
        let i = position.with(|p| p.get(key).copied())?;
        rows.with(|r| r.get(i).cloned())
    };
    let selected = Signal::derive(move || query.with(|q| q.row.clone()));
    let on_select = Callback::new(move |key: String| {
        let mut q = query.get_untracked();
        q.row = Some(key);
        // Choosing a row is not a step Back should walk.
        navigate(
            &AppRoute::tasks_of(scope, q).href(),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let columns = kind.columns();
    let row = Callback::new(move |key: String| {
        let row = Memo::new(move |_| line_of(&key));
        (0..columns.len())
            .map(|i| table_cell(row, i, ctx))
            .collect_view()
            .into_any()
    });
    let detail = move || {
        let key = selected.get()?;
        let line = line_of(&key)?;
        Some(row_detail(line, ctx.get(), scope.cluster_id()))
    };
    let counts = move || {
        i18n.fmt(
            Msg::RowsShown,
            &[
                ("n", &visible.with(Vec::len).to_string()),
                ("total", &rows.with(Vec::len).to_string()),
            ],
        )
    };
    let refreshed = move || {
        refreshed_at.get().map(|at| {
            let ago = ((clock.now_ms.get() - at) / 1000).max(0);
            i18n.fmt(
                Msg::RefreshedAgo,
                &[("t", &Span::from_seconds(ago).compact())],
            )
        })
    };
    let retry = Callback::new(move |_| reload.bump());
    view! {
        <div class="task-list">
            <p class="task-list__meta" role="status">
                <span data-testid="row-count">{counts}</span>
                " · "
                <span data-testid="refreshed">{refreshed}</span>
                <Show when=move || any_running.get()>
                    " · " <span class="muted">{move || i18n.t(Msg::LiveRefresh)}</span>
                </Show>
                " "
                <button type="button" class="button button--small" data-testid="refresh" on:click=move |_| refresh()
                    disabled=move || refreshing.get()>
                    {move || i18n.t(Msg::Refresh)}
                </button>
            </p>
            {move || error.get().map(|e| {
                if loaded.get() {
                    let title = e.user_message(i18n.lang.get()).title;
                    view! { <p class="refresh-failed" role="status" data-testid="refresh-failed">{i18n.t(Msg::RefreshFailed)} " " {title}</p> }.into_any()
                } else {
                    view! { <ErrorView error=e on_retry=retry /> }.into_any()
                }
            })}
            <Show when=move || loaded.get() fallback=move || view! { <Show when=move || error.with(Option::is_none)><Skeleton lines=6 /></Show> }>
                <Show when=move || visible.with(|v| !v.is_empty())
                    fallback=move || view! { <p class="empty" data-testid="no-rows">{move || i18n.t(Msg::NoMatchingTasks)}</p> }>
                    <VirtualTable
                        keys
                        header=ViewFn::from(move || header_cells(columns, i18n))
                        row
                        selected
                        on_select
                        columns=columns.len()
                        label=Signal::derive(move || i18n.t(kind_msg(kind)).to_owned())
                    />
                </Show>
                {detail}
            </Show>
        </div>
    }
}

fn header_cells(
    columns: &'static [ocp_model::task_list::Column],
    i18n: crate::i18n::I18n,
) -> impl IntoView {
    columns
        .iter()
        .map(|c| {
            let m = column_msg(*c);
            view! { <th scope="col">{move || i18n.t(m)}</th> }
        })
        .collect_view()
}
