"""`backmap pdf`: a plan's page printed to PDF by headless Chromium, for board packets.

The site's print stylesheet removes the navigation, header, search and footer and writes out the
targets of external links; Chromium adds page numbers. The built site is served on localhost only.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FOOTER = ('<div style="font-size:9px;width:100%;text-align:center;font-family:sans-serif">'
          'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')


class PdfError(Exception):
    """What stops a PDF from being made, said so that the user can act on it."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free localhost port for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def chromium_path() -> str:
    found = shutil.which("chromium") or (Path("/usr/bin/chromium").exists() and "/usr/bin/chromium")
    if not found:
        raise PdfError("Chromium is not installed — install Debian's chromium package (apt-get install chromium)")
    return found


def plan_pdf(site: Path, plan_id: str, output: Path) -> None:
    if not (site / "index.html").is_file():
        raise PdfError(f"there is no built site in {site}/ — build it first with `backmap build`")
    if not (site / "plans" / plan_id / "index.html").is_file():
        raise PdfError(f"no published plan has the id `{plan_id}` (private plans are never published)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError("Playwright is not installed — pip install 'backmap-site[pdf]'") from None
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}plans/{plan_id}/", wait_until="networkidle")
        page.emulate_media(media="print")
        page.pdf(path=str(output), format="Letter", display_header_footer=True, header_template="<span></span>",
                 footer_template=FOOTER, margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
        browser.close()
