#!/usr/bin/env bash
# Prove paycert on the Node.js lines users run besides the machine's own: the unit and end-to-end
# tests (the e2e tests include a full `paycert run --profile all` against the embedded references,
# with the scan of every report for secrets) under each version, fetched as the npm registry's `node`
# package, so no machine-level install is needed. A failure names the version.
set -uo pipefail
cd "$(dirname "$0")/.."
versions=("${@:-22 24}")
[ $# -gt 0 ] || versions=(22 24)
failed=()
for v in "${versions[@]}"; do
  echo "== Node $v"
  if ! npx -y "node@$v" --version; then
    failed+=("$v (could not fetch node@$v from the npm registry)")
    continue
  fi
  json="$(mktemp)"
  # (the e2e files are in the integration project beside the meta files: the filters pick them)
  if ! npx -y "node@$v" node_modules/vitest/vitest.mjs run --project unit --project unit-isolated \
    --project integration test/unit/ test/e2e/ --reporter=default --reporter=json --outputFile.json="$json"; then
    failed+=("$v")
    # CI logs keep only the tail: name the failed tests (and their first message line) last
    node scripts/failed-tests.mjs "$json" "Node $v" >&2 || true
  fi
  rm -f "$json"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "node-versions: failed under Node ${failed[*]}" >&2
  exit 1
fi
echo "node-versions: passed under Node ${versions[*]}"
