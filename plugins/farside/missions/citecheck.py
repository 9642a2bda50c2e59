"""The citation standard applied to mission data: each value is a sentence of its own.

Every quote behind a value must be long enough, point at one passage and not be a passage
a note calls wrong; the value's figures must be in its quotes. A moment passes when one of
its clocks (as the data gives it) is in the quotes: the other clock is worked out by the
build (Beijing = UTC + 8 h), never asserted.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

from ..citations.facts import Fact
from ..citations.model import CitableSource, CitationUse
from ..citations.standard import (
    CitationStandard,
    facts_problem,
    first_words,
    quote_problem,
    sentence_sources_problems,
    uniqueness_problem,
)
from ..errors import BuildError
from .model import Cited, FieldValue, MissionData, Moment

VALUE, OTHER, WHY = "value", "other", "why"  # the roles of a cited part


def _cited_parts(value: FieldValue) -> Iterator[tuple[Cited, str]]:
    """(part, role) for the value's parts and its disagreement's: what another source says
    (OTHER) may quote that source's error, and the explanation (WHY) may restate it."""
    for part in value.parts:
        yield part, VALUE
    if value.disagreement is not None:
        for other in value.disagreement.values:
            yield other, OTHER
        yield value.disagreement.why, WHY


def _clock_facts(moment: Moment) -> list[list[Fact]]:
    """For each clock the moment is on, the facts that state it."""
    clocks = []
    for value in (moment.utc, moment.local):
        if value is None:
            continue
        day = value.date() if isinstance(value, dt.datetime) else value
        facts = [Fact("date", day.isoformat(), f"{day.day} {day:%B %Y}")]
        if isinstance(value, dt.datetime):
            facts.append(Fact("time", f"{value:%H:%M}", f"{value:%H:%M}"))
        clocks.append(facts)
    return clocks


def check_mission_citations(data: MissionData, sources: Mapping[str, CitableSource],
                            standard: CitationStandard) -> tuple[list[BuildError], list[BuildError]]:
    """(errors, warnings) for every cited value of every mission."""
    errors: list[BuildError] = []
    warnings: list[BuildError] = []
    for mission in data.missions.values():  # References mark passages notes call wrong, rules on or off
        for value in mission.values.values():
            for part, _ in _cited_parts(value):
                for use in part.cites:
                    use.error_note = standard.error_note(use)
    if not standard.enabled:
        return errors, warnings
    for mission in data.missions.values():
        for value in mission.values.values():
            for part, role in _cited_parts(value):
                claim = f"{mission.name}, {value.spec.label.lower()}: {part.text}"
                errors.extend(BuildError(mission.path, part.line, message)
                              for message in _quote_problems(part.cites, sources, standard, role != OTHER))
                problems, notices = sentence_sources_problems(claim, [part.cites])
                errors.extend(BuildError(mission.path, part.line, p) for p in problems)
                warnings.extend(BuildError(mission.path, part.line, n) for n in notices)
                if not part.cites:
                    continue
                problem = _facts(value, part, role, claim)
                if problem:
                    errors.append(BuildError(mission.path, part.line, problem))
    return errors, warnings


def _facts(value: FieldValue, part: Cited, role: str, claim: str) -> str | None:
    if role == VALUE and value.moment is not None:
        clocks = _clock_facts(value.moment)
        results = [facts_problem(claim, part.cites, facts, checked="") for facts in clocks]
        if any(result is None for result in results):
            return None
        searched = "; ".join(f'"{use.passage}"' for use in part.cites)
        return (f'value "{first_words(part.text)}": neither clock ({", ".join(f.shown for f in clocks[0])}'
                f"{' or ' + ', '.join(f.shown for f in clocks[1]) if len(clocks) > 1 else ''}) is in its quotes "
                f"(searched: {searched}); quote the words that give the date and time")
    if role == WHY and value.disagreement is not None:  # it may restate what the other sources say
        others = [use for other in value.disagreement.values for use in other.cites]
        return facts_problem(part.text, [*part.cites, *others])
    return facts_problem(part.text, part.cites)


def _quote_problems(uses: Sequence[CitationUse], sources: Mapping[str, CitableSource],
                    standard: CitationStandard, supports: bool = True) -> Iterator[str]:
    """Rule 2 for each quote; rule 4 (a passage a note calls wrong) where the quote ``supports``
    the site's own words, not where it shows what another source says."""
    for use in uses:
        problem = quote_problem(use.quote) or uniqueness_problem(sources[use.source_id].text, use.quote,
                                                                  use.passage_start)
        if problem:
            yield f"{problem} (source '{use.source_id}')"
        note = standard.error_note(use) if supports else None
        if note is not None:
            yield (f'quote "{use.quote}" is a passage that note \'{note}\' in data/notes.yaml quotes as the '
                   "source's error; it cannot support a value: cite a source that has it right")
