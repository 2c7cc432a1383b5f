//! How each kind of cell reads, in the table and in the selected row's details. Server text
//! (error messages, storage URIs) is shown as text, with credentials masked wherever it appears.

use crate::app::AppRoute;
use crate::clock::{use_clock, Clock};
use crate::components::server_text::ServerText;
use crate::components::task_status::TaskStatusChip;
use crate::components::task_table::kind_msg;
use crate::i18n::{use_i18n, I18n, Msg};
use leptos::prelude::*;
use leptos_router::components::A;
use ocp_model::measure::Span;
use ocp_model::secrets::redact;
use ocp_model::task_list::{delay_level, Cell, Column, TaskKind, TaskLine};
use ocp_model::OcpTime;

/// What the rows need from the page: the strategy's thresholds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RowCtx {
    /// `dataBackupTimeoutMinutes`, when the cluster has a strategy.
    pub timeout_minutes: Option<u32>,
    /// `logBackupDelaySeconds` (or OCP's default).
    pub delay_threshold_secs: i64,
}

pub fn column_msg(c: Column) -> Msg {
    match c {
        Column::Task => Msg::ColTask,
        Column::BackupSet => Msg::ColBackupSet,
        Column::Type => Msg::ColKind,
        Column::Status => Msg::ColStatus,
        Column::Start => Msg::ColStart,
        Column::End => Msg::ColEnd,
        Column::Duration => Msg::ColDuration,
        Column::DataVersion => Msg::ColDataVersion,
        Column::Storage => Msg::ColStorage,
        Column::Error => Msg::ColError,
        Column::Checkpoint => Msg::ColCheckpoint,
        Column::Delay => Msg::ColDelay,
        Column::Server => Msg::ColServer,
        Column::Created => Msg::ColCreated,
        Column::Modified => Msg::ColModified,
        Column::Source => Msg::ColSource,
        Column::Target => Msg::ColTarget,
        Column::Point => Msg::ColPoint,
    }
}

fn time_text<S>(clock: Clock, t: Option<OcpTime<S>>) -> String {
    t.map_or_else(|| "—".to_owned(), |t| clock.show(&t))
}

fn type_text(i18n: I18n, kind: &ocp_model::DataBackupMode) -> String {
    kind_msg(kind).map_or_else(|| kind.as_str().to_owned(), |m| i18n.t(m).to_owned())
}

/// A plain cell as drawn: one shape for every kind of cell but the status, so the wasm holds
/// one view for all of them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Plain {
    class: &'static str,
    text: String,
    /// The whole text where the cell shows a part.
    title: Option<String>,
    /// A delay's level against its threshold.
    level: Option<&'static str>,
}

fn plain(cell: &Cell, clock: Clock, i18n: I18n, ctx: RowCtx) -> Plain {
    let dash = || "—".to_owned();
    match cell {
        Cell::Text(t) => Plain {
            text: t.clone().unwrap_or_else(dash),
            ..Plain::default()
        },
        Cell::Uri(u) => Plain {
            class: "mono",
            text: redact(u.as_deref().unwrap_or_default()),
            ..Plain::default()
        },
        Cell::Time(t) => Plain {
            class: "time",
            text: time_text(clock, *t),
            ..Plain::default()
        },
        Cell::Duration { start, end } => Plain {
            class: "num",
            text: clock.duration(*start, *end),
            ..Plain::default()
        },
        Cell::BackupType(k) => Plain {
            text: type_text(i18n, k),
            ..Plain::default()
        },
        Cell::Delay(d) => match d {
            Some(d) => {
                let level = delay_level(*d, ctx.delay_threshold_secs).as_str();
                Plain {
                    class: match level {
                        "healthy" => "num rpo--healthy",
                        "late" => "num rpo--late",
                        "critical" => "num rpo--critical",
                        _ => "num",
                    },
                    text: Span::from_seconds(d.round() as i64).compact(),
                    level: Some(level),
                    ..Plain::default()
                }
            }
            None => Plain {
                class: "num",
                text: dash(),
                ..Plain::default()
            },
        },
        // The first line, masked; all of it in the tooltip and the details.
        Cell::Error(e) => {
            let whole = redact(e.as_deref().unwrap_or_default().trim());
            Plain {
                class: "task-table__error",
                text: whole.lines().next().unwrap_or_default().to_owned(),
                title: Some(whole),
                ..Plain::default()
            }
        }
        Cell::Status(s) => Plain {
            text: s.as_str().to_owned(),
            ..Plain::default()
        },
    }
}

/// One table cell (`<td>`) of a row, following the row as refreshes change it.
pub fn table_cell(row: Memo<Option<TaskLine>>, index: usize, ctx: Memo<RowCtx>) -> AnyView {
    let i18n = use_i18n();
    let clock = use_clock();
    let cell = move || row.with(|r| r.as_ref().and_then(|r| r.cells.get(index).cloned()));
    if !matches!(cell(), Some(Cell::Status(_))) {
        // Worked out once per change, not once per attribute: a row drawn while scrolling
        // formats each cell once.
        let shown = Memo::new(move |_| {
            cell()
                .map(|c| plain(&c, clock, i18n, ctx.get()))
                .unwrap_or_default()
        });
        return view! {
            <td
                class=move || shown.with(|s| s.class)
                title=move || shown.with(|s| s.title.clone())
                data-level=move || shown.with(|s| s.level)
            >
                {move || shown.with(|s| s.text.clone())}
            </td>
        }
        .into_any();
    }
    let over = move || {
        let limit = ctx.with(|c| c.timeout_minutes)?;
        let secs = row.with(|r| r.as_ref()?.over_timeout_secs(limit, clock.now_ms.get()))?;
        let limit_text = Span::from_seconds(i64::from(limit) * 60).compact();
        Some(view! {
            " "
            <span class="badge badge--bad" data-testid="over-timeout">
                {move || format!(
                    "{} (+{})",
                    i18n.fmt(Msg::OverTimeout, &[("limit", &limit_text)]),
                    Span::from_seconds(secs).compact()
                )}
            </span>
        })
    };
    view! {
        <td>
            {move || match cell() {
                Some(Cell::Status(s)) => Some(view! { <TaskStatusChip status=s /> }),
                _ => None,
            }}
            {over}
        </td>
    }
    .into_any()
}

/// A cell's value in the details (the panel is re-made per row; times still tick).
fn detail_value(line: &TaskLine, cell: &Cell, ctx: RowCtx) -> AnyView {
    let i18n = use_i18n();
    let clock = use_clock();
    match cell.clone() {
        Cell::Status(s) => {
            let line = line.clone();
            let over = move || {
                let limit = ctx.timeout_minutes?;
                let secs = line.over_timeout_secs(limit, clock.now_ms.get())?;
                let limit = Span::from_seconds(i64::from(limit) * 60).compact();
                Some(format!(
                    " +{} {}",
                    Span::from_seconds(secs).compact(),
                    i18n.fmt(Msg::OverTimeout, &[("limit", &limit)])
                ))
            };
            view! { <TaskStatusChip status=s /> <span class="task-status__warning">{over}</span> }
                .into_any()
        }
        Cell::Delay(Some(d)) => {
            let threshold = Span::from_seconds(ctx.delay_threshold_secs).compact();
            format!(
                "{} ({})",
                Span::from_seconds(d.round() as i64).compact(),
                i18n.fmt(Msg::DelayThreshold, &[("n", &threshold)])
            )
            .into_any()
        }
        other => {
            let class = plain(&other, clock, i18n, ctx).class;
            // Durations of running tasks tick.
            let text = move || plain(&other, clock, i18n, ctx).text;
            view! { <span class=class>{text}</span> }.into_any()
        }
    }
}

/// Everything about the selected row: each column's value and the whole server text.
pub fn row_detail(line: TaskLine, ctx: RowCtx, cluster_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    // A data backup is an OCP task of its own: its steps are on the task page.
    let task_link = (line.kind == TaskKind::Data)
        .then(|| line.key.parse::<i64>().ok())
        .flatten()
        .map(|task_id| {
            view! {
                <A href=AppRoute::TaskDetail { cluster_id, task_id }.href() attr:data-testid="row-task-link">
                    {move || i18n.t(Msg::OpenTaskDetail)}
                </A>
            }
        });
    let facts = line
        .kind
        .columns()
        .iter()
        .zip(&line.cells)
        // The server text is shown whole below the facts.
        .filter(|(_, c)| !matches!(c, Cell::Error(_)))
        .map(|(col, cell)| {
            let label = column_msg(*col);
            view! {
                <dt>{move || i18n.t(label)}</dt>
                <dd>{detail_value(&line, cell, ctx)}</dd>
            }
        })
        .collect_view();
    let error = line.error().map(str::to_owned);
    view! {
        <section class="card row-detail" data-testid="row-detail" aria-live="polite">
            <h2 class="card__title">{move || i18n.t(Msg::TaskDetails)}</h2>
            <dl class="row-detail__facts">{facts}</dl>
            <p>{task_link}</p>
            <ServerText text=error label=Msg::ColError />
        </section>
    }
}
