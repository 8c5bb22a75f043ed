//! What happens to a request between its serialization and the wire, and back on a server:
//! `@requestCompression` (gzip), `@httpChecksumRequired` (`Content-MD5`), the `@endpoint`
//! host prefix, and the values of `@idempotencyToken` members a client leaves unset.
//!
//! [`HttpOperation::build_request`](super::http::HttpOperation::build_request) applies all of
//! them; [`HttpOperation::parse_request`](super::http::HttpOperation::parse_request) decodes
//! a compressed request. The settings here are process-wide (the token source: per thread).

use std::cell::Cell;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};

use super::http::HttpError;

/// The smallest body a client compresses by default, in bytes (Smithy's `@requestCompression`
/// default, as the AWS SDKs have it).
pub const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10_240;
/// The largest minimum compression size a client may set, in bytes (10 MiB).
pub const MAX_MIN_COMPRESSION_SIZE: u32 = 10_485_760;
/// How many bytes a server decompresses a request body to at most, by default (16 MiB).
pub const DEFAULT_MAX_DECOMPRESSED_SIZE: usize = 16 << 20;

static MIN_COMPRESSION_SIZE: AtomicU32 = AtomicU32::new(DEFAULT_MIN_COMPRESSION_SIZE);
static COMPRESSION_DISABLED: AtomicBool = AtomicBool::new(false);
static MAX_DECOMPRESSED_SIZE: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_DECOMPRESSED_SIZE);

/// Sets the smallest request body, in bytes, that a client compresses for an operation with
/// `@requestCompression` (default [`DEFAULT_MIN_COMPRESSION_SIZE`]; `0` compresses every
/// body). A value above [`MAX_MIN_COMPRESSION_SIZE`] is refused and nothing changes.
pub fn set_min_compression_size(bytes: u32) -> Result<(), HttpError> {
    if bytes > MAX_MIN_COMPRESSION_SIZE {
        return Err(HttpError::BadValue {
            place: "minimum compression size".into(),
            expected: "at most 10485760 bytes",
        });
    }
    MIN_COMPRESSION_SIZE.store(bytes, Ordering::Relaxed);
    Ok(())
}

/// The smallest request body a client compresses (see [`set_min_compression_size`]).
pub fn min_compression_size() -> u32 {
    MIN_COMPRESSION_SIZE.load(Ordering::Relaxed)
}

/// Turns request compression off (or back on) for every operation: a client then sends every
/// body as it is.
pub fn set_request_compression_disabled(disabled: bool) {
    COMPRESSION_DISABLED.store(disabled, Ordering::Relaxed);
}

/// Whether request compression is off (see [`set_request_compression_disabled`]).
pub fn request_compression_disabled() -> bool {
    COMPRESSION_DISABLED.load(Ordering::Relaxed)
}

/// Sets how many bytes a server decompresses a request body to at most (default
/// [`DEFAULT_MAX_DECOMPRESSED_SIZE`]): a body that decompresses to more is refused with
/// [`HttpError::TooLarge`] (`413`) once the limit is reached, so a small hostile body cannot
/// make the server hold gigabytes.
pub fn set_max_decompressed_size(bytes: usize) {
    MAX_DECOMPRESSED_SIZE.store(bytes, Ordering::Relaxed);
}

/// The largest body a server decompresses to (see [`set_max_decompressed_size`]).
pub fn max_decompressed_size() -> usize {
    MAX_DECOMPRESSED_SIZE.load(Ordering::Relaxed)
}

/// The content codings this runtime can apply and decode, in Smithy's names.
const SUPPORTED: &[&str] = &["gzip"];

fn gzip(body: &[u8]) -> Result<Vec<u8>, HttpError> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 2 + 32), flate2::Compression::default());
    encoder.write_all(body).and_then(|()| encoder.finish()).map_err(|_| HttpError::ContentEncoding("gzip"))
}

fn gunzip(body: &[u8], limit: usize) -> Result<Vec<u8>, HttpError> {
    // Read one byte past the limit: more than the limit is refused, not cut.
    let decoder = flate2::read::MultiGzDecoder::new(body);
    let mut out = Vec::new();
    decoder.take(limit as u64 + 1).read_to_end(&mut out).map_err(|_| HttpError::ContentEncoding("gzip"))?;
    if out.len() > limit {
        return Err(HttpError::TooLarge { limit });
    }
    Ok(out)
}

/// The request's content codings, in the order they were applied.
fn codings(headers: &http::HeaderMap) -> Vec<String> {
    headers
        .get_all(http::header::CONTENT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

fn set_codings(headers: &mut http::HeaderMap, codings: &[String]) -> Result<(), HttpError> {
    headers.remove(http::header::CONTENT_ENCODING);
    if !codings.is_empty() {
        let value = http::HeaderValue::from_str(&codings.join(", ")).map_err(|e| HttpError::Http(e.into()))?;
        headers.insert(http::header::CONTENT_ENCODING, value);
    }
    Ok(())
}

/// Compresses a client's request body for an operation with `@requestCompression(encodings)`:
/// with the first encoding of the list this runtime supports, when compression is on and the
/// body is at least [`min_compression_size`] bytes. The encoding is appended to any
/// `Content-Encoding` the request already has (`custom` becomes `custom, gzip`), and
/// `Content-Length` follows the new body.
#[doc(hidden)]
pub fn compress_request(encodings: &[&str], req: http::Request<Vec<u8>>) -> Result<http::Request<Vec<u8>>, HttpError> {
    let Some(encoding) = encodings.iter().find(|e| SUPPORTED.contains(&e.to_ascii_lowercase().as_str())) else {
        return Ok(req);
    };
    if request_compression_disabled() || (req.body().len() as u64) < u64::from(min_compression_size()) {
        return Ok(req);
    }
    let (mut parts, body) = req.into_parts();
    let body = gzip(&body)?;
    let mut all = codings(&parts.headers);
    all.push(encoding.to_ascii_lowercase());
    set_codings(&mut parts.headers, &all)?;
    parts.headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(body.len()));
    Ok(http::Request::from_parts(parts, body))
}

/// A server's reading of a request compressed with one of the operation's `encodings`
/// (`@requestCompression`): when the last content coding is one of them, the request with
/// its body decoded (at most [`max_decompressed_size`] bytes) and that coding taken off
/// `Content-Encoding` (a member bound to the header reads what is left: `custom` of `custom,
/// gzip`); `None` when the request is not so compressed (it is read as it is). A body that
/// does not decode is [`HttpError::ContentEncoding`].
#[doc(hidden)]
pub fn decode_request<B: AsRef<[u8]>>(
    encodings: &[&str],
    req: &http::Request<B>,
) -> Result<Option<http::Request<Vec<u8>>>, HttpError> {
    if encodings.is_empty() {
        return Ok(None);
    }
    let mut all = codings(req.headers());
    let Some(last) = all.last().map(|c| c.to_ascii_lowercase()) else { return Ok(None) };
    if !SUPPORTED.contains(&last.as_str()) || !encodings.iter().any(|e| e.eq_ignore_ascii_case(&last)) {
        return Ok(None);
    }
    let body = gunzip(req.body().as_ref(), max_decompressed_size())?;
    all.pop();
    let mut decoded = http::Request::new(body);
    *decoded.method_mut() = req.method().clone();
    *decoded.uri_mut() = req.uri().clone();
    *decoded.version_mut() = req.version();
    *decoded.headers_mut() = req.headers().clone();
    set_codings(decoded.headers_mut(), &all)?;
    let len = decoded.body().len();
    decoded.headers_mut().insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(len));
    Ok(Some(decoded))
}

/// Adds `Content-MD5` (the base64 MD5 digest of the body as sent, after any compression) to
/// a request of an operation with `@httpChecksumRequired`, unless it has one.
#[doc(hidden)]
pub fn add_content_md5(mut req: http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    if !req.headers().contains_key("content-md5") {
        let digest = super::Blob(md5(req.body()).to_vec()).to_base64();
        if let Ok(value) = http::HeaderValue::from_str(&digest) {
            req.headers_mut().insert("content-md5", value);
        }
    }
    req
}

/// MD5 (RFC 1321) of `data`. Only for `Content-MD5`, which `@httpChecksumRequired` asks for:
/// an integrity check against accidents, not a security measure.
pub(crate) fn md5(data: &[u8]) -> [u8; 16] {
    // Per-round shift amounts and the sine-derived constants of RFC 1321, section 3.4.
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6,
        10, 15, 21,
    ];
    const K: [u32; 64] = [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
        0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
        0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
        0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
        0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
        0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
        0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391,
    ];
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut message = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_le_bytes());
    for block in message.chunks_exact(64) {
        let m: [u32; 16] = std::array::from_fn(|i| {
            u32::from_le_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]])
        });
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let rotated = a.wrapping_add(f).wrapping_add(K[i]).wrapping_add(m[g]).rotate_left(S[i]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(rotated);
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }
    let mut out = [0u8; 16];
    for (i, word) in state.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&word.to_le_bytes());
    }
    out
}

/// The host prefix of an operation with `@endpoint(hostPrefix: ...)`, its `{label}`s filled
/// from the input's `@hostLabel` members (`foo.bar.` for `foo.{label}.`): carried in the
/// request's extensions by `build_request`, and put in front of the endpoint's host by
/// [`with_endpoint`](super::http::with_endpoint). A client that sets the request's URI
/// itself puts it in front of the host too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix(String);

impl HostPrefix {
    /// Checks a filled prefix: labels of ASCII letters, digits and `-`, each followed by `.`
    /// or ending the prefix, so that `{prefix}{host}` is a host name.
    #[doc(hidden)]
    pub fn new(prefix: String) -> Result<HostPrefix, HttpError> {
        let labels_ok = prefix.split('.').enumerate().all(|(i, label)| {
            let last = i == prefix.split('.').count() - 1;
            (label.is_empty() && last)
                || (!label.is_empty()
                    && label.len() <= 63
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        });
        if prefix.is_empty() || !labels_ok {
            return Err(HttpError::BadValue {
                place: "host prefix".into(),
                expected: "host name labels (ASCII letters, digits and -) from the @hostLabel members",
            });
        }
        Ok(HostPrefix(prefix))
    }

    /// The prefix (`foo.bar.`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

thread_local! {
    static TOKEN_SOURCE: Cell<Option<fn() -> String>> = const { Cell::new(None) };
}

/// Sets where this thread's idempotency tokens come from (`None`: random UUIDs, the default).
/// For tests that compare requests byte for byte (Smithy's protocol tests use
/// `00000000-0000-4000-8000-000000000000`).
pub fn set_idempotency_token_source(source: Option<fn() -> String>) {
    TOKEN_SOURCE.with(|s| s.set(source));
}

/// A new idempotency token: what a client sends for an `@idempotencyToken` member left unset.
/// A random version 4 UUID (`fastrand`'s generator, seeded per thread from the standard
/// library's random hasher keys), unless [`set_idempotency_token_source`] set a source.
pub fn idempotency_token() -> String {
    if let Some(source) = TOKEN_SOURCE.with(Cell::get) {
        return source();
    }
    let bits = fastrand::u128(..);
    // Version 4 (random) and the RFC 9562 variant.
    let bits = (bits & !(0xF << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn md5_gives_the_rfc_1321_test_suite() {
        // RFC 1321, appendix A.5.
        let suite = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, digest) in suite {
            assert_eq!(hex(&md5(input.as_bytes())), digest, "MD5 of {input:?}");
        }
        // Lengths around the padding boundary (55, 56, 63, 64, 65 bytes), against the
        // digests Python's hashlib gives for runs of `x`.
        for (n, digest) in [
            (55, "04364420e25c512fd958a70738aa8f72"),
            (56, "668a72d5ba17f08e62dabcafad6db14b"),
            (63, "7dc2ca208106a2f703567bdff99d8981"),
            (64, "c1bb4f81d892b2d57947682aeb252456"),
            (65, "1bc932052302d074bdec39795fe00cf6"),
        ] {
            assert_eq!(hex(&md5("x".repeat(n).as_bytes())), digest, "MD5 of {n} x");
        }
    }

    #[test]
    fn content_md5_is_base64_of_the_digest() {
        let req = http::Request::new(b"{\"foo\":\"base64 encoded md5 checksum\"}".to_vec());
        let req = add_content_md5(req);
        let expected = super::super::Blob(md5(req.body()).to_vec()).to_base64();
        assert_eq!(req.headers()["content-md5"], expected.as_str());
        // One already there is kept.
        let mut req = http::Request::new(b"x".to_vec());
        req.headers_mut().insert("content-md5", http::HeaderValue::from_static("given"));
        assert_eq!(add_content_md5(req).headers()["content-md5"], "given");
    }

    #[test]
    fn compression_round_trips_and_keeps_other_codings() {
        let body = vec![b'a'; 20_000];
        let mut req = http::Request::new(body.clone());
        req.headers_mut().insert(http::header::CONTENT_ENCODING, http::HeaderValue::from_static("custom"));
        let sent = compress_request(&["gzip"], req).unwrap();
        assert_eq!(sent.headers()[http::header::CONTENT_ENCODING], "custom, gzip");
        assert!(sent.body().len() < 1_000, "{} bytes", sent.body().len());
        assert_eq!(sent.headers()[http::header::CONTENT_LENGTH], sent.body().len().to_string().as_str());
        let read = decode_request(&["gzip"], &sent).unwrap().expect("decoded");
        assert_eq!(read.body(), &body);
        assert_eq!(read.headers()[http::header::CONTENT_ENCODING], "custom");
        // Small bodies and unknown encodings are sent as they are.
        let small = compress_request(&["gzip"], http::Request::new(b"{}".to_vec())).unwrap();
        assert!(!small.headers().contains_key(http::header::CONTENT_ENCODING));
        let other = compress_request(&["br"], http::Request::new(body.clone())).unwrap();
        assert_eq!(other.body(), &body);
        // A request not compressed, or for an operation without the trait, is read as it is.
        assert!(decode_request(&["gzip"], &http::Request::new(body.clone())).unwrap().is_none());
        assert!(decode_request(&[], &sent).unwrap().is_none());
    }

    #[test]
    fn hostile_gzip_is_an_error_not_a_crash() {
        let mut bad = http::Request::new(b"not gzip at all".to_vec());
        bad.headers_mut().insert(http::header::CONTENT_ENCODING, http::HeaderValue::from_static("gzip"));
        assert!(matches!(decode_request(&["gzip"], &bad), Err(HttpError::ContentEncoding("gzip"))));
        // A bomb: 64 MiB of zeros in about 64 KiB stops at the limit.
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            encoder.write_all(&zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 100_000);
        let mut req = http::Request::new(bomb);
        req.headers_mut().insert(http::header::CONTENT_ENCODING, http::HeaderValue::from_static("gzip"));
        assert!(matches!(gunzip(req.body(), 1 << 20), Err(HttpError::TooLarge { limit }) if limit == 1 << 20));
    }

    #[test]
    fn host_prefixes_must_make_host_names() {
        assert_eq!(HostPrefix::new("foo.bar.".into()).unwrap().as_str(), "foo.bar.");
        assert!(HostPrefix::new("foo-1.".into()).is_ok());
        for bad in ["", ".", "foo..", "foo/bar.", "a b.", "fo_o."] {
            assert!(HostPrefix::new(bad.into()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tokens_are_version_4_uuids_unless_a_source_is_set() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        for t in [&a, &b] {
            assert_eq!(t.len(), 36, "{t}");
            assert_eq!(&t[14..15], "4", "{t}");
            assert!(matches!(&t[19..20], "8" | "9" | "a" | "b"), "{t}");
            assert_eq!(t.matches('-').count(), 4, "{t}");
        }
        set_idempotency_token_source(Some(|| "fixed".to_string()));
        assert_eq!(idempotency_token(), "fixed");
        set_idempotency_token_source(None);
        assert_ne!(idempotency_token(), "fixed");
    }
}
