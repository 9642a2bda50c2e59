"""Quote matching forgives typography (space, quote marks, dashes, case), never wording."""
from __future__ import annotations

import pytest

from farside.citations.verify import closest_passage, find_quote, normalise, quote_problem

SOURCE = "China’s  probe — the “Chang'e-6” — landed\non Sunday. It DRILLED for soil."


@pytest.mark.parametrize("quote,expected", [
    ("China's probe", "China’s  probe"),
    ('probe - the "Chang\'e-6" - landed on Sunday', "probe — the “Chang'e-6” — landed\non Sunday"),
    ("it drilled", "It DRILLED"),
    ("  drilled   for  ", "DRILLED for"),
])
def test_match_maps_back_to_exact_source_span(quote: str, expected: str) -> None:
    passage = find_quote(SOURCE, quote)
    assert passage is not None and passage.text == expected
    assert SOURCE[passage.start:passage.end] == expected


@pytest.mark.parametrize("quote", ["probe landed", "It drilled for rocks", "China's probes", "Changʼe 6"])
def test_wording_differences_do_not_match(quote: str) -> None:
    assert find_quote(SOURCE, quote) is None


def test_normalise_keeps_offsets() -> None:
    n = normalise("A  “B”")
    assert n.text == "a 'b'"
    assert n.offsets == (0, 1, 3, 4, 5)


def test_closest_passage_points_at_the_right_place() -> None:
    assert closest_passage(SOURCE, "It drilled for rocks") == "It DRILLED for soil."


def test_quote_problem() -> None:
    assert quote_problem("short words") is None
    assert "empty" in quote_problem("   ")
