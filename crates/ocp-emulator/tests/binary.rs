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
    let child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--password",
            "pw",
            "--quirks",
            "--db",
        ])
        .arg(dir.path().join("emu.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
    let auth = format!(
        "Basic {}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "admin:pw")
    );
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
