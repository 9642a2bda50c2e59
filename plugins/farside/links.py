"""Which link addresses a published page may carry, checked on the HTML a page really gets.

Plain functions on strings (no Pelican): ``url_attributes`` finds every address in a piece of
HTML (href, src, srcset, poster, action, a meta refresh...), ``url_problem`` says what is wrong
with one. Allowed: http, https and mailto addresses, and the site's own relative paths.
"""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https", "mailto")
# Every attribute a browser follows or fetches.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "action", "formaction", "data", "cite",
                            "background", "longdesc", "manifest", "ping", "xlink:href", "imagesrcset"})
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these around and inside a scheme


class _Addresses(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, address)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        collect_addresses(self.found, tag, attrs)

    handle_startendtag = handle_starttag


def collect_addresses(found: list[tuple[str, str, str]], tag: str, attrs: list[tuple[str, str | None]]) -> None:
    """Append to ``found`` the (tag, attribute, address) of one start tag (for parsers that do more)."""
    values = {name.lower(): value or "" for name, value in attrs}
    for name, value in values.items():
        if name in ("srcset", "imagesrcset"):
            for candidate in value.split(","):
                address = candidate.strip().split(" ")[0] if candidate.strip() else ""
                if address:
                    found.append((tag, name, address))
        elif name in URL_ATTRIBUTES:
            found.append((tag, name, value))
    if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
        found.append((tag, "http-equiv", "refresh:" + values.get("content", "")))


def url_attributes(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, address) for every address in ``html``, entities decoded as a browser does."""
    parser = _Addresses()
    parser.feed(html)
    parser.close()
    return parser.found


def scheme_of(address: str) -> str:
    """The scheme a browser would use, after dropping the blanks and controls it ignores."""
    cleaned = _INVISIBLE.sub("", address)
    return urlsplit(cleaned).scheme.lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", cleaned) else ""


def url_problem(address: str) -> str | None:
    """Why a page may not link to ``address``, or None when it may."""
    if address.startswith("refresh:"):
        return "a meta refresh sends readers elsewhere; link to the page instead"
    scheme = scheme_of(address)
    if scheme and scheme not in ALLOWED_SCHEMES:
        return f"'{scheme}:' addresses are not allowed; link with https://, mailto: or to a page of the site"
    stripped = address.strip()
    if not scheme and (stripped.startswith(("//", "\\"))):
        return "an address starting with // leaves the site; write it in full with https://"
    return None


def written_page_problems(data: bytes) -> list[tuple[str, str, str, str]]:
    """(tag, attribute, address, problem) for each disallowed address of a written page.

    The bytes are decoded as ``Path.read_text(encoding="utf-8", errors="replace")`` decodes a file
    (the same text wrapper, so newlines and bad bytes come out alike).
    """
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace").read()
    return [(tag, attribute, address, problem) for tag, attribute, address in url_attributes(text)
            for problem in [url_problem(address)] if problem]
