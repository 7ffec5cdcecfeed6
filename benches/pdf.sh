#!/usr/bin/env bash
# PDFs on and off: `stepguide build` of generated knowledge bases of 1,000 and 10,000 guides,
# once as generated and once with `pdf: false` in site.yaml, side by side in one hyperfine run
# per size (median wall time, mean CPU time), then the size of each kind of PDF.
#
#   bash benches/pdf.sh                    # from the repository root
#   RUNS=3 SIZES="1000" bash benches/pdf.sh
#
# Needs: cargo, hyperfine. Output goes to a folder under /dev/shm (tmpfs), removed at the end.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
SIZES="${SIZES:-1000 10000}"
BENCH_DIR="${BENCH_DIR:-target/bench}"
SHM="${SHM:-/dev/shm}/stepguide-pdf-bench-$$"
export STEPGUIDE_TODAY=2026-11-22

command -v hyperfine >/dev/null || { echo "error: hyperfine is needed" >&2; exit 2; }
cargo build --release --quiet --bin stepguide --example gen_kb
BIN="$PWD/target/release/stepguide"
GEN="$PWD/target/release/examples/gen_kb"
mkdir -p "$BENCH_DIR" "$SHM"
trap 'rm -rf "$SHM"' EXIT

for n in $SIZES; do
  kb="$BENCH_DIR/kb-$n"
  if [ ! -f "$kb/.complete" ]; then
    rm -rf "$kb" && "$GEN" "$n" "$kb" >/dev/null && touch "$kb/.complete"
  fi
  off="$BENCH_DIR/kb-$n-no-pdf"
  if [ ! -f "$off/.complete" ]; then
    # Copied under another name first, so an interrupted copy is never taken for whole.
    rm -rf "$off" "$off.part" && cp -r "$kb" "$off.part"
    echo "pdf: false" >> "$off.part/content/site.yaml"
    mv "$off.part" "$off"
  fi
  hyperfine --runs "$RUNS" --style basic --prepare "rm -rf $SHM/site" \
    --export-json "$BENCH_DIR/pdf-$n.json" \
    -n "build $n guides, PDFs on" "$BIN build --root $kb --out $SHM/site" \
    -n "build $n guides, PDFs off" "$BIN build --root $off --out $SHM/site"
  python3 - "$BENCH_DIR/pdf-$n.json" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]}: median wall {r["median"]:.2f} s, '
          f'mean CPU {r["user"] + r["system"]:.2f} s')
PY
done

# Size of each kind of PDF, over the last size's guides.
"$BIN" build --root "$BENCH_DIR/kb-${SIZES##* }" --out "$SHM/site" >/dev/null 2>&1
for kind in checklist checklist-large guide-web guide-web-large guide-app guide-app-large; do
  find "$SHM/site/guides" -name "$kind.pdf" -printf '%s\n' | sort -n | awk -v k="$kind" \
    '{ a[NR] = $1 } END { if (NR) printf "%s.pdf: median %.0f KB, max %.0f KB (%d files)\n", k, a[int((NR + 1) / 2)] / 1024, a[NR] / 1024, NR }'
done
