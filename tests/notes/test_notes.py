"""Notes on the sources: loading notes.yaml, rendering [!note id], and every error path."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from citations.conftest import references_html
from farside.citations import citations_plugin
from farside.citations.required import required_citations_plugin
from farside.errors import ErrorLog
from farside.mdparser import make_parser
from farside.notes import load_notes, source_notes_plugin
from support.theme import render as render_template

pytestmark = pytest.mark.unit

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Src:
    id: str
    kind: str
    text: str
    title: str = "T"
    publisher: str = "P"
    published: dt.date | None = None
    url: str | None = None
    inferred: dict = field(default_factory=dict)


SOURCES = {
    "news": Src("news", "news", "The start, which took place in China at 2:23 pm local time, was successful."),
    "catalogue": Src("catalogue", "reference", "Launch took place at 2:23 a.m. on December 8, 2018 Beijing time."),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(text)
    return path


def render(markdown: str, notes, require: bool = False) -> tuple[str, ErrorLog]:
    md = make_parser([lambda md: source_notes_plugin(md, notes, render_template),
                      lambda md: citations_plugin(md, SOURCES), required_citations_plugin])
    log = ErrorLog()
    env = {"path": "page.md", "line_offset": 0, "errors": log, "require_citations": require}
    html = md.render(markdown, env)
    return html + references_html(env["citations"]), log  # the page template adds the References


def test_note_renders_in_place_with_citations_in_page_references() -> None:
    log = ErrorLog()
    notes = load_notes(HERE / "fixtures.yaml", SOURCES, log)
    assert log.errors == []
    html, log = render('Launch [@catalogue "2:23 a.m."].\n\n[!note launch-time]\n', notes, require=True)
    assert log.errors == []
    soup = BeautifulSoup(html, "html5lib")
    aside = soup.find("aside", id="note-launch-time")
    assert aside is not None and aside["aria-labelledby"] == "note-launch-time-title"
    assert "A source is wrong: The time of the launch" in aside.get_text()
    assert len(aside.find_all("a", class_="cite")) == 2
    assert [li["id"] for li in soup.select(".reference-passage")] == ["ref-1-1", "ref-1-2", "ref-2-1"]


def test_all_notes_directive_gives_headings() -> None:
    notes = load_notes(HERE / "fixtures.yaml", SOURCES, ErrorLog())
    html, log = render("[!notes]\n", notes)
    assert log.errors == []
    assert '<h2 id="note-launch-time">The time of the launch</h2>' in html


def test_unknown_note_id() -> None:
    notes = load_notes(HERE / "fixtures.yaml", SOURCES, ErrorLog())
    _, log = render("Text.\n\n[!note launch-tim]\n", notes)
    assert [str(e) for e in log.errors] == [
        "page.md:3: unknown note 'launch-tim'; did you mean launch-time? notes are defined in data/notes.yaml"]


def test_wrong_quote_in_a_note_points_into_notes_yaml(tmp_path: Path) -> None:
    text = (HERE / "fixtures.yaml").read_text().replace('[@news "2:23 pm local time"]', '[@news "3:23 pm"]')
    log = ErrorLog()
    notes = load_notes(write(tmp_path, text), SOURCES, log)
    _, log = render("[!note launch-time]\n", notes)
    assert len(log.errors) == 1
    assert str(log.errors[0]).startswith(f"{tmp_path / 'notes.yaml'}:5: quote \"3:23 pm\" not found in source 'news'")


BAD = [
    ("- id: x\n  topic: t\n  kind: error\n  said: s\n", 1, "correct: missing"),
    ("- id: x\n  topic: t\n  kind: wrong\n  said: a [@news \"2:23 pm\"]\n  correct: b [@catalogue \"2:23 a.m.\"]\n", 3,
     "kind: 'wrong' is not one of error, disagreement, misnomer"),
    ("- id: x\n  topic: t\n  kind: error\n  said: no citation\n  correct: b [@catalogue \"2:23 a.m.\"]\n", 4,
     'said: needs a citation'),
    ("- id: x\n  topic: t\n  kind: error\n  said: a [@news \"2:23 pm\"]\n  correct: b [@news \"2:23 pm\"]\n", 5,
     "correct: a correction must cite an authoritative source"),
    ("- id: x\n  topic: t\n  kind: error\n  sayd: a\n  said: a [@news \"x\"]\n  correct: b [@catalogue \"x\"]\n", 4,
     "sayd: unknown field; did you mean 'said'?"),
    ("- id: X Y\n  topic: t\n  kind: error\n  said: a [@news \"x\"]\n  correct: b [@catalogue \"x\"]\n", 1,
     "id: 'X Y' is not valid; use lowercase letters"),
    ("- id: x\n  topic: [t\n", 2, "not valid YAML"),
    ("id: x\n", 1, "this file must be a list"),
    ("- id: x\n  topic: t\n  kind: error\n  said: a [@news x]\n  correct: b [@catalogue \"x\"]\n", 4,
     "said: citation of 'news' needs the source's exact words"),
]


@pytest.mark.parametrize("text,line,message", BAD, ids=[b[2][:30] for b in BAD])
def test_bad_notes_file(tmp_path: Path, text: str, line: int, message: str) -> None:
    log = ErrorLog()
    notes = load_notes(write(tmp_path, text), SOURCES, log)
    assert all(note.stand_in for note in notes.values()), "a note with a problem is never shown as good"
    assert len(log.errors) == 1, log.errors
    assert str(log.errors[0]).startswith(f"{tmp_path / 'notes.yaml'}:{line}: {message}"), str(log.errors[0])


def test_duplicate_note_ids(tmp_path: Path) -> None:
    entry = (HERE / "fixtures.yaml").read_text()
    log = ErrorLog()
    notes = load_notes(write(tmp_path, entry + entry), SOURCES, log)
    assert list(notes) == ["launch-time"]
    assert "id: 'launch-time' is already the id of the note on line 1" in str(log.errors[0])


class TestRequiredCitations:
    def test_uncited_paragraph_is_an_error_with_its_line(self) -> None:
        _, log = render('Cited [@news "2:23 pm"].\n\nNot cited.\n', {}, require=True)
        assert [str(e) for e in log.errors] == [
            'page.md:3: paragraph has no citation; cite its source with [@source-id "exact words"], or put '
            "{.no-facts} on the line before a paragraph that states no fact"]

    def test_opt_out_on_paragraph_or_container(self) -> None:
        _, log = render("{.no-facts}\nJust a signpost.\n\n{.no-facts}\n- a list\n- of links\n", {}, require=True)
        assert log.errors == []

    def test_list_items_need_citations_too(self) -> None:
        _, log = render('- fine [@news "2:23 pm"]\n- bare\n', {}, require=True)
        assert [e.line for e in log.errors] == [2]

    def test_pages_that_opt_out_whole_are_not_checked(self) -> None:
        _, log = render("Not cited.\n", {}, require=False)
        assert log.errors == []


def test_a_note_with_a_problem_stands_in_so_pages_naming_it_are_not_reported_again(tmp_path: Path) -> None:
    text = (HERE / "fixtures.yaml").read_text().replace("kind: error", "kind: eror")
    log = ErrorLog()
    notes = load_notes(write(tmp_path, text), SOURCES, log)
    assert [e.message for e in log.errors] == ["kind: 'eror' is not allowed; did you mean 'error'?"]
    assert notes["launch-time"].stand_in
    _, page_log = render("[!note launch-time]\n", notes)
    assert page_log.errors == []
