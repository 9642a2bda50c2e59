"""Mission data: load and check data/missions/*.yaml; views for the comparison, timeline and
key-facts box; CSV and JSON downloads; the far-side map. Only generator.py (not imported
here) knows Pelican."""
from .export import comparison_csv, comparison_json
from .figure import far_side_figure, landing_sites, mission_figures
from .load import load_missions
from .model import Cited, Event, FieldSpec, FieldValue, Mission, MissionData, Moment
from .views import PageNumbering, comparison_view, key_facts_view, timeline_view

__all__ = ["Cited", "Event", "FieldSpec", "FieldValue", "Mission", "MissionData", "Moment", "PageNumbering",
           "comparison_csv", "comparison_json", "comparison_view", "far_side_figure", "key_facts_view",
           "landing_sites", "load_missions", "mission_figures", "timeline_view"]
