#!/usr/bin/env bash
# Compile time of what ivs-codegen generates, side by side with the AWS SDK for Rust.
#
# Builds two fresh crates that construct a BatchStartViewerSessionRevocation request:
#   ours: depends on a package generated from the whole IVS model (2026-04-27) with
#         `ivs-codegen generate --crate`, which depends on this workspace's ivs-types;
#   sdk:  depends on the latest `aws-sdk-ivs` from crates.io.
# For each: a clean `cargo build` (debug) and a clean `cargo build --release`, with wall time
# and the number of crates compiled, then the ratios. Needs network access to crates.io for
# the SDK side (dependencies are fetched before the clock starts).
#
# Usage: scripts/bench-compile.sh [MODEL] [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
model="${1:-$here/../shared/models/aws/ivs-2020-07-14.2026-04-27.json}"
work="${2:-${TMPDIR:-/tmp}/ivs-bench-compile}"
rm -rf "$work"
mkdir -p "$work"

cargo build --quiet --release -p ivs-codegen --manifest-path "$here/Cargo.toml"
"$here/target/release/ivs-codegen" generate --model "$model" --out "$work/ivs_full" --crate ivs_full >/dev/null

mkdir -p "$work/ours/src" "$work/sdk/src"
cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "bench_ours"
version = "0.1.0"
edition = "2021"
[dependencies]
ivs_full = { path = "../ivs_full" }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RS'
fn main() {
    let session = ivs_full::BatchStartViewerSessionRevocationViewerSession::builder()
        .channel_arn("arn:aws:ivs:us-west-2:123456789012:channel/abcd")
        .viewer_id("v")
        .build()
        .expect("set");
    let input = ivs_full::BatchStartViewerSessionRevocationRequest::builder().viewer_sessions(vec![session]).build().expect("set");
    println!("{}", input.viewer_sessions.len());
}
RS
cat > "$work/sdk/Cargo.toml" <<TOML
[package]
name = "bench_sdk"
version = "0.1.0"
edition = "2021"
[dependencies]
aws-sdk-ivs = "1"
[workspace]
TOML
cat > "$work/sdk/src/main.rs" <<'RS'
fn main() {
    let session = aws_sdk_ivs::types::BatchStartViewerSessionRevocationViewerSession::builder()
        .channel_arn("arn:aws:ivs:us-west-2:123456789012:channel/abcd")
        .viewer_id("v")
        .build()
        .expect("set");
    let input = aws_sdk_ivs::operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationInput::builder()
        .viewer_sessions(session)
        .build()
        .expect("set");
    println!("{}", input.viewer_sessions().len());
}
RS

measure() { # dir profile-flag
    local dir="$1"; shift
    (cd "$dir" && cargo fetch --quiet >/dev/null 2>&1 || true)
    rm -rf "$dir/target"
    local start end log
    log="$(mktemp)"
    start=$(date +%s.%N)
    (cd "$dir" && cargo build "$@" >"$log" 2>&1) || { echo "build failed in $dir:"; tail -20 "$log"; return 1; }
    end=$(date +%s.%N)
    local crates
    crates=$(grep -c "Compiling " "$log" || true)
    awk -v a="$start" -v b="$end" -v c="$crates" 'BEGIN { printf "%.1f %d\n", b - a, c }'
}

echo "machine: $(nproc) cores, $(rustc --version)"
for profile in debug release; do
    flag=(); [ "$profile" = release ] && flag=(--release)
    read -r t_ours c_ours < <(measure "$work/ours" "${flag[@]}")
    read -r t_sdk c_sdk < <(measure "$work/sdk" "${flag[@]}")
    printf '%-7s ours: %6.1f s, %3d crates | aws-sdk-ivs: %6.1f s, %3d crates | speed-up %.1fx, crate ratio %.2f\n' \
        "$profile" "$t_ours" "$c_ours" "$t_sdk" "$c_sdk" "$(awk -v a="$t_sdk" -v b="$t_ours" 'BEGIN { print a / b }')" "$(awk -v a="$c_ours" -v b="$c_sdk" 'BEGIN { print a / b }')"
done
