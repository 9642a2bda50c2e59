"""Whole-site checks on the real build output, parsed with a real HTML parser."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support.invariants import CHECKS, content_pages
from support.site import SITE_PROJECT, BuildResult, copy_project, parse, run_build

CONTENT_PAGES = [page.output for page in content_pages(SITE_PROJECT) if page.output != "404.html"]
MISSION_PAGES = [page.output for page in content_pages(SITE_PROJECT) if page.metadata.get("mission")]


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_invariant_holds(built_site: BuildResult, check: Callable[[BuildResult, Path], None]) -> None:
    """The same checks tests/test_extension.py runs on a grown copy of the project."""
    check(built_site, SITE_PROJECT)


def test_build_log_is_clean(built_site: BuildResult) -> None:
    # --strict already fails on any warning; also nothing may be said on stderr at all.
    assert built_site.stderr.strip() == ""


@pytest.mark.parametrize("page", CONTENT_PAGES + ["404.html"])
def test_page_has_landmarks_and_skip_link(built_site: BuildResult, page: str) -> None:
    soup = built_site.soup(page)
    assert soup.html["lang"] == "en"
    assert soup.find("header") and soup.find("footer")
    main = soup.find("main")
    assert main is not None and main["id"] == "main"
    skip = soup.body.find("a")  # the very first link on the page
    assert skip["href"] == "#main" and "skip" in skip.get_text().lower()
    assert soup.find("nav", attrs={"aria-label": "Main"}) is not None
    assert len(soup.find_all("h1")) == 1
    assert soup.find("link", rel="stylesheet") is not None


def test_navigation_links_resolve(built_site: BuildResult) -> None:
    soup = built_site.soup("index.html")
    nav_targets = {a["href"] for a in soup.find("nav").find_all("a")}
    assert len(nav_targets) >= 2
    for target in nav_targets:
        assert (built_site.output / target.removeprefix("./") / "index.html").is_file(), target


@pytest.mark.parametrize("page", MISSION_PAGES)
def test_mission_page_has_an_opening_section(built_site: BuildResult, page: str) -> None:
    soup = built_site.soup(page)
    opening = soup.find(id="opening")
    assert opening is not None and opening.name == "h2"
    paragraph = opening.find_next("p")
    assert len(paragraph.get_text().split()) > 40


def test_no_blog_machinery_in_output(built_site: BuildResult) -> None:
    produced = {p.relative_to(built_site.output).as_posix() for p in built_site.output.rglob("*") if p.is_file()}
    unwanted = [p for p in produced if p.split("/")[0] in {"tag", "tags", "category", "categories", "author",
                                                           "authors", "archives.html", "feeds", "drafts"}
                or p in {"tags.html", "categories.html", "authors.html", "archives.html"}]
    assert unwanted == []
    html_pages = {p for p in produced if p.endswith(".html")}
    assert set(CONTENT_PAGES + ["404.html"]) <= html_pages


def test_no_request_to_another_host(built_site: BuildResult) -> None:
    """Stylesheets, scripts, images and fonts all come from the site itself."""
    for html_file in built_site.html_files():
        soup = parse(html_file)
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
                               ("iframe", "src")):
            for element in soup.find_all(tag):
                value = element.get(attribute, "")
                assert not value.startswith(("http:", "https:", "//")), f"{html_file}: {value}"
    for css in built_site.output.rglob("*.css"):
        text = css.read_text()
        assert "@import" not in text and "url(http" not in text and "url(//" not in text


def test_404_page_links_home(built_site: BuildResult) -> None:
    soup = built_site.soup("404.html")
    assert len(soup.find_all("h1")) == 1
    links = soup.find("main").find_all("a", href=True)
    assert links, "the 404 page offers a way on"
    for link in links:
        assert (built_site.output / link["href"].removeprefix("./").split("#")[0] / "index.html").is_file() \
            or (built_site.output / link["href"].removeprefix("./")).is_file(), link["href"]


def test_templates_escape_metadata(tmp_path: Path) -> None:
    """Autoescaping is on: hostile text in front matter reaches the page as text, never as markup."""
    project = copy_project(tmp_path / "project")
    page = project / "content" / "pages" / "about.md"
    text = page.read_text().replace("title: About this site", 'title: "About <script>alert(1)</script>"')
    page.write_text(text)
    result = run_build(tmp_path / "out", project=project)
    assert result.returncode == 0, result.stderr
    soup = result.soup("about/index.html")
    scripts = soup.find_all("script")
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)
    assert not any("alert" in (s.get("src") or "") for s in scripts)
    assert "<script>alert" not in result.output.joinpath("about/index.html").read_text()
    assert soup.find("h1").get_text() == "About <script>alert(1)</script>"
