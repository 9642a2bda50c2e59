"""No known error of a source may be stated as fact anywhere on the site.

Each note lists ``never_state`` wordings. A page's own text is searched for them, leaving
out what the site shows as somebody else's words: notes, quotations and references.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..citations.verify import normalise_quote
from ..htmlscan import scan
from .model import SourceNote


def own_text(html: str) -> str:
    """The page's own words: its text outside notes, quotations and reference lists."""
    return scan(html).own_text


@dataclass(frozen=True)
class PageText:
    """What the checks need from a page's HTML, taken in one parse: its own text (normalised,
    as forbidden_wordings searches it) and its addresses (as links.url_attributes finds them)."""

    html: str
    normalised: str
    addresses: list[tuple[str, str, str]]


def page_text(html: str) -> PageText:
    scanned = scan(html)
    return PageText(html, normalise_quote(scanned.own_text), scanned.addresses)


def banned_wordings(notes: Mapping[str, SourceNote]) -> list[tuple[SourceNote, str, str]]:
    """(note, wording, normalised wording) for every never_state wording, normalised once a build."""
    return [(note, wording, normalise_quote(wording)) for note in notes.values() for wording in note.never_state]


def forbidden_wordings(html: str | PageText, notes: Mapping[str, SourceNote],
                       wordings: list[tuple[SourceNote, str, str]] | None = None) -> Iterable[tuple[SourceNote, str]]:
    """(note, wording) for every never_state wording the page states in its own words."""
    text = html.normalised if isinstance(html, PageText) else normalise_quote(own_text(html))
    for note, wording, needle in banned_wordings(notes) if wordings is None else wordings:
        if needle in text:
            yield note, wording


def line_of(markdown: str, wording: str) -> int | None:
    """Where in the page's Markdown an editor should look (first line containing the wording)."""
    needle = normalise_quote(wording)
    for number, line in enumerate(markdown.splitlines(), start=1):
        if needle in normalise_quote(line):
            return number
    return None
