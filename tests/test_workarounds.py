"""The engine behaviour each workaround answers (`backmap_site/engines/workarounds.py` lists them) still holds.

Each test reads the installed engine, not our site: when one fails, the engine changed, and the workaround it
names may be removed (or must change).
"""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
from pathlib import Path

import material
import mkdocs
import pytest
from mkdocs.structure.files import Files
from pagefind_bin import get_executable

from backmap_site.engines import search

pytestmark = pytest.mark.unit

THEME = Path(material.__file__).parent / "templates"
BUNDLE = next((THEME / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")


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


def test_mkdocs_files_rebuild_their_index_when_asked_for_src_uris() -> None:
    """plugin.on_files asks for `files.src_uris` once, before adding the generated pages."""
    assert isinstance(inspect.getattr_static(Files, "src_uris"), property)


def test_pagefind_writes_filter_values_in_a_random_order(tmp_path: Path) -> None:
    """search._sort_filters sorts them: the same pages give the same index."""
    for n in range(20):
        (tmp_path / f"p{n}.html").write_text(f'<html lang="en"><body><main data-pagefind-body>'
                                             f'<h1 data-pagefind-filter="plan:p{n}">Page {n}</h1></main></body></html>')
    written = set()
    for _ in range(3):
        subprocess.run([str(get_executable()), "--site", str(tmp_path), "--silent"], check=True)
        written |= {path.read_bytes() for path in (tmp_path / "pagefind" / "filter").iterdir()}
        shutil.rmtree(tmp_path / "pagefind")
    assert len(written) > 1
    indexes = []
    for _ in range(3):
        search.index_site(tmp_path)
        bundle = tmp_path / search.BUNDLE
        indexes.append({path.relative_to(bundle).as_posix(): path.read_bytes() for path in bundle.rglob("*") if path.is_file()})
        shutil.rmtree(bundle)
    assert indexes[0] == indexes[1] == indexes[2]
