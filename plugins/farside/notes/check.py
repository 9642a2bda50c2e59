"""No known error of a source may be stated as fact anywhere on the site.

Each note lists ``never_state`` wordings. A page's own text is searched for them, leaving
out what the site shows as somebody else's words: notes, quotations and references.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from ..citations.verify import normalise_quote
from ..links import collect_addresses
from .model import SourceNote

# What other sources say, shown as theirs: never the site's own statement.
QUOTED_CLASSES = {"source-note", "references", "cited-passages", "cite-preview", "disagreement-others"}
QUOTED_TAGS = {"q", "blockquote", "script", "style"}


class _OwnText(HTMLParser):
    """Collects text outside notes, quotations and reference lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth_inside: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "hr", "meta", "link", "input", "source", "wbr"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        quoted = tag in QUOTED_TAGS or bool(classes & QUOTED_CLASSES)
        self.depth_inside.append(quoted or (bool(self.depth_inside) and self.depth_inside[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "hr", "meta", "link", "input", "source", "wbr"):
            return
        if self.depth_inside:
            self.depth_inside.pop()

    def handle_data(self, data: str) -> None:
        if not (self.depth_inside and self.depth_inside[-1]):
            self.parts.append(data)


class _OwnTextAndAddresses(_OwnText):
    """One pass over a page for two checks: its own text (as _OwnText) and its link addresses
    (as links.url_attributes, which does not see the end of a self-closing tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        collect_addresses(self.addresses, tag, attrs)
        super().handle_starttag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)


def own_text(html: str) -> str:
    parser = _OwnText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


@dataclass(frozen=True)
class PageText:
    """What the checks need from a page's HTML, taken in one parse: its own text (normalised,
    as forbidden_wordings searches it) and its addresses (as links.url_attributes finds them)."""

    html: str
    normalised: str
    addresses: list[tuple[str, str, str]]


def page_text(html: str) -> PageText:
    parser = _OwnTextAndAddresses()
    parser.feed(html)
    parser.close()
    return PageText(html, normalise_quote(" ".join(parser.parts)), parser.addresses)


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
