"""Citation Markdown that would take minutes with a naive parser or search: it must not.

Each case compares the time of a large input with that of a tenth of it; a linear (or
bounded) implementation grows about tenfold, a quadratic one about a hundredfold. The ratio,
not a wall-clock limit, is asserted, so a busy machine does not make the test flaky.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from citations.conftest import FakeSource, render

MAX_GROWTH = 40  # for 10x the input: linear is ~10, quadratic ~100


def growth(make: Callable[[int], object], small: int) -> float:
    def timed(size: int) -> float:
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            make(size)
            best = min(best, time.perf_counter() - start)
        return best
    return timed(small * 10) / max(timed(small), 1e-4)


def test_many_unclosed_openers_are_linear() -> None:
    assert growth(lambda n: render("text " + '[@dw "a ' * n), 2_000) < MAX_GROWTH


def test_many_broken_groups_are_linear() -> None:
    assert growth(lambda n: render("text " + "[@dw " * n + "]"), 2_000) < MAX_GROWTH


def test_many_valid_citations_are_linear() -> None:
    cite = 'Words [@dw "the first to ever successfully take off"]. '
    assert growth(lambda n: render(cite * n), 200) < MAX_GROWTH


def test_a_wrong_quote_against_a_large_source_is_bounded() -> None:
    def wrong_quote(n: int) -> object:
        text = " ".join(f"word{i} and the lander touched down in crater {i}." for i in range(n))
        source = FakeSource(id="big", title="t", publisher="p", published=None, url=None, text=text)
        return render('Claim [@big "the rover touched down softly in the crater"].', {"big": source})
    assert growth(wrong_quote, 2_000) < MAX_GROWTH


def test_unclosed_citation_at_paragraph_end_is_one_error_with_its_line() -> None:
    _, log, _ = render('First line\nthe claim [@dw "the first to ever successfully take off"\n\nNext paragraph.',
                       line_offset=4)
    assert [str(e) for e in log.errors] == [
        "content/pages/test.md:6: citation is never closed: end it with ']' before the paragraph ends"]
