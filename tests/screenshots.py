"""Screenshots of every kind of page, light and dark, on a desktop and a phone: `make screenshots`.

Anyone can look at the whole site without serving it, and compare two versions of it by eye. The pages come
from the page registry (the first page of each kind, and a plan of each level), so a new kind is not missed.

    python tests/screenshots.py SITE_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from backmap_site.commands.pdf import CHROMIUM_ARGS, chromium_path, serve
from backmap_site.model.urls import src_of, url_of
from backmap_site.render.project import Project
from backmap_site.render.registry import KINDS, PLAN

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
SCHEMES = ("light", "dark")


def pages() -> dict[str, str]:
    """A name and a URL (relative to the site) for the first page of each kind and one plan of each level."""
    site, _ = Project.at(ROOT).validate()
    found: dict[str, str] = {}
    for kind in KINDS:
        if kind.name == PLAN:
            for level, plans in site.by_level().items():
                if plans:
                    found[f"plan-{level}"] = url_of(src_of(PLAN, plans[0].id))
        elif specs := list(kind.pages(site)):
            found[kind.name] = url_of(specs[0].src)
    return found


def main(site: Path, out: Path) -> None:
    if not (site / "index.html").is_file():
        sys.exit(f"there is no built site in {site}/ — build it first with `make site`")
    out.mkdir(parents=True, exist_ok=True)
    targets = pages()
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for scheme in SCHEMES:
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                page = context.new_page()
                for name, path in targets.items():
                    page.goto(url + path, wait_until="networkidle")
                    page.screenshot(path=out / f"{name}-{scheme}-{size}.png", full_page=True)
                context.close()
        browser.close()
    print(f"{len(targets) * len(SCHEMES) * len(SIZES)} screenshots of {len(targets)} pages in {out}/")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
