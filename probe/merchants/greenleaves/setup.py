#!/usr/bin/env python3
"""Write a fresh order store and a paycert declaration: setup.py STORE DECL BASE_URL METHOD [ENCODING]"""
import json, os, sys
store, decl, base, method = sys.argv[1:5]
enc = sys.argv[5] if len(sys.argv) > 5 else None
rpath, cpath = (sys.argv[6], sys.argv[7]) if len(sys.argv) > 7 else ("/pay/result.php", "/pay/check.php")
orders = {}
decl_orders = []
for i in range(1, 31):
    oid = f"SHOP-{1000 + i}"
    orders[oid] = {"amount": "1500.50" if i % 3 == 0 else "500", "currency": "KZT", "state": "payable"}
    decl_orders.append({"orderId": oid, "amount": orders[oid]["amount"], "currency": "KZT", "state": "payable"})
for i in range(1, 7):
    oid = f"OLD-{2000 + i}"
    orders[oid] = {"amount": "750", "currency": "KZT", "state": "expired"}
    decl_orders.append({"orderId": oid, "amount": "750", "currency": "KZT", "state": "expired"})
decl_orders.append({"orderId": "NO-SUCH-ORDER", "state": "unknown"})
json.dump({"orders": orders, "answers": {}}, open(store, "w"), ensure_ascii=False, indent=1)
d = {"profile": "greenleaves", "resultUrl": f"{base}{rpath}", "checkUrl": f"{base}{cpath}",
     "requestMethod": method, "lifetimeSeconds": int(os.environ.get("GL_LIFETIME", "3600")), "orders": decl_orders}
if enc and method == "POST":
    d["postEncoding"] = enc
json.dump(d, open(decl, "w"), indent=1)
