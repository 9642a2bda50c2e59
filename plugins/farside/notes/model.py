"""Load and check `data/notes.yaml`: one entry per discrepancy an editor has found.

A note says what a source said (quoting it), what is right (citing an authoritative
reference), and why they differ. ``never_state`` lists wordings of the error that no
page may use as fact; the build checks the whole site for them.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..citations import CitationSyntaxError, parse_citations
from ..errors import BuildError, ErrorLog
from ..yamldata import LocatedData, load_yaml

FIELDS = {"id": str, "topic": str, "kind": str, "said": str, "correct": str, "why": str, "never_state": list}
REQUIRED = ("id", "topic", "kind", "said", "correct")
KINDS = ("error", "disagreement", "misnomer")
AUTHORITATIVE_KINDS = ("reference", "agency", "paper")
NOTE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class SourceNote:
    id: str
    topic: str
    kind: str
    said: str
    correct: str
    why: str
    never_state: tuple[str, ...]
    path: str
    lines: Mapping[str, int]  # field -> line in notes.yaml

    def line(self, field: str) -> int:
        return self.lines.get(field, self.lines["id"])


def load_notes(path: Path, sources: Mapping[str, object], log: ErrorLog) -> dict[str, SourceNote]:
    """Every valid note by id; problems go to ``log``. A missing file means no notes."""
    if not path.exists():
        return {}
    shown = log.display_path(path)
    try:
        located = load_yaml(path, shown)
    except BuildError as error:
        log.add(error.path, error.line, error.message)
        return {}
    if not isinstance(located.data, list):
        log.add(shown, 1, "notes must be a list of entries, each starting with '- id: ...'")
        return {}
    notes: dict[str, SourceNote] = {}
    for index, entry in enumerate(located.data):
        note = _check_entry(entry, index, located, shown, sources, log)
        if note is None:
            continue
        if note.id in notes:
            log.add(shown, note.line("id"), f"id: duplicate note id '{note.id}'; give each note its own id")
            continue
        notes[note.id] = note
    return notes


def _check_entry(entry: object, index: int, located: LocatedData, shown: str, sources: Mapping[str, object],
                 log: ErrorLog) -> SourceNote | None:
    line = located.line(index)
    if not isinstance(entry, dict):
        log.add(shown, line, "each note must be a mapping of fields (id, topic, kind, said, correct, why)")
        return None
    ok = True
    for key in entry:
        if key not in FIELDS:
            near = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f"did you mean '{near[0]}'?" if near else f"known fields: {', '.join(FIELDS)}"
            log.add(shown, located.line(index, key), f"{key}: unknown field; {hint}")
            ok = False
    for key in REQUIRED:
        if not entry.get(key):
            log.add(shown, line, f"{key}: missing; every note needs {', '.join(REQUIRED)}")
            ok = False
    for key, expected in FIELDS.items():
        if key in entry and not isinstance(entry[key], expected):
            log.add(shown, located.line(index, key), f"{key}: must be {'a list of phrases' if expected is list else 'text'}")
            ok = False
    if not ok:
        return None
    if not NOTE_ID.match(entry["id"]):
        log.add(shown, located.line(index, "id"), f"id: '{entry['id']}' must be lowercase letters, digits and hyphens")
        return None
    if entry["kind"] not in KINDS:
        log.add(shown, located.line(index, "kind"), f"kind: '{entry['kind']}' is not one of {', '.join(KINDS)}")
        return None
    lines = {key: located.text_line(index, key) for key in entry}
    for field in ("said", "correct"):
        try:
            cites = parse_citations(entry[field])
        except CitationSyntaxError as problem:
            log.add(shown, lines[field], f"{field}: {problem}")
            return None
        if not cites:
            log.add(shown, lines[field], f'{field}: needs a citation [@source-id "exact words"]')
            return None
        if field == "correct" and entry["kind"] == "error":
            kinds = {getattr(sources.get(c.source_id), "kind", None) for c in cites}
            if not kinds & set(AUTHORITATIVE_KINDS):
                log.add(shown, lines[field], "correct: a correction must cite an authoritative source "
                        f"(kind {', '.join(AUTHORITATIVE_KINDS)}), not only news reports")
                return None
    never = entry.get("never_state", [])
    if not all(isinstance(p, str) and p.strip() for p in never):
        log.add(shown, lines.get("never_state", line), "never_state: must be a list of non-empty phrases")
        return None
    return SourceNote(id=entry["id"], topic=entry["topic"], kind=entry["kind"], said=entry["said"],
                      correct=entry["correct"], why=entry.get("why", ""), never_state=tuple(never),
                      path=shown, lines=lines)
