"""Atomic builds: an engine writes a new site beside the old one, which is replaced only on success."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from backmap_site.commands.linkcheck import check_site
from backmap_site.engines.engine import ENGINES, export
from backmap_site.engines.export import ExportError
from backmap_site.engines.guarantees import keep_promises
from backmap_site.engines.options import OptionsError, read_config, read_options
from backmap_site.engines.search import SearchIndexError, index_site
from backmap_site.format.diagnostics import render
from backmap_site.model.urls import url_of
from backmap_site.render.project import ProjectError


def atomic_build(config_file: Path, site_dir: Path, *, strict: bool = True, engine: str = "mkdocs",
                 check_links: bool = False) -> int:
    """Build with `engine` into a sibling folder and swap it in; return the engine's exit code.

    An exported engine (Zensical) builds a plain project that `backmap pages` writes into a sibling folder.
    `check_links` reads the new site as a browser would (`linkcheck`) and keeps the old one if a link is broken.
    """
    chosen = ENGINES[engine]
    site_dir = site_dir.resolve()
    config = read_config(config_file)
    try:  # the engine would name a wrong option without its line (MkDocs' own message)
        read_options(config_file, config)
    except OptionsError as exc:
        print(render(exc.diagnostics, "text"), file=sys.stderr)
        return _failed(site_dir, "the backmap plugin's options are invalid")
    base = urlsplit(config.get("site_url") or "/").path or "/"
    robots: dict[str, str] = {}
    new, old, exported = (site_dir.with_name(f".{site_dir.name}.{part}") for part in ("new", "old", "export"))
    for leftover in (new, old, exported):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        if chosen.exported:
            try:
                output = export(config_file, exported, fragments=exported / "fragments")
            except ProjectError as exc:
                print(render(exc.diagnostics, "text"), file=sys.stderr)
                return _failed(site_dir, "the sources are invalid")
            except ExportError as exc:
                return _failed(site_dir, str(exc))
            config_file, built = exported / "mkdocs.yml", exported / "site"
            robots = {url_of(page.src): "noindex" for page in output.pages if not page.listed}
        else:
            built = new
        command = chosen.build_command(config_file, new, strict=strict)
        code = subprocess.run(command, cwd=config_file.parent, env={"NO_MKDOCS_2_WARNING": "1", **os.environ}).returncode
        if code != 0:
            return _failed(site_dir, f"the build failed ({engine})", code)
        if built != new:  # the plugin keeps the promises and indexes the pages itself (on_post_build)
            built.rename(new)
            keep_promises(new, robots)
            index_site(new)
    except SearchIndexError as exc:
        return _failed(site_dir, str(exc))
    finally:
        shutil.rmtree(exported, ignore_errors=True)
    if check_links:
        problems = check_site(new, base)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return _failed(site_dir, f"{len(problems)} broken link(s) or anchor(s)")
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return 0


def _failed(site_dir: Path, why: str, code: int = 1) -> int:
    shutil.rmtree(site_dir.with_name(f".{site_dir.name}.new"), ignore_errors=True)
    print(f"backmap: {why}; {site_dir} is unchanged", file=sys.stderr)
    return code
