"""A page's last-updated date, reproducibly.

In order: the page's ``modified`` front matter; else the date of the last git commit
that touched its source file; else (the file is not committed yet) the date of the
commit being built; only without git, SOURCE_DATE_EPOCH or today's date. So the same
commit always builds the same dates, whoever builds it and whenever.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LastUpdated:
    date: dt.date
    origin: str  # "front matter" | "git" | "git HEAD" | "SOURCE_DATE_EPOCH" | "build date"


def last_updated_dates(files: Iterable[Path], modified: Mapping[Path, object], project: Path,
                       today: dt.date | None = None) -> dict[Path, LastUpdated]:
    """The last-updated date of each file; one git call for all of them."""
    files = [Path(f).resolve() for f in files]
    history = _git_history(project, files)
    head = _git_head_date(project) if history is not None else None
    fallback = _fallback_date(today)
    result = {}
    for path in files:
        stated = _as_date(modified.get(path))
        if stated is not None:
            result[path] = LastUpdated(stated, "front matter")
        elif history is not None and path in history:
            result[path] = LastUpdated(history[path], "git")
        elif head is not None:
            result[path] = LastUpdated(head, "git HEAD")
        else:
            result[path] = fallback
    return result


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _git(project: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True,
                              timeout=60, check=False, env={**os.environ, "TZ": "UTC"})
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _git_toplevel(project: Path) -> Path | None:
    out = _git(project, "rev-parse", "--show-toplevel")
    return Path(out.strip()).resolve() if out and out.strip() else None


def _git_history(project: Path, files: list[Path]) -> dict[Path, dt.date] | None:
    """Each file's last commit date (committer date, UTC), or None without a git work tree."""
    top = _git_toplevel(project)
    if top is None:
        return None
    inside = [f for f in files if f.is_relative_to(top)]
    found: dict[Path, dt.date] = {}
    if not inside:
        return found
    # Newest commit first; the first time a path appears is its last change.
    folders = sorted({str(f.parent.relative_to(top)) for f in inside})
    out = _git(top, "-c", "core.quotepath=off", "log", "--format=%x00%cd", "--date=format-local:%Y-%m-%d",
               "--name-only", "--no-renames", "HEAD", "--", *folders)
    if out is None:  # e.g. a repository with no commit yet
        return found
    wanted = set(inside)
    date = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = dt.date.fromisoformat(line[1:].strip())
        elif line.strip() and date is not None:
            path = (top / line.strip()).resolve()
            if path in wanted and path not in found:
                found[path] = date
    return found


def _git_head_date(project: Path) -> dt.date | None:
    out = _git(project, "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d", "HEAD")
    return dt.date.fromisoformat(out.strip()) if out and out.strip() else None


def _fallback_date(today: dt.date | None) -> LastUpdated:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return LastUpdated(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date(), "SOURCE_DATE_EPOCH")
    return LastUpdated(today or dt.datetime.now(dt.timezone.utc).date(), "build date")
