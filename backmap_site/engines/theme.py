"""What the adapters add to the theme: its overrides, and its navigation rendered once for the pages out of it.

Material renders the whole navigation again for every page: at 1,000 plans, half of the time MkDocs spends in
the theme. A plan page is in no navigation, so nothing in it is active and its links differ from its
neighbours' only by where the page stands: one rendering serves every page of the same folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FunctionLoader

OVERRIDES = Path(__file__).parent / "overrides"
"""Theme overrides for Material and Zensical: no repository API calls, robots meta, the sitemap, edit buttons."""
THEME_NAV = "partials/nav.html"
_ORIGINAL = "backmap/theme-nav.html"
_ONCE = """\
{%- set key = backmap_nav_key(page) -%}
{%- if key is none -%}
{% include "backmap/theme-nav.html" %}
{%- elif key in backmap_navs -%}
{{ backmap_navs[key] }}
{%- else -%}
{%- set html %}{% include "backmap/theme-nav.html" %}{% endset -%}
{{ backmap_remember(key, html) }}
{%- endif -%}
"""


class NavOnce:
    """Renders `partials/nav.html` (the theme's, or an override's) once per folder of pages out of the nav."""

    def __init__(self, nav: Any) -> None:
        self.urls = set(_urls(nav.items))
        self.targets = [_parts(url) for url in self.urls]
        self.rendered: dict[str, str] = {}

    def install(self, env: Environment) -> None:
        theme = env.loader
        assert theme is not None  # MkDocs' themes always have one

        def load(name: str) -> tuple[str, str | None, Any] | None:
            if name == THEME_NAV:
                return _ONCE, None, lambda: True
            if name == _ORIGINAL:
                return theme.get_source(env, THEME_NAV)
            return None

        env.loader = ChoiceLoader([FunctionLoader(load), theme])
        env.globals.update(backmap_nav_key=self.key, backmap_navs=self.rendered, backmap_remember=self.remember)

    def key(self, page: Any) -> str | None:
        """What this page shares its navigation with, or None if it must render its own: it is in the navigation,
        or (in a folder of its own) something in the navigation is below it, so its links would be shorter."""
        url = getattr(page, "url", None)
        if url is None or url in self.urls:
            return None
        parts = _parts(url)
        if _is_file(url):  # without folder URLs, the pages of one folder link alike
            return "/".join(parts) + "/"
        if not parts or any(target[: len(parts)] == parts for target in self.targets):
            return None
        return "/".join(parts[:-1]) + "/*"

    def remember(self, key: str, html: str) -> str:
        self.rendered[key] = html
        return html


def _urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        if getattr(item, "url", None) is not None:
            yield item.url
        yield from _urls(getattr(item, "children", None) or ())


def _is_file(url: str) -> bool:
    """As MkDocs relates URLs (`mkdocs.utils.get_relative_url`): a last part with a dot is a file."""
    return "." in url.rpartition("/")[2]


def _parts(url: str) -> list[str]:
    """The folders a URL is relative to."""
    folder = url.rpartition("/")[0] if _is_file(url) else url
    return [part for part in folder.split("/") if part and part != "."]
