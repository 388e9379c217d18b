"""Time the plans browser in headless Chromium on a built site: `python benchmarks/browser_filter.py SITE_DIR`.

Prints the time of one filter change (a checkbox, a search word), measured in the page around the
synchronous update, as median and worst of several changes. Target: under 50 ms with 1,000 plans.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

MEASURE = """([selector, value]) => {
  const form = document.getElementById("bm-filters");
  const start = performance.now();
  if (selector === "q") { form.elements.q.value = value; form.dispatchEvent(new Event("input")); }
  else { document.querySelector(selector).click(); }
  return performance.now() - start;
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(site: Path) -> None:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/plans/")
        page.wait_for_selector("#bm-filters:not([hidden])")
        plans = page.locator("[data-plan]").count()
        changes = [("input[name=level][value=school]", ""), ("input[name=design][value=lesson-study]", ""),
                   ("q", "reading"), ("q", "reading fractions"), ("input[name=level][value=school]", ""),
                   ("input[name=environment][value=hybrid]", ""), ("q", ""), ("input[name=design][value=lesson-study]", "")]
        times = [page.evaluate(MEASURE, list(change)) for change in changes]
        browser.close()
    server.shutdown()
    print(f"plans browser, {plans} plans: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms per change")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
