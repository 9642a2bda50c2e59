"""What citation marks and References show, as data for the theme's templates.

HTML lives in ``theme/templates/partials/citation-marks.html`` and ``references.html``;
Python only decides what they show (numbers, anchors, passages, links to the words at the
source). A second citation style is a second template, not new code.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .model import CitableSource, CitationUse, PageCitations

THEME_TEMPLATES = Path(__file__).resolve().parents[3] / "theme" / "templates"
MARKS_TEMPLATE = "partials/citation-marks.html"
# The spec (WICG scroll-to-text-fragment): a long passage is given as textStart,textEnd.
FRAGMENT_EDGE_WORDS = 4
FRAGMENT_WHOLE_WORDS = 8


def format_date(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "undated"


def citation_templates(settings: dict[str, Any] | None = None) -> Environment:
    """The theme's templates for marks rendered inside Markdown (the reader has no Pelican env)."""
    folder = Path(settings["THEME"]) / "templates" if settings and settings.get("THEME") else THEME_TEMPLATES
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


@dataclass(frozen=True)
class MarkView:
    """One superscript number: one source, one or more of its passages."""

    anchor: str
    number: int
    publisher: str
    passages: tuple[str, ...]  # passage anchors; the first is the link target


def mark_views(uses: Sequence[CitationUse], sources: dict[str, CitableSource] | None = None) -> list[MarkView]:
    marks: dict[str, list[CitationUse]] = {}
    for use in uses:
        marks.setdefault(use.anchor, []).append(use)
    views = []
    for anchor, group in marks.items():
        source = (sources or {}).get(group[0].source_id)
        views.append(MarkView(anchor, group[0].number, source.publisher if source is not None else group[0].source_id,
                              tuple(dict.fromkeys(use.passage_anchor for use in group))))
    return sorted(views, key=lambda view: view.number)  # a cluster reads 1, 6, never 6, 1


def render_marks(uses: Sequence[CitationUse], sources: dict[str, CitableSource] | None = None,
                 templates: Environment | None = None) -> Markup:
    """Superscript numbers, one per source, each a real link to its (first) quoted passage."""
    if not uses:
        return Markup("")
    env = templates or citation_templates()
    return Markup(env.get_template(MARKS_TEMPLATE).render(marks=mark_views(uses, sources)).strip())


def text_fragment(url: str, passage: str) -> str:
    """``url#:~:text=...`` so the reader's browser opens the original at the quoted words.

    Per the spec, each term is percent-encoded (including ``-``, ``,`` and ``&``, which are
    syntax); a long passage is sent as its first and last words.
    """
    words = passage.split()
    if not words:
        return url

    def encode(text: str) -> str:
        return quote(text, safe="").replace("-", "%2D")

    if len(words) <= FRAGMENT_WHOLE_WORDS:
        directive = encode(" ".join(words))
    else:
        directive = (encode(" ".join(words[:FRAGMENT_EDGE_WORDS])) + ","
                     + encode(" ".join(words[-FRAGMENT_EDGE_WORDS:])))
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


@dataclass(frozen=True)
class PassageView:
    anchor: str
    text: str
    backlinks: tuple[tuple[str, int], ...]  # (mark anchor, mark order)
    at_source: str | None  # the original page opened at these words
    error_note: str | None  # id of the note that quotes this passage as the source's error


@dataclass(frozen=True)
class ReferenceView:
    number: int
    source: CitableSource
    date: str | None  # None: the source gives no date (the template says so)
    date_inferred: bool
    no_url_reason: str | None  # why a source without a web address has none, when recorded
    passages: tuple[PassageView, ...]


def references_view(page: PageCitations) -> list[ReferenceView]:
    """One entry per source in number order, each with its quoted passages in first-use order."""
    views = []
    for number, source, passages in page.by_source():
        shown = []
        for uses in passages:
            first = uses[0]
            backlinks = tuple(dict.fromkeys((use.anchor, use.order) for use in uses))
            shown.append(PassageView(first.passage_anchor, first.passage, backlinks,
                                     text_fragment(source.url, first.passage) if source.url else None,
                                     next((use.error_note for use in uses if use.error_note), None)))
        reason = source.inferred.get("url") if not source.url else None  # the template words a missing reason
        views.append(ReferenceView(number, source, format_date(source.published) if source.published else None,
                                   bool(source.published and "published" in source.inferred), reason, tuple(shown)))
    return views
