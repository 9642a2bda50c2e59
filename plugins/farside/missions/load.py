"""Load and check `data/missions/<id>.yaml` against the mission schema and the sources.

Every value carries its citations as the Markdown does (`[@source-id "exact words"]`),
and they are checked by the same code, so a bad quote reads the same wherever it is.
Problems go to the build's ErrorLog as `path:line: what is wrong`; a mission with any
problem is left out, and loading carries on so the build lists every problem at once.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import jsonschema

from ..citations import CitableSource, CitationSyntaxError, CitationUse, split_citations
from ..citations.syntax import verify_cite  # the Markdown's own check, so messages match
from ..editordata import LocatedData, Where, check, dotted, load_schema, load_yaml
from ..errors import BuildError, ErrorLog
from .model import Cited, Clock, Disagreement, Event, FieldSpec, FieldValue, Mission, MissionData, Moment

SCHEMA_NAME = "mission.schema.json"
MISSION_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIRST_YEAR, LAST_YEAR = 1900, 2199  # wider than any mission; far from datetime's limits
MOMENT_KEYS = ("time", "utc_date", "local_date")
UTC_OFFSET = dt.timedelta(0)


def _schema(path: Path) -> tuple[jsonschema.protocols.Validator, tuple[FieldSpec, ...], dict[str, str]]:
    """The compiled schema, the field catalogue it describes (row order = schema order), and the
    words for the side of the Moon a mission lands on."""
    validator = load_schema(path)
    properties: dict[str, Any] = dict(validator.schema)["properties"] if isinstance(validator.schema, Mapping) else {}
    fields = tuple(
        FieldSpec(name=name, label=spec["title"], group=spec["x-group"], kind=spec["x-kind"],
                  key_fact=bool(spec.get("x-key-fact")), event=_wordings(spec.get("x-event")))
        for name, spec in properties.items() if "x-kind" in spec
    )
    sides = dict(properties.get("landing_coordinates", {}).get("x-landing-side", {}))
    return validator, fields, sides


def _wordings(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def load_missions(folder: Path, schema_path: Path, sources: Mapping[str, CitableSource],
                  log: ErrorLog) -> MissionData:
    """Every valid mission, in launch order; problems go to ``log`` (never raises for bad data)."""
    validator, fields, sides = _schema(schema_path)
    missions: list[Mission] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.name.lower().startswith("readme"):
                continue
            if path.suffix != ".yaml" or not path.is_file():
                log.add(path, None, "not a mission file; write each mission as data/missions/<id>.yaml")
                continue
            mission = _MissionLoader(path, validator, fields, sources, log, sides).load()
            if mission is not None:
                missions.append(mission)
    ordered = sorted(missions, key=lambda m: m.sort_key)
    return MissionData({m.id: m for m in ordered}, fields)


class _MissionLoader:
    """Checks one mission file; each problem is recorded and the mission dropped at the end."""

    def __init__(self, path: Path, validator: Any, fields: tuple[FieldSpec, ...],
                 sources: Mapping[str, CitableSource], log: ErrorLog, sides: Mapping[str, str]):
        self.path, self.validator, self.fields, self.sources, self.log = path, validator, fields, sources, log
        self.sides = sides
        self.shown = log.display_path(path)
        self.failed = False
        self.located = LocatedData(None, {})
        self.name = path.stem
        self.clock: Clock | None = None

    def error(self, line: int | None, message: str) -> None:
        self.failed = True
        self.log.add(self.shown, line, message)

    def load(self) -> Mission | None:
        if not MISSION_ID.match(self.path.stem):
            self.error(1, f"file name '{self.path.name}' must be the mission's id: lowercase letters, digits "
                          "and single hyphens, like change-4.yaml")
        located = self._read()
        if located is None:
            return None
        self.located = located
        data = located.data
        if not isinstance(data, dict):
            self.error(1, "a mission must be 'field: value' lines (name: ..., launch: ...), not a list or a single value")
            return None
        bad_fields = self._check_schema(data)
        if isinstance(data.get("name"), str) and data["name"].strip():
            self.name = data["name"].strip()
        if "local_zone" not in bad_fields and "local_time_name" not in bad_fields:
            self.clock = self._clock(data)
        values: dict[str, FieldValue] = {}
        for spec in self.fields:
            if spec.name in data and spec.name not in bad_fields:
                value = self._field(spec, data[spec.name])
                if value is not None:
                    values[spec.name] = value
        events = self._events(data.get("events") if "events" not in bad_fields else None, values)
        if self.failed:
            return None
        return Mission(id=self.path.stem, name=self.name, path=self.shown, values=values, events=events,
                       clock=self.clock)

    # -- reading and the schema -------------------------------------------------------------

    def _read(self) -> LocatedData | None:
        try:
            return load_yaml(self.path, self.shown)
        except BuildError as error:
            self.error(error.line, error.message)
            return None

    def _check_schema(self, data: dict[str, Any]) -> set[str]:
        """Report every schema problem; return the top-level fields that have one."""
        bad: set[str] = set()
        for problem in check(self.validator, data):
            message = problem.message
            if message.startswith("name: missing"):
                message = "name: missing; every mission needs a name (its column heading): add 'name: ...'"
            elif message.endswith(".cite: missing; add 'cite: ...'") or message == "cite: missing; add 'cite: ...'":
                name = dotted(problem.where)
                message = f"{name}: value has no citation; add 'cite: [@source-id \"exact words\"]'"
            self.error(self.located.line(*problem.where), message)
            bad.add(str(problem.where[0]) if problem.where else "")
        return bad

    def _clock(self, data: dict[str, Any]) -> Clock | None:
        zone = data.get("local_zone")
        if zone is None:
            if "local_time_name" in data:
                self.error(self.located.line("local_time_name"), "local_time_name: names a clock, but the mission "
                                                                 "has no 'local_zone: Area/City' to go with it")
            return None
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            near = difflib.get_close_matches(zone, sorted(available_timezones()), n=1, cutoff=0.8)
            fix = f"did you mean '{near[0]}'?" if near else ("zones are named Area/City after one city of the "
                                                              "zone, like Asia/Shanghai (all of China) or Europe/Moscow")
            self.error(self.located.line("local_zone"), f"local_zone: '{zone}' is not an IANA time zone; {fix}")
            return None
        default = zone.rsplit("/", 1)[-1].replace("_", " ") + " time"
        return Clock(zone, str(data.get("local_time_name") or default))

    # -- values ---------------------------------------------------------------------------

    def _field(self, spec: FieldSpec, raw: Any) -> FieldValue | None:
        where: Where = (spec.name,)
        line = self.located.line(*where)
        if spec.kind == "text":
            body = raw if isinstance(raw, dict) else {"value": raw}
            value_where = where + ("value",) if isinstance(raw, dict) else where
            part = self._cited(body["value"], value_where, spec.label)
            disagreement = self._disagreement(body.get("disagreement"), where + ("disagreement",), spec.label)
            if part is None:
                return None
            return FieldValue(spec, (part,), line, disagreement=disagreement)
        if spec.kind == "list":
            parts = [self._cited(item, where + (index,), spec.label) for index, item in enumerate(raw)]
            if any(part is None for part in parts):
                return None
            return FieldValue(spec, tuple(p for p in parts if p is not None), line)
        if spec.kind == "moment":
            moment = self._moment(raw, where)
            cites = self._cited(raw["cite"], where + ("cite",), spec.label, needs_text=False)
            disagreement = self._disagreement(raw.get("disagreement"), where + ("disagreement",), spec.label)
            if moment is None or cites is None:
                return None
            return FieldValue(spec, (Cited(format_moment(moment), cites.cites, cites.line),), line, moment=moment,
                              disagreement=disagreement)
        if spec.kind == "place":
            cites = self._cited(raw["cite"], where + ("cite",), spec.label, needs_text=False)
            disagreement = self._disagreement(raw.get("disagreement"), where + ("disagreement",), spec.label)
            if cites is None:
                return None
            latitude, longitude = float(raw["latitude"]), float(raw["longitude"])
            return FieldValue(spec, (Cited(format_place(latitude, longitude), cites.cites, cites.line),), line,
                              latitude=latitude, longitude=longitude, disagreement=disagreement)
        raise ValueError(f"{SCHEMA_NAME}: unknown x-kind {spec.kind!r} for {spec.name}")

    def _cited(self, raw: str, where: Where, label: str, needs_text: bool = True,
               needs_cite: bool = True) -> Cited | None:
        """Split ``raw`` into its text and its citations, and check every quote in its source."""
        line = self.located.text_line(*where)
        name = dotted(where)
        try:
            text, cites = split_citations(raw)
        except CitationSyntaxError as problem:
            self.error(line, f"{name}: {problem}")
            return None
        if not cites and needs_cite:
            self.error(line, f"{name}: {_short(raw)!r} has no citation; add the source's exact words after it: "
                             f"[@source-id \"exact words\"]")
            return None
        if needs_text and not text:
            self.error(line, f"{name}: has a citation but no value; write the value before the citation")
            return None
        claim = f"{self.name}, {label.lower()}: {text}" if text else f"{self.name}, {label.lower()}"
        errors: list[BuildError] = []
        uses = [verify_cite(cite, self.sources, self.shown, line, claim, errors) for cite in cites]
        for error in errors:
            self.error(error.line, error.message)
        if errors:
            return None
        return Cited(text, tuple(use for use in uses if use is not None), line)

    def _disagreement(self, raw: Any, where: Where, label: str) -> Disagreement | None:
        if raw is None:
            return None
        values = [self._cited(item, where + ("values", index), label) for index, item in enumerate(raw["values"])]
        why = self._cited(raw["why"], where + ("why",), label, needs_cite=False)
        if why is None or any(value is None for value in values):
            return None
        return Disagreement(tuple(v for v in values if v is not None), why)

    def _moment(self, raw: dict[str, Any], where: Where) -> Moment | None:
        given = [key for key in MOMENT_KEYS if key in raw]
        if len(given) != 1:
            self.error(self.located.line(*where), f"{dotted(where)}: " + (
                "needs a date: add 'time: YYYY-MM-DDTHH:MM+HH:MM' (ISO 8601 with its offset; Z for UTC), "
                "or 'utc_date:' or 'local_date: YYYY-MM-DD' when no time is known" if not given else
                f"give one of {', '.join(given)}, not both"))
            return None
        key = given[0]
        at, text = where + (key,), str(raw[key])
        line = self.located.line(*at)
        if key != "time":
            day = self._day(text, at)
            if day is None:
                return None
            if key == "local_date":
                if self.clock is None:
                    self.error(line, f"{dotted(at)}: a local date needs the mission's clock; add "
                                     "'local_zone: Area/City' (like Asia/Shanghai) at the top of the file")
                    return None
                return Moment(None, day, self.clock)
            return Moment(day, None, self.clock)
        try:
            instant = dt.datetime.fromisoformat(text)
        except ValueError:
            self.error(line, f"{dotted(at)}: '{text}' is not a real date and time; write an ISO 8601 time with its "
                             "offset, like 2018-12-07T18:23Z (24-hour clock)")
            return None
        if not self._in_range(instant.year, at):
            return None
        offset = instant.utcoffset()
        utc = instant.astimezone(dt.UTC)
        local = None
        if self.clock is not None:
            local = utc.astimezone(ZoneInfo(self.clock.zone))
            if offset not in (UTC_OFFSET, local.utcoffset()):
                self.error(line, f"{dotted(at)}: {text} is not on the mission's clock: {self.clock.zone} was "
                                 f"UTC{_offset(local.utcoffset())} then, so it is {local:%Y-%m-%dT%H:%M}"
                                 f"{_offset(local.utcoffset())} ({utc:%Y-%m-%dT%H:%M}Z); correct the time or the offset")
                return None
        elif offset != UTC_OFFSET:
            self.error(line, f"{dotted(at)}: {text} is a local time, but the mission has no clock; add "
                             "'local_zone: Area/City' (like Asia/Shanghai) at the top of the file, or give the time "
                             "in UTC (ending in Z)")
            return None
        return Moment(utc, local, self.clock)

    def _day(self, text: str, at: Where) -> dt.date | None:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            self.error(self.located.line(*at), f"{dotted(at)}: '{text}' is not a real date; write YYYY-MM-DD")
            return None
        return day if self._in_range(day.year, at) else None

    def _in_range(self, year: int, at: Where) -> bool:
        if FIRST_YEAR <= year <= LAST_YEAR:
            return True
        self.error(self.located.line(*at), f"{dotted(at)}: year {year} is outside {FIRST_YEAR} to {LAST_YEAR}; "
                                           "check the date")
        return False

    def _events(self, raw: list[dict[str, Any]] | None, values: dict[str, FieldValue]) -> tuple[Event, ...]:
        words = {name: value.text for name, value in values.items()}
        words["mission"] = self.name
        place = values.get("landing_coordinates")
        if place is not None and place.longitude is not None:
            side = self.sides.get("far" if abs(place.longitude) > 90 else "near")
            if side:
                words["landing_side"] = side
        events = [Event(self.path.stem, value.moment,
                        Cited(_worded(value.spec.event, words), value.parts[0].cites, value.line), value.spec.name)
                  for value in values.values() if value.spec.event and value.moment is not None]
        for index, entry in enumerate(raw or []):
            where: Where = ("events", index)
            moment = self._moment(entry, where)
            what = self._cited(entry["what"], where + ("what",), "event")
            if moment is not None and what is not None:
                events.append(Event(self.path.stem, moment, what))
        return tuple(events)


# -- helpers shared with the exports ------------------------------------------------------

def format_moment(moment: Moment) -> str:
    """'7 December 2018, 18:23 UTC (8 December 2018, 02:23 Beijing time)'."""
    def one(value: dt.datetime | dt.date, clock: str) -> str:
        day = f"{value.day} {value:%B %Y}"
        return f"{day}, {value:%H:%M} {clock}" if isinstance(value, dt.datetime) else f"{day} ({clock} date)"

    shown = []
    if moment.utc is not None:
        shown.append(one(moment.utc, "UTC"))
    if moment.local is not None and moment.clock is not None:
        shown.append(one(moment.local, moment.clock.name))
    return f"{shown[0]} ({shown[1]})" if len(shown) == 2 else shown[0]


def format_place(latitude: float, longitude: float) -> str:
    """'45.457° S, 177.589° E', with the decimals the data gives."""
    def one(value: float, positive: str, negative: str) -> str:
        return f"{abs(value)}° {positive if value >= 0 else negative}"
    return f"{one(latitude, 'N', 'S')}, {one(longitude, 'E', 'W')}"


def _worded(wordings: tuple[str, ...], words: Mapping[str, str]) -> str:
    """The first wording whose every {field} the mission has (the last one should need none)."""
    fields = re.compile(r"\{(\w+)\}")
    for wording in wordings:
        if all(words.get(name) for name in fields.findall(wording)):
            return fields.sub(lambda match: words[match.group(1)], wording)
    return fields.sub(lambda match: words.get(match.group(1), ""), wordings[-1])


def _offset(delta: dt.timedelta | None) -> str:
    minutes = int((delta or UTC_OFFSET).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:57] + "..."




__all__ = ["CitationUse", "format_moment", "format_place", "load_missions", "split_citations"]
