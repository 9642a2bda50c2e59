"""normalise_quote (bulk string operations) gives exactly normalise(...).text (character by character)."""
from __future__ import annotations

import random

from farside.citations.verify import _SPACE, normalise, normalise_quote

ALL = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
TRICKY = list(" \t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u1680\u2028\u2029\u202f\u3000\u00ad'\"‘’‚“”„′«»`´‐–—−"
              "ΣσςİıßẞǅK\u0130\u0345ﬃŉǰΐ")


def slow(text: str) -> str:
    return normalise.__wrapped__(text).text  # type: ignore[attr-defined]  # the uncached original


def test_every_code_point_alone() -> None:
    assert [c for c in ALL if normalise_quote(c) != slow(c)] == []


def test_the_bulk_steps_commute_as_the_loop_assumes() -> None:
    assert [c for c in ALL if c.isspace() != bool(_SPACE.fullmatch(c))] == []  # \s is str.isspace
    assert [c for c in ALL if not c.isspace() and any(p.isspace() for p in c.casefold())] == []
    assert [c for c in ALL if ("a" + c + "ς").casefold() != "a" + c.casefold() + "ς".casefold()] == []


def test_random_strings() -> None:
    rng = random.Random(15)
    pool = ALL[:0x800] + TRICKY * 40
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 14)))
        assert normalise_quote(text) == slow(text), repr(text)
