//! The real binary: prints how to sign in, answers, and fails clearly on a taken port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ocp-emulator");

/// Kills the child when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(host_port: &str, path: &str, auth: Option<&str>) -> String {
    let mut s = TcpStream::connect(host_port).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let auth = auth
        .map(|a| format!("Authorization: {a}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host_port}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// `http_get`, lower-cased (header names vary in case).
fn get_lower(host_port: &str, path: &str, auth: Option<&str>) -> String {
    http_get(host_port, path, auth).to_ascii_lowercase()
}

fn basic(user_pw: &str) -> String {
    let b = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, user_pw);
    format!("Basic {b}")
}

/// Starts the binary with `args` on `db`, its password `pw`: the child and its `HOST:PORT`.
fn start(args: &[&str], db: &std::path::Path) -> (Running, String) {
    let child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--password", "pw"])
        .args(args)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let stdout = child.0.stdout.take().unwrap();
    let console = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("Console:  ").map(str::to_owned))
        .expect("a Console: line");
    let host_port = console
        .strip_prefix("http://")
        .and_then(|s| s.strip_suffix('/'))
        .unwrap()
        .to_owned();
    (child, host_port)
}

#[test]
fn the_binary_prints_its_sign_in_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--time-scale", "60", "--db"])
        .arg(dir.path().join("nested/dir/emu.sqlite"))
        .env_remove("OCP_EMULATOR_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let stdout = child.0.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let (mut console, mut user, mut password) = (None, None, None);
    let deadline = Instant::now() + Duration::from_secs(30);
    while password.is_none() && Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(v) = line.strip_prefix("Console:  ") {
            console = Some(v.to_owned());
        } else if let Some(v) = line.strip_prefix("User:     ") {
            user = Some(v.to_owned());
        } else if let Some(v) = line.strip_prefix("Password: ") {
            password = Some(v.to_owned());
        }
    }
    let console = console.expect("a Console: line");
    let password = password.expect("a Password: line (generated)");
    assert_eq!(user.as_deref(), Some("admin"));
    assert!(password.len() >= 16 && password.chars().all(|c| c.is_ascii_alphanumeric()));
    let host_port = console
        .strip_prefix("http://")
        .and_then(|s| s.strip_suffix('/'))
        .expect("Console: http://HOST:PORT/");
    assert!(!host_port.ends_with(":0"));
    assert!(dir.path().join("nested/dir/emu.sqlite").exists());

    let auth = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("admin:{password}")
        )
    );
    let res = http_get(host_port, "/api/v2/time", Some(&auth));
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    assert!(res.contains("\"successful\":true"), "{res}");
    let res = http_get(host_port, "/api/v2/time", None);
    assert!(res.starts_with("HTTP/1.1 401"), "{res}");
    assert!(!res.to_ascii_lowercase().contains("www-authenticate"));
}

#[test]
fn a_taken_port_is_a_clear_failure() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["--listen", &addr, "--password", "x", "--db"])
        .arg(dir.path().join("emu.sqlite"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen on"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Password:"));
}

#[test]
fn the_quirks_flag_rewrites_answers_and_refuses_proxy_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (_child, host_port) = start(&["--quirks"], &dir.path().join("emu.sqlite"));
    let auth = basic("admin:pw");
    let res = http_get(&host_port, "/api/v2/info", Some(&auth));
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    assert!(res.contains("\"quirkUnknownField\""), "{res}");
    assert!(!res.contains("\"traceId\""), "{res}");
    assert!(!res.contains("\"timestamp\""), "{res}");

    let out = Command::new(BIN)
        .args(["--quirks", "--upstream", "http://127.0.0.1:9"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--quirks"));
}

/// A fresh database gets the fleet, a later start on it says the flag was ignored; the
/// throttle counts a client without credentials by its address.
#[test]
fn the_binary_seeds_a_fleet_once_and_throttles_per_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fleet.sqlite");
    let admin = basic("admin:pw");
    let (first, at) = start(
        &[
            "--time-scale",
            "60",
            "--fleet",
            "30x4",
            "--rate-limit",
            "3/60",
        ],
        &db,
    );
    let res = get_lower(&at, "/api/v2/ob/clusters?size=100", Some(&admin));
    assert!(res.starts_with("http/1.1 200"), "{res}");
    assert!(res.contains("\"totalelements\":30"), "{res}");
    assert!(res.contains("ratelimit-remaining: 2\r\n"), "{res}");
    for left in [2, 1, 0] {
        let res = get_lower(&at, "/api/v2/time", None);
        assert!(res.starts_with("http/1.1 401"), "{res}");
        assert!(
            res.contains(&format!("ratelimit-remaining: {left}\r\n")),
            "{res}"
        );
    }
    let res = get_lower(&at, "/api/v2/time", None);
    assert!(res.starts_with("http/1.1 429"), "{res}");
    assert!(res.contains("\"code\":0"), "{res}");
    assert!(res.contains("ratelimit-limit: 3\r\n"), "{res}");
    // The signed-in user still has its own window.
    let res = get_lower(&at, "/api/v2/time", Some(&admin));
    assert!(res.starts_with("http/1.1 200"), "{res}");
    drop(first);

    let (mut again, at) = start(&["--time-scale", "60", "--fleet", "60x2"], &db);
    let res = get_lower(&at, "/api/v2/ob/clusters?size=100", Some(&admin));
    assert!(res.contains("\"totalelements\":30"), "{res}");
    assert!(!res.contains("ratelimit-"), "{res}");
    let _ = again.0.kill();
    let _ = again.0.wait();
    let mut err = String::new();
    again
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        err.contains("note: --fleet 60x2 ignored") && err.contains("is already seeded"),
        "{err}"
    );
}

#[test]
fn bad_values_and_proxy_mode_are_refused() {
    for args in [
        &["--fleet", "3"][..],
        &["--fleet", "500x0"],
        &["--fleet", "lots"],
        &["--rate-limit", "600"],
        &["--rate-limit", "0/60"],
        &["--rate-limit", "600/60", "--upstream", "http://127.0.0.1:9"],
    ] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(args[0]), "{args:?}: {err}");
    }
}
