#!/usr/bin/env python3
"""Real-browser test of the site search (issue 15), in headless Chromium:

1. stemming parity: search.js's port of Snowball's Russian stemmer against Snowball's reference
   stems (Tests/StepwiseSearchTests/Fixtures/snowball-russian, the file libstemmer is held to by
   RussianStemmerTests);
2. a table of queries on the real site (content/) — region, query, the page that must be found
   (within the first N results), pages that must not appear — typed into the search box of the
   region's home, opened from disk (file://) and from a sub-path (/sub/path/) of a local HTTP
   server that sends a strict Content-Security-Policy (script-src 'self');
3. the keyboard: ArrowDown from the box reaches the first result, the count is announced in the
   live region;
4. with JavaScript off, the form leads to the region's A–Z list.

Usage: scripts/search-test.py path/to/stepwise [site-folder]
       scripts/search-test.py path/to/stepwise --measure CORPUS-SITE [--rate 4]
         (times queries on a built corpus with CPU throttling; prints figures, asserts nothing)
Needs Debian's chromium and chromium-driver and PyPI's selenium (scripts/install-dependencies.sh --test).
"""
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

VOCABULARY = "Tests/StepwiseSearchTests/Fixtures/snowball-russian"

# region slug, query, page that must be found, within the first N results, pages that must not appear
MOS, KLU, TA, TOM = "moskovskaya-oblast", "kaluzhskaya-oblast", "tatarstan", "tomskaya-oblast"
QUERIES = [
    (MOS, "регистрация", "register-gosuslugi", 2, ["sgo-link"]),
    (MOS, "регистрации", "register-gosuslugi", 2, ["sgo-link"]),
    (MOS, "регистрацией", "register-gosuslugi", 2, ["sgo-link"]),
    (MOS, "РЕГИСТРАЦИЯ", "register-gosuslugi", 2, ["sgo-link"]),
    (MOS, "регистр", "register-gosuslugi", 2, ["sgo-link"]),
    (TA, "согласие", "child-consent", 1, ["sgo-link", "esia-mosreg"]),
    (TA, "согласия", "child-consent", 1, ["sgo-link", "esia-mosreg"]),
    (MOS, "подтверждённая", "register-gosuslugi", 2, ["sgo-link"]),
    (MOS, "подтверждённую", "register-gosuslugi", 2, ["sgo-link"]),
    (MOS, "подтвержденную", "register-gosuslugi", 2, ["sgo-link"]),
    (MOS, "Подтверждённую учётную запись", "register-gosuslugi", 2, ["sgo-link"]),
    (KLU, "ребёнок", "child-account", 3, ["esia-mosreg", "sgo-link"]),
    (KLU, "РЕБЕНОК", "child-account", 3, ["esia-mosreg", "sgo-link"]),
    (KLU, "пароль ребёнка", "child-account", 2, ["esia-mosreg", "sgo-link"]),
    (MOS, "ИСУОД", "esia-mosreg", 1, ["sgo-link"]),
    (TOM, "исуод", None, 0, ["esia-mosreg"]),
    (TOM, "сетевой город", "sgo-link", 1, ["esia-mosreg"]),
    (MOS, "Сетевой Город", None, 0, ["sgo-link"]),
]


def fail(message):
    print(f"search test: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1000,800", "--allow-file-access-from-files"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


class StrictHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder with a Content-Security-Policy that forbids inline scripts and eval."""

    def end_headers(self):
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'")
        super().end_headers()

    def log_message(self, *args):
        pass


def serve(folder):
    handler = lambda *args, **kwargs: StrictHandler(*args, directory=folder, **kwargs)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def parity(driver, page_url):
    driver.get(page_url)
    with open(os.path.join(VOCABULARY, "voc.txt"), encoding="utf-8") as f:
        words = f.read().split("\n")
    with open(os.path.join(VOCABULARY, "output.txt"), encoding="utf-8") as f:
        stems = f.read().split("\n")
    pairs = [(w, s) for w, s in zip(words, stems) if w]
    if len(pairs) < 10000:
        fail(f"only {len(pairs)} words in {VOCABULARY}")
    got = []
    for start in range(0, len(pairs), 4000):
        chunk = [w for w, _ in pairs[start:start + 4000]]
        got += driver.execute_script(
            "return arguments[0].map(function (w) { return self.stepwiseSearch.stem(w); });", chunk)
    bad = [(w, g, s) for (w, s), g in zip(pairs, got) if g != s]
    if bad or len(got) != len(pairs):
        fail(f"search.js stems {len(bad)} of {len(pairs)} words unlike Snowball: {bad[:10]}")
    print(f"stemming parity: search.js = Snowball's reference on all {len(pairs)} words")


def results(driver, query, wait):
    """Types query into the box; the result slugs once the live region says how many."""
    box = driver.find_element(By.ID, "site-search-query")
    box.clear()
    driver.execute_script("document.getElementById('site-search-status').textContent = '';")
    box.send_keys(query)
    wait.until(lambda d: d.find_element(By.ID, "site-search-status").text.strip() != "")
    status = driver.find_element(By.ID, "site-search-status").text
    links = driver.find_elements(By.CSS_SELECTOR, "#site-search-results a")
    slugs = [urllib.parse.urlparse(a.get_attribute("href")).path.rstrip("/").split("/")[-2] for a in links]
    return slugs, status, links


def query_table(driver, home_of, where):
    wait = WebDriverWait(driver, 15)
    passed = 0
    rows = []
    for region, query, must, top, never in QUERIES:
        driver.get(home_of(region))
        slugs, status, links = results(driver, query, wait)
        shown = f"{where} {region} «{query}»: {slugs} ({status})"
        if must and must not in slugs[:top]:
            fail(f"{shown}: {must} is not within the first {top}")
        if not must and slugs:
            fail(f"{shown}: expected nothing")
        for slug in never:
            if slug in slugs:
                fail(f"{shown}: {slug} must not appear")
        if must:
            href = links[slugs.index(must)].get_attribute("href")
            if not href.startswith(home_of(region).rsplit("/", 1)[0] + "/" + must + "/"):
                fail(f"{shown}: the link {href} does not lead into the region")
        rows.append(f"| {region} | {query} | {must or '—'} | {', '.join(slugs[:4]) or '—'} |")
        passed += 1
    print(f"{where}: {passed} queries as expected")
    return rows


def keyboard(driver, home):
    wait = WebDriverWait(driver, 15)
    driver.get(home)
    slugs, status, links = results(driver, "согласие", wait)
    if not status.startswith("Найден"):
        fail(f"the live region says {status!r}")
    if driver.find_element(By.ID, "site-search-status").get_attribute("aria-live") != "polite":
        fail("the status is not a polite live region")
    driver.find_element(By.ID, "site-search-query").send_keys(Keys.ARROW_DOWN)
    if driver.switch_to.active_element != links[0]:
        fail("ArrowDown does not reach the first result")
    if len(links) > 1:
        links[0].send_keys(Keys.ARROW_DOWN)
        if driver.switch_to.active_element != links[1]:
            fail("ArrowDown does not move to the next result")
        links[1].send_keys(Keys.ARROW_UP)
    links[0].send_keys(Keys.ARROW_UP)
    if driver.switch_to.active_element.get_attribute("id") != "site-search-query":
        fail("ArrowUp from the first result does not return to the box")
    print(f"keyboard: ArrowDown/ArrowUp move between the box and {len(links)} results; status «{status}»")


def javascript_off(home):
    driver = browser(javascript=False)
    try:
        driver.get(home)
        box = driver.find_element(By.ID, "site-search-query")
        box.send_keys("согласие")
        driver.find_element(By.CSS_SELECTOR, "form.site-search button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "a-z.html" in d.current_url)
        heading = driver.find_element(By.TAG_NAME, "h1").text
        if not heading.startswith("Все инструкции от А до Я"):
            fail(f"JavaScript off: the form led to «{heading}» ({driver.current_url})")
        count = len(driver.find_elements(By.CSS_SELECTOR, "ul.a-z a"))
        if count == 0:
            fail("JavaScript off: the A–Z list is empty")
        print(f"JavaScript off: the form leads to {driver.current_url.split('/')[-2:]} «{heading}» ({count} instructions)")
    finally:
        driver.quit()


def console_errors(driver, where):
    errors = [e for e in driver.get_log("browser")
              if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]
    if errors:
        fail(f"{where}: browser errors: {errors[:3]}")


def measure(binary, corpus, rate):
    work = tempfile.mkdtemp(prefix="stepwise-search-measure-")
    try:
        public = os.path.join(work, "public")
        subprocess.run([binary, "build", "--site", corpus, "--output", public], check=True,
                       stdout=subprocess.DEVNULL)
        regions = sorted(d for d in os.listdir(public) if os.path.exists(os.path.join(public, d, "search-index.js")))
        region = max(regions, key=lambda d: os.path.getsize(os.path.join(public, d, "search-index.js")))
        driver = browser()
        try:
            driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": rate})
            driver.get("file://" + os.path.join(public, region, "index.html"))
            load = driver.execute_async_script("""
                var done = arguments[0], t0 = performance.now(), form = document.querySelector('form.site-search');
                var pending = 2;
                ['data-index', 'data-pages'].forEach(function (attribute) {
                  var s = document.createElement('script');
                  s.src = form.getAttribute(attribute);
                  s.onload = function () {
                    if (--pending) return;
                    var t1 = performance.now();
                    self.stepwiseSearch.index = self.stepwiseSearch.prepare(self.stepwiseSearchPages, self.stepwiseSearchIndex);
                    done([t1 - t0, performance.now() - t1, self.stepwiseSearch.index.pages.length]);
                  };
                  document.head.appendChild(s);
                });""")
            print(f"{region}: {load[2]} pages; index scripts (region's and site's pages) loaded in {load[0]:.1f} ms, prepared in {load[1]:.1f} ms (CPU ÷{rate})")
            queries = ["регистрация", "пароль", "согласие родителя", "подтверждённую учётную запись",
                       "электронный дневник", "рег", "школ", "госуслуги вход", "заявление", "ребёнок"]
            times = driver.execute_script("""
                var form = document.querySelector('form.site-search');
                var input = document.getElementById('site-search-query');
                return arguments[0].map(function (q) {
                  var best = 1e9, count = 0;
                  for (var r = 0; r < 5; r++) {
                    input.value = '';
                    form.requestSubmit();  // clears the results, so the next query is searched anew
                    input.value = q;
                    var t0 = performance.now();
                    form.requestSubmit();
                    best = Math.min(best, performance.now() - t0);
                    count = document.querySelectorAll('#site-search-results li').length;
                  }
                  return [q, best, count];
                });""", queries)
            for q, ms, count in times:
                print(f"  «{q}»: {ms:.1f} ms ({count} results shown)")
            print(f"slowest query: {max(t for _, t, _ in times):.1f} ms at CPU throttling ÷{rate}")
        finally:
            driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    binary = os.path.abspath(sys.argv[1])
    if len(sys.argv) > 3 and sys.argv[2] == "--measure":
        rate = int(sys.argv[sys.argv.index("--rate") + 1]) if "--rate" in sys.argv else 4
        measure(binary, sys.argv[3], rate)
        return
    source = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
    work = tempfile.mkdtemp(prefix="stepwise-search-")
    server = None
    driver = None
    try:
        public = os.path.join(work, "public")
        subprocess.run([binary, "build", "--site", source, "--output", public], check=True,
                       stdout=subprocess.DEVNULL)
        for region, _, must, _, never in QUERIES:
            if not os.path.exists(os.path.join(public, region, "search-index.js")):
                fail(f"no index for {region}")
        # Each page that must not appear is built somewhere, so the absence means something.
        for _, _, _, _, never in QUERIES:
            for slug in never:
                if not any(os.path.exists(os.path.join(public, r, slug, "index.html")) for r in os.listdir(public)):
                    fail(f"{slug} is built in no region")
        driver = browser()
        file_home = lambda region: "file://" + os.path.join(public, region, "index.html")
        parity(driver, file_home(MOS))
        rows = query_table(driver, file_home, "file://")
        console_errors(driver, "file://")

        www = os.path.join(work, "www")
        os.makedirs(os.path.join(www, "sub"))
        shutil.copytree(public, os.path.join(www, "sub", "path"))
        server = serve(www)
        port = server.server_address[1]
        http_home = lambda region: f"http://127.0.0.1:{port}/sub/path/{region}/index.html"
        query_table(driver, http_home, f"http://…/sub/path/ (CSP script-src 'self')")
        console_errors(driver, "http sub-path")
        keyboard(driver, http_home(TA))
        # The A–Z page given ?q= runs the query it was sent.
        driver.get(f"http://127.0.0.1:{port}/sub/path/{TA}/a-z.html?q=%D1%81%D0%BE%D0%B3%D0%BB%D0%B0%D1%81%D0%B8%D1%8F")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "site-search-status").text != "")
        if not driver.find_elements(By.CSS_SELECTOR, "#site-search-results a[href*='child-consent']"):
            fail("the A–Z page does not search for its ?q=")
        print("A–Z page: runs the ?q= it was sent")
        javascript_off(file_home(TA))
        print("| region | query | must find | first results |\n|---|---|---|---|")
        print("\n".join(rows))
    finally:
        if driver:
            driver.quit()
        if server:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    print("search test: passed")


if __name__ == "__main__":
    main()
