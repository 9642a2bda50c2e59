"""Pelican side of publishing: page metadata for the templates, then sitemap.xml,
robots.txt and .nojekyll. Runs after the pages and sources generators."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from ..notes.claimreview import claim_reviews
from ..state import BuildState
from .cite import cite_this_page
from .dates import last_updated_dates
from .jsonld import article_jsonld, json_for_script
from .sitemap import robots_txt, sitemap_xml

CONTENT_TEMPLATES = ("page", "home")  # explainer pages: cited, searchable, with "Cite this page"
_TAG = re.compile(r"<[^>]+>")


class PublishingGenerator(Generator):
    """Describes every page once all generators have read their content (see describe())."""

    state: BuildState  # set by the build (plugin.py) when Pelican creates the generator

    def generate_context(self) -> None:
        site_url = self.settings.get("SITEURL", "") or ""
        self.absolute = site_url.startswith(("http://", "https://"))
        self.site_url = site_url.rstrip("/")
        self.sitemap_entries: list[tuple[str, Any]] = []
        self.context["FARSIDE_ABSOLUTE_URLS"] = self.absolute

    def describe(self) -> None:
        """Called on all_generators_finalized, so pages any generator added are included."""
        settings = self.settings
        every: dict[int, Any] = {}
        for page in [*self.context.get("pages", []), *self.context.get("hidden_pages", []),
                     *self.context.get("generated_content", {}).values()]:
            if getattr(page, "source_path", None) and hasattr(page, "url") and hasattr(page, "metadata"):
                every.setdefault(id(page), page)
        pages = sorted(every.values(), key=lambda p: p.url)
        project = Path(settings["PATH"]).resolve().parent
        dates = last_updated_dates(
            (Path(p.source_path) for p in pages),
            {Path(p.source_path).resolve(): p.metadata.get("modified") for p in pages
             if p.metadata.get("modified")},
            project)
        for page in pages:
            updated = dates[Path(page.source_path).resolve()]
            page.farside_updated = updated.date
            page.farside_updated_origin = updated.origin
            hidden = getattr(page, "status", "published") != "published" or not getattr(page, "save_as", "")
            self._describe(page, is_hidden=hidden)
            if not hidden:
                self.sitemap_entries.append((self.absolute_url(page.url), page.farside_updated))

    def absolute_url(self, url: str) -> str:
        return f"{self.site_url}/{url}"

    def _describe(self, page: Any, is_hidden: bool) -> None:
        settings = self.settings
        template = getattr(page, "template", "page")
        is_content = template in CONTENT_TEMPLATES and not is_hidden
        source = getattr(page, "source", None)
        if source is not None:
            description = self.state.text("text/source-description.txt", source=source)
        else:
            stated = page.metadata.get("description") or page.metadata.get("summary") or ""
            description = " ".join(_TAG.sub("", str(stated)).split()) or settings.get("SITESUBTITLE", "")
        page.farside_description = description
        page.farside_og_type = "article" if is_content else "website"
        page.farside_canonical = self.absolute_url(page.url) if self.absolute and not is_hidden else None
        page.farside_noindex = is_hidden
        page.farside_searchable = is_content
        citations = page.metadata.get("citations")
        cited = [source for _, source, _ in citations.by_source()] if citations is not None else []
        if source is not None:
            cited = [source]
        article = article_jsonld(
            url=page.farside_canonical, title=page.title, description=description,
            site_name=settings.get("SITENAME", ""), site_url=(self.site_url + "/") if self.absolute else None,
            author=settings.get("AUTHOR", ""), language=settings.get("DEFAULT_LANG", "en"),
            updated=page.farside_updated, sources=cited,
            kind="Article" if is_content else "WebPage")
        state = self.state  # notes shown on the page are also published as ClaimReviews
        reviews = claim_reviews(state.notes, state.sources, getattr(page, "_content", "") or "",
                                author=settings.get("AUTHOR", ""), page_url=page.farside_canonical)
        if reviews:  # a ClaimReview is a Review: the page's own reviews of its sources' claims
            article["review"] = [{k: v for k, v in review.items() if k != "@context"} for review in reviews]
        page.farside_jsonld = json_for_script(article)
        page.farside_cite = None
        if is_content:
            url = self.absolute_url(page.url) if self.absolute else "/" + page.url
            cite = cite_this_page(
                title=page.title, site_name=settings.get("SITENAME", ""), author=settings.get("AUTHOR", ""),
                url=url, updated=page.farside_updated, slug=page.slug)
            page.farside_cite = dataclasses.replace(cite, plain=self.state.text("text/cite-plain.txt", cite=cite))

    def generate_output(self, writer: Any) -> None:
        output = Path(self.output_path)
        (output / ".nojekyll").write_bytes(b"")  # GitHub Pages: serve the files as they are
        if self.absolute:
            (output / "sitemap.xml").write_text(sitemap_xml(self.sitemap_entries), encoding="utf-8")
        (output / "robots.txt").write_text(
            robots_txt(self.absolute_url("sitemap.xml") if self.absolute else None), encoding="utf-8")
