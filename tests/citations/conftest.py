"""Fixture sources for citation tests, loaded from a YAML file an editor can read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from farside.citations import citations_plugin
from farside.citations.render import citation_templates
from farside.errors import ErrorLog
from farside.mdparser import make_parser

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class FakeSource:
    id: str
    title: str
    publisher: str
    published: dt.date | None
    url: str | None
    text: str
    inferred: dict = field(default_factory=dict)


def load_fixture_sources() -> dict[str, FakeSource]:
    raw = yaml.safe_load((FIXTURES / "sources.yaml").read_text())
    return {key: FakeSource(id=key, **value) for key, value in raw.items()}


TEMPLATES = citation_templates()


def references_html(citations: object) -> str:
    """The page template's References section for these citations (partials/references.html)."""
    page = SimpleNamespace(citations=citations)
    return TEMPLATES.get_template("partials/references.html").render(page=page, SITEURL="")


def render(markdown: str, sources: dict | None = None, line_offset: int = 0,
           standard: object = None) -> tuple[str, ErrorLog, dict]:
    """The page's HTML as a reader gets it: the Markdown's, then its References section."""
    sources = load_fixture_sources() if sources is None else sources
    md = make_parser([lambda md: citations_plugin(md, sources, lambda i: f"/sources/{i}/", standard, TEMPLATES)])
    log = ErrorLog()
    env = {"path": "content/pages/test.md", "line_offset": line_offset, "errors": log}
    html = md.render(markdown, env)
    return html + references_html(env["citations"]), log, env


@pytest.fixture
def fixture_sources() -> dict[str, FakeSource]:
    return load_fixture_sources()
