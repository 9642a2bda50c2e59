"""The far-side map figure, drawn from the landing coordinates in the mission data."""
from __future__ import annotations

from ..diagrams import Figure, LandingSite, far_side_map
from .model import MissionData

SHAPES = ("circle", "square")  # markers differ by shape as well as colour


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


def far_side_figure(data: MissionData) -> Figure:
    """`[!figure far-side-map]`: where the missions landed, from their cited coordinates."""
    sites = landing_sites(data)
    names = [site.name for site in sites]
    listed = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
    caption = (f"Where {listed} landed on the far side of the Moon, plotted from the coordinates on the "
               "comparison page; the rim of the disc is the edge of the side that never faces Earth."
               if sites else "The far side of the Moon; no landing site is recorded yet.")
    return Figure(lambda: far_side_map(sites), caption)
