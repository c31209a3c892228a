#!/usr/bin/env bash
# scripts/probe/merchant-run.sh PROFILE MODE[,MODE…] [SLOT]: a fresh reference merchant → proxy → paycert run
# --subject merchant. SLOT (0-24, default 0) picks the ports: merchant 19301+SLOT, proxy 19351+SLOT.
# PROBE_MERCHANT_ARGS: more `paycert merchant` flags (e.g. --variant accepts-with-redirect).
# PROBE_START: the proxy's first reply number (the -one modes break another field).
# Prints exit code, verdict line and every "internal error of paycert" reason. PROBE_OUT: output folder.
set -u
cd "$(dirname "$0")/../.."
profile=$1 mode=$2 slot=${3:-0}
dir=${PROBE_OUT:-/tmp/hJ}
mport=$((19301 + slot)) pport=$((19351 + slot))
mkdir -p "$dir"; out=$dir/out-$profile-${mode//,/+}-$slot-$$
store=$out.store.json
node bin/paycert.mjs merchant --profile "$profile" --port $mport --store "$store" ${PROBE_MERCHANT_ARGS:-} > "$out.merchant.log" 2>&1 &
mpid=$!
node --import tsx scripts/probe/proxy.ts --upstream http://127.0.0.1:$mport --port $pport --mode "$mode" --start "${PROBE_START:-0}" > "$out.proxy.log" 2>&1 &
ppid=$!
for _ in $(seq 50); do grep -q declaration= "$out.merchant.log" && grep -q proxy "$out.proxy.log" && break; sleep 0.2; done
line=$(grep "^$profile " "$out.merchant.log")
rurl=$(sed -E 's/.*result_url=([^ ]*).*/\1/' <<<"$line"); curl=$(sed -E 's/.*check_url=([^ ]*).*/\1/' <<<"$line")
decl=$(sed -E 's/.*declaration=([^ ]*).*/\1/' <<<"$line")
rurl=${rurl/:$mport/:$pport}; curl=${curl/:$mport/:$pport}
extra=(); [ "$curl" != - ] && extra=(--check-url "$curl")
timeout 900 node bin/paycert.mjs run --profile "$profile" --subject merchant --target "$rurl" "${extra[@]}" \
  --declaration "$decl" --pace 0 --runs 5 --out "$out" --no-html --quiet > "$out.log" 2>&1
rc=$?
kill $ppid $mpid 2>/dev/null
echo "== $profile $mode rc=$rc ($out)"
grep -E 'verdict:' "$out.log" | head -2
grep -iE 'paycert error|TypeError' "$out.log" | head -3
grep -o 'internal error of paycert[^"]*' "$out/results.ndjson" 2>/dev/null | sort | uniq -c | cut -c1-300
