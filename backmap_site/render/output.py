"""What rendering hands an engine: pages (Markdown with HTML fragments), files, the navigation, the theme.

A page's fragments are finished HTML blocks (a plan's body, lists that grow with the plans). An engine that
can fill them in after converting the Markdown (`Page.fill`, the MkDocs plugin) spares its Markdown parser
most of the page; any other takes `Page.complete_markdown` (the export that Zensical builds).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backmap_site.editor.editing import ASSETS as EDITOR_ASSETS
from backmap_site.utils.parallel import Ahead

ASSETS = {"assets/backmap": Path(__file__).parent / "assets", "assets/backmap/editor": EDITOR_ASSETS}
"""The browser's files by the folder they are published in: the site's own (stylesheet, search, plans browser),
and the editor's (with its vendored library)."""
STYLESHEET = "assets/backmap/backmap.css"
SCRIPTS = ("assets/backmap/search.js", "assets/backmap/browser.js")
"""The site's search (on every page) and the plans browser (which acts only on the plans page)."""
MARKDOWN_EXTENSIONS = ("attr_list", "tables", "admonition", "toc")
"""The generated Markdown uses heading ids, tables and admonitions."""

FRAGMENT = re.compile(r"<!--backmap-fragment-(\d+)-->")
"""Where a fragment goes: an HTML comment, which Markdown passes through as it is."""
_ANCHOR = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class Page:
    src: str
    """Path in the docs tree, such as `plans/maple-2026-27/index.md`."""
    title: str
    markdown: str
    """The page's Markdown; where it holds `FRAGMENT` placeholders, `complete_markdown` is the whole page."""
    source: Path | None = None
    """The file a reader would edit to change this page."""
    listed: bool = True
    """Unlisted pages stay out of the search index and the sitemap."""
    fragments: Sequence[str] = ()
    """Finished HTML blocks. A plan page's are rendered ahead, in other processes, until they are read."""

    @property
    def complete_markdown(self) -> str:
        return self.fill(self.markdown)

    def fill(self, text: str) -> str:
        """`text` (this page's Markdown, or the HTML converted from it) with the fragments in place."""
        if not self.fragments:
            return text
        return FRAGMENT.sub(lambda m: self.fragments[int(m[1])], text)

    def fragment_anchors(self) -> set[str]:
        """The ids the fragments define, for link checks that only see the converted Markdown."""
        return {html.unescape(anchor) for fragment in self.fragments for anchor in _ANCHOR.findall(fragment)}


class RenderedAhead(Sequence[str]):
    """A plan page's fragments, taken from the worker processes when first read."""

    def __init__(self, rendered: Ahead[tuple[str, ...]], index: int, count: int) -> None:
        self._rendered = rendered
        self._index = index
        self._count = count

    def __getitem__(self, index):  # noqa: ANN001, ANN204 - Sequence's overloads
        return self._rendered[self._index][index]

    def __len__(self) -> int:
        return self._count  # known from the Markdown's placeholders: asking must not wait for the workers


@dataclass(frozen=True)
class Asset:
    """A file published as it is: copied from `source` (a plan's YAML, the stylesheet) or made (`content`)."""

    src: str
    source: Path | None = None
    content: str | None = None


@dataclass(frozen=True)
class PlanOutput:
    inputs: tuple
    """`PublishedPlan.page_inputs()`: while they are equal, so is the rest."""
    page: Page
    browser_entry: dict[str, Any] | None
    """Its entry in the plans browser's index, if it is listed."""


@dataclass
class Output:
    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    nav: list[dict[str, Any]] = field(default_factory=list)
    """The navigation: sections of reference pages; plans are never in it."""
    rendered_from: tuple[Any, ...] | None = None
    """The reference content, settings and customization the pages were rendered with."""
    plans: dict[str, PlanOutput] = field(default_factory=dict)
    """What each plan gave, for the next render to reuse."""
    own_titles: dict[str, str] = field(default_factory=dict)
    """The titles of the site's own pages in the navigation (`content/*.md`), which the engine reads itself."""

    def in_nav(self) -> set[str]:
        return {src for section in self.nav for target in section.values()
                for src in ([target] if isinstance(target, str) else target)}

    def not_in_nav_patterns(self) -> str:
        """MkDocs' `not_in_nav` setting (gitignore style) for the pages left out of the navigation.

        One pattern for each kind of page (`/plans/*/index.md`), not one for each page, then the exceptions.
        """
        in_nav = self.in_nav()
        kinds = sorted({_kind_pattern(p.src) for p in self.pages if p.src not in in_nav})
        exceptions = [f"!/{src}" for src in sorted(in_nav) if _kind_pattern(src) in kinds]
        return "\n".join([f"/{kind}" for kind in kinds] + exceptions)


def _kind_pattern(src: str) -> str:
    """`plans/maple/index.md` → `plans/*/index.md`: the pages of one kind."""
    parts = src.split("/")
    return "/".join([*parts[:-2], "*", parts[-1]]) if len(parts) > 2 else src
