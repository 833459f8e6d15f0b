#!/usr/bin/env python3
"""Measures how many realistic editor mistakes `stepwise check` catches (issue 13).

Copies the real site (content/ and templates/) into a scratch folder, checks that the copy is
clean, then applies each mistake and each harmless edit one at a time, runs
`stepwise check --strict` on the copy and restores the file. A mistake is caught when the check
reports anything; a harmless edit is a false positive when it reports anything.

Usage: scripts/mistakes.py [--stepwise .build/debug/stepwise] [--verbose] [--jobs N]
Exit status 1 when a mistake is missed or a harmless edit is flagged.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = "2026-12-01"
PAGES = sorted(os.listdir(os.path.join(ROOT, "content/pages")))
FLOWS = sorted(os.listdir(os.path.join(ROOT, "content/flows")))
# The site's own address, as content/site.yaml gives it (a link to it is `link-own-site`).
BASE_URL = re.search(
    r"^base-url:\s*(\S+?)/?\s*$", open(os.path.join(ROOT, "content/site.yaml"), encoding="utf-8").read(), re.M
).group(1) + "/"


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def page(name):
    return "content/pages/" + name


def flow(name):
    return "content/flows/" + name


def sub_once(pattern, replacement, flags=0, nth=0):
    """A transform replacing the nth match of a regular expression (None when there is none)."""

    def transform(text):
        matches = list(re.finditer(pattern, text, flags))
        if len(matches) <= nth:
            return None
        m = matches[nth]
        new = m.expand(replacement) if isinstance(replacement, str) else replacement(m)
        return text[: m.start()] + new + text[m.end() :]

    return transform


def markers(text):
    return re.findall(r"^(\s*)(\d+)\. \{#([a-z0-9-]+)\}", text, re.M)


def body_start(text):
    return text.index("\n---\n", 4) + 5


def in_body(transform):
    """Applies a transform to the body only (front matter left alone)."""

    def wrapped(text):
        start = body_start(text)
        new = transform(text[start:])
        return None if new is None else text[:start] + new

    return wrapped


def front(key, transform):
    """Applies a transform to the value of one front matter key."""

    def wrapped(text):
        m = re.search(r"^(%s: )(.*)$" % key, text, re.M)
        if not m or m.start() > body_start(text):
            return None
        value = transform(m.group(2))
        return None if value is None else text[: m.start(2)] + value + text[m.end(2) :]

    return wrapped


def typo(word):
    """A realistic one-letter slip: drops a letter near the middle."""
    i = len(word) // 2
    return word[:i] + word[i + 1 :]


def add_sentence(sentence, after_line_containing=None):
    """Appends a paragraph after the first paragraph of the body."""

    def transform(text):
        start = body_start(text)
        end = text.index("\n\n", start + 1)
        return text[:end] + "\n\n" + sentence + text[end:]

    return transform


def applicable(out):
    """An adder that keeps only edits that change the file (a pattern that matches nothing is a
    harness bug, listed by --verbose)."""

    def add(name, path, transform):
        original = read(path)
        edited = transform(original)
        if edited is None or edited == original:
            NOT_APPLICABLE.append(name)
            return
        out.append((name, path, transform))

    return add


NOT_APPLICABLE = []


def optional_steps():
    ids = set()
    for f in FLOWS:
        ids.update(re.findall(r"optional: ([a-z0-9-]+)", read(flow(f))))
    return ids


def declared_labels():
    labels = set()
    for m in re.finditer(r"labels: \[(.*)\]", read(flow("systems.yaml"))):
        for label in re.findall(r'"[^"]*"|[^,]+', m.group(1)):
            labels.add(label.strip().strip('"'))
    return labels


def label_in_step(text):
    """The first «label» (declared on a screen) written inside a step list item, as (start, end)."""
    labels = declared_labels()
    start = body_start(text)
    in_step = False
    offset = start
    for line in text[start:].split("\n"):
        if re.match(r"^\d+\. \{#", line):
            in_step = True
        elif line and not line.startswith(" "):
            in_step = False
        if in_step:
            for m in re.finditer(r"«([^«»]+)»", line):
                if m.group(1) in labels:
                    return offset + m.start(), offset + m.end(), m.group(1)
        offset += len(line) + 1
    return None


def label_requoted(text):
    found = label_in_step(text)
    if not found:
        return None
    start, end, label = found
    return text[:start] + "“" + label + "”" + text[end:]


def mistakes():
    out = []
    add = applicable(out)
    optional = optional_steps()
    only_moscow = {"esia-mosreg.md"}

    for name in PAGES:
        text = read(page(name))
        found = markers(text)
        top = [m for m in found if m[0] == ""]
        required = [m for m in top if m[2] not in optional]
        first_id = top[0][2]
        last_id = required[-1][2]
        add(f"{name}: marker typo", page(name), sub_once(r"\{#" + first_id + r"\}", "{#" + typo(first_id) + "}"))
        add(f"{name}: marker with a space", page(name), sub_once(r"\{#" + first_id + r"\}", "{# " + first_id + "}"))
        add(f"{name}: marker deleted", page(name), sub_once(r"\{#" + required[1 if len(required) > 1 else 0][2] + r"\} ", ""))
        add(f"{name}: marker of an optional step deleted", page(name), sub_once(r"^(\d+\. )\{#(" + "|".join(optional) + r")\} ", r"\1", re.M))
        add(f"{name}: last step deleted", page(name), delete_item(last_id))
        if len(top) >= 3:
            add(f"{name}: number skipped", page(name), sub_once(r"^2\. \{#", "3. {#", re.M))
        add(f"{name}: two steps swapped", page(name), swap_markers(top[0][2], top[1][2]))
        add(f"{name}: step written twice", page(name), sub_once(r"\{#" + top[1][2] + r"\}", "{#" + top[0][2] + "}"))
        add(f"{name}: steps as paragraphs", page(name), as_paragraphs)
        add(f"{name}: a step joined to the line above", page(name), sub_once(r"\n(2\. \{#)", r" \1"))
        if name not in only_moscow:
            add(f"{name}: phone of a region pasted", page(name), add_sentence("Телефон для справок: 8 (498) 602-11-11."))
            add(f"{name}: e-mail of a region pasted", page(name), add_sentence("Вопросы присылайте на minobr@mosreg.ru."))
            add(f"{name}: title with a phone", page(name), front("title", lambda v: v + " (тел. 8 (498) 602-11-11)"))
            add(f"{name}: summary with an e-mail", page(name), front("summary", lambda v: v + " Почта: minobr@mosreg.ru"))
        add(f"{name}: region URL pasted", page(name), add_sentence("Портал услуг: https://uslugi.mosreg.ru/."))
        add(f"{name}: own site URL pasted", page(name), add_sentence(f"Подробнее: [инструкция]({BASE_URL}tomskaya-oblast/register-gosuslugi/)."))
        add(f"{name}: undeclared variable in text", page(name), add_sentence("Обратитесь в {{ministry-nmae}}."))
        add(f"{name}: title with an undeclared variable", page(name), front("title", lambda v: v + " — {{region-nmae}}"))
        add(f"{name}: summary with a region URL", page(name), front("summary", lambda v: v + " Портал: https://uslugi.mosreg.ru/"))
        add(f"{name}: procedure misspelt", page(name), front("procedure", typo))
        add(f"{name}: front matter closing line removed", page(name), sub_once(r"\n---\n", "\n\n"))
        add(f"{name}: front matter key without a space", page(name), sub_once(r"^procedure: ", "procedure:", re.M))
        add(f"{name}: regions as a scalar", page(name), sub_once(r"^(procedure: .*)$", r"\1\nregions: RU-MOS", re.M))
        add(f"{name}: label in “quotes”", page(name), label_requoted)
        add(f"{name}: review date passed", page(name), front("review-by", lambda v: "2026-01-31"))
        add(f"{name}: broken link", page(name), broken_link)
    # Labels: a letter dropped in a button name the screens list.
    for name, *label in [
        ("register-gosuslugi.md", "Зарегистрироваться"),
        ("child-account.md", "Семья и дети", 1),
        ("child-account.md", "Продолжить"),
        ("link-child-account.md", "Привязать"),
        ("login-ejournal-esia.md", "Предоставить"),
        ("child-consent.md", "Разрешения"),
    ]:
        label, nth = (label + [0])[:2]
        add(f"{name}: label «{label}» misspelt", page(name), sub_once("«" + label + "»", "«" + typo(label) + "»", nth=nth))
    # Variables.
    for name, variable in [
        ("esia-mosreg.md", "ministry-name"),
        ("esia-mosreg.md", "uslugi-portal-url"),
        ("esia-mosreg.md", "ministry-phone"),
        ("login-organizaciya-obucheniya.md", "myschool-url"),
    ]:
        add(f"{name}: {{{{{variable}}}}} misspelt", page(name), sub_once(r"\{\{" + variable + r"\}\}", "{{" + typo(variable) + "}}"))
    add("login-organizaciya-obucheniya.md: Moscow's URL instead of the variable", page("login-organizaciya-obucheniya.md"),
        sub_once(r"\{\{myschool-url\}\}", "https://myschool.mosreg.ru"))
    add("esia-mosreg.md: title with a declared variable misspelt", page("esia-mosreg.md"),
        front("title", lambda v: v + " ({{ministry-nmae}})"))
    # Flows: effects removed, ids misspelt, YAML broken.
    effects = [(f, m.start()) for f in FLOWS for m in re.finditer(r"\n    effects:\n      [a-z-]+: [a-z]+", read(flow(f)))]
    for index, (f, _) in enumerate(effects):
        nth = sum(1 for g, _ in effects[:index] if g == f)
        add(f"{f}: effect {nth + 1} removed", flow(f), sub_once(r"\n    effects:\n      [a-z-]+: [a-z]+", "", nth=nth))
    for f in FLOWS:
        text = read(flow(f))
        steps = re.findall(r"^      - ([a-z][a-z0-9-]+)$", text, re.M)
        if steps:
            add(f"{f}: procedure step id misspelt", flow(f), sub_once(r"^      - " + steps[-1] + "$", "      - " + typo(steps[-1]), re.M))
        add(f"{f}: a line indented with a tab", flow(f), sub_once(r"^    title:", "\ttitle:", re.M))
        add(f"{f}: a line indented one space more", flow(f), sub_once(r"^    title:", "     title:", re.M, nth=1))
        add(f"{f}: a list item dedented", flow(f), sub_once(r"^  - id:", " - id:", re.M, nth=1))
        if "requires:" in text and "esia-account:" in text:
            add(f"{f}: a required value misspelt", flow(f), sub_once(r"esia-account: \[simplified", "esia-account: [simplifed"))
        if "actor: parent" in text:
            add(f"{f}: actor misspelt", flow(f), sub_once(r"actor: parent", "actor: parnet"))
    add("gosuslugi.yaml: an alternative moved out of one-of", flow("gosuslugi.yaml"),
        sub_once(r"          - gosuslugi-confirm-signature\n", ""))
    add("gosuslugi.yaml: requirement value narrowed", flow("gosuslugi.yaml"),
        sub_once(r"(id: gosuslugi-enter-credentials\n(?:.*\n){3}    requires:\n      esia-account: )\[simplified, standard, confirmed\]", r"\1confirmed"))
    add("systems.yaml: a label removed", flow("systems.yaml"), sub_once(r", Зарегистрироваться\]", "]"))
    add("systems.yaml: other-names as a scalar", flow("systems.yaml"), sub_once(r"other-names: \[ЕСИА,[^\]]*\]", "other-names: ЕСИА"))
    add("states.yaml: a value removed", flow("states.yaml"), sub_once(r"values: \[none, simplified, standard, confirmed\]", "values: [none, simplified, confirmed]"))
    # Regions.
    regions = "content/regions.yaml"
    add("regions.yaml: Moscow's URL given to Tatarstan", regions, sub_once(r"https://ms-edu.tatar.ru", "https://myschool.mosreg.ru"))
    add("regions.yaml: a system misspelt", regions, sub_once(r"systems: \[ais-sgo\]", "systems: [ais-sg]"))
    add("regions.yaml: systems as a scalar", regions, sub_once(r"systems: \[moya-shkola, uslugi-mosreg\]", "systems: moya-shkola, uslugi-mosreg"))
    add("regions.yaml: a phone that is no phone", regions, sub_once(r"ministry-phone: 8 \(498\) 602-11-11", "ministry-phone: Красногорск"))
    add("regions.yaml: an URL with http", regions, sub_once(r"https://myschool.72to.ru", "http://myschool.72to.ru"))
    add("regions.yaml: a slug reused", regions, sub_once(r"slug: dagestan", "slug: tatarstan"))
    add("regions.yaml: a variable misspelt", regions, sub_once(r"      ministry-fax:", "      ministry-fxa:"))
    add("regions.yaml: a variable line indented with a tab", regions, sub_once(r"^      myschool-url: https://ms-edu", "\tmyschool-url: https://ms-edu", re.M))
    add("site.yaml: contact phone that is no phone", "content/site.yaml", sub_once(r"phone: 8 800 100-70-10", "phone: звоните"))
    return out


def delete_item(marker_id):
    """Deletes a top-level list item (its line and its indented continuation lines)."""

    def transform(text):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if re.match(r"^\d+\. \{#" + re.escape(marker_id) + r"\}", line):
                j = i + 1
                while j < len(lines) and (lines[j].startswith("   ") or lines[j] == "") and not (
                    lines[j] == "" and (j + 1 >= len(lines) or not lines[j + 1].startswith("   "))
                ):
                    j += 1
                return "\n".join(lines[:i] + lines[j:])
        return None

    return transform


def swap_markers(a, b):
    def transform(text):
        if "{#" + a + "}" not in text or "{#" + b + "}" not in text:
            return None
        return text.replace("{#" + a + "}", "\0").replace("{#" + b + "}", "{#" + a + "}").replace("\0", "{#" + b + "}")

    return transform


def as_paragraphs(text):
    """Rewrites the top-level numbered list as «Шаг N. {#id} …» paragraphs."""
    start = body_start(text)
    body = text[start:]
    new, count = re.subn(r"^(\d+)\. (\{#[a-z0-9-]+\})", r"\nШаг \1. \2", body, flags=re.M)
    return text[:start] + new if count else None


def broken_link(text):
    return sub_once(r"\]\(([a-z-]+)\.md", lambda m: "](" + typo(m.group(1)) + ".md")(text)


def harmless():
    out = []
    add = applicable(out)

    for name in PAGES:
        add(f"{name}: a sentence added", page(name), add_sentence("Если что-то не получается, повторите попытку позже."))
        add(f"{name}: a word replaced in prose", page(name), in_body(sub_once(r"\bнужно\b|\bможно\b|\bпосле\b", lambda m: {"нужно": "необходимо", "можно": "возможно", "после": "по окончании"}[m.group(0)])))
        add(f"{name}: summary reworded", page(name), front("summary", lambda v: v.rstrip(".") + " — кратко."))
        add(f"{name}: review date moved", page(name), front("review-by", lambda v: "2027-12-31"))
        add(f"{name}: a line rewrapped", page(name), in_body(sub_once(r"([а-яё,]) ([а-яё]+)\n([а-яё])", r"\1\n\2 \3")))
        add(f"{name}: a typo fixed in prose", page(name), in_body(sub_once(r"\bучётной записи\b", "учётной  записи")))
        add(f"{name}: emphasis added", page(name), in_body(sub_once(r"\bГосуслуг\b", "*Госуслуг*")))
    for f in FLOWS:
        add(f"{f}: a comment added", flow(f), lambda t: "# Edited by the content team.\n" + t)
        add(f"{f}: a step title reworded", flow(f), sub_once(r"^    title: (.*)$", r"    title: \1 (обновлено)", re.M))
    add("child-consent.md: optional bullets reordered", page("child-consent.md"), reorder_bullets)
    add("register-gosuslugi.md: optional bullets reordered", page("register-gosuslugi.md"), reorder_bullets)
    add("regions.yaml: a region name reworded", "content/regions.yaml", sub_once(r"name: Республика Татарстан", "name: Республика Татарстан (Татарстан)"))
    add("site.yaml: description reworded", "content/site.yaml", sub_once(r"^description: (.*)$", r"description: \1 Обновлено.", re.M))
    return out


def reorder_bullets(text):
    """Swaps the first two adjacent single-line bullets of a nested list."""
    m = re.search(r"^(   - [^\n]+)\n(   - [^\n]+)\n", text, re.M)
    if not m:
        return None
    return text[: m.start()] + m.group(2) + "\n" + m.group(1) + "\n" + text[m.end() :]


def run_check(stepwise, site):
    result = subprocess.run(
        [stepwise, "check", "--site", site, "--strict", "--today", TODAY, "--format", "json"],
        capture_output=True,
        text=True,
    )
    try:
        found = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        found = [{"rule": "?", "message": result.stdout + result.stderr}]
    if isinstance(found, dict):
        found = found.get("diagnostics", [])
    return result.returncode, found


def trial(args):
    stepwise, case, kind = args
    name, path, transform = case
    scratch = tempfile.mkdtemp(prefix="stepwise-mistake-")
    try:
        site = os.path.join(scratch, "site")
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(site, "content"))
        shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(site, "templates"))
        original = read(path)
        edited = transform(original)
        if edited is None or edited == original:
            return kind, name, None, []
        with open(os.path.join(site, path), "w", encoding="utf-8") as f:
            f.write(edited)
        status, found = run_check(stepwise, site)
        return kind, name, status, found
    finally:
        shutil.rmtree(scratch)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stepwise", default=os.path.join(ROOT, ".build/debug/stepwise"))
    parser.add_argument("--verbose", action="store_true", help="print every finding")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    status, found = run_check(args.stepwise, ROOT)
    if status != 0 or found:
        print("the real content is not clean; fix it first:", found, file=sys.stderr)
        return 2

    cases = [(args.stepwise, c, "mistake") for c in mistakes()]
    cases += [(args.stepwise, c, "harmless") for c in harmless()]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(trial, cases))

    caught, missed, flagged, clean, skipped, counts = [], [], [], [], [], []
    for kind, name, status, found in results:
        if status is None:
            skipped.append(f"{kind}: {name}")
            continue
        if kind == "mistake":
            (caught if found else missed).append((name, found))
            if found:
                counts.append(len(found))
        else:
            (flagged if found else clean).append((name, found))
        if args.verbose:
            print(f"{kind}: {name}: {len(found)} finding(s)")
            for d in found:
                print(f"    {d.get('file')}:{d.get('line')}:{d.get('column')}: {d.get('severity')}: {d.get('message')} [{d.get('rule')}]")

    total = len(caught) + len(missed)
    print(f"mistakes: {total}, caught {len(caught)} ({100 * len(caught) / max(total, 1):.1f}%), missed {len(missed)}")
    print(f"harmless edits: {len(flagged) + len(clean)}, flagged {len(flagged)}")
    single = sum(1 for c in counts if c == 1)
    print(f"caught with exactly one finding: {single} of {len(caught)}")
    for name in skipped + NOT_APPLICABLE:
        print(f"not applicable (skipped): {name}")
    for name, _ in missed:
        print(f"MISSED: {name}")
    for name, found in flagged:
        print(f"FLAGGED: {name}: " + "; ".join(f"{d.get('rule')}: {d.get('message')}" for d in found))
    return 1 if missed or flagged else 0


if __name__ == "__main__":
    sys.exit(main())
