"""Pelican generator for the Sources section: one page per source, linked from citations,
a coverage report of the collected articles, and the site-wide check for stated errors.

Pelican runs it after the pages generator, so it knows every citation on every page
(the mission data's included: the build adds those as soon as the pages are read).
It reads pages and adds its own; it changes nothing another generator reads.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from pelican.contents import Page
from pelican.generators import Generator

from .cache import MISSING, ResultCache
from .citations.coverage import coverage
from .citations.index import index_citations
from .citations.standard import share_problems
from .notes.check import PageText, banned_wordings, forbidden_wordings, line_of, page_text
from .state import BuildState
from .urls import COVERAGE_KEY, COVERAGE_URL, source_page_key, source_page_url

logger = logging.getLogger(__name__)
COVERAGE_SAVE_AS = COVERAGE_URL + "index.html"


class SourcesGenerator(Generator):
    """Adds `sources/<id>/` pages, `farside_sources` and `farside_coverage` to the context."""

    state: BuildState  # set by the build (plugin.py) when Pelican creates the generator

    def generate_context(self) -> None:
        state = self.state
        pages = list(self.context.get("pages", [])) + list(self.context.get("hidden_pages", []))
        cited = index_citations((page, page.metadata["citations"]) for page in pages
                                if "citations" in page.metadata)
        if state.citation_standard.enabled:  # no page, nor the site, republishes an article
            for path, message in share_problems(((page.source_path, page.metadata["citations"].uses)
                                                 for page in pages if "citations" in page.metadata),
                                                state.sources, state.citation_standard):
                state.log.add(path, None, message)
        self.source_pages: list[Page] = []
        for source in state.sources.values():
            page = self._page(source.title, source.id, "source", source_page_url(source.id), str(source.metadata_path))
            page.source = source
            page.cited_passages = cited.get(source.id, [])
            self.context["generated_content"][source_page_key(source.id)] = page
            self.source_pages.append(page)
            if not page.cited_passages:
                logger.warning("%s: source '%s' is not cited by any page; cite it or remove it",
                               state.log.display_path(source.metadata_path), source.id)
        self.context["farside_sources"] = self.source_pages
        self.coverage = self._coverage(state)
        self.context["farside_coverage"] = self.coverage
        self.coverage_page = self._page(state.text("text/coverage-title.txt"), "coverage", "coverage",
                                        COVERAGE_URL, str(state.data / "exclusions.yaml"))
        self.context["generated_content"][COVERAGE_KEY] = self.coverage_page

    def _page(self, title: str, slug: str, template: str, url: str, source_path: str) -> Page:
        return Page(content="", metadata={"title": title, "slug": slug, "template": template,
                                          "save_as": url + "index.html", "url": url},
                    settings=self.settings, source_path=source_path, context=self.context)

    def _coverage(self, state: BuildState) -> list[dict[str, Any]]:
        """Per collected article: every claim, cited, excluded (why) or missing."""
        report = []
        for page in self.source_pages:
            source = page.source
            if not source.collected_as:
                continue
            cited = [(p.start, p.start + len(p.passage), citing.title)
                     for p in page.cited_passages for citing, _ in p.citations]
            claims = coverage(source.text, cited, state.exclusions.get(source.id, []))
            missing = [c for c in claims if c.status == "missing"]
            for claim in missing:
                logger.warning('%s: claim "%s" is neither cited nor excluded; cite it, or list it in '
                               "data/exclusions.yaml with a reason",
                               state.log.display_path(source.metadata_path), claim.text[:90])
            report.append({"source": page, "claims": claims,
                           "counts": {s: sum(c.status == s for c in claims) for s in ("cited", "excluded", "missing")}})
        return report

    def generate_output(self, writer: Any) -> None:
        for page in self.source_pages + [self.coverage_page]:
            writer.write_file(page.save_as, self.get_template(page.template), self.context, page=page,
                              relative_urls=self.settings["RELATIVE_URLS"], override_output=True)
        data = [{"source": entry["source"].source.id, "title": entry["source"].source.title,
                 "counts": entry["counts"],
                 "claims": [{"first_words": c.first_words, "status": c.status, "reason": c.reason, "cited_by": c.cited_by}
                            for c in entry["claims"]]} for entry in self.coverage]
        path = Path(self.output_path) / "sources" / "coverage.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def check_stated_errors(pages: list[Any], state: BuildState, results: ResultCache | None = None) -> None:
    """A note's never_state wording in a page's own text stops the build (a cross-page check).

    The page's HTML is parsed once here; the link check (pagecheck) reuses the addresses it found
    (``page.farside_text``) as long as the page's HTML is still the same. ``results``: the parses
    of earlier builds, by the HTML's bytes.
    """
    wordings = banned_wordings(state.notes)
    for page in pages:
        html = page._content or ""
        data = html.encode("utf-8")
        kept = results.get(data) if results is not None else MISSING
        if isinstance(kept, PageText):
            page.farside_text = PageText(html, kept.normalised, kept.addresses)
        else:
            page.farside_text = page_text(html)
            if results is not None:
                results.put(data, PageText("", page.farside_text.normalised, page.farside_text.addresses))
        for note, wording in forbidden_wordings(page.farside_text, state.notes, wordings):
            source = Path(page.source_path)
            line = line_of(source.read_text(encoding="utf-8"), wording) if source.is_file() else None
            state.log.add(source, line, f'states "{wording}", which note \'{note.id}\' in data/notes.yaml '
                                        "records as a source's error; correct the sentence or quote it as the "
                                        "source's words")
