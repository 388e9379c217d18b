"""Where every page lives, and every URL the site writes: links between pages, and edit links.

Every page is the `index.md` of its own folder (`plans/<id>/index.md` is the page `plans/<id>/`), so a relative
URL reads the same whether an engine resolves it from the page's URL (MkDocs) or from its Markdown file
(Zensical). Markdown links name the `.md` file, which every engine checks; HTML carries the finished URL.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from backmap_site.format.plan import STEP_KEYS, STEP_SLUGS
from backmap_site.reference.layers import package_content_of

PAGES = {
    "plan": "plans/{}/index.md",
    "step": "steps/{}/index.md",
    "standard": "standards/{}/index.md",
    "framework": "frameworks/{}/index.md",
    "design": "designs/{}/index.md",
    "environment": "environments/{}/index.md",
    "concept": "concepts/{}/index.md",
    "page": "{}/index.md",
    "plans-page": "plans/page_{}/index.md",
    "coverage": "coverage/{}/index.md",
}
"""Each kind of page, by id; `page` names a page by its folder (`coverage`, or `` for the home page); `framework`
names a framework (`spl-2022`) or one of its standards (`spl-2022/evidence`); `plans-page` a page of the plans
list after the first (`2`), whose underscore no plan id has; `coverage` the matrix of a level's plans (`school`,
then `school/page_2`)."""


PLACEHOLDER_SITE_URL = "https://YOUR-ACCOUNT.github.io/YOUR-REPOSITORY/"
PLACEHOLDER_REPO_URL = "https://github.com/YOUR-ACCOUNT/YOUR-REPOSITORY"
"""What `backmap init` writes where it was not told the site's addresses; the build points them out."""


def is_placeholder(url: object) -> bool:
    return "YOUR-ACCOUNT" in str(url or "")


def placeholders(config: Mapping[str, Any]) -> list[str]:
    """The settings of an engine's configuration (`site_url`, `repo_url`) still at their placeholders."""
    return [key for key in ("site_url", "repo_url") if is_placeholder(config.get(key))]


def placeholder_notes(config: Mapping[str, Any], config_file: object) -> list[str]:
    """What the build says of each placeholder left in the configuration."""
    return [f"`{key}` in {config_file} is still a placeholder ({config[key]}): set it to the site's address and its "
            "repository's, so that links, the sitemap and edit buttons lead there" for key in placeholders(config)]


def standard_page(key: str) -> tuple[str, str]:
    """The page of a standard, by its key (`Reference.key`): the steps' framework's under `standards/`, the others'
    under `frameworks/`."""
    return ("framework", key) if "/" in key else ("standard", key)


def src_of(kind: str, item_id: str) -> str:
    """`("design", "lesson-study")` → `designs/lesson-study/index.md`; `("page", "")` → `index.md`."""
    return PAGES[kind].format(item_id).removeprefix("/")


def url_of(src: str) -> str:
    """The URL of a page, relative to the site root: `steps/context/index.md` → `steps/context/`."""
    return src.removesuffix("index.md")


def step_slug(key: str) -> str:
    """A step's page and its anchor on every plan page: `student_learning_needs` → `student-learning-needs`."""
    return STEP_SLUGS[STEP_KEYS.index(key)]


def relative(target: str, start: str) -> str:
    """`posixpath.relpath` for folders of the site, without asking the file system (it runs for every link)."""
    target_parts = [p for p in target.split("/") if p]
    start_parts = [p for p in start.split("/") if p]
    common = 0
    while common < min(len(target_parts), len(start_parts)) and target_parts[common] == start_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:])


@dataclass(frozen=True)
class Links:
    """The URLs of other pages as the page at `src` writes them."""

    src: str

    def folder(self, kind: str, item_id: str) -> str:
        """The relative URL of a page's folder, ending in `/` (`./` for the page itself)."""
        path = relative(url_of(src_of(kind, item_id)), url_of(self.src))
        return f"{path}/" if path else "./"

    def html(self, kind: str, item_id: str, *, anchor: str | None = None, query: str | None = None) -> str:
        """A finished URL for HTML: `../../designs/lesson-study/?level=school#a1`."""
        return self.folder(kind, item_id) + (f"?{query}" if query else "") + (f"#{anchor.lower()}" if anchor else "")

    def markdown(self, kind: str, item_id: str, *, anchor: str | None = None) -> str:
        """A Markdown link's target, the page's file: `../../designs/lesson-study/index.md#a1`."""
        return self.folder(kind, item_id).removeprefix("./") + "index.md" + (f"#{anchor.lower()}" if anchor else "")


@dataclass(frozen=True)
class Settings:
    """What links outside the site depend on: the repository and where the project lies in it."""

    root: Path
    """The project folder (where `mkdocs.yml` is)."""
    repo_url: str | None = None
    edit_uri: str | None = None
    """MkDocs' `edit_uri`: from `repo_url` to the docs folder (`content/`), such as `edit/main/content/`."""
    edit_uri_template: str | None = None
    """MkDocs' `edit_uri_template`, such as `edit/main/content/{path}`; it wins over `edit_uri`."""
    site_url: str | None = None
    docs: Path | None = None
    """The docs folder (`content/`); edit links lead from it, as MkDocs' do."""
    plans: Path | None = None
    """The plans folder, where the plan editor proposes new plans."""

    def edit_url(self, source: Path) -> str | None:
        """The edit link of a page made from `source`, as MkDocs makes those of the docs folder's own pages.

        Files outside the docs folder (plans) are reached from it with `..`, which the URL then resolves.
        """
        if not self.repo_url or not (self.edit_uri or self.edit_uri_template) or not self.in_project(source):
            return None  # packaged content (from the installed package) is in no repository of the site's
        path = self.from_docs(source)
        if self.edit_uri_template:
            edit = self.edit_uri_template.format(path=path, path_noext=posixpath.splitext(path)[0])
        else:
            edit = (self.edit_uri or "") + path
        return urljoin(self.repo_url.rstrip("/") + "/", edit)

    def from_docs(self, source: Path) -> str:
        """A file's path from the docs folder, as MkDocs' edit links take it: `../plans/maple.yaml`."""
        return posixpath.relpath(self.repo_path(source), self.repo_path(self.docs or self.root))

    def in_project(self, source: Path) -> bool:
        """Whether `source` is the site's own file: packaged content (maybe in a `.venv` inside it) is not."""
        resolved = _resolved(source)
        packaged = self._package_content
        return resolved.is_relative_to(self._resolved_root) and not (packaged and resolved.is_relative_to(packaged))

    def repo_path(self, source: Path) -> str:
        """A file's path from the project folder, as the repository names it: `plans/maple.yaml`."""
        return _resolved(source).relative_to(self._resolved_root).as_posix()

    @property
    def branch(self) -> str:
        """The branch edit links lead to: `edit/main/content/` → main."""
        parts = [part for part in (self.edit_uri or self.edit_uri_template or "").split("/") if part]
        return parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else "main"

    @cached_property
    def _package_content(self) -> Path | None:
        return package_content_of(self.docs or self.root)  # asked for every page, as `_resolved_root`

    @cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()  # asked for every page: resolving asks the file system


@cache
def _resolved(path: Path) -> Path:
    """A file's real path: asked several times for each page (its edit link, its source), and each time the file
    system answers it again."""
    return path.resolve()
