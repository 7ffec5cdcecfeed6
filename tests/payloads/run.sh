#!/usr/bin/env bash
# The payload run: generates over a thousand attack payloads (tests/payloads/gen.py), puts
# them in every field of a generated knowledge base and in `base_url`, builds it with the
# release binary, and checks every page in Chromium (check.mjs), every PDF (poppler) and the
# calendar file of every guide page (made in Chromium, read by Python's icalendar).
#
# usage: bash tests/payloads/run.sh [sample|full|self-test]
#   sample     (the default; what .ci/run runs) 60 guides, 2 base_url payloads
#   full       as many guides as payloads, so each payload is in each field once, built
#              as knowledge bases of at most 100 guides (one of 1,361 guides, each with
#              its own fact labels, has a comparison table of 1.85 million cells that
#              Chromium does not load in 10 minutes)
#   self-test  plants a live <img onerror> and a javascript: link in a built page and
#              fails unless the checker reports both
# Needs python3 with icalendar, poppler-utils, node with tests/browser's packages, Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-sample}"
here=tests/payloads
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export STEPGUIDE_TODAY=2026-12-02
started=$SECONDS

# STEPGUIDE_BIN runs another build of stepguide (a debug one, say) instead of the release one.
bin="${STEPGUIDE_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="$PWD/target/release/stepguide"
fi
prefix="https://guides.example.org/kb/"
sources="https://agency.example.org/notice"

chunk=100
case "$mode" in
  sample) guides=60 ;;
  full) guides="$(python3 "$here/gen.py" "$work/count" 1 | cut -d' ' -f1)" ;;
  self-test) guides=4 ;;
  *) echo "usage: bash $here/run.sh [sample|full|self-test]" >&2; exit 2 ;;
esac

# What the templates make, from harmless text: the checker's allow-list. 21 guides, one more
# than a listing page holds, so that the listings' page links are learnt too.
python3 "$here/gen.py" "$work/base" 21 --benign >/dev/null
(cd "$work/base" && "$bin" build >/dev/null)
node "$here/check.mjs" learn "$work/base/site" "$prefix" > "$work/allowed.json"

if [ "$mode" = self-test ]; then
  (cd "$work/base" && "$bin" build >/dev/null)
  page="$work/base/site/guides/p-0000/index.html"
  sed -i 's|</main>|<img src=x onerror="__pwn(1)"><a href="javascript:__pwn(2)">x</a></main>|' "$page"
  grep -q 'onerror="__pwn(1)"' "$page" || { echo "self-test: could not plant the payload" >&2; exit 1; }
  if node "$here/check.mjs" check "$work/base/site" "$work/allowed.json" "$prefix" > "$work/found" 2>&1; then
    echo "self-test FAILED: the checker passed a page with a live <img onerror>" >&2
    exit 1
  fi
  for expected in "script ran" "live attribute img@onerror" "escaped a@href"; do
    grep -q "$expected" "$work/found" || { echo "self-test FAILED: no \"$expected\":" >&2; cat "$work/found" >&2; exit 1; }
  done
  echo "self-test passed: the checker reported the planted payload:"
  grep "p-0000" "$work/found"
  exit 0
fi

# A step that finds something prints its first findings and fails the run.
findings() {
  echo "FINDINGS ($1), by kind:" >&2
  sed -e 's/^[^:]*: //' -e 's/[:"].*//' "$2" | sort | uniq -c | sort -rn >&2
  echo "the first 40:" >&2
  head -40 "$2" >&2
  exit 1
}

# One knowledge base of guides FIRST .. FIRST+COUNT-1 with payloads everywhere: what `check`
# refuses (an error on a payload's line) is recorded and replaced by harmless text, and the
# rest is built and checked. Appends its counts to $work/counts.jsonl.
echo "[]" > "$work/refused.json"
: > "$work/counts.jsonl"
one_kb() {
  local first=$1 count=$2 round
  for round in 1 2 3 4; do
    python3 "$here/gen.py" "$work/kb" "$count" --first "$first" --refuse "$work/refused.json"
    if (cd "$work/kb" && "$bin" check --format json > "$work/check.json"); then
      break
    fi
    python3 "$here/outputs.py" refused "$work/kb" "$work/check.json" "$work/refused.json"
    [ "$round" -lt 4 ] || { echo "check still fails after $round rounds" >&2; exit 1; }
  done
  (cd "$work/kb" && "$bin" build >/dev/null)
  node "$here/check.mjs" check "$work/kb/site" "$work/allowed.json" "$prefix" "$sources" > "$work/pages.out" \
    || findings pages "$work/pages.out"
  tail -1 "$work/pages.out" > "$work/pages.json"
  python3 "$here/outputs.py" pdfs "$work/kb/site" "$prefix" > "$work/pdfs.json" 2> "$work/pdfs.err" \
    || findings PDFs "$work/pdfs.err"
  # The calendar file of every guide page, made in Chromium as a reader makes it.
  rm -rf "$work/ics" && mkdir -p "$work/ics"
  local cases=() page
  for page in "$work"/kb/site/guides/p-*/index.html; do cases+=("$page=2024-02-29"); done
  node tests/browser/reminder.mjs "$work/ics" "${cases[@]}" > "$work/made.jsonl"
  python3 tests/read_ics.py "$work"/ics/*.ics > "$work/read.jsonl"
  python3 "$here/outputs.py" ics "$work/read.jsonl" > "$work/ics.json" 2> "$work/ics.err" \
    || findings calendars "$work/ics.err"
  python3 "$here/outputs.py" counts "$work" >> "$work/counts.jsonl"
}

for ((first = 0; first < guides; first += chunk)); do
  one_kb "$first" "$((guides - first < chunk ? guides - first : chunk))"
done
refused="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/refused.json")"

# base_url: each payload either refused by the build or built into a site that passes.
base_urls=("javascript:__pwn(1)//" "https://guides.example.org/kb/\"><script>__pwn(1)</script>/")
if [ "$mode" = full ]; then
  base_urls+=("data:text/html,<script>__pwn(1)</script>" "//evil.example/" "https://guides.example.org/{{ 7*7 }}/"
    "https://guides.example.org/kb/'onmouseover='__pwn(1)'/" "https://guides.example.org/%2e%2e/%2e%2e/"
    "https://guides.example.org/kb/<img src=x onerror=__pwn(1)>/" "HTTPS://GUIDES.EXAMPLE.ORG/KB/" "file:///etc/"
    "https://guides.example.org/kb/\u202e/" "https://user:pass@guides.example.org/kb/")
fi
url_refused=0
url_built=0
for base in "${base_urls[@]}"; do
  python3 "$here/gen.py" "$work/url" 2 --benign >/dev/null
  if (cd "$work/url" && "$bin" build --base-url "$base" >/dev/null 2>&1); then
    node "$here/check.mjs" check "$work/url/site" "$work/allowed.json" "$base" > "$work/url.out" \
      || findings "base_url $base" "$work/url.out"
    python3 "$here/outputs.py" pdfs "$work/url/site" "$base" > /dev/null 2> "$work/url.err" \
      || findings "PDFs, base_url $base" "$work/url.err"
    url_built=$((url_built + 1))
  else
    url_refused=$((url_refused + 1))
  fi
done

python3 "$here/outputs.py" summary "$work" "$refused" "$url_built" "$url_refused" "$((SECONDS - started))"
