"""What the comparison, timeline and key-facts templates show, with numbered citation marks.

Marks join the numbering of the page they are on (PageCitations from the Markdown reader),
so a page has one References section and every mark links to its passage there. Values
stay plain text, escaped by the templates; marks are markup built by the citation engine.
Nothing here imports Pelican.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from ..citations import CitableSource, CitationUse, PageCitations
from ..citations.render import render_marks
from .model import Cited, Event, FieldSpec, FieldValue, Mission, MissionData, Moment


class PageNumbering:
    """Adds cites to a page's citations with the reader's numbering (PageCitations.place)."""

    def __init__(self, page: PageCitations, sources: Mapping[str, CitableSource], templates: Environment | None = None):
        self.page, self.sources, self.templates = page, sources, templates

    def marks(self, cites: Sequence[CitationUse]) -> Markup:
        placed = self.page.place([dataclasses.replace(use) for use in cites], self.sources)
        return render_marks(placed, self.page.sources, self.templates)  # the theme's citation-marks template


@dataclass(frozen=True)
class Shown:
    """Text (escaped by the template) followed by its citation marks."""

    text: str
    marks: Markup


@dataclass(frozen=True)
class Cell:
    mission: Mission
    parts: tuple[Shown, ...]  # empty: the mission has no value for this field
    is_list: bool = False
    datetime_utc: str | None = None  # for <time datetime="...">
    differs: str | None = None  # id of the disagreement note, when sources differ
    clocks: tuple[str, ...] = ()  # a moment on two clocks: ("7 December 2018, 18:23 UTC", "... Beijing time")


@dataclass(frozen=True)
class Row:
    spec: FieldSpec
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Group:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class DisagreementView:
    """One place where sources differ: what the site takes, what others say, and why."""

    anchor: str
    mission: Mission
    spec: FieldSpec
    taken: Shown
    others: tuple[Shown, ...]
    why: Shown


@dataclass(frozen=True)
class ComparisonView:
    missions: tuple[Mission, ...]
    groups: tuple[Group, ...]
    disagreements: tuple[DisagreementView, ...]
    page_urls: Mapping[str, str]  # mission id -> its page's URL, for the column headings


def differs_anchor(mission: Mission, spec: FieldSpec) -> str:
    return f"differs-{mission.id}-{spec.name.replace('_', '-')}"


def _shown(cited: Cited, numbering: PageNumbering) -> Shown:
    return Shown(cited.text, numbering.marks(cited.cites))


def _cell(mission: Mission, value: FieldValue | None, numbering: PageNumbering) -> Cell:
    if value is None:
        return Cell(mission, ())
    utc = value.moment.iso("utc") if value.moment is not None else None
    return Cell(mission, tuple(_shown(part, numbering) for part in value.parts), value.spec.kind == "list",
                utc, differs_anchor(mission, value.spec) if value.disagreement else None, _clocks(value))


def comparison_view(data: MissionData, numbering: PageNumbering,
                    page_urls: Mapping[str, str] | None = None) -> ComparisonView:
    """Rows in schema order, missions in launch order; marks numbered row by row, then the notes."""
    missions = tuple(data.missions.values())
    groups = tuple(
        Group(title, tuple(Row(spec, tuple(_cell(m, m.values.get(spec.name), numbering) for m in missions))
                           for spec in specs))
        for title, specs in data.groups()
    )
    notes = []
    for spec in data.fields:
        for mission in missions:
            value = mission.values.get(spec.name)
            if value is None or value.disagreement is None:
                continue
            notes.append(DisagreementView(
                differs_anchor(mission, spec), mission, spec,
                taken=Shown(value.text, numbering.marks([c for p in value.parts for c in p.cites])),
                others=tuple(_shown(other, numbering) for other in value.disagreement.values),
                why=_shown(value.disagreement.why, numbering)))
    return ComparisonView(missions, groups, tuple(notes), dict(page_urls or {}))


@dataclass(frozen=True)
class KeyFact:
    spec: FieldSpec
    parts: tuple[Shown, ...]
    datetime_utc: str | None
    differs: str | None  # anchor of the disagreement on the comparison page
    clocks: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyFactsView:
    mission: Mission
    facts: tuple[KeyFact, ...]


def key_facts_view(data: MissionData, mission: Mission, numbering: PageNumbering) -> KeyFactsView:
    facts = []
    for spec in data.fields:
        value = mission.values.get(spec.name)
        if not spec.key_fact or value is None:
            continue
        facts.append(KeyFact(spec, tuple(_shown(part, numbering) for part in value.parts),
                             value.moment.iso("utc") if value.moment else None,
                             differs_anchor(mission, spec) if value.disagreement else None, _clocks(value)))
    return KeyFactsView(mission, tuple(facts))


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    mission: Mission
    what: Shown
    when_utc: str | None  # "7 December 2018, 18:23 UTC"
    when_local: str | None  # "8 December 2018, 02:23 Beijing time": the mission's own clock
    datetime_utc: str
    differs: str | None  # anchor on the comparison page when sources differ


@dataclass(frozen=True)
class TimelineYear:
    year: int
    entries: tuple[TimelineEntry, ...]


def timeline_view(data: MissionData, numbering: PageNumbering) -> tuple[TimelineYear, ...]:
    """Every dated moment of every mission in time order, grouped by (UTC) year."""
    years: dict[int, list[TimelineEntry]] = {}
    for event in data.events():
        mission = data.missions[event.mission_id]
        moment = event.moment
        value = mission.values.get(event.field) if event.field else None
        differs = differs_anchor(mission, value.spec) if value is not None and value.disagreement else None
        entry = TimelineEntry(event, mission, _shown(event.what, numbering),
                              _clock(moment.utc, "UTC"), _local_clock(moment),
                              moment.iso("utc") or moment.iso("local") or "", differs)
        years.setdefault(moment.sort_key().year, []).append(entry)
    return tuple(TimelineYear(year, tuple(entries)) for year, entries in sorted(years.items()))


def _clocks(value: FieldValue) -> tuple[str, ...]:
    if value.moment is None:
        return ()
    return tuple(c for c in (_clock(value.moment.utc, "UTC"), _local_clock(value.moment)) if c)


def _local_clock(moment: Moment) -> str | None:
    return _clock(moment.local, moment.clock.name) if moment.clock is not None else None


def _clock(value: object, clock: str) -> str | None:
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%B %Y}, {value:%H:%M} {clock}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y} ({clock} date)"
    return None
