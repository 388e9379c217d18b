"""Where the site works around its engines, each in one place with a note of when to remove it.

`tests/test_workarounds.py` checks that the behaviour each one works around still exists: when such a test
fails, the engine changed, and the workaround may go. The others live in the theme and the templates:

- `templates/workarounds/material-search-query.html`: Material opens its search box when the URL has `?q=`,
  which is the plans browser's text filter. Remove when Material leaves `?q=` alone.
- `templates/workarounds/material-search-index.html`: Material fetches the whole search index (every plan's
  text) on each page with its search form; the editor page goes without it. Remove when Material loads the
  index on first use.
- `overrides/partials/source.html`: Material's repository widget asks the host's API on every page view.
  Remove when Material can show the repository without a request.
- `overrides/sitemap.xml`: MkDocs' sitemap lists every page, unlisted plans too. Remove when pages can leave it.
- `overrides/partials/actions.html`: a generated page's edit button names its source from the front matter,
  since no engine knows that its Markdown comes from a YAML file. Remove when engines read `edit_url` there.
- `assets/backmap.css` (footer): Material's copyright text falls short of 4.5:1. Remove when it reaches it.
"""

from __future__ import annotations

import re

from backmap_site.output import text_only

_MARK = re.compile(r"<!--(/?)backmap-fragment-(\d+)-->")
_SET_ASIDE = re.compile(r"<!--backmap-aside-(\d+)-->.*?<!--/backmap-aside-->", re.S)
_MARKS = re.compile(r"<!--/?backmap-fragment(?:-\d+)?-->")


class SearchText:
    """Material's search reads each page's HTML (in `on_page_context`): a plan body's hundreds of tags would
    cost it most of the build. While it reads, each fragment is set aside and its words stand in for it
    (`before_search`); then the fragments go back (`after_search`), whatever else changed in the page meanwhile.

    The page's HTML must hold its fragments marked (`Page.fill(html, marked=True)`). Remove when search parses
    pages cheaply, or indexes a text it is handed.
    """

    def __init__(self) -> None:
        self._aside: dict[str, list[str]] = {}

    def before_search(self, page: str, html: str) -> str:
        aside: list[str] = []
        # Split at the marks (a regular expression spanning each fragment scans it once more per character):
        # [text, "", n, fragment, "/", n, text, …].
        parts = _MARK.split(html)
        out, i = [parts[0]], 1
        while i < len(parts):
            closing, number, text = parts[i : i + 3]
            if not closing and parts[i + 3 : i + 5] == ["/", number]:
                aside.append(text)
                out += [f"<!--backmap-aside-{len(aside) - 1}-->{text_only(text)}<!--/backmap-aside-->", parts[i + 5]]
                i += 6
            else:
                out.append(text)
                i += 3
        self._aside[page] = aside
        return "".join(out)

    def after_search(self, page: str, html: str) -> str:
        aside = self._aside.pop(page, None)
        if aside is not None:
            html = _SET_ASIDE.sub(lambda match: aside[int(match[1])], html)
        return _MARKS.sub("", html)
