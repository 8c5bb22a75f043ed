//! A bounded load run against a running `ivs-stand-in`: `BatchStartViewerSessionRevocation`
//! with 20 sessions, from a few client threads on keep-alive HTTP/1.1 connections; prints
//! requests per second and the p50, p99 and max latency.
//!
//! ```text
//! cargo run --release -p ivs-tests --example ivs-stand-in -- --listen 127.0.0.1:4566 &
//! cargo run --release -p ivs-tests --example ivs-stand-in-load -- --target 127.0.0.1:4566 [--connections 4] [--requests 20000]
//! ```
//!
//! The client is plain `std` (one blocking connection per thread): no load tool to install,
//! and its cost on the same 2 cores is small next to the server's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn main() {
    let mut target = String::from("127.0.0.1:4566");
    let mut connections = 4usize;
    let mut requests = 20_000usize;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--target" => target = value,
            "--connections" => connections = value.parse().unwrap_or(connections).clamp(1, 256),
            "--requests" => requests = value.parse().unwrap_or(requests).clamp(1, 10_000_000),
            other => {
                eprintln!("error: unknown flag {other}");
                std::process::exit(2);
            }
        }
    }
    let mut setup = Conn::open(&target);
    let (status, body) = setup.post("/CreateChannel", br#"{"name":"load"}"#);
    let created: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let Some(arn) = created["channel"]["arn"].as_str().filter(|_| status == 200) else {
        eprintln!("error: CreateChannel answered {status}: {}", String::from_utf8_lossy(&body));
        std::process::exit(1);
    };
    let sessions: Vec<serde_json::Value> = (0..20)
        .map(|i| serde_json::json!({"channelArn": arn, "viewerId": format!("viewer-{i}"), "viewerSessionVersionsLessThanOrEqualTo": i}))
        .collect();
    let body = serde_json::to_vec(&serde_json::json!({ "viewerSessions": sessions })).unwrap_or_default();

    let per = requests.div_ceil(connections);
    let started = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|_| {
            let (target, body) = (target.clone(), body.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::open(&target);
                let mut times = Vec::with_capacity(per);
                for _ in 0..per {
                    let t = Instant::now();
                    let (status, resp) = conn.post("/BatchStartViewerSessionRevocation", &body);
                    times.push(t.elapsed());
                    if status != 200 || resp != br#"{"errors":[]}"# {
                        eprintln!("error: unexpected answer {status}: {}", String::from_utf8_lossy(&resp));
                        std::process::exit(1);
                    }
                }
                times
            })
        })
        .collect();
    let mut times: Vec<Duration> = threads.into_iter().flat_map(|t| t.join().unwrap_or_default()).collect();
    let wall = started.elapsed();
    times.sort();
    let at = |q: f64| times.get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1))).copied();
    let us = |d: Option<Duration>| d.map(|d| d.as_secs_f64() * 1e6).unwrap_or(0.0);
    println!(
        "{} requests (20 sessions each, {} body bytes) on {connections} connections in {:.2} s: {:.0} requests/s, p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        times.len(),
        body.len(),
        wall.as_secs_f64(),
        times.len() as f64 / wall.as_secs_f64(),
        us(at(0.50)),
        us(at(0.99)),
        us(times.last().copied()),
    );
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    host: String,
}

impl Conn {
    fn open(target: &str) -> Conn {
        let stream = TcpStream::connect(target).unwrap_or_else(|e| {
            eprintln!("error: cannot connect to {target}: {e}");
            std::process::exit(1);
        });
        let _ = stream.set_nodelay(true);
        let writer = stream.try_clone().unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1);
        });
        Conn { reader: BufReader::new(stream), writer, host: target.to_string() }
    }

    fn post(&mut self, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
        let mut req = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.host,
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        if self.writer.write_all(&req).is_err() {
            return (0, Vec::new());
        }
        let mut status = 0;
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return (0, Vec::new()),
                Ok(_) => {}
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if l.starts_with("HTTP/") {
                status = l.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            } else if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut resp = vec![0; length];
        if self.reader.read_exact(&mut resp).is_err() {
            return (0, Vec::new());
        }
        (status, resp)
    }
}
