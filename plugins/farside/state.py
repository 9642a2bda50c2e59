"""Per-build state shared by the reader and the generators: the error log and the sources.

Kept in Pelican's settings dict (the one object every reader and generator receives)
and dropped when a build ends, so `make serve` reloads sources on every rebuild.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .citations.coverage import Exclusion, load_exclusions
from .diagrams import Figure, relay_diagram
from .errors import ErrorLog
from .missions import MissionData, load_missions, mission_figures
from .notes import SourceNote, load_notes
from .sources import Source, load_registry

STATE_SETTING = "FARSIDE_BUILD_STATE"


@dataclass
class BuildState:
    project: Path
    data: Path
    log: ErrorLog
    sources: dict[str, Source]
    notes: dict[str, SourceNote]
    figures: dict[str, Figure]
    exclusions: dict[str, list[Exclusion]]
    missions: MissionData


def build_state(settings: dict[str, Any]) -> BuildState:
    state = settings.get(STATE_SETTING)
    if state is None:
        project = Path(settings["PATH"]).resolve().parent
        data = Path(settings.get("DATA_PATH", project / "data"))
        if not data.is_absolute():
            data = project / data
        log = ErrorLog(root=project)
        sources = load_registry(data / "sources", log)
        missions = load_missions(data / "missions", data / "schemas" / "mission.schema.json", sources, log)
        state = BuildState(project, data, log, sources, load_notes(data / "notes.yaml", sources, log),
                           figures=standard_figures(missions),
                           exclusions=load_exclusions(data / "exclusions.yaml", sources, log),
                           missions=missions)
        settings[STATE_SETTING] = state
    return state


def end_build(settings: dict[str, Any]) -> None:
    settings.pop(STATE_SETTING, None)


def standard_figures(missions: MissionData | None = None) -> dict[str, Figure]:
    """Figures any page can place with [!figure name]; the map is drawn from the mission data."""
    return {
        **(mission_figures(missions) if missions is not None else {}),
        "relay": Figure(relay_diagram, "Why the far side needs a relay: the Moon blocks any direct line from "
                                       "Earth to a lander on its far side (not to scale)."),
    }
