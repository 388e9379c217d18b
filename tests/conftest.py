from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from backmap_site.commands.pdf import CHROMIUM_ARGS, PdfError, chromium_path, serve
from backmap_site.reference.content import Reference, load_reference

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))  # the synthetic plan generator
CONTENT = ROOT / "content"
SITE = Path(__file__).resolve().parent / "site"
"""The sample site the tests build: a copy of the demo's plans and own pages, so that editing the demo (`plans/`,
`content/index.md`) fails no test; its reference content is the packaged one, as in a district's site."""
PLANS = SITE / "plans"
CASES = Path(__file__).resolve().parent / "plans"


TIERS = ("unit", "build", "browser", "package")
"""Each test's tier, its closest mark (a test's own mark wins over its module's): `unit` tests build no site and
run no browser (`make test-fast`); `build` tests build real sites; `browser` tests drive Chromium; `package` tests
build the wheel and install it into a fresh virtualenv, as a district does."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--tier", choices=TIERS, help="run only the tests of this tier")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test has a tier, and one that drives Chromium or builds the sample site says so."""
    wrong, chosen, left_out = [], config.getoption("--tier"), []
    for item in items:
        mark = next((m for m in item.iter_markers() if m.name in TIERS), None)
        uses = set(getattr(item, "fixturenames", ()))
        needed = "browser" if "browser" in uses else "build" if uses & {"sample_site", "site_url"} else "unit"
        if mark is None or TIERS.index(mark.name) < TIERS.index(needed):
            wrong.append(f"{item.nodeid}: mark it {needed}")
        elif chosen and mark.name != chosen:
            left_out.append(item)
    if wrong:
        raise pytest.UsageError("tests without their tier:\n" + "\n".join(wrong))
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


def shared(fixture_name: str, config: pytest.Config) -> str:
    """A fixture's scope: its module, except under mutation testing (`make mutate`), where mutmut only runs the
    tests during which a function ran; a fixture made once would hide the function from every later test."""
    return "function" if os.environ.get("MUTANT_UNDER_TEST") else "module"


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(CONTENT)


@pytest.fixture(scope="session")
def samples(reference) -> dict:
    """The sample plans by id, as the validator reads them."""
    import yaml

    from backmap_site.model.validation import find_plan_files, validate_plans

    plans = {p.id: p.plan for p in validate_plans(find_plan_files([PLANS]), reference).plans}
    raw = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in PLANS.rglob("*.yaml")}
    assert set(plans) == set(raw) and len(raw) == 9, "every sample file, read by the validator"
    assert {i: p.visibility for i, p in plans.items()} == {i: r.get("visibility", "public") for i, r in raw.items()}
    return plans


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The tests' sample site (`tests/site/`), built strict with real MkDocs into a temporary folder."""
    from sites import mkdocs_build

    site = tmp_path_factory.mktemp("sample") / "site"
    build = mkdocs_build(SITE, site)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    return site


@pytest.fixture(scope="session")
def site_url(sample_site: Path):
    """The sample site served over HTTP on localhost."""
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright. Missing Chromium is a failure, never a skip."""
    try:
        chromium = chromium_path()
    except PdfError as exc:
        pytest.fail(f"{exc}; .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context; the test fails on any script error in it."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], "no script errors"


@pytest.fixture(scope="session")
def validator(reference):
    """The published JSON Schema of the plan format (with the content's ids), as a JSON Schema validator reads it."""
    import json

    from jsonschema import Draft202012Validator

    from backmap_site.format.plan import schema_text

    schema = json.loads(schema_text(reference.ids()))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="session")
def editor_site() -> dict:
    """The data the sample site's editor page carries (`editor/data.json`), made as its build makes it."""
    from backmap_site.editor.editing import editor_data
    from backmap_site.engines.options import project, read_options

    site, _ = project(SITE, read_options(SITE / "mkdocs.yml"), parallel=False).validate()
    return editor_data(site, repo_url=None, branch="main", plans_folder="plans", schema=None,
                       page_url=lambda kind, item_id: None, submit_email=None)
