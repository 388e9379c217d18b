"""The MkDocs adapter: hands the generated pages to MkDocs as in-memory files.

The plugin validates before MkDocs touches `site/` (in `on_pre_build`), never
writes into the sources, and watches `plans/` and `content/` in `mkdocs serve`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from backmap_site.pages import MARKDOWN_EXTENSIONS, OVERRIDES, SCRIPT, STYLESHEET, Output, Settings
from backmap_site.progress import MINIMUM, interactive
from backmap_site.project import Project, ProjectError

log = get_plugin_logger(__name__)


class BackmapConfig(base.Config):
    plans = c.Type(str, default="plans")
    """Folder of the plan files, relative to mkdocs.yml."""
    content = c.Type(str, default="content")
    """Folder of the reference content, relative to mkdocs.yml."""


class BackmapPlugin(BasePlugin[BackmapConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.output: Output | None = None
        self.bar: Any = None  # click.progressbar while MkDocs builds pages on a terminal

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.project = Project.at(root, self.config.content, self.config.plans)
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None
        try:
            self.output, validation = self.project.render(config.repo_url, config.edit_uri)
        except ProjectError as exc:
            raise PluginError(
                f"backmap: the sources are invalid; nothing was built.\n{exc}"
            ) from None
        for warning in validation.warnings:
            log.warning(str(warning))
        if config.nav is None:
            config.nav = self.output.nav

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.output is not None
        content = self.project.content.resolve()
        for file in list(files):
            source = Path(file.abs_src_path or "").resolve()
            if source.suffix in (".yaml", ".yml") and source.is_relative_to(content):
                files.remove(file)  # content data, not a page to copy
            elif file.is_documentation_page() and source.is_relative_to(self.project.root.resolve()):
                file.edit_uri = source.relative_to(self.project.root.resolve()).as_posix()
        settings = Settings(self.project.root)
        in_nav = self.output.in_nav()
        for page in self.output.pages:
            if files.get_file_from_path(page.src):
                raise PluginError(f"backmap: {config.docs_dir}/{page.src} has the path of a generated page; rename it")
            file = File.generated(config, page.src, content=page.markdown,
                                  inclusion=InclusionLevel.UNDEFINED if page.src in in_nav else InclusionLevel.NOT_IN_NAV)
            file.edit_uri = settings.repo_path(page.source) if page.source else None
            files.append(file)
        pages = len(files.documentation_pages())
        if interactive() and pages >= MINIMUM:
            self.bar = click.progressbar(length=pages, label="Building pages", file=sys.stderr)
        for asset in self.output.assets:
            if asset.content is not None:
                files.append(File.generated(config, asset.src, content=asset.content))
            else:
                files.append(File.generated(config, asset.src, abs_src_path=str(asset.source)))
        return files

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201 - MkDocs' Page
        if self.bar is not None:
            self.bar.update(1)
        return page

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # noqa: ANN001 - MkDocs' LiveReloadServer
        assert self.project is not None
        for folder in (self.project.plans, self.project.content):
            if folder.is_dir():
                server.watch(str(folder))
        return server
