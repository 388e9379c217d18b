"""Long runs show progress on a terminal, and nowhere else."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

from sites import BIN, ENV, make_project, stop
from synthetic import write_plans

pytestmark = pytest.mark.build


def on_terminal(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    """What `command` shows on a terminal; it must succeed within five minutes."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=terminal, stdout=terminal, stderr=terminal,
                               start_new_session=True)
    os.close(terminal)
    output = b""
    deadline = time.monotonic() + 300
    try:
        while True:
            assert time.monotonic() < deadline, f"{command} did not finish"
            if not select.select([main], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(main)
        code = stop(process, grace=30, interrupt=False)
    assert code == 0, output.decode(errors="replace")[-2000:]
    return output.decode(errors="replace")


def test_validate_and_build_draw_a_bar_on_a_terminal_only(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    write_plans(250, project / "plans")
    env = {k: v for k, v in ENV.items() if k != "CI"}
    validate = [str(BIN / "backmap"), "validate", "--strict"]
    assert "Validating plans  [" in on_terminal(validate, project, env)
    piped = subprocess.run(validate, cwd=project, capture_output=True, text=True, env=env)
    assert piped.returncode == 0 and "Validating plans" not in piped.stderr + piped.stdout
    assert "Validating plans" not in on_terminal(validate, project, {**env, "CI": "true"})
    build = on_terminal([str(BIN / "mkdocs"), "build", "--strict"], project, env)
    assert "Validating plans  [" in build and "Building pages  [" in build  # plan bodies render during the build
