#!/usr/bin/env python3
"""paycert adapter for kzpay.JysanClient (jysan)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _adapter import run  # noqa: E402
from kzpay import JysanClient  # noqa: E402


def handle(op, gateway, creds, data):
    c = JysanClient(gateway.rstrip("/") + "/ecom/api", creds["merchant"], creds["terminal"], creds["sharedSecret"])
    if op == "payment.form":
        return c.payment_form(data.get("fields", {}))
    if op == "status.get":
        return c.status(data["order"])
    if op == "payment.cancel":
        return c.cancel(data["order"], data["amount"], data.get("description") or "Refund")
    if op == "backref.verify":
        return c.verify_backref(data.get("query", {}))
    raise NotImplementedError(f"{op} is not supported")


run(handle)
