//! The tenants of a cluster on its overview (OB 4.x, issue 13): for each, whose strategy
//! governs it, its schedule status, last backup, RPO and health, read from its own endpoints
//! (ocp-api.md 2b), and a link to its page. On OB < 4 tenants cannot have their own strategy:
//! the card says so. Its own chunk, loaded by the overview after the cluster's cards.

use crate::api::use_api;
use crate::app::AppRoute;
use crate::clock::use_clock;
use crate::components::virtual_table::ScrollWindow;
use crate::i18n::{use_i18n, Msg};
use crate::query::{use_all_pages, use_query, QueryPriority, Refresh};
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::health::{check_cluster, ClusterFacts};
use ocp_model::measure::Span;
use ocp_model::query::{evaluation_instant, MAX_PAGE_SIZE};
use ocp_model::text::show_invisible;
use ocp_model::{BackupScope, BackupStrategy, Overview};

/// Row height in px; must match `.tenants-table tbody tr` in `style/overview.css`.
const ROW_HEIGHT: f64 = 41.0;
/// Rows drawn beyond each edge of the box.
const OVERSCAN: usize = 3;
/// How often a drawn row re-reads its three answers (a cluster may have a hundred tenants:
/// only the rows on screen read at all).
const ROW_REFRESH: Refresh = Refresh::Fleet;

/// What the overview page has already read, handed to the card (a context: the card is
/// built in the overview's place once its chunk is there), so nothing is read twice.
#[derive(Clone, Copy)]
pub struct ClusterTenantsInput {
    pub overview: Memo<Option<Overview>>,
    pub strategy: Memo<Option<BackupStrategy>>,
    /// The offset OCP writes the cluster's times in.
    pub offset: Memo<Option<chrono::FixedOffset>>,
}

/// The card, once the overview's reads are there; re-drawn when the cluster or its strategy
/// comes or goes.
#[component]
pub fn ClusterTenants() -> impl IntoView {
    let Some(input) = use_context::<ClusterTenantsInput>() else {
        return ().into_any();
    };
    let key = Memo::new(move |_| {
        let o = input.overview.get()?;
        let s = input.strategy.get();
        Some((o.cluster_id, o.ob_version.clone(), s.and_then(|s| s.id)))
    });
    // Re-drawn only when the cluster or its strategy changes; the rows re-read in place.
    let body = move || {
        key.track();
        let overview = input.overview.get_untracked()?;
        let strategy = input.strategy.get_untracked();
        let offset = input.offset.get_untracked();
        Some(view! {
            <TenantsCard cluster_id=overview.cluster_id version=overview.ob_version.clone().unwrap_or_default()
                overview cluster_strategy=strategy offset />
        })
    };
    view! { {body} }.into_any()
}

/// The cluster's tenants (OB ≥ 4): for each, whose strategy governs it, its schedule status,
/// last backup, RPO and health, read from its own endpoints (ocp-api.md 2b), and a link to its
/// page. On OB < 4 tenants cannot have their own strategy: the card says so.
#[component]
fn TenantsCard(
    cluster_id: i64,
    version: String,
    overview: Overview,
    cluster_strategy: Option<BackupStrategy>,
    /// The offset OCP writes the cluster's times in: tenant rows come in UTC.
    offset: Option<chrono::FixedOffset>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    if !ocp_model::tenant::tenant_strategy_supported(&version) {
        return view! {
            <section class="card tenants-card" aria-labelledby="tenants-title" data-testid="tenants">
                <h2 class="card__title" id="tenants-title">{move || i18n.t(Msg::TenantsTitle)}</h2>
                <p class="card__help" data-testid="tenants-old-ob">{move || i18n.fmt(Msg::TenantsOldOb, &[("version", &version)])}</p>
            </section>
        }
        .into_any();
    }
    // Every tenant, page by page to the end; the rows on screen read their backups.
    let tenants = use_all_pages(
        QueryPriority::Asked,
        Refresh::Page,
        MAX_PAGE_SIZE,
        move |n| Some(api.tenants_page(cluster_id, n, MAX_PAGE_SIZE)),
    );
    let rows = Memo::new(move |_| tenants.value.get().map(|p| p.contents).unwrap_or_default());
    let window = ScrollWindow::new(ROW_HEIGHT, OVERSCAN, move || rows.with(Vec::len));
    let drawn = Memo::new(move |_| {
        let r = window.range.get();
        rows.with(|all| all.get(r).map(<[_]>::to_vec).unwrap_or_default())
    });
    let overview = StoredValue::new(overview);
    let cluster_strategy = StoredValue::new(cluster_strategy);
    view! {
        <section class="card tenants-card" aria-labelledby="tenants-title" data-testid="tenants">
            <h2 class="card__title" id="tenants-title">{move || i18n.t(Msg::TenantsTitle)}</h2>
            {tenants.view(3, move |_| view! {
                <div class="table-wrap tenants-card__scroll" node_ref=window.scroller on:scroll=move |_| window.measure()
                    style="max-height: min(60vh, 32rem); overflow: auto">
                    <table class="tenants-table" aria-rowcount=move || rows.with(Vec::len) + 1>
                        <thead><tr aria-rowindex="1">
                            <th scope="col">{move || i18n.t(Msg::ColTenant)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColGoverning)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColSchedule)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColLastBackup)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColRpo)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColHealth)}</th>
                        </tr></thead>
                        <tbody>
                            <tr class="tenants-table__spacer" aria-hidden="true" style=move || window.above()>
                                <td colspan="6"></td>
                            </tr>
                            <For each=move || drawn.get() key=|t| (t.id, t.status.clone()) let:t>
                                {
                                    let id = t.id;
                                    let index = Signal::derive(move || rows.with(|all| all.iter().position(|x| x.id == id).map_or(0, |i| i + 2)));
                                    view! { <TenantRow cluster_id tenant=t index overview=overview.get_value() cluster_strategy=cluster_strategy.get_value() offset /> }
                                }
                            </For>
                            <tr class="tenants-table__spacer" aria-hidden="true" style=move || window.below()>
                                <td colspan="6"></td>
                            </tr>
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn TenantRow(
    cluster_id: i64,
    tenant: ocp_model::Tenant,
    overview: Overview,
    /// Its row number (the header is row 1).
    index: Signal<usize>,
    cluster_strategy: Option<BackupStrategy>,
    offset: Option<chrono::FixedOffset>,
) -> impl IntoView {
    use ocp_model::tenant::{governing, governing_strategy, tenant_overview, Governing};
    let api = use_api();
    let i18n = use_i18n();
    let clock = use_clock();
    let scope = BackupScope::Tenant {
        cluster_id,
        tenant_id: tenant.id,
    };
    let creating = tenant.status == Some(ocp_model::TenantStatus::Creating);
    // A tenant still being created has no backups to read yet.
    let reads = move || (!creating).then_some(scope);
    let own_q = use_query(QueryPriority::Visible, ROW_REFRESH, move || {
        reads().map(|s| api.strategy(s))
    });
    let data_q = use_query(QueryPriority::Visible, ROW_REFRESH, move || {
        reads().map(|s| api.data_backup_tasks(s, 1, 5))
    });
    let log_q = use_query(QueryPriority::Visible, ROW_REFRESH, move || {
        reads().map(|s| api.log_backup_tasks(s, 1, 1))
    });
    // The row needs the tenant's strategy; a task list that cannot be read counts as empty,
    // once it has answered or failed. Evaluated as of the oldest of the three answers.
    let read = move || {
        let own = own_q.value.get()?;
        if !data_q.settled() || !log_q.settled() {
            return None;
        }
        let as_of = [own_q.as_of.get(), data_q.as_of.get(), log_q.as_of.get()]
            .into_iter()
            .flatten()
            .min();
        Some((
            own,
            data_q.value.get().map(|p| p.contents).unwrap_or_default(),
            log_q
                .value
                .get()
                .and_then(|p| p.contents.into_iter().next()),
            as_of,
        ))
    };
    let cluster_strategy = StoredValue::new(cluster_strategy);
    let compute = move || {
        let (own, data, log, as_of) = read()?;
        let cs = cluster_strategy.get_value();
        let gov = governing(own.as_ref(), cs.as_ref());
        let view = tenant_overview(&overview, own.as_ref(), cs.as_ref(), &data, log.as_ref());
        let strategy = governing_strategy(own.as_ref(), cs.as_ref()).cloned();
        let now = clock.health_now_ms.get();
        let now_us =
            evaluation_instant(now, as_of.unwrap_or(now), ROW_REFRESH.interval_ms()) * 1000;
        let findings = check_cluster(&ClusterFacts {
            now_us,
            cluster_type: view.ob_cluster_type.as_ref(),
            overview: &view,
            strategy: strategy.as_ref(),
            log_task: log.as_ref(),
            data_tasks: &data,
            windows: None,
            tenants_without_window: &[],
        });
        Some((gov, view, findings.first().map(|f| f.severity)))
    };
    // A re-read keeps the row as it was until its answer comes.
    let row =
        Memo::new(move |prev: Option<&Option<_>>| compute().or_else(|| prev.cloned().flatten()));
    let href = AppRoute::overview_of(scope).href();
    let name = tenant.name.clone();
    let gov_text = move |g: Governing| match g {
        Governing::Own => Msg::GovOwn,
        Governing::Cluster => Msg::GovCluster,
        Governing::Nobody => Msg::GovNobody,
    };
    let dash = || "—".to_owned();
    view! {
        <tr data-testid="tenant-row" data-tenant=tenant.name.clone() aria-rowindex=move || index.get()
            data-governing=move || row.with(|r| r.as_ref().map(|(g, _, _)| g.as_str()))>
            <th scope="row"><A href=href attr:data-testid="tenant-link">{show_invisible(&name)}</A></th>
            <td data-testid="tenant-governing">{move || row.with(|r| r.as_ref().map_or_else(dash, |(g, _, _)| i18n.t(gov_text(*g)).to_owned()))}</td>
            <td data-testid="tenant-schedule">{move || if creating {
                i18n.t(Msg::TenantCreatingNote).to_owned()
            } else {
                row.with(|r| r.as_ref().and_then(|(_, v, _)| v.backup_schedule_status.clone()))
                    .map_or_else(dash, |s| crate::components::schedule_status::status_label(&s, i18n.lang.get()))
            }}</td>
            <td class="time" data-testid="tenant-last-backup">{move || row.with(|r| {
                match r.as_ref().and_then(|(_, v, _)| v.last_data_backup_time) {
                    Some(t) => match offset {
                        Some(o) => t.display_in(o),
                        None => t.display(),
                    },
                    None => r.as_ref().map_or_else(dash, |_| i18n.t(Msg::NeverBackedUp).to_owned()),
                }
            })}</td>
            <td data-testid="tenant-rpo">{move || row.with(|r| {
                r.as_ref()
                    .and_then(|(_, v, _)| v.rpo_seconds(clock.now_ms.get()))
                    .map_or_else(dash, |s| Span::from_seconds(s).compact())
            })}</td>
            <td data-testid="tenant-health">{move || row.with(|r| match r {
                None => dash(),
                Some((_, _, None)) => i18n.t(Msg::HealthOk).to_owned(),
                Some((_, _, Some(s))) => i18n.t(crate::components::health_panel::severity_msg(*s)).to_owned(),
            })}</td>
        </tr>
    }
}
