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

from ..citations.verify import normalise_quote
from .check import _OwnText
from .model import SourceNote

TEXT_SUFFIXES = {".html", ".json", ".csv", ".xml", ".txt", ".svg"}
SKIP_DIRS = {"pagefind"}
QUOTATION_FILES = {"sources/coverage.json"}  # sentences of the collected articles, quoted
QUOTED_JSON_KEYS = {"claimReviewed", "itemReviewed", "citation", "appearance", "quote", "passage", "source_title",
                    "other_values"}
QUOTED_CSV_COLUMNS = {"quote", "source_title"}
ATTRIBUTED_STATUS = "other source"  # a disagreement's value: what another source says, shown as theirs
# A wording in quotation marks is mentioned, not stated ('"2:23 pm" swaps morning for afternoon').
MENTION = re.compile(r"“[^”]{0,200}”|\"[^\"]{0,200}\"|‘[^’]{0,200}’")
ATTRIBUTES = ("alt", "title", "aria-label", "content", "aria-description")


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


class _PublishedText(_OwnText):
    """One pass over a written page: its own text (as check.own_text), and the attributes and
    JSON-LD a reader or a search engine also gets."""

    def __init__(self) -> None:
        super().__init__()
        self.in_jsonld = False
        self.attributes: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.in_jsonld = tag == "script" and values.get("type") == "application/ld+json"
        self.attributes.extend(v for k, v in attrs if k in ATTRIBUTES and v)
        super().handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.scripts.append(data)
        super().handle_data(data)

    def handle_endtag(self, tag: str) -> None:
        self.in_jsonld = False
        super().handle_endtag(tag)


def _html_texts(html: str) -> Iterator[str]:
    parser = _PublishedText()
    parser.feed(html)
    # Attributes and JSON-LD as fed; only the page's own text takes what close() flushes at the end.
    attributes, scripts = list(parser.attributes), list(parser.scripts)
    parser.close()
    yield " ".join(parser.parts)
    yield from attributes
    for script in scripts:
        try:
            yield from _json_strings(json.loads(script))
        except ValueError:
            yield script


def published_texts(site: Path) -> Iterator[tuple[str, str]]:
    """(file relative to the site, text) for everything the site publishes."""
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or relative in QUOTATION_FILES:
            continue
        if SKIP_DIRS & set(path.relative_to(site).parts):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            for piece in _html_texts(text):
                yield relative, piece
        elif path.suffix == ".json":
            try:
                yield from ((relative, s) for s in _json_strings(json.loads(text)))
            except ValueError:
                yield relative, text
        elif path.suffix == ".csv":
            for row in csv.DictReader(io.StringIO(text)):
                if row.get("status") != ATTRIBUTED_STATUS:
                    yield relative, " | ".join(v or "" for k, v in row.items() if k not in QUOTED_CSV_COLUMNS)
        else:
            yield relative, text


def stated_errors(site: Path, notes: Mapping[str, SourceNote]) -> list[tuple[SourceNote, str, str]]:
    """(note, wording, file) for each banned wording found in the published site."""
    wordings = [(note, wording, normalise_quote(visible(wording))) for note in notes.values()
                for wording in note.never_state]
    if not wordings:
        return []
    found: dict[tuple[str, str, str], tuple[SourceNote, str, str]] = {}
    for relative, text in published_texts(site):
        normal = normalise_quote(MENTION.sub(" ", visible(text)))
        for note, wording, needle in wordings:
            if needle and needle in normal:
                found.setdefault((note.id, wording, relative), (note, wording, relative))
    return list(found.values())
