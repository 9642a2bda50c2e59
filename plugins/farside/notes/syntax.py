"""markdown-it plugin: `[!note id]` on a line of its own shows that note where it stands,
and `[!notes]` shows every note (the Notes on the sources page).

The note's fields are Markdown with citations, parsed in the page's own environment so
their citation marks join the page's References; errors point into notes.yaml.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock

from ..errors import BuildError
from .model import SourceNote

DIRECTIVE = re.compile(r"^\[!(note|notes)(?:\s+([a-z0-9-]+))?\]\s*$")
LABELS = {"said": "What a source said.", "correct": "What is right.", "why": "Why they differ."}
KIND_TITLES = {"error": "A source is wrong", "disagreement": "The sources disagree", "misnomer": "A misleading name"}


def source_notes_plugin(md: MarkdownIt, notes: Mapping[str, SourceNote]) -> None:
    def note_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line_start = state.bMarks[start] + state.tShift[start]
        line_text = state.src[line_start:state.eMarks[start]]
        match = DIRECTIVE.match(line_text)
        if not match:
            return False
        if silent:
            return True
        which, note_id = match.groups()
        if which == "notes":
            chosen = list(notes.values())
        elif note_id in notes:
            chosen = [notes[note_id]]
        else:
            chosen = []
            env = state.env
            near = difflib.get_close_matches(note_id or "", list(notes), n=2)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            error = BuildError(env.get("path", "<markdown>"), start + env.get("line_offset", 0) + 1,
                               f"unknown note '{note_id}'; {hint}notes are defined in data/notes.yaml")
            if env.get("errors") is not None:
                env["errors"].add(error.path, error.line, error.message)
        for note in chosen:
            _emit_note(state, note, start, heading=(which == "notes"))
        state.line = start + 1
        return True

    md.block.ruler.before("paragraph", "source_note", note_block)


def _emit_note(state: StateBlock, note: SourceNote, line: int, heading: bool) -> None:
    anchor = f"note-{note.id}"
    if heading:
        token = state.push("html_block", "", 0)
        token.content = f'<h2 id="{anchor}">{escapeHtml(note.topic)}</h2>\n'
    opening = state.push("html_block", "", 0)
    opening.map = [line, line + 1]
    if heading:  # listed under its own heading: the box only says what kind of note it is
        opening.content = (f'<aside class="source-note source-note-{note.kind}" aria-labelledby="{anchor}">\n'
                           f'<p class="source-note-title">{KIND_TITLES[note.kind]}</p>\n')
    else:
        title_id = f"{anchor}-title"
        opening.content = (f'<aside class="source-note source-note-{note.kind}" id="{anchor}" '
                           f'aria-labelledby="{title_id}">\n<p class="source-note-title" id="{title_id}">'
                           f"{KIND_TITLES[note.kind]}: {escapeHtml(note.topic)}</p>\n")
    for field in ("said", "correct", "why"):
        text = getattr(note, field)
        if not text:
            continue
        first = len(state.tokens)
        state.md.block.parse(f"**{LABELS[field]}** {text}", state.md, state.env, state.tokens)
        for token in state.tokens[first:]:
            token.meta = {**(token.meta or {}), "origin": (note.path, note.line(field) - 1), "in_note": True}
    closing = state.push("html_block", "", 0)
    closing.content = "</aside>\n"
