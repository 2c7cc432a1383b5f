//! `/clusters/:id/tenants/:tenantId`: one tenant's backup on an OB 4.x cluster (ocp-api.md
//! 2b): whose strategy governs it, its schedule status, last backup, log checkpoint, RPO and
//! health, its actions (create its own strategy from the cluster's, edit, pause, resume,
//! delete, backup now, restore from its windows) and its latest tasks. OCP has no tenant
//! overview: the cards read the tenant's own rows through `ocp_model::tenant`.

use crate::api::{use_api, ApiError};
use crate::app::AppRoute;
use crate::clock::{browser_offset_at, use_clock};
use crate::components::health_panel::HealthPanel;
use crate::components::{
    AsOf, BackupNowButton, DataTaskTable, LiveRpo, RecoverableStrip, ScheduleStatusCard,
    StrategyActions,
};
use crate::i18n::{use_i18n, Msg};
use crate::pages::{use_refresh, use_scope};
use crate::query::{use_query, QueryPriority, Refresh};
use chrono::FixedOffset;
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::health::{check_cluster, ClusterFacts};
use ocp_model::measure::{Span, DEFAULT_LOG_DELAY_THRESHOLD_SECONDS};
use ocp_model::query::evaluation_instant;
use ocp_model::restore_wizard::RestoreQuery;
use ocp_model::strategy_form::describe_schedule;
use ocp_model::task_list::TaskQuery;
use ocp_model::tasks::started_row;
use ocp_model::tenant::{
    governing, governing_strategy, tenant_overview, tenant_strategy_supported, Governing,
};
use ocp_model::text::show_invisible;
use ocp_model::timeline::US_PER_DAY;
use ocp_model::{
    BackupInfo, BackupScheduleStatus, BackupScope, BackupStrategy, Cluster, ClusterType, OcpTime,
    Overview, ScheduleMode, Tenant, TenantStatus,
};
use std::time::Duration;

const NEW_ROW_POLL: Duration = Duration::from_secs(3);

/// Everything the page reads at once: the cluster (offset, version), its overview (role,
/// ability), the tenant, its own strategy, the cluster's, and the tenant's windows.
#[derive(Clone, Debug, PartialEq)]
struct TenantState {
    cluster: Cluster,
    overview: Overview,
    tenant: Tenant,
    own: Option<BackupStrategy>,
    cluster_strategy: Option<BackupStrategy>,
    info: BackupInfo,
}

/// An instant in the cluster's offset, and in the browser's when it differs: never in the
/// offset it happened to be sent in (tenant rows come in UTC).
fn both<S>(t: &OcpTime<S>, cluster: Option<FixedOffset>) -> String {
    let browser = browser_offset_at(t.timestamp_millis());
    match cluster {
        Some(c) if c != browser => format!("{} ({})", t.display_in(c), t.display_in(browser)),
        Some(c) => t.display_in(c),
        None => t.display_in(browser),
    }
}

fn governing_msg(g: Governing) -> (Msg, Msg) {
    match g {
        Governing::Own => (Msg::GovOwn, Msg::TenantGovOwnHelp),
        Governing::Cluster => (Msg::GovCluster, Msg::TenantGovClusterHelp),
        Governing::Nobody => (Msg::GovNobody, Msg::TenantGovNobodyHelp),
    }
}

#[component]
pub fn TenantPage() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let clock = use_clock();
    let scope = use_scope();
    // Read again every 15 s while shown; what other pages read shows at once.
    let cluster = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope.get().ok().map(|s| api.cluster(s.cluster_id()))
    });
    let overview = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope.get().ok().map(|s| api.overview(s.cluster_id()))
    });
    let tenant = use_query(QueryPriority::Asked, Refresh::Page, move || {
        let s = scope.get().ok()?;
        Some(api.tenant(s.cluster_id(), s.tenant_id()?))
    });
    let own = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope.get().ok().map(|s| api.strategy(s))
    });
    let cluster_strategy = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope.get().ok().map(|s| api.strategy(s.cluster()))
    });
    let info = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope.get().ok().map(|s| api.backup_info(s))
    });
    let state = cluster
        .zip(overview)
        .zip(tenant)
        .zip(own)
        .zip(cluster_strategy)
        .zip(info)
        .map(
            |(((((cluster, overview), tenant), own), cluster_strategy), info)| TenantState {
                cluster,
                overview,
                tenant,
                own,
                cluster_strategy,
                info,
            },
        )
        .or_failed(move || match scope.get() {
            Err(e) => Some(e),
            Ok(s) if s.tenant_id().is_none() => Some(ApiError::missing_data()),
            Ok(_) => None,
        });
    let tasks = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope.get().ok().map(|s| api.data_backup_tasks(s, 1, 5))
    });
    let log = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope.get().ok().map(|s| api.log_backup_tasks(s, 1, 1))
    });

    // "Cluster time" on this page is the cluster's offset, whatever style a field came in.
    let offset = Memo::new(move |_| {
        state.value.with(|v| {
            v.as_ref()
                .and_then(|s| s.cluster.create_time.map(|t| t.offset()))
        })
    });
    clock.use_cluster_offset(offset.into());

    // The tenant's state as a cluster overview: the cards and health rules read it unchanged.
    let tenant_view = Memo::new(move |_| {
        let s = state.value.get()?;
        let data = tasks.value.with(|p| p.as_ref().map(|p| p.contents.clone()));
        let log_task = log
            .value
            .with(|p| p.as_ref().and_then(|p| p.contents.first().cloned()));
        Some(tenant_overview(
            &s.overview,
            s.own.as_ref(),
            s.cluster_strategy.as_ref(),
            data.as_deref().unwrap_or_default(),
            log_task.as_ref(),
        ))
    });
    let gov = Memo::new(move |_| {
        state.value.with(|v| {
            v.as_ref()
                .map(|s| governing(s.own.as_ref(), s.cluster_strategy.as_ref()))
        })
    });
    let strategy = Memo::new(move |_| {
        state.value.with(|v| {
            v.as_ref().and_then(|s| {
                governing_strategy(s.own.as_ref(), s.cluster_strategy.as_ref()).cloned()
            })
        })
    });
    let findings = Memo::new(move |_| {
        let s = state.value.get()?;
        let overview = tenant_view.get()?;
        let data = tasks.value.get()?.contents;
        if log.value.with(Option::is_none) && log.error.with(Option::is_none) {
            return None;
        }
        let log_task = log.value.get().and_then(|p| p.contents.into_iter().next());
        let strategy = strategy.get();
        // At OCP's now, but never past what the data can say (stale is not Critical).
        let now = clock.health_now_ms.get();
        let as_of = state.as_of.get().unwrap_or(now);
        let now_us = evaluation_instant(now, as_of, Refresh::Page.interval_ms()) * 1000;
        let windows = s.info.ob_recoverable_info_aggregation.recoverable_windows();
        Some(check_cluster(&ClusterFacts {
            now_us,
            cluster_type: overview.ob_cluster_type.as_ref(),
            overview: &overview,
            strategy: strategy.as_ref(),
            log_task: log_task.as_ref(),
            data_tasks: &data,
            windows: Some((&windows, now_us - 7 * US_PER_DAY, now_us)),
            tenants_without_window: &[],
        }))
    });

    // Backup now: the row of the task it started is highlighted once listed.
    let started = RwSignal::new(None::<(i64, i64)>);
    let new_row = Memo::new(move |_| {
        let (id, since) = started.get()?;
        tasks.value.with(|page| {
            page.as_ref()
                .and_then(|p| started_row(&p.contents, &[id], None, since))
        })
    });
    use_refresh(NEW_ROW_POLL, move || {
        if started.get_untracked().is_some() && new_row.get_untracked().is_none() {
            tasks.reread();
        }
    });
    let on_started = Callback::new(move |task_id: i64| {
        started.set(Some((task_id, clock.now_ms.get_untracked() - 60_000)));
        tasks.reread();
    });
    // When the backup ends, everything it changed is re-read.
    let on_ended = Callback::new(move |_: bool| {
        state.reread();
        tasks.reread();
        log.reread();
    });
    let on_changed = Callback::new(move |_| state.reread());
    let tenant_name = Signal::derive(move || {
        state
            .value
            .with(|v| v.as_ref().map(|s| s.tenant.name.clone()))
    });
    // The header is built anew only when who or what can be done changes, not on every refresh.
    let head = Memo::new(move |_| {
        let s = state.value.get()?;
        let scope = scope.get().ok()?;
        Some(Head {
            scope,
            cluster_name: s.cluster.name.clone(),
            version: s.cluster.ob_version.clone().unwrap_or_default(),
            tenant_name: s.tenant.name.clone(),
            creating: s.tenant.status == Some(TenantStatus::Creating),
            standby: s.overview.ob_cluster_type == Some(ClusterType::Standby),
            has_own: s.own.is_some(),
        })
    });
    // The tenant's own strategy's status, followed by its actions without building them again.
    let own_status = Signal::derive(move || {
        state
            .value
            .with(|v| {
                v.as_ref().and_then(|s| {
                    s.own.as_ref().map(|o| {
                        if o.ob_backup_schedule_config.backup_schedule_enabled == Some(false) {
                            BackupScheduleStatus::Paused
                        } else {
                            BackupScheduleStatus::Normal
                        }
                    })
                })
            })
            .unwrap_or(BackupScheduleStatus::None)
    });
    let overview_sig = Signal::derive(move || tenant_view.get());
    let strategy_sig = Signal::derive(move || strategy.get());

    view! {
        <section class="page overview-page tenant-page">
            {move || head.get().map(|h| {
                let scope = h.scope;
                let supported = tenant_strategy_supported(&h.version);
                let restore = AppRoute::Restore {
                    cluster_id: scope.cluster_id(),
                    query: RestoreQuery {
                        tenant: scope.tenant_id(),
                        from_tenant: true,
                        ..Default::default()
                    },
                }
                .href();
                let status = own_status;
                let actions_name = format!("{} / {}", h.cluster_name, h.tenant_name);
                let crumb = h.cluster_name.clone();
                let of_cluster = h.cluster_name.clone();
                view! {
                    <header class="page__head overview__head">
                        <div>
                            <p class="breadcrumb">
                                <A href=AppRoute::Overview { cluster_id: scope.cluster_id() }.href()>{crumb}</A>
                            </p>
                            <h1 data-testid="tenant-title">{show_invisible(&h.tenant_name)}</h1>
                            <p class="overview__facts">
                                <span>{move || i18n.fmt(Msg::TenantOfCluster, &[("cluster", &of_cluster)])}</span>
                                <span>{move || i18n.t(Msg::Version)} " " <strong>{h.version.clone()}</strong></span>
                                <AsOf as_of=state.as_of refresh_ms=Refresh::Page.interval_ms() />
                            </p>
                        </div>
                        <div class="overview__actions">
                            {(supported && !h.creating && !h.standby).then(|| view! {
                                <BackupNowButton scope tenant_name=tenant_name overview=overview_sig strategy=strategy_sig on_started on_ended />
                                <A href=restore.clone() attr:class="button" attr:data-testid="open-restore">
                                    {move || i18n.t(Msg::RestoreOpen)}
                                </A>
                                <StrategyActions scope cluster_name=actions_name.clone() status on_changed />
                            })}
                        </div>
                    </header>
                    {(!supported).then(|| view! {
                        <p class="banner banner--warn" role="status" data-testid="tenant-unsupported">{move || i18n.t(Msg::TenantNotSupported)}</p>
                    })}
                    {h.creating.then(|| view! {
                        <p class="banner banner--warn" role="status" data-testid="tenant-creating">{move || i18n.t(Msg::TenantCreatingNote)}</p>
                    })}
                }
            })}
            {move || scope.get().ok().filter(|_| state.value.with(Option::is_some)).map(|scope| view! {
                <HealthPanel findings=findings scope offset=offset />
            })}
            {state.view(8, move |s| {
                let scope = scope.get_untracked().unwrap_or(BackupScope::Cluster { cluster_id: s.cluster.id });
                let aggregation = s.info.ob_recoverable_info_aggregation.clone();
                view! {
                    <TenantCards gov tenant_view offset strategy />
                    <TenantStrategyCard strategy=strategy.get_untracked() gov=gov.get_untracked() />
                    <RecoverableStrip aggregation scope=scope />
                }
            })}
            <Show when=move || state.value.with(Option::is_some)>
                <section class="card recent-tasks" aria-labelledby="recent-title">
                    <h2 class="card__title" id="recent-title">{move || i18n.t(Msg::RecentTasks)}</h2>
                    {move || scope.get().ok().map(|scope| view! {
                        <p class="recent-tasks__all">
                            <A href=AppRoute::tasks_of(scope, TaskQuery::default()).href() attr:data-testid="all-tasks">
                                {move || i18n.t(Msg::AllTasks)}
                            </A>
                            " · "
                            <A href=AppRoute::windows_of(scope, Default::default()).href() attr:data-testid="tenant-windows">
                                {move || i18n.t(Msg::TenantWindowsLink)}
                            </A>
                        </p>
                    })}
                    {tasks.view(3, move |page| view! {
                        <DataTaskTable tasks=page.contents cluster_id=scope.get_untracked().ok().map(|s| s.cluster_id()) highlight=new_row
                            timeout_minutes=Signal::derive(move || strategy.get().and_then(|s| s.ob_backup_threshold_config.data_backup_timeout_minutes)) />
                    })}
                </section>
            </Show>
        </section>
    }
}

/// Who the tenant is and what can be done with its own strategy.
#[derive(Clone, Debug, PartialEq)]
struct Head {
    scope: BackupScope,
    cluster_name: String,
    version: String,
    tenant_name: String,
    creating: bool,
    standby: bool,
    /// Whether the tenant has its own strategy (without one, "create" is offered).
    has_own: bool,
}

#[component]
fn TenantCards(
    gov: Memo<Option<Governing>>,
    tenant_view: Memo<Option<Overview>>,
    offset: Memo<Option<FixedOffset>>,
    strategy: Memo<Option<BackupStrategy>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let status = Signal::derive(move || {
        tenant_view
            .with(|o| o.as_ref().and_then(|o| o.backup_schedule_status.clone()))
            .unwrap_or(BackupScheduleStatus::None)
    });
    let checkpoint = Signal::derive(move || {
        tenant_view.with(|o| o.as_ref().and_then(|o| o.latest_log_backup_checkpoint))
    });
    let last = Signal::derive(move || {
        tenant_view.with(|o| o.as_ref().and_then(|o| o.last_data_backup_time))
    });
    let threshold = Signal::derive(move || {
        strategy
            .with(|s| {
                s.as_ref()
                    .and_then(|s| s.ob_backup_threshold_config.log_backup_delay_seconds)
            })
            .map_or(DEFAULT_LOG_DELAY_THRESHOLD_SECONDS, i64::from)
    });
    view! {
        <div class="overview__grid">
            <section class="card" aria-labelledby="governing-title" data-testid="governing"
                data-governing=move || gov.get().map(Governing::as_str)>
                <h2 class="card__title" id="governing-title">{move || i18n.t(Msg::TenantGoverning)}</h2>
                {move || gov.get().map(|g| {
                    let (what, help) = governing_msg(g);
                    view! {
                        <p class="card__value" data-testid="governing-value">{i18n.t(what)}</p>
                        <p class="card__help">{i18n.t(help)}</p>
                    }
                })}
            </section>
            <ScheduleStatusCard status=status standby=Signal::stored(false) />
            <LiveRpo checkpoint=checkpoint last_backup=last threshold_secs=threshold />
            <section class="card" aria-labelledby="last-title">
                <h2 class="card__title" id="last-title">{move || i18n.t(Msg::LastDataBackup)}</h2>
                {move || match last.get() {
                    Some(t) => view! {
                        <p class="card__value time" data-testid="last-backup">{both(&t, offset.get())}</p>
                        <p class="card__help">{i18n.fmt(Msg::Ago, &[("age", &Span::from_seconds(clock.age_secs(&t)).compact())])}</p>
                    }.into_any(),
                    None => view! { <p class="card__value" data-testid="last-backup">{i18n.t(Msg::NeverBackedUp)}</p> }.into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="checkpoint-title">
                <h2 class="card__title" id="checkpoint-title">{move || i18n.t(Msg::LogCheckpoint)}</h2>
                <p class="card__value time" data-testid="log-checkpoint">
                    {move || checkpoint.get().map_or_else(|| i18n.t(Msg::NoCheckpoint).to_owned(), |t| both(&t, offset.get()))}
                </p>
            </section>
        </div>
    }
}

/// The governing strategy in plain words (the tenant's own or the cluster's).
#[component]
fn TenantStrategyCard(strategy: Option<BackupStrategy>, gov: Option<Governing>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let body = strategy.map(|s| {
        let cfg = s.ob_backup_schedule_config.clone();
        let mode = cfg.backup_schedule_mode.clone().unwrap_or(ScheduleMode::Week);
        let mode_msg = if mode == ScheduleMode::Month {
            Msg::Monthly
        } else {
            Msg::Weekly
        };
        let log_on = cfg.start_log_backup.unwrap_or(false);
        let sentence = move || {
            describe_schedule(
                &mode,
                &cfg.day_and_data_backup_model_map.clone().unwrap_or_default(),
                cfg.backup_schedule_time,
                browser_offset_at(clock.now_ms.get()),
                i18n.lang.get(),
            )
        };
        view! {
            <p class="strategy-card__sentence" data-testid="strategy-sentence">
                <strong>{move || i18n.t(mode_msg)}</strong> ": " {sentence}
            </p>
            <p class="card__help">{move || i18n.t(if log_on { Msg::LogBackupOn } else { Msg::LogBackupOff })}</p>
        }
    });
    let who = gov.map(|g| governing_msg(g).0);
    view! {
        <section class="card strategy-card" aria-labelledby="strategy-title" data-testid="strategy">
            <h2 class="card__title" id="strategy-title">
                {move || i18n.t(Msg::StrategyTitle)}
                {move || who.map(|w| format!(" · {}", i18n.t(w)))}
            </h2>
            {match body {
                Some(b) => b.into_any(),
                None => view! { <p class="empty">{move || i18n.t(Msg::NoStrategy)}</p> }.into_any(),
            }}
        </section>
    }
}
