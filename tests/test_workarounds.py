"""The engine behaviour each workaround answers (`backmap_site/workarounds.py` lists them) still holds.

Each test reads the installed engine, not our site: when one fails, the engine changed, and the workaround it
names may be removed (or must change). The last test checks the one workaround in Python itself.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import material
import mkdocs
import pytest
from material.plugins.search.plugin import SearchPlugin
from mkdocs.structure.files import Files

from backmap_site.output import Page
from backmap_site.workarounds import SearchText

pytestmark = pytest.mark.unit

THEME = Path(material.__file__).parent / "templates"
BUNDLE = next((THEME / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")


def test_material_opens_its_search_on_the_query_q() -> None:
    """templates/workarounds/material-search-query.html sets `?q=` aside for the plans browser."""
    assert 'r.has("q")&&(at("search",!0),e.value=r.get("q")' in BUNDLE


def test_material_fetches_the_whole_search_index_on_pages_with_its_search_form() -> None:
    """templates/workarounds/material-search-index.html keeps the editor page from loading it."""
    assert 'namedItem("search")?ks():' in BUNDLE and 'ze(new URL("search/search_index.json"' in BUNDLE


def test_material_repository_widget_asks_the_host_api() -> None:
    """overrides/partials/source.html shows a plain link instead."""
    assert "https://api.github.com/repos/" in BUNDLE


def test_mkdocs_sitemap_lists_every_page() -> None:
    """overrides/sitemap.xml leaves unlisted plans out."""
    sitemap = (Path(mkdocs.__file__).parent / "templates" / "sitemap.xml").read_text()
    assert "robots" not in sitemap and "noindex" not in sitemap


def test_material_edit_button_knows_only_the_engine_edit_url() -> None:
    """overrides/partials/actions.html reads a generated page's `edit_url` from its front matter."""
    actions = (THEME / "partials" / "actions.html").read_text()
    assert "page.edit_url" in actions and "meta" not in actions


def test_material_copyright_text_is_light_on_the_footer() -> None:
    """assets/backmap.css strengthens it to reach 4.5:1."""
    css = next((THEME / "assets" / "stylesheets").glob("main.*.min.css")).read_text()
    assert re.search(r"\.md-copyright\{[^}]*color:var\(--md-footer-fg-color--lighter\)", css)


def test_material_search_parses_each_page_html_in_on_page_context() -> None:
    """workarounds.SearchText hands it the words of each fragment instead of its HTML."""
    source = inspect.getsource(SearchPlugin.on_page_context)
    assert "page.content" in source


def test_mkdocs_files_rebuild_their_index_when_asked_for_src_uris() -> None:
    """plugin.on_files asks for `files.src_uris` once, before adding the generated pages."""
    assert isinstance(inspect.getattr_static(Files, "src_uris"), property)


def test_search_text_sets_fragments_aside_and_keeps_what_others_changed() -> None:
    page = Page("plans/p/index.md", "P", "", fragments=(
        '<div class="body"><h3 id="g1">G1</h3><p>More <em>students</em> read.</p></div>',
        '<p data-search-exclude><a href="../x/">X</a></p>',
    ))
    html = page.fill("<h1>P</h1>\n<!--backmap-fragment-0-->\n<h2>More</h2>\n<!--backmap-fragment-1-->", marked=True)
    search = SearchText()
    for_search = search.before_search(page.src, html)
    assert "<h3" not in for_search and "<p>G1 More students read.</p>" in for_search
    assert 'href="../x/"' not in for_search, "a fragment left out of search gives no words"
    changed = for_search.replace("<h2>More</h2>", '<h2 class="added-by-another-plugin">More</h2>')
    assert search.after_search(page.src, changed) == (
        '<h1>P</h1>\n' + page.fragments[0] + '\n<h2 class="added-by-another-plugin">More</h2>\n' + page.fragments[1])
