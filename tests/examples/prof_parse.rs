//! Profiling helper: parses the 20-session request body in a loop, with the generated types
//! or (`plain` as the first argument) with hand-written serde structs, or parses and
//! validates (`validate`). Run it under `perf stat` / `perf record`.
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainRequest {
    viewer_sessions: Vec<PlainSession>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainSession {
    channel_arn: String,
    viewer_id: String,
    #[serde(default)]
    viewer_session_versions_less_than_or_equal_to: i32,
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let sessions: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"channelArn":"arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH{i:04}","viewerId":"viewer-{i}","viewerSessionVersionsLessThanOrEqualTo":{i}}}"#))
        .collect();
    let body = format!(r#"{{"viewerSessions":[{}]}}"#, sessions.join(",")).into_bytes();
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
