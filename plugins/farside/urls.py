"""Where the pages the plugin generates live, named in one place (no Pelican import).

Readers link to a source's page with a Pelican intrasite link; the sources generator
registers the page under the same key, so Pelican rewrites the link to its final URL.
"""
from __future__ import annotations


def source_page_key(source_id: str) -> str:
    return f"sources/{source_id}"


def source_page_link(source_id: str) -> str:
    """A Pelican intrasite link to a source's own page (registered by the sources generator)."""
    return "{filename}/" + source_page_key(source_id)


def source_page_url(source_id: str) -> str:
    return f"{source_page_key(source_id)}/"


COVERAGE_KEY = "sources/coverage"
COVERAGE_URL = "sources/coverage/"
