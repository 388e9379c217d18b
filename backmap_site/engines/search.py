"""The site's search: Pagefind indexes the built pages, and a page fetches only what a query needs.

Material's and Zensical's own search send every page's text to every page: megabytes at a thousand plans,
downloaded before the first letter is typed. Pagefind splits its index into chunks that a query loads on
demand, and `assets/search.js` loads even its code only when the reader opens the search. Only pages that carry
`data-pagefind-body` are indexed (`overrides/main.html`): an unlisted plan's page never does, a private plan
has no page, and an element with `data-pagefind-ignore` (diagrams, charts, lists of links) is left out.
Every engine's build ends with `index_site`: the plugin's `on_post_build`, and `backmap build` for Zensical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2

BUNDLE = "pagefind"
"""The index's folder in the site, beside the pages."""


class SearchIndexError(Exception):
    """Pagefind could not index the built site."""


def index_site(site_dir: Path) -> None:
    """Write the search index of the pages built in `site_dir` into `site_dir/pagefind/`."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]  # it ships no types

    try:
        executable = get_executable()
    except FileNotFoundError:
        raise SearchIndexError("Pagefind's program is missing: reinstall with pip install --force-reinstall "
                               "'pagefind[bin]'") from None
    result = subprocess.run([str(executable), "--site", str(site_dir), "--output-subdir", BUNDLE,
                             "--exclude-selectors", ".headerlink", "--silent"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {(result.stderr or result.stdout).strip()}")
    _sort_filters(site_dir / BUNDLE)


_SIGNATURE = b"pagefind_dcd"
"""What each of Pagefind's files starts with, once unzipped; CBOR follows."""


def _sort_filters(bundle: Path) -> None:
    """Pagefind writes each filter's values in a hash map's random order (Pagefind#638), so the same pages would
    give another index each build: sort them, and rename the files that name them after their new content.

    Remove when Pagefind writes them sorted (`tests/test_workarounds.py` notices).
    """
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, index in entry["languages"].items():
        meta_file = bundle / f"pagefind.{index['hash']}.pf_meta"
        meta = _read(meta_file)
        filters = next((part for part in meta if isinstance(part, list) and part and all(
            isinstance(f, list) and len(f) == 2 and (bundle / "filter" / f"{f[1]}.pf_filter").is_file() for f in part)), [])
        for named in filters:
            old = bundle / "filter" / f"{named[1]}.pf_filter"
            name, values = _read(old)
            old.unlink()
            named[1] = _write([name, sorted(values)], f"{language}_", 7, lambda n: bundle / "filter" / f"{n}.pf_filter")
        filters.sort()
        meta_file.unlink()
        index["hash"] = _write(meta, f"{language}_", 10, lambda n: bundle / f"pagefind.{n}.pf_meta")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"{path} is not an index file of the Pagefind this site was made with")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(value: Any, prefix: str, length: int, path: Callable[[str], Path]) -> str:
    """Write `value` as Pagefind does, named after its content; returns the name Pagefind's files refer to it by."""
    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:length]}"
    path(name).write_bytes(data)
    return name
