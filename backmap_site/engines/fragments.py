"""A Python-Markdown extension that puts finished HTML fragments in after the conversion, from files.

An engine that reads plain Markdown (Zensical) would otherwise parse every fragment's HTML (a plan's body, the
lists that grow with the plans) in Python-Markdown's raw-HTML pass: most of its build time. `backmap build` and
`backmap serve` export the pages with a placeholder naming each fragment's file, and name this extension in the
exported `mkdocs.yml`; `backmap pages`, whose project must build without this package, writes whole Markdown.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from backmap_site.render.output import FRAGMENT

NAME = "backmap_site.engines.fragments"
"""The extension's name in `markdown_extensions`."""
_PLACEHOLDER = re.compile(r"<!--backmap-fragment-file:([0-9a-f]{16})-->")


def set_aside(markdown: str, fragments: Sequence[str], folder: Path) -> str:
    """`markdown` with each fragment written to a file of `folder`, named after its content (so that a page whose
    fragment changed changes too, and a server watching it builds it again), and a placeholder in its place."""
    def aside(match: re.Match[str]) -> str:
        html = fragments[int(match[1])]
        name = hashlib.sha256(html.encode()).hexdigest()[:16]
        path = folder / f"{name}.html"
        if not path.exists():
            path.write_text(html, encoding="utf-8")
        return f"<!--backmap-fragment-file:{name}-->"

    return FRAGMENT.sub(aside, markdown)


class _PutFragmentsIn(Postprocessor):
    def __init__(self, md: Markdown, folder: Path) -> None:
        super().__init__(md)
        self.folder = folder

    def run(self, text: str) -> str:
        return _PLACEHOLDER.sub(lambda match: (self.folder / f"{match[1]}.html").read_text(encoding="utf-8"), text)


class FragmentsExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"folder": ["", "The folder of the fragment files"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After the raw HTML goes back in (priority 30): nothing else reads the fragments.
        md.postprocessors.register(_PutFragmentsIn(md, Path(self.getConfig("folder"))), "backmap_fragments", 5)


def makeExtension(**kwargs: Any) -> FragmentsExtension:  # noqa: N802 - Python-Markdown's name
    return FragmentsExtension(**kwargs)
