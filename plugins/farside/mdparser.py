"""The one place that decides which Markdown dialect pages are written in.

CommonMark plus tables, footnotes, heading anchors and attributes, with typographic
quotes and dashes (so "Chang'e" prints as Chang’e). Raw HTML is off:
an editor's Markdown can never inject markup or script into the site.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
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


def external_links_plugin(md: MarkdownIt, own_hosts: Iterable[str] = ()) -> None:
    """Links to another site (absolute http(s) to a host not in ``own_hosts``) get
    rel="noopener noreferrer": the other site cannot reach back through window.opener,
    and is not told which page the reader came from."""
    own = {host.lower() for host in own_hosts if host}
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)  # the only renderer make_parser uses
    default = renderer.rules.get("link_open")

    def link_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        token = tokens[idx]
        parts = urlsplit(str(token.attrGet("href") or ""))
        web = parts.scheme.lower() in ("http", "https") or (not parts.scheme and parts.netloc)  # or //host/
        if web and (parts.hostname or "").lower() not in own:
            token.attrSet("rel", "noopener noreferrer")
        if default is not None:
            return default(tokens, idx, options, env)
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)


def make_parser(extra_plugins: Iterable[MarkdownPlugin] = (), own_hosts: Iterable[str] = ()) -> MarkdownIt:
    """A fresh parser; ``extra_plugins`` lets stages (citations...) add their own rules.

    ``own_hosts`` are the site's own host names (from SITEURL): links there are not external.
    """
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": True})
        .enable(["table", "replacements", "smartquotes"])
        .use(footnote_plugin)
        .use(attrs_plugin, allowed=ALLOWED_ATTRIBUTES)
        .use(attrs_block_plugin, allowed=ALLOWED_ATTRIBUTES)
        .use(anchors_plugin, min_level=2, max_level=3)
        .use(external_links_plugin, own_hosts=own_hosts)
    )
    md.normalizeLink = _keep_pelican_placeholders(md.normalizeLink)  # type: ignore[method-assign,assignment]
    for plugin in extra_plugins:
        md.use(plugin)
    return md
