"""`backmap init`: a new site repository of a district (or a state, or a school), ready to publish.

It holds only what is the site's own: its configuration, its plans, its content and its workflows. The package
brings the rest (the reference content, the templates), so upgrading is a new version in `requirements.txt`,
never a merge. It writes nothing where any file it would write exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path

import jinja2

from backmap_site.model.urls import PLACEHOLDER_REPO_URL, PLACEHOLDER_SITE_URL, is_placeholder
from backmap_site.render.scaffold import current_school_year, plan_text, slugify, write_new, yaml_scalar

_FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "requirements.txt": "requirements.txt",
    ".gitignore": "gitignore",
    "README.md": "README.md",
    "CONTRIBUTING.md": "CONTRIBUTING.md",
    "content/index.md": "index.md",
    "content/README.md": "content-README.md",
    ".github/workflows/check.yml": "github/workflows/check.yml",
    ".github/workflows/deploy.yml": "github/workflows/deploy.yml",
    ".github/dependabot.yml": "dependabot.yml",
}
"""Each file of a new site, from its template in `templates/init/` (where `[[ … ]]` marks a value, since workflows
use `${{ … }}` themselves)."""


@dataclass(frozen=True)
class NewSite:
    name: str
    site_url: str = PLACEHOLDER_SITE_URL
    repo_url: str = PLACEHOLDER_REPO_URL
    level: str = "system"
    year: str = ""

    def files(self) -> dict[str, str]:
        """Every file of the site, by its path in the site's folder."""
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("backmap_site.render", "templates/init"), undefined=jinja2.StrictUndefined,
            variable_start_string="[[", variable_end_string="]]", block_start_string="[%", block_end_string="%]",
            comment_start_string="[#", comment_end_string="#]", keep_trailing_newline=True, autoescape=False,
            trim_blocks=True, lstrip_blocks=True,
        )
        env.filters["yaml"] = yaml_scalar
        year = self.year or current_school_year(date.today())
        title = f"{self.name} professional learning plan {year}"
        starter = slugify(title)
        values = {"name": self.name, "site_url": self.site_url, "repo_url": self.repo_url,
                  "version": version("backmap-site"), "starter_id": starter, "level": self.level}
        files = {path: env.get_template(template).render(values) for path, template in _FILES.items()}
        plan = Path("plans") / f"{starter}.yaml"
        files[plan.as_posix()] = plan_text(plan, title=title, level=self.level, organization=self.name, year=year,
                                           parent=None, schema=None if is_placeholder(self.site_url) else
                                           self.site_url.rstrip("/") + "/schema/plan.schema.json")
        return files


def init_site(folder: Path, site: NewSite) -> list[Path]:
    """Write the new site into `folder`; raise FileExistsError naming every file in the way, writing nothing."""
    files = site.files()
    taken = [place for path in files for place in [folder / path, *(folder / path).parents]
             if place.exists() and (place == folder / path or not place.is_dir())]
    taken = list(dict.fromkeys(taken))
    if taken:
        raise FileExistsError(", ".join(map(str, taken)))
    written = []
    for path, text in files.items():
        write_new(folder / path, text)
        written.append(folder / path)
    return written
