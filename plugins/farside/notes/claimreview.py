"""Corrections as data: each note on the sources as a schema.org ClaimReview.

A search engine or a fact-checking aggregator reads the same correction a reader sees:
the claim (the source's own words), who made it (the source's publisher, where it appeared),
the rating, and the authority the correction rests on.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ..citations import CitationSyntaxError, split_citations

# How each kind of note rates the claim (schema.org Rating: 1 worst .. 5 best).
RATINGS = {"error": (1, "False"), "misnomer": (2, "Misleading"), "disagreement": (3, "Disputed")}


class NoteLike(Protocol):
    """What is read of a note (farside.notes.SourceNote, a frozen dataclass)."""

    @property
    def id(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def said(self) -> str: ...
    @property
    def correct(self) -> str: ...


def _work(source: Any) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    if getattr(source, "url", None):
        work["url"] = source.url
    if getattr(source, "published", None):
        work["datePublished"] = source.published.isoformat()
    if getattr(source, "publisher", None) and source.publisher != "unknown":
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    return work


def claim_review(note: NoteLike, sources: Mapping[str, Any], *, author: str, page_url: str | None) -> dict[str, Any]:
    """One ClaimReview; ``page_url`` is the absolute address of the page showing the note, if known."""
    try:
        _, said = split_citations(note.said)
        correct_text, correct = split_citations(note.correct)
    except CitationSyntaxError:  # the notes loader reports it
        said, correct, correct_text = [], [], note.correct
    claimed = [sources[cite.source_id] for cite in said if cite.source_id in sources]
    value, label = RATINGS.get(note.kind, (3, "Disputed"))
    item: dict[str, Any] = {"@type": "Claim"}
    if claimed:
        first = claimed[0]
        item["author"] = {"@type": "Organization", "name": first.publisher}
        item["appearance"] = [_work(source) for source in dict.fromkeys(claimed)]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "name": note.topic,
        "claimReviewed": " … ".join(cite.quote for cite in said) or note.topic,
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": label},
        "reviewBody": correct_text,
        "author": {"@type": "Organization", "name": author},
        "citation": [_work(sources[c.source_id]) for c in dict.fromkeys(correct) if c.source_id in sources],
    }
    if page_url:
        review["url"] = f"{page_url}#note-{note.id}"
    return review


def claim_reviews(notes: Mapping[str, NoteLike], sources: Mapping[str, Any], page_html: str, *, author: str,
                  page_url: str | None) -> list[dict[str, Any]]:
    """ClaimReviews for the notes a page shows (those whose ``note-<id>`` anchor it carries)."""
    return [claim_review(note, sources, author=author, page_url=page_url)
            for note in notes.values() if f'id="note-{note.id}"' in page_html]
