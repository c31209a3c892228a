#!/bin/sh
# Run paycert against kzpay with one injected bug at a time: probe/sdk/bugs.sh OUTDIR
out=${1:-/tmp/kzpay-bugs}
for b in reuse_request_id sign_reserialised leak_secret new_id_on_retry no_retry swallow_errors; do
  echo "== v5 $b"
  KZPAY_BUGS=$b node bin/paycert.mjs run --profile greenleaves-v5 --subject sdk --sdk "python3 probe/sdk/v5_adapter.py" \
    --out "$out/v5-$b" --no-html --quiet --seed 1 2>&1 | grep -E 'rules:|verdict'
  python3 probe/sdk/notpassed.py "$out/v5-$b/certificate.json"
done
for b in fixed_nonce swap_order leak_key_hash skip_backref_verify swallow_errors; do
  echo "== jysan $b"
  KZPAY_BUGS=$b node bin/paycert.mjs run --profile jysan --subject sdk --sdk "python3 probe/sdk/jysan_adapter.py" \
    --out "$out/jy-$b" --no-html --quiet --seed 1 2>&1 | grep -E 'rules:|verdict'
  python3 probe/sdk/notpassed.py "$out/jy-$b/certificate.json"
done
