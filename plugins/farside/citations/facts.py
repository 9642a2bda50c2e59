"""The checkable facts of a sentence: numbers, measurements, dates, times and years.

A science desk's first question about a cited sentence is whether its figures are in the
quotes. Both sides are reduced to *atoms* after normalising how they are written, so
``3 January 2019`` = ``January 3, 2019``, ``1,935.3 g`` = ``1935.3 grams`` and
``02:26 UTC`` = ``0226 GMT``. A quote also supports every coarser atom it implies (a full
date supports its month, year and day-month), so a sentence may say less than its quote,
never more.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "hundred": 100, "thousand": 1000}
UNITS = {
    "g": "g", "gram": "g", "grams": "g", "gramme": "g", "grammes": "g",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "metric tons": "t",
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "cm": "cm", "centimetre": "cm", "centimetres": "cm", "centimeter": "cm", "centimeters": "cm",
    "mi": "mi", "mile": "mi", "miles": "mi", "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb",
    "ft": "ft", "foot": "ft", "feet": "ft", "%": "%", "percent": "%", "per cent": "%",
    "day": "day", "days": "day", "hour": "h", "hours": "h", "h": "h", "minute": "min", "minutes": "min",
    "min": "min", "second": "s", "seconds": "s", "year": "year", "years": "year",
    "month": "month", "months": "month", "kg/s": "kg/s", "km/h": "km/h",
}
_UNIT = "(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + r")(?![a-z])"
ZONES = {"utc": "utc", "ut": "utc", "gmt": "utc", "z": "utc", "beijing time": "+8", "bjt": "+8",
         "china standard time": "+8", "est": "-5", "edt": "-4"}
_ZONE = "(?:" + "|".join(re.escape(z) for z in sorted(ZONES, key=len, reverse=True)) + r")(?![a-z])"

# Names with digits are not figures: Chang'e-4, Yutu-2, Queqiao-2, Long March 5, Y8, Apollo 11.
_NAMES = re.compile(r"\b[a-z][a-z'’]*-\d+[a-z]?\b|\b[a-z]+\d+[a-z]*\b|\blong march[- ]?\d+[a-z]?\b"
                    r"|\b(?:apollo|luna|ranger|surveyor|lunokhod|artemis|zond|chandrayaan|slim|im)[- ]\d+\b")
_GLUED = re.compile(r"\b([a-z]{4,})(\d)")
_ORDINAL = r"(?:st|nd|rd|th)?"
_DMY = re.compile(r"\b(?P<d>\d{1,2})" + _ORDINAL + r"\s+(?:of\s+)?" + _MONTH.format("m") + r"(?:,?\s+(?P<y>\d{4}))?\b")
_MDY = re.compile(r"\b" + _MONTH.format("m") + r"\s+(?P<d>\d{1,2})" + _ORDINAL + r"\b(?:,?\s+(?P<y>\d{4})\b)?")
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_MY = re.compile(r"\b" + _MONTH.format("m") + r",?\s+(?P<y>\d{4})\b")
_TIME = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<mi>\d{2})(?::\d{2})?|\.(?P<md>\d{2})(?=\s*[ap]\.?m))?\s*"
                   r"(?P<ampm>[ap]\.?m\.?(?![a-z])|in the (?:morning|afternoon|evening)|at night)?\s*(?P<zone>" + _ZONE + r")?")
_MILITARY = re.compile(r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?:hrs?\s*)?(?P<zone>" + _ZONE + r")")
_NUMBER = re.compile(r"(?<![\w.])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:[\s-]*(?P<u>" + _UNIT + r"))?")
_WORD_NUMBER = re.compile(r"\b(?P<w>" + "|".join(NUMBER_WORDS) + r")\b(?:[\s-]+(?P<u>" + _UNIT + r"))?")
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")


@dataclass(frozen=True, order=True)
class Fact:
    """One atom: kind is date, month, day, year, time or number; ``shown`` is what the editor wrote."""

    kind: str
    value: str
    shown: str = ""

    def key(self) -> tuple[str, str]:
        return self.kind, self.value


def _canonical_number(text: str) -> str:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text
    normal = value.normalize()
    return format(normal, "f")


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").casefold()
    text = _GLUED.sub(lambda m: m.group(1)[:-1] + " " + m.group(2), text)  # "Landing date1 June" in scraped infoboxes
    return _NAMES.sub(lambda m: " " * len(m.group(0)), text)


def extract(text: str) -> list[Fact]:
    """Every fact an editor must show in a quote, in the order they appear."""
    work = _clean(text)
    found: list[tuple[int, Fact]] = []

    def take(match: re.Match[str], fact: Fact) -> None:
        nonlocal work
        found.append((match.start(), fact))
        work = work[:match.start()] + " " * (match.end() - match.start()) + work[match.end():]

    def shown(match: re.Match[str]) -> str:
        return text[match.start():match.end()].strip()

    for pattern in (_ISO, _DMY, _MDY):
        for match in list(pattern.finditer(work)):
            if work[match.start():match.end()].strip() == "":
                continue
            month = int(match.group("m")) if pattern is _ISO else MONTHS[match.group("m")]
            day, year = int(match.group("d")), match.group("y")
            if not 1 <= day <= 31 or not 1 <= month <= 12:
                continue
            value = f"{year}-{month:02}-{day:02}" if year else f"{month:02}-{day:02}"
            take(match, Fact("date" if year else "day", value, shown(match)))
    for match in list(_MY.finditer(work)):
        take(match, Fact("month", f"{match.group('y')}-{MONTHS[match.group('m')]:02}", shown(match)))
    for match in list(_MILITARY.finditer(work)):
        take(match, Fact("time", f"{int(match.group('h')):02}:{match.group('mi')}", shown(match)))
    for match in list(_TIME.finditer(work)):
        minutes = match.group("mi") or match.group("md")
        if not (minutes or match.group("ampm")):
            continue
        hour = int(match.group("h"))
        ampm = (match.group("ampm") or "").replace(".", "")
        ampm = {"in the morning": "am", "in the afternoon": "pm", "in the evening": "pm", "at night": "pm"}.get(ampm, ampm)
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23:
            continue
        take(match, Fact("time", f"{hour:02}:{minutes or '00'}", shown(match)))
    for match in list(_NUMBER.finditer(work)):
        number = match.group("n")
        if _YEAR.match(number) and not match.group("u"):
            take(match, Fact("year", number, shown(match)))
            continue
        unit = UNITS.get(match.group("u") or "", "")
        take(match, Fact("number", f"{_canonical_number(number)} {unit}".strip(), shown(match)))
    for match in list(_WORD_NUMBER.finditer(work)):
        unit = UNITS.get(match.group("u") or "", "")
        take(match, Fact("number", f"{NUMBER_WORDS[match.group('w')]} {unit}".strip(), shown(match)))
    return [fact for _, fact in sorted(found, key=lambda item: item[0])]


def supported(quotes_text: str | Sequence[str]) -> set[tuple[str, str]]:
    """Every atom the quotes support, including what their facts imply."""
    texts = [quotes_text] if isinstance(quotes_text, str) else list(quotes_text)
    keys: set[tuple[str, str]] = set()
    for text in texts:
        facts = extract(text)
        found: set[tuple[str, str]] = set()
        for fact in facts:
            found |= implied(fact)
        # "on December 8, 2018 ... and entered lunar orbit on 12 December": a day written without
        # its year is in the one year the same passage names (not when it names two or none).
        years = {value for kind, value in found if kind == "year"}
        if len(years) == 1:
            year = next(iter(years))
            found |= {key for fact in facts if fact.kind == "day" for key in implied(Fact("date", f"{year}-{fact.value}"))}
        keys |= found
    return keys


def implied(fact: Fact) -> set[tuple[str, str]]:
    keys = {fact.key()}
    if fact.kind == "date":
        year, month, day = fact.value.split("-")
        keys |= {("month", f"{year}-{month}"), ("year", year), ("day", f"{month}-{day}")}
    elif fact.kind == "month":
        keys.add(("year", fact.value[:4]))
    elif fact.kind == "number" and " " in fact.value:
        keys.add(("number", fact.value.split(" ")[0]))
    elif fact.kind == "year":
        keys.add(("number", fact.value))
    return keys


def missing_facts(sentence: str, quotes: Sequence[str], extra: Sequence[Fact] = ()) -> list[Fact]:
    """Facts of ``sentence`` (plus ``extra``, the inputs of computed values) found in no quote."""
    have = supported(quotes)
    wanted = extract(sentence) + list(extra)
    return [fact for fact in wanted if fact.key() not in have]
