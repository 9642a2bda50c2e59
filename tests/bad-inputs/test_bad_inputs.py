"""The bad-inputs corpus: every case is dropped into a fresh copy of the project and built
with the real build (tools/build.py), as an editor would.

Each case is a folder here (see README.md beside this file):

- ``files/``: files to drop into the copy, at the same relative paths (``x.gz`` is
  written as ``x``, decompressed, so a huge page costs a few kilobytes here);
- ``expected.txt`` for a case that must fail: its first line is the build's first error
  line, exactly (a line ending in ``...`` is a prefix); any further lines must also be
  printed. The build must exit 1, print one ``path:line: message`` line per problem, no
  traceback, and leave the previous output folder exactly as it was;
- ``escaped.txt`` for a case that must build: ``page: <output file>`` lines, each followed
  by texts that the page must show as text (escaped), with no injected element anywhere
  on the page (no inline or foreign script, no event handler, no style, no frame...).

The real content is the base, so the cases use pages and sources of their own (``zz-``)
and a failing build's first error is the case's. All builds run in parallel, once, each in
a worker process that has imported Pelican once; the output-* cases run the command line itself.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.site import build_in_worker, copy_project, parse

CORPUS = Path(__file__).resolve().parent
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "files").is_dir())
ERROR_CASES = [name for name in CASES if (CORPUS / name / "expected.txt").is_file()]
ESCAPE_CASES = [name for name in CASES if (CORPUS / name / "escaped.txt").is_file()]
# A build's own lines that are not errors: Pelican's warnings (stricter checks live in other tests).
NOT_AN_ERROR = ("warning: ",)
ERROR_LINE = re.compile(r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: \S")


@dataclass
class Outcome:
    returncode: int
    stderr: str
    output: Path
    before: dict[str, bytes]  # the previous output folder's files, before the build

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip() and not line.startswith(NOT_AN_ERROR)]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def drop_files(case: str, project: Path) -> None:
    files = CORPUS / case / "files"
    for source in sorted(p for p in files.rglob("*") if p.is_file()):
        relative = source.relative_to(files)
        data = source.read_bytes()
        if source.suffix == ".gz":
            relative, data = relative.with_suffix(""), gzip.decompress(data)
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def output_argument(case: str) -> str | None:
    """``output.txt``: the case runs the build with this --output (relative to the project)."""
    given = CORPUS / case / "output.txt"
    return given.read_text(encoding="utf-8").strip() if given.is_file() else None


@dataclass
class Prepared:
    """A case ready to build: its project copy, the output folder and what was there before."""

    case: str
    project: Path
    output: Path
    before: dict[str, bytes]
    refused: str | None  # the --output the build must refuse, for output-* cases


def prepare_case(case: str, root: Path) -> Prepared:
    project = copy_project(root / case / "project")
    drop_files(case, project)
    refused = output_argument(case)
    if refused is not None:  # a folder the build must refuse: nothing anywhere in the project may change
        return Prepared(case, project, project, snapshot(project), refused)
    output = project / "output"
    (output / "assets").mkdir(parents=True)
    (output / ".farside-output").write_text("made by a previous build\n")  # the build only replaces its own folders
    (output / "index.html").write_text("<!doctype html><title>last good build</title>\n")
    (output / "assets" / "marker.txt").write_text(f"last good build before {case}\n")
    return Prepared(case, project, output, snapshot(output), None)


def refused_output(prepared: Prepared) -> tuple[int, str]:
    """The command line itself, as an editor types it: the --output argument is what is tested."""
    proc = subprocess.run([sys.executable, str(prepared.project / "tools" / "build.py"), "--output", str(prepared.refused)],
                          cwd=prepared.project, check=False, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "FARSIDE_DEBUG": ""})
    return proc.returncode, proc.stderr


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case built once: the real build (tools/build.py's build()) of the case's own copy,
    in a pool of worker processes that each import Pelican once (a third of a subprocess's cost)."""
    root = tmp_path_factory.mktemp("bad-inputs")
    prepared = [prepare_case(case, root) for case in CASES]
    workers = max(2, os.cpu_count() or 2)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        # escaping cases only need a build; its warnings are other tests' business
        futures = {p.case: pool.submit(build_in_worker, str(p.project), str(p.output), p.case in ERROR_CASES)
                   for p in prepared if p.refused is None}
        results = {p.case: refused_output(p) for p in prepared if p.refused is not None}
        results.update({case: future.result() for case, future in futures.items()})
    return {p.case: Outcome(*results[p.case], p.output, p.before) for p in prepared}


def test_corpus_is_complete() -> None:
    """Every folder is a case of one kind, and the kinds the issue asks for are all here."""
    assert set(ERROR_CASES) | set(ESCAPE_CASES) == set(CASES)
    assert not set(ERROR_CASES) & set(ESCAPE_CASES)
    stray = [p.name for p in CORPUS.iterdir() if p.is_dir() and p.name not in CASES and p.name != "__pycache__"]
    assert stray == [], f"folders without files/: {stray}"
    for needed in ("empty-page", "binary-page", "unknown-source", "quote-not-in-source", "duplicate-source-id",
                   "source-yaml-broken", "notes-yaml-broken", "front-matter-broken-yaml", "source-malformed-date",
                   "front-matter-malformed-date", "missing-template", "page-too-large", "markdown-injection",
                   "source-injection", "metadata-injection"):
        assert needed in CASES, needed
    assert len(CASES) >= 60, "issue #11: the corpus covers every file an editor writes and every field"
    for kind in ("content-", "link-", "slug-", "save-as-", "url-", "lang-", "output-", "template-"):
        assert any(name.startswith(kind) for name in CASES), f"no {kind}* case"


def expected_lines(case: str) -> list[str]:
    return (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def matches(line: str, expected: str) -> bool:
    return line.startswith(expected[:-3]) if expected.endswith("...") else line == expected


@pytest.mark.parametrize("case", ERROR_CASES)
def test_bad_input_stops_the_build_with_one_line(outcomes: dict[str, Outcome], case: str) -> None:
    outcome = outcomes[case]
    first, *also = expected_lines(case) or ["(expected.txt is empty: store the first error line here)"]
    errors = outcome.error_lines()
    if output_argument(case) is not None:  # a refused output folder: one line, before anything is built
        assert outcome.returncode != 0 and "Traceback" not in outcome.stderr, outcome.stderr
        assert len(errors) == 1 and matches(errors[0], first), f"{case}: expected one line {first!r}\n{outcome.stderr}"
        return
    assert outcome.returncode == 1, f"{case}: exit {outcome.returncode}\n{outcome.stderr}"
    assert errors and "Traceback" not in outcome.stderr and "build failed: " not in errors[0], outcome.stderr
    assert matches(errors[0], first), f"{case}: first error\n  got:      {errors[0]}\n  expected: {first}"
    for line in also:
        assert any(matches(got, line) for got in errors), f"{case}: missing line {line!r}\n{outcome.stderr}"
    # One line per problem, each naming its file (and, for the first, its line); then a summary.
    assert errors[-1].startswith("build failed: ") and "left as it was" in errors[-1], errors[-1]
    for line in errors[:-1]:
        assert ERROR_LINE.match(line), f"not a 'path:line: message' line: {line!r}"
    match = ERROR_LINE.match(errors[0])
    missing_file = errors[0].split(": ", 1)[-1].startswith("missing;")  # no line to name in a file not there
    assert match and (match["line"] or missing_file), f"the first error names no line: {errors[0]!r}"


@pytest.mark.parametrize("case", ERROR_CASES)
def test_bad_input_leaves_the_previous_output_untouched(outcomes: dict[str, Outcome], case: str) -> None:
    outcome = outcomes[case]
    assert snapshot(outcome.output) == outcome.before
    leftovers = [p.name for p in outcome.output.parent.iterdir() if p.name.startswith((".build-", ".old-"))]
    assert leftovers == [], f"staging folders left behind: {leftovers}"


def test_page_size_limit_is_one_mebibyte() -> None:
    """The corpus's large page really is over the limit, and the limit is what the README says."""
    from farside.reader import MAX_PAGE_BYTES

    assert MAX_PAGE_BYTES == 1024 * 1024
    big = gzip.decompress((CORPUS / "page-too-large/files/content/pages/zz-big.md.gz").read_bytes())
    assert MAX_PAGE_BYTES < len(big) < 2 * MAX_PAGE_BYTES


# --- cases that must build, with the hostile text shown as text -------------------------------------

def escaped_expectations(case: str) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    current = None
    for line in (CORPUS / case / "escaped.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("page: "):
            current = pages.setdefault(line.removeprefix("page: ").strip(), [])
        else:
            assert current is not None, f"{case}/escaped.txt: text before the first 'page:' line"
            current.append(line)
    return pages


def injected_elements(html_file: Path) -> list[str]:
    """Everything on a page that could run, restyle or leave the page, and is not the theme's own."""
    problems = []
    soup = parse(html_file)
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.lower().startswith("on"):
                problems.append(f"<{element.name} {name}=...>: event handler")
            if name.lower() == "style":
                problems.append(f"<{element.name} style=...>: inline style")
            if name.lower() in ("href", "src", "action", "formaction", "data", "srcset") and any(
                    str(v).strip().lower().startswith(("javascript:", "data:", "vbscript:")) for v in values):
                problems.append(f"<{element.name} {name}={values}>: script or data URL")
        if element.name in ("iframe", "frame", "object", "embed", "style", "base"):
            problems.append(f"<{element.name}>: not part of the theme")
        if element.name == "meta" and element.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            problems.append(f"<meta http-equiv={element.get('http-equiv')}>")
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.string or "")  # data, and it parses: nothing broke out of it
            continue
        src = script.get("src", "")
        if not src or src.startswith(("http:", "https:", "//")) or script.string:
            problems.append(f"<script src={src!r}>: inline or foreign script")
    return problems


def shown_texts(html_file: Path) -> str:
    soup = parse(html_file)
    attributes = [str(v) for el in soup.find_all(True) for v in el.attrs.values() if isinstance(v, str)]
    return "\n".join([soup.get_text(), *attributes])


@pytest.mark.parametrize("case", ESCAPE_CASES)
def test_injected_markup_is_shown_as_text(outcomes: dict[str, Outcome], case: str) -> None:
    outcome = outcomes[case]
    assert outcome.returncode == 0, f"{case}: the build should succeed\n{outcome.stderr}"
    for page, texts in escaped_expectations(case).items():
        html_file = outcome.output / page
        assert html_file.is_file(), f"{case}: {page} was not built"
        raw = html_file.read_text(encoding="utf-8")
        shown = shown_texts(html_file)
        for text in texts:
            assert text in shown, f"{case}: {page} does not show {text!r} as text"
            if any(char in text for char in "<>&"):
                assert text not in raw, f"{case}: {page} contains {text!r} unescaped"
        assert injected_elements(html_file) == [], f"{case}: {page}"


def test_injection_check_can_fail(tmp_path: Path) -> None:
    """The element check is not vacuous: it finds what it looks for."""
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><title>x</title><p onclick="x()" style="color:red">a</p><script>x()</script>'
                    '<a href="javascript:x()">b</a><script src="https://cdn.example/x.js"></script>'
                    '<meta http-equiv="refresh" content="0"><iframe src="/"></iframe>'
                    '<script type="application/ld+json">{"a": 1}</script>')
    found = " ".join(injected_elements(page))
    for what in ("event handler", "inline style", "inline or foreign script", "script or data URL",
                 "<iframe>", "http-equiv=refresh"):
        assert what in found, what


def test_corpus_sources_record_their_sha256() -> None:
    """Sources in the corpus are valid except for their one deliberate fault."""
    for yaml_file in CORPUS.glob("*/files/data/sources/*/source.yaml"):
        original = yaml_file.with_name("original.txt")
        text = yaml_file.read_text(encoding="utf-8")
        if not original.is_file() or "sha256:" not in text or yaml_file.parts[-6] == "source-original-edited":
            continue
        if yaml_file.parts[-6] == "source-original-binary":
            continue
        assert hashlib.sha256(original.read_bytes()).hexdigest() in text, yaml_file
