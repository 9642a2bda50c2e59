"""Pelican reader: every Markdown page goes through markdown-it-py, not Python-Markdown.

Front matter becomes Pelican metadata; the body becomes HTML. Problems are recorded in
the build's ErrorLog (so one build lists them all) instead of being logged and skipped.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema.protocols import Validator
from pelican.readers import BaseReader

from .citations import citations_plugin
from .citations.required import required_citations_plugin
from .diagrams import figures_plugin
from .editordata import load_schema, project_schema
from .errors import BuildError, ErrorLog
from .frontmatter import split_front_matter
from .mdparser import make_parser
from .notes import source_notes_plugin
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

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = Path(source_path)
        shown = self.error_log.display_path(path)
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return self._failed(path, BuildError(shown, _line_of_offset(path.read_bytes(), MAX_PAGE_BYTES),
                                                 f"page is {size:,} bytes, over the {MAX_PAGE_BYTES:,}-byte (1 MiB) "
                                                 "limit from this line on; split it into several pages"))
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            return self._failed(path, BuildError(shown, _line_of_offset(path.read_bytes(), exc.start),
                                                 "file is not UTF-8 text; re-save it as UTF-8"))
        try:
            page = split_front_matter(text, shown, templates=self._templates(), schema=self._schema())
        except BuildError as error:
            return self._failed(path, error)
        env = {"path": shown, "line_offset": page.body_line - 1, "errors": self.error_log,
               "require_citations": not page.metadata.get("uncited_ok", False)}
        html = self._parser.render(page.body, env)
        metadata = {key: self._process(key, value) for key, value in page.metadata.items()}
        metadata.setdefault("uncited_ok", False)
        metadata["citations"] = env["citations"]
        metadata["farside_toc"] = env.get("toc", [])
        return html, metadata

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

    def _failed(self, path: Path, error: BuildError) -> tuple[str, dict[str, Any]]:
        """Record the error and return a stand-in so Pelican carries on to find the others."""
        self.error_log.add(error.path, error.line, error.message)
        return "", {"title": path.stem, "status": "hidden", "save_as": "", "farside_failed": True}


def _theme_templates(settings: dict[str, Any]) -> set[str]:
    """Template names a page may choose (``template: page``), from the theme and its overrides."""
    folders = [Path(settings["THEME"]) / "templates", *map(Path, settings.get("THEME_TEMPLATES_OVERRIDES", []))]
    return {path.stem for folder in folders if folder.is_dir() for path in folder.glob("*.html")}


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
