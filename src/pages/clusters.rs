//! `/`: every cluster with its backup health at a glance; search by name lives in the URL.

use crate::api::{endpoints::encode, use_api};
use crate::app::AppRoute;
use crate::clock::use_clock;
use crate::components::schedule_status::{status_label, status_msg};
use crate::components::status_chip::tone_class;
use crate::components::Latest;
use crate::i18n::{use_i18n, I18n, Msg};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use ocp_model::measure::Span;
use ocp_model::tasks::StatusTone;
use ocp_model::{Cluster, ClusterStatus, ClusterType};

#[component]
pub fn ClustersPage() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let clusters = LocalResource::new(move || api.clusters(&search.get()));
    let navigate = use_navigate();
    let on_search = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let home = AppRoute::Clusters.href();
        let href = if value.is_empty() {
            home
        } else {
            format!("{home}?q={}", encode(&value))
        };
        navigate(
            &href,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
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
            </div>
            {Latest::of(clusters).view(5, |page| view! { <ClusterTable clusters=page.contents /> })}
        </section>
    }
}

#[component]
fn ClusterTable(clusters: Vec<Cluster>) -> impl IntoView {
    let i18n = use_i18n();
    if clusters.is_empty() {
        return view! { <p class="empty">{move || i18n.t(Msg::NoClusters)}</p> }.into_any();
    }
    let count = clusters.len().to_string();
    view! {
        <p class="page__meta">{move || i18n.fmt(Msg::ClusterCount, &[("n", &count)])}</p>
        <div class="table-wrap">
            <table class="cluster-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Msg::ColName)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColVersion)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColStatus)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColType)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColBackupStatus)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColLastBackup)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColRpo)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || clusters.clone() key=|c| c.id let:cluster>
                        <ClusterRow cluster />
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
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
fn ClusterRow(cluster: Cluster) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let clock = use_clock();
    let id = cluster.id;
    // Each row reads its own overview, so a slow or failing cluster does not hold up the list.
    let overview = LocalResource::new(move || api.overview(id));
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
            <td title=cluster.full_version.clone().unwrap_or_default()>{cluster.ob_version.clone().unwrap_or_default()}</td>
            <td><span class=tone_class(tone) data-status=status.as_str().to_owned()>{status.as_str().to_owned()}</span></td>
            <td>{move || role_text(i18n, &role)}</td>
            {backup_cells}
        </tr>
    }
}
