"""Whatever an editor types, the loader answers with data or one `path:line:` BuildError, never a crash."""
from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from farside.editordata import check, load_schema, parse_yaml, schema_path
from farside.errors import BuildError

pytestmark = pytest.mark.unit

YAMLISH = st.text(alphabet=string.printable + "&*!|>-:[]{}#'\"\u00e9\u2013\x07\x1b\x85", max_size=300)
SCHEMAS = [load_schema(schema_path(name)) for name in ("front-matter", "source", "notes", "exclusions", "mission")]


def answer(text: str) -> object:
    try:
        return parse_yaml(text, "data/x.yaml").data
    except BuildError as error:
        assert error.path == "data/x.yaml" and error.line is not None and error.line >= 1
        assert "\n" not in error.message and "Traceback" not in error.message
        return error


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_gives_data_or_one_located_error(text: str) -> None:
    answer(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a: 1", "b: 2024-02-30", "  - x", "c: &x y", "d: *x", "e: .nan", "- f",
                                 "g: [1, [2]]", "a: 2", "h: !!str 3", "i: \"\\x07\"", "? j", "---", "k: >-", "  l"]),
                max_size=12))
def test_line_soup_gives_data_or_one_located_error(lines: list[str]) -> None:
    answer("\n".join(lines) + "\n")


@settings(max_examples=200, deadline=None)
@given(YAMLISH)
def test_every_schema_answers_any_loaded_data_with_field_messages(text: str) -> None:
    data = answer(text)
    if isinstance(data, BuildError):
        return
    for validator in SCHEMAS:
        for problem in check(validator, data):
            assert problem.message and "\n" not in problem.message and len(problem.message) < 400
