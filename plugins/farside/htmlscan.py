"""One parse of a piece of HTML for every check that reads it, with an HTML5 parser.

The checks on pages (link addresses, a note's banned wordings in the page's own words, in its
attributes and in its JSON-LD) used to run Python's ``html.parser`` over each page up to four
times. ``scan`` parses once, with Lexbor (through selectolax, a C parser that follows the HTML5
parsing rules browsers follow, so a check sees the elements and attributes a reader's browser
sees), and hands each check what it needs.
"""
from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

# Attributes a browser follows or fetches: every one is a link address to check.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "action", "formaction", "data", "cite",
                            "background", "longdesc", "manifest", "ping", "xlink:href", "imagesrcset"})
# Attributes whose words a reader, a screen reader or a search engine gets.
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "content", "aria-description"})
# What the site shows as somebody else's words (notes, quotations, references) or is not text.
QUOTED_SELECTOR = ", ".join(["q", "blockquote", "script", "style",
                             *(f".{name}" for name in ("source-note", "references", "cited-passages",
                                                       "cite-preview", "disagreement-others"))])
JSON_LD = "application/ld+json"

Address = tuple[str, str, str]  # (tag, attribute, address)


@dataclass(frozen=True)
class HtmlScan:
    """What the checks read from one piece of HTML, entities decoded as a browser decodes them.

    ``own_text``: the text outside quotations, pieces joined by a space; ``addresses``: every
    link address in document order; ``attributes``: the values of TEXT_ATTRIBUTES (quoted
    regions included: an alt text is the site's own words wherever it is); ``json_ld``: the
    content of each JSON-LD script.
    """

    own_text: str
    addresses: list[Address]
    attributes: list[str]
    json_ld: list[str]


def scan(html: str) -> HtmlScan:
    tree = LexborHTMLParser(html)
    addresses: list[Address] = []
    attributes: list[str] = []
    json_ld: list[str] = []
    root = tree.root
    if root is None:
        return HtmlScan("", [], [], [])
    for node in root.traverse():
        values = node.attributes
        if not values:
            continue
        tag = node.tag or ""
        add_addresses(addresses, tag, values)
        attributes.extend(value for name, value in values.items() if name in TEXT_ATTRIBUTES and value)
        if tag == "script" and values.get("type") == JSON_LD:
            json_ld.append(node.text(deep=True))
    for quoted in tree.css(QUOTED_SELECTOR):
        quoted.decompose()
    return HtmlScan(root.text(separator=" "), addresses, attributes, json_ld)


def add_addresses(found: list[Address], tag: str, values: dict[str, str | None]) -> None:
    """Append the (tag, attribute, address) of one element's attributes to ``found``."""
    for name, value in values.items():
        value = value or ""
        if name in ("srcset", "imagesrcset"):
            for candidate in value.split(","):
                address = candidate.strip().split(" ")[0] if candidate.strip() else ""
                if address:
                    found.append((tag, name, address))
        elif name in URL_ATTRIBUTES:
            found.append((tag, name, value))
    if tag == "meta" and (values.get("http-equiv") or "").strip().lower() == "refresh":
        found.append((tag, "http-equiv", "refresh:" + (values.get("content") or "")))
