"""The citation standard (FARSIDE_CITATION_STANDARD = "2026"), rule by rule.

Each fixture page ``fixtures/standard/<name>.md`` is rendered with the rules on; the
``.errors`` file beside it lists ``line: start of message`` for every error the page must
produce (empty: it must pass), and ``.warnings`` the same for warnings.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from citations.conftest import FIXTURES, load_fixture_sources, render
from farside.citations.computed import ComputeError, compute
from farside.citations.facts import extract, missing_facts
from farside.citations.model import CitationUse
from farside.citations.standard import (
    CitationStandard,
    error_passages,
    quoted_share,
    share_problems,
    standard_from_settings,
)
from farside.errors import ErrorLog

STANDARD_FIXTURES = FIXTURES / "standard"
PATH = "content/pages/test.md"


@dataclass(frozen=True)
class FakeNote:
    id: str
    kind: str
    said: str


NOTES = {"dark-side": FakeNote("dark-side", "error", '[@cnsa "the far side is always dark"]')}


def render_standard(markdown: str, enabled: bool = True) -> tuple[str, ErrorLog, dict]:
    sources = load_fixture_sources()
    standard = CitationStandard(enabled=enabled, error_passages=error_passages(NOTES, sources))
    return render(markdown, sources, standard=standard)


def expected(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        return []
    lines = [line.split(": ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(int(number), message) for number, message in lines]


@pytest.mark.parametrize("page", sorted(STANDARD_FIXTURES.glob("*.md")), ids=lambda p: p.stem)
def test_fixture_page(page: Path) -> None:
    _, log, env = render_standard(page.read_text(encoding="utf-8"))
    for found, name in ((log.errors, ".errors"), (env["citation_warnings"], ".warnings")):
        wanted = expected(page.with_suffix(name))
        assert len(found) == len(wanted), [str(e) for e in found]
        for error, (line, message) in zip(sorted(found, key=lambda e: e.line or 0), wanted, strict=True):
            assert str(error).startswith(f"{PATH}:{line}: {message}"), str(error)


@pytest.mark.parametrize("page", [p for p in sorted(STANDARD_FIXTURES.glob("*.md"))
                                  if p.stem not in ("unclosed",)], ids=lambda p: p.stem)
def test_rules_are_off_without_the_setting(page: Path) -> None:
    """The same pages pass the old checks (quotes exist) when the standard is off."""
    _, log, _ = render_standard(page.read_text(encoding="utf-8"), enabled=False)
    assert all("computed" in str(e) or "cannot convert" in str(e) for e in log.errors), log.errors


def test_setting_turns_the_standard_on() -> None:
    assert standard_from_settings({"FARSIDE_CITATION_STANDARD": "2026"}, {}, {}).enabled
    assert not standard_from_settings({}, {}, {}).enabled


def test_every_failing_fixture_fails() -> None:
    """A fixture for each rule exists and is expected to fail (guards against an empty .errors)."""
    failing = [p for p in STANDARD_FIXTURES.glob("*.md") if expected(p.with_suffix(".errors"))
               or expected(p.with_suffix(".warnings"))]
    assert len(failing) >= 7


@pytest.mark.parametrize("sentence,quote", [
    ("on 3 January 2019", "January 3, 2019"),
    ("1,935.3 g", "1935.3 grams"),
    ("at 02:26 UTC", "0226 GMT"),
    ("at 10:48 p.m.", "at 22:48"),
    ("four instruments", "4 instruments"),
    ("in January 2019", "on 3 January 2019"),
    ("in 2019", "3 January 2019"),
    ("Chang'e-4 and Yutu-2 on a Long March 3B", "the rover"),
    ("on 12 December 2018", "launched on December 8, 2018 and entered lunar orbit on 12 December"),
])
def test_formats_are_normalised(sentence: str, quote: str) -> None:
    assert missing_facts(sentence, [quote]) == []


@pytest.mark.parametrize("sentence,quote", [
    ("on 4 January 2019", "January 3, 2019"),
    ("1,935.3 kg", "1935.3 grams"),
    ("at 02:27 UTC", "0226 GMT"),
    ("five instruments", "4 instruments"),
    ("in 2018", "3 January 2019"),
    ("on 3 January 2019", "in January 2019"),  # a quote cannot be more precise than it is
    ("on 12 December 2018", "entered lunar orbit on 12 December"),  # no year in the passage
    ("on 12 December 2018", "from December 2017 to May 2019, it reached orbit on 12 December"),  # two years
])
def test_different_facts_are_caught(sentence: str, quote: str) -> None:
    assert missing_facts(sentence, [quote]) != []


def test_facts_are_reported_as_written() -> None:
    assert [f.shown for f in extract("launched 8 December 2018, with 1,935.3 g")] == ["8 December 2018", "1,935.3 g"]


def test_computed_values() -> None:
    assert compute("convert 2024-06-02 06:23 UTC+8 to UTC").text == "1 June 2024, 22:23 UTC"
    assert compute("days 2018-12-08 to 2019-01-03").text == "26 days"
    assert compute("convert 384,400 km to mi").text == "238,855 mi"
    with pytest.raises(ComputeError):
        compute("days 2019-01-03 to 2018-12-08")


def _use(source_id: str, start: int, passage: str) -> CitationUse:
    return CitationUse(source_id=source_id, quote=passage, passage=passage, passage_start=start, line=1, sentence="")


def test_quoted_share_counts_overlaps_once() -> None:
    text = "one two three four five six seven eight nine ten"
    assert quoted_share(text, [(0, 13), (4, 18)]) == pytest.approx(0.4)


def test_share_limits_per_page_and_site() -> None:
    sources = load_fixture_sources()
    text = sources["cnsa"].text
    half = text[: len(text) // 2]
    rest = text[len(text) // 2:]
    standard = CitationStandard()
    one_page = share_problems([("a.md", [_use("cnsa", 0, half)])], sources, standard)
    assert [path for path, _ in one_page] == ["a.md"]
    assert "on this page" in one_page[0][1]
    spread = share_problems([(f"p{i}.md", [_use("cnsa", i * 40, text[i * 40:i * 40 + 40])])
                             for i in range(len(text) // 40)], sources, standard)
    assert len(spread) == 1 and "the site quotes" in spread[0][1]
    assert share_problems([("a.md", [_use("cnsa", len(half), rest[:30])])], sources, standard) == []


def test_text_fragment_follows_the_spec() -> None:
    from farside.citations.render import text_fragment
    assert text_fragment("https://x.org/a#top", "lifts off, at 6-2 & more") == \
        "https://x.org/a#:~:text=lifts%20off%2C%20at%206%2D2%20%26%20more"
    long = "one two three four five six seven eight nine ten"
    assert text_fragment("https://x.org/", long) == "https://x.org/#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"


def test_references_link_each_passage_to_the_words_at_the_source() -> None:
    html, _, _ = render_standard('Words [@dw "used a drill to gather material"].')
    assert 'href="https://www.dw.com/en/example#:~:text=used%20a%20drill%20to%20gather%20material"' in html
    html, _, _ = render_standard('Words [@esa "touched down safely in Von Karman crater"].')
    assert "No web address: the release was read on paper" in html


def test_error_passages_are_marked_wherever_they_appear() -> None:
    """Refused as support in a page; a note quoting it may, and References then say so."""
    from citations.conftest import TEMPLATES, references_html
    from farside.citations import citations_plugin
    from farside.mdparser import make_parser

    sources = load_fixture_sources()
    standard = CitationStandard(enabled=True, error_passages=error_passages(NOTES, sources))

    def as_note(md: object) -> None:  # what the notes plugin does to a note's blocks
        def mark(state: object) -> None:
            for token in state.tokens:  # type: ignore[attr-defined]
                token.meta = {**(token.meta or {}), "in_note": True}
        md.core.ruler.before("citations", "as_note", mark)  # type: ignore[attr-defined]

    md = make_parser([lambda md: citations_plugin(md, sources, None, standard, TEMPLATES), as_note])
    env = {"path": PATH, "errors": ErrorLog()}
    md.render('One report says [@cnsa "the far side is always dark"].', env)
    assert env["errors"].errors == []
    html = references_html(env["citations"])
    assert 'class="reference-passage error-passage"' in html
    assert "quoted as an error, see" in html and "#note-dark-side" in html
