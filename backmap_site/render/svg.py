"""Small pieces of inline SVG made at build time: text that fits a box, and one line per element.

Pictures go into pages as raw HTML, which some engines read inside Markdown: so no blank line and no
indentation, or Markdown would end the HTML block or read code. Every text is escaped here, by the site's one
rule (`markup.escape_text`), which also keeps it on one line.
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup

from backmap_site.format.markup import escape_text

CHAR_WIDTH = 6.6
"""The width of an average character at 12 px in a sans-serif face: enough to size boxes without font metrics."""


def lines(text: str, width: float, most: int) -> list[str]:
    """`text` wrapped to boxes `width` pixels wide, at most `most` lines, the last cut with an ellipsis."""
    chars = max(4, int(width / CHAR_WIDTH))
    wrapped = textwrap.wrap(" ".join(text.split()), chars, break_long_words=True) or [""]
    if len(wrapped) > most:
        wrapped = wrapped[:most]
        wrapped[-1] = wrapped[-1][: chars - 1].rstrip() + "…"
    return wrapped


def text(x: float, y: float, content: str, css_class: str = "", anchor: str = "start") -> Markup:
    classes = f' class="{css_class}"' if css_class else ""
    end = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return Markup(f'<text x="{x:g}" y="{y:g}"{classes}{end}>{escape_text(content)}</text>')


def canvas(width: float, height: float, attributes: str, body: list[Markup]) -> Markup:
    """An `<svg>` element around `body`, drawn at its own size (a scroll box keeps it legible)."""
    return Markup("\n").join([
        Markup(f'<svg {attributes} width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}" '
               f'xmlns="http://www.w3.org/2000/svg">'),
        *body,
        Markup("</svg>"),
    ])


def picture(width: float, height: float, title_id: str, title: str, description: str, body: list[Markup],
            css_class: str) -> Markup:
    """An SVG image with a name and a description."""
    return canvas(width, height, f'class="{css_class}" role="img" aria-labelledby="{title_id}" aria-describedby="{title_id}-desc"', [
        Markup(f'<title id="{title_id}">{escape_text(title)}</title>'),
        Markup(f'<desc id="{title_id}-desc">{escape_text(description)}</desc>'),
        *body,
    ])
