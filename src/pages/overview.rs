//! `/clusters/:id`: one cluster's backup health: schedule status, live RPO, last backup,
//! log checkpoint, size, ability, the strategy in plain words with its next runs, the
//! recoverable windows of the last week, latest tasks.

use crate::api::use_api;
use crate::app::AppRoute;
use crate::chunk::{page_chunk, ChunkedPage};
use crate::clock::{browser_offset_at, use_clock};
use crate::components::health_panel::HealthPanel;
use crate::components::{
    AsOf, BackupNowButton, DataTaskTable, LiveRpo, RecoverableStrip, ScheduleStatusCard,
    StrategyActions,
};
use crate::i18n::{use_i18n, Msg};
use crate::pages::clusters::role_text;
use crate::pages::{use_cluster_id, use_refresh};
use crate::query::{use_query, QueryPriority, Refresh};
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::health::{check_cluster, ClusterFacts};
use ocp_model::measure::{format_size, Span, DEFAULT_LOG_DELAY_THRESHOLD_SECONDS};
use ocp_model::query::evaluation_instant;
use ocp_model::schedule::next_runs;
use ocp_model::strategy_form::describe_schedule;
use ocp_model::task_list::TaskQuery;
use ocp_model::tasks::started_row;
use ocp_model::text::show_invisible;
use ocp_model::timeline::lanes::cluster_offset;
use ocp_model::timeline::US_PER_DAY;
use ocp_model::{
    BackupAbility, BackupScheduleStatus, BackupScope, BackupStrategy, ClusterType, DataBackupMode,
    Overview, ScheduleMode, TaskTime,
};
use std::time::Duration;

// The tenants table (OB 4.x, issue 13): its own chunk, fetched once the overview is drawn,
// so the overview's first load does not grow with it. Not a route: no `<Route>` line.
page_chunk!(cluster_tenants, crate::pages::ClusterTenants);

/// How often the latest tasks are re-read after a backup-now, until its row shows.
const NEW_ROW_POLL: Duration = Duration::from_secs(3);

/// What the header's "Backup now" needs from the page.
#[derive(Clone, Copy)]
struct BackupNowProps {
    overview: Memo<Option<Overview>>,
    /// The schedule's status: the header's actions follow it without being built again (a
    /// pause's task stays followed while the status changes).
    schedule: Signal<BackupScheduleStatus>,
    strategy: Memo<Option<BackupStrategy>>,
    on_started: Callback<i64>,
    on_ended: Callback<bool>,
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let cluster_id = use_cluster_id();

    let scope = move || {
        cluster_id
            .get()
            .ok()
            .map(|id| BackupScope::Cluster { cluster_id: id })
    };
    // Overview, strategy and recoverable windows, read again every 15 s while shown: the body
    // needs all three. What the clusters list read shows at once, then refreshes.
    let overview = use_query(QueryPriority::Asked, Refresh::Page, move || {
        cluster_id.get().ok().map(|id| api.overview(id))
    });
    let strategy = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope().map(|s| api.strategy(s))
    });
    let info = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope().map(|s| api.backup_info(s))
    });
    let state = overview
        .zip(strategy)
        .zip(info)
        .map(|((o, s), i)| (o, s, i))
        .or_failed(move || cluster_id.get().err());
    let tasks = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope().map(|s| api.data_backup_tasks(s, 1, 5))
    });
    // The newest log backup task: whether log archiving runs, for the health rules.
    let log = use_query(QueryPriority::Asked, Refresh::Page, move || {
        scope().map(|s| api.log_backup_tasks(s, 1, 1))
    });
    // The cluster itself only for its build string: the page does without it.
    let cluster = use_query(QueryPriority::Visible, Refresh::Once, move || {
        cluster_id.get().ok().map(|id| api.cluster(id))
    });
    let build = Memo::new(move |_| cluster.value.get().and_then(|c| c.full_version));
    let reload = Callback::new(move |_| state.reread());
    // Backup now: the task it started, and from when (server time) its row may show.
    let clock = use_clock();
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
    let on_backup_started = Callback::new(move |task_id: i64| {
        // A minute of slack: the row's start may be stamped a little before the answer.
        started.set(Some((task_id, clock.now_ms.get_untracked() - 60_000)));
        tasks.reread();
    });
    // When the backup ends, everything it changed (last backup, size, windows) is re-read.
    let on_backup_ended = Callback::new(move |_: bool| {
        state.reread();
        tasks.reread();
        log.reread();
    });
    let overview = Memo::new(move |_| state.value.with(|v| v.as_ref().map(|(o, _, _)| o.clone())));
    let strategy = Memo::new(move |_| {
        state
            .value
            .with(|v| v.as_ref().and_then(|(_, s, _)| s.clone()))
    });
    // The tenants card (its own chunk) reads what this page read.
    provide_context(crate::pages::ClusterTenantsInput {
        overview,
        strategy,
        offset: Memo::new(move |_| {
            state.value.with(|v| {
                v.as_ref().and_then(|(o, _, i)| {
                    cluster_offset(i).or_else(|| o.last_data_backup_time.map(|t| t.offset()))
                })
            })
        }),
    });
    let backup_now = BackupNowProps {
        overview,
        schedule: Signal::derive(move || {
            overview
                .with(|o| o.as_ref().and_then(|o| o.backup_schedule_status.clone()))
                .unwrap_or(BackupScheduleStatus::None)
        }),
        strategy,
        on_started: on_backup_started,
        on_ended: on_backup_ended,
    };
    let findings = Memo::new(move |_| {
        let (overview, strategy, info) = state.value.get()?;
        let data = tasks.value.get()?.contents;
        // A log list that cannot be read leaves its rules out rather than the whole panel.
        if log.value.with(Option::is_none) && log.error.with(Option::is_none) {
            return None;
        }
        let log_task = log.value.get().and_then(|p| p.contents.into_iter().next());
        // At OCP's now, but never past what the data can say (stale is not Critical).
        let as_of = state
            .as_of
            .get()
            .unwrap_or_else(|| clock.health_now_ms.get());
        let now_us = evaluation_instant(
            clock.health_now_ms.get(),
            as_of,
            Refresh::Page.interval_ms(),
        ) * 1000;
        let windows = info.ob_recoverable_info_aggregation.recoverable_windows();
        let tenants_without_window = info.tenants_without_window();
        Some(check_cluster(&ClusterFacts {
            now_us,
            cluster_type: overview.ob_cluster_type.as_ref(),
            overview: &overview,
            strategy: strategy.as_ref(),
            log_task: log_task.as_ref(),
            data_tasks: &data,
            windows: Some((&windows, now_us - 7 * US_PER_DAY, now_us)),
            tenants_without_window: &tenants_without_window,
        }))
    });
    let offset = Memo::new(move |_| {
        state
            .value
            .with(|v| v.as_ref().and_then(|(_, _, i)| cluster_offset(i)))
    });
    let tenant_ids = Signal::derive(move || {
        state.value.with(|v| {
            v.as_ref()
                .map(|(_, _, i)| {
                    i.tenant_backup_infos
                        .iter()
                        .map(|t| (t.tenant_name.clone(), t.tenant_id))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    // The header and its actions change only with the cluster or its status, not on every
    // refresh, so an open confirmation or a followed task survives the 15 s refresh.
    let head = Memo::new(move |_| state.value.get().map(|(o, _, _)| OverviewHead::of(o)));
    view! {
        <section class="page overview-page">
            {move || head.get().map(|h| view! { <OverviewHeader head=h full_version=build reload backup_now as_of=state.as_of /> })}
            {move || cluster_id.get().ok().filter(|_| state.value.with(Option::is_some)).map(|id| view! {
                <HealthPanel findings=findings scope=BackupScope::Cluster { cluster_id: id } offset=offset tenants=tenant_ids />
            })}
            {state.view(8, move |(overview, strategy, info)| view! {
                <OverviewBody overview strategy />
                <RecoverableStrip aggregation=info.ob_recoverable_info_aggregation scope=BackupScope::Cluster { cluster_id: cluster_id.get_untracked().unwrap_or(info.cluster_id) } />
            })}
            // The tenants table comes in its own chunk, after the cluster's own cards.
            <Show when=move || state.value.with(Option::is_some)>
                <ChunkedPage load=cluster_tenants />
            </Show>
            // The cluster's own failure says it all; its tasks follow once it is there.
            <Show when=move || state.value.with(Option::is_some)>
                <section class="card recent-tasks" aria-labelledby="recent-title">
                    <h2 class="card__title" id="recent-title">{move || i18n.t(Msg::RecentTasks)}</h2>
                    {move || cluster_id.get().ok().map(|id| view! {
                        <p class="recent-tasks__all">
                            <A href=AppRoute::Tasks { cluster_id: id, query: TaskQuery::default() }.href() attr:data-testid="all-tasks">
                                {move || i18n.t(Msg::AllTasks)}
                            </A>
                        </p>
                    })}
                    {tasks.view(3, move |page| view! {
                        <DataTaskTable tasks=page.contents cluster_id=cluster_id.get_untracked().ok() highlight=new_row
                            timeout_minutes=Signal::derive(move || strategy.get().and_then(|s| s.ob_backup_threshold_config.data_backup_timeout_minutes)) />
                    })}
                </section>
            </Show>
        </section>
    }
}

/// What the header shows: who the cluster is and what can be done with its strategy.
#[derive(Clone, Debug, PartialEq)]
struct OverviewHead {
    cluster_id: i64,
    name: String,
    version: String,
    cluster_type: Option<ClusterType>,
    cluster_status: Option<String>,
}

impl OverviewHead {
    fn of(o: Overview) -> Self {
        Self {
            cluster_id: o.cluster_id,
            name: o.cluster_name,
            version: o.ob_version.unwrap_or_default(),
            cluster_type: o.ob_cluster_type,
            cluster_status: o.ob_cluster_status.map(|s| s.as_str().to_owned()),
        }
    }
}

#[component]
fn OverviewHeader(
    head: OverviewHead,
    /// The full build string (`fullVersion`), when the cluster read has it.
    full_version: Memo<Option<String>>,
    reload: Callback<()>,
    backup_now: BackupNowProps,
    /// OCP's time of the data shown.
    as_of: Memo<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let standby = head.cluster_type == Some(ClusterType::Standby);
    let cluster_type = head.cluster_type.clone();
    let version = head.version.clone();
    view! {
        <header class="page__head overview__head">
            <div>
                <h1 data-testid="cluster-title">{show_invisible(&head.name)}</h1>
                <p class="overview__facts">
                    <span>
                        {move || i18n.t(Msg::Version)} " " <strong data-testid="ob-version">{head.version.clone()}</strong>
                        {move || full_version.get().filter(|b| *b != version).map(|b| view! {
                            " " <span class="overview__build muted" data-testid="ob-full-version" title=move || i18n.t(Msg::FullVersion)>"(" {b} ")"</span>
                        })}
                    </span>
                    <span>{move || role_text(i18n, &cluster_type)}</span>
                    <span>{head.cluster_status.clone()}</span>
                    <AsOf as_of refresh_ms=Refresh::Page.interval_ms() />
                </p>
            </div>
            <div class="overview__actions">
                // On a standby cluster it explains why not, and sends nothing.
                <BackupNowButton
                    scope=BackupScope::Cluster { cluster_id: head.cluster_id }
                    overview=backup_now.overview
                    strategy=backup_now.strategy
                    on_started=backup_now.on_started
                    on_ended=backup_now.on_ended
                />
                <A href=AppRoute::Restore { cluster_id: head.cluster_id, query: Default::default() }.href()
                    attr:class="button" attr:data-testid="open-restore">
                    {move || i18n.t(Msg::RestoreOpen)}
                </A>
                // A standby cluster cannot be backed up: no strategy actions to offer.
                {(!standby).then(|| view! {
                    <StrategyActions scope=BackupScope::Cluster { cluster_id: head.cluster_id } cluster_name=head.name.clone() status=backup_now.schedule on_changed=reload />
                })}
            </div>
        </header>
    }
}

#[component]
fn OverviewBody(overview: Overview, strategy: Option<BackupStrategy>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let o = overview;
    let status = o
        .backup_schedule_status
        .clone()
        .unwrap_or(BackupScheduleStatus::None);
    let standby = o.ob_cluster_type == Some(ClusterType::Standby);
    let threshold = strategy
        .as_ref()
        .and_then(|s| s.ob_backup_threshold_config.log_backup_delay_seconds)
        .map_or(DEFAULT_LOG_DELAY_THRESHOLD_SECONDS, i64::from);
    let checkpoint = o.latest_log_backup_checkpoint;
    let last_backup = o.last_data_backup_time;
    let delay = o.log_backup_delay_seconds;
    let size = o.backup_size.map(|s| {
        format_size(
            s,
            &o.ob_storage_volume_unit
                .clone()
                .unwrap_or(ocp_model::StorageVolumeUnit::B),
        )
    });
    view! {
        <div class="overview__grid">
            <ScheduleStatusCard status=status standby=standby />
            <LiveRpo checkpoint=checkpoint last_backup=last_backup threshold_secs=threshold />
            <section class="card" aria-labelledby="last-title">
                <h2 class="card__title" id="last-title">{move || i18n.t(Msg::LastDataBackup)}</h2>
                {move || match last_backup {
                    Some(t) => view! {
                        <p class="card__value time" data-testid="last-backup">{clock.show(&t)}</p>
                        <p class="card__help">{i18n.fmt(Msg::Ago, &[("age", &Span::from_seconds(clock.age_secs(&t)).compact())])}</p>
                    }.into_any(),
                    None => view! { <p class="card__value" data-testid="last-backup">{i18n.t(Msg::NeverBackedUp)}</p> }.into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="checkpoint-title">
                <h2 class="card__title" id="checkpoint-title">{move || i18n.t(Msg::LogCheckpoint)}</h2>
                <p class="card__value time" data-testid="log-checkpoint">
                    {move || checkpoint.map_or_else(|| i18n.t(Msg::NoCheckpoint).to_owned(), |t| clock.show(&t))}
                </p>
                {delay.map(|d| view! { <p class="card__help">{move || i18n.fmt(Msg::LogDelay, &[("n", &Span::from_seconds(d).compact())])}</p> })}
            </section>
            <section class="card" aria-labelledby="size-title">
                <h2 class="card__title" id="size-title">{move || i18n.t(Msg::BackupSize)}</h2>
                <p class="card__value" data-testid="backup-size">
                    {move || size.clone().unwrap_or_else(|| i18n.t(Msg::SizeUnknown).to_owned())}
                </p>
            </section>
            <AbilityCard overview=o.clone() />
        </div>
        <StrategyCard strategy=strategy />
    }
}

#[component]
fn AbilityCard(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let ability = overview.ob_backup_ability.unwrap_or_default();
    let data = ability
        .ob_data_backup_support_ability
        .clone()
        .unwrap_or_default();
    let kind = match ability.backup_ability {
        Some(BackupAbility::Physical) => Some(Msg::AbilityPhysical),
        Some(BackupAbility::Logical) => Some(Msg::AbilityLogical),
        Some(BackupAbility::LogicalAndPhysical) => Some(Msg::AbilityBoth),
        _ => None,
    };
    let incremental_ok = data.increment_backup_enabled && data.can_do_incremental_backup;
    let restore = ability.ob_restore_condition_check_result.clone();
    let yes_no = move |ok: bool| {
        view! {
            <span class=if ok { "chip chip--success" } else { "chip chip--neutral" }>
                {move || i18n.t(if ok { Msg::Allowed } else { Msg::NotAllowed })}
            </span>
        }
    };
    let hint = data.hint.clone();
    view! {
        <section class="card ability-card" aria-labelledby="ability-title" data-testid="ability">
            <h2 class="card__title" id="ability-title">{move || i18n.t(Msg::AbilityTitle)}</h2>
            {kind.map(|k| view! { <p>{move || i18n.t(k)}</p> })}
            <dl class="ability-card__list">
                <dt>{move || i18n.t(Msg::FullBackup)}</dt>
                <dd data-testid="ability-full">{yes_no(data.full_backup_enabled)}</dd>
                <dt>{move || i18n.t(Msg::IncrementalBackup)}</dt>
                <dd data-testid="ability-incremental">{yes_no(incremental_ok)}</dd>
            </dl>
            {(!incremental_ok).then_some(hint).flatten().map(|h| view! { <p class="card__help" data-testid="ability-hint">{h}</p> })}
            {restore.map(|r| {
                let ready = r.be_ready;
                view! {
                    <p class="card__help">
                        {move || i18n.t(if ready { Msg::RestoreReady } else { Msg::RestoreNotReady })}
                        {r.hint.map(|h| format!(": {h}"))}
                    </p>
                }
            })}
        </section>
    }
}

#[component]
fn StrategyCard(strategy: Option<BackupStrategy>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let Some(s) = strategy else {
        return view! {
            <section class="card strategy-card" aria-labelledby="strategy-title" data-testid="strategy">
                <h2 class="card__title" id="strategy-title">{move || i18n.t(Msg::StrategyTitle)}</h2>
                <p class="empty">{move || i18n.t(Msg::NoStrategy)}</p>
            </section>
        }
        .into_any();
    };
    let cfg = s.ob_backup_schedule_config.clone();
    let enabled = cfg.backup_schedule_enabled.unwrap_or(true);
    let sentence = {
        let cfg = cfg.clone();
        move || {
            describe_schedule(
                &cfg.backup_schedule_mode
                    .clone()
                    .unwrap_or(ScheduleMode::Week),
                &cfg.day_and_data_backup_model_map
                    .clone()
                    .unwrap_or_default(),
                cfg.backup_schedule_time,
                browser_offset_at(clock.now_ms.get()),
                i18n.lang.get(),
            )
        }
    };
    let mode = cfg
        .backup_schedule_mode
        .clone()
        .unwrap_or(ScheduleMode::Week);
    let mode_msg = if mode == ScheduleMode::Month {
        Msg::Monthly
    } else {
        Msg::Weekly
    };
    let log_on = cfg.start_log_backup.unwrap_or(false);
    let retention = cfg
        .clean_enabled
        .unwrap_or(false)
        .then_some(cfg.backup_data_retention_days)
        .flatten();
    // Next runs are computed once per minute of server time, not every second.
    let minute = Memo::new(move |_| clock.now_ms.get() / 60_000);
    let runs = move || {
        minute.track();
        match (
            enabled,
            cfg.backup_schedule_time,
            cfg.day_and_data_backup_model_map.as_ref(),
        ) {
            (true, Some(time), Some(map)) => next_runs(&mode, map, time, clock.now_utc(), 5),
            _ => Vec::new(),
        }
    };
    view! {
        <section class="card strategy-card" aria-labelledby="strategy-title" data-testid="strategy">
            <h2 class="card__title" id="strategy-title">{move || i18n.t(Msg::StrategyTitle)}</h2>
            <p class="strategy-card__sentence" data-testid="strategy-sentence">
                <strong>{move || i18n.t(mode_msg)}</strong> ": " {sentence}
            </p>
            <p class="card__help">
                {move || i18n.t(if log_on { Msg::LogBackupOn } else { Msg::LogBackupOff })}
                {move || retention.map(|n| format!(" · {}", i18n.fmt(Msg::CleanupAfter, &[("n", &n.to_string())])))}
            </p>
            <h3 class="card__subtitle">{move || i18n.t(Msg::NextRuns)}</h3>
            {move || {
                let runs = runs();
                if !enabled {
                    return view! { <p class="empty">{i18n.t(Msg::ScheduleDisabled)}</p> }.into_any();
                }
                if runs.is_empty() {
                    return view! { <p class="empty">{i18n.t(Msg::NoNextRuns)}</p> }.into_any();
                }
                view! {
                    <ol class="next-runs" data-testid="next-runs">
                        {runs
                            .into_iter()
                            .map(|r| {
                                let at = TaskTime::new(r.at);
                                let kind = if r.kind == DataBackupMode::Full { Msg::FullBackup } else { Msg::IncrementalBackup };
                                view! {
                                    <li>
                                        <span class=if r.kind == DataBackupMode::Full { "chip chip--full" } else { "chip chip--incremental" }>
                                            {i18n.t(kind)}
                                        </span>
                                        " "
                                        <span class="time">{at.display()}</span>
                                        <span class="muted">
                                            " · " {at.display_in(browser_offset_at(at.timestamp_millis()))} " (" {i18n.t(Msg::YourTime)} ")"
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}
