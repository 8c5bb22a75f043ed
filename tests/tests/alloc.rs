//! Validating a valid value allocates nothing (counted with a counting global allocator).

use std::alloc::{GlobalAlloc, Layout, System};

use ivs_types::rt::Validate;
use ivs_types::{BatchStartViewerSessionRevocationRequest, BatchStartViewerSessionRevocationViewerSession};

struct Counting;

thread_local! {
    /// Allocations made by this thread: the test harness allocates on other threads while a
    /// test runs.
    static MINE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn mine() -> usize {
    MINE.with(std::cell::Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with`: the thread-local may already be gone while a thread exits.
        let _ = MINE.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
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
