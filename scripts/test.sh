#!/usr/bin/env bash
# The one test command: Rust checks and tests, then a release build of the
# bundled site, then the browser tests (axe-core accessibility, Nu HTML
# Checker, and tests/browser/*.test.mjs) against that build in Chromium.
#
#   bash scripts/test.sh
#
# Installs what it needs: Chromium and Java from Debian's packages (as root,
# or with sudo), and the pinned npm packages (npm ci --ignore-scripts).
# Environment:
#   CI=true                the browser tests must run; any missing tool fails
#   SKIP_BROWSER_TESTS=1   (not in CI) skip the browser tests if Chromium can't be had
#   SCREENSHOTS=1          also save screenshots into docs/screenshots/
#   KEEP_SITE=1            keep the built site folder and print where it is
#   CHROMIUM, JAVA         other binaries to use
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CI=${CI:-false}
START=$SECONDS

section() {
  printf '\n==== %s ====\n' "$*"
}
die() {
  printf 'test.sh: error: %s\n' "$*" >&2
  exit 1
}

# Run a command as root: directly, or with sudo if available and allowed.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    return 1
  fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# ---------------------------------------------------------------------------
section "tools"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
BROWSER=1
if [ ! -x "$CHROMIUM" ]; then
  echo "Chromium not found at $CHROMIUM; installing Debian's chromium package"
  if ! apt_install chromium || [ ! -x "$CHROMIUM" ]; then
    if [ "$CI" = "true" ]; then
      die "could not install Chromium (apt-get install chromium); in CI the browser tests must run"
    elif [ "${SKIP_BROWSER_TESTS:-0}" = "1" ]; then
      echo "WARNING: no Chromium; SKIP_BROWSER_TESTS=1, so the browser tests will NOT run" >&2
      BROWSER=0
    else
      die "could not install Chromium: run 'apt-get install chromium' as root, set CHROMIUM=/path/to/chromium, or set SKIP_BROWSER_TESTS=1 to skip the browser tests"
    fi
  fi
fi
if [ "$BROWSER" -eq 1 ]; then
  JAVA=${JAVA:-java}
  if ! command -v "$JAVA" >/dev/null 2>&1; then
    echo "java not found; installing Debian's default-jre-headless package"
    apt_install default-jre-headless || die "could not install Java (apt-get install default-jre-headless), needed by the Nu HTML Checker"
  fi
  command -v node >/dev/null 2>&1 || die "node not found: Node.js 20 or newer is needed for the browser tests"
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: 20 or newer is needed"
  "$CHROMIUM" --version 2>/dev/null | grep -v '^$' || true
  "$JAVA" -version 2>&1 | head -n 1
  echo "node $(node --version), npm $(npm --version 2>/dev/null)"
fi
cargo --version

# ---------------------------------------------------------------------------
if [ "$BROWSER" -eq 1 ]; then
  section "npm ci"
  # --ignore-scripts: vnu-jar's postinstall would try to download a Java
  # runtime; the system Java is used instead. --include=dev: even if NODE_ENV=production.
  npm ci --include=dev --ignore-scripts --no-audit --no-fund
fi

# ---------------------------------------------------------------------------
section "cargo fmt --check"
cargo fmt --check

section "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

section "cargo test"
cargo test

# ---------------------------------------------------------------------------
section "cargo build --release"
cargo build --release
TARGET_DIR=${CARGO_TARGET_DIR:-target}

if [ "$BROWSER" -eq 0 ]; then
  echo "WARNING: browser tests skipped (no Chromium, SKIP_BROWSER_TESTS=1)" >&2
  exit 0
fi

section "build the bundled site"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clinicsite-test.XXXXXX")
if [ "${KEEP_SITE:-0}" = "1" ]; then
  trap 'echo "built site kept in $tmp/site"' EXIT
else
  trap 'rm -rf "$tmp"' EXIT
fi
"$TARGET_DIR/release/clinicsite" build --site . --out "$tmp/site"
echo "built $(find "$tmp/site" -name '*.html' | wc -l) HTML pages into $tmp/site"

# ---------------------------------------------------------------------------
section "browser tests"
echo "(all steps before this passed; $((SECONDS - START)) s so far)"
node tests/browser/run-all.mjs "$tmp/site"
