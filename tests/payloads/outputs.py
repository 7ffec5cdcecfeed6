"""Checks the outputs of a payload build that are not pages, and works out what `check`
refused.

usage: python3 tests/payloads/outputs.py refused KB CHECK_JSON REFUSED_JSON
         adds to REFUSED_JSON the [guide, slot] pairs whose line has an error in
         `check --format json`; exits 1 when an error is on no payload's line
       python3 tests/payloads/outputs.py pdfs SITE ADDRESS_PREFIX
         every PDF opens and reads (pdftotext), has 1 to 40 pages (pdfinfo), and has no
         JavaScript, launch, form or open action, and no URI but ADDRESS_PREFIX...
       python3 tests/payloads/outputs.py ics READ_JSONL
         every calendar file (as tests/read_ics.py read it) has exactly one event and one
         alarm, no parser complaint, no badly escaped text, CRLF lines of at most 75 octets
       python3 tests/payloads/outputs.py counts WORK
         one knowledge base's counts, from the summaries the steps above wrote in WORK
       python3 tests/payloads/outputs.py summary WORK REFUSED URL_BUILT URL_REFUSED SECONDS
         the run's line: every knowledge base's counts added up
Each prints a JSON summary line; findings go to standard error, one a line.
"""

import collections
import concurrent.futures
import json
import pathlib
import re
import subprocess
import sys

MAX_PAGES = 40
ACTIONS = [b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/SubmitForm", b"/ImportData", b"/OpenAction", b"/AA "]


def refused(kb, check_json, refused_json):
    placed = json.loads((pathlib.Path(kb) / "payloads.json").read_text())["guides"]
    report = json.loads(pathlib.Path(check_json).read_text())
    path = pathlib.Path(refused_json)
    known = json.loads(path.read_text()) if path.exists() else []
    rules, stray = collections.Counter(), []
    for d in report["diagnostics"]:
        if d["severity"] != "error":
            continue
        slots = placed.get(d["file"], {})
        hit = [slot for slot, (index, line) in slots.items() if line == d["line"] and index is not None]
        if not hit:
            stray.append(f"{d['file']}:{d['line']}:{d['col']} [{d['rule']}] {d['message']}")
            continue
        number = int(re.search(r"p-(\d+)", d["file"]).group(1))
        for slot in hit:
            if [number, slot] not in known:
                known.append([number, slot])
                rules[d["rule"]] += 1
    path.write_text(json.dumps(known))
    for line in stray:
        print(line, file=sys.stderr)
    print(json.dumps({"refused": len(known), "new": dict(rules), "stray": len(stray)}))
    return 1 if stray else 0


def literal(raw, at):
    """The PDF literal string that starts after its `(` at `at`: parentheses nest, and a
    backslash escapes the next byte."""
    out, depth = bytearray(), 1
    while at < len(raw):
        byte = raw[at]
        if byte == ord("\\"):
            out.append(raw[at + 1])
            at += 2
            continue
        depth += {ord("("): 1, ord(")"): -1}.get(byte, 0)
        if depth == 0:
            break
        out.append(byte)
        at += 1
    return bytes(out)


def one_pdf(pdf, prefix):
    found = []
    raw = pdf.read_bytes()
    for action in ACTIONS:
        if action in raw:
            found.append(f"{pdf}: {action.decode()}")
    for at in [m.end() for m in re.finditer(rb"/URI \(", raw)]:
        uri = literal(raw, at)
        if not uri.startswith(prefix.encode()):
            found.append(f"{pdf}: URI {uri[:80]!r}")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    pages = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    if info.returncode != 0 or not pages:
        found.append(f"{pdf}: pdfinfo: {info.stderr.strip()}")
    elif not 1 <= int(pages.group(1)) <= MAX_PAGES:
        found.append(f"{pdf}: {pages.group(1)} pages")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True)
    if text.returncode != 0 or not text.stdout.strip():
        found.append(f"{pdf}: pdftotext: {text.stderr.decode().strip()}")
    return found


def pdfs(site, prefix):
    files = sorted(pathlib.Path(site).rglob("*.pdf"))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        findings = [f for found in pool.map(lambda p: one_pdf(p, prefix), files) for f in found]
    for line in findings:
        print(line, file=sys.stderr)
    print(json.dumps({"pdfs": len(files), "findings": len(findings)}))
    return 1 if findings or not files else 0


def ics(read_jsonl):
    findings, files = [], 0
    for line in pathlib.Path(read_jsonl).read_text().splitlines():
        read = json.loads(line)
        files += 1
        name = read["file"]
        events = read["events"]
        if len(events) != 1 or len(events[0]["alarms"]) != 1:
            findings.append(f"{name}: {len(events)} events")
        if read["components"] != ["VCALENDAR", "VEVENT", "VALARM"]:
            findings.append(f"{name}: components {read['components']}")
        if read["errors"] or read["badly_escaped"]:
            findings.append(f"{name}: {read['errors']} {read['badly_escaped']}")
        if not read["crlf"] or read["longest_line"] > 75:
            findings.append(f"{name}: lines (CRLF {read['crlf']}, longest {read['longest_line']})")
        # Folding never splits a UTF-8 sequence: every physical line decodes on its own.
        for physical in pathlib.Path(name).read_bytes().split(b"\r\n"):
            try:
                physical.decode("utf-8")
            except UnicodeDecodeError:
                findings.append(f"{name}: a line fold splits a character: {physical[:40]!r}")
                break
    for line in findings:
        print(line, file=sys.stderr)
    print(json.dumps({"calendars": files, "findings": len(findings)}))
    return 1 if findings or not files else 0


def counts(work):
    read = lambda name: json.loads(pathlib.Path(work, name).read_text())
    kb, pages, pdfs, ics = (read(n) for n in ("kb/payloads.json", "pages.json", "pdfs.json", "ics.json"))
    placed = sum(1 for g in kb["guides"].values() for i, _ in g.values() if i is not None)
    findings = pages["findings"] + pdfs["findings"] + ics["findings"]
    print(json.dumps({"payloads": len(kb["payloads"]), "placed": placed, "pages": pages["pages"],
                      "pdfs": pdfs["pdfs"], "calendars": ics["calendars"], "findings": findings}))
    return 0


def summary(work, refused, url_built, url_refused, seconds):
    kbs = [json.loads(line) for line in pathlib.Path(work, "counts.jsonl").read_text().splitlines()]
    total = lambda key: sum(kb[key] for kb in kbs)
    print(
        f"payloads {kbs[0]['payloads']}, placed {total('placed')} times ({refused} refused by check), "
        f"knowledge bases {len(kbs)}, pages {total('pages')}, PDFs {total('pdfs')}, "
        f"calendar files {total('calendars')}, base_url payloads "
        f"{int(url_built) + int(url_refused)} ({url_refused} refused by build), "
        f"findings {total('findings')}, {seconds} s"
    )
    return 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    commands = {"refused": refused, "pdfs": pdfs, "ics": ics, "counts": counts, "summary": summary}
    sys.exit(commands[command](*args))
