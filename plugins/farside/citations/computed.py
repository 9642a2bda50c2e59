"""Values the site works out itself, written so the build recomputes them.

A sentence may state a figure that no source prints (Beijing time from UTC, miles from
kilometres, the days between two dates). Asserting it would hide arithmetic from the
fact check, so the editor writes the calculation and the build prints the result:

    [=convert 2024-06-02 06:23 UTC+8 to UTC]    ->  1 June 2024, 22:23 UTC
    [=convert 384,400 km to mi]                 ->  238,855 mi
    [=days 2018-12-08 to 2019-01-03]            ->  26 days

The *inputs* (the date and time, the 384,400 km, both dates) are facts of the sentence and
must be in its quotes; the result is not, because the build, not a source, vouches for it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

from .facts import Fact, extract

CONVERSIONS: dict[tuple[str, str], Decimal] = {
    ("km", "mi"): Decimal("0.621371192"), ("mi", "km"): Decimal("1.609344"),
    ("kg", "lb"): Decimal("2.20462262"), ("lb", "kg"): Decimal("0.45359237"),
    ("m", "ft"): Decimal("3.28083990"), ("ft", "m"): Decimal("0.3048"),
    ("g", "oz"): Decimal("0.0352739619"), ("kg", "g"): Decimal("1000"), ("g", "kg"): Decimal("0.001"),
}
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{1,2}:\d{2}) (UTC(?:[+-]\d{1,2}(?::\d{2})?)?) to "
                     r"(UTC(?:[+-]\d{1,2}(?::\d{2})?)?)$")
_QUANTITY = re.compile(r"^(\d[\d,]*(?:\.\d+)?) ([a-z]+) to ([a-z]+)$")
_DAYS = re.compile(r"^(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$")
HELP = ("write [=convert 2024-06-02 06:23 UTC+8 to UTC], [=convert 384,400 km to mi] "
        "or [=days 2018-12-08 to 2019-01-03]")


class ComputeError(ValueError):
    """A calculation the build cannot do; the message tells the editor the forms it knows."""


@dataclass(frozen=True)
class Computed:
    text: str  # what the page shows
    inputs: tuple[Fact, ...]  # what the quotes must contain


def _zone(label: str) -> dt.timezone:
    if label == "UTC":
        return dt.timezone.utc
    sign = 1 if label[3] == "+" else -1
    hours, _, minutes = label[4:].partition(":")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes or 0)))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ComputeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def compute(expression: str) -> Computed:
    """The text and input facts of ``convert ...`` or ``days ...``; raises ComputeError."""
    verb, _, rest = " ".join(expression.split()).partition(" ")
    if verb == "convert" and (match := _MOMENT.match(rest)):
        day = _date(match.group(1))
        try:
            clock = dt.time.fromisoformat(f"{int(match.group(2).split(':')[0]):02}:{match.group(2).split(':')[1]}")
        except ValueError:
            raise ComputeError(f"'{match.group(2)}' is not a time (HH:MM)") from None
        moment = dt.datetime.combine(day, clock, _zone(match.group(3))).astimezone(_zone(match.group(4)))
        inputs = (Fact("date", day.isoformat(), match.group(1)), Fact("time", f"{clock:%H:%M}", match.group(2)))
        return Computed(f"{_long_date(moment.date())}, {moment:%H:%M} {match.group(4)}", inputs)
    if verb == "convert" and (match := _QUANTITY.match(rest)):
        number, unit, target = match.groups()
        factor = CONVERSIONS.get((unit, target))
        if factor is None:
            known = ", ".join(f"{a} to {b}" for a, b in CONVERSIONS)
            raise ComputeError(f"cannot convert {unit} to {target}; known: {known}")
        value = Decimal(number.replace(",", "")) * factor
        places = len(number.partition(".")[2])
        shown = f"{value:,.{places}f}"
        return Computed(f"{shown} {target}", tuple(extract(f"{number} {unit}")))
    if verb == "days" and (match := _DAYS.match(rest)):
        first, last = _date(match.group(1)), _date(match.group(2))
        days = (last - first).days
        if days < 0:
            raise ComputeError(f"{match.group(2)} is before {match.group(1)}; put the earlier date first")
        inputs = (Fact("date", first.isoformat(), match.group(1)), Fact("date", last.isoformat(), match.group(2)))
        return Computed(f"{days} day{'s' if days != 1 else ''}", inputs)
    raise ComputeError(f"cannot work out '[={expression}]'; {HELP}")


def computed_plugin(md: MarkdownIt) -> None:
    """``[=...]`` in a paragraph: the build works the value out and prints it."""

    def rule(state: StateInline, silent: bool) -> bool:
        if not state.src.startswith("[=", state.pos):
            return False
        end = state.src.find("]", state.pos)
        if end < 0:
            return False
        if not silent:
            expression = state.src[state.pos + 2:end]
            token = state.push("computed", "", 0)
            try:
                result = compute(expression)
                token.content, token.meta = result.text, {"inputs": result.inputs, "offset": state.pos}
            except ComputeError as problem:
                token.content, token.meta = "", {"inputs": (), "offset": state.pos, "problem": str(problem)}
        state.pos = end + 1
        return True

    md.inline.ruler.before("link", "computed", rule)
    md.add_render_rule("computed", lambda self, tokens, idx, options, env: escapeHtml(tokens[idx].content))
