"""Coverage: which claims of each collected article the site cites, excludes (with a reason), or misses.

A claim is a sentence of the source's readable text. It is covered when a cited passage
overlaps it, or when the editor's exclusion list names words inside it with a reason.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..editordata import check, load_schema, load_yaml, project_schema, suggest
from ..errors import BuildError, ErrorLog
from .verify import find_quote

COVERAGE_WORDS = 6  # the report is an editor's index to the articles, not a copy of them
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’')\]]*|$)", re.M)


@dataclass(frozen=True)
class Exclusion:
    source_id: str
    quote: str
    reason: str
    start: int
    end: int


@dataclass
class Claim:
    text: str
    start: int
    end: int
    status: str = "missing"  # cited | excluded | missing
    reason: str = ""
    cited_by: list[str] = field(default_factory=list)  # page titles

    @property
    def first_words(self) -> str:
        """What the coverage report shows of the sentence: enough to find it, never all of it."""
        words = self.text.split()
        shown = min(COVERAGE_WORDS, max(1, len(words) // 2))
        return " ".join(words[:shown]) + ("…" if len(words) > shown else "")


ABBREVIATION = re.compile(r"\b(?:No|Nos|Mr|Mrs|Ms|Dr|St|Mt|vs|approx|U\.S|e\.g|i\.e)\.$")


def split_claims(text: str) -> list[Claim]:
    """Sentences (and stand-alone lines such as headlines) with their spans in ``text``."""
    spans: list[list[int]] = []
    for match in SENTENCE.finditer(text):
        if not match.group(0).strip():
            continue
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        end = match.start() + len(match.group(0).rstrip())
        if spans and ABBREVIATION.search(text[spans[-1][0]:spans[-1][1]]) and "\n" not in text[spans[-1][1]:start]:
            spans[-1][1] = end  # "Yutu No. 2" is one sentence
        else:
            spans.append([start, end])
    return [Claim(text[a:b], a, b) for a, b in spans if len(re.findall(r"\w+", text[a:b])) >= 2]


def load_exclusions(path: Path, sources: Mapping[str, object], log: ErrorLog) -> dict[str, list[Exclusion]]:
    """``data/exclusions.yaml``: source id -> [{quote, reason}], each quote checked against the source."""
    if not path.exists():
        return {}
    shown = log.display_path(path)
    try:
        located = load_yaml(path, shown)
    except BuildError as error:
        log.add(error.path, error.line, error.message)
        return {}
    data = located.data if located.data is not None else {}
    problems = check(load_schema(project_schema(path.parent, "exclusions")), data)
    for problem in problems:
        log.add(shown, located.line(*problem.where), problem.message)
    if not isinstance(data, dict):
        return {}
    bad = {problem.where[0] for problem in problems if problem.where}
    result: dict[str, list[Exclusion]] = {}
    for source_id, entries in data.items():
        source = sources.get(source_id)
        if source is None:
            log.add(shown, located.line(source_id),
                    f"{source_id}: unknown source; {suggest(source_id, sorted(sources), 'known sources:')}")
            continue
        if source_id in bad:
            continue
        for index, entry in enumerate(entries):
            passage = find_quote(source.text, entry["quote"])  # type: ignore[attr-defined]
            if passage is None:
                log.add(shown, located.line(source_id, index, "quote"),
                        f'quote "{entry["quote"]}" not found in source \'{source_id}\'')
                continue
            result.setdefault(source_id, []).append(
                Exclusion(source_id, entry["quote"], entry["reason"].strip(), passage.start, passage.end))
    return result


def coverage(text: str, cited: Iterable[tuple[int, int, str]], exclusions: Iterable[Exclusion]) -> list[Claim]:
    """Every claim of ``text`` with its status; ``cited`` is (start, end, citing page title)."""
    claims = split_claims(text)
    cited = list(cited)
    exclusions = list(exclusions)
    for claim in claims:
        for start, end, title in cited:
            if start < claim.end and end > claim.start:
                claim.status = "cited"
                if title not in claim.cited_by:
                    claim.cited_by.append(title)
        if claim.status != "cited":
            for exclusion in exclusions:
                if exclusion.start < claim.end and exclusion.end > claim.start:
                    claim.status, claim.reason = "excluded", exclusion.reason
                    break
    return claims
