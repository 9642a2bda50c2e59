"""A map of the far side, seen from behind the Moon, with landing sites from their coordinates.

Orthographic projection centred on 0° latitude, 180° longitude: the disc is the hemisphere
that never faces Earth, and its rim is the boundary with the near side.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .svg import svg, text

WIDTH = 500  # room beside the disc for labels
HEIGHT = 320
RADIUS = 120
CENTRE = (WIDTH / 2, HEIGHT / 2)


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


def far_side_map(sites: list[LandingSite], figure_id: str = "far-side-map") -> str:
    body = [
        f'<circle class="fig-moon-far" cx="{CENTRE[0]}" cy="{CENTRE[1]}" r="{RADIUS}"/>',
        *_graticule(),
        f'<circle class="fig-limb" cx="{CENTRE[0]}" cy="{CENTRE[1]}" r="{RADIUS}"/>',
        text(CENTRE[0], CENTRE[1] - RADIUS - 8, "North pole", "fig-small", "middle"),
        text(CENTRE[0], CENTRE[1] + RADIUS + 18, "South pole", "fig-small", "middle"),
        text(CENTRE[0] - RADIUS - 4, CENTRE[1] + 4, "90° E", "fig-small", "end"),
        text(CENTRE[0] + RADIUS + 4, CENTRE[1] + 4, "90° W", "fig-small", "start"),
        text(CENTRE[0], CENTRE[1] - 4, "180°", "fig-small", "middle"),
    ]
    described = []
    placed = [(site, project(site.latitude, site.longitude)) for site in sites]
    visible_x = sorted(point[0] for _, point in placed if point is not None)
    middle = (visible_x[0] + visible_x[-1]) / 2 if visible_x else CENTRE[0]
    for site, point in placed:
        position = f"{_format(site.latitude, 'N', 'S')}, {_format(site.longitude, 'E', 'W')}"
        described.append(f"{site.name} in {site.place} at {position}")
        if point is None:
            continue
        x, y = point
        body.append(_marker(site, x, y))
        # Labels go outwards, away from the other sites, with a leader line to the marker.
        leftwards = x < middle or (x == middle and x < CENTRE[0])
        label_x = (CENTRE[0] - RADIUS - 10) if leftwards else (CENTRE[0] + RADIUS + 10)
        anchor = "end" if leftwards else "start"
        label_y = y + (14 if leftwards else -14)
        body.append(f'<line class="fig-leader" x1="{x:.1f}" y1="{y:.1f}" x2="{label_x + (4 if leftwards else -4):.1f}" '
                    f'y2="{label_y - 4:.1f}"/>')
        body.append(text(label_x, label_y, site.name, "fig-label", anchor))
        for row, piece in enumerate(_wrap(site.place, 16)):
            body.append(text(label_x, label_y + 18 + 16 * row, piece, "fig-small", anchor))
    description = ("The far side of the Moon seen from beyond the Moon, with lines of latitude and longitude every "
                   "30 degrees; the rim of the disc is the edge of the hemisphere that faces away from Earth. "
                   "Landing sites: " + "; ".join(described) + ".")
    return svg(figure_id, WIDTH, HEIGHT, "Landing sites on the far side of the Moon", description, body)


def _wrap(words: str, width: int) -> list[str]:
    """Break a place name into short lines so labels stay inside the figure at 375 px."""
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
