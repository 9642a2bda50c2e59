"""Build the site into a fresh folder and swap it into place only when the build succeeds.

    python tools/build.py [--settings pelicanconf.py] [--output output]

On bad input it prints one line per problem (``path:line: message``) and exits 1,
leaving the previous output folder untouched. Warnings from Pelican are shown too, and
with ``--strict`` they fail the build (tests use it: the build log must be clean).
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from farside.errors import BuildFailed  # noqa: E402


class _Collect(logging.Handler):
    """Print Pelican's warnings as single lines and remember them."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        message = record.getMessage().replace("\n", " ")
        print(f"{record.levelname.lower()}: {message}", file=sys.stderr)


def build(settings_file: Path, output: Path, strict: bool = False) -> int:
    from pelican import Pelican
    from pelican.settings import read_settings

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".build-{output.name}-", dir=output.parent))
    collector = _Collect()
    root = logging.getLogger()
    root.handlers[:] = [collector]
    root.setLevel(logging.WARNING)
    try:
        settings = read_settings(str(settings_file), override={"OUTPUT_PATH": str(staging)})
        Pelican(settings).run()
    except BuildFailed as failure:
        for error in failure.errors:
            print(error, file=sys.stderr)
        print(f"build failed: {len(failure.errors)} error(s); {output} left as it was", file=sys.stderr)
        shutil.rmtree(staging, ignore_errors=True)
        return 1
    except SystemExit as exc:  # settings files stop with a message of their own
        shutil.rmtree(staging, ignore_errors=True)
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a one-line message beats a traceback for editors
        shutil.rmtree(staging, ignore_errors=True)
        where = _where(exc)
        print(f"{where}: build failed: {type(exc).__name__}: {exc} (run with FARSIDE_DEBUG=1 for a traceback)",
              file=sys.stderr)
        if os.environ.get("FARSIDE_DEBUG"):
            raise
        return 1
    errors = [r for r in collector.records if r.levelno >= logging.ERROR]
    if errors or (strict and collector.records):
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: Pelican reported {len(collector.records)} problem(s); {output} left as it was",
              file=sys.stderr)
        return 1
    problem = _index_search(staging)
    if problem:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"{problem}; {output} left as it was", file=sys.stderr)
        return 1
    _swap_into_place(staging, output)
    return 0


# Pagefind's index of the pages' own text (pages mark it with data-pagefind-body); citation
# marks and reference lists are left out so results read as the page's prose.
PAGEFIND_EXCLUDE = ("sup.cites", ".references")


def _index_search(site: Path) -> str | None:
    """Index ``site`` with Pagefind (the binary the pinned pagefind-bin wheel ships)."""
    import subprocess

    try:
        from pagefind_bin import get_executable
    except ImportError:
        return "search index: pagefind-bin is not installed; run `make html` (it installs requirements.txt)"
    command = [str(get_executable()), "--site", str(site), "--output-subdir", "pagefind", "--silent"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=site, check=False)
    if proc.returncode != 0:
        detail = " ".join((proc.stderr or proc.stdout).split())
        return f"search index: pagefind failed (exit {proc.returncode}): {detail}"
    return None


def _where(exc: BaseException) -> str:
    """The innermost frame in the project's own files, so a crash still names a place."""
    tb = exc.__traceback__
    where = str(PROJECT)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(str(PROJECT)) and "/.venv/" not in filename:
            where = f"{Path(filename).relative_to(PROJECT)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _swap_into_place(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` using renames, never leaving a half-written site."""
    old = None
    if output.exists():
        old = output.with_name(f".old-{output.name}-{os.getpid()}")
        output.rename(old)
    staging.rename(output)
    output.chmod(0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=PROJECT / "pelicanconf.py")
    parser.add_argument("--output", type=Path, default=PROJECT / "output")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    args = parser.parse_args(argv)
    os.chdir(PROJECT)
    return build(args.settings, args.output, strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
