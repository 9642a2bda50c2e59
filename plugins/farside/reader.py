"""Pelican reader: every Markdown page goes through markdown-it-py, not Python-Markdown.

Front matter becomes Pelican metadata; the body becomes HTML. Problems are recorded in
the build's ErrorLog (so one build lists them all) instead of being logged and skipped.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader

from .errors import BuildError, ErrorLog
from .frontmatter import split_front_matter
from .mdparser import make_parser

MARKDOWN_EXTENSIONS = ["md", "markdown", "mkd", "mdown"]
ERROR_LOG_SETTING = "FARSIDE_ERROR_LOG"
PARSER_PLUGINS_SETTING = "FARSIDE_MARKDOWN_PLUGINS"


class MarkdownItReader(BaseReader):
    """Reads ``.md`` files with our markdown-it parser and strict front matter."""

    enabled = True
    file_extensions = MARKDOWN_EXTENSIONS

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self._parser = make_parser(settings.get(PARSER_PLUGINS_SETTING, ()))

    @property
    def error_log(self) -> ErrorLog:
        return self.settings.setdefault(ERROR_LOG_SETTING, ErrorLog())

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = Path(source_path)
        shown = self.error_log.display_path(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            return self._failed(path, BuildError(shown, _line_of_offset(path.read_bytes(), exc.start),
                                                 "file is not UTF-8 text; re-save it as UTF-8"))
        try:
            page = split_front_matter(text, shown)
        except BuildError as error:
            return self._failed(path, error)
        env = {"path": shown, "line_offset": page.body_line - 1, "errors": self.error_log}
        html = self._parser.render(page.body, env)
        metadata = {key: self._process(key, value) for key, value in page.metadata.items()}
        metadata.setdefault("uncited_ok", False)
        metadata["farside_env"] = env
        return html, metadata

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


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
