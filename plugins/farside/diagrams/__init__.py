"""SVG figures drawn at build time: the relay geometry and a map of the far side."""
from .farside_map import LandingSite, far_side_map
from .relay import relay_diagram
from .syntax import Figure, figures_plugin

__all__ = ["Figure", "LandingSite", "far_side_map", "figures_plugin", "relay_diagram"]
