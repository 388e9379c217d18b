"""Turn untrusted plan text into inert page text.

Plain-text fields are escaped for Markdown and HTML at once (one rule for every
template, in text and in attribute values: characters either would read become
numeric character references), so no emphasis, link, attribute list or tag
written in a plan comes alive. Markdown fields are
rendered by markdown-it with raw HTML off, images turned into plain links (a
page never loads anything from another host), then cleaned by nh3 keeping only
http, https and mailto links. The result is a raw HTML block that Python-Markdown
passes through untouched.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

# Inline Markdown (emphasis, code, links, attribute lists, table cells, trailing #) anywhere in a line; list,
# heading and block markers only where a text could start a line; and what HTML reads (`<`, `>`, `&`, quotes).
_SPECIAL = re.compile(r"[\\`*_{}\[\]|#<>&\"']|^[-+!]|^\d+\.")
_ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr", "s",
    "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_SCHEMES = {"http", "https", "mailto"}


def escape_text(value: object) -> Markup:
    """Plain text on one line, inert in Markdown, in HTML text and in HTML attribute values."""
    return Markup(_SPECIAL.sub(_reference, " ".join(str(value).split())))


def _reference(match: re.Match[str]) -> str:
    special = match[0]
    return f"{special[:-1]}&#46;" if special[0].isdigit() else f"&#{ord(special)};"


def html_with_code(value: object) -> Markup:
    """HTML text whose `backticked` parts become <code> (for the validator's messages)."""
    parts = str(value).split("`")
    if len(parts) % 2 == 0:
        return Markup.escape(value)
    return Markup("").join(
        Markup("<code>{}</code>").format(part) if index % 2 else Markup.escape(part) for index, part in enumerate(parts)
    )


def _safe_link(url: str) -> bool:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return scheme in _ALLOWED_SCHEMES


def _markdown_it() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.disable(["heading", "lheading"])  # a plan's text must not break the page's outline
    md.validateLink = _safe_link  # type: ignore[method-assign] # markdown-it's documented way to vet links

    def image_as_link(renderer: Any, tokens: list[Token], index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        src = html.escape(str(token.attrGet("src") or ""), quote=True)
        alt = html.escape(token.content or src)
        return f'<a href="{src}">{alt}</a>'

    md.add_render_rule("image", image_as_link)
    return md


_MD = _markdown_it()


_PLAIN = re.compile(r"[^\n`*_\[\]<>!&#|~\\=:{}()$]*")
"""Text with none of these characters (and no list or code start) is one paragraph of plain words."""


def _is_plain(text: str) -> bool:
    return bool(_PLAIN.fullmatch(text)) and text == text.strip() and text[:1] not in "-+" and not text[:1].isdigit()


def render_markdown(text: str) -> Markup:
    """Untrusted Markdown → a sanitized HTML block."""
    if _is_plain(text):  # the common case, without the parser: most plan text is plain sentences
        return Markup(f'\n\n<div class="bm-text" markdown="0">\n<p>{html.escape(text, quote=False)}</p>\n</div>\n\n')
    rendered = _MD.render(text)
    clean = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"align"}, "td": {"align"}},
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return Markup(f'\n\n<div class="bm-text" markdown="0">\n{clean.strip()}\n</div>\n\n')


def plain_text(text: str) -> str:
    """The words of a Markdown text, for summaries and meta descriptions (not yet escaped)."""
    if _is_plain(text):
        return " ".join(text.split())
    rendered = _MD.render(text)
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
