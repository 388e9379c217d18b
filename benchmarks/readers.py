"""What a reader's browser pays for a built site: `python benchmarks/readers.py SITE_DIR`.

For each kind of page, on a first visit (nothing cached) in headless Chromium with the CPU slowed four times (a phone):
the bytes it loads, gzipped as GitHub Pages serves them; the milliseconds to its first contentful paint; and its
elements. Then the site's search on a plan page, on a desktop's CPU: the milliseconds that opening it takes (its code and
WebAssembly load), then from asking to the first ten results' titles and excerpts, for three queries (each loads
the index chunks its words need). `bench.py` runs it at each size.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

THROTTLE = 4
QUERIES = ("coaching", "lesson study", "mathematics students")
OPEN = """async () => {
  const start = performance.now();
  const search = await window.backmapSearch();
  await search.init();
  return performance.now() - start;
}"""
"""What opening the search loads before the first letter: Pagefind's code, its WebAssembly and its entry file."""
SEARCH = """async query => {
  const start = performance.now();
  const found = await (await window.backmapSearch()).search(query);
  await Promise.all(found.results.slice(0, 10).map(result => result.data()));
  return [performance.now() - start, found.results.length];
}"""


def pages(site: Path) -> dict[str, str]:
    """A page of each kind to measure, by name: a school plan, the lists, the charts, the editor."""
    plan = next(p.stem for p in sorted((site / "plans").glob("*.yaml")) if "\nlevel: school\n" in p.read_text())
    levels = [level for level in ("individual", "school", "system", "state") if (site / "coverage" / level).is_dir()]
    return {"plan page": f"plans/{plan}/", "/plans/": "plans/", "/coverage/": "coverage/",
            **{f"/coverage/{level}/": f"coverage/{level}/" for level in levels[:1]}, "/insights/": "insights/",
            "/editor/": "editor/"}


def measure(site: Path) -> tuple[dict[str, tuple[float, float, int]], list[tuple[str, float, int]]]:
    """Per page: (gzipped kB, first contentful paint in ms, elements); then per query: (query, ms, results)."""
    from playwright.sync_api import sync_playwright

    from backmap_site.commands.pdf import CHROMIUM_ARGS, chromium_path, serve

    measured = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, path in pages(site).items():
            context = browser.new_context()  # a first visit: nothing cached
            page = context.new_page()
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
            responses = []
            page.on("response", lambda response, responses=responses: responses.append(response))
            page.goto(url + path, wait_until="networkidle")
            paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")
            elements = page.evaluate("document.getElementsByTagName('*').length")
            size = sum(len(gzip.compress(response.body())) for response in responses if response.ok)
            measured[name] = (size / 1024, paint, elements)
            context.close()
        context = browser.new_context()  # the search as on a desktop: the target is its answer within 300 ms
        page = context.new_page()
        page.goto(url + pages(site)["plan page"], wait_until="networkidle")
        searched = []
        if page.evaluate("typeof window.backmapSearch") == "function":  # a site built before it has none
            searched = [("(opening the search)", page.evaluate(OPEN), 0)]
            searched += [(query, *page.evaluate(SEARCH, query)) for query in QUERIES]
        context.close()
        browser.close()
    return measured, searched


def report(measured: dict[str, tuple[float, float, int]], searched: list[tuple[str, float, int]]) -> str:
    lines = [f"{'page':>22} {'kB gz':>7} {'FCP ms':>7} {'elements':>8}"]
    lines += [f"{name:>22} {kb:>7.0f} {paint:>7.0f} {elements:>8}" for name, (kb, paint, elements) in measured.items()]
    lines.append("search: " + "; ".join(f"“{query}” {ms:.0f} ms ({found} pages)" for query, ms, found in searched))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(*measure(Path(sys.argv[1]))))
