"""What mission data is once loaded and checked: plain values with their verified citations.

Nothing here imports Pelican. A value's citations are kept as CitationUse templates
(verified once, number 0); a page copies and numbers them when it shows the value.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..citations import CitationUse

BEIJING = dt.timezone(dt.timedelta(hours=8), "Beijing")


@dataclass(frozen=True)
class FieldSpec:
    """One row of the comparison, as data/schemas/mission.schema.json describes it."""

    name: str
    label: str
    group: str
    kind: str  # text | list | moment | place
    key_fact: bool = False
    event: str | None = None  # timeline wording, e.g. "launched"


@dataclass(frozen=True)
class Cited:
    """Text as shown to a reader and the checked citations behind it."""

    text: str
    cites: tuple[CitationUse, ...]
    line: int


@dataclass(frozen=True)
class Moment:
    """A date, with a time when the sources give one, in UTC and Beijing time.

    Sources write one clock or the other; the other is worked out (Beijing = UTC + 8 h)
    when the time is known. A date without a time stays on the clock it was given in.
    """

    utc: dt.datetime | dt.date | None
    beijing: dt.datetime | dt.date | None

    @property
    def has_time(self) -> bool:
        return isinstance(self.utc or self.beijing, dt.datetime)

    def sort_key(self) -> dt.datetime:
        if isinstance(self.utc, dt.datetime):
            return self.utc
        if isinstance(self.beijing, dt.datetime):
            return self.beijing.astimezone(dt.timezone.utc)
        day = self.utc or self.beijing
        assert day is not None
        zone = dt.timezone.utc if self.utc else BEIJING
        return dt.datetime(day.year, day.month, day.day, 12, tzinfo=zone).astimezone(dt.timezone.utc)

    def iso(self, which: str) -> str | None:
        value = getattr(self, which)
        if value is None:
            return None
        return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()


@dataclass(frozen=True)
class Disagreement:
    """Other values that cited sources give, and why the site takes its own."""

    values: tuple[Cited, ...]
    why: Cited


@dataclass(frozen=True)
class FieldValue:
    """One mission's value for one field: what is shown, its citations, and any structure."""

    spec: FieldSpec
    parts: tuple[Cited, ...]  # one for most kinds; one per item for a list
    line: int
    moment: Moment | None = None
    latitude: float | None = None
    longitude: float | None = None
    disagreement: Disagreement | None = None

    @property
    def text(self) -> str:
        return "; ".join(part.text for part in self.parts)


@dataclass(frozen=True)
class Event:
    """A dated moment on the timeline."""

    mission_id: str
    moment: Moment
    what: Cited
    field: str | None = None  # the comparison field it comes from, if any


@dataclass(frozen=True)
class Mission:
    id: str
    name: str
    path: str  # as shown in error messages
    values: dict[str, FieldValue] = field(hash=False)
    events: tuple[Event, ...] = ()

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        launch = self.values.get("launch")
        when = launch.moment.sort_key() if launch and launch.moment else dt.datetime.max.replace(tzinfo=dt.timezone.utc)
        return when, self.id


@dataclass(frozen=True)
class MissionData:
    """Every mission (in launch order) and the fields they may have (in row order)."""

    missions: dict[str, Mission]
    fields: tuple[FieldSpec, ...]

    def groups(self) -> list[tuple[str, list[FieldSpec]]]:
        """Fields grouped under their headings, keeping schema order; unused fields are left out."""
        grouped: dict[str, list[FieldSpec]] = {}
        for spec in self.fields:
            if any(spec.name in mission.values for mission in self.missions.values()):
                grouped.setdefault(spec.group, []).append(spec)
        return list(grouped.items())

    def events(self) -> list[Event]:
        every = [event for mission in self.missions.values() for event in mission.events]
        return sorted(every, key=lambda event: (event.moment.sort_key(), event.mission_id))
