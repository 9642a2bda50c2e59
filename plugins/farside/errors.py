"""One error type for every stage, so a build can list all of its problems at once.

Each problem names the file, the line (when there is one) and what to do about it,
formatted like a compiler message: ``path:line: message``. Nothing here imports Pelican.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class BuildError(Exception):
    """A problem in an editor's input: where it is, what is wrong, how to fix it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[type[BuildError], tuple[str, int | None, str]]:
        """Pickled by its fields (a page read in a worker sends its errors back); an exception's
        default pickling would set them one by one, which a frozen dataclass refuses."""
        return (BuildError, (self.path, self.line, self.message))


@dataclass
class ErrorLog:
    """Collects BuildErrors across stages; the build stops before writing if any exist."""

    errors: list[BuildError] = field(default_factory=list)
    root: Path | None = None

    def add(self, path: str | Path, line: int | None, message: str) -> BuildError:
        error = BuildError(self.display_path(path), line, message)
        if error not in self.errors:
            self.errors.append(error)
        return error

    def extend(self, errors: list[BuildError]) -> None:
        for error in errors:
            self.add(error.path, error.line, error.message)

    def record(self, errors: list[BuildError]) -> None:
        """Add errors made by another log of this build (their paths are already as shown)."""
        for error in errors:
            if error not in self.errors:
                self.errors.append(error)

    def display_path(self, path: str | Path) -> str:
        """Paths relative to the project, so messages are short and clickable."""
        path = Path(path)
        if self.root is not None:
            try:
                return str(path.resolve().relative_to(self.root.resolve()))
            except ValueError:
                pass
        return str(path)

    def __bool__(self) -> bool:
        return bool(self.errors)


class BuildFailed(Exception):
    """Raised once, after every stage has run, when the ErrorLog is not empty."""

    def __init__(self, errors: list[BuildError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
