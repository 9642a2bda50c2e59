"""Which pages cite which passages: the reverse index behind each source's page."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import CitationUse, PageCitations


@dataclass
class CitedPassage:
    passage: str
    start: int
    citations: list[tuple[Any, CitationUse]] = field(default_factory=list)  # (page, use)

    @property
    def error_note(self) -> str | None:
        """The note that quotes this passage as the source's error, if one does."""
        return next((use.error_note for _, use in self.citations if use.error_note), None)


def index_citations(pages: Iterable[tuple[Any, PageCitations]]) -> dict[str, list[CitedPassage]]:
    """source id -> its cited passages in source order, each with every (page, use) citing it."""
    found: dict[str, dict[tuple[int, int], CitedPassage]] = {}
    for page, citations in pages:
        for use in citations.uses:
            key = (use.passage_start, len(use.passage))
            passage = found.setdefault(use.source_id, {}).setdefault(
                key, CitedPassage(use.passage, use.passage_start))
            passage.citations.append((page, use))
    return {source_id: [passages[k] for k in sorted(passages)] for source_id, passages in found.items()}
