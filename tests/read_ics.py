"""Reads calendar files as a calendar application would, with the `icalendar` package (an
RFC 5545 parser written independently of stepguide), and prints one JSON object a file:
the events and alarms it finds, their dates and texts, the parser's complaints, and the
longest physical line in octets.

usage: python3 tests/read_ics.py FILE.ics...
"""

import json
import sys
from datetime import date, datetime, time

import icalendar


def read(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    calendar = icalendar.Calendar.from_ical(raw)
    found = {
        "file": path,
        "crlf": lines[-1] == b"" and b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines),
        "longest_line": max(len(line) for line in lines),
        "version": str(calendar.get("VERSION", "")),
        "prodid": str(calendar.get("PRODID", "")),
        "components": [component.name for component in calendar.walk()],
        "errors": [str(error) for component in calendar.walk() for error in component.errors],
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
