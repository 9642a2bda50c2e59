"""One translator from JSON Schema problems to `path:line: field: what to do` lines.

Schemas live in data/schemas/*.schema.json (draft 2020-12), so editors' tools can use them
too. ``x-hint`` in a schema is the fix shown to an editor. One mistake gives one line:
of the errors jsonschema finds at one place, the most relevant is kept (best_match), and
an unknown key or value gets "did you mean", never the list of every allowed value.
"""
from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match, relevance

from ..errors import BuildError, BuildFailed
from .loader import LocatedData, Where, dotted

SCHEMAS = Path(__file__).resolve().parents[3] / "data" / "schemas"
MAX_LISTED = 8  # enumerations longer than this are never listed in a message
_TYPE_WORDS = {"string": "text", "object": "'key: value' lines", "array": "a list", "null": "empty",
               "integer": "a whole number", "number": "a number", "boolean": "true or false"}


@dataclass(frozen=True)
class Problem:
    """One schema problem: where it is in the data and what to do about it."""

    where: Where
    message: str  # starts with the dotted field name


def load_schema(path: Path) -> jsonschema.protocols.Validator:
    """The compiled schema (checked itself, with format checks on).

    Read on every call, so an editor's change to a schema shows at the next rebuild of
    `make serve`; compiled once per distinct text, so the cache can never be stale.
    """
    try:
        return _compile(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BuildFailed([BuildError(_schema_file(path), exc.lineno, f"not valid JSON: {exc.msg}; fix the schema")]) from None
    except jsonschema.SchemaError as exc:
        raise BuildFailed([BuildError(_schema_file(path), None, f"not a valid JSON Schema: {exc.message}")]) from None
    except OSError as exc:
        raise BuildFailed([BuildError(_schema_file(path), None, f"cannot read the schema: {exc.strerror}")]) from None


def _schema_file(path: Path) -> str:
    """The schema's path as an editor knows it (relative to the project when inside it)."""
    try:
        return str(path.resolve().relative_to(SCHEMAS.parents[1]))
    except ValueError:
        return str(path)


@lru_cache(maxsize=16)
def _compile(text: str) -> jsonschema.protocols.Validator:
    schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return validator


def schema_path(name: str) -> Path:
    """The schema as shipped with the generator (this repository's data/schemas/<name>.schema.json)."""
    return SCHEMAS / f"{name}.schema.json"


def project_schema(data: Path, name: str) -> Path:
    """The schema of the project being built (``<data>/schemas/<name>.schema.json``), so an
    editor's change to it counts; the shipped one when the project has none."""
    own = data / "schemas" / f"{name}.schema.json"
    return own if own.is_file() else schema_path(name)


def check(validator: jsonschema.protocols.Validator, data: Any) -> list[Problem]:
    """Every distinct problem of ``data``, one per place, in document order of their paths."""
    by_place: dict[Where, list[ValidationError]] = {}
    for error in validator.iter_errors(data):
        for leaf in _leaves(error):
            by_place.setdefault(tuple(leaf.absolute_path), []).append(leaf)
    problems: list[Problem] = []
    seen: set[tuple[Where, str]] = set()
    for where in sorted(by_place, key=lambda w: [str(p) for p in w]):
        errors = by_place[where]
        chosen = [e for e in errors if e.validator in ("required", "additionalProperties")]
        if not chosen:
            chosen = [best_match(errors, key=relevance)]
        misspelt = _misspelt(chosen)
        for error in chosen:
            for problem in describe(error):
                if any(problem.message.endswith(f"missing; add '{key}: ...'") for key in misspelt):
                    continue  # the misspelt key is already reported: one mistake, one line
                if (problem.where, problem.message) not in seen:
                    seen.add((problem.where, problem.message))
                    problems.append(problem)
    return problems


def _misspelt(errors: list[ValidationError]) -> set[str]:
    """Known keys that an unknown key in the same mapping is a misspelling of."""
    meant: set[str] = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict) and \
                isinstance(error.schema, Mapping):
            known = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in known:
                    meant.update(difflib.get_close_matches(str(key), known, n=1))
    return meant


def _leaves(error: ValidationError) -> Iterable[ValidationError]:
    """For anyOf/oneOf, the errors of the branch the value was meant for: a branch of the value's
    own type (a mapping is meant for the mapping branch), else the schema's hint."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        depth = len(error.absolute_path)
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
        fitting = {index: subs for index, subs in branches.items()
                   if not any(sub.validator == "type" and len(sub.absolute_path) == depth for sub in subs)}
        if not fitting:
            if isinstance(error.schema, Mapping) and "x-hint" in error.schema:
                yield error  # a value of no expected type: the schema's own hint says what to write
            else:
                best = best_match(error.context, key=relevance)
                assert best is not None
                yield best
            return
        chosen = min(fitting.values(), key=len)
        for sub in chosen:
            yield from _leaves(sub)
        return
    yield error


def describe(error: ValidationError) -> list[Problem]:
    """``field: what is wrong; how to fix it``, worded for an editor (no field name for the whole file)."""
    return [Problem(p.where, "this file " + p.message.removeprefix("the file: ")
                    if p.message.startswith("the file: ") else p.message) for p in _describe(error)]


def _describe(error: ValidationError) -> list[Problem]:
    at: Where = tuple(error.absolute_path)
    name, value, kind = dotted(at) if at else "the file", error.instance, str(error.validator)
    schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, Mapping) else {}
    rule: Any = error.validator_value
    hint = schema.get("x-hint")
    if kind == "required":
        return [Problem(at, f"{dotted(at + (key,))}: missing; add '{key}: ...'")
                for key in rule if isinstance(value, dict) and key not in value]
    if kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        return [Problem(at + (key,), f"{dotted(at + (key,))}: unknown field; {suggest(str(key), known)}")
                for key in (value if isinstance(value, dict) else {}) if key not in known]
    if kind == "type":
        expected = [str(t) for t in (rule if isinstance(rule, list) else [rule])]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        actual = _shown(value) if isinstance(value, (str, int, float)) else _TYPE_WORDS[_json_type(value)]
        return [Problem(at, f"{name}: must be {words}, not {actual}" + (f"; {hint}" if hint else ""))]
    if schema.get("format") == "date" and kind in ("format", "pattern"):
        return [Problem(at, f"{name}: {_shown(value)} is not a date (YYYY-MM-DD)")]
    if kind == "enum":
        options = [str(option) for option in rule]
        if len(options) <= MAX_LISTED and not difflib.get_close_matches(str(value), options, n=1):
            return [Problem(at, f"{name}: {_shown(value)} is not one of {', '.join(options)}")]
        return [Problem(at, f"{name}: {_shown(value)} is not allowed; {suggest(str(value), options, 'use one of')}")]
    if kind in ("pattern", "format", "minLength"):
        what = "is empty" if not str(value).strip() else f"{_shown(value)} is not valid"
        return [Problem(at, f"{name}: {what}; {hint or 'see ' + _schema_name(schema)}")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        return [Problem(at, f"{name}: {value} is out of range {low} to {high}" + (f" ({hint})" if hint else ""))]
    if kind == "minItems":
        return [Problem(at, f"{name}: is empty; {hint or 'give at least one entry'}")]
    if kind in ("anyOf", "oneOf") and hint:
        return [Problem(at, f"{name}: {hint}")]
    return [Problem(at, f"{name}: {error.message[:200]}" + (f"; {hint}" if hint else ""))]


def problems_with_lines(problems: list[Problem], located: LocatedData) -> list[tuple[int, str]]:
    return [(located.line(*problem.where), problem.message) for problem in problems]


def suggest(word: str, known: list[str], intro: str = "known fields:") -> str:
    """The fix for a misspelt name: the closest known one, else a short list, never a long one."""
    hint = difflib.get_close_matches(word, known, n=1)
    if hint:
        return f"did you mean '{hint[0]}'?"
    if len(known) <= MAX_LISTED:
        return f"{intro.rstrip(':')}: {', '.join(known)}"
    return f"{intro.rstrip(':')}: {', '.join(known[:MAX_LISTED])}, ... ({len(known)} in all)"


def _json_type(value: Any) -> str:
    return "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "null"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _schema_name(schema: dict[str, Any]) -> str:
    return str(schema.get("title") or "the schema in data/schemas/")
