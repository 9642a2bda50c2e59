"""The mission data on the built site: comparison, key facts, timeline, downloads, map, errors."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from missions_support import build

from support.extend import MISSION_NAME, add_mission
from support.invariants import (
    check_comparison,
    check_map,
    check_marks_and_references,
    check_mission_pages,
    check_timeline,
    content_pages,
    missions,
)
from support.site import SITE_PROJECT, BuildResult, copy_project, parse


MACHINE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?")


def test_comparison_has_missions_as_columns_and_grouped_rows(missions_site: BuildResult) -> None:
    check_comparison(missions_site, SITE_PROJECT)  # every mission a column, in the downloads' order
    soup = missions_site.soup("comparison/index.html")
    table = soup.select_one("table.comparison-table")
    pages = {p.metadata["mission"]: p.output.removesuffix("index.html") for p in content_pages(SITE_PROJECT)
             if p.metadata.get("mission")}
    for heading in table.select("thead th[scope=col]"):
        link = heading.find("a")
        mission_id = next((m for m, data in missions(SITE_PROJECT).items() if data["name"] == heading.get_text(strip=True)))
        assert (link is not None) == (mission_id in pages), "a mission with a page links to it from its column"
        if link is not None:
            assert link["href"].endswith(pages[mission_id])
    groups = [th.get_text(strip=True) for th in table.select("th[scope=rowgroup]")]
    assert groups and len(groups) == len(set(groups))
    for time in table.select("td time"):
        assert MACHINE_TIME.fullmatch(time["datetime"]) and time.get_text(strip=True), \
            "a moment (a date, or a date and time with its offset) is machine-readable and shown"


def test_comparison_shows_each_disagreement_and_the_choice(missions_site: BuildResult) -> None:
    soup = missions_site.soup("comparison/index.html")
    for link in soup.select("table.comparison-table a.differs"):
        note = soup.find(id=link["href"][1:])
        assert note is not None and note.find_parent("section", class_="disagreements") is not None
        assert note.select("a.cite"), "each side of a disagreement is cited"
    link = soup.select_one("#row-landing td[data-mission=\"Chang'e-6\"] a.differs")
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
    check_mission_pages(missions_site, SITE_PROJECT)
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
    check_timeline(missions_site, SITE_PROJECT)  # every mission's moments, in time order, cited
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
    check_map(missions_site, SITE_PROJECT)  # every mission with landing coordinates, by name


def test_sources_pages_list_the_data_citations(missions_site: BuildResult) -> None:
    soup = missions_site.soup("sources/lroc-change-6-landing-site/index.html")
    cited_by = [a["href"] for a in soup.select(".cited-by a")]
    assert any("comparison/#cite-" in href for href in cited_by)


def test_a_near_side_mission_is_data_only(tmp_path: Path) -> None:
    """tests/test_extension.py checks every invariant on a grown project; here, the new column itself."""
    project = copy_project(tmp_path / "project")
    add_mission(project)
    result = build(project, tmp_path / "output")
    assert result.returncode == 0, result.stderr
    check_comparison(result, project)
    soup = parse(result.output / "comparison" / "index.html")
    cell = soup.select_one(f"#row-samples td[data-mission=\"{MISSION_NAME}\"]").get_text(" ", strip=True)
    assert cell.startswith("Samples from the near side")
    assert "not applicable" in soup.select_one(f"#row-landing td[data-mission=\"{MISSION_NAME}\"]").get_text()


def test_bad_mission_data_stops_the_build_listing_every_problem(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "data" / "missions" / "change-4.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Chang'e-4\n", "")
    text = re.sub(r"(?m)^(launch:\n  time: )\S+$", r"\g<1>2018-12-07 6:23pm", text, count=1)
    text = text.replace("launch_vehicle: >-", "launch_vehcle: >-")
    lines_of = text.splitlines()
    name_line = next(i for i, line in enumerate(lines_of, 1) if not line.startswith("#"))  # where name was
    vehicle_line = lines_of.index("launch_vehcle: >-") + 1
    text += "rover_mass: 140 kg\n"
    path.write_text(text, encoding="utf-8")
    (project / "data" / "missions" / "change-6.yaml").write_text("name: [Chang'e-6\n", encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / ".farside-output").write_text("made by a previous build")  # the build only replaces its own folders
    (output / "marker.txt").write_text("last good build")
    result = build(project, output)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    shown = "data/missions/change-4.yaml"

    def reported(line_number: int | None, *words: str) -> bool:
        """One line names the file (and line), and the words that matter; the rest is wording."""
        prefix = f"{shown}:{line_number}:" if line_number else f"{shown}:"
        return any(line.startswith(prefix) and all(word in line for word in words) for line in lines)

    assert reported(name_line, "name"), result.stderr  # the missing name, where the mapping starts
    assert reported(None, "6:23pm"), result.stderr  # the bad time, quoted
    assert reported(vehicle_line, "launch_vehcle", "launch_vehicle"), result.stderr  # the typo and its fix
    assert reported(None, "rover_mass"), result.stderr
    assert any(line.startswith("data/missions/change-6.yaml:1:") for line in lines), result.stderr
    assert not any("has no data" in line for line in lines), "a broken mission file is reported once, not per page"
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in output.iterdir()) == [".farside-output", "marker.txt"]


def test_page_naming_an_unknown_mission_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "content" / "pages" / "change-4.md"
    page.write_text(page.read_text(encoding="utf-8").replace("mission: change-4", "mission: change-44"),
                    encoding="utf-8")
    result = build(project, tmp_path / "output")
    assert result.returncode == 1
    assert any(line.startswith("content/pages/change-4.md:5: mission: 'change-44' has no data")
               and all(known in line for known in missions(project))  # and it lists the known missions
               for line in result.stderr.splitlines()), result.stderr
