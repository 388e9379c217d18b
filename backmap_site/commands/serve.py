"""`backmap serve`: a live preview with the chosen engine.

MkDocs and ProperDocs serve `mkdocs.yml` with the plugin, rebuilding only what changed (`--dirty`). Zensical
serves the exported project: this process exports it into a temporary folder, and exports it again whenever a
file in plans/ or content/ changes, touching only the files that differ; Zensical's server rebuilds from them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from backmap_site.engines.engine import Engine, export, project_of, replace_tree
from backmap_site.engines.export import ExportError
from backmap_site.engines.options import read_config
from backmap_site.format.diagnostics import render
from backmap_site.render.project import Project, ProjectError

_QUIET = 0.3
"""Seconds without a change before the project is exported again: an editor's save touches several files."""


def serve(config_file: Path, address: str, engine: Engine) -> int:
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    if not engine.exported:
        return _run(engine.serve_command(config_file, address), env)
    try:
        project = project_of(config_file, read_config(config_file))
    except ProjectError as exc:
        print(render(exc.diagnostics, "text"), file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="backmap-serve-"))
    served = folder / "project"
    try:
        if not _export(config_file, project, folder, served):
            return 1
        with _Watching([project.plans, project.content], lambda: _export(config_file, project, folder, served)):
            return _run(engine.serve_command(served / "mkdocs.yml", address), env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], env: dict[str, str]) -> int:
    """Run the engine's server until it stops, or until Ctrl-C (which reaches both) stops it: that ends well."""
    server = subprocess.Popen(command, env=env)
    try:
        return server.wait()
    except KeyboardInterrupt:
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait()
        return 0


def _export(config_file: Path, project: Project, folder: Path, served: Path) -> bool:
    """Export afresh beside the served project, then bring over what changed; invalid sources change nothing."""
    fresh = folder / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        export(config_file, fresh, project, fragments=served / "fragments")
    except ProjectError as exc:
        print(render(exc.diagnostics, "text"), "\nbackmap: the sources are invalid; the preview is unchanged",
              file=sys.stderr, flush=True)
        return False
    except ExportError as exc:
        print(f"backmap: {exc}; the preview is unchanged", file=sys.stderr, flush=True)
        return False
    for part in ("fragments", "docs", "overrides"):  # a page's fragments are there before the page asks for them
        replace_tree(fresh / part, served / part)
    config = fresh / "mkdocs.yml"
    if not (served / "mkdocs.yml").is_file() or (served / "mkdocs.yml").read_bytes() != config.read_bytes():
        shutil.copyfile(config, served / "mkdocs.yml")
    shutil.rmtree(fresh, ignore_errors=True)
    return True


class _Watching:
    """Calls `changed` once the watched folders have been quiet for a moment after a change."""

    def __init__(self, folders: list[Path], changed: Callable[[], object]) -> None:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        watching = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                watching._soon()

        self.changed = changed
        self.timer: threading.Timer | None = None
        self.busy = threading.Lock()
        """Held while `changed` runs: one export at a time, and none left running once watching ends."""
        self.observer = Observer()
        handler = Handler()
        for folder in folders:
            if folder.is_dir():
                self.observer.schedule(handler, str(folder), recursive=True)

    def _soon(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(_QUIET, self._changed)
        self.timer.start()

    def _changed(self) -> None:
        with self.busy:  # a timer cancelled too late may still be running: it finishes before the next one starts
            self.changed()

    def __enter__(self) -> _Watching:
        self.observer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.observer.stop()
        self.observer.join()
        if self.timer is not None:  # no new one now; wait for an export under way, or it writes into a removed folder
            self.timer.cancel()
            self.timer.join()
        with self.busy:  # and for one an earlier timer started
            pass
