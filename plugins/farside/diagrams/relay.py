"""Why the far side needs a relay: Earth, Moon, lander and relay satellite, side on, not to scale.

The far side is drawn lit: it is the side that never faces Earth, not a dark side. The Sun is
drawn beyond the Moon, as around new moon (Chang'e-4 landed in the lunar morning, days before new
moon), so the half facing away from Earth is the sunlit one.
"""
from __future__ import annotations

from .svg import svg, text

WIDTH, HEIGHT = 420, 300
TITLE = "Why a lander on the far side needs a relay satellite"
DESCRIPTION = (
    "Side view, not to scale. Earth is on the left and the Moon in the middle, with a lander on the Moon's "
    "far side, the half that always faces away from Earth. Sunlight comes from the right, so the far side is "
    "drawn lit: it is not dark, only unseen from Earth. A straight line from Earth to the lander is blocked by "
    "the Moon itself. Beyond the Moon, a relay satellite circles the Earth–Moon L2 point in a halo orbit, from "
    "where it can see both the lander and Earth, so signals go from the lander up to the relay satellite and "
    "from there back to Earth."
)


def relay_diagram(figure_id: str = "relay") -> str:
    earth = (52, 150, 34)
    moon = (250, 150, 30)
    relay = (362, 92)
    l2 = (362, 150)
    lander = (moon[0] + moon[2] + 1, moon[1])
    body = [
        f'<rect class="fig-bg" x="0" y="0" width="{WIDTH}" height="{HEIGHT}" rx="8"/>',
        # sunlight from beyond the Moon
        *(f'<path class="fig-sun" d="M414,{y} H386 m8,-6 l-8,6 l8,6"/>' for y in (24, 42)),
        text(376, 39, "Sunlight", "fig-small fig-sunlabel", "end"),
        # the blocked direct line
        f'<line class="fig-blocked" x1="{earth[0] + earth[2]}" y1="{earth[1]}" x2="{moon[0] - moon[2]}" y2="{moon[1]}"/>',
        f'<path class="fig-cross" d="M{moon[0] - moon[2] - 16},{moon[1] - 10} l14,20 m0,-20 l-14,20"/>',
        text(145, 176, "Direct line", "fig-label fig-warn", "middle"),
        text(145, 194, "blocked", "fig-label fig-warn", "middle"),
        # the relay links
        f'<line class="fig-link" x1="{lander[0] + 4}" y1="{lander[1] - 4}" x2="{relay[0]}" y2="{relay[1]}"/>',
        f'<line class="fig-link" x1="{relay[0]}" y1="{relay[1]}" x2="{earth[0] + 26}" y2="{earth[1] - 24}"/>',
        text(150, 106, "Relayed signal", "fig-label fig-accent", "middle"),
        # bodies: the Moon's near half in shadow, its far half in sunlight
        f'<circle class="fig-earth" cx="{earth[0]}" cy="{earth[1]}" r="{earth[2]}"/>',
        text(earth[0], earth[1] + earth[2] + 24, "Earth", "fig-label", "middle"),
        f'<path class="fig-moon-shade" d="M{moon[0]},{moon[1] - moon[2]} a{moon[2]},{moon[2]} 0 0 0 0,{2 * moon[2]}z"/>',
        f'<path class="fig-moon-lit" d="M{moon[0]},{moon[1] - moon[2]} a{moon[2]},{moon[2]} 0 0 1 0,{2 * moon[2]}z"/>',
        f'<circle class="fig-limb" cx="{moon[0]}" cy="{moon[1]}" r="{moon[2]}"/>',
        text(moon[0], moon[1] + moon[2] + 24, "Moon", "fig-label", "middle"),
        text(moon[0] + 4, moon[1] + moon[2] + 46, "Far side: sunlit,", "fig-small", "middle"),
        text(moon[0] + 4, moon[1] + moon[2] + 64, "but never seen from Earth", "fig-small", "middle"),
        f'<rect class="fig-lander" x="{lander[0]}" y="{lander[1] - 6}" width="9" height="12"/>',
        text(lander[0] + 12, lander[1] - 14, "Lander", "fig-label"),
        # halo orbit around L2 and the relay satellite
        f'<ellipse class="fig-orbit" cx="{l2[0]}" cy="{l2[1]}" rx="12" ry="{l2[1] - relay[1]}"/>',
        f'<circle class="fig-l2" cx="{l2[0]}" cy="{l2[1]}" r="3"/>',
        text(l2[0] - 14, l2[1] + 5, "L2", "fig-small", "end"),
        (f'<rect class="fig-relay" x="{relay[0] - 7}" y="{relay[1] - 7}" width="14" height="14" '
        f'transform="rotate(45 {relay[0]} {relay[1]})"/>'),
        text(relay[0] + 38, relay[1] - 22, "Relay satellite", "fig-label", "end"),
        text(l2[0], l2[1] + (l2[1] - relay[1]) + 22, "halo orbit", "fig-small", "middle"),
        text(10, HEIGHT - 10, "Not to scale", "fig-small"),
    ]
    return svg(figure_id, WIDTH, HEIGHT, TITLE, DESCRIPTION, body)
