"""The citation syntax, as a markdown-it-py plugin.

    The lander touched down in Von Kármán crater [@dw-2024-ascent "touched down"; @nssdca "Von Karman"].

A citation group is ``[`` then one or more ``@source-id "exact words"`` joined by ``;``,
then ``]``. Quotes may use straight or curly double quotes; ``\\"`` is a literal quote.
Every cite is checked against the cleaned text of its source while the page is parsed;
problems go to ``env["errors"]`` (an ErrorLog) with the page's path and line.
"""
from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from jinja2 import Environment
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..errors import BuildError
from .computed import computed_plugin
from .facts import Fact
from .model import CitableSource, CitationUse, Cite, PageCitations
from .render import citation_templates, render_marks
from .standard import CitationStandard, facts_problem, sentence_sources_problems, uniqueness_problem
from .standard import quote_problem as standard_quote_problem
from .verify import closest_passage, find_quote, quote_problem

SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
OPENING_QUOTES = {'"': '"', "“": "”", "„": "“"}
logger = logging.getLogger(__name__)


class CitationSyntaxError(ValueError):
    """A malformed citation; ``offset`` is where in the text the problem is."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def parse_group(text: str, start: int = 0) -> tuple[list[Cite], int] | None:
    """Parse a citation group at ``text[start]``: (cites, end offset), or None if there is none.

    Raises CitationSyntaxError when ``[@`` starts something that is not a valid group.
    """
    if not text.startswith("[@", start) or text[start + 2:start + 3].isspace():
        return None  # "[@ " is ordinary text, not a citation
    cites: list[Cite] = []
    pos = start + 1
    while True:
        cite_start = pos
        if not text.startswith("@", pos):
            raise CitationSyntaxError("expected '@source-id' after ';' in a citation", pos)
        match = SOURCE_ID.match(text, pos + 1)
        if not match:
            raise CitationSyntaxError("a citation needs a source id after '@' (lowercase letters, digits, hyphens)", pos)
        source_id = match.group(0)
        pos = match.end()
        spaces = len(text[pos:]) - len(text[pos:].lstrip())
        pos += spaces
        closing = OPENING_QUOTES.get(text[pos:pos + 1])
        if not spaces or closing is None:
            raise CitationSyntaxError(
                f"citation of '{source_id}' needs the source's exact words in double quotes: "
                f"[@{source_id} \"words from the source\"]", cite_start)
        quote_chars: list[str] = []
        pos += 1
        while pos < len(text) and text[pos] != closing:
            if text[pos] == "\\" and pos + 1 < len(text):
                pos += 1
            quote_chars.append(text[pos])
            pos += 1
        if pos >= len(text):
            raise CitationSyntaxError(f"quote for '{source_id}' is never closed; end it with {closing}", cite_start)
        cites.append(Cite(source_id, " ".join("".join(quote_chars).split()), cite_start))
        pos += 1
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        if text.startswith(";", pos):
            pos += 1
            while pos < len(text) and text[pos] in " \t\n":
                pos += 1
            continue
        if text.startswith("]", pos):
            return cites, pos + 1
        if "]" not in text[pos:]:
            raise CitationSyntaxError("citation is never closed: end it with ']' before the paragraph ends", start)
        raise CitationSyntaxError("a citation group ends with ']'; separate several cites with ';'", pos)


def split_citations(raw: str) -> tuple[str, list[Cite]]:
    """The text with its citation groups taken out, and the cites in order."""
    pieces: list[str] = []
    cites: list[Cite] = []
    pos = 0
    start = raw.find("[@")
    while start >= 0:
        parsed = parse_group(raw, start)
        if parsed is None:
            start = raw.find("[@", start + 2)
            continue
        group, end = parsed
        pieces.append(raw[pos:start])
        cites.extend(group)
        pos = end
        start = raw.find("[@", end)
    pieces.append(raw[pos:])
    text = " ".join("".join(pieces).split())
    return re.sub(r"\s+([.,;:!?)])", r"\1", text), cites


def parse_citations(text: str) -> list[Cite]:
    """Every cite in a plain string (mission data, notes); raises CitationSyntaxError."""
    return split_citations(text)[1]


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos) or state.src[state.pos + 2:state.pos + 3].isspace():
        return False
    try:
        parsed = parse_group(state.src, state.pos)
    except CitationSyntaxError as problem:
        # The rest of the paragraph is the broken citation: one error, and no rescanning of
        # every later "[@" (which made a page of openers quadratic).
        if not silent:
            token = state.push("citation_error", "", 0)
            token.content = state.src[state.pos:]
            token.meta = {"offset": state.pos, "problem": str(problem)}
        state.pos = state.posMax
        return True
    assert parsed is not None
    cites, end = parsed
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"cites": cites, "offset": state.pos, "uses": []}
    state.pos = end
    return True


MARK = "\ue000"  # stands for a citation mark while a paragraph is split into sentences
ABBREVIATION_END = re.compile(r"(?:\b[ap]\.m\.|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|no|nos|dr|st|"
                              r"mt|mr|mrs|ms|prof|vs|approx|e\.g|i\.e|u\.s)\.)[\"”’')\]\ue000]*$", re.I)
SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]\ue000]*(\s+)(?=[\"“‘(\[]?[A-Z0-9])")


@dataclass
class Sentence:
    """One sentence of a paragraph: its words, its marks (token indexes) and worked-out values."""

    text: str = ""  # as the reader sees it
    checked: str = ""  # without worked-out values, whose figures come from the build
    marks: list[int] = field(default_factory=list)
    computed: list[Fact] = field(default_factory=list)


def sentences(children: list[Token]) -> list[Sentence]:
    """The paragraph's sentences, each with the citation marks that belong to it (linear time).

    A mark right after a full stop belongs to the sentence it follows.
    """
    pieces: list[str] = []
    slots: list[tuple[str, int]] = []  # (kind, child index) for each MARK, in order
    for index, child in enumerate(children):
        if child.type in ("text", "code_inline"):
            pieces.append(child.content.replace(MARK, ""))
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif child.type in ("citation", "computed"):
            pieces.append(MARK)
            slots.append((child.type, index))
            if child.type == "computed":
                pieces.append(child.content.replace(MARK, "") + MARK)
                slots.append(("computed-end", index))
    text = "".join(pieces)
    raw: list[str] = []
    cuts = [0] + [point for match in SENTENCE_BREAK.finditer(text) for point in match.span(1)] + [len(text)]
    for piece in (text[cuts[i]:cuts[i + 1]] for i in range(0, len(cuts), 2)):
        if raw and ABBREVIATION_END.search(raw[-1]):
            raw[-1] += " " + piece
        else:
            raw.append(piece)
    found: list[Sentence] = []
    slot = 0
    for piece in raw:
        sentence = Sentence()
        words: list[str] = []
        checked: list[str] = []
        inside_computed = False
        parts = piece.split(MARK)
        for part_index, part in enumerate(parts):
            words.append(part)
            checked.append(" " if inside_computed else part)
            if part_index == len(parts) - 1:
                break
            kind, child_index = slots[slot]
            slot += 1
            if kind == "citation":
                sentence.marks.append(child_index)
            elif kind == "computed":
                sentence.computed.extend(children[child_index].meta["inputs"])
                inside_computed = True
            else:
                inside_computed = False
        sentence.text = " ".join("".join(words).split())
        sentence.checked = " ".join("".join(checked).split())
        found.append(sentence)
    return found


def _attach_to_previous_word(children: list[Token], index: int) -> None:
    """A mark sits right after its word: drop the space or line break an editor typed before it."""
    previous = index - 1
    while previous >= 0 and children[previous].type in ("softbreak", "text") :
        child = children[previous]
        if child.type == "softbreak":
            child.type, child.tag, child.content = "text", "", ""
        else:
            child.content = child.content.rstrip()
            if child.content:
                break
        previous -= 1


def citations_plugin(md: MarkdownIt, sources: Mapping[str, CitableSource],
                     source_url: Callable[[str], str] | None = None,
                     standard: CitationStandard | None = None, templates: Environment | None = None) -> None:
    """Add the citation syntax, its checks, its marks and the References section.

    ``sources`` maps id to source; ``source_url`` gives the href of a source's own page;
    ``standard`` holds the rules of FARSIDE_CITATION_STANDARD (None: only quotes are checked);
    ``templates`` is the theme's Jinja environment the marks are rendered with. The References
    section is not part of the page's HTML: page templates include partials/references.html,
    built from the page's citations once the mission data has added its own.
    """
    marks_env = templates or citation_templates()
    md.inline.ruler.before("link", "citation", _citation_rule)
    computed_plugin(md)

    def check_and_number(state: StateCore) -> None:
        env = state.env
        path = env.get("path", "<markdown>")
        line_offset = env.get("line_offset", 0)
        log = env.get("errors")
        errors: list[BuildError] = []
        warnings: list[BuildError] = []
        page = PageCitations()
        rules = standard if standard is not None and standard.enabled else None

        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            # Text pulled in from data files (notes) reports errors at its own file and line.
            block_path, block_offset = (block.meta or {}).get("origin", (path, line_offset))
            in_note = bool((block.meta or {}).get("in_note"))
            base_line = (block.map[0] if block.map else 0) + block_offset + 1
            lines: dict[int, int] = {}
            for index, token in enumerate(block.children):
                if token.type not in ("citation", "citation_error", "computed"):
                    continue
                line = base_line + block.content.count("\n", 0, token.meta["offset"])
                lines[index] = line
                if token.type == "computed":
                    if "problem" in token.meta:
                        errors.append(BuildError(block_path, line, token.meta["problem"]))
                    continue
                _attach_to_previous_word(block.children, index)
                if token.type == "citation_error":
                    errors.append(BuildError(block_path, line, token.meta["problem"]))
            for sentence in sentences(block.children):
                marks: list[list[CitationUse]] = []
                for index in sentence.marks:
                    token = block.children[index]
                    uses = [use for cite in token.meta["cites"]
                            if (use := verify_cite(cite, sources, block_path, lines[index], sentence.text, errors,
                                                   standard, in_note)) is not None]
                    token.meta["uses"] = page.place(uses, sources)
                    marks.append(token.meta["uses"])
                if rules is None or not marks:
                    continue
                line = lines[sentence.marks[0]]
                problems, notices = sentence_sources_problems(sentence.text, marks)
                errors.extend(BuildError(block_path, line, problem) for problem in problems)
                warnings.extend(BuildError(block_path, line, notice) for notice in notices)
                if in_note:
                    continue  # a note reports what sources say, including their errors
                facts = facts_problem(sentence.text, [use for mark in marks for use in mark], sentence.computed,
                                      sentence.checked)
                if facts:
                    errors.append(BuildError(block_path, line, facts))
        if log is not None:
            for error in errors:
                log.add(error.path, error.line, error.message)
        else:
            env.setdefault("citation_errors", []).extend(errors)
        for warning in warnings:
            logger.warning("%s", warning)
        env.setdefault("citation_warnings", []).extend(warnings)
        env["citations"] = page

    md.core.ruler.push("citations", check_and_number)
    md.add_render_rule("citation", lambda self, tokens, idx, options, env: str(
        render_marks(tokens[idx].meta["uses"], env["citations"].sources, marks_env)))
    md.add_render_rule("citation_error", lambda self, tokens, idx, options, env: "")


def verify_cite(cite: Cite, sources: Mapping[str, CitableSource], path: str, line: int, claim: str,
                errors: list[BuildError], standard: CitationStandard | None = None,
                error_quote_ok: bool = False) -> CitationUse | None:
    """Check one cite against its source; Markdown and mission data share it so messages match.

    With a ``standard``, the quote must also be long enough, point at one passage and not be a
    passage a note calls wrong (unless ``error_quote_ok``: the note itself quoting it).
    """
    source = sources.get(cite.source_id)
    if source is None:
        near = difflib.get_close_matches(cite.source_id, list(sources), n=3)
        hint = f"did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        known = ", ".join(sorted(sources)) or "none"
        errors.append(BuildError(path, line, f"unknown source '{cite.source_id}'; {hint + ' ' if hint else ''}known sources: {known}"))
        return None
    problem = quote_problem(cite.quote) or (standard_quote_problem(cite.quote) if standard and standard.enabled
                                            else None)
    if problem:
        errors.append(BuildError(path, line, f"{problem} (source '{cite.source_id}')"))
        return None
    passage = find_quote(source.text, cite.quote)
    if passage is None:
        closest = closest_passage(source.text, cite.quote)
        errors.append(BuildError(path, line, f'quote "{cite.quote}" not found in source \'{cite.source_id}\'; '
                                             f'closest passage: "{closest}"'))
        return None
    use = CitationUse(source_id=cite.source_id, quote=cite.quote, passage=passage.text,
                      passage_start=passage.start, line=line, sentence=claim)
    if standard is not None:
        use.error_note = standard.error_note(use)
    if standard is not None and standard.enabled:
        problem = uniqueness_problem(source.text, cite.quote, passage.start)
        if problem:
            errors.append(BuildError(path, line, f"{problem} (source '{cite.source_id}')"))
            return None
    note = use.error_note if standard is not None and standard.enabled else None
    if note is not None and not error_quote_ok:
        errors.append(BuildError(path, line, f'quote "{cite.quote}" is a passage that note \'{note}\' in '
                                             "data/notes.yaml quotes as the source's error; it cannot support "
                                             "a sentence: cite a source that has it right"))
        return None
    return use
