"""No known error of a source may be stated as fact anywhere on the site.

Each note lists ``never_state`` wordings. A page's own text is searched for them, leaving
out what the site shows as somebody else's words: notes, quotations and references.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from html.parser import HTMLParser

from ..citations.verify import normalise_quote
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


def own_text(html: str) -> str:
    parser = _OwnText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def forbidden_wordings(html: str, notes: Mapping[str, SourceNote]) -> Iterable[tuple[SourceNote, str]]:
    """(note, wording) for every never_state wording the page states in its own words."""
    text = normalise_quote(own_text(html))
    for note in notes.values():
        for wording in note.never_state:
            if normalise_quote(wording) in text:
                yield note, wording


def line_of(markdown: str, wording: str) -> int | None:
    """Where in the page's Markdown an editor should look (first line containing the wording)."""
    needle = normalise_quote(wording)
    for number, line in enumerate(markdown.splitlines(), start=1):
        if needle in normalise_quote(line):
            return number
    return None
