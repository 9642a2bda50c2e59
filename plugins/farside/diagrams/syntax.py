"""markdown-it plugin: `[!figure name]` on a line of its own places a generated figure.

The `<figure>` around the drawing and its caption come from the theme's template
``partials/figure.html``, through the ``render`` function the build passes in.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markupsafe import Markup

DIRECTIVE = re.compile(r"^\[!figure\s+([a-z0-9-]+)\]\s*$")
FIGURE_TEMPLATE = "partials/figure.html"
Render = Callable[..., str]  # render(template_name, **data) -> HTML


@dataclass(frozen=True)
class Figure:
    draw: Callable[[], str]  # returns the <svg> markup (already escaped)
    caption: str  # plain text, escaped on output


def figures_plugin(md: MarkdownIt, figures: Mapping[str, Figure], render: Render) -> None:
    def figure_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        begin = state.bMarks[start] + state.tShift[start]
        match = DIRECTIVE.match(state.src[begin:state.eMarks[start]])
        if not match:
            return False
        if silent:
            return True
        name = match.group(1)
        token = state.push("html_block", "", 0)
        token.map = [start, start + 1]
        if name in figures:
            figure = figures[name]
            html = str(render(FIGURE_TEMPLATE, name=name, drawing=Markup(figure.draw()), caption=figure.caption))
            token.content = html.rstrip("\n") + "\n"
        else:
            token.content = ""
            env = state.env
            near = difflib.get_close_matches(name, list(figures), n=1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            if env.get("errors") is not None:
                env["errors"].add(env.get("path", "<markdown>"), start + env.get("line_offset", 0) + 1,
                                  f"unknown figure '{name}'; {hint}known figures: {', '.join(sorted(figures))}")
        state.line = start + 1
        return True

    md.block.ruler.before("paragraph", "figure", figure_block)
