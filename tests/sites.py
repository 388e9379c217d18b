"""Build real sites with real MkDocs, and read what they contain."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import logging
import os
import posixpath
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from conftest import CONTENT, SITE

BIN = Path(sys.executable).parent
MKDOCS_YML = SITE / "mkdocs.yml"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000"}


def make_project(folder: Path, plans: dict[str, object]) -> Path:
    """A site project in `folder`: the real content, the repository's mkdocs.yml, and the given plans."""
    shutil.copytree(CONTENT, folder / "content")
    shutil.copyfile(MKDOCS_YML, folder / "mkdocs.yml")
    for name, plan in plans.items():
        path = folder / "plans" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plan if isinstance(plan, str) else yaml.safe_dump(plan, sort_keys=False, allow_unicode=True))
    return folder


def run(command: list[str], cwd: Path, timeout: int = 300, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**ENV, **env})


@dataclass
class Built:
    returncode: int
    stderr: str
    """MkDocs' log of warnings and errors, as the command line would print them."""


def mkdocs_build(project: Path, site: Path | None = None) -> Built:
    """`mkdocs build --strict` of `project`, run in this process as MkDocs' command line runs it.

    A second of interpreter start and imports is saved per build; what the command line itself prints
    (messages, no traceback) is tested by running it (`run`).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    environment = {name: ENV[name] for name in ("NO_MKDOCS_2_WARNING", "SOURCE_DATE_EPOCH")}
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        with contextlib.chdir(project):
            config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site) if site else None)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as error:
        return Built(1, log.getvalue() + f"{error}\n")
    finally:
        logger.removeHandler(handler)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Built(0, log.getvalue())


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


class Html(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.scripts: list[str] = []
        self.title = ""
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._open = tag
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open == "script":
            self.scripts[-1] += data
            return
        self.text_parts.append(data)
        if self._open == "title":
            self.title += data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def hrefs(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.elements if tag == "a" and attrs.get("href")]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if attrs.get("id")}


def page(site: Path, url: str) -> Html:
    return Html((site / url.strip("/") / "index.html").read_text(encoding="utf-8"))


def search_index(site: Path) -> dict[str, dict]:
    """The pages the site's search (Pagefind) holds, by URL under the site: each fragment file is one page,
    gzipped JSON after a signature, with its text (`content`), `meta`, `filters` and `anchors`."""
    pages = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data
    return pages


def links_from(site: Path, url: str) -> set[str]:
    """Internal links of a page, resolved to site-root URLs such as `designs/lesson-study/#a1`."""
    base = url.strip("/") + "/" if url.strip("/") else ""
    resolved = set()
    for href in page(site, url).hrefs():
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        path = posixpath.normpath(posixpath.join(base, parts.path)) if parts.path else base.rstrip("/")
        path = "" if path == "." else path.strip("/") + ("/" if not path.endswith((".yaml", ".json", ".xml")) else "")
        resolved.add(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return resolved


MINIMAL = {"level": "school", "organization": "Maple Elementary", "school_year": "2026-27", "steps": {}}


def listed(samples: dict) -> dict:
    """The public sample plans (those in the browser, the exports and the listings)."""
    return {plan_id: plan for plan_id, plan in samples.items() if plan.visibility == "public"}


def plan(title: str, **fields: object) -> dict:
    return {"title": title, **MINIMAL, "summary": f"Summary of {title}.", **fields}


def designed(title: str, **fields: object) -> dict:
    """A draft plan with a whole backward chain and one activity using lesson study."""
    steps = {
        "student_learning_needs": {"needs": [{"id": "SN1", "statement": "Need."}]},
        "improvement_goals": [{"id": "G1", "statement": "Goal.", "measure": "m", "baseline": "b", "target": "t",
                               "due": "2027-05-01", "student_needs": ["SN1"]}],
        "educator_learning_needs": {"needs": [{"id": "EN1", "statement": "Need.", "goals": ["G1"]}]},
        "professional_learning": {"activities": [{
            "id": "A1", "title": f"Activity of {title}", "designs": ["lesson-study"], "environment": "online",
            "audience": "Teachers", "schedule": "Weekly", "educator_needs": ["EN1"]}],
            "evaluation": [{"id": "E1", "question": "Q?", "level": 5, "evidence": "e", "timing": "t", "goals": ["G1"]}]},
    }
    return plan(title, steps=steps, **fields)


@contextlib.contextmanager
def serving(project: Path, *options: str) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve` on the project (its base URL, and the file its log goes to); stopped as Ctrl-C stops it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = project / f"serve-{port}.log"
    with log.open("w") as stderr:
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", *options, "-a", f"127.0.0.1:{port}"], cwd=project,
                                  env=ENV, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}/backmap-site/", log
    finally:
        stop(server)


def stop(process: subprocess.Popen, grace: float = 10, *, interrupt: bool = True) -> int:
    """Stop a process as Ctrl-C does (`interrupt`; a server's plugins then shut down), or let it end by itself;
    kill its whole session if it lingers past `grace` seconds.

    Start it with `start_new_session=True`, so that what it started goes too. Returns its exit code.
    """
    if interrupt and process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(url: str, text: str, timeout: float = 120) -> str:
    """The page at `url` once it holds `text` (the server may still be starting or rebuilding)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = fetch(url)
            if text in found:
                return found
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} never showed {text!r}"
        time.sleep(0.3)
