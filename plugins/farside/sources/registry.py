"""The source registry: every collected article with its checked metadata and readable text.

Each source is a folder ``data/sources/<id>/`` holding ``original.txt`` (the article
exactly as collected, never edited) and ``source.yaml`` (what an editor knows about it,
checked against ``data/schemas/source.schema.json``). Problems are recorded in an
ErrorLog as ``path:line: field: what is wrong`` so a build lists them all at once; a
source with any problem is left out of the registry. Nothing here imports Pelican.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..editordata import Where, check, load_schema, load_yaml, project_schema, suggest
from ..errors import BuildError, ErrorLog
from .clean import StaleCutError, clean_text

METADATA_NAME = "source.yaml"
ORIGINAL_NAME = "original.txt"
# Fields that describe the record itself, so they are never "inferred" from the text.
KINDS = ("news", "agency", "reference", "paper")
NOT_INFERABLE = frozenset({"id", "sha256", "inferred", "cleaning", "notes", "collected_as"})
_SHA256 = re.compile(r"[0-9a-f]{64}")  # a malformed value is the schema's to report
Problem = tuple[Path, int | None, str]  # file, line, message; ErrorLog makes the path relative


@dataclass(frozen=True)
class Source:
    """One collected article: metadata an editor checked, the exact original, the readable text."""

    id: str
    title: str
    publisher: str
    author: str | None
    published: dt.date | None
    url: str | None
    language: str
    kind: str
    inferred: dict[str, str] = field(hash=False)
    accessed: dt.date | None
    notes: str | None
    collected_as: str | None
    original: str  # the file's exact text
    text: str  # cleaned, readable text: what the site quotes
    metadata_path: Path
    original_path: Path
    original_publisher: str | None = None  # the publisher of the text this copy reproduces
    original_url: str | None = None
    journal: str | None = None  # papers only
    doi: str | None = None
    # A source with problems still answers citations (its problems are already reported), so one
    # mistake in a source.yaml gives one line, not one per citation of the source.
    stand_in: bool = field(default=False, compare=False)




def load_registry(sources_dir: Path, log: ErrorLog, schema_path: Path | None = None) -> dict[str, Source]:
    """Load, check and clean every source folder; return the good ones sorted by id.

    Never raises for bad input: each problem goes into ``log`` and the source is left out.
    """
    if not sources_dir.is_dir():
        log.add(sources_dir, None, "sources folder is missing; create it with one folder per source")
        return {}
    validator = load_schema(schema_path or project_schema(sources_dir.parent, "source"))
    found: dict[str, Source] = {}
    owners: dict[str, Path] = {}  # id -> source.yaml that claimed it first
    for entry in sorted(sources_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            if entry.suffix != ".md":
                log.add(entry, None, f"not a source folder; put each source in {log.display_path(sources_dir)}/<id>/ "
                                     f"with {METADATA_NAME} and {ORIGINAL_NAME}")
            continue
        errors: list[Problem] = []
        source = _load_one(entry, validator, owners, errors, log)
        for path, line, message in sorted(errors, key=lambda e: (str(e[0]), e[1] or 0)):
            log.add(path, line, message)
        if source is not None and (not errors or source.stand_in):
            found.setdefault(source.id, source)
    return dict(sorted(found.items()))


def _load_one(folder: Path, validator: Any, owners: dict[str, Path], errors: list[Problem],
              log: ErrorLog) -> Source | None:
    """Check one folder, appending every problem to ``errors``; the Source if it can be built."""
    meta_path, original_path = folder / METADATA_NAME, folder / ORIGINAL_NAME

    def error(line: int | None, message: str) -> None:
        errors.append((meta_path, line, message))

    raw_original = _read_original(original_path, errors)
    if not meta_path.is_file():
        error(None, "missing; every source folder needs one (see 'Adding a source' in README.md)")
        return None
    parsed = _parse_yaml(meta_path, error)
    if parsed is None:
        return _stand_in(folder, {}, raw_original)
    data, lines = parsed
    if not isinstance(data, dict):
        error(1, "must be 'field: value' lines (id: ..., title: ...), not a list or a single value")
        return _stand_in(folder, {}, raw_original)

    properties = validator.schema["properties"]
    for problem in check(validator, data):
        error(lines.get(problem.where) if problem.where else None, problem.message)
    _check_consistency(data, folder, meta_path, properties, lines, owners, error, log)

    if raw_original is None:
        return None
    expected = data.get("sha256")
    actual = hashlib.sha256(raw_original).hexdigest()
    if isinstance(expected, str) and _SHA256.fullmatch(expected) and expected != actual:
        error(lines.get(("sha256",)), f"sha256: {ORIGINAL_NAME} has sha256 {actual}, not the recorded {expected}; "
                                      f"originals stay byte-for-byte as collected: restore it "
                                      f"(git checkout -- {log.display_path(original_path)}), or update sha256 "
                                      f"if it was deliberately re-collected")
    original = raw_original.decode("utf-8")
    cleaning = data.get("cleaning")
    cuts = cleaning.get("drop_text") if isinstance(cleaning, dict) else None
    if not (isinstance(cuts, list) and all(isinstance(cut, str) for cut in cuts)):
        cuts = []  # the schema has already reported what is wrong with it
    try:
        text = clean_text(original, cuts)
    except StaleCutError as exc:
        for index, cut in exc.missing:
            shown = cut if len(cut) <= 60 else cut[:57] + "..."
            error(lines.get(("cleaning", "drop_text", index)),
                  f"cleaning.drop_text[{index}]: {shown!r} is not in the cleaned text (stale cut); "
                  f"remove it, or copy the passage exactly as it reads after cleaning")
        return _stand_in(folder, data, raw_original)
    if errors:
        return _stand_in(folder, data, raw_original, text)
    return Source(
        id=data["id"], title=data["title"], publisher=data["publisher"], author=data.get("author"),
        published=_date(data.get("published")), url=data.get("url"), language=data["language"],
        kind=data["kind"], inferred=dict(data.get("inferred") or {}), accessed=_date(data.get("accessed")),
        notes=data.get("notes"), collected_as=data.get("collected_as"), original=original, text=text,
        metadata_path=meta_path, original_path=original_path,
        original_publisher=data.get("original_publisher"), original_url=data.get("original_url"),
        journal=data.get("journal"), doi=data.get("doi"),
    )


def _stand_in(folder: Path, data: dict[str, Any], raw_original: bytes | None,
              text: str | None = None) -> Source | None:
    """What can be trusted of a source with problems: its folder's id, its text, and the fields that are
    valid (a wrong kind reads as 'reference', so notes citing it are not reported a second time)."""
    def text_of(name: str) -> str | None:
        value = data.get(name)
        return value if isinstance(value, str) and value.strip() else None

    if raw_original is None:
        return None  # nothing to quote from: its citations are reported too
    original = raw_original.decode("utf-8")
    kind = text_of("kind")
    return Source(
        id=folder.name, title=text_of("title") or folder.name, publisher=text_of("publisher") or "unknown",
        author=text_of("author"), published=_date(text_of("published")), url=text_of("url"), language="en",
        kind=kind if kind in KINDS else "reference", inferred={}, accessed=_date(text_of("accessed")),
        notes=None, collected_as=None, original=original, text=text if text is not None else original,
        metadata_path=folder / METADATA_NAME, original_path=folder / ORIGINAL_NAME, stand_in=True)


def _read_original(path: Path, errors: list[Problem]) -> bytes | None:
    """The original's bytes if it exists, is UTF-8 and has text; else record why not."""
    if not path.is_file():
        errors.append((path, None, "missing; save the collected article here, byte for byte as collected"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the collected text as UTF-8"
        errors.append((path, line, message))
        return None
    if not text.strip():
        errors.append((path, 1, "file is empty; save the collected article text here"))
        return None
    return raw


def _parse_yaml(path: Path, error: Any) -> tuple[Any, dict[Where, int]] | None:
    """The YAML data and the line of every field and list item in it (1-based)."""
    try:
        located = load_yaml(path, str(path))
    except BuildError as problem:
        error(problem.line, problem.message)
        return None
    return located.data, located.lines


def _check_consistency(data: dict[str, Any], folder: Path, meta_path: Path, properties: dict[str, Any],
                       lines: dict[Where, int], owners: dict[str, Path], error: Any, log: ErrorLog) -> None:
    """Rules across fields and folders that a schema cannot say."""
    source_id = data.get("id")
    if isinstance(source_id, str):
        if source_id != folder.name:
            error(lines.get(("id",)), f"id: {source_id!r} does not match its folder name {folder.name!r}; "
                                      f"rename one so they agree")
        if source_id in owners:
            error(lines.get(("id",)), f"id: {source_id!r} is already used by {log.display_path(owners[source_id])}; "
                                      f"give each source its own id")
        else:
            owners[source_id] = meta_path
    inferred = data.get("inferred")
    if isinstance(inferred, dict):
        inferable = [key for key in properties if key not in NOT_INFERABLE]
        for key in inferred:
            if key not in inferable:
                error(lines.get(("inferred", key)), f"inferred.{key}: not a field that can be inferred; "
                                                    f"{suggest(str(key), inferable)}")
    reasons = inferred if isinstance(inferred, dict) else {}
    if "published" in data and data["published"] is None and "published" not in reasons:
        error(lines.get(("published",)), "published: empty (unknown) needs a reason; "
                                         "add 'published: why the date is not known' under inferred")
    publisher = data.get("publisher")
    if isinstance(publisher, str) and publisher.strip().lower() == "unknown" and "publisher" not in reasons:
        error(lines.get(("publisher",)), "publisher: 'unknown' needs a reason; "
                                         "add 'publisher: what the text does and does not show' under inferred")




def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None  # only for a stand-in: a good source's dates have passed the schema
