"""The one place that decides which Markdown dialect pages are written in.

CommonMark plus tables, footnotes, heading anchors and attributes. Raw HTML is off:
an editor's Markdown can never inject markup or script into the site.
"""
from __future__ import annotations

import re

from collections.abc import Callable, Iterable

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

# Attributes an editor may set with {#id .class lang=xx}; event handlers and styles never.
ALLOWED_ATTRIBUTES = ("id", "class", "lang")

MarkdownPlugin = Callable[[MarkdownIt], None]

# Pelican rewrites links such as {filename}change-4.md to the page's final URL, so the
# placeholder must survive markdown-it's URL normalisation (which would escape the braces).
PELICAN_PLACEHOLDER = re.compile(r"^\{(filename|static|attach|index|tag|category|author)\}")


def _keep_pelican_placeholders(normalize: Callable[[str], str]) -> Callable[[str], str]:
    def normalize_link(url: str) -> str:
        match = PELICAN_PLACEHOLDER.match(url)
        if match:
            return match.group(0) + normalize(url[match.end():])
        return normalize(url)

    return normalize_link


def make_parser(extra_plugins: Iterable[MarkdownPlugin] = ()) -> MarkdownIt:
    """A fresh parser; ``extra_plugins`` lets stages (citations...) add their own rules."""
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable("table")
        .use(footnote_plugin)
        .use(attrs_plugin, allowed=ALLOWED_ATTRIBUTES)
        .use(attrs_block_plugin, allowed=ALLOWED_ATTRIBUTES)
        .use(anchors_plugin, min_level=2, max_level=3)
    )
    md.normalizeLink = _keep_pelican_placeholders(md.normalizeLink)  # type: ignore[method-assign]
    for plugin in extra_plugins:
        md.use(plugin)
    return md
