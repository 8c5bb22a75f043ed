#!/usr/bin/env python3
"""How botocore reads restJson1 error responses: the table `tests/data/botocore-errors.json`.

Each case is a canned HTTP response to IVS `BatchStartViewerSessionRevocation` (status x
`x-amzn-ErrorType` header x body form x message key, then bodies that are not JSON, request
ids, and success responses that cannot be read). The script hands each one to a real botocore
IVS client (the HTTP send is replaced by a `before-send` hook: no network, no credentials) and
records what the client raises: the exception's class (a modeled error or `ClientError`), the
code, the message, the request id and the modeled `exceptionMessage`.

`tests/tests/botocore_errors.rs` reads the table and compares our parser with it; the test
needs neither Python nor botocore.

    pip install botocore
    python3 scripts/botocore-errors.py           # rewrite the table
    python3 scripts/botocore-errors.py --check   # exit 1 if the table differs from botocore's answers
"""

import json
import os
import sys

import botocore
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError

TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "botocore-errors.json")

SUFFIX = ":http://internal.amazon.com/coral/com.amazon.coral.service/"


def cases():
    """The canned responses, in a fixed order, each named after what it holds."""
    out = []

    def case(name, status, headers, body):
        out.append({"name": name, "status": status, "headers": headers, "body": body})

    # Where the code is, with each message key, at the modeled status and at another one.
    code = "AccessDeniedException"
    code_forms = [
        ("header", [["x-amzn-ErrorType", code]], {}),
        ("header with suffix", [["x-amzn-ErrorType", code + SUFFIX]], {}),
        ("header with namespace", [["x-amzn-ErrorType", "com.amazonaws.ivs#" + code]], {}),
        ("body code", [], {"code": code}),
        ("body Code", [], {"Code": code}),
        ("body __type", [], {"__type": code}),
        ("body __type with namespace and suffix", [], {"__type": "com.amazonaws.ivs#" + code + SUFFIX}),
        ("no code", [], {}),
    ]
    message_keys = ["message", "Message", "errorMessage", "exceptionMessage", None]
    for status in (403, 500):
        for form, headers, body in code_forms:
            for key in message_keys:
                b = dict(body)
                if key:
                    b[key] = "the message"
                case(f"{status} {form}, {key or 'no'} message", status, headers, json.dumps(b))

    # Precedence between the places.
    for status in (400, 503):
        for name, headers, body in [
            ("empty header over body __type", [["x-amzn-ErrorType", ""]], {"__type": code, "message": "m"}),
            ("header over body code", [["x-amzn-ErrorType", "ThrottlingException"]], {"code": code, "message": "m"}),
            ("code over Code", [], {"Code": "ThrottlingException", "code": code, "message": "m"}),
            ("code over __type", [], {"__type": "ThrottlingException", "code": code, "message": "m"}),
            ("Code over __type", [], {"__type": "ThrottlingException", "Code": code, "message": "m"}),
            ("unknown code in header", [["x-amzn-ErrorType", "SomethingNew"]], {"message": "m"}),
            ("unknown code in __type", [], {"__type": "aws.other#SomethingNew", "message": "m"}),
            ("message over Message", [["x-amzn-ErrorType", code]], {"Message": "second", "message": "first"}),
            ("Message over errorMessage", [], {"errorMessage": "second", "Message": "first"}),
            ("ValidationException", [["x-amzn-ErrorType", "ValidationException"]], {"message": "m"}),
            ("ThrottlingException", [["x-amzn-ErrorType", "ThrottlingException"]], {"message": "m"}),
            ("PendingVerification", [["x-amzn-ErrorType", "PendingVerification"]], {"message": "m"}),
        ]:
            case(f"{status} {name}", status, headers, json.dumps(body))

    # Bodies that are not a JSON object, with and without the header.
    long_text = "upstream request failed " * 12
    bodies = [
        ("empty body", ""),
        ("blank body", "  \n"),
        ("HTML page", "<html><body><b>Http/1.1 Service Unavailable</b></body></html>"),
        ("HTML page with doctype", "<!DOCTYPE html><html><body>Bad Gateway</body></html>"),
        ("short text", "upstream connect error or disconnect/reset before headers"),
        ("long text", long_text.strip()),
        ("text with a control character", "bad\x07gateway"),
        ("JSON array", '["not", "an", "object"]'),
    ]
    for status in (400, 404, 500, 503):
        for header in (None, "ThrottlingException"):
            for name, body in bodies:
                headers = [["x-amzn-ErrorType", header]] if header else []
                with_header = f", header {header}" if header else ""
                case(f"{status} {name}{with_header}", status, headers, body)

    # Request ids.
    ids = [
        ("x-amzn-RequestId", [["x-amzn-RequestId", "rid-1"]]),
        ("x-amz-request-id", [["x-amz-request-id", "rid-2"], ["x-amz-id-2", "ext-2"]]),
        ("both request ids", [["x-amzn-RequestId", "rid-1"], ["x-amz-request-id", "rid-2"]]),
    ]
    for name, headers in ids:
        case(f"403 {name}", 403, [["x-amzn-ErrorType", code]] + headers, '{"message":"m"}')
        case(f"200 {name}", 200, headers, "{}")

    # Success statuses whose body is not the output.
    case("200 HTML body", 200, [], "<html><body>oops</body></html>")
    case("200 JSON array body", 200, [], "[1, 2]")
    return out


def botocore_answer(client, c):
    """What the botocore client makes of one canned response."""

    def send(request, **kwargs):
        class Raw:
            def __init__(self, body):
                self.body = body

            def stream(self, **kwargs):
                yield self.body

        return AWSResponse(request.url, c["status"], dict(c["headers"]), Raw(c["body"].encode("utf-8")))

    client.meta.events.register("before-send.ivs.BatchStartViewerSessionRevocation", send, unique_id="canned")
    try:
        out = client.batch_start_viewer_session_revocation(
            viewerSessions=[{"channelArn": "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh", "viewerId": "v"}]
        )
        meta = out.get("ResponseMetadata", {})
        return {"kind": "success", "code": None, "message": None, "request_id": meta.get("RequestId")}
    except ClientError as e:
        err = e.response.get("Error", {})
        meta = e.response.get("ResponseMetadata", {})
        answer = {
            "kind": type(e).__name__,
            "code": err.get("Code"),
            "message": err.get("Message"),
            "request_id": meta.get("RequestId"),
        }
        if "exceptionMessage" in e.response:
            answer["exception_message"] = e.response["exceptionMessage"]
        return answer
    except Exception as e:  # noqa: BLE001 - a parser failure is an answer too
        return {"kind": type(e).__name__, "code": None, "message": None, "request_id": None}
    finally:
        client.meta.events.unregister("before-send.ivs.BatchStartViewerSessionRevocation", unique_id="canned")


def table():
    session = botocore.session.get_session()
    client = session.create_client(
        "ivs",
        region_name="us-west-2",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(retries={"total_max_attempts": 1}),
    )
    rows = []
    for c in cases():
        c["botocore"] = botocore_answer(client, c)
        rows.append(c)
    return rows


def render(rows):
    lines = [json.dumps(r, sort_keys=True, ensure_ascii=True) for r in rows]
    return (
        '{"botocore": "' + botocore.__version__ + '", "cases": [\n' + ",\n".join(lines) + "\n]}\n"
    )


def main():
    text = render(table())
    if "--check" in sys.argv[1:]:
        with open(TABLE, encoding="utf-8") as f:
            stored = json.load(f)
        fresh = json.loads(text)
        if stored["cases"] != fresh["cases"]:
            print(f"{TABLE} differs from botocore {botocore.__version__}'s answers: rerun without --check")
            sys.exit(1)
        print(f"{len(fresh['cases'])} cases agree with botocore {botocore.__version__}")
        return
    os.makedirs(os.path.dirname(TABLE), exist_ok=True)
    with open(TABLE, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {len(json.loads(text)['cases'])} cases (botocore {botocore.__version__}) to {os.path.normpath(TABLE)}")


if __name__ == "__main__":
    main()
