//! The strategy actions a schedule status allows: create, edit, pause, resume, delete.
//! Each write shows progress, cannot be sent twice, and follows its OCP task to the end.

use crate::api::{use_api, ApiError};
use crate::app::AppRoute;
use crate::components::{ErrorView, TaskFollow};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::{BackupScheduleStatus, BackupScope, OpsResult, StrategyAction};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Write {
    Pause,
    Resume,
    Delete,
}

#[component]
pub fn StrategyActions(
    /// Whose strategy: a cluster's or one tenant's.
    scope: BackupScope,
    /// Named in the delete confirmation, so nobody deletes the wrong cluster's (or tenant's)
    /// strategy.
    #[prop(into)]
    cluster_name: String,
    /// The current `backupScheduleStatus`.
    #[prop(into)]
    status: Signal<BackupScheduleStatus>,
    /// Called when a write's task has ended, so the page re-reads.
    #[prop(optional)]
    on_changed: Option<Callback<()>>,
    /// On the strategy page itself, the create and edit links are left out.
    #[prop(optional)]
    in_editor: bool,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let cluster_id = scope.cluster_id();
    let confirm_delete = RwSignal::new(false);
    let write = Action::new_local(move |w: &Write| {
        let w = *w;
        async move {
            match w {
                Write::Pause => api.stop_schedule(scope).await,
                Write::Resume => api.start_schedule(scope).await,
                Write::Delete => api.delete_strategy(scope).await,
            }
        }
    });
    let pending = write.pending();
    // A write that starts no OCP task (a tenant's pause, resume and delete answer none,
    // ocp-api.md 2b.1) is done when it is answered.
    Effect::new(move || {
        if let Some(Ok(ops)) = write.value().get() {
            if ops.task_ids().is_empty() {
                if let Some(cb) = on_changed {
                    cb.run(());
                }
            }
        }
    });
    let allowed = move |a: StrategyAction| status.with(|s| s.allowed_actions().contains(&a));
    let busy_label = move |w: Write, idle: Msg, busy: Msg| {
        move || {
            i18n.t(if pending.get() && write.input().get() == Some(w) {
                busy
            } else {
                idle
            })
        }
    };
    let button =
        move |w: Write, action: StrategyAction, idle: Msg, busy: Msg, testid: &'static str| {
            let on_click = move |_| {
                if w == Write::Delete {
                    confirm_delete.set(true);
                } else if !pending.get_untracked() {
                    write.dispatch(w);
                }
            };
            view! {
                <Show when=move || allowed(action)>
                    <button
                        type="button"
                        class=if w == Write::Delete { "button button--danger" } else { "button" }
                        data-testid=testid
                        disabled=move || pending.get()
                        on:click=on_click
                    >
                        {busy_label(w, idle, busy)}
                    </button>
                </Show>
            }
        };
    let outcome = move || -> Option<Result<OpsResult, ApiError>> { write.value().get() };
    let name = cluster_name.clone();
    view! {
        <div class="strategy-actions" data-testid="strategy-actions">
            <div class="strategy-actions__buttons">
                {(!in_editor).then(|| view! {
                    <Show when=move || allowed(StrategyAction::Create)>
                        <A href=AppRoute::strategy_of(scope).href() attr:class="button button--primary" attr:data-testid="action-create">
                            {move || i18n.t(Msg::CreateStrategy)}
                        </A>
                    </Show>
                    <Show when=move || allowed(StrategyAction::Edit)>
                        <A href=AppRoute::strategy_of(scope).href() attr:class="button" attr:data-testid="action-edit">
                            {move || i18n.t(Msg::EditStrategy)}
                        </A>
                    </Show>
                })}
                {button(Write::Pause, StrategyAction::Pause, Msg::Pause, Msg::Pausing, "action-pause")}
                {button(Write::Resume, StrategyAction::Resume, Msg::Resume, Msg::Resuming, "action-resume")}
                {button(Write::Delete, StrategyAction::Delete, Msg::Delete, Msg::Deleting, "action-delete")}
            </div>
            {move || match outcome() {
                None => None,
                Some(Err(e)) => Some(view! { <ErrorView error=e write=true /> }.into_any()),
                Some(Ok(ops)) => Some(
                    ops.task_ids()
                        .into_iter()
                        .map(|id| view! {
                            <TaskFollow task_id=id cluster_id=cluster_id on_end=Callback::new(move |_| if let Some(cb) = on_changed { cb.run(()) }) />
                        })
                        .collect_view()
                        .into_any(),
                ),
            }}
            <Show when=move || confirm_delete.get()>
                <div class="modal-backdrop">
                    <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="delete-title" data-testid="delete-confirm">
                        <h2 id="delete-title">{
                            let name = name.clone();
                            move || i18n.fmt(Msg::DeleteConfirmTitle, &[("cluster", &name)])
                        }</h2>
                        <p class="modal__body">{move || i18n.t(Msg::DeleteConfirmBody)}</p>
                        <div class="modal__actions">
                            <button type="button" class="button" on:click=move |_| confirm_delete.set(false) autofocus>
                                {move || i18n.t(Msg::Cancel)}
                            </button>
                            <button
                                type="button"
                                class="button button--danger"
                                data-testid="delete-confirm-yes"
                                on:click=move |_| {
                                    confirm_delete.set(false);
                                    if !pending.get_untracked() {
                                        write.dispatch(Write::Delete);
                                    }
                                }
                            >
                                {move || i18n.t(Msg::Delete)}
                            </button>
                        </div>
                    </div>
                </div>
            </Show>
        </div>
    }
}
