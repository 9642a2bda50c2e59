"""Puts the mission data on pages (add_mission_views) and writes the comparison downloads.

add_mission_views runs in the build's cross-page stage, as soon as every page is read
(plugin.py): the comparison, the timeline and each mission page's key-facts box number
their marks after the page's own; the page template then renders one References section
from all of them. So every generator, in any order, sees the data's citations on the pages.
MissionsGenerator only shares the data with the templates and writes the downloads.
This module is the missions stage's Pelican adapter (floor 5, with reader and generators).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from ..citations import PageCitations
from ..state import BuildState
from .export import comparison_csv, comparison_json
from .views import PageNumbering, comparison_view, key_facts_view, timeline_view

DOWNLOADS = {"comparison.csv": comparison_csv, "comparison.json": comparison_json}


class MissionsGenerator(Generator):
    """Adds farside_missions, the downloads and the comparison/timeline pages to the context."""

    state: BuildState  # set by the build (plugin.py) when Pelican creates the generator

    def generate_context(self) -> None:
        self.context["farside_missions"] = self.state.missions
        self.context["farside_downloads"] = list(DOWNLOADS)
        pages = list(self.context.get("pages", [])) + list(self.context.get("hidden_pages", []))
        by_template = {page.metadata.get("template"): page for page in pages}
        self.context["farside_comparison_page"] = by_template.get("comparison")
        self.context["farside_timeline_page"] = by_template.get("timeline")

    def generate_output(self, writer: Any) -> None:
        output = Path(self.output_path)
        for name, make in DOWNLOADS.items():
            (output / name).write_text(make(self.state.missions, self.state.sources), encoding="utf-8")


def add_mission_views(pages: list[Any], state: BuildState) -> None:
    """farside_comparison / farside_timeline / farside_key_facts on the pages that show them."""
    mission_pages = {page.metadata["mission"]: page.url for page in pages if page.metadata.get("mission")}
    for page in pages:
        citations = page.metadata.get("citations")
        if not isinstance(citations, PageCitations):
            continue
        template = page.metadata.get("template")
        mission_id = page.metadata.get("mission")
        if template not in ("comparison", "timeline") and not mission_id:
            continue
        numbering = PageNumbering(citations, state.sources, state.templates)
        if mission_id:
            mission = state.missions.missions.get(mission_id)
            if mission is None and not (state.data / "missions" / f"{mission_id}.yaml").is_file():
                state.log.add(page.source_path, _front_matter_line(page.source_path, "mission"),
                              f"mission: '{mission_id}' has no data; known missions: "
                              f"{', '.join(state.missions.missions) or 'none'} (data/missions/<id>.yaml)")
            elif mission is not None:  # (a mission file with errors has reported them itself)
                page.farside_key_facts = key_facts_view(state.missions, mission, numbering)
        if template == "comparison":
            page.farside_comparison = comparison_view(state.missions, numbering, mission_pages)
        elif template == "timeline":
            page.farside_timeline = timeline_view(state.missions, numbering)


def _front_matter_line(path: str, key: str) -> int | None:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)
