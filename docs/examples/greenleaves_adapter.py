#!/usr/bin/env python3
"""A minimal paycert SDK adapter for the Greenleavespay g2g API, in plain Python (stdlib only).

It stands in for "your SDK": paycert starts it, writes one JSON request per line on stdin and reads
one JSON answer per line on stdout (docs/sdk-adapter.md). Run it with

    npx paycert run --profile greenleaves --subject sdk --sdk "python3 docs/examples/greenleaves_adapter.py"

Real adapters call their SDK's functions where this file calls sign(), post() and handle_callback().
Only flat fields are supported (no nested receipt positions). ElementTree is fine for a test adapter;
a production SDK should parse XML with entity expansion disabled (e.g. defusedxml).
"""
import hashlib
import hmac
import json
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from email.parser import BytesParser
from email.policy import HTTP

PATHS = {
    "payment.create": "/g2g/payment",
    "payment_page.create": "/g2g/payment_page",
    "status.get": "/g2g/status_v2",
    "payment.clearing": "/g2g/clearing",
    "payment.cancel": "/g2g/cancel",
    "payment.refund": "/g2g/refund",
}


class SdkError(Exception):
    def __init__(self, kind, message, code=None):
        super().__init__(message)
        self.error = {"kind": kind, "message": message}
        if code is not None:
            self.error["code"] = code


def script_name(url):
    path = urllib.parse.urlsplit(url).path
    return path[path.rfind("/") + 1:]


def values(node):
    """Leaf values ordered by field name; a nested object or list (receipt positions) in place, recursively."""
    if isinstance(node, list):
        return [v for item in node for v in values(item)]
    if isinstance(node, dict):
        return [v for k in sorted(node, key=lambda k: k.encode("utf-8")) if k != "pg_sig" for v in values(node[k])]
    return [str(node)]


def sign(script, fields, secret):
    """pg_sig: md5 of script;values ordered by field name;secret (pg_sig itself left out)."""
    return hashlib.md5(";".join([script, *values(fields), secret]).encode("utf-8")).hexdigest()


def form_pairs(node, prefix=""):
    """Nested fields in bracket notation: pg_receipt_positions[0][name]=…"""
    items = enumerate(node) if isinstance(node, list) else node.items()
    pairs = []
    for k, v in items:
        name = f"{prefix}[{k}]" if prefix else k
        pairs += form_pairs(v, name) if isinstance(v, (dict, list)) else [(name, str(v))]
    return pairs


def verified(script, fields, secret):
    sig = fields.get("pg_sig")
    return isinstance(sig, str) and hmac.compare_digest(sig, sign(script, fields, secret))


def xml_fields(text):
    root = ET.fromstring(text)
    return {child.tag: (child.text or "") for child in root}


def to_xml(fields):
    root = ET.Element("response")
    for k, v in fields.items():
        ET.SubElement(root, k).text = v
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def call(gateway, creds, path, fields):
    msg = {"pg_merchant_id": creds["merchantId"], **fields, "pg_salt": secrets.token_hex(8)}
    msg["pg_sig"] = sign(script_name(path), msg, creds["secretKey"])
    body = urllib.parse.urlencode(form_pairs(msg)).encode("utf-8")
    req = urllib.request.Request(gateway.rstrip("/") + path, data=body, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            text = res.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
    except OSError as e:
        raise SdkError("transport", str(e))
    try:
        reply = xml_fields(text)
    except ET.ParseError as e:
        raise SdkError("transport", f"the reply is not XML: {e}")
    if not verified(script_name(path), reply, creds["secretKey"]):
        raise SdkError("signature", "the reply signature does not verify")
    if reply.get("pg_status") == "error":
        raise SdkError("rejected", reply.get("pg_error_description", "error"), reply.get("pg_error_code"))
    return {"fields": reply}


def form_fields(request):
    headers = {k.lower(): v for k, v in request.get("headers", {}).items()}
    ctype = headers.get("content-type", "")
    body = request.get("body", "")
    if request.get("method", "POST").upper() == "GET":
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request["url"]).query, keep_blank_values=True))
    if ctype.startswith("multipart/form-data"):
        msg = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {ctype}\r\n\r\n".encode() + body.encode("utf-8"))
        return {part.get_param("name", header="content-disposition"): part.get_payload(decode=True).decode("utf-8")
                for part in msg.iter_parts()}
    return dict(urllib.parse.parse_qsl(body, keep_blank_values=True))


def handle_callback(creds, request, accept=True):
    fields = form_fields(request)
    if "pg_xml" in fields:  # pg_request_method XML: the whole call as <request> in the single field pg_xml
        try:
            fields = xml_fields(fields["pg_xml"])
        except ET.ParseError:
            fields = {}  # no call of the gateway's: refused below as badly signed
    script = script_name(request["url"])
    secret = creds["secretKey"]
    if not verified(script, fields, secret):
        status, description = "error", "invalid signature"
    elif accept:
        status, description = "ok", "accepted"
    elif fields.get("pg_can_reject") == "1":
        status, description = "rejected", "cannot deliver"
    else:
        status, description = "ok", "accepted: the payment can no longer be rejected"
    answer = {"pg_status": status, "pg_description": description, "pg_salt": secrets.token_hex(8)}
    answer["pg_sig"] = sign(script, answer, secret)
    taken = status == "ok" and verified(script, fields, secret)
    return {"status": 200, "headers": {"content-type": "application/xml; charset=utf-8"}, "body": to_xml(answer),
            "accepted": taken, "paid": taken and fields.get("pg_result") == "1"}


def serve(line):
    req = json.loads(line)
    op, creds, data = req.get("op"), req.get("credentials", {}), req.get("input", {})
    try:
        if op in PATHS:
            return {"id": req["id"], "ok": True, "output": call(req["gateway"], creds, PATHS[op], data.get("fields", {}))}
        if op == "callback.handle":
            return {"id": req["id"], "ok": True, "output": handle_callback(creds, data["request"], data.get("accept", True))}
        return {"id": req["id"], "ok": False, "error": {"kind": "unsupported", "message": f"{op} is not supported"}}
    except SdkError as e:
        return {"id": req["id"], "ok": False, "error": e.error}


for line in sys.stdin:
    if line.strip():
        print(json.dumps(serve(line), ensure_ascii=False), flush=True)
