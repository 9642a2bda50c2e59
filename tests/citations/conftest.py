"""Fixture sources for citation tests, loaded from a YAML file an editor can read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from farside.citations import citations_plugin
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


def render(markdown: str, sources: dict | None = None, line_offset: int = 0) -> tuple[str, ErrorLog, dict]:
    sources = load_fixture_sources() if sources is None else sources
    md = make_parser([lambda md: citations_plugin(md, sources, lambda i: f"/sources/{i}/")])
    log = ErrorLog()
    env = {"path": "content/pages/test.md", "line_offset": line_offset, "errors": log}
    return md.render(markdown, env), log, env


@pytest.fixture
def fixture_sources() -> dict[str, FakeSource]:
    return load_fixture_sources()
