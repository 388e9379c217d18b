"""What the site promises on every page, emitted by the adapters after the theme has rendered it.

A theme override (`custom_dir` with its own `main.html`, as Material documents) replaces the theme's templates,
and with them anything a template of ours added. So the promises are kept in the finished HTML instead: the
MkDocs plugin applies them to each page (`on_post_page`), and the Zensical build to each page it wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import escape

_ROBOTS = re.compile(r"<meta\s+name=[\"']?robots[\"']?", re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)


def with_robots(html: str, robots: object) -> str:
    """`html` asking search engines to stay away (`robots: noindex` in a page's front matter), once."""
    if not robots or _ROBOTS.search(html):
        return html
    return _HEAD_END.sub(lambda end: f'<meta name="robots" content="{escape(str(robots))}">\n{end[0]}', html, count=1)


def keep_promises(site_dir: Path, robots: dict[str, str]) -> None:
    """Apply the promises to a site an engine built without the plugin: `robots` by page URL (`plans/x/`)."""
    for url, value in robots.items():
        path = site_dir / url / "index.html"
        if path.is_file():
            html = path.read_text(encoding="utf-8")
            fixed = with_robots(html, value)
            if fixed != html:
                path.write_text(fixed, encoding="utf-8")
