#!/bin/sh
# run.sh NAME METHOD [ENCODING]   (env GL_BUG optional) — serves the PHP shop, runs paycert against it
set -e
name=$1; method=$2; enc=$3
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../../.." && pwd)
tmp=/tmp/hB-gl-$name; rm -rf "$tmp"; mkdir -p "$tmp"
port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
python3 "$here/setup.py" "$tmp/store.json" "$tmp/decl.json" "http://127.0.0.1:$port" "$method" "${enc:-multipart}" "${GL_RESULT_PATH:-/pay/result.php}" "${GL_CHECK_PATH:-/pay/check.php}"
GL_STORE="$tmp/store.json" PHP_CLI_SERVER_WORKERS=4 php -S 127.0.0.1:$port -t "$here/public" >"$tmp/php.log" 2>&1 &
pid=$!
sleep 1
kill -0 $pid || { cat "$tmp/php.log"; exit 1; }
r=${GL_RESULT_PATH:-/pay/result.php}; c=${GL_CHECK_PATH:-/pay/check.php}
cd "$root"
PAYCERT_GREENLEAVES_MERCHANT_ID=123456 PAYCERT_GREENLEAVES_SECRET_KEY=s3cr3tKey node bin/paycert.mjs run --profile greenleaves --subject merchant --target "http://127.0.0.1:$port$r" \
  --check-url "http://127.0.0.1:$port$c" --declaration "$tmp/decl.json" --out "$tmp/out" ${GL_SLOW:+--slow} >"$tmp/run.log" 2>&1 || true
kill $(pgrep -P $pid) $pid  # php -S workers are children of $pid
tail -5 "$tmp/run.log"
