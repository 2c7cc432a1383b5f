//! `cargo xtask bench`: the console in headless Chromium and the emulator under load.
//!
//! 1. `build(root)`: the release console in `dist/`, as `cargo xtask build`.
//! 2. The emulator and its load generator (`crates/ocp-emulator/examples/loadgen.rs`) with the
//!    release profile minus LTO (codegen-units 16): as fast to run, minutes faster to build.
//! 3. The browser bench (`crates/e2e/src/bin/bench.rs`, debug profile: it shares its build with
//!    the e2e tests, and its own speed is not measured).
//! 4. `--runs` load-generator runs against a fresh emulator (requests/s, p50, p99).
//! 5. The browser bench with those figures: it prints the whole table and writes
//!    `target/bench/results.json`.

use super::{build, fmt_secs, run, start_emulator, target_dir, Result, Scratch, USAGE};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

pub(crate) fn bench(root: &Path, args: &[String]) -> Result {
    let mut load_args: Vec<String> = vec![
        "--connections".into(),
        "16".into(),
        "--requests".into(),
        "200000".into(),
        "--seconds".into(),
        "20".into(),
    ];
    let mut runs: usize = 5;
    let mut quick = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--connections" | "--requests" | "--seconds" => {
                let v = it.next().ok_or(format!("{a} needs a value"))?;
                let i = load_args.iter().position(|x| x == a).unwrap_or(0);
                load_args[i + 1] = v.clone();
            }
            "--runs" => {
                let v = it.next().ok_or("--runs needs a value")?;
                runs = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--runs takes a count of at least 1, not `{v}`"))?;
            }
            "--quick" => quick = true,
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    if quick {
        runs = 1;
    }
    let started = Instant::now();
    build(root, &[])?;

    println!("bench: cargo build --release (no LTO) -p ocp-emulator --bin ocp-emulator --example loadgen");
    run(Command::new("cargo")
        .args(["build", "--release", "-p", "ocp-emulator"])
        .args(["--bin", "ocp-emulator", "--example", "loadgen"])
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "3"))?;
    println!("bench: cargo build -p e2e --bin bench");
    run(Command::new("cargo").args(["build", "-p", "e2e", "--bin", "bench"]))?;
    println!(
        "bench: built in {}",
        fmt_secs(started.elapsed().as_secs_f64())
    );
    let target = target_dir(root);
    let exe = |dir: &Path, name: &str| dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let release = target.join("release");
    let emulator = exe(&release, "ocp-emulator");
    let loadgen = exe(&release.join("examples"), "loadgen");
    let browser_bench = exe(&target.join("debug"), "bench");

    let figures = load_runs(&emulator, &loadgen, &load_args, runs)?;

    let out = target.join("bench").join("results.json");
    let mut c = Command::new(&browser_bench);
    c.arg("--dist")
        .arg(root.join("dist"))
        .args(["--runs", &runs.to_string()])
        .arg("--out")
        .arg(&out)
        .arg("--emulator-note")
        .arg(format!(
            "{} (release profile without LTO) for the browser bench and the load generator",
            emulator.display()
        ))
        .env("E2E_EMULATOR", &emulator)
        .env("RUST_LOG", "warn");
    if quick {
        c.arg("--quick");
    }
    for [rps, p50, p99] in figures {
        c.arg("--loadgen").arg(format!("{rps},{p50},{p99}"));
    }
    run(&mut c)?;
    println!(
        "bench: done in {}",
        fmt_secs(started.elapsed().as_secs_f64())
    );
    Ok(())
}

/// `runs` runs of the load generator against one fresh emulator: requests/s, p50 and p99 (ms)
/// of each, read from its output (which is shown as it is).
fn load_runs(
    emulator: &Path,
    loadgen: &Path,
    load_args: &[String],
    runs: usize,
) -> Result<Vec<[f64; 3]>> {
    let scratch = Scratch::new("bench")?;
    let password = "bench";
    let (_emulator, base) = start_emulator(emulator, &scratch.0, password, &[])?;
    let url = format!("{base}/api/v2/ob/clusters/1000001/backup/overview");
    println!(
        "bench: {} cores; emulator and load generator share them",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let mut figures = Vec::new();
    for i in 0..runs {
        println!("bench: load generator run {}/{runs}", i + 1);
        let _ = std::io::stdout().flush();
        let out = Command::new(loadgen)
            .arg(&url)
            .args(["--auth", &format!("admin:{password}")])
            .args(load_args)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot start {}: {e}", loadgen.display()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        print!("{text}");
        if !out.status.success() {
            return Err(format!("the load generator failed ({})", out.status));
        }
        figures.push(parse_loadgen(&text)?);
    }
    Ok(figures)
}

/// Requests/s, p50 and p99 (ms) from the load generator's lines
/// `throughput:   19234 requests/s` and `latency ms:   mean .. p50 0.70 .. p99 2.10 ..`.
fn parse_loadgen(text: &str) -> Result<[f64; 3]> {
    let line = |prefix: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .ok_or(format!("no `{prefix}` line in the load generator's output"))
    };
    let rps = line("throughput:")?
        .split_whitespace()
        .next()
        .and_then(|n| n.parse::<f64>().ok())
        .ok_or("the load generator's throughput is not a number")?;
    let latency: Vec<&str> = line("latency ms:")?.split_whitespace().collect();
    let after = |key: &str| {
        latency
            .iter()
            .position(|w| *w == key)
            .and_then(|i| latency.get(i + 1))
            .and_then(|n| n.parse::<f64>().ok())
            .ok_or(format!("no latency {key} in the load generator's output"))
    };
    Ok([rps, after("p50")?, after("p99")?])
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_load_generator() {
        let out = "url:          http://127.0.0.1:1/api\nthroughput:   19234 requests/s\n\
                   latency ms:   mean 0.80  p50 0.70  p90 1.10  p99 2.10  max 9.00\n";
        assert_eq!(super::parse_loadgen(out), Ok([19234.0, 0.70, 2.10]));
        assert!(super::parse_loadgen("nothing").is_err());
    }
}
