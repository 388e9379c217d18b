"""A site's own words and choices: its home page's text, its own Markdown pages, and the generated sections it shows.

A district writes these in its `content/` folder and its configuration, never in the package: `content/index.md`
opens the home page, other Markdown pages join the navigation in a section of their own, and the plugin's
`sections` option leaves out generated sections it does not want.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pathspec
import yaml

from backmap_site.format.diagnostics import Diagnostic

SECTIONS = ("frameworks", "coverage", "insights", "editor", "concepts")
"""The generated sections a site may leave out; the plans, steps, standards and designs are the site itself."""
_PAGES_OF_SECTION = {
    "frameworks": (("page", "frameworks"), ("framework", None)),
    "coverage": (("page", "coverage"),),
    "insights": (("page", "insights"),),
    "editor": (("page", "editor"),),
    "concepts": (("page", "concepts"), ("environment", None), ("concept", None)),
}
"""Each optional section's pages, as `urls.PAGES` names them (None: every page of that kind)."""
HOME = "index.md"
NOT_PAGES = ("README.md",)
"""Notes for a site's maintainers in `content/`, never published."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?\n?", re.S | re.M)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


class CustomizationError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class OwnPage:
    """A Markdown page of the site's own, from its `content/` folder."""

    src: str
    """Its path in the docs folder: `about.md`, `policies/travel.md`."""
    title: str
    """Its `title` in the front matter, else its first `# heading`, else its file name."""
    order: int
    """Its `order` in the front matter (default 100): the navigation lists its section's pages by it, then by title."""
    source: Path
    body: str
    """Its Markdown without the front matter."""


@dataclass(frozen=True)
class Customization:
    site_name: str = "Professional learning plans"
    """The site's name (MkDocs' `site_name`): the home page's title where the site has no `content/index.md`."""
    site_description: str | None = None
    """MkDocs' `site_description`: the home page's description."""
    sections: frozenset[str] = frozenset(SECTIONS)
    """The optional generated sections the site shows."""
    home: OwnPage | None = None
    """`content/index.md`: the home page's title and opening text."""
    pages: tuple[OwnPage, ...] = ()
    """The site's other pages, in navigation order."""
    pages_section: str = "About"
    """The navigation section that lists `pages`."""
    submit_email: str | None = None
    """Where the plan editor sends plans by e-mail (the plugin's `submit_email`): for planners without GitHub."""

    def shows(self, section: str) -> bool:
        return section in self.sections

    def has_page(self, kind: str, item_id: str) -> bool:
        """Whether the site has the page `urls.PAGES` names so: links to a page of a section left out are text."""
        return not (self._left_out and ((kind, None) in self._left_out or (kind, item_id.split("/")[0]) in self._left_out))

    @cached_property
    def _left_out(self) -> frozenset[tuple[str, str | None]]:  # asked for every link of every page
        return frozenset(page for section, pages in _PAGES_OF_SECTION.items() if section not in self.sections for page in pages)


def excluded_docs(exclude_docs: object) -> pathspec.PathSpec:
    """MkDocs' `exclude_docs` (its patterns, or the text of `mkdocs.yml`), with MkDocs' own defaults and the notes."""
    spec = pathspec.GitIgnoreSpec.from_lines([".*", "/templates/", *NOT_PAGES])
    if isinstance(exclude_docs, pathspec.PathSpec):
        return spec + exclude_docs
    return spec + pathspec.GitIgnoreSpec.from_lines(str(exclude_docs or "").splitlines())


def url_of_page(src: str) -> str:
    """The URL MkDocs gives a Markdown page of the docs folder: `about.md` → `about/`, `a/index.md` → `a/`."""
    stem = src.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def read_customization(docs: Path, site_name: str, site_description: str | None = None, *,
                       sections: list[str] | None = None, pages_section: str = "About",
                       exclude_docs: object = None, submit_email: str | None = None) -> Customization:
    """The site's own pages in `docs` (but those `exclude_docs` leaves out), with the options that choose what
    else it shows.

    Raises CustomizationError for a page that cannot be read.
    """
    excluded = excluded_docs(exclude_docs)
    own = [_read(path, src) for path in sorted(docs.rglob("*.md")) for src in [path.relative_to(docs).as_posix()]
           if not excluded.match_file(src)] if docs.is_dir() else []
    home = next((page for page in own if page.src == HOME), None)
    pages = sorted((page for page in own if page.src != HOME), key=lambda page: (page.order, page.title.casefold(), page.src))
    return Customization(site_name, site_description, frozenset(SECTIONS if sections is None else sections), home,
                         tuple(pages), pages_section, submit_email)


def _read(path: Path, src: str) -> OwnPage:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else f"it cannot be read ({exc.strerror})"
        raise CustomizationError(Diagnostic(str(path), 1, 1, (), f"the page cannot be published: {why}",
                                            "save it as UTF-8 text, or remove it from content/")) from None
    meta: dict = {}
    body = text
    if match := _FRONT_MATTER.match(text):
        try:
            found = yaml.safe_load(match[1]) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line, column = (mark.line + 2, mark.column + 1) if mark else (1, 1)
            raise CustomizationError(Diagnostic(str(path), line, column, (), "the front matter is not valid YAML",
                                                "fix the lines between the two `---`, or remove them")) from None
        if isinstance(found, dict):  # else a rule (`---`) of the page's text, as MkDocs reads it too
            meta, body = found, text[match.end():]
    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        raise CustomizationError(Diagnostic(str(path), 2, 1, ("title",), f"`title` is {title!r}, not text",
                                            "write the page's title as text, such as `title: About us`"))
    order = meta.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        raise CustomizationError(Diagnostic(str(path), 2, 1, ("order",), f"`order` is {order!r}, not a whole number",
                                            "write a number such as `order: 10`; lower numbers come first"))
    heading = _HEADING.search(body)
    return OwnPage(src, title or (heading[1] if heading else path.stem.replace("-", " ").capitalize()), order, path, body)


def without_heading(page: OwnPage) -> str:
    """A page's Markdown without its first `# heading`, which the home page writes itself."""
    return _HEADING.sub("", page.body, count=1).strip()
