"""Reproducible builds: the same commit builds byte-identical output, whoever builds it, where and when.

Two clean clones of one commit are built into different folders, one after the other, and
the second build differs in everything that should not matter: the folder, the time zone
(UTC against UTC+14, so the local calendar date differs at every hour of the day), every
input file's modification time (set 20 years back), the hash seed and the locale. Both the
development build and the published build (sitemap.xml, robots.txt, canonical URLs, JSON-LD)
are compared, Pagefind's search index included, file by file and byte by byte. (The site
writes no feeds: FEED_* are off in pelicanconf.py.)

The one documented exception: a page's "last updated" date comes from git (the last commit
that touched the page, else the commit being built). Built OUTSIDE a git work tree (e.g. from
a tarball) there is no commit date, so the date is SOURCE_DATE_EPOCH when set, and otherwise
the build day (UTC); such builds are reproducible only with SOURCE_DATE_EPOCH. The last test
shows both halves: same SOURCE_DATE_EPOCH, identical output; a different one, a different date.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.site import SUBPATH_BASE, copy_project

COMMIT_DATE = "2026-01-15T12:00:00+00:00"
VARIANTS = {
    "first": {"TZ": "UTC", "PYTHONHASHSEED": "1", "LC_ALL": "C.UTF-8"},
    "second": {"TZ": "Etc/GMT-14", "PYTHONHASHSEED": "2", "LC_ALL": "C"},
}


def git(*args: str, cwd: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=120)


def build(project: Path, output: Path, env: dict[str, str], settings: str = "pelicanconf.py") -> None:
    full = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    proc = subprocess.run([sys.executable, str(project / "tools" / "build.py"), "--settings",
                           str(project / settings), "--output", str(output)],
                          cwd=project, env={**full, **env}, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"build failed ({env}):\n{proc.stderr}"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_identical(first: Path, second: Path) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b), f"different files: {sorted(set(a) ^ set(b))[:10]}"
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"differ between two builds of the same commit: {different[:10]}"
    assert any(name.startswith("pagefind/") for name in a), "the search index was not compared"


@pytest.fixture(scope="module")
def commit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway repository holding one commit of everything the build reads."""
    if shutil.which("git") is None:
        pytest.fail("git is missing; the build takes page dates from git (apt-get install git)")
    repo = copy_project(tmp_path_factory.mktemp("commit") / "repo")
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_same_commit_builds_byte_identical_output(commit: Path, tmp_path: Path, settings: str) -> None:
    outputs = {}
    for name, variant in VARIANTS.items():
        clone = tmp_path / f"clone-{name}" / "farside"
        clone.parent.mkdir()
        git("clone", "-q", str(commit), str(clone), cwd=tmp_path)
        env = dict(variant)
        if settings == "publishconf.py":
            env["SITEURL"] = SUBPATH_BASE
        if name == "second":
            long_ago = time.time() - 20 * 365 * 24 * 3600
            for path in clone.rglob("*"):
                if ".git" not in path.parts:
                    os.utime(path, (long_ago, long_ago), follow_symlinks=False)
            time.sleep(1.1)  # a later second, whatever a build might stamp
        outputs[name] = tmp_path / f"out-{name}"
        build(clone, outputs[name], env, settings)
    if settings == "publishconf.py":
        assert (outputs["first"] / "sitemap.xml").is_file()
    assert_identical(outputs["first"], outputs["second"])


def test_outside_git_the_date_is_source_date_epoch(tmp_path: Path) -> None:
    """The documented exception: no git, so SOURCE_DATE_EPOCH (or the build day) dates the pages."""
    project = copy_project(tmp_path / "tarball")
    outputs = {}
    for name, epoch, zone in (("a", "1700000000", "UTC"), ("b", "1700000000", "Etc/GMT-14"),
                              ("c", "1600000000", "UTC")):
        outputs[name] = tmp_path / f"out-{name}"
        build(project, outputs[name], {"SOURCE_DATE_EPOCH": epoch, "TZ": zone})
    assert_identical(outputs["a"], outputs["b"])
    dated = tree(outputs["a"])["index.html"].decode()
    assert 'datetime="2023-11-14"' in dated  # 1700000000 is 2023-11-14 UTC
    assert 'datetime="2020-09-13"' in tree(outputs["c"])["index.html"].decode()
