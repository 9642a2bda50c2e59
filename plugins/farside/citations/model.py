"""What a citation is, shared by the parser, the renderer and the mission data."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class CitableSource(Protocol):
    """The little the citation engine needs of a source (see farside.sources.Source).

    Read-only members: a Source is a frozen dataclass, which plain (settable) protocol
    attributes would not accept.
    """

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def publisher(self) -> str: ...
    @property
    def published(self) -> dt.date | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def inferred(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class Cite:
    """One source id and the exact words quoted from it, as the editor wrote them."""

    source_id: str
    quote: str
    offset: int = 0  # character offset of the citation in the text it was found in


@dataclass
class CitationUse:
    """A verified cite as placed on a page: its number, anchors and the claim it supports."""

    source_id: str
    quote: str
    passage: str  # the source's own words, as they stand in its readable text
    passage_start: int
    line: int | None
    sentence: str
    number: int = 0  # the source's number in this page's References
    passage_number: int = 0  # which quoted passage of that source, 1-based
    anchor: str = ""  # id of the mark in the text, e.g. cite-3
    order: int = 0  # 1-based position among this page's marks
    error_note: str | None = None  # id of the note that quotes this passage as the source's error

    @property
    def reference_anchor(self) -> str:
        return f"ref-{self.number}"

    @property
    def passage_anchor(self) -> str:
        return f"ref-{self.number}-{self.passage_number}"


@dataclass
class PageCitations:
    """Everything the References section of one page needs, in citation order."""

    uses: list[CitationUse] = field(default_factory=list)
    sources: dict[str, CitableSource] = field(default_factory=dict)
    marks: int = 0  # marks placed so far (a mark may hold several passages of one source)
    numbers: dict[str, int] = field(default_factory=dict)  # source id -> its number on the page
    passage_numbers: dict[tuple[str, int, int], int] = field(default_factory=dict)
    passage_counts: dict[str, int] = field(default_factory=dict)

    def place(self, uses: Sequence[CitationUse], sources: Mapping[str, CitableSource]) -> list[CitationUse]:
        """Number one mark's verified cites in reading order; the one place numbering is decided.

        A source keeps its number on the page, a new source takes the next one; a passage
        quoted again keeps its number; cites of one source in one mark share one anchor
        (``cite-N``, N counting marks), so the reader sees one number per source.
        """
        placed: list[CitationUse] = []
        anchors: dict[str, tuple[str, int]] = {}
        for use in uses:
            use.number = self.numbers.setdefault(use.source_id, len(self.numbers) + 1)
            key = (use.source_id, use.passage_start, len(use.passage))
            if key not in self.passage_numbers:
                self.passage_counts[use.source_id] = self.passage_counts.get(use.source_id, 0) + 1
                self.passage_numbers[key] = self.passage_counts[use.source_id]
            use.passage_number = self.passage_numbers[key]
            if use.source_id not in anchors:
                self.marks += 1
                anchors[use.source_id] = (f"cite-{self.marks}", self.marks)
            use.anchor, use.order = anchors[use.source_id]
            self.uses.append(use)
            self.sources[use.source_id] = sources[use.source_id]
            placed.append(use)
        return placed

    def by_source(self) -> list[tuple[int, CitableSource, list[list[CitationUse]]]]:
        """[(number, source, [uses of passage 1, uses of passage 2, ...])] in number order."""
        grouped: dict[int, dict[int, list[CitationUse]]] = {}
        for use in self.uses:
            grouped.setdefault(use.number, {}).setdefault(use.passage_number, []).append(use)
        result = []
        for number in sorted(grouped):
            passages = grouped[number]
            source = self.sources[passages[min(passages)][0].source_id]
            result.append((number, source, [passages[k] for k in sorted(passages)]))
        return result

    def references(self) -> list[Any]:
        """The References section's data (see render.references_view), for templates."""
        from .render import references_view  # render builds on this module

        return list(references_view(self))
