"""Building the site for mission tests (not --strict; see build())."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.site import BuildResult


def build(project: Path, output: Path) -> BuildResult:
    """The real build command. Not --strict: these tests are about the mission data, and the
    whole-site tests already fail on any warning (content may still be in progress)."""
    proc = subprocess.run([sys.executable, str(project / "tools" / "build.py"), "--settings",
                           str(project / "pelicanconf.py"), "--output", str(output)],
                          cwd=project, env=dict(os.environ), capture_output=True, text=True, timeout=300)
    return BuildResult(proc.returncode, proc.stdout, proc.stderr, output)
