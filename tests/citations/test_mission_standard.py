"""The citation standard on mission data: each value is held to the rules of a sentence."""
from __future__ import annotations

import datetime as dt

from citations.conftest import load_fixture_sources
from farside.citations import Cite
from farside.citations.standard import CitationStandard, error_passages
from farside.citations.syntax import verify_cite
from farside.missions.citecheck import check_mission_citations
from farside.missions.model import Cited, Disagreement, FieldSpec, FieldValue, Mission, MissionData, Moment

SOURCES = load_fixture_sources()
PATH = "data/missions/test.yaml"


def cited(text: str, *quotes: tuple[str, str]) -> Cited:
    uses = [verify_cite(Cite(source, quote), SOURCES, PATH, 7, text, []) for source, quote in quotes]
    assert all(uses), quotes
    return Cited(text, tuple(u for u in uses if u is not None), 7)


def check(value: FieldValue, standard: CitationStandard | None = None) -> list[str]:
    mission = Mission(id="test", name="Test", path=PATH, values={value.spec.name: value})
    data = MissionData(missions={"test": mission}, fields=(value.spec,))
    errors, _ = check_mission_citations(data, SOURCES, standard or CitationStandard())
    return [str(e) for e in errors]


TEXT = FieldSpec(name="instruments", label="Instruments", group="g", kind="text")
MOMENT = FieldSpec(name="landing", label="Landing", group="g", kind="moment")


def test_value_figures_must_be_in_the_quotes() -> None:
    good = FieldValue(TEXT, (cited("4 instruments", ("cnsa", "It carried four scientific instruments")),), 7)
    assert check(good) == []
    bad = FieldValue(TEXT, (cited("5 instruments", ("cnsa", "It carried four scientific instruments")),), 7)
    assert check(bad) == [f'{PATH}:7: sentence "5 instruments" states "5", not found in its quotes '
                          '(searched: "It carried four scientific instruments"); quote the words that give it, or '
                          "write a worked-out value as [=convert ...] / [=days ...]"]


def test_a_moment_passes_on_either_clock() -> None:
    utc = dt.datetime(2019, 1, 3, 2, 26, tzinfo=dt.timezone.utc)
    moment = Moment(utc, utc.astimezone(dt.timezone(dt.timedelta(hours=8))))
    quote = ("cnsa", "landed on January 3, 2019 at 0226 GMT")
    assert check(FieldValue(MOMENT, (cited("3 January 2019, 02:26 UTC", quote),), 7, moment=moment)) == []
    late = Moment(utc + dt.timedelta(minutes=1), None)
    problems = check(FieldValue(MOMENT, (cited("3 January 2019, 02:27 UTC", quote),), 7, moment=late))
    assert len(problems) == 1 and "neither clock" in problems[0] and problems[0].startswith(f"{PATH}:7:")


def test_short_ambiguous_and_error_quotes_are_refused_in_data() -> None:
    notes = {"dark": type("Note", (), {"id": "dark", "kind": "error",
                                       "said": '[@cnsa "the far side is always dark"]'})()}
    standard = CitationStandard(error_passages=error_passages(notes, SOURCES))
    value = FieldValue(TEXT, (cited("Dark", ("cnsa", "the far side is always dark"),
                                    ("cnsa", "the far side of the Moon"), ("cnsa", "landed")),), 7)
    problems = check(value, standard)
    assert any("is 1 word" in p for p in problems)
    assert any("matches more than one place" in p for p in problems)
    assert any("note 'dark'" in p for p in problems)


def test_off_without_the_setting() -> None:
    bad = FieldValue(TEXT, (cited("5 instruments", ("cnsa", "It carried four scientific instruments")),), 7)
    assert check(bad, CitationStandard(enabled=False)) == []


def test_a_disagreement_may_quote_the_error_it_explains() -> None:
    """What another source says is shown as that source's words, error and all; only the site's
    own value and its explanation must not lean on a passage a note calls wrong. The explanation
    may restate the other value (its figures are in the other value's quotes)."""
    notes = {"dark": type("Note", (), {"id": "dark", "kind": "error",
                                       "said": '[@cnsa "the far side is always dark"]'})()}
    standard = CitationStandard(error_passages=error_passages(notes, SOURCES))
    other = cited("Always dark", ("cnsa", "the far side is always dark"))
    why = cited("The far side has day and night; 4 instruments worked there",
                ("cnsa", "It carried four scientific instruments"))
    value = FieldValue(TEXT, (cited("4 instruments", ("cnsa", "It carried four scientific instruments")),), 7,
                       disagreement=Disagreement((other,), why))
    assert check(value, standard) == []
    leaning = FieldValue(TEXT, (cited("Always dark", ("cnsa", "the far side is always dark")),), 7)
    assert any("note 'dark'" in p for p in check(leaning, standard))
    restating = FieldValue(TEXT, (cited("4 instruments", ("cnsa", "It carried four scientific instruments")),), 7,
                           disagreement=Disagreement((cited("landed at 0226 GMT", ("cnsa", "landed on January 3, 2019 at 0226 GMT")),),
                                                     cited("Not 02:26 UTC but later", ("cnsa", "It carried four scientific instruments"))))
    assert check(restating, standard) == [], "the explanation may repeat the other value's figures"
