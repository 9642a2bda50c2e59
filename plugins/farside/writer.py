"""Pelican's writer, rendering the pages on every core.

Pelican renders and writes each page as its PagesGenerator reaches it. This writer keeps the
pages' writes (the ones announced by ``page_generator_write_page``) until the generator has
asked for all of them (``page_writer_finalized``), renders them in forked workers
(farside.parallel), then writes them here, in the same order, through Pelican's own file
bookkeeping (a second write to one file is refused as before). Every other write (sources,
missions, feeds) goes through Pelican's writer unchanged.

A page renders exactly as Pelican renders it: the same local context, made when Pelican asked,
and the shared context's ``localsiteurl`` set for each page before its template runs, as
Pelican's writer sets it. A page whose template fails is rendered again here, so the error is
raised with its template's file and line, as in a one-process build.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from .parallel import forked_map, replay

logger = logging.getLogger(__name__)
PAGINATED_KEYS = {"articles", "dates"}  # Pelican paginates writes that carry these


@dataclass
class _PendingPage:
    template: Any
    local_context: dict[str, Any]
    shared_context: dict[str, Any]
    name: str
    override: bool


class ParallelWriter(Writer):  # type: ignore[misc]  # Pelican is untyped
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None):
        super().__init__(output_path, settings=settings)
        self._pending: list[_PendingPage] = []
        self._page_announced = False
        signals.page_generator_write_page.connect(self._page_coming)
        signals.page_writer_finalized.connect(self._pages_done)

    def _page_coming(self, generator: Any, content: Any = None) -> None:
        self._page_announced = True

    def _pages_done(self, generator: Any, writer: Any = None) -> None:
        if writer is self:
            self.flush()

    def write_file(self, name: Any, template: Any, context: dict[str, Any], relative_urls: bool = False,
                   paginated: Any = None, template_name: Any = None, override_output: bool = False,
                   url: Any = None, **kwargs: Any) -> None:
        page, self._page_announced = self._page_announced, False
        if not page or not name or paginated is not None or PAGINATED_KEYS & kwargs.keys():
            super().write_file(name, template, context, relative_urls=relative_urls, paginated=paginated,
                               template_name=template_name, override_output=override_output, url=url, **kwargs)
            return
        # Pelican's writer's local context, made now as it would be now.
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            local["SITEURL"] = relative_url
            local["localsiteurl"] = relative_url
        local["output_file"] = name
        local.update(kwargs)
        self._pending.append(_PendingPage(template, local, context, name, override_output))

    def flush(self) -> None:
        """Render the kept pages on every core, then write them in order."""
        pending, self._pending = self._pending, []
        rendered = forked_map(_render_or_none, pending)
        for page, outcome in zip(pending, rendered, strict=True):
            output = outcome.result if outcome.result is not None else _render(page)  # raises the real error
            replay(outcome.logged)
            _set_site_url(page)  # rendered in a worker: the shared context here is left as Pelican leaves it
            path = sanitised_join(self.output_path, page.name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with self._open_w(path, "utf-8", override=page.override) as file:
                file.write(output)
            logger.info('Writing "%s"', path)
            signals.content_written.send(path, context=page.local_context)


def _set_site_url(page: _PendingPage) -> None:
    """What Pelican's writer does to the shared context before rendering a page."""
    if page.local_context["localsiteurl"]:
        page.shared_context["localsiteurl"] = page.local_context["localsiteurl"]


def _render(page: _PendingPage) -> str:
    _set_site_url(page)
    return str(page.template.render(page.local_context))


def _render_or_none(page: _PendingPage) -> str | None:
    """In a worker: the page's HTML, or None when its template fails (the writer renders it again)."""
    try:
        return _render(page)
    except Exception:
        return None
