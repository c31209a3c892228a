#!/bin/sh
# run.sh NAME  (env JY_BUG optional) — serves the Python BACKREF, runs paycert against it
set -e
name=$1
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../../.." && pwd)
tmp=/tmp/hB-jy-$name; rm -rf "$tmp"; mkdir -p "$tmp"
port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
python3 - "$tmp" "$port" <<'PY'
import json, sys
tmp, port = sys.argv[1], sys.argv[2]
orders = {str(7001000 + i): {"amount": "1500.50" if i % 2 else "100", "currency": "KZT", "state": "payable"} for i in range(1, 31)}
json.dump({"orders": orders, "answers": {}}, open(f"{tmp}/store.json", "w"))
decl = {"profile": "jysan", "backref": f"http://127.0.0.1:{port}/payment/backref?redirect=true",
        "orders": [{"orderId": k, "amount": v["amount"], "currency": "KZT", "state": "payable"} for k, v in orders.items()]
                  + [{"orderId": "9999999", "state": "unknown"}]}
json.dump(decl, open(f"{tmp}/decl.json", "w"), indent=1)
PY
python3 "$here/backref.py" $port "$tmp/store.json" 2>"$tmp/server.log" &
pid=$!
sleep 1
kill -0 $pid || { cat "$tmp/server.log"; exit 1; }
cd "$root"
PAYCERT_JYSAN_MERCHANT=TEST_ECOM PAYCERT_JYSAN_TERMINAL=WEB10004 PAYCERT_JYSAN_SHARED_SECRET=01234567890123456789012 \
node bin/paycert.mjs run --profile jysan --subject merchant --target "http://127.0.0.1:$port/payment/backref?redirect=true" \
  --declaration "$tmp/decl.json" --out "$tmp/out" >"$tmp/run.log" 2>&1 || true
kill $pid
grep -v "replay:" "$tmp/run.log" | tail -30
