#!/usr/bin/env python3
"""What a real botocore client sends and reads, as protocol-test cases: `tests/data/botocore-cases.json`.

For ten restJson1 and awsJson services of `../shared/models/` that botocore has (matched by
`aws.api#service` sdkId = botocore's serviceId), every operation (event streams left out):

- **request**: called on a real botocore client with every input member filled (nested
  structures, one list element, one map entry, one union member; strings generated from their
  `@pattern` within their `@length` with rstr, numbers in their `@range`, a fixed timestamp, a
  small blob); the request it would send (the HTTP send replaced by a `before-send` hook: no
  network, fake credentials) is recorded as a `smithy.test#httpRequestTests` case: method,
  path, query, the headers it binds (signing and SDK headers left out), body;
- **response**: every output member filled alike and written as the protocol says a service
  writes it (restJson1: the `@http` code or `@httpResponseCode`, `@httpHeader` values as
  restJson1 formats them, prefix headers, a payload or a JSON body by jsonName; awsJson: 200
  and the whole output as JSON by member name); kept as an `httpResponseTests` case only when
  botocore, handed that response, reads back the same output;
- **error**: each modeled error of those operations, filled alike and written as a service
  writes it (restJson1: its `@httpError` status, `X-Amzn-Errortype`, header and body members;
  awsJson: `__type` in the body, the shape id on awsJson1_0 and the name on awsJson1_1, as
  Smithy's suites write it), kept as an `httpResponseTests` case of the error structure only
  when botocore raises that modeled error with that code and reads back its members.

`tests/tests/botocore_cases.rs` adds each case to its operation in the model (at test time: no
model is copied into the project), generates the package with `--protocol-tests` and runs it
on both sides. A case whose filled values may break a constraint (a pattern no string was
found for, a structure dropped at the depth limit) is a client case only. Operations whose
input or output botocore models with a member the Smithy model lacks are left out, and so are
responses botocore refuses (an empty union at the depth limit); each is printed.

Two botocore differences are written out of the request cases: a path botocore's older model
ends with a `/` that the Smithy `@http` uri does not (Backup) is compared without it, and
defaulted members are filled with a value other than their default (a client leaves a
top-level member equal to its default out, as Smithy's suite requires; botocore sends it).

    pip install botocore rstr
    python3 scripts/botocore-cases.py           # rewrite the table
    python3 scripts/botocore-cases.py --check   # exit 1 if the table differs from botocore's answers
"""

import base64
import datetime
import json
import os
import random
import re
import sys
import urllib.parse
import zlib

import botocore
import botocore.session
import rstr
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "tests", "data", "botocore-cases.json")
SHARED = os.path.join(HERE, "..", "..", "shared", "models")
MODELS = [
    "aws/ivs-2020-07-14.2026-04-27.json",
    "aws/ivschat-2020-07-14.json",
    "aws/ivs-realtime-2020-07-14.json",
] + [
    f"aws-dev/{n}.json"
    for n in (
        # restJson1
        "amplify", "application-signals", "arc-zonal-shift", "backup", "braket", "chime",
        "cloudtrail-data", "deadline", "dlm", "ebs", "kinesis-video", "lex-models-v2",
        "marketplace-discovery", "medical-imaging", "personalize-events", "resiliencehub",
        "s3vectors", "sagemaker-featurestore-runtime", "sagemaker-geospatial", "sustainability",
        # awsJson1_1
        "auto-scaling-plans", "budgets", "codedeploy", "lightsail",
        "marketplace-commerce-analytics", "mediastore", "migrationhub-config",
        "resource-groups-tagging-api", "route53resolver", "service-catalog", "snowball", "ssm",
        # awsJson1_0
        "b2bi", "backup-gateway", "bcm-pricing-calculator", "dynamodb-streams",
    )
]
TS = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
LEFT_OUT_HEADERS = {
    "user-agent", "authorization", "x-amz-date", "content-length", "x-amz-content-sha256",
    "amz-sdk-invocation-id", "amz-sdk-request", "expect", "x-amz-user-agent", "host",
    "x-amz-security-token", "transfer-encoding",
}


class Sent(Exception):
    def __init__(self, request):
        self.request = request


class Filler:
    """Values for botocore's shapes; `valid` turns False when one may break a constraint (a
    server case would be refused), `complete` when a required member had to be left out (at the
    depth limit or on a recursion): such a case is not written at all."""

    def __init__(self, smithy):
        self.smithy = smithy
        # botocore's older models do not always mark unions: the Smithy model says
        self.unions = {k.split("#")[1] for k, v in smithy.items() if v["type"] == "union"}
        self.valid = True
        self.complete = True

    def string(self, shape):
        md = shape.metadata
        if shape.enum:
            return shape.enum[0]
        lo, hi = int(md.get("min", 0)), int(md.get("max", 10**9))
        if "pattern" in md:
            for i in range(200):
                random.seed(zlib.crc32(f"{shape.name}/{i}".encode()))
                try:
                    x = rstr.xeger(md["pattern"])
                except Exception:
                    break
                if lo <= len(x) <= hi and x.isprintable() and re.search(md["pattern"], x):
                    return x
            self.valid = False
        n = min(max(lo, 3), hi)
        return ("abc" * (n // 3 + 1))[:n]

    def number(self, shape):
        md = shape.metadata
        lo, hi = int(md.get("min", 0)), int(md.get("max", 1000))
        # Not 0 (the usual default) where the range allows it.
        return lo + 1 if lo + 1 <= hi else lo

    def fill(self, shape, depth=0, seen=frozenset()):
        """A value, or None when none is given (the caller leaves the member out: a required one
        makes the case `incomplete`)."""
        t = shape.type_name
        if t == "structure":
            if shape.is_document_type:
                return {"k": ["v", 1, True]}
            if depth > 6 or shape.name in seen:
                return None
            seen = seen | {shape.name}
            out = {}
            for name in shape.members:
                v = self.fill(shape.members[name], depth + 1, seen)
                if v is not None:
                    out[name] = v
                    if shape.metadata.get("union") or shape.name in self.unions:
                        break  # one member
                elif name in shape.required_members:
                    self.complete = False
            if (shape.metadata.get("union") or shape.name in self.unions) and not out:
                return None  # a union needs its one member
            return out
        if t == "list":
            v = self.fill(shape.member, depth + 1, seen)
            if v is None:
                return None
            if int(shape.metadata.get("min", 0)) > 1:
                self.valid = False
            return [v]
        if t == "map":
            k, v = self.fill(shape.key, depth + 1, seen), self.fill(shape.value, depth + 1, seen)
            if v is None:
                return None
            if int(shape.metadata.get("min", 0)) > 1:
                self.valid = False
            return {k: v}
        if t == "string":
            return self.string(shape)
        if t in ("integer", "long"):
            return self.number(shape)
        if t in ("float", "double"):
            return 2.5
        if t == "boolean":
            return True
        if t == "timestamp":
            return TS
        if t == "blob":
            return b"hello"
        return None


def node(v):
    """A botocore parameter as a Smithy node value (timestamps as epoch seconds, blobs as text)."""
    if isinstance(v, datetime.datetime):
        return int(v.timestamp())
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, dict):
        return {k: node(x) for k, x in v.items()}
    if isinstance(v, list):
        return [node(x) for x in v]
    return v


def http_date(t):
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def header_item(shape, v):
    """One header value (or one list element) as restJson1 writes it."""
    t = shape.type_name
    if t == "timestamp":
        fmt = shape.serialization.get("timestampFormat") or shape.metadata.get("timestampFormat") or "rfc822"
        if fmt == "iso8601":
            return v.strftime("%Y-%m-%dT%H:%M:%SZ")
        if fmt == "unixTimestamp":
            return str(int(v.timestamp()))
        return http_date(v)
    if t == "boolean":
        return "true" if v else "false"
    if t == "blob":
        return base64.b64encode(v).decode()
    if t == "string" and shape.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(v).encode()).decode()
    return str(v)


def header_value(shape, v):
    if shape.type_name != "list":
        return header_item(shape, v)
    items = []
    for x in v:
        x = header_item(shape.member, x)
        if "," in x or '"' in x:
            x = '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
        items.append(x)
    return ", ".join(items)


def json_value(shape, v, rest):
    """A value in a JSON body: restJson1 keys by jsonName (botocore's `name`), awsJson by member name."""
    t = shape.type_name
    if t == "structure":
        if shape.is_document_type:
            return v
        out = {}
        for name, x in v.items():
            m = shape.members[name]
            out[(m.serialization.get("name") if rest else None) or name] = json_value(m, x, rest)
        return out
    if t == "list":
        return [json_value(shape.member, x, rest) for x in v]
    if t == "map":
        return {k: json_value(shape.value, x, rest) for k, x in v.items()}
    if t == "timestamp":
        fmt = shape.serialization.get("timestampFormat") or shape.metadata.get("timestampFormat")
        if fmt == "iso8601":
            return v.strftime("%Y-%m-%dT%H:%M:%SZ")
        if fmt == "rfc822":
            return http_date(v)
        return int(v.timestamp())
    if t == "blob":
        return base64.b64encode(v).decode()
    return v


def render(shape, params, rest, code, json_type):
    """The response an AWS service sends for this output: (status, headers, body bytes)."""
    status, headers = code, {}
    if shape is None:
        return status, headers, b""
    payload = shape.serialization.get("payload") if rest else None
    members = {}
    for name, v in params.items():
        m = shape.members[name]
        loc = m.serialization.get("location") if rest else None
        if loc == "header":
            headers[m.serialization["name"]] = header_value(m, v)
        elif loc == "headers":
            for k, x in v.items():
                headers[m.serialization.get("name", "") + k] = str(x)
        elif loc == "statusCode":
            status = v
        elif name == payload:
            pass
        else:
            members[name] = v
    if status in (204, 304):
        return status, headers, b""  # no content, whatever the output holds
    if payload is not None:
        m = shape.members[payload]
        if payload not in params:
            return status, headers, b""
        v = params[payload]
        if m.type_name == "blob":
            return status, headers, v
        if m.type_name == "string":
            return status, headers, v.encode()
        headers["Content-Type"] = json_type
        return status, headers, json.dumps(json_value(m, v, rest)).encode()
    headers["Content-Type"] = json_type
    return status, headers, json.dumps(json_value(shape, members, rest)).encode()


def same_value(a, b):
    """botocore's parsed output against what was rendered."""
    if hasattr(a, "read"):
        a = a.read()
    if isinstance(b, dict):
        return isinstance(a, dict) and a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in b)
    if isinstance(b, list):
        return isinstance(a, list) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return a == b


class RawBody:
    def __init__(self, data):
        self.data = data

    def stream(self, **_):
        yield self.data

    def read(self, *_):
        d, self.data = self.data, b""
        return d


def in_model(shapes, sid, v):
    """Whether every member of `v` is a member of the Smithy shape `sid` (and enum values too)."""
    if sid.startswith("smithy.api#"):
        return True
    s = shapes.get(sid)
    if s is None:
        return False
    t = s["type"]
    if t in ("structure", "union"):
        members = s.get("members", {})
        return isinstance(v, dict) and all(k in members and in_model(shapes, members[k]["target"], x) for k, x in v.items())
    if t in ("list", "set"):
        return all(in_model(shapes, s["member"]["target"], x) for x in v)
    if t == "map":
        return all(in_model(shapes, s["value"]["target"], x) for x in v.values())
    if t == "enum":
        values = [m.get("traits", {}).get("smithy.api#enumValue", k) for k, m in s.get("members", {}).items()]
        return v in values
    return True


_NAMES = {}


def service_names(session):
    """botocore's service names by serviceId (read once: every service model is loaded)."""
    if not _NAMES:
        for n in session.get_available_services():
            _NAMES.setdefault(session.get_service_model(n).metadata.get("serviceId"), n)
    return _NAMES


def cases(session, rel):
    model = json.load(open(os.path.join(SHARED, rel)))
    shapes = model["shapes"]
    sid, svc = next((k, s) for k, s in shapes.items() if s["type"] == "service")
    sdk = svc["traits"]["aws.api#service"]["sdkId"]
    protocol = next(t for t in svc["traits"] if t in ("aws.protocols#restJson1", "aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1"))
    name = service_names(session)[sdk]
    client = session.create_client(
        name,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 0, "mode": "standard"}, parameter_validation=False),
    )

    def hook(request, **_):
        raise Sent(request)

    client.meta.events.register("before-send", hook)
    namespace = sid.split("#")[0]
    out, responses, inputs = [], [], {}
    for op in sorted(client.meta.service_model.operation_names):
        op_id = f"{namespace}#{op}"
        if op_id not in shapes:
            continue
        om = client.meta.service_model.operation_model(op)
        if om.has_event_stream_input or om.has_event_stream_output:
            continue
        filler = Filler(shapes)
        params = filler.fill(om.input_shape) if om.input_shape is not None else {}
        if not filler.complete:
            print(f"{rel}: {op} left out: a required member the filler could not give", file=sys.stderr)
            continue
        target = shapes[op_id].get("input", {}).get("target")
        if target and not in_model(shapes, target, node(params)):
            print(f"{rel}: {op} left out: botocore's input has what the Smithy model has not", file=sys.stderr)
            continue
        try:
            getattr(client, botocore.xform_name(op))(**params)
            continue
        except Sent as e:
            r = e.request
        except Exception as e:  # a check botocore makes before sending: nothing to compare
            print(f"{rel}: {op} left out: botocore raised {type(e).__name__}", file=sys.stderr)
            continue
        url = urllib.parse.urlsplit(r.url)
        path = url.path or "/"
        uri = shapes[op_id].get("traits", {}).get("smithy.api#http", {}).get("uri", "/").split("?")[0]
        if path != "/" and path.endswith("/") and not uri.endswith("/"):
            path = path[:-1]
        body = r.body or b""
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            print(f"{rel}: {op} left out: a body that is not UTF-8", file=sys.stderr)
            continue
        headers = {
            k: (v.decode() if isinstance(v, bytes) else v) for k, v in r.headers.items() if k.lower() not in LEFT_OUT_HEADERS
        }
        case = {
            "operation": op,
            "sides": ["client", "server"] if filler.valid else ["client"],
            "method": r.method,
            "uri": path,
            "queryParams": url.query.split("&") if url.query else [],
            "headers": headers,
            "body": body,
            "params": node(params),
        }
        if "json" in headers.get("Content-Type", ""):
            case["bodyMediaType"] = "application/json"
        out.append(case)
        inputs[op] = params
        answer = response(client, hook, shapes, op_id, om, params, protocol, rel)
        if answer is not None:
            responses.append(answer)
    errors = error_cases(client, hook, shapes, namespace, protocol, rel, inputs)
    return {
        "model": rel, "service": sid, "protocol": protocol, "botocore": name,
        "cases": out, "responses": responses, "errors": errors,
    }


def error_cases(client, hook, shapes, namespace, protocol, rel, inputs):
    """Each modeled error, written as a service writes it (restJson1: its @httpError status,
    `X-Amzn-Errortype` and a JSON body by jsonName; awsJson: `__type` in the body, the shape id
    on awsJson1_0 and the name on awsJson1_1 as Smithy's suites write them) and kept
    when botocore raises that modeled error with that code, read back to the same members."""
    rest = protocol == "aws.protocols#restJson1"
    json_type = "application/json" if rest else "application/x-amz-json-" + protocol[-3:].replace("_", ".")
    sm = client.meta.service_model
    out = []
    done = set()
    for op in sorted(inputs):
        om = sm.operation_model(op)
        for shape in om.error_shapes:
            if shape.name in done:
                continue
            done.add(shape.name)
            eid = f"{namespace}#{shape.name}"
            if eid not in shapes:
                continue
            traits = shapes[eid].get("traits", {})
            status = traits.get("smithy.api#httpError", 400 if traits.get("smithy.api#error") == "client" else 500)
            filler = Filler(shapes)
            params = filler.fill(shape)
            if not filler.complete:
                print(f"{rel}: error {shape.name} left out: a required member the filler could not give", file=sys.stderr)
                continue
            if not in_model(shapes, eid, node(params)):
                print(f"{rel}: error {shape.name} left out: botocore's has what the Smithy model has not", file=sys.stderr)
                continue
            for name, m in shape.members.items():
                if m.serialization.get("name", "").lower() == "x-amzn-errortype" and name in params:
                    params[name] = shape.name  # a member bound to the error type header (IVS)
            _, headers, body = render(shape, params, rest, status, json_type)
            if rest:
                if not any(k.lower() == "x-amzn-errortype" for k in headers):
                    headers["X-Amzn-Errortype"] = shape.name
            else:
                # As Smithy's suites write it: the shape id on awsJson1_0, the name on awsJson1_1.
                kind = eid if protocol.endswith("awsJson1_0") else shape.name
                body = json.dumps({"__type": kind, **json.loads(body)}).encode()
            if any(not (v.isascii() and v.isprintable()) for v in headers.values()):
                print(f"{rel}: error {shape.name} left out: a header value that is not printable ASCII", file=sys.stderr)
                continue

            def answer_with(request, **_):
                return AWSResponse(request.url, status, headers, RawBody(body))

            client.meta.events.unregister("before-send", hook)
            client.meta.events.register("before-send", answer_with)
            try:
                getattr(client, botocore.xform_name(op))(**inputs[op])
                print(f"{rel}: error {shape.name} left out: botocore raised nothing", file=sys.stderr)
                continue
            except ClientError as e:
                raised, got = type(e).__name__, e.response
            except Exception as e:
                print(f"{rel}: error {shape.name} left out: botocore raised {type(e).__name__}: {e}", file=sys.stderr)
                continue
            finally:
                client.meta.events.unregister("before-send", answer_with)
                client.meta.events.register("before-send", hook)
            fields = {k: v for k, v in got.items() if k not in ("Error", "ResponseMetadata", "message", "Message")}
            message = params.get("message", params.get("Message"))
            if message is not None and got["Error"].get("Message") != message:
                print(f"{rel}: error {shape.name} left out: botocore reads its message otherwise", file=sys.stderr)
                continue
            if raised != shape.name or got["Error"].get("Code") != shape.name:
                print(f"{rel}: error {shape.name} left out: botocore raised {raised} ({got['Error'].get('Code')})", file=sys.stderr)
                continue
            if not same_value(fields, {k: v for k, v in params.items() if k not in ("message", "Message")}):
                print(f"{rel}: error {shape.name} left out: botocore reads its members otherwise", file=sys.stderr)
                continue
            out.append({
                "error": shape.name,
                "sides": ["client", "server"] if filler.valid else ["client"],
                "code": status,
                "headers": headers,
                "body": body.decode("utf-8"),
                "bodyMediaType": "application/json",
                "params": node(params),
            })
    return out


def response(client, hook, shapes, op_id, om, params, protocol, rel):
    """A response to `op`, rendered as an AWS service renders it and checked by botocore reading it
    back to the same output, as a response case; None when botocore reads something else."""
    op = om.name
    rest = protocol == "aws.protocols#restJson1"
    json_type = "application/json" if rest else "application/x-amz-json-" + protocol[-3:].replace("_", ".")
    # awsJson: HTTP binding traits play no part (a success is 200).
    code = shapes[op_id].get("traits", {}).get("smithy.api#http", {}).get("code", 200) if rest else 200
    shape = om.output_shape
    filler = Filler(shapes)
    output = filler.fill(shape) if shape is not None else {}
    if not filler.complete:
        print(f"{rel}: {op} response left out: a required member the filler could not give", file=sys.stderr)
        return None
    if shape is not None:
        for name, m in shape.members.items():
            if m.serialization.get("location") == "statusCode" and rest:
                output[name] = code
    target = shapes[op_id].get("output", {}).get("target")
    if target and not in_model(shapes, target, node(output)):
        print(f"{rel}: {op} response left out: botocore's output has what the Smithy model has not", file=sys.stderr)
        return None
    status, headers, body = render(shape, output, rest, code, json_type)
    if any(not (v.isascii() and v.isprintable()) for v in headers.values()):
        print(f"{rel}: {op} response left out: a header value that is not printable ASCII", file=sys.stderr)
        return None
    def answer_with(request, **_):
        return AWSResponse(request.url, status, headers, RawBody(body))

    client.meta.events.unregister("before-send", hook)
    client.meta.events.register("before-send", answer_with)
    try:
        got = getattr(client, botocore.xform_name(op))(**params)
    except Exception as e:
        print(f"{rel}: {op} response left out: botocore raised {type(e).__name__}: {e}", file=sys.stderr)
        return None
    finally:
        client.meta.events.unregister("before-send", answer_with)
        client.meta.events.register("before-send", hook)
    got.pop("ResponseMetadata", None)
    if not same_value(got, output):
        print(f"{rel}: {op} response left out: botocore reads it otherwise", file=sys.stderr)
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # A structure dropped at the depth limit may be a required member: a server cannot leave
    # it out, so such a case is the client's only.
    answer = {"operation": op, "sides": ["client", "server"] if filler.valid else ["client"], "code": status, "headers": headers, "body": text, "params": node(output)}
    if headers.get("Content-Type") == json_type:
        answer["bodyMediaType"] = "application/json"
    return answer


def main():
    session = botocore.session.get_session()
    table = {"botocore": botocore.__version__, "models": [cases(session, rel) for rel in MODELS]}
    text = json.dumps(table, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        old = open(TABLE, encoding="utf-8").read()
        if json.loads(old)["models"] != table["models"]:
            print("botocore's requests differ from the table", file=sys.stderr)
            sys.exit(1)
        print("the table matches botocore", botocore.__version__)
        return
    with open(TABLE, "w", encoding="utf-8") as f:
        f.write(text)
    n = sum(len(m["cases"]) for m in table["models"])
    r = sum(len(m["responses"]) for m in table["models"])
    e = sum(len(m["errors"]) for m in table["models"])
    print(f"wrote {TABLE}: {n} requests, {r} responses and {e} errors of {len(table['models'])} services (botocore {botocore.__version__})")


if __name__ == "__main__":
    main()
