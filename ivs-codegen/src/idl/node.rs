//! Node values in document order (`serde_json::Value` without `preserve_order` sorts
//! object keys; the generator keeps member order, so the IDL reader keeps its own).

use std::fmt::Write;

/// A Smithy node value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// The number as written (valid JSON number text).
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(String, Node)>),
    /// An unquoted shape id in IDL, resolved to an absolute id when the model is assembled.
    Id(String),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Obj(e) => e.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) | Node::Id(s) => Some(s),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "boolean",
            Node::Num(_) => "number",
            Node::Str(_) | Node::Id(_) => "string",
            Node::Arr(_) => "array",
            Node::Obj(_) => "object",
        }
    }

    /// JSON text, keys in document order.
    pub fn to_json(&self, pretty: bool) -> String {
        let mut s = String::new();
        self.write(&mut s, pretty, 0);
        s
    }

    fn write(&self, out: &mut String, pretty: bool, depth: usize) {
        let nl = |out: &mut String, d: usize| {
            if pretty {
                out.push('\n');
                for _ in 0..d {
                    out.push_str("    ");
                }
            }
        };
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Num(n) => out.push_str(&normalize_number(n)),
            Node::Str(s) | Node::Id(s) => write_str(out, s),
            Node::Arr(a) => {
                if a.is_empty() {
                    out.push_str("[]");
                    return;
                }
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    nl(out, depth + 1);
                    v.write(out, pretty, depth + 1);
                }
                nl(out, depth);
                out.push(']');
            }
            Node::Obj(o) => {
                if o.is_empty() {
                    out.push_str("{}");
                    return;
                }
                out.push('{');
                for (i, (k, v)) in o.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    nl(out, depth + 1);
                    write_str(out, k);
                    out.push(':');
                    if pretty {
                        out.push(' ');
                    }
                    v.write(out, pretty, depth + 1);
                }
                nl(out, depth);
                out.push('}');
            }
        }
    }

    /// From a parsed JSON value (object key order is whatever serde_json gives).
    pub fn from_json_value(v: &serde_json::Value) -> Node {
        match v {
            serde_json::Value::Null => Node::Null,
            serde_json::Value::Bool(b) => Node::Bool(*b),
            serde_json::Value::Number(n) => Node::Num(n.to_string()),
            serde_json::Value::String(s) => Node::Str(s.clone()),
            serde_json::Value::Array(a) => Node::Arr(a.iter().map(Node::from_json_value).collect()),
            serde_json::Value::Object(o) => {
                Node::Obj(o.iter().map(|(k, v)| (k.clone(), Node::from_json_value(v))).collect())
            }
        }
    }
}

/// A number as JSON accepts it: `1e5` and `-0` are fine; keep the text.
fn normalize_number(n: &str) -> String {
    n.to_string()
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let esc = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(esc);
        }
        last = i + c.len_utf8();
    }
    out.push_str(&s[last..]);
    out.push('"');
}

/// Reads JSON keeping object key order (a small recursive reader over serde_json's
/// streaming deserializer would need a custom visitor; this is that visitor).
pub fn parse_json_ordered(text: &str) -> Result<Node, serde_json::Error> {
    use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Node;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_unit<E>(self) -> Result<Node, E> {
            Ok(Node::Null)
        }
        fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
            Ok(Node::Bool(b))
        }
        fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
            Ok(Node::Num(n.to_string()))
        }
        fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
            Ok(Node::Num(n.to_string()))
        }
        fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
            Ok(Node::Num(serde_json::Number::from_f64(n).map(|n| n.to_string()).unwrap_or_else(|| "0".into())))
        }
        fn visit_str<E>(self, s: &str) -> Result<Node, E> {
            Ok(Node::Str(s.to_string()))
        }
        fn visit_string<E>(self, s: String) -> Result<Node, E> {
            Ok(Node::Str(s))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
            let mut v = Vec::new();
            while let Some(x) = a.next_element_seed(Seed)? {
                v.push(x);
            }
            Ok(Node::Arr(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Node, A::Error> {
            let mut v: Vec<(String, Node)> = Vec::new();
            while let Some(k) = m.next_key::<String>()? {
                let x = m.next_value_seed(Seed)?;
                if let Some(e) = v.iter_mut().find(|(kk, _)| *kk == k) {
                    e.1 = x;
                } else {
                    v.push((k, x));
                }
            }
            Ok(Node::Obj(v))
        }
    }
    struct Seed;
    impl<'de> serde::de::DeserializeSeed<'de> for Seed {
        type Value = Node;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
            d.deserialize_any(V)
        }
    }
    let clamped;
    let text = if text.contains(['e', 'E']) {
        clamped = clamp_huge_numbers(text);
        clamped.as_str()
    } else {
        text
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let v = serde::de::DeserializeSeed::deserialize(Seed, &mut de)?;
    de.end()?;
    Ok(v)
}

/// serde_json refuses a number beyond f64 (`1.8E+309`, which the reference writes for a
/// bigDecimal); such a number is read as the largest f64.
fn clamp_huge_numbers(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut last, mut in_str) = (0, 0, false);
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            in_str = true;
            i += 1;
            continue;
        }
        if c == b'-' || c.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b'e' | b'E' | b'+' | b'-')) {
                i += 1;
            }
            let t = &text[start..i];
            if let Ok(f) = t.parse::<f64>() {
                if f.is_infinite() {
                    out.push_str(&text[last..start]);
                    out.push_str(if f > 0.0 { "1.7976931348623157e308" } else { "-1.7976931348623157e308" });
                    last = i;
                }
            }
            continue;
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    out
}
