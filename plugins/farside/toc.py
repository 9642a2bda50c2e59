"""markdown-it plugin: collect a page's section headings for its table of contents.

The headings (level 2 by default) and the ids the anchors plugin gave them are stored in
``env["toc"]`` as ``TocEntry`` items; the theme draws the table of contents from them, so
no HTML is built here.
"""
from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ENV_KEY = "toc"


@dataclass(frozen=True)
class TocEntry:
    anchor: str  # the heading's id, the link target
    title: str  # the heading's plain text
    level: int


def heading_text(state: StateCore, index: int) -> str:
    """The words of a heading, without markup (citation marks and attributes carry no text)."""
    inline = state.tokens[index + 1]
    words = [child.content for child in inline.children or () if child.type in ("text", "code_inline")]
    return " ".join("".join(words).split())


def toc_plugin(md: MarkdownIt, levels: tuple[int, ...] = (2,)) -> None:
    tags = {f"h{level}" for level in levels}

    def collect_headings(state: StateCore) -> None:
        entries: list[TocEntry] = []
        for index, token in enumerate(state.tokens):
            if token.type != "heading_open" or token.tag not in tags or token.level != 0:
                continue
            anchor = token.attrGet("id")
            title = heading_text(state, index)
            if anchor and title:
                entries.append(TocEntry(str(anchor), title, int(token.tag[1])))
        state.env[ENV_KEY] = entries

    # After the anchors plugin has given every heading its id (it pushes its rule at the end).
    if "anchor" in [rule.name for rule in md.core.ruler.__rules__]:
        md.core.ruler.after("anchor", "toc", collect_headings)
    else:
        md.core.ruler.push("toc", collect_headings)
