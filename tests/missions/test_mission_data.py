"""Loading data/missions/*.yaml: values, clocks, disagreements, and every error an editor can make."""
from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from farside.citations import citations_plugin
from farside.errors import ErrorLog
from farside.mdparser import make_parser
from farside.missions import PageNumbering, comparison_csv, comparison_json, comparison_view, load_missions
from farside.missions.figure import landing_sites
from farside.citations import PageCitations

pytestmark = pytest.mark.unit

PROJECT = Path(__file__).resolve().parents[2]
SCHEMA = PROJECT / "data" / "schemas" / "mission.schema.json"


@dataclass(frozen=True)
class Src:
    id: str
    text: str
    title: str = "A title"
    publisher: str = "A publisher"
    published: dt.date | None = None
    url: str | None = "https://example.org/a"
    inferred: dict = field(default_factory=dict)
    kind: str = "reference"


SOURCES = {
    "catalogue": Src("catalogue", "Launch took place at 2:23 a.m. on December 8, 2018 Beijing time. "
                                  "It launched on a Long March 3B from Xichang. The rover has a mass of 140 kg. "
                                  "Landing coordinates were 45.457 S latitude, 177.589 E longitude."),
    "news": Src("news", "The start, which took place in China at 2:23 pm local time, was successful.", kind="news"),
}

GOOD = """\
name: Test-1
local_zone: Asia/Shanghai
local_time_name: Beijing time
launch_vehicle: Long March 3B [@catalogue "launched on a Long March 3B"]
launch:
  time: 2018-12-08T02:23+08:00
  cite: '[@catalogue "Launch took place at 2:23 a.m. on December 8, 2018 Beijing time"]'
  disagreement:
    values:
      - 2:23 pm local time [@news "took place in China at 2:23 pm local time"]
    why: The catalogue gives 2:23 in the morning.
landing_coordinates:
  latitude: -45.457
  longitude: 177.589
  cite: '[@catalogue "45.457 S latitude, 177.589 E longitude"]'
firsts:
  - First of its kind [@catalogue "The rover has a mass of 140 kg"]
"""


def load(tmp_path: Path, files: dict[str, str]) -> tuple[object, ErrorLog]:
    folder = tmp_path / "missions"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    log = ErrorLog(root=tmp_path)
    return load_missions(folder, SCHEMA, SOURCES, log), log


def messages(log: ErrorLog) -> list[str]:
    return [str(error) for error in log.errors]


def test_good_mission_loads_with_both_clocks_and_its_disagreement(tmp_path: Path) -> None:
    data, log = load(tmp_path, {"test-1.yaml": GOOD})
    assert messages(log) == []
    mission = data.missions["test-1"]
    assert mission.name == "Test-1"
    assert mission.values["launch_vehicle"].text == "Long March 3B"
    launch = mission.values["launch"]
    assert launch.moment.utc == dt.datetime(2018, 12, 7, 18, 23, tzinfo=dt.timezone.utc)
    assert launch.text == "7 December 2018, 18:23 UTC (8 December 2018, 02:23 Beijing time)"
    assert launch.disagreement.values[0].text == "2:23 pm local time"
    assert launch.disagreement.values[0].cites[0].source_id == "news"
    assert launch.disagreement.why.text == "The catalogue gives 2:23 in the morning."
    assert mission.values["landing_coordinates"].text == "45.457° S, 177.589° E"
    assert landing_sites(data)[0].latitude == -45.457


def test_exports_carry_quotes_and_source_details(tmp_path: Path) -> None:
    import csv
    import io
    import json

    data, _ = load(tmp_path, {"test-1.yaml": GOOD})
    rows = list(csv.DictReader(io.StringIO(comparison_csv(data, SOURCES))))
    vehicle = next(row for row in rows if row["field"] == "launch_vehicle")
    assert vehicle["value"] == "Long March 3B" and vehicle["quote"] == "launched on a Long March 3B"
    assert vehicle["source_url"] == "https://example.org/a" and vehicle["source_publisher"] == "A publisher"
    assert any(row["status"] == "other source" and row["source_id"] == "news" for row in rows)
    document = json.loads(comparison_json(data, SOURCES))
    launch = document["missions"][0]["fields"]["launch"]
    assert launch["utc"] == "2018-12-07T18:23+00:00" and launch["local"] == "2018-12-08T02:23+08:00"
    assert launch["local_zone"] == "Asia/Shanghai"
    assert launch["citations"][0]["source"]["title"] == "A title"
    assert launch["disagreement"]["other_values"][0]["value"] == "2:23 pm local time"


def test_marks_continue_the_page_numbering(tmp_path: Path) -> None:
    data, _ = load(tmp_path, {"test-1.yaml": GOOD})
    md = make_parser([lambda m: citations_plugin(m, SOURCES)])
    env: dict = {"path": "p.md"}
    md.render('Text [@news "2:23 pm local time"].\n', env)
    page: PageCitations = env["citations"]
    view = comparison_view(data, PageNumbering(page, SOURCES))
    assert page.uses[0].source_id == "news" and page.uses[0].number == 1
    assert {use.number for use in page.uses if use.source_id == "catalogue"} == {2}
    assert {use.number for use in page.uses if use.source_id == "news"} == {1}
    assert [use.anchor for use in page.uses] == [f"cite-{i}" for i in range(1, len(page.uses) + 1)]
    first_cell = view.groups[0].rows[0].cells[0]
    assert 'href="#ref-2-' in first_cell.parts[0].marks


def test_quote_errors_read_exactly_as_in_markdown(tmp_path: Path) -> None:
    data, log = load(tmp_path, {"test-1.yaml": """\
        name: Test-1
        launch_vehicle: Long March 3B [@catalogue "launched on a Long March 5"]
        """})
    md = make_parser([lambda m: citations_plugin(m, SOURCES)])
    env: dict = {"path": "missions/test-1.yaml"}
    md.render('\nLong March 3B [@catalogue "launched on a Long March 5"]\n', env)
    markdown_error = str(env["citation_errors"][0])
    assert messages(log) == [markdown_error]
    assert markdown_error.startswith('missions/test-1.yaml:2: quote "launched on a Long March 5" not found in '
                                     "source 'catalogue'; closest passage: \"")


def test_unknown_source_suggests_known_ids(tmp_path: Path) -> None:
    _, log = load(tmp_path, {"test-1.yaml": 'name: T\nrover: Yutu [@catalog "mass of 140 kg"]\n'})
    assert messages(log) == ["missions/test-1.yaml:2: unknown source 'catalog'; did you mean 'catalogue'? "
                             "known sources: catalogue, news"]


CASES = [
    ("unknown field", 'name: T\nlaunch_vehcle: X [@news "2:23 pm"]\n',
     "missions/t.yaml:2: launch_vehcle: unknown field; did you mean 'launch_vehicle'?"),
    ("unknown field inside a value", 'name: T\nlaunch:\n  time: 2018-12-07T18:23Z\n  cite: \'[@news "2:23 pm"]\'\n  zone: UTC\n',
     "missions/t.yaml:5: launch.zone: unknown field; known fields: time, utc_date, local_date, cite, disagreement"),
    ("malformed date", 'name: T\nlaunch:\n  time: 7 Dec 2018\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:3: launch.time: '7 Dec 2018' is not valid; write an ISO 8601 time with its offset"),
    ("time without an offset", 'name: T\nlaunch:\n  time: 2018-12-07T18:23\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:3: launch.time: '2018-12-07T18:23' is not valid; write an ISO 8601 time with its offset"),
    ("impossible date", 'name: T\nlaunch:\n  time: "2018-12-32T18:23Z"\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:3: launch.time: '2018-12-32T18:23Z' is not a real date and time"),
    ("impossible unquoted date", 'name: T\nlaunch:\n  utc_date: 2018-02-30\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:3: launch.utc_date: '2018-02-30' is not a date (YYYY-MM-DD)"),
    ("year 9999", 'name: T\nlocal_zone: Asia/Shanghai\nlaunch:\n  time: 9999-12-31T23:59+08:00\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:4: launch.time: year 9999 is outside 1900 to 2199; check the date"),
    ("offset is not the zone's", 'name: T\nlocal_zone: Asia/Shanghai\nlaunch:\n  time: 2018-12-08T02:23+09:00\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:4: launch.time: 2018-12-08T02:23+09:00 is not on the mission's clock: Asia/Shanghai was UTC+08:00 then"),
    ("local time without a zone", 'name: T\nlaunch:\n  time: 2018-12-08T02:23+08:00\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:3: launch.time: 2018-12-08T02:23+08:00 is a local time, but the mission has no clock"),
    ("unknown zone", 'name: T\nlocal_zone: Asia/Shangai\n',
     "missions/t.yaml:2: local_zone: 'Asia/Shangai' is not an IANA time zone; did you mean 'Asia/Shanghai'?"),
    ("two dates", 'name: T\nlaunch:\n  time: 2018-12-07T18:23Z\n  utc_date: 2018-12-07\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:2: launch: give one of time, utc_date, not both"),
    ("NaN coordinates", 'name: T\nlanding_coordinates:\n  latitude: .nan\n  longitude: 10\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:3: landing_coordinates.latitude: '.nan' is not a finite number"),
    ("duplicate key", 'name: T\nrover: Yutu [@news "2:23 pm"]\nrover: Yutu-2 [@news "2:23 pm"]\n',
     "missions/t.yaml:3: rover: written twice (lines 2 and 3); keep one"),
    ("value without a citation", "name: T\nlaunch_vehicle: Long March 3B\n",
     "missions/t.yaml:2: launch_vehicle: 'Long March 3B' has no citation; add the source's exact words after it"),
    ("list item without a citation", 'name: T\nfirsts:\n  - First [@news "2:23 pm"]\n  - Second\n',
     "missions/t.yaml:4: firsts[1]: 'Second' has no citation"),
    ("moment without a citation", "name: T\nlaunch:\n  time: 2018-12-07T18:23Z\n",
     "missions/t.yaml:2: launch: value has no citation; add 'cite: [@source-id \"exact words\"]'"),
    ("other value without a citation",
     'name: T\nrover:\n  value: Yutu [@news "2:23 pm"]\n  disagreement:\n    values: [Jade]\n    why: Because.\n',
     "missions/t.yaml:5: rover.disagreement.values[0]: 'Jade' has no citation"),
    ("disagreement without why",
     'name: T\nrover:\n  value: Yutu [@news "2:23 pm"]\n  disagreement:\n    values: [\'Jade [@news "2:23 pm"]\']\n',
     "missions/t.yaml:4: rover.disagreement.why: missing; add 'why: ...'"),
    ("mission without a name", 'launch_vehicle: X [@news "2:23 pm"]\n',
     "missions/t.yaml:1: name: missing; every mission needs a name"),
    ("empty name", 'name: " "\n',
     "missions/t.yaml:1: name: is empty; write the mission's name"),
    ("bad YAML", 'name: T\nlaunch_vehicle: [unclosed\n',
     "missions/t.yaml:2: not valid YAML"),
    ("not a mapping", "- a\n- b\n", "missions/t.yaml:1: a mission must be 'field: value' lines"),
    ("broken citation", 'name: T\nrover: Yutu [@news 2:23 pm]\n',
     "missions/t.yaml:2: rover: citation of 'news' needs the source's exact words in double quotes"),
    ("coordinates out of range", 'name: T\nlanding_coordinates:\n  latitude: -95\n  longitude: 10\n  cite: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:3: landing_coordinates.latitude: -95 is out of range -90 to 90"),
    ("citation without a value", 'name: T\nrover: \'[@news "2:23 pm"]\'\n',
     "missions/t.yaml:2: rover: has a citation but no value"),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_data_is_reported_with_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    data, log = load(tmp_path, {"t.yaml": text})
    assert any(message.startswith(expected) for message in messages(log)), messages(log)
    assert "t" not in data.missions, "a mission with a problem is left out"


def test_every_problem_in_every_file_is_listed(tmp_path: Path) -> None:
    _, log = load(tmp_path, {
        "a.yaml": "launch_vehicle: X\nrovr: Y\n",
        "b.yaml": 'name: B\nlaunch:\n  time: soon\n  cite: \'[@news "2:23 pm"]\'\n',
    })
    shown = messages(log)
    assert any(m.startswith("missions/a.yaml:1: name: missing") for m in shown)
    assert any(m.startswith("missions/a.yaml:2: rovr: unknown field; did you mean 'rover'?") for m in shown)
    assert any(m.startswith("missions/a.yaml:1: launch_vehicle: 'X' has no citation") for m in shown)
    assert any(m.startswith("missions/b.yaml:3: launch.time:") for m in shown)


def test_file_names_must_be_ids(tmp_path: Path) -> None:
    _, log = load(tmp_path, {"Change 4.yaml": 'name: X\n', "notes.yml": "name: X\n"})
    shown = messages(log)
    assert any(m.startswith("missions/Change 4.yaml:1: file name 'Change 4.yaml' must be the mission's id") for m in shown)
    assert any(m.startswith("missions/notes.yml: not a mission file") for m in shown)


def test_real_mission_data_is_valid() -> None:
    from farside.sources import load_registry

    log = ErrorLog(root=PROJECT)
    sources = load_registry(PROJECT / "data" / "sources", log)
    data = load_missions(PROJECT / "data" / "missions", SCHEMA, sources, log)
    assert [str(e) for e in log.errors if "missions" in e.path] == []
    assert list(data.missions) == ["change-4", "change-6"]
    change6 = data.missions["change-6"]
    assert change6.values["landing"].moment.utc == dt.datetime(2024, 6, 1, 22, 23, tzinfo=dt.timezone.utc)
    assert str(change6.values["landing"].moment.local) == "2024-06-02 06:23:00+08:00"
    assert change6.values["landing"].disagreement is not None  # the DW caption's 4 June
    assert data.missions["change-4"].values["launch"].disagreement is not None  # "2:23 pm"


NEAR_SIDE = """\
name: Near-5
local_zone: Asia/Shanghai
landing:
  time: 2020-12-01T15:11Z
  cite: '[@catalogue "Landing coordinates were 45.457 S latitude, 177.589 E longitude"]'
landing_coordinates:
  latitude: 43.06
  longitude: -51.92
  cite: '[@catalogue "Landing coordinates were 45.457 S latitude, 177.589 E longitude"]'
"""


def test_a_near_side_mission_reads_as_near_side(tmp_path: Path) -> None:
    """Timeline wordings come from the data: a near-side landing never 'lands on the far side'."""
    data, log = load(tmp_path, {"near-5.yaml": NEAR_SIDE})
    assert messages(log) == []
    (event,) = data.missions["near-5"].events
    assert event.what.text == "Near-5 lands on the near side"
    far = NEAR_SIDE.replace("Near-5", "Far-5").replace("-51.92", "-153.98")
    data, _ = load(tmp_path, {"near-5.yaml": far})
    assert data.missions["near-5"].events[0].what.text == "Far-5 lands on the far side"


def test_a_mission_without_coordinates_or_clock_still_reads(tmp_path: Path) -> None:
    text = "name: Plain\nlanding:\n  time: 2020-12-01T15:11Z\n  cite: '[@news \"2:23 pm\"]'\n"
    data, log = load(tmp_path, {"plain.yaml": text})
    assert messages(log) == []
    landing = data.missions["plain"].values["landing"]
    assert data.missions["plain"].events[0].what.text == "Plain lands on the Moon"
    assert landing.text == "1 December 2020, 15:11 UTC" and landing.moment.local is None


def test_local_clock_follows_the_zone_rules_of_the_date(tmp_path: Path) -> None:
    """The local time is worked out by zoneinfo, daylight saving included, and named after the zone."""
    text = ("name: Luna\nlocal_zone: Europe/Moscow\nlaunch:\n  time: 1959-10-04T00:43Z\n"
            "  cite: '[@news \"2:23 pm\"]'\nlanding:\n  time: 2020-07-01T12:00+03:00\n  cite: '[@news \"2:23 pm\"]'\n")
    data, log = load(tmp_path, {"luna.yaml": text})
    assert messages(log) == []
    launch = data.missions["luna"].values["launch"]
    assert launch.text == "4 October 1959, 00:43 UTC (4 October 1959, 03:43 Moscow time)"
    assert data.missions["luna"].values["landing"].moment.utc == dt.datetime(2020, 7, 1, 9, tzinfo=dt.timezone.utc)


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path: Path) -> None:
    import csv
    import io

    sources = {**SOURCES, "evil": Src("evil", "=HYPERLINK(\"http://x\") and more", title="@SUM(A1)",
                                      publisher="+cmd", url=None)}
    text = "name: '-Evil'\nrover: =1+1 [@evil \"=HYPERLINK(\\\"http://x\\\")\"]\n"
    folder = tmp_path / "missions"
    folder.mkdir()
    (folder / "evil.yaml").write_text(text, encoding="utf-8")
    log = ErrorLog(root=tmp_path)
    data = load_missions(folder, SCHEMA, sources, log)
    assert messages(log) == []
    rows = list(csv.DictReader(io.StringIO(comparison_csv(data, sources))))
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    assert rows[0]["mission"] == "'-Evil" and rows[0]["value"] == "'=1+1" and rows[0]["source_title"] == "'@SUM(A1)"


def test_json_export_is_always_valid_json(tmp_path: Path) -> None:
    import json

    data, _ = load(tmp_path, {"test-1.yaml": GOOD})
    document = comparison_json(data, SOURCES)
    json.loads(document, parse_constant=lambda name: pytest.fail(f"{name} in comparison.json"))


def test_every_timeline_wording_has_a_fallback_any_mission_can_fill() -> None:
    """The last wording of each x-event needs only the mission's name, so no sentence has a gap."""
    import json
    import re

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for name, spec in schema["properties"].items():
        wordings = spec.get("x-event")
        if wordings is None:
            continue
        assert isinstance(wordings, list) and wordings, name
        assert set(re.findall(r"\{(\w+)\}", wordings[-1])) <= {"mission"}, (name, wordings[-1])
        assert all("far side" not in wording for wording in wordings), "the side comes from the data"
