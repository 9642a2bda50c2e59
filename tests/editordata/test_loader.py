"""The one YAML loader: lines, duplicate keys, dates as text, and every refusal with its line.

Fixtures in fixtures/bad/: <case>.yaml in, <case>.expected out (the exact error line).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from farside.editordata import MAX_DATA_BYTES, MAX_DEPTH, load_yaml, parse_yaml
from farside.editordata import loader as loader_module
from farside.errors import BuildError

pytestmark = pytest.mark.unit
BAD = Path(__file__).parent / "fixtures" / "bad"
CASES = sorted(p.stem for p in BAD.glob("*.yaml"))


def test_every_bad_fixture_has_its_expected_line() -> None:
    assert CASES and all((BAD / f"{case}.expected").is_file() for case in CASES)
    assert sorted(p.stem for p in BAD.glob("*.expected")) == CASES


@pytest.mark.parametrize("case", CASES)
def test_bad_yaml_gives_one_line_naming_file_and_line(case: str) -> None:
    expected = (BAD / f"{case}.expected").read_text(encoding="utf-8").strip()
    with pytest.raises(BuildError) as caught:
        load_yaml(BAD / f"{case}.yaml", f"{case}.yaml")
    assert str(caught.value) == expected


@pytest.mark.parametrize("case", CASES)
def test_pure_python_parser_gives_the_same_line(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml is used when present; without it the answer is the same."""
    import yaml

    monkeypatch.setattr(loader_module, "_Loader", yaml.SafeLoader)
    expected = (BAD / f"{case}.expected").read_text(encoding="utf-8").strip()
    with pytest.raises(BuildError) as caught:
        load_yaml(BAD / f"{case}.yaml", f"{case}.yaml")
    assert str(caught.value) == expected


def test_libyaml_is_used_when_installed() -> None:
    import yaml

    if getattr(yaml, "__with_libyaml__", False):
        assert loader_module._Loader is yaml.CSafeLoader


def test_lines_of_keys_items_and_block_text() -> None:
    text = "# comment\nname: x\nlist:\n  - a\n  - b: 1\n    c: 2\ntext: >-\n  folded\n  text\n"
    located = parse_yaml(text, "f.yaml")
    assert located.data == {"name": "x", "list": ["a", {"b": 1, "c": 2}], "text": "folded text"}
    assert located.line("name") == 2 and located.line("list", 0) == 4 and located.line("list", 1, "c") == 6
    assert located.line("text") == 7 and located.text_line("text") == 8
    assert located.line("list", 1, "missing") == 5  # nearest located parent


def test_first_line_offset_for_front_matter() -> None:
    located = parse_yaml("title: a\nnav_order: 3\n", "page.md", first_line=2)
    assert located.line("nav_order") == 3
    with pytest.raises(BuildError, match=r"^page\.md:3: title: written twice \(lines 2 and 3\)"):
        parse_yaml("title: a\ntitle: b\n", "page.md", first_line=2)


def test_dates_stay_text_and_impossible_dates_do_not_crash() -> None:
    located = parse_yaml("a: 2024-02-30\nb: 2024-06-04 10:00\nc: 9999-12-31\nd: 2018-12-07T18:23Z\n", "f.yaml")
    assert located.data == {"a": "2024-02-30", "b": "2024-06-04 10:00", "c": "9999-12-31", "d": "2018-12-07T18:23Z"}
    assert not any(isinstance(v, dt.date) for v in located.data.values())


def test_plain_scalars_keep_their_yaml_types() -> None:
    located = parse_yaml("i: 3\nf: -45.5\nb: true\nn:\ns: '3'\nk: 1_000\n", "f.yaml")
    assert located.data == {"i": 3, "f": -45.5, "b": True, "n": None, "s": "3", "k": 1000}
    assert isinstance(located.data["b"], bool)


def test_keys_are_the_text_an_editor_wrote() -> None:
    assert parse_yaml("2024: a\nyes: b\n", "f.yaml").data == {"2024": "a", "yes": "b"}


def test_empty_file_is_no_data() -> None:
    assert parse_yaml("# only a comment\n", "f.yaml").data is None


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * MAX_DATA_BYTES + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"^big\.yaml:1: file is [\d,]+ bytes, over the 1,048,576-byte"):
        load_yaml(big, "big.yaml")


def test_nesting_an_editor_needs_is_fine_and_more_is_refused() -> None:
    fine = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert parse_yaml(fine, "f.yaml").data is not None
    with pytest.raises(BuildError, match="nested more than"):
        parse_yaml("a: " + "[" * 10_000 + "]" * 10_000 + "\n", "f.yaml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        load_yaml(tmp_path / "nothing.yaml", "data/nothing.yaml")
    assert caught.value.line is None and str(caught.value).startswith("data/nothing.yaml: missing;")


def test_byte_order_mark_is_ignored() -> None:
    assert parse_yaml("\ufefftitle: a\n", "f.yaml").data == {"title": "a"}
