#!/usr/bin/env python3
"""How botocore speaks awsJson: the table `tests/data/botocore-awsjson.json`.

1. **Requests**, for every awsJson1_0/awsJson1_1 service of `../shared/models/aws-dev/` that
   botocore has (matched by `aws.api#service` sdkId = botocore's serviceId): each operation's
   request as a real botocore client sends it (the HTTP send replaced by a `before-send`
   hook: no network, fake credentials), with its required top-level members filled: method,
   path, `X-Amz-Target`, `Content-Type` and the body's keys.
2. **Errors**: canned error responses handed to botocore's SQS client (awsJson1_0 with
   `awsQueryCompatible`) and DynamoDB Streams client (awsJson1_0): what `Error.Code` botocore
   reports, whether a modeled exception class was raised, and the query error type.

`tests/tests/botocore_awsjson.rs` reads the table and compares: the generated operations'
`X-Amz-Target` and protocol (content type), the member names on the wire (every key botocore
sends is a member name of the input), and the runtime's error code and
`rt::aws_json::query_error`. Neither Python nor botocore is needed by the test.

    pip install botocore
    python3 scripts/botocore-awsjson.py           # rewrite the table
    python3 scripts/botocore-awsjson.py --check   # exit 1 if the table differs from botocore's answers
"""

import glob
import json
import os
import sys
import urllib.parse

import botocore
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "tests", "data", "botocore-awsjson.json")
MODELS = os.path.join(HERE, "..", "..", "shared", "models", "aws-dev")


def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else v


class Sent(Exception):
    def __init__(self, request):
        self.request = request


def client(session, name):
    c = session.create_client(
        name,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 0, "mode": "standard"}, parameter_validation=False),
    )
    return c


def fill(shape, depth=0):
    """A value botocore serializes for a shape (required members only)."""
    t = shape.type_name
    if t == "structure":
        return {m: fill(shape.members[m], depth + 1) for m in shape.required_members if depth < 3}
    if t == "list":
        return []
    if t == "map":
        return {}
    if t == "string":
        return shape.enum[0] if shape.enum else "x"
    if t in ("integer", "long"):
        return 1
    if t in ("float", "double"):
        return 1.5
    if t == "boolean":
        return True
    if t == "timestamp":
        return 0
    if t == "blob":
        return b"x"
    return None


def requests(session):
    out = []
    for path in sorted(glob.glob(os.path.join(MODELS, "*.json"))):
        model = json.load(open(path))["shapes"]
        for sid, s in model.items():
            if s["type"] != "service":
                continue
            traits = s.get("traits", {})
            proto = [p for p in ("aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1") if p in traits]
            if not proto:
                continue
            sdk = traits.get("aws.api#service", {}).get("sdkId")
            name = next(
                (n for n in session.get_available_services() if session.get_service_model(n).metadata.get("serviceId") == sdk),
                None,
            )
            if name is None:
                continue
            c = client(session, name)

            def hook(request, **_):
                raise Sent(request)

            c.meta.events.register("before-send", hook)
            ops = []
            for op in sorted(c.meta.service_model.operation_names):
                om = c.meta.service_model.operation_model(op)
                params = fill(om.input_shape) if om.input_shape is not None else {}
                method = getattr(c, botocore.xform_name(op))
                try:
                    method(**params)
                    continue
                except Sent as e:
                    r = e.request
                except Exception:  # a host prefix or a check botocore makes: not compared
                    continue
                body = r.body or b""
                if isinstance(body, bytes):
                    body = body.decode("utf-8")
                keys = sorted(json.loads(body).keys()) if body else []
                ops.append(
                    {
                        "operation": op,
                        "method": r.method,
                        "path": urllib.parse.urlsplit(r.url).path or "/",
                        "target": text(r.headers.get("X-Amz-Target")),
                        "content_type": text(r.headers.get("Content-Type")),
                        "body_keys": keys,
                    }
                )
            out.append({"model": os.path.basename(path), "service": sid, "botocore": name, "operations": ops})
    return out


ERROR_CASES = [
    ("sqs", "query error header and namespaced __type",
     400, [["x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"]],
     {"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}),
    ("sqs", "namespaced __type, no query error header",
     400, [], {"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}),
    ("sqs", "query error header, Receiver fault",
     500, [["x-amzn-query-error", "InternalError;Receiver"]], {"__type": "com.amazonaws.sqs#InternalError"}),
    ("sqs", "x-amzn-ErrorType only", 400, [["x-amzn-ErrorType", "QueueDoesNotExist"]], {}),
    ("dynamodbstreams", "__type with namespace and suffix", 400, [],
     {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException:http://internal.amazon.com/", "message": "m"}),
    ("dynamodbstreams", "x-amzn-ErrorType header", 400, [["x-amzn-ErrorType", "ResourceNotFoundException"]], {"message": "m"}),
    ("dynamodbstreams", "unmodeled __type", 400, [], {"__type": "com.amazonaws.dynamodb.v20120810#Whatever", "message": "m"}),
]

ERROR_OPS = {"sqs": ("get_queue_url", {"QueueName": "q"}), "dynamodbstreams": ("describe_stream", {"StreamArn": "a"})}


def errors(session):
    out = []
    for name, case, status, headers, body in ERROR_CASES:
        c = client(session, name)
        text = json.dumps(body).encode()

        def hook(request, status=status, headers=headers, text=text, **_):
            return AWSResponse(request.url, status, dict(headers), RawBody(text))

        c.meta.events.register("before-send", hook)
        op, params = ERROR_OPS[name]
        row = {"botocore": name, "case": case, "status": status, "headers": headers, "body": json.dumps(body)}
        try:
            getattr(c, op)(**params)
            row.update({"raised": None})
        except ClientError as e:
            err = e.response.get("Error", {})
            row.update(
                {
                    "raised": type(e).__name__,
                    "code": err.get("Code"),
                    "query_error_type": err.get("Type"),
                    "message": err.get("Message"),
                }
            )
        out.append(row)
    return out


class RawBody:
    def __init__(self, data):
        self.data = data

    def stream(self, **_):
        yield self.data

    def read(self, *_):
        d, self.data = self.data, b""
        return d


def main():
    session = botocore.session.get_session()
    table = {"botocore": botocore.__version__, "requests": requests(session), "errors": errors(session)}
    text = json.dumps(table, indent=1, sort_keys=True) + "\n"
    if "--check" in sys.argv:
        old = open(TABLE).read() if os.path.exists(TABLE) else ""
        old_t = json.loads(old) if old else {}
        old_t.pop("botocore", None)
        table.pop("botocore", None)
        if old_t != table:
            print("the table differs from botocore's answers")
            sys.exit(1)
        print("the table matches botocore")
        return
    os.makedirs(os.path.dirname(TABLE), exist_ok=True)
    with open(TABLE, "w") as f:
        f.write(text)
    print(f"wrote {TABLE}: {sum(len(s['operations']) for s in table['requests'])} requests, {len(table['errors'])} errors")


if __name__ == "__main__":
    main()
