"""The source registry: the real sources load cleanly, and every editor mistake is named.

Error tests copy real source folders into tmp_path, break one thing and check the exact
``path:line: field: message`` the build would print.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from farside.errors import ErrorLog
from farside.sources import Source, clean_text, load_registry

pytestmark = pytest.mark.unit

PROJECT = Path(__file__).resolve().parents[2]
SOURCES = PROJECT / "data" / "sources"
IDS = ["dw-2024-ascent", "independent-2018-launch", "landing-report-2019", "launch-report-2024", "rover-tracks-2019"]
DW = "dw-2024-ascent"
DW_SHA = "65b95777de0099ce3483988f2deaefc0fe92590bd5361d3df622e1e95384b6c1"


# --- the real sources ---------------------------------------------------------------


@pytest.fixture(scope="module")
def registry() -> dict[str, Source]:
    log = ErrorLog(root=PROJECT)
    sources = load_registry(SOURCES, log)
    assert not log, "\n".join(map(str, log.errors))
    return sources


def test_every_source_loads_sorted_by_id(registry: dict[str, Source]) -> None:
    assert list(registry) == sorted(registry)
    assert set(IDS) <= set(registry), "the five collected articles must all load"


@pytest.mark.parametrize("source_id", IDS)
def test_original_is_byte_identical_to_the_recorded_sha256(source_id: str) -> None:
    """The committed hash pins each original as collected; the build never needs ../shared."""
    folder = SOURCES / source_id
    recorded = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))["sha256"]
    actual = hashlib.sha256((folder / "original.txt").read_bytes()).hexdigest()
    assert actual == recorded, (f"{folder / 'original.txt'} was edited: its sha256 is {actual}, source.yaml "
                                f"records {recorded}; restore it with git checkout")


@pytest.mark.parametrize("source_id", IDS)
def test_source_keeps_exact_original_and_its_cleaned_text(registry: dict[str, Source], source_id: str) -> None:
    source = registry[source_id]
    raw = (SOURCES / source_id / "original.txt").read_bytes()
    assert source.original.encode("utf-8") == raw
    metadata = yaml.safe_load(source.metadata_path.read_text(encoding="utf-8"))
    assert source.text == clean_text(source.original, (metadata.get("cleaning") or {}).get("drop_text", ()))
    assert source.metadata_path == SOURCES / source_id / "source.yaml"
    assert source.original_path == SOURCES / source_id / "original.txt"


@pytest.mark.parametrize(("source_id", "publisher", "published", "inferred"), [
    ("dw-2024-ascent", "DW (Deutsche Welle)", dt.date(2024, 6, 4), set()),
    ("independent-2018-launch", "Republished copy of The Independent's report (site of this copy not named)",
     dt.date(2018, 12, 7), {"publisher", "published", "title"}),
    ("landing-report-2019", "Compilation of AFP wire copy (site of this copy not named)", dt.date(2019, 1, 3),
     {"publisher", "published"}),
    ("launch-report-2024", "NewsTrack English", dt.date(2024, 5, 3), {"publisher", "published", "title", "url"}),
    ("rover-tracks-2019", "Business Insider India", dt.date(2019, 1, 4), {"publisher", "published", "title", "url"}),
])
def test_decided_metadata(registry: dict[str, Source], source_id: str, publisher: str,
                          published: dt.date | None, inferred: set[str]) -> None:
    source = registry[source_id]
    assert (source.publisher, source.published, set(source.inferred)) == (publisher, published, inferred)
    assert source.language == "en" and source.kind == "news"
    assert source.collected_as and source.collected_as.endswith(".txt")


def test_source_is_hashable_and_frozen(registry: dict[str, Source]) -> None:
    source = registry[DW]
    assert hash(source) == hash(source)
    with pytest.raises(AttributeError):
        source.title = "changed"  # type: ignore[misc]


# --- editor mistakes, on copies in tmp_path ---------------------------------------------


def copy_sources(tmp_path: Path, *ids: str) -> Path:
    root = tmp_path / "sources"
    for source_id in ids or (DW,):
        shutil.copytree(SOURCES / source_id, root / source_id)
        # The expected lines below count from the first field: drop the editor-tool schema comment.
        meta = root / source_id / "source.yaml"
        lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
        meta.write_text("".join(line for line in lines if not line.startswith("# yaml-language-server:")),
                        encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load(tmp_path: Path, root: Path) -> tuple[dict[str, Source], list[str]]:
    """The good sources and the error lines (stand-ins for broken sources are tested on their own)."""
    log = ErrorLog(root=tmp_path)
    sources = load_registry(root, log)
    return {sid: s for sid, s in sources.items() if not s.stand_in}, [str(error) for error in log.errors]


def test_a_broken_source_stands_in_so_its_citations_are_not_reported_again(tmp_path: Path) -> None:
    """One mistake in a source.yaml is one line: the source still answers quotes from its text."""
    root = copy_sources(tmp_path)
    edit(root / DW / "source.yaml", "kind: news", "kind: nwes")
    log = ErrorLog(root=tmp_path)
    sources = load_registry(root, log)
    assert [str(e) for e in log.errors] == [f"{DW_YAML}:7: kind: 'nwes' is not allowed; did you mean 'news'?"]
    stand_in = sources[DW]
    assert stand_in.stand_in and "Chang'e-6" in stand_in.text and stand_in.kind == "reference"


DW_YAML = "sources/dw-2024-ascent/source.yaml"


def test_copy_of_a_good_source_loads(tmp_path: Path) -> None:
    sources, errors = load(tmp_path, copy_sources(tmp_path))
    assert errors == [] and list(sources) == [DW]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("kind: news\n", "", [f"{DW_YAML}: kind: missing; add 'kind: ...'"]),
    ("published: 2024-06-04", "published: 2024-13-01",
     [f"{DW_YAML}:5: published: '2024-13-01' is not a date (YYYY-MM-DD)"]),
    ("published: 2024-06-04", "published: 4 June 2024",
     [f"{DW_YAML}:5: published: '4 June 2024' is not a date (YYYY-MM-DD)"]),
    ("published: 2024-06-04", "published:",
     [f"{DW_YAML}:5: published: empty (unknown) needs a reason; add 'published: why the date is not known' "
      f"under inferred"]),
    ("publisher:", "publsher:",
     [f"{DW_YAML}:3: publsher: unknown field; did you mean 'publisher'?"]),  # one mistake, one line
    ("kind: news", "kind: blog", [f"{DW_YAML}:7: kind: 'blog' is not one of news, agency, reference, paper"]),
    ("title: \"China", "title: 2024 #\"China", [f"{DW_YAML}:2: title: must be text, not 2024; write the article's headline"]),
    ("language: en", "language: English",
     [f"{DW_YAML}:6: language: 'English' is not valid; use a language tag like 'en' or 'en-GB'"]),
    ("language: en", "language: en\nurl: www.dw.com/en/china",
     [f"{DW_YAML}:7: url: 'www.dw.com/en/china' is not valid; write a full http(s):// address, "
      f"or leave the field out"]),
    ("author: \"fb/nm (AFP, AP, Reuters)\"", "author: \"\"",
     [f"{DW_YAML}:4: author: is empty; write the byline as stated, or leave the field out"]),
    ("title: \"China spacecraft lifts off with rocks from moon's far side\"",
     "title: China spacecraft: lifts off",
     [f"{DW_YAML}:2: not valid YAML (mapping values are not allowed here); check indentation, "
      f"and quote values that contain ': ' or ' #'"]),
    ("language: en", "language: en\nkind: agency",
     [f"{DW_YAML}:8: kind: written twice (lines 7 and 8); keep one"]),
    ("notes:", "inferred:\n  publsher: the footer\nnotes:",
     [f"{DW_YAML}:11: inferred.publsher: not a field that can be inferred; did you mean 'publisher'?"]),
    ("notes:", "cleaning:\n  drop_txt: [x]\nnotes:",
     [f"{DW_YAML}:11: cleaning.drop_txt: unknown field; did you mean 'drop_text'?"]),
    ("sha256: 65b9", "sha256: 65B9",
     [f"{DW_YAML}:9: sha256: '65B9{DW_SHA[4:]}' is not valid; write the 64 lowercase hex digits printed by "
      f"'sha256sum original.txt'"]),
], ids=["missing-field", "malformed-date", "date-in-words", "unknown-date-without-reason", "unknown-field",
        "bad-kind", "wrong-type", "bad-language", "bad-url", "empty-author", "bad-yaml", "duplicate-key",
        "unknown-inferred-field", "unknown-cleaning-field", "bad-sha256"])
def test_metadata_errors(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    root = copy_sources(tmp_path)
    edit(root / DW / "source.yaml", old, new)
    sources, errors = load(tmp_path, root)
    assert errors == expected
    assert all(source.stand_in for source in sources.values()), "a source with a problem is never used as good"


def test_unknown_publisher_needs_a_reason(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    edit(root / DW / "source.yaml", "publisher: DW (Deutsche Welle)", "publisher: unknown")
    assert load(tmp_path, root)[1] == [
        f"{DW_YAML}:3: publisher: 'unknown' needs a reason; add 'publisher: what the text does and does not show' "
        f"under inferred"]


def test_id_must_match_folder_name(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    (root / DW).rename(root / "dw-2024")
    sources, errors = load(tmp_path, root)
    assert errors == ["sources/dw-2024/source.yaml:1: id: 'dw-2024-ascent' does not match its folder name "
                      "'dw-2024'; rename one so they agree"]
    assert all(source.stand_in for source in sources.values())


def test_id_must_be_lowercase_letters_digits_hyphens(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    (root / DW).rename(root / "DW_2024")
    edit(root / "DW_2024" / "source.yaml", f"id: {DW}", "id: DW_2024")
    assert load(tmp_path, root)[1] == [
        "sources/DW_2024/source.yaml:1: id: 'DW_2024' is not valid; use lowercase letters, digits and single "
        "hyphens, like 'dw-2024-ascent'"]


def test_duplicate_id(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    shutil.copytree(root / DW, root / f"{DW}-copy")
    sources, errors = load(tmp_path, root)
    assert errors == [
        f"sources/{DW}-copy/source.yaml:1: id: '{DW}' does not match its folder name '{DW}-copy'; "
        f"rename one so they agree",
        f"sources/{DW}-copy/source.yaml:1: id: '{DW}' is already used by {DW_YAML}; give each source its own id",
    ]
    assert [sid for sid, s in sources.items() if not s.stand_in] == [DW], "the first source with the id still loads"


def test_missing_original(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    (root / DW / "original.txt").unlink()
    assert load(tmp_path, root) == ({}, [
        f"sources/{DW}/original.txt: missing; save the collected article here, byte for byte as collected"])


def test_missing_metadata(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    (root / DW / "source.yaml").unlink()
    assert load(tmp_path, root) == ({}, [
        f"{DW_YAML}: missing; every source folder needs one (see 'Adding a source' in README.md)"])


def test_non_utf8_original(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    (root / DW / "original.txt").write_bytes(b"First line\nCaf\xe9 au lait\n")
    assert load(tmp_path, root) == ({}, [
        f"sources/{DW}/original.txt:2: not UTF-8 text (byte 0xe9 at offset 14); save the collected text as UTF-8"])


@pytest.mark.parametrize("content", [b"", b"\n  \n"], ids=["empty", "blank"])
def test_empty_original(tmp_path: Path, content: bytes) -> None:
    root = copy_sources(tmp_path)
    (root / DW / "original.txt").write_bytes(content)
    assert load(tmp_path, root) == ({}, [
        f"sources/{DW}/original.txt:1: file is empty; save the collected article text here"])


def test_edited_original_fails_its_hash(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    original = root / DW / "original.txt"
    original.write_bytes(original.read_bytes().replace(b"June 4, 2024", b"June 5, 2024"))
    actual = hashlib.sha256(original.read_bytes()).hexdigest()
    assert load(tmp_path, root) == ({}, [
        f"{DW_YAML}:9: sha256: original.txt has sha256 {actual}, not the recorded {DW_SHA}; originals stay "
        f"byte-for-byte as collected: restore it (git checkout -- sources/{DW}/original.txt), or update sha256 "
        f"if it was deliberately re-collected"])


def test_stale_drop_text(tmp_path: Path) -> None:
    root = copy_sources(tmp_path, "launch-report-2024")
    edit(root / "launch-report-2024" / "source.yaml", "Pro-China Trip\"", "Pro-China Trip\"\n    - \"Subscribe now\"")
    edit(root / "launch-report-2024" / "source.yaml", "    - \"US, Australia", "    - \"UK, Australia")
    path = "sources/launch-report-2024/source.yaml"
    lines = (root / "launch-report-2024" / "source.yaml").read_text(encoding="utf-8").splitlines()
    first = lines.index("  drop_text:") + 2  # 1-based line of the first item
    assert load(tmp_path, root) == ({}, [
        f"{path}:{first}: cleaning.drop_text[0]: 'UK, Australia, Japan, and Philippines Pledge Stronger Def...' is not "
        f"in the cleaned text (stale cut); remove it, or copy the passage exactly as it reads after cleaning",
        f"{path}:{first + 1}: cleaning.drop_text[1]: 'Subscribe now' is not in the cleaned text (stale cut); remove it, "
        f"or copy the passage exactly as it reads after cleaning",
    ])


def test_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    (root / DW / "source.yaml").write_text("- id: dw-2024-ascent\n", encoding="utf-8")
    assert load(tmp_path, root)[1] == [
        f"{DW_YAML}:1: must be 'field: value' lines (id: ..., title: ...), not a list or a single value"]


def test_every_problem_is_reported_and_good_sources_still_load(tmp_path: Path) -> None:
    root = copy_sources(tmp_path, DW, "rover-tracks-2019", "landing-report-2019")
    edit(root / DW / "source.yaml", "kind: news", "kind: blog")
    edit(root / DW / "source.yaml", "published: 2024-06-04", "published: 2024-06-31")
    (root / "rover-tracks-2019" / "original.txt").unlink()
    (root / "stray.txt").write_text("misplaced", encoding="utf-8")
    (root / ".DS_Store").write_text("", encoding="utf-8")
    sources, errors = load(tmp_path, root)
    assert errors == [
        f"{DW_YAML}:5: published: '2024-06-31' is not a date (YYYY-MM-DD)",
        f"{DW_YAML}:7: kind: 'blog' is not one of news, agency, reference, paper",
        "sources/rover-tracks-2019/original.txt: missing; save the collected article here, byte for byte as collected",
        "sources/stray.txt: not a source folder; put each source in sources/<id>/ with source.yaml and original.txt",
    ]
    assert [sid for sid, s in sources.items() if not s.stand_in] == ["landing-report-2019"]
    assert "rover-tracks-2019" not in sources, "no stand-in without an original to quote"


def test_missing_sources_folder(tmp_path: Path) -> None:
    assert load(tmp_path, tmp_path / "nowhere") == ({}, [
        "nowhere: sources folder is missing; create it with one folder per source"])
