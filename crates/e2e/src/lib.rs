//! End-to-end harness: the emulator serving the built console, and headless Chromium driven
//! through chromedriver (fantoccini, plain HTTP).
//!
//! Environment:
//! - `E2E_DIST`: the built console (`dist/`). Unset: every test prints why and skips.
//! - `E2E_EMULATOR`: the `ocp-emulator` binary (default `<workspace>/target/debug/ocp-emulator`).
//! - `E2E_CHROMEDRIVER` / `E2E_CHROMIUM`: default `/usr/bin/chromedriver` / `/usr/bin/chromium`.
//!
//! Every test owns one [`Harness`] (its own emulator, database, chromedriver and browser profile);
//! everything is stopped when it is dropped. Tests must use a multi-thread runtime
//! (`#[tokio::test(flavor = "multi_thread", worker_threads = 2)]`): the browser session is
//! closed and the failure screenshot taken from `Drop`, on a helper thread, while the runtime's
//! workers keep serving the WebDriver connection.

use std::fmt::Display;
use std::fs::File;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};

pub use fantoccini;
pub use serde_json;

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T = ()> = std::result::Result<T, Error>;

/// How long the first render of a page may take (wasm download, compile, first API calls) on a
/// busy 2-core machine.
pub const LOAD: Duration = Duration::from_secs(30);
/// How long an ordinary UI update may take.
pub const UI: Duration = Duration::from_secs(10);

const POLL: Duration = Duration::from_millis(100);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => workspace_root().join("target"),
    }
}

/// Prints to the real stderr (not captured by the test harness).
fn say(msg: impl Display) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

/// A password nobody guesses, without a random-number crate.
fn random_password() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.write_u32(std::process::id());
    let a = h.finish();
    h.write_u64(a);
    format!("e2e-{a:016x}{:016x}", h.finish())
}

/// Sends SIGTERM (to the process group when `group`), waits up to `grace`, then SIGKILL.
fn terminate(child: &mut Child, group: bool, grace: Duration) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let target = if group {
        format!("-{}", child.id())
    } else {
        child.id().to_string()
    };
    let _ = Command::new("kill")
        .args(["-TERM", "--", &target])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if group {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &target])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
fn own_process_group(c: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    c.process_group(0);
}
#[cfg(not(unix))]
fn own_process_group(_: &mut Command) {}

// ---------------------------------------------------------------------------------------------
// HTTP

/// Status and body of a GET with optional Basic auth (hyper-util's legacy client, plain HTTP).
pub async fn http_get(url: &str, basic: Option<(&str, &str)>) -> Result<(u16, Bytes)> {
    http_send("GET", url, basic, None).await
}

/// One HTTP request with an optional JSON body; the status and body of the answer.
pub async fn http_send(
    method: &str,
    url: &str,
    basic: Option<(&str, &str)>,
    json: Option<&Value>,
) -> Result<(u16, Bytes)> {
    let client: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>> =
        hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http();
    // As the console sends them: its header on every request, every write as JSON (the
    // emulator refuses other writes, bodyless ones included).
    let mut req = http::Request::builder()
        .method(method)
        .uri(url)
        .header(http::header::ACCEPT, "application/json")
        .header("X-OBC-Console", "1");
    if let Some((user, password)) = basic {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        req = req.header(http::header::AUTHORIZATION, format!("Basic {token}"));
    }
    if json.is_some() || !matches!(method, "GET" | "HEAD") {
        req = req.header(http::header::CONTENT_TYPE, "application/json");
    }
    let body = match json {
        Some(v) => Full::new(Bytes::from(v.to_string())),
        None => Full::new(Bytes::new()),
    };
    let fut = async move {
        let resp = client.request(req.body(body)?).await?;
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await?.to_bytes();
        Ok::<_, Error>((status, body))
    };
    tokio::time::timeout(Duration::from_secs(15), fut)
        .await
        .map_err(|_| format!("{method} {url}: no answer within 15 s"))?
}

// ---------------------------------------------------------------------------------------------
// Emulator

/// The emulator serving `E2E_DIST`, with its own database and a random password.
pub struct Emulator {
    bin: PathBuf,
    dist: PathBuf,
    /// `--base-path`, when the console is served under one.
    base_path: Option<String>,
    /// More flags for the emulator (`--quirks`).
    extra_args: Vec<String>,
    dir: tempfile::TempDir,
    /// A changed copy of the console it serves, removed with it.
    kept: Option<tempfile::TempDir>,
    child: Option<Child>,
    pub port: u16,
    pub user: String,
    pub password: String,
}

impl Emulator {
    /// Keeps `dir` (the console it serves) until the emulator goes.
    fn keep(&mut self, dir: tempfile::TempDir) {
        self.kept = Some(dir);
    }

    /// Starts the emulator on a free port with a fresh database; waits until it answers.
    pub async fn start(dist: &Path) -> Result<Emulator> {
        Self::start_under(dist, None).await
    }

    /// As [`Emulator::start`], with the console served under `base` (`/console`): a copy of
    /// `dist` is made as `trunk build --public-url /console/` would (only the prefix of its
    /// URLs differs), and the emulator gets `--base-path`.
    pub async fn start_under(dist: &Path, base: Option<&str>) -> Result<Emulator> {
        Self::start_with(dist, base, &[]).await
    }

    /// As [`Emulator::start_under`], with more emulator flags.
    pub async fn start_with(dist: &Path, base: Option<&str>, args: &[&str]) -> Result<Emulator> {
        let bin = match std::env::var_os("E2E_EMULATOR") {
            Some(b) if !b.is_empty() => PathBuf::from(b),
            _ => target_dir().join("debug").join("ocp-emulator"),
        };
        if !bin.exists() {
            return Err(format!(
                "emulator binary {} not found (build it: cargo build -p ocp-emulator)",
                bin.display()
            )
            .into());
        }
        let dir = tempfile::Builder::new().prefix("e2e-emulator-").tempdir()?;
        // Under a base path the emulator itself sets index.html's <base href>.
        let dist = dist.to_path_buf();
        let mut emu = Emulator {
            bin,
            dist,
            base_path: base.map(str::to_owned),
            extra_args: args.iter().map(|a| a.to_string()).collect(),
            dir,
            kept: None,
            child: None,
            port: free_port(),
            user: "admin".into(),
            password: random_password(),
        };
        emu.launch().await?;
        Ok(emu)
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("ocp.db")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("emulator.log")
    }

    /// The last lines the emulator wrote (stdout and stderr).
    pub fn log_tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }

    async fn launch(&mut self) -> Result {
        if self.is_running() {
            return Ok(());
        }
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.log_path())?;
        let child = Command::new(&self.bin)
            .arg("--listen")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--db")
            .arg(self.db_path())
            .arg("--password")
            .arg(&self.password)
            .arg("--dist")
            .arg(&self.dist)
            .args(
                self.base_path
                    .iter()
                    .flat_map(|b| ["--base-path".to_owned(), b.clone()]),
            )
            .args(&self.extra_args)
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()),
            )
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.bin.display()))?;
        self.child = Some(child);
        // Ready when /api/v2/time answers 401 (no credentials) or 200.
        let url = format!("{}/api/v2/time", self.base_url());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if !self.is_running() {
                return Err(format!(
                    "the emulator exited during start-up; its log:\n{}",
                    self.log_tail(40)
                )
                .into());
            }
            if let Ok((status, _)) = http_get(&url, None).await {
                if status == 401 || status == 200 {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the emulator did not answer {url} within 60 s; its log:\n{}",
                    self.log_tail(40)
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Stops the process (SIGTERM, then SIGKILL after 5 s). Database and port are kept.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&mut child, false, Duration::from_secs(5));
        }
    }

    /// Starts it again on the same port with the same database and password.
    pub async fn restart(&mut self) -> Result {
        self.stop();
        self.launch().await
    }

    /// GET an API path with Basic auth; panics unless it answers 200 with JSON.
    /// A write through the API as the admin; its status and body (refusals included).
    pub async fn api_send(&self, method: &str, path: &str, json: Option<&Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base_url());
        let (status, body) = http_send(method, &url, Some((&self.user, &self.password)), json)
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    pub async fn api_get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.base_url());
        let (status, body) = http_get(&url, Some((&self.user, &self.password)))
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(
            status,
            200,
            "GET {path} answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
        serde_json::from_slice(&body).unwrap_or_else(|e| {
            panic!(
                "GET {path}: not JSON ({e}): {}",
                String::from_utf8_lossy(&body)
            )
        })
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------------------
// Browser

/// chromedriver on a free port and one headless Chromium session with a fresh profile.
pub struct Browser {
    driver: Option<Child>,
    client: Option<Client>,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Result<Browser> {
        let chromedriver =
            std::env::var("E2E_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("E2E_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let profile = tempfile::Builder::new().prefix("e2e-chromium-").tempdir()?;
        let port = free_port();
        let mut cmd = Command::new(&chromedriver);
        cmd.arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so that stopping it also stops the Chromium it started.
        own_process_group(&mut cmd);
        let driver = cmd
            .spawn()
            .map_err(|e| format!("cannot start {chromedriver}: {e}"))?;
        let mut browser = Browser {
            driver: Some(driver),
            client: None,
            _profile: profile,
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, _)) = http_get(&format!("{url}/status"), None).await {
                break;
            }
            if let Some(Ok(Some(status))) = browser.driver.as_mut().map(|d| d.try_wait()) {
                return Err(format!("{chromedriver} exited at start-up ({status})").into());
            }
            if Instant::now() > deadline {
                return Err(format!("{chromedriver} did not answer on {url} within 30 s").into());
            }
            tokio::time::sleep(POLL).await;
        }
        let user_data_dir = format!("--user-data-dir={}", browser._profile.path().display());
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,800",
                    user_data_dir,
                ]
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&url)
            .await
            .map_err(|e| format!("no WebDriver session from {chromedriver}: {e}"))?;
        browser.client = Some(client);
        Ok(browser)
    }

    /// The fantoccini client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("browser session is closed")
    }

    /// Closes the session (closing Chromium) and stops chromedriver.
    fn shutdown(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = on_helper_thread(Duration::from_secs(10), client.close());
        }
        if let Some(mut driver) = self.driver.take() {
            terminate(&mut driver, true, Duration::from_secs(3));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Runs a future to completion on a fresh single-thread runtime on another thread. Used from
/// `Drop`: the fantoccini session task keeps running on the test runtime's worker threads.
fn on_helper_thread<T: Send + 'static>(
    limit: Duration,
    fut: impl std::future::Future<Output = T> + Send + 'static,
) -> Option<T> {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        rt.block_on(async { tokio::time::timeout(limit, fut).await.ok() })
    })
    .join()
    .ok()
    .flatten()
}

// ---------------------------------------------------------------------------------------------
// Harness

/// One test's world: an emulator, a browser, and the test's name (for screenshots).
pub struct Harness {
    pub emu: Emulator,
    pub browser: Browser,
    name: String,
    screenshot_taken: bool,
}

impl Harness {
    /// Starts the emulator and the browser, or returns `None` (after saying why) when
    /// `E2E_DIST` is not set, so that a plain `cargo test --workspace` passes.
    pub async fn start(test_name: &str) -> Option<Harness> {
        Self::start_under(test_name, None).await
    }

    /// As [`Harness::start`], with the console served under `base` (e.g. `/console`).
    pub async fn start_under(test_name: &str, base: Option<&str>) -> Option<Harness> {
        Self::start_with(test_name, base, &[]).await
    }

    /// As [`Harness::start_under`], with more emulator flags (`--quirks`).
    pub async fn start_with(
        test_name: &str,
        base: Option<&str>,
        emulator_args: &[&str],
    ) -> Option<Harness> {
        let dist = match std::env::var_os("E2E_DIST") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => {
                say(format!(
                    "skipping e2e test {test_name}: E2E_DIST is not set (run `cargo xtask test`)"
                ));
                return None;
            }
        };
        assert!(
            dist.join("index.html").exists(),
            "E2E_DIST={} has no index.html (build it: cargo xtask build)",
            dist.display()
        );
        Some(Self::serving(test_name, &dist, base, emulator_args).await)
    }

    /// As [`Harness::start`], serving the console in `dist` (a changed copy of `E2E_DIST`),
    /// or `None` when `E2E_DIST` is not set.
    pub async fn start_with_dist(
        test_name: &str,
        change: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Option<Harness> {
        let from = PathBuf::from(std::env::var_os("E2E_DIST").filter(|d| !d.is_empty())?);
        let copy = tempfile::Builder::new()
            .prefix("e2e-dist-")
            .tempdir()
            .unwrap_or_else(|e| panic!("{test_name}: {e}"));
        for entry in std::fs::read_dir(&from).unwrap_or_else(|e| panic!("{test_name}: {e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{test_name}: {e}")).path();
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, copy.path().join(name))
                    .unwrap_or_else(|e| panic!("{test_name}: {e}"));
            }
        }
        change(copy.path()).unwrap_or_else(|e| panic!("{test_name}: changing dist: {e}"));
        let mut h = Self::serving(test_name, copy.path(), None, &[]).await;
        h.emu.keep(copy);
        Some(h)
    }

    async fn serving(
        test_name: &str,
        dist: &Path,
        base: Option<&str>,
        emulator_args: &[&str],
    ) -> Harness {
        let emu = Emulator::start_with(dist, base, emulator_args)
            .await
            .unwrap_or_else(|e| panic!("{test_name}: emulator: {e}"));
        let browser = Browser::start()
            .await
            .unwrap_or_else(|e| panic!("{test_name}: browser: {e}"));
        Harness {
            emu,
            browser,
            name: test_name.to_string(),
            screenshot_taken: false,
        }
    }

    pub fn client(&self) -> &Client {
        self.browser.client()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emu.base_url())
    }

    /// Opens a path of the console (`/`, `/clusters/1000005`, ...).
    pub async fn goto(&mut self, path: &str) {
        let url = self.url(path);
        if let Err(e) = self.client().goto(&url).await {
            self.fail(format!("goto {url}: {e}")).await
        }
    }

    pub async fn reload(&mut self) {
        if let Err(e) = self.client().refresh().await {
            self.fail(format!("reload: {e}")).await
        }
    }

    /// Saves `target/e2e-screenshots/<test>.png` (or `<test>-<suffix>.png`) and returns its path.
    pub async fn screenshot(&self, suffix: Option<&str>) -> Result<PathBuf> {
        let png = self.client().screenshot().await?;
        save_screenshot(&self.name, suffix, &png)
    }

    /// Takes a screenshot, then panics with `msg`, the current URL and the page's text.
    pub async fn fail<T>(&mut self, msg: impl Display) -> T {
        let shot = match self.screenshot(None).await {
            Ok(p) => format!("screenshot: {}", p.display()),
            Err(e) => format!("no screenshot: {e}"),
        };
        self.screenshot_taken = true;
        let url = self
            .client()
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let text = self.body_text().await;
        panic!(
            "{}: {msg}\n  at {url}\n  {shot}\n  page text: {}\n  emulator log (tail):\n{}",
            self.name,
            text.chars().take(1500).collect::<String>(),
            self.emu.log_tail(15)
        );
    }

    /// The visible text of `<body>` ("" when there is none).
    pub async fn body_text(&self) -> String {
        match self.client().find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn js(&mut self, script: &str) -> Value {
        match self.client().execute(script, vec![]).await {
            Ok(v) => v,
            Err(e) => self.fail(format!("script `{script}`: {e}")).await,
        }
    }

    /// `<html lang>`.
    pub async fn html_lang(&mut self) -> String {
        self.js("return document.documentElement.lang || ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The first element matching `css`, if any, right now.
    pub async fn find_now(&self, css: &str) -> Option<Element> {
        // A panic kills the wasm app: every look at the page first checks the console's own
        // marker of one, so no test passes on a dead page.
        if self
            .client()
            .find(Locator::Css("html[data-panic]"))
            .await
            .is_ok()
        {
            let text = self
                .client()
                .execute("return document.documentElement.dataset.panic", vec![])
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            panic!("the console panicked: {text}");
        }
        self.client().find(Locator::Css(css)).await.ok()
    }

    /// All elements matching `css` right now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client()
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    /// The texts of all elements matching `css` right now.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self.find_all(css).await {
            out.push(el.text().await.unwrap_or_default());
        }
        out
    }

    /// Polls until an element matching `css` is present; fails the test after `timeout`.
    pub async fn wait_for(&mut self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(el) = self.find_now(css).await {
                return el;
            }
            if Instant::now() > deadline {
                self.fail(format!("no `{css}` after {timeout:?}")).await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Polls until an element matching `css` contains `text`; fails the test after `timeout`.
    pub async fn wait_for_text(&mut self, css: &str, text: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            for el in self.find_all(css).await {
                if el.text().await.is_ok_and(|t| t.contains(text)) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                let seen = self.texts(css).await;
                self.fail(format!(
                    "no `{css}` containing {text:?} after {timeout:?}; seen: {seen:?}"
                ))
                .await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Polls until the first element matching `css` has attribute `attr` equal to `value`.
    pub async fn wait_for_attr(
        &mut self,
        css: &str,
        attr: &str,
        value: &str,
        timeout: Duration,
    ) -> Element {
        let deadline = Instant::now() + timeout;
        let mut last = None;
        loop {
            if let Some(el) = self.find_now(css).await {
                last = el.attr(attr).await.ok().flatten();
                if last.as_deref() == Some(value) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                self.fail(format!(
                    "`{css}` has no {attr}={value:?} after {timeout:?} (last seen {last:?})"
                ))
                .await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Polls until no element matches `css`.
    pub async fn wait_gone(&mut self, css: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.find_now(css).await.is_some() {
            if Instant::now() > deadline {
                self.fail(format!("`{css}` still present after {timeout:?}"))
                    .await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Clicks the first element matching `css` (waiting for it up to [`UI`]).
    pub async fn click(&mut self, css: &str) {
        let el = self.wait_for(css, UI).await;
        if let Err(e) = el.click().await {
            self.fail(format!("click `{css}`: {e}")).await
        }
    }

    /// Replaces the value of the input matching `css`.
    pub async fn fill(&mut self, css: &str, value: &str) {
        let el = self.wait_for(css, UI).await;
        let result = async {
            el.clear().await?;
            el.send_keys(value).await
        }
        .await;
        if let Err(e) = result {
            self.fail(format!("fill `{css}`: {e}")).await
        }
    }

    /// Fills the console's sign-in form (waits up to [`LOAD`] for it) and submits it.
    pub async fn sign_in(&mut self, user: &str, password: &str) {
        self.wait_for("#signin-user", LOAD).await;
        self.fill("#signin-user", user).await;
        self.fill("#signin-password", password).await;
        self.click("[data-testid=signin-submit]").await;
    }

    /// Signs in as the emulator's admin with the right password.
    pub async fn sign_in_admin(&mut self) {
        let (user, password) = (self.emu.user.clone(), self.emu.password.clone());
        self.sign_in(&user, &password).await;
    }

    /// Opens `path`, signs in as admin (the console asks on the API's first 401) and waits
    /// for the sign-in form to go away.
    pub async fn open_signed_in(&mut self, path: &str) {
        self.goto(path).await;
        self.sign_in_admin().await;
        self.wait_gone("[data-testid=sign-in]", LOAD).await;
    }

    /// `GET` an API path as admin (Basic auth); panics unless 200 with JSON.
    pub async fn api_get(&self, path: &str) -> Value {
        self.emu.api_get(path).await
    }

    pub async fn api_send(&self, method: &str, path: &str, json: Option<&Value>) -> (u16, Value) {
        self.emu.api_send(method, path, json).await
    }

    /// Stops the emulator (same port and database are kept for [`Harness::start_emulator`]).
    pub fn stop_emulator(&mut self) {
        self.emu.stop();
    }

    pub async fn start_emulator(&mut self) {
        if let Err(e) = self.emu.restart().await {
            self.fail(format!("restarting the emulator: {e}")).await
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // A failed assertion anywhere in the test: keep a picture of the page.
        if std::thread::panicking() && !self.screenshot_taken {
            if let Some(client) = self.browser.client.clone() {
                let name = self.name.clone();
                let shot = on_helper_thread(Duration::from_secs(10), async move {
                    client.screenshot().await.ok()
                })
                .flatten();
                match shot.map(|png| save_screenshot(&name, None, &png)) {
                    Some(Ok(p)) => say(format!("{name}: screenshot: {}", p.display())),
                    _ => say(format!("{name}: could not take a screenshot")),
                }
            }
        }
        // Field order would drop the emulator first; close the browser first instead.
        self.browser.shutdown();
        self.emu.stop();
    }
}

fn save_screenshot(test: &str, suffix: Option<&str>, png: &[u8]) -> Result<PathBuf> {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    let file = match suffix {
        Some(s) => format!("{test}-{s}.png"),
        None => format!("{test}.png"),
    };
    let path = dir.join(file);
    std::fs::write(&path, png)?;
    Ok(path)
}

// ---------------------------------------------------------------------------------------------
// Helpers for assertions

/// `data` of an OCP success envelope (or the value itself when it has no envelope).
pub fn data(v: &Value) -> &Value {
    v.get("data").unwrap_or(v)
}

/// `data.contents` of a list envelope.
pub fn contents(v: &Value) -> Vec<Value> {
    data(v)
        .get("contents")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// An API time (`2021-09-16T17:25:02.993+0800`, `...+08:00`, `...Z`, with or without a
/// fraction) as the console shows it: `2021-09-16 17:25:02 +08:00`, in its own offset.
pub fn display_time(api: &str) -> Option<String> {
    let s = api.trim();
    if s.len() < 19 || !s.is_char_boundary(19) {
        return None;
    }
    let (date, time) = (&s[..10], &s[11..19]);
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = if rest == "Z" || rest.is_empty() {
        "+00:00".to_string()
    } else {
        let (sign, digits) = rest.split_at(1);
        if sign != "+" && sign != "-" {
            return None;
        }
        let digits: String = digits.chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        format!("{sign}{}:{}", &digits[..2], &digits[2..])
    };
    Some(format!("{date} {time} {offset}"))
}

#[cfg(test)]
mod tests {
    use super::display_time;

    #[test]
    fn display_time_formats() {
        assert_eq!(
            display_time("2021-09-16T17:25:02.993+0800").as_deref(),
            Some("2021-09-16 17:25:02 +08:00")
        );
        assert_eq!(
            display_time("2021-09-16T02:00:10.986847+08:00").as_deref(),
            Some("2021-09-16 02:00:10 +08:00")
        );
        assert_eq!(
            display_time("2020-11-29T22:23:12-0530").as_deref(),
            Some("2020-11-29 22:23:12 -05:30")
        );
        assert_eq!(
            display_time("2024-08-06T00:00:00Z").as_deref(),
            Some("2024-08-06 00:00:00 +00:00")
        );
        assert_eq!(display_time("yesterday"), None);
    }
}

/// A count budget from the workspace's `budgets.toml` (`key = number`, unique keys), which
/// `cargo xtask test` also enforces for sizes.
pub fn budget(key: &str) -> u64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../budgets.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split('#').next()?.split_once('='))
        .find(|(k, _)| k.trim().trim_matches('"') == key)
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no `{key} = N` in {}", path.display()))
}

/// A Chrome DevTools Protocol command through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Sends `cmd` with `params` to the browser's DevTools (`Network.enable`,
/// `Page.addScriptToEvaluateOnNewDocument`, ...), returning its answer.
pub async fn cdp(c: &Client, cmd: &'static str, params: Value) -> Result<Value> {
    c.issue_cmd(Cdp { cmd, params })
        .await
        .map_err(|e| format!("CDP {cmd}: {e}").into())
}

// ---------------------------------------------------------------------------------------------
// Accessibility: axe-core

/// The axe-core rule tags every page is checked against: WCAG 2.0 and 2.1, A and AA, and
/// axe's best practices.
pub const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/// `node_modules/axe-core/axe.min.js` of the workspace (installed by `cargo xtask setup` from
/// package.json), read once.
pub fn axe_source() -> &'static str {
    static SRC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SRC.get_or_init(|| {
        let path = workspace_root().join("node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): axe-core is not installed; run `cargo xtask setup` \
                 (npm ci installs the axe-core that package.json pins)",
                path.display()
            )
        })
    })
}

/// One axe-core violation: a rule and the elements that break it.
#[derive(Clone, Debug)]
pub struct AxeViolation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub help_url: String,
    /// Each failing element: its CSS target and the start of its HTML.
    pub nodes: Vec<(String, String)>,
    /// axe's own summary of what is wrong with the first element.
    pub summary: String,
}

impl Display for AxeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "[{}] {} ({} element{}): {}",
            self.impact,
            self.id,
            self.nodes.len(),
            if self.nodes.len() == 1 { "" } else { "s" },
            self.help
        )?;
        for (target, html) in self.nodes.iter().take(6) {
            writeln!(f, "    {target}  {html}")?;
        }
        if self.nodes.len() > 6 {
            writeln!(f, "    … and {} more", self.nodes.len() - 6)?;
        }
        if !self.summary.is_empty() {
            let summary = self.summary.replace('\n', " ");
            writeln!(f, "    {}", summary.chars().take(300).collect::<String>())?;
        }
        Ok(())
    }
}

/// The violations as one readable report, one rule a paragraph.
pub fn axe_report(violations: &[AxeViolation]) -> String {
    violations.iter().map(ToString::to_string).collect()
}

impl Harness {
    /// Runs axe-core on the whole document as it is now (WCAG 2.0/2.1 A and AA plus best
    /// practices, see [`AXE_TAGS`]) and returns its violations, `disabled` rules left out
    /// (each must say why where it is disabled). axe is injected through WebDriver's execute
    /// script, which DevTools runs outside the page's Content-Security-Policy (the console's
    /// `script-src 'self'` refuses inline scripts), once per document.
    pub async fn axe(&mut self, disabled: &[&str]) -> Vec<AxeViolation> {
        let loaded = self.js("return typeof window.axe === 'object'").await;
        if loaded != Value::Bool(true) {
            let inject = format!("{}\n;return typeof window.axe;", axe_source());
            match self.client().execute(&inject, vec![]).await {
                Ok(v) if v == "object" => {}
                Ok(v) => self.fail(format!("axe-core did not load: {v}")).await,
                Err(e) => self.fail(format!("injecting axe-core: {e}")).await,
            }
        }
        let rules: serde_json::Map<String, Value> = disabled
            .iter()
            .map(|r| ((*r).to_owned(), json!({ "enabled": false })))
            .collect();
        let options = json!({
            "runOnly": { "type": "tag", "values": AXE_TAGS },
            "rules": rules,
            "resultTypes": ["violations"],
        });
        let script =
            "return axe.run(document, arguments[0]).then((r) => r.violations.map((v) => ({ \
            id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, \
            nodes: v.nodes.map((n) => [n.target.join(' '), (n.html || '').slice(0, 160)]), \
            summary: (v.nodes[0] && v.nodes[0].failureSummary) || '' })))";
        let result = match self.client().execute(script, vec![options]).await {
            Ok(v) => v,
            Err(e) => self.fail(format!("axe.run: {e}")).await,
        };
        let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
        result
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| AxeViolation {
                id: text(v, "id"),
                impact: text(v, "impact"),
                help: text(v, "help"),
                help_url: text(v, "helpUrl"),
                nodes: v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| {
                        (
                            n[0].as_str().unwrap_or_default().to_owned(),
                            n[1].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
                summary: text(v, "summary"),
            })
            .collect()
    }

    /// Presses and releases each key in turn, as WebDriver key actions (real key events at
    /// the focused element): `h.keys(&[Key::Tab.into(), Key::Enter.into()])`, or text chars.
    pub async fn keys(&mut self, keys: &[char]) {
        self.key_actions(keys.iter().flat_map(|&k| [(k, true), (k, false)]).collect())
            .await
    }

    /// `modifier` held while `key` is pressed (Shift+Tab, Alt+ArrowUp).
    pub async fn chord(&mut self, modifier: char, key: char) {
        self.key_actions(vec![
            (modifier, true),
            (key, true),
            (key, false),
            (modifier, false),
        ])
        .await
    }

    async fn key_actions(&mut self, steps: Vec<(char, bool)>) {
        use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for (value, down) in steps {
            actions = actions.then(if down {
                KeyAction::Down { value }
            } else {
                KeyAction::Up { value }
            });
        }
        if let Err(e) = self.client().perform_actions(actions).await {
            self.fail(format!("key actions: {e}")).await
        }
    }

    /// Presses Tab (Shift+Tab when `back`) until the focused element matches `css`, at most
    /// `max` times; fails naming the elements it went through.
    pub async fn tab_to(&mut self, css: &str, max: usize, back: bool) {
        use fantoccini::key::Key;
        let test = format!(
            "const e = document.activeElement; return !!e && e.matches({})",
            json!(css)
        );
        let mut seen = Vec::new();
        for _ in 0..=max {
            if self.js(&test).await == Value::Bool(true) {
                return;
            }
            seen.push(self.focused().await);
            if back {
                self.chord(Key::Shift.into(), Key::Tab.into()).await;
            } else {
                self.keys(&[Key::Tab.into()]).await;
            }
        }
        self.fail(format!(
            "{} {max} times: focus never reached `{css}`; it went through: {}",
            if back { "Shift+Tab" } else { "Tab" },
            seen.join(" → ")
        ))
        .await
    }

    /// The focused element's focus indicator as computed: `outline-style outline-width
    /// outline-color | box-shadow | stroke stroke-width` (SVG marks draw theirs as a stroke).
    pub async fn focus_ring(&mut self) -> (String, String, String) {
        let v = self
            .js(
                "const e = document.activeElement; const s = getComputedStyle(e); \
                 return [s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, s.boxShadow, \
                 s.stroke + ' ' + s.strokeWidth]",
            )
            .await;
        let at = |i: usize| v[i].as_str().unwrap_or_default().to_owned();
        (at(0), at(1), at(2))
    }

    /// A short description of the focused element (`button#save "Save"`), for asserting where
    /// the keyboard is.
    pub async fn focused(&mut self) -> String {
        self.js(
            "const e = document.activeElement; if (!e) return ''; \
             return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
             (e.dataset && e.dataset.testid ? '[data-testid=' + e.dataset.testid + ']' : '') + \
             ' ' + JSON.stringify((e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 60))",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }
}
