#!/usr/bin/env python3
"""Time from saving a guide to the live-reload event, in `stepguide serve`.

usage: serve_reload.py STEPGUIDE ROOT [EDITS]

Starts `stepguide serve` on ROOT (a knowledge base from examples/gen_kb.rs), opens the
server-sent event stream as a page does, then edits one guide EDITS times (default 10): a
step's text (its pages and the search index change), then its title (the home page and
the comparison change too), alternately. Prints the median and the worst time from the
write to the `reload` event for each kind of edit, and restores the file.
"""
import os
import queue
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, root = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    guides = sorted(os.listdir(os.path.join(root, "content", "guides")))
    path = os.path.join(root, "content", "guides", guides[len(guides) // 2])
    original = open(path, encoding="utf-8").read()
    port = free_port()
    started = time.monotonic()
    server = subprocess.Popen(
        [binary, "serve", "--root", root, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        server.stdout.readline()
        print(f"serve: first build {time.monotonic() - started:.2f} s ({len(guides)} guides)")
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(f"GET /__stepguide/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        stream = events.makefile("rb")
        while not stream.readline().startswith(b"retry:"):
            pass
        # Lines of the stream as they arrive; a late event of one edit is dropped before the next.
        arrived = queue.Queue()
        threading.Thread(target=lambda: [arrived.put(line) for line in stream], daemon=True).start()
        times = {"step": [], "title": []}
        fetches = {"index.html": [], "search-index.js": []}
        text = original
        for n in range(edits):
            kind = "step" if n % 2 == 0 else "title"
            if kind == "step":
                new = text.replace("action: ", f"action: 수정{n} ", 1)
            else:
                new = text.replace("title: ", f"title: 수정{n} ", 1)
            time.sleep(0.3)
            while not arrived.empty():
                arrived.get()
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            while True:
                try:
                    line = arrived.get(timeout=60)
                except queue.Empty:
                    sys.exit("no reload within 60 s")
                if line.startswith(b"event: reload"):
                    break
                if line.startswith(b"event: problems"):
                    sys.exit("the edit made the content invalid")
            times[kind].append((time.monotonic() - t0) * 1000)
            text = new
            if kind == "title":
                for page in fetches:
                    t1 = time.monotonic()
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}").read()
                    fetches[page].append((time.monotonic() - t1) * 1000)
        for kind, values in times.items():
            if values:
                print(f"serve: edit a guide's {kind:<5} → reload: median {statistics.median(values):.0f} ms, "
                      f"max {max(values):.0f} ms ({len(values)} edits)")
        for page, values in fetches.items():
            if values:
                print(f"serve: first GET /{page} after a title edit: median {statistics.median(values):.0f} ms")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
