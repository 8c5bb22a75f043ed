//! Facts about members that more than one stage needs, each decided here once: whether a
//! member is `Option<T>` (lowering, checking and diffing all ask), its default, and the
//! timestamp format on the wire.

use serde_json::Value;

use crate::model::{prelude, traits, Member, Model, ShapeKind, Simple, SmithyVersion, Traits};

/// Whether a member always has a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `@required` without a default: plain `T`, checked by the derive.
    Required,
    /// A non-null default: plain `T`, filled when absent.
    Default(Value),
    /// A non-null default on a member a client may leave unset (`@clientOptional`, or any
    /// member of an `@input` structure): `Option<T>`. A client sends what is set (a value
    /// equal to the default included); reading fills the default when the member is absent
    /// (a server gets `Some(default)`).
    OptionalDefault(Value),
    /// Optional: `Option<T>`.
    Optional,
}

impl Presence {
    /// Whether the field is `Option<T>`.
    pub fn is_option(&self) -> bool {
        matches!(self, Presence::Optional | Presence::OptionalDefault(_))
    }
}

/// Whether a member always has a value, and how: the one decision that makes a member `T`
/// or `Option<T>` (see the README's table). `container`: the traits of the structure that
/// holds the member (its `@input` makes a defaulted member client-optional, as Smithy's
/// nullability rules say; a `@required` member of an `@input` structure stays `T`, which
/// `build()` checks).
pub fn presence(model: &Model, container: &Traits, m: &Member) -> Presence {
    let client_optional = m.traits.has(traits::CLIENT_OPTIONAL);
    match member_default(model, m) {
        Some(d) if client_optional || container.has(traits::INPUT) => Presence::OptionalDefault(d),
        Some(d) => Presence::Default(d),
        None if client_optional => Presence::Optional,
        None if m.traits.has(traits::REQUIRED) => Presence::Required,
        None => Presence::Optional,
    }
}

/// The non-null default of a member, if it has one (`@default`, or in a 1.0 model the zero
/// value of a primitive member).
pub fn member_default(model: &Model, m: &Member) -> Option<Value> {
    if let Some(v) = m.traits.get(traits::DEFAULT) {
        return if v.is_null() { None } else { Some(v.clone()) };
    }
    if model.version == SmithyVersion::V1 && !m.traits.has(traits::BOX) {
        let target = model.get(&m.target)?;
        if target.traits.has(traits::BOX) {
            return None;
        }
        let primitive = if target.prelude { prelude::is_primitive(&target.id) } else { true };
        if primitive {
            if let ShapeKind::Simple(s) = target.kind {
                return match s {
                    Simple::Boolean => Some(Value::Bool(false)),
                    Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::Float | Simple::Double => {
                        Some(Value::from(0))
                    }
                    _ => None,
                };
            }
        }
    }
    None
}

/// A timestamp format on the wire (`@timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimestampFormat {
    /// `date-time`: RFC 3339.
    DateTime,
    /// `http-date`: IMF-fixdate.
    HttpDate,
    /// `epoch-seconds`: a number of seconds.
    EpochSeconds,
}

impl TimestampFormat {
    /// The format a `@timestampFormat` value names.
    pub fn from_trait(value: &str) -> Option<TimestampFormat> {
        match value {
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            _ => None,
        }
    }

    /// The trait's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        }
    }
}

/// The `@timestampFormat` in force for a member that holds timestamps, directly or as the
/// elements of a list or the values of a map.
pub fn timestamp_format(model: &Model, m: &Member) -> Option<TimestampFormat> {
    let target = model.get(&m.target)?;
    match &target.kind {
        ShapeKind::Simple(Simple::Timestamp) => m
            .traits
            .timestamp_format()
            .or_else(|| target.traits.timestamp_format())
            .and_then(TimestampFormat::from_trait),
        ShapeKind::List { member, .. } => timestamp_format(model, member),
        ShapeKind::Map { value, .. } => timestamp_format(model, value),
        _ => None,
    }
}

/// One segment of an `@http` URI path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriSegment {
    /// Literal text.
    Literal(String),
    /// `{name}`: one segment.
    Label(String),
    /// `{name+}`: the rest of the path, slashes included.
    Greedy(String),
}

/// An `@http` trait, read and checked: method, the URI as written, its path split into
/// segments, its constant query parameters, and the success code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    /// The method.
    pub method: String,
    /// The URI pattern as the model writes it.
    pub uri: String,
    /// The path, split.
    pub path: Vec<UriSegment>,
    /// Constant query parameters (`?kind=raw`).
    pub query: Vec<(String, String)>,
    /// The success code (default 200).
    pub code: u16,
}

/// Reads an operation's `@http` trait; `Err` says what is wrong with it (the caller names the
/// shape). `Ok(None)` without the trait.
pub fn http_trait(t: &Traits) -> Result<Option<HttpTrait>, String> {
    let Some(http) = t.get(traits::HTTP) else { return Ok(None) };
    let method = http.get("method").and_then(Value::as_str).filter(|m| !m.is_empty());
    let uri = http.get("uri").and_then(Value::as_str).filter(|u| u.starts_with('/'));
    let (Some(method), Some(uri)) = (method, uri) else {
        return Err("@http needs a `method` and a `uri` that starts with `/`".to_string());
    };
    let code = match http.get("code") {
        None => 200,
        Some(c) => c
            .as_u64()
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| (100..=999).contains(c))
            .ok_or_else(|| format!("@http code {c} is not an HTTP status code"))?,
    };
    let (path, query) = parse_uri(uri)?;
    Ok(Some(HttpTrait { method: method.to_string(), uri: uri.to_string(), path, query, code }))
}

/// What a client does to an operation's request beyond serializing its input, from the
/// operation's traits (see `ivs_types::rt::transfer`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFeatures {
    /// `@requestCompression` encodings, in the model's order of preference.
    pub compression: Vec<String>,
    /// `@httpChecksumRequired`: a client sends `Content-MD5`.
    pub checksum_required: bool,
    /// `@endpoint`'s `hostPrefix`, split into literal text and `{label}`s (input members
    /// with `@hostLabel`).
    pub host_prefix: Option<Vec<HostPart>>,
}

/// A piece of an `@endpoint` host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPart {
    /// Text sent as it is (`foo.`).
    Literal(String),
    /// `{label}`: the value of the input member of that name.
    Label(String),
}

/// Reads an operation's [`RequestFeatures`]. A `hostPrefix` whose `{`/`}` do not pair up or
/// whose label is not an identifier is an error.
pub fn request_features(t: &Traits) -> Result<RequestFeatures, String> {
    let compression = t
        .get("smithy.api#requestCompression")
        .and_then(|v| v.get("encodings"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    let host_prefix = match t.get("smithy.api#endpoint").map(|e| e.get("hostPrefix").and_then(Value::as_str)) {
        None => None,
        Some(None) => return Err("@endpoint needs a string `hostPrefix`".to_string()),
        Some(Some(prefix)) => Some(parse_host_prefix(prefix)?),
    };
    Ok(RequestFeatures { compression, checksum_required: t.has("smithy.api#httpChecksumRequired"), host_prefix })
}

fn parse_host_prefix(prefix: &str) -> Result<Vec<HostPart>, String> {
    let bad = |why: &str| format!("@endpoint hostPrefix `{prefix}`: {why}");
    let mut parts = Vec::new();
    let mut rest = prefix;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                parts.push(HostPart::Literal(rest.to_string()));
                break;
            }
            Some(i) if rest.as_bytes()[i] == b'}' => return Err(bad("a `}` without its `{`")),
            Some(i) => {
                if i > 0 {
                    parts.push(HostPart::Literal(rest[..i].to_string()));
                }
                let after = &rest[i + 1..];
                let end = after.find('}').ok_or_else(|| bad("a `{` without its `}`"))?;
                let label = &after[..end];
                let ident = label.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !ident {
                    return Err(bad(&format!("the label `{label}` is not a member name")));
                }
                parts.push(HostPart::Label(label.to_string()));
                rest = &after[end + 1..];
            }
        }
    }
    Ok(parts)
}

/// Constant query parameters of an `@http` uri.
type QueryLiterals = Vec<(String, String)>;

/// Splits `/path/{label}/{greedy+}?k=v` into its parts, checking what Smithy requires of it:
/// labels closed, named by identifiers, each a whole segment, used once, at most one greedy;
/// no label or `#` in the query; query literals with a name, each once.
fn parse_uri(uri: &str) -> Result<(Vec<UriSegment>, QueryLiterals), String> {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    if uri.contains('#') {
        return Err(format!("the @http uri `{uri}` contains a fragment (`#`)"));
    }
    let mut segments = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut greedy_seen = false;
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("a `}}` without its `{{` in the @http uri `{uri}`"));
        }
        if open > 0 {
            segments.push(UriSegment::Literal(rest[..open].to_string()));
        }
        let close = rest[open..].find('}').ok_or_else(|| format!("unclosed label in the @http uri `{uri}`"))? + open;
        let text = &rest[open + 1..close];
        let (name, greedy) = match text.strip_suffix('+') {
            Some(n) => (n, true),
            None => (text, false),
        };
        if !crate::model::is_identifier(name) {
            return Err(format!("bad label `{{{text}}}` in the @http uri `{uri}`"));
        }
        if !rest[..open].ends_with('/') || !matches!(rest[close + 1..].chars().next(), None | Some('/')) {
            return Err(format!("the label `{{{text}}}` must be a whole path segment in the @http uri `{uri}`"));
        }
        if names.contains(&name) {
            return Err(format!("the label `{name}` is used twice in the @http uri `{uri}`"));
        }
        if greedy && greedy_seen {
            return Err(format!("more than one greedy label in the @http uri `{uri}`"));
        }
        greedy_seen |= greedy;
        names.push(name);
        segments.push(if greedy { UriSegment::Greedy(name.to_string()) } else { UriSegment::Label(name.to_string()) });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(UriSegment::Literal(rest.to_string()));
    }
    let mut literals: Vec<(String, String)> = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        if part.contains(['{', '}']) {
            return Err(format!("labels cannot appear in the query of the @http uri `{uri}`"));
        }
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        if k.is_empty() {
            return Err(format!("a query literal without a name in the @http uri `{uri}`"));
        }
        if literals.iter().any(|(x, _)| x == k) {
            return Err(format!("the query literal `{k}` appears twice in the @http uri `{uri}`"));
        }
        literals.push((k.to_string(), v.to_string()));
    }
    Ok((segments, literals))
}

/// What an HTTP binding trait of a member of an operation's top-level structure may target
/// (what the generated code can send and read), or why not: `None` when the target fits.
pub fn binding_target_problem(model: &Model, m: &Member) -> Option<String> {
    let target = model.get(&m.target)?;
    let t = &m.traits;
    let kind = |id: &crate::model::ShapeId| model.get(id).map(|s| &s.kind);
    // A value that fits in a header, a query parameter or a label.
    let scalar = |k: Option<&ShapeKind>| match k {
        Some(ShapeKind::Simple(s)) => !matches!(s, Simple::Document),
        Some(ShapeKind::Enum(_) | ShapeKind::IntEnum(_)) => true,
        _ => false,
    };
    let list_of_scalars = |k: &ShapeKind| matches!(k, ShapeKind::List { member, .. } if scalar(kind(&member.target)));
    let string = |id: &crate::model::ShapeId| matches!(kind(id), Some(ShapeKind::Simple(Simple::String)));
    let (what, ok) = if t.has(traits::HTTP_LABEL) {
        ("@httpLabel", scalar(Some(&target.kind)))
    } else if t.has(traits::HTTP_QUERY) {
        ("@httpQuery", scalar(Some(&target.kind)) || list_of_scalars(&target.kind))
    } else if t.has(traits::HTTP_QUERY_PARAMS) {
        let ok = match &target.kind {
            ShapeKind::Map { value, .. } => {
                string(&value.target)
                    || matches!(kind(&value.target), Some(ShapeKind::List { member, .. }) if string(&member.target))
            }
            _ => false,
        };
        ("@httpQueryParams", ok)
    } else if t.has(traits::HTTP_HEADER) {
        ("@httpHeader", scalar(Some(&target.kind)) || list_of_scalars(&target.kind))
    } else if t.has(traits::HTTP_PREFIX_HEADERS) {
        ("@httpPrefixHeaders", matches!(&target.kind, ShapeKind::Map { value, .. } if string(&value.target)))
    } else if t.has(traits::HTTP_RESPONSE_CODE) {
        ("@httpResponseCode", matches!(target.kind, ShapeKind::Simple(Simple::Integer)))
    } else if t.has(traits::HTTP_PAYLOAD) {
        let ok = matches!(
            target.kind,
            ShapeKind::Structure(_)
                | ShapeKind::Union(_)
                | ShapeKind::Enum(_)
                | ShapeKind::Simple(Simple::Blob | Simple::String | Simple::Document)
        );
        ("@httpPayload", ok)
    } else {
        return None;
    };
    (!ok).then(|| format!("{what} cannot target {} `{}`", target.kind.type_name(), m.target))
}

/// Where an input or output member travels in an HTTP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The JSON body.
    Body,
    /// `@httpLabel`
    Label,
    /// `@httpQuery`
    Query(String),
    /// `@httpQueryParams`
    QueryParams,
    /// `@httpHeader`
    Header(String),
    /// `@httpPrefixHeaders`
    PrefixHeaders(String),
    /// `@httpPayload`
    Payload,
    /// `@httpResponseCode`
    ResponseCode,
}

/// Where a member of an operation's top-level input, output or error structure travels, by
/// its HTTP binding trait (members of other structures are always in the body).
pub fn location(t: &Traits) -> Location {
    if t.has(traits::HTTP_LABEL) {
        Location::Label
    } else if let Some(q) = t.string(traits::HTTP_QUERY) {
        Location::Query(q.to_string())
    } else if t.has(traits::HTTP_QUERY_PARAMS) {
        Location::QueryParams
    } else if let Some(h) = t.string(traits::HTTP_HEADER) {
        Location::Header(h.to_string())
    } else if let Some(p) = t.string(traits::HTTP_PREFIX_HEADERS) {
        Location::PrefixHeaders(p.to_string())
    } else if t.has(traits::HTTP_PAYLOAD) {
        Location::Payload
    } else if t.has(traits::HTTP_RESPONSE_CODE) {
        Location::ResponseCode
    } else {
        Location::Body
    }
}

/// Whether the value a member holds is `@sensitive` anywhere a printout would show it: the
/// member or its target, or, for a list, a map or a list of maps, what they hold (elements,
/// map values; keys are asked about separately through the key member). A structure or union
/// target with sensitive members redacts those itself.
pub fn sensitive(model: &Model, m: &Member) -> bool {
    fn holds(model: &Model, m: &Member, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        let Some(target) = model.get(&m.target) else { return false };
        if m.traits.has(traits::SENSITIVE) || target.traits.has(traits::SENSITIVE) {
            return true;
        }
        match &target.kind {
            ShapeKind::List { member, .. } => holds(model, member, depth + 1),
            ShapeKind::Map { key, value } => holds(model, key, depth + 1) || holds(model, value, depth + 1),
            _ => false,
        }
    }
    holds(model, m, 0)
}

/// The wire protocol of a service, decided here once from its protocol traits (lowering and
/// the emitters read it from the IR): which wire code its operations get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// `aws.protocols#restJson1` (also a service with no protocol trait: the HTTP bindings
    /// are its wire).
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// A protocol the runtime does not speak (`restXml`, `awsQuery`, `ec2Query`, ...): the
    /// service's operations get types only, no wire code. The trait's shape id.
    Other(&'static str),
}

/// The protocol traits the generator knows, and what each is.
const PROTOCOL_TRAITS: &[(&str, Protocol)] = &[
    ("aws.protocols#restJson1", Protocol::RestJson1),
    ("aws.protocols#awsJson1_0", Protocol::AwsJson1_0),
    ("aws.protocols#awsJson1_1", Protocol::AwsJson1_1),
    ("aws.protocols#restXml", Protocol::Other("aws.protocols#restXml")),
    ("aws.protocols#awsQuery", Protocol::Other("aws.protocols#awsQuery")),
    ("aws.protocols#ec2Query", Protocol::Other("aws.protocols#ec2Query")),
    ("smithy.protocols#rpcv2Cbor", Protocol::Other("smithy.protocols#rpcv2Cbor")),
];

impl Protocol {
    /// awsJson1_0 or awsJson1_1.
    pub fn is_aws_json(self) -> bool {
        matches!(self, Protocol::AwsJson1_0 | Protocol::AwsJson1_1)
    }

    /// Whether the runtime speaks it (its operations get `HttpOperation`).
    pub fn has_wire(self) -> bool {
        !matches!(self, Protocol::Other(_))
    }

    /// The protocol trait's shape id (`aws.protocols#restJson1`).
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "aws.protocols#restJson1",
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::Other(id) => id,
        }
    }
}

/// A service's protocol: the first protocol trait it has that the runtime speaks (restJson1,
/// then awsJson1_0, then awsJson1_1: a service may list several and a client picks one), else
/// the first other protocol trait it has; a service with none is restJson1 (its `@http`
/// bindings, as before protocols were told apart).
pub fn protocol(t: &Traits) -> Protocol {
    PROTOCOL_TRAITS.iter().find(|(id, p)| p.has_wire() && t.has(id)).map(|(_, p)| *p).unwrap_or_else(|| {
        PROTOCOL_TRAITS.iter().find(|(id, _)| t.has(id)).map(|(_, p)| *p).unwrap_or(Protocol::RestJson1)
    })
}

/// Whether a service has `aws.protocols#awsQueryCompatible` (awsJson: the `x-amzn-query-error`
/// header gives the code and fault clients report, and clients send `x-amzn-query-mode`).
pub fn query_compatible(t: &Traits) -> bool {
    t.has("aws.protocols#awsQueryCompatible")
}
