"""Load editor-written YAML and remember where each value was, for `path:line:` errors."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildError


class TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so a schema (not YAML) decides what a date is:
    plain YAML would crash on 2024-02-30 instead of saying where it is."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

TEXT_START = "\x00text"  # marker key: where a block scalar's text begins


@dataclass(frozen=True)
class LocatedData:
    """Plain Python data plus the 1-based line of every mapping key and list item."""

    data: Any
    lines: dict[tuple[Any, ...], int]

    def text_line(self, *path: Any) -> int:
        """The line where a value's text starts (the line after `key: >-` for block text)."""
        return self.lines.get(path + (TEXT_START,), self.line(*path))

    def line(self, *path: Any) -> int:
        """The line of ``path`` (keys/indexes), or of its nearest located parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml(path: Path, shown: str) -> LocatedData:
    """Parse ``path`` safely; a syntax error becomes a BuildError naming its line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise BuildError(shown, 1, "file is not UTF-8 text; re-save it as UTF-8") from None
    try:  # the reader refuses control characters as it is created
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as exc:
        line = text.count("\n", 0, getattr(exc, "position", 0)) + 1
        raise BuildError(shown, line, "file contains a control character YAML does not allow; delete it") from None
    try:  # one parse: the node tree gives the lines, the same tree gives the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BuildError(shown, mark.line + 1 if mark else 1, f"not valid YAML ({problem}); check indentation and quoting") from None
    finally:
        loader.dispose()
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _walk(node, (), lines)
    return LocatedData(data, lines)


def _walk(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node)) if not isinstance(key_node, yaml.ScalarNode) else key_node.value
            child = path + (key,)
            lines[child] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in (">", "|"):
                lines[child + (TEXT_START,)] = value_node.start_mark.line + 2
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = path + (index,)
            lines[child] = item.start_mark.line + 1
            _walk(item, child, lines)


def suggest(word: str, known: list[str]) -> str:
    """The fix for a misspelt field: the closest known name, else the list of known names."""
    hint = difflib.get_close_matches(word, known, n=1)
    return f"did you mean '{hint[0]}'?" if hint else f"known fields: {', '.join(known)}"


def dotted(at: tuple[Any, ...]) -> str:
    """("cleaning", "drop_text", 0) -> "cleaning.drop_text[0]", the way an editor reads a path."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
