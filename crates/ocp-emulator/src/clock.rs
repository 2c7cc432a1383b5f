//! The emulated clock: `now = anchor + real elapsed × scale`.
//!
//! The anchor is persisted, and re-anchored at every start at the instant the previous run
//! would have reached by now, so the emulated time never runs backwards across restarts, even
//! when `--time-scale` changes between them.

use crate::db::{DbError, Store};
use chrono::{DateTime, Duration, Utc};
use std::sync::Mutex;
use std::time::Instant;

const KEY_EMULATED: &str = "clock.anchor_emulated_us";
const KEY_REAL: &str = "clock.anchor_real_us";
const KEY_SCALE: &str = "clock.scale";

#[derive(Debug)]
pub struct Clock {
    /// (anchor, the real instant it was taken).
    at: Mutex<(DateTime<Utc>, Instant)>,
    scale: f64,
}

impl Clock {
    /// A clock that reads `anchor` now and advances `scale` times faster than real time.
    pub fn new(anchor: DateTime<Utc>, scale: f64) -> Self {
        Self {
            at: Mutex::new((anchor, Instant::now())),
            scale,
        }
    }

    /// Where the clock stood when it was last anchored (at start: where it resumed).
    pub fn anchored_at(&self) -> DateTime<Utc> {
        self.anchor().0
    }

    fn anchor(&self) -> (DateTime<Utc>, Instant) {
        *self.at.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn now(&self) -> DateTime<Utc> {
        let (anchor, started) = self.anchor();
        let real_us = started.elapsed().as_micros() as f64;
        let emulated_us = (real_us * self.scale).min(i64::MAX as f64 / 2.0) as i64;
        anchor + Duration::microseconds(emulated_us)
    }

    /// Moves the clock forward to `t` (never back) and persists the new anchor: tests jump
    /// ahead instead of waiting, and a restart resumes from there.
    pub fn jump_to(&self, t: DateTime<Utc>, store: &Store) -> Result<(), DbError> {
        let mut at = self.at.lock().unwrap_or_else(|p| p.into_inner());
        let (anchor, started) = *at;
        let now = anchor
            + Duration::microseconds(
                (started.elapsed().as_micros() as f64 * self.scale).min(i64::MAX as f64 / 2.0)
                    as i64,
            );
        if t <= now {
            return Ok(());
        }
        *at = (t, Instant::now());
        store.set_meta(KEY_EMULATED, &t.timestamp_micros().to_string())?;
        store.set_meta(KEY_REAL, &Utc::now().timestamp_micros().to_string())?;
        Ok(())
    }

    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Resumes the persisted clock (or starts one at `fresh_start` on a new database) and
    /// persists the new anchor.
    pub fn resume(
        store: &Store,
        scale: f64,
        real_now: DateTime<Utc>,
        fresh_start: DateTime<Utc>,
    ) -> Result<Self, DbError> {
        let emulated = store.meta_i64(KEY_EMULATED)?;
        let real = store.meta_i64(KEY_REAL)?;
        let old_scale = store
            .meta(KEY_SCALE)?
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(1.0);
        let anchor = match (emulated, real) {
            (Some(emulated_us), Some(real_us)) => {
                let elapsed_real = (real_now.timestamp_micros() - real_us).max(0) as f64;
                let advanced = emulated_us + (elapsed_real * old_scale) as i64;
                // max(): a wall clock set back must not take the emulated time back with it.
                DateTime::from_timestamp_micros(advanced.max(emulated_us)).unwrap_or(fresh_start)
            }
            _ => fresh_start,
        };
        store.set_meta(KEY_EMULATED, &anchor.timestamp_micros().to_string())?;
        store.set_meta(KEY_REAL, &real_now.timestamp_micros().to_string())?;
        store.set_meta(KEY_SCALE, &scale.to_string())?;
        Ok(Self::new(anchor, scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_stays_put_and_a_fast_one_runs_ahead() {
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(Clock::new(t0, 0.0).now(), t0);
        let fast = Clock::new(t0, 3600.0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(fast.now() - t0 >= Duration::seconds(60));
    }

    #[test]
    fn restarts_keep_the_clock_monotonic() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let real0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let c = Clock::resume(&store, 60.0, real0, t0).unwrap();
        assert_eq!(c.anchor().0, t0);
        // Ten real seconds later at scale 60, the emulated clock has moved ten minutes.
        let c = Clock::resume(&store, 1.0, real0 + Duration::seconds(10), real0).unwrap();
        assert_eq!(c.anchor().0, t0 + Duration::minutes(10));
        // A wall clock set back does not move it backwards.
        let c = Clock::resume(&store, 1.0, real0, real0).unwrap();
        assert_eq!(c.anchor().0, t0 + Duration::minutes(10));
    }
}
