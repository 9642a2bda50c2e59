"""markdown-it plugin: on pages that state facts, every paragraph must carry a citation.

A paragraph that states no fact opts out with ``{.no-facts}`` on the line before it
(on the paragraph, or on the list or quote that holds it). The check runs only when the
page's env has ``require_citations`` set, so About-style pages can opt out whole.
"""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from ..errors import BuildError

OPT_OUT_CLASS = "no-facts"


def required_citations_plugin(md: MarkdownIt) -> None:
    def check(state: StateCore) -> None:
        env = state.env
        if not env.get("require_citations"):
            return
        opted_out: list[bool] = []
        errors = []
        tokens = state.tokens
        for index, token in enumerate(tokens):
            if token.nesting == 1:
                classes = str(token.attrGet("class") or "").split()
                opted_out.append(OPT_OUT_CLASS in classes or (bool(opted_out) and opted_out[-1]))
            if token.type == "paragraph_open" and not opted_out[-1] and not (token.meta or {}).get("in_note"):
                inline = tokens[index + 1]
                if not any(child.type == "citation" for child in inline.children or []):
                    line = (token.map[0] if token.map else 0) + env.get("line_offset", 0) + 1
                    errors.append(BuildError(
                        env.get("path", "<markdown>"), line,
                        'paragraph has no citation; cite its source with [@source-id "exact words"], or put '
                        "{.no-facts} on the line before a paragraph that states no fact"))
            if token.nesting == -1 and opted_out:
                opted_out.pop()
        log = env.get("errors")
        for error in errors:
            if log is not None:
                log.add(error.path, error.line, error.message)
            else:
                env.setdefault("citation_errors", []).append(error)

    md.core.ruler.push("required_citations", check)
