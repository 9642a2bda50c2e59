"""The site grows by data alone: add a mission, a source and a page exactly as README.md says,
in a copy of the project, and every whole-site invariant still holds on the result."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support.extend import MISSION_NAME, PAGE_SLUG, SOURCE_ID, add_mission_source_and_page
from support.invariants import CHECKS, missions, source_ids
from support.site import BuildResult, copy_project, run_build


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    project = copy_project(tmp_path_factory.mktemp("grown") / "project")
    add_mission_source_and_page(project)
    result = run_build(project / "output", project=project)
    assert result.returncode == 0, f"the grown project does not build:\n{result.stderr}"
    return result, project


def test_the_additions_are_in_the_grown_project(grown: tuple[BuildResult, Path]) -> None:
    site, project = grown
    assert MISSION_NAME in {m["name"] for m in missions(project).values()}
    assert SOURCE_ID in source_ids(project)
    assert (site.output / PAGE_SLUG / "index.html").is_file()


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_invariant_holds_after_growing(grown: tuple[BuildResult, Path],
                                       check: Callable[[BuildResult, Path], None]) -> None:
    check(*grown)
