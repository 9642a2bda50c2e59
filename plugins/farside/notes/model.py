"""Load and check `data/notes.yaml`: one entry per discrepancy an editor has found.

A note says what a source said (quoting it), what is right (citing an authoritative
reference), and why they differ. ``never_state`` lists wordings of the error that no
page may use as fact; the build checks the whole site for them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..citations import CitationSyntaxError, parse_citations
from ..editordata import LocatedData, check, load_schema, load_yaml, project_schema
from ..errors import BuildError, ErrorLog

AUTHORITATIVE_KINDS = ("reference", "agency", "paper")
NOTE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # as in the schema; checked again only for stand-ins
EMBED = re.compile(r"^[ \t]*\[!notes?\b", re.MULTILINE)  # a note shown inside a note would never end


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
    stand_in: bool = False  # an entry with problems (already reported), kept so pages naming it resolve

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
    data = located.data if located.data is not None else []
    problems = check(load_schema(project_schema(path.parent, "notes")), data)
    bad_entries = set()
    for problem in problems:
        line = located.line(*problem.where) if problem.where else 1
        where = problem.where[0] if problem.where else None
        bad_entries.add(where)
        log.add(shown, line, _strip_index(problem.message))
    if None in bad_entries or not isinstance(data, list):
        return {}
    notes: dict[str, SourceNote] = {}
    first_line: dict[str, int] = {}
    for index, entry in enumerate(data):
        note = None if index in bad_entries else _check_entry(entry, index, located, shown, sources, log)
        if note is None:
            stand_in = _stand_in(entry, index, located, shown)
            if stand_in is not None and stand_in.id not in notes:
                notes[stand_in.id] = stand_in  # its problem is reported: pages showing it are not reported again
                first_line[stand_in.id] = stand_in.line("id")
            continue
        if note.id in notes:
            log.add(shown, note.line("id"), f"id: '{note.id}' is already the id of the note on line "
                                            f"{first_line[note.id]}; give each note its own id")
            continue
        notes[note.id] = note
        first_line[note.id] = note.line("id")
    return notes


def _stand_in(entry: Any, index: int, located: LocatedData, shown: str) -> SourceNote | None:
    """An empty note under the id of an entry with problems, so `[!note id]` on pages still resolves."""
    note_id = entry.get("id") if isinstance(entry, dict) else None
    if not (isinstance(note_id, str) and NOTE_ID.match(note_id)):
        return None
    return SourceNote(id=note_id, topic=note_id, kind="disagreement", said="", correct="", why="", never_state=(),
                      path=shown, lines={"id": located.line(index, "id")}, stand_in=True)


def _strip_index(message: str) -> str:
    """'[3].kind: ...' -> 'kind: ...': the line already says which note it is."""
    return re.sub(r"^\[\d+\]\.", "", re.sub(r"^\[\d+\]:", "each note:", message))


def _check_entry(entry: dict[str, Any], index: int, located: LocatedData, shown: str,
                 sources: Mapping[str, object], log: ErrorLog) -> SourceNote | None:
    """The rules a schema cannot say: citations, authority of a correction, no note inside a note."""
    lines = {key: located.text_line(index, key) for key in entry}
    for field in ("said", "correct", "why"):
        text = entry.get(field) or ""
        embedded = EMBED.search(text)
        if embedded:
            line = lines[field] + text.count("\n", 0, embedded.start())
            log.add(shown, line, f"{field}: a note cannot show a note ([!note ...] inside a note); "
                                 f"link to it instead: [the note](#note-id)")
            return None
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
    return SourceNote(id=entry["id"], topic=entry["topic"], kind=entry["kind"], said=entry["said"],
                      correct=entry["correct"], why=entry.get("why", ""),
                      never_state=tuple(entry.get("never_state", [])), path=shown, lines=lines)
