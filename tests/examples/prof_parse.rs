//! Profiling helper: parses the 20-session request body in a loop, with the generated types
//! or (`plain` as the first argument) with hand-written serde structs, or parses and
//! validates (`validate`); `response` and `plain-response` parse the 20-entry response.
//! Run it under `valgrind --tool=callgrind` (instruction counts) or `perf record`.
use ivs_tests::plain::{request_body, PlainRequest, PlainResponse};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let body = request_body();
    let entries: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"channelArn":"arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH{i:04}","viewerId":"viewer-{i}","code":"404","message":"Viewer session not found"}}"#))
        .collect();
    let response = format!(r#"{{"errors":[{}]}}"#, entries.join(",")).into_bytes();
    let mut n = 0;
    let start = std::time::Instant::now();
    let iterations: u32 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(300_000);
    for _ in 0..iterations {
        n += match mode.as_str() {
            "plain" => serde_json::from_slice::<PlainRequest>(&body).map(|r| r.viewer_sessions.len()).unwrap_or(0),
            "plain-response" => {
                serde_json::from_slice::<PlainResponse>(&response).map(|r| r.errors.map_or(0, |e| e.len())).unwrap_or(0)
            }
            "response" => {
                ivs_types::rt::parse_response_body::<ivs_types::BatchStartViewerSessionRevocationResponse>(&response)
                    .map(|r| r.errors.map_or(0, |e| e.len()))
                    .unwrap_or(0)
            }
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
