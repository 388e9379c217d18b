"""The second adapter: write the site as a plain MkDocs-compatible project.

`backmap pages OUT_DIR` writes the generated Markdown, the assets, the theme
overrides, an `mkdocs.yml` without the backmap plugin and a `SUMMARY.md`, so
any engine that reads `mkdocs.yml` (MkDocs, ProperDocs, Zensical) can build
the same site without this package.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from backmap_site.engines.fragments import NAME as FRAGMENTS_EXTENSION
from backmap_site.engines.fragments import set_aside
from backmap_site.engines.theme import OVERRIDES
from backmap_site.reference.customization import HOME, excluded_docs
from backmap_site.render.output import MARKDOWN_EXTENSIONS, SCRIPTS, STYLESHEET, Output

_DEFAULT_CONFIG: dict[str, Any] = {"site_name": "Professional learning plans", "theme": {"name": "material", "font": False}}


class ExportError(Exception):
    """A file of the sources has the path of a generated one."""


def export_project(output: Output, config: dict[str, Any] | None, out: Path, content: Path | None = None,
                   custom_dir: Path | None = None, fragments: Path | None = None) -> None:
    """Write `output` into `out` (created if needed; files of the same names are replaced).

    The pages and files of `content` (the docs folder) that are not reference data come along, as the plugin
    publishes them too, but for the home page's text, which the generated home page holds. The site's own theme
    overrides (`custom_dir`) go over ours, as the plugin puts them before ours.

    With `fragments`, the pages' finished HTML is written aside into `out/fragments/`, and the project's Markdown
    puts it back in after converting (`backmap_site.engines.fragments`) from the folder `fragments`, where the project
    is built; the project then needs this package. Without, the pages are whole Markdown.
    """
    docs = out / "docs"
    generated = {page.src for page in output.pages} | {asset.src for asset in output.assets}
    excluded = excluded_docs((config or {}).get("exclude_docs"))
    own = [(p, src) for p in sorted(content.rglob("*")) for src in [p.relative_to(content).as_posix()]
           if p.is_file() and p.suffix not in (".yaml", ".yml") and src != HOME and not excluded.match_file(src)] \
        if content and content.is_dir() else []
    for path, src in own:
        if src in generated:
            raise ExportError(f"{path} has the path of a generated page; rename it")
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    if fragments is not None:
        (out / "fragments").mkdir(parents=True, exist_ok=True)
    for page in output.pages:
        _write(docs / page.src, page.complete_markdown if fragments is None else
               set_aside(page.markdown, page.fragments, out / "fragments"))
    for asset in output.assets:
        target = docs / asset.src
        target.parent.mkdir(parents=True, exist_ok=True)
        if asset.source is not None:
            shutil.copyfile(asset.source, target)
        else:
            target.write_text(asset.content or "", encoding="utf-8")
    shutil.copytree(OVERRIDES, out / "overrides", dirs_exist_ok=True)
    if custom_dir is not None and custom_dir.is_dir():
        shutil.copytree(custom_dir, out / "overrides", dirs_exist_ok=True)
    _write(out / "mkdocs.yml", yaml.safe_dump(_config(config or _DEFAULT_CONFIG, output, fragments), sort_keys=False,
                                              allow_unicode=True))
    _write(docs / "SUMMARY.md", summary(output))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _config(source: dict[str, Any], output: Output, fragments: Path | None) -> dict[str, Any]:
    # Generated pages name their source in their front matter (`edit_url`); the docs folder's own pages keep
    # the edit links of `edit_uri`, which leads to the docs folder whatever the exported folder is called.
    config = {k: v for k, v in source.items() if k not in ("docs_dir", "nav", "plugins")}
    config["docs_dir"] = "docs"
    theme = dict(config.get("theme") or {"name": "material"})
    theme["custom_dir"] = "overrides"
    theme.setdefault("variant", "classic")  # Zensical's look of Material for MkDocs; MkDocs ignores the key
    config["theme"] = theme
    # The site searches with Pagefind (`search.py`), which `backmap build` runs after the engine: Zensical's own
    # search, on unless it is turned off, would send every page's text to every page.
    config["plugins"] = [p for p in source.get("plugins") or [] if _plugin_name(p) not in ("backmap", "search")]
    config["plugins"].append({"search": {"enabled": False}})
    config["extra_css"] = [*dict.fromkeys([*(source.get("extra_css") or []), STYLESHEET])]
    config["extra_javascript"] = [*dict.fromkeys([*(source.get("extra_javascript") or []), *SCRIPTS])]
    extensions = list(source.get("markdown_extensions") or [])
    names = {e if isinstance(e, str) else next(iter(e)) for e in extensions}
    config["markdown_extensions"] = extensions + [e for e in MARKDOWN_EXTENSIONS if e not in names] + (
        [{FRAGMENTS_EXTENSION: {"folder": str(fragments)}}] if fragments is not None else [])
    config["not_in_nav"] = output.not_in_nav_patterns()
    config["exclude_docs"] = "SUMMARY.md"
    config["nav"] = output.nav
    return config


def _plugin_name(plugin: str | dict[str, Any]) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


def summary(output: Output) -> str:
    """The navigation as a literate-nav SUMMARY.md."""
    titles = {page.src: page.title for page in output.pages} | output.own_titles
    lines = []
    for section in output.nav:
        [(name, target)] = section.items()
        if isinstance(target, str):
            lines.append(f"* [{name}]({target})")
            continue
        lines.append(f"* {name}")
        lines += [f"    * [{_bracket_safe(titles[src])}]({src})" for src in target]
    return "\n".join(lines) + "\n"


def _bracket_safe(title: str) -> str:
    return title.replace("[", "\\[").replace("]", "\\]")
