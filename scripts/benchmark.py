#!/usr/bin/env python3
"""The measurements behind scripts/benchmark.sh (run that; it builds the binary first).

    scripts/benchmark.py --bin .build/release/stepwise [--sizes 50x10,50x85,200x85] [--runs 5]

For each size PROCEDURESxREGIONS: generates the synthetic corpus (scripts/generate-corpus.py) in a
temporary folder (on /dev/shm when there is one), then measures, as medians of --runs runs:
  - `stepwise build` into an empty output folder: wall time, CPU time (user+sys), pages per second,
    peak RSS, and the number of HTML files it wrote;
  - `stepwise check` alone (wall);
  - a no-op rebuild: `stepwise build` again into the existing output with nothing changed;
  - when `hugo` is on PATH, `hugo` on the equivalent Hugo site, and the ratio Hugo/Stepwise;
  - when a C compiler and cmark-gfm's headers are there, the per-page floor: scripts/c-floor.c
    parses, renders and writes each page of the Hugo site's content/ separately with cmark-gfm;
  - when the binary has `stepwise serve`: a one-page edit through the preview server, from the
    write of the file to the `reload` server-sent event, and the server's own `rebuilt … in X ms`.
The build, the no-op rebuild, the floor and Hugo are run in turns (run 1 of each, then run 2;
Stepwise and the floor taking turns at going first, Hugo last), so that a machine whose speed
drifts during the benchmark weighs on all alike.
Progress goes to standard error; the Markdown report to standard output.
"""

import argparse
import http.client
import os
import platform
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "generate-corpus.py")
FLOOR_SOURCE = os.path.join(HERE, "c-floor.c")
GNU_TIME = "/usr/bin/time"


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Running one command with its wall time, CPU time and peak RSS.

def gnu_time_works():
    if not os.access(GNU_TIME, os.X_OK):
        return False
    try:
        with tempfile.NamedTemporaryFile("r") as out:
            subprocess.run([GNU_TIME, "-f", "%e %U %S %M", "-o", out.name, "true"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return len(open(out.name).read().split()) == 4
    except (OSError, subprocess.CalledProcessError):
        return False


class Runner:
    def __init__(self):
        self.gnu_time = gnu_time_works()
        self.source = "/usr/bin/time -f '%U %S %M'" if self.gnu_time else "os.wait4 (rusage of the child)"

    loads = []  # 1-minute load averages seen before each run, to tell when others used the CPUs

    def run(self, command, cwd=None):
        """Runs a command; returns a dict with wall, cpu, rss_kb, rc, stdout, stderr."""
        if hasattr(os, "getloadavg"):
            Runner.loads.append(os.getloadavg()[0])
        if self.gnu_time:
            with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
                start = time.perf_counter()
                done = subprocess.run([GNU_TIME, "-f", "%e %U %S %M", "-o", out.name] + command, cwd=cwd,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                wall = time.perf_counter() - start
                fields = open(out.name).read().split()[-4:]
            _, user, system, rss = (float(x) for x in fields)
            return {"wall": wall, "cpu": user + system, "rss_kb": rss, "rc": done.returncode,
                    "stdout": done.stdout.decode("utf-8", "replace"), "stderr": done.stderr.decode("utf-8", "replace")}
        # Fallback: the child's own rusage through wait4 (more precise than RUSAGE_CHILDREN,
        # which accumulates over every child and keeps the largest RSS ever seen).
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
                    "rc": process.returncode, "stdout": out.read().decode("utf-8", "replace"),
                    "stderr": err.read().decode("utf-8", "replace")}


def count_html(folder):
    total = 0
    for _, _, files in os.walk(folder):
        total += sum(1 for f in files if f.endswith(".html"))
    return total


def median(values):
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------------------------
# The incremental rebuild through `stepwise serve`.

def serve_available(binary):
    try:
        done = subprocess.run([binary, "serve", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    # swift-argument-parser prints the top-level help (exit 0) for an unknown subcommand with
    # --help, so the exit status alone does not tell; the serve help names its own usage.
    text = done.stdout.decode("utf-8", "replace")
    return done.returncode == 0 and ("stepwise serve" in text or "--port" in text)


def reader_thread(stream, target, pattern=None):
    def run():
        for raw in iter(stream.readline, b""):
            target.put((time.perf_counter(), raw.decode("utf-8", "replace").rstrip("\n")))
        target.put((time.perf_counter(), None))
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


REBUILT = re.compile(r"rebuilt (\d+) files in ([0-9.]+) ms(?: \(([^)]*)\))?")
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def incremental(binary, site, page, runs, startup_timeout, settle):
    """Edits one page `runs` times under `stepwise serve`; returns a dict or a reason to skip."""
    command = [binary, "serve", "--site", site, "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    out_lines, err_lines, events = queue.Queue(), queue.Queue(), queue.Queue()
    reader_thread(server.stdout, out_lines)
    reader_thread(server.stderr, err_lines)
    result = {"latency": [], "server_ms": [], "files": [], "startup": None, "notes": []}
    started = time.perf_counter()
    try:
        port = None
        while port is None:
            remaining = startup_timeout - (time.perf_counter() - started)
            if remaining <= 0:
                return {"skip": "serve printed no http://127.0.0.1:PORT/ within %d s" % startup_timeout}
            try:
                _, line = out_lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                server.wait(timeout=10)
                return {"skip": "serve exited (status %s) before printing its address" % server.returncode}
            match = URL.search(line)
            if match:
                port = int(match.group(1))
        result["startup"] = time.perf_counter() - started

        # The event stream: a `reload` with the current generation at once, then one per rebuild.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
        connection.request("GET", "/__stepwise/events", headers={"Accept": "text/event-stream"})
        response = connection.getresponse()
        if response.status != 200:
            return {"skip": "GET /__stepwise/events answered %d" % response.status}

        def read_events():
            name = None
            try:
                while True:
                    raw = response.readline()
                    if not raw:
                        break
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    if line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:") and name == "reload":
                        events.put((time.perf_counter(), line[5:].strip()))
                    elif line == "":
                        name = None
            except (OSError, http.client.HTTPException, ValueError):
                pass
            events.put((time.perf_counter(), None))
        threading.Thread(target=read_events, daemon=True).start()

        # Let the first build's log line and the stream's initial event arrive, then forget them.
        time.sleep(settle)
        drain(events)
        drain(err_lines)

        path = os.path.join(site, "content", "pages", page)
        for run in range(runs):
            sentence = ("\nДополнение %d: инструкция проверена ещё раз, порядок действий не изменился.\n" % (run + 1))
            start = time.perf_counter()
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(sentence)
            got = None
            while got is None:
                try:
                    when, data = events.get(timeout=120)
                except queue.Empty:
                    result["notes"].append("edit %d: no reload event within 120 s" % (run + 1))
                    break
                if data is None:
                    return {"skip": "the event stream closed"}
                if when >= start:
                    got = when
            if got is not None:
                result["latency"].append(got - start)
            # The server logs `rebuilt N files in X ms (scope)` for each rebuild; a watcher may
            # report one save as several changes, so take the first that rendered something.
            time.sleep(settle)
            for when, line in drain(err_lines):
                match = REBUILT.search(line or "")
                if match and when >= start and match.group(3) != "nothing changed":
                    result["files"].append(int(match.group(1)))
                    result["server_ms"].append(float(match.group(2)))
                    break
            drain(events)
        return result
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def drain(q):
    items = []
    while True:
        try:
            items.append(q.get_nowait())
        except queue.Empty:
            return items


# ---------------------------------------------------------------------------------------------

def fmt_s(seconds):
    if seconds is None:
        return "—"
    return "%.0f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds


def fmt_mb(kb):
    return "—" if kb is None else "%.0f MB" % (kb / 1024)


def corpus(row):
    """The corpus column: `real content` or `50 × 85`."""
    return "real content" if row["procedures"] is None else "%d × %d" % (row["procedures"], row["regions"])


def parse_sizes(text):
    sizes = []
    for part in text.split(","):
        if part.strip() == "real":
            sizes.append((None, None))  # the repository's own content/
            continue
        match = re.fullmatch(r"\s*(\d+)\s*[x×]\s*(\d+)\s*", part)
        if not match:
            raise SystemExit("--sizes: '%s' is neither 'real' nor PROCEDURESxREGIONS (e.g. 50x10)" % part)
        sizes.append((int(match.group(1)), int(match.group(2))))
    return sizes


def main(argv):
    parser = argparse.ArgumentParser(description="Benchmark stepwise build/check (and Hugo, and the preview) on synthetic corpora.")
    parser.add_argument("--bin", required=True, help="the stepwise binary")
    parser.add_argument("--sizes", default="real,50x10,50x85,200x85,400x85",
                        help="'real' (the repository's content/) and PROCEDURESxREGIONS,… (default real,50x10,50x85,200x85,400x85)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; medians are reported (default 5)")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo even when it is installed")
    parser.add_argument("--no-serve", action="store_true", help="skip the incremental rebuild through stepwise serve")
    parser.add_argument("--no-floor", action="store_true", help="skip the C per-page floor (scripts/c-floor.c)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and outputs")
    parser.add_argument("--workdir", help="where to generate (default: a new folder in /dev/shm, else the temp folder)")
    parser.add_argument("--serve-timeout", type=int, default=900, help="seconds to wait for serve's first build (default 900)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = parse_sizes(args.sizes)
    binary = os.path.abspath(args.bin)
    if not os.access(binary, os.X_OK):
        raise SystemExit("not an executable: %s" % binary)
    hugo = None if args.no_hugo else shutil.which("hugo")
    has_serve = not args.no_serve and serve_available(binary)
    runner = Runner()

    base = args.workdir
    if base is None:
        parent = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        base = tempfile.mkdtemp(prefix="stepwise-bench-", dir=parent)
    else:
        os.makedirs(base, exist_ok=True)
    log("working in %s" % base)

    floor, floor_note = (None, "--no-floor was given") if args.no_floor else compile_floor(base)
    if floor_note:
        log("C floor: %s" % floor_note)
    hugo_version = ""
    if hugo:
        hugo_version = subprocess.run([hugo, "version"], stdout=subprocess.PIPE).stdout.decode().strip()
    rows = []
    try:
        for procedures, regions in sizes:
            real = procedures is None
            name = "real" if real else "%dx%d" % (procedures, regions)
            site = os.path.join(base, "site-" + name)
            hugo_site = os.path.join(base, "hugo-" + name)
            out = os.path.join(base, "out-" + name)
            hugo_out = os.path.join(base, "hugo-out-" + name)
            for folder in (site, hugo_site, out, hugo_out):
                if os.path.exists(folder):
                    shutil.rmtree(folder)
            log("[%s] generating the corpus" % name)
            command = [sys.executable, GENERATOR, "--procedures", str(procedures), "--regions", str(regions), "--out", site]
            if real:
                command = [sys.executable, "-c", "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2])",
                           os.path.join(HERE, "..", "content"), os.path.join(site, "content")]
            elif hugo or floor:
                # Stepwise links a page to one list of its regions once there are more than 13
                # (SiteRenderer.inlineRegionLimit); Hugo's page gets neither list nor link, which
                # spares Hugo a little work: the ratio is, if anything, in Hugo's favour.
                command += ["--hugo", hugo_site, "--hugo-minimal"]
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            row = {"name": name, "procedures": procedures, "regions": regions,
                   "generate": time.perf_counter() - start, "notes": []}

            log("[%s] stepwise check ×%d" % (name, args.runs))
            checks = [runner.run([binary, "check", "--site", site, "--strict"]) for _ in range(args.runs)]
            if any(c["rc"] != 0 for c in checks):
                row["notes"].append("check --strict was not clean (status %d): %s" % (
                    checks[0]["rc"], checks[0]["stderr"].strip().splitlines()[-1:] if checks[0]["stderr"] else ""))
            row["check"] = checks

            # In turns (see the docstring). Hugo, by far the longest, goes last, so that what it
            # leaves behind (gigabytes freed) falls on Stepwise and the floor as often.
            floor_out = os.path.join(base, "floor-out-" + name)
            # Each program: the folder emptied before it runs, its command, and its key in the row.
            programs = {"stepwise": (out, [binary, "build", "--site", site, "--output", out], "build")}
            if floor and not real:
                programs["floor"] = (floor_out, [floor, os.path.join(hugo_site, "content"), floor_out], "floor")
            first = list(programs)
            last = []
            if hugo and not real:
                programs["hugo"] = (hugo_out, [hugo, "--quiet", "-s", hugo_site, "-d", hugo_out], "hugo")
                last = ["hugo"]
            log("[%s] %s, in turns ×%d" % (name, ", ".join(programs), args.runs))
            runs = {key: [] for _, _, key in programs.values()}
            runs["noop"] = []
            for turn in range(args.runs):
                for program in (first if turn % 2 == 0 else first[::-1]) + last:
                    folder, command, key = programs[program]
                    if os.path.exists(folder):
                        shutil.rmtree(folder)
                    runs[key].append(runner.run(command))
                    if program == "stepwise":
                        # The same build again into the output it just wrote.
                        runs["noop"].append(runner.run(command))
            for key, label in (("build", "build"), ("hugo", "hugo"), ("floor", "c-floor")):
                done = runs.get(key)
                if done and any(r["rc"] != 0 for r in done):
                    row["notes"].append("%s failed (status %d): %s" % (
                        label, done[-1]["rc"], done[-1]["stderr"].strip()[-300:]))
            row.update(runs)
            # Counted after the last no-op rebuild, which leaves the files the build wrote.
            row["html"] = count_html(out)
            if "hugo" in runs:
                row["hugo_html"] = count_html(hugo_out)
            if "floor" in runs:
                row["floor_html"] = count_html(floor_out)
                shutil.rmtree(floor_out, ignore_errors=True)

            if has_serve:
                log("[%s] stepwise serve: one-page edits ×%d" % (name, args.runs))
                row["serve"] = incremental(binary, site, "register-gosuslugi.md", args.runs, args.serve_timeout, settle=1.0)
            row["load"] = (min(Runner.loads), max(Runner.loads)) if Runner.loads else None
            Runner.loads = []
            rows.append(row)
            if not args.keep:
                for folder in (out, hugo_out):
                    if os.path.exists(folder):
                        shutil.rmtree(folder)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(base, ignore_errors=True)
        elif args.keep:
            log("kept the corpora and outputs in %s" % base)

    report(rows, args, binary, runner, hugo, hugo_version, has_serve, floor_note)


def compile_floor(base):
    """Compiles scripts/c-floor.c into `base`; (path, None), or (None, why not)."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not compiler:
        return None, "no C compiler on PATH (floor skipped)"
    target = os.path.join(base, "c-floor")
    result = subprocess.run([compiler, "-O2", FLOOR_SOURCE, "-lcmark-gfm", "-lcmark-gfm-extensions", "-o", target],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if result.returncode != 0:
        return None, "scripts/c-floor.c did not compile (is libcmark-gfm-dev installed?): %s" % (
            result.stderr.decode(errors="replace").strip().splitlines()[-1:] or "")
    return target, None


def report(rows, args, binary, runner, hugo, hugo_version, has_serve, floor_note=None):
    p = print
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    p("# Stepwise benchmark")
    p()
    p("- binary: `%s`" % binary)
    p("- machine: %s, %d CPUs, %s" % (cpu, os.cpu_count() or 0, platform.platform()))
    p("- runs: %d per measurement, medians shown; CPU time and peak RSS from %s" % (args.runs, runner.source))
    p("- hugo: %s" % (hugo_version or "not on PATH (comparison skipped)"))
    p()
    p("## Stepwise")
    p()
    p("| corpus (procedures × regions) | HTML pages | build wall | build CPU | pages/s | peak RSS | check wall | no-op rebuild wall |")
    p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        wall = median([b["wall"] for b in r["build"]])
        cpu_time = median([b["cpu"] for b in r["build"]])
        rss = median([b["rss_kb"] for b in r["build"]])
        p("| %s | %d | %s | %s | %.0f | %s | %s | %s |" % (
            corpus(r), r["html"], fmt_s(wall), fmt_s(cpu_time), r["html"] / wall if wall else 0,
            fmt_mb(rss), fmt_s(median([c["wall"] for c in r["check"]])), fmt_s(median([n["wall"] for n in r["noop"]]))))
    if hugo:
        p()
        p("## Hugo on the equivalent site (same page texts, one copy per region where Stepwise builds it, minimal layout without the other-regions list)")
        p()
        p("| corpus | Stepwise HTML | Hugo HTML | Stepwise wall | Hugo wall | Hugo/Stepwise wall | Stepwise CPU | Hugo CPU | Hugo/Stepwise CPU | Hugo peak RSS |")
        p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            if "hugo" not in r:
                continue
            sw = median([b["wall"] for b in r["build"]])
            sc = median([b["cpu"] for b in r["build"]])
            hw = median([h["wall"] for h in r["hugo"]])
            hc = median([h["cpu"] for h in r["hugo"]])
            p("| %s | %d | %d | %s | %s | %.2f | %s | %s | %.2f | %s |" % (
                corpus(r), r["html"], r["hugo_html"], fmt_s(sw), fmt_s(hw), hw / sw,
                fmt_s(sc), fmt_s(hc), hc / sc, fmt_mb(median([h["rss_kb"] for h in r["hugo"]]))))
    p()
    p("## The C per-page floor (scripts/c-floor.c: cmark-gfm parses, renders and writes each page of the Hugo site separately, no template)")
    p()
    if floor_note:
        p("Skipped: %s." % floor_note)
    else:
        p("| corpus | Stepwise HTML | C floor HTML | Stepwise wall | C floor wall | Stepwise/C floor wall | C floor CPU |")
        p("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            if "floor" not in r:
                continue
            sw = median([b["wall"] for b in r["build"]])
            fw = median([f["wall"] for f in r["floor"]])
            p("| %s | %d | %d | %s | %s | %.2f | %s |" % (
                corpus(r), r["html"], r["floor_html"], fmt_s(sw), fmt_s(fw), sw / fw if fw else 0,
                fmt_s(median([f["cpu"] for f in r["floor"]]))))
    p()
    p("## One-page edit through `stepwise serve`")
    p()
    if not has_serve:
        p("Skipped: %s." % ("--no-serve was given" if args.no_serve else
                           "this stepwise binary has no `serve` command (`stepwise serve --help` does not describe it)"))
    else:
        p("Append a sentence to `content/pages/register-gosuslugi.md`; time from the write to the `reload` "
          "server-sent event, and the server's own `rebuilt N files in X ms`.")
        p()
        p("| corpus | serve start (first build) | edits | write → reload median | worst | server rebuild median | worst | files re-rendered |")
        p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            s = r.get("serve") or {}
            if "skip" in s:
                p("| %s | skipped: %s | | | | | | |" % (corpus(r), s["skip"]))
                continue
            lat, ms = s.get("latency", []), s.get("server_ms", [])
            p("| %s | %s | %d | %s | %s | %s | %s | %s |" % (
                corpus(r), fmt_s(s.get("startup")), len(lat), fmt_s(median(lat)),
                fmt_s(max(lat) if lat else None), fmt_s(median(ms) / 1000 if ms else None),
                fmt_s(max(ms) / 1000 if ms else None), ", ".join(sorted(set(str(f) for f in s.get("files", [])))) or "—"))
            for note in s.get("notes", []):
                r["notes"].append(note)
    targets(rows, args, has_serve, hugo, floor_note)
    p()
    p("## Raw runs (seconds)")
    p()
    for r in rows:
        def series(key, field="wall"):
            return " ".join("%.3f" % x[field] for x in r.get(key, []))
        p("- %s: generate %.1f s; build wall [%s]; build CPU [%s]; check [%s]; no-op [%s]%s" % (
            r["name"], r["generate"], series("build"), series("build", "cpu"), series("check"), series("noop"),
            ("; hugo wall [%s]" % series("hugo")) if "hugo" in r else "")
            + (("; C floor wall [%s]" % series("floor")) if "floor" in r else ""))
        if r.get("serve") and "latency" in r["serve"]:
            p("  serve: write→reload [%s]; server ms [%s]" % (
                " ".join("%.3f" % x for x in r["serve"]["latency"]),
                " ".join("%.1f" % x for x in r["serve"]["server_ms"])))
        if r.get("load"):
            low, high = r["load"]
            p("  load average (1 min) before the runs: %.2f–%.2f%s" % (
                low, high, " — other processes were using the CPUs, so wall times are inflated"
                if high > (os.cpu_count() or 1) - 0.5 else ""))
        for note in r["notes"]:
            p("  - note: %s" % note)


# The targets of issue 17, judged from this run's medians.
NOOP_SHARE = 0.25      # a no-op rebuild at most this share of a full build ("far below")
LINEAR_SLACK = 1.25    # time per page at the largest size at most this times that at 200×85


def targets(rows, args, has_serve, hugo, floor_note):
    p = print
    by_name = {r["name"]: r for r in rows}
    lines = []

    def wall(r, key):
        return median([x["wall"] for x in r.get(key, [])])

    def add(target, measured, goal, met):
        lines.append((target, measured, goal, "yes" if met else ("—" if met is None else "**no**")))

    for name in ("50x85", "200x85"):
        r = by_name.get(name)
        if not r:
            continue
        label = name.replace("x", "×")
        build = wall(r, "build")
        if "hugo" in r:
            ratio = wall(r, "hugo") / build
            add("%s build: Hugo ÷ Stepwise (wall)" % label, "%.1f×" % ratio, "≥ 10×", ratio >= 10)
        else:
            add("%s build: Hugo ÷ Stepwise (wall)" % label, "not measured (%s)" % (
                "--no-hugo" if args.no_hugo else "hugo not on PATH"), "≥ 10×", None)
        if "floor" in r:
            ratio = build / wall(r, "floor")
            add("%s build: Stepwise ÷ C per-page floor (wall)" % label, "%.2f×" % ratio, "≤ 0.6×", ratio <= 0.6)
        else:
            add("%s build: Stepwise ÷ C per-page floor (wall)" % label, "not measured (%s)" % (
                floor_note or "--no-floor"), "≤ 0.6×", None)
    r = by_name.get("200x85")
    if r:
        check = wall(r, "check")
        add("200×85 `check` alone (wall)", fmt_s(check), "< 200 ms", check < 0.2)
        noop, build = wall(r, "noop"), wall(r, "build")
        add("200×85 no-op rebuild (wall)", "%s = %.2f× the build" % (fmt_s(noop), noop / build),
            "≤ %.2f× the build" % NOOP_SHARE, noop <= NOOP_SHARE * build)
        s = r.get("serve") or {}
        ms = s.get("server_ms") or []
        if has_serve and ms:
            worst = max(ms)
            add("200×85 one-page edit through the preview (server's rebuild, worst of %d)" % len(ms),
                "%.1f ms (write → reload median %s)" % (worst, fmt_s(median(s.get("latency") or [None]))),
                "< 50 ms", worst < 50)
        else:
            add("200×85 one-page edit through the preview", "not measured", "< 50 ms", None)
        rss = median([b["rss_kb"] for b in r["build"]])
        add("200×85 build peak RSS (with the search indexes)", fmt_mb(rss), "≤ 150 MB", rss <= 150 * 1024)
    sized = [r for r in rows if r["procedures"] and r["regions"] == 85 and r["procedures"] >= 200]
    if len(sized) >= 2:
        small, large = sized[0], sized[-1]
        per_small = wall(small, "build") / max(small["html"], 1)
        per_large = wall(large, "build") / max(large["html"], 1)
        add("linear time: build wall per page, %s ÷ %s" % (corpus(large), corpus(small)),
            "%.2f (%.0f µs vs %.0f µs per page)" % (per_large / per_small, per_large * 1e6, per_small * 1e6),
            "≤ %.2f" % LINEAR_SLACK, per_large / per_small <= LINEAR_SLACK)
    if not lines:
        return
    p()
    p("## Targets (issue 17), from this run")
    p()
    p("| target | measured | goal | met |")
    p("| --- | ---: | ---: | :---: |")
    for line in lines:
        p("| %s | %s | %s | %s |" % line)


if __name__ == "__main__":
    main(sys.argv[1:])
