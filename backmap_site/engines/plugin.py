"""The MkDocs adapter: hands the generated pages to MkDocs as in-memory files.

The plugin validates before MkDocs touches `site/` (in `on_pre_build`), never
writes into the sources, and watches `plans/` and `content/` in `mkdocs serve`.
Under `mkdocs serve --dirty` the pages go to a temporary folder instead, each
rewritten only when it changed, so that MkDocs rebuilds only those.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import click
import pathspec
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from backmap_site.engines import options
from backmap_site.engines.guarantees import with_robots
from backmap_site.engines.options import BackmapConfig
from backmap_site.engines.search import SearchIndexError, index_site
from backmap_site.engines.theme import OVERRIDES, NavOnce
from backmap_site.model.urls import placeholder_notes
from backmap_site.reference.customization import HOME, NOT_PAGES
from backmap_site.render.output import MARKDOWN_EXTENSIONS, SCRIPTS, STYLESHEET, Output, Page
from backmap_site.render.project import Project, ProjectError
from backmap_site.utils.progress import MINIMUM, interactive

log = get_plugin_logger(__name__)


class BackmapPlugin(BasePlugin[BackmapConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.output: Output | None = None
        self.bar: Any = None  # click.progressbar while MkDocs builds pages on a terminal
        self.with_fragments: dict[str, Page] = {}
        self.serving = False
        self.pages_dir: Path | None = None
        """Where `mkdocs serve --dirty` reads the generated pages from."""
        self.written: dict[str, Page] = {}
        self.generated: set[str] = set()
        """What the last build generated (pages and assets), to take away what the next one no longer has."""
        self.indexing = ThreadPoolExecutor(max_workers=1)
        """Under `mkdocs serve`, the search index is made after each build, one at a time, while the page reloads."""
        self.nav_once: NavOnce | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this event keeps the plugin, and the project's caches, across the rebuilds of `mkdocs serve`."""
        self.serving = command == "serve"
        if self.serving and dirty:
            self.pages_dir = Path(tempfile.mkdtemp(prefix="backmap-pages-"))

    def on_shutdown(self) -> None:
        self.indexing.shutdown(wait=True, cancel_futures=True)
        if self.pages_dir is not None:
            shutil.rmtree(self.pages_dir, ignore_errors=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:  # turned off: MkDocs builds the site's own pages alone (every event below waits)
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        # The server's socket is open while `mkdocs serve` builds: forked workers would inherit it.
        project = options.project(root, self.config, parallel=not self.serving, site_url=config.site_url)
        if project != self.project:
            self.project = project
        for note in placeholder_notes(config, config.config_file_path):
            log.info(note)
        # Notes for the site's maintainers are no pages (and MkDocs would take a README.md for its folder's index).
        notes = pathspec.GitIgnoreSpec.from_lines(NOT_PAGES)
        config.exclude_docs = config.exclude_docs + notes if config.exclude_docs else notes
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        for script in SCRIPTS:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        _set_aside_theme_search(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.project is not None
        try:
            self.output, validation = self.project.render(config)
        except ProjectError as exc:
            raise PluginError(
                f"backmap: the sources are invalid; nothing was built.\n{exc}"
            ) from None
        for warning in validation.warnings:
            log.warning(str(warning))
        for note in [*validation.harvest_notes, *map(str, validation.notes)]:
            log.info(note)
        if config.nav is None:
            config.nav = self.output.nav

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        assert self.project is not None and self.output is not None
        content = self.project.content.resolve()
        for file in list(files):
            path = Path(file.abs_src_path or "")
            if path.resolve().is_relative_to(content) and (path.suffix in (".yaml", ".yml") or file.src_uri == HOME):
                files.remove(file)  # content data, notes, or the home page's text (the generated home page holds it)
        settings = self.project.settings(config)
        in_nav = self.output.in_nav()
        self.with_fragments = {page.src: page for page in self.output.pages if page.fragments}
        existing = set(files.src_uris)  # asking `files` after each append would rebuild its index every time
        for page in self.output.pages:
            if page.src in existing:
                raise PluginError(f"backmap: {config.docs_dir}/{page.src} has the path of a generated page; rename it")
            inclusion = InclusionLevel.UNDEFINED if page.src in in_nav else InclusionLevel.NOT_IN_NAV
            if self.pages_dir is None:
                file = File.generated(config, page.src, content=page.markdown, inclusion=inclusion)
            else:
                file = File.generated(config, page.src, abs_src_path=str(self._written(page)), inclusion=inclusion)
            file.edit_uri = settings.from_docs(page.source) if page.source and settings.in_project(page.source) else None
            files.append(file)
        if self.pages_dir is not None:
            self._take_away(config, self.output)
        pages = len(files.documentation_pages())
        if interactive() and pages >= MINIMUM and self.pages_dir is None:
            self.bar = click.progressbar(length=pages, label="Building pages", file=sys.stderr)
        for asset in self.output.assets:
            if asset.content is not None:
                files.append(File.generated(config, asset.src, content=asset.content))
            else:
                files.append(File.generated(config, asset.src, abs_src_path=str(asset.source)))
        return files

    def _written(self, page: Page) -> Path:
        """The page's file in `pages_dir`, rewritten only when the page changed: `--dirty` goes by file dates."""
        assert self.pages_dir is not None
        path = self.pages_dir / page.src
        before = self.written.get(page.src)
        if before is None or (before is not page and (
                (before.markdown, tuple(before.fragments)) != (page.markdown, tuple(page.fragments)))):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.markdown, encoding="utf-8")
        self.written[page.src] = page
        return path

    def _take_away(self, config: MkDocsConfig, output: Output) -> None:
        """Remove the pages and files of plans gone or made private since the last build: `--dirty` keeps them."""
        assert self.pages_dir is not None
        generated = {page.src for page in output.pages} | {asset.src for asset in output.assets}
        for src in self.generated - generated:
            Path(File.generated(config, src, content="").abs_dest_path).unlink(missing_ok=True)
            if self.written.pop(src, None) is not None:
                (self.pages_dir / src).unlink(missing_ok=True)
        self.generated = generated

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_once = NavOnce(nav)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if not self.config.enabled:
            return env
        assert self.nav_once is not None
        self.nav_once.install(env)
        return env

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201 - MkDocs' Page
        if self.bar is not None:
            self.bar.update(1)
        return page

    @event_priority(100)  # before other plugins, which then see the whole page
    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Fill in the fragments that Python-Markdown was spared, and tell MkDocs' link check their anchors."""
        generated = self.with_fragments.get(page.file.src_uri)
        if generated is None:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | generated.fragment_anchors()
        return generated.fill(html)

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """What the site promises holds whatever a theme override (`custom_dir`) does: unlisted plans ask search
        engines to stay away."""
        return with_robots(output, page.meta.get("robots"))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.project is not None and self.output is not None
        self.project.built(self.output)
        if self.serving:  # the preview reloads now; its search follows a moment later
            self.indexing.submit(_index_for_preview, Path(config.site_dir))
        else:
            try:
                index_site(Path(config.site_dir))
            except SearchIndexError as exc:
                raise PluginError(f"backmap: {exc}") from None
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if not self.config.enabled:
            return server
        assert self.project is not None
        for folder in (self.project.plans, self.project.content):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _set_aside_theme_search(config: MkDocsConfig) -> None:
    """Material's search would send every page's text to every page: the site searches with Pagefind instead
    (`search.py`). A site made before it still lists `search` in `mkdocs.yml`; that plugin then does nothing."""
    theme_search = config.plugins.get("material/search") or config.plugins.get("search")
    if theme_search is not None and getattr(theme_search.config, "enabled", False):
        theme_search.config.enabled = False
        log.info("the site's search is Backmap's own (Pagefind): the `search` plugin in mkdocs.yml is set aside "
                 "and may be removed")


def _index_for_preview(site_dir: Path) -> None:
    try:
        index_site(site_dir)
    except SearchIndexError as exc:
        log.warning(f"backmap: the preview's search is not up to date: {exc}")
