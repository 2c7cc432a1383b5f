//! Developer commands for the workspace. Run through the cargo alias in `.cargo/config.toml`:
//!
//! ```text
//! cargo xtask setup                      install the toolchain (idempotent, fast when present)
//! cargo xtask build [--single]           release build of the console into dist/ (+ .gz, .br)
//! cargo xtask serve [--listen ADDR] [--time-scale N] [--base-path /PATH] [--frame-ancestors SOURCES] [-- EMULATOR ARGS]
//! cargo xtask test [--only native|fuzz|wasm|e2e]
//! cargo xtask bench [--runs N] [--quick] [--connections N] [--requests N] [--seconds N]
//! ```
//!
//! Std Rust, `flate2` and `brotli` for precompression, wasm-split as a library; every other tool
//! is an ordinary child process.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

mod bench;
mod budgets;
mod build;

const BINARYEN_NPM_VERSION: &str = "132";
/// axe-core from npm (package.json pins it): the e2e accessibility tests inject its axe.min.js.
const AXE_CORE_NPM_VERSION: &str = "4.14.1";
pub(crate) const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Schemathesis from PyPI, in the project-local venv `.tools/venv` (works with Python 3.9+).
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Test cases per API operation and phase in the fuzz stage (env OCP_FUZZ_EXAMPLES overrides).
const FUZZ_EXAMPLES: &str = "50";

pub(crate) type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup                       install what the project needs (idempotent)
  build [--single]            setup, then a release build of the console into dist/, every
                              page its own wasm chunk (--single: one module, for comparison)
  serve [--listen ADDR] [--time-scale N] [--base-path /PATH] [--frame-ancestors SOURCES]
        [-- EMULATOR ARGS...]
                              build, then run the emulator serving dist/ (foreground)
  test [--only native|fuzz|wasm|e2e]
                              setup, then native tests, API fuzzing (schemathesis), browser
                              component tests, end-to-end tests
  bench [--runs N] [--quick] [--connections N] [--requests N] [--seconds N]
                              benchmark of the console in headless Chromium (first-load
                              transfer, paint and data times against a static floor, 10,000
                              tasks, timeline, interactions) and of the emulator's overview
                              endpoint; table + target/bench/results.json (not part of `test`)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let root = workspace_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let result = match cmd.as_str() {
        "setup" => no_args(rest).and_then(|()| setup(&root)),
        "build" => build(&root, rest),
        "serve" => serve(&root, rest),
        "test" => test(&root, rest),
        "bench" => bench::bench(&root, rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn no_args(rest: &[String]) -> Result {
    match rest.first() {
        None => Ok(()),
        Some(a) => Err(format!("unexpected argument `{a}`\n{USAGE}")),
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(Path::to_path_buf).unwrap_or(dir)
}

// ---------------------------------------------------------------------------------------------
// setup

fn cargo_bin_dir() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(h) if !h.is_empty() => PathBuf::from(h).join("bin"),
        _ => home_dir().join(".cargo").join("bin"),
    }
}

fn home_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// Put `~/.cargo/bin` and `./node_modules/.bin` first on PATH, for
/// this process and therefore every child it starts.
fn prepare_env(root: &Path) {
    let first = [cargo_bin_dir(), root.join("node_modules").join(".bin")];
    let mut paths = first.to_vec();
    if let Some(old) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&old).filter(|p| !first.contains(p)));
    }
    if let Ok(joined) = std::env::join_paths(paths) {
        std::env::set_var("PATH", joined);
    }
}

fn setup(root: &Path) -> Result {
    prepare_env(root);
    let started = Instant::now();
    step_rust_target()?;
    step_system_packages()?;
    step_wasm_opt(root)?;
    step_wasm_bindgen(root)?;
    step_cargo_fetch()?;
    println!(
        "setup: done in {} (PATH starts with {} and {})",
        fmt_secs(started.elapsed().as_secs_f64()),
        cargo_bin_dir().display(),
        root.join("node_modules/.bin").display()
    );
    Ok(())
}

fn step_rust_target() -> Result {
    let Some(out) = capture("rustup", &["target", "list", "--installed"]) else {
        println!("setup: rustup not found; make sure the {WASM_TARGET} target is installed");
        return Ok(());
    };
    if out.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("setup: rust target {WASM_TARGET}: already installed");
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    println!("setup: rust target {WASM_TARGET}: installed");
    Ok(())
}

/// Debian packages: chromium + chromium-driver (every browser test), and node/npm when there is
/// no npm at all (for binaryen's wasm-opt). Never Debian's `binaryen`: it is too old.
fn step_system_packages() -> Result {
    let mut missing: Vec<&str> = Vec::new();
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("chromium");
    }
    if !Path::new(CHROMEDRIVER).exists() {
        missing.push("chromium-driver");
    }
    if !on_path("npm") {
        missing.extend(["nodejs", "npm"]);
    }
    if missing.is_empty() {
        println!("setup: chromium, chromium-driver, npm: already installed");
        return Ok(());
    }
    if !on_path("apt-get") {
        return Err(format!(
            "missing {} and no apt-get here: install them with your package manager",
            missing.join(", ")
        ));
    }
    let is_root = capture("id", &["-u"]).is_some_and(|s| s.trim() == "0");
    let apt = |args: &[&str]| -> Result {
        let mut c = if is_root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    println!("setup: apt-get install {} ...", missing.join(" "));
    apt(&["update"])?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)?;
    println!("setup: {}: installed with apt-get", missing.join(", "));
    Ok(())
}

fn wasm_opt_version(root: &Path) -> Option<String> {
    let bin = root.join("node_modules/.bin/wasm-opt");
    if !bin.exists() {
        return None;
    }
    capture(bin.to_str()?, &["--version"])
}

/// The `"version"` of `node_modules/axe-core/package.json`, when its `axe.min.js` is there too.
fn axe_core_version(root: &Path) -> Option<String> {
    let dir = root.join("node_modules/axe-core");
    if !dir.join("axe.min.js").exists() {
        return None;
    }
    let manifest = std::fs::read_to_string(dir.join("package.json")).ok()?;
    let after = manifest.split("\"version\"").nth(1)?;
    let value = after.split('"').nth(1)?;
    Some(value.to_string())
}

/// npm's tools in `./node_modules` (`npm ci` from package-lock.json): binaryen's wasm-opt and
/// axe-core. Skipped (no npm run) when both are there at the pinned versions.
fn step_wasm_opt(root: &Path) -> Result {
    let want = format!("version {BINARYEN_NPM_VERSION}");
    let axe_ok = || axe_core_version(root).as_deref() == Some(AXE_CORE_NPM_VERSION);
    if wasm_opt_version(root).is_some_and(|v| v.contains(&want)) && axe_ok() {
        println!(
            "setup: wasm-opt {want} (npm binaryen), axe-core {AXE_CORE_NPM_VERSION}: already installed"
        );
        return Ok(());
    }
    let sub = if root.join("package-lock.json").exists() {
        "ci"
    } else {
        "install"
    };
    run(Command::new("npm")
        .args([sub, "--no-audit", "--no-fund"])
        .current_dir(root))?;
    if !axe_ok() {
        return Err(format!(
            "node_modules/axe-core is {:?} after npm {sub}, expected {AXE_CORE_NPM_VERSION} \
             (package.json and package-lock.json pin it)",
            axe_core_version(root)
        ));
    }
    match wasm_opt_version(root) {
        Some(v) if v.contains(&want) => {
            println!(
                "setup: wasm-opt {want} (npm binaryen), axe-core {AXE_CORE_NPM_VERSION}: installed with npm {sub}"
            );
            Ok(())
        }
        other => Err(format!(
            "node_modules/.bin/wasm-opt reports {other:?}, expected {want}"
        )),
    }
}

/// The `wasm-bindgen` version Cargo.lock resolved; the CLI must match it exactly.
fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("no wasm-bindgen in Cargo.lock".into())
}

fn step_wasm_bindgen(root: &Path) -> Result {
    let want = locked_wasm_bindgen(root)?;
    let have = capture("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = capture("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    let matches = |s: &str| s.split_whitespace().nth(1) == Some(want.as_str());
    if matches(&have) && matches(&runner) {
        println!("setup: wasm-bindgen-cli {want}: already installed");
        return Ok(());
    }
    println!("setup: wasm-bindgen-cli {want}: installing with cargo install (takes ~3 min) ...");
    // Not --locked: a dependency version in its lock file is missing from this registry.
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))?;
    println!("setup: wasm-bindgen-cli {want}: installed");
    Ok(())
}

fn step_cargo_fetch() -> Result {
    run(Command::new("cargo").args(["fetch", "--quiet"]))?;
    println!("setup: cargo fetch: dependencies present");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// build

fn build(root: &Path, args: &[String]) -> Result {
    let single = match args {
        [] => false,
        [flag] if flag == "--single" => true,
        _ => return Err(format!("unexpected arguments {args:?}\n{USAGE}")),
    };
    setup(root)?;
    build::build_console(root, single).map(drop)
}

pub(crate) fn fmt_kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

pub(crate) fn fmt_secs(s: f64) -> String {
    if s >= 60.0 {
        format!("{}m {:02}s", (s / 60.0) as u64, (s % 60.0) as u64)
    } else {
        format!("{s:.1}s")
    }
}

// ---------------------------------------------------------------------------------------------
// serve

fn serve(root: &Path, args: &[String]) -> Result {
    let mut emulator_args: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--listen" | "--time-scale" | "--base-path" | "--frame-ancestors" => {
                let v = it.next().ok_or(format!("{a} needs a value"))?;
                emulator_args.extend([a.clone(), v.clone()]);
            }
            "--" => {
                emulator_args.extend(it.by_ref().cloned());
            }
            s if [
                "--listen=",
                "--time-scale=",
                "--base-path=",
                "--frame-ancestors=",
            ]
            .iter()
            .any(|p| s.starts_with(p)) =>
            {
                emulator_args.push(a.clone())
            }
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    build(root, &[])?;
    let emulator = build_emulator(root)?;
    let dist = root.join("dist");
    println!(
        "serve: {} --dist {} {}",
        emulator.display(),
        dist.display(),
        emulator_args.join(" ")
    );
    // Foreground: the emulator prints `Console: URL`, `User: admin`, `Password: ...` itself.
    let mut cmd = Command::new(&emulator);
    cmd.arg("--dist").arg(&dist).args(&emulator_args);
    #[cfg(unix)]
    {
        // Become the emulator, so that every signal (Ctrl-C, SIGTERM from a supervisor) reaches
        // it directly and nothing is left behind.
        use std::os::unix::process::CommandExt as _;
        let _ = std::io::stdout().flush();
        let e = cmd.exec();
        Err(format!("cannot start {}: {e}", emulator.display()))
    }
    #[cfg(not(unix))]
    {
        let status = cmd
            .status()
            .map_err(|e| format!("cannot start {}: {e}", emulator.display()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the emulator exited with {status}"))
        }
    }
}

/// Debug build of the emulator: shares its dependencies with `cargo test -p ocp-emulator` and
/// compiles in a fraction of the time of the LTO release profile; it is fast enough to serve.
fn build_emulator(root: &Path) -> Result<PathBuf> {
    run(Command::new("cargo").args(["build", "-p", "ocp-emulator", "--bin", "ocp-emulator"]))?;
    let exe = target_dir(root)
        .join("debug")
        .join(format!("ocp-emulator{}", std::env::consts::EXE_SUFFIX));
    if exe.exists() {
        Ok(exe)
    } else {
        Err(format!("{} was not built", exe.display()))
    }
}

/// The cargo target directory (honours CARGO_TARGET_DIR and config via `cargo metadata`).
pub(crate) fn target_dir(root: &Path) -> PathBuf {
    let meta = capture("cargo", &["metadata", "--format-version", "1", "--no-deps"]);
    if let Some(meta) = meta {
        let key = "\"target_directory\":\"";
        if let Some(start) = meta.find(key).map(|i| i + key.len()) {
            if let Some(len) = meta[start..].find('"') {
                return PathBuf::from(meta[start..start + len].replace("\\\\", "\\"));
            }
        }
    }
    root.join("target")
}

// ---------------------------------------------------------------------------------------------
// test

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Native,
    Fuzz,
    Wasm,
    E2e,
}

fn test(root: &Path, args: &[String]) -> Result {
    let mut only: Option<Stage> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = match a.as_str() {
            "--only" => it
                .next()
                .cloned()
                .ok_or_else(|| "--only needs native|fuzz|wasm|e2e".to_string())?,
            s if s.starts_with("--only=") => s["--only=".len()..].to_string(),
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        };
        only = Some(match value.as_str() {
            "native" => Stage::Native,
            "fuzz" => Stage::Fuzz,
            "wasm" => Stage::Wasm,
            "e2e" => Stage::E2e,
            v => return Err(format!("--only takes native, fuzz, wasm or e2e, not `{v}`")),
        });
    }
    let total = Instant::now();
    stage("setup", || setup(root))?;
    let wanted = |s: Stage| only.is_none() || only == Some(s);
    if wanted(Stage::Native) {
        stage(
            "native tests: cargo test -p ocp-model -p ocp-emulator",
            || run(Command::new("cargo").args(["test", "-p", "ocp-model", "-p", "ocp-emulator"])),
        )?;
    }
    if wanted(Stage::Fuzz) {
        let mut schemathesis = PathBuf::new();
        stage(
            &format!("fuzz: schemathesis {SCHEMATHESIS_VERSION} in .tools/venv"),
            || {
                schemathesis = step_schemathesis(root)?;
                Ok(())
            },
        )?;
        stage(
            "fuzz: schemathesis run /api-docs/openapi.json (no 5xx, responses match the schema)",
            || fuzz(root, &schemathesis),
        )?;
    }
    if wanted(Stage::Wasm) {
        stage(
            "browser component tests: cargo test --target wasm32-unknown-unknown -p ob-backup-console --lib --bins --tests",
            || {
                let mut c = Command::new("cargo");
                // Doctests are left out: they are not browser tests and the runner cannot
                // run them as such.
                c.args(["test", "--target", WASM_TARGET, "-p", "ob-backup-console"])
                    .args(["--lib", "--bins", "--tests"]);
                // wasm-bindgen-test-runner drives headless Chromium through chromedriver.
                default_env(&mut c, "WASM_BINDGEN_USE_BROWSER", "1");
                if Path::new(CHROMEDRIVER).exists() {
                    default_env(&mut c, "CHROMEDRIVER", CHROMEDRIVER);
                }
                default_env(&mut c, "WASM_BINDGEN_TEST_TIMEOUT", "300");
                default_env(&mut c, "WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30");
                run(&mut c)
            },
        )?;
    }
    if wanted(Stage::E2e) {
        let dist = root.join("dist");
        let mut emulator = PathBuf::new();
        stage("e2e: build the console (release) and the emulator", || {
            let built = build::build_console(root, false)?;
            budgets::check_first_loads(root, &built)?;
            emulator = build_emulator(root)?;
            Ok(())
        })?;
        stage("e2e tests: cargo test -p e2e -- --test-threads=1", || {
            run(Command::new("cargo")
                .args(["test", "-p", "e2e", "--", "--test-threads=1"])
                .env("E2E_DIST", &dist)
                .env("E2E_EMULATOR", &emulator))
        })?;
    }
    println!(
        "\n== all tests passed in {}",
        fmt_secs(total.elapsed().as_secs_f64())
    );
    Ok(())
}

fn default_env(c: &mut Command, key: &str, value: &str) {
    if std::env::var_os(key).is_none() {
        c.env(key, value);
    }
}

fn stage(title: &str, f: impl FnOnce() -> Result) -> Result {
    println!("\n== {title}");
    let _ = std::io::stdout().flush();
    let started = Instant::now();
    let result = f();
    let took = fmt_secs(started.elapsed().as_secs_f64());
    match &result {
        Ok(()) => println!("== ok: {title} ({took})"),
        Err(_) => println!("== FAILED: {title} ({took})"),
    }
    result
}

// ---------------------------------------------------------------------------------------------
// fuzz: schemathesis against the emulator's OpenAPI document

/// Installs schemathesis into `.tools/venv` unless that exact version is there (then < 1 s).
fn step_schemathesis(root: &Path) -> Result<PathBuf> {
    let venv = root.join(".tools").join("venv");
    let bin = venv.join("bin");
    let exe = bin.join("schemathesis");
    let want = format!("version {SCHEMATHESIS_VERSION}");
    let installed = || {
        exe.to_str()
            .and_then(|e| capture(e, &["--version"]))
            .is_some_and(|v| v.contains(&want))
    };
    if installed() {
        println!("setup: schemathesis {SCHEMATHESIS_VERSION} (.tools/venv): already installed");
        return Ok(exe);
    }
    let python = bin.join("python");
    if !python.exists() {
        let py = if on_path("python3") {
            "python3"
        } else {
            "python"
        };
        run(Command::new(py).arg("-m").arg("venv").arg(&venv)).map_err(|e| {
            format!("{e}: cannot create a Python venv (on Debian: apt-get install python3-venv)")
        })?;
    }
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")))?;
    if !installed() {
        return Err(format!("{} does not report {want}", exe.display()));
    }
    println!("setup: schemathesis {SCHEMATHESIS_VERSION} (.tools/venv): installed with pip");
    Ok(exe)
}

/// A child process killed (and reaped) when this is dropped, pass or fail.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fresh scratch directory under the system temp dir, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "ob-backup-console-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Starts the emulator on a free loopback port with a fresh database in `dir`; returns it and
/// its base URL (`http://127.0.0.1:PORT`) once it prints its `Console:` line.
fn start_emulator(
    exe: &Path,
    dir: &Path,
    password: &str,
    extra: &[&str],
) -> Result<(Running, String)> {
    use std::io::BufRead as _;
    let log = std::fs::File::create(dir.join("emulator.log")).map_err(|e| e.to_string())?;
    let child = Command::new(exe)
        .args(["--listen", "127.0.0.1:0", "--password", password, "--db"])
        .arg(dir.join("emulator.sqlite"))
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let mut child = Running(child);
    let stdout = child
        .0
        .stdout
        .take()
        .ok_or("the emulator's stdout is not piped")?;
    let mut lines = std::io::BufReader::new(stdout).lines();
    let console = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line.strip_prefix("Console:") {
                    break url.trim().trim_end_matches('/').to_string();
                }
            }
            _ => {
                let log = std::fs::read_to_string(dir.join("emulator.log")).unwrap_or_default();
                return Err(format!("the emulator exited before it was ready:\n{log}"));
            }
        }
    };
    // The remaining lines (User:, Password:) are read and dropped in the background.
    std::thread::spawn(move || lines.for_each(drop));
    Ok((child, console))
}

/// Runs schemathesis against a fresh emulator: every operation of the OpenAPI document, with
/// the checks "no 5xx" and "the response matches its documented schema". Status-code
/// conformance is not checked: an endpoint the emulator does not implement yet answers a
/// documented-shape 405 error envelope.
fn fuzz(root: &Path, schemathesis: &Path) -> Result {
    let emulator = build_emulator(root)?;
    let scratch = Scratch::new("fuzz")?;
    let password = format!("fuzz-{}", std::process::id());
    // A fast clock, so the fuzzer also meets tasks that move on (once the engine runs them).
    let (_emulator, base) =
        start_emulator(&emulator, &scratch.0, &password, &["--time-scale", "60"])?;
    let examples = std::env::var("OCP_FUZZ_EXAMPLES").unwrap_or_else(|_| FUZZ_EXAMPLES.into());
    let seed = std::env::var("OCP_FUZZ_SEED").unwrap_or_else(|_| "1".into());
    println!(
        "fuzz: emulator at {base} (database and logs in {})",
        scratch.0.display()
    );
    let result = run(Command::new(schemathesis)
        .arg("run")
        .arg(format!("{base}/api-docs/openapi.json"))
        .args(["--url", &base])
        .args(["--auth", &format!("admin:{password}")])
        .args(["--checks", "not_a_server_error,response_schema_conformance"])
        .args(["--max-examples", &examples, "--seed", &seed])
        .args(["--generation-database", "none", "--request-timeout", "10"])
        .args(["--wait-for-schema", "30", "--no-color"])
        // Its caches (.hypothesis, .schemathesis) go to the scratch directory.
        .current_dir(&scratch.0));
    if result.is_err() {
        let log = std::fs::read_to_string(scratch.0.join("emulator.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        eprintln!("fuzz: last emulator log lines:");
        for l in tail.iter().rev() {
            eprintln!("  {l}");
        }
    }
    result
}

// ---------------------------------------------------------------------------------------------
// processes

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

/// Runs a command with inherited stdio; an error unless it exits 0.
pub(crate) fn run(c: &mut Command) -> Result {
    let _ = std::io::stdout().flush();
    let status = c
        .status()
        .map_err(|e| format!("cannot start {}: {e}", describe(c)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

/// stdout of a command that exits 0, or None (also when it is not installed).
fn capture(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub(crate) fn describe(c: &Command) -> String {
    let mut parts: Vec<OsString> = vec![c.get_program().to_owned()];
    parts.extend(c.get_args().map(|a| a.to_owned()));
    parts
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
