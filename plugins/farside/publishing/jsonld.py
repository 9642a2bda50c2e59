"""schema.org JSON-LD for a page: an Article whose citations are its sources."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any


def article_jsonld(*, url: str | None, title: str, description: str, site_name: str, site_url: str | None,
                   author: str, language: str, updated: dt.date | None, sources: Iterable[Any],
                   kind: str = "Article") -> dict[str, Any]:
    """``sources`` are farside Source-like objects (title, publisher, url, published, author)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": title,
        "name": title,
        "description": description,
        "inLanguage": language,
        "author": {"@type": "Organization", "name": author},
        "publisher": {"@type": "Organization", "name": author},
        "isPartOf": {"@type": "WebSite", "name": site_name},
    }
    if site_url:
        data["isPartOf"]["url"] = site_url
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    if updated is not None:
        data["dateModified"] = updated.isoformat()
    citations = [creative_work(source) for source in sources]
    if citations:
        data["citation"] = citations
    return data


def creative_work(source: Any) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    publisher = getattr(source, "publisher", None)
    if publisher and publisher != "unknown":
        work["publisher"] = {"@type": "Organization", "name": publisher}
    if getattr(source, "author", None):
        work["author"] = source.author
    if getattr(source, "published", None):
        work["datePublished"] = source.published.isoformat()
    if getattr(source, "url", None):
        work["url"] = source.url
    if getattr(source, "language", None):
        work["inLanguage"] = source.language
    return work


def json_for_script(data: Any) -> str:
    """JSON safe inside <script type="application/ld+json">: no '</script>', no '<!--'."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
