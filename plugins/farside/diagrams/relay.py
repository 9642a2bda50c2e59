"""Why the far side needs a relay: Earth, Moon, lander and Queqiao, side on, not to scale."""
from __future__ import annotations

from .svg import svg, text

TITLE = "Why a lander on the far side needs a relay satellite"
DESCRIPTION = (
    "Side view, not to scale. Earth is on the left and the Moon on the right, with a lander on the Moon's "
    "far side, the half that always faces away from Earth. A straight line from Earth to the lander is "
    "blocked by the Moon itself. Beyond the Moon, the relay satellite Queqiao circles the Earth–Moon L2 point "
    "in a halo orbit, from where it can see both the lander and Earth, so signals go from the lander up to "
    "Queqiao and from Queqiao back to Earth."
)


def relay_diagram(figure_id: str = "relay") -> str:
    earth = (90, 170, 46)
    moon = (430, 170, 30)
    relay = (585, 92)
    lander = (moon[0] + moon[2] + 2, 170)
    body = [
        '<rect class="fig-bg" x="0" y="0" width="640" height="300" rx="8"/>',
        # the blocked direct line
        f'<line class="fig-blocked" x1="{earth[0] + earth[2]}" y1="170" x2="{moon[0] - moon[2]}" y2="170"/>',
        f'<path class="fig-cross" d="M{moon[0] - moon[2] - 14},158 l16,24 m0,-24 l-16,24"/>',
        text(272, 158, "Direct line blocked", "fig-label fig-warn", "middle"),
        # the relay links
        f'<line class="fig-link" x1="{lander[0]}" y1="{lander[1]}" x2="{relay[0]}" y2="{relay[1]}"/>',
        f'<line class="fig-link" x1="{relay[0]}" y1="{relay[1]}" x2="{earth[0] + 30}" y2="{earth[1] - 36}"/>',
        text(300, 100, "Relayed signal", "fig-label fig-accent", "middle"),
        # bodies
        f'<circle class="fig-earth" cx="{earth[0]}" cy="{earth[1]}" r="{earth[2]}"/>',
        text(earth[0], earth[1] + earth[2] + 22, "Earth", "fig-label", "middle"),
        f'<path class="fig-moon-near" d="M{moon[0]},{moon[1] - moon[2]} a{moon[2]},{moon[2]} 0 0 0 0,{2 * moon[2]}z"/>',
        f'<path class="fig-moon-far" d="M{moon[0]},{moon[1] - moon[2]} a{moon[2]},{moon[2]} 0 0 1 0,{2 * moon[2]}z"/>',
        text(moon[0], moon[1] + moon[2] + 22, "Moon", "fig-label", "middle"),
        text(moon[0] + 10, moon[1] + moon[2] + 42, "far side faces away from Earth", "fig-small", "middle"),
        f'<rect class="fig-lander" x="{lander[0] - 2}" y="{lander[1] - 6}" width="10" height="12"/>',
        text(lander[0] + 14, lander[1] + 26, "Lander", "fig-label"),
        # halo orbit around L2 and the relay satellite
        f'<ellipse class="fig-orbit" cx="{relay[0]}" cy="170" rx="16" ry="78"/>',
        '<circle class="fig-l2" cx="585" cy="170" r="3"/>',
        text(604, 174, "L2", "fig-small"),
        f'<rect class="fig-relay" x="{relay[0] - 7}" y="{relay[1] - 7}" width="14" height="14" transform="rotate(45 {relay[0]} {relay[1]})"/>',
        text(relay[0], relay[1] - 18, "Queqiao", "fig-label", "middle"),
        text(585, 276, "halo orbit", "fig-small", "middle"),
        text(12, 290, "Not to scale", "fig-small"),
    ]
    return svg(figure_id, 640, 300, TITLE, DESCRIPTION, body)
