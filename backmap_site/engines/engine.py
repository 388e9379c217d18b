"""The engines that build the site, chosen in one place.

MkDocs and ProperDocs (which continues MkDocs 1.x) run the backmap plugin from `mkdocs.yml`. Zensical, which
Material for MkDocs names as its successor, runs no MkDocs plugins: it builds the plain project that
`backmap pages` exports. `backmap build --engine`, `backmap serve --engine` and `make site ENGINE=…` use these.
The command line imports this module at start, so what only building needs is imported where it is used.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backmap_site.render.output import Output
    from backmap_site.render.project import Project


@dataclass(frozen=True)
class Engine:
    name: str
    module: str
    """The Python module that runs it (`python -m <module> build`)."""
    extra: str | None
    """The package extra that installs it; None when backmap-site always brings it."""
    exported: bool
    """Whether it builds the exported project (no plugin) rather than `mkdocs.yml` itself."""

    def missing(self) -> str | None:
        """Why the engine cannot run here, with the command that installs it; None when it can."""
        if importlib.util.find_spec(self.module) is not None:
            return None
        return (f"the {self.name} engine is not installed — install it with: "
                f"pip install 'backmap-site[{self.extra}]' (in this repository's checkout: `make site ENGINE={self.name}`)")

    def build_command(self, config_file: Path, site_dir: Path, *, strict: bool) -> list[str]:
        """The command that builds `config_file` into `site_dir` (for an exported engine, the export's own)."""
        command = [sys.executable, "-m", self.module, "build", "--config-file", str(config_file)]
        if not self.exported:
            command += ["--site-dir", str(site_dir)]
        return command + (["--strict"] if strict else [])

    def serve_command(self, config_file: Path, address: str) -> list[str]:
        dirty = [] if self.exported else ["--dirty"]  # rebuild only what changed (see README: make serve)
        return [sys.executable, "-m", self.module, "serve", "--config-file", str(config_file), "-a", address, *dirty]


ENGINES = {
    "mkdocs": Engine("mkdocs", "mkdocs", None, exported=False),
    "properdocs": Engine("properdocs", "properdocs", "properdocs", exported=False),
    "zensical": Engine("zensical", "zensical", "zensical", exported=True),
}
DEFAULT = "mkdocs"


def project_of(config_file: Path, config: dict[str, Any]) -> Project:
    """The project `config_file` describes, with the plugin's options; raises ProjectError when they are invalid,
    or when the plugin is turned off (there are then no pages of ours to export)."""
    from backmap_site.engines.options import OptionsError, option_diagnostic, project, read_options
    from backmap_site.render.project import ProjectError

    try:
        options = read_options(config_file, config)
    except OptionsError as exc:
        raise ProjectError(exc.diagnostics) from None
    if not options.enabled:
        raise ProjectError([option_diagnostic(
            config_file, "enabled", "the backmap plugin is turned off (`enabled: false`): there are no plan pages to export",
            "turn it on, or build the site's own pages with --engine mkdocs", ("plugins", "backmap", "enabled"))])
    return project(config_file.resolve().parent, options, site_url=config.get("site_url"))


def export(config_file: Path, out: Path, project: Project | None = None, fragments: Path | None = None) -> Output:
    """Render the project and write it to `out` as a plain project; returns what was rendered.

    With `fragments` (where `out/fragments/` will be when the project is built), the pages' finished HTML goes
    in after Markdown, as the plugin puts it in (`backmap_site.engines.fragments`): Zensical's build is then a third as long.

    Raises ProjectError when the sources are invalid (nothing is written) and ExportError on a clash.
    """
    from backmap_site.engines.export import export_project
    from backmap_site.engines.options import read_config
    from backmap_site.model.urls import placeholder_notes

    config = read_config(config_file)
    project = project or project_of(config_file, config)
    output, validation = project.render(config)
    for warning in validation.warnings:
        print(f"WARNING -  {warning}", file=sys.stderr)
    for info in [*placeholder_notes(config, config_file), *validation.harvest_notes, *map(str, validation.notes)]:
        print(f"INFO    -  {info}", file=sys.stderr)
    custom_dir = (config.get("theme") or {}).get("custom_dir") if isinstance(config.get("theme"), dict) else None
    export_project(output, config or None, out, project.content,
                   config_file.resolve().parent / custom_dir if custom_dir else None, fragments)
    return output


def replace_tree(source: Path, target: Path) -> None:
    """Make `target` hold what `source` holds, touching only the files that differ (a server watches it)."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for path in sorted(target.rglob("*"), reverse=True) if target.exists() else []:
        relative = path.relative_to(target)
        if path.is_file() and relative not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for relative in sorted(wanted):
        new, old = source / relative, target / relative
        if not old.is_file() or old.read_bytes() != new.read_bytes():
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)
