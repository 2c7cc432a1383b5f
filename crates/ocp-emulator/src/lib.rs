//! An OCP backup & restore API emulator (ocp-api.md) that also serves the built console.
//!
//! `App` holds the state; [`router`] builds the whole HTTP service, so tests can drive it
//! in-process; [`run`] is the binary.

pub mod auth;
pub mod body;
pub mod cli;
pub mod clock;
pub mod db;
pub mod drain;
pub mod engine;
pub mod error;
pub mod faults;
pub mod fleet;
pub mod openapi;
pub mod ops;
pub mod params;
pub mod portal;
pub mod proxy;
pub mod quirks;
pub mod rate_limit;
pub mod records;
pub mod reply;
pub mod routes;
pub mod scope_rules;
pub mod security;
pub mod seed;
pub mod seed_tenants;
pub mod serve;
pub mod spa;
pub mod tenant_views;
pub mod views;
pub mod world;

use axum::middleware::from_fn;
use axum::Router;
use chrono::{DateTime, FixedOffset, Utc};
use clock::Clock;
use db::{DbError, Store};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub password: String,
    /// The `server` field of every envelope.
    pub server: String,
    /// The offset envelope timestamps are written in.
    pub offset: FixedOffset,
    /// The world the engine and the writes change; the database holds the same.
    world: Mutex<world::World>,
    pub engine: engine::EngineConfig,
    /// `--quirks`: answers under `/api` come in real deployments' wire variants (`quirks`).
    pub quirks: bool,
    /// `--faults`: the faults in force ([`faults`]); `None` when injection is off.
    pub faults: Option<faults::Faults>,
    /// Failed sign-ins per client, to slow down guessing.
    pub sign_in_failures: auth::SignInFailures,
    /// `--rate-limit`: the fixed windows of `/api` requests per user ([`rate_limit`]).
    pub rate_limit: Option<rate_limit::Limiter>,
    /// Whether this start seeded the database (the seed's flags, `--fleet` and
    /// `--history-tasks`, only act then).
    pub seeded: bool,
    /// `--allowed-origin`: origins besides the request's own `Host` whose writes are accepted
    /// (normalized, [`security::parse_origin`]).
    pub allowed_origins: Vec<String>,
}

/// How the emulated world behaves (flags of the binary).
#[derive(Clone, Debug)]
pub struct Options {
    pub time_scale: f64,
    /// Share of data backups that fail (deterministic for a seed).
    pub failure_rate: f64,
    /// Expected log archive breaks per emulated day of running archiving, per cluster
    /// (`--log-break-rate`; deterministic for a seed).
    pub log_break_rate: f64,
    /// Seed of a fresh database's randomness.
    pub seed: u64,
    /// `--quirks` (see [`quirks`]).
    pub quirks: bool,
    /// `--history-tasks`: more old data backups in a fresh database.
    pub history_tasks: usize,
    /// `--faults`: fault injection through `/__emulator/faults` ([`faults`]).
    pub faults: bool,
    /// `--fleet`: a fresh database gets this many clusters ([`fleet`]).
    pub fleet: Option<fleet::Fleet>,
    /// `--rate-limit`: `/api` requests per user and window ([`rate_limit`]).
    pub rate_limit: Option<rate_limit::RateLimit>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            time_scale: 1.0,
            failure_rate: 0.0,
            log_break_rate: 0.0,
            seed: seed::DEFAULT_SEED,
            quirks: false,
            history_tasks: 0,
            faults: false,
            fleet: None,
            rate_limit: None,
        }
    }
}

pub type AppState = Arc<App>;

/// OCP's demo deployments and our seed live in China Standard Time.
pub fn default_offset() -> FixedOffset {
    ocp_model::time::offset_hours(8)
}

impl App {
    /// Opens the database, resumes the clock and seeds a fresh database. `fresh_start` is
    /// where a new database's clock starts (tests pin it; the binary uses the real now).
    pub fn open(
        db: &Path,
        time_scale: f64,
        password: String,
        server: String,
        fresh_start: DateTime<Utc>,
    ) -> Result<App, DbError> {
        let opts = Options {
            time_scale,
            ..Options::default()
        };
        App::open_with(db, &opts, password, server, fresh_start)
    }

    pub fn open_with(
        db: &Path,
        opts: &Options,
        password: String,
        server: String,
        fresh_start: DateTime<Utc>,
    ) -> Result<App, DbError> {
        let store = Store::open(db)?;
        let clock = Clock::resume(&store, opts.time_scale, Utc::now(), fresh_start)?;
        let seeded = seed::seed_if_fresh(
            &store,
            clock.anchored_at(),
            opts.seed,
            opts.history_tasks,
            opts.fleet,
        )?;
        let mut world = store.load_world()?.unwrap_or_default();
        seed::backfill(&mut world);
        // The clock never reads earlier than what already happened.
        if let Some(t) = DateTime::from_timestamp_micros(world.state.progress_us) {
            clock.jump_to(t, &store)?;
        }
        let app = App {
            store,
            clock,
            password,
            server,
            offset: default_offset(),
            world: Mutex::new(world),
            engine: engine::EngineConfig {
                failure_rate: opts.failure_rate.clamp(0.0, 1.0),
                log_break_rate: opts.log_break_rate.clamp(0.0, 1.0),
                ..engine::EngineConfig::default()
            },
            quirks: opts.quirks,
            faults: opts.faults.then(faults::Faults::default),
            sign_in_failures: auth::SignInFailures::default(),
            rate_limit: opts.rate_limit.map(rate_limit::Limiter::new),
            seeded,
            allowed_origins: Vec::new(),
        };
        // Whatever was under way when the last run stopped carries on from where it was.
        app.tick()?;
        Ok(app)
    }

    fn world(&self) -> MutexGuard<'_, world::World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Advances the world to the clock's now and commits what changed.
    ///
    /// In place, not on a copy as a write is: a copy of a fleet's world costs more than the
    /// engine's work (tens of ms with 500 clusters, five times a second). The engine cannot
    /// refuse; should the commit fail (or the engine panic), the world goes back to what the
    /// database holds, the last commit, and the next tick replays the same events (the
    /// engine is deterministic), so nothing uncommitted is ever seen.
    pub fn tick(&self) -> Result<(), DbError> {
        let mut guard = self.world();
        let now = self.clock.now().timestamp_micros();
        let w: &mut world::World = &mut guard;
        let advanced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine::advance(w, &self.engine, now)
        }));
        let keys = w.take_dirty();
        let committed = match &advanced {
            Ok(()) if keys.is_empty() => Ok(()),
            Ok(()) => self.store.commit(w, &keys, |_| Ok(())),
            Err(_) => Ok(()),
        };
        if advanced.is_err() || committed.is_err() {
            if let Some(mut fresh) = self.store.load_world()? {
                seed::backfill(&mut fresh);
                *w = fresh;
            }
        }
        if let Err(panic) = advanced {
            std::panic::resume_unwind(panic);
        }
        committed
    }

    /// Moves the clock to `t` (never back) and the world with it: what tests do instead of
    /// waiting.
    pub fn advance_to(&self, t: DateTime<Utc>) -> Result<(), DbError> {
        self.clock.jump_to(t, &self.store)?;
        self.tick()
    }

    /// A write: the world is brought to now, `op` changes it, and the change is committed
    /// (durably) before this returns. When `op` refuses, nothing changes.
    pub fn write<R>(
        &self,
        op: impl FnOnce(&mut world::World, &engine::EngineConfig, i64) -> Result<R, error::ApiError>,
    ) -> Result<R, error::ApiError> {
        let mut guard = self.world();
        let now = self
            .clock
            .now()
            .timestamp_micros()
            .max(guard.state.progress_us);
        let mut w = guard.clone();
        engine::advance(&mut w, &self.engine, now);
        w.mark(world::Key::State);
        let r = op(&mut w, &self.engine, now)?;
        let keys = w.take_dirty();
        self.store.commit(&w, &keys, |_| Ok(()))?;
        *guard = w;
        Ok(r)
    }

    /// A read of the world as it is in memory.
    pub fn read<R>(&self, f: impl FnOnce(&world::World) -> R) -> R {
        f(&self.world())
    }
}

/// Ticks the engine every ~200 ms of real time, for as long as the app lives.
pub fn spawn_ticker(app: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_millis(200));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            let a = app.clone();
            match tokio::task::spawn_blocking(move || a.tick()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::error!(error = %e, "engine tick failed"),
                Err(e) => tracing::error!(error = %e, "engine tick panicked"),
            }
        }
    })
}

/// The whole service: `/api/**` and, for everything else, the console.
pub fn router(app: AppState, dist: Option<PathBuf>) -> Router {
    router_at(app, dist, "", spa::DEFAULT_FRAME_ANCESTORS)
}

/// The whole service with the console under `base` (see [`spa::parse_base_path`]).
pub fn router_at(
    app: AppState,
    dist: Option<PathBuf>,
    base: &str,
    frame_ancestors: &str,
) -> Router {
    Router::new()
        .route(
            faults::PATH,
            axum::routing::any(faults::control).with_state(app.clone()),
        )
        .nest(
            "/api",
            routes::api(app).layer(from_fn(security::api_headers)),
        )
        .route(openapi::PATH, axum::routing::get(openapi::serve))
        .merge(portal::router(base))
        .merge(spa::router(dist, base, frame_ancestors))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(from_fn(drain::keep_alive_after_early_answers))
}

/// Proxy mode: `/api/**` forwarded to `upstream`, the console served here.
pub fn proxy_router(upstream: proxy::Upstream, dist: Option<PathBuf>) -> Result<Router, String> {
    proxy_router_at(upstream, dist, "", spa::DEFAULT_FRAME_ANCESTORS, Vec::new())
}

/// Proxy mode with the console under `base`, framed by `frame_ancestors`, writes accepted
/// from `allowed_origins` too (besides the request's own `Host`).
pub fn proxy_router_at(
    upstream: proxy::Upstream,
    dist: Option<PathBuf>,
    base: &str,
    frame_ancestors: &str,
    allowed_origins: Vec<String>,
) -> Result<Router, String> {
    Ok(proxy::router(upstream, allowed_origins)?
        .merge(portal::router(base))
        .merge(spa::router(dist, base, frame_ancestors))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(from_fn(drain::keep_alive_after_early_answers)))
}

/// A random password of 20 letters and digits.
pub fn random_password() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    use rand::SeedableRng;
    Alphanumeric.sample_string(&mut rand::rngs::StdRng::from_os_rng(), 20)
}

/// What a browser should open: a wildcard listen address is reachable on loopback.
fn console_url(addr: SocketAddr, base: &str) -> String {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() => match ip {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        },
        ip => ip,
    };
    format!("http://{}{base}/", SocketAddr::new(ip, addr.port()))
}

/// The binary: opens everything, prints where and how to sign in, serves until Ctrl-C.
pub async fn run(args: cli::Args) -> Result<(), String> {
    let password = args.password.clone().unwrap_or_else(random_password);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| {
            format!(
                "cannot listen on {}: {e} (is another emulator already running there? \
                 choose another address with --listen)",
                args.listen
            )
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    if let Some(upstream) = args.upstream.clone() {
        return run_proxy(listener, addr, upstream, &args).await;
    }
    let opts = Options {
        time_scale: args.time_scale,
        failure_rate: args.failure_rate,
        log_break_rate: args.log_break_rate,
        seed: args.seed,
        quirks: args.quirks,
        history_tasks: args.history_tasks as usize,
        faults: args.faults,
        fleet: args.fleet,
        rate_limit: args.rate_limit,
    };
    let opened = std::time::Instant::now();
    let mut app = App::open_with(&args.db, &opts, password, addr.ip().to_string(), Utc::now())
        .map_err(|e| format!("cannot open the database {}: {e}", args.db.display()))?;
    app.allowed_origins = args.allowed_origins.clone();
    if app.seeded {
        tracing::info!(
            fleet = %args.fleet.map(|f| f.to_string()).unwrap_or_else(|| "demo".into()),
            ms = opened.elapsed().as_millis() as u64,
            "seeded a fresh world"
        );
    } else {
        // The seed's flags only shape a fresh database: say so rather than ignore them quietly.
        let unused: Vec<String> = [
            args.fleet.map(|f| format!("--fleet {f}")),
            (args.history_tasks > 0).then(|| format!("--history-tasks {}", args.history_tasks)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !unused.is_empty() {
            eprintln!(
                "ocp-emulator: note: {} ignored: {} is already seeded (they shape a fresh \
                 database only; use a new --db)",
                unused.join(" and "),
                args.db.display()
            );
        }
    }
    tracing::info!(
        db = %args.db.display(),
        time_scale = args.time_scale,
        quirks = args.quirks,
        now = %app.clock.now(),
        "emulator ready"
    );
    // Scripts parse these lines: keep their exact shape.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Console:  {}", console_url(addr, &args.base_path));
    let _ = writeln!(out, "User:     {}", auth::USER);
    let _ = writeln!(out, "Password: {}", app.password);
    let _ = writeln!(
        out,
        "Portal:   {}{}",
        console_url(addr, "").trim_end_matches('/'),
        portal::PATH
    );
    let _ = out.flush();
    drop(out);
    let app = Arc::new(app);
    let ticker = spawn_ticker(app.clone());
    let service = router_at(
        app,
        args.dist.clone(),
        &args.base_path,
        &args.frame_ancestors,
    );
    serve(listener, service, limits(&args)).await?;
    ticker.abort();
    tracing::info!("stopped");
    Ok(())
}

/// Proxy mode: no database, no password; the upstream OCP signs people in.
async fn run_proxy(
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    upstream: proxy::Upstream,
    args: &cli::Args,
) -> Result<(), String> {
    let base = args.base_path.as_str();
    let service = proxy_router_at(
        upstream.clone(),
        args.dist.clone(),
        base,
        &args.frame_ancestors,
        args.allowed_origins.clone(),
    )?;
    tracing::info!(%upstream, "proxy mode: forwarding /api to the upstream OCP");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Console:  {}", console_url(addr, base));
    let _ = writeln!(out, "Upstream: {upstream}");
    let _ = writeln!(
        out,
        "Portal:   {}{}",
        console_url(addr, "").trim_end_matches('/'),
        portal::PATH
    );
    let _ = out.flush();
    drop(out);
    serve(listener, service, limits(args)).await?;
    tracing::info!("stopped");
    Ok(())
}

/// The connection limits of the flags ([`serve::Limits`]).
fn limits(args: &cli::Args) -> serve::Limits {
    serve::Limits {
        max_connections: args.max_connections as usize,
        ..serve::Limits::default()
    }
}

/// Serves until Ctrl-C or SIGTERM, with each request's client address known (the sign-in
/// throttle counts failures per client, the proxy names it upstream) and the connection
/// limits of [`serve`].
async fn serve(
    listener: tokio::net::TcpListener,
    service: Router,
    limits: serve::Limits,
) -> Result<(), String> {
    serve::serve(listener, service, limits, shutdown_signal()).await
}

/// Ctrl-C, or SIGTERM from a supervisor or test harness: finish the requests in flight and
/// close the database cleanly.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
