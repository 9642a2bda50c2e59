""""Cite this page": the reference's parts and a BibTeX entry for one page.

The plain-text reference a reader copies is words around these parts, so the theme
writes it (``text/cite-plain.txt``, rendered by the publishing generator into ``plain``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class CitationText:
    author: str
    title: str
    site_name: str
    updated: dt.date
    url: str
    bibtex: str
    key: str
    plain: str = ""  # the theme's text/cite-plain.txt with the parts above


def cite_this_page(*, title: str, site_name: str, author: str, url: str, updated: dt.date,
                   slug: str) -> CitationText:
    """Both forms name the same author, title, site, date and address."""
    key = "farside-" + (re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "page")
    fields = [
        ("author", "{" + _bibtex_escape(author) + "}"),  # braces: a corporate author, not a person's name
        ("title", "{" + _bibtex_escape(title) + "}"),
        ("howpublished", _bibtex_escape(site_name)),
        ("year", str(updated.year)),
        ("month", BIBTEX_MONTHS[updated.month - 1]),
        ("date", updated.isoformat()),
        ("url", url),
        ("note", f"Last updated {updated.isoformat()}"),
    ]
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields)
    return CitationText(author=author, title=title, site_name=site_name, updated=updated, url=url,
                        bibtex=f"@misc{{{key},\n{body}\n}}", key=key)


def _bibtex_escape(text: str) -> str:
    """Escape what LaTeX reads as commands; keep Unicode (biber and bibtex8 read UTF-8)."""
    return re.sub(r"([&%$#_{}])", r"\\\1", text).replace("~", r"\textasciitilde{}").replace(
        "^", r"\textasciicircum{}")
