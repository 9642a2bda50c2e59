"""The schemas editors' tools use, and the one translator from schema errors to editor lines."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from farside.editordata import MAX_DATA_BYTES, check, load_schema, load_yaml, parse_yaml, schema_path
from farside.editordata.schema import MAX_LISTED, suggest

pytestmark = pytest.mark.unit
PROJECT = Path(__file__).resolve().parents[2]
SCHEMAS = sorted((PROJECT / "data" / "schemas").glob("*.schema.json"))
DATA_FILES = sorted(p for p in (PROJECT / "data").rglob("*.yaml"))
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def test_a_schema_for_every_format_an_editor_writes() -> None:
    names = {p.name.removesuffix(".schema.json") for p in SCHEMAS}
    assert {"front-matter", "source", "notes", "exclusions", "mission"} <= names


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_are_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema.get("title") and schema.get("description"), "editors' tools show these"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_yaml_data_file_names_its_schema_and_meets_it(path: Path) -> None:
    """The first line points editors' tools (yaml-language-server) at the schema the build uses."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path}: first line must be '# yaml-language-server: $schema=<relative path>'"
    schema = (path.parent / match[1]).resolve()
    assert schema.is_file() and schema.parent == PROJECT / "data" / "schemas", schema
    located = load_yaml(path, str(path))
    assert path.stat().st_size < MAX_DATA_BYTES
    assert [p.message for p in check(load_schema(schema), located.data)] == []


def source_problems(text: str) -> list[str]:
    located = parse_yaml(text, "source.yaml")
    return [p.message for p in check(load_schema(schema_path("source")), located.data)]


GOOD_SOURCE = """\
id: example
title: An article
publisher: Example News
published: 2024-06-04
language: en
kind: news
sha256: d3df1b96a86dafac915ad38ecc092595f2786f987cb80723556ffb02e234135e
"""


@pytest.mark.parametrize("old,new", [
    ("kind: news", "kind: nwes"), ("publisher:", "publsher:"), ("published: 2024-06-04", "published: 2024-02-30"),
    ("language: en", "language: English"), ("title: An article", "title: [An, article]"),
])
def test_one_mistake_is_one_line(old: str, new: str) -> None:
    assert source_problems(GOOD_SOURCE) == []
    problems = source_problems(GOOD_SOURCE.replace(old, new))
    assert len(problems) == 1, problems


def test_a_misspelt_key_suggests_the_known_one() -> None:
    assert source_problems(GOOD_SOURCE.replace("publisher:", "publsher:")) == [
        "publsher: unknown field; did you mean 'publisher'?"]


def test_long_lists_of_allowed_values_are_never_spelled_out() -> None:
    known = [f"source-{i}" for i in range(200)]
    assert suggest("source-7x", known).startswith("did you mean 'source-7")
    listed = suggest("zzz", known, "known sources:")
    assert listed.count(",") <= MAX_LISTED and listed.endswith("(200 in all)") and len(listed) < 200


def test_a_value_is_checked_against_the_branch_of_its_own_type() -> None:
    """Mission text is 'value [@cite]' or a mapping with value/disagreement: a mapping's problem is
    reported inside the mapping, not as 'must be text'."""
    validator = load_schema(schema_path("mission"))
    data = parse_yaml("name: T\nrover:\n  value: Yutu [@news \"x\"]\n  disagreement:\n    values: [a]\n", "m.yaml").data
    assert [p.message for p in check(validator, data)] == ["rover.disagreement.why: missing; add 'why: ...'"]
    data = parse_yaml("name: T\nrover: 3\n", "m.yaml").data
    (message,) = [p.message for p in check(validator, data)]
    assert message.startswith("rover: write the value and its citation")


def test_messages_name_the_field_and_never_our_code() -> None:
    validator = load_schema(schema_path("notes"))
    data = parse_yaml("- id: Bad Id\n  topic: t\n  kind: wrong\n  said: s\n", "notes.yaml").data
    messages = [p.message for p in check(validator, data)]
    assert messages == ["[0].correct: missing; add 'correct: ...'",
                        "[0].id: 'Bad Id' is not valid; use lowercase letters, digits and hyphens, like "
                        "'change-4-launch-time'",
                        "[0].kind: 'wrong' is not one of error, disagreement, misnomer"]
    assert not any("plugins" in m or "farside" in m for m in messages)
