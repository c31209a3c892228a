"""Shared line loop for the kzpay paycert adapters."""
import json
import sys

from kzpay import KzPayError


def run(handle):
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            out = {"id": req["id"], "ok": True, "output": handle(req["op"], req["gateway"], req.get("credentials", {}), req.get("input", {}))}
        except NotImplementedError as e:
            out = {"id": req["id"], "ok": False, "error": {"kind": "unsupported", "message": str(e)}}
        except KzPayError as e:
            err = {"kind": e.kind, "message": str(e)}
            if e.code is not None:
                err["code"] = e.code
            out = {"id": req["id"], "ok": False, "error": err}
        print(json.dumps(out), flush=True)
