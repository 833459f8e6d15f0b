#!/usr/bin/env python3
"""The preview with many idle connections: how long a GET takes, and when the server closes them.

    python3 scripts/preview-idle-sockets.py [--bin .build/debug/stepwise] [--sockets 1100]
        [--site Tests/StepwiseTestSupport/Fixtures/basic] [-- extra serve options, e.g. --idle-timeout 5]

Starts `stepwise serve` on 127.0.0.1 (port 0) on a temporary copy of the site, under a soft
open-file limit of 1024 (`prlimit`, as on most desktops), opens the idle sockets, times three
GETs of a page, then waits (at most 120 s) for the server to close the idle sockets. Everything
it opened is closed and the copy removed at the end.
"""
import argparse
import os
import re
import resource
import select
import shutil
import socket
import subprocess
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=".build/debug/stepwise")
    parser.add_argument("--sockets", type=int, default=1100)
    parser.add_argument("--site", default="Tests/StepwiseTestSupport/Fixtures/basic")
    parser.add_argument("serve_options", nargs="*")
    args = parser.parse_args()

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < args.sockets + 100:
        raise SystemExit(f"the hard limit of open files here is {hard}: too low for {args.sockets} sockets")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    folder = tempfile.mkdtemp(prefix="stepwise-idle-")
    site = os.path.join(folder, "site")
    shutil.copytree(args.site, site)
    server = subprocess.Popen(
        ["prlimit", f"--nofile=1024:{hard}", "--", args.bin, "serve", "--site", site, "--port", "0",
         "--today", "2026-11-22"] + args.serve_options,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sockets = []
    try:
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1))

        def get():
            started = time.monotonic()
            with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
                client.sendall(b"GET /pervaya/register/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                data = b""
                while chunk := client.recv(65536):
                    data += chunk
            return (time.monotonic() - started) * 1000, data.split(b"\r\n")[0].decode()

        print("GET with no idle sockets: %.1f ms (%s)" % get())
        started = time.monotonic()
        sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(args.sockets)]
        opened = time.monotonic()
        print(f"opened {len(sockets)} idle sockets in {opened - started:.2f} s")
        time.sleep(0.5)
        print(f"server's open descriptors: {len(os.listdir(f'/proc/{server.pid}/fd'))}")
        for _ in range(3):
            print("GET with %d idle sockets: %.1f ms (%s)" % ((len(sockets),) + get()))

        poller = select.poll()
        by_descriptor = {}
        for client in sockets:
            client.setblocking(False)
            poller.register(client, select.POLLIN)
            by_descriptor[client.fileno()] = client
        still_open = set(sockets)
        closings = []
        while still_open and time.monotonic() - opened < 120:
            for descriptor, _ in poller.poll(1000):
                client = by_descriptor[descriptor]
                try:
                    data = client.recv(4096)
                except ConnectionResetError:
                    data = b""
                if not data:
                    still_open.discard(client)
                    poller.unregister(client)
                    closings.append(time.monotonic())
        if closings:
            print(f"closed by the server: {len(closings)} of {len(sockets)}; since the first was opened: "
                  f"first {closings[0] - started:.2f} s, last {closings[-1] - started:.2f} s "
                  f"(since the last was opened: {closings[-1] - opened:.2f} s)")
        else:
            print(f"closed by the server: none of {len(sockets)} within 120 s")
    finally:
        for client in sockets:
            client.close()
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
