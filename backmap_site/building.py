"""Atomic builds: MkDocs writes a new site beside the old one, which is replaced only on success."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def atomic_build(config_file: Path, site_dir: Path, *, strict: bool = True) -> int:
    """Run `mkdocs build` into a sibling folder and swap it in; return MkDocs' exit code."""
    site_dir = site_dir.resolve()
    new, old = site_dir.with_name(f".{site_dir.name}.new"), site_dir.with_name(f".{site_dir.name}.old")
    for leftover in (new, old):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", str(new)]
    code = subprocess.run([*command, *(["--strict"] if strict else [])], env={"NO_MKDOCS_2_WARNING": "1", **os.environ}).returncode
    if code != 0:
        shutil.rmtree(new, ignore_errors=True)
        print(f"backmap: the build failed; {site_dir} is unchanged", file=sys.stderr)
        return code
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return 0
