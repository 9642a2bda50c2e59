"""The comparison as downloads: comparison.csv (one row per citation) and comparison.json.

Both carry, for every value, the source id, the exact quote, the passage it matched and the
source's title, publisher and address, so a reader can check the data without the site.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from ..citations import CitableSource, CitationUse
from .model import Cited, FieldValue, MissionData, Moment

CSV_COLUMNS = ("mission_id", "mission", "group", "field", "label", "status", "value", "utc", "local", "local_zone",
               "latitude", "longitude", "source_id", "quote", "source_title", "source_publisher", "source_url", "why")
# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _citation(use: CitationUse, sources: Mapping[str, CitableSource]) -> dict[str, Any]:
    source = sources[use.source_id]
    return {"source_id": use.source_id, "quote": use.quote, "passage": use.passage,
            "source": {"title": source.title, "publisher": source.publisher, "url": source.url,
                       "published": source.published.isoformat() if source.published else None}}


def _cited(cited: Cited, sources: Mapping[str, CitableSource]) -> dict[str, Any]:
    return {"value": cited.text, "citations": [_citation(use, sources) for use in cited.cites]}


def _value(value: FieldValue, sources: Mapping[str, CitableSource]) -> dict[str, Any]:
    out: dict[str, Any]
    if value.spec.kind == "list":
        out = {"items": [_cited(part, sources) for part in value.parts]}
    else:
        out = _cited(value.parts[0], sources)
    if value.moment is not None:
        out.update(_clocks(value.moment))
    if value.latitude is not None:
        out["latitude"], out["longitude"] = value.latitude, value.longitude
    if value.disagreement is not None:
        out["disagreement"] = {"other_values": [_cited(v, sources) for v in value.disagreement.values],
                               "why": value.disagreement.why.text,
                               "why_citations": [_citation(u, sources) for u in value.disagreement.why.cites]}
    return out


def comparison_json(data: MissionData, sources: Mapping[str, CitableSource]) -> str:
    document = {
        "description": "Chang'e missions compared field by field; every value with the exact words of its sources.",
        "fields": [{"name": s.name, "label": s.label, "group": s.group, "kind": s.kind} for s in data.fields],
        "missions": [
            {"id": m.id, "name": m.name,
             "fields": {name: _value(value, sources) for name, value in m.values.items()},
             "events": [dict(_cited(e.what, sources), **_clocks(e.moment))
                        for e in sorted(m.events, key=lambda e: e.moment.sort_key())]}
            for m in data.missions.values()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def comparison_csv(data: MissionData, sources: Mapping[str, CitableSource]) -> str:
    """One row per citation of a value, so each quote sits next to the value it supports."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for mission in data.missions.values():
        for spec in data.fields:
            value = mission.values.get(spec.name)
            if value is None:
                continue
            base = {"mission_id": mission.id, "mission": mission.name, "group": spec.group, "field": spec.name,
                    "label": spec.label,
                    **{name: shown or "" for name, shown in _clocks(value.moment).items()},
                    "latitude": "" if value.latitude is None else value.latitude,
                    "longitude": "" if value.longitude is None else value.longitude}
            rows = [("taken", part, "") for part in value.parts]
            if value.disagreement is not None:
                rows += [("other source", other, value.disagreement.why.text) for other in value.disagreement.values]
            for status, cited, why in rows:
                for use in cited.cites:
                    source = sources[use.source_id]
                    row = {**base, "status": status, "value": cited.text, "source_id": use.source_id,
                           "quote": use.quote, "source_title": source.title,
                           "source_publisher": source.publisher, "source_url": source.url or "", "why": why}
                    writer.writerow({name: spreadsheet_safe(cell) for name, cell in row.items()})
    return buffer.getvalue()


def spreadsheet_safe(cell: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP); numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def _clocks(moment: Moment | None) -> dict[str, str | None]:
    """A moment in UTC and on the mission's clock, as ISO 8601 text with offsets, and the clock's zone."""
    if moment is None:
        return {"utc": None, "local": None, "local_zone": None}
    return {"utc": moment.iso("utc"), "local": moment.iso("local"),
            "local_zone": moment.clock.zone if moment.clock else None}
