"""SVG figures drawn at build time: the relay geometry, a map of the far side, timelines."""
from .farside_map import LandingSite, far_side_map, on_far_side, position
from .relay import relay_diagram
from .syntax import Figure, figures_plugin
from .timeline import Mark, timeline_diagram

__all__ = ["Figure", "LandingSite", "Mark", "far_side_map", "figures_plugin", "on_far_side", "position",
           "relay_diagram", "timeline_diagram"]
