//! Every HTTP binding trait, through `tests/models/http.json`: labels (plain and greedy),
//! query values, lists and maps, constant query parameters, headers (scalars, lists, dates,
//! prefixes), payloads (blob, structure, string), response codes, and error header members.

use std::collections::BTreeMap;

use ivs_tests::golden_http::operation::get_thing::GetThingError;
use ivs_tests::golden_http::operation::ping::PingInput;
use ivs_tests::golden_http::operation::poke::PokeOutput;
use ivs_tests::golden_http::operation::put_blob::PutBlobError;
use ivs_tests::golden_http::operation::{GetThing, Ping, Poke, PostBulk, PostDoc, PostNote, PutBlob, PutPicture};
use ivs_tests::golden_http::*;
use ivs_types::rt::http::{FromErrorResponse, HttpOperation};
use ivs_types::rt::{Blob, DateTime, RequestError};
use serde_json::json;

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn get_thing() -> GetThingInput {
    GetThingInput::builder()
        .thing_id("a/b c")
        .max_results(10)
        .tags(vec!["x".to_string(), "y,z".to_string()])
        .after(DateTime::from_secs(1_398_796_238))
        .params(map(&[("extra", "1"), ("maxResults", "ignored")]))
        .trace("t-1")
        .since(DateTime::from_secs(1_576_540_098))
        .since_epoch(DateTime::from_secs_and_nanos(1_576_540_098, 500_000_000).unwrap_or_default())
        .ids(vec!["a".to_string(), "b,c".to_string(), "d\"e".to_string()])
        .dates(vec![DateTime::from_secs(1_576_540_098), DateTime::from_secs(1_576_626_498)])
        .meta(map(&[("owner", "me")]))
        .flag(true)
        .color(Color::Blue)
        .build()
        .expect("set")
}

#[test]
fn request_golden_with_every_binding() {
    let req = GetThing::build_request(&get_thing()).expect("builds");
    assert_eq!(req.method(), http::Method::GET);
    assert_eq!(
        req.uri().to_string(),
        "/things/a%2Fb%20c?maxResults=10&tag=x&tag=y%2Cz&after=2014-04-29T18%3A30%3A38Z&extra=1"
    );
    let h = req.headers();
    assert_eq!(h["X-Trace"], "t-1");
    assert_eq!(h["X-Since"], "Mon, 16 Dec 2019 23:48:18 GMT");
    assert_eq!(h["X-Since-Epoch"], "1576540098.5");
    assert_eq!(h["X-Ids"], r#"a, "b,c", "d\"e""#);
    assert_eq!(h["X-Dates"], "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT");
    assert_eq!(h["X-Meta-owner"], "me");
    assert_eq!(h["X-Flag"], "true");
    assert_eq!(h["X-Color"], "blue");
    assert!(req.body().is_empty());
    // The server reads every part back.
    let mut expected = get_thing();
    expected.params =
        Some(map(&[("after", "2014-04-29T18:30:38Z"), ("extra", "1"), ("maxResults", "10"), ("tag", "x")]));
    assert_eq!(GetThing::parse_request(&req).expect("parses"), expected);
}

#[test]
fn server_side_problems() {
    let bad = http::Request::builder().method("GET").uri("/things/x?maxResults=abc").body(Vec::new()).expect("request");
    assert!(matches!(GetThing::parse_request(&bad), Err(RequestError::Http(_))));
    // A value that cannot be read is told by where it is and what was expected, never echoed
    // (it may be `@sensitive`).
    for (uri, header, said) in [
        ("/things/x?maxResults=hunter2", None, "query maxResults: expected a 32-bit integer"),
        ("/things/x?after=hunter2", None, "query after: expected an RFC 3339 date-time"),
        ("/things/x", Some(("X-Since", "hunter2")), "header X-Since: expected an IMF-fixdate (HTTP date)"),
        (
            "/things/x",
            Some(("X-Since-Epoch", "hunter2")),
            "header X-Since-Epoch: expected a timestamp in epoch seconds",
        ),
        ("/things/x", Some(("X-Flag", "hunter2")), "header X-Flag: expected `true` or `false`"),
        (
            "/things/x",
            Some(("X-Dates", "Mon, 16 Dec 2019 23:48:18 GMT, hunter2")),
            "header X-Dates: expected an IMF-fixdate (HTTP date)",
        ),
    ] {
        let mut b = http::Request::builder().method("GET").uri(uri);
        if let Some((k, v)) = header {
            b = b.header(k, v);
        }
        let err = GetThing::parse_request(&b.body(Vec::new()).expect("request")).expect_err(uri);
        let text = format!("{err} {err:?}");
        assert!(!text.contains("hunter2"), "{text}");
        assert_eq!(err.to_string(), said);
    }
    let out_of_range =
        http::Request::builder().method("GET").uri("/things/x?maxResults=500").body(Vec::new()).expect("request");
    match GetThing::parse_request(&out_of_range) {
        Err(RequestError::Invalid(r)) => assert_eq!(r.violations()[0].path, "/maxResults"),
        other => panic!("expected a report, got {other:?}"),
    }
    let other_path = http::Request::builder().method("GET").uri("/nothing/x").body(Vec::new()).expect("request");
    assert!(matches!(GetThing::parse_request(&other_path), Err(RequestError::Http(_))));
}

#[test]
fn response_golden_with_headers_status_and_body() {
    let out = GetThingOutput::builder()
        .name("thing")
        .created(DateTime::from_secs(1_398_796_238))
        .updated(DateTime::from_secs(1_398_796_238))
        .version(7)
        .status(201)
        .meta(map(&[("k", "v")]))
        .score(f64::NAN)
        .big(ivs_types::rt::BigInteger::parse("123456789012345678901234567890").expect("digits"))
        .ratio(ivs_types::rt::BigDecimal::parse("0.1000000000000000000000000001").expect("digits"))
        .build()
        .expect("set");
    let resp = GetThing::build_response(&out).expect("builds");
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.headers()["X-Version"], "7");
    assert_eq!(resp.headers()["X-Meta-k"], "v");
    let body = String::from_utf8(resp.body().clone()).expect("utf8");
    // Timestamps in their formats, NaN as a string, big numbers as numbers with every digit.
    assert_eq!(
        body,
        r#"{"name":"thing","created":1398796238,"updated":"2014-04-29T18:30:38Z","score":"NaN","big":123456789012345678901234567890,"ratio":0.1000000000000000000000000001}"#
    );
    let mut back = GetThing::parse_response(&resp).expect("parses");
    assert!(back.score.is_some_and(f64::is_nan));
    // NaN is not equal to itself: compare the rest.
    let mut expected = out.clone();
    expected.score = None;
    back.score = None;
    assert_eq!(back, expected);
}

#[test]
fn greedy_labels_constant_query_blob_payload_and_codes() {
    let input = PutBlobInput::builder()
        .key("dir/sub dir/file.txt")
        .data(Blob(vec![0, 1, 2, 255]))
        .language("en")
        .build()
        .expect("set");
    let req = PutBlob::build_request(&input).expect("builds");
    assert_eq!(req.method(), http::Method::PUT);
    assert_eq!(req.uri().to_string(), "/blobs/dir/sub%20dir/file.txt/data?kind=raw");
    assert_eq!(req.headers()["content-type"], "application/octet-stream");
    assert_eq!(req.body(), &vec![0, 1, 2, 255]);
    assert_eq!(PutBlob::parse_request(&req).expect("parses"), input);
    let resp = PutBlob::build_response(&PutBlobOutput::builder().build()).expect("builds");
    assert_eq!(resp.status(), 204);
    assert!(resp.body().is_empty());
    assert!(PutBlob::parse_response(&resp).is_ok());
}

#[test]
fn structure_and_string_payloads() {
    let doc = Doc::builder().title("t").body("b").build().expect("set");
    let input = PostDocInput::builder().doc(doc).token("tok").build();
    let req = PostDoc::build_request(&input).expect("builds");
    assert_eq!(req.headers()["content-type"], "application/json");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(req.body()).expect("json"),
        json!({"title": "t", "body": "b"})
    );
    assert_eq!(PostDoc::parse_request(&req).expect("parses"), input);
    let resp = PostDoc::build_response(&PostDocOutput::builder().text("plain text").build()).expect("builds");
    assert_eq!(resp.headers()["content-type"], "text/plain");
    assert_eq!(resp.body(), b"plain text");
    assert_eq!(PostDoc::parse_response(&resp).expect("parses").text.as_deref(), Some("plain text"));
}

#[test]
fn errors_with_header_members_and_service_errors() {
    let resp = http::Response::builder()
        .status(404)
        .header("x-amzn-ErrorType", "conformance.http#NotFound:http://internal")
        .header("X-Reason", "deleted")
        .body(br#"{"message":"gone","thingId":"t1"}"#.to_vec())
        .expect("response");
    match GetThingError::from_response(&resp) {
        GetThingError::NotFound(e, meta) => {
            assert_eq!(meta.map(|m| m.status()), Some(404));
            assert_eq!(
                (e.message.as_deref(), e.reason.as_deref(), e.thing_id.as_deref()),
                (Some("gone"), Some("deleted"), Some("t1"))
            );
            let again = GetThingError::from(e.clone()).to_response().expect("renders");
            assert_eq!(again.headers()["X-Reason"], "deleted");
            assert_eq!(again.headers()["x-amzn-ErrorType"], "NotFound");
            assert_eq!(again.status(), 404);
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    // A service-level error is part of every operation's error enum.
    let throttled = http::Response::builder()
        .status(429)
        .header("x-amzn-ErrorType", "Throttled")
        .body(Vec::new())
        .expect("response");
    let err = GetThingError::from_response(&throttled);
    assert!(err.is_retryable());
    assert_eq!(err.code(), Some("Throttled"));
    assert!(matches!(PutBlobError::from_response(&throttled), PutBlobError::Throttled(..)));
}

/// Only the members of an operation's top-level input, output and error structures are bound:
/// a structure nested in a payload or a body keeps its `@httpHeader`, `@httpQuery` and
/// `@httpLabel` members in the JSON, both ways (Smithy ignores the traits there).
#[test]
fn nested_structures_carry_their_bound_members_in_the_body() {
    let nested = || Nested::builder().h("head").q("query").l("label").plain(7).build().expect("set");
    let doc = Doc::builder().title("t").nested(nested()).doc_header("dh").build().expect("set");
    let input = PostDocInput::builder().doc(doc).token("tok").build();
    let req = PostDoc::build_request(&input).expect("builds");
    assert_eq!(req.uri().to_string(), "/docs", "no query from the nested member");
    assert!(req.headers().get("X-Nested").is_none() && req.headers().get("X-Doc").is_none());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(req.body()).expect("json"),
        json!({"title": "t", "docHeader": "dh", "nested": {"h": "head", "q": "query", "l": "label", "plain": 7}})
    );
    assert_eq!(PostDoc::parse_request(&req).expect("parses"), input);

    let out = GetThingOutput::builder().name("n").nested(nested()).build().expect("set");
    let resp = GetThing::build_response(&out).expect("builds");
    assert!(resp.headers().get("X-Nested").is_none());
    let body: serde_json::Value = serde_json::from_slice(resp.body()).expect("json");
    assert_eq!(body["nested"], json!({"h": "head", "q": "query", "l": "label", "plain": 7}));
    assert_eq!(GetThing::parse_response(&resp).expect("parses").nested, Some(nested()));

    // And a server reports the nested label when it is missing, by its path in the body.
    let missing = PostDocInput::builder().doc(Doc::builder().title("t").build().expect("set")).build();
    let mut req = PostDoc::build_request(&missing).expect("builds");
    *req.body_mut() = br#"{"title":"t","nested":{"h":"x"}}"#.to_vec();
    match PostDoc::parse_request(&req) {
        Err(RequestError::Invalid(r)) => assert!(r.to_string().contains("/doc/nested/l"), "{r}"),
        other => panic!("expected a report, got {other:?}"),
    }
}

/// A structure that is an operation's input, output or error and is also nested somewhere:
/// a warning names the member where its bound members would be lost.
#[test]
fn a_bound_structure_nested_elsewhere_is_a_warning() {
    let model = r#"{"smithy": "2.0", "shapes": {
        "a#Svc": {"type": "service", "version": "1", "operations": [{"target": "a#Op"}]},
        "a#Op": {"type": "operation", "input": {"target": "a#In"}, "output": {"target": "a#Out"},
                 "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}},
        "a#In": {"type": "structure", "members": {"h": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-H"}}}},
        "a#Out": {"type": "structure", "members": {"again": {"target": "a#In"}}}
    }}"#;
    let (_, ir) = ivs_codegen::generate_source(model, &ivs_codegen::Selection::All).expect("generates");
    assert_eq!(ir.warnings.len(), 1, "{:?}", ir.warnings);
    assert!(
        ir.warnings[0].starts_with("a#Out$again: targets `a#In`") && ir.warnings[0].contains("(h)"),
        "{:?}",
        ir.warnings
    );
}

/// A request to `POST /notes` with this JSON body and headers.
fn note_request(body: &str, headers: &[(&str, &str)]) -> http::Request<Vec<u8>> {
    let mut b = http::Request::builder().method("POST").uri("/notes").header("content-type", "application/json");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.as_bytes().to_vec()).expect("request")
}

/// A server refuses what restJson1 does not allow (a timestamp in another format than its
/// location's, base64 that is not RFC 4648's, `null` in a list or map that is not `@sparse`,
/// an unknown union member); a client reading the same JSON in a response keeps going.
#[test]
fn a_server_refuses_what_the_protocol_does_not_allow() {
    let ok = r#"{"at": 1515531081.5, "when": "1985-04-12T23:20:50.52Z", "day": "Tue, 29 Apr 2014 18:30:38 GMT",
        "data": "YmxvYg==", "tags": ["a"], "attrs": {"k": "v"}, "choice": {"text": "t"}}"#;
    let input = PostNote::parse_request(&note_request(ok, &[])).expect("a well-formed body parses");
    assert_eq!(input.when, DateTime::parse_rfc3339("1985-04-12T23:20:50.52Z").ok());
    assert_eq!(input.data, Some(Blob(b"blob".to_vec())));
    for bad in [
        r#"{"at": "1985-04-12T23:20:50Z"}"#, // epoch seconds (the default) as a date-time
        r#"{"at": "Tue, 29 Apr 2014 18:30:38 GMT"}"#, // ... or an http-date
        r#"{"when": 1515531081}"#,           // date-time as epoch seconds
        r#"{"when": "1996-12-19T16:39:57-08:00"}"#, // date-time with an offset
        r#"{"when": "1996-12-19 16:39:57Z"}"#, // a space for the T
        r#"{"day": "1985-04-12T23:20:50Z"}"#, // http-date as a date-time
        r#"{"day": 1515531081}"#,            // ... or epoch seconds
        r#"{"data": "xyz"}"#,                // base64 without its padding
        r#"{"data": "YmxvYg="}"#,            // ... or with too little
        r#"{"tags": ["a", null]}"#,          // null in a list that is not @sparse
        r#"{"attrs": {"k": null}}"#,         // null in a map that is not @sparse
        r#"{"choice": {"unknown": "hello"}}"#, // a union member the model does not have
    ] {
        match PostNote::parse_request(&note_request(bad, &[])) {
            Err(RequestError::Malformed(_)) => {}
            other => panic!("{bad}: expected a malformed body, got {other:?}"),
        }
    }
    // Labels, query values and headers too: `date-time` (query, labels) has no offset and a
    // `T`; a header is an http-date; a @mediaType header is base64.
    let get = |uri: &str, headers: &[(&str, &str)]| {
        let mut b = http::Request::builder().method("GET").uri(uri);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        GetThing::parse_request(&b.body(Vec::new()).expect("request"))
    };
    assert!(get("/things/t?after=1985-04-12T23%3A20%3A50Z", &[]).is_ok());
    assert!(get("/things/t?after=1985-04-12%2023%3A20%3A50Z", &[]).is_err());
    assert!(get("/things/t?after=1985-04-12T23%3A20%3A50%2B01%3A00", &[]).is_err());
    assert!(get("/things/t", &[("X-Since", "1985-04-12T23:20:50Z")]).is_err());
    assert!(PostNote::parse_request(&note_request("{}", &[("X-Json", "xyz")])).is_err());

    // A client reads the same JSON: any timestamp form, lax base64, nulls dropped, the
    // unknown member kept. (An output is read as a client reads it; a payload structure
    // through `parse_response_body`.)
    let lax: Doc = ivs_types::rt::parse_response_body(br#"{"title": "t", "nested": {"l": "x", "plain": null}}"#)
        .expect("a client reads it");
    assert_eq!(lax.title, "t");
    let tags: Vec<String> = ivs_types::rt::parse_response_body(br#"["a", null, "b"]"#).expect("dropped");
    assert_eq!(tags, ["a", "b"]);
    let choice: Choice = ivs_types::rt::parse_response_body(br#"{"unknown": "hello"}"#).expect("kept");
    assert!(matches!(choice, Choice::Unknown(ref m) if m == "unknown"), "{choice:?}");
    let when: DateTime = ivs_types::rt::parse_response_body(br#""1996-12-19T16:39:57-08:00""#).expect("lax");
    assert_eq!(when, DateTime::parse_rfc3339("1996-12-20T00:39:57Z").expect("date"));
    let blob: Blob = ivs_types::rt::parse_response_body(br#""xyz""#).expect("lax base64");
    assert_eq!(blob.0.len(), 2);
}

/// A message with a body says how long it is: a request with a body (not a GET without
/// one), every response that can have content.
#[test]
fn messages_with_a_body_carry_content_length() {
    let input = PutBlobInput::builder().key("k").data(Blob(vec![1, 2, 3, 4])).build().expect("set");
    let req = PutBlob::build_request(&input).expect("builds");
    assert_eq!(req.headers()["content-length"], "4");
    let req = GetThing::build_request(&get_thing()).expect("builds");
    assert!(req.headers().get("content-length").is_none(), "a GET without a body");
    let resp = GetThing::build_response(&GetThingOutput::builder().name("n").build().expect("set")).expect("builds");
    assert_eq!(resp.headers()["content-length"], resp.body().len().to_string());
    // 204 has no content: neither a body nor a length.
    let resp = PutBlob::build_response(&PutBlobOutput::builder().build()).expect("builds");
    assert!(resp.body().is_empty() && resp.headers().get("content-length").is_none());
}

/// An output without body members is still `{}` as `application/json` from a server; an
/// operation's `Unit` output has no body at all.
#[test]
fn an_output_without_body_members_is_an_empty_json_object() {
    let resp = Ping::build_response(&PingOutput::builder().version(3).build()).expect("builds");
    assert_eq!(resp.headers()["content-type"], "application/json");
    assert_eq!(resp.body(), b"{}");
    assert_eq!(resp.headers()["x-version"], "3");
    assert_eq!(Ping::parse_response(&resp).expect("parses").version, Some(3));
    let resp = Poke::build_response(&PokeOutput::builder().build()).expect("builds");
    assert!(resp.body().is_empty() && resp.headers().get("content-type").is_none());
    assert_eq!(resp.headers()["content-length"], "0");
    // A request of an input without body members has no body.
    let req = Ping::build_request(&PingInput::builder().build()).expect("builds");
    assert!(req.body().is_empty() && req.headers().get("content-type").is_none());
}

/// A string with `@mediaType` travels in a header as base64, both ways.
#[test]
fn media_type_strings_in_headers_are_base64() {
    let input = PostNoteInput::builder().json("true").build();
    let req = PostNote::build_request(&input).expect("builds");
    assert_eq!(req.headers()["x-json"], "dHJ1ZQ==");
    assert_eq!(PostNote::parse_request(&req).expect("parses").json.as_deref(), Some("true"));
    let resp = PostNote::build_response(&PostNoteOutput::builder().json("{}").build()).expect("builds");
    assert_eq!(resp.headers()["x-json"], "e30=");
    assert_eq!(PostNote::parse_response(&resp).expect("parses").json.as_deref(), Some("{}"));
}

/// A blob payload with `@mediaType` is sent as that type; a member bound to `Content-Type`
/// wins over it, and the header is sent once.
#[test]
fn a_payload_content_type_is_its_media_type_or_the_bound_member() {
    let input = PutPictureInput::builder().picture(Blob(b"png".to_vec())).build();
    let req = PutPicture::build_request(&input).expect("builds");
    assert_eq!(req.headers()["content-type"], "image/png");
    // (A server reads the header into the member bound to it.)
    let read = PutPicture::parse_request(&req).expect("parses");
    assert_eq!((read.picture, read.content_type.as_deref()), (input.picture, Some("image/png")));
    let input = PutPictureInput::builder().picture(Blob(b"jpg".to_vec())).content_type("image/jpg").build();
    let req = PutPicture::build_request(&input).expect("builds");
    let types: Vec<_> = req.headers().get_all("content-type").iter().collect();
    assert_eq!(types, ["image/jpg"]);
}

/// An unset structure payload: a client sends `{}` (`application/json`), and `{}` reads as
/// unset; a server's response with it unset has no body.
#[test]
fn an_unset_structure_payload_is_an_empty_object_from_a_client() {
    let input = PostDocInput::builder().token("tok").build();
    let req = PostDoc::build_request(&input).expect("builds");
    assert_eq!(req.body(), b"{}");
    assert_eq!(req.headers()["content-type"], "application/json");
    assert_eq!(req.headers()["content-length"], "2");
    assert_eq!(PostDoc::parse_request(&req).expect("parses"), input);
}

/// `@httpPrefixHeaders("")` beside a member bound to one of its headers: the member wins. An
/// output member with `@httpQuery` is a body member (a response has no query string).
#[test]
fn bound_headers_win_over_prefix_headers_and_output_query_members_are_body_members() {
    let out =
        PostNoteOutput::builder().version(2).headers(map(&[("x-version", "1"), ("x-other", "o")])).hint("h").build();
    let resp = PostNote::build_response(&out).expect("builds");
    let versions: Vec<_> = resp.headers().get_all("x-version").iter().collect();
    assert_eq!(versions, ["2"]);
    assert_eq!(resp.headers()["x-other"], "o");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(resp.body()).expect("json"), json!({"hint": "h"}));
    assert_eq!(PostNote::parse_response(&resp).expect("parses").hint.as_deref(), Some("h"));
}

fn bulk(text: &str) -> PostBulkInput {
    PostBulkInput::builder().tenant("acme").text(text).build().expect("tenant set")
}

#[test]
fn a_client_fills_tokens_sends_content_md5_and_prefixes_the_host() {
    let request = PostBulk::build_request(&bulk("hi")).expect("builds");
    // A small body is sent as it is, with the MD5 of exactly those bytes (the digest from
    // Python's hashlib of `{"tenant":"acme","text":"hi"}`).
    assert_eq!(request.body(), br#"{"tenant":"acme","text":"hi"}"#);
    assert!(request.headers().get("content-encoding").is_none());
    assert_eq!(request.headers()["content-md5"], "ng8wj1qxwwsbmPd/C7vN3g==");
    // The unset idempotency token is a new version 4 UUID on every request; a set one is kept.
    let token = request.headers()["x-token"].to_str().expect("text").to_string();
    assert_eq!((token.len(), &token[14..15]), (36, "4"), "{token}");
    let again = PostBulk::build_request(&bulk("hi")).expect("builds");
    assert_ne!(again.headers()["x-token"].to_str().expect("text"), token);
    let mut fixed = bulk("hi");
    fixed.token = Some("mine".into());
    assert_eq!(PostBulk::build_request(&fixed).expect("builds").headers()["x-token"], "mine");
    // The host prefix, from the tenant, goes in front of the endpoint's host.
    let sent = ivs_types::rt::http::with_endpoint(request, "https://example.com:8443/base").expect("endpoint");
    assert_eq!(sent.uri().to_string(), "https://acme.bulk.example.com:8443/base/bulk");
    assert_eq!(sent.headers()["host"], "acme.bulk.example.com:8443");
    // A tenant that would not make a host name is refused before anything is sent.
    let mut bad = bulk("hi");
    bad.tenant = "a/b".into();
    assert!(PostBulk::build_request(&bad).is_err());
}

#[test]
fn large_bodies_are_compressed_and_a_server_reads_them_back() {
    let text = "all work and no play ".repeat(1_000);
    let input = bulk(&text);
    let request = PostBulk::build_request(&input).expect("builds");
    // `br` comes first in the model and is not supported: gzip is used.
    assert_eq!(request.headers()["content-encoding"], "gzip");
    assert!(request.body().len() < 1_000, "{} bytes", request.body().len());
    assert_eq!(request.headers()["content-length"], request.body().len().to_string().as_str());
    // The server decodes the body and reads the same input (with the token the client filled).
    let token = request.headers()["x-token"].to_str().expect("text").to_string();
    let got = PostBulk::parse_request(&request).expect("the server reads it");
    // (and the defaults of the members the client left unset, which a server fills).
    let mut expected = input;
    expected.token = Some(token);
    (expected.level, expected.mode) = (Some(3), Some("fast".into()));
    assert!(got == expected, "the server read another input");
    // A body that is not gzip is a 400; one that decompresses past the limit a 413.
    let mut broken = request.clone();
    *broken.body_mut() = b"not gzip".to_vec();
    let refused = PostBulk::parse_request(&broken).expect_err("refused");
    assert_eq!(PostBulk::reject(refused).status(), 400);
    let before = ivs_types::rt::transfer::max_decompressed_size();
    ivs_types::rt::transfer::set_max_decompressed_size(1_000);
    let refused = PostBulk::parse_request(&request).expect_err("too large");
    ivs_types::rt::transfer::set_max_decompressed_size(before);
    let response = PostBulk::reject(refused);
    assert_eq!(response.status(), 413);
    assert_eq!(response.headers()["x-amzn-errortype"], "RequestEntityTooLargeException");
}

#[test]
fn defaulted_input_members_are_sent_when_set_and_filled_by_a_server() {
    // Members of an @input structure with a @default are `Option<T>` (Smithy makes them
    // client-optional): unset is not sent, a value equal to the default is.
    let unset = PostBulk::build_request(&bulk("hi")).expect("builds");
    assert_eq!(unset.body(), br#"{"tenant":"acme","text":"hi"}"#);
    assert!(unset.headers().get("x-mode").is_none());
    let mut explicit = bulk("hi");
    explicit.level = Some(3);
    explicit.mode = Some("fast".into());
    let sent = PostBulk::build_request(&explicit).expect("builds");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(sent.body()).expect("JSON")["level"], 3);
    assert_eq!(sent.headers()["x-mode"], "fast");
    // A server reading a request without them gets the defaults; with them, what was sent.
    let got = PostBulk::parse_request(&unset).expect("reads");
    assert_eq!((got.level, got.mode.as_deref()), (Some(3), Some("fast")));
    let mut other = bulk("hi");
    other.level = Some(7);
    other.mode = Some("slow".into());
    let got = PostBulk::parse_request(&PostBulk::build_request(&other).expect("builds")).expect("reads");
    assert_eq!((got.level, got.mode.as_deref()), (Some(7), Some("slow")));
}
