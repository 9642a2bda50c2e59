"""Split a page into YAML front matter and Markdown body, with line-accurate errors.

Pages start with a ``---`` line, YAML metadata, and a closing ``---`` line. The metadata
is read by the editor-data loader and checked against data/schemas/front-matter.schema.json;
every problem is raised as a BuildError naming the line an editor has to look at.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from jsonschema.protocols import Validator

from .editordata import check, load_schema, parse_yaml, schema_path
from .errors import BuildError

SCHEMA = schema_path("front-matter")
DATE_KEYS = ("date", "modified")


@dataclass(frozen=True)
class FrontMatter:
    metadata: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line in the file


def split_front_matter(text: str, path: str, templates: Collection[str] | None = None,
                       schema: Validator | None = None) -> FrontMatter:
    """Parse ``text`` (a whole page file) into metadata and body, or raise BuildError.

    ``templates``: the theme's template names; when given, ``template:`` must be one of them.
    ``schema``: the project's compiled front-matter schema, loaded once per build by the caller
    (default: the one shipped with the generator).
    """
    if "\x00" in text:
        raise BuildError(path, 1, "file is binary, not Markdown text; remove it or save it as UTF-8 text")
    if not text.strip():
        raise BuildError(path, 1, "file is empty; a page needs front matter (---, title: ..., ---) and a body")
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        raise BuildError(path, 1, "page must start with a '---' line opening its front matter (title: ...)")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        raise BuildError(path, 1, "front matter is never closed; add a '---' line after the metadata")
    located = parse_yaml("".join(lines[1:closing]), path, first_line=2)
    metadata = located.data if located.data is not None else {}
    if not isinstance(metadata, dict):
        raise BuildError(path, 2, "front matter must be 'key: value' lines, not a list or a single value")
    problems = check(schema or load_schema(SCHEMA), metadata)
    if problems:
        first = problems[0]
        line = located.line(*first.where) if first.where else 2
        raise BuildError(path, line, first.message)
    for key in DATE_KEYS:
        if key in metadata and not _is_date(metadata[key]):
            raise BuildError(path, located.line(key), f"{key}: {metadata[key]!r} is not a date (YYYY-MM-DD)")
    template = metadata.get("template")
    if template is not None and templates is not None and template not in templates:
        known = ", ".join(sorted(templates)) or "none"
        raise BuildError(path, located.line("template"), f"template: '{template}' is not in the theme; "
                                                         f"use one of: {known}")
    return FrontMatter(metadata=metadata, body="".join(lines[closing + 1 :]), body_line=closing + 2)


def _is_date(value: str) -> bool:
    """A real calendar date and time (the schema has checked the shape: YYYY-MM-DD[ HH:MM[:SS]])."""
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
