#!/usr/bin/env bash
# For every defect of every reference (gateway sandboxes and merchants): serve it with the defect,
# run paycert against it as a --target, and check that the run exits 1 with the defect's rules
# failed in certificate.json. Then every defect of the reference SDK adapter, given as --sdk: a third
# party's SDK is a real subject, so its INFERRED rules come out as warnings (exit 0) and its MUST
# rules as failures. Slow (a full run per defect); the meta-tests check the same in-process.
#   RUNS=5 bash scripts/defect-matrix.sh [profile]   → one line per defect, "ok" or what went wrong
set -u
cd "$(dirname "$0")/.."
only="${1:-}"
out=$(mktemp -d)
fail=0
for role in sandbox merchant; do
  node bin/paycert.mjs "$role" --list-defects | while read -r profile id rules _rest; do
    [ -n "$only" ] && [ "$profile" != "$only" ] && continue
    log="$out/$profile-$id.log"
    node bin/paycert.mjs "$role" --profile "$profile" --defect "$id" > "$log.serve" 2>&1 &
    pid=$!
    for _ in $(seq 50); do grep -q "^$profile " "$log.serve" 2>/dev/null && break; sleep 0.2; done
    line=$(grep "^$profile " "$log.serve")
    if [ "$role" = sandbox ]; then
      target=$(echo "$line" | awk '{print $2}'); extra=(--subject gateway)
    else
      target=$(echo "$line" | sed -E 's/.*result_url=([^ ]+).*/\1/'); decl=$(echo "$line" | sed -E 's/.*declaration=([^ ]+).*/\1/')
      extra=(--subject merchant --declaration "$decl")
    fi
    node bin/paycert.mjs run --profile "$profile" --target "$target" "${extra[@]}" --runs "${RUNS:-5}" --out "$out/$profile-$id" > "$log" 2>&1
    code=$?
    kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null
    missing=$(node -e '
      const c = require(process.argv[1]); const want = process.argv[2].split(",");
      const got = new Set(c.profiles[0].rules.filter((r) => r.verdict === "failed").map((r) => r.id));
      console.log(want.filter((r) => !got.has(r)).join(","));' "$out/$profile-$id/certificate.json" "$rules" 2>/dev/null || echo "no certificate")
    if [ "$code" = 1 ] && [ -z "$missing" ]; then echo "ok   $role $profile $id ($rules)"; else echo "FAIL $role $profile $id: exit $code, not failed: $missing (log $log)"; fi
  done
done
node bin/paycert.mjs sdk-adapter --list-defects | while read -r profile id rules _rest; do
  [ -n "$only" ] && [ "$profile" != "$only" ] && continue
  log="$out/sdk-$profile-$id.log"
  node bin/paycert.mjs run --profile "$profile" --subject sdk --sdk "node bin/paycert.mjs sdk-adapter --profile $profile --defect $id" \
    --runs "${RUNS:-5}" --out "$out/sdk-$profile-$id" > "$log" 2>&1
  code=$?
  missing=$(node -e '
    const c = require(process.argv[1]); const want = process.argv[2].split(",");
    const got = new Set(c.profiles[0].rules.filter((r) => r.verdict === "failed" || r.verdict === "warning").map((r) => r.id));
    console.log(want.filter((r) => !got.has(r)).join(","));' "$out/sdk-$profile-$id/certificate.json" "$rules" 2>/dev/null || echo "no certificate")
  if [ "$code" -le 1 ] && [ -z "$missing" ]; then echo "ok   sdk $profile $id ($rules)"; else echo "FAIL sdk $profile $id: exit $code, not failed: $missing (log $log)"; fi
done
