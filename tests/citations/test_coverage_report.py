"""The coverage report is an editor's index to the collected articles, never a copy of them:
each sentence appears as its first words with its status and reason."""
from __future__ import annotations

import json

from bs4 import BeautifulSoup

from farside.citations.coverage import COVERAGE_WORDS, Claim
from support.site import BuildResult


def test_claims_show_only_their_first_words() -> None:
    claim = Claim("one two three four five six seven eight nine ten", 0, 0)
    assert claim.first_words == "one two three four five…"
    assert len(claim.first_words.split()) <= COVERAGE_WORDS
    assert Claim("two words", 0, 0).first_words == "two…"


def test_published_report_never_carries_whole_sentences(built_site: BuildResult) -> None:
    data = json.loads((built_site.output / "sources" / "coverage.json").read_text(encoding="utf-8"))
    claims = [claim for entry in data for claim in entry["claims"]]
    assert claims
    for claim in claims:
        assert "text" not in claim
        assert len(claim["first_words"].split()) <= COVERAGE_WORDS and claim["status"]
    soup = BeautifulSoup((built_site.output / "sources" / "coverage" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    shown = soup.select(".claim q")
    assert shown and all(len(q.get_text().split()) <= COVERAGE_WORDS for q in shown)
