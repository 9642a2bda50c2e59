"""The far-side explainer's Pelican plugin package.

Stages (sources, citations, missions...) are plain modules with no Pelican import, so
they are tested fast and alone; only the wiring in ``plugin.py``, the reader and the
generators know Pelican, and importing this package does not load them.
"""
from __future__ import annotations


def register() -> None:
    """Pelican's entry point: connect every stage to Pelican's signals."""
    from .plugin import register as connect

    connect()
