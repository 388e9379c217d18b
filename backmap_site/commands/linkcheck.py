"""Check a built site: every internal link and fragment resolves, nothing loads from another host.

MkDocs checks links written in Markdown, not those inside raw HTML or the
theme; this reads the finished HTML, as a browser would.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINKS = {"a": "href", "link": "href", "area": "href"}
_LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src", "embed": "src", "object": "data"}


@dataclass
class _Page(HTMLParser):
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        if tag in _LINKS and _LINKS[tag] in values:
            loads = tag == "link" and values.get("rel") in ("stylesheet", "icon", "preload", "modulepreload")
            (self.loads if loads else self.links).append(values[_LINKS[tag]])
        if tag in _LOADS and values.get(_LOADS[tag]):
            self.loads.append(values[_LOADS[tag]])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def check_site(site: Path, base_path: str = "/") -> list[str]:
    """Problems in the built site at `site`, as `page: problem` lines (empty when all is well).

    `base_path` is the path of `site_url`, where absolute links (as on the 404 page) start.
    """
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for name, page in pages.items():
        for url in page.loads:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                problems.append(f"{name}: loads {url} from another host")
            elif not (site / _resolve(name, parts.path, base_path)).is_file():
                problems.append(f"{name}: loads the missing file {url}")
        for url in page.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or (url.startswith("#") and len(url) == 1):
                continue
            target = _resolve(name, unquote(parts.path), base_path) if parts.path else name
            if (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (site / target).is_file():
                problems.append(f"{name}: broken link {url}")
            elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{name}: link {url} points at a missing anchor")
    return problems


def _resolve(page: str, path: str, base_path: str) -> str:
    if path.startswith("/"):
        path = "/" + path.removeprefix(base_path.rstrip("/") + "/")
        joined = posixpath.normpath(path)
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return joined.lstrip("/")
