"""The `backmap` command. Commands import what only they need, so `validate` starts fast."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from backmap_site.engines.engine import DEFAULT, ENGINES
from backmap_site.format.diagnostics import Style, did_you_mean, render
from backmap_site.format.plan import LEVELS, SLUG, schema_text
from backmap_site.model.validation import find_plan_files, validate_plans
from backmap_site.reference.content import ContentError, Reference, load_reference, shown
from backmap_site.reference.layers import ContentLayers

if TYPE_CHECKING:
    from backmap_site.engines.options import BackmapConfig

LEVELS_OF_SITES = ("state", "system", "school")
"""The levels a site's own plan may have (`backmap init --level`)."""
CONFIG = click.option(
    "--config", "config_file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The site's MkDocs configuration.",
)
CONTENT = click.option(
    "--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the site's own content (default: the plugin's `content` option, or content/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="backmap-site")
def cli() -> None:
    """Backmap Site: professional learning plans, published as a website."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@CONTENT
@CONFIG
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "style", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for programs, github for pull-request annotations.")
def validate(paths: tuple[Path, ...], content_dir: Path | None, config_file: Path, strict: bool, style: Style) -> None:
    """Check plan files (default: the plans/ folder, or the plugin's `plans` option) against the format and the
    reference content.

    Exits 0 when valid, 1 when not (or when there are warnings under --strict).
    """
    options = _options(config_file, style)
    plans = config_file.parent / options.plans
    if not paths:
        if not plans.is_dir():
            raise click.UsageError(f"no PATH given and there is no {plans}/ folder here")
        paths = (plans,)
    reference = _reference(content_dir, style, config_file, options)
    files = find_plan_files(paths)
    in_plans = files if paths == (plans,) else find_plan_files([plans]) if plans.is_dir() else []
    others = [p.stem for p in in_plans]  # a parent may be any plan of the site, checked or not
    result = validate_plans(files, reference, other_ids=others)
    report = render(result.diagnostics, style)
    if report or style == "json":
        click.echo(report)
    if style == "text":
        counts = (f"{len(result.errors)} error(s), {len(result.warnings)} warning(s), {len(result.notes)} note(s) "
                  f"in {len(files)} plan file(s)")
        click.echo(counts if result.diagnostics else f"{len(files)} plan file(s) valid", err=True)
    sys.exit(0 if result.ok(strict=strict) else 1)


@cli.command()
@click.option("--level", type=click.Choice(LEVELS), required=True, help="state, system, school or individual.")
@click.option("--title", required=True, help="The plan's title.")
@click.option("--organization", default="Your school, school system or agency", show_default=True)
@click.option("--parent", help="The id of the plan this one nests in.")
@click.option("--year", help="The school year, like 2026-27 (default: the current one).")
@click.option("--id", "plan_id", help="The plan's id and file name (default: made from the title).")
@click.option("--plans", "plans_dir", default="plans", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@CONTENT
@CONFIG
def new(level: str, title: str, organization: str, parent: str | None, year: str | None, plan_id: str | None,
        plans_dir: Path, content_dir: Path | None, config_file: Path) -> None:
    """Start a plan: write plans/<id>.yaml from a commented template (never replacing a file)."""
    from backmap_site.engines.options import read_config
    from backmap_site.render.scaffold import current_school_year, plan_text, schema_reference, slugify, write_new

    if not title.strip():
        raise click.UsageError("--title is blank")
    plan_id = plan_id or slugify(title)
    if not plan_id:
        raise click.UsageError("the title gives no id (it has no Latin letters or digits): choose one with --id, "
                               "such as --id maple-elementary-2026-27")
    if not re.match(SLUG, plan_id) or len(plan_id) > 80:
        raise click.UsageError(f"`{plan_id}` is not a valid id: use lowercase letters, digits and single hyphens (--id)")
    year = year or current_school_year(date.today())
    if not re.match(r"^\d{4}-\d{2}$", year) or (int(year[:4]) + 1) % 100 != int(year[5:]):
        raise click.UsageError(f"--year `{year}` is not a school year like 2026-27")
    reference = _reference(content_dir, "text", config_file)
    existing = {p.stem: p for p in find_plan_files([plans_dir])} if plans_dir.is_dir() else {}
    path = plans_dir / f"{plan_id}.yaml"
    if plan_id in existing:
        _fail(f"{existing[plan_id]}: a plan with the id `{plan_id}` exists already; nothing was written — choose another --id")
    if parent and parent not in existing:
        _fail(f"unknown parent plan `{parent}`{did_you_mean(parent, existing)}; nothing was written — use the id of a plan in {plans_dir}/")
    schema = schema_reference(config_file.resolve().parent, path, read_config(config_file).get("site_url"))
    try:
        write_new(path, plan_text(path, title=title, level=level, organization=organization, year=year, parent=parent,
                                  schema=schema))
    except FileExistsError:
        _fail(f"{path} exists already; nothing was written — choose another --id")
    result = validate_plans([path], reference, other_ids=existing)
    if result.errors:
        _fail(render(result.errors, "text"))
    click.echo(str(path))


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", required=True, help="The district's (or state's, or school's) name, as the site shows it.")
@click.option("--site-url", help="The site's address, such as https://<account>.github.io/<repository>/ (default: a placeholder).")
@click.option("--repo-url", help="The repository's address, such as https://github.com/<account>/<repository> (default: a placeholder).")
@click.option("--level", type=click.Choice(LEVELS_OF_SITES), default="system", show_default=True,
              help="The level of the site's own plan, the starter plan others nest in.")
def init(folder: Path, name: str, site_url: str | None, repo_url: str | None, level: str) -> None:
    """Make a new site repository in FOLDER: configuration, a starter plan, content, workflows, README.

    Never writes over a file: when any file it would write exists, it writes nothing.
    """
    from backmap_site.commands.init import NewSite, init_site
    from backmap_site.model.urls import PLACEHOLDER_REPO_URL, PLACEHOLDER_SITE_URL

    if not name.strip():
        raise click.UsageError("--name is blank")
    for option, url in (("--site-url", site_url), ("--repo-url", repo_url)):
        if url and not re.match(r"^https?://[^\s/\"'<>]+[^\s\"'<>]*$", url):
            raise click.UsageError(f"{option} `{url}` is not an http or https address")
    site = NewSite(name.strip(), (site_url.rstrip("/") + "/") if site_url else PLACEHOLDER_SITE_URL,
                   repo_url.rstrip("/") if repo_url else PLACEHOLDER_REPO_URL, level)
    try:
        written = init_site(folder, site)
    except FileExistsError as exc:
        _fail(f"{exc}: exists already; nothing was written — choose an empty folder")
    click.echo(f"wrote {len(written)} files into {folder}/ — next: cd {folder} && backmap serve (see its README.md)",
               err=True)


def _fail(message: str) -> NoReturn:
    click.echo(f"backmap: {message}", err=True)
    sys.exit(1)


@cli.command()
@CONTENT
@CONFIG
def schema(content_dir: Path | None, config_file: Path) -> None:
    """Print the JSON Schema of plan files, listing the ids of the reference content."""
    click.echo(schema_text(_reference(content_dir, "text", config_file).ids()), nl=False)


ENGINE = click.option("--engine", type=click.Choice(list(ENGINES)), default=DEFAULT, show_default=True,
                      help="mkdocs or properdocs (with the plugin), or zensical (builds the export of `backmap pages`).")


@cli.command()
@CONFIG
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict/--no-strict", default=True, show_default=True, help="Treat warnings as errors.")
@click.option("--check-links", is_flag=True, help="Check every link and anchor of the built site; keep the old one if any is broken.")
@ENGINE
def build(config_file: Path, site_dir: Path, strict: bool, engine: str, check_links: bool) -> None:
    """Build the site with the chosen engine beside SITE_DIR, then swap it in.

    A build that fails for any reason (invalid plans, a template error, a crash midway) leaves SITE_DIR
    exactly as it was.
    """
    from backmap_site.commands.build import atomic_build

    _usable(config_file, engine)
    sys.exit(atomic_build(config_file, site_dir, strict=strict, engine=engine, check_links=check_links))


@cli.command()
@CONFIG
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="The address to serve at.")
@ENGINE
def serve(config_file: Path, dev_addr: str, engine: str) -> None:
    """Preview the site, rebuilt whenever a file in plans/ or content/ changes."""
    from backmap_site.commands.serve import serve as run

    _usable(config_file, engine)
    sys.exit(run(config_file, dev_addr, ENGINES[engine]))


@cli.command()
@CONFIG
def harvest(config_file: Path) -> None:
    """Copy the public plans of the sites listed under the plugin's `sources:` into its `harvest` folder.

    Each source is fetched apart, asking only for files changed since the last harvest; a source that fails
    keeps its last good copy. `backmap build` then reads only that folder. Prints what became of each source.
    """
    from backmap_site.model.harvest import Source, harvest, report

    if not config_file.is_file():
        raise click.UsageError(f"there is no {config_file} here — run from the site's folder or pass --config FILE")
    options = _options(config_file, "text")
    if not options.sources:  # a new state site's: its deploy workflow harvests before any source is named
        click.echo(f"{config_file} names no sources, so there is nothing to harvest — add them under the backmap plugin:\n"
                   "      sources:\n        - id: maple-sd\n          url: https://maple-sd.github.io/pl-plans/")
        return
    sources = [Source(source.id, source.url, source.name) for source in options.sources]
    click.echo(report(harvest(sources, config_file.resolve().parent / options.harvest)))


def _usable(config_file: Path, engine: str) -> None:
    if not config_file.is_file():
        raise click.UsageError(f"there is no {config_file} here — run from the site's folder or pass --config FILE")
    missing = ENGINES[engine].missing()
    if missing:
        _fail(missing)


@cli.command()
@click.argument("plan_id")
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="The built site.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="The PDF to write (default: PLAN_ID.pdf).")
def pdf(plan_id: str, site_dir: Path, output: Path | None) -> None:
    """Print a plan's page to PDF with headless Chromium: no site chrome, link targets written out, page numbers."""
    from backmap_site.commands.pdf import PdfError, plan_pdf

    output = output or Path(f"{plan_id}.pdf")
    try:
        plan_pdf(site_dir, plan_id, output)
    except PdfError as exc:
        _fail(str(exc))
    click.echo(str(output))


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@CONFIG
def pages(out_dir: Path, config_file: Path) -> None:
    """Write the site as a plain MkDocs-compatible project into OUT_DIR.

    Any engine that reads mkdocs.yml can then build it, without the backmap plugin (MkDocs, ProperDocs, Zensical).
    """
    from backmap_site.engines.engine import export, project_of
    from backmap_site.engines.export import ExportError
    from backmap_site.engines.options import read_config
    from backmap_site.render.project import ProjectError

    try:
        project = project_of(config_file, read_config(config_file))
    except ProjectError as exc:
        _fail(render(exc.diagnostics, "text"))
    target = out_dir.resolve()
    if any(target.is_relative_to(folder.resolve()) for folder in (project.content, project.plans)):
        raise click.UsageError(f"{out_dir} is inside the sources; choose a folder outside content/ and plans/")
    try:
        count = len(export(config_file, out_dir, project).pages)
    except ProjectError as exc:
        click.echo(render(exc.diagnostics, "text"))
        click.echo("the sources are invalid: nothing was written", err=True)
        sys.exit(1)
    except ExportError as exc:
        _fail(f"{exc}; nothing more was written")
    click.echo(f"wrote {count} pages to {out_dir}/ — build them with: cd {out_dir} && zensical build (or mkdocs build)",
               err=True)


def _options(config_file: Path, style: Style) -> BackmapConfig:
    """The plugin's options in `config_file`, read as MkDocs reads them; a wrong one ends the command at its line."""
    from backmap_site.engines.options import OptionsError, read_options

    try:
        return read_options(config_file)
    except OptionsError as exc:
        click.echo(render(exc.diagnostics, style))
        click.echo(f"the backmap plugin's options in {config_file} are invalid: fix them first", err=True)
        sys.exit(1)


def _reference(content_dir: Path | None, style: Style, config_file: Path, options: BackmapConfig | None = None) -> Reference:
    """The packaged content under the site's own (`--content`, else the plugin's `content` option), with the
    frameworks of standards its configuration shows (`options`: the plugin's, when already read)."""
    options = options or _options(config_file, style)
    content_dir = content_dir if content_dir is not None else config_file.parent / options.content
    try:
        reference = load_reference(ContentLayers.of_site(content_dir))
    except ContentError as exc:
        click.echo(render(exc.diagnostics, style))
        click.echo(f"the reference content in {content_dir}/ is invalid: fix it first", err=True)
        sys.exit(1)
    try:
        return shown(reference, config_file, options.frameworks, options.primary_framework)
    except ContentError as exc:
        click.echo(render(exc.diagnostics, style))
        click.echo(f"the backmap plugin's options in {config_file} name frameworks the content lacks: fix them first",
                   err=True)
        sys.exit(1)


def main() -> None:
    """Entry point: no traceback ever reaches a user."""
    try:
        cli(standalone_mode=True)
    except Exception as exc:
        click.echo(f"backmap: internal error ({type(exc).__name__}: {exc}) — please report it with the file that caused it", err=True)
        sys.exit(70)
