//! Command-line flags.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// An OCP backup & restore API emulator that also serves the built console.
#[derive(Clone, Debug, Parser)]
#[command(name = "ocp-emulator", version, about)]
pub struct Args {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// SQLite database; its parent directories are created. A fresh database is seeded.
    #[arg(long, default_value = ".data/ocp-emulator.sqlite")]
    pub db: PathBuf,

    /// Password of the `admin` user. Without it (and without the env var) a random one is
    /// generated and printed.
    #[arg(long, env = "OCP_EMULATOR_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,

    /// Emulated seconds per real second (60: an hour passes in a minute; 0 freezes the clock).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    pub time_scale: f64,

    /// Share of data backups and restores that fail, 0 to 1 (deterministic for a database's
    /// seed).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub failure_rate: f64,

    /// Log archiving breaks by itself: each emulated day of a running log round breaks with
    /// this probability, 0 to 1 (so the expected breaks per day of running archiving per
    /// cluster; deterministic for a database's seed). A broken round ends INTERRUPTED and
    /// archiving restarts 10 to 30 emulated minutes later.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub log_break_rate: f64,

    /// Seed of a fresh database's randomness (durations, delays, which backups fail).
    #[arg(long, default_value_t = crate::seed::DEFAULT_SEED)]
    pub seed: u64,

    /// Directory of the built console (index.html and assets) to serve at `/`.
    #[arg(long)]
    pub dist: Option<PathBuf>,

    /// Serve the console under this path instead of `/`, as a portal embedding it would (the
    /// emulator sets index.html's `<base href>`); `/api` stays at the root.
    #[arg(long, default_value = "/", value_parser = crate::spa::parse_base_path)]
    pub base_path: String,

    /// Who may show the console in a frame: the Content-Security-Policy `frame-ancestors`
    /// source list (`"'self' https://portal.example"`; `'none'` forbids every frame).
    #[arg(long, default_value = crate::spa::DEFAULT_FRAME_ANCESTORS)]
    pub frame_ancestors: String,

    /// Writes (POST, PATCH, DELETE under /api) are accepted from the console's own origin (the
    /// request's Host) only. Behind a gateway that changes Host, name the origin browsers see
    /// here (`https://console.example.com`); repeat for several.
    #[arg(long = "allowed-origin", value_name = "ORIGIN", value_parser = crate::security::parse_origin)]
    pub allowed_origins: Vec<String>,

    /// At most this many connections at once (more are closed as they come, so the server
    /// keeps accepting and its descriptors stay free). Connections idle for 20 s, request
    /// bodies slower than 60 s and answers not read for 60 s are closed.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: u32,

    /// Proxy mode: forward `/api/**` to this real OCP (`http://host:port[/base-path]`, plain
    /// HTTP) instead of emulating it; the console (--dist) is still served here. No database,
    /// no local sign-in: the OCP checks credentials.
    #[arg(long, value_parser = crate::proxy::Upstream::parse)]
    pub upstream: Option<crate::proxy::Upstream>,

    /// Send every JSON answer under /api in the wire variants real OCP deployments use: no
    /// timestamp/duration/traceId/server, the other offset style (+08:00 <-> +0800), an unknown
    /// field in every object of `data`, display-only fields of another JSON type. For testing
    /// a client's leniency; requests are not changed. Not in proxy mode.
    #[arg(long, conflicts_with = "upstream")]
    pub quirks: bool,

    /// Fault injection for tests and demos: `/__emulator/faults` (no sign-in) makes chosen
    /// `/api` paths answer slowly, with 401/403/404/409/429/500, an HTML 502, an empty or cut-off
    /// body, or a dropped connection (see the emulator's README). Off by default.
    #[arg(long, conflicts_with = "upstream")]
    pub faults: bool,

    /// A fresh database gets this many more finished data backups of ob-prod-hz, spread over
    /// the 20 days before the seeded history (long-list demos and load tests).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub history_tasks: u32,

    /// A fresh database gets a fleet of CLUSTERS clusters (6 to 5000) instead of the demo's
    /// six: the demo's first, then its mix repeated and renamed (ob-prod-bj-0123; mostly
    /// healthy, some failing, paused, without strategy, standby, OB 2.x/3.x), each OB 4.x one
    /// with TENANTS tenants (1 to 200; the demo's count without it). E.g. `--fleet 500x30`.
    /// Ignored, with a note, when the database is already seeded.
    #[arg(long, value_name = "CLUSTERS[xTENANTS]", value_parser = crate::fleet::Fleet::parse)]
    pub fleet: Option<crate::fleet::Fleet>,

    /// Throttle /api as OCP does: at most LIMIT requests per user (the Basic-auth user name;
    /// per client IP without one) in a fixed window of SECONDS of real time, e.g. `600/60`.
    /// Every /api answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset;
    /// past the limit it is 429 with OCP's error envelope (code 0). Not in proxy mode.
    #[arg(long, value_name = "LIMIT/SECONDS", conflicts_with = "upstream",
          value_parser = crate::rate_limit::RateLimit::parse)]
    pub rate_limit: Option<crate::rate_limit::RateLimit>,
}

fn parse_scale(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("not a number: {s}"))?;
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(format!("must be a finite number >= 0, got {s}"))
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("not a number: {s}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("must be between 0 and 1, got {s}"))
    }
}
