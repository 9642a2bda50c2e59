"""Property: whatever an editor writes, the whole build answers with a site or with `path:line` lines.

Hypothesis draws front matter, Markdown, a source's YAML and its original text (hostile markup,
Pelican placeholders, citation syntax, control characters, broken YAML), drops them into a copy of
the project and runs the real build (tools/build.py's build(), in this process and without the Pagefind index, to keep it fast).
For every example: exit 0 or `path:line: message` lines naming an editor's file; never a traceback
or an internal error; after a failure the previous output is byte for byte the same; after a
success no drawn markup appears unescaped in any page.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from support.site import copy_project, load_build_tool

# Markup that must never reach a page as markup: every drawn text may carry it.
SENTINEL = "<zz-fuzz"
HOSTILE = [f'{SENTINEL} onerror="x()">', f'"><{SENTINEL[1:]}>', f"</p>{SENTINEL}>", "<script>alert(1)</script>",
           "{index}javascript:alert(1)", "{filename}nowhere.md", "[@nowhere \"quote\"]", "[@", "{#id .x}",
           "[!figure relay]", "&lt;b&gt;", "\x07", "\u202e", "---", "\n\n# heading\n", "*", "_", "`", "|a|b|\n|-|-|\n",
           "javascript:alert(1)", "[a](javascript:alert(1))", "![i](data:text/html,x)", "<!-- x -->", "\\", "'", '"']
ERROR_LINE = re.compile(r"^(content|data|theme)/[^:]+(:\d+)?: \S")
FRONT_KEYS = ["title", "slug", "summary", "description", "template", "save_as", "url", "status", "nav_order",
              "nav_title", "date", "modified", "lang", "mission", "uncited_ok", "zz_unknown"]


texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                  st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), max_size=6).map("".join))
values = st.one_of(texts, st.integers(-5, 3000), st.booleans(), st.none(), st.sampled_from(["2024-06-04", "2019-13-45"]))
front_matter = st.dictionaries(st.sampled_from(FRONT_KEYS), values, max_size=6).map(
    lambda d: {"title": "Zz fuzz " + SENTINEL + ">", "uncited_ok": True, **d})


@st.composite
def editor_files(draw: st.DrawFn) -> dict[str, str]:
    meta = draw(front_matter)
    raw_front = yaml.safe_dump(meta, allow_unicode=True) if draw(st.booleans()) else draw(texts) + "\n"
    body = draw(st.lists(texts, max_size=8).map(" ".join))
    files = {"content/pages/zz-fuzz.md": f"---\n{raw_front}---\n\n{body}\n"}
    if draw(st.booleans()):
        original = draw(texts) + " " + SENTINEL + "> text of the source."
        source = {"id": "zz-fuzz-source", "title": draw(texts), "publisher": draw(texts), "url": "https://example.org/x",
                  "language": "en", "kind": "news", "accessed": "2026-11-23",
                  "sha256": hashlib.sha256(original.encode()).hexdigest()}
        source_yaml = yaml.safe_dump(source, allow_unicode=True) if draw(st.booleans()) else draw(texts)
        files["data/sources/zz-fuzz-source/source.yaml"] = source_yaml
        files["data/sources/zz-fuzz-source/original.txt"] = original
    return files


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    project = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    build_tool = load_build_tool("farside_build_fuzz")
    # Pagefind is a separate binary run on the finished site (tested by the search tests); skipping it
    # here keeps each example under a second, so the property runs on many inputs.
    build_tool._start_index = lambda site, subdir="pagefind": None
    return project, build_tool


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(build_tool: ModuleType, project: Path, output: Path) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out), contextlib.chdir(project):
        code = build_tool.build(project / "pelicanconf.py", output, strict=False, shown="output")
    return code, err.getvalue()


# No shrinking: each example is a whole build, and a failure prints its (unshrunk) input anyway.
@settings(max_examples=12, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=editor_files())
def test_any_editor_input_builds_or_fails_with_path_lines(fuzz_project: tuple[Path, ModuleType],
                                                          files: dict[str, str]) -> None:
    project, build_tool = fuzz_project
    build_tool.PROJECT = project  # messages are relative to the copy
    output = project / "output"
    if not output.exists():
        assert _run(build_tool, project, output)[0] == 0, "the unchanged copy builds"
    before = _snapshot(output)
    written = [project / name for name in files]
    try:
        for path, text in files.items():
            (project / path).parent.mkdir(parents=True, exist_ok=True)
            (project / path).write_text(text, encoding="utf-8")
        code, stderr = _run(build_tool, project, output)
    finally:
        for path in written:
            path.unlink(missing_ok=True)
        shutil.rmtree(project / "data/sources/zz-fuzz-source", ignore_errors=True)
    assert "Traceback" not in stderr and "build failed: unexpected" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.strip() and not line.startswith("warning: ")]
    if code == 0:
        for page in output.rglob("*.html"):
            assert SENTINEL not in page.read_text(encoding="utf-8"), f"{page}: drawn markup published unescaped"
        return
    assert code == 1, stderr
    assert errors and errors[-1].startswith("build failed: ") and "left as it was" in errors[-1], stderr
    for line in errors[:-1]:
        assert ERROR_LINE.match(line), f"not an editor's path:line line: {line!r}"
    assert str(project) not in stderr and "/tmp" not in stderr, "no temporary path in messages"
    assert _snapshot(output) == before, "a failed build changed the output"
