"""No banned wording of a note anywhere the site publishes, checked on the written output.

Page prose is checked while pages are read (check.py); this pass covers everything else a
reader, a search engine or a download gets: titles, descriptions, headings, mission values,
figure labels and alt text, attributes, JSON-LD, CSV and JSON. Invisible characters (zero
width spaces, soft hyphens, bidi marks) are removed first so they cannot hide a wording.
Quotations stay exempt: notes, References, quoted passages, the ClaimReview's claim, the
titles of sources, and the coverage report's sentences of the collected articles.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..cache import MISSING, ResultCache, digest
from ..citations.verify import normalise_quote
from ..htmlscan import HtmlScan, scan
from ..links import address_problems
from ..parallel import forked_map
from .model import SourceNote

TEXT_SUFFIXES = {".html", ".json", ".csv", ".xml", ".txt", ".svg"}
SKIP_DIRS = {"pagefind"}
QUOTATION_FILES = {"sources/coverage.json"}  # sentences of the collected articles, quoted
QUOTED_JSON_KEYS = {"claimReviewed", "itemReviewed", "citation", "appearance", "quote", "passage", "source_title",
                    "other_values"}
QUOTED_CSV_COLUMNS = {"quote", "source_title"}
ATTRIBUTED_STATUS = "other source"  # a disagreement's value: what another source says, shown as theirs
# A wording in quotation marks is mentioned, not stated ('"2:23 pm" swaps morning for afternoon').
MENTION = re.compile(r"“[^”\x01]{0,200}”|\"[^\"\x01]{0,200}\"|‘[^’\x01]{0,200}’")
# Between the pieces of one file's text, so a file is normalised and searched in one go while
# neither a wording nor a quotation (MENTION) can run from one piece into the next.
PIECE_BREAK = " \x01 "


def visible(text: str) -> str:
    """``text`` without format characters (Unicode category Cf): what a reader actually reads.

    ASCII has none; otherwise each distinct character is looked up once and the ones found are
    removed in one translate.
    """
    if text.isascii():
        return text
    hidden = {ord(char): None for char in set(text) if unicodedata.category(char) == "Cf"}
    return text.translate(hidden) if hidden else text


def _json_strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        if data.get("status") == ATTRIBUTED_STATUS:
            return
        for key, value in data.items():
            if key not in QUOTED_JSON_KEYS:
                yield from _json_strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _json_strings(item)
    elif isinstance(data, str):
        yield data


def _html_texts(html: str) -> Iterator[str]:
    """The page's own text, then its attributes, then the strings of its JSON-LD (one parse)."""
    return _scanned_texts(scan(html))


def _scanned_texts(scanned: HtmlScan) -> Iterator[str]:
    yield scanned.own_text
    yield from scanned.attributes
    for script in scanned.json_ld:
        try:
            yield from _json_strings(json.loads(script))
        except ValueError:
            yield script


def published_files(site: Path) -> list[tuple[Path, str]]:
    """(file, its path relative to the site) for every file whose words the site publishes."""
    found = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or relative in QUOTATION_FILES:
            continue
        if SKIP_DIRS & set(path.relative_to(site).parts):
            continue
        found.append((path, relative))
    return found


def file_texts(path: Path) -> Iterator[str]:
    """The published words of one file (quotations left out, as the module docstring says)."""
    return file_pieces(path)[0]


def file_pieces(path: Path) -> tuple[Iterator[str], HtmlScan | None]:
    """``file_texts``, and for a page the parse they came from (its addresses serve the link gate)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        scanned = scan(text)
        return _scanned_texts(scanned), scanned
    return _other_texts(path.suffix, text), None


def _other_texts(suffix: str, text: str) -> Iterator[str]:
    if suffix == ".json":
        try:
            yield from _json_strings(json.loads(text))
        except ValueError:
            yield text
    elif suffix == ".csv":
        for row in csv.DictReader(io.StringIO(text)):
            if row.get("status") != ATTRIBUTED_STATUS:
                yield " | ".join(v or "" for k, v in row.items() if k not in QUOTED_CSV_COLUMNS)
    else:
        yield text


def published_texts(site: Path) -> Iterator[tuple[str, str]]:
    """(file relative to the site, text) for everything the site publishes."""
    for path, relative in published_files(site):
        for piece in file_texts(path):
            yield relative, piece


def stated_errors(site: Path, notes: Mapping[str, SourceNote], results: ResultCache | None = None,
                  links: ResultCache | None = None) -> list[tuple[SourceNote, str, str]]:
    """(note, wording, file) for each banned wording found in the published site.

    Files are searched on every core (farside.parallel); each file's pieces are joined and
    normalised in one go. ``results``: what earlier builds found in files with the same bytes
    (the notes are part of the cache's inputs), so an unchanged file is not searched again.
    ``links``: where the link gate (tools/build.py) looks up a written page's disallowed
    addresses; the pages searched here get them from the same parse.
    """
    wordings = [(note, wording, normalise_quote(visible(wording))) for note in notes.values()
                for wording in note.never_state]
    if not wordings:
        return []

    def wordings_in(path: Path) -> tuple[list[tuple[str, str]], Any]:
        pieces, scanned = file_pieces(path)
        problems = address_problems(scanned.addresses) if scanned is not None else MISSING
        text = PIECE_BREAK.join(piece.replace("\x01", " ") for piece in pieces)
        normal = normalise_quote(MENTION.sub(" ", visible(text)))
        return [(note.id, wording) for note, wording, needle in wordings if needle and needle in normal], problems

    files = published_files(site)
    # A file is read by its kind, so its kind is part of the key; the link gate's key is the bytes.
    keys: dict[Path, tuple[str, str]] = {}
    for path, _ in files:
        data = path.read_bytes()
        keys[path] = (digest(path.suffix.encode() + b"\0" + data), digest(data))
    kept: dict[Path, Any] = {path: results.get_digest(keys[path][0]) if results is not None else MISSING
                             for path, _ in files}
    missing = [path for path, value in kept.items() if value is MISSING]
    for path, outcome in zip(missing, forked_map(wordings_in, missing), strict=True):
        kept[path], problems = outcome.result
        if results is not None:
            results.put_digest(keys[path][0], kept[path])
        if links is not None and problems is not MISSING:
            links.put_digest(keys[path][1], problems)
    found: dict[tuple[str, str, str], tuple[SourceNote, str, str]] = {}
    for path, relative in files:
        for note_id, wording in kept[path]:
            found.setdefault((note_id, wording, relative), (notes[note_id], wording, relative))
    return list(found.values())
