"""One HTML5 parse (farside.htmlscan) serves every check that reads a page.

On the pages the site really publishes it finds exactly what Python's html.parser finds (the
parser the checks used before, kept here as the reference); where the two parsers disagree on
broken HTML, it finds what a browser finds.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from html.parser import HTMLParser

from farside.citations.verify import normalise_quote
from farside.htmlscan import TEXT_ATTRIBUTES, add_addresses, scan
from farside.links import url_attributes, written_page_problems
from farside.notes.check import own_text, page_text
from farside.notes.published import _html_texts, _json_strings
from support.site import BuildResult

QUOTED_CLASSES = {"source-note", "references", "cited-passages", "cite-preview", "disagreement-others"}
QUOTED_TAGS = {"q", "blockquote", "script", "style"}
VOID = ("br", "img", "hr", "meta", "link", "input", "source", "wbr")


class Reference(HTMLParser):
    """What the checks read with html.parser before: own text, addresses, attributes, JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside: list[bool] = []
        self.parts: list[str] = []
        self.addresses: list[tuple[str, str, str]] = []
        self.attributes: list[str] = []
        self.scripts: list[str] = []
        self.in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        add_addresses(self.addresses, tag, {name.lower(): value for name, value in attrs})
        self.attributes.extend(v for k, v in attrs if k in TEXT_ATTRIBUTES and v)
        self.in_jsonld = tag == "script" and values.get("type") == "application/ld+json"
        if tag in VOID:
            return
        quoted = tag in QUOTED_TAGS or bool(set((values.get("class") or "").split()) & QUOTED_CLASSES)
        self.inside.append(quoted or (bool(self.inside) and self.inside[-1]))

    def handle_endtag(self, tag: str) -> None:
        self.in_jsonld = False
        if tag not in VOID and self.inside:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.scripts.append(data)
        if not (self.inside and self.inside[-1]):
            self.parts.append(data)


def reference(html: str) -> Reference:
    parser = Reference()
    parser.feed(html)
    parser.close()
    return parser


def test_published_pages_read_the_same_as_with_html_parser(built_site: BuildResult) -> None:
    pages = built_site.html_files()
    assert len(pages) >= 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        old, new = reference(html), scan(html)
        where = path.relative_to(built_site.output).as_posix()
        assert normalise_quote(new.own_text) == normalise_quote(" ".join(old.parts)), where
        assert new.addresses == old.addresses, where
        assert new.attributes == old.attributes, where
        assert new.json_ld == old.scripts, where


def test_the_checks_share_the_scan(built_site: BuildResult) -> None:
    for path in built_site.html_files()[:20]:
        html = path.read_text(encoding="utf-8")
        scanned = scan(html)
        assert own_text(html) == scanned.own_text
        assert url_attributes(html) == scanned.addresses
        assert page_text(html).addresses == scanned.addresses
        texts = list(_html_texts(html))
        assert texts[0] == scanned.own_text
        assert texts[1:1 + len(scanned.attributes)] == scanned.attributes
        for script in scanned.json_ld:
            assert set(_json_strings(json.loads(script))) <= set(texts)


def test_quotations_are_not_the_sites_own_words() -> None:
    html = ("<p>Our words. <q>their words</q> <span class='x source-note'>a <b>note</b></span>"
            "<blockquote>quoted</blockquote><script>code()</script><style>p{}</style>"
            "<ol class=references><li>Ref <q>nested</q></li></ol> End.</p>")
    assert normalise_quote(scan(html).own_text) == "our words. end."


def test_attributes_count_inside_quotations() -> None:
    scanned = scan("<blockquote><img src=a.png alt='the dark side'></blockquote><a title=t href=x>y</a>")
    assert scanned.attributes == ["the dark side", "t"]
    assert scanned.addresses == [("img", "src", "a.png"), ("a", "href", "x")]


def test_what_a_browser_sees_is_checked() -> None:
    """Cases a browser reads as links; each is found whatever the spelling."""
    cases = {
        "<A HREF='JavaScript:alert(1)'>x</A>": "javascript:alert(1)",
        "<a href='jav&#x61;script:x'>x</a>": "javascript:x",
        "<svg><a xlink:href='javascript:x'><text>t</text></a></svg>": "javascript:x",
        "<a href=\"javascript:x\"": None,  # never closed: a browser makes no element of it
        "<img srcset='a.png 1x, javascript:b 2x'>": "javascript:b",
        "<meta http-equiv=REFRESH content='0;url=https://x.example'>": "refresh:0;url=https://x.example",
    }
    for html, address in cases.items():
        found = [a for _, _, a in scan(html).addresses]
        if address is None:
            assert found == [], html
        else:
            assert address in [a.lower() for a in found], html
    assert written_page_problems(b"<a href='javascript:x'>x</a>")


def fragments() -> Iterator[str]:
    pieces = ["<p>", "</p>", "<br>", "<br/>", "<span/>", "<div class='source-note'>", "</div>", "<q>", "</q>",
              "<a href='https://x.org/a?b=1&amp;c=2'>", "</a>", "<a href=javascript:alert(1) title='far'>",
              "<img srcset='a.png 1x, b.png 2x' alt=''/>", "<script type=\"application/ld+json\">", "</script>",
              "<!-- note -->", "<![CDATA[x]]>", "<ul class='references'>", "</ul>", "<svg><title>R</title></svg>",
              "dark side", "&amp;", "&#8217;", "\u00ad", "\u200b", "\n", "<a href", "<", "&", "<p title=\"x"]
    rng = random.Random(15)
    for _ in range(2000):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))


def test_any_fragment_scans() -> None:
    for html in fragments():
        scanned = scan(html)
        assert isinstance(scanned.own_text, str)
        assert all(isinstance(part, str) for entry in scanned.addresses for part in entry)
