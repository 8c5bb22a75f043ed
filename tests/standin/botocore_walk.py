#!/usr/bin/env python3
"""Walks a real botocore IVS client through the operations of the local IVS stand-in.

    python3 tests/standin/botocore_walk.py http://127.0.0.1:PORT [--region us-west-2] [--account 123456789012]

Prints one line per step and exits 1 on the first unexpected answer (2 when botocore is
missing). Expects a fresh stand-in (no channels yet). Any credentials work: nothing checks
signatures.
"""

import sys

try:
    import botocore.session
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError:
    print("botocore is not installed (pip install botocore)")
    sys.exit(2)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    endpoint = argv[1]
    region, account = "us-west-2", "123456789012"
    rest = argv[2:]
    while rest:
        flag, value, rest = rest[0], rest[1] if len(rest) > 1 else "", rest[2:]
        if flag == "--region":
            region = value
        elif flag == "--account":
            account = value
        else:
            print(f"unknown flag {flag}")
            return 2

    session = botocore.session.get_session()

    def client(validate):
        return session.create_client(
            "ivs",
            region_name=region,
            endpoint_url=endpoint,
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="any-secret-works",
            config=Config(
                retries={"total_max_attempts": 1},
                parameter_validation=validate,
                connect_timeout=5,
                read_timeout=10,
            ),
        )

    ivs = client(True)
    raw = client(False)  # sends what botocore itself would refuse (missing members)
    steps = [0]
    prefix = f"arn:aws:ivs:{region}:{account}:"
    missing_channel = prefix + "channel/doesNotExist"

    def step(name, ok, detail=""):
        steps[0] += 1
        print(f"{'ok  ' if ok else 'FAIL'} {steps[0]:2} {name}{': ' + detail if detail else ''}")
        if not ok:
            sys.exit(1)

    def error(name, call, code, status, contains=()):
        try:
            out = call()
        except ClientError as e:
            got = e.response["Error"].get("Code")
            got_status = e.response["ResponseMetadata"].get("HTTPStatusCode")
            # IVS's errors carry the text in their modeled member `exceptionMessage`, which
            # botocore puts beside `Error` (its `Message` reads only `message`/`Message`).
            message = e.response["Error"].get("Message") or e.response.get("exceptionMessage", "")
            ok = got == code and got_status == status and all(c in message for c in contains)
            step(name, ok, f"{got} {got_status} {message!r}"[:300])
            return e
        step(name, False, f"expected {code}, got a success: {out}")

    # Channels.
    c1 = ivs.create_channel(name="walk-1", latencyMode="NORMAL", tags={"team": "video"})
    arn1 = c1["channel"]["arn"]
    key1 = c1["streamKey"]["arn"]
    step(
        "CreateChannel",
        arn1.startswith(prefix + "channel/")
        and c1["channel"]["name"] == "walk-1"
        and c1["channel"]["latencyMode"] == "NORMAL"
        and c1["channel"]["tags"] == {"team": "video"}
        and key1.startswith(prefix + "stream-key/")
        and c1["streamKey"]["channelArn"] == arn1,
        arn1,
    )
    arn2 = ivs.create_channel(name="walk-2")["channel"]["arn"]
    arn3 = ivs.create_channel(name="walk-3", type="BASIC")["channel"]["arn"]
    step("CreateChannel x2 more", len({arn1, arn2, arn3}) == 3)

    got = ivs.get_channel(arn=arn1)["channel"]
    step("GetChannel", got["arn"] == arn1 and got["name"] == "walk-1", got["playbackUrl"])

    page1 = ivs.list_channels(maxResults=2)
    page2 = ivs.list_channels(maxResults=2, nextToken=page1.get("nextToken", ""))
    arns = [c["arn"] for c in page1["channels"] + page2["channels"]]
    step(
        "ListChannels (2 pages)",
        len(page1["channels"]) == 2 and "nextToken" in page1 and "nextToken" not in page2 and arns == [arn1, arn2, arn3],
        f"next token {page1.get('nextToken')!r}",
    )
    paginated = [c["arn"] for p in ivs.get_paginator("list_channels").paginate(PaginationConfig={"PageSize": 1}) for c in p["channels"]]
    step("ListChannels (botocore paginator, page size 1)", paginated == [arn1, arn2, arn3])

    up = ivs.update_channel(arn=arn2, name="walk-2b", latencyMode="LOW", authorized=True)["channel"]
    step("UpdateChannel", up["name"] == "walk-2b" and up["authorized"] is True and up["latencyMode"] == "LOW")

    batch = ivs.batch_get_channel(arns=[arn1, missing_channel])
    step(
        "BatchGetChannel (one missing)",
        [c["arn"] for c in batch["channels"]] == [arn1]
        and [(e["arn"], e["code"]) for e in batch["errors"]] == [(missing_channel, "ResourceNotFoundException")],
    )

    # Stream keys.
    key = ivs.get_stream_key(arn=key1)["streamKey"]
    step("GetStreamKey", key["arn"] == key1 and key["value"].startswith("sk_" + region + "_"))
    keys = ivs.list_stream_keys(channelArn=arn1)["streamKeys"]
    step("ListStreamKeys", [k["arn"] for k in keys] == [key1])
    error("CreateStreamKey (channel has one)", lambda: ivs.create_stream_key(channelArn=arn1), "ServiceQuotaExceededException", 402)
    ivs.delete_stream_key(arn=key1)
    step("DeleteStreamKey", ivs.list_stream_keys(channelArn=arn1)["streamKeys"] == [])
    error("GetStreamKey (deleted)", lambda: ivs.get_stream_key(arn=key1), "ResourceNotFoundException", 404)
    new_key = ivs.create_stream_key(channelArn=arn1, tags={"k": "v"})["streamKey"]
    step("CreateStreamKey", new_key["channelArn"] == arn1 and new_key["tags"] == {"k": "v"}, new_key["arn"])

    # Tags.
    ivs.tag_resource(resourceArn=arn1, tags={"env": "test"})
    tags = ivs.list_tags_for_resource(resourceArn=arn1)["tags"]
    step("TagResource + ListTagsForResource", tags == {"team": "video", "env": "test"}, str(tags))
    ivs.untag_resource(resourceArn=arn1, tagKeys=["team"])
    tags = ivs.list_tags_for_resource(resourceArn=arn1)["tags"]
    step("UntagResource", tags == {"env": "test"}, str(tags))
    ivs.tag_resource(resourceArn=new_key["arn"], tags={"a": "b"})
    step("TagResource (stream key)", ivs.list_tags_for_resource(resourceArn=new_key["arn"])["tags"] == {"k": "v", "a": "b"})
    error("ListTagsForResource (missing)", lambda: ivs.list_tags_for_resource(resourceArn=missing_channel), "ResourceNotFoundException", 404)

    # Viewer session revocation.
    sessions = [{"channelArn": arn1, "viewerId": "v1"}, {"channelArn": missing_channel, "viewerId": "v2", "viewerSessionVersionsLessThanOrEqualTo": 3}]
    out = ivs.batch_start_viewer_session_revocation(viewerSessions=sessions)
    errs = [(e["channelArn"], e["viewerId"], e.get("code")) for e in out.get("errors", [])]
    step("BatchStartViewerSessionRevocation (one missing channel)", errs == [(missing_channel, "v2", "ResourceNotFoundException")], str(errs))

    # Invalid input: what botocore does not check itself, and what it would refuse.
    error(
        "CreateChannel (name breaks the pattern)",
        lambda: ivs.create_channel(name="not valid!"),
        "ValidationException",
        400,
        ["'/name'", "regular expression pattern"],
    )
    many = [{"channelArn": arn1, "viewerId": f"v{i}"} for i in range(21)]
    error(
        "BatchStartViewerSessionRevocation (21 sessions)",
        lambda: ivs.batch_start_viewer_session_revocation(viewerSessions=many),
        "ValidationException",
        400,
        ["'/viewerSessions'", "length between 1 and 20"],
    )
    error(
        "BatchStartViewerSessionRevocation (two missing members, one bad ARN: one report)",
        lambda: raw.batch_start_viewer_session_revocation(viewerSessions=[{"viewerId": "v"}, {"channelArn": "arn:nope"}]),
        "ValidationException",
        400,
        ["3 validation errors", "'/viewerSessions/0/channelArn'", "'/viewerSessions/1/viewerId'", "'/viewerSessions/1/channelArn'"],
    )
    error("GetChannel (missing)", lambda: ivs.get_channel(arn=missing_channel), "ResourceNotFoundException", 404)
    error("ListChannels (bad nextToken)", lambda: ivs.list_channels(nextToken="99"), "ValidationException", 400)
    error("GetStream (not implemented)", lambda: ivs.get_stream(channelArn=arn1), "NotImplementedException", 501, ["GetStream"])

    # Deletion.
    ivs.delete_channel(arn=arn1)
    error("DeleteChannel, then GetChannel", lambda: ivs.get_channel(arn=arn1), "ResourceNotFoundException", 404)
    error("DeleteChannel (again)", lambda: ivs.delete_channel(arn=arn1), "ResourceNotFoundException", 404)
    error("ListStreamKeys (deleted channel)", lambda: ivs.list_stream_keys(channelArn=arn1), "ResourceNotFoundException", 404)
    error("GetStreamKey (deleted with its channel)", lambda: ivs.get_stream_key(arn=new_key["arn"]), "ResourceNotFoundException", 404)
    left = [c["arn"] for c in ivs.list_channels()["channels"]]
    step("ListChannels after delete", left == [arn2, arn3])

    print(f"botocore {botocore.__version__}: {steps[0]} steps against {endpoint}, all as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
