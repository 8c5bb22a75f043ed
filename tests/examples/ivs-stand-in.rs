//! A local, in-memory IVS on HTTP/1.1, built only from the types generated from the IVS 2026
//! model (`ivs_tests::ivs_full`) and their runtime: every request is routed and read by the
//! generated router, `operation::ServiceRequest` (its refusals as restJson1 prescribes them:
//! every missing member and violation in one `ValidationException`), every answer written by
//! `build_response` or the error enum's `to_response`.
//!
//! ```text
//! cargo run -p ivs-tests --example ivs-stand-in -- --listen 127.0.0.1:4566 [--region us-west-2] [--account 123456789012]
//! ```
//!
//! The server crate is `tiny_http`: blocking, four small dependencies and no async runtime,
//! so it adds seconds, not a minute, to a 2-core build; the runtime works on `http::Request`
//! values, so the server only has to hand over the method, path, headers and body, which
//! `tiny_http` does directly. A few worker threads share one listener, which is plenty for a
//! test double on loopback (hyper with tokio would be the choice for a production server).
//!
//! No signatures are checked: any credentials work.

#[cfg(not(ivs_full))]
fn main() {
    println!("ivs-stand-in needs ../shared/models/aws (the IVS 2026 model) to be generated; it is absent");
}

#[cfg(ivs_full)]
fn main() {
    std::process::exit(stand_in::main());
}

#[cfg(ivs_full)]
mod stand_in {
    use std::collections::BTreeMap;
    use std::io::Read;
    use std::sync::{Arc, Mutex, PoisonError};

    use ivs_tests::ivs_full as ivs;
    use ivs_types::rt::http::{FromErrorResponse, HttpError, HttpOperation};
    use ivs_types::rt::Unhandled;

    type Resp = http::Response<Vec<u8>>;
    type Req = http::Request<Vec<u8>>;

    /// Request bodies larger than this are refused (413) before they are read.
    const MAX_BODY: u64 = 1 << 20;
    const WORKERS: usize = 4;

    pub fn main() -> i32 {
        let mut listen = String::from("127.0.0.1:0");
        let mut region = String::from("us-west-2");
        let mut account = String::from("123456789012");
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let slot = match flag.as_str() {
                "--listen" => &mut listen,
                "--region" => &mut region,
                "--account" => &mut account,
                other => {
                    eprintln!("error: unknown flag {other} (use --listen ADDR, --region R, --account N)");
                    return 2;
                }
            };
            match args.next() {
                Some(v) => *slot = v,
                None => {
                    eprintln!("error: {flag} needs a value");
                    return 2;
                }
            }
        }
        let server = match tiny_http::Server::http(listen.as_str()) {
            Ok(s) => Arc::new(s),
            Err(e) => {
                eprintln!("error: cannot listen on {listen}: {e}");
                return 2;
            }
        };
        let addr = server.server_addr().to_ip().map(|a| a.to_string()).unwrap_or(listen);
        println!("ivs-stand-in listening on http://{addr} (region {region}, account {account})");
        let state = Arc::new(Mutex::new(State::new(region, account)));
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let (server, state) = (Arc::clone(&server), Arc::clone(&state));
                std::thread::spawn(move || {
                    while let Ok(rq) = server.recv() {
                        serve(rq, &state);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
        0
    }

    fn serve(mut rq: tiny_http::Request, state: &Mutex<State>) {
        let mut body = Vec::new();
        let too_big = rq.body_length().is_some_and(|n| n as u64 > MAX_BODY)
            || rq.as_reader().take(MAX_BODY + 1).read_to_end(&mut body).map(|n| n as u64 > MAX_BODY).unwrap_or(true);
        let resp = if too_big {
            plain_error(413, "RequestEntityTooLargeException", "the request body is over 1 MiB or could not be read")
        } else {
            let mut b = http::Request::builder().method(rq.method().as_str()).uri(rq.url());
            for h in rq.headers() {
                b = b.header(h.field.as_str().as_str(), h.value.as_str());
            }
            match b.body(body) {
                Ok(req) => route(&req, state),
                Err(_) => plain_error(400, "BadRequestException", "the request line or a header is not valid"),
            }
        };
        let _ = rq.respond(to_tiny(resp, state));
    }

    fn to_tiny(resp: Resp, state: &Mutex<State>) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let request_id = lock(state).request_id();
        let (parts, body) = resp.into_parts();
        let mut out = tiny_http::Response::from_data(body).with_status_code(parts.status.as_u16());
        let mut headers: Vec<(String, String)> = vec![("x-amzn-RequestId".into(), request_id)];
        for (k, v) in parts.headers.iter() {
            if let Ok(v) = v.to_str() {
                headers.push((k.as_str().to_string(), v.to_string()));
            }
        }
        for (k, v) in headers {
            if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                out.add_header(h);
            }
        }
        out
    }

    fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
        state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An error no operation models (no route, too large, unimplemented), as AWS sends one:
    /// the status, `x-amzn-ErrorType` and a JSON body with the message.
    fn plain_error(status: u16, code: &str, message: &str) -> Resp {
        let u = Unhandled { code: Some(code.to_string()), message: Some(message.to_string()), status };
        u.to_response().unwrap_or_else(|_| {
            let mut r = http::Response::new(Vec::new());
            *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            r
        })
    }

    /// Why an operation failed, before it becomes the operation's error enum. The variants
    /// are named after the model's error structures: `reply!` names both by one identifier.
    #[allow(clippy::enum_variant_names)]
    enum Fail {
        ResourceNotFoundException(String),
        ServiceQuotaExceededException(String),
        ValidationException(String),
    }

    /// What the server needs of an operation's error enum: its rendering and its variants.
    trait Reply: Sized {
        fn render(&self) -> Result<Resp, HttpError>;
        fn from_fail(f: Fail) -> Self;
    }

    fn validation(message: String) -> ivs::ValidationException {
        ivs::ValidationException::builder().exception_message(message).build()
    }

    macro_rules! reply {
        ($($module:ident::$error:ident { $($kind:ident),* };)*) => {$(
            impl Reply for ivs::operation::$module::$error {
                fn render(&self) -> Result<Resp, HttpError> {
                    self.to_response()
                }
                #[allow(unreachable_patterns)]
                fn from_fail(f: Fail) -> Self {
                    let (code, status, message) = match f {
                        $(Fail::$kind(m) => return ivs::$kind::builder().exception_message(m).build().into(),)*
                        Fail::ValidationException(m) => return validation(m).into(),
                        Fail::ResourceNotFoundException(m) => ("ResourceNotFoundException", 404, m),
                        Fail::ServiceQuotaExceededException(m) => ("ServiceQuotaExceededException", 402, m),
                    };
                    <Self as FromErrorResponse>::unhandled(Unhandled {
                        code: Some(code.to_string()),
                        message: Some(message),
                        status,
                    })
                }
            }
        )*};
    }

    reply! {
        create_channel::CreateChannelError { ResourceNotFoundException, ServiceQuotaExceededException };
        get_channel::GetChannelError { ResourceNotFoundException };
        list_channels::ListChannelsError {};
        update_channel::UpdateChannelError { ResourceNotFoundException };
        delete_channel::DeleteChannelError { ResourceNotFoundException };
        batch_get_channel::BatchGetChannelError {};
        create_stream_key::CreateStreamKeyError { ResourceNotFoundException, ServiceQuotaExceededException };
        get_stream_key::GetStreamKeyError { ResourceNotFoundException };
        list_stream_keys::ListStreamKeysError { ResourceNotFoundException };
        delete_stream_key::DeleteStreamKeyError { ResourceNotFoundException };
        tag_resource::TagResourceError { ResourceNotFoundException };
        untag_resource::UntagResourceError { ResourceNotFoundException };
        list_tags_for_resource::ListTagsForResourceError { ResourceNotFoundException };
        batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationError {};
    }

    fn respond<O: HttpOperation<Error: Reply>>(r: Result<O::Output, Fail>) -> Resp {
        let built = match r {
            Ok(out) => O::build_response(&out),
            Err(f) => O::Error::from_fail(f).render(),
        };
        built.unwrap_or_else(|_| plain_error(500, "InternalServerException", "the response could not be built"))
    }

    /// The model's `ResourceArn` pattern (`...:[a-z-]/...`) allows one letter before the `/`,
    /// which no IVS ARN has, so the service cannot be enforcing it: a tagging request naming
    /// a channel or stream key ARN is routed with a placeholder ARN in the label (every other
    /// member still checked), and the handler is given the real ARN back.
    fn substitute_tagged(req: &Req) -> Option<(Req, String)> {
        let arn = req.uri().path().strip_prefix("/tags/").and_then(percent_decode)?;
        if !is_resource_arn(&arn) {
            return None;
        }
        let placeholder = "arn%3Aaws%3Aivs%3Ax%3A0%3Ax%2Fx";
        let uri = match req.uri().query() {
            Some(q) => format!("/tags/{placeholder}?{q}"),
            None => format!("/tags/{placeholder}"),
        };
        let mut b = http::Request::builder().method(req.method()).uri(uri);
        for (k, v) in req.headers() {
            b = b.header(k, v);
        }
        b.body(req.body().clone()).ok().map(|r| (r, arn))
    }

    /// A label's text: `%XX` escapes decoded, UTF-8 (what `parse_request` does to labels).
    fn percent_decode(raw: &str) -> Option<String> {
        let mut out = Vec::with_capacity(raw.len());
        let mut bytes = raw.bytes();
        while let Some(b) = bytes.next() {
            if b == b'%' {
                let hex = [bytes.next()?, bytes.next()?];
                out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
            } else {
                out.push(b);
            }
        }
        String::from_utf8(out).ok()
    }

    fn is_resource_arn(arn: &str) -> bool {
        let Some(rest) = arn.strip_prefix("arn:aws:ivs:") else { return false };
        let mut parts = rest.splitn(3, ':');
        let (Some(region), Some(account), Some(resource)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let Some((kind, id)) = resource.split_once('/') else { return false };
        !region.is_empty()
            && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !account.is_empty()
            && account.bytes().all(|b| b.is_ascii_digit())
            && !kind.is_empty()
            && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && arn.len() <= 128
    }

    /// The generated router reads the request (404, 415, 406, 400 and the modeled
    /// `ValidationException` for what it refuses); the implemented operations are handled
    /// here, the others answered `501`.
    fn route(req: &Req, state: &Mutex<State>) -> Resp {
        use ivs::operation::{self as op, ServiceRequest as R};
        let substitute = substitute_tagged(req);
        let parsed = match &substitute {
            Some((sub, _)) => R::parse(sub),
            None => R::parse(req),
        };
        let arn = substitute.map(|(_, arn)| arn);
        let s = state;
        match parsed {
            // An operation this stand-in does not implement is `501` whatever its request.
            Err(rejection) if rejection.operation.is_some_and(|o| !IMPLEMENTED.contains(&o)) => {
                not_implemented(rejection.operation.unwrap_or_default())
            }
            Err(rejection) => rejection.into_response(),
            Ok(R::CreateChannel(i)) => respond::<op::CreateChannel>(lock(s).create_channel(i)),
            Ok(R::GetChannel(i)) => respond::<op::GetChannel>(lock(s).get_channel(i)),
            Ok(R::ListChannels(i)) => respond::<op::ListChannels>(lock(s).list_channels(i)),
            Ok(R::UpdateChannel(i)) => respond::<op::UpdateChannel>(lock(s).update_channel(i)),
            Ok(R::DeleteChannel(i)) => respond::<op::DeleteChannel>(lock(s).delete_channel(i)),
            Ok(R::BatchGetChannel(i)) => respond::<op::BatchGetChannel>(lock(s).batch_get_channel(i)),
            Ok(R::CreateStreamKey(i)) => respond::<op::CreateStreamKey>(lock(s).create_stream_key(i)),
            Ok(R::GetStreamKey(i)) => respond::<op::GetStreamKey>(lock(s).get_stream_key(i)),
            Ok(R::ListStreamKeys(i)) => respond::<op::ListStreamKeys>(lock(s).list_stream_keys(i)),
            Ok(R::DeleteStreamKey(i)) => respond::<op::DeleteStreamKey>(lock(s).delete_stream_key(i)),
            Ok(R::TagResource(mut i)) => {
                i.resource_arn = arn.unwrap_or(i.resource_arn);
                respond::<op::TagResource>(lock(s).tag(i))
            }
            Ok(R::UntagResource(mut i)) => {
                i.resource_arn = arn.unwrap_or(i.resource_arn);
                respond::<op::UntagResource>(lock(s).untag(i))
            }
            Ok(R::ListTagsForResource(mut i)) => {
                i.resource_arn = arn.unwrap_or(i.resource_arn);
                respond::<op::ListTagsForResource>(lock(s).list_tags(i))
            }
            Ok(R::BatchStartViewerSessionRevocation(i)) => {
                respond::<op::BatchStartViewerSessionRevocation>(lock(s).revoke(i))
            }
            Ok(other) => not_implemented(other.operation_name()),
        }
    }

    /// The operations handled here (the others are answered `501`).
    const IMPLEMENTED: &[&str] = &[
        "CreateChannel",
        "GetChannel",
        "ListChannels",
        "UpdateChannel",
        "DeleteChannel",
        "BatchGetChannel",
        "CreateStreamKey",
        "GetStreamKey",
        "ListStreamKeys",
        "DeleteStreamKey",
        "TagResource",
        "UntagResource",
        "ListTagsForResource",
        "BatchStartViewerSessionRevocation",
    ];

    fn not_implemented(operation: &str) -> Resp {
        plain_error(501, "NotImplementedException", &format!("ivs-stand-in does not implement {operation}"))
    }

    fn built<T>(r: Result<T, ivs_types::rt::MissingMembers>) -> Result<T, Fail> {
        r.map_err(|e| Fail::ValidationException(e.to_string()))
    }

    fn not_found(arn: &str) -> Fail {
        Fail::ResourceNotFoundException(format!("ResourceNotFoundException: {arn} not found"))
    }

    /// Pages of a list: the token is the offset, as decimal text.
    fn page<T: Clone>(items: &[T], token: Option<&str>, max: Option<i32>) -> Result<(Vec<T>, Option<String>), Fail> {
        let start = match token {
            None | Some("") => 0,
            Some(t) => t
                .parse::<usize>()
                .ok()
                .filter(|&n| n <= items.len())
                .ok_or_else(|| Fail::ValidationException("The nextToken is not valid".into()))?,
        };
        let max = usize::try_from(max.unwrap_or(50)).unwrap_or(50).max(1);
        let end = start.saturating_add(max).min(items.len());
        let next = (end < items.len()).then(|| end.to_string());
        Ok((items[start..end].to_vec(), next))
    }

    struct State {
        region: String,
        account: String,
        channels: BTreeMap<String, ivs::Channel>,
        /// Channel ARNs in creation order (ListChannels pages over it).
        order: Vec<String>,
        keys: BTreeMap<String, ivs::StreamKey>,
        tags: BTreeMap<String, BTreeMap<String, String>>,
        seed: u64,
        requests: u64,
    }

    impl State {
        fn new(region: String, account: String) -> State {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x9e37_79b9_7f4a_7c15)
                | 1;
            State {
                region,
                account,
                channels: BTreeMap::new(),
                order: Vec::new(),
                keys: BTreeMap::new(),
                tags: BTreeMap::new(),
                seed,
                requests: 0,
            }
        }

        fn next(&mut self) -> u64 {
            // xorshift64*: ids need to be distinct and look like AWS's, not to be secret.
            self.seed ^= self.seed >> 12;
            self.seed ^= self.seed << 25;
            self.seed ^= self.seed >> 27;
            self.seed.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn id(&mut self, len: usize, alphabet: &[u8]) -> String {
            (0..len).map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char).collect()
        }

        fn request_id(&mut self) -> String {
            self.requests += 1;
            let a = self.next();
            format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                a >> 32,
                a & 0xffff,
                self.requests & 0xfff,
                a >> 52,
                self.requests
            )
        }

        fn arn(&self, kind: &str, id: &str) -> String {
            format!("arn:aws:ivs:{}:{}:{kind}/{id}", self.region, self.account)
        }

        fn channel_out(&self, arn: &str) -> Result<ivs::Channel, Fail> {
            let mut c = self.channels.get(arn).cloned().ok_or_else(|| not_found(arn))?;
            c.tags = Some(self.tags.get(arn).cloned().unwrap_or_default());
            Ok(c)
        }

        fn key_out(&self, arn: &str) -> Result<ivs::StreamKey, Fail> {
            let mut k = self.keys.get(arn).cloned().ok_or_else(|| not_found(arn))?;
            k.tags = Some(self.tags.get(arn).cloned().unwrap_or_default());
            Ok(k)
        }

        fn new_key(&mut self, channel_arn: &str, tags: Option<BTreeMap<String, String>>) -> Result<String, Fail> {
            const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let id = self.id(12, ALNUM);
            let arn = self.arn("stream-key", &id);
            let secret = self.id(36, ALNUM);
            let value = format!("sk_{}_{secret}", self.region);
            let key =
                ivs::StreamKey::builder().arn(arn.clone()).channel_arn(channel_arn.to_string()).value(value).build();
            self.keys.insert(arn.clone(), key);
            self.tags.insert(arn.clone(), tags.unwrap_or_default());
            Ok(arn)
        }

        fn create_channel(&mut self, i: ivs::CreateChannelRequest) -> Result<ivs::CreateChannelResponse, Fail> {
            const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let id = self.id(12, ALNUM);
            let arn = self.arn("channel", &id);
            let host = self.id(12, b"0123456789abcdef");
            let playback = format!(
                "https://{host}.{r}.playback.live-video.net/api/video/v1/{r}.{a}.channel.{id}.m3u8",
                r = self.region,
                a = self.account
            );
            let mut c = ivs::Channel::builder()
                .arn(arn.clone())
                .name(i.name.unwrap_or_default())
                .latency_mode(i.latency_mode.unwrap_or(ivs::ChannelLatencyMode::LowLatency))
                .type_(i.type_.unwrap_or(ivs::ChannelType::StandardChannelType))
                .authorized(i.authorized)
                .insecure_ingest(i.insecure_ingest)
                .ingest_endpoint(format!("{host}.global-contribute.live-video.net"))
                .playback_url(playback);
            if let Some(v) = i.recording_configuration_arn {
                c = c.recording_configuration_arn(v);
            }
            if let Some(v) = i.preset {
                c = c.preset(v);
            }
            if let Some(v) = i.playback_restriction_policy_arn {
                c = c.playback_restriction_policy_arn(v);
            }
            if let Some(v) = i.container_format {
                c = c.container_format(v);
            }
            if let Some(v) = i.multitrack_input_configuration {
                c = c.multitrack_input_configuration(v);
            }
            let c = c.build();
            self.channels.insert(arn.clone(), c);
            self.order.push(arn.clone());
            self.tags.insert(arn.clone(), i.tags.unwrap_or_default());
            let key = self.new_key(&arn, None)?;
            Ok(ivs::CreateChannelResponse::builder()
                .channel(self.channel_out(&arn)?)
                .stream_key(self.key_out(&key)?)
                .build())
        }

        fn get_channel(&mut self, i: ivs::GetChannelRequest) -> Result<ivs::GetChannelResponse, Fail> {
            Ok(ivs::GetChannelResponse::builder().channel(self.channel_out(&i.arn)?).build())
        }

        fn list_channels(&mut self, i: ivs::ListChannelsRequest) -> Result<ivs::ListChannelsResponse, Fail> {
            let name = i.filter_by_name.unwrap_or_default();
            let summaries: Vec<ivs::ChannelSummary> = self
                .order
                .iter()
                .filter_map(|arn| self.channels.get(arn))
                .filter(|c| name.is_empty() || c.name.as_deref().is_some_and(|n| n.contains(name.as_str())))
                .filter(|c| {
                    i.filter_by_recording_configuration_arn
                        .as_ref()
                        .is_none_or(|f| c.recording_configuration_arn.as_ref() == Some(f))
                })
                .map(|c| {
                    let mut s = ivs::ChannelSummary::builder()
                        .authorized(c.authorized)
                        .insecure_ingest(c.insecure_ingest)
                        .tags(c.arn.as_ref().and_then(|a| self.tags.get(a)).cloned().unwrap_or_default());
                    if let Some(v) = &c.arn {
                        s = s.arn(v.clone());
                    }
                    if let Some(v) = &c.name {
                        s = s.name(v.clone());
                    }
                    if let Some(v) = &c.latency_mode {
                        s = s.latency_mode(v.clone());
                    }
                    if let Some(v) = &c.type_ {
                        s = s.type_(v.clone());
                    }
                    if let Some(v) = &c.recording_configuration_arn {
                        s = s.recording_configuration_arn(v.clone());
                    }
                    s.build()
                })
                .collect::<Vec<_>>();
            let (channels, next) = page(&summaries, i.next_token.as_deref(), i.max_results)?;
            let mut out = ivs::ListChannelsResponse::builder().channels(channels);
            if let Some(t) = next {
                out = out.next_token(t);
            }
            built(out.build())
        }

        fn update_channel(&mut self, i: ivs::UpdateChannelRequest) -> Result<ivs::UpdateChannelResponse, Fail> {
            let c = self.channels.get_mut(&i.arn).ok_or_else(|| not_found(&i.arn))?;
            if let Some(v) = i.name {
                c.name = Some(v);
            }
            if let Some(v) = i.latency_mode {
                c.latency_mode = Some(v);
            }
            if let Some(v) = i.type_ {
                c.type_ = Some(v);
            }
            // Booleans with a model default: an absent member reads as `false`.
            c.authorized = i.authorized;
            c.insecure_ingest = i.insecure_ingest;
            if let Some(v) = i.recording_configuration_arn {
                c.recording_configuration_arn = Some(v).filter(|s| !s.is_empty());
            }
            if let Some(v) = i.preset {
                c.preset = Some(v);
            }
            if let Some(v) = i.playback_restriction_policy_arn {
                c.playback_restriction_policy_arn = Some(v).filter(|s| !s.is_empty());
            }
            if let Some(v) = i.container_format {
                c.container_format = Some(v);
            }
            Ok(ivs::UpdateChannelResponse::builder().channel(self.channel_out(&i.arn)?).build())
        }

        fn delete_channel(
            &mut self,
            i: ivs::DeleteChannelRequest,
        ) -> Result<ivs::operation::delete_channel::DeleteChannelOutput, Fail> {
            self.channels.remove(&i.arn).ok_or_else(|| not_found(&i.arn))?;
            self.order.retain(|a| *a != i.arn);
            self.tags.remove(&i.arn);
            let keys: Vec<String> = self
                .keys
                .iter()
                .filter(|(_, k)| k.channel_arn.as_ref() == Some(&i.arn))
                .map(|(a, _)| a.clone())
                .collect();
            for k in keys {
                self.keys.remove(&k);
                self.tags.remove(&k);
            }
            Ok(ivs::operation::delete_channel::DeleteChannelOutput::builder().build())
        }

        fn batch_get_channel(&mut self, i: ivs::BatchGetChannelRequest) -> Result<ivs::BatchGetChannelResponse, Fail> {
            let mut channels = Vec::new();
            let mut errors = Vec::new();
            for arn in &i.arns {
                match self.channel_out(arn) {
                    Ok(c) => channels.push(c),
                    Err(_) => errors.push(
                        ivs::BatchError::builder()
                            .arn(arn.clone())
                            .code("ResourceNotFoundException")
                            .message(format!("{arn} not found"))
                            .build(),
                    ),
                }
            }
            Ok(ivs::BatchGetChannelResponse::builder().channels(channels).errors(errors).build())
        }

        fn create_stream_key(&mut self, i: ivs::CreateStreamKeyRequest) -> Result<ivs::CreateStreamKeyResponse, Fail> {
            if !self.channels.contains_key(&i.channel_arn) {
                return Err(not_found(&i.channel_arn));
            }
            if self.keys.values().any(|k| k.channel_arn.as_ref() == Some(&i.channel_arn)) {
                return Err(Fail::ServiceQuotaExceededException(
                    "Stream key limit of 1 per channel exceeded: delete the channel's key first".into(),
                ));
            }
            let arn = self.new_key(&i.channel_arn, i.tags)?;
            Ok(ivs::CreateStreamKeyResponse::builder().stream_key(self.key_out(&arn)?).build())
        }

        fn get_stream_key(&mut self, i: ivs::GetStreamKeyRequest) -> Result<ivs::GetStreamKeyResponse, Fail> {
            Ok(ivs::GetStreamKeyResponse::builder().stream_key(self.key_out(&i.arn)?).build())
        }

        fn list_stream_keys(&mut self, i: ivs::ListStreamKeysRequest) -> Result<ivs::ListStreamKeysResponse, Fail> {
            if !self.channels.contains_key(&i.channel_arn) {
                return Err(not_found(&i.channel_arn));
            }
            let summaries: Vec<ivs::StreamKeySummary> = self
                .keys
                .iter()
                .filter(|(_, k)| k.channel_arn.as_ref() == Some(&i.channel_arn))
                .map(|(arn, _)| {
                    ivs::StreamKeySummary::builder()
                        .arn(arn.clone())
                        .channel_arn(i.channel_arn.clone())
                        .tags(self.tags.get(arn).cloned().unwrap_or_default())
                        .build()
                })
                .collect::<Vec<_>>();
            let (keys, next) = page(&summaries, i.next_token.as_deref(), i.max_results)?;
            let mut out = ivs::ListStreamKeysResponse::builder().stream_keys(keys);
            if let Some(t) = next {
                out = out.next_token(t);
            }
            built(out.build())
        }

        fn delete_stream_key(
            &mut self,
            i: ivs::DeleteStreamKeyRequest,
        ) -> Result<ivs::operation::delete_stream_key::DeleteStreamKeyOutput, Fail> {
            self.keys.remove(&i.arn).ok_or_else(|| not_found(&i.arn))?;
            self.tags.remove(&i.arn);
            Ok(ivs::operation::delete_stream_key::DeleteStreamKeyOutput::builder().build())
        }

        fn tags_of(&mut self, arn: &str) -> Result<&mut BTreeMap<String, String>, Fail> {
            if !self.channels.contains_key(arn) && !self.keys.contains_key(arn) {
                return Err(not_found(arn));
            }
            Ok(self.tags.entry(arn.to_string()).or_default())
        }

        fn tag(&mut self, i: ivs::TagResourceRequest) -> Result<ivs::TagResourceResponse, Fail> {
            let tags = self.tags_of(&i.resource_arn)?;
            tags.extend(i.tags);
            if tags.len() > 50 {
                return Err(Fail::ValidationException("A resource can have at most 50 tags".into()));
            }
            Ok(ivs::TagResourceResponse::builder().build())
        }

        fn untag(&mut self, i: ivs::UntagResourceRequest) -> Result<ivs::UntagResourceResponse, Fail> {
            let tags = self.tags_of(&i.resource_arn)?;
            for k in &i.tag_keys {
                tags.remove(k);
            }
            Ok(ivs::UntagResourceResponse::builder().build())
        }

        fn list_tags(&mut self, i: ivs::ListTagsForResourceRequest) -> Result<ivs::ListTagsForResourceResponse, Fail> {
            let tags = self.tags_of(&i.resource_arn)?.clone();
            built(ivs::ListTagsForResourceResponse::builder().tags(tags).build())
        }

        fn revoke(
            &mut self,
            i: ivs::BatchStartViewerSessionRevocationRequest,
        ) -> Result<ivs::BatchStartViewerSessionRevocationResponse, Fail> {
            let mut errors = Vec::new();
            for s in &i.viewer_sessions {
                if !self.channels.contains_key(&s.channel_arn) {
                    errors.push(built(
                        ivs::BatchStartViewerSessionRevocationError::builder()
                            .channel_arn(s.channel_arn.clone())
                            .viewer_id(s.viewer_id.clone())
                            .code("ResourceNotFoundException")
                            .message(format!("{} not found", s.channel_arn))
                            .build(),
                    )?);
                }
            }
            Ok(ivs::BatchStartViewerSessionRevocationResponse::builder().errors(errors).build())
        }
    }
}
