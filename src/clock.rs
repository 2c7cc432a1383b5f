//! "Now" as the server sees it, ticking every second, and how times are shown.

use crate::api::Api;
use crate::storage::{Store, KEY_TIME_DISPLAY};
use chrono::{DateTime, FixedOffset, Utc};
use leptos::prelude::*;
use ocp_model::time::offset_hours;
use ocp_model::OcpTime;
use std::time::Duration;

/// Which offset times are shown in. Whatever the choice, the offset is always printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeDisplay {
    /// As OCP sent them: the cluster's offset.
    Cluster,
    Browser,
    Utc,
}

impl TimeDisplay {
    pub const ALL: [TimeDisplay; 3] =
        [TimeDisplay::Cluster, TimeDisplay::Browser, TimeDisplay::Utc];

    pub fn as_str(self) -> &'static str {
        match self {
            TimeDisplay::Cluster => "cluster",
            TimeDisplay::Browser => "browser",
            TimeDisplay::Utc => "utc",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// How often health findings are computed again: the overview's refresh period.
pub const HEALTH_STEP_MS: i64 = 15_000;

/// The ticking server clock and the display preference, shared by every page.
#[derive(Clone, Copy)]
pub struct Clock {
    /// Server time in epoch milliseconds, updated every second.
    pub now_ms: Signal<i64>,
    /// The same, moving in steps of [`HEALTH_STEP_MS`]: what health findings are computed
    /// against, so they (and the links a keyboard user is on) are not rebuilt every second.
    pub health_now_ms: Memo<i64>,
    /// The same, moving by whole minutes: what lists' ages tick on, so a long list is not
    /// re-drawn every second.
    pub minute_ms: Memo<i64>,
    pub display: RwSignal<TimeDisplay>,
    /// The cluster's offset, set by a tenant page: tenant rows come in UTC `Z` (ocp-api.md
    /// 2b.2), and "cluster time" must still be the cluster's. `None`: times show in the
    /// offset they were sent in.
    pub cluster_offset: RwSignal<Option<FixedOffset>>,
}

impl Clock {
    /// Starts the one interval the whole console ticks on.
    pub fn start(api: Api) -> Self {
        let browser_now = RwSignal::new(js_sys::Date::now() as i64);
        if let Ok(handle) = set_interval_with_handle(
            move || browser_now.set(js_sys::Date::now() as i64),
            Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
        let now_ms = Signal::derive(move || browser_now.get() + api.server_skew_ms.get());
        let health_now_ms = Memo::new(move |_| now_ms.get() / HEALTH_STEP_MS * HEALTH_STEP_MS);
        let minute_ms = Memo::new(move |_| now_ms.get() / 60_000 * 60_000);
        let display = Store::Local
            .read(KEY_TIME_DISPLAY)
            .as_deref()
            .and_then(TimeDisplay::parse);
        Self {
            now_ms,
            health_now_ms,
            minute_ms,
            display: RwSignal::new(display.unwrap_or(TimeDisplay::Cluster)),
            cluster_offset: RwSignal::new(None),
        }
    }

    pub fn set_display(&self, d: TimeDisplay) {
        Store::Local.write(KEY_TIME_DISPLAY, d.as_str());
        self.display.set(d);
    }

    /// Shows a time per the preference, always with its offset.
    pub fn show<S>(&self, t: &OcpTime<S>) -> String {
        match self.display.get() {
            TimeDisplay::Cluster => match self.cluster_offset.get() {
                Some(o) => t.display_in(o),
                None => t.display(),
            },
            TimeDisplay::Browser => t.display_in(browser_offset_at(t.timestamp_millis())),
            TimeDisplay::Utc => t.display_in(offset_hours(0)),
        }
    }

    /// Seconds from `t` to now (server clock); negative if `t` is in the future.
    pub fn age_secs<S>(&self, t: &OcpTime<S>) -> i64 {
        (self.now_ms.get() - t.timestamp_millis()) / 1000
    }

    /// How long from `start` to `end`, or to now (server clock) while there is no end:
    /// `3h 05m`; a dash without a start.
    pub fn duration<S, E>(&self, start: Option<OcpTime<S>>, end: Option<OcpTime<E>>) -> String {
        let secs = match (start, end) {
            (Some(s), Some(e)) => (e.timestamp_millis() - s.timestamp_millis()) / 1000,
            (Some(s), None) => self.age_secs(&s),
            _ => return "—".to_owned(),
        };
        ocp_model::measure::Span::from_seconds(secs.max(0)).compact()
    }

    /// While the calling page lives, "cluster time" is `offset` (a tenant page: its rows come
    /// in UTC).
    pub fn use_cluster_offset(&self, offset: Signal<Option<FixedOffset>>) {
        let target = self.cluster_offset;
        Effect::new(move || target.set(offset.get()));
        on_cleanup(move || target.set(None));
    }

    /// A server time (epoch ms) as `hh:mm:ss` with its offset, per the display preference
    /// (the browser's offset where no cluster's applies).
    pub fn show_ms(&self, ms: i64) -> String {
        let offset = match self.display.get() {
            TimeDisplay::Utc => offset_hours(0),
            TimeDisplay::Cluster => self
                .cluster_offset
                .get()
                .unwrap_or_else(|| browser_offset_at(ms)),
            TimeDisplay::Browser => browser_offset_at(ms),
        };
        DateTime::from_timestamp_millis(ms)
            .map(|t| {
                let t = t.with_timezone(&offset);
                format!("{} ({})", t.format("%H:%M:%S"), t.format("%:z"))
            })
            .unwrap_or_default()
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.now_ms.get()).unwrap_or_default()
    }
}

pub fn use_clock() -> Clock {
    expect_context::<Clock>()
}

/// The browser's offset at a given instant (it changes with daylight saving).
pub fn browser_offset_at(ms: i64) -> FixedOffset {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    // getTimezoneOffset is minutes *behind* UTC: +08:00 reads as -480.
    let minutes = -(date.get_timezone_offset() as i32);
    FixedOffset::east_opt(minutes * 60).unwrap_or_else(|| offset_hours(0))
}
