"""Load and check `data/missions/<id>.yaml` against the mission schema and the sources.

Every value carries its citations as the Markdown does (`[@source-id "exact words"]`),
and they are checked by the same code, so a bad quote reads the same wherever it is.
Problems go to the build's ErrorLog as `path:line: what is wrong`; a mission with any
problem is left out, and loading carries on so the build lists every problem at once.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ..citations import CitableSource, CitationSyntaxError, CitationUse, split_citations
from ..citations.syntax import verify_cite  # the Markdown's own check, so messages match
from ..errors import BuildError, ErrorLog
from ..yamldata import LocatedData, dotted, load_yaml, suggest
from .model import BEIJING, Cited, Disagreement, Event, FieldSpec, FieldValue, Mission, MissionData, Moment

SCHEMA_NAME = "mission.schema.json"
MISSION_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WHEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
_TYPE_WORDS = {"string": "text", "object": "'key: value' lines", "array": "a list", "number": "a number",
               "integer": "a whole number", "boolean": "true or false", "null": "empty"}

Where = tuple[Any, ...]


@lru_cache(maxsize=4)
def _schema(path: Path) -> tuple[jsonschema.protocols.Validator, tuple[FieldSpec, ...]]:
    """The compiled schema and the field catalogue it describes (row order = schema order)."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    fields = tuple(
        FieldSpec(name=name, label=spec["title"], group=spec["x-group"], kind=spec["x-kind"],
                  key_fact=bool(spec.get("x-key-fact")), event=spec.get("x-event"))
        for name, spec in schema["properties"].items() if "x-kind" in spec
    )
    return cls(schema), fields


def load_missions(folder: Path, schema_path: Path, sources: Mapping[str, CitableSource],
                  log: ErrorLog) -> MissionData:
    """Every valid mission, in launch order; problems go to ``log`` (never raises for bad data)."""
    validator, fields = _schema(schema_path)
    missions: list[Mission] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.name.lower().startswith("readme"):
                continue
            if path.suffix != ".yaml" or not path.is_file():
                log.add(path, None, "not a mission file; write each mission as data/missions/<id>.yaml")
                continue
            mission = _MissionLoader(path, validator, fields, sources, log).load()
            if mission is not None:
                missions.append(mission)
    ordered = sorted(missions, key=lambda m: m.sort_key)
    return MissionData({m.id: m for m in ordered}, fields)


class _MissionLoader:
    """Checks one mission file; each problem is recorded and the mission dropped at the end."""

    def __init__(self, path: Path, validator: Any, fields: tuple[FieldSpec, ...],
                 sources: Mapping[str, CitableSource], log: ErrorLog):
        self.path, self.validator, self.fields, self.sources, self.log = path, validator, fields, sources, log
        self.shown = log.display_path(path)
        self.failed = False
        self.located = LocatedData(None, {})
        self.name = path.stem

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
        values: dict[str, FieldValue] = {}
        for spec in self.fields:
            if spec.name in data and spec.name not in bad_fields:
                value = self._field(spec, data[spec.name])
                if value is not None:
                    values[spec.name] = value
        events = self._events(data.get("events") if "events" not in bad_fields else None, values)
        if self.failed:
            return None
        return Mission(id=self.path.stem, name=self.name, path=self.shown, values=values, events=events)

    # -- reading and the schema -------------------------------------------------------------

    def _read(self) -> LocatedData | None:
        try:
            located = load_yaml(self.path, self.shown)
        except BuildError as error:
            self.error(error.line, error.message)
            return None
        except ValueError as exc:  # YAML accepted an unquoted date it cannot build, like 2018-02-30
            line = _bad_timestamp_line(self.path.read_text(encoding="utf-8"))
            self.error(line, f"not a real date ({exc}); write dates as YYYY-MM-DD HH:MM")
            return None
        return LocatedData(_dates_as_text(located.data), located.lines)

    def _check_schema(self, data: dict[str, Any]) -> set[str]:
        """Report every schema problem; return the top-level fields that have one."""
        bad: set[str] = set()
        problems = sorted(self.validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
        for problem in problems:
            for where, message in self._describe(problem):
                self.error(self.located.line(*where), message)
                bad.add(str(where[0]) if where else "")
        return bad

    def _describe(self, problem: jsonschema.ValidationError) -> list[tuple[Where, str]]:
        at: Where = tuple(problem.absolute_path)
        name, value, schema, kind = dotted(at), problem.instance, problem.schema, problem.validator
        if kind == "required":
            missing = [key for key in problem.validator_value if key not in value]
            messages = []
            for key in missing:
                if key == "name" and not at:
                    messages.append((at, "name: missing; every mission needs a name (its column heading): "
                                         "add 'name: ...'"))
                elif key == "cite":
                    messages.append((at, f"{name}: value has no citation; add 'cite: [@source-id \"exact words\"]'"))
                else:
                    messages.append((at, f"{dotted(at + (key,))}: missing; add '{key}: ...'"))
            return messages
        if kind == "additionalProperties":
            known = list(schema.get("properties", {}))
            return [(at + (key,), f"{dotted(at + (key,))}: unknown field; {suggest(str(key), known)}")
                    for key in value if key not in known]
        if kind == "anyOf":
            if isinstance(value, dict):  # the 'value:/disagreement:' form: report what is wrong inside it
                inner = [e for e in problem.context if e.relative_schema_path[0] == 1]
                return [m for e in inner for m in self._describe(e)]
            return [(at, f"{name}: {schema.get('x-hint', problem.message)}")]
        if kind == "type":
            expected = problem.validator_value if isinstance(problem.validator_value, list) else [problem.validator_value]
            words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
            hint = f"; {schema['x-hint']}" if "x-hint" in schema else ""
            return [(at, f"{name}: must be {words}, not {value!r}{hint}")]
        if kind == "pattern" and "YYYY" in schema.get("x-hint", ""):
            return [(at, f"{name}: '{value}' is not a date and time; {schema['x-hint']}")]
        if kind == "pattern":
            what = "is empty" if not str(value).strip() else f"{value!r} is not valid"
            return [(at, f"{name}: {what}; {schema.get('x-hint', problem.message)}")]
        if kind in ("minimum", "maximum"):
            return [(at, f"{name}: {value} is out of range {schema.get('minimum')} to {schema.get('maximum')} "
                         f"({schema.get('x-hint', '')})")]
        if kind == "minItems":
            return [(at, f"{name}: is empty; {schema.get('x-hint', 'give at least one entry')}")]
        return [(at, f"{name}: {problem.message}")]

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
        utc = self._when(raw.get("utc"), where + ("utc",), dt.timezone.utc)
        beijing = self._when(raw.get("beijing"), where + ("beijing",), BEIJING)
        if utc is None and beijing is None:
            if "utc" not in raw and "beijing" not in raw:
                self.error(self.located.line(*where), f"{dotted(where)}: needs a date: add 'utc: YYYY-MM-DD HH:MM' "
                                                      "or 'beijing: YYYY-MM-DD HH:MM'")
            return None
        if isinstance(utc, dt.datetime) and isinstance(beijing, dt.datetime):
            if utc != beijing:
                self.error(self.located.line(*where, "beijing"),
                           f"{dotted(where + ('beijing',))}: {beijing:%Y-%m-%d %H:%M} is not the same moment as utc "
                           f"{utc:%Y-%m-%d %H:%M} (Beijing time is UTC + 8 hours, so it would be "
                           f"{utc.astimezone(BEIJING):%Y-%m-%d %H:%M}); correct one, or give only one")
                return None
        if isinstance(utc, dt.datetime) and beijing is None:
            beijing = utc.astimezone(BEIJING)
        elif isinstance(beijing, dt.datetime) and utc is None:
            utc = beijing.astimezone(dt.timezone.utc)
        return Moment(utc, beijing)

    def _when(self, raw: str | None, where: Where, zone: dt.tzinfo) -> dt.datetime | dt.date | None:
        if raw is None:
            return None
        match = WHEN.match(raw)
        try:
            assert match is not None  # the schema has already checked the shape
            year, month, day, hour, minute, second = match.groups()
            if hour is None:
                return dt.date(int(year), int(month), int(day))
            return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone)
        except (AssertionError, ValueError):
            self.error(self.located.line(*where), f"{dotted(where)}: '{raw}' is not a real date and time; write "
                                                  "YYYY-MM-DD HH:MM (24-hour clock)")
            return None

    def _events(self, raw: list[dict[str, Any]] | None, values: dict[str, FieldValue]) -> tuple[Event, ...]:
        words = _Words({name: value.text for name, value in values.items()}, mission=self.name)
        events = [Event(self.path.stem, value.moment,
                        Cited(value.spec.event.format_map(words), value.parts[0].cites, value.line), value.spec.name)
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
    if moment.beijing is not None:
        shown.append(one(moment.beijing, "Beijing time"))
    return f"{shown[0]} ({shown[1]})" if len(shown) == 2 else shown[0]


def format_place(latitude: float, longitude: float) -> str:
    """'45.457° S, 177.589° E', with the decimals the data gives."""
    def one(value: float, positive: str, negative: str) -> str:
        return f"{abs(value)}° {positive if value >= 0 else negative}"
    return f"{one(latitude, 'N', 'S')}, {one(longitude, 'E', 'W')}"


def _dates_as_text(value: Any) -> Any:
    """YAML turns unquoted dates into objects; the schema checks dates as text, quoted or not."""
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _bad_timestamp_line(text: str) -> int:
    """The line of the first unquoted date YAML recognises but cannot build."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 1
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for pair in node.value for value in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return 1


class _Words(dict):  # type: ignore[type-arg]
    """Field texts for an x-event wording; a field the mission lacks reads as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:57] + "..."




__all__ = ["load_missions", "split_citations", "format_moment", "format_place", "CitationUse"]
