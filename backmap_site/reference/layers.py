"""Reference content in layers: the package's own, then a site's `content/`, which adds and overrides file by file.

A district installs the package and gets the steps, the standards, the designs and the concepts with it; its own
`content/` holds only what it adds (a design of its own, a state's framework) or replaces (a step's text). The
merged files are loaded and checked as one folder would be.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).parent.parent
PACKAGED = _PACKAGE / "content"
"""Where the wheel carries the reference content (`content/` of the source repository, packaged at build time)."""
SOURCE = _PACKAGE.parent / "content"
"""The source repository's `content/`, which an editable install reads in place."""
DEMO_ONLY = frozenset({"concepts/sample-sites.yaml"})
"""Files of the repository's `content/` that belong to its demo site, not to the reference every site gets
(left out of the wheel by `pyproject.toml`, and out of the packaged layer when read from the source)."""


@cache
def packaged_root() -> Path:
    """The packaged content: in the wheel, or the source repository's `content/` under an editable install."""
    return (PACKAGED if PACKAGED.is_dir() else SOURCE).resolve()


def package_content_of(content: Path) -> Path | None:
    """The packaged content, resolved, under a site whose own is `content`; None in the source repository's demo
    site, whose `content/` it is."""
    packaged = packaged_root()
    return None if content.resolve() == packaged else packaged


def packaged_ids(kind: str) -> set[str]:
    """The ids of the package's own items of a kind (`designs`): a site's others are its own, for others to harvest."""
    return {path.stem for path in (packaged_root() / kind).glob("*.yaml")}


def is_packaged(path: Path, content: Path) -> bool:
    """Whether `path` is the package's, not the site's own: the package's files have no edit link, wherever the
    package is installed."""
    packaged = package_content_of(content)
    return packaged is not None and path.resolve().is_relative_to(packaged)


@dataclass(frozen=True)
class ContentLayers:
    """Content folders from the lowest layer to the highest; a file in a higher one replaces the same path below."""

    roots: tuple[Path, ...]
    left_out: frozenset[str] = frozenset()
    """Paths (relative, `/`-separated) the lowest layer does not offer."""

    @classmethod
    def of_site(cls, content: Path) -> ContentLayers:
        """The packaged content under a site's own `content/` (which need not exist)."""
        packaged = packaged_root()
        if content.resolve() == packaged:
            return cls((content,))  # the source repository's own demo site: one layer, all of it
        return cls((packaged, content), DEMO_ONLY)

    @property
    def top(self) -> Path:
        """The site's own folder: where messages say to add what is missing."""
        return self.roots[-1]

    def _offers(self, index: int, path: Path) -> bool:
        relative = path.relative_to(self.roots[index]).as_posix()
        return path.exists() and not (index == 0 and relative in self.left_out)

    def file(self, *parts: str) -> Path | None:
        """The highest layer's file at `parts`, or None where no layer has it."""
        for index in reversed(range(len(self.roots))):
            path = self.roots[index].joinpath(*parts)
            if path.is_file() and self._offers(index, path):
                return path
        return None

    def files(self, *parts: str) -> list[Path]:
        """The YAML files of the folder `parts` in every layer, by name, each from the highest layer that has it."""
        found: dict[str, Path] = {}
        for index, root in enumerate(self.roots):
            for path in root.joinpath(*parts).glob("*.yaml"):
                if path.is_file() and self._offers(index, path):
                    found[path.name] = path
        return [found[name] for name in sorted(found)]

    def folders(self, *parts: str) -> list[tuple[str, list[Path]]]:
        """The subfolders of `parts` in every layer, by name, each with its folder in every layer that has it."""
        found: dict[str, list[Path]] = {}
        for root in self.roots:
            for path in sorted(root.joinpath(*parts).glob("*")):
                if path.is_dir():
                    found.setdefault(path.name, []).append(path)
        return sorted(found.items())

    def yaml_files(self) -> Iterator[Path]:
        """Every YAML file of every layer: what a change to would change the content."""
        for root in self.roots:
            yield from root.rglob("*.yaml")
