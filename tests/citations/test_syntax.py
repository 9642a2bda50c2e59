"""The citation plugin: Markdown in, HTML out, and one test per error path."""
from __future__ import annotations

from pathlib import Path

import pytest

from citations.conftest import FIXTURES, render
from farside.citations import CitationSyntaxError, parse_citations, parse_group


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.stem)
def test_fixture(source: Path) -> None:
    html, log, _ = render(source.read_text())
    assert log.errors == []
    assert html == source.with_suffix(".html").read_text()


def test_marks_link_to_passages_and_back() -> None:
    html, _, env = render((FIXTURES / "basic.md").read_text())
    page = env["citations"]
    # Two passages of one source in one group share one mark (one number for the reader).
    assert [u.anchor for u in page.uses] == ["cite-1", "cite-2", "cite-2", "cite-3", "cite-4", "cite-5"]
    assert [u.number for u in page.uses] == [1, 1, 1, 2, 2, 1]
    assert html.count('class="cite"') == 5
    assert 'data-passages="ref-1-2 ref-1-3"' in html
    # The same source keeps one number; each distinct passage has its own anchor.
    assert [u.passage_anchor for u in page.uses] == ["ref-1-1", "ref-1-2", "ref-1-3", "ref-2-1", "ref-2-2", "ref-1-4"]
    for use in {use.anchor: use for use in reversed(page.uses)}.values():  # the first use of each mark
        assert f'id="{use.anchor}" href="#{use.passage_anchor}"' in html
        assert f'href="#{use.anchor}"' in html  # the back-link


def test_claim_sentence_is_recorded() -> None:
    _, _, env = render((FIXTURES / "basic.md").read_text())
    sentences = [u.sentence for u in env["citations"].uses]
    assert sentences[0] == "Chang’e-6 was the first craft to take off from the far side."
    assert sentences[3] == sentences[4] == ("Chang’e-4 lifted off at 18:23 UTC on 7 December 2018, which was 2:23 in "
                                            "the morning of 8 December in Beijing.")


def test_passage_is_the_sources_own_words() -> None:
    _, _, env = render('x [@dw "TO DEEPEN research"]')
    assert env["citations"].uses[0].passage == "to deepen research"


ERRORS = [
    ('Text [@dw "the first to never take off"].', 1,
     'quote "the first to never take off" not found in source \'dw\'; closest passage: "the first to ever successfully take"'),
    ('Text [@dww "first"].', 1, "unknown source 'dww'; did you mean 'dw'? known sources: cnsa, dw, esa, nssdca"),
    ('Text [@zzz "first"].', 1, "unknown source 'zzz'; known sources: cnsa, dw, esa, nssdca"),
    ("Text [@dw].", 1, "citation of 'dw' needs the source's exact words in double quotes"),
    ("Text [@dw first].", 1, "citation of 'dw' needs the source's exact words in double quotes"),
    ('Text [@dw "first].', 1, "quote for 'dw' is never closed"),
    ('Text [@dw "first" @nssdca "x"].', 1, "a citation group ends with ']'; separate several cites with ';'"),
    ('Text [@dw "first"; nssdca "x"].', 1, "expected '@source-id' after ';'"),
    ('Text [@"first"].', 1, "a citation needs a source id after '@'"),
    ('Text [@dw ""].', 1, "quote is empty"),
    ("Text [@dw \"" + "word " * 46 + "\"].", 1, "quote is 46 words long; quote at most 45 words"),
    ('Line one\nline two [@dw "nowhere to be found"].', 2, 'quote "nowhere to be found" not found'),
    ('# Title\n\nPara.\n\n- item [@zzz "x"]', 5, "unknown source 'zzz'"),
]


@pytest.mark.parametrize("markdown,line,message", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_error_paths(markdown: str, line: int, message: str) -> None:
    html, log, _ = render(markdown, line_offset=10)
    assert len(log.errors) == 1, log.errors
    error = str(log.errors[0])
    assert error.startswith(f"content/pages/test.md:{line + 10}: {message}"), error
    assert 'class="cite"' not in html


def test_every_error_on_a_page_is_reported() -> None:
    _, log, _ = render('a [@zzz "x"]\n\nb [@dw "not there at all"]\n\nc [@dw]')
    assert [e.line for e in log.errors] == [1, 3, 5]


def test_parse_citations_for_data_values() -> None:
    cites = parse_citations('[@dw "one"; @nssdca “two”] and [@dw "three \\" quoted"]')
    assert [(c.source_id, c.quote) for c in cites] == [("dw", "one"), ("nssdca", "two"), ("dw", 'three " quoted')]


def test_parse_group_reports_offset() -> None:
    with pytest.raises(CitationSyntaxError) as raised:
        parse_group('[@dw "a"; @x y]')
    assert raised.value.offset == 10
    assert parse_group("no citation here") is None


def test_links_are_not_citations() -> None:
    html, log, _ = render("[text](https://example.org) and [@dw \"first to ever\"](https://x.org)")
    assert log.errors == []
    assert '<a href="https://example.org" rel="noopener noreferrer">text</a>' in html
