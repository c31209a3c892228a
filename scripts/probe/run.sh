#!/usr/bin/env bash
# scripts/probe/run.sh PROFILE MODE[,MODE…] [extra paycert args]: sandbox (already running on UPSTREAM) → proxy → paycert run.
# Prints exit code, verdict line and the failed/inconclusive rules with their reasons.
set -u
cd "$(dirname "$0")/../.."
profile=$1 mode=$2; shift 2
# PROBE_BASE (default 18100): sandboxes on BASE+1..3, proxy on BASE+100..+799; PROBE_OUT: output folder
base=${PROBE_BASE:-18100} dir=${PROBE_OUT:-/tmp/hA}
case $profile in greenleaves) up=$((base + 1)) ;; greenleaves-v5) up=$((base + 2)) ;; jysan) up=$((base + 3)) ;; esac
port=$((base + 100 + RANDOM % 700))
mkdir -p "$dir"; out=$dir/out-$profile-${mode//,/+}
node --import tsx scripts/probe/proxy.ts --upstream http://127.0.0.1:$up --port $port --mode "$mode" > "$out.proxy.log" 2>&1 &
ppid=$!
sleep 1.5
timeout 600 node bin/paycert.mjs run --profile "$profile" --target http://127.0.0.1:$port --out "$out" --pace 0 --runs 5 "$@" > "$out.log" 2>&1
rc=$?
kill $ppid 2>/dev/null
echo "== $profile $mode rc=$rc  ($out)"
grep -E 'verdict:|rules:' "$out.log" | head -3
node -e '
const c = JSON.parse(require("fs").readFileSync(process.argv[1] + "/certificate.json", "utf8"));
const seen = new Set();
const walk = (o) => { if (Array.isArray(o)) o.forEach(walk); else if (o && typeof o === "object") {
  if (typeof o.id === "string" && /^(failed|inconclusive|warning)$/.test(o.verdict) && o.level) { const k=o.id+o.verdict; if(!seen.has(k)){seen.add(k); console.log(`  ${o.verdict} ${o.level} ${o.id}: ${String(o.reason).slice(0,300)}`);} }
  Object.values(o).forEach(walk); } };
walk(c);' "$out" 2>/dev/null | head -12 | cut -c1-260
grep -iE 'error|stack|at .*\.ts:' "$out.log" | grep -v '^\[' | head -5
