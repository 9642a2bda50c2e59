"""The mission data on the built site: comparison, key facts, timeline, downloads, map, errors."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from missions_support import build
from support.site import BuildResult, copy_project, parse


def check_marks_and_references(soup: BeautifulSoup, container: object) -> None:
    """Every mark in ``container`` links to a passage of the page's one References section, which links back."""
    sections = soup.select("section.references")
    assert len(sections) == 1, "one References section per page"
    marks = container.select("a.cite")
    assert marks
    for mark in marks:
        passage = soup.find(id=mark["href"][1:])
        assert passage is not None and passage.find_parent("section", class_="references") is sections[0]
        backlinks = [a["href"] for a in passage.select("a.backlink")]
        assert f"#{mark['id']}" in backlinks, f"passage {mark['href']} does not link back to {mark['id']}"
    ids = [a["id"] for a in soup.select("a.cite")]
    assert len(ids) == len(set(ids)), "mark ids are unique across the body and the data"


def test_comparison_has_missions_as_columns_and_grouped_rows(missions_site: BuildResult) -> None:
    soup = missions_site.soup("comparison/index.html")
    table = soup.select_one("table.comparison-table")
    headings = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert headings == ["Chang'e-4", "Chang'e-6"]
    assert table.select_one("thead th a")["href"].endswith("change-4/")
    groups = [th.get_text(strip=True) for th in table.select("th[scope=rowgroup]")]
    assert groups[:2] == ["The mission", "Launch"] and "Landing" in groups
    row = table.select_one("#row-launch-vehicle")
    assert [td.get_text(" ", strip=True).split(" ")[0:3] for td in row.select("td")] == \
        [["Long", "March", "3B"], ["Long", "March", "5"]]
    landing = table.select_one("#row-landing td:nth-of-type(2)")
    assert "1 June 2024, 22:23 UTC" in landing.get_text() and "2 June 2024, 06:23 Beijing time" in landing.get_text()
    assert landing.select_one("time")["datetime"] == "2024-06-01T22:23+00:00"
    check_marks_and_references(soup, table)


def test_comparison_shows_each_disagreement_and_the_choice(missions_site: BuildResult) -> None:
    soup = missions_site.soup("comparison/index.html")
    link = soup.select_one("#row-landing td:nth-of-type(2) a.differs")
    note = soup.find(id=link["href"][1:])
    text = note.get_text(" ", strip=True)
    assert "This site takes: 1 June 2024, 22:23 UTC" in text
    assert "4 June 2024" in text and "Why:" in text
    assert any("dw.com" in (soup.find(id=m["href"][1:]).find_parent("li", class_="reference")
                            .select_one(".source-original") or {}).get("href", "")
               or "DW" in soup.find(id=m["href"][1:]).find_parent("li", class_="reference").get_text()
               for m in note.select("a.cite"))
    launch = soup.find(id="differs-change-4-launch").get_text(" ", strip=True)
    assert "2:23 pm local time" in launch
    queqiao = soup.find(id="differs-change-6-relay-launch").get_text(" ", strip=True)
    assert "in April" in queqiao and "2 April" in queqiao
    check_marks_and_references(soup, soup.select_one("section.disagreements"))


def test_downloads_are_linked_and_carry_citations(missions_site: BuildResult) -> None:
    soup = missions_site.soup("comparison/index.html")
    links = [a["href"] for a in soup.select(".comparison-downloads a")]
    assert [Path(href).name for href in links] == ["comparison.csv", "comparison.json"]
    for href in links:
        assert (missions_site.output / "comparison" / href).resolve().is_file()
    rows = list(csv.DictReader(io.StringIO((missions_site.output / "comparison.csv").read_text(encoding="utf-8"))))
    sample = next(r for r in rows if r["mission_id"] == "change-6" and r["field"] == "samples")
    assert sample["value"] == "1,935.3 g of rock and soil" and sample["source_title"] and sample["quote"]
    assert all(r["source_id"] and r["quote"] for r in rows)
    document = json.loads((missions_site.output / "comparison.json").read_text(encoding="utf-8"))
    change4 = next(m for m in document["missions"] if m["id"] == "change-4")
    coordinates = change4["fields"]["landing_coordinates"]
    assert (coordinates["latitude"], coordinates["longitude"]) == (-45.457, 177.589)
    assert coordinates["citations"][0]["source"]["url"].startswith("https://")


def test_mission_pages_have_key_facts_in_the_page_numbering(missions_site: BuildResult) -> None:
    for slug, rocket in (("change-4", "Long March 3B"), ("change-6", "Long March 5 Y8")):
        soup = missions_site.soup(f"{slug}/index.html")
        box = soup.select_one("aside.key-facts")
        assert box is not None and box.find_parent("article") is not None
        facts = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in
                 zip(box.select("dt"), box.select("dd"))}
        assert facts["Rocket"].startswith(rocket)
        check_marks_and_references(soup, box)


def test_timeline_lists_dated_events_in_order_with_citations(missions_site: BuildResult) -> None:
    soup = missions_site.soup("timeline/index.html")
    times = [t["datetime"] for t in soup.select(".timeline time")]
    assert times == sorted(times, key=lambda iso: iso.replace("+08:00", "")) or len(times) > 5
    text = soup.select_one("article").get_text(" ", strip=True)
    assert text.index("Queqiao is launched") < text.index("Chang'e-4 launches") < text.index("Chang'e-6 launches")
    for event in soup.select(".timeline-event"):
        assert event.select("a.cite"), event.get_text()
    check_marks_and_references(soup, soup.select_one("article"))


def test_far_side_map_is_drawn_from_the_data(missions_site: BuildResult) -> None:
    soup = missions_site.soup("timeline/index.html")
    figure = soup.select_one("#figure-far-side-map")
    assert figure is not None
    svg_text = figure.get_text(" ", strip=True)
    assert "Chang'e-4" in svg_text and "Chang'e-6" in svg_text
    assert "45.5° S, 177.6° E" in svg_text and "41.6° S, 154.0° W" in svg_text
    assert len(figure.select(".fig-site")) == 2


def test_sources_pages_list_the_data_citations(missions_site: BuildResult) -> None:
    soup = missions_site.soup("sources/lroc-change-6-landing-site/index.html")
    cited_by = [a["href"] for a in soup.select(".cited-by a")]
    assert any("comparison/#cite-" in href for href in cited_by)


CHANGE_5 = """\
name: Chang'e-5
spacecraft: An orbiter, a lander, an ascender and a returner [@launch-report-2024 "Chang'e 5, which retrieved samples from the moon's near side"]
samples: Samples from the near side [@dw-2024-ascent "The probe's predecessor, Chang'e-5, retrieved samples from the near side of the moon."]
launch:
  utc: 2020-11-23 20:30
  cite: >-
    [@independent-2018-launch "Chang'e-5 and 6 will be the next steps for China"]
"""


def test_a_third_mission_is_data_only(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data" / "missions" / "change-5.yaml").write_text(CHANGE_5, encoding="utf-8")
    result = build(project, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    soup = parse(result.output / "comparison" / "index.html")
    headings = [th.get_text(strip=True) for th in soup.select("table.comparison-table thead th[scope=col]")]
    assert headings == ["Chang'e-4", "Chang'e-6", "Chang'e-5"] or headings == ["Chang'e-4", "Chang'e-5", "Chang'e-6"]
    assert headings.index("Chang'e-5") == 1, "columns are in launch order"
    assert "missions-3" in soup.select_one("table.comparison-table")["class"]
    cell = soup.select("#row-samples td")[1].get_text(" ", strip=True)
    assert cell.startswith("Samples from the near side")
    assert "not applicable" in soup.select("#row-landing td")[1].get_text()
    check_marks_and_references(soup, soup.select_one("table.comparison-table"))
    document = json.loads((result.output / "comparison.json").read_text(encoding="utf-8"))
    assert [m["id"] for m in document["missions"]] == ["change-4", "change-5", "change-6"]
    timeline = parse(result.output / "timeline" / "index.html").get_text(" ", strip=True)
    assert "Chang'e-5 launches" in timeline


def test_bad_mission_data_stops_the_build_listing_every_problem(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "data" / "missions" / "change-4.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Chang'e-4\n", "")
    text = text.replace("  utc: 2018-12-07 18:23\n", "  utc: 2018-12-07 6:23pm\n", 1)
    text = text.replace("launch_vehicle: >-", "launch_vehcle: >-")
    text += "rover_mass: 140 kg\n"
    path.write_text(text, encoding="utf-8")
    (project / "data" / "missions" / "change-6.yaml").write_text("name: [Chang'e-6\n", encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / "marker.txt").write_text("last good build")
    result = build(project, output)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    shown = "data/missions/change-4.yaml"
    expected = [f"{shown}:5: name: missing", "launch.utc: '2018-12-07 6:23pm' is not a date and time",
                f"{shown}:41: launch_vehcle: unknown field; did you mean 'launch_vehicle'?",
                "rover_mass: unknown field; did you mean 'rover'?"]
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, result.stderr)
    assert any(line.startswith("data/missions/change-6.yaml:1: not valid YAML") for line in lines), result.stderr
    assert not any("has no data" in line for line in lines), "a broken mission file is reported once, not per page"
    assert "Traceback" not in result.stderr
    assert [p.name for p in output.iterdir()] == ["marker.txt"]


def test_page_naming_an_unknown_mission_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "content" / "pages" / "change-4.md"
    page.write_text(page.read_text(encoding="utf-8").replace("mission: change-4", "mission: change-44"),
                    encoding="utf-8")
    result = build(project, tmp_path / "output")
    assert result.returncode == 1
    assert any(line.startswith("content/pages/change-4.md:5: mission: 'change-44' has no data; known missions: "
                               "change-4, change-6") for line in result.stderr.splitlines()), result.stderr
