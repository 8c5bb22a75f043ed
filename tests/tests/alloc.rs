//! Validating a valid value allocates nothing (counted with a counting global allocator).

use std::alloc::{GlobalAlloc, Layout, System};

use ivs_types::rt::Validate;
use ivs_types::{BatchStartViewerSessionRevocationRequest, BatchStartViewerSessionRevocationViewerSession};

struct Counting;

thread_local! {
    /// Allocations made by this thread: the test harness allocates on other threads while a
    /// test runs.
    static MINE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Bytes this thread holds (allocated here, less freed here), and the most it held since
    /// the last reset.
    static LIVE: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
    static PEAK: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
}

/// Bytes this thread holds now.
fn live() -> isize {
    LIVE.with(std::cell::Cell::get)
}

/// Starts measuring the peak from now; returns the bytes held now.
fn reset_peak() -> isize {
    let now = live();
    PEAK.with(|p| p.set(now));
    now
}

fn peak() -> isize {
    PEAK.with(std::cell::Cell::get)
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|l| {
        let now = l.get() + delta;
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn mine() -> usize {
    MINE.with(std::cell::Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with`: the thread-local may already be gone while a thread exits.
        let _ = MINE.try_with(|n| n.set(n.get() + 1));
        track(layout.size() as isize);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = MINE.try_with(|n| n.set(n.get() + 1));
        track(new_size as isize - layout.size() as isize);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn validating_a_valid_request_allocates_nothing() {
    let sessions: Vec<_> = (0..20)
        .map(|i| {
            BatchStartViewerSessionRevocationViewerSession::builder()
                .channel_arn(format!("arn:aws:ivs:us-west-2:123456789012:channel/abcd{i}"))
                .viewer_id(format!("viewer-{i}"))
                .build()
                .expect("set")
        })
        .collect();
    let request = BatchStartViewerSessionRevocationRequest::builder().viewer_sessions(sessions).build().expect("set");
    assert_eq!(request.validate(), Ok(()));
    // The counter does count this thread's allocations.
    let probe = mine();
    drop(std::hint::black_box(Box::new(1u64)));
    assert!(mine() > probe, "the counting allocator saw no allocation");
    let before = mine();
    for _ in 0..10 {
        assert!(request.validate().is_ok());
    }
    let after = mine();
    assert_eq!(after - before, 0, "validation of a valid value allocated {} times", after - before);
}

/// Tag keys and values of the 2026 IVS model are checked by compiled programs (`\p{L}`
/// classes): the Pike VM runs them on stack buffers.
#[test]
// Without `../shared` at build time the body after the early return is compiled out.
#[cfg_attr(not(ivs_full), allow(clippy::needless_return))]
fn validating_tags_with_unicode_patterns_allocates_nothing() {
    if !ivs_tests::has_ivs_full("validating_tags_with_unicode_patterns_allocates_nothing") {
        return;
    }
    #[cfg(ivs_full)]
    {
        use ivs_tests::ivs_full::TagResourceRequest;
        let tags: std::collections::BTreeMap<String, String> =
            (0..20).map(|i| (format!("clé-{i}"), format!("Wert für Ж {i}"))).collect();
        let request = TagResourceRequest::builder()
            .resource_arn("arn:aws:ivs:us-west-2:123456789012:c/abcd")
            .tags(tags)
            .build()
            .expect("set");
        assert_eq!(request.validate(), Ok(()));
        let before = mine();
        for _ in 0..10 {
            assert!(request.validate().is_ok());
        }
        let after = mine();
        assert_eq!(after - before, 0, "validation of valid tags allocated {} times", after - before);
        // The patterns do reject what they must (so the loop above ran them).
        let bad = TagResourceRequest::builder()
            .resource_arn("arn:aws:ivs:us-west-2:123456789012:c/abcd")
            .tags(std::collections::BTreeMap::from([("bad!".to_string(), "v".to_string())]))
            .build()
            .expect("set");
        assert!(bad.validate().is_err());
    }
}

/// The hostile body of issue 19 (1 MiB of `{}` sessions, 680,001 violations): what a server
/// holds while it parses and validates it, and what the report keeps. The report is bounded
/// by its limit; the rest is the parsed value (its 340,000 stand-in sessions) and the record
/// of the 680,000 absent members (a 16-byte path hash each, which keeps the count exact, and
/// the index validation builds over them): under 48 bytes a member.
#[test]
fn a_hostile_body_costs_memory_in_proportion_and_its_report_is_small() {
    use ivs_types::rt::{parse_and_validate, RequestError};
    let sessions = 340_000;
    let body = format!("{{\"viewerSessions\":[{}]}}", vec!["{}"; sessions].join(","));
    // The value alone: parsed as a client parses (absent members filled in, not recorded).
    let base = reset_peak();
    let value_only = ivs_types::rt::parse_response_body::<BatchStartViewerSessionRevocationRequest>(body.as_bytes());
    let value_peak = peak() - base;
    drop(value_only);
    let base = reset_peak();
    let report = match parse_and_validate::<BatchStartViewerSessionRevocationRequest>(body.as_bytes()) {
        Err(RequestError::Invalid(r)) => r,
        other => panic!("not invalid: {:?}", other.err()),
    };
    let held = peak() - base;
    let kept = live() - base;
    assert_eq!(report.total(), 2 * sessions + 1);
    let absent = 2 * sessions as isize;
    println!(
        "a {} byte body: {held} bytes at the peak ({:.1} times the body), of which the value {value_peak} and the \
         record of {absent} absent members {} ({} bytes each); {kept} bytes kept by the report of {} violations",
        body.len(),
        held as f64 / body.len() as f64,
        held - value_peak,
        (held - value_peak) / absent,
        report.violations().len()
    );
    assert!(kept < 64 << 10, "the report keeps {kept} bytes");
    assert!(held - value_peak < 48 * absent, "{} bytes beyond the value", held - value_peak);
}
