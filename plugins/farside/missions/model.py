"""What mission data is once loaded and checked: plain values with their verified citations.

Nothing here imports Pelican. A value's citations are kept as CitationUse templates
(verified once, number 0); a page copies and numbers them when it shows the value.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ..citations import CitationUse


@dataclass(frozen=True)
class FieldSpec:
    """One row of the comparison, as data/schemas/mission.schema.json describes it."""

    name: str
    label: str
    group: str
    kind: str  # text | list | moment | place
    key_fact: bool = False
    event: tuple[str, ...] = ()  # timeline wordings, best first: the first whose fields the mission has


@dataclass(frozen=True)
class Cited:
    """Text as shown to a reader and the checked citations behind it."""

    text: str
    cites: tuple[CitationUse, ...]
    line: int


@dataclass(frozen=True)
class Clock:
    """A mission's local clock: an IANA zone and the name a reader knows it by."""

    zone: str  # "Asia/Shanghai"
    name: str  # "Beijing time"


@dataclass(frozen=True)
class Moment:
    """A date, with a time when the sources give one, in UTC and on the mission's local clock.

    An instant (a time with its offset) is shown on both clocks; the local one is worked out
    from the IANA zone. A date without a time stays on the clock it was given in.
    """

    utc: dt.datetime | dt.date | None
    local: dt.datetime | dt.date | None
    clock: Clock | None = None

    @property
    def has_time(self) -> bool:
        return isinstance(self.utc or self.local, dt.datetime)

    def sort_key(self) -> dt.datetime:
        if isinstance(self.utc, dt.datetime):
            return self.utc
        if isinstance(self.local, dt.datetime):
            return self.local.astimezone(dt.UTC)
        day = self.utc or self.local
        assert day is not None
        noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
        if self.local is not None and self.clock is not None:
            local_noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(self.clock.zone))
            return local_noon.astimezone(dt.UTC)
        return noon

    def iso(self, which: str) -> str | None:
        """ISO 8601 text of the 'utc' or 'local' value (with its offset when it has a time)."""
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
    clock: Clock | None = field(default=None, kw_only=True)
    values: dict[str, FieldValue] = field(hash=False)
    events: tuple[Event, ...] = ()

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        launch = self.values.get("launch")
        when = launch.moment.sort_key() if launch and launch.moment else dt.datetime.max.replace(tzinfo=dt.UTC)
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
