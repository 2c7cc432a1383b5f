//! The rules of the console's query layer, without I/O: which reads to send, when, and in what
//! order. The console keeps one [`Planner`] for every read it makes of OCP; components
//! *observe* the requests they need, and the planner decides:
//! - **one request per key**: however many components observe a key, at most one read of it
//!   is queued or in flight;
//! - **stale-while-revalidate**: an answer younger than its policy's `fresh_ms` is served
//!   without a request; an older one is served at once and read again;
//! - **refresh while shown**: an observed key is read again every `refresh_ms` (with ±10 %
//!   jitter, so a fleet's rows do not refresh in lockstep) while the page is visible;
//! - **a concurrency limit** with **priorities** (what the user just asked for, then rows on
//!   screen, then prefetch), first come first served within one priority;
//! - **cancellation**: a queued read nobody observes is dropped, an in-flight one aborted;
//! - **a timeout counted from sending**, not from queueing;
//! - **OCP's throttling** (ocp-api.md 1.2: 429 with `RateLimit-Limit`, `RateLimit-Remaining`,
//!   `RateLimit-Reset`): the headers feed a budget that holds background reads back before it
//!   runs out, and a 429 pauses every read until the window resets (plus jitter), after which
//!   observed reads try again by themselves;
//! - **back-off** after a network error or a timeout: 1 s, then 2 s, then the next refresh.
//!
//! Times are milliseconds on one monotonic clock the caller supplies (`now`), so every rule
//! is tested on a fake clock.

use std::collections::HashMap;
use std::hash::Hash;

/// Milliseconds on the caller's clock.
pub type Ms = i64;

/// How urgent a read is; lower sorts first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// What the user just asked for: the page they opened, a retry they clicked.
    Asked,
    /// What is on screen: a list's visible rows, a refresh of the page shown.
    Visible,
    /// What may be wanted soon: rows off screen, the next page.
    Prefetch,
}

/// How long an answer stays good and how often it is read again, per observer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// An answer younger than this is served without a request (ms).
    pub fresh_ms: Ms,
    /// While observed and the page is visible, read again this often (ms, ±10 % jitter);
    /// `None`: never by itself.
    pub refresh_ms: Option<Ms>,
    /// An answer nobody observes is forgotten this long after the last observer left (ms).
    pub keep_ms: Ms,
}

impl Policy {
    /// Read once, kept for `keep_ms`, never refreshed by itself.
    pub const fn once(fresh_ms: Ms, keep_ms: Ms) -> Self {
        Policy {
            fresh_ms,
            refresh_ms: None,
            keep_ms,
        }
    }

    /// Refreshed every `every_ms` while shown; fresh for the same time; kept 5 minutes.
    pub const fn every(every_ms: Ms) -> Self {
        Policy {
            fresh_ms: every_ms,
            refresh_ms: Some(every_ms),
            keep_ms: 5 * 60_000,
        }
    }
}

/// What the planner was told about a finished read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// An answer to keep.
    Answered,
    /// A definite failure (4xx, 5xx, an unreadable body): shown; read again only at the next
    /// refresh or when asked.
    Failed,
    /// The request never got an answer (network error, dropped connection): tried again after
    /// a back-off.
    Unreachable,
    /// HTTP 429: every read waits `reset_ms` (from `RateLimit-Reset`, or a default), then the
    /// observed ones try again.
    Throttled { reset_ms: Option<Ms> },
}

/// `RateLimit-Remaining` and `RateLimit-Reset` (seconds, turned into ms) of an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateHeaders {
    pub remaining: Option<u64>,
    pub reset_ms: Option<Ms>,
}

/// What the caller must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command<K> {
    /// Send a read of `key`; report its end with [`Planner::finish`] and this `ticket`.
    Send { key: K, ticket: u64 },
    /// Abort the read of `key` in flight (nobody needs it, or it `timed_out`); its end, if
    /// it still comes, is ignored.
    Abort {
        key: K,
        ticket: u64,
        timed_out: bool,
    },
    /// Drop what is kept of `key`: nobody has observed it for its `keep_ms`.
    Forget(K),
}

/// Where a key's read stands, for the view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// Queued or in flight.
    pub fetching: bool,
    /// When the last answer came (`None`: never).
    pub answered_at: Option<Ms>,
    /// When the last read ended, answered or not.
    pub ended_at: Option<Ms>,
    /// Waiting to try again until then (back-off or throttling).
    pub retry_at: Option<Ms>,
}

/// Settings of a planner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Reads in flight at once.
    pub concurrency: usize,
    /// A read not answered this long after it was sent is aborted (ms).
    pub timeout_ms: Ms,
    /// Background reads stop while OCP's budget has this many requests left or fewer, so
    /// what the user asks for still gets through.
    pub reserve: u64,
    /// The wait after a 429 that did not say how long (ms).
    pub default_throttle_ms: Ms,
    /// Seed of the jitter.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            concurrency: 4,
            timeout_ms: 20_000,
            reserve: 2,
            default_throttle_ms: 5_000,
            seed: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

/// Waits after a network error or a timeout before trying again (ms); after these, the next
/// refresh.
pub const BACKOFF_MS: [Ms; 2] = [1_000, 2_000];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    /// Waiting for a slot, since this sequence number (first come, first served).
    Queued {
        seq: u64,
    },
    InFlight {
        ticket: u64,
        sent_at: Ms,
    },
}

#[derive(Clone, Debug)]
struct Entry {
    observers: HashMap<u64, (Priority, Policy)>,
    phase: Phase,
    answered_at: Option<Ms>,
    ended_at: Option<Ms>,
    /// Read again at (or after) this time: back-off, throttling or the next refresh.
    due_at: Option<Ms>,
    /// `due_at` is a retry after a failure, not a refresh.
    retrying: bool,
    /// Network failures in a row (for the back-off).
    unreachable: usize,
    /// Marked stale by a write: read again at once when observed.
    invalid: bool,
    /// The user asked for this read (a retry, a page opened): sent before rows.
    asked: bool,
    /// When the last observer left.
    unobserved_since: Option<Ms>,
}

impl Entry {
    fn new() -> Self {
        Entry {
            observers: HashMap::new(),
            phase: Phase::Idle,
            answered_at: None,
            ended_at: None,
            due_at: None,
            retrying: false,
            unreachable: 0,
            invalid: false,
            asked: false,
            unobserved_since: None,
        }
    }

    fn priority(&self) -> Priority {
        if self.asked {
            return Priority::Asked;
        }
        self.observers
            .values()
            .map(|(p, _)| *p)
            .min()
            .unwrap_or(Priority::Prefetch)
    }

    /// The most demanding policy among the observers: the shortest freshness and refresh,
    /// the longest keep.
    fn policy(&self) -> Option<Policy> {
        self.observers
            .values()
            .map(|(_, p)| *p)
            .reduce(|a, b| Policy {
                fresh_ms: a.fresh_ms.min(b.fresh_ms),
                refresh_ms: match (a.refresh_ms, b.refresh_ms) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                },
                keep_ms: a.keep_ms.max(b.keep_ms),
            })
    }
}

/// The query layer's scheduler: see the module's documentation.
#[derive(Debug)]
pub struct Planner<K> {
    config: Config,
    entries: HashMap<K, Entry>,
    in_flight: usize,
    seq: u64,
    ticket: u64,
    rng: u64,
    /// The keep of entries that lost their observers (the longest seen), for forgetting.
    keep: HashMap<K, Ms>,
    /// OCP's budget: requests left in its window, and when the window resets.
    remaining: Option<u64>,
    window_reset_at: Option<Ms>,
    /// Nothing is sent before this (a 429).
    paused_until: Option<Ms>,
    /// Whether the page is visible (no refreshes while hidden).
    visible: bool,
}

impl<K: Clone + Eq + Hash> Planner<K> {
    pub fn new(config: Config) -> Self {
        Planner {
            config,
            entries: HashMap::new(),
            in_flight: 0,
            seq: 0,
            ticket: 0,
            rng: config.seed | 1,
            keep: HashMap::new(),
            remaining: None,
            window_reset_at: None,
            paused_until: None,
            visible: true,
        }
    }

    /// `observer` (a component) needs `key` at `priority`, under `policy`. Queues a read
    /// when there is no answer, the answer is older than the policy's freshness, or a write
    /// made it stale. Observing again with another priority or policy updates it.
    pub fn observe(&mut self, key: &K, observer: u64, priority: Priority, policy: Policy, now: Ms) {
        let mut seq = self.seq;
        let e = self.entries.entry(key.clone()).or_insert_with(Entry::new);
        e.observers.insert(observer, (priority, policy));
        e.unobserved_since = None;
        if e.phase == Phase::Idle {
            let stale = match e.answered_at {
                None => e.due_at.is_none_or(|d| d <= now),
                Some(at) => now - at >= policy.fresh_ms,
            };
            let waiting = e.retrying && e.due_at.is_some_and(|d| d > now);
            if (stale || e.invalid) && !waiting {
                seq += 1;
                e.phase = Phase::Queued { seq };
            }
        }
        self.seq = seq;
        self.keep.remove(key);
    }

    /// `observer` no longer needs `key`. A queued read nobody needs is dropped; one in flight
    /// is aborted at the next [`pump`](Self::pump) if nobody observes it again by then (a
    /// component re-drawn in the same turn keeps its read).
    pub fn unobserve(&mut self, key: &K, observer: u64, now: Ms) {
        let Some(e) = self.entries.get_mut(key) else {
            return;
        };
        let Some((_, policy)) = e.observers.remove(&observer) else {
            return;
        };
        if e.observers.is_empty() {
            e.unobserved_since = Some(now);
            e.asked = false;
            if matches!(e.phase, Phase::Queued { .. }) {
                e.phase = Phase::Idle;
            }
            let keep = self.keep.entry(key.clone()).or_insert(policy.keep_ms);
            *keep = (*keep).max(policy.keep_ms);
        }
    }

    /// The user asked for `key` again (a retry): read now, first in line, whatever its age
    /// or back-off.
    pub fn refetch(&mut self, key: &K) {
        self.seq += 1;
        let seq = self.seq;
        if let Some(e) = self.entries.get_mut(key) {
            e.asked = true;
            e.retrying = false;
            e.due_at = None;
            e.unreachable = 0;
            if e.phase == Phase::Idle {
                e.phase = Phase::Queued { seq };
            }
        }
    }

    /// A write changed what these keys answer: observed ones are read again at once (as asked
    /// for), the others when next observed.
    pub fn invalidate(&mut self, mut which: impl FnMut(&K) -> bool) {
        let mut seq = self.seq;
        for (k, e) in self.entries.iter_mut() {
            if !which(k) {
                continue;
            }
            e.invalid = true;
            e.due_at = None;
            e.retrying = false;
            if e.phase == Phase::Idle && !e.observers.is_empty() {
                seq += 1;
                e.asked = true;
                e.phase = Phase::Queued { seq };
            }
        }
        self.seq = seq;
    }

    /// Whether the page is visible: refreshes wait while it is not.
    pub fn set_visible(&mut self, visible: bool) {
        self.visible = visible;
    }

    /// A read ended. A `ticket` that is no longer current (aborted, superseded) is ignored:
    /// the answer is `false` then, and the caller drops what came.
    pub fn finish(
        &mut self,
        key: &K,
        ticket: u64,
        outcome: Outcome,
        rate: RateHeaders,
        now: Ms,
    ) -> bool {
        if let Some(remaining) = rate.remaining {
            self.remaining = Some(remaining);
        }
        if let Some(reset) = rate.reset_ms {
            self.window_reset_at = Some(now + reset.max(0));
        }
        let jitter = self.jitter(1_000);
        let Some(e) = self.entries.get_mut(key) else {
            return false;
        };
        if !matches!(e.phase, Phase::InFlight { ticket: t, .. } if t == ticket) {
            return false;
        }
        self.in_flight -= 1;
        e.phase = Phase::Idle;
        e.ended_at = Some(now);
        e.asked = false;
        match outcome {
            Outcome::Answered => {
                e.answered_at = Some(now);
                e.invalid = false;
                e.unreachable = 0;
                e.retrying = false;
                e.due_at = None;
            }
            Outcome::Failed => {
                e.unreachable = 0;
                e.retrying = false;
                e.due_at = None;
                e.invalid = false;
                // Counts as read for the refresh clock: a failing endpoint is not hammered.
            }
            Outcome::Unreachable => {
                let wait = BACKOFF_MS.get(e.unreachable).copied();
                e.unreachable += 1;
                match wait {
                    Some(ms) => {
                        e.due_at = Some(now + ms);
                        e.retrying = true;
                    }
                    None => {
                        e.unreachable = 0;
                        e.retrying = false;
                        e.due_at = None;
                    }
                }
            }
            Outcome::Throttled { reset_ms } => {
                let wait = reset_ms.unwrap_or(self.config.default_throttle_ms).max(0);
                let until = now + wait + jitter;
                self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
                self.remaining = Some(0);
                self.window_reset_at = Some(now + wait);
                e.due_at = Some(until);
                e.retrying = true;
            }
        }
        true
    }

    /// Does what time and free slots allow: aborts reads past their timeout or unobserved,
    /// queues due refreshes and retries, forgets answers kept long enough, and sends the most
    /// urgent queued reads into free slots.
    pub fn pump(&mut self, now: Ms) -> Vec<Command<K>> {
        let mut out = Vec::new();
        // Timeouts and abandoned reads.
        let timeout = self.config.timeout_ms;
        let mut ended = Vec::new();
        for (k, e) in self.entries.iter_mut() {
            if let Phase::InFlight { ticket, sent_at } = e.phase {
                let abandoned = e.observers.is_empty();
                let timed_out = now - sent_at >= timeout;
                if abandoned || timed_out {
                    let timed_out = timed_out && !abandoned;
                    out.push(Command::Abort {
                        key: k.clone(),
                        ticket,
                        timed_out,
                    });
                    ended.push((k.clone(), ticket, timed_out));
                }
            }
        }
        for (k, ticket, timed_out) in ended {
            if timed_out {
                self.finish(
                    &k,
                    ticket,
                    Outcome::Unreachable,
                    RateHeaders::default(),
                    now,
                );
            } else if let Some(e) = self.entries.get_mut(&k) {
                e.phase = Phase::Idle;
                e.asked = false;
                self.in_flight -= 1;
            }
        }
        if self.window_reset_at.is_some_and(|r| r <= now) {
            self.window_reset_at = None;
            self.remaining = None;
        }
        if self.paused_until.is_some_and(|p| p <= now) {
            self.paused_until = None;
        }
        // Due refreshes and retries.
        let mut jitters = Vec::new();
        for (k, e) in self.entries.iter() {
            if e.phase != Phase::Idle || e.observers.is_empty() {
                continue;
            }
            let due = match (e.due_at, e.policy().and_then(|p| p.refresh_ms)) {
                (Some(d), _) => d <= now && (e.retrying || self.visible),
                (None, Some(every)) if self.visible => match e.ended_at.or(e.answered_at) {
                    None => true,
                    Some(at) => now >= at + every - every / 10,
                },
                _ => false,
            };
            if due {
                jitters.push(k.clone());
            }
        }
        for k in jitters {
            // The next refresh is drawn within ±10 %: re-check against a jittered due time.
            let jitter = self.jitter(2_000_000) - 1_000_000; // parts per 10^7 of ±10 %
            let seq = self.seq + 1;
            let Some(e) = self.entries.get_mut(&k) else {
                continue;
            };
            if e.due_at.is_none() {
                let every = e.policy().and_then(|p| p.refresh_ms).unwrap_or(0);
                let at = e.ended_at.or(e.answered_at).unwrap_or(now);
                let due = at + every + every * jitter / 10_000_000;
                if due > now {
                    e.due_at = Some(due);
                    continue;
                }
            }
            e.due_at = None;
            e.retrying = false;
            e.phase = Phase::Queued { seq };
            self.seq = seq;
        }
        // Forget what nobody observed for its keep.
        let mut forget = Vec::new();
        for (k, e) in self.entries.iter() {
            if let (Some(since), Phase::Idle) = (e.unobserved_since, e.phase) {
                let keep = self.keep.get(k).copied().unwrap_or(0);
                if now - since >= keep {
                    forget.push(k.clone());
                }
            }
        }
        for k in forget {
            self.entries.remove(&k);
            self.keep.remove(&k);
            out.push(Command::Forget(k));
        }
        // Fill the free slots, most urgent first.
        while self.in_flight < self.config.concurrency {
            let Some((key, priority)) = self.next_queued() else {
                break;
            };
            if !self.may_send(priority, now) {
                break;
            }
            self.ticket += 1;
            let ticket = self.ticket;
            if let Some(e) = self.entries.get_mut(&key) {
                e.phase = Phase::InFlight {
                    ticket,
                    sent_at: now,
                };
            }
            self.in_flight += 1;
            if let Some(r) = self.remaining.as_mut() {
                *r = r.saturating_sub(1);
            }
            out.push(Command::Send { key, ticket });
        }
        out
    }

    /// When [`pump`](Self::pump) next has something to do by itself (a timeout, a retry, a
    /// refresh, a forget, the end of a pause), if anything.
    pub fn next_wake(&self) -> Option<Ms> {
        let mut wake: Option<Ms> = None;
        let mut at = |t: Ms| wake = Some(wake.map_or(t, |w| w.min(t)));
        if let Some(p) = self.paused_until {
            at(p);
        }
        if let Some(r) = self.window_reset_at {
            at(r);
        }
        for (k, e) in &self.entries {
            match e.phase {
                Phase::InFlight { sent_at, .. } => at(sent_at + self.config.timeout_ms),
                Phase::Queued { .. } => {}
                Phase::Idle => {
                    if let Some(since) = e.unobserved_since {
                        at(since + self.keep.get(k).copied().unwrap_or(0));
                    } else if let Some(d) = e.due_at {
                        at(d);
                    } else if let (Some(every), true) =
                        (e.policy().and_then(|p| p.refresh_ms), self.visible)
                    {
                        at(e.ended_at.or(e.answered_at).unwrap_or(0) + every - every / 10);
                    }
                }
            }
        }
        wake
    }

    /// Where `key`'s read stands.
    pub fn status(&self, key: &K) -> Status {
        let Some(e) = self.entries.get(key) else {
            return Status::default();
        };
        Status {
            fetching: e.phase != Phase::Idle,
            answered_at: e.answered_at,
            ended_at: e.ended_at,
            retry_at: e.due_at.filter(|_| e.retrying),
        }
    }

    /// Reads in flight now.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// Reads waiting for a slot.
    pub fn queued(&self) -> usize {
        self.entries
            .values()
            .filter(|e| matches!(e.phase, Phase::Queued { .. }))
            .count()
    }

    /// Whether `key` is kept (observed, or within its keep).
    pub fn contains(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    fn next_queued(&self) -> Option<(K, Priority)> {
        self.entries
            .iter()
            .filter_map(|(k, e)| match e.phase {
                Phase::Queued { seq } if !e.observers.is_empty() || e.asked => {
                    Some(((e.priority(), seq), k))
                }
                _ => None,
            })
            .min_by_key(|(order, _)| *order)
            .map(|((p, _), k)| (k.clone(), p))
    }

    /// Until when reads the page shows (visible priority) are held back by OCP's throttle: the
    /// end of a 429's pause, or the reset of a window whose budget is down to the reserve.
    /// `None`: they may go.
    pub fn held_until(&self, now: Ms) -> Option<Ms> {
        if let Some(p) = self.paused_until.filter(|p| *p > now) {
            return Some(p);
        }
        match self.remaining {
            Some(r) if r <= self.config.reserve => self.window_reset_at.filter(|t| *t > now),
            _ => None,
        }
    }

    /// Whether OCP's budget allows a read of this priority now.
    fn may_send(&self, priority: Priority, now: Ms) -> bool {
        if self.paused_until.is_some_and(|p| p > now) {
            return false;
        }
        match self.remaining {
            Some(0) => false,
            Some(r) if r <= self.config.reserve => priority == Priority::Asked,
            _ => true,
        }
    }

    /// A pseudo-random number in `0..bound` (xorshift; deterministic for the seed).
    fn jitter(&mut self, bound: i64) -> i64 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = x;
        if bound <= 0 {
            0
        } else {
            (x % bound as u64) as i64
        }
    }
}

/// How a figure computed from an answer stands against the answer's age.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Read within its refresh interval (plus the time one read may take): current.
    Current,
    /// Older than that: shown as of its time, marked stale, never extrapolated.
    Stale { age_ms: Ms },
}

impl Freshness {
    /// `age_ms` since the answer came, against the `refresh_ms` it should have been read
    /// again in; a read may take up to `timeout_ms` more before the answer counts as stale.
    pub fn of(age_ms: Ms, refresh_ms: Ms, timeout_ms: Ms) -> Self {
        if age_ms <= refresh_ms + refresh_ms / 10 + timeout_ms {
            Freshness::Current
        } else {
            Freshness::Stale { age_ms }
        }
    }

    pub fn is_stale(self) -> bool {
        matches!(self, Freshness::Stale { .. })
    }
}

/// The instant (server epoch ms) time-dependent rules are evaluated at, for data OCP stamped
/// `as_of_ms`: the server's now while the data is current, never more than `refresh_ms`
/// past the data (a frozen checkpoint against a ticking clock would turn healthy clusters
/// Critical while a refresh is late), and never before the data.
pub fn evaluation_instant(server_now_ms: Ms, as_of_ms: Ms, refresh_ms: Ms) -> Ms {
    server_now_ms.clamp(as_of_ms, as_of_ms + refresh_ms.max(0))
}

/// The largest page OCP serves (ocp-api.md 1.3: `size` at most 2000).
pub const MAX_PAGE_SIZE: u64 = 2000;

/// The pages after the first (1-based) that must still be read to have every row, from what
/// page 1, asked with `asked_size`, answered: `page.totalElements`, and the rows it carried
/// (a list that answered every row at once, whatever its `size` says, needs no more; an
/// unpaged list neither). Never more than `totalElements` can fill.
pub fn remaining_pages(
    first: Option<&crate::envelope::PageInfo>,
    rows_on_first: usize,
    asked_size: u64,
) -> std::ops::Range<u64> {
    const NONE: std::ops::Range<u64> = 2..2;
    let Some(info) = first else {
        return NONE;
    };
    let total = info.total_elements;
    if rows_on_first as u64 >= total || asked_size == 0 {
        return NONE;
    }
    2..total.div_ceil(asked_size) + 1
}

#[cfg(test)]
mod tests;
