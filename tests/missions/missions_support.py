"""Building the site for mission tests (not --strict; see build())."""
from __future__ import annotations

from pathlib import Path

from support.site import BuildResult, run_build


def build(project: Path, output: Path) -> BuildResult:
    """The real build, in process. Not strict: these tests are about the mission data, and the
    whole-site tests already fail on any warning (content may still be in progress)."""
    return run_build(output, project=project, strict=False)
