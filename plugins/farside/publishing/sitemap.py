"""sitemap.xml and robots.txt.

Why not the ``pelican-sitemap`` plugin (1.2.2, read before deciding): it stamps pages
that have no date with the wall clock (``datetime.now()``), so the same commit would not
build byte-identical output; it writes changefreq/priority, which search engines ignore;
its hreflang links are written ``ref=`` instead of ``href=``; and it keeps its state in
a module-level singleton. Ours is twenty lines and takes lastmod from the same
last-updated date the "Cite this page" block shows.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from xml.sax.saxutils import escape


def sitemap_xml(entries: Iterable[tuple[str, dt.date | None]]) -> str:
    """``entries`` are (absolute URL, last modified); written sorted, so output is stable."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in sorted(set(entries)):
        lines.append(f"  <url><loc>{escape(url)}</loc>"
                     + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str | None) -> str:
    """Everything may be crawled. A sitemap line needs an absolute URL (publish builds)."""
    text = "User-agent: *\nAllow: /\n"
    if sitemap_url:
        text += f"\nSitemap: {sitemap_url}\n"
    return text
