"""Sources: collected articles, their checked metadata and their readable text.

Floor 2 of the pipeline: it knows only ``farside.errors`` and never imports Pelican,
so the citation engine and its tests use it without building a site.
"""
from .clean import clean_text
from .registry import Source, load_registry

__all__ = ["Source", "clean_text", "load_registry"]
