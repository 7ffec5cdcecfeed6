"""Reads calendar files as a calendar application would, with the `icalendar` package (an
RFC 5545 parser written independently of stepguide), and prints one JSON object a file:
the events and alarms it finds, their dates and texts, the parser's complaints, the longest
physical line in octets, and the text properties whose raw value breaks RFC 5545's escaping
(3.3.11), which the parser itself forgives.

usage: python3 tests/read_ics.py FILE.ics...
"""

import json
import sys
from datetime import date, datetime, time

import icalendar


TEXT = {"SUMMARY", "DESCRIPTION", "UID"}


def badly_escaped(raw):
    """Text properties with a bare comma or semicolon, or a backslash that escapes nothing."""
    found = []
    for line in raw.decode("utf-8").replace("\r\n ", "").split("\r\n"):
        name, _, value = line.partition(":")
        if name.split(";")[0] not in TEXT:
            continue
        i = 0
        while i < len(value):
            if value[i] == "\\" and value[i + 1 : i + 2] not in ("\\", ";", ",", "n", "N"):
                found.append(name)
                break
            if value[i] in ",;":
                found.append(name)
                break
            i += 2 if value[i] == "\\" else 1
    return found


def decodes(line):
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def read(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    calendar = icalendar.Calendar.from_ical(raw)
    found = {
        "file": path,
        "crlf": lines[-1] == b"" and b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines),
        "longest_line": max(len(line) for line in lines),
        # Folding must never split a UTF-8 sequence: each physical line decodes on its own.
        "split_utf8": [line[:40].decode("utf-8", "replace") for line in lines if not decodes(line)],
        "version": str(calendar.get("VERSION", "")),
        "prodid": str(calendar.get("PRODID", "")),
        "components": [component.name for component in calendar.walk()],
        "errors": [str(error) for component in calendar.walk() for error in component.errors],
        "badly_escaped": badly_escaped(raw),
        "events": [],
    }
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        alarms = []
        for alarm in event.walk("VALARM"):
            trigger = alarm.decoded("TRIGGER")
            # A trigger relative to an all-day event counts from the start of its day.
            at = datetime.combine(start, time()) + trigger if type(start) is date else start + trigger
            alarms.append(
                {
                    "action": str(alarm.get("ACTION", "")),
                    "at": at.isoformat(),
                    "description": str(alarm.get("DESCRIPTION", "")),
                }
            )
        found["events"].append(
            {
                "uid": str(event.get("UID", "")),
                "all_day": type(start) is date,
                "start": start.isoformat(),
                "end": event.decoded("DTEND").isoformat(),
                "summary": str(event.get("SUMMARY", "")),
                "description": str(event.get("DESCRIPTION", "")),
                "url": str(event.get("URL", "")),
                "alarms": alarms,
            }
        )
    return found


for path in sys.argv[1:]:
    print(json.dumps(read(path), ensure_ascii=False))
