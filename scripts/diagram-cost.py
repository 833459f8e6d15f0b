#!/usr/bin/env python3
"""What Graphviz would cost for a site's flow diagrams, for comparison with Stepwise's own layout
(docs/diagrams.md). A measurement only: Stepwise never runs Graphviz.

    scripts/diagram-cost.py SITE [--built PUBLIC]

For every procedure with a page, writes the same graph Stepwise draws (start and end boxes, steps,
optional steps with a bypass edge, alternatives as parallel branches, included shared procedures
as clusters) in DOT, and runs `dot -Tsvg` on it as a child process, one after the other, as a
build would (Graphviz's C library is not thread-safe). Prints the count, the total and median wall
time, and the SVG bytes. With --built, also the count and bytes of Stepwise's inline diagrams in
a built site (each page's <figure class="diagram…">…</figure>, every region's copy).
Needs PyYAML and `dot` (Debian: python3-yaml, graphviz).
"""

import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import time

import yaml


def load(site):
    steps, procedures = {}, {}
    for path in sorted(glob.glob(os.path.join(site, "content", "flows", "*.yaml"))):
        text = open(path, encoding="utf-8").read()
        if "procedures:" not in text and "steps:" not in text:
            continue  # states, actors, systems: not drawn
        data = yaml.safe_load(text) or {}
        for step in data.get("steps") or []:
            steps[step["id"]] = step["title"]
        for procedure in data.get("procedures") or []:
            procedures[procedure["id"]] = procedure
    pages = set()
    for path in glob.glob(os.path.join(site, "content", "pages", "*.md")):
        match = re.search(r"^procedure:\s*(\S+)", open(path, encoding="utf-8").read(), re.M)
        if match:
            pages.add(match.group(1))
    return steps, procedures, pages


def dot_of(procedure, steps, procedures):
    lines = ['digraph G {', '  node [shape=box, fontsize=11];']
    counter = [0]

    def node(label, extra=""):
        counter[0] += 1
        name = "n%d" % counter[0]
        lines.append('  %s [label="%s"%s];' % (name, label.replace('"', '\\"'), extra))
        return name

    def sequence(entries, previous, walking):
        for entry in entries:
            if isinstance(entry, str):
                current = node(steps.get(entry, entry))
                lines.append("  %s -> %s;" % (previous, current))
                previous = current
            elif "optional" in entry:
                current = node(steps.get(entry["optional"], ""), ", style=dashed")
                join = node("", ", shape=point")
                lines.append("  %s -> %s; %s -> %s; %s -> %s [style=dashed];"
                             % (previous, current, current, join, previous, join))
                previous = join
            elif "one-of" in entry:
                join = node("", ", shape=point")
                for alternative in entry["one-of"]:
                    alternative = alternative if isinstance(alternative, list) else [alternative]
                    last = sequence(alternative, previous, walking)
                    lines.append("  %s -> %s;" % (last, join))
                previous = join
            elif "procedure" in entry:
                included = procedures.get(entry["procedure"])
                if included is None or included["id"] in walking:
                    continue
                counter[0] += 1
                lines.append('  subgraph cluster_%d { label="%s";'
                             % (counter[0], included["title"].replace('"', '\\"')))
                previous = sequence(included.get("steps") or [], previous,
                                    walking | {included["id"]})
                lines.append("  }")
        return previous

    start = node("Начало", ", shape=box, style=rounded")
    last = sequence(procedure.get("steps") or [], start, {procedure["id"]})
    end = node("Результат", ", shape=box, style=rounded")
    lines.append("  %s -> %s;" % (last, end))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--built")
    args = parser.parse_args()
    steps, procedures, pages = load(args.site)
    times, sizes = [], []
    for procedure_id in sorted(pages):
        procedure = procedures.get(procedure_id)
        if procedure is None:
            continue
        source = dot_of(procedure, steps, procedures)
        started = time.perf_counter()
        svg = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True,
                             check=True).stdout
        times.append(time.perf_counter() - started)
        sizes.append(len(svg))
    print("dot -Tsvg: %d procedures, total %.3f s, median %.1f ms, max %.1f ms, %d bytes of SVG"
          % (len(times), sum(times), statistics.median(times) * 1000, max(times) * 1000,
             sum(sizes)))
    if args.built:
        count, total = 0, 0
        pattern = re.compile(rb'<figure class="diagram.*?</figure>', re.S)
        for root, _, files in os.walk(args.built):
            for name in files:
                if name.endswith(".html"):
                    for match in pattern.finditer(open(os.path.join(root, name), "rb").read()):
                        count += 1
                        total += len(match.group(0))
        print("stepwise inline diagrams: %d in %s, %d bytes (%.0f per page)"
              % (count, args.built, total, total / count if count else 0))


if __name__ == "__main__":
    sys.exit(main())
