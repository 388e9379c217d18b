"""Render the site model into Markdown pages: the engine-agnostic core.

Data in, pages out: a `Page` is a path in the docs tree, its Markdown, the HTML
fragments the Markdown makes room for, and the file it comes from. Adapters hand
the pages to an engine: the MkDocs plugin as generated files whose fragments it
fills in after Markdown, `backmap pages` as a folder of complete Markdown that any
MkDocs-compatible engine builds.

The prose of the reference pages links with relative Markdown links to `.md`
files, which every engine resolves and checks. What is HTML (the fragments: plan
bodies, lists that grow with the plans; the home page's diagram) carries finished
relative URLs for directory URLs (`use_directory_urls: true`), checked after the
build by `linkcheck`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote, urljoin
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from backmap_site import catalog, editing
from backmap_site.format import LEVELS, STEP_KEYS, STEP_SLUGS, Activity, schema_text
from backmap_site.parallel import Ahead, ordered_map
from backmap_site.chain import evaluation_by_level
from backmap_site.totals import cost_by_funding, money, total_cost
from backmap_site.markup import escape_text, html_with_code, plain_text, render_markdown
from backmap_site.reference import CONCEPT_FILES
from backmap_site.site import LEVEL_TITLES, ActivityUse, PublishedPlan, Site

EXCERPTS = 12
"""Pages that gather the plans' entries show this many in full, then a compact list of links."""

ASSETS = Path(__file__).parent / "assets"
OVERRIDES = Path(__file__).parent / "overrides"
"""Theme overrides for Material: no repository API calls, robots meta, a sitemap without unlisted plans."""
STYLESHEET = "assets/backmap/backmap.css"
SCRIPT = "assets/backmap/browser.js"
MARKDOWN_EXTENSIONS = ("attr_list", "tables", "admonition", "toc")
"""The generated Markdown uses heading ids, tables and admonitions."""

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, where PyYAML was built with it

FACET_TITLES = {
    "level": "Level", "standard": "Standard", "design": "Learning design", "environment": "Environment",
    "subject": "Subject", "grade": "Grades", "year": "School year", "status": "Status",
}

_SRC = {
    "plan": "plans/{}/index.md",
    "step": "steps/{}/index.md",
    "standard": "standards/{}/index.md",
    "design": "designs/{}/index.md",
    "environment": "environments/{}/index.md",
    "concept": "concepts/{}/index.md",
    "page": "{}",
}
"""Every page is the `index.md` of its own folder: its HTML's relative URLs then read the same whether an engine
takes them relative to the page's URL (MkDocs) or to its Markdown file (Zensical)."""


FRAGMENT = re.compile(r"<!--backmap-fragment-(\d+)-->")
"""Where a fragment goes: an HTML comment, which Markdown passes through as it is."""
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|em|i|small|span|strong)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_CODE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_ANCHOR = re.compile(r'\sid="([^"]+)"')
_SEARCH_EXCLUDED = re.compile(r"\s*<[^>]*\sdata-search-exclude[\s>=]")
"""A fragment whose outer element carries `data-search-exclude`, which Material's search and Zensical honour."""


@dataclass(frozen=True)
class Page:
    src: str
    """Path in the docs tree, such as `plans/maple-2026-27.md`."""
    title: str
    markdown: str
    """The page's Markdown; where it holds `FRAGMENT` placeholders, `complete_markdown` is the whole page."""
    source: Path | None = None
    """The file a reader would edit to change this page."""
    listed: bool = True
    """Unlisted pages stay out of the search index and the sitemap."""
    fragments: Sequence[str] = ()
    """Finished HTML blocks (a plan's body, lists that grow with the plans). An engine that can fill them in
    after converting the Markdown (`fill`) spares its Markdown parser most of the page; any other takes
    `complete_markdown`. A plan page's fragments are rendered ahead, in other processes, until they are read."""

    @property
    def complete_markdown(self) -> str:
        return self.fill(self.markdown)

    def fill(self, text: str) -> str:
        """`text` (this page's Markdown, or the HTML converted from it) with the fragments in place."""
        return FRAGMENT.sub(lambda m: self.fragments[int(m[1])], text) if self.fragments else text

    def fill_text(self, html: str) -> str:
        """The converted HTML with each fragment reduced to one paragraph of its text, for a search index.

        A plan body has hundreds of tags and dozens of small headings; indexed as text under the page's own
        headings, it costs search a fraction of the time and leaves the index a sixth smaller.
        """
        return FRAGMENT.sub(lambda m: _text_only(self.fragments[int(m[1])]), html)

    def fragment_anchors(self) -> set[str]:
        """The ids the fragments define, for link checks that only see the converted Markdown."""
        return {anchor for fragment in self.fragments for anchor in _ANCHOR.findall(fragment)}


class _RenderedAhead(Sequence[str]):
    """A plan page's fragments, taken from the worker processes when first read."""

    def __init__(self, rendered: Ahead[tuple[str, ...]], index: int, count: int):
        self._rendered = rendered
        self._index = index
        self._count = count

    def __getitem__(self, index):  # noqa: ANN001, ANN204 - Sequence's overloads
        return self._rendered[self._index][index]

    def __len__(self) -> int:
        return self._count  # known from the Markdown's placeholders: asking must not wait for the workers


class _Unrendered:
    """Stands in for a plan body's sections where only the page's Markdown is wanted."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args: Markup("")


def _text_only(html: str) -> str:
    if _SEARCH_EXCLUDED.match(html):
        return ""
    text = _TAG.sub(" ", _INLINE_TAG.sub("", _CODE.sub("", html)))
    return f"<p>{' '.join(text.split())}</p>"


@dataclass(frozen=True)
class Asset:
    """A file published as it is: copied from `source` (a plan's YAML, the stylesheet) or made (`content`)."""

    src: str
    source: Path | None = None
    content: str | None = None


@dataclass(frozen=True)
class Settings:
    root: Path
    """The project folder; edit links are relative to it."""
    repo_url: str | None = None
    edit_uri: str | None = None
    site_url: str | None = None
    plans: Path | None = None
    """The plans folder, where the plan editor proposes new plans."""

    @property
    def branch(self) -> str:
        """The branch edit links go to: `edit/main/` → main (MkDocs' edit_uri is relative to repo_url)."""
        parts = [part for part in (self.edit_uri or "").split("/") if part]
        return parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else "main"

    def edit_url(self, source: Path) -> str | None:
        """The same URL as MkDocs' edit button: repo_url + edit_uri + the file's path in the repository."""
        if not self.repo_url or not self.edit_uri:
            return None
        return urljoin(self.repo_url.rstrip("/") + "/", self.edit_uri.rstrip("/") + "/" + self.repo_path(source))

    def repo_path(self, source: Path) -> str:
        return source.resolve().relative_to(self._resolved_root).as_posix()

    @cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()  # asked once per page: resolving asks the file system


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
    rendered_from: tuple[Any, Settings] | None = None
    """The reference content and settings the pages were rendered with."""
    plans: dict[str, PlanOutput] = field(default_factory=dict)
    """What each plan gave, for the next render to reuse."""

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


def src_of(kind: str, item_id: str) -> str:
    return _SRC[kind].format(item_id)


def url_of(src: str) -> str:
    """The directory URL of a page, relative to the site root (`steps/context.md` → `steps/context/`)."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the process, one store per kind of environment (their code differs):
    each render makes its environments afresh, with that site's globals."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_MARKDOWN_CODE, _HTML_CODE = _CompiledTemplates(), _CompiledTemplates()


_TEXT_FILTERS = {"md": lambda text: render_markdown(text) if text else Markup(""), "plain": plain_text}
"""Plan text into both kinds of template: Markdown fields as sanitized HTML, or their plain words."""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("backmap_site", "templates"), bytecode_cache=_MARKDOWN_CODE,
        autoescape=True,
        finalize=lambda value: value if isinstance(value, Markup) else escape_text(value),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        _TEXT_FILTERS,
        fragment=_fragment,
        h=lambda value: escape(str(value)),
        anchor=lambda value: escape(str(value).lower()),
        urlencode_url=lambda url: Markup(quote(url, safe=":/?#@!$&=+,;%~.-_")),
        groupby_plan=_group_by_plan,
        select_favouring=lambda designs, factor: [d for d in designs if factor in d.factors],
    )
    env.globals.update(
        link=_link, href=_href, a=_a, html_href=_html_href, plan_links=_plan_links, LEVELS=LEVELS,
        LEVEL_TITLES=LEVEL_TITLES, STEP_KEYS=STEP_KEYS, STEP_SLUGS=STEP_SLUGS, EXCERPTS=EXCERPTS, step_entries=step_entries,
        evaluation_by_level=evaluation_by_level, cost_by_funding=cost_by_funding, total_cost=total_cost, money=money,
    )
    return env


def _html_environment(globals_: dict[str, Any]) -> jinja2.Environment:
    """HTML templates (the plan body): plain autoescape, links as finished URLs."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("backmap_site", "templates"), bytecode_cache=_HTML_CODE, autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(_TEXT_FILTERS, code_spans=html_with_code)
    env.globals.update(globals_, refs=_refs)
    return env


@jinja2.pass_context
def _fragment(context: Any, html: str) -> Markup:
    """Set finished HTML aside as one of the page's fragments; the Markdown keeps a placeholder block."""
    fragments = context["fragments"]
    fragments.append(str(html).strip())
    return Markup(f"\n\n<!--backmap-fragment-{len(fragments) - 1}-->\n\n")


@jinja2.pass_context
def _a(context: Any, kind: str, item_id: str, text: Any, anchor: str | None = None, query: str | None = None) -> Markup:
    """An HTML link to another page, as a finished relative URL."""
    url = _html_href(context, kind, item_id) + (f"?{escape(query)}" if query else "") + (f"#{escape(anchor.lower())}" if anchor else "")
    return Markup(f'<a href="{url}">{escape(text)}</a>')


@jinja2.pass_context
def _plan_links(context: Any, plans: Iterable[PublishedPlan]) -> Markup:
    """HTML links to many plans, separated by dots: one loop in Python, as lists of every plan grow long."""
    folder = _html_href(context, "page", "plans/index.md")
    return Markup(" · ").join(Markup(f'<a href="{folder}{escape(p.id)}/">{escape(p.plan.title)}</a>') for p in plans)


def _refs(ids: list[str]) -> Markup:
    """HTML links to items on the same plan page."""
    return Markup(", ".join(f'<a href="#{escape(i.lower())}">{escape(i)}</a>' for i in ids))


def _group_by_plan(uses: list[ActivityUse]) -> list[tuple[PublishedPlan, list[Activity]]]:
    groups: dict[str, tuple[PublishedPlan, list[Activity]]] = {}
    for use in uses:
        groups.setdefault(use.plan.id, (use.plan, []))[1].append(use.activity)
    return list(groups.values())


def relative(target: str, start: str) -> str:
    """`posixpath.relpath` for paths inside the site, without asking the file system (it runs per link)."""
    target_parts = [p for p in target.split("/") if p]
    start_parts = [p for p in start.split("/") if p]
    common = 0
    while common < min(len(target_parts), len(start_parts)) and target_parts[common] == start_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


@jinja2.pass_context
def _href(context: Any, kind: str, item_id: str, anchor: str | None = None) -> Markup:
    target = relative(src_of(kind, item_id), posixpath.dirname(context["page_src"]))
    return Markup(f"{target}#{escape(anchor.lower())}" if anchor else target)


@jinja2.pass_context
def _link(context: Any, kind: str, item_id: str, text: Any, anchor: str | None = None) -> Markup:
    """A Markdown link to another page; the text is escaped."""
    return Markup(f"[{escape_text(text)}]({_href(context, kind, item_id, anchor)})")


@jinja2.pass_context
def _html_href(context: Any, kind: str, item_id: str) -> Markup:
    """A finished relative URL, for links inside raw HTML."""
    return Markup(escape(relative(url_of(src_of(kind, item_id)), url_of(context["page_src"])) + "/"))


class Renderer:
    def __init__(self, site: Site, settings: Settings):
        self.site = site
        self.settings = settings
        self.env = _environment()
        reference = site.reference
        self.env.globals.update(
            site=site, reference=reference, settings=settings,
            factor_titles={f.id: f.title for group in reference.factors.groups for f in group.factors},
            attribute_titles={a.id: a.title for a in reference.attributes.attributes},
            level_titles={level.level: level.title for level in reference.evaluation_levels.levels},
            facet_titles=FACET_TITLES,
        )
        self.plan_body = _html_environment(self.env.globals).get_template("plan.html.j2")

    def plan_page(self, published: PublishedPlan, sections: Any = None) -> Page:
        src, source = src_of("plan", published.id), published.source
        if sections is None:
            sections = self.plan_body.make_module(
                {"page_src": src, "p": published, "plan": published.plan, "edit_url": self.settings.edit_url(source)}
            )
        return self.page("plan.md.j2", src, published.plan.title, p=published, plan=published.plan, source=source,
                         listed=published.listed, description=plain_text(published.plan.summary), sections=sections)

    def page(self, template: str, src: str, title: str, *, source: Path | None = None,
             description: str | None = None, listed: bool = True, hide: Sequence[str] = (), **context: Any) -> Page:
        meta: dict[str, Any] = {"title": str(escape(title))}
        if description:
            meta["description"] = str(escape(" ".join(description.split())[:300]))
        if hide:
            meta["hide"] = list(hide)
        edit_url = source and self.settings.edit_url(source)
        meta["edit_url"] = edit_url or ""  # the theme's edit button (overrides/partials/actions.html), in every engine
        if not listed:
            meta |= {"search": {"exclude": True}, "robots": "noindex"}
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=10_000)
        fragments: list[str] = []
        body = self.env.get_template(template).render(
            page_src=src, title=title, edit_url=edit_url, fragments=fragments, **context
        )
        return Page(src, title, f"---\n{front}---\n\n{body}", source, listed, tuple(fragments))


def render_site(site: Site, settings: Settings, previous: Output | None = None, *, parallel: bool = True) -> Output:
    """Every page of the site, in a stable order; plan pages whose inputs are unchanged come from `previous`.

    Plan bodies render in worker processes unless `parallel` is false.
    """
    reference = site.reference
    r = Renderer(site, settings)
    out = Output(rendered_from=(reference, settings))
    reusable = previous.plans if previous and previous.rendered_from == out.rendered_from else {}
    inputs = {plan_id: published.page_inputs() for plan_id, published in site.plans.items()}
    plan_ids = [plan_id for plan_id in site.plans if plan_id not in reusable or reusable[plan_id].inputs != inputs[plan_id]]
    # Ids, not plans, cross to the workers (a plan pickles with all it links to); the plan bodies render
    # meanwhile, until the engine asks for them.
    bodies = Ahead(ordered_map(lambda plan_id: tuple(r.plan_page(site.plans[plan_id]).fragments), plan_ids,
                               parallel=parallel, caller_works=True))
    add = out.pages.append
    add(r.page("home.md.j2", "index.md", "Professional learning plans", description=(
        "Professional learning plans built on the Backmapping Model: seven steps from student learning needs "
        "to the professional learning that serves them.")))
    add(r.page("steps.md.j2", "steps/index.md", "The seven steps"))
    for step in reference.steps:
        add(r.page("step.md.j2", src_of("step", step.id), f"Step {step.number}: {step.title}", step=step,
                   source=reference.steps.sources[step.id], description=step.summary, plans=site.steps[step.key]))
    add(r.page("standards.md.j2", "standards/index.md", "Standards for Professional Learning"))
    for standard in reference.standards:
        add(r.page("standard.md.j2", src_of("standard", standard.id), standard.title, standard=standard,
                   source=reference.standards.sources[standard.id], description=standard.summary,
                   by_step=site.standards_by_step[standard.id], by_activity=site.standards_by_activity[standard.id]))
    add(r.page("designs.md.j2", "designs/index.md", "Learning designs"))
    for design in reference.designs:
        add(r.page("design.md.j2", src_of("design", design.id), design.title, design=design,
                   source=reference.designs.sources[design.id], description=design.summary,
                   uses=site.designs[design.id]))
    add(r.page("concepts.md.j2", "concepts/index.md", "Concepts"))
    for environment in reference.environments:
        add(r.page("environment.md.j2", src_of("environment", environment.id), environment.title,
                   environment=environment, source=reference.environments.sources[environment.id],
                   description=environment.summary, uses=site.environments[environment.id]))
    for name, slug in CONCEPT_FILES.items():
        if name == "samples":
            continue  # shown on the plans page
        concept = getattr(reference, name)
        add(r.page(f"concept-{name.replace('_', '-')}.md.j2", src_of("concept", slug), concept.title, concept=concept,
                   source=reference.concept_sources[name], description=plain_text(concept.intro)))
    add(r.page("plans.md.j2", "plans/index.md", "Plans", facets=catalog.facet_values(site), FACETS=catalog.FACETS,
               plan_facets=lambda published: catalog.facets(site, published),
               description="Browse and filter every published plan by level, standard, design, subject and more."))
    add(r.page("coverage.md.j2", "coverage/index.md", "Coverage", engagement=lambda published: catalog.engagement(site, published),
               design_levels=catalog.design_levels(site),
               description="Which plans engage each standard, and how often each design is used at each level."))
    out.assets += [
        Asset("schema/plan.schema.json", content=schema_text(reference.ids())),
        Asset("plans.json", content=catalog.plans_json(site)),
        Asset("plans.csv", content=catalog.plans_csv(site)),
        Asset("activities.csv", content=catalog.activities_csv(site)),
    ]
    rendering = {plan_id: i for i, plan_id in enumerate(plan_ids)}
    for plan_id, published in site.plans.items():
        if plan_id in rendering:
            page = r.plan_page(published, _Unrendered())
            page = replace(page, fragments=_RenderedAhead(bodies, rendering[plan_id], len(page.fragments)))
            entry = catalog.browser_entry(site, published) if published.listed else None
            out.plans[plan_id] = PlanOutput(inputs[plan_id], page, entry)
        else:
            out.plans[plan_id] = reusable[plan_id]
        add(out.plans[plan_id].page)
    out.assets.insert(0, Asset("plans/browser.json", content=catalog.browser_index(
        [out.plans[p.id].browser_entry for p in site.listed])))
    out.assets += [Asset(f"plans/{p.id}.yaml", p.source) for p in site.plans.values()]
    add(r.page("contribute.md.j2", "contribute/index.md", "Contribute a plan"))
    add(r.page("editor.md.j2", "editor/index.md", "Plan editor", hide=("navigation", "toc"), description=(
        "Plan the seven steps of the Backmapping Model in your browser, then download the plan or propose it on GitHub.")))
    out.assets += _editor_assets(site, settings)
    out.assets += [Asset(f"assets/backmap/{path.relative_to(ASSETS).as_posix()}", path)
                   for path in sorted(ASSETS.rglob("*")) if path.is_file()]
    out.nav = [
        {"Home": "index.md"},
        {"Steps": ["steps/index.md", *(src_of("step", s.id) for s in reference.steps)]},
        {"Standards": ["standards/index.md", *(src_of("standard", s.id) for s in reference.standards)]},
        {"Designs": "designs/index.md"},  # 25 entries on every page cost more than they help: the catalog lists them
        {"Concepts": "concepts/index.md"},
        {"Plans": "plans/index.md"},
        {"Plan editor": "editor/index.md"},
        {"Coverage": "coverage/index.md"},
        {"Contribute": "contribute/index.md"},
    ]
    return out


def _editor_assets(site: Site, settings: Settings) -> list[Asset]:
    """The plan editor's data, and for each level the plans a plan of the level below may nest in."""
    from backmap_site.scaffold import schema_reference

    plans = settings.plans or settings.root / "plans"
    data = editing.editor_data(
        site, repo_url=settings.repo_url, branch=settings.branch, plans_folder=settings.repo_path(plans),
        schema=schema_reference(settings.root, plans / "plan.yaml", settings.site_url),
        page_url=lambda kind, item_id: "../" + url_of(src_of(kind, item_id)),
    )
    assets = [Asset("editor/data.json", content=json.dumps(data, ensure_ascii=False, separators=(",", ":")))]
    for level in LEVELS[:-1]:
        index = editing.parent_index(site, level, settings.repo_path)
        assets.append(Asset(f"editor/plans-{level}.json", content=json.dumps(index, ensure_ascii=False, separators=(",", ":"))))
    return assets


def step_entries(published: PublishedPlan, key: str) -> list[tuple[str | None, str, str]]:
    """A plan's entries for one step, as (anchor, label, plain text) for excerpts on the step's page."""
    entry = getattr(published.plan.steps, key)
    if key == "improvement_goals":
        return [(g.id, f"Goal {g.id}", plain_text(g.statement)) for g in entry]
    if key in ("student_learning_needs", "educator_learning_needs"):
        return [(n.id, f"Need {n.id}", plain_text(n.statement)) for n in entry.needs or []]
    if key == "context":
        fields = ("narrative", "department", "school", "system", "state", "federal")
        return [(None, name.capitalize(), plain_text(getattr(entry, name))) for name in fields if getattr(entry, name)]
    if key == "research":
        return [(None, "Source", s.citation) for s in entry.sources or []] or [(None, "Conditions", plain_text(entry.conditions or ""))]
    if key == "professional_learning":
        return [(a.id, f"{a.id}: {a.title}", ", ".join(a.designs)) for a in entry.activities or []]
    return [(None, str(m.date), f"{m.milestone} ({m.status})") for m in entry.milestones or []]
