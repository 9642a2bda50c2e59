"""A map of the far side, seen from behind the Moon, with landing sites from their coordinates.

Orthographic projection centred on 0° latitude, 180° longitude: the disc is the hemisphere
that never faces Earth, and its rim is the boundary with the near side. The outline of the
South Pole–Aitken basin is drawn as a circle on the sphere (approximate: centre about 53° S,
169° W, about 2,500 km across), so the landing sites can be seen inside it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .svg import svg, text

WIDTH = 420  # room beside the disc for labels; narrow enough for 12 px labels at 375 px
HEIGHT = 330
RADIUS = 98
CENTRE = (WIDTH / 2, 148.0)
LABEL_WIDTH = 11  # characters per line of a place name
MOON_RADIUS_KM = 1737.4
# The South Pole–Aitken basin, approximately: centre and radius (half of about 2,500 km).
BASIN_NAME = "South Pole–Aitken basin"
BASIN_CENTRE = (-53.0, -169.0)
BASIN_RADIUS_KM = 1250.0


@dataclass(frozen=True)
class LandingSite:
    name: str  # e.g. "Chang'e-4"
    place: str  # e.g. "Von Kármán crater"
    latitude: float  # degrees, north positive
    longitude: float  # degrees, east positive (west is negative)
    shape: str = "circle"  # marker shape, so sites differ by more than colour


def project(latitude: float, longitude: float, centre_lon: float = 180.0) -> tuple[float, float] | None:
    """SVG coordinates of a point, or None when it is on the near side (out of view)."""
    phi, lam = math.radians(latitude), math.radians(longitude - centre_lon)
    if math.cos(phi) * math.cos(lam) < 0:
        return None
    x = RADIUS * math.cos(phi) * math.sin(lam)
    y = RADIUS * math.sin(phi)
    return CENTRE[0] + x, CENTRE[1] - y


def on_far_side(latitude: float, longitude: float) -> bool:
    return project(latitude, longitude) is not None


def _small_circle(latitude: float, longitude: float, radius_km: float, steps: int = 120) -> list[list[tuple[float, float]]]:
    """The visible runs of a circle on the sphere (a basin's rim), as lists of SVG points."""
    phi1, lam1 = math.radians(latitude), math.radians(longitude)
    distance = radius_km / MOON_RADIUS_KM
    runs: list[list[tuple[float, float]]] = [[]]
    for step in range(steps + 1):
        bearing = 2 * math.pi * step / steps
        phi2 = math.asin(math.sin(phi1) * math.cos(distance) + math.cos(phi1) * math.sin(distance) * math.cos(bearing))
        lam2 = lam1 + math.atan2(math.sin(bearing) * math.sin(distance) * math.cos(phi1),
                                 math.cos(distance) - math.sin(phi1) * math.sin(phi2))
        point = project(math.degrees(phi2), math.degrees(lam2))
        if point is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(point)
    return [run for run in runs if len(run) > 1]


def _graticule() -> list[str]:
    lines = []
    for lat in range(-60, 61, 30):
        r = RADIUS * math.cos(math.radians(lat))
        y = CENTRE[1] - RADIUS * math.sin(math.radians(lat))
        lines.append(f'<line class="fig-grid" x1="{CENTRE[0] - r:.1f}" y1="{y:.1f}" x2="{CENTRE[0] + r:.1f}" y2="{y:.1f}"/>')
    for lon in range(120, 241, 30):
        rx = abs(RADIUS * math.sin(math.radians(lon - 180)))
        lines.append(f'<ellipse class="fig-grid" cx="{CENTRE[0]}" cy="{CENTRE[1]}" rx="{rx:.1f}" ry="{RADIUS}"/>')
    return lines


def _marker(site: LandingSite, x: float, y: float) -> str:
    if site.shape == "square":
        return f'<rect class="fig-site fig-site-b" x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12"/>'
    return f'<circle class="fig-site fig-site-a" cx="{x:.1f}" cy="{y:.1f}" r="7"/>'


def _format(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.1f}° {positive if value >= 0 else negative}"


def position(site: LandingSite) -> str:
    return f"{_format(site.latitude, 'N', 'S')}, {_format(site.longitude, 'E', 'W')}"


def far_side_map(sites: list[LandingSite], figure_id: str = "far-side-map", not_shown: tuple[str, ...] = ()) -> str:
    """The map; ``not_shown`` says, in words, which missions are missing from it and why."""
    basin = "".join(
        f'<path class="fig-basin" d="M{" L".join(f"{x:.1f},{y:.1f}" for x, y in run)}"/>'
        for run in _small_circle(*BASIN_CENTRE, BASIN_RADIUS_KM))
    body = [
        f'<circle class="fig-moon-lit" cx="{CENTRE[0]}" cy="{CENTRE[1]}" r="{RADIUS}"/>',
        *_graticule(),
        basin,
        f'<circle class="fig-limb" cx="{CENTRE[0]}" cy="{CENTRE[1]}" r="{RADIUS}"/>',
        text(CENTRE[0], CENTRE[1] - RADIUS - 8, "North pole", "fig-small", "middle"),
        text(CENTRE[0], CENTRE[1] + RADIUS + 20, "South pole", "fig-small", "middle"),
        text(CENTRE[0] - RADIUS - 6, CENTRE[1] + 5, "90° E", "fig-small", "end"),
        text(CENTRE[0] + RADIUS + 6, CENTRE[1] + 5, "90° W", "fig-small", "start"),
        text(CENTRE[0], CENTRE[1] - 6, "180°", "fig-small fig-onmoon", "middle"),
        # the basin's name, in a key under the disc
        f'<path class="fig-basin" d="M{CENTRE[0] - 100},{HEIGHT - 18} h26"/>',
        text(CENTRE[0] - 66, HEIGHT - 12, f"{BASIN_NAME} (outline)", "fig-small", "start"),
    ]
    described = []
    placed = [(site, project(site.latitude, site.longitude)) for site in sites]
    visible_x = sorted(point[0] for _, point in placed if point is not None)
    middle = (visible_x[0] + visible_x[-1]) / 2 if visible_x else CENTRE[0]
    for site, point in placed:
        described.append(f"{site.name} in {site.place} at {position(site)}")
        if point is None:
            continue
        x, y = point
        body.append(_marker(site, x, y))
        # Labels go outwards, away from the other sites, with a leader line to the marker.
        leftwards = x < middle or (x == middle and x < CENTRE[0])
        label_x = (CENTRE[0] - RADIUS - 12) if leftwards else (CENTRE[0] + RADIUS + 12)
        anchor = "end" if leftwards else "start"
        label_y = y + (8 if leftwards else -30)
        body.append(f'<line class="fig-leader" x1="{x:.1f}" y1="{y:.1f}" x2="{label_x + (4 if leftwards else -4):.1f}" '
                    f'y2="{label_y - 5:.1f}"/>')
        body.append(text(label_x, label_y, site.name, "fig-label", anchor))
        for row, piece in enumerate(wrap(site.place, LABEL_WIDTH)):
            body.append(text(label_x, label_y + 19 + 18 * row, piece, "fig-small", anchor))
    description = ("The far side of the Moon seen from beyond the Moon, with lines of latitude and longitude every "
                   "30 degrees; the rim of the disc is the edge of the hemisphere that faces away from Earth. "
                   f"The approximate outline of the {BASIN_NAME} covers much of the southern half. "
                   + ("Landing sites: " + "; ".join(described) + ". " if described else "")
                   + " ".join(not_shown))
    return svg(figure_id, WIDTH, HEIGHT, "Landing sites on the far side of the Moon", description.strip(), body)


def wrap(words: str, width: int) -> list[str]:
    """Break a label into short lines so it stays inside the figure at 375 px."""
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
