//! `/`: every cluster with its backup health at a glance; search by name lives in the URL.

use crate::api::{endpoints::encode, use_api};
use crate::app::AppRoute;
use crate::clock::use_clock;
use crate::components::health_panel::severity_msg;
use crate::components::schedule_status::{status_label, status_msg};
use crate::components::status_chip::tone_class;
use crate::components::virtual_table::ScrollWindow;
use crate::components::{AsOf, Latest};
use crate::i18n::{use_i18n, I18n, Msg};
use crate::query::{use_all_pages, use_query, QueryPriority, Refresh};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use ocp_model::health::{check_cluster, ClusterFacts, Finding, Severity};
use ocp_model::measure::Span;
use ocp_model::query::{evaluation_instant, Freshness, MAX_PAGE_SIZE};
use ocp_model::tasks::StatusTone;
use ocp_model::text::show_invisible;
use ocp_model::{Cluster, ClusterStatus, ClusterType};
use std::collections::HashMap;

/// Rows drawn beyond each edge of the view: few, since every drawn row reads its health.
const OVERSCAN: usize = 3;
/// Row height in px; must match `.cluster-table tbody tr` in `style/clusters.css`.
const ROW_HEIGHT: f64 = 41.0;
/// A search is applied this long after the last key (ms), so typing reads nothing.
const SEARCH_DEBOUNCE_MS: u32 = 200;

#[component]
pub fn ClustersPage() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let view_opts = Memo::new(move |_| ListView {
        problems_only: query.read().get("health").as_deref() == Some("problems"),
        by_health: query.read().get("sort").as_deref() == Some("health"),
    });
    // The whole fleet, page by page to the end (ocp-api.md 1.3), refreshed every minute.
    let first = use_all_pages(
        QueryPriority::Asked,
        Refresh::Fleet,
        MAX_PAGE_SIZE,
        move |n| Some(api.clusters_page(n, MAX_PAGE_SIZE)),
    );
    let all = Memo::new(move |_| first.value.get().map(|p| p.contents));
    let navigate = use_navigate();
    // Search, filter and order live in the URL, so a link or a reload shows the same list.
    let go = Callback::new(move |(q, v): (String, ListView)| {
        let mut pairs = Vec::new();
        if !q.is_empty() {
            pairs.push(format!("q={}", encode(&q)));
        }
        if v.problems_only {
            pairs.push("health=problems".to_owned());
        }
        if v.by_health {
            pairs.push("sort=health".to_owned());
        }
        let home = AppRoute::Clusters.href();
        let href = if pairs.is_empty() {
            home
        } else {
            format!("{home}?{}", pairs.join("&"))
        };
        navigate(
            &href,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    // What is typed shows at once; the list follows 200 ms after the last key.
    let typed = RwSignal::new(search.get_untracked());
    let debounce = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let on_search = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        let timer = gloo_timers::callback::Timeout::new(SEARCH_DEBOUNCE_MS, move || {
            go.run((value, view_opts.get_untracked()));
        });
        debounce.set_value(Some(timer));
    };
    let set_view = Callback::new(move |v: ListView| go.run((typed.get_untracked(), v)));
    let loaded = Memo::new(move |_| first.value.with(Option::is_some));
    view! {
        <section class="page clusters-page">
            <div class="page__head">
                <h1>{move || i18n.t(Msg::ClustersTitle)}</h1>
                <input
                    id="cluster-search"
                    class="search"
                    type="search"
                    placeholder=move || i18n.t(Msg::SearchClusters)
                    aria-label=move || i18n.t(Msg::SearchClusters)
                    prop:value=move || typed.get()
                    on:input=on_search
                />
                <label class="clusters-page__filter">
                    <input
                        type="checkbox"
                        data-testid="only-problems"
                        prop:checked=move || view_opts.get().problems_only
                        on:change=move |ev| {
                            let mut v = view_opts.get_untracked();
                            v.problems_only = event_target_checked(&ev);
                            set_view.run(v);
                        }
                    />
                    {move || i18n.t(Msg::OnlyProblems)}
                </label>
                <AsOf as_of=first.as_of refresh_ms=Refresh::Fleet.interval_ms() />
            </div>
            // Drawn once the list is there; a refresh updates rows in place (scroll kept).
            {move || if loaded.get() {
                view! {
                    {move || first.error.get().map(|e| view! {
                        <p class="refresh-failed" role="status" data-testid="refresh-failed">
                            {i18n.t(Msg::RefreshFailed)} " " {e.user_message(i18n.lang.get()).title}
                        </p>
                    })}
                    <ClusterTable clusters=all search view_opts set_view />
                }.into_any()
            } else {
                first.view(5, |_| ()).into_any()
            }}
        </section>
    }
}

/// How the list is shown: only clusters with findings, and ordered worst first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ListView {
    problems_only: bool,
    by_health: bool,
}

/// The health summaries known so far, by cluster id: rows and the fleet scan write them.
#[derive(Clone, Copy)]
struct KnownHealth(RwSignal<HashMap<i64, HealthSummary>>);

#[component]
fn ClusterTable(
    clusters: Memo<Option<Vec<Cluster>>>,
    search: Memo<String>,
    view_opts: Memo<ListView>,
    set_view: Callback<ListView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let known = KnownHealth(RwSignal::new(HashMap::new()));
    provide_context(known);
    let by_id = Memo::new(move |_| {
        clusters.with(|c| {
            c.iter()
                .flatten()
                .map(|c| (c.id, c.clone()))
                .collect::<HashMap<i64, Cluster>>()
        })
    });
    let total = Memo::new(move |_| clusters.with(|c| c.as_ref().map_or(0, Vec::len)));
    // Which clusters show, in which order: searched, filtered, then worst first.
    let shown = Memo::new(move |_| {
        let v = view_opts.get();
        let needle = search.get().trim().to_lowercase();
        let known = known.0.get();
        clusters.with(|list| {
            let mut rows: Vec<(i64, String)> = list
                .iter()
                .flatten()
                .filter(|c| needle.is_empty() || c.name.to_lowercase().contains(&needle))
                .filter(|c| !v.problems_only || known.get(&c.id).is_none_or(|s| s.count > 0))
                .map(|c| (c.id, c.name.clone()))
                .collect();
            if v.by_health {
                // Worst first; unknown (still reading) last; then by name.
                rows.sort_by_key(|(id, name)| {
                    let s = known.get(id).copied();
                    (
                        s.map_or(u8::MAX, |s| s.rank()),
                        std::cmp::Reverse(s.map_or(0, |s| s.count)),
                        name.clone(),
                    )
                });
            }
            rows.into_iter().map(|(id, _)| id).collect::<Vec<i64>>()
        })
    });
    // Filtering or ordering by health needs every cluster's: read at the lowest priority.
    let scan = Memo::new(move |_| {
        let v = view_opts.get();
        v.problems_only || v.by_health
    });
    let window = ScrollWindow::new(ROW_HEIGHT, OVERSCAN, move || shown.with(Vec::len));
    let range = window.range;
    // Each shown cluster's row number (the header is row 1), for assistive technology.
    let row_number: Memo<HashMap<i64, usize>> = Memo::new(move |_| {
        shown.with(|s| s.iter().enumerate().map(|(i, id)| (*id, i + 2)).collect())
    });
    let drawn = Memo::new(move |_| {
        let r = range.get();
        shown.with(|s| s.get(r).map(<[i64]>::to_vec).unwrap_or_default())
    });
    let toggle_sort = move |_| {
        let mut v = view_opts.get_untracked();
        v.by_health = !v.by_health;
        set_view.run(v);
    };
    let checked = Memo::new(move |_| known.0.with(HashMap::len));
    view! {
        <p class="page__meta" data-testid="cluster-count">
            {move || {
                let n = total.get().to_string();
                let v = view_opts.get();
                if v.problems_only || !search.get().trim().is_empty() {
                    let shown = shown.with(Vec::len).to_string();
                    i18n.fmt(Msg::ClusterCountOf, &[("shown", &shown), ("n", &n)])
                } else {
                    i18n.fmt(Msg::ClusterCount, &[("n", &n)])
                }
            }}
            {move || (scan.get() && checked.get() < total.get()).then(|| {
                let n = checked.get().to_string();
                let t = total.get().to_string();
                view! { " · " <span data-testid="health-checked">{i18n.fmt(Msg::HealthChecked, &[("n", &n), ("total", &t)])}</span> }
            })}
        </p>
        {move || scan.get().then(|| view! {
            <For each=move || clusters.get().unwrap_or_default() key=|c| c.id let:c>
                <FleetScan cluster=c />
            </For>
        })}
        {move || (total.get() == 0).then(|| view! { <p class="empty">{move || i18n.t(Msg::NoClusters)}</p> })}
        <div class="table-wrap cluster-table__scroll" node_ref=window.scroller on:scroll=move |_| window.measure()
            style="max-height: min(75vh, 48rem); overflow: auto">
            <table class="cluster-table" aria-rowcount=move || shown.with(Vec::len) + 1>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col">{move || i18n.t(Msg::ColName)}</th>
                        <th scope="col" aria-sort=move || if view_opts.get().by_health { "ascending" } else { "none" }>
                            <button type="button" class="link-button" data-testid="sort-health" on:click=toggle_sort>
                                {move || i18n.t(Msg::ColHealth)}
                                <span aria-hidden="true">{move || if view_opts.get().by_health { " ▲" } else { " ↕" }}</span>
                            </button>
                        </th>
                        <th scope="col">{move || i18n.t(Msg::ColVersion)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColStatus)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColType)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColBackupStatus)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColLastBackup)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColRpo)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="cluster-table__spacer" aria-hidden="true" style=move || window.above()>
                        <td colspan="8"></td>
                    </tr>
                    <For each=move || drawn.get() key=|id| *id let:id>
                        {move || by_id.with(|m| m.get(&id).cloned()).map(|c| {
                            let index = Signal::derive(move || row_number.with(|m| m.get(&id).copied().unwrap_or(0)));
                            view! { <ClusterRow cluster=c index /> }
                        })}
                    </For>
                    <tr class="cluster-table__spacer" aria-hidden="true" style=move || window.below()>
                        <td colspan="8"></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// Reads one cluster's health at prefetch priority for the filter and the order; draws
/// nothing.
#[component]
fn FleetScan(cluster: Cluster) -> impl IntoView {
    let health = cluster_health(&cluster, QueryPriority::Prefetch);
    let _ = health;
}

/// The worst severity of a cluster's findings and how many there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HealthSummary {
    worst: Option<Severity>,
    count: usize,
}

impl HealthSummary {
    /// Critical first, then warnings, infos, and healthy last.
    fn rank(self) -> u8 {
        match self.worst {
            Some(Severity::Critical) => 0,
            Some(Severity::Warning) => 1,
            Some(Severity::Info) => 2,
            None => 3,
        }
    }
}

/// What a cluster's health is known to be.
#[derive(Clone, Debug, PartialEq)]
enum HealthReading {
    Loading,
    /// A read it needs failed and nothing is known: why.
    Unknown(crate::api::ApiError),
    Known {
        findings: Vec<Finding>,
        /// The server time (epoch ms) the findings are true at.
        at_ms: i64,
        stale: bool,
    },
}

/// A cluster's health as the list shows it, read through the query layer, the cheapest
/// first: the overview (RPO, schedule, last backup), the strategy (thresholds), the newest
/// log round and the latest data backups. Windows (`/backup/info`, the widest answer) are
/// read on the overview page, where their rules are shown. Findings are evaluated at the
/// data's own time, at most a refresh interval past it: a late refresh makes the row stale,
/// never Critical.
fn cluster_health(
    c: &Cluster,
    priority: QueryPriority,
) -> (
    Latest<ocp_model::Overview>,
    Memo<HealthReading>,
    Callback<()>,
) {
    let api = use_api();
    let clock = use_clock();
    let id = c.id;
    let cluster_type = c.cluster_type.clone();
    let scope = ocp_model::BackupScope::Cluster { cluster_id: id };
    let overview = use_query(priority, Refresh::Fleet, move || Some(api.overview(id)));
    let strategy = use_query(priority, Refresh::Slow, move || Some(api.strategy(scope)));
    let log = use_query(priority, Refresh::Slow, move || {
        Some(api.log_backup_tasks(scope, 1, 1))
    });
    let data = use_query(priority, Refresh::Slow, move || {
        Some(api.data_backup_tasks(scope, 1, 5))
    });
    let reading = Memo::new(move |_| {
        let parts = [
            overview.error.get(),
            strategy.error.get(),
            log.error.get(),
            data.error.get(),
        ];
        let (Some(o), Some(s), Some(l), Some(d)) = (
            overview.value.get(),
            strategy.value.get(),
            log.value.get(),
            data.value.get(),
        ) else {
            return match parts.into_iter().flatten().next() {
                Some(e) => HealthReading::Unknown(e),
                None => HealthReading::Loading,
            };
        };
        let as_of = overview
            .as_of
            .get()
            .unwrap_or_else(|| clock.minute_ms.get());
        let now = clock.minute_ms.get();
        let at_ms = evaluation_instant(now, as_of, Refresh::Fleet.interval_ms());
        let stale = Freshness::of(
            now - as_of,
            Refresh::Fleet.interval_ms(),
            crate::api::TIMEOUT_SECS as i64 * 1000,
        )
        .is_stale();
        let findings = check_cluster(&ClusterFacts {
            now_us: at_ms * 1000,
            cluster_type: cluster_type.as_ref(),
            overview: &o,
            strategy: s.as_ref(),
            log_task: l.contents.first(),
            data_tasks: &d.contents,
            windows: None,
            tenants_without_window: &[],
        });
        HealthReading::Known {
            findings,
            at_ms,
            stale,
        }
    });
    if let Some(known) = use_context::<KnownHealth>() {
        Effect::new(move || {
            if let HealthReading::Known { findings, .. } = reading.get() {
                let s = HealthSummary {
                    worst: findings.first().map(|f| f.severity),
                    count: findings.len(),
                };
                if known.0.with_untracked(|m| m.get(&id) != Some(&s)) {
                    known.0.update(|m| {
                        m.insert(id, s);
                    });
                }
            }
        });
    }
    let retry = Callback::new(move |_| {
        for r in [
            overview.refetch,
            strategy.refetch,
            log.refetch,
            data.refetch,
        ]
        .into_iter()
        .flatten()
        {
            r.run(());
        }
    });
    (overview, reading, retry)
}

/// The health cell: worst severity in words and the count, the findings as a tooltip; while
/// unknown, why and a retry.
fn health_cell(reading: Memo<HealthReading>, retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let client = crate::query::use_query_client();
    move || match reading.get() {
        // Held back by OCP's throttle: said, with until when, and a retry that asks first.
        HealthReading::Loading if client.held_until().is_some() => {
            let until = client
                .held_until()
                .map(|t| clock.show_ms(t))
                .unwrap_or_default();
            view! {
                <td data-testid="health-cell" data-severity="unknown">
                    <span class="chip">{i18n.t(Msg::HealthUnknown)} " — " {i18n.fmt(Msg::HealthHeld, &[("time", &until)])}</span>
                    " "
                    <button type="button" class="link-button" data-testid="health-retry" on:click=move |_| retry.run(())>{i18n.t(Msg::Retry)}</button>
                </td>
            }
            .into_any()
        }
        HealthReading::Loading => {
            view! { <td class="muted" data-testid="health-cell">{i18n.t(Msg::Loading)}</td> }
                .into_any()
        }
        HealthReading::Unknown(e) => {
            let m = e.user_message(i18n.lang.get());
            view! {
                <td data-testid="health-cell" data-severity="unknown">
                    <span class="chip" title=m.detail.clone().unwrap_or_default()>{i18n.t(Msg::HealthUnknown)} " — " {m.title}</span>
                    " "
                    <button type="button" class="link-button" data-testid="health-retry" on:click=move |_| retry.run(())>{i18n.t(Msg::Retry)}</button>
                </td>
            }
            .into_any()
        }
        HealthReading::Known {
            findings,
            at_ms,
            stale,
        } => {
            let lang = i18n.lang.get();
            let offset = crate::clock::browser_offset_at(at_ms);
            let tooltip = findings
                .iter()
                .map(|f| format!("• {}", f.message(lang, offset).what))
                .collect::<Vec<_>>()
                .join("\n");
            let worst = findings.first().map(|f| f.severity);
            let (class, label) = match worst {
                Some(sev) => (
                    format!("chip health__severity health__severity--{}", sev.as_str()),
                    format!("{} · {}", i18n.t(severity_msg(sev)), findings.len()),
                ),
                None => (
                    "chip chip--success".to_owned(),
                    i18n.t(Msg::HealthOk).to_owned(),
                ),
            };
            let stale_note = stale.then(|| {
                let time = clock.show_ms(at_ms);
                view! { " " <span class="muted" data-testid="health-stale">{i18n.fmt(Msg::HealthStale, &[("time", &time)])}</span> }
            });
            view! {
                <td data-testid="health-cell" data-severity=worst.map_or("ok", |s| s.as_str()) data-count=findings.len().to_string() data-stale=stale.to_string()>
                    <span class=class title=tooltip>{label}</span>
                    {stale_note}
                </td>
            }
            .into_any()
        }
    }
}

pub fn cluster_status_tone(status: &ClusterStatus) -> StatusTone {
    match status {
        ClusterStatus::Running => StatusTone::Success,
        ClusterStatus::Abnormal | ClusterStatus::Unavailable => StatusTone::Failure,
        ClusterStatus::Other(_) => StatusTone::Neutral,
        _ => StatusTone::Running,
    }
}

pub fn role_text(i18n: I18n, t: &Option<ClusterType>) -> String {
    match t {
        Some(ClusterType::Primary) => i18n.t(Msg::Primary).to_owned(),
        Some(ClusterType::Standby) => i18n.t(Msg::Standby).to_owned(),
        Some(ClusterType::Other(s)) => s.clone(),
        None => "—".to_owned(),
    }
}

#[component]
fn ClusterRow(cluster: Cluster, index: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let id = cluster.id;
    let (overview, reading, retry) = cluster_health(&cluster, QueryPriority::Visible);
    let status = cluster
        .status
        .clone()
        .unwrap_or(ClusterStatus::Other("—".into()));
    let tone = cluster_status_tone(&status);
    let role = cluster.cluster_type.clone();
    let backup_cells = move || {
        let cell = |content: String| view! { <td>{content}</td> };
        match (overview.value.get(), overview.error.get()) {
            (None, None) => {
                view! { <td class="muted" colspan="3">{i18n.t(Msg::Loading)}</td> }.into_any()
            }
            (None, Some(e)) => {
                let m = e.user_message(i18n.lang.get());
                view! { <td class="muted" colspan="3" title=m.detail.unwrap_or_default()>{m.title}</td> }.into_any()
            }
            (Some(o), _) => {
                let schedule = o
                    .backup_schedule_status
                    .clone()
                    .unwrap_or(ocp_model::BackupScheduleStatus::None);
                let schedule_tone =
                    status_msg(&schedule).map_or(StatusTone::Neutral, |(_, _, t)| t);
                let now = clock.minute_ms.get();
                let last = o.last_data_backup_time.map_or_else(
                    || i18n.t(Msg::NeverBackedUp).to_owned(),
                    |t| {
                        let age = (now - t.timestamp_millis()) / 1000;
                        format!(
                            "{} · {}",
                            clock.show(&t),
                            i18n.fmt(
                                Msg::Ago,
                                &[("age", &Span::from_seconds(age.max(0)).compact())]
                            )
                        )
                    },
                );
                // RPO as of the data, never a frozen checkpoint against a ticking clock.
                let at = evaluation_instant(
                    now,
                    overview.as_of.get().unwrap_or(now),
                    Refresh::Fleet.interval_ms(),
                );
                view! {
                    <td>
                        <span class=tone_class(schedule_tone) data-status=schedule.as_str().to_owned()>
                            {status_label(&schedule, i18n.lang.get())}
                        </span>
                    </td>
                    {cell(last)}
                    {cell(o.rpo_seconds(at).map_or_else(|| "—".to_owned(), |r| Span::from_seconds(r).compact()))}
                }
                .into_any()
            }
        }
    };
    view! {
        <tr data-testid="cluster-row" data-cluster-id=id aria-rowindex=move || index.get()>
            <th scope="row">
                // A name that identifies a target shows its invisible characters (a bidi
                // override or a zero-width space makes one name pass for another).
                <A href=AppRoute::Overview { cluster_id: id }.href() attr:data-testid="cluster-link">
                    {show_invisible(&cluster.name)}
                </A>
            </th>
            {health_cell(reading, retry)}
            <td title=cluster.full_version.clone().unwrap_or_default()>{cluster.ob_version.clone().unwrap_or_default()}</td>
            <td><span class=tone_class(tone) data-status=status.as_str().to_owned()>{status.as_str().to_owned()}</span></td>
            <td>{move || role_text(i18n, &role)}</td>
            {backup_cells}
        </tr>
    }
}
