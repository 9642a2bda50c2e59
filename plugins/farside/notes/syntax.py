"""markdown-it plugin: `[!note id]` on a line of its own shows that note where it stands,
and `[!notes]` shows every note (the Notes on the sources page).

The note's fields are Markdown with citations, parsed in the page's own environment so
their citation marks join the page's References; errors point into notes.yaml. The box
around them (its heading, title and field labels) comes from the theme's template
``partials/source-note.html``, through the ``render`` function the build passes in.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from ..errors import BuildError
from .model import SourceNote

DIRECTIVE = re.compile(r"^\[!(note|notes)(?:\s+([a-z0-9-]+))?\]\s*$")
FIELDS = ("said", "correct", "why")
NOTE_TEMPLATE = "partials/source-note.html"
Render = Callable[..., str]  # render(template_name, **data) -> HTML


def source_notes_plugin(md: MarkdownIt, notes: Mapping[str, SourceNote], render: Render) -> None:
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
            _emit_note(state, note, start, render, heading=(which == "notes"))
        state.line = start + 1
        return True

    md.block.ruler.before("paragraph", "source_note", note_block)


def _emit_note(state: StateBlock, note: SourceNote, line: int, render: Render, heading: bool) -> None:
    """The box's opening and closing come from the template; between them, the fields as Markdown."""
    opening = state.push("html_block", "", 0)
    opening.map = [line, line + 1]
    opening.content = _html_block(render(NOTE_TEMPLATE, part="open", note=note, heading=heading))
    for field in FIELDS:
        text = getattr(note, field)
        if not text:
            continue
        label = str(render(NOTE_TEMPLATE, part="label", field=field)).strip()
        first = len(state.tokens)
        state.md.block.parse(f"**{label}** {text}", state.md, state.env, state.tokens)
        for token in state.tokens[first:]:
            token.meta = {**(token.meta or {}), "origin": (note.path, note.line(field) - 1), "in_note": True}
    closing = state.push("html_block", "", 0)
    closing.content = _html_block(render(NOTE_TEMPLATE, part="close", note=note))


def _html_block(html: str) -> str:
    return str(html).rstrip("\n") + "\n"
