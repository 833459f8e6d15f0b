#!/usr/bin/env python3
"""Real-browser test of `stepwise serve`: headless Chromium opens a preview page, the test edits
the Markdown file, and the page shows the new text without being told to reload. Then a broken
edit shows the error overlay (in Russian: heading, message and button), the fix removes it, and the region switcher opens the same page in
another region.

Usage: scripts/browser-test.py path/to/stepwise [site-folder]
Needs Debian's chromium and chromium-driver and PyPI's selenium (scripts/install-dependencies.sh --test).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

PAGE = "content/pages/register-gosuslugi.md"
PATH = "moskovskaya-oblast/register-gosuslugi/"


def fail(message):
    print(f"browser test: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    binary = os.path.abspath(sys.argv[1])
    source = sys.argv[2] if len(sys.argv) > 2 else "."
    work = tempfile.mkdtemp(prefix="stepwise-browser-")
    site = os.path.join(work, "site")
    shutil.copytree(os.path.join(source, "content"), os.path.join(site, "content"))
    serve = subprocess.Popen(
        [binary, "serve", "--site", site, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = None
    try:
        line = serve.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            fail(f"serve printed no address: {line!r} {serve.stderr.read()}")
        base = match.group(0)

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,700"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 20)

        driver.get(base + PATH)
        heading = driver.find_element(By.TAG_NAME, "h1").text
        print(f"opened {base + PATH}: «{heading}»")
        # Wait until the page's event stream is connected (the server counts it).
        wait.until(lambda d: d.execute_script(
            "return performance.getEntriesByType('resource').some(e => e.name.includes('/__stepwise/events'))"
            " || document.readyState === 'complete'"))
        time.sleep(0.5)
        driver.execute_script("window.scrollTo(0, 600); window.stepwiseMarker = 'before the edit';")
        scrolled = driver.execute_script("return window.scrollY")

        # 1. An edit of the Markdown file shows up without any action in the browser.
        sentence = "Этот абзац добавлен проверкой в настоящем браузере."
        with open(os.path.join(site, PAGE), "a", encoding="utf-8") as page:
            page.write(f"\n{sentence}\n")
        started = time.monotonic()
        wait.until(lambda d: sentence in d.find_element(By.TAG_NAME, "body").text)
        print(f"edit shown after {time.monotonic() - started:.2f} s")
        if driver.execute_script("return window.stepwiseMarker") is not None:
            fail("the page was not reloaded (old window state survived)")
        if driver.current_url != base + PATH:
            fail(f"the reload changed the address to {driver.current_url}")
        now = driver.execute_script("return window.scrollY")
        if scrolled > 0 and abs(now - scrolled) > 5:
            fail(f"scroll position lost: {scrolled} before, {now} after")
        print(f"same page, scroll kept ({now}px)")

        # 2. A broken edit: the overlay lists the error; the fix removes it.
        path = os.path.join(site, PAGE)
        good = open(path, encoding="utf-8").read()
        with open(path, "w", encoding="utf-8") as page:
            page.write(good.replace("procedure: register-gosuslugi", "procedure: register-gosuslugy", 1))
        wait.until(lambda d: d.find_elements(By.ID, "stepwise-overlay"))
        overlay = driver.find_element(By.ID, "stepwise-overlay").text
        if PAGE + ":3:" not in overlay:
            fail(f"the overlay does not name {PAGE}:3: {overlay[:300]}")
        # The preview speaks Russian (serve runs without --lang): the heading, the message from
        # the catalogue, the button; the rule id stays.
        heading = overlay.splitlines()[0]
        if not re.fullmatch(r"(\d+) (ошибка|ошибки|ошибок) в содержании", heading):
            fail(f"the overlay's heading is not Russian: {heading!r}")
        count = int(heading.split()[0])
        form = ("ошибка" if count % 10 == 1 and count % 100 != 11 else
                "ошибки" if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14) else "ошибок")
        if heading.split()[1] != form:
            fail(f"wrong plural in the overlay's heading: {heading!r}")
        for expected in ("процедура «register-gosuslugy» не объявлена",
                         "может быть, «register-gosuslugi»?", "[page-procedure]", "Скрыть"):
            if expected not in overlay:
                fail(f"the overlay lacks «{expected}»: {overlay[:500]}")
        if "unknown procedure" in overlay:
            fail(f"the overlay shows the English message: {overlay[:500]}")
        for word in re.findall(r"[^\W\d_]+", overlay):
            if re.search("[а-яё]", word, re.I) and re.search("[a-z]", word, re.I):
                fail(f"a Latin letter inside the Russian word «{word}» in the overlay")
        print("overlay shown in Russian: " + " / ".join(overlay.splitlines()[:3]))
        with open(path, "w", encoding="utf-8") as page:
            page.write(good)
        wait.until(lambda d: not d.find_elements(By.ID, "stepwise-overlay"))
        print("overlay gone after the fix")

        # 3. The region switcher: the same page in another region.
        Select(driver.find_element(By.CSS_SELECTOR, "#stepwise-bar select")).select_by_visible_text("Калужская область")
        wait.until(lambda d: "/kaluzhskaya-oblast/register-gosuslugi/" in d.current_url)
        print(f"region switcher opened {driver.current_url}")
        print("browser test: passed")
    finally:
        if driver is not None:
            driver.quit()
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serve.kill()
            fail("serve did not stop on SIGINT")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
