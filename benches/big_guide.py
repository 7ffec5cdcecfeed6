"""Writes a knowledge base whose one guide is as big as a content file allows in one way, to
profile `check` and `build` for passes that compare every item with every other.

usage: python3 benches/big_guide.py KIND N OUT
  KIND  keys     a mapping of N keys under one unknown field (2N+1 values to read)
        unknown  N unknown fields at the top, each its own diagnostic
        steps    a procedure of N steps, each with a caution
        items    a checklist group of N items
        refs     N steps, each linking to the one before by `step:` and by `#step-`, each
                 with a caution that names its own failure row (N rows) and a shared caution
        badrefs  N steps, each linking to a step that does not exist
OUT is made from tests/fixtures/build/valid, whose guide `alpha-cert.yaml` gets the bulk.

Profile with, for example:
  valgrind --tool=callgrind target/release/stepguide check   (in OUT)
"""

import pathlib
import shutil
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
GUIDE = "content/guides/alpha-cert.yaml"


def steps(n, kind):
    lines = []
    for i in range(n):
        lines.append(f"      - id: s{i}\n        action: 단계 {i}\n")
        if kind == "refs" and i > 0:
            lines.append(
                f"        detail: \"[앞](step:s{i - 1}) [그 앞](#step-s{max(i - 2, 0)})\"\n"
            )
            lines.append(f"        cautions:\n          - failure: f{i}\n          - shared: keep-secret\n")
            continue
        if kind == "badrefs":
            lines.append(f"        detail: \"[없음](step:x{i})\"\n")
        lines.append(f"        cautions:\n          - text: 주의 {i}\n")
    return "".join(lines)


def failures(n):
    return "".join(
        f"  - id: f{i}\n    situation: 상황 {i}\n    cause: 원인 {i}\n    caution: 주의 {i}\n"
        for i in range(1, n)
    )


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3])
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REPO / "tests/fixtures/build/valid", out)
    path = out / GUIDE
    text = path.read_text()
    if kind == "keys":
        text += "extra:\n" + "".join(f"  k{i}: v\n" for i in range(n))
    elif kind == "unknown":
        text += "".join(f"k{i}: v\n" for i in range(n))
    elif kind in ("steps", "refs", "badrefs"):
        anchor = "    steps:\n      - id: web-open\n"
        text = text.replace(anchor, "    steps:\n" + steps(n, kind) + anchor[11:], 1)
        if kind == "refs":
            text = text.replace("failures:\n", "failures:\n" + failures(n), 1)
    elif kind == "items":
        anchor = "    items:\n      - id: call-ready\n"
        items = "".join(f"      - id: i{i}\n        text: 항목 {i}\n" for i in range(n))
        text = text.replace(anchor, "    items:\n" + items + anchor[11:], 1)
    else:
        sys.exit(f"unknown kind {kind!r}; see the usage at the top of this file")
    path.write_text(text)
    # The big guide alone: the other one only adds time.
    (out / "content/guides/beta-joint.yaml").unlink()
    print(f"{path}: {path.stat().st_size} bytes")


main()
