"""Grow a copy of the project exactly as README.md tells an editor to: a mission, a source, a page.

Used by tests/test_extension.py, which then checks every whole-site invariant on the result.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

# A near-side mission ("Adding a mission"): its sentences must read correctly although it never
# went to the far side. Values cite sources the project already has.
MISSION_ID = "change-5"
MISSION_NAME = "Chang'e-5"
MISSION = """\
name: Chang'e-5
local_zone: Asia/Shanghai
local_time_name: Beijing time
spacecraft: An orbiter, a lander, an ascender and a returner [@launch-report-2024 "Chang'e 5, which retrieved samples from the moon's near side"]
samples: Samples from the near side [@dw-2024-ascent "The probe's predecessor, Chang'e-5, retrieved samples from the near side of the moon."]
launch:
  time: 2020-11-23T20:30Z
  cite: >-
    [@example-near-side-report "The mission was launched on 23 November 2020 at 20:30 UTC"]
"""

# A source ("Adding a source"): a folder with original.txt, byte for byte, and source.yaml.
SOURCE_ID = "example-near-side-report"
SOURCE_TEXT = """\
Lunar samples returned

The mission was launched on 23 November 2020 at 20:30 UTC from a coastal launch site, carrying
four spacecraft stacked one on top of the other for the journey to the Moon.
The lander collected rock and soil from the near side of the Moon in December 2020.
It drilled into the ground and scooped material from the surface, then sealed what it had
gathered in a container that an ascent stage carried back up into lunar orbit.
There the container was handed over to the orbiter, which later fired its engines to leave the
Moon and head home with the samples on board.
The samples were returned to Earth in a capsule that landed in Inner Mongolia.
Scientists then began to study the rock and soil in laboratories, comparing them with samples
that earlier missions had brought back from other parts of the Moon decades before.
Their work looks at how old the lava plains of the near side are, and at what the rocks say
about the history of the Moon's interior and of its volcanoes over billions of years.
"""

# A page ("Adding a page"), in the main navigation, about the new mission, citing the new source.
PAGE_SLUG = "change-5"
PAGE = """\
---
title: Chang'e-5
slug: change-5
nav_order: 7
nav_title: Chang'e-5
mission: change-5
description: A near-side sample return, added to test that the site grows by data alone.
---

{#opening}
## Samples from the near side

Chang'e-5 is a robotic mission that went to the side of the Moon that always faces Earth,
not to the far side. In December 2020 its lander gathered rock and soil on the near side of the
Moon [@example-near-side-report "collected rock and soil from the near side of the Moon in December 2020"].
A small capsule then carried those samples all the way back to Earth, where it came down on
land [@example-near-side-report "returned to Earth in a capsule that landed in Inner Mongolia"].
"""


def add_source(project: Path) -> None:
    """The new source alone: a folder with original.txt and source.yaml (its hash included)."""
    folder = project / "data" / "sources" / SOURCE_ID
    folder.mkdir(parents=True)
    original = folder / "original.txt"
    original.write_text(SOURCE_TEXT, encoding="utf-8")
    sha256 = hashlib.sha256(original.read_bytes()).hexdigest()
    (folder / "source.yaml").write_text(
        f"id: {SOURCE_ID}\n"
        "title: Lunar samples returned\n"
        "publisher: Example Agency\n"
        "published: 2020-12-17\n"
        "language: en\n"
        "kind: agency\n"
        f"sha256: {sha256}\n", encoding="utf-8")


def add_mission(project: Path) -> None:
    """The new mission, with the source its values cite."""
    add_source(project)
    (project / "data" / "missions" / f"{MISSION_ID}.yaml").write_text(MISSION, encoding="utf-8")


def add_mission_source_and_page(project: Path) -> None:
    add_mission(project)
    (project / "content" / "pages" / f"{PAGE_SLUG}.md").write_text(PAGE, encoding="utf-8")
