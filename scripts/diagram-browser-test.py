#!/usr/bin/env python3
"""Real-browser test of the flow diagrams: headless Chromium opens built instruction pages from
disk at desktop and phone sizes and checks what a reader sees:
  - every line of text of the diagram lies inside its box (the per-character width estimate of
    DiagramLayout is on the safe side with the fonts this browser has);
  - the figure never makes the page scroll sideways (WCAG reflow): a wide diagram scrolls inside
    its own figure, and the diagram's text is drawn at 12 CSS px or more;
and saves a screenshot of each page at each size (the diagram scrolled into view).

Usage: scripts/diagram-browser-test.py PUBLIC SHOTS PAGE... (PAGE: region/page, as built)
Needs Debian's chromium and chromium-driver and PyPI's selenium (scripts/install-dependencies.sh --test).
"""
import os
import shutil
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SIZES = [(1366, 900), (390, 844), (320, 700)]

CHECK = """
const svg = document.querySelector('.diagram svg');
if (!svg) return {error: 'no diagram'};
// Boxes: rounded ones are <rect>s, the others closed subpaths `Mx yhWvHh-Wz` of one path.
const rects = [...svg.querySelectorAll('rect')].map(r => r.getBBox());
for (const path of svg.querySelectorAll('path'))
  for (const m of path.getAttribute('d').matchAll(/M(\d+) (\d+)h(\d+)v(\d+)h-\d+z/g))
    rects.push({x: +m[1], y: +m[2], width: +m[3], height: +m[4]});
const problems = [];
for (const text of svg.querySelectorAll('text')) {
  const box = text.getBBox();
  if (text.getAttribute('text-anchor') === 'middle') continue;  // «или» between alternatives
  const x = +text.getAttribute('x'), y = +text.getAttribute('y');
  const holders = rects.filter(r => r.x <= x && x <= r.x + r.width && r.y <= y && y <= r.y + r.height);
  // The innermost: a box inside a frame.
  holders.sort((a, b) => a.width * a.height - b.width * b.height);
  const holder = holders[0];
  if (!holder) { problems.push('outside every box: ' + text.textContent); continue; }
  if (box.x + box.width > holder.x + holder.width - 2)
    problems.push(`overflows by ${(box.x + box.width - holder.x - holder.width).toFixed(1)}: ${text.textContent}`);
}
const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
const scroller = document.querySelector('.diagram-scroll');
return {
  problems,
  texts: svg.querySelectorAll('text').length,
  scale,
  fontPx: 15 * scale,
  // The figure stays inside the viewport (the page's own text may still be too wide: a long
  // address in the content is not the diagram's doing, and is reported apart).
  figureFits: document.querySelector('.diagram').getBoundingClientRect().right <= window.innerWidth,
  pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
  figureScrolls: scroller.scrollWidth > scroller.clientWidth,
  font: getComputedStyle(svg.querySelector('text')).fontFamily,
};
"""


def main():
    public, shots, pages = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    os.makedirs(shots, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    failures = 0
    try:
        for width, height in SIZES:
            driver.set_window_size(width, height)
            for page in pages:
                driver.get("file://" + os.path.join(public, page, "index.html"))
                inner = driver.execute_script("return window.innerWidth")
                # Headless windows include no chrome: make the viewport the size asked for.
                driver.set_window_size(width + (width - inner), height)
                result = driver.execute_script(CHECK)
                name = f"{page.replace('/', '_')}-{width}.png"
                driver.execute_script(
                    "document.querySelector('.diagram').scrollIntoView({block: 'start'})")
                driver.save_screenshot(os.path.join(shots, name))
                status = "ok"
                if result.get("error") or result["problems"] or not result["figureFits"] \
                        or result["fontPx"] < 11.99:
                    status = "FAILED"
                    failures += 1
                print(f"{status} {page} at {width}px: {result}")
                driver.set_window_size(width, height)
    finally:
        driver.quit()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
