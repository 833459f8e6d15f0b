#!/usr/bin/env python3
"""Accessibility, reflow and print test of the built site in headless Chromium.

Builds the real site into a temporary folder, opens pages from disk (file://, as a reader with a
copy would) and checks:
  - no horizontal scrolling at 1366x900, 390x844, 683x900 (1366 at 200% zoom) and 320x800
    (1280 at 400% zoom, WCAG 1.4.10 Reflow), also in the «Версия для слабовидящих»;
  - axe-core (PyPI's axe-selenium-python, which vendors axe.min.js): 0 violations;
  - every instruction page has its step-by-step navigation with the current page marked;
  - printed to PDF (Chrome DevTools Page.printToPDF): A4 pages, the page's address and
    «Обновлено» on the first page, and no last page holding only the footer.

Usage: scripts/a11y-test.py path/to/stepwise [site-folder] [screenshot-folder]
Needs chromium, chromium-driver, poppler-utils and PyPI's selenium and axe-selenium-python
(scripts/install-dependencies.sh --test).
"""
import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

SIZES = [(1366, 900), (390, 844), (683, 900), (320, 800)]
PAGES = [
    "index.html",
    "moskovskaya-oblast/index.html",
    "moskovskaya-oblast/register-gosuslugi/index.html",
    "moskovskaya-oblast/child-account/index.html",
    "tomskaya-oblast/sgo-link/index.html",
    "404.html",
]
PRINTED = ["moskovskaya-oblast/child-account/index.html", "moskovskaya-oblast/index.html"]
failures = []


def fail(message):
    print(f"a11y test: FAILED: {message}", file=sys.stderr)
    failures.append(message)


def overflow(driver):
    return driver.execute_script(
        "const e = document.documentElement; return e.scrollWidth - e.clientWidth;")


def main():
    binary = os.path.abspath(sys.argv[1])
    source = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
    shots = sys.argv[3] if len(sys.argv) > 3 else None
    work = tempfile.mkdtemp(prefix="stepwise-a11y-")
    driver = None
    try:
        public = os.path.join(work, "public")
        subprocess.run([binary, "build", "--site", source, "--output", public], check=True)
        pages = sorted(
            os.path.relpath(os.path.join(folder, name), public)
            for folder, _, names in os.walk(public) for name in names if name == "index.html")
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         "--allow-file-access-from-files", "--hide-scrollbars"):
            options.add_argument(argument)
        driver = webdriver.Chrome(
            service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        driver.set_script_timeout(60)
        axe = Axe(driver)

        # Every instruction page shows its journey with itself marked (JavaScript plays no part).
        for page in pages:
            if page.count("/") != 2:
                continue
            with open(os.path.join(public, page), encoding="utf-8") as file:
                html = file.read()
            if 'class="sbs-nav"' not in html or html.count('aria-current="step"') != 1:
                fail(f"{page}: no step-by-step navigation with one aria-current=\"step\"")
        print(f"step-by-step navigation on {sum(p.count('/') == 2 for p in pages)} instruction pages")

        for page in PAGES:
            url = "file://" + os.path.join(public, page)
            for mode in ("", "#slabovid"):
                for width, height in SIZES:
                    driver.set_window_size(width, height)
                    driver.get(url + mode)
                    driver.execute_script("return document.readyState")
                    extra = overflow(driver)
                    if extra > 0:
                        fail(f"{page}{mode} at {width}x{height}: scrolls {extra} px sideways")
                    if shots and mode == "" and page in PRINTED:
                        name = page.replace("/", "_").replace(".html", "")
                        driver.save_screenshot(os.path.join(shots, f"{name}-{width}.png"))
                    if shots and mode and width == 1366 and page in PRINTED:
                        name = page.replace("/", "_").replace(".html", "")
                        driver.save_screenshot(os.path.join(shots, f"{name}-slabovid.png"))
                driver.set_window_size(1366, 900)
                driver.get(url + mode)
                axe.inject()
                results = axe.run()
                for violation in results["violations"]:
                    nodes = ", ".join(n["target"][0] for n in violation["nodes"][:3])
                    fail(f"{page}{mode}: axe {violation['id']} ({violation['impact']}): "
                         f"{violation['help']} at {nodes}")
            print(f"{page}: no sideways scrolling at {len(SIZES)} sizes (also for the low-vision "
                  "version); axe-core: checked")

        for page in PRINTED:
            driver.get("file://" + os.path.join(public, page))
            pdf = driver.execute_cdp_cmd(
                "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
            data = base64.b64decode(pdf["data"])
            path = os.path.join(shots or work, page.replace("/", "_").replace(".html", ".pdf"))
            with open(path, "wb") as file:
                file.write(data)
            boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
            if not boxes or any(abs(float(w) - 595.3) > 1 or abs(float(h) - 841.9) > 1
                                for w, h in boxes):
                fail(f"{page}: printed pages are not A4: {boxes[:3]}")
            text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True,
                                  text=True, check=True).stdout
            sheets = text.split("\f")
            sheets = [s for s in sheets if s.strip()]
            first = sheets[0] if sheets else ""
            if "https://" not in first or "Обновлено" not in first:
                fail(f"{page}: the first printed page lacks the page's address or «Обновлено»")
            last = sheets[-1] if sheets else ""
            lines = [line for line in last.splitlines() if line.strip()]
            body = [line for line in lines if not re.search(
                r"Министерство|Телефон|Электронная почта|Адрес|Куда обращаться|Служба поддержки|"
                r"Обратная связь|gosuslugi\.ru/feedback", line)]
            if len(sheets) > 1 and not body:
                fail(f"{page}: the last printed page holds only the footer")
            print(f"{page}: printed to {len(sheets)} A4 page(s)")
    finally:
        if driver:
            driver.quit()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(1)
    print("a11y test: passed")


if __name__ == "__main__":
    main()
