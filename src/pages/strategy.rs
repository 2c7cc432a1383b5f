//! `/clusters/:id/strategy`: create, change, pause, resume or delete a cluster's backup
//! strategy. The form is a `StrategyDraft` (ocp-model); this page binds inputs to it, keeps an
//! unsaved draft across failures and reloads, and sends POST or a PATCH of only what changed.

use crate::api::{use_api, ApiError};
use crate::app::AppRoute;
use crate::clock::{browser_offset_at, use_clock};
use crate::components::draft_form::{DraftInput, FormErrors, StorageFields};
use crate::components::{
    Choice, ErrorView, Latest, RadioChoice, ScheduleGrid, StrategyActions, TaskFollow,
};
use crate::i18n::{use_i18n, Msg};
use crate::pages::{use_scope, Reload};
use crate::storage::Store;
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::strategy_form::{
    describe_schedule, field_for_code, fields, local_clock, patch, preview_runs, StrategyDraft,
    Violation,
};
use ocp_model::time::offset_hours;
use ocp_model::validate::{validate_strategy, StrategyContext};
use ocp_model::{
    BackupAbility, BackupMode, BackupScheduleStatus, BackupScope, BackupStrategy, Cluster,
    DataBackupMode, OpsResult, Overview, ScheduleMode, StorageType,
};
use wasm_bindgen::JsCast;

fn draft_key(scope: BackupScope) -> String {
    match scope {
        BackupScope::Cluster { cluster_id } => format!("obc.strategyDraft.{cluster_id}"),
        BackupScope::Tenant {
            cluster_id,
            tenant_id,
        } => format!("obc.strategyDraft.{cluster_id}.{tenant_id}"),
    }
}

#[component]
pub fn StrategyPage() -> impl IntoView {
    let api = use_api();
    // A cluster's strategy, or one tenant's (`/clusters/:id/tenants/:tenantId/strategy`).
    let scope = use_scope();
    let version = Reload::new();
    let state = LocalResource::new(move || {
        version.track();
        let futs = scope.get().map(|scope| {
            let id = scope.cluster_id();
            let tenant = scope.tenant_id().map(|t| {
                // A new tenant strategy starts from the cluster's, as OCP's console does.
                (
                    api.tenant_name(id, t).fetch(),
                    api.strategy(scope.cluster()).fetch(),
                )
            });
            (
                api.cluster(id).fetch(),
                api.overview(id).fetch(),
                api.strategy(scope).fetch(),
                tenant,
            )
        });
        async move {
            let (c, o, s, tenant) = futs?;
            let (c, o, s) = futures::join!(c, o, s);
            let tenant = match tenant {
                Some((t, cs)) => {
                    let (t, cs) = futures::join!(t, cs);
                    Some(TenantSide {
                        name: t?,
                        cluster_strategy: cs?,
                    })
                }
                None => None,
            };
            Ok::<_, ApiError>((c?, o?, s?, tenant))
        }
    });
    let state = Latest::of(state);
    let reload = Callback::new(move |_| version.bump());
    // The editor is made anew only when the cluster changes or its strategy comes or goes
    // (create, delete); re-reads after a save or a pause never overwrite what is typed.
    let editor_key = Memo::new(move |_| {
        state.value.with(|v| {
            v.as_ref()
                .map(|(c, _, s, _)| (c.id, s.as_ref().and_then(|s| s.id)))
        })
    });
    let status = Signal::derive(move || {
        state
            .value
            .with(|v| {
                v.as_ref().and_then(|(_, o, s, t)| match t {
                    // A tenant's status is its own strategy's (OCP has no tenant overview).
                    Some(_) => {
                        ocp_model::tenant::tenant_overview(o, s.as_ref(), None, &[], None)
                            .backup_schedule_status
                    }
                    None => o.backup_schedule_status.clone(),
                })
            })
            .unwrap_or(BackupScheduleStatus::None)
    });
    // Tasks started by saves live here, above the editor, so they outlive it.
    let tasks = RwSignal::new(Vec::<i64>::new());
    let on_saved = Callback::new(move |ops: OpsResult| {
        tasks.set(ops.task_ids());
        reload.run(());
    });
    view! {
        <section class="page strategy-page">
            {move || match editor_key.get() {
                Some(_) => state.value.get_untracked().zip(scope.get_untracked().ok()).map(|((cluster, overview, strategy, tenant), scope)| {
                    view! { <StrategyEditor scope cluster overview strategy tenant status on_saved reload /> }.into_any()
                }),
                None => Some(state.view(10, |_| ()).into_any()),
            }}
            <For each=move || tasks.get() key=|id| *id let:id>
                <TaskFollow task_id=id cluster_id=scope.get_untracked().ok().map(|s| s.cluster_id()) on_end=Callback::new(move |_| reload.run(())) />
            </For>
        </section>
    }
}

/// Scrolls to and focuses what the URL's fragment names (`#retention-days`, from a health
/// finding's link) once the editor is drawn; a grid is focused at its first day.
fn focus_fragment() {
    request_animation_frame(|| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let hash = window.location().hash().unwrap_or_default();
        let name = hash.trim_start_matches('#');
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return;
        }
        let selector = format!("#{name}, [data-testid={name}] [data-day]");
        let found = window
            .document()
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(el) = found {
            el.scroll_into_view();
            let _ = el.focus();
        }
    });
}

/// What the editor of a tenant's strategy knows besides the cluster.
#[derive(Clone, Debug, PartialEq)]
struct TenantSide {
    name: String,
    /// The cluster's strategy: a new tenant strategy is filled from it.
    cluster_strategy: Option<BackupStrategy>,
}

#[component]
fn StrategyEditor(
    scope: BackupScope,
    cluster: Cluster,
    overview: Overview,
    strategy: Option<BackupStrategy>,
    /// For a tenant's strategy: its name and the cluster's strategy.
    tenant: Option<TenantSide>,
    /// The live schedule status, for the pause/resume/delete buttons.
    status: Signal<BackupScheduleStatus>,
    on_saved: Callback<OpsResult>,
    reload: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    focus_fragment();
    let clock = use_clock();
    let cluster_id = cluster.id;
    let exists = strategy.is_some();
    let ability = overview
        .ob_backup_ability
        .as_ref()
        .and_then(|a| a.backup_ability.clone());
    let logical_only = ability == Some(BackupAbility::Logical);
    let modes: Vec<BackupMode> = match ability {
        // A tenant is backed up physically only (BAK30004).
        _ if scope.is_tenant() => vec![BackupMode::Physical],
        Some(BackupAbility::Logical) => vec![BackupMode::Logical],
        Some(BackupAbility::LogicalAndPhysical) => vec![BackupMode::Physical, BackupMode::Logical],
        _ => vec![BackupMode::Physical],
    };
    let prefill = tenant
        .as_ref()
        .and_then(|t| t.cluster_strategy.clone())
        .filter(|_| strategy.is_none());
    let prefilled = prefill.is_some();
    // The cluster's offset: from the strategy's schedule time, else from the cluster itself.
    let cluster_offset = cluster
        .create_time
        .map(|t| t.offset())
        .unwrap_or_else(|| offset_hours(8));
    let server_draft = match (&strategy, &prefill) {
        (Some(s), _) => StrategyDraft::from_strategy(s, cluster_offset),
        // A new tenant strategy: the cluster's values, and its storage path (OCP advises it).
        (None, Some(c)) => {
            let mut d = StrategyDraft::from_strategy(c, cluster_offset);
            if d.backup_mode != BackupMode::Physical {
                d.set_backup_mode(BackupMode::Physical);
            }
            // OCP never sends the cluster's secret back, and the tenant's strategy does not
            // hold one yet: it is asked for.
            d.storage.secret_on_server = false;
            d
        }
        (None, None) => StrategyDraft::new_default(
            cluster_offset,
            logical_only && !scope.is_tenant(),
            &cluster.name,
        ),
    };
    // What the server holds: the base a PATCH is computed against, and what "unsaved" means.
    let server_param = StoredValue::new(
        strategy
            .as_ref()
            .and_then(|_| server_draft.to_param_for(scope).ok()),
    );
    let draft = RwSignal::new(server_draft.clone());
    let initial = RwSignal::new(server_draft.clone());
    let dirty = Memo::new(move |_| draft.with(|d| initial.with(|i| d != i)));
    let sent = StoredValue::new(None::<StrategyDraft>);

    // A draft left from earlier (a failed save, a reload) is offered, not forced.
    let key = draft_key(scope);
    let stored = Store::Local
        .read(&key)
        .and_then(|s| serde_json::from_str::<StrategyDraft>(&s).ok())
        .filter(|d| *d != server_draft.without_secret());
    let offered = RwSignal::new(stored);
    {
        let key = key.clone();
        Effect::new(move || {
            let d = draft.get();
            if offered.with(Option::is_some) {
                return; // the old draft stays until the person decides
            }
            if dirty.get() {
                if let Ok(json) = serde_json::to_string(&d.without_secret()) {
                    Store::Local.write(&key, &json);
                }
            } else {
                Store::Local.remove(&key);
            }
        });
    }
    guard_unsaved_edits(dirty, i18n);

    let attempted = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<Violation>::new());
    // The same rules the server applies (ocp_model::validate), checked before sending.
    let ob_version = overview.ob_version.clone().unwrap_or_default();
    let is_standby = overview.ob_cluster_type == Some(ocp_model::ClusterType::Standby);
    let ability_for_rules = ability.clone();
    let local_errors = Memo::new(move |_| {
        draft.with(|d| match d.to_param_for(scope) {
            Err(errors) => errors,
            Ok(param) => {
                let ctx = StrategyContext {
                    ob_version: &ob_version,
                    ability: ability_for_rules.as_ref(),
                    is_standby,
                };
                validate_strategy(&d.with_kept_secret(param), &ctx)
            }
        })
    });
    // Typed fields that cannot be taken as they stand (a half-typed time, `10.5` days): shown
    // beside each at once, and Save stays disabled until each reads.
    let inputs_invalid = Memo::new(move |_| draft.with(|d| !d.input_problems().is_empty()));
    let errors = FormErrors {
        local: local_errors.into(),
        server: server_errors,
        attempted,
    };

    let save = Action::new_local(move |param: &ocp_model::StrategyParam| {
        let param = param.clone();
        let base = server_param.get_value();
        async move {
            match base {
                None => api.create_strategy(scope, &param).await,
                Some(base) => match patch(&base, &param) {
                    Some(p) => api.modify_strategy(scope, &p).await,
                    None => Err(ApiError::BadRequest(crate::api::ServerMessage::text(
                        Msg::NoChanges.text(i18n.lang.get_untracked()),
                    ))),
                },
            }
        }
    });
    let pending = save.pending();
    {
        let key = key.clone();
        Effect::new(move || match save.value().get() {
            Some(Ok(ops)) => {
                Store::Local.remove(&key);
                server_errors.set(Vec::new());
                // What was sent is now the server's: the new baseline (its secret, if typed,
                // is now stored there and leaves the form).
                if let Some(saved) = sent.get_value() {
                    let mut saved = saved.without_secret();
                    saved.storage.secret_on_server |=
                        draft.with_untracked(|d| !d.storage.secret.is_empty());
                    server_param.set_value(saved.to_param_for(scope).ok());
                    draft.update(|d| {
                        d.storage.secret.clear();
                        d.storage.secret_on_server = saved.storage.secret_on_server;
                    });
                    initial.set(saved);
                }
                on_saved.run(ops);
            }
            Some(Err(e)) => {
                let storage = draft.with_untracked(|d| d.storage.storage_type.clone());
                server_errors.set(server_field_errors(&e, &storage));
            }
            None => {}
        });
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if pending.get_untracked() || inputs_invalid.get_untracked() {
            return;
        }
        if !local_errors.get_untracked().is_empty() {
            return;
        }
        if let Ok(param) = draft.with_untracked(|d| d.to_param_for(scope)) {
            server_errors.set(Vec::new());
            sent.set_value(Some(draft.get_untracked()));
            save.dispatch(param);
        }
    };
    let save_error = move || save.value().get().and_then(Result::err);

    // Schedule mode switches that would drop chosen days ask first.
    let pending_mode = RwSignal::new(None::<ScheduleMode>);
    let choose_mode = move |m: ScheduleMode| {
        if draft.with_untracked(|d| d.switch_discards_days(&m)) {
            pending_mode.set(Some(m));
        } else {
            draft.update(|d| d.set_schedule_mode(m));
        }
    };
    let month_full = RwSignal::new(false);
    let on_cycle = Callback::new(move |day| {
        let mut refused = false;
        draft.update(|d| refused = !d.cycle_day(day));
        month_full.set(refused);
    });

    let viewer = move || browser_offset_at(clock.now_ms.get());
    let sentence = move || {
        draft.with(|d| {
            describe_schedule(
                &d.schedule_mode,
                &d.days,
                d.schedule_time_of_day(),
                viewer(),
                i18n.lang.get(),
            )
        })
    };
    let minute = Memo::new(move |_| clock.now_ms.get() / 60_000);
    let preview = move || {
        minute.track();
        draft.with(|d| preview_runs(d, clock.now_utc(), viewer(), 10, i18n.lang.get()))
    };
    let offset_text = move || draft.with(|d| ocp_model::time::format_offset(d.offset()));
    let title = if exists {
        Msg::EditorTitleEdit
    } else {
        Msg::EditorTitleNew
    };
    let name = cluster.name.clone();
    let tenant_name = tenant.as_ref().map(|t| t.name.clone());
    let actions_name = match &tenant_name {
        Some(t) => format!("{} / {t}", cluster.name),
        None => cluster.name.clone(),
    };
    view! {
        <header class="page__head">
            <div>
                <p class="breadcrumb">
                    <A href=AppRoute::Overview { cluster_id }.href()>{name}</A>
                    {tenant_name.map(|t| view! {
                        " / " <A href=AppRoute::overview_of(scope).href() attr:data-testid="tenant-crumb">{t}</A>
                    })}
                </p>
                <h1>{move || i18n.t(title)}</h1>
            </div>
            <Show when=move || exists>
                <StrategyActions scope cluster_name=actions_name.clone() status on_changed=reload in_editor=true />
            </Show>
        </header>

        {prefilled.then(|| view! {
            <p class="banner" role="status" data-testid="prefilled-from-cluster">{move || i18n.t(Msg::TenantPrefilled)}</p>
        })}
        {move || offered.get().map(|old| view! {
            <div class="banner" role="status" data-testid="draft-banner">
                <span>{i18n.t(Msg::DraftFound)}</span>
                <button type="button" class="button button--primary" data-testid="restore-draft" on:click=move |_| {
                    draft.set(old.clone());
                    offered.set(None);
                }>{i18n.t(Msg::RestoreDraft)}</button>
                <button type="button" class="button" data-testid="discard-draft" on:click=move |_| {
                    offered.set(None);
                }>{i18n.t(Msg::DiscardDraft)}</button>
            </div>
        })}

        <form class="strategy-form" on:submit=submit novalidate>
            {move || save_error().map(|e| view! {
                <div class="strategy-form__refusal" data-testid="save-error">
                    <p class="field__error">{i18n.t(Msg::SaveFailed)}</p>
                    <ErrorView error=e write=true />
                </div>
            })}
            <Show when=move || attempted.get() && !local_errors.with(Vec::is_empty)>
                <p class="field__error" role="alert" data-testid="fix-errors">{move || i18n.t(Msg::FixErrors)}</p>
            </Show>

            <fieldset class="card strategy-form__section">
                <legend>{move || i18n.t(Msg::SectionSchedule)}</legend>
                <RadioChoice
                    name="mode"
                    segmented=true
                    label=Signal::derive(move || i18n.t(Msg::ScheduleModeLabel).to_owned())
                    options=vec![
                        Choice::new(ScheduleMode::Week, "week", Signal::derive(move || i18n.t(Msg::Weekly).to_owned())),
                        Choice::new(ScheduleMode::Month, "month", Signal::derive(move || i18n.t(Msg::Monthly).to_owned())),
                    ]
                    selected=Signal::derive(move || draft.with(|d| d.schedule_mode.clone()))
                    on_choose=Callback::new(choose_mode)
                />
                {move || pending_mode.get().map(|m| view! {
                    <div class="banner banner--warn" role="alertdialog" data-testid="mode-switch-confirm">
                        <span>{i18n.t(Msg::SwitchDiscards)}</span>
                        <button type="button" class="button button--primary" data-testid="mode-switch-yes" on:click=move |_| {
                            draft.update(|d| d.set_schedule_mode(m.clone()));
                            pending_mode.set(None);
                        }>{i18n.t(Msg::SwitchConfirm)}</button>
                        <button type="button" class="button" on:click=move |_| pending_mode.set(None)>{i18n.t(Msg::Cancel)}</button>
                    </div>
                })}
                <ScheduleGrid
                    mode=Signal::derive(move || draft.with(|d| d.schedule_mode.clone()))
                    days=Signal::derive(move || draft.with(|d| d.days.clone()))
                    on_cycle
                    label=Signal::derive(move || i18n.t(if draft.with(|d| d.schedule_mode == ScheduleMode::Month) { Msg::GridLabelMonth } else { Msg::GridLabelWeek }).to_owned())
                />
                <p class="field__help">
                    {move || i18n.t(Msg::GridHelp)} " "
                    {move || draft.with(|d| d.backup_mode == BackupMode::Logical).then(|| i18n.t(Msg::GridHelpLogical))}
                </p>
                <Show when=move || month_full.get()>
                    <p class="field__error" role="alert" data-testid="month-limit">{move || i18n.t(Msg::MonthLimit)}</p>
                </Show>
                {move || errors.for_field(fields::DAYS, i18n.lang.get()).map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                <div class="strategy-form__row">
                    <DraftInput draft errors id="schedule-time" field=fields::SCHEDULE_TIME label=Msg::ScheduleTime kind="time" get=|d| d.schedule_time.clone() set=|d, v| d.schedule_time = v />
                    <p class="strategy-form__offset" data-testid="schedule-offset">
                        {move || i18n.fmt(Msg::ClusterOffset, &[("offset", &offset_text())])}
                        {move || draft.with(|d| d.schedule_time_of_day()).and_then(|t| local_clock(t, viewer())).map(|(clock, shift)| {
                            let day = match shift {
                                0 => "",
                                d if d < 0 => i18n.t(Msg::DayBefore),
                                _ => i18n.t(Msg::DayAfter),
                            };
                            format!(" · {} {clock} {day}", i18n.t(Msg::YourTimeIs))
                        })}
                    </p>
                </div>
                <label class="check">
                    <input type="checkbox" id="schedule-enabled"
                        prop:checked=move || draft.with(|d| d.schedule_enabled)
                        on:change=move |ev| draft.update(|d| d.schedule_enabled = event_target_checked(&ev)) />
                    {move || i18n.t(Msg::ScheduleEnabled)}
                </label>
            </fieldset>

            <fieldset class="card strategy-form__section">
                <legend>{move || i18n.t(Msg::SectionMode)}</legend>
                <RadioChoice
                    name="backup-mode"
                    segmented=true
                    label=Signal::derive(move || i18n.t(Msg::SectionMode).to_owned())
                    options=modes
                        .into_iter()
                        .map(|m| {
                            let label = if m == BackupMode::Logical { Msg::Logical } else { Msg::Physical };
                            let key = m.as_str().to_owned();
                            Choice::new(m, key, Signal::derive(move || i18n.t(label).to_owned()))
                        })
                        .collect()
                    selected=Signal::derive(move || draft.with(|d| d.backup_mode.clone()))
                    on_choose=Callback::new(move |m| draft.update(|d| d.set_backup_mode(m)))
                />
                <label class="check">
                    <input type="checkbox" id="log-backup"
                        prop:checked=move || draft.with(|d| d.log_backup || d.log_backup_forced())
                        disabled=move || draft.with(StrategyDraft::log_backup_forced)
                        aria-describedby="log-backup-help"
                        on:change=move |ev| draft.update(|d| d.log_backup = event_target_checked(&ev)) />
                    {move || i18n.t(Msg::LogBackupSwitch)}
                </label>
                <Show when=move || draft.with(StrategyDraft::log_backup_forced)>
                    <p class="field__help" id="log-backup-help">{move || i18n.t(Msg::LogBackupForced)}</p>
                </Show>
            </fieldset>

            <fieldset class="card strategy-form__section">
                <legend>{move || i18n.t(Msg::SectionCleanup)}</legend>
                <label class="check">
                    <input type="checkbox" id="clean-enabled"
                        prop:checked=move || draft.with(|d| d.clean_enabled)
                        on:change=move |ev| draft.update(|d| d.clean_enabled = event_target_checked(&ev)) />
                    {move || i18n.t(Msg::CleanupSwitch)}
                </label>
                <Show when=move || draft.with(|d| d.clean_enabled)>
                    <div class="strategy-form__row">
                        <DraftInput draft errors id="retention-days" field=fields::RETENTION_DAYS label=Msg::RetentionDays kind="number" get=|d| d.retention_days.clone() set=|d, v| d.retention_days = v />
                        <DraftInput draft errors id="clean-time" field=fields::CLEAN_TIME label=Msg::CleanupTime kind="time" get=|d| d.clean_time.clone() set=|d, v| d.clean_time = v />
                    </div>
                </Show>
            </fieldset>

            <fieldset class="card strategy-form__section">
                <legend>{move || i18n.t(Msg::SectionThresholds)}</legend>
                <div class="strategy-form__row">
                    <DraftInput draft errors id="timeout-minutes" field=fields::TIMEOUT_MINUTES label=Msg::TimeoutMinutes kind="number" get=|d| d.timeout_minutes.clone() set=|d, v| d.timeout_minutes = v />
                    <DraftInput draft errors id="alarm-days" field=fields::ALARM_DAYS label=Msg::AlarmDays kind="number" get=|d| d.alarm_days.clone() set=|d, v| d.alarm_days = v />
                    <DraftInput draft errors id="log-delay" field=fields::LOG_DELAY label=Msg::LogDelaySeconds kind="number" get=|d| d.log_delay_seconds.clone() set=|d, v| d.log_delay_seconds = v />
                    <Show when=move || draft.with(|d| d.backup_mode == BackupMode::Logical)>
                        <DraftInput draft errors id="liboblog-days" field=fields::LIBOBLOG_DAYS label=Msg::LiboblogDays kind="number" get=|d| d.liboblog_days.clone() set=|d, v| d.liboblog_days = v />
                    </Show>
                </div>
            </fieldset>

            <StorageFields draft errors />

            <section class="card strategy-form__section strategy-preview" aria-labelledby="preview-title">
                <h2 class="card__title" id="preview-title">{move || i18n.t(Msg::SectionPreview)}</h2>
                <p class="strategy-preview__sentence" data-testid="schedule-sentence">{sentence}</p>
                <crate::components::strategy_warnings::StrategyWarnings scope draft />
                <h3 class="card__subtitle">{move || i18n.t(Msg::PreviewRunsTitle)}</h3>
                {move || {
                    let runs = preview();
                    if runs.is_empty() {
                        return view! { <p class="empty">{i18n.t(Msg::NoNextRuns)}</p> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="preview-table" data-testid="preview-runs">
                                <thead><tr>
                                    <th scope="col">{i18n.t(Msg::ColKind)}</th>
                                    <th scope="col">{i18n.t(Msg::ColClusterTime)}</th>
                                    <th scope="col">{i18n.t(Msg::ColYourTime)}</th>
                                    <th scope="col">{i18n.t(Msg::ColUtc)}</th>
                                </tr></thead>
                                <tbody>
                                    {runs.into_iter().map(|r| {
                                        let full = r.kind == DataBackupMode::Full;
                                        view! {
                                            <tr data-kind=if full { "full" } else { "incremental" }>
                                                <td><span class=if full { "chip chip--full" } else { "chip chip--incremental" }>
                                                    {i18n.t(if full { Msg::FullBackup } else { Msg::IncrementalBackup })}
                                                </span></td>
                                                <td class="time">{r.cluster}</td>
                                                <td class="time">{r.viewer}</td>
                                                <td class="time">{r.utc}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>

            <div class="strategy-form__actions">
                <Show when=move || dirty.get()>
                    <span class="chip chip--running" data-testid="unsaved">{move || i18n.t(Msg::Unsaved)}</span>
                </Show>
                <Show when=move || inputs_invalid.get()>
                    <span class="field__error" id="save-blocked" data-testid="save-blocked">{move || i18n.t(Msg::InputsBlockSave)}</span>
                </Show>
                <button type="submit" class="button button--primary" data-testid="save-strategy"
                    aria-describedby=move || inputs_invalid.get().then_some("save-blocked")
                    disabled=move || pending.get() || inputs_invalid.get() || (exists && !dirty.get())>
                    {move || i18n.t(match (exists, pending.get()) {
                        (false, false) => Msg::Create,
                        (false, true) => Msg::Creating,
                        (true, false) => Msg::SaveChanges,
                        (true, true) => Msg::Saving,
                    })}
                </button>
                <Show when=move || dirty.get()>
                    <button type="button" class="button" data-testid="discard-changes"
                        on:click=move |_| {
                            draft.set(initial.get_untracked());
                            server_errors.set(Vec::new());
                            attempted.set(false);
                        }>
                        {move || i18n.t(Msg::DiscardChanges)}
                    </button>
                </Show>
            </div>
        </form>
    }
}

/// A refusal's messages, placed on the fields they name (or, by code, the field they are about).
fn server_field_errors(e: &ApiError, storage: &StorageType) -> Vec<Violation> {
    let Some(m) = e.server_message() else {
        return Vec::new();
    };
    let mut out: Vec<Violation> = m
        .sub_errors
        .iter()
        .filter_map(|s| {
            let field = s.field.clone()?;
            let field = field.strip_prefix("param.").unwrap_or(&field).to_owned();
            // The server already answered in the asked language: the same words for both.
            Some(Violation::new(
                field,
                "",
                s.message.clone(),
                s.message.clone(),
            ))
        })
        .collect();
    if let Some(field) = m
        .code
        .as_ref()
        .and_then(|c| field_for_code(&c.to_string(), storage))
    {
        out.push(Violation::new(
            field,
            "",
            m.message.clone(),
            m.message.clone(),
        ));
    }
    out
}

/// Asks before a reload, a tab close or a link click would lose unsaved edits.
fn guard_unsaved_edits(dirty: Memo<bool>, i18n: crate::i18n::I18n) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let unload = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            if dirty.get_untracked() {
                ev.prevent_default();
                ev.set_return_value(Msg::LeaveUnsaved.text(i18n.lang.get_untracked()));
            }
        },
    );
    // Capture phase: runs before the router turns the click into a navigation.
    let click = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(
        move |ev: web_sys::MouseEvent| {
            if !dirty.get_untracked() {
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten());
            if link.is_none() {
                return;
            }
            let leave = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(Msg::LeaveUnsaved.text(i18n.lang.get_untracked()))
                        .ok()
                })
                .unwrap_or(true);
            if !leave {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        },
    );
    let _ =
        window.add_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    let listeners = send_wrapper::SendWrapper::new((window, unload, click));
    on_cleanup(move || {
        let (window, unload, click) = &*listeners;
        let _ = window
            .remove_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
        let _ = window.remove_event_listener_with_callback_and_bool(
            "click",
            click.as_ref().unchecked_ref(),
            true,
        );
    });
}
