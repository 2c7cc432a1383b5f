//! Follows an OCP task started by a write until it ends, showing its subtasks as they move.

use crate::api::use_api;
use crate::components::status_chip::tone_class;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::tasks::StatusTone;
use ocp_model::{SubtaskStatus, TaskStatus};
use std::time::Duration;

pub fn task_tone(s: &TaskStatus) -> StatusTone {
    match s {
        TaskStatus::Running => StatusTone::Running,
        TaskStatus::Successful => StatusTone::Success,
        TaskStatus::Failed => StatusTone::Failure,
        TaskStatus::Other(_) => StatusTone::Neutral,
    }
}

pub fn subtask_tone(s: &SubtaskStatus) -> StatusTone {
    match s {
        SubtaskStatus::Running | SubtaskStatus::Ready | SubtaskStatus::Canceling => {
            StatusTone::Running
        }
        SubtaskStatus::Successful => StatusTone::Success,
        SubtaskStatus::Failed => StatusTone::Failure,
        SubtaskStatus::Pending | SubtaskStatus::Other(_) => StatusTone::Neutral,
    }
}

#[component]
pub fn TaskFollow(
    /// The OCP task id from the write's OpsResult.
    task_id: i64,
    /// Called once when the task ends, with whether it succeeded.
    #[prop(optional)]
    on_end: Option<Callback<bool>>,
    /// The cluster the task belongs to, for the link to its detail page (else the task's own
    /// `clusterId`; without either there is no link).
    #[prop(optional, into)]
    cluster_id: MaybeProp<i64>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let poll = crate::pages::Reload::new();
    let task = LocalResource::new(move || {
        poll.track();
        api.task_instance(task_id).fetch()
    });
    let ended = RwSignal::new(false);
    // Poll until the task ends; the interval stops with the component.
    crate::pages::use_refresh(Duration::from_millis(1500), move || {
        if !ended.get_untracked() {
            poll.bump();
        }
    });
    Effect::new(move || {
        if let Some(Ok(t)) = task.get() {
            if t.status != TaskStatus::Running && !ended.get_untracked() {
                ended.set(true);
                if let Some(cb) = on_end {
                    cb.run(t.status == TaskStatus::Successful);
                }
            }
        }
    });
    view! {
        <div class="task-follow" data-testid="task-follow" data-task-id=task_id aria-live="polite">
            {move || match task.get() {
                None => view! { <p class="muted">{i18n.t(Msg::StartingTask)}</p> }.into_any(),
                Some(Err(e)) => {
                    let m = e.user_message(i18n.lang.get());
                    view! { <p class="field__error">{m.title} " " {m.detail.unwrap_or_default()}</p> }.into_any()
                }
                Some(Ok(t)) => {
                    let status = t.status.clone();
                    view! {
                        <p class="task-follow__head">
                            <span>{format!("{} #{}", t.name, t.id)}</span>
                            " "
                            <span class=tone_class(task_tone(&status)) data-testid="task-status" data-status=status.as_str().to_owned()>
                                {status.as_str().to_owned()}
                            </span>
                            {cluster_id.get().or(t.cluster_id).map(|cluster_id| view! {
                                " "
                                <a
                                    class="task-follow__details"
                                    data-testid="task-details-link"
                                    href=crate::app::AppRoute::TaskDetail { cluster_id, task_id: t.id }.href()
                                >
                                    {i18n.t(Msg::TaskDetails)}
                                </a>
                            })}
                        </p>
                        <ol class="task-follow__steps">
                            {t.subtasks.into_iter().map(|s| view! {
                                <li>
                                    <span class=tone_class(subtask_tone(&s.status))>{s.status.as_str().to_owned()}</span>
                                    " " {s.description.clone().unwrap_or(s.name.clone())}
                                </li>
                            }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
