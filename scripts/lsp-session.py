#!/usr/bin/env python3
"""Drives `stepwise lsp` as an editor would and reports how long its re-checks take.

    scripts/lsp-session.py --bin .build/release/stepwise [--site .] [--corpus 50x85]
                           [--edits 10] [--transcript]

Starts the server on the site (or on a synthetic corpus of PROCEDURESxREGIONS written by
scripts/generate-corpus.py into a temporary folder, removed afterwards), opens the first page,
then makes --edits unsaved edits, alternately breaking a «label» and restoring it, each after the
last one's check. The figures are the server's own logged timing of each re-check
("check #N took X ms", sent as window/logMessage) and the time from sending an edit to its
diagnostics, with --debounce 0 so that no waiting is counted. With --transcript, every message
is printed, abbreviated, as `→` (to the server) and `←` (from it), and a few completion, hover and
definition requests are made too.

Python 3 standard library only.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Server:
    def __init__(self, binary, site, transcript):
        self.process = subprocess.Popen(
            [binary, "lsp", "--site", site, "--debounce", "0"], cwd=site,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.transcript = transcript
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_errors, daemon=True).start()

    def _drain_errors(self):
        for _ in self.process.stderr:
            pass

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = out.read(length)
            self.messages.put(json.loads(body))

    @staticmethod
    def short(message, limit=300):
        text = json.dumps(message, ensure_ascii=False)
        return text if len(text) <= limit else text[:limit] + " …"

    def send(self, message):
        if self.transcript:
            print("→", self.short(message))
        body = json.dumps(message, ensure_ascii=False).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, matches, timeout=300):
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.01))
            if message is None:
                raise SystemExit("lsp-session: the server ended early")
            if self.transcript:
                print("←", self.short(message))
            if matches(message):
                return message

    def request(self, method, params):
        self.next_id += 1
        ident = self.next_id
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)

    def check_logged(self):
        """Waits for the next check's log line; its milliseconds."""
        message = self.wait(lambda m: m.get("method") == "window/logMessage"
                            and "took" in m["params"]["message"])
        return float(re.search(r"took ([0-9.]+) ms", message["params"]["message"]).group(1))


def uri(path):
    return "file://" + os.path.abspath(path)


def session(binary, site, edits, transcript):
    server = Server(binary, site, transcript)
    server.request("initialize", {"processId": os.getpid(), "rootUri": uri(site),
                                  "capabilities": {"general": {"positionEncodings": ["utf-16"]}}})
    server.notify("initialized", {})
    first = server.check_logged()

    pages = sorted(f for f in os.listdir(os.path.join(site, "content", "pages")) if f.endswith(".md"))
    page = os.path.join(site, "content", "pages", pages[0])
    with open(page, encoding="utf-8") as f:
        saved = f.read()
    # A label in a step's line (a quote outside steps is not checked against the screens).
    match = re.search(r"(?m)^ *\d+\. \{#[^}]+\}[^\n«]*«([^»\n]{3,})»", saved)
    if not match:
        raise SystemExit("lsp-session: %s quotes no label to break" % page)
    label = match.group(1)
    broken = saved.replace("«%s»" % label, "«%s»" % (label[:-1] + "ъ"), 1)
    document = uri(page)
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": document, "languageId": "markdown", "version": 1, "text": saved}})
    server.check_logged()

    checks, round_trips = [], []
    for version in range(2, edits + 2):
        text = broken if version % 2 == 0 else saved
        started = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": document, "version": version},
                                                 "contentChanges": [{"text": text}]})
        # Every edit changes this page's findings (found, then gone): its diagnostics come.
        server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == document and m["params"].get("version") == version)
        round_trips.append((time.perf_counter() - started) * 1000)
        checks.append(server.check_logged())

    if transcript:
        lines = saved.split("\n")
        marker = next(i for i, l in enumerate(lines) if re.match(r"\s*\d+\. \{#", l))
        column = len(lines[marker].encode("utf-16-le")) // 2 - len(lines[marker].lstrip().encode("utf-16-le")) // 2 + 6
        typed = saved + "\n1. {#"
        version = edits + 2
        server.notify("textDocument/didChange", {"textDocument": {"uri": document, "version": version},
                                                 "contentChanges": [{"text": typed}]})
        server.check_logged()
        server.request("textDocument/completion", {"textDocument": {"uri": document},
                                                   "position": {"line": len(lines), "character": 5}})
        server.request("textDocument/hover", {"textDocument": {"uri": document},
                                              "position": {"line": marker, "character": column}})
        server.request("textDocument/definition", {"textDocument": {"uri": document},
                                                   "position": {"line": marker, "character": column}})
    server.request("shutdown", None)
    server.notify("exit", None)
    status = server.process.wait(timeout=60)
    return first, checks, round_trips, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the stepwise executable")
    parser.add_argument("--site", default=".", help="the site (default: the current folder)")
    parser.add_argument("--corpus", help="PROCEDURESxREGIONS: a synthetic corpus instead of --site")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--transcript", action="store_true")
    args = parser.parse_args()

    workdir = None
    site = os.path.abspath(args.site)
    if args.corpus:
        procedures, regions = args.corpus.lower().split("x")
        base = "/dev/shm" if os.path.isdir("/dev/shm") else None
        workdir = tempfile.mkdtemp(prefix="stepwise-lsp-", dir=base)
        site = os.path.join(workdir, "site")
        subprocess.run([sys.executable, os.path.join(HERE, "generate-corpus.py"), "--procedures",
                        procedures, "--regions", regions, "--out", site], check=True)
    try:
        first, checks, round_trips, status = session(os.path.abspath(args.bin), site, args.edits,
                                                     args.transcript)
    finally:
        if workdir:
            shutil.rmtree(workdir)
    name = args.corpus or site
    print("%s: first check %.1f ms; re-check after an edit (server's log) median %.1f ms "
          "(min %.1f, max %.1f, %d edits); edit → diagnostics median %.1f ms; exit status %d" % (
              name, first, statistics.median(checks), min(checks), max(checks), len(checks),
              statistics.median(round_trips), status))
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
