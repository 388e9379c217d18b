"""The backmap plugin's options, declared once with MkDocs' `config_options`: the plugin reads them through MkDocs,
and the commands that build without it (`backmap pages`, the Zensical build, `serve`) through `validated`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from backmap_site.format.plan import SLUG
from backmap_site.model.harvest import Source
from backmap_site.reference.customization import SECTIONS
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
    """The plugin's options in `mkdocs.yml` are not valid; the message names each."""


def project(root: Path, options: BackmapConfig, *, parallel: bool = True, site_url: str | None = None) -> Project:
    """The project the plugin's options (validated) describe, in the folder of `mkdocs.yml`."""
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
