"""Publishing helpers on plain values: dates, citations, JSON-LD, sitemap."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

from farside.publishing import (
    article_jsonld,
    cite_this_page,
    json_for_script,
    last_updated_dates,
    robots_txt,
    sitemap_xml,
)
from support.theme import text as theme_text


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_dates_front_matter_then_git_then_head(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    pages = tmp_path / "content"
    pages.mkdir()
    a, b, c, d = (pages / f"{n}.md" for n in "abcd")
    a.write_text("a")
    b.write_text("b")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one", date="2024-01-02T23:30:00+00:00")
    b.write_text("b2")
    git(tmp_path, "commit", "-qam", "two", date="2024-03-04T12:00:00-05:00")
    c.write_text("never committed")
    d.write_text("d")
    dates = last_updated_dates([a, b, c, d], {d.resolve(): "2025-05-06"}, tmp_path, today=dt.date(1999, 1, 1))
    assert dates[a.resolve()].date == dt.date(2024, 1, 2) and dates[a.resolve()].origin == "git"
    assert dates[b.resolve()].date == dt.date(2024, 3, 4)  # the last commit, in UTC
    assert dates[c.resolve()].date == dt.date(2024, 3, 4) and dates[c.resolve()].origin == "git HEAD"
    assert dates[d.resolve()].date == dt.date(2025, 5, 6) and dates[d.resolve()].origin == "front matter"


def test_dates_without_git_use_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    page = tmp_path / "p.md"
    page.write_text("x")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    found = last_updated_dates([page], {}, tmp_path)[page.resolve()]
    assert (found.date, found.origin) == (dt.date(2023, 11, 14), "SOURCE_DATE_EPOCH")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert last_updated_dates([page], {}, tmp_path, today=dt.date(2020, 2, 2))[page.resolve()].origin == "build date"


def test_cite_this_page_plain_and_bibtex() -> None:
    cite = cite_this_page(title="Chang'e-4 & the 100% far side", site_name="Far Side", author="Editors",
                          url="https://o.github.io/r/change-4/", updated=dt.date(2025, 2, 3), slug="change-4")
    plain = theme_text("text/cite-plain.txt", cite=cite)
    assert plain == ("Editors. “Chang'e-4 & the 100% far side”. Far Side. Last updated 3 February 2025. "
                     "https://o.github.io/r/change-4/")
    assert cite.bibtex.startswith("@misc{farside-change-4,\n")
    assert r"title = {{Chang'e-4 \& the 100\% far side}}" in cite.bibtex
    assert "month = feb," in cite.bibtex and "date = {2025-02-03}" in cite.bibtex
    assert cite.bibtex.count("{") == cite.bibtex.count("}")


def test_jsonld_cites_sources_and_is_safe_in_a_script() -> None:
    source = SimpleNamespace(title="</script><b>x", publisher="unknown", url=None, published=dt.date(2019, 1, 3),
                             author=None, language="en")
    data = article_jsonld(url="https://e/p/", title="T", description="D", site_name="S", site_url="https://e/",
                          author="A", language="en", updated=dt.date(2025, 1, 1), sources=[source])
    text = json_for_script(data)
    assert "</" not in text and "<" not in text
    back = json.loads(text)
    assert back["citation"] == [{"@type": "CreativeWork", "name": "</script><b>x", "datePublished": "2019-01-03",
                                 "inLanguage": "en"}]  # an unknown publisher and url are left out, not guessed
    assert back["dateModified"] == "2025-01-01"


def test_sitemap_sorted_escaped_and_robots() -> None:
    xml = sitemap_xml([("https://e/b/?x=1&y=2", dt.date(2025, 1, 2)), ("https://e/a/", None)])
    assert xml.index("https://e/a/") < xml.index("https://e/b/")
    assert "&amp;y=2" in xml and "<lastmod>2025-01-02</lastmod>" in xml
    assert robots_txt("https://e/sitemap.xml").endswith("Sitemap: https://e/sitemap.xml\n")
    assert "Sitemap" not in robots_txt(None)
