//! A table of data backup tasks: kind, set, status, times, duration and the raw error text.

use crate::app::AppRoute;
use crate::clock::use_clock;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use ocp_model::measure::Span;
use ocp_model::{DataBackupMode, DataBackupTask};

pub fn kind_msg(kind: &DataBackupMode) -> Option<Msg> {
    match kind {
        DataBackupMode::Full => Some(Msg::FullBackup),
        DataBackupMode::Incremental => Some(Msg::IncrementalBackup),
        DataBackupMode::Other(_) => None,
    }
}

#[component]
pub fn DataTaskTable(
    /// Rows, newest first as OCP sends them.
    #[prop(into)]
    tasks: Signal<Vec<DataBackupTask>>,
    /// The cluster, for the links to each task's detail page (else each row's `clusterId`).
    #[prop(optional, into)]
    cluster_id: MaybeProp<i64>,
    /// The task id of a row to mark as just started (a backup-now's).
    #[prop(optional, into)]
    highlight: MaybeProp<i64>,
    /// The strategy's `dataBackupTimeoutMinutes`: running rows past it carry a badge.
    #[prop(optional, into)]
    timeout_minutes: MaybeProp<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_clock();
    let row = move |task: DataBackupTask| {
        let kind = task.data_backup_task_type.clone();
        let kind_text = move || {
            kind_msg(&kind).map_or_else(|| kind.as_str().to_owned(), |m| i18n.t(m).to_owned())
        };
        let status = task.status.clone();
        let tone = status.tone();
        let start = task.start_time;
        let finish = task.finish_time;
        let duration = move || match (start, finish) {
            (Some(_), None) => format!(
                "{} ({})",
                clock.duration(start, finish),
                i18n.t(Msg::Running)
            ),
            _ => clock.duration(start, finish),
        };
        let id = task.task_id;
        let is_new = move || highlight.get() == Some(id);
        let over_task = task.clone();
        let over = move || {
            let limit = timeout_minutes.get()?;
            let secs = over_task.over_timeout_secs(limit, clock.now_ms.get())?;
            let limit = Span::from_seconds(i64::from(limit) * 60).compact();
            Some(view! {
                " "
                <span class="badge badge--bad" data-testid="over-timeout">
                    {format!("{} (+{})", i18n.fmt(Msg::OverTimeout, &[("limit", &limit)]), Span::from_seconds(secs).compact())}
                </span>
            })
        };
        let link = cluster_id
            .get_untracked()
            .or(task.cluster_id)
            .map(|cluster_id| {
                AppRoute::TaskDetail {
                    cluster_id,
                    task_id: id,
                }
                .href()
            });
        view! {
            <tr
                data-testid="recent-task-row"
                data-task-id=task.task_id
                class:task-table__row--new=is_new
                data-new=move || is_new().then_some("true")
            >
                <td class="num">
                    {match link {
                        // A plain link (the router still handles it), so the table works outside a router.
                        Some(href) => view! { <a href=href data-testid="task-link">{id}</a> }.into_any(),
                        None => view! { <span>{id}</span> }.into_any(),
                    }}
                    {move || is_new().then(|| view! { " " <span class="chip chip--running task-table__new">{i18n.t(Msg::NewTask)}</span> })}
                </td>
                <td>{kind_text}</td>
                <td class="num">{task.backup_set_id.map_or_else(|| "—".to_owned(), |s| s.to_string())}</td>
                <td>
                    <crate::components::StatusChip
                        tone=tone
                        label=Signal::derive(move || status.as_str().to_owned())
                        raw=task.status.as_str().to_owned()
                    />
                    {over}
                </td>
                <td class="time">{move || start.map_or_else(|| "—".to_owned(), |t| clock.show(&t))}</td>
                <td class="time">{move || finish.map_or_else(|| "—".to_owned(), |t| clock.show(&t))}</td>
                <td class="num">{duration}</td>
                // Raw database text with quotes and angle brackets: rendered as text, never HTML,
                // and with credentials masked (ocp-api.md 1.6).
                <td class="task-table__error">{ocp_model::secrets::redact(task.error_msg.as_deref().unwrap_or_default())}</td>
            </tr>
        }
    };
    view! {
        <Show
            when=move || tasks.with(|t| !t.is_empty())
            fallback=move || view! { <p class="empty">{move || i18n.t(Msg::NoTasks)}</p> }
        >
            <div class="table-wrap">
                <table class="task-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(Msg::ColTask)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColKind)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColBackupSet)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColStatus)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColStart)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColEnd)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColDuration)}</th>
                            <th scope="col">{move || i18n.t(Msg::ColError)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || tasks.get() key=|t| (t.task_id, t.status.clone(), t.finish_time) children=row />
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
