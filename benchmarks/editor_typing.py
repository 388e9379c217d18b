"""How the plan editor answers typing in a large plan: `python benchmarks/editor_typing.py [SITE] [ACTIVITIES ...]`.

Opens a sample plan grown to N activities in the editor of a built site (default: `site/`, as `make site`
builds it), types into its title and into its last activity's title at a brisk typist's pace, and prints
the slowest and the median time from a key to the next paint (Chromium's event timing: input delay,
handlers and rendering), and the longest task that held the page's thread meanwhile (a key pressed during
it waits for it to end), and how long Step 6, which lists every activity, takes to open. The targets, at
1,000 activities: under 50 ms a key however the keys fall, and Step 6 open within a second.
"""

from __future__ import annotations

import copy
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "plans" / "riverbend" / "riverbend-middle-math-2025-26.yaml"
TYPED = "Revised after the spring data review"
PACE = 180
"""Milliseconds between keys: about 65 words a minute, with the pauses after which the editor checks the plan."""
WATCH = """
window.keyTimes = []; window.tasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.name === "keydown") window.keyTimes.push(entry.duration);
}).observe({ type: "event", durationThreshold: 16, buffered: true });
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.tasks.push(entry.duration);
}).observe({ type: "longtask" });
"""
"""Key-to-paint times of the keys, and the page's long tasks (over 50 ms): a key pressed during one waits for it."""


def grown(activities: int, folder: Path) -> Path:
    """The sample plan with `activities` activities, copies of its own."""
    plan = yaml.safe_load(SAMPLE.read_text())
    own = plan["steps"]["professional_learning"]["activities"]
    plan["steps"]["professional_learning"]["activities"] = [
        {**copy.deepcopy(own[index % len(own)]), "id": f"A{index + 1}", "title": f"Activity {index + 1}"} for index in range(activities)
    ]
    for item in plan["steps"]["professional_learning"].get("evaluation", []):
        item.pop("activities", None)
    path = folder / f"{SAMPLE.stem}.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True))
    return path


OPEN_STEP = """place => new Promise((done) => {
  const start = performance.now();
  location.hash = `#s-${place}`;
  requestAnimationFrame(() => setTimeout(() => done(performance.now() - start)));
})"""
"""Milliseconds from asking for a section to its first paint."""


def typing(site: Path, activities: int) -> tuple[float, float, float, float]:
    """The slowest and the median key-to-paint time, the longest task of the page, and the time Step 6 (its
    summary of every activity) takes to open, in milliseconds."""
    from playwright.sync_api import sync_playwright

    from backmap_site.commands.pdf import CHROMIUM_ARGS, chromium_path, serve

    with tempfile.TemporaryDirectory() as tmp, serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}editor/")
        page.wait_for_selector("#bm-editor[data-ready]")
        page.set_input_files("#bm-open-file", str(grown(activities, Path(tmp))))
        page.wait_for_function("document.querySelector('#f-title')?.value.startsWith('Riverbend')", timeout=120_000)
        page.wait_for_timeout(3000)  # the first check of the opened plan
        openings = []
        for _ in range(2):  # from another section, as a planner arrives at it
            page.evaluate(OPEN_STEP, "about")
            openings.append(page.evaluate(OPEN_STEP, "professional_learning"))
        times: list[float] = []
        tasks: list[float] = []
        last = activities - 1
        for place, field in [("about", "#f-title"),
                             (f"professional_learning/activities/{last}", f"#f-steps-professional_learning-activities-{last}-title")]:
            page.evaluate("place => { location.hash = `#s-${place}`; }", place)
            page.wait_for_selector(field)
            page.wait_for_timeout(1000)
            page.evaluate(WATCH)
            page.focus(field)
            page.keyboard.press("End")
            page.keyboard.type(f" {TYPED}", delay=PACE)
            page.wait_for_timeout(3000)
            keys = page.evaluate("window.keyTimes")
            times += keys + [0.0] * (len(TYPED) + 1 - len(keys))  # keys under 16 ms are not reported
            tasks += page.evaluate("window.tasks")
        browser.close()
    return max(times), statistics.median(times), max(tasks, default=0.0), min(openings)


def main(site: Path, sizes: list[int]) -> None:
    print(f"{'activities':>10} {'slowest key ms':>14} {'median key ms':>13} {'longest task ms':>15} {'step 6 opens ms':>15}")
    for activities in sizes:
        slowest, median, longest, opening = typing(site, activities)
        print(f"{activities:>10} {slowest:>14.0f} {median:>13.0f} {longest:>15.0f} {opening:>15.0f}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    site = Path(arguments.pop(0)) if arguments and not arguments[0].isdigit() else ROOT / "site"
    main(site, [int(size) for size in arguments] or [10, 1000])
