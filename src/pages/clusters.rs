//! `/`: every cluster with its backup health at a glance; search by name lives in the URL.

use crate::api::{endpoints::encode, use_api};
use crate::app::AppRoute;
use crate::clock::use_clock;
use crate::components::health_panel::severity_msg;
use crate::components::schedule_status::{status_label, status_msg};
use crate::components::status_chip::tone_class;
use crate::components::Latest;
use crate::i18n::{use_i18n, I18n, Msg};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use ocp_model::health::{check_cluster, ClusterFacts, Finding, Severity};
use ocp_model::measure::Span;
use ocp_model::tasks::StatusTone;
use ocp_model::timeline::US_PER_DAY;
use ocp_model::{Cluster, ClusterStatus, ClusterType};

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
    let clusters = LocalResource::new(move || api.clusters(&search.get()));
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
    let on_search = move |ev: leptos::ev::Event| {
        go.run((event_target_value(&ev), view_opts.get_untracked()));
    };
    let set_view = Callback::new(move |v: ListView| go.run((search.get_untracked(), v)));
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
                    prop:value=move || search.get()
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
            </div>
            {Latest::of(clusters).view(5, move |page| view! {
                <ClusterTable clusters=page.contents view_opts set_view />
            })}
        </section>
    }
}

/// How the list is shown: only clusters with findings, and ordered worst first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ListView {
    problems_only: bool,
    by_health: bool,
}

#[component]
fn ClusterTable(
    clusters: Vec<Cluster>,
    view_opts: Memo<ListView>,
    set_view: Callback<ListView>,
) -> impl IntoView {
    let i18n = use_i18n();
    if clusters.is_empty() {
        return view! { <p class="empty">{move || i18n.t(Msg::NoClusters)}</p> }.into_any();
    }
    let count = clusters.len().to_string();
    // Each cluster's health is read on its own, so a slow or failing cluster does not hold
    // up the list; the table keeps them all to order and filter by.
    let rows: Vec<(Cluster, ClusterHealth)> = clusters
        .into_iter()
        .map(|c| {
            let health = ClusterHealth::read(&c);
            (c, health)
        })
        .collect();
    let rows = StoredValue::new(rows);
    // Which rows show, in which order (positions in `rows`): filtered, then worst first.
    let shown = Memo::new(move |_| {
        let v = view_opts.get();
        rows.with_value(|rows| {
            let mut list: Vec<usize> = (0..rows.len())
                .filter(|i| {
                    !v.problems_only || rows[*i].1.summary.get().is_none_or(|s| s.count > 0)
                })
                .collect();
            if v.by_health {
                // Worst first; unknown (still reading) last; then by name.
                list.sort_by_key(|i| {
                    let (c, h) = &rows[*i];
                    let s = h.summary.get();
                    (
                        s.map_or(u8::MAX, |s| s.rank()),
                        std::cmp::Reverse(s.map_or(0, |s| s.count)),
                        c.name.clone(),
                    )
                });
            }
            list
        })
    });
    let shown_rows = move || -> Vec<(Cluster, ClusterHealth)> {
        rows.with_value(|r| shown.get().into_iter().map(|i| r[i].clone()).collect())
    };
    let toggle_sort = move |_| {
        let mut v = view_opts.get_untracked();
        v.by_health = !v.by_health;
        set_view.run(v);
    };
    view! {
        <p class="page__meta" data-testid="cluster-count">
            {move || if view_opts.get().problems_only {
                let shown = shown.with(Vec::len).to_string();
                i18n.fmt(Msg::ClusterCountOf, &[("shown", &shown), ("n", &count)])
            } else {
                i18n.fmt(Msg::ClusterCount, &[("n", &count)])
            }}
        </p>
        <div class="table-wrap">
            <table class="cluster-table">
                <thead>
                    <tr>
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
                    <For each=shown_rows key=|(c, _)| c.id let:row>
                        <ClusterRow cluster=row.0 health=row.1 />
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
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

/// What one cluster's row reads, and the health computed from it.
#[derive(Clone, Copy)]
struct ClusterHealth {
    overview: LocalResource<Result<ocp_model::Overview, crate::api::ApiError>>,
    findings: Memo<Option<Vec<Finding>>>,
    summary: Memo<Option<HealthSummary>>,
}

impl ClusterHealth {
    fn read(c: &Cluster) -> Self {
        let api = use_api();
        let clock = use_clock();
        let id = c.id;
        let cluster_type = c.cluster_type.clone();
        let overview = LocalResource::new(move || api.overview(id));
        // The rest is optional: a part that cannot be read leaves its rules out.
        let rest = LocalResource::new(move || {
            let scope = ocp_model::BackupScope::Cluster { cluster_id: id };
            let (s, l, d, i) = (
                api.strategy(scope),
                api.log_backup_tasks(scope, 1, 1),
                api.data_backup_tasks(scope, 1, 5),
                api.backup_info(scope),
            );
            async move {
                let (s, l, d, i) = futures::join!(s, l, d, i);
                (
                    s.ok(),
                    l.ok().and_then(|p| p.contents.into_iter().next()),
                    d.map(|p| p.contents).unwrap_or_default(),
                    i.ok(),
                )
            }
        });
        let findings = Memo::new(move |_| {
            let o = overview.get()?.ok()?;
            let (strategy, log, data, info) = rest.get()?;
            // A strategy that could not be read is not "no strategy".
            let strategy = strategy?;
            let now_us = clock.health_now_ms.get() * 1000;
            let windows = info
                .as_ref()
                .map(|i| i.ob_recoverable_info_aggregation.recoverable_windows());
            let tenants_without_window = info
                .as_ref()
                .map(|i| i.tenants_without_window())
                .unwrap_or_default();
            Some(check_cluster(&ClusterFacts {
                now_us,
                cluster_type: cluster_type.as_ref(),
                overview: &o,
                strategy: strategy.as_ref(),
                log_task: log.as_ref(),
                data_tasks: &data,
                windows: windows
                    .as_ref()
                    .map(|w| (w, now_us - 7 * US_PER_DAY, now_us)),
                tenants_without_window: &tenants_without_window,
            }))
        });
        let summary = Memo::new(move |_| {
            findings.with(|f| {
                f.as_ref().map(|f| HealthSummary {
                    worst: f.first().map(|f| f.severity),
                    count: f.len(),
                })
            })
        });
        ClusterHealth {
            overview,
            findings,
            summary,
        }
    }
}

/// The health cell: worst severity in words, the count, and the findings as a tooltip.
fn health_cell(h: ClusterHealth) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let Some(s) = h.summary.get() else {
            return view! { <td class="muted" data-testid="health-cell">{i18n.t(Msg::Loading)}</td> }.into_any();
        };
        let lang = i18n.lang.get();
        let offset = crate::clock::browser_offset_at(js_sys::Date::now() as i64);
        let tooltip = h
            .findings
            .get()
            .unwrap_or_default()
            .iter()
            .map(|f| format!("• {}", f.message(lang, offset).what))
            .collect::<Vec<_>>()
            .join("\n");
        let (class, label) = match s.worst {
            Some(sev) => (
                format!("chip health__severity health__severity--{}", sev.as_str()),
                format!("{} · {}", i18n.t(severity_msg(sev)), s.count),
            ),
            None => (
                "chip chip--success".to_owned(),
                i18n.t(Msg::HealthOk).to_owned(),
            ),
        };
        view! {
            <td data-testid="health-cell" data-severity=s.worst.map_or("ok", |s| s.as_str()) data-count=s.count.to_string()>
                <span class=class title=tooltip>{label}</span>
            </td>
        }
        .into_any()
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
fn ClusterRow(cluster: Cluster, health: ClusterHealth) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let id = cluster.id;
    let overview = health.overview;
    let status = cluster
        .status
        .clone()
        .unwrap_or(ClusterStatus::Other("—".into()));
    let tone = cluster_status_tone(&status);
    let role = cluster.cluster_type.clone();
    let backup_cells = move || {
        let cell = |content: String| view! { <td>{content}</td> };
        match overview.get() {
            None => view! { <td class="muted" colspan="3">{i18n.t(Msg::Loading)}</td> }.into_any(),
            Some(Err(e)) => {
                let m = e.user_message(i18n.lang.get());
                view! { <td class="muted" colspan="3" title=m.detail.unwrap_or_default()>{m.title}</td> }.into_any()
            }
            Some(Ok(o)) => {
                let schedule = o
                    .backup_schedule_status
                    .clone()
                    .unwrap_or(ocp_model::BackupScheduleStatus::None);
                let schedule_tone =
                    status_msg(&schedule).map_or(StatusTone::Neutral, |(_, _, t)| t);
                let last = o.last_data_backup_time.map_or_else(
                    || i18n.t(Msg::NeverBackedUp).to_owned(),
                    |t| {
                        format!(
                            "{} · {}",
                            clock.show(&t),
                            i18n.fmt(
                                Msg::Ago,
                                &[("age", &Span::from_seconds(clock.age_secs(&t)).compact())]
                            )
                        )
                    },
                );
                view! {
                    <td>
                        <span class=tone_class(schedule_tone) data-status=schedule.as_str().to_owned()>
                            {status_label(&schedule, i18n.lang.get())}
                        </span>
                    </td>
                    {cell(last)}
                    {cell(o.rpo_seconds(clock.now_ms.get()).map_or_else(|| "—".to_owned(), |r| Span::from_seconds(r).compact()))}
                }
                .into_any()
            }
        }
    };
    view! {
        <tr data-testid="cluster-row" data-cluster-id=id>
            <th scope="row">
                <A href=AppRoute::Overview { cluster_id: id }.href() attr:data-testid="cluster-link">
                    {cluster.name.clone()}
                </A>
            </th>
            {health_cell(health)}
            <td title=cluster.full_version.clone().unwrap_or_default()>{cluster.ob_version.clone().unwrap_or_default()}</td>
            <td><span class=tone_class(tone) data-status=status.as_str().to_owned()>{status.as_str().to_owned()}</span></td>
            <td>{move || role_text(i18n, &role)}</td>
            {backup_cells}
        </tr>
    }
}
