#!/usr/bin/env bash
# Build benchmark: clinicsite against Hugo on the shared synthetic corpus.
#
#   bash benches/bench.sh
#
# What it does, from a fresh clone:
#   1. builds clinicsite in release mode;
#   2. installs Hugo from Debian (`apt-get install -y hugo`) and GNU time if
#      either is missing (as root, or with sudo);
#   3. generates the corpora with the shared generator, once, into a cache
#      folder: 1,000 and 10,000 pages, `--flavor clinicsite` for us and
#      `--flavor hugo` for Hugo (the same pages and markdown bodies);
#   4. times, alternating the two tools in one session (A B A B ...), RUNS runs
#      of each: (a) a cold build into a new empty folder, (b) a rebuild with
#      nothing changed into the existing output, (c) a rebuild after editing
#      one page (a different sentence appended each run);
#   5. after each pair of cold builds, times the file system's share alone
#      (examples/fs_floor.rs): reading the corpus' markdown files, then writing
#      clinicsite's output files into a new folder, on every core, with nothing
#      in between; no build of that site can be faster on this machine;
#   6. prints a table: medians, the clinicsite/Hugo ratio, peak RSS (GNU time
#      %M) and, for (b) and (c), the files written (files whose mtime changed;
#      for clinicsite also its own "N files written"); then the file system
#      floor, the 1k -> 10k scaling and the issue's targets, each marked held
#      or not.
#
# It is not part of the test command. Timings vary on shared machines: compare
# the tools within one run, and read medians and ratios.
#
# Environment:
#   RUNS=5                  timed runs of each tool per scenario (at least 5)
#   SIZES="1000 10000"      corpus sizes (pages)
#   CORPUS_GENERATOR=../shared/bench/gen_corpus.py   the shared generator
#   BENCH_DIR=target/bench  where the corpora go (generated once, kept)
#   BENCH_OUT               where the builds' output folders go (default: a new
#                           folder in ${TMPDIR:-/tmp}, deleted at the end)
#   HUGO=hugo               the Hugo binary
#   BENCH_SYNC=1            `sync` between timed runs, so one run's writeback
#                           does not land in the next one's time (0 to skip)
#   SKIP_HUGO=1             time clinicsite alone (no ratios)
#
# Cold builds go into new folders that are deleted only after the last run:
# on ext4 without a journal, each new inode first skips the inodes freed in
# the last 60 s, or 6 min when their inode table block is dirty (and creating
# new inodes beside them makes it dirty again), so deleting thousands of files
# before a build slows whichever tool comes next (measured: 1 s -> 1.75 s at
# 10,000 pages). When run again within 6 min of its cleanup, the script waits.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
GEN=${CORPUS_GENERATOR:-../shared/bench/gen_corpus.py}
BENCH_DIR=${BENCH_DIR:-target/bench}
HUGO=${HUGO:-hugo}
BENCH_SYNC=${BENCH_SYNC:-1}
SKIP_HUGO=${SKIP_HUGO:-0}

die() {
  printf 'bench.sh: error: %s\n' "$*" >&2
  exit 1
}
note() {
  printf '%s\n' "$*" >&2
}
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}
apt_install() {
  note "installing $* from Debian"
  as_root apt-get install -y "$@" >/dev/null 2>&1 ||
    { as_root apt-get update >/dev/null && as_root apt-get install -y "$@" >/dev/null; } ||
    die "apt-get install $* failed"
}

[ "$RUNS" -ge 1 ] || die "RUNS must be a positive number"
[ -f "$GEN" ] || die "corpus generator not found at $GEN (set CORPUS_GENERATOR)"
command -v python3 >/dev/null || die "python3 is needed for the corpus generator"
[ -x /usr/bin/time ] || apt_install time
if [ "$SKIP_HUGO" != 1 ] && ! command -v "$HUGO" >/dev/null; then
  apt_install hugo
fi

note "building clinicsite (release)"
cargo build --release --quiet --bin clinicsite --example fs_floor
CLINICSITE=$ROOT/target/release/clinicsite
FS_FLOOR=$ROOT/target/release/examples/fs_floor

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
if [ -n "${BENCH_OUT:-}" ]; then
  mkdir -p "$BENCH_OUT"
  RUNS_DIR=$(mktemp -d "$BENCH_OUT/clinicsite-bench.XXXXXX")
else
  RUNS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/clinicsite-bench.XXXXXX")
fi
# The edited page is put back even if a run fails.
BACKUP=$BENCH_DIR/edit-backup
restore_pages() {
  local b
  for b in "$BACKUP"/*.md; do
    [ -f "$b" ] && [ -f "$b.path" ] && cp "$b" "$(cat "$b.path")" && rm -f "$b" "$b.path"
  done
  return 0
}
restore_pages
mkdir -p "$BACKUP"
trap 'restore_pages; rm -rf "$RUNS_DIR"' EXIT
CLEANED=$BENCH_DIR/.last-cleanup
if [ -f "$CLEANED" ]; then
  wait_s=$((370 - ($(date +%s) - $(cat "$CLEANED"))))
  if [ "$wait_s" -gt 0 ]; then
    note "waiting ${wait_s} s: the last run's deleted files would slow inode allocation"
    sleep "$wait_s"
  fi
fi
RESULTS=$RUNS_DIR/results.tsv
: >"$RESULTS"

TOOLS="clinicsite"
[ "$SKIP_HUGO" = 1 ] || TOOLS="clinicsite hugo"

corpus() { # size flavor -> path, generated once
  local dir=$BENCH_DIR/$2-$1
  if [ ! -f "$dir/.complete" ]; then
    note "generating the $1-page $2 corpus"
    python3 "$GEN" --pages "$1" --out "$dir" --flavor "$2" --force >/dev/null
    touch "$dir/.complete"
  fi
  printf '%s' "$dir"
}

build_cmd() { # tool corpus out
  case $1 in
    clinicsite) printf '%s\0' "$CLINICSITE" build --site "$2" --out "$3" ;;
    hugo) printf '%s\0' "$HUGO" --quiet --source "$2" --destination "$3" ;;
  esac
}

# One timed build: records tool, size, scenario, wall microseconds, peak RSS
# (KiB), files written (mtime changed), clinicsite's own count of files
# written, and CPU seconds (user + system).
timed() { # tool size scenario corpus out
  local tool=$1 size=$2 scenario=$3 src=$4 out=$5
  local -a cmd
  mapfile -d '' cmd < <(build_cmd "$tool" "$src" "$out")
  [ "$BENCH_SYNC" = 1 ] && sync
  local marker=$RUNS_DIR/.marker
  touch "$marker"
  sleep 0.02 # coarse file timestamps: files written now must look newer than the marker
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$RUNS_DIR/.rss" "${cmd[@]}" >"$RUNS_DIR/.out" 2>"$RUNS_DIR/.err" ||
    { cat "$RUNS_DIR/.err" >&2; die "$tool build failed"; }
  end=$(date +%s%N)
  local written own
  written=$(find "$out" -type f -newer "$marker" | wc -l)
  own=$(grep -o '[0-9]* files written' "$RUNS_DIR/.err" | grep -o '^[0-9]*' || true)
  local rss user sys
  read -r rss user sys < <(tail -n 1 "$RUNS_DIR/.rss")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$size" "$scenario" \
    "$(((end - start) / 1000))" "$rss" "$written" "${own:--}" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >>"$RESULTS"
}

# The file system's share alone: records floor-read and floor-write rows.
floor() { # size content built-site new-folder
  [ "$BENCH_SYNC" = 1 ] && sync
  local timings step secs
  timings=$("$FS_FLOOR" "$2" "$3" "$4") || die "fs_floor failed"
  while read -r step secs; do
    printf 'floor-%s\t%s\tcold\t%s\t0\t0\t-\t0\n' "$step" "$1" \
      "$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1e6 }')" >>"$RESULTS"
  done <<<"$timings"
}

for size in $SIZES; do
  declare -A SRC=()
  for tool in $TOOLS; do
    SRC[$tool]=$(corpus "$size" "$tool")
  done
  # The edited page: the first condition page, present in both flavors.
  page=$(cd "${SRC[clinicsite]}/content" && find conditions -name '*.md' ! -name '_index.md' | sort | awk 'NR == 1')
  [ -n "$page" ] || die "no page to edit in ${SRC[clinicsite]}"
  for tool in $TOOLS; do
    cp "${SRC[$tool]}/content/$page" "$BACKUP/$tool-$size.md"
    printf '%s' "${SRC[$tool]}/content/$page" >"$BACKUP/$tool-$size.md.path"
    # Warm-up (untimed): reads the corpus into the page cache, and is the
    # existing output for the rebuilds.
    note "$size pages: warm-up build with $tool"
    mapfile -d '' cmd < <(build_cmd "$tool" "${SRC[$tool]}" "$RUNS_DIR/$tool-$size")
    "${cmd[@]}" >/dev/null 2>&1 || die "$tool warm-up build failed"
  done
  note "$size pages: $RUNS cold builds of each tool, alternating"
  for i in $(seq "$RUNS"); do
    for tool in $TOOLS; do
      out=$RUNS_DIR/cold-$tool-$size-$i
      mkdir -p "$out"
      timed "$tool" "$size" cold "${SRC[$tool]}" "$out"
    done
    floor "$size" "${SRC[clinicsite]}/content" "$RUNS_DIR/clinicsite-$size" "$RUNS_DIR/floor-$size-$i"
  done
  note "$size pages: $RUNS rebuilds with nothing changed"
  for i in $(seq "$RUNS"); do
    for tool in $TOOLS; do
      timed "$tool" "$size" unchanged "${SRC[$tool]}" "$RUNS_DIR/$tool-$size"
    done
  done
  note "$size pages: $RUNS rebuilds after editing $page"
  for i in $(seq "$RUNS"); do
    for tool in $TOOLS; do
      { cat "$BACKUP/$tool-$size.md"; printf '\nBenchmark edit %s: one more sentence.\n' "$i"; } \
        >"${SRC[$tool]}/content/$page"
      timed "$tool" "$size" edit "${SRC[$tool]}" "$RUNS_DIR/$tool-$size"
    done
  done
  restore_pages
  unset SRC
done

cp "$RESULTS" "$BENCH_DIR/results.tsv"
python3 - "$BENCH_DIR/results.tsv" "$RUNS" <<'PY'
import statistics, sys
from collections import defaultdict

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
runs = int(sys.argv[2])
data = defaultdict(list)
for tool, size, scenario, us, rss, written, own, cpu in rows:
    data[(tool, int(size), scenario)].append((int(us) / 1e6, int(rss), int(written), own, float(cpu)))

def med(key, i):
    return statistics.median(v[i] for v in data[key]) if key in data else None

def secs(x):
    return "-" if x is None else f"{x:.3f} s"

def mib(kib):
    return "-" if kib is None else f"{kib / 1024:.0f} MiB"

sizes = sorted({k[1] for k in data})
names = {"cold": "cold build, empty folder", "unchanged": "rebuild, nothing changed", "edit": "rebuild, one page edited"}
print()
print(f"Medians of {runs} runs each, clinicsite and Hugo alternating (A B A B ...).")
load = open("/proc/loadavg").read().split()[:3] if __import__("os").path.exists("/proc/loadavg") else ["?"]
print(f"Wall time of the command; CPU s = user + system. Load average at the end: {' '.join(load)}")
print()
print("| pages | scenario | clinicsite | Hugo | clinicsite/Hugo | clinicsite peak RSS | Hugo peak RSS | files written (clinicsite / Hugo) | CPU s (clinicsite / Hugo) |")
print("|---:|---|---:|---:|---:|---:|---:|---|---|")
for size in sizes:
    for sc in ("cold", "unchanged", "edit"):
        c, h = (("clinicsite", size, sc), ("hugo", size, sc))
        ct, ht = med(c, 0), med(h, 0)
        ratio = f"{ct / ht:.3f} (1/{ht / ct:.1f})" if ct and ht else "-"
        written = "-"
        if sc != "cold":
            cw = med(c, 2)
            own = sorted({v[3] for v in data[c]})
            hw = med(h, 2)
            written = f"{cw:.0f} (own count: {'/'.join(own)}) / {'-' if hw is None else f'{hw:.0f}'}"
        cpu = f"{med(c, 4):.2f} / {'-' if med(h, 4) is None else f'{med(h, 4):.2f}'}"
        print(f"| {size:,} | {names[sc]} | {secs(ct)} | {secs(ht)} | {ratio} | {mib(med(c, 1))} | {mib(med(h, 1))} | {written} | {cpu} |")

print()
print("File system floor, cold (examples/fs_floor.rs, on every core, nothing else: read the")
print("corpus' markdown files, then write clinicsite's output files into a new folder):")
for size in sizes:
    r, w = med(("floor-read", size, "cold"), 0), med(("floor-write", size, "cold"), 0)
    ct = med(("clinicsite", size, "cold"), 0)
    if r is not None and w is not None and ct:
        print(f"  {size:,} pages: read {secs(r)} + write {secs(w)} = {secs(r + w)}; "
              f"clinicsite's cold build {secs(ct)}, {ct - r - w:.3f} s above the floor")
print()
if len(sizes) >= 2:
    lo, hi = sizes[0], sizes[-1]
    print(f"Scaling, cold build, {lo:,} -> {hi:,} pages ({hi // lo}x the pages):")
    for tool in ("clinicsite", "hugo"):
        a, b = med((tool, lo, "cold"), 0), med((tool, hi, "cold"), 0)
        if a and b:
            print(f"  {tool}: {b / a:.1f}x the time")
    print()

def check(label, ok):
    print(f"  [{'held' if ok else 'NOT held'}] {label}")

print("Targets (issue 6):")
c = lambda size, sc, i=0: med(("clinicsite", size, sc), i)
h = lambda size, sc: med(("hugo", size, sc), 0)
if 10000 in sizes:
    check(f"10,000 pages cold <= 0.7 s: {secs(c(10000, 'cold'))}", c(10000, "cold") <= 0.7)
    if h(10000, "cold"):
        check(f"10,000 pages cold <= 1/8 of Hugo's: 1/{h(10000, 'cold') / c(10000, 'cold'):.1f}",
              c(10000, "cold") * 8 <= h(10000, "cold"))
    check(f"10,000 pages peak RSS <= 256 MiB: {mib(max(v[1] for k, vs in data.items() if k[0] == 'clinicsite' and k[1] == 10000 for v in vs))} (highest of all runs)",
          max(v[1] for k, vs in data.items() if k[0] == "clinicsite" and k[1] == 10000 for v in vs) <= 256 * 1024)
    check(f"10,000 pages rebuild, nothing changed, <= 0.35 s with 0 files written: {secs(c(10000, 'unchanged'))}, {c(10000, 'unchanged', 2):.0f} files",
          c(10000, "unchanged") <= 0.35 and c(10000, "unchanged", 2) == 0)
    check(f"10,000 pages rebuild after a one-page edit <= 0.4 s: {secs(c(10000, 'edit'))}, {c(10000, 'edit', 2):.0f} file(s) written",
          c(10000, "edit") <= 0.4)
if 1000 in sizes:
    check(f"1,000 pages cold < 0.1 s: {secs(c(1000, 'cold'))}", c(1000, "cold") < 0.1)
if 1000 in sizes and 10000 in sizes:
    r = c(10000, "cold") / c(1000, "cold")
    check(f"10x the pages costs at most 11x the time: {r:.1f}x", r <= 11)
PY

note "removing the benchmark's output folders ($RUNS_DIR)"
rm -rf "$RUNS_DIR"
sync
date +%s >"$CLEANED"
note "raw timings: $BENCH_DIR/results.tsv"
