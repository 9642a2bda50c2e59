"""Pelican reader: every Markdown page goes through markdown-it-py, not Python-Markdown.

Front matter becomes Pelican metadata; the body becomes HTML. Problems are recorded in
the build's ErrorLog (so one build lists them all) instead of being logged and skipped.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema.protocols import Validator
from pelican.readers import BaseReader

from .cache import PageCache
from .citations import PageCitations, citations_plugin
from .citations.required import required_citations_plugin
from .diagrams import figures_plugin
from .editordata import load_schema, project_schema
from .errors import BuildError, ErrorLog
from .frontmatter import split_front_matter
from .mdparser import make_parser
from .notes import source_notes_plugin
from .parallel import Logged, forked_map, replay, warnings_kept, worker_count
from .state import BuildState
from .toc import toc_plugin
from .urls import source_page_key, source_page_link

__all__ = ["MARKDOWN_EXTENSIONS", "MAX_PAGE_BYTES", "MarkdownItReader", "source_page_key", "source_page_link"]

MARKDOWN_EXTENSIONS = ["md", "markdown", "mkd", "mdown"]
# A page bigger than this is a mistake (a pasted dump, a wrong file), not an explainer page;
# refusing it keeps a build fast and its error one line.
MAX_PAGE_BYTES = 1024 * 1024


class MarkdownItReader(BaseReader):
    """Reads ``.md`` files with our markdown-it parser and strict front matter.

    Made by the build (plugin.py) with the build's state; Pelican passes only the settings.
    """

    enabled = True
    file_extensions = MARKDOWN_EXTENSIONS

    def __init__(self, settings: dict[str, Any], state: BuildState):
        super().__init__(settings)
        self.state = state
        self._template_names: set[str] | None = None
        self._front_matter_schema: Validator | None = None
        self._expected: list[str] = []
        self._read_ahead: dict[str, PageRead] = {}
        self._cache = state.cache
        self._not_kept: set[str] = set()
        self._shown_paths: dict[str, str] = {}
        self._parser = make_parser([
            lambda md: source_notes_plugin(md, state.notes, state.render),
            lambda md: figures_plugin(md, state.figures, state.render),
            lambda md: citations_plugin(md, state.sources, source_page_link, state.citation_standard,
                                        state.templates),
            required_citations_plugin,
            toc_plugin,
        ], own_hosts=[urlsplit(str(settings.get("SITEURL") or "")).hostname or ""])

    @property
    def error_log(self) -> ErrorLog:
        return self.state.log

    @property
    def cache(self) -> PageCache | None:
        """The project cache of this build, if the settings ask for one."""
        return self._cache

    def expect(self, paths: list[str]) -> None:
        """The pages this build will ask for (Pelican's page list): read together, in parallel."""
        self._expected = [path for path in paths if path not in self._read_ahead]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        if self._expected and source_path in self._expected:
            self._read_in_workers(self._expected)
            self._expected = []
        page = self._read_ahead.pop(source_path, None) or self._kept(source_path) or self._read_and_keep(source_path)
        # Replayed in Pelican's page order, so the log (and the build's messages) read the same
        # whichever process read the page.
        self.error_log.record(page.errors)
        replay(page.logged)
        if page.citations is not None:
            page.citations.sources = {sid: self.state.sources[sid] for sid in page.cited_sources}
            page.metadata["citations"] = page.citations
        metadata = {key: self._process(key, value) for key, value in page.metadata.items()}
        return page.html, metadata

    def read_page(self, source_path: str, data: bytes | None = None) -> PageRead:
        """Parse, verify and number one page: a function of the page's bytes and the build's data.

        Errors and warnings go into the result, not the build's log, so a page read in another
        process, or kept from an earlier build (cache.py), reports exactly what it would report
        here. ``data``: the page's bytes, when the caller has read them already.
        """
        with warnings_kept() as logged:
            page = self._read_page(Path(source_path), data)
        page.logged = logged
        return page

    def _read_page(self, path: Path, data: bytes | None) -> PageRead:
        log = ErrorLog(root=self.error_log.root)
        shown = self._shown(str(path))
        data = path.read_bytes() if data is None else data
        if len(data) > MAX_PAGE_BYTES:
            return _failed(path, BuildError(shown, _line_of_offset(data, MAX_PAGE_BYTES),
                                            f"page is {len(data):,} bytes, over the {MAX_PAGE_BYTES:,}-byte (1 MiB) "
                                            "limit from this line on; split it into several pages"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _failed(path, BuildError(shown, _line_of_offset(data, exc.start),
                                            "file is not UTF-8 text; re-save it as UTF-8"))
        try:
            page = split_front_matter(text, shown, templates=self._templates(), schema=self._schema())
        except BuildError as error:
            return _failed(path, error)
        env: dict[str, Any] = {"path": shown, "line_offset": page.body_line - 1, "errors": log,
               "require_citations": not page.metadata.get("uncited_ok", False)}
        html = self._parser.render(page.body, env)
        metadata = dict(page.metadata)
        metadata.setdefault("uncited_ok", False)
        metadata["farside_toc"] = env.get("toc", [])
        citations: PageCitations = env["citations"]
        cited = list(citations.sources)
        citations.sources = {}  # named by id (cited): ``read`` puts this build's Source objects back
        return PageRead(html, metadata, log.errors, [], citations, cited)

    def _kept(self, source_path: str) -> PageRead | None:
        """The page as an earlier build read it, if nothing it depends on has changed since."""
        if self._cache is None or source_path in self._not_kept:
            return None
        try:
            data = Path(source_path).read_bytes()
        except OSError:
            return None
        page = self._cache.get(self._shown(source_path), data)
        if not isinstance(page, PageRead):
            self._not_kept.add(source_path)  # asked again when Pelican reads it: still not kept
            return None
        return page

    def _shown(self, source_path: str) -> str:
        """The page's path as messages show it, worked out once per page."""
        if source_path not in self._shown_paths:
            self._shown_paths[source_path] = self.error_log.display_path(source_path)
        return self._shown_paths[source_path]

    def _read_and_keep(self, source_path: str) -> PageRead:
        """``read_page``, and the result kept in the cache (the bytes hashed are the bytes read)."""
        data = Path(source_path).read_bytes()
        page = self.read_page(source_path, data)
        if self._cache is not None:
            self._cache.put(self._shown(source_path), data, page)
        return page

    def _read_in_workers(self, paths: list[str]) -> None:
        """Read ``paths`` on every core (when there are enough to pay); ``read`` then replays them.

        Pages the cache still holds are taken from it first; only the others are read.
        """
        missing = []
        for path in paths:
            kept = self._kept(path)
            if kept is not None:
                self._read_ahead[path] = kept
            else:
                missing.append(path)
        if worker_count(len(missing)) < 2:
            return  # read one by one as Pelican asks, as always
        self._templates()  # loaded once, before the fork, so no worker loads them again
        self._schema()
        for path, outcome in zip(missing, forked_map(self._read_for_transfer, missing), strict=True):
            if outcome.result is not None:
                outcome.result.logged += outcome.logged
                self._read_ahead[path] = outcome.result

    def _read_for_transfer(self, source_path: str) -> PageRead | None:
        """``read_page`` in a worker, kept in the cache there.

        None if reading failed unexpectedly: ``read`` then reads the page here, so the failure is
        raised (and reported by Pelican) exactly as in a one-process build.
        """
        try:
            return self._read_and_keep(source_path)
        except Exception:
            return None

    def _templates(self) -> set[str]:
        """The theme's template names, listed once per build (the reader lives as long as its build)."""
        if self._template_names is None:
            self._template_names = _theme_templates(self.settings)
        return self._template_names

    def _schema(self) -> Validator:
        """The project's front-matter schema, read once per build rather than once per page."""
        if self._front_matter_schema is None:
            self._front_matter_schema = load_schema(project_schema(self.state.data, "front-matter"))
        return self._front_matter_schema

    def _process(self, key: str, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()
        if isinstance(value, str):
            return self.process_metadata(key, value)
        return value


@dataclass
class PageRead:
    """One page read: its HTML, its front matter as written (Pelican processes it where the page
    is used), what it reported, and its citations with their sources named by id (a worker
    sends ids, the build's process puts its own Source objects back)."""

    html: str
    metadata: dict[str, Any]
    errors: list[BuildError]
    logged: Logged  # warnings logged while reading, to replay
    citations: PageCitations | None = None
    cited_sources: list[str] = field(default_factory=list)


def _failed(path: Path, error: BuildError) -> PageRead:
    """The error, and a stand-in page so Pelican carries on to find the others."""
    return PageRead("", {"title": path.stem, "status": "hidden", "save_as": "", "farside_failed": True}, [error], [])


def _theme_templates(settings: dict[str, Any]) -> set[str]:
    """Template names a page may choose (``template: page``), from the theme and its overrides."""
    folders = [Path(settings["THEME"]) / "templates", *map(Path, settings.get("THEME_TEMPLATES_OVERRIDES", []))]
    return {path.stem for folder in folders if folder.is_dir() for path in folder.glob("*.html")}


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
