"""One YAML loader for every file an editor writes, with the line of every key and item.

Safe by construction, with limits an editor never meets: no anchors or aliases (a
"billion laughs" file fails on its first anchor), no tags, a size limit and a nesting
limit, no control characters. Dates stay text, so a schema (not YAML) decides what a
date is and 2024-02-30 gets a `path:line:` message instead of a crash. A key written
twice is refused, naming both lines. libyaml parses when it is installed (fast);
PyYAML's pure-Python parser is the clean fallback, with the same results.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildError

MAX_DATA_BYTES = 1024 * 1024  # 1 MiB: the largest data file today is a few kilobytes
MAX_DEPTH = 32  # nesting an editor never needs (missions use 4 levels)
TEXT_START = "\x00text"  # marker key: where a block scalar's text begins

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Control characters other than tab, newline and carriage return (C0, DEL and C1).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_STR, _NULL, _BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
_INT, _FLOAT, _TIMESTAMP = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_CONSTRUCT = yaml.SafeLoader("")  # SafeConstructor's scalar rules (1_000, 0x1F, .5, yes/no...)

Where = tuple[Any, ...]  # a place in the data: ("cleaning", "drop_text", 0)


@dataclass(frozen=True)
class LocatedData:
    """Plain Python data plus the 1-based line of every mapping key and list item."""

    data: Any
    lines: dict[Where, int]

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
    """Read and parse the file at ``path``; every problem is a BuildError naming ``shown``."""
    try:
        size = path.stat().st_size
    except OSError:
        raise BuildError(shown, None, "missing; create it or remove what refers to it") from None
    if size > MAX_DATA_BYTES:
        raise BuildError(shown, 1, f"file is {size:,} bytes, over the {MAX_DATA_BYTES:,}-byte (1 MiB) limit for "
                                   "a data file; split it or remove what does not belong in it")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BuildError(shown, line, "file is not UTF-8 text; re-save it as UTF-8") from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str, first_line: int = 1) -> LocatedData:
    """Parse ``text`` (which starts on line ``first_line`` of ``shown``) into LocatedData."""
    offset = first_line - 1
    text = text.removeprefix("\ufeff")
    control = CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1 + offset
        raise BuildError(shown, line, f"control character U+{ord(control.group()):04X} in the text; delete it "
                                      "(it is invisible in most editors: retype the line)")
    _check_events(text, shown, offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, shown, offset, text) from None
    finally:
        loader.dispose()
    lines: dict[Where, int] = {}
    if node is None:
        return LocatedData(None, {})
    data = _Builder(shown, offset, lines).build(node, ())
    return LocatedData(data, lines)


def _syntax_error(exc: yaml.YAMLError, shown: str, offset: int, text: str) -> BuildError:
    """The line where the broken construct starts, worded as PyYAML's own parser words it
    (libyaml's wording differs, so its error is re-read by the pure-Python parser)."""
    if _Loader is not yaml.SafeLoader:
        try:
            for _ in yaml.parse(text, Loader=yaml.SafeLoader):
                pass
        except yaml.YAMLError as python_exc:
            exc = python_exc
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = (mark.line + 1 if mark is not None else 1) + offset
    return BuildError(shown, line, f"not valid YAML ({problem}); check indentation, and quote values "
                                   "that contain ': ' or ' #'")


def _check_events(text: str, shown: str, offset: int) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before any tree exists."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = (event.start_mark.line if event.start_mark is not None else 0) + 1 + offset
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise BuildError(shown, line, "anchors and aliases (&name, *name) are not allowed in data files; "
                                              "write the value out in full")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise BuildError(shown, line, f"nested more than {MAX_DEPTH} levels deep; "
                                                  "data files are a few levels of 'key: value' lines and lists")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent) and event.explicit and line > 1 + offset:
                raise BuildError(shown, line, "a second YAML document ('---'); keep one document per file")
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, shown, offset, text) from None


class _Builder:
    """Turns a composed node tree into plain data, recording lines and refusing duplicates."""

    def __init__(self, shown: str, offset: int, lines: dict[Where, int]):
        self.shown, self.offset, self.lines = shown, offset, lines

    def line_of(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def build(self, node: yaml.Node, where: Where) -> Any:
        self.lines.setdefault(where, self.line_of(node))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.tag_error(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT, _BOOL, _NULL,
                                                                                        _FLOAT, _TIMESTAMP):
                    raise BuildError(self.shown, self.line_of(key_node), "a key must be a plain word or text, "
                                                                         "not a list, mapping or tagged value")
                key = str(key_node.value)
                if key == "<<":
                    raise BuildError(self.shown, self.line_of(key_node), "merge keys ('<<') are not allowed in "
                                                                         "data files; write the fields out in full")
                child = where + (key,)
                if key in result:
                    first = self.lines[child]
                    name = re.sub(r"^\[\d+\]\.", "", dotted(child))  # the line says which list item
                    raise BuildError(self.shown, self.line_of(key_node),
                                     f"{name}: written twice (lines {first} and {self.line_of(key_node)}); keep one")
                self.lines[child] = self.line_of(key_node)
                if isinstance(value_node, yaml.ScalarNode) and value_node.style in (">", "|"):
                    self.lines[child + (TEXT_START,)] = self.line_of(value_node) + 1
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.tag_error(node)
            items = []
            for index, item in enumerate(node.value):
                self.lines[where + (index,)] = self.line_of(item)
                items.append(self.build(item, where + (index,)))
            return items
        assert isinstance(node, yaml.ScalarNode)  # the composer makes nothing else
        return self.scalar(node, where)

    def scalar(self, node: yaml.ScalarNode, where: Where) -> Any:
        tag, text = node.tag, str(node.value)
        if tag in (_STR, _TIMESTAMP):  # dates stay text: the schema checks them
            if CONTROL.search(text):
                raise BuildError(self.shown, self.line_of(node), f"{dotted(where)}: contains a control character "
                                                                 "(written as an escape like \\x07); remove it")
            return text
        try:
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return _CONSTRUCT.construct_yaml_bool(node)
            if tag == _INT:
                return _CONSTRUCT.construct_yaml_int(node)
            number = _CONSTRUCT.construct_yaml_float(node) if tag == _FLOAT else None
        except (ValueError, KeyError):  # only an explicit tag can get here: !!float words
            raise BuildError(self.shown, self.line_of(node), f"{dotted(where)}: '{text}' is not a {tag.rsplit(':', 1)[-1]}; "
                                                             "remove the '!!' tag") from None
        if number is not None:
            if not math.isfinite(number):
                raise BuildError(self.shown, self.line_of(node), f"{dotted(where)}: '{text}' is not a finite "
                                                                 "number; write a number like 45.5")
            return number
        raise self.tag_error(node)

    def tag_error(self, node: yaml.Node) -> BuildError:
        return BuildError(self.shown, self.line_of(node), f"YAML tags like '{node.tag}' are not allowed in data "
                                                          "files; remove the '!' tag and write a plain value")


def dotted(at: Where) -> str:
    """("cleaning", "drop_text", 0) -> "cleaning.drop_text[0]", the way an editor reads a path."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
