"""Which link addresses a published page may carry, checked on the HTML a page really gets.

Plain functions on strings (no Pelican): ``url_attributes`` finds every address in a piece of
HTML (href, src, srcset, poster, action, a meta refresh...), ``url_problem`` says what is wrong
with one. Allowed: http, https and mailto addresses, and the site's own relative paths.
"""
from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

from .htmlscan import Address, scan

ALLOWED_SCHEMES = ("http", "https", "mailto")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these around and inside a scheme


def url_attributes(html: str) -> list[Address]:
    """(tag, attribute, address) for every address in ``html``, entities decoded as a browser does."""
    return scan(html).addresses


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
    return address_problems(url_attributes(text))


def address_problems(addresses: list[Address]) -> list[tuple[str, str, str, str]]:
    """(tag, attribute, address, problem) for each disallowed one of ``addresses``."""
    return [(tag, attribute, address, problem) for tag, attribute, address in addresses
            for problem in [url_problem(address)] if problem]
