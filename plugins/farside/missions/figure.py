"""Figures drawn from the mission data: the far-side map, each mission's profile and a timeline
of all missions. Nothing here names a mission: add one in data/missions and it appears."""
from __future__ import annotations

import datetime as dt

from ..diagrams import (
    Figure,
    LandingSite,
    Mark,
    far_side_map,
    on_far_side,
    position,
    timeline_diagram,
)
from .model import Mission, MissionData, Moment

SHAPES = ("circle", "square")  # markers differ by shape as well as colour
SURFACE_FROM = "landing"  # the stretch from this moment to the next is spent on the Moon


def landing_sites(data: MissionData) -> list[LandingSite]:
    """Every mission with landing coordinates, in launch order."""
    sites: list[LandingSite] = []
    for mission in data.missions.values():
        where = mission.values.get("landing_coordinates")
        if where is None or where.latitude is None or where.longitude is None:
            continue
        place = mission.values.get("landing_site")
        sites.append(LandingSite(mission.name, place.text if place else "", where.latitude, where.longitude,
                                 SHAPES[len(sites) % len(SHAPES)]))
    return sites


def not_on_map(data: MissionData, sites: list[LandingSite]) -> tuple[str, ...]:
    """One sentence for every mission the map leaves out, saying why (never silence)."""
    reasons = []
    shown = {site.name for site in sites if on_far_side(site.latitude, site.longitude)}
    for mission in data.missions.values():
        if mission.name in shown:
            continue
        site = next((site for site in sites if site.name == mission.name), None)
        if site is not None:
            reasons.append(f"{mission.name} is not on this map: it landed on the near side, at {position(site)}.")
        else:
            reasons.append(f"{mission.name} is not on this map: its data records no landing coordinates.")
    return tuple(reasons)


def _listed(names: list[str]) -> str:
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def far_side_figure(data: MissionData) -> Figure:
    """`[!figure far-side-map]`: where the missions landed, from their cited coordinates."""
    sites = landing_sites(data)
    reasons = not_on_map(data, sites)
    visible = [site.name for site in sites if on_far_side(site.latitude, site.longitude)]
    caption = (f"Where {_listed(visible)} landed on the far side of the Moon, plotted from the coordinates on the "
               "comparison page, with the approximate outline of the South Pole–Aitken basin; the rim of the "
               "disc is the edge of the side that never faces Earth."
               if visible else "The far side of the Moon; no landing site on it is recorded yet.")
    caption = " ".join([caption, *reasons])
    return Figure(lambda: far_side_map(sites, not_shown=reasons), caption)


def _day(moment: Moment) -> dt.date:
    return moment.sort_key().date()


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b} {day.year}"


def moments(mission: Mission) -> list[tuple[Moment, str, str]]:
    """(moment, words, field name) for each dated moment of a mission, in time order."""
    found = [(value.moment, value.spec.label, name) for name, value in mission.values.items()
             if value.spec.kind == "moment" and value.moment is not None]
    found += [(event.moment, event.what.text, "") for event in mission.events if event.field is None]
    return sorted(found, key=lambda item: item[0].sort_key())


def profile_figure(mission: Mission) -> Figure:
    """`[!figure profile-<mission id>]`: the mission's moments as days from launch."""
    dated = moments(mission)
    launch = mission.values.get("launch")
    start = _day(launch.moment) if launch is not None and launch.moment is not None else (
        _day(dated[0][0]) if dated else None)
    marks = []
    for moment, words, name in dated:
        days = (_day(moment) - start).days if start is not None else 0
        marks.append(Mark(f"Day {days}".replace("-", "−"), _short(_day(moment)), words,
                          phase="fig-phase-surface" if name == SURFACE_FROM else ""))
    title = f"{mission.name}, step by step"
    description = (f"{mission.name}'s mission, from the dates in its data, counted in days from launch: "
                   + "; ".join(f"{mark.when} ({mark.detail}): {mark.words}" for mark in marks) + ".")
    caption = (f"{mission.name}, step by step: each dated moment of the mission, counted in days from launch "
               "(UTC dates), from the same cited data as the key facts.")
    return Figure(lambda: timeline_diagram(marks, f"profile-{mission.id}", title, description), caption)


def missions_timeline_figure(data: MissionData) -> Figure:
    """`[!figure missions-timeline]`: every mission's dated moments on one time line."""
    every = sorted(((moment, words, index, mission) for index, mission in enumerate(data.missions.values())
                    for moment, words, _ in moments(mission)), key=lambda item: item[0].sort_key())
    marks = []
    year = None
    for moment, words, index, mission in every:
        day = _day(moment)
        marks.append(Mark(f"{day.day} {day:%b}", "", f"{mission.name}: {words}", series=index,
                          heading=str(day.year) if day.year != year else ""))
        year = day.year
    names = _listed([mission.name for mission in data.missions.values()])
    description = (f"The dated moments of {names} in time order, grouped by year: "
                   + "; ".join(f"{mark.heading + ', ' if mark.heading else ''}{mark.when}: {mark.words}"
                               for mark in marks) + ".")
    caption = (f"{names} on one time line (UTC dates); each mission has its own marker shape. "
               "The dates and their sources are listed below.")
    return Figure(lambda: timeline_diagram(marks, "missions-timeline", f"Timeline of {names}", description),
                  caption)


def mission_figures(data: MissionData) -> dict[str, Figure]:
    """Every figure drawn from the mission data, by the name a page uses in [!figure name]."""
    return {
        "far-side-map": far_side_figure(data),
        "missions-timeline": missions_timeline_figure(data),
        **{f"profile-{mission.id}": profile_figure(mission) for mission in data.missions.values()},
    }
