"""HTML for citation marks and a page's References section.

Every string that comes from a source or its metadata is escaped here; the result is
safe markup that templates may output as is.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from string import ascii_lowercase

from markdown_it.common.utils import escapeHtml

from .model import CitableSource, CitationUse, PageCitations


def format_date(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "undated"


def source_line(source: CitableSource) -> str:
    """Publisher, title and date, as plain text (escape before use in HTML)."""
    date = format_date(source.published)
    if source.published and "published" in source.inferred:
        date += " (date inferred)"
    return f"{source.publisher}, “{source.title}”, {date}"


def mark_label(use: CitationUse, source: CitableSource | None = None) -> str:
    name = source.publisher if source is not None else use.source_id
    return f"Source {use.number}: {name}"


def render_marks(uses: Sequence[CitationUse], sources: dict[str, CitableSource] | None = None) -> str:
    """Superscript numbers, one per source, each a real link to its (first) quoted passage.

    A mark holding several passages of its source lists them all in ``data-passages``, so
    the preview shows every one.
    """
    if not uses:
        return ""
    marks: dict[str, list[CitationUse]] = {}
    for use in uses:
        marks.setdefault(use.anchor, []).append(use)
    links = []
    for anchor, group in marks.items():
        first = group[0]
        source = (sources or {}).get(first.source_id)
        passages = " ".join(dict.fromkeys(use.passage_anchor for use in group))
        links.append(
            f'<a class="cite" id="{anchor}" href="#{first.passage_anchor}" data-passages="{passages}" '
            f'aria-label="{escapeHtml(mark_label(first, source))}">{first.number}</a>'
        )
    return '<sup class="cites">' + '<span class="cite-sep">,</span>'.join(links) + "</sup>"


def _backlinks(uses: Sequence[CitationUse]) -> str:
    uses = list({use.anchor: use for use in uses}.values())
    if len(uses) == 1:
        only = uses[0]
        return (f' <a class="backlink" href="#{only.anchor}" '
                f'aria-label="Back to the text of citation {only.order}">↩</a>')
    links = [
        f'<a class="backlink" href="#{use.anchor}" aria-label="Back to the text of citation {use.order}">'
        f'{_letter(i)}</a>'
        for i, use in enumerate(uses)
    ]
    return ' <span class="backlinks">↩ ' + " ".join(links) + "</span>"


def _letter(index: int) -> str:
    letters = ascii_lowercase
    return letters[index] if index < len(letters) else letters[index // 26 - 1] + letters[index % 26]


def render_references(page: PageCitations, source_url: Callable[[str], str] | None = None) -> str:
    """The References section: one entry per source, its quoted passages, links back."""
    items = []
    for number, source, passages in page.by_source():
        about = ""
        if source_url is not None:
            about = f' <a class="source-page" href="{escapeHtml(source_url(source.id))}">About this source</a>'
        original = ""
        if source.url:
            original = (f' <a class="source-original" href="{escapeHtml(source.url)}" '
                        f'rel="noopener noreferrer">Original</a>')
        quotes = "".join(
            f'<li id="{uses[0].passage_anchor}" class="reference-passage">'
            f"<q>{escapeHtml(uses[0].passage)}</q>{_backlinks(uses)}</li>"
            for uses in passages
        )
        items.append(
            f'<li id="ref-{number}" class="reference" value="{number}">'
            f'<p class="reference-source">{escapeHtml(source_line(source))}.{original}{about}</p>'
            f'<ul class="reference-passages">{quotes}</ul></li>'
        )
    return ('<section class="references" aria-labelledby="references">\n'
            '<h2 id="references">References</h2>\n'
            '<ol class="reference-list">\n' + "\n".join(items) + "\n</ol>\n</section>\n")
