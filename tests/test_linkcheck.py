"""The post-build link check finds what MkDocs does not look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from backmap_site.commands.linkcheck import check_site

pytestmark = pytest.mark.unit


def write(site: Path, name: str, html: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{html}</body></html>")


def test_reports_broken_links_missing_anchors_and_foreign_loads(tmp_path: Path) -> None:
    write(tmp_path, "index.html", '<a href="a/">a</a> <a href="a/#here">ok</a> <a href="a/#gone">x</a> '
                                  '<a href="missing/">m</a> <a href="https://example.org/">fine</a> <a href="#">top</a> '
                                  '<img src="https://tracker.example/p.gif"> <script src="js/app.js"></script>')
    write(tmp_path, "a/index.html", '<h2 id="here">Here</h2> <a href="../">up</a> <a href="/base/a/#here">abs</a>')
    assert check_site(tmp_path, "/base/") == [
        "index.html: loads https://tracker.example/p.gif from another host",
        "index.html: loads the missing file js/app.js",
        "index.html: link a/#gone points at a missing anchor",
        "index.html: broken link missing/",
    ]
