//! An answer sent before the request body was read (401 on a write, 400 on a bad path, 413 by
//! Content-Length or while streaming) must not break a keep-alive connection: the next request
//! on the SAME connection gets its normal answer. Driven by a raw HTTP/1.1 client over one
//! TcpStream against the real server.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// The emulator served on a free loopback port for the test's lifetime, by the binary's own
/// server loop (`ocp_emulator::serve`).
async fn serve(e: &Emu) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = e.router.clone();
    tokio::spawn(async move {
        ocp_emulator::serve::serve(
            listener,
            router,
            ocp_emulator::serve::Limits::default(),
            std::future::pending(),
        )
        .await
        .unwrap();
    });
    addr
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Reads one HTTP/1.1 response (Content-Length or chunked) from the connection.
fn read_answer(r: &mut BufReader<TcpStream>) -> Answer {
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 "), "status line: {line:?}");
    let status: u16 = line[9..12].parse().unwrap();
    let mut headers = Vec::new();
    loop {
        line.clear();
        r.read_line(&mut line).unwrap();
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':').unwrap();
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(n) = find("content-length") {
        body.resize(n.parse().unwrap(), 0);
        r.read_exact(&mut body).unwrap();
    } else if find("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line).unwrap();
            let n = usize::from_str_radix(line.trim(), 16).unwrap();
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// One keep-alive connection.
struct Conn {
    w: TcpStream,
    r: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: SocketAddr) -> Conn {
        let s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        Conn {
            w: s.try_clone().unwrap(),
            r: BufReader::new(s),
        }
    }

    fn send(&mut self, head: &str, body: &[u8]) -> Answer {
        self.w.write_all(head.as_bytes()).unwrap();
        self.w.write_all(body).unwrap();
        self.w.flush().unwrap();
        read_answer(&mut self.r)
    }

    /// The follow-up: an ordinary authenticated GET on the same connection.
    fn follow_up(&mut self) -> Answer {
        let auth = basic("admin", PASSWORD);
        let a = self.send(
            &format!("GET /api/v2/ob/clusters/1000001 HTTP/1.1\r\nHost: emu\r\nAuthorization: {auth}\r\n\r\n"),
            b"",
        );
        assert_eq!(a.status, 200, "follow-up: {}", a.body);
        assert_eq!(a.json()["data"]["name"], "ob-prod-hz");
        a
    }
}

fn post_head(path: &str, auth: Option<&str>, len: usize) -> String {
    let auth = auth
        .map(|a| format!("Authorization: {a}\r\n"))
        .unwrap_or_default();
    format!(
        "POST {path} HTTP/1.1\r\nHost: emu\r\n{auth}Content-Type: application/json\r\nX-OBC-Console: 1\r\nContent-Length: {len}\r\n\r\n"
    )
}

const STRATEGY: &str = "/api/v2/ob/clusters/1000006/backup/config/backupStrategy";

/// A JSON body of about `n` bytes.
fn padded(n: usize) -> Vec<u8> {
    format!(
        "{{\"backupMode\":\"PHYSICAL_BACKUP\",\"pad\":\"{}\"}}",
        "x".repeat(n)
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn early_refusals_keep_the_connection_usable() {
    let e = emu();
    let addr = serve(&e).await;
    let auth = basic("admin", PASSWORD);
    tokio::task::spawn_blocking(move || {
        let mut c = Conn::open(addr);
        c.follow_up();

        // 401 on a write with a body (auth refuses before anything reads it).
        let body = padded(300 * 1024);
        let a = c.send(&post_head(STRATEGY, None, body.len()), &body);
        assert_eq!(a.status, 401, "{}", a.body);
        assert_eq!(a.json()["error"]["code"], "IAM10000");
        assert!(a.header("connection").is_none());
        c.follow_up();

        // 400 on a bad path id: refused before the body extractor runs.
        let a = c.send(
            &post_head(
                "/api/v2/ob/clusters/abc/backup/backupNow",
                Some(&auth),
                body.len(),
            ),
            &body,
        );
        assert_eq!(a.status, 400, "{}", a.body);
        c.follow_up();

        // 400 bad JSON.
        let bad = b"{\"backupMode\": \"PHYSICAL_BACKUP\", ".repeat(2000);
        let a = c.send(&post_head(STRATEGY, Some(&auth), bad.len()), &bad);
        assert_eq!(a.status, 400, "{}", a.body);
        assert_eq!(a.json()["error"]["code"], "COM10001");
        c.follow_up();

        // 404 and 405 with a body: no handler reads it.
        let a = c.send(
            &post_head("/api/v2/no/such/path", Some(&auth), body.len()),
            &body,
        );
        assert_eq!(a.status, 404, "{}", a.body);
        c.follow_up();
        let a = c.send(
            &post_head("/api/v2/ob/clusters", Some(&auth), body.len()),
            &body,
        );
        assert_eq!(a.status, 405, "{}", a.body);
        c.follow_up();

        // 415 and 403: a write not sent as JSON, or without the console's header, or from
        // another site (refused before anything reads it).
        for (drop, add, status) in [
            ("Content-Type: application/json\r\n", "Content-Type: text/plain\r\n", 415),
            ("X-OBC-Console: 1\r\n", "", 403),
            ("Host: emu\r\n", "Host: emu\r\nOrigin: http://evil.example\r\n", 403),
        ] {
            let head = post_head(STRATEGY, Some(&auth), body.len()).replace(drop, add);
            let a = c.send(&head, &body);
            assert_eq!(a.status, status, "{}", a.body);
            c.follow_up();
        }

        // 413 by Content-Length (refused before reading a byte of it).
        let big = padded(3 << 19);
        let a = c.send(&post_head(STRATEGY, Some(&auth), big.len()), &big);
        assert_eq!(a.status, 413, "{}", a.body);
        assert_eq!(a.json()["error"]["code"], "COM10004");
        c.follow_up();

        // 413 while streaming a chunked body past 1 MiB.
        let head = format!(
            "POST {STRATEGY} HTTP/1.1\r\nHost: emu\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nX-OBC-Console: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
        );
        let mut chunked = Vec::new();
        for part in big.chunks(64 * 1024) {
            chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let a = c.send(&head, &chunked);
        assert_eq!(a.status, 413, "{}", a.body);
        c.follow_up();
    })
    .await
    .unwrap();
}

/// A body too large to be worth reading is not drained: the answer says `Connection: close`
/// and the server closes, so a client knows to open a new connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_too_large_to_drain_closes_the_connection_and_says_so() {
    let e = emu();
    let addr = serve(&e).await;
    let auth = basic("admin", PASSWORD);
    tokio::task::spawn_blocking(move || {
        let mut c = Conn::open(addr);
        // Declares 64 MiB, sends only the start of it.
        let a = c.send(
            &post_head(STRATEGY, Some(&auth), 64 << 20),
            &padded(1024)[..1000],
        );
        assert_eq!(a.status, 413, "{}", a.body);
        assert_eq!(a.header("connection"), Some("close"));
        let mut rest = Vec::new();
        let n = c.r.read_to_end(&mut rest).unwrap_or(0);
        assert_eq!(n, 0, "the server closed the connection");
        // A new connection works.
        Conn::open(addr).follow_up();
    })
    .await
    .unwrap();
}
