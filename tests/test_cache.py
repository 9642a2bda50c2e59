"""The project cache (farside/cache.py) reuses a page only when nothing it depends on changed.

Each test builds a copy of the project, changes one input, builds again and checks that the
second build is the build a cold cache would give: what changed shows (or fails) and the
pages' cache entries were, or were not, read again. An entry read again is a new file (the
cache replaces entries whole), so its inode tells.
"""
from __future__ import annotations

import hashlib
import html
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jinja2

from farside.cache import TEMPLATE_FOLDER, TemplateCache, inputs_digest
from support.site import BuildResult, copy_project, run_build

CACHE = ".farside-cache"
QUOTE = re.compile(r'\[@([a-z0-9-]+) "([^"]+)"')


def entries(project: Path) -> dict[str, int]:
    """Cache entry -> inode, for the most recently used inputs."""
    folders = sorted((p for p in (project / CACHE).iterdir() if p.is_dir() and p.name != TEMPLATE_FOLDER),
                     key=lambda p: p.stat().st_mtime)
    assert folders, "the build made no cache"
    return {entry.name: entry.stat().st_ino for entry in folders[-1].glob("*.pickle")}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def build(project: Path, name: str) -> BuildResult:
    return run_build(project.parent / name, project=project)


def first_quote(project: Path, page: str = "far-side.md") -> tuple[str, str]:
    match = QUOTE.search((project / "content" / "pages" / page).read_text(encoding="utf-8"))
    assert match, f"{page} cites no source"
    return match.group(1), match.group(2)


def test_an_unchanged_rebuild_reuses_every_page_and_builds_the_same_site(project: Path) -> None:
    cold = build(project, "one")
    assert cold.returncode == 0, cold.stderr
    before = entries(project)
    assert len(before) == len(list((project / "content" / "pages").glob("*.md")))
    warm = build(project, "two")
    assert warm.returncode == 0, warm.stderr
    assert entries(project) == before, "every page came from the cache"
    assert tree(project.parent / "one") == tree(project.parent / "two"), "compiled templates loaded render the same"
    assert warm.stderr == cold.stderr
    assert any((project / CACHE / TEMPLATE_FOLDER).iterdir()), "the build kept its compiled templates"


def test_an_edited_page_alone_is_read_again(project: Path) -> None:
    assert build(project, "one").returncode == 0
    before = entries(project)
    page = project / "content" / "pages" / "far-side.md"
    text = page.read_text(encoding="utf-8")
    heading = re.search(r"(?m)^## (.+)$", text)
    assert heading
    page.write_text(text.replace(heading.group(0), "## A heading edited for the cache test", 1), encoding="utf-8")
    result = build(project, "two")
    assert result.returncode == 0, result.stderr
    after = entries(project)
    changed = [name for name in before if after.get(name) != before[name]]
    assert len(changed) == 1, changed
    assert "A heading edited for the cache test" in (project.parent / "two" / "far-side" / "index.html").read_text()


def test_a_changed_source_reads_the_pages_again(project: Path) -> None:
    """A quote that no longer matches its source stops the build, although the page is unchanged."""
    assert build(project, "one").returncode == 0
    source_id, quote = first_quote(project)
    folder = project / "data" / "sources" / source_id
    original = (folder / "original.txt").read_bytes()
    assert quote.encode() in original, "the quote is stored as written"
    changed = original.replace(quote.encode(), quote.replace(" ", "  ~ ", 1).encode(), 1)
    (folder / "original.txt").write_bytes(changed)
    record = (folder / "source.yaml").read_text(encoding="utf-8")
    (folder / "source.yaml").write_text(record.replace(hashlib.sha256(original).hexdigest(),
                                                      hashlib.sha256(changed).hexdigest()), encoding="utf-8")
    result = build(project, "two")
    assert result.returncode == 1
    assert "content/pages/far-side.md:" in result.stderr and source_id in result.stderr, result.stderr


def test_a_changed_note_shows_on_the_pages_that_place_it(project: Path) -> None:
    """A note placed in a page's Markdown (``[!note id]``) is rendered while the page is read."""
    assert build(project, "one").returncode == 0
    placed = re.search(r"\[!note ([a-z0-9-]+)\]", (project / "content" / "pages" / "far-side.md").read_text())
    assert placed, "far-side.md places a note"
    notes = project / "data" / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    topic = re.search(rf"(?m)^- id: {placed.group(1)}\n  topic: (.+)$", text)
    assert topic, f"note {placed.group(1)} has a topic"
    notes.write_text(text.replace(topic.group(0), f"- id: {placed.group(1)}\n  topic: A topic edited for the cache "
                                                  "test", 1), encoding="utf-8")
    result = build(project, "two")
    assert result.returncode == 0, result.stderr
    page = (project.parent / "two" / "far-side" / "index.html").read_text(encoding="utf-8")
    assert "A topic edited for the cache test" in page
    assert html.escape(topic.group(1), quote=False) not in page, "no part of the page shows the old note"


def test_a_changed_template_renders_into_the_pages(project: Path) -> None:
    """Citation marks are rendered while a page is read, from the theme's partial."""
    assert build(project, "one").returncode == 0
    partial = project / "theme" / "templates" / "partials" / "citation-marks.html"
    text = partial.read_text(encoding="utf-8")
    assert '<sup class="cites"' in text
    partial.write_text(text.replace('<sup class="cites"', '<sup class="cites" data-cache-test="1"', 1),
                       encoding="utf-8")
    result = build(project, "two")
    assert result.returncode == 0, result.stderr
    assert 'data-cache-test="1"' in (project.parent / "two" / "far-side" / "index.html").read_text()


def test_a_changed_setting_reads_the_pages_again(project: Path) -> None:
    """A page that meets only the basic checks is cached with the standard off, and fails once it is on."""
    settings = project / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    assert 'FARSIDE_CITATION_STANDARD = "2026"' in text
    settings.write_text(text.replace('FARSIDE_CITATION_STANDARD = "2026"', 'FARSIDE_CITATION_STANDARD = ""'),
                        encoding="utf-8")
    source_id, quote = first_quote(project)
    (project / "content" / "pages" / "cache-test.md").write_text(
        f'---\ntitle: Cache test\nslug: cache-test\n---\n\nIn 1234 this was said [@{source_id} "{quote}"].\n',
        encoding="utf-8")
    assert build(project, "one").returncode == 0
    settings.write_text(text, encoding="utf-8")
    result = build(project, "two")
    assert result.returncode == 1
    assert "content/pages/cache-test.md:" in result.stderr and "1234" in result.stderr, result.stderr


def test_a_pages_errors_are_replayed_from_the_cache(project: Path) -> None:
    page = project / "content" / "pages" / "far-side.md"
    page.write_text(page.read_text(encoding="utf-8").replace("[@", "[@no-such-source-", 1), encoding="utf-8")
    first = build(project, "one")
    assert first.returncode == 1 and "content/pages/far-side.md:" in first.stderr
    before = entries(project)
    second = build(project, "two")
    assert entries(project) == before, "the failing page came from the cache"
    assert second.returncode == 1
    assert second.stderr.replace(str(project.parent / "two"), "OUT") == first.stderr.replace(
        str(project.parent / "one"), "OUT")


def test_changed_code_reads_every_page_again(project: Path) -> None:
    """In their own processes, so each build runs the copy's plugin code (the digest is of the
    code that runs)."""
    def build_alone(name: str) -> None:
        proc = subprocess.run([sys.executable, str(project / "tools" / "build.py"), "--output",
                               str(project.parent / name)], cwd=project, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-2000:]

    build_alone("one")
    before = entries(project)
    code = project / "plugins" / "farside" / "toc.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# edited for the cache test\n", encoding="utf-8")
    build_alone("two")
    after = entries(project)
    assert after.keys() == before.keys() and not set(after.values()) & set(before.values())


def test_inputs_digest_sees_every_kind_of_input(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "code").mkdir()
    (tmp_path / "data" / "a.yaml").write_text("a: 1\n")
    settings = {"SITEURL": "", "OUTPUT_PATH": "/tmp/x", "JINJA_FILTERS": {"f": len}, "S": {"b", "a"}}

    def digest() -> str:
        return inputs_digest(settings, [tmp_path / "data"], tmp_path / "code")

    first = digest()
    assert digest() == first
    settings["OUTPUT_PATH"] = "/tmp/y"  # a new staging folder every build
    assert digest() == first
    settings["SITEURL"] = "https://example.org"
    second = digest()
    assert second != first
    (tmp_path / "data" / "a.yaml").write_text("a: 2\n")
    third = digest()
    assert third != second
    (tmp_path / "code" / "m.py").write_text("x = 1\n")
    assert digest() != third


def test_checks_of_written_files_are_kept_and_replayed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A published never-state wording fails the build again when its file's check comes from the cache."""
    import farside.notes.published as published

    notes = (project / "data" / "notes.yaml").read_text(encoding="utf-8")
    wording = re.search(r'never_state: \["([^"]+)"', notes)
    assert wording, "a note lists a never_state wording"
    (project / "content" / "pages" / "cache-test.md").write_text(
        f"---\ntitle: Cache test\nslug: cache-test\ndescription: {wording.group(1)}.\nuncited_ok: true\n---\n\n"
        "{.no-facts}\nA page for the cache test.\n", encoding="utf-8")
    first = build(project, "one")
    assert first.returncode == 1 and f'"{wording.group(1)}"' in first.stderr, first.stderr
    searched: list[Path] = []
    real = published.file_pieces
    monkeypatch.setattr(published, "file_pieces", lambda path: searched.append(path) or real(path))
    second = build(project, "two")
    assert second.returncode == 1
    assert second.stderr.replace(str(project.parent / "two"), "OUT") == first.stderr.replace(
        str(project.parent / "one"), "OUT")
    assert searched == [], "no file with the same bytes was searched again"
    settings = project / "pelicanconf.py"  # no cache: every file is searched
    settings.write_text(settings.read_text(encoding="utf-8").replace('FARSIDE_CACHE = ".farside-cache"',
                                                                     'FARSIDE_CACHE = ""'), encoding="utf-8")
    assert build(project, "three").returncode == 1
    assert searched, "without the cache the files are searched"


def test_the_link_gate_takes_the_addresses_the_published_check_found(project: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """One parse of each written page serves both checks of written files; the gate's verdict is
    the one it gives alone (without the cache, where it parses every page itself)."""
    import farside.links as links

    base = project / "theme" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</body>", '<a href="javascript:void(0)">a link a template should not write</a></body>', 1), encoding="utf-8")
    parsed: list[bytes] = []
    real = links.written_page_problems
    monkeypatch.setattr(links, "written_page_problems", lambda data: parsed.append(data) or real(data))
    shared = build(project, "one")
    assert shared.returncode == 1 and "javascript:" in shared.stderr, shared.stderr
    assert parsed == [], "the gate parsed no page the published check had parsed"
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace('FARSIDE_CACHE = ".farside-cache"',
                                                                     'FARSIDE_CACHE = ""'), encoding="utf-8")
    alone = build(project, "two")
    assert alone.returncode == 1 and parsed, "without the cache the gate parses every page itself"
    assert alone.stderr.replace(str(project.parent / "two"), "OUT") == shared.stderr.replace(
        str(project.parent / "one"), "OUT")


class CountingEnvironment(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def test_compiled_templates_are_reused_and_kept_apart_per_environment(tmp_path: Path) -> None:
    """Jinja's own key (name, file, source) misses the environment: an escaping and a
    non-escaping environment sharing the cache must each get their own compiled code."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.html").write_text("<p>{{ value }}</p>")
    cache = tmp_path / "cache"
    cache.mkdir()

    def render(autoescape: bool) -> str:
        env = CountingEnvironment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=autoescape,
                                  bytecode_cache=TemplateCache(str(cache)))
        return env.get_template("t.html").render(value="<b>")

    CountingEnvironment.compiled = 0
    assert render(True) == "<p>&lt;b&gt;</p>" and render(False) == "<p><b></p>"
    assert CountingEnvironment.compiled == 2
    assert render(True) == "<p>&lt;b&gt;</p>" and render(False) == "<p><b></p>", "each reads its own code"
    assert CountingEnvironment.compiled == 2, "the second time, both were loaded from the cache"
    (folder / "t.html").write_text("<div>{{ value }}</div>")
    assert render(True) == "<div>&lt;b&gt;</div>", "an edited template is compiled again"
    assert CountingEnvironment.compiled == 3


def test_loaded_data_is_reused_with_its_warnings_and_errors_are_never_kept(
        project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from pelican.log import LimitFilter
    from pelican.settings import read_settings

    import farside.state as state_module

    settings = read_settings(str(project / "pelicanconf.py"))
    real_load, loads = state_module._load_data, []
    logger = logging.getLogger("farside.test")  # made at import, as the plugin's loggers are

    def load(*args: object) -> object:
        loads.append(1)
        logger.warning("a warning from loading")
        return real_load(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(state_module, "_load_data", load)
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())  # Pelican shows a warning once a process
    caplog.set_level(logging.WARNING)
    first = state_module.load_build_state(settings)
    LimitFilter._raised_messages.clear()  # the next build is a new process
    second = state_module.load_build_state(settings)
    assert len(loads) == 1, "the second build reused the loaded data"
    assert caplog.messages.count("a warning from loading") == 2, "its warnings were given again"
    assert second.sources == first.sources and second.missions == first.missions
    assert second.notes == first.notes and second.exclusions == first.exclusions
    assert not second.log

    registry = sorted((project / "data" / "sources").rglob("*.yaml"))[0]
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    state_module.load_build_state(settings)
    assert len(loads) == 2, "an edited data file is loaded again"

    registry.write_text(registry.read_text(encoding="utf-8") + "\n: not yaml [\n", encoding="utf-8")
    for attempt in (3, 4):
        broken = state_module.load_build_state(settings)
        assert len(loads) == attempt and broken.log, "data with errors is loaded (and fails) every time"


def test_a_warning_kept_and_replayed_in_the_same_process_is_shown(monkeypatch: pytest.MonkeyPatch,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Pelican shows each warning once per process and counts it when it is logged; a warning
    kept (to be replayed in order) was not shown, so its replay must still show it, once."""
    from pelican.log import LimitFilter

    from farside.parallel import replay, warnings_kept

    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    caplog.set_level(logging.WARNING)
    logger = logging.getLogger("farside.cache-test")  # made at import, as the plugin's loggers are
    for shown_before in (0, 1):
        with warnings_kept() as kept:
            logger.warning("kept, then shown")
        assert len(caplog.messages) == shown_before, "kept, not shown"
        replay(kept)
        assert caplog.messages == ["kept, then shown"], "shown once, as Pelican shows a repeated warning"
