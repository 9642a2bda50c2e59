"""Split a page into YAML front matter and Markdown body, with line-accurate errors.

Pages start with a ``---`` line, YAML metadata, and a closing ``---`` line. Every
problem is raised as a BuildError naming the line an editor has to look at.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import BuildError
from .yamldata import TextDatesLoader

# Keys an editor may write, with the type each must have. Unknown keys are errors:
# a misspelt key would otherwise be silently ignored.
ALLOWED_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "slug": (str,),
    "summary": (str,),
    "description": (str,),
    "template": (str,),
    "save_as": (str,),
    "url": (str,),
    "status": (str,),
    "nav_order": (int,),
    "nav_title": (str,),
    "date": (dt.date, str),
    "modified": (dt.date, str),
    "lang": (str,),
    "mission": (str,),
    "uncited_ok": (bool,),
}
REQUIRED_KEYS = ("title",)
DATE_KEYS = ("date", "modified")




@dataclass(frozen=True)
class FrontMatter:
    metadata: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line in the file


def split_front_matter(text: str, path: str, templates: Collection[str] | None = None) -> FrontMatter:
    """Parse ``text`` (a whole page file) into metadata and body, or raise BuildError.

    ``templates``: the theme's template names; when given, ``template:`` must be one of them.
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
    raw = "".join(lines[1:closing])
    try:
        loaded = yaml.load(raw, Loader=TextDatesLoader) if raw.strip() else {}  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BuildError(path, line, f"front matter is not valid YAML ({problem}); write one 'key: value' per line") from None
    if not isinstance(loaded, dict):
        raise BuildError(path, 2, "front matter must be 'key: value' lines, not a list or a single value")
    key_lines = _key_lines(lines[1:closing])
    for key, value in loaded.items():
        line = key_lines.get(str(key), 2)
        if key not in ALLOWED_KEYS:
            hint = difflib.get_close_matches(str(key), ALLOWED_KEYS, n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else f"known keys: {', '.join(sorted(ALLOWED_KEYS))}"
            raise BuildError(path, line, f"unknown front matter key '{key}'; {fix}")
        expected = ALLOWED_KEYS[key]
        if not isinstance(value, expected) or (expected == (int,) and isinstance(value, bool)):
            names = " or ".join(t.__name__.replace("str", "text").replace("date", "date (YYYY-MM-DD)") for t in expected)
            raise BuildError(path, line, f"'{key}' must be {names}, not {value!r}")
        if key in DATE_KEYS and not _is_date(value):
            raise BuildError(path, line, f"'{key}' must be a date (YYYY-MM-DD), not {value!r}")
        if key == "template" and templates is not None and value not in templates:
            known = ", ".join(sorted(templates)) or "none"
            raise BuildError(path, line, f"template '{value}' is not in the theme; use one of: {known}")
    for key in REQUIRED_KEYS:
        if not str(loaded.get(key) or "").strip():
            raise BuildError(path, 2, f"front matter has no '{key}'; add '{key}: ...'")
    return FrontMatter(metadata=loaded, body="".join(lines[closing + 1 :]), body_line=closing + 2)


def _is_date(value: object) -> bool:
    """A real calendar date, written YYYY-MM-DD (a time may follow: 2024-06-04 10:00)."""
    if isinstance(value, dt.date):
        return True
    text = str(value).strip()
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            parse(text)
        except ValueError:
            continue
        return len(text) >= 10 and text[4] == "-" and text[7] == "-"
    return False


def _key_lines(lines: list[str]) -> dict[str, int]:
    """Map each top-level key to its file line (front matter starts on line 2)."""
    found: dict[str, int] = {}
    for offset, line in enumerate(lines):
        if line[:1] not in (" ", "\t", "#", "-") and ":" in line:
            found.setdefault(line.split(":", 1)[0].strip(), offset + 2)
    return found
