"""Property-based tests: the plugin never crashes, and never lets source or metadata text
through as markup."""
from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citations.conftest import FakeSource, render
from farside.citations.verify import normalise_quote

MARKDOWN_ALPHABET = st.sampled_from(list('[]@";“”\\*_`#>-|!()<>&\n abcdé1:{}.'))
markdown_text = st.one_of(st.text(), st.text(alphabet=MARKDOWN_ALPHABET, max_size=200))
ALLOWED_TAGS = {"html", "head", "body", "p", "sup", "a", "span", "section", "h2", "ol", "li", "ul", "q", "details",
                "summary"}
hostile = st.text(alphabet=st.sampled_from(list('<>&"\'/=ab script img onerror x')), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text)
def test_never_crashes_on_arbitrary_markdown(markdown: str) -> None:
    html, log, env = render(markdown)
    assert isinstance(html, str)
    for error in log.errors:
        assert str(error).startswith("content/pages/test.md:")


@settings(max_examples=200, deadline=None)
@given(publisher=hostile, title=hostile, before=hostile, quoted=hostile, after=hostile,
       url=st.one_of(st.none(), hostile.map(lambda s: "https://example.org/" + s)))
def test_source_text_and_metadata_are_always_escaped(publisher: str, title: str, before: str, quoted: str,
                                                     after: str, url: str | None) -> None:
    words = " ".join(quoted.split())
    if not words.strip() or '"' in words or "\\" in words:
        return  # the quote itself must be writable inside "..." without escapes
    source = FakeSource(id="evil", title=title, publisher=publisher, published=dt.date(2024, 1, 2), url=url,
                        text=f"{before} {quoted} {after}")
    html, log, _ = render(f'Claim [@evil "{words}"].', {"evil": source})
    assert log.errors == []
    soup = BeautifulSoup(html, "html5lib")
    assert {tag.name for tag in soup.find_all(True)} <= ALLOWED_TAGS
    for tag in soup.find_all(True):
        assert all(not name.startswith("on") for name in tag.attrs)
    reference = soup.find(class_="reference-source").get_text()
    assert publisher in reference and title in reference
    # The quoted passage arrives as text, equal to the words cited under the verifier's own
    # normalisation (case, quote marks, dashes, spaces): the page shows the source's exact span.
    assert normalise_quote(soup.find("q").get_text()) == normalise_quote(words)
