//! The local IVS stand-in (`tests/examples/ivs-stand-in.rs`), started on a loopback port the
//! OS picks: a real botocore client walks it (`tests/standin/botocore_walk.py`), and raw
//! HTTP requests that no client would send get error responses, never a hang or a crash.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running stand-in; stopped (by its own process id) when dropped, also on a failure.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the example (a no-op when `cargo test` already built it) and starts it.
fn start() -> Server {
    let exe = std::env::current_exe().expect("test path");
    // target/<profile>/deps/standin-<hash> → target/<profile>/examples/ivs-stand-in
    let profile_dir = exe.parent().and_then(|d| d.parent()).map(PathBuf::from).expect("target dir");
    let mut build = Command::new(env!("CARGO"));
    build
        .args(["build", "--quiet", "-p", "ivs-tests", "--example", "ivs-stand-in"])
        .current_dir(ivs_tests::workspace());
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        build.arg("--release");
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "the ivs-stand-in example does not build");
    let bin = profile_dir.join("examples").join(format!("ivs-stand-in{}", std::env::consts::EXE_SUFFIX));
    let mut child = Command::new(&bin)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let mut line = String::new();
    let read = child.stdout.take().map(|out| BufReader::new(out).read_line(&mut line));
    let addr = line.split_whitespace().find_map(|w| w.strip_prefix("http://")).map(str::to_string);
    let Some(addr) = addr else {
        let _ = child.kill();
        panic!("the stand-in printed {line:?} ({read:?}), not its address");
    };
    println!("stand-in at {addr}");
    Server { child, addr }
}

/// Whether python3 with botocore is here; without it the test is skipped, unless
/// `IVS_REQUIRE_SHARED=1` (nothing is installed then: the test fails).
fn has_botocore() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import botocore"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but python3 with botocore is not available"
        );
        println!("skipped botocore_walks_the_stand_in: python3 with botocore is not available (pip install botocore)");
    }
    ok
}

#[test]
fn botocore_walks_the_stand_in() {
    if !ivs_tests::has_ivs_full("botocore_walks_the_stand_in") || !has_botocore() {
        return;
    }
    let server = start();
    let script = ivs_tests::workspace().join("tests/standin/botocore_walk.py");
    let mut walk = Command::new("python3")
        .arg(&script)
        .arg(format!("http://{}", server.addr))
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = walk.try_wait().expect("wait") {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = walk.kill();
            panic!("the botocore walk took over 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    walk.stdout.take().map(|mut o| o.read_to_string(&mut out)).transpose().expect("output");
    print!("{out}");
    assert!(status.success(), "the botocore walk failed:\n{out}");
    let last = out.lines().last().unwrap_or_default();
    assert!(last.contains("all as expected"), "{last}");
    let steps = out.lines().filter(|l| l.starts_with("ok ")).count();
    assert!(steps >= 29, "only {steps} steps ran");
}

/// Sends raw bytes and returns the status line and the whole response.
fn raw(addr: &str, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    s.write_all(request).expect("sends");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

fn post(addr: &str, path: &str, body: &[u8]) -> (u16, String) {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    raw(addr, &req)
}

#[test]
fn requests_no_client_sends_get_error_responses() {
    if !ivs_tests::has_ivs_full("requests_no_client_sends_get_error_responses") {
        return;
    }
    let server = start();
    let a = server.addr.as_str();
    let error_type = |text: &str| {
        text.lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("x-amzn-errortype: ").map(|v| v.trim().to_string()))
            .unwrap_or_default()
    };
    let cases: Vec<(&str, (u16, String), u16, &str)> = vec![
        ("not JSON", post(a, "/CreateChannel", b"{\"name\":"), 400, "serializationexception"),
        ("JSON of the wrong type", post(a, "/CreateChannel", b"[1,2]"), 400, "serializationexception"),
        ("deeply nested JSON", post(a, "/CreateChannel", &[b'['; 100_000]), 400, "serializationexception"),
        ("no such path", post(a, "/NoSuchOperation", b"{}"), 404, "unknownoperationexception"),
        (
            "wrong method",
            raw(a, b"DELETE /CreateChannel HTTP/1.1\r\nConnection: close\r\n\r\n"),
            404,
            "unknownoperationexception",
        ),
        ("not implemented", post(a, "/PutMetadata", b"{}"), 501, "notimplementedexception"),
        // The router's content negotiation: a body must say it is JSON.
        (
            "a body in another media type",
            raw(
                a,
                b"POST /ListChannels HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            ),
            415,
            "unsupportedmediatypeexception",
        ),
        // A label that does not decode matches no operation's path.
        (
            "a label that is not percent-encoding",
            raw(a, b"GET /tags/%zz HTTP/1.1\r\nConnection: close\r\n\r\n"),
            404,
            "unknownoperationexception",
        ),
        (
            "a label that is not an ARN",
            raw(a, b"GET /tags/not-an-arn HTTP/1.1\r\nConnection: close\r\n\r\n"),
            400,
            "validationexception",
        ),
        (
            "a member of the wrong JSON type",
            post(a, "/ListChannels", b"{\"maxResults\":\"ten\"}"),
            400,
            "serializationexception",
        ),
        (
            "a body over 1 MiB",
            post(a, "/CreateChannel", &vec![b' '; (1 << 20) + 1]),
            413,
            "requestentitytoolargeexception",
        ),
        (
            "a string over every limit",
            post(a, "/GetChannel", format!("{{\"arn\":\"{}\"}}", "x".repeat(5000)).as_bytes()),
            400,
            "validationexception",
        ),
    ];
    for (name, (status, text), want, code) in cases {
        println!("{name}: {status} {}", error_type(&text));
        assert_eq!(status, want, "{name}: {text}");
        assert_eq!(error_type(&text), code, "{name}: {text}");
        assert!(text.contains("{\"") && text.contains("essage\""), "{name}: a JSON body with a message: {text}");
    }
    // The server still answers after all of that.
    let (status, text) = post(a, "/ListChannels", b"{}");
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("\"channels\":[]"), "{text}");
}

/// A request cannot buy an answer many times its own size: 1 MiB of `{}` sessions (each
/// missing its two required members) gets a 400 of at most 64 KiB that still counts every
/// violation.
#[test]
fn a_hostile_request_gets_a_small_answer() {
    if !ivs_tests::has_ivs_full("a_hostile_request_gets_a_small_answer") {
        return;
    }
    let server = start();
    let sessions = 340_000;
    let mut body = String::from("{\"viewerSessions\":[");
    body.push_str(&vec!["{}"; sessions].join(","));
    body.push_str("]}");
    assert!(body.len() < 1 << 20, "under the stand-in's body limit");
    let (status, text) = post(&server.addr, "/BatchStartViewerSessionRevocation", body.as_bytes());
    assert_eq!(status, 400, "{}", &text[..text.len().min(500)]);
    println!("a {} byte request: a {} byte answer", body.len(), text.len());
    assert!(text.len() <= 64 << 10, "{} bytes", text.len());
    // Two missing members per session, and the list is over its length limit of 20.
    let total = 2 * sessions + 1;
    assert!(text.contains(&format!("{total} validation errors detected: ")), "{}", &text[..text.len().min(500)]);
    let listed = ivs_types::rt::report_limit();
    assert!(text.contains(&format!("; and {} more", total - listed)), "{}", &text[text.len().saturating_sub(500)..]);
}
