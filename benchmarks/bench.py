"""`make bench`: build sites of 250, 1,000 and 4,000 synthetic plans and print where the time goes.

For each size: the cold build (wall time and peak memory), validation alone, the time the build spends
in our code and MkDocs' own share, and the plan editor's weight and the time until it is usable with a
school plan open, and what a reader's browser pays for each kind of page and for the site's search
(`readers.py`); for 1,000 plans also how the editor answers typing in a plan of 1,000 activities
(`editor_typing.py`), and the time from saving an edited plan to `mkdocs serve --dirty` (what `make serve`
runs) serving the new page. Then, at each size, the cold build with each engine (`backmap build --engine`:
MkDocs and ProperDocs with the plugin, Zensical from the export); a new district's first minutes;
and a statewide site harvesting 40 district sites of 100 plans each from loopback, then building them. Every
measure is the fastest of `RUNS`. Sizes can be given: `python benchmarks/bench.py 250 1000`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml
from editor_typing import typing
from readers import measure, report

from synthetic import write_plans

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000", "CI": "true"}
RUNS = 2
"""Each build runs this many times and the fastest counts: single runs on a shared machine vary by 10-20 %."""
BUILD = """
import json, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from backmap_site.engines import plugin

spent = {}


def clock(owner, name, part):
    method = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[part] = spent.get(part, 0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


clock(plugin.Project, "validate", "validate")
clock(plugin.BackmapPlugin, "on_pre_build", "pre_build")
clock(plugin.BackmapPlugin, "on_files", "files")
clock(plugin.BackmapPlugin, "on_page_content", "bodies")
clock(plugin, "index_site", "search")
build(load_config("mkdocs.yml", strict=True))
print(json.dumps(spent))
"""
"""A real `mkdocs build --strict`, timing the time spent in our code: the plugin's events (validating,
rendering, handing over files, filling in the plan bodies, which includes waiting for the workers that render
them) and the search index (Pagefind, after the pages are written)."""


def timed(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time in seconds, peak memory in MB and the output of one command."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read()[-2000:]}")
        out.seek(0)
        return elapsed, usage.ru_maxrss // 1024, out.read()


def project(folder: Path, count: int) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    write_plans(count, folder / "plans")
    return folder


def serve_rebuild(folder: Path) -> float:
    """Seconds from saving an edited plan to `mkdocs serve` serving the new page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=folder, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    plan = sorted((folder / "plans").rglob("*.yaml"))[0]
    url = f"http://127.0.0.1:{port}/backmap-site/plans/{plan.stem}/"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("mkdocs serve did not start") from None
                time.sleep(0.2)
        time.sleep(1)
        data = yaml.safe_load(plan.read_text())
        marker = f"Edited{time.monotonic_ns()}"
        data["title"] = f"{marker} {data['title']}"
        start = time.perf_counter()
        plan.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        while marker.encode() not in urllib.request.urlopen(url, timeout=300).read():
            time.sleep(0.05)
            if time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not rebuild")
        return time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C does: MkDocs shuts the plugins down
        server.wait()


READY = """new MutationObserver((changes, observer) => {
  if (document.querySelector("#bm-editor[data-ready]")) { window.editorReady = performance.now(); observer.disconnect(); }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });"""
"""Notes when the editor says it is ready, in milliseconds since the navigation started."""


def editor(site: Path) -> tuple[float, float]:
    """The plan editor with a school plan open: kilobytes it loads, and milliseconds until it is usable."""
    from playwright.sync_api import sync_playwright

    from backmap_site.commands.pdf import CHROMIUM_ARGS, chromium_path, serve

    plan = next(p for p in sorted((site / "plans").glob("*.yaml")) if "\nlevel: school\n" in p.read_text())
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        weights, times = [], []
        for _ in range(RUNS):
            context = browser.new_context()  # a first visit: nothing cached
            context.add_init_script(READY)
            page = context.new_page()
            sizes: list[int] = []
            page.on("requestfinished", lambda request, sizes=sizes: sizes.append(request.sizes()["responseBodySize"]))
            page.goto(f"{url}editor/?plan={plan.stem}")
            page.wait_for_selector("#bm-editor[data-ready]")
            page.wait_for_load_state("networkidle")
            times.append(page.evaluate("window.editorReady"))
            weights.append(sum(sizes) / 1024)
            context.close()
        browser.close()
    return min(weights), min(times)


def main(sizes: list[int]) -> None:
    rows = []
    readers: dict[int, str] = {}
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = project(Path(tmp), count)
            validate = min(timed([str(BIN / "backmap"), "validate", "--strict"], folder)[0] for _ in range(RUNS))
            runs = []
            for _ in range(RUNS):
                shutil.rmtree(folder / "site", ignore_errors=True)
                runs.append(timed([sys.executable, "-c", BUILD], folder))
            build, memory, output = min(runs)
            spent = json.loads(output)
            rebuild = min(serve_rebuild(folder) for _ in range(RUNS)) if count == 1000 else None
            rows.append((count, build, memory, validate, spent, rebuild, *editor(folder / "site")))
            readers[count] = report(*measure(folder / "site"))
            if count == 1000:
                keys = typing(folder / "site", 1000)
            print(f"... {count} plans done", file=sys.stderr, flush=True)
    print(f"{'plans':>6} {'build s':>8} {'peak MB':>8} {'validate s':>10} {'ours: check s':>13} {'render s':>8} "
          f"{'files s':>7} {'bodies s':>8} {'search s':>8} {'ours %':>7} {'mkdocs s':>9} {'serve s':>8} {'editor kB':>9} {'editor ms':>9}")
    for count, build, memory, validate, spent, rebuild, editor_kb, editor_ms in rows:
        bodies, search = spent["bodies"], spent["search"]
        ours = spent["pre_build"] + spent["files"] + bodies + search
        print(f"{count:>6} {build:>8.1f} {memory:>8} {validate:>10.2f} {spent['validate']:>13.2f} "
              f"{spent['pre_build'] - spent['validate']:>8.2f} {spent['files']:>7.2f} {bodies:>8.2f} {search:>8.2f} "
              f"{100 * ours / build:>6.0f}% {build - ours:>9.1f} {rebuild if rebuild is None else round(rebuild, 1)!s:>8}"
              f" {editor_kb:>9.0f} {editor_ms:>9.0f}")
    if 1000 in sizes:
        print(f"editor, a plan of 1,000 activities: slowest key {keys[0]:.0f} ms, longest task {keys[2]:.0f} ms"
              f" (target: under 50 ms); Step 6 opens in {keys[3]:.0f} ms (target: under 1 s)")
    by_size = {row[0]: row[1] for row in rows}
    if 1000 in by_size and 4000 in by_size:
        print(f"4,000 / 1,000 build time: {by_size[4000] / by_size[1000]:.2f}x (target <= 4.4x)")
    for count, text in readers.items():
        print(f"\nwhat a reader's browser loads at {count} plans (first visit, CPU slowed 4×):\n{text}")
    engines(sizes)
    new_site()
    statewide()


def statewide(sources: int = 40, plans: int = 100) -> None:
    """A state site of `sources` districts of `plans` plans each, served from loopback: the cold `backmap harvest`,
    the next one (nothing changed: each source answers 304), and the state's cold `backmap build`."""
    from backmap_site.commands.pdf import serve

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for index in range(sources):
            district = root / "districts" / f"d{index:02d}"
            (district / "plans").mkdir(parents=True)
            records = []
            for path in write_plans(plans, root / "written" / f"d{index:02d}", seed=index + 1):
                shutil.copyfile(path, district / "plans" / path.name)
                records.append({"id": path.stem})
            (district / "plans.json").write_text(json.dumps({"site": {"name": f"District {index}"}, "plans": records}))
        state = project(root / "state", 0)
        with serve(root / "districts") as url:
            listed = "".join(f"        - id: d{index:02d}\n          url: {url}d{index:02d}/\n" for index in range(sources))
            config = (state / "mkdocs.yml").read_text()
            anchor = "      primary_framework: spl-2011\n"
            (state / "mkdocs.yml").write_text(config.replace(anchor, f"{anchor}      sources:\n{listed}"))
            cold = timed([str(BIN / "backmap"), "harvest"], state)[0]
            again = timed([str(BIN / "backmap"), "harvest"], state)[0]
        build, memory, _ = timed([str(BIN / "backmap"), "build"], state)
    print(f"\nstatewide, {sources} sources of {plans} plans: harvest {cold:.1f} s, again with nothing changed {again:.1f} s; "
          f"the state's build of {sources * plans} plans {build:.1f} s, peak {memory} MB")


def new_site() -> None:
    """A district's first minutes: the cold time of `backmap init` and of its first `backmap build`."""
    init, build = [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "district"
            init.append(timed([str(BIN / "backmap"), "init", str(folder), "--name", "Bench District"], Path(tmp))[0])
            build.append(timed([str(BIN / "backmap"), "build", "--check-links"], folder)[0])
    print(f"\nnew site: backmap init {min(init):.1f} s, first backmap build --check-links {min(build):.1f} s")


def engines(sizes: list[int]) -> None:
    """Each engine's cold `backmap build --engine` (atomic, strict), in one table."""
    from backmap_site.engines.engine import ENGINES

    times: dict[str, dict[int, float]] = {engine: {} for engine in ENGINES}
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = project(Path(tmp), count)
            for engine in ENGINES:
                command = [str(BIN / "backmap"), "build", "--engine", engine, "--site-dir", str(folder / engine)]
                runs = RUNS if count < 4000 else 1  # Zensical takes minutes at 4,000 plans
                times[engine][count] = min(timed(command, folder)[0] for _ in range(runs))
        print(f"... engines at {count} plans done", file=sys.stderr, flush=True)
    print(f"\n{'engine':>10}" + "".join(f" {f'{count} plans s':>13}" for count in sizes))
    for engine, by_count in times.items():
        print(f"{engine:>10}" + "".join(f" {by_count[count]:>13.1f}" for count in sizes))


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [250, 1000, 4000])
