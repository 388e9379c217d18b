"""`make bench`: build sites of 250, 1,000 and 4,000 synthetic plans and print where the time goes.

For each size: the cold build (wall time and peak memory), validation alone, our generator's parts
(load and validate, resolve, render Markdown) and MkDocs' own share; for 1,000 plans also the rebuild
in `mkdocs serve` after one plan is edited. Sizes can be given: `python benchmarks/bench.py 250 1000`.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml
from synthetic import write_plans

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000", "CI": "true"}
GENERATOR = """
import json, sys, time
from pathlib import Path
from backmap_site.pages import Settings, render_site
from backmap_site.project import Project
from backmap_site.reference import load_reference
from backmap_site.site import build_site
from backmap_site.validation import find_plan_files, validate_plans
start = time.perf_counter()
project = Project.at(Path("."))
reference = load_reference(project.content)
validation = validate_plans(find_plan_files([project.plans]), reference)
loaded = time.perf_counter()
site = build_site(reference, validation)
resolved = time.perf_counter()
render_site(site, Settings(project.root))
rendered = time.perf_counter()
print(json.dumps({"load": loaded - start, "resolve": resolved - loaded, "render": rendered - resolved}))
"""


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time in seconds and peak memory in MB of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


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
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=folder, env=ENV,
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
        data["title"] = f"Edited {data['title']}"
        start = time.perf_counter()
        plan.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        while b"Edited" not in urllib.request.urlopen(url, timeout=300).read():
            time.sleep(0.05)
            if time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not rebuild")
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()


def main(sizes: list[int]) -> None:
    rows = []
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = project(Path(tmp), count)
            validate, _ = timed([str(BIN / "backmap"), "validate", "--strict"], folder)
            generator = json.loads(subprocess.run([sys.executable, "-c", GENERATOR], cwd=folder, env=ENV,
                                                  capture_output=True, text=True, check=True).stdout)
            build, memory = timed([str(BIN / "mkdocs"), "build", "--strict"], folder)
            ours = sum(generator.values())
            rebuild = serve_rebuild(folder) if count == 1000 else None
            rows.append((count, build, memory, validate, generator, ours, rebuild))
            print(f"... {count} plans done", file=sys.stderr, flush=True)
    print(f"{'plans':>6} {'build s':>8} {'peak MB':>8} {'validate s':>10} {'load+val s':>10} {'resolve s':>9} "
          f"{'render s':>8} {'ours %':>7} {'mkdocs s':>9} {'serve s':>8}")
    for count, build, memory, validate, generator, ours, rebuild in rows:
        print(f"{count:>6} {build:>8.1f} {memory:>8} {validate:>10.2f} {generator['load']:>10.2f} "
              f"{generator['resolve']:>9.2f} {generator['render']:>8.2f} {100 * ours / build:>6.0f}% {build - ours:>9.1f} "
              f"{rebuild if rebuild is None else round(rebuild, 1)!s:>8}")
    by_size = {row[0]: row[1] for row in rows}
    if 1000 in by_size and 4000 in by_size:
        print(f"4,000 / 1,000 build time: {by_size[4000] / by_size[1000]:.2f}x (target <= 4.4x)")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [250, 1000, 4000])
