#!/usr/bin/env bash
# A longer fuzz run of the property tests (front-matter splitting, YAML,
# markdown pipeline, site.yaml, raw bytes) on the stable toolchain: it runs
# `tests/property.rs` in rounds of PROPTEST_CASES cases with fresh random
# seeds until the time is up, and stops at the first failure (proptest
# prints the shrunk input).
#
#   bash scripts/fuzz.sh            # 10 minutes
#   bash scripts/fuzz.sh 30         # 30 minutes
#
# Not part of the test command (scripts/test.sh runs the bounded version).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=${1:-10}
cases=${PROPTEST_CASES:-2000}
cargo test --release --test property --no-run >/dev/null 2>&1 || cargo test --release --test property --no-run
end=$((SECONDS + minutes * 60))
rounds=0
while [ "$SECONDS" -lt "$end" ]; do
  PROPTEST_CASES=$cases cargo test -q --release --test property >/dev/null 2>&1 || {
    echo "fuzz: a property failed in round $((rounds + 1)); rerunning to show it" >&2
    PROPTEST_CASES=$cases cargo test --release --test property
    exit 1
  }
  rounds=$((rounds + 1))
done

echo "fuzz: $rounds rounds x $cases cases x 5 properties = $((rounds * cases * 5)) inputs, no failure in $minutes minutes"
