//! What a server meets in bodies from strangers, through the runtime: missing members and
//! `@uniqueItems` reported exactly as the pairwise definitions say (at sizes where the old
//! quadratic code was slow), epoch seconds written and read exactly, map keys of any length in
//! paths, timestamp and big-number errors that do not echo their text, and `x-amzn-ErrorType`
//! sent once.

use std::collections::BTreeMap;
use std::fmt::Debug;

use ivs_tests::golden_constraints::{Choice, Color, Everything};
use ivs_types::rt::http::HttpValue;
use ivs_types::rt::ser::TimestampFormat;
use ivs_types::rt::validate::unique;
use ivs_types::rt::{
    parse_and_validate, BigDecimal, BigInteger, Blob, DateTime, Document, Path, Report, RequestError, Validate,
};
use proptest::prelude::*;
use serde::Serialize;

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";

fn violations<T: ivs_types::rt::Wire + Validate>(body: &str) -> Vec<(String, String)> {
    match parse_and_validate::<T>(body.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(RequestError::Invalid(r)) => r.violations().iter().map(|v| (v.path.clone(), v.message.clone())).collect(),
        Err(e) => panic!("malformed: {e}"),
    }
}

fn null(path: String) -> (String, String) {
    let message = format!("Value at '{path}' failed to satisfy constraint: Member must not be null");
    (path, message)
}

/// Thousands of entries missing members: every one reported, in the order validation meets
/// them (model order within an entry), the list's own violation first.
#[test]
fn many_missing_members_in_model_order() {
    use ivs_types::BatchStartViewerSessionRevocationRequest as Request;
    let n = 5_000;
    let entries: Vec<String> = (0..n)
        .map(|i| match i % 4 {
            0 => "{}".to_string(),
            1 => format!(r#"{{"channelArn":"{ARN}"}}"#),
            2 => r#"{"viewerId":"v"}"#.to_string(),
            _ => format!(r#"{{"viewerId":"v","channelArn":"{ARN}"}}"#),
        })
        .collect();
    let body = format!(r#"{{"viewerSessions":[{}]}}"#, entries.join(","));
    let mut expected = vec![(
        "/viewerSessions".to_string(),
        format!("Value with length {n} at '/viewerSessions' failed to satisfy constraint: Member must have length between 1 and 20, inclusive"),
    )];
    for i in 0..n {
        if i % 4 == 0 || i % 4 == 2 {
            expected.push(null(format!("/viewerSessions/{i}/channelArn")));
        }
        if i % 4 == 0 || i % 4 == 1 {
            expected.push(null(format!("/viewerSessions/{i}/viewerId")));
        }
    }
    // Every one counted; the first `report_limit()` collected, in that order.
    let report = match parse_and_validate::<Request>(body.as_bytes()) {
        Err(RequestError::Invalid(r)) => r,
        other => panic!("not invalid: {:?}", other.err()),
    };
    assert_eq!(report.total(), expected.len());
    let limit = ivs_types::rt::report_limit();
    assert_eq!(violations::<Request>(&body), expected[..limit]);
}

/// The missing-member report of a body read without validation: every one counted, the
/// first `report_limit()` named.
#[test]
fn the_missing_member_report_is_bounded() {
    use ivs_types::BatchStartViewerSessionRevocationRequest as Request;
    let body = format!(r#"{{"viewerSessions":[{}]}}"#, vec!["{}"; 1000].join(","));
    let limit = ivs_types::rt::report_limit();
    match ivs_types::rt::parse_request_body::<Request>(body.as_bytes()) {
        Err(ivs_types::rt::BodyError::Missing { paths, total }) => {
            assert_eq!((paths.len(), total), (limit, 2000));
            assert_eq!(
                paths[..3],
                ["/viewerSessions/0/channelArn", "/viewerSessions/0/viewerId", "/viewerSessions/1/channelArn"]
            );
            let e = ivs_types::rt::BodyError::Missing { paths, total };
            let last = format!(", /viewerSessions/{}/viewerId (and {} more)", limit / 2 - 1, 2000 - limit);
            assert!(e.to_string().ends_with(&last), "{e}");
        }
        other => panic!("not missing members: {:?}", other.err()),
    }
    let e = serde_json::from_str::<Request>(&body).expect_err("refused");
    assert!(e.to_string().contains(&format!("(and {} more)", 2000 - limit)), "{e}");
}

/// A map of structures with a required member, written by hand with the `Structure` derive
/// (no conformance model has one).
mod keyed {
    use std::collections::BTreeMap;

    use ivs_types::rt::{validate, Path, Report, Validate};

    #[derive(Clone, Debug, PartialEq, ivs_types::Structure)]
    pub struct Inner {
        #[smithy(required)]
        pub id: String,
    }

    #[derive(Clone, Debug, PartialEq, ivs_types::Structure)]
    pub struct Outer {
        #[smithy(required)]
        pub m: BTreeMap<String, Inner>,
    }

    impl Validate for Inner {
        fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
            let p = Path::Member(path, "id");
            if !report.was_missing(&p) {
                validate::length_str(&self.id, Some(1), None, &p, report);
            }
        }
    }

    impl Validate for Outer {
        fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
            let p = Path::Member(path, "m");
            if !report.was_missing(&p) {
                self.m.validate_at(&p, report);
            }
        }
    }
}

/// A member missing under a huge map key is reported in place, under the key as paths shorten
/// it (the parser and the validator render it alike), and its stand-in value is not checked;
/// a key the body repeats reports its missing member twice.
#[test]
fn missing_members_under_long_and_repeated_keys() {
    let long = format!("{}/{}", "é".repeat(300), "x".repeat(100_000));
    let body = format!(r#"{{"m":{{"{long}":{{}},"b":{{"id":""}}}}}}"#);
    let short = format!("/m/{}…/id", "é".repeat(256));
    assert_eq!(
        violations::<keyed::Outer>(&body),
        vec![
            (
                "/m/b/id".to_string(),
                "Value with length 0 at '/m/b/id' failed to satisfy constraint: Member must have length greater than or equal to 1".to_string()
            ),
            null(short),
        ]
    );
    let body = r#"{"m":{"k":{},"k":{}}}"#;
    assert_eq!(violations::<keyed::Outer>(body), vec![null("/m/k/id".into()), null("/m/k/id".into())]);
}

/// The indices `@uniqueItems` must report: every index equal (`==`) to an earlier item.
fn pairwise<T: PartialEq>(items: &[T]) -> Vec<usize> {
    (0..items.len()).filter(|&i| items[..i].iter().any(|x| *x == items[i])).collect()
}

/// The indices `unique` finds repeated; it reports one violation exactly when there are some.
fn reported<T: PartialEq + Serialize + Debug>(items: &[T]) -> Vec<usize> {
    let mut report = Report::new();
    unique(items, &Path::Root, &mut report);
    let repeated = ivs_types::rt::validate::repeated_items(items);
    match report.violations() {
        [] => assert!(repeated.is_empty()),
        [v] => {
            assert!(!repeated.is_empty());
            assert_eq!(v.message, "Value at '' failed to satisfy constraint: Member must have unique values");
        }
        more => panic!("one violation expected, got {more:?}"),
    }
    repeated
}

#[track_caller]
fn same_as_pairwise<T: PartialEq + Serialize + Debug>(items: Vec<T>) {
    let want = pairwise(&items);
    assert!(!want.is_empty(), "a case with repeats");
    assert_eq!(reported(&items), want, "{items:?}");
}

/// Every element type a generated list can hold, with repeats, NaNs and signed zeros, long
/// enough for the hashed path: the same indices as the pairwise definition.
#[test]
fn unique_items_of_every_element_type() {
    let n = 200;
    same_as_pairwise((0..n).map(|i| format!("s{}", i % 70)).collect::<Vec<_>>());
    same_as_pairwise((0..n).map(|i| i % 3 == 0).collect::<Vec<_>>());
    same_as_pairwise((0..n).map(|i| (i % 90) as i8).collect::<Vec<_>>());
    same_as_pairwise((0..n).map(|i| i64::from(i % 90) - 45).collect::<Vec<_>>());
    let floats = |i: i32| match i % 7 {
        0 => f64::NAN,
        1 => 0.0,
        2 => -0.0,
        3 => f64::INFINITY,
        4 => f64::NEG_INFINITY,
        _ => f64::from(i % 11) / 4.0,
    };
    same_as_pairwise((0..n).map(floats).collect::<Vec<_>>());
    same_as_pairwise((0..n).map(|i| floats(i) as f32).collect::<Vec<_>>());
    same_as_pairwise((0..n).map(|i| Blob(vec![(i % 50) as u8; (i % 3) as usize])).collect::<Vec<_>>());
    same_as_pairwise(
        (0..n)
            .map(|i| DateTime::from_secs_and_nanos(i64::from(i % 5) - 2, (i % 4) as u32 * 250_000_000))
            .map(Option::unwrap_or_default)
            .collect::<Vec<_>>(),
    );
    same_as_pairwise((0..n).map(|i| BigInteger::from(i64::from(i % 60))).collect::<Vec<_>>());
    // Equal as numbers, unequal as text: the text decides, as `==` does.
    same_as_pairwise(
        (0..n).map(|i| BigDecimal::parse(["1", "1.0", "1e0", "2"][(i % 4) as usize]).unwrap_or_default()).collect(),
    );
    let documents: Vec<Document> = (0..n)
        .map(|i| match i % 5 {
            0 => serde_json::json!({"a": i % 3, "b": [1, {"c": null}]}),
            1 => serde_json::json!({"b": [1, {"c": null}], "a": i % 3}),
            2 => serde_json::json!(1),
            3 => serde_json::json!(1.0),
            _ => serde_json::json!([i % 2, "x"]),
        })
        .collect();
    same_as_pairwise(documents);
    same_as_pairwise(
        (0..n).map(|i| [Color::Red, Color::Green, Color::from("pink")][(i % 3) as usize].clone()).collect(),
    );
    // Unions, with unknown members (which cannot be serialized) of many names.
    same_as_pairwise(
        (0..n)
            .map(|i| match i % 4 {
                0 => Choice::Text(format!("t{}", i % 9)),
                1 => Choice::Number(i % 5),
                2 => Choice::Nothing,
                _ => Choice::Unknown(format!("future{}", i % 13)),
            })
            .collect(),
    );
    // Structures (with floats and nested values), sparse and nested lists, maps.
    same_as_pairwise(
        (0..n)
            .map(|i| {
                let b = Everything::builder().id(format!("e{}", i % 10)).ratio(floats(i) as f32);
                b.tags(vec!["A".to_string(); (i % 2) as usize]).build().expect("id set")
            })
            .collect(),
    );
    same_as_pairwise((0..n).map(|i| (i % 3 != 0).then_some(i % 7)).collect::<Vec<_>>());
    same_as_pairwise((0..n).map(|i| vec![floats(i); (i % 3) as usize]).collect::<Vec<_>>());
    same_as_pairwise(
        (0..n)
            .map(|i| BTreeMap::from([(format!("k{}", i % 4), floats(i)), ("z".to_string(), f64::from(i % 2))]))
            .collect::<Vec<_>>(),
    );
    // No repeats: nothing reported (a NaN repeats nothing, not even another NaN).
    assert_eq!(reported(&(0..n).map(|i| format!("s{i}")).collect::<Vec<_>>()), Vec::<usize>::new());
    assert_eq!(reported(&vec![f64::NAN; 1000]), Vec::<usize>::new());
}

/// `@uniqueItems` through a parsed body: a list long enough for the hashed path.
#[test]
fn unique_tags_in_a_body() {
    let tags: Vec<String> = (0..3000).map(|i| format!("\"T{}\"", i % 1000)).collect();
    let body = format!(r#"{{"id":"x","tags":[{}]}}"#, tags.join(","));
    let got = violations::<Everything>(&body);
    let message = "Value at '/tags' failed to satisfy constraint: Member must have unique values".to_string();
    assert!(got.contains(&("/tags".to_string(), message)), "{:?}", got.iter().map(|v| &v.0).collect::<Vec<_>>());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `unique` reports what the pairwise definition does, for strings from a small alphabet
    /// and floats with NaNs and signed zeros, short lists and long.
    #[test]
    fn unique_is_pairwise(
        strings in prop::collection::vec("[ab]{0,3}", 0..80),
        floats in prop::collection::vec(prop_oneof![Just(f64::NAN), Just(0.0), Just(-0.0), (0..4).prop_map(f64::from)], 0..80),
    ) {
        prop_assert_eq!(reported(&strings), pairwise(&strings));
        prop_assert_eq!(reported(&floats), pairwise(&floats));
    }

    /// Epoch seconds are written exactly (the text is the value's decimal expansion) and read
    /// back to the same value: as text, in a JSON body, in a header, and through a generated
    /// response body and request header.
    #[test]
    fn epoch_seconds_round_trip(secs in any::<i64>(), nanos in 0u32..1_000_000_000, small in -100_000i64..100_000) {
        for secs in [secs, small] {
            let d = DateTime::from_secs_and_nanos(secs, nanos).expect("below a second");
            let text = d.to_epoch_seconds();
            // The exact value, from integers: secs × 10^9 + nanos nanoseconds.
            let total = i128::from(secs) * 1_000_000_000 + i128::from(nanos);
            let whole = (total.unsigned_abs() / 1_000_000_000).to_string();
            let frac = format!("{:09}", total.unsigned_abs() % 1_000_000_000);
            let frac = frac.trim_end_matches('0');
            let sign = if total < 0 { "-" } else { "" };
            let exact = if frac.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{frac}") };
            prop_assert_eq!(&text, &exact);
            prop_assert_eq!(DateTime::parse_epoch_seconds(&text), Ok(d));
            let json = serde_json::to_string(&d).expect("serializes");
            prop_assert_eq!(&json, &text);
            prop_assert_eq!(serde_json::from_str::<DateTime>(&json).ok(), Some(d));
            prop_assert_eq!(TimestampFormat::EpochSeconds.format(&d), text.clone());
            let header = d.to_http(TimestampFormat::EpochSeconds);
            prop_assert_eq!(DateTime::from_http(&header, TimestampFormat::EpochSeconds), Some(d));
        }
    }
}

/// Through generated code: a body timestamp (epoch seconds) and an epoch-seconds header keep
/// their nanoseconds, and the old wrong forms are gone (`-0.5` was written `-1.5`, 500 ns
/// `"123."`).
#[test]
fn epoch_seconds_through_generated_types() {
    use ivs_tests::golden_http::operation::GetThing;
    use ivs_tests::golden_http::{GetThingInput, GetThingOutput};
    use ivs_types::rt::http::HttpOperation;
    for (secs, nanos, text) in
        [(-1, 500_000_000, "-0.5"), (123, 500, "123.0000005"), (1_576_540_098, 1, "1576540098.000000001")]
    {
        let d = DateTime::from_secs_and_nanos(secs, nanos).expect("below a second");
        let out = GetThingOutput::builder().name("n").created(d).build().expect("set");
        let resp = GetThing::build_response(&out).expect("builds");
        let body = String::from_utf8(resp.body().clone()).expect("utf8");
        assert!(body.contains(&format!(r#""created":{text}"#)), "{body}");
        assert_eq!(GetThing::parse_response(&resp).map(|o| o.created), Ok(Some(d)));
        let input = GetThingInput::builder().thing_id("t").since_epoch(d).build().expect("set");
        let req = GetThing::build_request(&input).expect("builds");
        assert_eq!(req.headers()["X-Since-Epoch"], text);
        assert_eq!(GetThing::parse_request(&req).map(|i| i.since_epoch).ok(), Some(Some(d)));
    }
}

/// A timestamp or big number that cannot be read: the error says so without the text.
#[test]
fn unreadable_values_are_not_echoed() {
    use ivs_tests::golden_http::operation::GetThing;
    use ivs_types::rt::http::HttpOperation;
    for body in [
        r#"{"created":"hunter2-secret"}"#,
        r#"{"created":"2014-04-29T18:30:38hunter2-secret"}"#,
        r#"{"created":12345678901234567890123456789}"#,
        r#"{"big":"hunter2-secret"}"#,
        r#"{"ratio":"hunter2-secret"}"#,
    ] {
        let resp = http::Response::builder().status(200).body(body.as_bytes().to_vec()).expect("response");
        let err = GetThing::parse_response(&resp).expect_err(body);
        let text = format!("{err} {err:?}");
        assert!(!text.contains("hunter2") && !text.contains("12345678901234567890123456789"), "{text}");
    }
}

/// The 2026 IVS errors have `x-amzn-ErrorType` as a member: read from a response and rendered
/// again, the header is sent once, as the error's code.
#[test]
// Without `../shared` at build time the body after the early return is compiled out.
#[cfg_attr(not(ivs_full), allow(clippy::needless_return))]
fn error_type_sent_once_by_ivs_errors() {
    if !ivs_tests::has_ivs_full("error_type_sent_once_by_ivs_errors") {
        return;
    }
    #[cfg(ivs_full)]
    {
        use ivs_tests::ivs_full::{operation::get_channel::GetChannelError, AccessDeniedException};
        use ivs_types::rt::http::FromErrorResponse;
        let resp = http::Response::builder()
            .status(403)
            .header("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/")
            .body(br#"{"exceptionMessage":"no"}"#.to_vec())
            .expect("response");
        let err = GetChannelError::from_response(&resp);
        let GetChannelError::AccessDeniedException(e, _) = &err else { panic!("{err:?}") };
        assert!(e.x_amzn_error_type.is_some(), "the member is read from the header");
        for rendered in [err.to_response().expect("renders"), {
            let mut e: AccessDeniedException = e.clone();
            e.x_amzn_error_type = Some("Something else".into());
            GetChannelError::from(e).to_response().expect("renders")
        }] {
            let values: Vec<_> = rendered.headers().get_all("x-amzn-errortype").iter().collect();
            assert_eq!(values, ["AccessDeniedException"]);
            assert_eq!(rendered.status(), 403);
            assert_eq!(GetChannelError::from_response(&rendered).code(), Some("AccessDeniedException"));
        }
    }
}
