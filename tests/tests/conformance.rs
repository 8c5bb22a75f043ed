//! Serde round trips over values generated from the conformance models themselves: for
//! each listed structure, random JSON instances are built by walking the model (every member
//! kind, recursion bounded by depth), read into the generated type, written back, and read
//! again: the two values are equal and the written JSON is stable.

use ivs_codegen::model::{traits, Member, Model, ShapeId, ShapeKind, Simple};
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

struct Gen<'m> {
    model: &'m Model,
    state: u64,
}

impl Gen<'_> {
    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }

    fn text(&mut self) -> String {
        let alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', 'é', '😀', '\n', '-', '_'];
        let n = self.below(8);
        let s: String = (0..n).map(|_| alphabet[self.below(alphabet.len() as u64) as usize]).collect();
        serde_json::to_string(&s).unwrap_or_default()
    }

    fn is_body(m: &Member) -> bool {
        ![
            traits::HTTP_LABEL,
            traits::HTTP_QUERY,
            traits::HTTP_QUERY_PARAMS,
            traits::HTTP_HEADER,
            traits::HTTP_PREFIX_HEADERS,
            traits::HTTP_PAYLOAD,
            traits::HTTP_RESPONSE_CODE,
        ]
        .iter()
        .any(|t| m.traits.has(t))
    }

    /// A JSON text for a value of the member's target.
    fn value(&mut self, m: &Member, depth: u32) -> String {
        let Some(shape) = self.model.get(&m.target) else { return "null".into() };
        let format = m.traits.timestamp_format().or_else(|| shape.traits.timestamp_format()).unwrap_or("epoch-seconds");
        match &shape.kind {
            ShapeKind::Simple(s) => match s {
                Simple::String if shape.traits.has(traits::ENUM) => {
                    let values: Vec<String> = shape
                        .traits
                        .get(traits::ENUM)
                        .and_then(|v| v.as_array())
                        .into_iter()
                        .flatten()
                        .filter_map(|d| d.get("value").and_then(|v| v.as_str()).map(str::to_string))
                        .collect();
                    if self.below(4) == 0 || values.is_empty() {
                        self.text()
                    } else {
                        format!("{:?}", values[self.below(values.len() as u64) as usize])
                    }
                }
                Simple::String => self.text(),
                Simple::Boolean => self.chance().to_string(),
                Simple::Byte => (self.below(256) as i64 - 128).to_string(),
                Simple::Short => (self.below(65536) as i64 - 32768).to_string(),
                Simple::Integer => (self.next() as i32).to_string(),
                Simple::Long => (self.next() as i64).to_string(),
                Simple::Float => format!("{}", (self.below(2000) as f32 - 1000.0) / 8.0),
                Simple::Double => format!("{}", (self.next() as i64 as f64) / 1024.0),
                Simple::BigInteger => format!("-{}{}", self.next(), self.next()),
                Simple::BigDecimal => format!("{}.{}e-3", self.next(), self.below(1000)),
                Simple::Timestamp => {
                    let secs = self.below(4_000_000_000) as i64;
                    match format {
                        "date-time" => format!("\"{}\"", ivs_types::rt::DateTime::from_secs(secs).to_rfc3339()),
                        "http-date" => format!("\"{}\"", ivs_types::rt::DateTime::from_secs(secs).to_http_date()),
                        _ => secs.to_string(),
                    }
                }
                Simple::Blob => {
                    let bytes: Vec<u8> = (0..self.below(10)).map(|_| self.next() as u8).collect();
                    format!("\"{}\"", ivs_types::rt::Blob(bytes).to_base64())
                }
                Simple::Document => {
                    ["null", "1", "\"x\"", "[1,{\"a\":[]}]", "{\"k\":true}"][self.below(5) as usize].to_string()
                }
            },
            ShapeKind::Enum(ms) => {
                let values: Vec<String> = ms
                    .iter()
                    .map(|m| m.traits.get(traits::ENUM_VALUE).and_then(|v| v.as_str()).unwrap_or(&m.name).to_string())
                    .collect();
                if self.below(4) == 0 {
                    self.text()
                } else {
                    format!("{:?}", values[self.below(values.len() as u64) as usize])
                }
            }
            ShapeKind::IntEnum(ms) => {
                if self.below(4) == 0 {
                    (self.next() as i32).to_string()
                } else {
                    ms[self.below(ms.len() as u64) as usize]
                        .traits
                        .get(traits::ENUM_VALUE)
                        .map(|v| v.to_string())
                        .unwrap_or_default()
                }
            }
            ShapeKind::List { member, .. } => {
                let sparse = shape.traits.has(traits::SPARSE);
                let n = if depth > 3 { 0 } else { self.below(4) };
                let items: Vec<String> = (0..n)
                    .map(|_| if sparse && self.below(3) == 0 { "null".into() } else { self.value(member, depth + 1) })
                    .collect();
                format!("[{}]", items.join(","))
            }
            ShapeKind::Map { value, .. } => {
                let sparse = shape.traits.has(traits::SPARSE);
                let n = if depth > 3 { 0 } else { self.below(4) };
                let mut keys = std::collections::BTreeSet::new();
                let entries: Vec<String> = (0..n)
                    .filter_map(|i| {
                        let k = format!("\"k{i}\"");
                        keys.insert(k.clone()).then(|| {
                            format!(
                                "{k}:{}",
                                if sparse && self.below(3) == 0 { "null".into() } else { self.value(value, depth + 1) }
                            )
                        })
                    })
                    .collect();
                format!("{{{}}}", entries.join(","))
            }
            ShapeKind::Structure(ms) => self.structure(ms, depth),
            ShapeKind::Union(ms) => {
                // Deep down, prefer members that do not lead back into aggregates.
                let choices: Vec<&Member> = ms
                    .iter()
                    .filter(|m| {
                        depth < 3 || matches!(self.model.get(&m.target).map(|s| &s.kind), Some(ShapeKind::Simple(_)))
                    })
                    .collect();
                let m = choices[self.below(choices.len() as u64) as usize];
                let v =
                    if m.target.as_str() == "smithy.api#Unit" { "{}".to_string() } else { self.value(m, depth + 1) };
                format!("{{{:?}:{v}}}", m.traits.string(traits::JSON_NAME).unwrap_or(&m.name))
            }
            _ => "null".into(),
        }
    }

    fn structure(&mut self, ms: &[Member], depth: u32) -> String {
        let mut entries = Vec::new();
        // Binding traits bind only the top-level structure's members; nested, every member is in the body.
        for m in ms.iter().filter(|m| depth > 0 || Self::is_body(m)) {
            let required = m.traits.has(traits::REQUIRED);
            if !required && (depth > 3 || self.below(3) == 0) {
                continue;
            }
            let key = m.traits.string(traits::JSON_NAME).unwrap_or(&m.name).to_string();
            entries.push(format!("{key:?}:{}", self.value(m, depth + 1)));
        }
        format!("{{{}}}", entries.join(","))
    }
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(model: &Model, id: &str, seed: u64) {
    let Ok(id) = ShapeId::parse(id) else { panic!("bad id {id}") };
    let Some(ShapeKind::Structure(ms)) = model.get(&id).map(|s| &s.kind) else { panic!("{id} is not a structure") };
    let mut g = Gen { model, state: seed | 1 };
    let json = g.structure(ms, 0);
    let v1: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{id}: {json} does not read: {e}"));
    let text = serde_json::to_string(&v1).unwrap_or_else(|e| panic!("{id}: {v1:?} does not write: {e}"));
    let v2: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{id}: {text} does not read back: {e}"));
    assert_eq!(v1, v2, "{id} through {text}");
    assert_eq!(serde_json::to_string(&v2).unwrap_or_default(), text, "{id}: written JSON is stable");
}

fn model(name: &str) -> Model {
    let path = ivs_tests::workspace().join(format!("tests/models/{name}.json"));
    Model::from_json(&std::fs::read_to_string(path).unwrap_or_default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn shapes_round_trip(seed in any::<u64>()) {
        use ivs_tests::golden_shapes::*;
        let m = model("shapes");
        round_trip::<EverythingInput>(&m, "conformance.shapes#EverythingInput", seed);
        round_trip::<Tree>(&m, "conformance.shapes#Tree", seed);
        round_trip::<Node>(&m, "conformance.shapes#Node", seed);
        round_trip::<Ping>(&m, "conformance.shapes#Ping", seed);
        round_trip::<Add>(&m, "conformance.shapes#Add", seed);
    }

    #[test]
    fn names_round_trip(seed in any::<u64>()) {
        use ivs_tests::golden_names::*;
        let m = model("names");
        round_trip::<KeywordsInput>(&m, "conformance.names#KeywordsInput", seed);
        round_trip::<ClashRequest>(&m, "conformance.names#ClashRequest", seed);
    }

    #[test]
    fn legacy_round_trip(seed in any::<u64>()) {
        use ivs_tests::golden_legacy::*;
        round_trip::<GetLegacyResponse>(&model("legacy"), "conformance.legacy#GetLegacyResponse", seed);
    }

    #[test]
    fn http_and_constraint_models_round_trip(seed in any::<u64>()) {
        round_trip::<ivs_tests::golden_http::GetThingOutput>(&model("http"), "conformance.http#GetThingOutput", seed);
        round_trip::<ivs_tests::golden_constraints::Everything>(&model("constraints"), "conformance.constraints#Everything", seed);
    }
}

#[test]
fn event_streams_are_skipped_with_a_warning_and_strict_fails() {
    let json = std::fs::read_to_string(ivs_tests::workspace().join("tests/models/shapes.json")).unwrap_or_default();
    let (text, ir) = ivs_codegen::generate_source(&json, &ivs_codegen::Selection::All).expect("generates");
    assert_eq!(ir.warnings.len(), 1, "{:?}", ir.warnings);
    assert!(ir.warnings[0].starts_with("conformance.shapes#Subscribe: skipped"), "{}", ir.warnings[0]);
    assert!(!text.contains("SubscribeInput") && !text.contains("pub struct Subscribe"));
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("strict");
    let _ = std::fs::remove_dir_all(&dir);
    let err = ivs_codegen::Config::new()
        .model(ivs_tests::workspace().join("tests/models/shapes.json"))
        .out_dir(&dir)
        .strict(true)
        .generate()
        .expect_err("strict refuses skipped operations");
    assert!(err.to_string().contains("conformance.shapes#Subscribe"), "{err}");
    assert!(!dir.exists(), "nothing is written when strict fails");
}

#[test]
fn names_follow_the_documented_rules() {
    use ivs_tests::golden_names::*;
    // Keywords get a trailing `_`; repeats are numbered, a member whose model name is already
    // its Rust name (`foo_bar`) first, the others in model order; std names keep theirs.
    let k =
        KeywordsInput::builder().type_("t").self_("a").self_2("b").foo_bar_2("1").foo_bar("2").foo_bar_3("3").build();
    let json = serde_json::to_value(&k).expect("writes");
    assert_eq!(json["type"], "t");
    assert_eq!((json["self"].as_str(), json["Self"].as_str()), (Some("a"), Some("b")));
    assert_eq!(
        (json["fooBar"].as_str(), json["foo_bar"].as_str(), json["FooBar"].as_str()),
        (Some("1"), Some("2"), Some("3"))
    );
    // The builder's own names claim first: `build` and `set_label` (beside `label`) are numbered.
    let b = KeywordsInput::builder().build_2("b").label("l").set_label_2("s").build();
    let json = serde_json::to_value(&b).expect("writes");
    assert_eq!(
        (json["build"].as_str(), json["label"].as_str(), json["setLabel"].as_str()),
        (Some("b"), Some("l"), Some("s"))
    );
    let _: String = String::builder().value("v").build();
    let _: Option = Option::builder().none(true).build();
    let _: Result = Result::builder().ok("y").build();
    // Enum values that are not identifiers, and the catch-all that a model value took.
    assert_eq!(Size::from("t2.micro"), Size::T2Micro);
    assert_eq!(Size::from("1080p"), Size::P1080);
    assert_eq!(Size::from("*"), Size::Star);
    assert_eq!((Size::from("ADVANCED_SD"), Size::from("advanced_sd")), (Size::AdvancedSd, Size::AdvancedSd2));
    // Rule 5: the catch-all claims `Unknown` first, the model's value `unknown` is numbered.
    assert_eq!(Size::from("unknown"), Size::Unknown2);
    assert_eq!(Size::from("self"), Size::Self_);
    assert_eq!(Size::from("new"), Size::Unknown("new".into()));
    // Rule 7: the service's namespace at the root, another in its module, both named `Thing`.
    let _: Thing = Thing::builder().build();
    let _: conformance_other::Thing = conformance_other::Thing::builder().build();
    // Rule 8: builders live in `builders` (the namespace module's own for its shapes).
    let _: builders::ThingBuilder = Thing::builder();
    let _: conformance_other::builders::ThingBuilder = conformance_other::Thing::builder();
    assert_eq!(format!("{:?}", Thing::builder()), "ThingBuilder { z: None }");
    // A structure named like a builder is a model type at the root, the builder is in `builders`.
    let model_builder: ThingBuilder = ThingBuilder::builder().thing(Thing::builder().build()).build();
    let other = conformance_other::Thing::builder().home(Thing::builder().build()).build();
    assert_eq!((model_builder.thing.is_some(), other.home.is_some()), (true, true));
    // An error of another namespace: the variant is its name, the type in its module.
    let _ = operation::clash::ClashError::Error(Error::builder().build(), None);
    let other_error = conformance_other::Failure::builder().build();
    let _ = operation::clash::ClashError::Failure(other_error, None);
    // Rule 6: what an operation makes lives in its own module, so a structure named like its
    // error enum or its made input keeps its name, and so do they.
    let _: ClashError = ClashError::builder().build();
    let _: operation::clash::ClashError =
        operation::clash::ClashError::Unhandled(ivs_types::rt::Unhandled::default(), None);
    let _: NoIoInput = NoIoInput::builder().build();
    let _: operation::no_io::NoIoInput = operation::no_io::NoIoInput::builder().build();
}

#[test]
fn defaults_of_every_kind_and_sensitive_debug() {
    use ivs_tests::golden_shapes::*;
    let v: EverythingInput = serde_json::from_str(r#"{"region":"r","required":"x"}"#).expect("reads");
    assert_eq!(v.default_string, "hello");
    assert_eq!(v.default_int, 42);
    assert!(v.default_bool);
    assert_eq!(v.default_float, 1.5);
    assert!(v.default_list.is_empty() && v.default_map.is_empty());
    assert_eq!(v.default_timestamp, ivs_types::rt::DateTime::from_secs(1_700_000_000));
    assert_eq!(v.default_enum, Suit::Hearts);
    assert_eq!(v.default_int_enum, Priority::High);
    assert_eq!(v.default_blob.as_bytes(), b"hi");
    assert_eq!(v.default_document, serde_json::json!({"a": [1, true, null]}));
    assert_eq!(v.default_big.as_str(), "12345678901234567890");
    assert_eq!(v.added_default, 0);
    assert_eq!(v.null_default, None);
    assert_eq!(v.required_client_optional, None, "@clientOptional makes a required member optional");
    let secret: EverythingInput =
        serde_json::from_str(r#"{"region":"r","required":"x","secret":"hunter2","secretTarget":"pw1"}"#)
            .expect("reads");
    let debug = format!("{secret:?}");
    assert!(!debug.contains("hunter2") && !debug.contains("pw1"), "{debug}");
    assert!(debug.contains("*** Sensitive Data Redacted ***"));
}

/// Structure-aware fuzzing: JSON shaped like each conformance model's inputs (built by
/// walking the model, as the round trips do), then damaged where it matters: one node given
/// the wrong type, a null, a huge or tiny number, deep nesting, a long string, a duplicate key.
/// Every case gives a value or an error value, never a panic.
fn damaged<T: Serialize + DeserializeOwned + ivs_types::rt::Validate + ivs_types::rt::Wire>(
    model: &Model,
    id: &str,
    seed: u64,
) -> bool {
    let Ok(id) = ShapeId::parse(id) else { panic!("bad id {id}") };
    let Some(ShapeKind::Structure(ms)) = model.get(&id).map(|s| &s.kind) else { panic!("{id} is not a structure") };
    let mut g = Gen { model, state: seed | 1 };
    let json = g.structure(ms, 0);
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    // Collect the paths of every node, then damage one (or a few).
    fn paths(v: &serde_json::Value, here: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(here.clone());
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let mut p = here.clone();
                    p.push(k.clone());
                    paths(x, p, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    let mut p = here.clone();
                    p.push(i.to_string());
                    paths(x, p, out);
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    paths(&value, Vec::new(), &mut all);
    let mut duplicate = None;
    for _ in 0..=g.below(3) {
        let path = all[g.below(all.len() as u64) as usize].clone();
        let pointer: String = path.iter().map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1"))).collect();
        let Some(node) = value.pointer_mut(&pointer) else { continue };
        *node = match g.below(10) {
            0 => serde_json::Value::Null,
            1 => serde_json::json!("not the right type"),
            2 => serde_json::json!(12345),
            3 => serde_json::json!([1, "two", null, {}]),
            4 => serde_json::json!({"unexpected": {"deeply": [true]}}),
            5 => serde_json::json!(true),
            6 => serde_json::json!("x".repeat(100_000)),
            7 => {
                let mut deep = serde_json::json!([]);
                for _ in 0..200 {
                    deep = serde_json::json!([deep]);
                }
                deep
            }
            8 => serde_json::json!(-0.0),
            _ => {
                duplicate = path.last().cloned();
                node.clone()
            }
        };
    }
    let mut text = value.to_string();
    // Huge numbers and duplicate keys cannot be written through `Value`: splice them in.
    match g.below(4) {
        0 => text = text.replacen(":0", ":1e400", 1).replacen(":1", ":-99999999999999999999999999999999", 1),
        1 => {
            if let Some(key) = duplicate.filter(|k| k.parse::<usize>().is_err()) {
                let k = serde_json::to_string(&key).unwrap_or_default();
                text = text.replacen(&format!("{k}:"), &format!("{k}:null,{k}:"), 1);
            }
        }
        _ => {}
    }
    // Either a value or an error value; a panic fails the test.
    let _ = serde_json::from_str::<T>(&text);
    ivs_types::rt::parse_and_validate::<T>(text.as_bytes()).is_err()
}

/// The damage is real: most damaged bodies are refused (with an error value).
#[test]
fn damage_is_mostly_refused() {
    let constraints = model("constraints");
    let refused = (0..300u64)
        .filter(|seed| {
            damaged::<ivs_tests::golden_constraints::Everything>(
                &constraints,
                "conformance.constraints#Everything",
                *seed,
            )
        })
        .count();
    assert!(refused > 150, "only {refused} of 300 damaged bodies were refused");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn damaged_inputs_give_values_or_errors(seed in any::<u64>()) {
        let shapes = model("shapes");
        damaged::<ivs_tests::golden_shapes::EverythingInput>(&shapes, "conformance.shapes#EverythingInput", seed);
        damaged::<ivs_tests::golden_shapes::Tree>(&shapes, "conformance.shapes#Tree", seed);
        damaged::<ivs_tests::golden_names::KeywordsInput>(&model("names"), "conformance.names#KeywordsInput", seed);
        damaged::<ivs_tests::golden_http::GetThingOutput>(&model("http"), "conformance.http#GetThingOutput", seed);
        let constraints = model("constraints");
        damaged::<ivs_tests::golden_constraints::Everything>(&constraints, "conformance.constraints#Everything", seed);
        damaged::<ivs_tests::golden_constraints::Secrets>(&constraints, "conformance.constraints#Secrets", seed);
        damaged::<ivs_tests::golden_constraints::KeyedByEnum>(&constraints, "conformance.constraints#KeyedByEnum", seed);
    }
}
