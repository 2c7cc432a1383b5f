//! What a fleet costs (`--fleet`): the seeding time, then the engine's ticks at
//! `--time-scale 60` (12 emulated seconds every 200 ms), each advance committed as the live
//! ticker commits it, during the night (when the backups run) and during the day.
//!
//! ```text
//! cargo run -p ocp-emulator --example fleet_ticks -- 500x30 8     # fleet, hours of each
//! ```

use chrono::{DateTime, Utc};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let fleet = args.next().unwrap_or_else(|| "500x30".into());
    let hours: i64 = args.next().and_then(|h| h.parse().ok()).unwrap_or(2);
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Tuesday 14:35 +08:00: the night starts 9 h 25 min later.
    let origin = DateTime::parse_from_rfc3339("2026-11-24T14:35:00+08:00")
        .expect("a time")
        .with_timezone(&Utc);
    let opts = ocp_emulator::Options {
        time_scale: 0.0,
        fleet: Some(ocp_emulator::fleet::Fleet::parse(&fleet).expect("CLUSTERS[xTENANTS]")),
        ..Default::default()
    };
    let started = Instant::now();
    let app = ocp_emulator::App::open_with(
        &dir.path().join("fleet.sqlite"),
        &opts,
        "pw".into(),
        "probe".into(),
        origin,
    )
    .expect("a seeded database");
    println!(
        "--fleet {fleet}: seeded and opened in {:?}",
        started.elapsed()
    );
    let mut w = app.read(|w| w.clone());
    println!(
        "{} clusters, {} tenants, {} data backups, {} tasks, {} log rounds",
        w.clusters.len(),
        w.tenants.len(),
        w.data.len(),
        w.tasks.len(),
        w.logs.len()
    );
    let base = w.state.progress_us;
    for (label, from_hours) in [("night (00:05 on)", 9.5), ("day (12:05 on)", 21.5)] {
        let mut t_us = base + (from_hours * 3600e6) as i64;
        ocp_emulator::engine::advance(&mut w, &app.engine, t_us);
        let keys = w.take_dirty();
        app.store.commit(&w, &keys, |_| Ok(())).expect("a commit");
        let ticks = (hours * 3600 / 12) as u32;
        let (mut busy, mut worst) = (0, Duration::ZERO);
        let started = Instant::now();
        for _ in 0..ticks {
            let tick = Instant::now();
            t_us += 12_000_000;
            ocp_emulator::engine::advance(&mut w, &app.engine, t_us);
            let keys = w.take_dirty();
            if !keys.is_empty() {
                busy += 1;
                app.store.commit(&w, &keys, |_| Ok(())).expect("a commit");
            }
            worst = worst.max(tick.elapsed());
        }
        let per = started.elapsed() / ticks;
        println!(
            "{label}, {hours} h: {ticks} ticks ({busy} with changes), {per:?} a tick \
             ({:.2} % of its 200 ms), the worst {worst:?}",
            per.as_secs_f64() / 0.2 * 100.0
        );
    }
}
