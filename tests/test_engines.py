"""One site, three engines: MkDocs and ProperDocs with the plugin, Zensical from the export, side by side."""

from __future__ import annotations

import os
import posixpath
import signal
import socket
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_accessibility import PAGES, WCAG
from test_browser import settled
from test_search import search_for

from backmap_site.commands.linkcheck import check_site
from conftest import SITE
from sites import BIN, ENV, Html, designed, make_project, run, search_index, stop, wait_for
from synthetic import write_plans

DATA = ["plans.json", "plans.csv", "activities.csv", "resources.csv", "plans/browser.json", "schema/plan.schema.json",
        "editor/data.json", "editor/plans-state.json", "editor/plans-system.json", "editor/plans-school.json"]


def build(project: Path, engine: str, site: Path) -> Path:
    """`backmap build --engine` (atomic, strict), as `make site ENGINE=…` runs it."""
    done = run([str(BIN / "backmap"), "build", "--engine", engine, "--site-dir", str(site)], project)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.fixture(scope="module")
def engine_sites(sample_site: Path, tmp_path_factory) -> dict[str, Path]:
    """The sample site built by each engine (MkDocs' is the suite's own sample site)."""
    folder = tmp_path_factory.mktemp("engines")
    return {"mkdocs": sample_site, **{engine: build(SITE, engine, folder / engine) for engine in ("properdocs", "zensical")}}


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if "assets" not in p.parts}


class _ArticleLinks(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.inside, self.hrefs = False, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.inside = self.inside or tag == "article"
        href = dict(attrs).get("href")
        if self.inside and tag == "a" and href:
            self.hrefs.append(href)

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "article"


def content_links(site: Path, name: str) -> set[str]:
    """The links inside a page's article (the page's own content and its edit button), resolved in the site."""
    links = set()
    for href in _ArticleLinks((site / name).read_text(encoding="utf-8")).hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            links.add(href)
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) if parts.path else name
        links.add(path.removesuffix("index.html") + (f"#{parts.fragment}" if parts.fragment else ""))
    return links


def assert_alike(sites: dict[str, Path], *, links: bool = True) -> None:
    """The same pages, the same links on each, the same data, intact links and anchors in every site."""
    reference = sites["mkdocs"]
    pages = html_pages(reference)
    for engine, site in sites.items():
        assert check_site(site, "/backmap-site/") == [], engine
        assert html_pages(site) == pages, engine
        assert [(site / name).read_bytes() for name in DATA] == [(reference / name).read_bytes() for name in DATA], engine
        if links:
            differ = [name for name in sorted(pages) if content_links(site, name) != content_links(reference, name)]
            assert differ == [], engine


@pytest.mark.build
def test_the_three_engines_build_the_same_sample_site(engine_sites) -> None:
    assert_alike(engine_sites)
    plan = "plans/riverbend-middle-math-2025-26/index.html"
    edit = "https://github.com/backmap/backmap-site/edit/main/plans/riverbend/riverbend-middle-math-2025-26.yaml"
    for engine, site in engine_sites.items():
        buttons = [a.get("href") for tag, a in Html((site / plan).read_text()).elements if a.get("rel") == "edit"]
        assert buttons == [edit], engine  # the theme's edit button names the plan's file in every engine
        home = [a.get("href") for tag, a in Html((site / "index.html").read_text()).elements if a.get("rel") == "edit"]
        assert home == ["https://github.com/backmap/backmap-site/edit/main/content/index.md"], engine  # its own text


@pytest.mark.build
def test_properdocs_builds_what_mkdocs_builds_to_the_byte(engine_sites) -> None:
    mkdocs, properdocs = engine_sites["mkdocs"], engine_sites["properdocs"]
    files = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(properdocs).as_posix() for p in properdocs.rglob("*") if p.is_file())
    generator = (b'content="mkdocs-1.6.1,', b'content="mkdocs-ProperDocs 1.6.7,')  # the one line that names the engine
    differ = [name for name in files
              if (mkdocs / name).read_bytes() != (properdocs / name).read_bytes().replace(generator[1], generator[0])]
    assert differ == []


@pytest.mark.build
def test_visibility_holds_in_every_engine(engine_sites, samples) -> None:
    unlisted = [plan_id for plan_id, plan in samples.items() if plan.visibility == "unlisted"]
    assert unlisted
    for engine, site in engine_sites.items():
        sitemap, search = (site / "sitemap.xml").read_text(), search_index(site)
        for plan_id in unlisted:
            page = Html((site / "plans" / plan_id / "index.html").read_text())
            assert ("meta", {"name": "robots", "content": "noindex"}) in page.elements, engine
            assert plan_id not in sitemap and f"/plans/{plan_id}/" not in search, engine
        assert "/plans/riverbend-sd-pl-2026-27/" in search and "riverbend-sd-pl-2026-27" in sitemap, engine
        assert "/coverage/" in search, "long pages stay searchable; only their growing lists are left out"
        assert set(search) == set(search_index(engine_sites["mkdocs"])), "every engine's search holds the same pages"


@pytest.fixture(params=["light", "dark"])
def zensical_page(request, browser, engine_sites):
    from backmap_site.commands.pdf import serve

    with serve(engine_sites["zensical"]) as url:
        context = browser.new_context(color_scheme=request.param)
        yield url, context.new_page()
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_the_zensical_site_is_accessible_and_asks_no_other_host(zensical_page) -> None:
    url, page = zensical_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    found = {}
    for kind, path in PAGES.items():
        page.goto(url + path, wait_until="networkidle")
        violations = Axe().run(page, options=WCAG).response["violations"]
        if violations:
            found[kind] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {}
    assert len(requested) > len(PAGES)
    assert {urlsplit(u).netloc for u in requested if urlsplit(u).scheme in ("http", "https")} == {urlsplit(url).netloc}


@pytest.mark.build
@pytest.mark.slow
def test_a_site_of_a_thousand_plans_builds_alike_with_every_engine(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {})
    write_plans(1000, project / "plans")
    sites = {engine: build(project, engine, tmp_path / engine) for engine in ("mkdocs", "properdocs", "zensical")}
    assert len(html_pages(sites["mkdocs"])) > 1000
    assert_alike(sites, links=False)  # the links of every page are compared on the sample site
    coverage = "coverage/index.html"
    assert content_links(sites["zensical"], coverage) == content_links(sites["mkdocs"], coverage)


@pytest.mark.build
def test_a_missing_engine_is_named_with_its_install_command(tmp_path: Path) -> None:
    """As where `backmap-site` is installed without the extra: Python finds no module `zensical`."""
    project = make_project(tmp_path, {})
    missing = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['zensical'] = None; sys.argv = ['backmap'] + sys.argv[1:]; "
                               "from backmap_site.commands.cli import main; main()", "build", "--engine", "zensical"],
        cwd=project, capture_output=True, text=True, env=ENV, timeout=120)
    assert missing.returncode == 1
    assert missing.stderr.strip() == ("backmap: the zensical engine is not installed — install it with: "
                                      "pip install 'backmap-site[zensical]' (in this repository's checkout: `make site ENGINE=zensical`)")
    assert not (project / "site").exists()


@pytest.mark.build
def test_a_failed_zensical_build_leaves_the_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good": designed("Good")})
    site = build(project, "zensical", tmp_path / "site")
    before = (site / "index.html").read_bytes()
    (project / "plans" / "bad.yaml").write_text("title: [\n")
    failed = run([str(BIN / "backmap"), "build", "--engine", "zensical", "--site-dir", str(site)], project)
    assert failed.returncode == 1 and "YAML syntax" in failed.stderr and "is unchanged" in failed.stderr
    assert (site / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == [], "no half-built folder is left"


@pytest.mark.build
def test_zensical_serve_rebuilds_when_a_plan_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"live-plan": designed("Before Edit")})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folders = set(Path(tempfile.gettempdir()).glob("backmap-serve-*"))
    server = subprocess.Popen([str(BIN / "backmap"), "serve", "--engine", "zensical", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        page = f"http://127.0.0.1:{port}/backmap-site/plans/live-plan/"
        wait_for(page, "Before Edit")
        assert len(set(Path(tempfile.gettempdir()).glob("backmap-serve-*")) - folders) == 1, "it serves an export"
        path = project / "plans" / "live-plan.yaml"
        path.write_text(path.read_text().replace("Before Edit", "After Edit"))
        wait_for(page, "After Edit")
    finally:
        os.killpg(server.pid, signal.SIGINT)  # as Ctrl-C in a terminal reaches backmap and Zensical alike
        code = stop(server)
    assert code == 0
    assert set(Path(tempfile.gettempdir()).glob("backmap-serve-*")) == folders, "the export is removed"


@pytest.mark.browser
def test_the_plans_browser_the_search_and_the_editor_work_in_the_zensical_site(browser, engine_sites) -> None:
    from backmap_site.commands.pdf import serve

    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    shown = {}
    for engine in ("mkdocs", "zensical"):
        with serve(engine_sites[engine]) as url:
            page.goto(url + "plans/?level=school&q=mathematics")
            page.wait_for_selector("#bm-filters:not([hidden])")
            assert page.input_value("#bm-q") == "mathematics"
            settled(page)
            shown[engine] = page.eval_on_selector_all("#bm-results [data-plan]", "cards => cards.map(c => c.dataset.plan)")
    assert "riverbend-middle-math-2025-26" in shown["zensical"] and shown["zensical"] == shown["mkdocs"]
    with serve(engine_sites["zensical"]) as url:
        page.goto(url)
        search_for(page, "lesson study")
        assert page.locator(".bm-search__results a[href$='/designs/lesson-study/']").count() == 1, "the same search"
        page.goto(url + "editor/?plan=riverbend-sd-pl-2026-27")
        page.wait_for_selector("#bm-editor[data-ready]")
        assert page.input_value("#f-title") == "Riverbend School District Professional Learning Plan, 2026-27"
        page.close()
        assert errors == []


@pytest.mark.unit
def test_fragments_set_aside_come_back_after_markdown_unparsed(tmp_path: Path) -> None:
    import markdown

    from backmap_site.engines.fragments import NAME, set_aside
    from backmap_site.render.output import Page

    page = Page("plans/p/index.md", "P", "# P\n\n<!--backmap-fragment-0-->\n\n## More\n\n<!--backmap-fragment-1-->\n",
                fragments=('<div class="x"><p>A *not emphasis* &amp; <b>b</b></p></div>', "<p>second</p>"))
    aside = set_aside(page.markdown, page.fragments, tmp_path)
    assert "fragment-0" not in aside and sorted(p.read_text() for p in tmp_path.iterdir()) == sorted(page.fragments)
    converted = markdown.markdown(aside, extensions=[NAME], extension_configs={NAME: {"folder": str(tmp_path)}})
    assert converted == page.fill(markdown.markdown(page.markdown)), "as the plugin fills them in after Markdown"
    changed = set_aside(page.markdown, ("<p>changed</p>", "<p>second</p>"), tmp_path)
    assert changed != aside, "a page whose fragment changed changes: a watching server builds it again"
