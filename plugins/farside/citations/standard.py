"""The citation standard a science desk would sign (FARSIDE_CITATION_STANDARD = "2026").

Verifying that a quote exists is necessary, not enough. Under this standard a citation must
also *support* its sentence:

1. every number, date, time, measurement and year of the sentence is in one of its quotes
   (``facts.py``); a figure the site works out is written as ``[=...]`` (``computed.py``);
2. a quote has at least four words, one of them a content word, and matches its source once;
3. one mark per source per sentence, at most three sources (more is a warning);
4. a passage a note quotes as a source's error supports nothing else;
5. no page quotes more than ``max_page_share`` of a source's words, the site not more than
   ``max_site_share`` (see README, "How much the site quotes").

Each check returns messages; the caller adds ``path:line`` and logs them.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .facts import Fact, missing_facts
from .model import CitableSource, CitationUse
from .verify import find_quote, normalise

SETTING = "FARSIDE_CITATION_STANDARD"
CURRENT = "2026"
MIN_QUOTE_WORDS = 4
MAX_SOURCES_PER_SENTENCE = 3
# A quarter of an article on one page is quotation in the service of a page of our own;
# half of it across the whole site is the most a reader could reassemble from us.
MAX_PAGE_SHARE = 0.25
MAX_SITE_SHARE = 0.50
ERROR_KINDS = ("error", "misnomer")
STOPWORDS = frozenset("""
a an the and or but nor so yet of to in on at by for with from into onto over under about as than then that
this these those there here it its it's is are was were be been being am do does did done has have had having
will would shall should can could may might must not no yes i we you he she they them his her their our your
my me us him who whom whose which what when where why how all any each some such also very just only more
most much many few one said says say according
""".split())
_WORD = re.compile(r"[\w'’-]+")
logger = logging.getLogger(__name__)


class NoteLike(Protocol):
    """What is read of a note (farside.notes.SourceNote, a frozen dataclass)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def said(self) -> str: ...


@dataclass(frozen=True)
class ErrorPassage:
    source_id: str
    start: int
    end: int
    note_id: str


@dataclass
class CitationStandard:
    """The rules in force for one build; ``enabled`` False keeps only the old checks."""

    enabled: bool = True
    error_passages: list[ErrorPassage] = field(default_factory=list)
    max_page_share: float = MAX_PAGE_SHARE
    max_site_share: float = MAX_SITE_SHARE

    def error_note(self, use: CitationUse) -> str | None:
        """The note that quotes ``use``'s passage as an error, if any."""
        end = use.passage_start + len(use.passage)
        for passage in self.error_passages:
            if passage.source_id == use.source_id and passage.start < end and use.passage_start < passage.end:
                return passage.note_id
        return None


def standard_from_settings(settings: Mapping[str, Any], notes: Mapping[str, NoteLike],
                           sources: Mapping[str, CitableSource]) -> CitationStandard:
    """The standard named by the FARSIDE_CITATION_STANDARD setting (off when unset)."""
    return CitationStandard(enabled=str(settings.get(SETTING) or "") == CURRENT,
                            error_passages=error_passages(notes, sources))


def error_passages(notes: Mapping[str, NoteLike], sources: Mapping[str, CitableSource]) -> list[ErrorPassage]:
    """Passages that notes quote as what a source got wrong (the ``said`` of error notes)."""
    from .syntax import CitationSyntaxError, parse_citations  # syntax imports this module

    found = []
    for note in notes.values():
        if note.kind not in ERROR_KINDS:
            continue
        try:
            cites = parse_citations(note.said)
        except CitationSyntaxError:
            continue  # the notes loader reports it
        for cite in cites:
            source = sources.get(cite.source_id)
            passage = find_quote(source.text, cite.quote) if source is not None else None
            if passage is not None:
                found.append(ErrorPassage(cite.source_id, passage.start, passage.end, note.id))
    return found


def quote_problem(quote: str) -> str | None:
    """Rule 2: too short to mean anything."""
    words = _WORD.findall(quote)
    if len(words) < MIN_QUOTE_WORDS:
        return (f'quote "{quote}" is {len(words)} word{"s" if len(words) != 1 else ""}; quote at least '
                f"{MIN_QUOTE_WORDS} words, enough to show the source says what the sentence says")
    if not any(word.casefold().strip("'’-") not in STOPWORDS and any(c.isalpha() for c in word) for word in words):
        return f'quote "{quote}" has no content word (only words like "the", "of", "said"); quote what the source states'
    return None


def uniqueness_problem(source_text: str, quote: str, first_at: int) -> str | None:
    """Rule 2: a quote that matches in two places of its source does not say which one is meant."""
    haystack = normalise(source_text)
    needle = normalise(quote).text
    first = haystack.text.find(needle)
    if first >= 0 and haystack.text.find(needle, first + 1) >= 0:
        return (f'quote "{quote}" matches more than one place in the source; quote a few more words so it '
                "points at one passage")
    return None


def first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def facts_problem(sentence: str, uses: Sequence[CitationUse], computed_inputs: Sequence[Fact] = (),
                  checked: str | None = None) -> str | None:
    """Rule 1: the sentence's figures that none of its quotes contain.

    ``checked`` is the sentence without the values the build worked out (default: all of it).
    """
    missing = missing_facts(sentence if checked is None else checked, [use.passage for use in uses],
                            computed_inputs)
    if not missing:
        return None
    facts = ", ".join(f'"{fact.shown}"' for fact in missing)
    searched = "; ".join(f'"{use.passage}"' for use in uses)
    return (f'sentence "{first_words(sentence)}" states {facts}, not found in its quotes (searched: {searched}); '
            "quote the words that give it, or write a worked-out value as [=convert ...] / [=days ...]")


def sentence_sources_problems(sentence: str, marks: Sequence[Sequence[CitationUse]]) -> tuple[list[str], list[str]]:
    """Rule 3: (errors, warnings) about the marks of one sentence."""
    errors, warnings = [], []
    seen: dict[str, int] = {}
    for index, mark in enumerate(marks):
        for source_id in dict.fromkeys(use.source_id for use in mark):
            if source_id in seen and seen[source_id] != index:
                errors.append(f"sentence \"{first_words(sentence)}\" cites '{source_id}' in two marks; put all its "
                              f'quotes in one: [@{source_id} "…"; @{source_id} "…"]')
            seen.setdefault(source_id, index)
    if len(seen) > MAX_SOURCES_PER_SENTENCE:
        warnings.append(f'sentence "{first_words(sentence)}" cites {len(seen)} sources; keep the strongest '
                        f"{MAX_SOURCES_PER_SENTENCE} or fewer")
    return errors, warnings


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def quoted_share(source_text: str, spans: Iterable[tuple[int, int]]) -> float:
    """The share of the source's words inside the union of ``spans``."""
    total = word_count(source_text)
    if not total:
        return 0.0
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return sum(word_count(source_text[a:b]) for a, b in merged) / total


def share_problems(pages: Iterable[tuple[str, Sequence[CitationUse]]], sources: Mapping[str, CitableSource],
                   standard: CitationStandard) -> list[tuple[str, str]]:
    """Rule 5: (path, message) for each page, and the site, that quotes too much of a source."""
    problems = []
    site: dict[str, list[tuple[int, int]]] = {}
    for path, uses in pages:
        per_source: dict[str, list[tuple[int, int]]] = {}
        for use in uses:
            span = (use.passage_start, use.passage_start + len(use.passage))
            per_source.setdefault(use.source_id, []).append(span)
            site.setdefault(use.source_id, []).append(span)
        for source_id, spans in per_source.items():
            share = quoted_share(sources[source_id].text, spans)
            if share > standard.max_page_share:
                problems.append((path, f"quotes {share:.0%} of the words of source '{source_id}' on this page; the "
                                       f"limit is {standard.max_page_share:.0%}: cite fewer or shorter passages"))
    for source_id, spans in site.items():
        share = quoted_share(sources[source_id].text, spans)
        if share > standard.max_site_share:
            path = str(getattr(sources[source_id], "metadata_path", source_id))
            problems.append((path, f"the site quotes {share:.0%} of the words of source '{source_id}'; the limit "
                                   f"is {standard.max_site_share:.0%}: cite fewer or shorter passages"))
    return problems
