"""The citation syntax, as a markdown-it-py plugin.

    The lander touched down in Von Kármán crater [@dw-2024-ascent "touched down"; @nssdca "Von Karman"].

A citation group is ``[`` then one or more ``@source-id "exact words"`` joined by ``;``,
then ``]``. Quotes may use straight or curly double quotes; ``\\"`` is a literal quote.
Every cite is checked against the cleaned text of its source while the page is parsed;
problems go to ``env["errors"]`` (an ErrorLog) with the page's path and line.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..errors import BuildError
from .model import CitableSource, CitationUse, Cite, PageCitations
from .render import render_marks, render_references
from .verify import closest_passage, find_quote, quote_problem

SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
OPENING_QUOTES = {'"': '"', "“": "”", "„": "“"}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


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
        if not silent:
            state.env.setdefault("citation_syntax_errors", []).append((state.src, problem))
        parsed = None
        end = state.src.find("]", state.pos)
        if end < 0:
            return False
        if not silent:
            token = state.push("citation_error", "", 0)
            token.content = state.src[state.pos:end + 1]
            token.meta = {"offset": state.pos, "problem": str(problem)}
        state.pos = end + 1
        return True
    assert parsed is not None
    cites, end = parsed
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"cites": cites, "offset": state.pos, "uses": []}
    state.pos = end
    return True


def _claim_before(children: list[Token], index: int) -> str:
    """The sentence a citation at ``children[index]`` supports: the text just before it."""
    parts = []
    for child in children[:index]:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    if not text:
        return ""
    pieces = SENTENCE_END.split(text.rstrip())
    return pieces[-1].strip()


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
                     source_url: Callable[[str], str] | None = None) -> None:
    """Add the citation syntax, its checks, its marks and the References section.

    ``sources`` maps id to source; ``source_url`` gives the href of a source's own page.
    """
    md.inline.ruler.before("link", "citation", _citation_rule)

    def check_and_number(state: StateCore) -> None:
        env = state.env
        path = env.get("path", "<markdown>")
        line_offset = env.get("line_offset", 0)
        log = env.get("errors")
        errors: list[BuildError] = []
        page = PageCitations()
        numbers: dict[str, int] = {}
        passages: dict[tuple[str, int, int], int] = {}

        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            # Text pulled in from data files (notes) reports errors at its own file and line.
            block_path, block_offset = (block.meta or {}).get("origin", (path, line_offset))
            base_line = (block.map[0] if block.map else 0) + block_offset + 1
            for index, token in enumerate(block.children):
                if token.type not in ("citation", "citation_error"):
                    continue
                _attach_to_previous_word(block.children, index)
                line = base_line + block.content.count("\n", 0, token.meta["offset"])
                if token.type == "citation_error":
                    errors.append(BuildError(block_path, line, token.meta["problem"]))
                    continue
                claim = _claim_before(block.children, index)
                for cite in token.meta["cites"]:
                    use = verify_cite(cite, sources, block_path, line, claim, errors)
                    if use is None:
                        continue
                    use.number = numbers.setdefault(use.source_id, len(numbers) + 1)
                    key = (use.source_id, use.passage_start, len(use.passage))
                    per_source = sum(1 for (sid, _, _) in passages if sid == use.source_id)
                    use.passage_number = passages.setdefault(key, per_source + 1)
                    use.order = len(page.uses) + 1
                    use.anchor = f"cite-{use.order}"
                    page.uses.append(use)
                    page.sources[use.source_id] = sources[use.source_id]
                    token.meta["uses"].append(use)
        if log is not None:
            for error in errors:
                log.add(error.path, error.line, error.message)
        else:
            env.setdefault("citation_errors", []).extend(errors)
        env["citations"] = page
        if page.uses:
            tail = Token("citation_references", "", 0)
            tail.block = True
            tail.meta = {"page": page}
            state.tokens.append(tail)

    md.core.ruler.push("citations", check_and_number)
    md.add_render_rule("citation", lambda self, tokens, idx, options, env: render_marks(tokens[idx].meta["uses"], env["citations"].sources))
    md.add_render_rule("citation_error", lambda self, tokens, idx, options, env: "")
    md.add_render_rule("citation_references",
                       lambda self, tokens, idx, options, env: render_references(tokens[idx].meta["page"], source_url))


def verify_cite(cite: Cite, sources: Mapping[str, CitableSource], path: str, line: int, claim: str,
                errors: list[BuildError]) -> CitationUse | None:
    """Check one cite against its source; Markdown and mission data share it so messages match."""
    source = sources.get(cite.source_id)
    if source is None:
        near = difflib.get_close_matches(cite.source_id, list(sources), n=3)
        hint = f"did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        known = ", ".join(sorted(sources)) or "none"
        errors.append(BuildError(path, line, f"unknown source '{cite.source_id}'; {hint + ' ' if hint else ''}known sources: {known}"))
        return None
    problem = quote_problem(cite.quote)
    if problem:
        errors.append(BuildError(path, line, f"{problem} (source '{cite.source_id}')"))
        return None
    passage = find_quote(source.text, cite.quote)
    if passage is None:
        closest = closest_passage(source.text, cite.quote)
        errors.append(BuildError(path, line, f'quote "{cite.quote}" not found in source \'{cite.source_id}\'; '
                                             f'closest passage: "{closest}"'))
        return None
    return CitationUse(source_id=cite.source_id, quote=cite.quote, passage=passage.text,
                       passage_start=passage.start, line=line, sentence=claim)
