//! The browser half of `cargo xtask bench`: headless Chromium (through chromedriver, the e2e
//! harness's [`Browser`]) against emulators serving a copy of the built console, cold cache
//! every load (CDP `Network.clearBrowserCache`; not disabled, so preloads are used as on a
//! real first visit).
//!
//! ```text
//! bench --dist DIR [--runs N] [--quick] [--out FILE] [--emulator-note TEXT]
//!       [--loadgen RPS,P50_MS,P99_MS]... [--only loads|lists|status|fleet]
//! ```
//! The emulator binary is `E2E_EMULATOR` (as for the e2e tests). `--loadgen` takes the figures
//! of the emulator's load-generator runs, so that one table and one JSON file hold everything.
//! `--quick`: one run, no network emulation; `--only`: one part (both for working on the
//! bench itself).
//!
//! What each figure means is said in [`print_table`]'s rows and in `README.md`.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use e2e::fantoccini::{Client, Locator};
use e2e::serde_json::{self, json, Value};
use e2e::{cdp, Browser, Emulator, Result};

/// The cluster every page is opened for (the seeded ob-prod-hz; `--history-tasks` adds to it).
const CLUSTER: i64 = 1_000_001;
/// Data-backup tasks for the long-list figures.
const HISTORY_TASKS: usize = 10_000;
/// The floor page's name in the scratch copy of dist/.
const FLOOR: &str = "bench-floor.html";
/// Scroll step of the 10,000-row table, px a frame (about 33 rows of 36 px: more than the
/// overscan, so every frame draws new rows).
const SCROLL_STEP_PX: u32 = 1200;
/// A wheel-like scroll: 120 px (a notch) a frame, for 300 frames (about 1,000 rows).
const WHEEL_STEP_PX: u32 = 120;
const WHEEL_FRAMES: u32 = 300;
/// How long one page may take to show its data (cold, throttled, on a busy 2-core machine).
const LOAD_LIMIT: Duration = Duration::from_secs(90);
/// A load is over once no request started for this long (at most [`QUIET_LIMIT`]).
const QUIET: Duration = Duration::from_millis(300);
const QUIET_LIMIT: Duration = Duration::from_secs(3);
/// DevTools network emulation: 10 Mbit/s down, 5 Mbit/s up (bytes/s), 40 ms latency.
const SLOW_DOWN_BPS: f64 = 10_000_000.0 / 8.0;
const SLOW_UP_BPS: f64 = 5_000_000.0 / 8.0;
const SLOW_LATENCY_MS: f64 = 40.0;

/// DOM markers: the page is showing its data once every selector of its entry matches.
/// The console's markup must keep these (README.md, `cargo xtask bench`, lists every selector
/// the bench relies on).
const MARKS: &[(&str, &[&str])] = &[
    ("clusters", &["[data-testid=cluster-row]"]),
    (
        "overview",
        &[
            "[data-testid=last-backup]",
            "[data-testid=health-panel]",
            "[data-testid=recent-task-row]",
        ],
    ),
    ("strategy", &["[data-testid=schedule-grid] [data-day]"]),
    ("tasks", &["[data-testid=vtable-row]"]),
    ("windows", &["[data-testid=timeline-svg]"]),
    ("restore", &["[data-testid=source-tenant]"]),
];

/// The cold visits whose transfer is measured: path and the mark that says it is loaded.
fn deep_links() -> Vec<(String, &'static str)> {
    vec![
        ("/".to_owned(), "clusters"),
        (format!("/clusters/{CLUSTER}"), "overview"),
        (format!("/clusters/{CLUSTER}/strategy"), "strategy"),
        (format!("/clusters/{CLUSTER}/tasks"), "tasks"),
        (format!("/clusters/{CLUSTER}/windows"), "windows"),
        (format!("/clusters/{CLUSTER}/restore"), "restore"),
    ]
}

const PAGE_SCRIPT: &str = include_str!("bench_page.js");

fn main() -> std::process::ExitCode {
    let opts = match Opts::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("bench: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bench: no tokio runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(&opts)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

struct Opts {
    dist: PathBuf,
    runs: usize,
    quick: bool,
    out: PathBuf,
    emulator_note: String,
    /// Load-generator runs: requests/s, p50 ms, p99 ms.
    loadgen: Vec<[f64; 3]>,
    /// `--only loads|lists|status|fleet`: one part of the bench (for working on it).
    only: Option<String>,
}

impl Opts {
    fn parse(args: impl Iterator<Item = String>) -> Result<Opts> {
        let mut o = Opts {
            dist: PathBuf::from("dist"),
            runs: 5,
            quick: false,
            out: PathBuf::from("target/bench/results.json"),
            emulator_note: String::new(),
            loadgen: Vec::new(),
            only: None,
        };
        let mut it = args;
        while let Some(a) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
            match a.as_str() {
                "--dist" => o.dist = PathBuf::from(value()?),
                "--runs" => o.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
                "--quick" => o.quick = true,
                "--only" => o.only = Some(value()?),
                "--out" => o.out = PathBuf::from(value()?),
                "--emulator-note" => o.emulator_note = value()?,
                "--loadgen" => {
                    let v = value()?;
                    let nums: Vec<f64> = v
                        .split(',')
                        .map(|n| n.trim().parse::<f64>())
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|e| format!("--loadgen {v}: {e}"))?;
                    let [rps, p50, p99] = nums[..] else {
                        return Err(format!("--loadgen {v}: want RPS,P50_MS,P99_MS").into());
                    };
                    o.loadgen.push([rps, p50, p99]);
                }
                other => return Err(format!("unexpected argument `{other}`").into()),
            }
        }
        if o.quick {
            o.runs = 1;
        }
        if let Some(part) = o.only.as_deref().filter(|p| !PARTS.contains(p)) {
            return Err(format!("--only takes {}, not `{part}`", PARTS.join(", ")).into());
        }
        if o.runs == 0 {
            return Err("--runs must be at least 1".into());
        }
        Ok(o)
    }
}

/// The bench's parts: page loads, transfer, floor and grid; the 10,000 tasks and the
/// timeline; the task status update; the clusters list at fleet scale.
const PARTS: [&str; 4] = ["loads", "lists", "status", "fleet"];

impl Opts {
    fn wants(&self, part: &str) -> bool {
        self.only.as_deref().is_none_or(|p| p == part)
    }
}

// ---------------------------------------------------------------------------------------------
// Figures

/// A goal: the median must stay at most (or at least) this.
#[derive(Clone, Copy)]
enum Goal {
    AtMost(f64),
    AtLeast(f64),
}

impl Goal {
    fn met(self, v: f64) -> bool {
        match self {
            Goal::AtMost(g) => v <= g,
            Goal::AtLeast(g) => v >= g,
        }
    }
    fn text(self, unit: &str) -> String {
        match self {
            Goal::AtMost(g) => format!("≤ {} {unit}", trim_num(g)),
            Goal::AtLeast(g) => format!("≥ {} {unit}", trim_num(g)),
        }
    }
}

fn trim_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// One row of the table: its samples (one per run, or per step), unit, goal.
struct Metric {
    key: String,
    section: &'static str,
    label: String,
    unit: &'static str,
    samples: Vec<f64>,
    goal: Option<Goal>,
    note: Option<String>,
}

#[derive(Default)]
struct Figures {
    metrics: Vec<Metric>,
    /// Every measured page load, with what it downloaded.
    loads: Vec<Value>,
    notes: Vec<String>,
}

impl Figures {
    /// Adds a sample to the metric `key` (created with its label, unit and goal).
    fn add(
        &mut self,
        section: &'static str,
        key: &str,
        label: &str,
        unit: &'static str,
        goal: Option<Goal>,
        v: f64,
    ) {
        match self.metrics.iter_mut().find(|m| m.key == key) {
            Some(m) => m.samples.push(v),
            None => self.metrics.push(Metric {
                key: key.to_owned(),
                section,
                label: label.to_owned(),
                unit,
                samples: vec![v],
                goal,
                note: None,
            }),
        }
    }

    fn note(&mut self, key: &str, note: String) {
        if let Some(m) = self.metrics.iter_mut().find(|m| m.key == key) {
            m.note = Some(note);
        }
    }
}

/// The value at quantile `q` (0..1) of sorted samples, linearly interpolated.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn sorted(v: &[f64]) -> Vec<f64> {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    s.sort_by(f64::total_cmp);
    s
}

// ---------------------------------------------------------------------------------------------
// CDP through chromedriver

/// Network emulation on (10 Mbit/s, 5 up, 40 ms) or off.
async fn throttle(c: &Client, slow: bool) -> Result {
    let params = if slow {
        json!({ "offline": false, "latency": SLOW_LATENCY_MS,
                "downloadThroughput": SLOW_DOWN_BPS, "uploadThroughput": SLOW_UP_BPS })
    } else {
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })
    };
    cdp(c, "Network.emulateNetworkConditions", params).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Page helpers

async fn js(c: &Client, script: &str) -> Result<Value> {
    c.execute(script, vec![]).await.map_err(|e| {
        format!(
            "script `{}`: {e}",
            script.chars().take(80).collect::<String>()
        )
        .into()
    })
}

/// Runs `script` until it returns something other than null/false; its value.
async fn poll(c: &Client, script: &str, limit: Duration, what: &str) -> Result<Value> {
    let deadline = Instant::now() + limit;
    loop {
        let v = js(c, script).await?;
        if !(v.is_null() || v == Value::Bool(false)) {
            return Ok(v);
        }
        if Instant::now() > deadline {
            let url = c
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            return Err(format!("{what}: not after {limit:?} (at {url})").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn need(v: &Value, key: &str, ctx: &str) -> Result<f64> {
    num(v, key).ok_or_else(|| format!("{ctx}: no number `{key}` in {v}").into())
}

/// Signs in through the console's form on this emulator's origin (the credentials stay in the
/// tab's sessionStorage for every later load of that origin).
async fn sign_in(c: &Client, emu: &Emulator) -> Result {
    c.goto(&format!("{}/clusters/{CLUSTER}", emu.base_url()))
        .await
        .map_err(|e| format!("goto: {e}"))?;
    poll(
        c,
        "return !!document.querySelector('#signin-user')",
        LOAD_LIMIT,
        "sign-in form",
    )
    .await?;
    for (css, value) in [
        ("#signin-user", &emu.user),
        ("#signin-password", &emu.password),
    ] {
        let el = c
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        el.clear().await.map_err(|e| format!("{css}: {e}"))?;
        el.send_keys(value)
            .await
            .map_err(|e| format!("{css}: {e}"))?;
    }
    c.find(Locator::Css("[data-testid=signin-submit]"))
        .await
        .map_err(|e| format!("sign-in button: {e}"))?
        .click()
        .await
        .map_err(|e| format!("sign-in button: {e}"))?;
    poll(
        c,
        "return !document.querySelector('[data-testid=sign-in]') && !!document.querySelector('[data-testid=last-backup]')",
        LOAD_LIMIT,
        "overview after signing in",
    )
    .await?;
    Ok(())
}

/// What one cold load measured (ms since navigation start).
struct Load {
    fcp: f64,
    /// The data mark in the DOM, the start of the next frame, and the first task after that
    /// frame was rendered.
    mark: f64,
    frame: f64,
    painted: f64,
    /// loadEventEnd.
    load: f64,
    raw: Value,
}

impl Load {
    /// From `since` (ms) to the data painted, without the wait for the next frame after the
    /// DOM changed: the console's own work (script, then that frame's style, layout, paint).
    fn work_since(&self, since: f64) -> f64 {
        work(since, self.mark, self.frame, self.painted)
    }
}

/// From `since` to `painted` (ms) less the wait for the frame: the time between the DOM change
/// (`changed`) and the start of the next frame (`frame`), if the frame started after it.
fn work(since: f64, changed: f64, frame: f64, painted: f64) -> f64 {
    painted - since - (frame - changed).max(0.0)
}

/// A cold visit of `url` (cache cleared): waits for `mark` to be painted and the
/// load event, then reads the page's timings and resource entries.
async fn cold_load(c: &Client, url: &str, mark: &str) -> Result<Load> {
    cdp(c, "Network.clearBrowserCache", json!({})).await?;
    c.goto(url).await.map_err(|e| format!("goto {url}: {e}"))?;
    let ready = format!(
        "const b = window.__bench, n = performance.getEntriesByType('navigation')[0];\
         if (document.documentElement.dataset.panic) return {{panic: document.documentElement.dataset.panic}};\
         return !!(b && b.marks['{mark}:painted'] !== undefined && n && n.loadEventEnd > 0)"
    );
    let state = poll(
        c,
        &ready,
        LOAD_LIMIT,
        &format!("{url}: mark `{mark}` painted"),
    )
    .await?;
    if let Some(p) = state.get("panic") {
        return Err(format!("{url}: the console panicked: {p}").into());
    }
    // The FCP entry is queued once the frame is presented, which may be after the mark's task.
    let fcp = "return performance.getEntriesByName('first-contentful-paint').length > 0";
    if poll(c, fcp, Duration::from_secs(5), "FCP").await.is_err() {
        say(format!("{url}: no first-contentful-paint entry after 5 s"));
    }
    // Files fetched just after the data showed (a lazily loaded chunk) count too: wait until
    // no request has started for QUIET, at most QUIET_LIMIT.
    let deadline = Instant::now() + QUIET_LIMIT;
    let mut seen = -1.0;
    while Instant::now() < deadline {
        let n = js(c, "return performance.getEntriesByType('resource').length").await?;
        let n = n.as_f64().unwrap_or(0.0);
        if n == seen {
            break;
        }
        seen = n;
        tokio::time::sleep(QUIET).await;
    }
    let raw = js(c, COLLECT).await?;
    let ctx = url.to_owned();
    let marks = raw.get("marks").cloned().unwrap_or(Value::Null);
    Ok(Load {
        fcp: num(&raw, "fcp").unwrap_or(f64::NAN),
        mark: need(&marks, mark, &ctx)?,
        frame: need(&marks, &format!("{mark}:frame"), &ctx)?,
        painted: need(&marks, &format!("{mark}:painted"), &ctx)?,
        load: need(&raw, "load", &ctx)?,
        raw,
    })
}

const COLLECT: &str = r#"
const b = window.__bench || {};
const nav = performance.getEntriesByType('navigation')[0];
const fcp = performance.getEntriesByName('first-contentful-paint')[0];
const pick = (e) => ({ name: e.name, initiator: e.initiatorType, transferSize: e.transferSize,
  encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize,
  startTime: e.startTime, responseEnd: e.responseEnd });
return {
  url: location.href,
  marks: b.marks || {},
  bodies: b.bodies || [],
  fcp: fcp ? fcp.startTime : null,
  load: nav ? nav.loadEventEnd : null,
  document: nav ? pick(nav) : null,
  resources: performance.getEntriesByType('resource').map(pick),
};
"#;

/// The latest moment a response whose URL contains `part` was read before `before` (ms): the
/// body's read (from the page script) or, failing that, the resource entry's responseEnd.
fn data_arrived(raw: &Value, part: &str, before: f64) -> Option<f64> {
    let from_bodies = raw
        .get("bodies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|b| {
            b.get("url")
                .and_then(Value::as_str)
                .is_some_and(|u| u.contains(part))
        })
        .filter_map(|b| num(b, "t"))
        .filter(|t| *t <= before)
        .fold(None, |a: Option<f64>, t| Some(a.map_or(t, |a| a.max(t))));
    from_bodies.or_else(|| {
        raw.get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|r| {
                r.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|u| u.contains(part))
            })
            .filter_map(|r| num(r, "responseEnd"))
            .filter(|t| *t <= before)
            .fold(None, |a: Option<f64>, t| Some(a.map_or(t, |a| a.max(t))))
    })
}

// ---------------------------------------------------------------------------------------------
// Transfer: the files a load fetched, sized from dist/ (precompressed siblings, else compressed
// here the same way)

/// Raw, gzip and brotli bytes of one served file.
#[derive(Clone, Copy, Default)]
struct Sizes {
    raw: u64,
    gz: u64,
    br: u64,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, o: Sizes) {
        self.raw += o.raw;
        self.gz += o.gz;
        self.br += o.br;
    }
}

#[derive(Default)]
struct SizeCache(HashMap<PathBuf, Sizes>);

impl SizeCache {
    fn sizes(&mut self, file: &Path) -> Result<Sizes> {
        if let Some(s) = self.0.get(file) {
            return Ok(*s);
        }
        let data = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let sibling = |ext: &str| {
            let mut p = file.as_os_str().to_owned();
            p.push(ext);
            std::fs::metadata(PathBuf::from(p)).ok().map(|m| m.len())
        };
        let gz = match sibling(".gz") {
            Some(n) => n,
            None => gzip(&data)?.len() as u64,
        };
        let br = match sibling(".br") {
            Some(n) => n,
            None => brotli(&data)?.len() as u64,
        };
        let s = Sizes {
            raw: data.len() as u64,
            gz,
            br,
        };
        self.0.insert(file.to_path_buf(), s);
        Ok(s)
    }
}

fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    use flate2::{write::GzEncoder, Compression};
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(data)?;
    Ok(enc.finish()?)
}

fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

/// The file of `dist` that serves `path` (the emulator's rules: a file, else index.html for
/// anything that does not look like a file).
fn served_file(dist: &Path, path: &str) -> Option<PathBuf> {
    let rel = path.trim_start_matches('/');
    let last = rel.rsplit('/').next().unwrap_or("");
    if rel.is_empty() || !last.contains('.') {
        return Some(dist.join("index.html"));
    }
    let f = dist.join(rel);
    f.is_file().then_some(f)
}

/// Static transfer of one load: the document and every same-origin, non-`/api/` resource,
/// each URL once. Also the wasm alone and the `/api/` calls (count and bytes on the wire).
struct Transfer {
    all: Sizes,
    wasm: Sizes,
    files: Vec<(String, Sizes)>,
    api_calls: usize,
    api_wire: f64,
    /// What Chromium reports on the wire for the static files (as served; no br over http).
    static_wire: f64,
}

fn transfer(raw: &Value, origin: &str, dist: &Path, cache: &mut SizeCache) -> Result<Transfer> {
    let mut entries: Vec<&Value> = Vec::new();
    if let Some(d) = raw.get("document").filter(|d| !d.is_null()) {
        entries.push(d);
    }
    entries.extend(
        raw.get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    let mut seen = BTreeMap::new();
    let (mut api_calls, mut api_wire, mut static_wire) = (0, 0.0, 0.0);
    for e in entries {
        let Some(name) = e.get("name").and_then(Value::as_str) else {
            continue;
        };
        let Some(rest) = name.strip_prefix(origin) else {
            continue; // another origin (none expected) or data: URLs
        };
        let path = rest.split(['?', '#']).next().unwrap_or("/");
        let path = if path.is_empty() { "/" } else { path };
        let wire = num(e, "transferSize").unwrap_or(0.0);
        if path.starts_with("/api/") {
            api_calls += 1;
            api_wire += wire;
            continue;
        }
        if seen.contains_key(path) {
            continue;
        }
        static_wire += wire;
        let file = served_file(dist, path)
            .ok_or_else(|| format!("{name}: no such file in {}", dist.display()))?;
        seen.insert(path.to_owned(), cache.sizes(&file)?);
    }
    let (mut all, mut wasm) = (Sizes::default(), Sizes::default());
    for (path, s) in &seen {
        all += *s;
        if path.ends_with(".wasm") {
            wasm += *s;
        }
    }
    Ok(Transfer {
        all,
        wasm,
        files: seen.into_iter().collect(),
        api_calls,
        api_wire,
        static_wire,
    })
}

fn kib(n: u64) -> f64 {
    n as f64 / 1024.0
}

// ---------------------------------------------------------------------------------------------
// The floor: the rendered overview as static HTML

/// The overview's DOM as a static page: scripts and (module)preloads removed, the same CSS.
const FLOOR_HTML: &str = r#"
const root = document.documentElement.cloneNode(true);
root.querySelectorAll('script, link[rel=modulepreload], link[rel=preload], link[rel=prefetch]')
  .forEach((e) => e.remove());
return '<!DOCTYPE html>\n' + root.outerHTML;
"#;

/// A copy of `dist` (files only, recursively) to add the floor page to.
fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let p = entry?.path();
        let dest = to.join(p.file_name().ok_or("a file without a name")?);
        if p.is_dir() {
            copy_dir(&p, &dest)?;
        } else {
            std::fs::copy(&p, &dest).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    Ok(())
}

fn write_floor(dir: &Path, html: &str) -> Result {
    let page = dir.join(FLOOR);
    std::fs::write(&page, html)?;
    std::fs::write(dir.join(format!("{FLOOR}.gz")), gzip(html.as_bytes())?)?;
    std::fs::write(dir.join(format!("{FLOOR}.br")), brotli(html.as_bytes())?)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// In-page measurements

/// What one scroll of the table measured.
struct Scroll {
    /// Worst frame: main-thread time from its start to the first task after it (ms).
    worst: f64,
    /// Worst interval between two rAF callbacks (ms).
    worst_gap: f64,
    /// Frames over 16 ms, and all frames.
    over: f64,
    frames: f64,
    /// The most row elements in the DOM at a frame.
    max_rows: f64,
    raw: Value,
}

/// Scrolls the 10,000-row table from the top, `step` px a frame, to the bottom or for `frames`.
async fn scroll(c: &Client, step: u32, frames: Option<u32>) -> Result<Scroll> {
    let script = SCROLL.replace("__STEP__", &step.to_string()).replace(
        "__FRAMES__",
        &frames.map_or("Infinity".into(), |n| n.to_string()),
    );
    let go = js(c, &script).await?;
    if go != Value::Bool(true) {
        return Err(format!("scroll: {go}").into());
    }
    let raw = poll(
        c,
        "return window.__bench.scroll",
        Duration::from_secs(180),
        "scrolling the task table",
    )
    .await?;
    let list = |key: &str| -> Result<Vec<f64>> {
        let a = raw
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| format!("scroll: no `{key}` list in {raw}"))?;
        Ok(a.iter().filter_map(Value::as_f64).collect())
    };
    let (work, gaps) = (list("work")?, list("gaps")?);
    Ok(Scroll {
        worst: work.iter().copied().fold(0.0, f64::max),
        worst_gap: gaps.iter().copied().fold(0.0, f64::max),
        over: work.iter().filter(|w| **w > 16.0).count() as f64,
        frames: work.len() as f64,
        max_rows: need(&raw, "maxRows", "scroll")?,
        raw,
    })
}

/// 60 frames of an idle page, each timed as a scroll frame is (frame start → first task after
/// it was rendered, ms): what a frame costs when the console does nothing. In `__bench.idle`.
const IDLE: &str = r#"
const B = window.__bench;
B.idle = null;
const work = [];
const frame = (ts) => {
  const c = new MessageChannel();
  c.port1.onmessage = () => {
    work.push(performance.now() - ts);
    if (work.length >= 60) B.idle = work; else requestAnimationFrame(frame);
  };
  c.port2.postMessage(0);
};
requestAnimationFrame(frame);
return true;
"#;

/// The worst idle frame (ms) of the page now open.
async fn idle_frame(c: &Client) -> Result<f64> {
    js(c, IDLE).await?;
    let v = poll(
        c,
        "return window.__bench.idle",
        Duration::from_secs(30),
        "idle frames",
    )
    .await?;
    let work = v.as_array().ok_or("idle frames: not a list")?;
    Ok(work.iter().filter_map(Value::as_f64).fold(0.0, f64::max))
}

/// Scrolls the virtual table's box from the top, `step` px a frame, to the bottom or for
/// `maxFrames` frames; per frame the
/// main-thread time from the frame's start to the first task after it was rendered (ms), the
/// rAF interval (ms), and the most row elements seen.
const SCROLL: &str = r#"
const B = window.__bench, step = __STEP__, maxFrames = __FRAMES__;
const table = document.querySelector('[data-testid=vtable]');
const box = table && table.closest('.vtable');
if (!box) return 'no [data-testid=vtable] inside a .vtable scroll box';
B.scroll = null;
box.scrollTop = 0;
const work = [], gaps = [];
let maxRows = 0, prev = null;
const rows = () => document.querySelectorAll('[data-testid=vtable-row]').length;
const frame = (ts) => {
  if (prev !== null) gaps.push(ts - prev);
  prev = ts;
  maxRows = Math.max(maxRows, rows());
  const c = new MessageChannel();
  c.port1.onmessage = () => work.push(performance.now() - ts);
  c.port2.postMessage(0);
  if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1 || gaps.length >= maxFrames) {
    setTimeout(() => { B.scroll = { work, gaps, maxRows, endRows: rows(),
      scrollHeight: box.scrollHeight, frames: gaps.length }; }, 300);
    return;
  }
  box.scrollTop += step;
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
return true;
"#;

/// Clicks a strategy-grid cell from inside a frame and times it to the first task after the
/// frame that shows the change was rendered (ms). Result in `__bench.toggle`.
const TOGGLE: &str = r#"
const B = window.__bench;
const grid = document.querySelector('[data-testid=schedule-grid]');
const cell = grid && grid.querySelector('[data-day]');
if (!cell) return 'no [data-testid=schedule-grid] [data-day]';
B.toggle = null;
const before = cell.getAttribute('data-kind');
requestAnimationFrame(() => {
  let changed = null;
  const mo = new MutationObserver(() => {
    if (changed === null) {
      changed = performance.now();
      if (!inFrame) B.afterPaint((t) => finish(t));
    }
  });
  mo.observe(grid, { subtree: true, childList: true, attributes: true, characterData: true });
  const finish = (t) => {
    mo.disconnect();
    B.toggle = { start, changed, painted: t, before, after: cell.getAttribute('data-kind') };
  };
  let inFrame = true;
  const start = performance.now();
  cell.click();
  const c = new MessageChannel();
  c.port1.onmessage = () => { inFrame = false; if (changed !== null) finish(performance.now()); };
  c.port2.postMessage(0);
});
return true;
"#;

/// Watches the tasks table for a status chip changing (`data-status`), and times each change
/// from the read of the task list that brought it to the first task after the frame showing it
/// was rendered. Results pushed to `__bench.changes`.
const WATCH_STATUS: &str = r#"
const B = window.__bench;
const table = document.querySelector('[data-testid=vtable]');
if (!table) return 'no [data-testid=vtable]';
if (B.watching) return true;
B.watching = true;
const statuses = () => Array.from(table.querySelectorAll('[data-testid=vtable-row]'))
  .map((r) => { const c = r.querySelector('[data-testid=status-chip]');
                return r.getAttribute('data-key') + '=' + (c ? c.getAttribute('data-status') : ''); })
  .join(' ');
let last = statuses();
new MutationObserver(() => {
  const now = statuses();
  if (now === last) return;
  const t = performance.now();
  const body = B.bodies.filter((b) => b.url.includes('dataBackupTasks') && b.t <= t)
    .reduce((a, b) => Math.max(a, b.t), -1);
  const from = last;
  last = now;
  B.afterPaint((p, frame) => B.changes.push({ body, changed: t, frame, painted: p, from, to: now }));
}).observe(table, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
return true;
"#;

/// What the status watch saw, for the error when no change came.
const STATUS_STATE: &str = r#"
const B = window.__bench;
return { changes: B.changes, listReads: B.bodies.filter((b) => b.url.includes('dataBackupTasks')).length,
  chips: Array.from(document.querySelectorAll('[data-testid=vtable-row] [data-testid=status-chip]'))
    .slice(0, 5).map((c) => c.getAttribute('data-status')),
  now: performance.now() };
"#;

// ---------------------------------------------------------------------------------------------
// The run

async fn start_browser() -> Result<Browser> {
    let browser = Browser::start().await?;
    let c = browser.client();
    let marks: serde_json::Map<String, Value> = MARKS
        .iter()
        .map(|(k, sels)| (k.to_string(), json!(sels)))
        .collect();
    let source = PAGE_SCRIPT.replace("__MARKS__", &Value::Object(marks).to_string());
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await?;
    cdp(c, "Network.enable", json!({})).await?;
    // The cache is cleared before each cold load, not disabled: a disabled cache also refuses
    // the page's own preloads (every chunk would be fetched twice), which no real first visit
    // does.
    Ok(browser)
}

fn say(msg: impl std::fmt::Display) {
    println!("bench: {msg}");
    let _ = std::io::stdout().flush();
}

async fn run(o: &Opts) -> Result {
    let started = Instant::now();
    let dist = std::fs::canonicalize(&o.dist).map_err(|e| format!("{}: {e}", o.dist.display()))?;
    let scratch = tempfile::Builder::new().prefix("bench-dist-").tempdir()?;
    let served = scratch.path().join("dist");
    copy_dir(&dist, &served)?;
    let mut f = Figures::default();
    if o.wants("loads") {
        part_loads(o, &served, &mut f).await?;
    }
    if o.wants("lists") {
        part_lists(o, &served, &mut f).await?;
    }
    if o.wants("status") {
        part_status(o, &served, &mut f).await?;
    }
    if o.wants("fleet") {
        part_fleet(o, &served, &mut f).await?;
    }
    for [rps, p50, p99] in &o.loadgen {
        f.add(
            "emulator",
            "emu:rps",
            "overview endpoint throughput",
            "req/s",
            Some(Goal::AtLeast(2000.0)),
            *rps,
        );
        f.add(
            "emulator",
            "emu:p50",
            "overview endpoint latency p50",
            "ms",
            None,
            *p50,
        );
        f.add(
            "emulator",
            "emu:p99",
            "overview endpoint latency p99",
            "ms",
            Some(Goal::AtMost(10.0)),
            *p99,
        );
    }
    f.notes.push(format!(
        "{} runs{}; {} cores; bench took {:.0} s",
        o.runs,
        if o.quick {
            " (--quick: no network emulation)"
        } else {
            ""
        },
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        started.elapsed().as_secs_f64()
    ));
    print_table(o, &f);
    write_json(o, &f)?;
    Ok(())
}

/// Loads, transfer, the floor and the strategy grid: a default emulator.
async fn part_loads(o: &Opts, served: &Path, f: &mut Figures) -> Result {
    let mut cache = SizeCache::default();
    say("emulator (default seed) and Chromium");
    let emu = Emulator::start_with(served, None, &[]).await?;
    let browser = start_browser().await?;
    let c = browser.client();
    let base = emu.base_url();
    sign_in(c, &emu).await?;
    let agent = js(c, "return navigator.userAgent").await?;
    f.notes
        .push(format!("browser: {}", agent.as_str().unwrap_or("?")));
    // The floor: the overview as it renders, frozen into static HTML.
    let overview = format!("/clusters/{CLUSTER}");
    cold_load(c, &format!("{base}{overview}"), "overview").await?;
    let html = js(c, FLOOR_HTML).await?;
    let html = html.as_str().ok_or("the overview's HTML is not a string")?;
    write_floor(served, html)?;
    say(format!("floor page: {} ({} bytes)", FLOOR, html.len()));

    let networks: &[(&str, bool)] = if o.quick {
        &[("loopback", false)]
    } else {
        &[("loopback", false), ("10 Mbit/s, 40 ms", true)]
    };
    for run in 0..o.runs {
        say(format!("run {}/{}: cold loads", run + 1, o.runs));
        for (path, mark) in deep_links() {
            let l = cold_load(c, &format!("{base}{path}"), mark).await?;
            let t = transfer(&l.raw, &base, served, &mut cache)?;
            let goal = if path == "/" { 200.0 } else { 300.0 };
            let key = format!("load{path}");
            f.add(
                "transfer",
                &format!("{key}:gz"),
                &path,
                "KiB",
                Some(Goal::AtMost(goal)),
                kib(t.all.gz),
            );
            f.add(
                "transfer",
                &format!("{key}:br"),
                &path,
                "KiB",
                None,
                kib(t.all.br),
            );
            f.add(
                "transfer",
                &format!("{key}:raw"),
                &path,
                "KiB",
                None,
                kib(t.all.raw),
            );
            f.add(
                "transfer",
                &format!("{key}:wasm_gz"),
                &path,
                "KiB",
                None,
                kib(t.wasm.gz),
            );
            f.add(
                "transfer",
                &format!("{key}:wasm_br"),
                &path,
                "KiB",
                None,
                kib(t.wasm.br),
            );
            f.add(
                "transfer",
                &format!("{key}:api"),
                &path,
                "calls",
                None,
                t.api_calls as f64,
            );
            let api_kib = t.api_wire / 1024.0;
            f.add(
                "transfer",
                &format!("{key}:api_kib"),
                &path,
                "KiB",
                None,
                api_kib,
            );
            f.add("transfer", &format!("{key}:fcp"), &path, "ms", None, l.fcp);
            f.add(
                "transfer",
                &format!("{key}:shown"),
                &path,
                "ms",
                None,
                l.painted,
            );
            f.loads.push(json!({
                "run": run, "network": "loopback", "path": path, "fcp_ms": l.fcp,
                "mark": mark, "mark_ms": l.mark, "shown_ms": l.painted, "load_ms": l.load,
                "static": { "raw": t.all.raw, "gzip": t.all.gz, "brotli": t.all.br,
                            "wire_as_served": t.static_wire },
                "wasm": { "raw": t.wasm.raw, "gzip": t.wasm.gz, "brotli": t.wasm.br },
                "api": { "calls": t.api_calls, "wire": t.api_wire },
                "files": t.files.iter().map(|(p, s)| json!({"path": p, "raw": s.raw, "gzip": s.gz, "brotli": s.br})).collect::<Vec<_>>(),
                "page": l.raw,
            }));
        }
        for &(net, slow) in networks {
            say(format!(
                "run {}/{}: overview and floor, {net}",
                run + 1,
                o.runs
            ));
            throttle(c, slow).await?;
            let console = cold_load(c, &format!("{base}{overview}"), "overview").await?;
            let floor = cold_load(c, &format!("{base}/{FLOOR}"), "overview").await?;
            throttle(c, false).await?;
            // The floor shows its data at its load event, or at its first paint (or the first
            // frame with the data) if that is later.
            let floor_shown = floor.load.max(floor.painted).max(floor.fcp);
            let (goal_ratio, tag) = if slow {
                (2.0, "slow")
            } else {
                (1.6, "loopback")
            };
            f.add(
                "overview",
                &format!("ov:{tag}:fcp"),
                &format!("console FCP, {net}"),
                "ms",
                None,
                console.fcp,
            );
            f.add(
                "overview",
                &format!("ov:{tag}:shown"),
                &format!("console data shown, {net}"),
                "ms",
                None,
                console.painted,
            );
            f.add(
                "overview",
                &format!("ov:{tag}:floor_fcp"),
                &format!("static floor FCP, {net}"),
                "ms",
                None,
                floor.fcp,
            );
            f.add(
                "overview",
                &format!("ov:{tag}:floor_shown"),
                &format!("static floor data shown (load), {net}"),
                "ms",
                None,
                floor_shown,
            );
            f.add(
                "overview",
                &format!("ov:{tag}:fcp_ratio"),
                &format!("FCP ÷ floor, {net}"),
                "×",
                None,
                console.fcp / floor.fcp,
            );
            f.add(
                "overview",
                &format!("ov:{tag}:ratio"),
                &format!("data shown ÷ floor, {net}"),
                "×",
                Some(Goal::AtMost(goal_ratio)),
                console.painted / floor_shown,
            );
            for (what, l) in [("console", &console), ("floor", &floor)] {
                f.loads.push(json!({ "run": run, "network": net, "path": if what == "floor" { format!("/{FLOOR}") } else { overview.clone() },
                    "fcp_ms": l.fcp, "mark_ms": l.mark, "shown_ms": l.painted, "load_ms": l.load, "page": l.raw }));
            }
        }
    }

    // One strategy-grid cell toggle per run.
    say("strategy grid: cell toggles");
    cold_load(
        c,
        &format!("{base}/clusters/{CLUSTER}/strategy"),
        "strategy",
    )
    .await?;
    for _ in 0..o.runs.max(5) {
        let idle = idle_frame(c).await?;
        let started = js(c, TOGGLE).await?;
        if started != Value::Bool(true) {
            return Err(format!("grid toggle: {started}").into());
        }
        let t = poll(
            c,
            "return window.__bench.toggle",
            Duration::from_secs(10),
            "grid toggle painted",
        )
        .await?;
        let ms = need(&t, "painted", "toggle")? - need(&t, "start", "toggle")?;
        if t.get("before") == t.get("after") {
            return Err(format!("grid toggle: the cell did not change: {t}").into());
        }
        f.add(
            "interaction",
            "toggle",
            "strategy-grid cell toggle: click → painted",
            "ms",
            Some(Goal::AtMost(5.0)),
            ms,
        );
        f.add(
            "interaction",
            "toggle:idle",
            "  worst idle frame, strategy page (baseline)",
            "ms",
            None,
            idle,
        );
        f.loads.push(json!({ "toggle": t, "idle_frame_ms": idle }));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// 10,000 tasks and the timeline: an emulator with the long history.
async fn part_lists(o: &Opts, served: &Path, f: &mut Figures) -> Result {
    say(format!("emulator with --history-tasks {HISTORY_TASKS}"));
    let n = HISTORY_TASKS.to_string();
    let emu = Emulator::start_with(served, None, &["--history-tasks", &n]).await?;
    let browser = start_browser().await?;
    let c = browser.client();
    let base = emu.base_url();
    sign_in(c, &emu).await?;
    for run in 0..o.runs {
        say(format!(
            "run {}/{}: 10,000 tasks, timeline",
            run + 1,
            o.runs
        ));
        let url = format!("{base}/clusters/{CLUSTER}/tasks?range=30d");
        let l = cold_load(c, &url, "tasks").await?;
        let total = poll(
            c,
            "const t = document.querySelector('[data-testid=vtable]'); return t && Number(t.dataset.total)",
            LOAD_LIMIT,
            "vtable data-total",
        )
        .await?
        .as_f64()
        .unwrap_or(0.0);
        let arrived = data_arrived(&l.raw, "dataBackupTasks", l.mark)
            .ok_or("tasks: no dataBackupTasks response before the first rows")?;
        f.add(
            "tasks",
            "tasks:rows",
            "rows in the list (30 days)",
            "rows",
            None,
            total,
        );
        f.add(
            "tasks",
            "tasks:first_rows",
            "first rows: last list page read → painted, own work",
            "ms",
            Some(Goal::AtMost(50.0)),
            l.work_since(arrived),
        );
        f.add(
            "tasks",
            "tasks:first_rows_wait",
            "  the same with the wait for the next frame",
            "ms",
            None,
            l.painted - arrived,
        );
        f.add(
            "tasks",
            "tasks:first_rows_nav",
            "first rows since navigation (cold, loopback)",
            "ms",
            None,
            l.painted,
        );
        let idle = idle_frame(c).await?;
        f.add(
            "tasks",
            "tasks:idle_frame",
            "  worst idle frame, same page, no scrolling (baseline)",
            "ms",
            None,
            idle,
        );
        let fling = scroll(c, SCROLL_STEP_PX, None).await?;
        f.add(
            "tasks",
            "tasks:worst_frame",
            &format!("worst scroll frame, to the bottom {SCROLL_STEP_PX} px a frame"),
            "ms",
            Some(Goal::AtMost(16.0)),
            fling.worst,
        );
        f.add(
            "tasks",
            "tasks:worst_gap",
            "  worst rAF interval",
            "ms",
            None,
            fling.worst_gap,
        );
        f.add(
            "tasks",
            "tasks:slow_frames",
            "  frames over 16 ms",
            "frames",
            None,
            fling.over,
        );
        f.add(
            "tasks",
            "tasks:frames",
            "  frames",
            "frames",
            None,
            fling.frames,
        );
        f.add(
            "tasks",
            "tasks:max_rows",
            "row elements in the DOM (most while scrolling)",
            "rows",
            Some(Goal::AtMost(80.0)),
            fling.max_rows,
        );
        let wheel = scroll(c, WHEEL_STEP_PX, Some(WHEEL_FRAMES)).await?;
        f.add(
            "tasks",
            "tasks:wheel_worst",
            &format!("worst scroll frame, {WHEEL_STEP_PX} px a frame for {WHEEL_FRAMES} frames"),
            "ms",
            None,
            wheel.worst,
        );
        f.add(
            "tasks",
            "tasks:wheel_slow",
            "  frames over 16 ms",
            "frames",
            None,
            wheel.over,
        );
        f.loads.push(json!({ "run": run, "path": url, "first_rows_ms": l.painted, "list_read_ms": arrived, "scroll": fling.raw, "wheel": wheel.raw, "page": l.raw }));

        // The timeline: the page draws 7 days before `end=` (now by default).
        let url = format!("{base}/clusters/{CLUSTER}/windows");
        let l = cold_load(c, &url, "windows").await?;
        let arrived = data_arrived(&l.raw, "backup/info", l.mark)
            .ok_or("timeline: no backup/info response before the timeline")?;
        let items = js(
            c,
            "const s = document.querySelector('[data-testid=timeline-svg]'); const n = (q) => s ? s.querySelectorAll(q).length : 0;\
             return { all: n('[data-mark]'), point: n('[data-testid=point]'), log: n('[data-testid=log]'), window: n('[data-testid=window]'), gap: n('[data-testid=gap]'), ticks: n('[data-testid=tick]') }",
        )
        .await?;
        f.add(
            "timeline",
            "timeline:render",
            "timeline: backup/info read → painted, own work",
            "ms",
            Some(Goal::AtMost(60.0)),
            l.work_since(arrived),
        );
        f.add(
            "timeline",
            "timeline:render_wait",
            "  the same with the wait for the next frame",
            "ms",
            None,
            l.painted - arrived,
        );
        f.add(
            "timeline",
            "timeline:nav",
            "timeline shown since navigation (cold, loopback)",
            "ms",
            None,
            l.painted,
        );
        f.add(
            "timeline",
            "timeline:items",
            "timeline items drawn (points, logs, windows, gaps)",
            "items",
            None,
            num(&items, "all").unwrap_or(0.0),
        );
        f.loads.push(json!({ "run": run, "path": url, "items": items, "shown_ms": l.painted, "info_read_ms": arrived, "page": l.raw }));
    }
    f.note(
        "timeline:items",
        "the page draws the 7 days before `end=` (no 30-day view), and expired backups (all of \
         --history-tasks) are not in /backup/info: this is the most it offers"
            .into(),
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Fleet: the clusters list at scale

/// Added to every `/api` answer of the fleet emulators (`--faults`, kind `latency`), as a
/// nearby OCP would take.
const FLEET_LATENCY_MS: u64 = 30;
/// How long the idle figures watch the page.
const IDLE_WATCH: Duration = Duration::from_secs(60);
/// A demo OB 4.x cluster: with `--fleet 6x100` it has 100 tenants (ob-prod-bj).
const TENANT_RICH: i64 = 1_000_003;
/// The fleet sizes measured.
const FLEET_SMALL: &str = "200x30";
const FLEET_LARGE: &str = "500x30";

/// Installed before any page script (with [`PAGE_SCRIPT`]): every `/api` fetch (URL, time, the
/// cluster rows in the DOM when it was sent), the DOM's mutation records, the moment every
/// row in the clusters table's view shows its health (`health`, then `health:frame` and
/// `health:painted` as [`PAGE_SCRIPT`]'s marks) and, once armed, the moment a search's rows
/// are shown (`search`).
const FLEET_SCRIPT: &str = concat!(
    include_str!("../fleet_recorder.js"),
    r#"
(() => {
  const F = Object.assign(window.__fleet, { mutations: 0, marks: {}, search: null, lastInput: null });
  const afterPaint = (f) => requestAnimationFrame((frame) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => f(performance.now(), frame);
    c.port2.postMessage(0);
  });
  const mark = (name) => {
    if (name in F.marks) return;
    F.marks[name] = performance.now();
    F.marks[name + ':requests'] = F.api.length;
    afterPaint((t, frame) => { F.marks[name + ':frame'] = frame; F.marks[name + ':painted'] = t; });
  };
  F.mark = mark;
  const inView = () => {
    const s = document.querySelector('.cluster-table__scroll');
    if (!s) return [];
    const box = s.getBoundingClientRect();
    const bottom = Math.min(box.bottom, window.innerHeight);
    return Array.from(s.querySelectorAll('[data-testid=cluster-row]')).filter((r) => {
      const b = r.getBoundingClientRect();
      return b.bottom > box.top + 1 && b.top < bottom - 1;
    });
  };
  F.inView = inView;
  const healthShown = () => {
    if (!document.querySelector('[data-testid=health-cell][data-severity]')) return false;
    const rows = inView();
    return rows.length > 0 && rows.every((r) => {
      const c = r.querySelector('[data-testid=health-cell]');
      return c && c.hasAttribute('data-severity');
    });
  };
  document.addEventListener('input', () => { F.lastInput = performance.now(); }, true);
  new MutationObserver((records) => {
    F.mutations += records.length;
    if (!('health' in F.marks) && healthShown()) mark('health');
    const q = F.search;
    if (q && q.shown === null) {
      const names = Array.from(document.querySelectorAll('[data-testid=cluster-row] [data-testid=cluster-link]'))
        .map((a) => a.textContent);
      if (names.length > 0 && names.every((n) => n.includes(q.needle))) {
        q.shown = performance.now();
        q.input = F.lastInput;
        afterPaint((t, frame) => { q.frame = frame; q.painted = t; });
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})();
"#
);

/// An emulator for the fleet figures: `args` plus `--faults`, every `/api` answer
/// [`FLEET_LATENCY_MS`] late.
async fn fleet_emulator(served: &Path, args: &[&str]) -> Result<Emulator> {
    let mut all = args.to_vec();
    all.push("--faults");
    let emu = Emulator::start_with(served, None, &all).await?;
    let fault = json!({ "path": "/api", "kind": "latency", "latencyMs": FLEET_LATENCY_MS });
    let url = format!("{}/__emulator/faults", emu.base_url());
    let (status, body) =
        e2e::http_send("POST", &url, Some((&emu.user, &emu.password)), Some(&fault)).await?;
    if status != 201 {
        return Err(format!(
            "adding the answer delay: {status} {}",
            String::from_utf8_lossy(&body)
        )
        .into());
    }
    Ok(emu)
}

/// A browser with the bench's page script and [`FLEET_SCRIPT`], signed in on `emu`.
async fn fleet_browser(emu: &Emulator) -> Result<Browser> {
    let browser = start_browser().await?;
    cdp(
        browser.client(),
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": FLEET_SCRIPT }),
    )
    .await?;
    sign_in(browser.client(), emu).await?;
    Ok(browser)
}

/// A cold visit of the clusters list (cache cleared) until every row in view shows its health:
/// (ms since navigation until that was painted, `/api` requests sent until then).
async fn fleet_first_screen(c: &Client, base: &str) -> Result<(f64, f64)> {
    cdp(c, "Network.clearBrowserCache", json!({})).await?;
    c.goto(&format!("{base}/"))
        .await
        .map_err(|e| format!("goto {base}/: {e}"))?;
    let m = poll(
        c,
        "const F = window.__fleet; if (document.documentElement.dataset.panic) return { panic: document.documentElement.dataset.panic }; \
         return F && F.marks['health:painted'] !== undefined ? F.marks : null",
        LOAD_LIMIT,
        "every row in view showing its health",
    )
    .await?;
    if let Some(p) = m.get("panic") {
        return Err(format!("the console panicked: {p}").into());
    }
    Ok((
        need(&m, "health:painted", "first screen")?,
        need(&m, "health:requests", "first screen")?,
    ))
}

/// The count of the clusters list: (shown, total) from "37 of 500 clusters" / "500 clusters".
async fn fleet_count(c: &Client) -> Result<(f64, f64)> {
    let text = js(
        c,
        "const e = document.querySelector('[data-testid=cluster-count]'); return e ? e.textContent : ''",
    )
    .await?;
    let text = text.as_str().unwrap_or_default();
    let nums: Vec<f64> = text
        .split(|ch: char| !ch.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    Ok(match nums[..] {
        [n, ..] if !text.contains(" of ") => (n, n),
        [shown, n, ..] => (shown, n),
        _ => (f64::NAN, f64::NAN),
    })
}

/// The clusters list at fleet scale: emulators with `--fleet` (and the demo's 6 clusters as
/// the baseline), every `/api` answer [`FLEET_LATENCY_MS`] late.
async fn part_fleet(o: &Opts, served: &Path, f: &mut Figures) -> Result {
    let lat = format!("{FLEET_LATENCY_MS} ms answers");
    // The 6-cluster demo: the baseline time to the first screen of health.
    say(format!("fleet: the demo's 6 clusters, {lat}"));
    let emu = fleet_emulator(served, &[]).await?;
    let browser = fleet_browser(&emu).await?;
    let mut demo = Vec::new();
    for run in 0..o.runs {
        let (ms, requests) = fleet_first_screen(browser.client(), &emu.base_url()).await?;
        say(format!(
            "run {}/{}: 6 clusters, health in view after {ms:.0} ms, {requests} requests",
            run + 1,
            o.runs
        ));
        demo.push(ms);
        f.add(
            "fleet",
            "fleet:6:health_ms",
            "6 clusters (demo): navigation → health in view",
            "ms",
            None,
            ms,
        );
        f.add(
            "fleet",
            "fleet:6:requests",
            "  /api requests until then",
            "requests",
            None,
            requests,
        );
    }
    drop(browser);
    drop(emu);
    let demo_ms = quantile(&sorted(&demo), 0.5);

    // 200 clusters: the first screen, Back from an overview, the idle page.
    say(format!("fleet: --fleet {FLEET_SMALL}, {lat}"));
    let emu = fleet_emulator(served, &["--fleet", FLEET_SMALL]).await?;
    let browser = fleet_browser(&emu).await?;
    let c = browser.client();
    let base = emu.base_url();
    for run in 0..o.runs {
        let (ms, requests) = fleet_first_screen(c, &base).await?;
        say(format!(
            "run {}/{}: 200 clusters, health in view after {ms:.0} ms, {requests} requests",
            run + 1,
            o.runs
        ));
        f.add(
            "fleet",
            "fleet:200:requests",
            "200 clusters: /api requests until health in view",
            "requests",
            Some(Goal::AtMost(100.0)),
            requests,
        );
        f.add(
            "fleet",
            "fleet:200:health_ms",
            "200 clusters: navigation → health in view",
            "ms",
            Some(Goal::AtMost(1500.0)),
            ms,
        );
        f.add(
            "fleet",
            "fleet:200:health_ratio",
            "  ÷ the 6-cluster median",
            "×",
            Some(Goal::AtMost(2.0)),
            ms / demo_ms,
        );
        // Clusters → the first cluster's overview → Back.
        let back = fleet_back(c).await?;
        f.add(
            "fleet",
            "fleet:200:back_requests",
            "clusters → overview → Back: /api requests before rows",
            "requests",
            Some(Goal::AtMost(0.0)),
            back.0,
        );
        f.add(
            "fleet",
            "fleet:200:back_ms",
            "  Back → rows in the DOM",
            "ms",
            None,
            back.1,
        );
    }
    // The idle page: a fresh load, every row in view shown, two quiet seconds, then a minute.
    say(format!(
        "fleet: the idle clusters page at 200 clusters for {} s",
        IDLE_WATCH.as_secs()
    ));
    fleet_first_screen(c, &base).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (mutations, requests) = fleet_watch(c, IDLE_WATCH).await?;
    let minutes = IDLE_WATCH.as_secs_f64() / 60.0;
    f.add(
        "fleet",
        "fleet:200:idle_mutations",
        "idle list, 200 clusters, 60 s: DOM mutation records",
        "/s",
        Some(Goal::AtMost(50.0)),
        mutations / IDLE_WATCH.as_secs_f64(),
    );
    f.add(
        "fleet",
        "fleet:200:idle_requests",
        "  /api requests",
        "/min",
        Some(Goal::AtMost(60.0)),
        requests / minutes,
    );
    drop(browser);
    drop(emu);

    // 500 clusters: the count, "only problems" over all of them, the search.
    say(format!("fleet: --fleet {FLEET_LARGE}, {lat}"));
    let emu = fleet_emulator(served, &["--fleet", FLEET_LARGE]).await?;
    let browser = fleet_browser(&emu).await?;
    let c = browser.client();
    let base = emu.base_url();
    fleet_first_screen(c, &base).await?;
    let (_, total) = fleet_count(c).await?;
    f.add(
        "fleet",
        "fleet:500:count",
        "500 clusters: clusters the list counts",
        "clusters",
        Some(Goal::AtLeast(500.0)),
        total,
    );
    for run in 0..o.runs {
        let needle = format!("{:04}", 437 - 37 * run);
        let ms = fleet_search(c, &needle).await?;
        say(format!(
            "run {}/{}: search {needle:?} shown {ms:.0} ms after the keystroke",
            run + 1,
            o.runs
        ));
        f.add(
            "fleet",
            "fleet:500:search_ms",
            "  search: last keystroke → filtered list painted",
            "ms",
            Some(Goal::AtMost(300.0)),
            ms,
        );
    }
    let (checked, shown, ms, requests) = fleet_problems(c).await?;
    f.add(
        "fleet",
        "fleet:500:problems_checked",
        "  only problems: clusters whose health it checked",
        "clusters",
        Some(Goal::AtLeast(500.0)),
        checked,
    );
    f.add(
        "fleet",
        "fleet:500:problems_shown",
        "  only problems: clusters listed",
        "clusters",
        None,
        shown,
    );
    f.add(
        "fleet",
        "fleet:500:problems_ms",
        "  only problems: click → every cluster checked",
        "ms",
        None,
        ms,
    );
    f.add(
        "fleet",
        "fleet:500:problems_requests",
        "  only problems: /api requests for it",
        "requests",
        None,
        requests,
    );
    drop(browser);
    drop(emu);

    // An overview with 100 tenants.
    say(format!(
        "fleet: --fleet 6x100, the overview of {TENANT_RICH} for {} s",
        IDLE_WATCH.as_secs()
    ));
    let emu = fleet_emulator(served, &["--fleet", "6x100"]).await?;
    let tenants = emu
        .api_get(&format!(
            "/api/v2/ob/clusters/{TENANT_RICH}/tenants?page=1&size=1"
        ))
        .await;
    let tenants = e2e::data(&tenants)
        .pointer("/page/totalElements")
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN);
    let browser = fleet_browser(&emu).await?;
    let c = browser.client();
    let url = format!("{}/clusters/{TENANT_RICH}", emu.base_url());
    let started = Instant::now();
    let l = cold_load(c, &url, "overview").await?;
    let at_load = js(c, "return window.__fleet.api.length")
        .await?
        .as_f64()
        .unwrap_or(0.0);
    let rest = IDLE_WATCH.saturating_sub(started.elapsed());
    let (_, later) = fleet_watch(c, rest).await?;
    f.add(
        "fleet",
        "fleet:tenants100:requests",
        &format!("overview, {tenants} tenants: /api requests, first minute"),
        "/min",
        Some(Goal::AtMost(120.0)),
        (at_load + later) * 60.0 / IDLE_WATCH.as_secs_f64(),
    );
    f.add(
        "fleet",
        "fleet:tenants100:load_requests",
        "  of them until its data was painted",
        "requests",
        None,
        at_load,
    );
    // What it read, by kind of request (numbers in the path as N).
    let urls = js(
        c,
        "return window.__fleet.api.map((e) => e.url.replace(/^https?:\\/\\/[^/]+/, '').replace(/\\?.*$/, '').replace(/\\d+/g, 'N'))",
    )
    .await?;
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    for u in urls.as_array().into_iter().flatten() {
        *kinds
            .entry(u.as_str().unwrap_or("?").to_owned())
            .or_default() += 1;
    }
    let mut top: Vec<(&String, &u64)> = kinds.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1));
    say(format!(
        "overview with {tenants} tenants, requests in the first minute by path: {}",
        top.iter()
            .take(8)
            .map(|(k, n)| format!("{k} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    f.loads.push(json!({ "fleet": "overview 6x100", "shown_ms": l.painted, "requests_at_load": at_load, "requests_after": later, "by_path": kinds }));
    Ok(())
}

/// Clicks the first cluster's link, waits for its overview, goes Back: (`/api` requests sent
/// while no cluster row was in the DOM, ms from Back until the rows were there).
async fn fleet_back(c: &Client) -> Result<(f64, f64)> {
    let link = c
        .find(Locator::Css(
            "[data-testid=cluster-row] [data-testid=cluster-link]",
        ))
        .await
        .map_err(|e| format!("no cluster link: {e}"))?;
    link.click()
        .await
        .map_err(|e| format!("clicking a cluster: {e}"))?;
    poll(
        c,
        "return !!document.querySelector('[data-testid=last-backup]') && !document.querySelector('[data-testid=cluster-row]')",
        LOAD_LIMIT,
        "the overview after clicking a cluster",
    )
    .await?;
    js(
        c,
        "const F = window.__fleet; F.back = { at: performance.now(), from: F.api.length, rows: null }; \
         const mo = new MutationObserver(() => { if (F.back.rows === null && document.querySelector('[data-testid=cluster-row]')) { \
           F.back.rows = performance.now(); mo.disconnect(); } }); \
         mo.observe(document, { childList: true, subtree: true }); history.back(); return true",
    )
    .await?;
    let b = poll(
        c,
        "const b = window.__fleet.back; return b.rows !== null ? b : null",
        LOAD_LIMIT,
        "the clusters list after Back",
    )
    .await?;
    // Requests sent right after the rows came back (a refresh) are not counted.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = js(
        c,
        "const F = window.__fleet; return F.api.slice(F.back.from).filter((e) => e.rows === 0).length",
    )
    .await?
    .as_f64()
    .unwrap_or(f64::NAN);
    Ok((before, need(&b, "rows", "back")? - need(&b, "at", "back")?))
}

/// Watches the open page for `span`: (DOM mutation records, `/api` requests).
async fn fleet_watch(c: &Client, span: Duration) -> Result<(f64, f64)> {
    let start = js(
        c,
        "const F = window.__fleet; return [F.mutations, F.api.length]",
    )
    .await?;
    tokio::time::sleep(span).await;
    let end = js(
        c,
        "const F = window.__fleet; return [F.mutations, F.api.length]",
    )
    .await?;
    let at = |v: &Value, i: usize| v[i].as_f64().unwrap_or(f64::NAN);
    Ok((at(&end, 0) - at(&start, 0), at(&end, 1) - at(&start, 1)))
}

/// Types `needle` into the search of the whole list: ms from its last keystroke (input
/// event) to the first frame showing only matching rows painted. The search is emptied after.
async fn fleet_search(c: &Client, needle: &str) -> Result<f64> {
    js(
        c,
        &format!(
            "window.__fleet.search = {{ needle: {}, shown: null }}; return true",
            json!(needle)
        ),
    )
    .await?;
    let input = c
        .find(Locator::Css("#cluster-search"))
        .await
        .map_err(|e| format!("#cluster-search: {e}"))?;
    input
        .send_keys(needle)
        .await
        .map_err(|e| format!("typing {needle:?}: {e}"))?;
    let q = poll(
        c,
        "const q = window.__fleet.search; return q && q.painted !== undefined ? q : null",
        Duration::from_secs(10),
        &format!("the list searched for {needle:?}"),
    )
    .await?;
    let ms = need(&q, "painted", "search")? - need(&q, "input", "search")?;
    // Empty the search and wait for the whole list again.
    js(
        c,
        "window.__fleet.search = null; const i = document.querySelector('#cluster-search'); i.value = ''; \
         i.dispatchEvent(new Event('input', { bubbles: true })); return true",
    )
    .await?;
    poll(
        c,
        "const e = document.querySelector('[data-testid=cluster-count]'); return !!e && !e.textContent.includes(' of ')",
        Duration::from_secs(10),
        "the whole list after emptying the search",
    )
    .await?;
    Ok(ms)
}

/// Turns "only problems" on and waits until every cluster's health is checked (at most two
/// minutes): (clusters checked, clusters listed, ms, `/api` requests meanwhile).
async fn fleet_problems(c: &Client) -> Result<(f64, f64, f64, f64)> {
    let from = js(c, "return window.__fleet.api.length")
        .await?
        .as_f64()
        .unwrap_or(0.0);
    let started = Instant::now();
    c.find(Locator::Css("[data-testid=only-problems]"))
        .await
        .map_err(|e| format!("the only-problems box: {e}"))?
        .click()
        .await
        .map_err(|e| format!("clicking only problems: {e}"))?;
    // "health checked for n of total" shows while the scan runs and goes when it is done.
    let state = "const p = document.querySelector('[data-testid=health-checked]'); \
                 const n = p ? (p.textContent.match(/\\d+/) || ['0'])[0] : null; \
                 return { scanning: !!p, checked: n === null ? null : Number(n), requests: window.__fleet.api.length }";
    tokio::time::sleep(Duration::from_millis(300)).await;
    let limit = Duration::from_secs(120);
    let mut last = Value::Null;
    while started.elapsed() < limit {
        last = js(c, state).await?;
        if last["scanning"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let (shown, total) = fleet_count(c).await?;
    let checked = if last["scanning"] == false {
        total
    } else {
        say(format!(
            "only problems: still checking after {limit:?}: {last}"
        ));
        last["checked"].as_f64().unwrap_or(f64::NAN)
    };
    let requests = last["requests"].as_f64().unwrap_or(f64::NAN) - from;
    // Off again, for whatever comes next.
    if let Ok(b) = c.find(Locator::Css("[data-testid=only-problems]")).await {
        let _ = b.click().await;
    }
    Ok((checked, shown, ms, requests))
}

/// A task's status changing on the tasks page: a fast clock (`--time-scale 30`: a full backup
/// runs 9–15 s), a backup started through the API and seen running there, then the page opened
/// and left open until its live refresh (every 5 s while a task runs) shows a status change.
async fn part_status(o: &Opts, served: &Path, f: &mut Figures) -> Result {
    say("emulator with --time-scale 30: task status updates");
    let emu = Emulator::start_with(served, None, &["--time-scale", "30"]).await?;
    let browser = start_browser().await?;
    let c = browser.client();
    let base = emu.base_url();
    sign_in(c, &emu).await?;
    let mut run = 0;
    let mut misses = 0;
    while run < o.runs {
        start_running_backup(&emu).await?;
        // An open-ended range: a fast emulator clock runs ahead of the console's own clock,
        // which would leave a task started "now" after the end of a preset range.
        let url = format!("{base}/clusters/{CLUSTER}/tasks?from=2020-01-01T00:00:00%2B00:00");
        cold_load(c, &url, "tasks").await?;
        let w = js(c, WATCH_STATUS).await?;
        if w != Value::Bool(true) {
            return Err(format!("status watch: {w}").into());
        }
        let changes = match poll(
            c,
            "const c = window.__bench.changes; return c.some((x) => x.body >= 0) ? c : null",
            Duration::from_secs(40),
            "a task's status changing on the tasks page",
        )
        .await
        {
            Ok(v) => v,
            Err(e) => {
                // The backup may have ended before the page first read the list.
                let state = js(c, STATUS_STATE).await.unwrap_or_default();
                misses += 1;
                if misses > 3 {
                    return Err(format!("{e}; the page: {state}").into());
                }
                say(format!("no status change seen ({state}); again"));
                continue;
            }
        };
        let Some(ch) = changes
            .as_array()
            .and_then(|a| a.iter().find(|x| num(x, "body").is_some_and(|b| b >= 0.0)))
        else {
            return Err(format!("status change without a list read: {changes}").into());
        };
        let at = |k: &str| need(ch, k, "status change");
        let (body, changed, frame, painted) =
            (at("body")?, at("changed")?, at("frame")?, at("painted")?);
        let ms = work(body, changed, frame, painted);
        f.add(
            "interaction",
            "status",
            "task status update: list read → painted, own work",
            "ms",
            Some(Goal::AtMost(5.0)),
            ms,
        );
        f.add(
            "interaction",
            "status:wait",
            "  the same with the wait for the next frame",
            "ms",
            None,
            painted - body,
        );
        f.loads.push(json!({ "run": run, "status_change": ch }));
        say(format!(
            "run {}/{}: status update {ms:.1} ms",
            run + 1,
            o.runs
        ));
        run += 1;
    }
    Ok(())
}

/// Starts a full backup of [`CLUSTER`] through the API and waits until the task list shows it
/// running (DOING: its start is then in the past, inside the page's time range).
async fn start_running_backup(emu: &Emulator) -> Result {
    let deadline = Instant::now() + Duration::from_secs(90);
    let tasks = format!("/api/v2/ob/clusters/{CLUSTER}/backup/task/dataBackupTasks?page=1&size=1");
    let newest = || async {
        let v = emu.api_get(&tasks).await;
        let t = e2e::contents(&v).into_iter().next().unwrap_or(Value::Null);
        let id = t.get("taskId").and_then(Value::as_i64);
        let status = t
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        (id, status)
    };
    let mut started: Option<i64> = None;
    loop {
        if Instant::now() > deadline {
            return Err(format!("no running backup of {CLUSTER} within 90 s").into());
        }
        let (id, status) = newest().await;
        let running = !matches!(
            status.as_str(),
            "DONE" | "FAILED" | "CANCELED" | "BEGINNING" | ""
        );
        if started.is_some() && started == id && running {
            return Ok(());
        }
        if started != id || !matches!(status.as_str(), "BEGINNING" | "INIT" | "DOING") {
            let body = json!({ "backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP" });
            let path = format!("/api/v2/ob/clusters/{CLUSTER}/backup/backupNow");
            let (code, answer) = emu.api_send("POST", &path, Some(&body)).await;
            if code == 200 {
                started = e2e::data(&answer)
                    .pointer("/backupObjectOpsResultList/0/taskIdList/0")
                    .and_then(Value::as_i64);
            }
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// Output

fn fmt(v: f64) -> String {
    if !v.is_finite() {
        "–".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn fmt_ratio(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        "–".into()
    }
}

fn print_table(o: &Opts, f: &Figures) {
    let transfer = f.metrics.iter().any(|m| m.section == "transfer");
    if transfer {
        print_transfer(o, f);
    }
    print_sections(o, f);
}

/// The transfer table: one row per deep link.
fn print_transfer(o: &Opts, f: &Figures) {
    let get = |key: &str| f.metrics.iter().find(|m| m.key == key);
    let med = |key: &str| get(key).map_or(f64::NAN, |m| quantile(&sorted(&m.samples), 0.5));
    println!();
    println!("== first load, cold cache, loopback: the document and every same-origin file it fetched, sized from");
    println!("   dist/ (KiB; .gz/.br siblings, else compressed here); /api/ calls apart (count, KiB on the wire);");
    println!("   FCP in ms; medians of {} runs", o.runs);
    println!(
        "  {:<30} {:>8} {:>8} {:>8} {:>9} {:>9} {:>6} {:>8} {:>8}   {:<12}",
        "path",
        "gzip",
        "brotli",
        "raw",
        "wasm gz",
        "wasm br",
        "api n",
        "api KiB",
        "FCP ms",
        "goal (gzip)",
    );
    for (path, _) in deep_links() {
        let k = format!("load{path}");
        let gz = med(&format!("{k}:gz"));
        let goal = get(&format!("{k}:gz")).and_then(|m| m.goal);
        println!(
            "  {:<30} {:>8} {:>8} {:>8} {:>9} {:>9} {:>6} {:>8} {:>8}   {:<12} {}",
            path,
            fmt(gz),
            fmt(med(&format!("{k}:br"))),
            fmt(med(&format!("{k}:raw"))),
            fmt(med(&format!("{k}:wasm_gz"))),
            fmt(med(&format!("{k}:wasm_br"))),
            fmt(med(&format!("{k}:api"))),
            fmt(med(&format!("{k}:api_kib"))),
            fmt(med(&format!("{k}:fcp"))),
            goal.map(|g| g.text("KiB")).unwrap_or_default(),
            goal.map_or("", |g| if g.met(gz) { "met" } else { "MISSED" }),
        );
    }
}

/// Every other section: one row per figure, median, spread and goal.
fn print_sections(o: &Opts, f: &Figures) {
    let order = [
        "overview",
        "tasks",
        "timeline",
        "interaction",
        "fleet",
        "emulator",
    ];
    let rank = |s: &str| order.iter().position(|o| *o == s).unwrap_or(order.len());
    let mut rows: Vec<&Metric> = f
        .metrics
        .iter()
        .filter(|m| m.section != "transfer")
        .collect();
    // Stable: within a section, the order the figures were first taken in.
    rows.sort_by_key(|m| rank(m.section));
    let mut section = "";
    for m in rows {
        if m.section != section {
            section = m.section;
            let title = match section {
                "overview" => "overview /clusters/1000001 vs. its static floor (same HTML, no scripts), cold cache",
                "tasks" => "10,000 data-backup tasks (/clusters/1000001/tasks?range=30d, emulator --history-tasks 10000)",
                "timeline" => "timeline (/clusters/1000001/windows)",
                "interaction" => "interactions (event → first task after the frame showing the change)",
                "fleet" => "fleet: the clusters list (emulator --fleet; every /api answer 30 ms late (--faults latency);\n   cold cache, loopback; \"health in view\": every row in the table's view shows its health; /api\n   requests counted in the page (fetch))",
                "emulator" => "emulator (overview endpoint, loopback load generator)",
                other => other,
            };
            println!("\n== {title}");
            println!(
                "  {:<58} {:>10} {:>19}   {:<14}",
                "", "median", "spread (min–max)", "goal"
            );
        }
        let s = sorted(&m.samples);
        let (median, lo, hi) = (quantile(&s, 0.5), quantile(&s, 0.0), quantile(&s, 1.0));
        let show = |v: f64| if m.unit == "×" { fmt_ratio(v) } else { fmt(v) };
        println!(
            "  {:<58} {:>10} {:>19}   {:<14} {}",
            format!("{} ({})", m.label, m.unit),
            show(median),
            format!("{}–{}", show(lo), show(hi)),
            m.goal.map(|g| g.text(m.unit)).unwrap_or_default(),
            m.goal
                .map_or("", |g| if g.met(median) { "met" } else { "MISSED" }),
        );
        if let Some(n) = &m.note {
            println!("    note: {n}");
        }
    }
    println!();
    if !o.emulator_note.is_empty() {
        println!("emulator: {}", o.emulator_note);
    }
    for n in &f.notes {
        println!("{n}");
    }
    println!("results: {}", o.out.display());
}

fn write_json(o: &Opts, f: &Figures) -> Result {
    let metrics: Vec<Value> = f
        .metrics
        .iter()
        .map(|m| {
            let s = sorted(&m.samples);
            let median = quantile(&s, 0.5);
            json!({
                "key": m.key, "section": m.section, "label": m.label, "unit": m.unit,
                "median": median, "min": quantile(&s, 0.0), "max": quantile(&s, 1.0),
                "p10": quantile(&s, 0.1), "p90": quantile(&s, 0.9),
                "samples": m.samples,
                "goal": m.goal.map(|g| g.text(m.unit)),
                "met": m.goal.map(|g| g.met(median)),
                "note": m.note,
            })
        })
        .collect();
    let doc = json!({
        "runs": o.runs,
        "quick": o.quick,
        "emulator": o.emulator_note,
        "notes": f.notes,
        "goals_missed": f.metrics.iter().filter(|m| m.goal.is_some_and(|g| !g.met(quantile(&sorted(&m.samples), 0.5)))).map(|m| m.key.clone()).collect::<Vec<_>>(),
        "metrics": metrics,
        "raw": f.loads,
    });
    if let Some(dir) = o.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&o.out, serde_json::to_string_pretty(&doc)?)
        .map_err(|e| format!("{}: {e}", o.out.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let s = sorted(&[5.0, 1.0, 3.0, f64::NAN]);
        assert_eq!(s, vec![1.0, 3.0, 5.0]);
        assert_eq!(quantile(&s, 0.5), 3.0);
        assert_eq!(quantile(&s, 0.25), 2.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn work_leaves_out_the_wait_for_the_frame() {
        // Data at 10, DOM changed at 20, next frame starts at 30, painted at 33.
        assert_eq!(work(10.0, 20.0, 30.0, 33.0), 13.0);
        // A frame that had started before the change: nothing to leave out.
        assert_eq!(work(10.0, 20.0, 18.0, 33.0), 23.0);
    }

    #[test]
    fn transfer_maps_urls_to_dist_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("index.html"), "<html>".repeat(100)).unwrap();
        std::fs::create_dir(d.join("chunks")).unwrap();
        std::fs::write(d.join("chunks/app-1a.wasm"), vec![0u8; 4000]).unwrap();
        std::fs::write(d.join("chunks/app-1a.wasm.gz"), vec![0u8; 40]).unwrap();
        std::fs::write(d.join("chunks/app-1a.wasm.br"), vec![0u8; 30]).unwrap();
        let o = "http://127.0.0.1:9";
        let raw = json!({
            "document": { "name": format!("{o}/clusters/1?x=1"), "transferSize": 100 },
            "resources": [
                { "name": format!("{o}/chunks/app-1a.wasm"), "transferSize": 50 },
                { "name": format!("{o}/chunks/app-1a.wasm"), "transferSize": 0 },
                { "name": format!("{o}/api/v2/time"), "transferSize": 300 },
                { "name": "data:image/png;base64,AAAA" },
            ]
        });
        let t = transfer(&raw, o, d, &mut SizeCache::default()).unwrap();
        assert_eq!(
            t.files.len(),
            2,
            "the document as index.html, the wasm once"
        );
        assert_eq!((t.wasm.raw, t.wasm.gz, t.wasm.br), (4000, 40, 30));
        assert_eq!(t.all.raw, 4600);
        assert!(
            t.all.gz > 40 && t.all.br > 30,
            "index.html compressed in memory"
        );
        assert_eq!((t.api_calls, t.api_wire, t.static_wire), (1, 300.0, 150.0));
        let missing = json!({ "resources": [{ "name": format!("{o}/gone-2b.js") }] });
        assert!(transfer(&missing, o, d, &mut SizeCache::default()).is_err());
    }
}
