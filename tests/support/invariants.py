"""What must hold on any build of any project the README lets editors grow.

Each check reads the editor files (missions, sources, pages) to know what should be there and
the built HTML to see what is, so it holds today and after an editor adds a mission, a source or
a page. The whole-site tests run them on the real site; tests/test_extension.py on a grown copy.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from bs4 import BeautifulSoup, Tag

from support.links import page_url, target_file
from support.site import ROOT_BASE, BuildResult, parse


@dataclass(frozen=True)
class ContentPage:
    source: Path
    metadata: dict[str, Any]
    output: str  # path of its HTML file in the output, e.g. "change-4/index.html"


def content_pages(project: Path) -> list[ContentPage]:
    """Every page in content/pages that the build writes, with its front matter."""
    pages = []
    for source in sorted((project / "content" / "pages").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        metadata = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")) or {}
        output = metadata.get("save_as") or f"{metadata.get('slug', source.stem)}/index.html"
        pages.append(ContentPage(source, metadata, output))
    return pages


def missions(project: Path) -> dict[str, dict[str, Any]]:
    """data/missions/<id>.yaml, by id (the file name)."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((project / "data" / "missions").glob("*.yaml"))}


def source_ids(project: Path) -> list[str]:
    return sorted(path.parent.name for path in (project / "data" / "sources").glob("*/source.yaml"))


def _page_with_template(project: Path, template: str) -> ContentPage | None:
    return next((p for p in content_pages(project) if p.metadata.get("template") == template), None)


def _resolve(site: BuildResult, html_file: Path, href: str) -> Path | None:
    return target_file(site.output, urljoin(page_url(site.output, html_file, ROOT_BASE), href), ROOT_BASE)


# --- the checks ----------------------------------------------------------------------------------------


def check_marks_and_references(soup: BeautifulSoup, container: Tag | None = None) -> None:
    """Every mark links to a passage of the page's one References section, and the passage links back."""
    marks = (container or soup).select("a.cite")
    if not marks:
        return
    sections = soup.select("section.references")
    assert len(sections) == 1, "one References section per page"
    for mark in marks:
        passage = soup.find(id=mark["href"].split("#", 1)[1])
        assert passage is not None and passage.find_parent("section", class_="references") is sections[0], \
            f"mark {mark.get('id')} points outside the References"
        backlinks = [a["href"] for a in passage.select("a.backlink")]
        assert f"#{mark['id']}" in backlinks, f"passage {mark['href']} does not link back to {mark['id']}"
    ids = [a["id"] for a in soup.select("a.cite")]
    assert len(ids) == len(set(ids)), "mark ids are unique across the body and the data"


def check_every_page_is_built_and_cited(site: BuildResult, project: Path) -> None:
    for page in content_pages(project):
        html = site.output / page.output
        assert html.is_file(), f"{page.source.name} was not built as {page.output}"
        check_marks_and_references(parse(html))


def check_navigation(site: BuildResult, project: Path) -> None:
    """Every page with a nav_order is in every page's menu, in that order, marked current on itself."""
    in_menu = sorted((p for p in content_pages(project) if p.metadata.get("nav_order")),
                     key=lambda p: p.metadata["nav_order"])
    expected = [site.output / p.output for p in in_menu]
    for page in content_pages(project):
        html = site.output / page.output
        nav = parse(html).find("nav", attrs={"aria-label": "Main"})
        assert nav is not None, f"{page.output} has no main navigation"
        links = nav.find_all("a")
        assert [_resolve(site, html, a["href"]) for a in links] == expected, f"menu of {page.output}"
        current = [_resolve(site, html, a["href"]) for a in links if a.get("aria-current") == "page"]
        assert current == ([html] if html in expected else []), f"current page in the menu of {page.output}"


def check_comparison(site: BuildResult, project: Path) -> None:
    """Every mission in data/missions is a column of the comparison and in both downloads, in one order."""
    data = missions(project)
    page = _page_with_template(project, "comparison")
    assert page is not None, "the site has a comparison page"
    soup = parse(site.output / page.output)
    table = soup.select_one("table.comparison-table")
    headings = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    document = json.loads((site.output / "comparison.json").read_text(encoding="utf-8"))
    ids = [m["id"] for m in document["missions"]]
    assert sorted(ids) == sorted(data), "comparison.json has every mission"
    assert headings == [data[mission_id]["name"] for mission_id in ids], "columns in the downloads' order"
    assert f"missions-{len(data)}" in table["class"]
    for row in table.select("tbody tr[id^=row-]"):
        assert [td["data-mission"] for td in row.select("td")] == headings, f"{row['id']} has a cell per mission"
    rows = csv.DictReader(io.StringIO((site.output / "comparison.csv").read_text(encoding="utf-8")))
    assert {row["mission_id"] for row in rows} == set(data), "comparison.csv has rows for every mission"
    check_marks_and_references(soup, table)


def check_mission_pages(site: BuildResult, project: Path) -> None:
    """A page naming a mission shows that mission's key facts, cited in the page's own numbering."""
    data = missions(project)
    for page in content_pages(project):
        mission_id = page.metadata.get("mission")
        if not mission_id:
            continue
        soup = parse(site.output / page.output)
        box = soup.select_one("aside.key-facts")
        assert box is not None and box.find_parent("article") is not None, f"{page.output} has no key facts"
        assert data[mission_id]["name"] in box.get_text(), f"{page.output}: key facts of another mission"
        assert box.select("dt"), f"{page.output}: empty key facts"
        check_marks_and_references(soup, box)


def _instant(iso: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(iso) if "T" in iso else dt.datetime.fromisoformat(iso + "T00:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def check_timeline(site: BuildResult, project: Path) -> None:
    """Every dated moment of every mission, in time order, each cited."""
    page = _page_with_template(project, "timeline")
    assert page is not None, "the site has a timeline page"
    soup = parse(site.output / page.output)
    events = soup.select(".timeline-event")
    assert events
    dates = [event.select_one("time")["datetime"] for event in events]
    instants = [_instant(iso) for iso in dates]
    days = [instant.date() for instant in instants]
    assert days == sorted(days), "events are in time order"
    data = missions(project).values()
    shown = {event.select_one(".timeline-mission").get_text(strip=True) for event in events}
    assert shown <= {m["name"] for m in data}
    assert {m["name"] for m in data if "launch" in m} <= shown, "every launched mission is on the timeline"
    for event in events:
        assert event.select("a.cite"), event.get_text()
    check_marks_and_references(soup)


def check_map(site: BuildResult, project: Path) -> None:
    """Every mission with landing coordinates is on the far-side map, by name."""
    landed = [m["name"] for m in missions(project).values() if "landing_coordinates" in m]
    for page in content_pages(project):
        figure = parse(site.output / page.output).select_one("#figure-far-side-map")
        if figure is None:
            continue
        assert len(figure.select(".fig-site")) == len(landed)
        text = figure.get_text(" ", strip=True)
        for name in landed:
            assert name in text, f"{name} is missing from the map on {page.output}"


def check_sources(site: BuildResult, project: Path) -> None:
    """Every source has its own page, listed on the Sources page, and is cited somewhere."""
    ids = source_ids(project)
    for source_id in ids:
        soup = site.soup(f"sources/{source_id}/index.html")
        assert soup.select(".cited-by a"), f"source {source_id} is cited by no page"
    listing = site.soup("sources/index.html")
    listed = {_resolve(site, site.output / "sources/index.html", a["href"]) for a in listing.select("main a[href]")}
    for source_id in ids:
        assert site.output / "sources" / source_id / "index.html" in listed, f"{source_id} not on the Sources page"


CHECKS: list[Callable[[BuildResult, Path], None]] = [
    check_every_page_is_built_and_cited, check_navigation, check_comparison, check_mission_pages,
    check_timeline, check_map, check_sources,
]
