//! Profiling helper: parses the 20-session request body in a loop, with the generated types
//! or (`plain` as the first argument) with hand-written serde structs, or parses and
//! validates (`validate`). Run it under `perf stat` / `perf record`.
use ivs_tests::plain::{request_body, PlainRequest};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let body = request_body();
    let mut n = 0;
    let start = std::time::Instant::now();
    let iterations: u32 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(300_000);
    for _ in 0..iterations {
        n += match mode.as_str() {
            "plain" => serde_json::from_slice::<PlainRequest>(&body).map(|r| r.viewer_sessions.len()).unwrap_or(0),
            "validate" => {
                ivs_types::rt::parse_and_validate::<ivs_types::BatchStartViewerSessionRevocationRequest>(&body)
                    .map(|r| r.viewer_sessions.len())
                    .unwrap_or(0)
            }
            _ => serde_json::from_slice::<ivs_types::BatchStartViewerSessionRevocationRequest>(&body)
                .map(|r| r.viewer_sessions.len())
                .unwrap_or(0),
        };
    }
    println!("{mode}: {n} sessions, {:.0} ns per request", start.elapsed().as_nanos() as f64 / f64::from(iterations));
}
