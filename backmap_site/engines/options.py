"""The backmap plugin's options, declared once with MkDocs' `config_options`: the plugin reads them through MkDocs,
and every command (`validate`, `new`, `schema`, `pages`, `harvest`, the Zensical build, `serve`) through
`read_options`. Each option's docstring is its documentation: the README's table is `options_table()`."""

from __future__ import annotations

import ast
import inspect
import itertools
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from backmap_site.format.diagnostics import Diagnostic, config_mark
from backmap_site.format.plan import SLUG
from backmap_site.model.harvest import Source
from backmap_site.reference.customization import SECTIONS

if TYPE_CHECKING:  # rendering is imported when a project is made, not by every command that reads the options
    from backmap_site.render.project import Project


class EmailAddress(c.Type[str]):
    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        address = super().run_validation(value)
        if not re.match(r"^[^@\s\"<>]+@[^@\s\"<>]+\.[^@\s\"<>]+$", address):
            raise base.ValidationError(f"`{address}` is not an e-mail address such as pl-office@district.org")
        return address


class SourceConfig(base.Config):
    """A district's (or school's) Backmap site whose plans a state site harvests."""

    id = c.Type(str)
    """A short id, which the harvested plans' ids and addresses start with: `<id>/<plan id>`."""
    url = c.URL()
    """The site's address, where its `plans.json` is."""
    name = c.Optional(c.Type(str))
    """Its name as the state site shows it; default: the site's own."""

    def validate(self) -> tuple[list[Any], list[Any]]:
        failed, warnings = super().validate()
        if not failed and not re.match(SLUG, self.id):
            failed.append(("id", base.ValidationError(f"`{self.id}` is not an id: use lowercase letters, digits and hyphens")))
        return failed, warnings


class BackmapConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Whether the plugin makes the site's pages, as with every MkDocs plugin (`enabled: !ENV [BACKMAP, true]` lets a
    variable decide). Turned off, MkDocs builds the site's own Markdown pages alone, and the commands that export
    the generated pages (`backmap pages`, the Zensical build) refuse."""
    plans = c.Type(str, default="plans")
    """Folder of the plan files, relative to mkdocs.yml."""
    content = c.Type(str, default="content")
    """Folder of the reference content, relative to mkdocs.yml."""
    frameworks = c.Optional(c.ListOfItems(c.Type(str)))
    """The frameworks of standards the site shows, by id (`content/frameworks/<id>/`); default: all of them.
    The one the steps engage (`content/standards/`) is always shown."""
    primary_framework = c.Optional(c.Type(str))
    """The framework whose standards plans name by bare ids; default: the one the steps engage."""
    sections = c.ListOfItems(c.Choice(SECTIONS), default=list(SECTIONS))
    """The optional generated sections the site shows: frameworks, coverage, insights, editor, concepts."""
    pages_section = c.Type(str, default="About")
    """The navigation section that lists the site's own Markdown pages (`content/*.md`)."""
    submit_email = c.Optional(EmailAddress())
    """An address of the PL office: the plan editor then also sends plans by e-mail, for planners without GitHub."""
    sources = c.ListOfItems(c.SubConfig(SourceConfig), default=[])
    """A state site's sources: its districts' Backmap sites, each with an `id` and a `url`, optionally a `name`.
    `backmap harvest` copies their public plans into `harvest`; the build shows them as `<id>/<plan id>`."""
    harvest = c.Type(str, default="harvest")
    """Folder of the harvested copies of the sources, relative to mkdocs.yml (the build reads only it)."""

    def validate(self) -> tuple[list[Any], list[Any]]:
        failed, warnings = super().validate()
        ids = [source.id for source in self.sources or []] if not failed else []
        if len(set(ids)) < len(ids):
            failed.append(("sources", base.ValidationError("two sources have the same id: give each its own")))
        return failed, warnings


class OptionsError(ValueError):
    """The plugin's options in `mkdocs.yml` are not valid: the message names each; `diagnostics` place them at their
    lines, once read from the file (`read_options`)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


def read_config(config_file: Path) -> dict[str, Any]:
    """The MkDocs configuration as plain data ({} when there is none); MkDocs' loader reads its `!ENV` tags."""
    from mkdocs.utils.yaml import yaml_load

    return (yaml_load(config_file.read_text(encoding="utf-8")) or {}) if config_file.is_file() else {}


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The backmap plugin's options in a configuration read by `read_config`."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "backmap" in plugin:
            return plugin["backmap"] or {}
    return {}


def read_options(config_file: Path, config: dict[str, Any] | None = None) -> BackmapConfig:
    """The plugin's options in `config_file` (already read: `config`), as MkDocs reads them; the defaults when the
    file or the plugin is absent. Raises OptionsError, with the wrong option's own line."""
    try:
        return validated(plugin_options(read_config(config_file) if config is None else config))
    except OptionsError as exc:
        option = re.match(r"`(\w+)`", str(exc))
        raise OptionsError(str(exc), [option_diagnostic(
            config_file, option[1] if option else None, f"the backmap plugin's options are invalid: {exc}",
            "correct them as the README's table of options says")]) from None


def option_diagnostic(config_file: Path, option: str | None, message: str, hint: str,
                      field: tuple[str, ...] = ("plugins", "backmap")) -> Diagnostic:
    """A problem of the plugin's options, at the option's own line in `config_file` (the plugin's, without one)."""
    line, column = config_mark(config_file, option)
    return Diagnostic(str(config_file), line, column, field, message, hint)


def options_table() -> str:
    """Every option with its default and its documentation, as the README shows them (a test keeps them equal)."""
    docs = _docstrings(BackmapConfig)
    rows = [f"| `{name}` | {_default(option)} | {' '.join(docs[name].split())} |" for name, option in BackmapConfig._schema]
    return "\n".join(["| option | default | what it does |", "| --- | --- | --- |", *rows])


def _default(option: c.BaseConfigOption[Any]) -> str:
    value = option.default
    if value is None:
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`" if not isinstance(value, list) else f"`[{', '.join(map(str, value))}]`"


def _docstrings(config: type[base.Config]) -> dict[str, str]:
    """The docstring under each option of a `Config` class, which Python keeps only in the source."""
    cls = ast.parse(textwrap.dedent(inspect.getsource(config))).body[0]
    assert isinstance(cls, ast.ClassDef)
    docs = {}
    for assign, doc in itertools.pairwise(cls.body):
        if isinstance(assign, ast.Assign) and isinstance(name := assign.targets[0], ast.Name) and \
                isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str):
            docs[name.id] = doc.value.value
    return docs


def project(root: Path, options: BackmapConfig, *, parallel: bool = True, site_url: str | None = None) -> Project:
    """The project the plugin's options (validated) describe, in the folder of `mkdocs.yml`."""
    from backmap_site.render.project import Project

    return Project(root, root / options.content, root / options.plans, parallel,
                   tuple(options.frameworks) if options.frameworks is not None else None, options.primary_framework,
                   tuple(options.sections), options.pages_section, options.submit_email,
                   tuple(Source(source.id, source.url, source.name) for source in options.sources),
                   root / options.harvest, site_url)


def validated(options: dict[str, Any]) -> BackmapConfig:
    """The plugin's options as MkDocs would read them; raises OptionsError as MkDocs would refuse them."""
    config = BackmapConfig()
    config.load_dict(dict(options))
    failed, _ = config.validate()
    if failed:
        raise OptionsError("; ".join(f"`{name}`: {error}" for name, error in failed))
    return config
