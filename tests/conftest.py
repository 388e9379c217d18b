from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

import pytest

from backmap_site.reference import Reference, load_reference

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))  # the synthetic plan generator
CONTENT = ROOT / "content"
PLANS = ROOT / "plans"
CASES = Path(__file__).resolve().parent / "plans"


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(CONTENT)


@pytest.fixture(scope="session")
def samples(reference) -> dict:
    """The sample plans by id, as the validator reads them."""
    from backmap_site.validation import find_plan_files, validate_plans

    return {p.id: p.plan for p in validate_plans(find_plan_files([PLANS]), reference).plans}


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's sample site, built strict with real MkDocs into a temporary folder."""
    from sites import mkdocs_build

    site = tmp_path_factory.mktemp("sample") / "site"
    build = mkdocs_build(ROOT, site)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    return site


@pytest.fixture(scope="session")
def site_url(sample_site: Path):
    """The sample site served over HTTP on localhost."""
    handler = functools.partial(QuietHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright. Missing Chromium is a failure, never a skip."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is missing: install Debian's package (apt-get install chromium); .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()
