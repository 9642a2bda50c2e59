"""The checks that now share one HTML parse find exactly what their own parsers found."""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from farside.citations.verify import normalise_quote
from farside.links import url_attributes
from farside.notes.check import own_text, page_text
from farside.notes.published import ATTRIBUTES, _html_texts, _json_strings

PIECES = ["<p>", "</p>", "<br>", "<br/>", "<span/>", "<div class='source-note'>", "</div>", "<q>", "</q>",
          "<blockquote class=x>", "</blockquote>", "<a href='https://x.org/a?b=1&amp;c=2'>", "</a>",
          "<a href=javascript:alert(1) title='Lunar &amp; far'>", "<img src=x.png alt='the far side'>",
          "<img srcset='a.png 1x, b.png 2x' alt=''/>", "<meta http-equiv=Refresh content='0;url=x'>",
          "<script type=\"application/ld+json\">", "<script>", "</script>", "<style>", "</style>",
          "<!-- note -->", "<![CDATA[x]]>", "<ul class='references'>", "</ul>", "<sup class=cites>",
          "</sup>", "<svg><title>Relay</title></svg>", '{"name": "dark side", "quote": "x"}',
          "dark side of the Moon", " the ", "&amp;", "&lt;", "&#8217;", "’", "\u00ad", "\u200b", "\n",
          "<a href=//evil.example>", "<a href", "<", "&", "<p title=\"unclosed"]


def old_html_texts(html: str) -> Iterator[str]:
    """published._html_texts before it shared the own-text parse (the reference)."""
    yield own_text(html)
    scripts: list[str] = []
    attributes: list[str] = []

    class Collect(HTMLParser):
        in_jsonld = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            self.in_jsonld = tag == "script" and values.get("type") == "application/ld+json"
            attributes.extend(v for k, v in attrs if k in ATTRIBUTES and v)

        def handle_data(self, data: str) -> None:
            if self.in_jsonld:
                scripts.append(data)

        def handle_endtag(self, tag: str) -> None:
            self.in_jsonld = False

    parser = Collect(convert_charrefs=True)
    parser.feed(html)
    yield from attributes
    for script in scripts:
        try:
            yield from _json_strings(json.loads(script))
        except ValueError:
            yield script


def samples() -> Iterator[str]:
    rng = random.Random(15)
    for _ in range(3000):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25)))
    root = Path(__file__).resolve().parents[1] / "fixtures"
    yield from (p.read_text(encoding="utf-8", errors="replace") for p in sorted(root.rglob("*.html")))


def test_page_text_is_own_text_and_url_attributes() -> None:
    for html in samples():
        scanned = page_text(html)
        assert scanned.normalised == normalise_quote(own_text(html)), html
        assert scanned.addresses == url_attributes(html), html


def test_published_texts_from_one_parse() -> None:
    for html in samples():
        assert list(_html_texts(html)) == list(old_html_texts(html)), html
