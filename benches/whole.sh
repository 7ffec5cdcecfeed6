#!/usr/bin/env bash
# Whole-process benchmark: `stepguide check` and `stepguide build` on generated knowledge bases
# of 1,000 and 10,000 guides, Hugo on the same content, and the floor (reading the inputs,
# copying our output to tmpfs). Each command runs RUNS times, interleaved with the others so
# that load from other processes falls on all of them; the table gives medians of wall time,
# CPU time (user + system) and peak RSS, pages and guides per second, output bytes, the ratios
# the targets are set on, and the bytes a search loads (benches/search_query.mjs).
#
#   bash benches/whole.sh                  # from the repository root
#   RUNS=3 SIZES="1000" bash benches/whole.sh
#   STEPGUIDE_BIN=/path/to/old/stepguide SERVE=0 bash benches/whole.sh
#   BASELINE_BIN=/path/to/old/stepguide bash benches/whole.sh   # before and after, in turns
#
# Needs: cargo, python3, GNU time (/usr/bin/time). Hugo (Debian's `hugo`) and the peers'
# generator (../shared/bench/gen_content.py, or GEN_CONTENT=path) are optional: without
# them the Hugo rows are skipped. The search rows need node, Chromium and the browser tests'
# packages (npm ci --prefix tests/browser), and are skipped without them. Data goes to BENCH_DIR (default target/bench, on disk) and
# to a folder under /dev/shm (tmpfs), which is removed at the end.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
SIZES="${SIZES:-1000 10000}"
BENCH_DIR="${BENCH_DIR:-target/bench}"
GEN_CONTENT="${GEN_CONTENT:-../shared/bench/gen_content.py}"
SHM="${SHM:-/dev/shm}/stepguide-bench-$$"
TIME=/usr/bin/time
# A fixed date, so review-date warnings do not depend on the day.
export STEPGUIDE_TODAY=2026-12-02

[ -x "$TIME" ] || { echo "error: GNU time is needed at $TIME (Debian: apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is needed" >&2; exit 2; }
HUGO=""
if command -v hugo >/dev/null && [ -f "$GEN_CONTENT" ]; then
  HUGO="$(command -v hugo)"
else
  echo "note: hugo or $GEN_CONTENT is missing; the Hugo rows are skipped" >&2
fi

echo "building stepguide and the generator (release)…" >&2
cargo build --release --quiet --bin stepguide --example gen_kb
# STEPGUIDE_BIN times another build of stepguide (an older one, say) on the same content.
BIN="${STEPGUIDE_BIN:-$PWD/target/release/stepguide}"
GEN="$PWD/target/release/examples/gen_kb"
mkdir -p "$BENCH_DIR" "$SHM"
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"
trap 'rm -rf "$SHM"' EXIT
RESULTS="$BENCH_DIR/results.tsv"
: > "$RESULTS"

for n in $SIZES; do
  kb="$BENCH_DIR/kb-$n"
  if [ ! -f "$kb/.complete" ]; then
    echo "generating $n guides into $kb…" >&2
    rm -rf "$kb" && "$GEN" "$n" "$kb" && touch "$kb/.complete"
  fi
  # The pages, checklists, listings and search index, as Hugo makes pages: the PDFs are timed
  # on their own (benches/pdf.sh), so these builds run with `pdf: false`.
  if [ ! -f "$kb-no-pdf/.complete" ]; then
    # Copied under another name first, so an interrupted copy is never taken for whole.
    rm -rf "$kb-no-pdf" "$kb-no-pdf.part" && cp -r "$kb" "$kb-no-pdf.part"
    echo "pdf: false" >> "$kb-no-pdf.part/content/site.yaml"
    mv "$kb-no-pdf.part" "$kb-no-pdf"
  fi
  if [ -n "$HUGO" ] && [ ! -f "$BENCH_DIR/hugo-$n/.complete" ]; then
    echo "generating $n Hugo pages into $BENCH_DIR/hugo-$n…" >&2
    rm -rf "$BENCH_DIR/hugo-$n"
    python3 "$GEN_CONTENT" "$n" "$BENCH_DIR/hugo-$n" hugo >/dev/null
    touch "$BENCH_DIR/hugo-$n/.complete"
  fi
done

# measure NAME N COMMAND...: runs the command once and appends wall, user, sys, max RSS.
measure() {
  local name="$1" n="$2"
  shift 2
  local out
  out="$("$TIME" -f "%e %U %S %M" "$@" 2>&1 >/dev/null | tail -n 1)"
  printf '%s\t%s\t%s\n' "$name" "$n" "$(echo "$out" | tr ' ' '\t')" >> "$RESULTS"
}

for run in $(seq 1 "$RUNS"); do
  for n in $SIZES; do
    echo "run $run/$RUNS, $n guides…" >&2
    kb="$BENCH_DIR/kb-$n-no-pdf"
    disk_out="$BENCH_DIR/site-$n"
    shm_out="$SHM/site-$n"
    # `sync`: the first command of a round otherwise shares the CPU with the writeback of the
    # last round's outputs.
    sync
    # BASELINE_BIN's rows are named "... [baseline]"; it runs right after, under the same load.
    for bin in "$BIN" ${BASELINE_BIN:+"$BASELINE_BIN"}; do
      tag=""
      [ "$bin" = "$BIN" ] || tag=" [baseline]"
      measure "check$tag" "$n" "$bin" check --root "$kb"
      # `sync` after removing: the last run's writes and deletions are not left for this one.
      rm -rf "$disk_out" && sync
      measure "build (disk)$tag" "$n" "$bin" build --root "$kb" --out "$disk_out"
      rm -rf "$shm_out"
      measure "build (tmpfs)$tag" "$n" "$bin" build --root "$kb" --out "$shm_out"
    done
    if [ -n "$HUGO" ]; then
      rm -rf "$BENCH_DIR/hugo-out-$n" "$SHM/hugo-out-$n" && sync
      measure "hugo (disk)" "$n" "$HUGO" --quiet -s "$BENCH_DIR/hugo-$n" -d "$BENCH_DIR/hugo-out-$n"
      measure "hugo (tmpfs)" "$n" "$HUGO" --quiet -s "$BENCH_DIR/hugo-$n" -d "$SHM/hugo-out-$n"
    fi
    measure "cat inputs" "$n" sh -c "find '$kb/content' -type f -exec cat {} + > /dev/null"
    rm -rf "$SHM/copy-$n" && sync
    measure "cp -r output (tmpfs)" "$n" cp -r "$disk_out" "$SHM/copy-$n"
  done
done

# Pages: HTML files in the outputs.
PAGES="$BENCH_DIR/pages.tsv"
: > "$PAGES"
for n in $SIZES; do
  printf 'stepguide\t%s\t%s\n' "$n" "$(find "$BENCH_DIR/site-$n" -name '*.html' | wc -l)" >> "$PAGES"
  if [ -n "$HUGO" ]; then
    printf 'hugo\t%s\t%s\n' "$n" "$(find "$BENCH_DIR/hugo-out-$n" -name '*.html' | wc -l)" >> "$PAGES"
  fi
done

# What readers download: bytes per guide, the home page, the largest page, per size.
SIZES_TSV="$BENCH_DIR/sizes.tsv"
python3 - "$BENCH_DIR" $SIZES > "$SIZES_TSV" <<'EOF'
import os, sys
bench, sizes = sys.argv[1], sys.argv[2:]
for n in sizes:
    site = os.path.join(bench, f"site-{n}")
    total, largest, largest_path = 0, 0, ""
    for folder, _, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            size = os.path.getsize(path)
            total += size
            if name.endswith(".html") and size > largest:
                largest, largest_path = size, os.path.relpath(path, site)
    home = os.path.getsize(os.path.join(site, "index.html"))
    hugo = os.path.join(bench, f"hugo-out-{n}")
    walk = os.walk(hugo) if os.path.isdir(hugo) else []
    hugo_total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in walk for f in fs)
    print(f"{n}\t{total}\t{home}\t{largest}\t{largest_path}\t{hugo_total}")
EOF

python3 - "$RESULTS" "$PAGES" "$SIZES_TSV" <<'EOF'
import collections, statistics, sys

runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, n, wall, user, sys_, rss = line.rstrip("\n").split("\t")
    runs[(name, int(n))].append((float(wall), float(user) + float(sys_), int(rss) / 1024))
pages = {(tool, int(n)): int(count) for tool, n, count in (l.split() for l in open(sys.argv[2]))}
median = lambda values: statistics.median(values)
out_sizes = {int(n): (int(total), int(home), int(largest), path, int(hugo)) for n, total, home, largest, path, hugo in (l.rstrip("\n").split("\t") for l in open(sys.argv[3]))}
stat = {key: tuple(median([r[i] for r in rs]) for i in range(3)) for key, rs in runs.items()}
sizes = sorted({n for _, n in stat})

print(f"\n{'command':<26} {'guides':>7} {'wall s':>8} {'CPU s':>8} {'RSS MiB':>8} {'pages/s':>9} {'guides/s':>9}  (median of {len(next(iter(runs.values())))} runs)")
for (name, n), (wall, cpu, rss) in sorted(stat.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    tool = "hugo" if name.startswith("hugo") else "stepguide"
    built = name.startswith(("build", "hugo"))
    rate = f"{pages[(tool, n)] / wall:9.0f}" if built and (tool, n) in pages else ""
    per_guide = f"{n / wall:9.0f}" if built else ""
    print(f"{name:<26} {n:>7} {wall:8.2f} {cpu:8.2f} {rss:8.0f} {rate:>9} {per_guide:>9}")

print("\noutput (the site built to disk in the last round)")
for n, (total, home, largest, path, hugo) in sorted(out_sizes.items()):
    print(f"  {n:>6} guides: {total / n / 1024:6.1f} KB a guide (Hugo {hugo / n / 1024:.1f}; Zola about 12 when last measured: 119 MB for 10,000), home page {home / 1024:6.1f} KB (target <= 100 at 10,000), largest page {largest / 1024:6.1f} KB ({path})")

print("\ntargets; ratios are the median of each round's own ratio, since the")
print("commands of a round ran one after the other under the same load")
def ratio(top, bottom):
    return median([t / b for t, b in zip(top, bottom)]) if top and bottom else None
walls = lambda name, n: [r[0] for r in runs.get((name, n), [])]
for n in sizes:
    hugo, cat, cp = walls("hugo (disk)", n), walls("cat inputs", n), walls("cp -r output (tmpfs)", n)
    hugo_tmpfs = walls("hugo (tmpfs)", n)
    build, tmpfs = walls("build (disk)", n), walls("build (tmpfs)", n)
    check = stat.get(("check", n))
    if tmpfs and hugo_tmpfs:
        # Zola is not packaged by Debian: its guides/s is stated against Hugo's, as measured
        # side by side with Zola 0.22.1 built from source (10,000 guides, on disk: Zola 1,728
        # guides/s, Hugo 1,032).
        zola_per_hugo = 1728 / 1032
        versus_hugo = ratio(hugo_tmpfs, tmpfs)
        print(f"  {n:>6} guides: guides/s vs Hugo (tmpfs)  {versus_hugo:5.2f}x, about {versus_hugo / zola_per_hugo:5.2f}x Zola's (Zola = {zola_per_hugo:.2f}x Hugo; target >= 2)")
    if build and hugo:
        # pages/s ours ÷ pages/s Hugo = (our pages ÷ Hugo's pages) × (Hugo's time ÷ ours)
        scale = pages[("stepguide", n)] / pages[("hugo", n)]
        on_disk = scale * ratio(hugo, build)
        on_tmpfs = scale * ratio(hugo_tmpfs, tmpfs) if hugo_tmpfs and tmpfs else float("nan")
        print(f"  {n:>6} guides: pages/s vs Hugo          {on_disk:5.2f}x on disk, {on_tmpfs:5.2f}x on tmpfs (target >= 2.7)")
    if tmpfs and cat and cp:
        floors = [c + p for c, p in zip(cat, cp)]
        print(f"  {n:>6} guides: tmpfs build / floor      {ratio(tmpfs, floors):5.2f}x  (floor = cat + cp -r, median {median(floors):.2f} s; target <= 3)")
    if ("build (disk)", n) in stat:
        peak = max(stat[(name, n)][2] for name in ("build (disk)", "build (tmpfs)") if (name, n) in stat)
        print(f"  {n:>6} guides: peak RSS of build        {peak:5.0f} MiB (target < 250)")
    if check:
        print(f"  {n:>6} guides: check                    {check[0]:5.2f} s  (target < 1 s at 10,000)")
baselined = sorted({name[: -len(" [baseline]")] for name, _ in stat if name.endswith(" [baseline]")})
if baselined:
    print("\nthis build against BASELINE_BIN: the median of each round's ratio (below 1: faster)")
    for n in sizes:
        for name in baselined:
            new, old = runs.get((name, n), []), runs.get((f"{name} [baseline]", n), [])
            if new and old:
                wall = ratio([r[0] for r in new], [r[0] for r in old])
                cpu = ratio([r[1] for r in new], [r[1] for r in old])
                rss = ratio([r[2] for r in new], [r[2] for r in old])
                print(f"  {n:>6} guides: {name:<14} wall {wall:5.2f}x, CPU {cpu:5.2f}x, peak RSS {rss:5.2f}x")
if len(sizes) == 2:
    small, large = sizes
    for name in sorted({name for name, _ in stat if name.startswith(("check", "build"))}):
        if (name, small) in stat and (name, large) in stat:
            wall = stat[(name, large)][0] / stat[(name, small)][0]
            cpu = stat[(name, large)][1] / stat[(name, small)][1]
            print(f"  {large}/{small}: {name:<20} {wall:5.1f}x the wall time, {cpu:5.1f}x the CPU time (target <= 11)")
    if small in out_sizes and large in out_sizes:
        (total_s, _, page_s, _, _), (total_l, _, page_l, _, _) = out_sizes[small], out_sizes[large]
        print(f"  {large}/{small}: output bytes {total_l / total_s:5.1f}x, largest page {page_l / page_s:5.1f}x (target <= 11)")
EOF

# Search: index bytes a query loads before its first result (the manifest included) and the
# time to it in Chromium with the CPU slowed 4x, on the sites built to disk above.
if command -v node >/dev/null && [ -d tests/browser/node_modules/playwright-core ]; then
  for n in $SIZES; do
    echo
    echo "search at $n guides: bytes before the first result (target <= 300,000 at 10,000), ms with the CPU slowed 4x (median of 3; target <= 300)"
    RUNS=3 node benches/search_query.mjs "$BENCH_DIR/site-$n"
  done
else
  echo "note: the search rows need node, Chromium and the browser tests' packages (npm ci --prefix tests/browser); skipped" >&2
fi

if [ "${SERVE:-1}" = 1 ]; then
  largest="$(echo $SIZES | tr ' ' '\n' | sort -n | tail -n 1)"
  echo
  python3 benches/serve_reload.py "$BIN" "$BENCH_DIR/kb-$largest-no-pdf" 10
fi
