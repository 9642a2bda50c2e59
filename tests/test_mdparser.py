"""Markdown in, HTML out: the dialect every page is written in (fixture files side by side)."""
from __future__ import annotations

from pathlib import Path

import pytest

from farside.mdparser import make_parser

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.stem)
def test_fixture(source: Path) -> None:
    expected = source.with_suffix(".html").read_text()
    assert make_parser().render(source.read_text()) == expected


def test_raw_html_is_escaped_not_rendered() -> None:
    html = make_parser().render("<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html


def test_only_safe_attributes_are_kept() -> None:
    html = make_parser().render("{#ok .fine onclick=evil style=x}\nparagraph")
    assert html == '<p id="ok" class="fine">paragraph</p>\n'


def test_pelican_link_placeholders_survive() -> None:
    html = make_parser().render("[x]({filename}change-4.md#opening)")
    assert 'href="{filename}change-4.md#opening"' in html


def test_dangerous_link_schemes_are_not_links() -> None:
    assert "href" not in make_parser().render("[x](javascript:alert(1)) [y](vbscript:x)")
