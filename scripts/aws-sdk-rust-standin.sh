#!/usr/bin/env bash
# Drives the local IVS stand-in with the AWS SDK for Rust (aws-sdk-ivs), a client this
# project did not write. Not part of CI: the SDK takes about 75 s to compile in debug.
#
#   bash scripts/aws-sdk-rust-standin.sh
#
# Starts the stand-in on a free loopback port, builds a small program on aws-sdk-ivs in a
# temporary folder, runs it against the stand-in (one line per step), and stops the server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build -q -p ivs-tests --example ivs-stand-in --manifest-path "$root/Cargo.toml"
"$root/target/debug/examples/ivs-stand-in" --listen 127.0.0.1:0 > "$work/server.out" &
server=$!
for _ in $(seq 100); do grep -q "http://" "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$work/server.out")"
echo "stand-in at $url"

mkdir -p "$work/client/src"
cat > "$work/client/Cargo.toml" <<'TOML'
[package]
name = "sdk-walk"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
aws-config = { version = "1", features = ["behavior-version-latest"] }
aws-sdk-ivs = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
cat > "$work/client/src/main.rs" <<'RUST'
use aws_sdk_ivs::types::ViewerSessionVersionsLessThanOrEqualTo as _Unused;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).ok_or("the stand-in's URL")?;
    let creds = aws_sdk_ivs::config::Credentials::new("AKIDEXAMPLE", "secret", None, None, "static");
    let conf = aws_sdk_ivs::Config::builder()
        .behavior_version(aws_sdk_ivs::config::BehaviorVersion::latest())
        .region(aws_sdk_ivs::config::Region::new("us-west-2"))
        .endpoint_url(url)
        .credentials_provider(creds)
        .build();
    let ivs = aws_sdk_ivs::Client::from_conf(conf);

    let created = ivs.create_channel().name("sdk-walk").tags("team", "video").send().await?;
    let channel = created.channel().ok_or("a channel")?;
    let arn = channel.arn().ok_or("an ARN")?.to_string();
    println!("ok CreateChannel {arn}");
    let got = ivs.get_channel().arn(&arn).send().await?;
    assert_eq!(got.channel().and_then(|c| c.name()), Some("sdk-walk"));
    println!("ok GetChannel");
    let listed = ivs.list_channels().send().await?;
    assert!(listed.channels().iter().any(|c| c.arn() == Some(arn.as_str())));
    println!("ok ListChannels ({} channels)", listed.channels().len());
    ivs.tag_resource().resource_arn(&arn).tags("env", "test").send().await?;
    let tags = ivs.list_tags_for_resource().resource_arn(&arn).send().await?;
    assert_eq!(tags.tags().get("env").map(String::as_str), Some("test"));
    println!("ok TagResource / ListTagsForResource");
    let keys = ivs.list_stream_keys().channel_arn(&arn).send().await?;
    println!("ok ListStreamKeys ({} keys)", keys.stream_keys().len());
    let missing = arn.replace(arn.rsplit('/').next().unwrap_or_default(), "doesNotExist");
    let session = aws_sdk_ivs::types::BatchStartViewerSessionRevocationViewerSession::builder()
        .channel_arn(&missing)
        .viewer_id("viewer-1")
        .build()?;
    let revoked = ivs.batch_start_viewer_session_revocation().viewer_sessions(session).send().await?;
    assert_eq!(revoked.errors().len(), 1);
    println!("ok BatchStartViewerSessionRevocation (a missing channel in errors)");
    match ivs.get_channel().arn(&missing).send().await {
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => {
            println!("ok GetChannel of a missing channel: ResourceNotFoundException")
        }
        other => return Err(format!("expected ResourceNotFoundException, got {other:?}").into()),
    }
    match ivs.create_channel().name("not a valid name!").send().await {
        Err(e) if e.as_service_error().is_some_and(|s| s.is_validation_exception()) => {
            println!("ok CreateChannel with a bad name: ValidationException")
        }
        other => return Err(format!("expected ValidationException, got {other:?}").into()),
    }
    ivs.delete_channel().arn(&arn).send().await?;
    println!("ok DeleteChannel");
    Ok(())
}
RUST
sed -i '/ViewerSessionVersionsLessThanOrEqualTo as _Unused/d' "$work/client/src/main.rs"
CARGO_TARGET_DIR="$root/target/sdk-walk" cargo run -q --manifest-path "$work/client/Cargo.toml" -- "$url"
echo "aws-sdk-ivs walked the stand-in"
