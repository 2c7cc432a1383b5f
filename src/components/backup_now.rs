//! "Backup now": a button and its dialog. The person picks full or incremental; OCP's rules
//! (`ocp_model::backup::backup_now_check`: standby, logical mode, the ability's flags with
//! OCP's hint) are applied before anything is sent, and a refusal says why; a stopped log
//! archive is a warning (the server still decides). A confirmation names the cluster and the
//! type, one request goes out however often it is clicked, and the task it starts is followed
//! to its end. Reusable: the overview and the task lists mount it.

use crate::api::use_api;
use crate::components::{ErrorView, RadioChoice, TaskFollow};
use crate::i18n::{use_i18n, Lang, Msg};
use leptos::prelude::*;
use ocp_model::backup::{
    backup_now_check, backup_now_param_for, BackupNowContext, BackupNowRefusal, BackupNowWarning,
};
use ocp_model::{
    BackupMode, BackupScope, BackupStrategy, DataBackupMode, LogBackupStatus, Overview,
};

use crate::components::Choice;

/// Where the dialog is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Closed,
    Choose,
    Confirm,
}

fn refusal_msg(r: &BackupNowRefusal) -> Msg {
    match r {
        BackupNowRefusal::Standby => Msg::RefuseStandby,
        BackupNowRefusal::LogicalIncremental => Msg::RefuseLogicalIncremental,
        BackupNowRefusal::FullNotAllowed { .. } => Msg::RefuseFull,
        BackupNowRefusal::IncrementalNotAllowed { .. } => Msg::RefuseIncremental,
        BackupNowRefusal::NoFullBackup { .. } => Msg::RefuseNoFull,
    }
}

fn kind_msg(kind: &DataBackupMode) -> Msg {
    match kind {
        DataBackupMode::Incremental => Msg::IncrementalBackup,
        _ => Msg::FullBackup,
    }
}

fn mode_msg(mode: &BackupMode) -> Msg {
    match mode {
        BackupMode::Logical => Msg::Logical,
        _ => Msg::Physical,
    }
}

/// The "Backup now" button of one cluster, its dialog, and the task it started.
#[component]
pub fn BackupNowButton(
    /// What is backed up: a cluster, or one tenant of an OB 4.x cluster (ocp-api.md 2b.4).
    scope: BackupScope,
    /// The tenant's name, for a tenant scope: named with its cluster in the dialog.
    #[prop(optional, into)]
    tenant_name: Signal<Option<String>>,
    /// The cluster's overview (name, role, ability); `None` while it loads.
    #[prop(into)]
    overview: Signal<Option<Overview>>,
    /// The cluster's strategy (its mode and storage), when it has one.
    #[prop(optional, into)]
    strategy: MaybeProp<BackupStrategy>,
    /// Called once per started backup with the OCP task id OCP answered.
    on_started: Callback<i64>,
    /// Called when that task ends, with whether it succeeded.
    #[prop(optional)]
    on_ended: Option<Callback<bool>>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let cluster_id = scope.cluster_id();
    let step = RwSignal::new(Step::Closed);
    let kind = RwSignal::new(DataBackupMode::Full);
    // What the rules need and the overview may not carry: the ability's flags (2.2) and
    // whether log archiving runs. Read afresh each time the dialog opens.
    // Only opening and closing re-reads them, not moving between the dialog's steps.
    let is_open = Memo::new(move |_| step.get() != Step::Closed);
    let facts = LocalResource::new(move || {
        let open = is_open.get();
        let reads = open.then(|| {
            (
                api.ability(cluster_id).fetch(),
                api.log_backup_tasks(scope, 1, 1).fetch(),
            )
        });
        async move {
            let (ability, logs) = reads?;
            let (ability, logs) = futures::join!(ability, logs);
            let log_status: Option<LogBackupStatus> = logs
                .ok()
                .and_then(|p| p.contents.into_iter().next())
                .map(|t| t.status);
            Some((ability.ok(), log_status))
        }
    });
    let ready = move || matches!(facts.get(), Some(Some(_)));
    let context = Memo::new(move |_| {
        let (ability, log_status) = facts.get().flatten().unwrap_or_default();
        overview.with(|o| BackupNowContext {
            cluster_type: o.as_ref().and_then(|o| o.ob_cluster_type.clone()),
            ability: ability.or_else(|| o.as_ref().and_then(|o| o.ob_backup_ability.clone())),
            strategy_mode: strategy.get().and_then(|s| s.backup_mode),
            log_status,
        })
    });
    let check = Memo::new(move |_| backup_now_check(&kind.get(), &context.get()));
    let name = move || {
        let cluster = overview.with(|o| {
            o.as_ref()
                .map_or_else(|| cluster_id.to_string(), |o| o.cluster_name.clone())
        });
        match tenant_name.get() {
            Some(t) => format!("{cluster} / {t}"),
            None => cluster,
        }
    };

    // One request however often it is clicked: `sent` is set before the dispatch, in the same
    // event, and cleared only when the answer has come.
    let sent = StoredValue::new(false);
    let start = Action::new_local(move |kind: &DataBackupMode| {
        let mode = context.get_untracked().mode();
        let storage = strategy
            .get_untracked()
            .and_then(|s| s.ob_backup_service_storage_config.storage_id);
        let param = backup_now_param_for(scope, mode, kind.clone(), storage);
        async move { api.backup_now(scope, &param).await }
    });
    let pending = start.pending();
    let started = RwSignal::new(Vec::<i64>::new());
    let failure = RwSignal::new(None);
    Effect::new(move || {
        let Some(result) = start.value().get() else {
            return;
        };
        sent.set_value(false);
        match result {
            Ok(ops) => {
                let ids = ops.task_ids();
                failure.set(None);
                step.set(Step::Closed);
                if let Some(id) = ids.first() {
                    on_started.run(*id);
                }
                started.set(ids);
            }
            Err(e) => failure.set(Some(e)),
        }
    });
    let confirm = move |_| {
        if sent.get_value() || pending.get_untracked() || check.get_untracked().is_err() {
            return;
        }
        sent.set_value(true);
        failure.set(None);
        start.dispatch(kind.get_untracked());
    };
    let open = move |_| {
        failure.set(None);
        step.set(Step::Choose);
    };
    let close = move || {
        if !pending.get_untracked() {
            step.set(Step::Closed);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
        }
    };
    let kinds_for_view = move || {
        vec![
            Choice::new(
                DataBackupMode::Full,
                "full",
                Signal::derive(move || i18n.t(Msg::FullBackup).to_owned()),
            ),
            Choice::new(
                DataBackupMode::Incremental,
                "incremental",
                Signal::derive(move || i18n.t(Msg::IncrementalBackup).to_owned()),
            ),
        ]
    };
    let warning = move || {
        check.get().ok().flatten().map(|w| match w {
            BackupNowWarning::LogArchivingNotRunning { status } => view! {
                <p class="backup-now__warning" role="status" data-testid="backup-now-warning">
                    {move || i18n.fmt(Msg::WarnLogStopped, &[("status", status.as_str())])}
                </p>
            },
        })
    };
    let refusal = move || {
        check.get().err().map(|r| {
            let msg = refusal_msg(&r);
            let hint = r.hint().map(str::to_owned);
            view! {
                <div class="backup-now__refusal" role="alert" data-testid="backup-now-refusal" data-reason=r.as_str()>
                    <p class="backup-now__refusal-reason">{move || i18n.t(msg)}</p>
                    {hint.map(|h| view! { <p>{move || i18n.fmt(Msg::OcpHint, &[("hint", &h)])}</p> })}
                    <p class="muted">{move || i18n.t(Msg::NothingSent)}</p>
                </div>
            }
        })
    };
    let kind_text = move || {
        let lang = i18n.lang.get();
        let text = kind_msg(&kind.get()).text(lang);
        // "Start a full backup of …": lower case inside an English sentence.
        if lang == Lang::En {
            text.to_lowercase()
        } else {
            text.to_owned()
        }
    };
    let confirm_body = move || {
        let mode = i18n.t(mode_msg(&context.get().mode()));
        let msg = if strategy.with(Option::is_some) {
            Msg::BackupNowConfirmBody
        } else {
            Msg::BackupNowConfirmNoStrategy
        };
        i18n.fmt(msg, &[("mode", mode)])
    };
    view! {
        <div class="backup-now" data-testid="backup-now">
            <button
                type="button"
                class="button"
                data-testid="backup-now-open"
                disabled=move || pending.get() || overview.with(Option::is_none)
                on:click=open
            >
                {move || i18n.t(Msg::BackupNow)}
            </button>
            <Show when=move || step.get() != Step::Closed>
                <div class="modal-backdrop">
                    <div
                        class="modal backup-now__dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="backup-now-title"
                        data-testid="backup-now-dialog"
                        on:keydown=on_key
                    >
                        <Show
                            when=move || step.get() == Step::Confirm
                            fallback=move || view! {
                                <h2 id="backup-now-title">{move || i18n.fmt(Msg::BackupNowTitle, &[("cluster", &name())])}</h2>
                                <RadioChoice
                                    name="backup-now-kind"
                                    label=Signal::derive(move || i18n.t(Msg::BackupNowKind).to_owned())
                                    options=kinds_for_view()
                                    selected=kind
                                    on_choose=Callback::new(move |k| kind.set(k))
                                />
                                {move || (!ready()).then(|| view! { <p class="muted" data-testid="backup-now-checking">{i18n.t(Msg::BackupNowChecking)}</p> })}
                                {move || ready().then(refusal)}
                                {move || ready().then(warning)}
                                <div class="modal__actions">
                                    <button type="button" class="button" data-testid="backup-now-cancel" on:click=move |_| close()>
                                        {move || i18n.t(Msg::Cancel)}
                                    </button>
                                    <button
                                        type="button"
                                        class="button button--primary"
                                        data-testid="backup-now-next"
                                        disabled=move || !ready() || check.with(Result::is_err)
                                        on:click=move |_| {
                                            if ready() && check.with_untracked(Result::is_ok) {
                                                step.set(Step::Confirm);
                                            }
                                        }
                                    >
                                        {move || i18n.t(Msg::BackupNowNext)}
                                    </button>
                                </div>
                            }
                        >
                            <h2 id="backup-now-title" data-testid="backup-now-confirm-title">
                                {move || i18n.fmt(Msg::BackupNowConfirmTitle, &[("kind", &kind_text()), ("cluster", &name())])}
                            </h2>
                            <p class="modal__body">{confirm_body}</p>
                            {warning}
                            {move || failure.get().map(|e| view! {
                                // Only a refusal is known to have started nothing.
                                {(!e.outcome_unknown()).then(|| view! {
                                    <p class="field__error">{i18n.t(Msg::BackupNowRefused)}</p>
                                })}
                                <ErrorView error=e write=true />
                            })}
                            <div class="modal__actions">
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="backup-now-back"
                                    disabled=move || pending.get()
                                    on:click=move |_| step.set(Step::Choose)
                                >
                                    {move || i18n.t(Msg::BackupNowBack)}
                                </button>
                                <button
                                    type="button"
                                    class="button button--primary"
                                    data-testid="backup-now-confirm"
                                    disabled=move || pending.get()
                                    aria-busy=move || pending.get().to_string()
                                    on:click=confirm
                                >
                                    {move || i18n.t(if pending.get() { Msg::BackupNowStarting } else { Msg::BackupNowStart })}
                                </button>
                            </div>
                        </Show>
                    </div>
                </div>
            </Show>
            <Show when=move || started.with(|s| !s.is_empty())>
                <p class="backup-now__started" role="status" data-testid="backup-now-started">
                    {move || i18n.t(Msg::BackupNowStarted)}
                </p>
            </Show>
            <For each=move || started.get() key=|id| *id let:id>
                <TaskFollow
                    task_id=id
                    cluster_id=cluster_id
                    on_end=Callback::new(move |ok| if let Some(cb) = on_ended { cb.run(ok) })
                />
            </For>
        </div>
    }
}
