"""What a citation is, shared by the parser, the renderer and the mission data."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


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
