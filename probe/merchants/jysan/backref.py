#!/usr/bin/env python3
"""Jysan eCom BACKREF handler of a small shop (stdlib only), written from seed 002 + digest A10.

GET  /payment/backref?redirect=true&order=..&...&sign=..  -> the payer's browser after payment
POST /payment/backref  (form: order, mpi_order, rrn, res_code, amount, currency, res_desc, sign) -> bank's server

usage: backref.py PORT STORE.json   (env JY_SECRET, JY_BUG=nosig|norepeat|noamount|upper, JY_STYLE=redirect-always)
"""
import hashlib, hmac, json, os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SECRET = os.environ.get("JY_SECRET", "01234567890123456789012")
BUG = os.environ.get("JY_BUG", "")
PORT, STORE = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
db = json.load(open(STORE, encoding="utf-8"))


def save():
    tmp = STORE + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(db, f, ensure_ascii=False, indent=1)
    os.replace(tmp, STORE)


def sign_ok(p):
    if BUG == "nosig":
        return True
    vals = [p.get(k, "") for k in ("order", "mpi_order", "rrn", "res_code", "amount", "currency", "res_desc")]
    vals[6] = vals[6].replace("\r", "").replace("\n", "")
    want = hashlib.sha512((SECRET + ";".join(vals) + ";").encode("utf-8")).hexdigest()
    got = p.get("sign", "")
    if BUG == "upper":
        got = got.lower()  # "tolerant" compare, harmless
    return hmac.compare_digest(want, got)


def handle(p, source):
    """returns (http status, body text, redirect location or None)"""
    if not sign_ok(p):
        if source == "redirect" and os.environ.get("JY_STYLE") == "redirect-always":
            return 302, "Ошибка оплаты", "/payment/failed"  # the payer always lands on a page of ours
        return 403, "Ошибка: неверная подпись", None
    order_id = p.get("order", "")
    with lock:
        order = db["orders"].get(order_id)
        if order is None:
            return 404, "Заказ не найден", None
        key = f"{source}:{order_id}:{p.get('mpi_order', '')}:{p.get('res_code', '')}"
        if key in db["answers"] and BUG != "norepeat":
            a = db["answers"][key]
            return a["status"], a["body"], a.get("location")
        if p.get("res_code") != "0":
            ans = (200, "Оплата не прошла: " + p.get("res_desc", ""), None)
        elif BUG != "noamount" and float(p.get("amount") or 0) != float(order["amount"]):
            ans = (409, "Сумма платежа не совпадает с заказом", None)
        elif order["state"] == "paid" and order.get("mpi_order") != p.get("mpi_order"):
            ans = (409, "Заказ уже оплачен другим платежом", None)
        elif BUG == "norepeat" and order["state"] == "paid":
            ans = (409, "Заказ уже оплачен", None)
        else:
            order["state"] = "paid"
            order["mpi_order"] = p.get("mpi_order")
            order["rrn"] = p.get("rrn")
            ans = (200, f"Спасибо! Заказ №{order_id} оплачен.", None)
        if source == "redirect" and ans[0] == 200:
            ans = (302, ans[1], f"/orders/{order_id}/thanks")
        db["answers"][key] = {"status": ans[0], "body": ans[1], "location": ans[2]}
        save()
        return ans


class H(BaseHTTPRequestHandler):
    def reply(self, status, body, location):
        data = f"<html><body><p>{body}</p></body></html>\n".encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def params(self, qs):
        return {k: v[0] for k, v in parse_qs(qs, keep_blank_values=True).items()}

    def do_GET(self):
        u = urlsplit(self.path)
        if u.path != "/payment/backref":
            return self.reply(404, "Not found", None)
        self.reply(*handle(self.params(u.query), "redirect"))

    def do_POST(self):
        u = urlsplit(self.path)
        if u.path != "/payment/backref":
            return self.reply(404, "Not found", None)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace")
        p = self.params(body)
        self.reply(*handle(p, "post"))

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.command, fmt % args))


ThreadingHTTPServer(("127.0.0.1", PORT), H).serve_forever()
