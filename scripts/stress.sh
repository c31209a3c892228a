#!/usr/bin/env bash
# Stress the transport: N parallel `paycert run --profile all` against the embedded references,
# for several rounds. Parallel runs are the real load (each is several processes: the CLI, the
# vitest workers, the sandboxes), a busy loop per core is not enough to reproduce the keep-alive
# race. Every run must come out complete, with zero failed and zero inconclusive rules.
#
#   scripts/stress.sh [N=3] [ROUNDS=2]      env: STRESS_TIMEOUT (seconds per round, default 600)
#                                                 STRESS_OUT (keep the outputs there)
set -u
N=${1:-3}
ROUNDS=${2:-2}
# a hang guard, not a speed limit: three concurrent runs took 241-243 s on a slow 2-core machine
LIMIT=${STRESS_TIMEOUT:-600}
cd "$(dirname "$0")/.."
OUT=${STRESS_OUT:-$(mktemp -d /tmp/paycert-stress.XXXXXX)}
mkdir -p "$OUT"
bad=0
for r in $(seq 1 "$ROUNDS"); do
  pids=()
  for k in $(seq 1 "$N"); do
    dir="$OUT/r$r-$k"
    rm -rf "$dir"
    timeout --kill-after=10 "$LIMIT" node bin/paycert.mjs run --profile all --out "$dir" >"$OUT/r$r-$k.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}"
    echo "$?" >"$OUT/r$r-$((i + 1)).rc"
  done
  for k in $(seq 1 "$N"); do
    dir="$OUT/r$r-$k"
    line=$(node -e '
      const fs = require("fs");
      const [dir, rc] = process.argv.slice(1);
      let c;
      try { c = JSON.parse(fs.readFileSync(dir + "/certificate.json", "utf8")); }
      catch { console.log(`BAD  exit ${rc}, no certificate`); process.exit(1); }
      let failed = 0, inconclusive = 0;
      const why = [];
      for (const p of c.profiles ?? []) for (const r of p.rules ?? []) {
        if (r.verdict === "failed") failed++;
        if (r.verdict === "inconclusive") inconclusive++;
        if (r.verdict === "failed" || r.verdict === "inconclusive") why.push(`    ${r.id} ${r.verdict}: ${String(r.reason ?? "").slice(0, 160)}`);
      }
      const ok = c.complete === true && failed === 0 && inconclusive === 0;
      console.log(`${ok ? "ok " : "BAD"}  exit ${rc}, complete ${c.complete}, failed ${failed}, inconclusive ${inconclusive}` + (why.length ? "\n" + why.join("\n") : ""));
      process.exit(ok ? 0 : 1);
    ' "$dir" "$(cat "$OUT/r$r-$k.rc")")
    st=$?
    echo "round $r run $k: $line"
    [ $st -eq 0 ] || bad=$((bad + 1))
  done
done
echo "stress: $((N * ROUNDS)) runs, $bad bad (outputs in $OUT)"
[ $bad -eq 0 ]
