"""Discoverability on the real published build: canonical URLs, descriptions, Open Graph,
Twitter, JSON-LD with the page's citations, the icon, and "Cite this page"."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support.links import page_url
from support.site import SUBPATH_BASE, BuildResult, parse, run_build


def meta(soup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag.get("content") if tag else None


def jsonld(soup) -> dict:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def is_content(soup) -> bool:
    return meta(soup, property="og:type") == "article"


def test_every_page_has_description_social_metadata_and_icon(built_site_subpath: BuildResult) -> None:
    output = built_site_subpath.output
    for html_file in built_site_subpath.html_files():
        soup = parse(html_file)
        where = html_file.relative_to(output)
        description = meta(soup, name="description")
        assert description and len(description) >= 20 and "<" not in description, where
        assert meta(soup, property="og:title") and meta(soup, property="og:site_name"), where
        assert meta(soup, property="og:description") == description, where
        assert meta(soup, property="og:type") in ("article", "website"), where
        assert meta(soup, name="twitter:card") == "summary", where
        assert meta(soup, name="twitter:title") == meta(soup, property="og:title"), where
        icon = soup.find("link", rel="icon")
        assert icon and icon["type"] == "image/svg+xml" and icon["href"].startswith(SUBPATH_BASE + "/"), where
        data = jsonld(soup)
        assert data["@context"] == "https://schema.org" and data["headline"] == meta(soup, property="og:title")


def test_canonical_urls_are_absolute_and_point_at_the_page(built_site_subpath: BuildResult) -> None:
    output = built_site_subpath.output
    for html_file in built_site_subpath.html_files():
        soup = parse(html_file)
        canonical = soup.find("link", rel="canonical")
        if html_file.name == "404.html" and html_file.parent == output:
            assert canonical is None and meta(soup, name="robots") == "noindex"
            continue
        expected = page_url(output, html_file, SUBPATH_BASE)
        assert canonical is not None and canonical["href"] == expected, html_file
        assert meta(soup, property="og:url") == expected
        assert jsonld(soup)["url"] == expected


def test_content_pages_jsonld_lists_every_cited_source(built_site_subpath: BuildResult) -> None:
    checked = 0
    for html_file in built_site_subpath.html_files():
        soup = parse(html_file)
        if not is_content(soup):
            continue
        data = jsonld(soup)
        assert data["@type"] == "Article" and re.fullmatch(r"\d{4}-\d\d-\d\d", data["dateModified"])
        references = soup.select("section.references li.reference")
        citations = data.get("citation", [])
        assert len(citations) == len(references), html_file
        for work, reference in zip(citations, references):
            assert work["@type"] == "CreativeWork" and work["name"]
            original = reference.select_one("a.source-original")
            assert work.get("url") == (original["href"] if original else None), html_file
            if "publisher" in work:
                assert work["publisher"]["name"] in reference.get_text()
        checked += bool(citations)
    assert checked >= 2, "expected the mission pages to cite sources"


def test_cite_this_page_on_every_content_page(built_site_subpath: BuildResult) -> None:
    output = built_site_subpath.output
    content_pages = [f for f in built_site_subpath.html_files() if is_content(parse(f))]
    assert len(content_pages) >= 4
    for html_file in content_pages:
        soup = parse(html_file)
        block = soup.select_one("section.cite-this-page")
        assert block is not None and block.has_attr("data-pagefind-ignore"), html_file
        date = block.find("time")["datetime"]
        assert date == jsonld(soup)["dateModified"] == meta(soup, property="article:modified_time")
        plain, bibtex = [pre.get_text() for pre in block.find_all("pre")]
        url = page_url(output, html_file, SUBPATH_BASE)
        title = soup.find("h1").get_text(strip=True)
        assert plain.endswith(url) and f"“{title}”" in plain
        assert bibtex.startswith("@misc{farside-") and f"url = {{{url}}}" in bibtex and f"date = {{{date}}}" in bibtex
    for other in ("404.html", "search/index.html"):
        assert parse(output / other).select_one("section.cite-this-page") is None


def test_same_commit_builds_byte_identical_output(built_site_subpath: BuildResult,
                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    again = run_build(tmp_path_factory.mktemp("again") / "output", "publishconf.py", env={"SITEURL": SUBPATH_BASE})
    assert again.returncode == 0, again.stderr

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = tree(built_site_subpath.output), tree(again.output)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"differs between two builds of the same commit: {different[:10]}"


def test_dev_build_has_no_absolute_canonical_or_sitemap(built_site: BuildResult) -> None:
    soup = built_site.soup("index.html")
    assert soup.find("link", rel="canonical") is None  # the address is unknown: no guess
    assert not (built_site.output / "sitemap.xml").exists()
    assert (built_site.output / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert (built_site.output / ".nojekyll").exists()
