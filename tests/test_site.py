"""Whole-site checks on the real build output, parsed with a real HTML parser."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.site import BuildResult, copy_project, parse, run_build

CONTENT_PAGES = ["index.html", "change-4/index.html", "change-6/index.html", "about/index.html"]


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


def test_navigation_reaches_every_content_page(built_site: BuildResult) -> None:
    soup = built_site.soup("index.html")
    nav_targets = {a["href"] for a in soup.find("nav").find_all("a")}
    assert {"./", "./change-4/", "./change-6/", "./far-side/", "./comparison/", "./timeline/", "./notes/",
            "./sources/", "./search/", "./about/"} <= nav_targets
    for target in nav_targets:
        assert (built_site.output / target.removeprefix("./") / "index.html").is_file(), target


def test_current_page_is_marked_in_navigation(built_site: BuildResult) -> None:
    current = built_site.soup("change-4/index.html").find("nav").find_all(attrs={"aria-current": "page"})
    assert [a.get_text() for a in current] == ["Chang'e-4"]


@pytest.mark.parametrize("page", ["change-4/index.html", "change-6/index.html"])
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
    assert soup.find("h1").get_text() == "Page not found"
    assert soup.find("a", href="./change-4/") is not None


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
