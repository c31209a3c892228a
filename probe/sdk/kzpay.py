"""kzpay: a small independent client for the Greenleavespay v5 JSON API (detached JWS) and Jysan eCom.

Written from the API documents only (Freedom/Greenleaves "v5/g2g" X-JWS-Signature page, Jysan eCom
payment page and its cancel/status/redirect pages). Stdlib only.

Bug switches (for probing a conformance suite): environment variable KZPAY_BUGS, comma-separated.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET

BUGS = set(filter(None, os.environ.get("KZPAY_BUGS", "").split(",")))


class KzPayError(Exception):
    kind = "error"

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


class TransportError(KzPayError):
    kind = "transport"


class RejectedError(KzPayError):
    kind = "rejected"


class SignatureError(KzPayError):
    kind = "signature"


class ValidationError(KzPayError):
    kind = "validation"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --------------------------------------------------------------------------------------------------
# Greenleavespay v5 (JSON + detached JWS)


class V5Client:
    ACTIONS = {
        "payment.create": ("/v5/g2g/create", "gateway.payment.create"),
        "payment.read": ("/v5/g2g/read", "gateway.payment.status"),
        "payment.reverse": ("/v5/g2g/edit", "gateway.payment.reverse"),
        "payment.refund": ("/v5/g2g/edit", "gateway.payment.refund"),
        "payment.clearing": ("/v5/g2g/edit", "gateway.payment.clearing"),
    }

    def __init__(self, base_url, auth_id, secret_key, timeout=20, retries=1):
        parts = urllib.parse.urlsplit(base_url)
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.prefix = parts.path.rstrip("/")
        self.auth_id, self.secret = str(auth_id), secret_key
        self.timeout, self.retries = timeout, retries
        self._conn = None
        self._lock = threading.Lock()

    # -- signing
    def sign(self, uri, body: bytes, method="POST") -> str:
        if "fixed_uri" in BUGS:  # copy-paste of the document's example header
            uri = "/v5/g2g/create"
        fields = {"uri": uri, "auth_id": self.auth_id, "method": method, "params": "", "alg": "HS256"}
        if "int_auth_id" in BUGS and self.auth_id.isdigit():  # variant: auth_id as a JSON number
            fields["auth_id"] = int(self.auth_id)
        if "jose_header" in BUGS:  # conformant variant: a JOSE library's layout (alg first, typ added)
            fields = {"alg": "HS256", "typ": "JWT", **{k: v for k, v in fields.items() if k != "alg"}}
        header = json.dumps(fields)
        h = b64url(header.encode("utf-8"))
        p = b64url(body)
        mac = hmac.new(self.secret.encode("utf-8"), f"{h}.{p}".encode("ascii"), hashlib.sha256).digest()
        return f"{h}..{b64url(mac)}"

    def verify(self, jws: str, body: bytes) -> bool:
        try:
            h, payload, sig = jws.split(".")
        except (AttributeError, ValueError):
            return False
        if payload:
            return False
        mac = hmac.new(self.secret.encode("utf-8"), f"{h}.{b64url(body)}".encode("ascii"), hashlib.sha256).digest()
        return hmac.compare_digest(sig, b64url(mac))

    # -- transport
    def _connection(self):
        if self._conn is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def _post_urllib(self, path, headers, body):
        """variant: a new connection per call through urllib (Python-urllib User-Agent, Capitalised names)"""
        url = f"{self.scheme}://{self.host}:{self.port}{path}"
        hdrs = {k: v for k, v in headers.items() if k != "User-Agent"}
        req = urllib.request.Request(url, data=body, method="POST", headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                return res.status, {k.lower(): v for k, v in res.getheaders()}, res.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()
        except (OSError, http.client.HTTPException) as e:
            raise TransportError(f"{type(e).__name__}: {e}")

    def _post_once(self, path, headers, body):
        if "urllib" in BUGS:
            return self._post_urllib(path, headers, body)
        conn = self._connection()
        try:
            if "chunked" in BUGS:  # conformant variant: body streamed with Transfer-Encoding: chunked
                conn.request("POST", path, body=iter([body[:10], body[10:]]), headers=headers, encode_chunked=True)
                res = conn.getresponse()
                data = res.read()
                return res.status, {k.lower(): v for k, v in res.getheaders()}, data
            conn.request("POST", path, body=body, headers=headers)
            res = conn.getresponse()
            data = res.read()
            return res.status, {k.lower(): v for k, v in res.getheaders()}, data
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            self._conn = None
            raise TransportError(f"{type(e).__name__}: {e}")

    def call(self, op, payload: dict):
        if op not in self.ACTIONS:
            raise ValidationError(f"unknown operation {op}")
        uri, action = self.ACTIONS[op]
        body = json.dumps(payload, ensure_ascii="raw_utf8" not in BUGS).encode("utf-8")
        signed = body
        if "sign_reserialised" in BUGS:
            signed = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
        request_id = str(uuid.uuid4())
        if "reuse_request_id" in BUGS:
            request_id = getattr(self, "_last_id", None) or request_id
            self._last_id = request_id
        headers = {
            "content-type": "application/json",
            "accept": "application/json",
            "x-action": action,
            "x-request-id": request_id,
            "x-jws-signature": self.sign(uri, signed),
            "User-Agent": "kzpay-python/0.1",
        }
        if "leak_secret" in BUGS:
            headers["x-debug-key"] = self.secret
        attempts = 1 + (self.retries if "no_retry" not in BUGS else 0)
        with self._lock:
            for attempt in range(attempts):
                if "new_id_on_retry" in BUGS and attempt > 0:
                    headers["x-request-id"] = str(uuid.uuid4())
                try:
                    status, rheaders, data = self._post_once(self.prefix + uri, headers, body)
                    if "trace" in BUGS:
                        import sys
                        print(op, status, rheaders, data[:200], file=sys.stderr)
                    break
                except TransportError:
                    if attempt + 1 == attempts:
                        raise
        return self._reply(status, rheaders, data)

    def _reply(self, status, headers, data):
        sig = headers.get("x-jws-signature")
        if sig is not None and "skip_reply_verify" not in BUGS and not self.verify(sig, data):
            raise SignatureError("reply X-JWS-Signature does not verify")
        try:
            reply = json.loads(data.decode("utf-8")) if data else {}
        except (UnicodeDecodeError, ValueError) as e:
            raise TransportError(f"reply is not JSON (HTTP {status}): {e}")
        if status >= 400 or (isinstance(reply, dict) and reply.get("status") == "error"):
            if "swallow_errors" in BUGS:
                return reply
            code = None
            if isinstance(reply, dict):
                err = reply.get("error") if isinstance(reply.get("error"), dict) else reply
                code = err.get("code")
                message = err.get("message") or err.get("description") or f"HTTP {status}"
            else:
                message = f"HTTP {status}"
            raise RejectedError(str(message), None if code is None else str(code))
        return reply


# --------------------------------------------------------------------------------------------------
# Jysan eCom (SHA-512 P_SIGN)

PAYMENT_SIGNED = ["ORDER", "AMOUNT", "CURRENCY", "MERCHANT", "TERMINAL", "NONCE", "CLIENT_ID", "DESC",
                  "DESC_ORDER", "EMAIL", "BACKREF", "Ucaf_Flag", "Ucaf_Authentication_Data"]
PAYMENT_FIELDS = set(PAYMENT_SIGNED) | {"LANGUAGE", "crd_pan", "crd_exp", "crd_cvc", "P_SIGN"}


def _strip_nl(s):
    return s.replace("\r", "").replace("\n", "")


class JysanClient:
    def __init__(self, api_url, merchant, terminal, shared_secret, timeout=20):
        self.api_url, self.merchant, self.terminal = api_url, merchant, terminal
        self.secret, self.timeout = shared_secret, timeout

    def _hash(self, text):
        digest = hashlib.sha512((self.secret + text).encode("utf-8")).hexdigest()
        return digest.upper() if "upper_hex" in BUGS else digest

    def payment_form(self, fields: dict):
        f = {k: str(v) for k, v in fields.items()}
        f.setdefault("MERCHANT", self.merchant)
        f.setdefault("TERMINAL", self.terminal)
        if "ms_nonce" in BUGS:  # as several public clients do: a millisecond timestamp
            import time
            f["NONCE"] = str(int(time.time() * 1000))
        if "NONCE" not in f and "no_nonce" not in BUGS:
            f["NONCE"] = "123456789012" if "fixed_nonce" in BUGS else str(secrets.randbelow(10**12 - 10**11) + 10**11)
        if "full_form" in BUGS:  # variant: every documented field present, empty when not given
            for k in PAYMENT_SIGNED:
                f.setdefault(k, "")
            f.setdefault("LANGUAGE", "ru")
        unknown = set(f) - PAYMENT_FIELDS
        if unknown:
            raise ValidationError(f"undocumented fields: {sorted(unknown)}")
        for k in ("ORDER", "AMOUNT", "CURRENCY", "DESC"):
            if not f.get(k):
                raise ValidationError(f"{k} is required")
        order = PAYMENT_SIGNED
        if "swap_order" in BUGS:
            order = ["AMOUNT", "ORDER"] + PAYMENT_SIGNED[2:]
        values = [f.get(k, "") for k in order]
        values = [_strip_nl(v) if k in ("DESC", "DESC_ORDER") else v for k, v in zip(order, values)]
        f["P_SIGN"] = self._hash("".join(v + ";" for v in values))
        if "leak_key_hash" in BUGS:
            f["KEY_CHECK"] = hashlib.sha256(self.secret.encode()).hexdigest()
        return {"action": self.api_url, "method": "POST", "fields": f}

    def _post(self, fields):
        body = urllib.parse.urlencode(fields).encode("utf-8")
        ctype = "application/x-www-form-urlencoded"
        if "multipart" in BUGS:  # variant: multipart/form-data, as PHP curl sends an array
            boundary = "----kzpay" + secrets.token_hex(8)
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
            body = ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")
            ctype = f"multipart/form-data; boundary={boundary}"
        req = urllib.request.Request(self.api_url, data=body, method="POST", headers={"Content-Type": ctype})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                data = res.read()
        except urllib.error.HTTPError as e:
            data = e.read()
        except OSError as e:
            raise TransportError(str(e))
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            raise TransportError(f"reply is not XML: {e}")
        code = (root.findtext("code") or "").strip()
        desc = root.findtext("description") or ""
        if code != "0" and "swallow_errors" not in BUGS:
            raise RejectedError(desc, code)
        op = root.find("operation")
        operation = {c.tag: (c.text or "") for c in op} if op is not None else {}
        return {"code": code, "description": desc, "operation": operation}

    def status(self, order):
        sign = self._hash(f"{order};{self.merchant}")
        return self._post({"ORDER": order, "MERCHANT": self.merchant, "GETSTATUS": "1", "P_SIGN": sign})

    def cancel(self, order, amount, description="Refund"):
        desc = _strip_nl(description)
        sign = self._hash(f"{order};{self.merchant};{amount};{desc};")
        return self._post({"ORDER": order, "MERCHANT": self.merchant, "REV_AMOUNT": amount,
                           "REV_DESC": description, "P_SIGN": sign})

    def verify_backref(self, query: dict):
        q = {k: str(v) for k, v in query.items()}
        keys = ["order", "mpi_order", "rrn", "res_code", "amount", "currency", "res_desc"]
        base = "".join((_strip_nl(q.get(k, "")) if k == "res_desc" else q.get(k, "")) + ";" for k in keys)
        sign = q.get("sign", "")
        ok = hmac.compare_digest(sign.lower(), self._hash(base).lower())
        if "skip_backref_verify" not in BUGS and not ok:
            if "verified_flag" in BUGS:  # conformant variant: report the verdict as data (documented output)
                return {"verified": False, "order": q.get("order", ""), "resCode": q.get("res_code", ""), "paid": False}
            raise SignatureError("redirect sign does not verify")
        return {"verified": True, "order": q.get("order", ""), "resCode": q.get("res_code", ""),
                "paid": q.get("res_code") == "0"}
