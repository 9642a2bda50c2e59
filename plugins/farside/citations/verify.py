"""Is this quote in that source? Matching that forgives typography, never wording.

Quotes and source texts are compared after normalising white space, quote marks,
dashes and case, so an editor can type straight quotes for curly ones. The match is
mapped back to the exact span of the source text, which is what the site shows.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

QUOTE_MARKS = "'\"‘’‚‛“”„‟′″«»‹›`´"
DASHES = "‐‑‒–—―−"
_TRANSLATE = {ord(c): "'" for c in QUOTE_MARKS} | {ord(c): "-" for c in DASHES} | {0xA0: " ", 0xAD: None}
_SPACE = re.compile(r"\s+")
MAX_QUOTE_WORDS = 45


@dataclass(frozen=True)
class Normalised:
    """Normalised text plus, for each of its characters, the offset in the original."""

    text: str
    offsets: tuple[int, ...]


@lru_cache(maxsize=256)
def normalise(text: str) -> Normalised:
    chars: list[str] = []
    offsets: list[int] = []
    previous_space = True  # also strips leading space
    for index, char in enumerate(text):
        mapped = char.translate(_TRANSLATE)
        if not mapped:
            continue
        if mapped.isspace():
            if previous_space:
                continue
            mapped, previous_space = " ", True
        else:
            previous_space = False
        for piece in mapped.casefold():
            chars.append(piece)
            offsets.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return Normalised("".join(chars), tuple(offsets))


def normalise_quote(quote: str) -> str:
    """``normalise(quote).text``, in bulk string operations (no offsets kept).

    The same result character for character: the translation maps each character to at most
    one, white space (``str.isspace``, which is what ``\\s`` matches) is collapsed after it,
    and case folding is per character and never yields white space
    (tests/citations/test_normalise.py checks this against every code point).
    """
    return _SPACE.sub(" ", quote.translate(_TRANSLATE)).strip(" ").casefold()


@dataclass(frozen=True)
class Passage:
    """Where a quote sits in a source's readable text (end is exclusive)."""

    start: int
    end: int
    text: str


def find_quote(source_text: str, quote: str) -> Passage | None:
    """The exact passage of ``source_text`` that ``quote`` quotes, or None."""
    needle = normalise_quote(quote)
    if not needle:
        return None
    haystack = normalise(source_text)
    at = haystack.text.find(needle)
    if at < 0:
        return None
    start = haystack.offsets[at]
    end = haystack.offsets[at + len(needle) - 1] + 1
    return Passage(start, end, source_text[start:end])


MAX_CANDIDATES = 40  # windows compared in full with difflib, whatever the source's size


@dataclass(frozen=True)
class WordIndex:
    """A source's words with their spans and, per normalised word, where it occurs.

    Built once per source text, so a wrong quote costs a look-up per word of the quote
    plus a bounded number of full comparisons, not a scan of the whole source.
    """

    spans: tuple[tuple[int, int], ...]
    positions: dict[str, tuple[int, ...]]


@lru_cache(maxsize=64)
def word_index(source_text: str) -> WordIndex:
    spans = []
    positions: dict[str, list[int]] = {}
    for number, match in enumerate(re.finditer(r"\S+", source_text)):
        spans.append((match.start(), match.end()))
        positions.setdefault(normalise_quote(match.group(0)), []).append(number)
    return WordIndex(tuple(spans), {word: tuple(found) for word, found in positions.items()})


def closest_passage(source_text: str, quote: str) -> str:
    """The stretch of the source most like ``quote``, to show an editor what is there.

    Candidate windows are those where the quote's words line up with the source's (each
    shared word votes for the window it implies); only the best few are compared in full.
    """
    needle = normalise_quote(quote)
    index = word_index(source_text)
    if not index.spans or not needle:
        return ""
    quote_words = needle.split()
    width = max(1, len(quote_words))
    votes: dict[int, int] = {}
    for offset, word in enumerate(quote_words):
        occurrences = index.positions.get(word, ())
        if len(occurrences) > 200:  # a word like "the": it says nothing about where
            continue
        for position in occurrences:
            start = max(0, position - offset)
            votes[start] = votes.get(start, 0) + 1
    candidates = sorted(votes, key=lambda start: (-votes[start], start))[:MAX_CANDIDATES] or [0]
    best_ratio, best = -1.0, (0, 0)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for first in candidates:
        last = min(len(index.spans), first + width) - 1
        window = normalise_quote(source_text[index.spans[first][0]:index.spans[last][1]])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best_ratio, best = ratio, (index.spans[first][0], index.spans[last][1])
    return _SPACE.sub(" ", source_text[best[0]:best[1]]).strip()


def quote_problem(quote: str) -> str | None:
    """Why a quote cannot be used at all (empty, too long to be a short quotation)."""
    words = len(quote.split())
    if words == 0:
        return "quote is empty; put the source's exact words between the quotes"
    if words > MAX_QUOTE_WORDS:
        return (f"quote is {words} words long; quote at most {MAX_QUOTE_WORDS} words "
                "(the site publishes short quotations, never whole passages)")
    return None
