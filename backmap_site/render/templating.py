"""The one template environment: every page's Markdown and every HTML fragment, with one escaping rule.

Whatever a template prints is escaped by `markup.escape_text`, which makes text inert in Markdown, in HTML and
in HTML attributes alike, unless it is already `Markup` (a link, sanitized plan Markdown, a fragment's
placeholder). Links come from `urls.Links` for the page being rendered (the template's `page_src`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from backmap_site.format.markup import escape_text, html_with_code, plain_text, render_markdown
from backmap_site.model.site import ActivityUse, PublishedPlan
from backmap_site.model.urls import Links, standard_page, step_slug


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the process: each render makes its environment afresh, with its site."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(**globals_: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("backmap_site.render", "templates"), bytecode_cache=_COMPILED,
        autoescape=True,
        finalize=lambda value: value if isinstance(value, Markup) else escape_text(value),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=lambda text: render_markdown(text) if text else Markup(""),
        plain=plain_text,
        code_spans=html_with_code,
        fragment=_fragment,
        trusted_markdown=Markup,  # the site's own pages (`content/*.md`), which the engine converts as it converts any
        slug=step_slug,
        urlencode_url=lambda url: Markup(quote(url, safe=":/?#@!$&=+,;%~.-_")),
        path_url=lambda path: Markup(quote(path)),  # a file of the docs folder, `#` and `?` included
        groupby_plan=_group_by_plan,
        select_favouring=lambda designs, factor: [d for d in designs if factor in d.factors],
    )
    env.globals.update(globals_, link=_link, href=_href, a=_a, html_href=_html_href, plan_links=_plan_links, refs=_refs,
                       standard_link=_standard_link, standard_a=_standard_a, standard_page=standard_page,
                       editor_href=_editor_href)
    return env


def _links(context: Any) -> Links:
    return Links(context["page_src"])


@jinja2.pass_context
def _fragment(context: Any, html: str) -> Markup:
    """Set finished HTML aside as one of the page's fragments; the Markdown keeps a placeholder block."""
    fragments = context["fragments"]
    fragments.append(str(html).strip())
    return Markup(f"\n\n<!--backmap-fragment-{len(fragments) - 1}-->\n\n")


@jinja2.pass_context
def _link(context: Any, kind: str, item_id: str, text: Any, anchor: str | None = None) -> Markup:
    """A Markdown link to another page (its text alone where the site leaves that page out)."""
    if not context["custom"].has_page(kind, item_id):
        return Markup(escape_text(text))
    return Markup(f"[{escape_text(text)}]({escape(_links(context).markdown(kind, item_id, anchor=anchor))})")


@jinja2.pass_context
def _href(context: Any, kind: str, item_id: str, anchor: str | None = None) -> Markup:
    """A Markdown link's target, for links written in a template's prose."""
    return Markup(escape(_links(context).markdown(kind, item_id, anchor=anchor)))


@jinja2.pass_context
def _html_href(context: Any, kind: str, item_id: str, anchor: str | None = None, query: str | None = None) -> Markup:
    """A finished URL, for links inside HTML."""
    return Markup(escape(_links(context).html(kind, item_id, anchor=anchor, query=query)))


@jinja2.pass_context
def _editor_href(context: Any, published: PublishedPlan, section: str | None = None) -> Markup:
    """The plan editor's URL for a plan (at one of its sections: `improvement_goals`); a harvested plan's is its
    own site's editor."""
    section_query = f"&section={quote(section)}" if section else ""
    if published.origin:
        return Markup(escape(published.origin.editor + section_query))
    query = f"plan={quote(published.id)}&path={quote(context['settings'].repo_path(published.source))}" + section_query
    return Markup(escape(_links(context).html("page", "editor", query=query)))


@jinja2.pass_context
def _a(context: Any, kind: str, item_id: str, text: Any, anchor: str | None = None, query: str | None = None) -> Markup:
    """An HTML link to another page (its text alone where the site leaves that page out)."""
    if not context["custom"].has_page(kind, item_id):
        return Markup(escape_text(text))
    return Markup(f'<a href="{_html_href(context, kind, item_id, anchor, query)}">{escape_text(text)}</a>')


@jinja2.pass_context
def _standard_link(context: Any, key: str, text: Any = None) -> Markup:
    """A Markdown link to a standard of any framework, by its key; its name as the site labels it by default."""
    return _link(context, *standard_page(key), text if text is not None else context["reference"].standard_label(key))


@jinja2.pass_context
def _standard_a(context: Any, key: str, text: Any = None) -> Markup:
    """An HTML link to a standard of any framework, by its key."""
    return _a(context, *standard_page(key), text if text is not None else context["reference"].standard_label(key))


@jinja2.pass_context
def _plan_links(context: Any, plans: Iterable[PublishedPlan]) -> Markup:
    """HTML links to many plans, separated by dots: one loop in Python, as lists of every plan grow long."""
    folder = escape(_links(context).folder("page", "plans"))
    return Markup(" · ").join(Markup(f'<a href="{folder}{escape(p.id)}/">{escape_text(p.plan.title)}</a>') for p in plans)


def _refs(ids: list[str]) -> Markup:
    """HTML links to items on the same plan page."""
    return Markup(", ".join(f'<a href="#{escape(i.lower())}">{escape_text(i)}</a>' for i in ids))


def _group_by_plan(uses: list[ActivityUse]) -> list[tuple[PublishedPlan, list[Any]]]:
    groups: dict[str, tuple[PublishedPlan, list[Any]]] = {}
    for use in uses:
        groups.setdefault(use.plan.id, (use.plan, []))[1].append(use.activity)
    return list(groups.values())
