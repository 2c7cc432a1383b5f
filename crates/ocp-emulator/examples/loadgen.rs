//! A small, bounded HTTP load generator for `cargo xtask bench` (loopback only).
//!
//! ```text
//! loadgen URL [--auth USER:PASSWORD] [--connections 16] [--requests 20000] [--seconds 20]
//! ```
//!
//! Keeps `connections` keep-alive requests in flight until `requests` have been sent or
//! `seconds` have passed, whichever comes first, after a short unmeasured warm-up. Prints
//! requests per second and latency percentiles; exits non-zero if any answer was not 200.

use base64::Engine;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Opts {
    url: hyper::Uri,
    auth: Option<String>,
    connections: usize,
    requests: u64,
    seconds: u64,
}

fn parse() -> Result<Opts, String> {
    let mut args = std::env::args().skip(1);
    let mut url = None;
    let mut o = Opts {
        url: hyper::Uri::from_static("http://127.0.0.1/"),
        auth: None,
        connections: 16,
        requests: 20_000,
        seconds: 20,
    };
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--auth" => {
                let v = value("--auth")?;
                o.auth = Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(v)
                ));
            }
            "--connections" => {
                o.connections = value("--connections")?
                    .parse()
                    .map_err(|e| format!("{e}"))?
            }
            "--requests" => {
                o.requests = value("--requests")?.parse().map_err(|e| format!("{e}"))?
            }
            "--seconds" => o.seconds = value("--seconds")?.parse().map_err(|e| format!("{e}"))?,
            s if url.is_none() && !s.starts_with("--") => url = Some(s.to_owned()),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    let url: hyper::Uri = url
        .ok_or("usage: loadgen URL [--auth U:P] [--connections N] [--requests N] [--seconds N]")?
        .parse()
        .map_err(|e| format!("bad URL: {e}"))?;
    // Loopback only: this is a benchmark of a local server, never a load test of a network.
    let host = url.host().unwrap_or("");
    let loopback = host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!("{host}: only loopback addresses are allowed"));
    }
    o.url = url;
    o.connections = o.connections.clamp(1, 256);
    o.requests = o.requests.clamp(1, 1_000_000);
    o.seconds = o.seconds.clamp(1, 300);
    Ok(o)
}

type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Empty<Bytes>>;

async fn one(client: &Http, o: &Opts) -> Result<u16, String> {
    let mut req = hyper::Request::get(o.url.clone());
    if let Some(a) = &o.auth {
        req = req.header(hyper::header::AUTHORIZATION, a);
    }
    let req = req.body(Empty::new()).map_err(|e| e.to_string())?;
    let res = client.request(req).await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    // Read the whole body: the connection is reused only after it.
    res.into_body().collect().await.map_err(|e| e.to_string())?;
    Ok(status)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() -> ExitCode {
    let o = match parse() {
        Ok(o) => Arc::new(o),
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::from(2);
        }
    };
    let client: Http = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(o.connections)
        .build_http();
    // Warm-up: open the connections and fill caches; not measured.
    let warm = futures_join(
        (0..o.connections)
            .map(|_| {
                let (c, o) = (client.clone(), o.clone());
                tokio::spawn(async move {
                    for _ in 0..10 {
                        one(&c, &o).await?;
                    }
                    Ok(())
                })
            })
            .collect(),
    )
    .await;
    if let Some(e) = warm.into_iter().find_map(|r| r.err()) {
        eprintln!("loadgen: warm-up failed: {e}");
        return ExitCode::FAILURE;
    }

    let issued = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(o.seconds);
    let workers = (0..o.connections)
        .map(|_| {
            let (c, o, issued) = (client.clone(), o.clone(), issued.clone());
            tokio::spawn(async move {
                let mut lat: Vec<u32> = Vec::new();
                let mut bad = 0u64;
                let mut failed: Option<String> = None;
                while issued.fetch_add(1, Ordering::Relaxed) < o.requests
                    && Instant::now() < deadline
                {
                    let t = Instant::now();
                    match one(&c, &o).await {
                        Ok(200) => {}
                        Ok(_) => bad += 1,
                        Err(e) => {
                            bad += 1;
                            failed.get_or_insert(e);
                        }
                    }
                    lat.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
                }
                Ok::<_, String>((lat, bad, failed))
            })
        })
        .collect();
    let results = futures_join(workers).await;
    let elapsed = started.elapsed().as_secs_f64();
    let mut lat: Vec<u32> = Vec::new();
    let mut bad = 0;
    let mut first_error = None;
    for (l, b, f) in results.into_iter().flatten() {
        lat.extend(l);
        bad += b;
        if first_error.is_none() {
            first_error = f;
        }
    }
    if lat.is_empty() {
        eprintln!("loadgen: no request completed");
        return ExitCode::FAILURE;
    }
    lat.sort_unstable();
    let pct = |p: f64| {
        let i = ((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1;
        lat[i] as f64 / 1000.0
    };
    let mean = lat.iter().map(|&v| v as f64).sum::<f64>() / lat.len() as f64 / 1000.0;
    println!("url:          {}", o.url);
    println!("connections:  {}", o.connections);
    println!(
        "requests:     {} in {elapsed:.2} s ({bad} not 200)",
        lat.len()
    );
    println!("throughput:   {:.0} requests/s", lat.len() as f64 / elapsed);
    println!(
        "latency ms:   mean {mean:.2}  p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    if let Some(e) = first_error {
        eprintln!("loadgen: first error: {e}");
    }
    if bad > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Awaits every task; a panicked task counts as an error.
async fn futures_join<T>(
    tasks: Vec<tokio::task::JoinHandle<Result<T, String>>>,
) -> Vec<Result<T, String>> {
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.unwrap_or_else(|e| Err(e.to_string())));
    }
    out
}
