"""Build the site into a fresh folder and swap it into place only when the build succeeds.

    python tools/build.py [--settings pelicanconf.py] [--output output]

On bad input it prints one line per problem (``path:line: message``) and exits 1,
leaving the previous output folder untouched. Warnings from Pelican are shown too, and
with ``--strict`` they fail the build (tests use it: the build log must be clean).

The output folder is the build's own: it must not exist yet, be empty, or carry the marker
file a previous build wrote (``.farside-output``); anything else (``data``, ``content``, the
project, a parent of it, someone's folder) is refused before anything is written. The new
site replaces the old one with one atomic exchange of two folder names (Linux renameat2), so
a kill at any moment leaves either the old or the new site in place; leftovers of a killed
build (``.build-*`` folders beside the output) are removed by the next build.
"""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from farside.errors import BuildFailed  # noqa: E402
from farside.parallel import child_of_this_process  # noqa: E402

# Written into every site this build makes: the only kind of non-empty folder it will replace.
OUTPUT_MARKER = ".farside-output"
MARKER_TEXT = "This folder is written by tools/build.py; each build replaces it whole. Do not keep files here.\n"
# Folders the build reads; the output may never be one of them, inside one, or above one.
INPUT_NAMES = ("content", "data", "theme", "plugins", "tools", "tests", "docs", ".git", ".venv", "node_modules",
               ".farside-cache")
DEBUG = "FARSIDE_DEBUG"


class Refused(Exception):
    """A problem with the command itself (the output folder), reported as one line."""


class _Collect(logging.Handler):
    """Print Pelican's warnings as single lines and remember them."""

    def __init__(self, hide: Callable[[str], str]) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.hide = hide

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        message = self.hide(record.getMessage().replace("\n", " "))
        print(f"{record.levelname.lower()}: {message}", file=sys.stderr)


def check_output(output: Path, project: Path = PROJECT, shown: str | None = None) -> None:
    """Refuse any output folder the build does not own; raise Refused with the reason and the fix."""
    resolved = output.resolve()
    output = Path(shown) if shown else output
    fix = "choose a new folder, e.g. OUTPUT=output"
    if resolved == resolved.parent or resolved == Path.home().resolve():
        raise Refused(f"{output}: refusing to build into {resolved}; {fix}")
    if resolved == project or resolved in project.parents:
        raise Refused(f"{output}: is the project folder or contains it; the build would delete it; {fix}")
    for name in INPUT_NAMES:
        folder = (project / name).resolve()
        if resolved == folder or folder in resolved.parents or resolved in folder.parents:
            raise Refused(f"{output}: is the project's {name}/ folder or inside it; the build would delete it; {fix}")
    for name in ("pelicanconf.py", "publishconf.py", "Makefile", "README.md"):
        if resolved == (project / name).resolve():
            raise Refused(f"{output}: is a project file; {fix}")
    if not resolved.exists():
        return
    if not resolved.is_dir():
        raise Refused(f"{output}: is a file, not a folder; {fix}")
    if any(resolved.iterdir()) and not (resolved / OUTPUT_MARKER).is_file():
        raise Refused(f"{output}: is a folder this build did not make (it has files but no {OUTPUT_MARKER} "
                      f"marker); move its files away or {fix}")


def build(settings_file: Path, output: Path, strict: bool = False, shown: str | None = None,
          index_after_swap: bool = False) -> int:
    """Build into a staging folder beside ``output``, then swap it in. Returns the exit code.

    ``shown`` is the output folder as the editor wrote it, for messages. ``index_after_swap``
    (``make serve``): the new pages go in with the previous search index, and the index is
    refreshed after, so an edit shows without waiting for Pagefind.
    """
    shown = shown or str(output)
    project = settings_file.resolve().parent  # the project being built (a copy, in tests)
    try:
        check_output(output, project=project, shown=shown)
    except Refused as refusal:
        print(f"{refusal}", file=sys.stderr)
        return 2
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(output)
    staging = output.parent / f".build-{output.name}-{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir()
    (staging / OUTPUT_MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def hide(text: str) -> str:
        """Never show the staging folder (name the output the editor asked for) or absolute paths."""
        return text.replace(str(staging), shown).replace(f"{project}/", "").replace(f"{PROJECT}/", "")

    try:
        code = _build_into(settings_file, project, staging, shown, strict, hide, index=not index_after_swap)
        if code == 0:
            if index_after_swap and (output / SEARCH_INDEX).is_dir():
                shutil.copytree(output / SEARCH_INDEX, staging / SEARCH_INDEX)  # until the refresh below
            swap_into_place(staging, output)
            if index_after_swap:
                print(f"{shown}: pages updated; refreshing the search index", file=sys.stderr, flush=True)
                problem = refresh_search_index(output)
                if problem:
                    print(f"{hide(problem)}; the pages are updated, the search index is the previous one",
                          file=sys.stderr)
                    return 1
        return code
    except KeyboardInterrupt:
        print(f"build interrupted; {shown} left as it was", file=sys.stderr)
        return 130
    finally:
        with _signals_deferred():
            shutil.rmtree(staging, ignore_errors=True)


def _build_into(settings_file: Path, project: Path, staging: Path, shown: str, strict: bool,
                hide: Callable[[str], str], index: bool = True) -> int:
    from pelican import Pelican
    from pelican.settings import read_settings

    collector = _Collect(hide)
    root = logging.getLogger()
    root.handlers[:] = [collector]
    root.setLevel(logging.WARNING)
    left = f"{shown} left as it was"
    try:
        # The staging folder is new: nothing to delete in it (and the marker must stay).
        settings = read_settings(str(settings_file), override={"OUTPUT_PATH": str(staging),
                                                                "DELETE_OUTPUT_DIRECTORY": False})
        pelican = Pelican(settings)
        pelican.run()
    except BuildFailed as failure:
        for error in failure.errors:
            print(hide(str(error)), file=sys.stderr)
        print(f"build failed: {len(failure.errors)} error(s); {left}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # settings files stop with a message of their own
        print(hide(str(exc)), file=sys.stderr)
        print(f"build failed; {left}", file=sys.stderr)
        return 1
    except Exception as exc:
        if os.environ.get(DEBUG):
            raise
        template = _template_problem(exc, project)
        if template:
            print(hide(template), file=sys.stderr)
            print(f"build failed: 1 error(s); {left}", file=sys.stderr)
            return 1
        detail = hide(" ".join(str(exc).split()))[:300]
        print(f"build failed: unexpected {type(exc).__name__}: {detail}; {left} "
              f"(run with {DEBUG}=1 for a traceback and report it)", file=sys.stderr)
        return 1
    errors = [r for r in collector.records if r.levelno >= logging.ERROR]
    if errors or (strict and collector.records):
        print(f"build failed: Pelican reported {len(collector.records)} problem(s); {left}", file=sys.stderr)
        return 1
    # Pagefind (a separate binary, on its own core) indexes the written site while this process
    # checks its links; neither changes a file the other reads. The link gate's errors still come
    # first and alone, as when the two ran one after the other.
    farside = getattr(pelican, "farside_build", None)  # the plugin's build: its project cache
    results = farside.results("written-links") if farside is not None else None
    # Pagefind is started here, before the thread that waits for it: a child forked from a
    # process without other threads can safely be told to die with it (see _start_index).
    indexing = _start_index(staging) if index else None

    def stop_indexing() -> None:
        """Pagefind killed and gone: the caller removes the staging folder it writes into."""
        if isinstance(indexing, subprocess.Popen):
            indexing.kill()
            indexing.wait()

    try:
        with ThreadPoolExecutor(max_workers=1) as background:
            finished = background.submit(_finish_index, indexing)
            try:
                unsafe = _unsafe_links(staging, project, results)
            except BaseException:
                stop_indexing()  # so that leaving the block does not wait for the whole index
                raise
    except BaseException:  # also Ctrl-C while waiting for Pagefind at the end of the block
        stop_indexing()
        raise
    if results is not None:
        results.save()
    if unsafe:
        for line in unsafe:
            print(hide(line), file=sys.stderr)
        print(f"build failed: {len(unsafe)} error(s); {left}", file=sys.stderr)
        return 1
    problem = finished.result()  # raises what _finish_index raised
    if problem:
        print(f"{hide(problem)}; {left}", file=sys.stderr)
        return 1
    return 0


def _unsafe_links(site: Path, project: Path, results: Any = None) -> list[str]:
    """The last gate, on the written pages: every address in every page is an allowed one.

    Pages are checked with their source lines before anything is written (farside.pagecheck);
    this catches what templates or data put on a page, naming the page. ``results``: the
    project cache's problems of pages with the same bytes in an earlier build.
    """
    from farside.cache import MISSING
    from farside.links import written_page_problems

    pages: dict[tuple[str, str, str, str], list[str]] = {}  # one line per address, however many pages carry it
    for page in sorted(site.rglob("*.html")):
        data = page.read_bytes()
        problems: Any = results.get(data) if results is not None else MISSING
        if problems is MISSING:
            problems = written_page_problems(data)
            if results is not None:
                results.put(data, problems)
        for tag, attribute, address, problem in problems:
            pages.setdefault((tag, attribute, address[:80], problem), []).append(page.relative_to(site).as_posix())
    return [f"{_template_line(address, project)}: <{tag} {attribute}=\"{address}\"> on {len(found)} page(s), first "
            f"'{found[0]}': {problem}" for (tag, attribute, address, problem), found in pages.items()]


def _template_line(address: str, project: Path) -> str:
    """Where in the theme an address is written (``theme/templates/x.html:3``), as far as it is literal."""
    for template in sorted((project / "theme").rglob("*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if address in line:
                return f"{template.relative_to(project).as_posix()}:{number}"
    return "theme/templates"


def _template_problem(exc: BaseException, project: Path) -> str | None:
    """A theme template's mistake as ``theme/templates/x.html:line: message``, or None."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    if not isinstance(exc, TemplateError):
        return None
    message = " ".join(str(exc.message or exc).split())
    if isinstance(exc, TemplateNotFound):
        message = f"template '{exc.name}' is not in the theme"
    where = None
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = f"{_shown(exc.filename, project)}:{exc.lineno}"
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps its frames to the template's own file and line
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".j2")) and Path(filename).is_file():
            where = f"{_shown(filename, project)}:{tb.tb_lineno}"
        tb = tb.tb_next
    where = where or "theme/templates"
    return f"{where}: template error: {message}; fix the template (see the Jinja2 documentation)"


def _shown(filename: str, project: Path) -> str:
    try:
        return str(Path(filename).resolve().relative_to(project.resolve()))
    except ValueError:
        return Path(filename).name


# Pagefind's index of the pages' own text (pages mark it with data-pagefind-body); citation
# marks and reference lists are left out so results read as the page's prose.
PAGEFIND_EXCLUDE = ("sup.cites", ".references")


SEARCH_INDEX = "pagefind"  # the folder of the site Pagefind's index is in


def refresh_search_index(site: Path) -> str | None:
    """Index the site in place, into a new folder, then swap it for the old index in one step."""
    fresh = site / f".{SEARCH_INDEX}-new-{os.getpid()}-{secrets.token_hex(4)}"
    problem = _index_search(site, fresh.name)
    if problem:
        shutil.rmtree(fresh, ignore_errors=True)
        return problem
    live = site / SEARCH_INDEX
    with _signals_deferred():
        if live.is_dir() and exchange(fresh, live):
            shutil.rmtree(fresh, ignore_errors=True)  # now the old index
            return None
        shutil.rmtree(live, ignore_errors=True)
        fresh.rename(live)
    return None


def _index_search(site: Path, subdir: str = SEARCH_INDEX) -> str | None:
    """Index ``site`` with Pagefind into ``subdir``; a problem's one line, or None."""
    return _finish_index(_start_index(site, subdir))


def _start_index(site: Path, subdir: str = SEARCH_INDEX) -> subprocess.Popen[str] | str:
    """Start Pagefind (the binary the pinned pagefind-bin wheel ships) on ``site``.

    The kernel kills Pagefind if this process dies: a build killed outright must not leave it
    writing into a staging folder that the next build removes.
    """
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return "search index: pagefind-bin is not installed; run `make html` (it installs requirements.txt)"
    command = [str(get_executable()), "--site", str(site), "--output-subdir", subdir, "--silent"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=site,
                            preexec_fn=child_of_this_process())


def _finish_index(started: subprocess.Popen[str] | str | None) -> str | None:
    """Wait for Pagefind started by ``_start_index``; its problem in one line, or None."""
    if started is None or isinstance(started, str):
        return started
    stdout, stderr = started.communicate()
    if started.returncode != 0:
        detail = " ".join((stderr or stdout).split())
        return f"search index: pagefind failed (exit {started.returncode}): {detail}"
    return None


# --- the swap ---------------------------------------------------------------------------------

RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _renameat2() -> Callable[[bytes, bytes, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int

    def call(old: bytes, new: bytes, flags: int) -> int:
        return int(function(_AT_FDCWD, old, _AT_FDCWD, new, flags))

    return call


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two folder names; False when the system cannot (then the caller falls back)."""
    call = _renameat2()
    if call is None:
        return False
    if call(os.fsencode(first), os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _no_checkpoint(step: str) -> None:
    """Tests replace this to stop the swap between any two steps."""


def swap_into_place(staging: Path, output: Path, checkpoint: Callable[[str], None] = _no_checkpoint) -> None:
    """Put ``staging`` at ``output``. At every instant ``output`` is the old site or the new one.

    With an existing output the two names are exchanged in one system call, and the old site,
    now under the staging name, is deleted afterwards (or by the next build if we are killed).
    Without renameat2 the old site is first renamed to ``.old-*``; a kill between the two
    renames leaves it there, and the next build renames it back before anything else.
    """
    with _signals_deferred():
        checkpoint("start")
        staging.chmod(0o755)
        if not output.exists():
            checkpoint("before-rename")
            staging.rename(output)
            checkpoint("renamed")
            return
        checkpoint("before-exchange")
        if exchange(staging, output):
            checkpoint("exchanged")
            return  # the caller deletes staging, which now holds the old site
        old = output.with_name(f".old-{output.name}-{os.getpid()}-{secrets.token_hex(4)}")
        output.rename(old)
        checkpoint("old-moved-aside")
        staging.rename(output)
        checkpoint("renamed")
        shutil.rmtree(old, ignore_errors=True)


def clean_stale(output: Path) -> None:
    """Remove what killed builds left beside ``output``; put back an old site a kill left aside."""
    parent = output.parent
    for folder in sorted(parent.glob(f".old-{output.name}-*")):
        if _owner_alive(folder.name) or not _ours(folder):
            continue
        if not output.exists():
            folder.rename(output)  # the fallback swap was killed between its two renames
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for folder in parent.glob(f".build-{output.name}-*"):
        if not _owner_alive(folder.name) and _ours(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and ((folder / OUTPUT_MARKER).is_file() or not any(folder.iterdir()))


def _owner_alive(name: str) -> bool:
    """Staging names carry the builder's process id: a live builder's folders are left alone."""
    parts = name.rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends (a swap or a clean-up is never half done)."""
    pending: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    try:
        previous = {signum: signal.signal(signum, remember) for signum in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: nothing to defer
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if pending:
            raise KeyboardInterrupt


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--settings", type=Path, default=PROJECT / "pelicanconf.py")
    parser.add_argument("--output", type=Path, default=PROJECT / "output")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--index-after-swap", action="store_true",
                        help="put the new pages in place first, then refresh the search index (make serve)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    output = args.output if args.output.is_absolute() else Path.cwd() / args.output
    settings = args.settings if args.settings.is_absolute() else Path.cwd() / args.settings
    os.chdir(PROJECT)
    try:
        return build(settings, Path(os.path.normpath(output)), strict=args.strict, shown=str(args.output),
                     index_after_swap=args.index_after_swap)
    except KeyboardInterrupt:
        print("build interrupted; output left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
