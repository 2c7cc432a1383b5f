//! The task lists page (`/clusters/:id/tasks`, ocp-api.md 2.5): what its URL says, which rows it
//! shows, how statuses read, and which rows of a long list are drawn.

use crate::backup::DataBackupMode;
use crate::tasks::{
    DataBackupStatus, DataBackupTask, LogBackupStatus, LogBackupTask, RestoreStatus, RestoreTask,
    StatusTone,
};
use crate::time::TaskTime;
use std::ops::Range;

/// Which list: `?kind=data|log|restore`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TaskKind {
    #[default]
    Data,
    Log,
    Restore,
}

impl TaskKind {
    pub const ALL: [TaskKind; 3] = [TaskKind::Data, TaskKind::Log, TaskKind::Restore];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::Data => "data",
            TaskKind::Log => "log",
            TaskKind::Restore => "restore",
        }
    }

    pub fn from_query(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

mod query;

pub use query::{SortOrder, TaskQuery, TimeRange};

/// A column of a task list; the console names it in the person's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Task,
    BackupSet,
    Type,
    Status,
    Start,
    End,
    Duration,
    DataVersion,
    Storage,
    Error,
    Checkpoint,
    Delay,
    Server,
    Created,
    Modified,
    Source,
    Target,
    Point,
}

impl TaskKind {
    /// The list's columns, in order (ocp-api.md 2.5; the lists).
    pub fn columns(self) -> &'static [Column] {
        use Column::*;
        match self {
            TaskKind::Data => &[
                Task,
                BackupSet,
                Type,
                Status,
                Start,
                End,
                Duration,
                DataVersion,
                Storage,
                Error,
            ],
            TaskKind::Log => &[
                Status, Checkpoint, Delay, Server, Storage, Created, Modified, Error,
            ],
            TaskKind::Restore => &[Source, Target, Point, Start, End, Status, Error],
        }
    }

    /// The list's endpoint under `/backup/task/`.
    pub fn endpoint(self) -> &'static str {
        match self {
            TaskKind::Data => "dataBackupTasks",
            TaskKind::Log => "logBackupTasks",
            TaskKind::Restore => "restoreTasks",
        }
    }

    /// Every status OCP documents for the list (ocp-api.md 2.5), as spelled on the wire.
    pub fn known_statuses(self) -> Vec<LineStatus> {
        match self {
            TaskKind::Data => DataBackupStatus::KNOWN
                .iter()
                .cloned()
                .map(LineStatus::Data)
                .collect(),
            TaskKind::Log => LogBackupStatus::KNOWN
                .iter()
                .cloned()
                .map(LineStatus::Log)
                .collect(),
            TaskKind::Restore => RestoreStatus::KNOWN
                .iter()
                .cloned()
                .map(|status| LineStatus::Restore {
                    status,
                    outcome: RestoreOutcome::Running,
                })
                .collect(),
        }
    }
}

/// A row's status: the value OCP sent (known or not), and for restores what the flags say.
#[derive(Clone, Debug, PartialEq)]
pub enum LineStatus {
    Data(DataBackupStatus),
    Log(LogBackupStatus),
    Restore {
        status: RestoreStatus,
        outcome: RestoreOutcome,
    },
}

impl LineStatus {
    /// As OCP spelled it.
    pub fn as_str(&self) -> &str {
        match self {
            LineStatus::Data(s) => s.as_str(),
            LineStatus::Log(s) => s.as_str(),
            LineStatus::Restore { status, .. } => status.as_str(),
        }
    }

    /// Whether the row falls under the status filter `filter` (as spelled on the wire). A log
    /// row says `RUNNING` / `BEGINNING` where the tenant filter list says `INPROGRESS` /
    /// `STARTING` (ocp-api.md 2b.6): either spelling finds it.
    pub fn matches_filter(&self, filter: &str) -> bool {
        if self.as_str() == filter {
            return true;
        }
        match self {
            LineStatus::Log(s) => {
                let f = LogBackupStatus::from_wire(filter).filter_value();
                s.filter_value() == f
            }
            _ => false,
        }
    }

    pub fn tone(&self) -> StatusTone {
        match self {
            LineStatus::Data(s) => s.tone(),
            LineStatus::Log(s) => s.tone(),
            // The colour from `finished`/`successful`, never from the step's name.
            LineStatus::Restore { outcome, .. } => outcome.tone(),
        }
    }
}

/// What one cell shows. Server text stays raw here; the console masks it for display.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Plain text: ids, names, versions; `None` shows a dash.
    Text(Option<String>),
    /// Fixed-width text that may carry credentials: storage URIs.
    Uri(Option<String>),
    /// A time, shown in the offset the person chose, with it.
    Time(Option<TaskTime>),
    /// From start to end, or to now while running.
    Duration {
        start: Option<TaskTime>,
        end: Option<TaskTime>,
    },
    BackupType(DataBackupMode),
    Status(LineStatus),
    /// A log round's delay in seconds, coloured against `logBackupDelaySeconds`.
    Delay(Option<f64>),
    /// Raw server text: its first line in the table, all of it in the details.
    Error(Option<String>),
}

/// One row of any of the three lists, as the page shows it: the list is drawn, filtered,
/// sorted and refreshed through this one type, whatever OCP sent.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskLine {
    pub kind: TaskKind,
    /// Its identity in its list: a data row's task id, a restore's id, a log round's
    /// creation time in microseconds (log rows carry no id).
    pub key: String,
    pub status: LineStatus,
    /// Still under way: the list keeps refreshing while any row is.
    pub running: bool,
    /// When the row began (epoch ms), for the order.
    pub began_ms: Option<i64>,
    pub backup_type: Option<DataBackupMode>,
    /// A data backup's start, for its timeout.
    pub start: Option<TaskTime>,
    /// One per [`TaskKind::columns`].
    pub cells: Vec<Cell>,
}

fn text<T: ToString>(v: Option<T>) -> Cell {
    Cell::Text(v.map(|v| v.to_string()))
}

impl From<DataBackupTask> for TaskLine {
    fn from(t: DataBackupTask) -> Self {
        let start = t.start_time;
        let status = LineStatus::Data(t.status.clone());
        TaskLine {
            kind: TaskKind::Data,
            key: t.task_id.to_string(),
            running: t.status.tone() == StatusTone::Running && t.finish_time.is_none(),
            began_ms: start.map(|s| s.timestamp_millis()),
            backup_type: Some(t.data_backup_task_type.clone()),
            start,
            cells: vec![
                text(Some(t.task_id)),
                text(t.backup_set_id),
                Cell::BackupType(t.data_backup_task_type),
                Cell::Status(status.clone()),
                Cell::Time(start),
                Cell::Time(t.finish_time),
                Cell::Duration {
                    start,
                    end: t.finish_time,
                },
                text(t.data_version),
                Cell::Uri(t.backup_uri),
                Cell::Error(t.error_msg),
            ],
            status,
        }
    }
}

impl From<LogBackupTask> for TaskLine {
    fn from(t: LogBackupTask) -> Self {
        // A round that archives, and one still stopping: both can still change.
        let running = matches!(
            t.status,
            LogBackupStatus::Beginning
                | LogBackupStatus::Running
                | LogBackupStatus::Starting
                | LogBackupStatus::InProgress
                | LogBackupStatus::Stopping
        );
        let status = LineStatus::Log(t.status);
        TaskLine {
            kind: TaskKind::Log,
            key: t
                .create_time
                .map(|c| c.timestamp_micros().to_string())
                .unwrap_or_default(),
            running,
            began_ms: t.create_time.map(|c| c.timestamp_millis()),
            backup_type: None,
            start: None,
            cells: vec![
                Cell::Status(status.clone()),
                Cell::Time(t.checkpoint),
                Cell::Delay(t.delay),
                text(t.agent_server_ip),
                Cell::Uri(t.backup_uri),
                Cell::Time(t.create_time),
                Cell::Time(t.modify_time),
                Cell::Error(t.error_msg),
            ],
            status,
        }
    }
}

/// `cluster / tenant`, either alone, or nothing.
fn place(cluster: Option<String>, tenant: Option<String>) -> Option<String> {
    match (cluster, tenant) {
        (Some(c), Some(t)) => Some(format!("{c} / {t}")),
        (c, t) => c.or(t),
    }
}

impl From<RestoreTask> for TaskLine {
    fn from(t: RestoreTask) -> Self {
        let status = LineStatus::Restore {
            outcome: RestoreOutcome::of(&t),
            status: t.status,
        };
        TaskLine {
            kind: TaskKind::Restore,
            key: t.id.to_string(),
            running: !t.finished,
            began_ms: t.create_time.map(|c| c.timestamp_millis()),
            backup_type: None,
            start: None,
            cells: vec![
                Cell::Text(place(t.backup_cluster_name, t.backup_tenant_name)),
                Cell::Text(place(t.restore_cluster_name, t.restore_tenant_name)),
                Cell::Time(t.restore_end_time),
                Cell::Time(t.create_time),
                Cell::Time(t.finish_time),
                Cell::Status(status.clone()),
                Cell::Error(t.error_msg),
            ],
            status,
        }
    }
}

impl TaskLine {
    /// The row's raw server text, if any.
    pub fn error(&self) -> Option<&str> {
        self.cells.iter().find_map(|c| match c {
            Cell::Error(e) => e.as_deref().filter(|e| !e.trim().is_empty()),
            _ => None,
        })
    }

    /// By how many seconds a running data backup is past the strategy's timeout
    /// (`dataBackupTimeoutMinutes`), if it is. `now_ms` is on the server's clock.
    pub fn over_timeout_secs(&self, timeout_minutes: u32, now_ms: i64) -> Option<i64> {
        if self.kind != TaskKind::Data || !self.running {
            return None;
        }
        crate::tasks::over_timeout_secs(self.start?.timestamp_millis(), timeout_minutes, now_ms)
    }
}

/// The rows a query shows, from all rows fetched for its time range (and backup set): the
/// status and type filters, then the order. Statuses compare as OCP spells them. Answers
/// positions in `rows`, so a list of 10,000 rows is not copied on every refresh.
pub fn visible_rows(rows: &[TaskLine], query: &TaskQuery) -> Vec<usize> {
    let mut out: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            query
                .status
                .as_deref()
                .is_none_or(|s| r.status.matches_filter(s))
        })
        .filter(|(_, r)| {
            query
                .backup_type
                .as_ref()
                .is_none_or(|t| r.backup_type.as_ref() == Some(t))
        })
        .map(|(i, _)| i)
        .collect();
    // Stable: rows without a time keep the server's order among themselves.
    out.sort_by(|&a, &b| {
        let (a, b) = (rows[a].began_ms, rows[b].began_ms);
        match query.sort {
            SortOrder::NewestFirst => b.cmp(&a),
            SortOrder::OldestFirst => a.cmp(&b),
        }
    });
    out
}

/// Merges a refreshed first page into the rows already shown: a row with the same key is
/// replaced in place, new rows go in front (newest first); nothing else moves.
pub fn merge_refresh(rows: &mut Vec<TaskLine>, fresh: Vec<TaskLine>) {
    let mut new = Vec::new();
    for row in fresh {
        match rows.iter_mut().find(|r| r.key == row.key) {
            Some(old) => *old = row,
            None => new.push(row),
        }
    }
    if !new.is_empty() {
        new.append(rows);
        *rows = new;
    }
}

/// What a restore row says happened. OCP's `finished` and `successful` decide; `status` only
/// names the step. When they disagree (`RESTORE_SUCCESS` with `successful: false`), the row
/// says so and is never shown as a success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreOutcome {
    Running,
    Succeeded,
    Failed,
    /// The flags and the status contradict each other.
    Contradictory,
}

impl RestoreOutcome {
    pub fn of(task: &RestoreTask) -> Self {
        let by_flags = match (task.finished, task.successful) {
            (false, _) => RestoreOutcome::Running,
            (true, true) => RestoreOutcome::Succeeded,
            (true, false) => RestoreOutcome::Failed,
        };
        let contradicts = match task.status {
            RestoreStatus::Success => by_flags != RestoreOutcome::Succeeded,
            RestoreStatus::Fail => by_flags != RestoreOutcome::Failed,
            // A step's name while the flags say it ended well is fine (tools differ); a step
            // while the flags say it is still running is the normal case.
            _ => false,
        };
        if contradicts {
            RestoreOutcome::Contradictory
        } else {
            by_flags
        }
    }

    pub fn tone(self) -> StatusTone {
        match self {
            RestoreOutcome::Running => StatusTone::Running,
            RestoreOutcome::Succeeded => StatusTone::Success,
            RestoreOutcome::Failed | RestoreOutcome::Contradictory => StatusTone::Failure,
        }
    }
}

impl LogBackupStatus {
    /// Stopped only when OCP says `STOPPED`: never while `STOPPING` (which can last hours when
    /// the archive medium fails) or in a status this console does not know.
    pub fn is_stopped(&self) -> bool {
        *self == LogBackupStatus::Stopped
    }
}

/// A log round's delay against the strategy's `logBackupDelaySeconds`.
pub fn delay_level(delay_secs: f64, threshold_secs: i64) -> crate::measure::RpoLevel {
    crate::measure::RpoLevel::of(delay_secs.round() as i64, threshold_secs)
}

/// Which rows of a long list to draw: those in view plus `overscan` on each side. Rows are
/// `row_height` px tall; `scroll_top` and `viewport` are px.
pub fn visible_range(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    overscan: usize,
    total: usize,
) -> Range<usize> {
    if total == 0 || row_height <= 0.0 || !row_height.is_finite() {
        return 0..0;
    }
    let top = if scroll_top.is_finite() {
        scroll_top.max(0.0)
    } else {
        0.0
    };
    let viewport = if viewport.is_finite() {
        viewport.max(0.0)
    } else {
        0.0
    };
    let first = ((top / row_height).floor() as usize).min(total.saturating_sub(1));
    let shown = (viewport / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan);
    let end = first
        .saturating_add(shown)
        .saturating_add(overscan)
        .min(total);
    start..end
}

#[cfg(test)]
mod tests;
