//! What a tasks page URL says (`?kind=data&status=FAILED&range=30d&row=…`): parsed and printed
//! by pure functions, so a shared link or a reload reproduces the view.

use super::TaskKind;
use crate::backup::DataBackupMode;
use crate::time::{OcpTime, StampTime};
use chrono::FixedOffset;

/// The time range rows are asked for (`startTime`/`endTime`): a preset counted back from now,
/// or two instants (`from`/`to`, each optional) with their offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeRange {
    Last24h,
    Last7d,
    Last30d,
    Custom {
        from: Option<StampTime>,
        to: Option<StampTime>,
    },
}

impl Default for TimeRange {
    /// A DBA's incident question: "what happened this week".
    fn default() -> Self {
        TimeRange::Last7d
    }
}

impl TimeRange {
    pub const PRESETS: [TimeRange; 3] = [TimeRange::Last24h, TimeRange::Last7d, TimeRange::Last30d];

    /// `24h`, `7d`, `30d`, or `custom`.
    pub fn as_str(&self) -> &'static str {
        match self {
            TimeRange::Last24h => "24h",
            TimeRange::Last7d => "7d",
            TimeRange::Last30d => "30d",
            TimeRange::Custom { .. } => "custom",
        }
    }

    /// The instants asked for, given now (epoch ms, on the server's clock) and the offset the
    /// query is written in: a preset counts back from now and leaves its end open (OCP's own
    /// now). A custom range keeps its own instants and offsets; an open end is left out of the
    /// query.
    pub fn bounds(
        &self,
        now_ms: i64,
        offset: FixedOffset,
    ) -> (Option<StampTime>, Option<StampTime>) {
        const DAY_MS: i64 = 24 * 3600 * 1000;
        // Open-ended: the end is OCP's own now, so a task that just started on a server whose
        // clock is ahead of `now_ms` is still listed.
        let back = |ms: i64| (OcpTime::from_millis(now_ms - ms, offset), None);
        match *self {
            TimeRange::Last24h => back(DAY_MS),
            TimeRange::Last7d => back(7 * DAY_MS),
            TimeRange::Last30d => back(30 * DAY_MS),
            TimeRange::Custom { from, to } => (from, to),
        }
    }
}

/// How a list is ordered: by its start (data), creation (log, restore) time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Newest first, as OCP sends them.
    #[default]
    NewestFirst,
    OldestFirst,
}

impl SortOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::NewestFirst => "desc",
            SortOrder::OldestFirst => "asc",
        }
    }
}

/// Everything the tasks page shows that a shared link must reproduce.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskQuery {
    pub kind: TaskKind,
    /// Rows with this status only, as OCP spells it (`FAILED`); any value, known or not.
    pub status: Option<String>,
    /// Data rows of this type only.
    pub backup_type: Option<DataBackupMode>,
    pub range: TimeRange,
    /// Data rows of this backup set only (sent to the server).
    pub backup_set_id: Option<i64>,
    pub sort: SortOrder,
    /// The selected row's key ([`row_key`]).
    pub row: Option<String>,
}

impl TaskQuery {
    /// Reads the query string's pairs (already percent-decoded). Values that cannot be read
    /// are dropped, so a hand-edited link still opens a valid view.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = TaskQuery::default();
        let (mut from, mut to) = (None, None);
        let mut range = None;
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "kind" => q.kind = TaskKind::from_query(v).unwrap_or_default(),
                "status" if !v.is_empty() => q.status = Some(v.to_owned()),
                "type" => {
                    q.backup_type = match v {
                        "full" => Some(DataBackupMode::Full),
                        "incremental" => Some(DataBackupMode::Incremental),
                        _ => None,
                    }
                }
                "range" => range = TimeRange::PRESETS.into_iter().find(|r| r.as_str() == v),
                "from" => from = StampTime::parse(v).ok(),
                "to" => to = StampTime::parse(v).ok(),
                "backupSetId" => q.backup_set_id = v.parse().ok(),
                "sort" => {
                    q.sort = if v == "asc" {
                        SortOrder::OldestFirst
                    } else {
                        SortOrder::NewestFirst
                    }
                }
                "row" if !v.is_empty() => q.row = Some(v.to_owned()),
                _ => {}
            }
        }
        q.range = if from.is_some() || to.is_some() {
            TimeRange::Custom { from, to }
        } else {
            range.unwrap_or_default()
        };
        q
    }

    /// The query string's pairs, defaults left out, in a fixed order (so a link is stable).
    /// Times are written in the API's query format (`2021-09-16T15:14:51.397+08:00`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("kind", self.kind.as_str().to_owned())];
        if let Some(s) = &self.status {
            out.push(("status", s.clone()));
        }
        if self.kind == TaskKind::Data {
            match &self.backup_type {
                Some(DataBackupMode::Full) => out.push(("type", "full".into())),
                Some(DataBackupMode::Incremental) => out.push(("type", "incremental".into())),
                _ => {}
            }
            if let Some(id) = self.backup_set_id {
                out.push(("backupSetId", id.to_string()));
            }
        }
        match self.range {
            TimeRange::Custom { from, to } => {
                if let Some(t) = from {
                    out.push(("from", t.to_wire()));
                }
                if let Some(t) = to {
                    out.push(("to", t.to_wire()));
                }
            }
            r if r != TimeRange::default() => out.push(("range", r.as_str().to_owned())),
            _ => {}
        }
        if self.sort != SortOrder::default() {
            out.push(("sort", self.sort.as_str().to_owned()));
        }
        if let Some(r) = &self.row {
            out.push(("row", r.clone()));
        }
        out
    }

    /// The same view on another tab: filters that belong to one list do not follow.
    pub fn with_kind(&self, kind: TaskKind) -> Self {
        TaskQuery {
            kind,
            range: self.range,
            sort: self.sort,
            ..TaskQuery::default()
        }
    }
}
