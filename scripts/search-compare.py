#!/usr/bin/env python3
"""Stepwise's per-region search against Pagefind (PyPI pagefind-bin) on a synthetic corpus.

Not part of scripts/test.sh: it measures, it asserts nothing. Prints Markdown:
  - the build time of the corpus with this Stepwise and, with --baseline, with another binary
    (one without search), alternated run by run; medians of wall-clock and CPU time;
  - the size of every region's search-index.js and of the site's one search-pages.js,
    raw and gzipped (level 9);
  - Pagefind over the same built site: wall-clock, CPU, peak memory, index size;
  - the results of a fixed list of queries, in the region with the most pages: Stepwise's first
    results and Pagefind's (Pagefind indexes the whole site; its results are counted in the
    region and overall), both in headless Chromium from a local HTTP server (Pagefind needs one
    and WebAssembly).

Usage: scripts/search-compare.py path/to/stepwise [--baseline path/to/other-stepwise]
         [--procedures 85] [--regions 85] [--runs 5] [--times-only]
Needs PyPI's pagefind-bin (python3 -m pagefind_bin), selenium, Debian's chromium and
chromium-driver.
"""
import argparse
import gzip
import http.server
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

QUERIES = ["регистрация", "заявление", "архивной справки", "подтверждённую учётную запись",
           "пароль", "электронный дневник", "лагерь", "расписание", "согласие", "документы"]


def run_timed(command):
    """Runs command; wall seconds, CPU seconds (user+system) and peak memory (MB) of the child."""
    timed = ["/usr/bin/time", "-f", "%e %U %S %M"] + command
    done = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    wall, user, system, rss = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def build_times(binaries, corpus, work, runs):
    times = {name: [] for name in binaries}
    for run in range(runs):
        for name, binary in binaries.items():
            out = os.path.join(work, f"time-{name}")
            shutil.rmtree(out, ignore_errors=True)
            times[name].append(run_timed([binary, "build", "--site", corpus, "--output", out])[:2])
            shutil.rmtree(out, ignore_errors=True)
    print("\n## Build time (medians of %d alternated runs)\n" % runs)
    print("| binary | wall s | CPU s |\n|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(v[0] for v in values):.3f} | "
              f"{statistics.median(v[1] for v in values):.3f} |")
    if len(times) == 2:
        a, b = (statistics.median(v[1] for v in values) for values in times.values())
        c, d = (statistics.median(v[0] for v in values) for values in times.values())
        print(f"\nSearch adds {100 * (a - b) / b:+.1f}% CPU, {100 * (c - d) / d:+.1f}% wall.")


def sizes(public):
    rows = []
    for region in sorted(os.listdir(public)):
        path = os.path.join(public, region, "search-index.js")
        if os.path.exists(path):
            data = open(path, "rb").read()
            rows.append((region, len(data), len(gzip.compress(data, 9))))
    raw = [r[1] for r in rows]
    packed = [r[2] for r in rows]
    print("\n## Index size per region (%d regions)\n" % len(rows))
    print("| | raw KB | gzip -9 KB |\n|---|---|---|")
    for label, pick in (("smallest", min), ("median", statistics.median), ("largest", max)):
        print(f"| {label} | {pick(raw) / 1024:.1f} | {pick(packed) / 1024:.1f} |")
    print(f"| all regions | {sum(raw) / 1024:.0f} | {sum(packed) / 1024:.0f} |")
    for name in ("search-pages.js", "static/search.js"):
        data = open(os.path.join(public, name), "rb").read()
        print(f"\n{name}: {len(data) / 1024:.1f} KB raw, {len(gzip.compress(data, 9)) / 1024:.1f} KB gzipped, once for the site.")
    return max(rows, key=lambda r: r[1])[0]


def folder_size(folder):
    total = files = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(parent, name))
            files += 1
    return total, files


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def compare_results(public, region):
    handler = lambda *a, **k: Quiet(*a, directory=public, **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(600)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        driver.get(base + region + "/index.html")
        ours = driver.execute_async_script("""
            var done = arguments[1], queries = arguments[0], pending = 2;
            var form = document.querySelector('form.site-search');
            ['data-index', 'data-pages'].forEach(function (attribute) {
              var s = document.createElement('script');
              s.src = form.getAttribute(attribute);
              s.onload = function () {
                if (--pending) return;
                var api = self.stepwiseSearch;
                var index = api.prepare(self.stepwiseSearchPages, self.stepwiseSearchIndex);
                done(queries.map(function (q) {
                  var hits = api.search(index, q + ' ');
                  return [hits.length, hits.slice(0, 3).map(function (h) { return index.pages[h.page][0].split('/')[0]; })];
                }));
              };
              document.head.appendChild(s);
            });""", QUERIES)
        theirs = driver.execute_async_script("""
            var done = arguments[2], queries = arguments[0], region = arguments[1];
            import('/_pagefind/pagefind.js').then(async function (pf) {
              await pf.options({ excerptLength: 10 });
              var out = [];
              for (var q of queries) {
                var search = await pf.search(q);
                var urls = [];
                // The first 30 (data() loads a fragment per result; there are 85 copies of each page).
                for (var r of search.results.slice(0, 30)) { urls.push((await r.data()).url); }
                var mine = urls.filter(function (u) { return u.indexOf('/' + region + '/') === 0; });
                out.push([search.results.length, mine.length, mine.slice(0, 3).map(function (u) { return u.split('/')[2]; })]);
              }
              done(out);
            }).catch(function (e) { done(String(e)); });""", QUERIES, region)
    finally:
        driver.quit()
        server.shutdown()
    if isinstance(theirs, str):
        sys.exit(f"Pagefind search failed: {theirs}")
    print(f"\n## Results in {region}\n")
    print("| query | Stepwise: found in region | Stepwise first 3 | Pagefind: found (site) | Pagefind: in region among its first 30 | Pagefind first 3 in region |")
    print("|---|---|---|---|---|---|")
    for q, (n, top), (all_, mine, ptop) in zip(QUERIES, ours, theirs):
        print(f"| {q} | {n} | {', '.join(top)} | {all_} | {mine} | {', '.join(ptop)} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stepwise")
    parser.add_argument("--baseline")
    parser.add_argument("--procedures", type=int, default=85)
    parser.add_argument("--regions", type=int, default=85)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--times-only", action="store_true", help="only the build times")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = tempfile.mkdtemp(prefix="stepwise-search-compare-", dir=scratch)
    try:
        corpus = os.path.join(work, "corpus")
        subprocess.run([sys.executable, os.path.join(here, "generate-corpus.py"), "--procedures",
                        str(args.procedures), "--regions", str(args.regions), "--out", corpus],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"# Search on the {args.procedures}×{args.regions} corpus")
        binaries = {"stepwise": os.path.abspath(args.stepwise)}
        if args.baseline:
            binaries["baseline"] = os.path.abspath(args.baseline)
        build_times(binaries, corpus, work, args.runs)
        if args.times_only:
            return
        public = os.path.join(work, "public")
        subprocess.run([binaries["stepwise"], "build", "--site", corpus, "--output", public], check=True,
                       stdout=subprocess.DEVNULL)
        region = sizes(public)
        ours, _ = folder_size(public)
        pages = sum(1 for p, _, n in os.walk(public) for f in n if f.endswith(".html"))
        wall, cpu, rss = run_timed([sys.executable, "-m", "pagefind_bin", "--site", public,
                                    "--output-path", os.path.join(public, "_pagefind")])
        size, files = folder_size(os.path.join(public, "_pagefind"))
        print(f"\n## Pagefind over the built site ({pages} HTML files)\n")
        print(f"| | Pagefind |\n|---|---|\n| wall s | {wall:.2f} |\n| CPU s | {cpu:.2f} |\n"
              f"| peak memory MB | {rss:.0f} |\n| index | {size / 1024:.0f} KB in {files} files |")
        compare_results(public, region)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
