#!/usr/bin/env python3
"""paycert adapter for kzpay.V5Client (greenleaves-v5)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _adapter import run  # noqa: E402
from kzpay import V5Client  # noqa: E402

clients = {}


def handle(op, gateway, creds, data):
    key = (gateway, creds.get("authId"), creds.get("secretKey"))
    if key not in clients:
        clients[key] = V5Client(gateway, creds["authId"], creds["secretKey"])
    if op not in V5Client.ACTIONS:
        raise NotImplementedError(f"{op} is not supported")
    return {"body": clients[key].call(op, data.get("body", {}))}


run(handle)
