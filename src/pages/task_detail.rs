//! `/clusters/:id/tasks/:taskId`: one OCP task (`GET /api/v2/tasks/instances/{id}`): what it
//! is, who started it, when, how long it has run (on the server's clock), its progress and its
//! steps, and why a step failed (its log, as text). Re-read every few seconds while it runs.

use crate::api::{use_api, ApiError, ErrorKind, ServerMessage};
use crate::app::AppRoute;
use crate::clock::use_clock;
use crate::components::server_text::ServerText;
use crate::components::status_chip::tone_class;
use crate::components::task_follow::{subtask_tone, task_tone};
use crate::components::{ErrorView, Latest};
use crate::i18n::{use_i18n, Msg};
use crate::pages::{use_cluster_id, use_refresh, Reload};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use ocp_model::measure::Span;
use ocp_model::{StampTime, Subtask, SubtaskStatus, TaskInstance};
use std::time::Duration;

/// How often a running task is re-read.
const POLL: Duration = Duration::from_secs(2);

#[component]
pub fn TaskDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let cluster_id = use_cluster_id();
    let params = use_params_map();
    let task_id = Memo::new(move |_| {
        let raw = params.read().get("taskId").unwrap_or_default();
        raw.parse::<i64>().map_err(|_| {
            ApiError::NotFound(ServerMessage::text(format!("task {raw:?} does not exist")))
        })
    });
    let back = Signal::derive(move || match cluster_id.get() {
        Ok(id) => (
            AppRoute::Overview { cluster_id: id }.href(),
            Msg::BackToCluster,
        ),
        Err(_) => (AppRoute::Clusters.href(), Msg::BackToClusters),
    });
    view! {
        <section class="page task-detail-page">
            <p class="task-detail__back">
                <a href=move || back.get().0 data-testid="back-to-cluster">"← " {move || i18n.t(back.get().1)}</a>
            </p>
            // A new task id starts afresh: nothing of the last task's page is shown for it.
            {move || match task_id.get() {
                Ok(id) => view! { <TaskDetailOf task_id=id back /> }.into_any(),
                Err(e) => view! { <ErrorView error=e /> <BackButton back /> }.into_any(),
            }}
        </section>
    }
}

/// The way back, as a button, under a "not found".
#[component]
fn BackButton(back: Signal<(String, Msg)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>
            <a href=move || back.get().0 class="button button--primary" data-testid="not-found-back">
                {move || i18n.t(back.get().1)}
            </a>
        </p>
    }
}

/// Reads one task, re-reading it while it runs.
#[component]
fn TaskDetailOf(task_id: i64, back: Signal<(String, Msg)>) -> impl IntoView {
    let api = use_api();
    let poll = Reload::new();
    let task = LocalResource::new(move || {
        poll.track();
        api.task_instance(task_id).fetch()
    });
    let latest = Latest::of(task);
    // Poll only while the task runs: an ended task does not change.
    let running = Memo::new(move |_| {
        latest
            .value
            .with(|t| t.as_ref().is_some_and(TaskInstance::is_running))
    });
    use_refresh(POLL, move || {
        if running.get_untracked() {
            poll.bump();
        }
    });
    let not_found = move || {
        latest.value.with(Option::is_none)
            && latest
                .error
                .with(|e| e.as_ref().is_some_and(|e| e.kind() == ErrorKind::NotFound))
    };
    view! {
        {latest.view(8, |t| view! { <TaskDetail task=t /> })}
        <Show when=not_found>
            <BackButton back />
        </Show>
    }
}

/// A run time: tenths of a second under a minute, else the two largest units.
fn run_time(ms: i64) -> String {
    if ms < 60_000 {
        format!("{:.1}s", ms as f64 / 1000.0)
    } else {
        Span::from_seconds(ms / 1000).compact()
    }
}

/// One task as read: facts, progress, steps and the logs of failed steps.
#[component]
pub fn TaskDetail(
    /// The task as OCP answered it.
    task: TaskInstance,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let (done, all) = task.progress();
    let status = task.status.clone();
    let running = task.is_running();
    let failed_task = status == ocp_model::TaskStatus::Failed;
    let time =
        move |t: Option<StampTime>| move || t.map_or_else(|| "—".to_owned(), |t| clock.show(&t));
    let duration = {
        let task = task.clone();
        move || {
            task.run_ms(clock.now_ms.get())
                .map_or_else(|| "—".to_owned(), run_time)
        }
    };
    let failed: Vec<Subtask> = task
        .subtasks
        .iter()
        .filter(|s| s.status == SubtaskStatus::Failed)
        .cloned()
        .collect();
    let task_id = task.id;
    let fact = |label: Msg, value: Option<String>| {
        value.map(|v| view! { <dt>{move || i18n.t(label)}</dt> <dd>{v}</dd> })
    };
    view! {
        <header class="page__head task-detail__head">
            <div>
                <p class="muted task-detail__id">{move || i18n.fmt(Msg::TaskTitle, &[("id", &task_id.to_string())])}</p>
                <h1 data-testid="task-name">{task.name.clone()}</h1>
            </div>
            <span class=tone_class(task_tone(&status)) data-testid="task-status" data-status=status.as_str().to_owned()>
                {status.as_str().to_owned()}
            </span>
        </header>
        <section class="card task-detail__facts" aria-labelledby="task-facts-title">
            <h2 class="card__title" id="task-facts-title">{move || i18n.t(Msg::TaskFacts)}</h2>
            <dl class="task-detail__list">
                {fact(Msg::TaskType, task.task_type.clone())}
                {fact(Msg::TaskOperation, task.operation.clone())}
                {fact(Msg::TaskCreator, task.creator.clone())}
                <dt>{move || i18n.t(Msg::TaskCreated)}</dt>
                <dd class="time" data-testid="task-created">{time(task.create_time)}</dd>
                <dt>{move || i18n.t(Msg::TaskStarted)}</dt>
                <dd class="time" data-testid="task-started">{time(task.start_time)}</dd>
                <dt>{move || i18n.t(Msg::TaskFinished)}</dt>
                <dd class="time" data-testid="task-finished">{time(task.finish_time)}</dd>
                <dt>{move || i18n.t(Msg::TaskDuration)}</dt>
                <dd class="num" data-testid="task-duration">{duration}</dd>
            </dl>
            <div class="task-detail__progress" class:task-detail__progress--failed=failed_task>
                <progress
                    id="task-progress"
                    data-testid="task-progress"
                    max=all.max(1).to_string()
                    value=done.to_string()
                    aria-valuetext=move || i18n.fmt(Msg::TaskProgress, &[("done", &done.to_string()), ("all", &all.to_string())])
                ></progress>
                <label for="task-progress" data-testid="task-progress-text">
                    {move || i18n.fmt(Msg::TaskProgress, &[("done", &done.to_string()), ("all", &all.to_string())])}
                </label>
            </div>
            {running.then(|| view! { <p class="card__help">{move || i18n.t(Msg::TaskLive)}</p> })}
        </section>
        // Why it failed comes first: it is what a person opens a failed task for.
        {(!failed.is_empty()).then(|| view! {
            <section class="card task-detail__errors" aria-labelledby="task-errors-title" data-testid="task-errors">
                <h2 class="card__title" id="task-errors-title">{move || i18n.t(Msg::ColError)}</h2>
                {failed.into_iter().map(|s| view! { <SubtaskError task_id=task_id subtask=s /> }).collect_view()}
            </section>
        })}
        <section class="card task-detail__steps" aria-labelledby="task-steps-title">
            <h2 class="card__title" id="task-steps-title">{move || i18n.t(Msg::TaskSteps)}</h2>
            <SubtaskTable subtasks=task.subtasks.clone() />
        </section>
    }
}

#[component]
fn SubtaskTable(subtasks: Vec<Subtask>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    if subtasks.is_empty() {
        return view! { <p class="empty">{move || i18n.t(Msg::TaskNoSteps)}</p> }.into_any();
    }
    let rows = subtasks
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let status = s.status.clone();
            let (start, finish) = (s.start_time, s.finish_time);
            let label = s.description.clone().filter(|d| !d.is_empty()).unwrap_or_else(|| s.name.clone());
            let sid = s.id;
            let run = move || s.run_ms(clock.now_ms.get()).map_or_else(|| "—".to_owned(), run_time);
            view! {
                <tr data-testid="subtask-row" data-status=status.as_str().to_owned() data-subtask-id=sid>
                    <td class="num">{i + 1}</td>
                    <td><span class=tone_class(subtask_tone(&status))>{status.as_str().to_owned()}</span></td>
                    <td class="task-detail__step">{label}</td>
                    <td class="time">{move || start.map_or_else(|| "—".to_owned(), |t| clock.show(&t))}</td>
                    <td class="time">{move || finish.map_or_else(|| "—".to_owned(), |t| clock.show(&t))}</td>
                    <td class="num">{run}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="task-detail__table">
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{move || i18n.t(Msg::ColStatus)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColStep)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColStart)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColEnd)}</th>
                        <th scope="col">{move || i18n.t(Msg::ColRunTime)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A failed step: its name and its log (read once: a failed step does not change).
#[component]
fn SubtaskError(task_id: i64, subtask: Subtask) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let sid = subtask.id;
    let log = LocalResource::new(move || api.subtask_log(task_id, sid).fetch());
    let name = subtask
        .description
        .clone()
        .filter(|d| !d.is_empty())
        .unwrap_or(subtask.name);
    view! {
        <div class="task-detail__error" data-testid="subtask-error" data-subtask-id=sid>
            <h3 class="task-detail__error-title">{move || i18n.fmt(Msg::StepFailed, &[("step", &name)])}</h3>
            {move || match log.get() {
                None => view! { <p class="muted">{i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Ok(l)) if l.log.trim().is_empty() => view! { <p class="muted">{i18n.t(Msg::StepLogEmpty)}</p> }.into_any(),
                // As text, line breaks kept, copyable, credentials masked.
                Some(Ok(l)) => view! { <ServerText text=Some(l.log) label=Msg::StepLog /> }.into_any(),
                Some(Err(e)) => {
                    let m = e.user_message(i18n.lang.get());
                    view! {
                        <p class="muted" data-testid="subtask-log-unreadable">
                            {i18n.t(Msg::StepLogUnreadable)} " " {m.title} " " {m.detail.unwrap_or_default()}
                        </p>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
