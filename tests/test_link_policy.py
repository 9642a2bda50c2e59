"""plugins/farside/links.py: which addresses a page may carry, found the way a browser reads them."""
from __future__ import annotations

import pytest
from farside.links import url_attributes, url_problem


@pytest.mark.parametrize("address", [
    "https://www.nasa.gov/", "http://example.org/a?b#c", "mailto:editors@example.org", "../change-4/",
    "change-4/#landing", "#references", "theme/css/site.css", "", "sources/", "?q=moon",
])
def test_allowed_addresses(address: str) -> None:
    assert url_problem(address) is None


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:x", "\x01javascript:x", "vbscript:msgbox(1)", "data:text/html,<script>x</script>",
    "file:///etc/passwd", "javascript:../index.html", "//evil.example/x", "\\\\evil.example/x", "ftp://x.example/",
])
def test_refused_addresses(address: str) -> None:
    problem = url_problem(address)
    assert problem is not None and ";" in problem, "each refusal says what to do"


def test_addresses_are_read_as_a_browser_reads_them() -> None:
    html = ('<a href="java&#x73;cript:x()">a</a><img src="a.png" srcset="b.png 2x, javascript:y 3x">'
            '<meta http-equiv="Refresh" content="0;url=https://evil.example/"><form action="data:x"></form>'
            '<video poster="vbscript:z"></video><svg><use xlink:href="javascript:w"/></svg>')
    found = url_attributes(html)
    addresses = [address for _, _, address in found]
    assert "javascript:x()" in addresses, "character references are decoded"
    assert "javascript:y" in addresses and "b.png" in addresses, "every srcset candidate"
    assert any(address.startswith("refresh:") for address in addresses), "a meta refresh"
    refused = [address for address in addresses if url_problem(address)]
    assert len(refused) == 6, refused
