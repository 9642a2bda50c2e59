"""A vertical timeline: one dot per moment, its date on the left and its words on the right.

Vertical, so that it reads on a phone as well as on a desktop, with labels that wrap instead
of shrinking. Used for a mission's profile (days from launch) and for all missions together.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from .farside_map import wrap
from .svg import svg, text

WIDTH = 380
AXIS_X = 118
TEXT_X = 134
LINE = 19  # height of a line of label text
GAP = 16  # between moments
CHARS = 25  # characters per line of a label at 16 px


@dataclass(frozen=True)
class Mark:
    when: str  # first line on the left, e.g. "Day 29" or "3 Jan 2019"
    detail: str  # second line on the left, e.g. "1 Jun 2024" (may be empty)
    words: str  # what happened
    series: int = 0  # which mission: marker shape and colour
    phase: str = ""  # a class for the stretch of line from this mark to the next ("surface")
    heading: str = ""  # a heading drawn above this mark (a mission's or a year's name)


def timeline_diagram(marks: list[Mark], figure_id: str, title: str, description: str) -> str:
    body: list[str] = []
    y = 14.0
    dots: list[tuple[float, Mark]] = []
    for mark in marks:
        if mark.heading:
            y += 12
            body.append(text(8, y + 6, mark.heading, "fig-label fig-heading"))
            y += 24
        lines = wrap(mark.words, CHARS) or [""]
        dot_y = y + 8
        dots.append((dot_y, mark))
        body.append(text(AXIS_X - 14, dot_y + 5, mark.when, "fig-label", "end"))
        if mark.detail:
            body.append(text(AXIS_X - 14, dot_y + 5 + LINE, mark.detail, "fig-small", "end"))
        for row, piece in enumerate(lines):
            body.append(text(TEXT_X, dot_y + 5 + LINE * row, piece, "fig-small fig-words"))
        y += max(len(lines), 2 if mark.detail else 1) * LINE + GAP
    height = int(y + 8)
    segments = []
    for (top, mark), (bottom, following) in itertools.pairwise(dots):
        if following.heading:
            continue
        segments.append(f'<line class="fig-axis {mark.phase}" x1="{AXIS_X}" y1="{top:.1f}" x2="{AXIS_X}" y2="{bottom:.1f}"/>')
    markers = []
    for dot_y, mark in dots:
        if mark.series % 2:
            markers.append(f'<rect class="fig-site fig-site-b" x="{AXIS_X - 6}" y="{dot_y - 6:.1f}" width="12" height="12"/>')
        else:
            markers.append(f'<circle class="fig-site fig-site-a" cx="{AXIS_X}" cy="{dot_y:.1f}" r="7"/>')
    return svg(figure_id, WIDTH, height, title, description, [*segments, *body, *markers])
