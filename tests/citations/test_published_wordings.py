"""A note's banned wording is caught anywhere the site publishes it, even hidden by invisible
characters; quotations of sources stay allowed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from farside.notes.model import SourceNote
from farside.notes.published import stated_errors

NOTE = SourceNote(id="dark-side", topic="The far side is not dark", kind="misnomer", said="", correct="", why="",
                  never_state=("dark side of the Moon",), path="data/notes.yaml", lines={"id": 3, "never_state": 9})


def site_with(tmp_path: Path, name: str, text: str) -> Path:
    target = tmp_path / "site" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return tmp_path / "site"


@pytest.mark.parametrize("name,text", [
    ("page/index.html", "<html><head><title>The dark side of the Moon</title></head><body></body></html>"),
    ("page/index.html", '<meta name="description" content="Visit the dark side of the moon">'),
    ("page/index.html", "<h2>The dark\u200b side of the\u00ad Moon</h2>"),
    ("page/index.html", '<img alt="A map of the dark side of the Moon" src="x.svg">'),
    ("page/index.html", '<script type="application/ld+json">{"@type":"Article","headline":"dark side of the Moon"}</script>'),
    ("comparison.json", json.dumps({"value": "lands on the dark side of the Moon"})),
    ("comparison.csv", "mission,status,value,quote\nx,taken,on the dark side of the Moon,\n"),
    ("figure.svg", "<svg><text>dark side of the Moon</text></svg>"),
])
def test_found_wherever_published(tmp_path: Path, name: str, text: str) -> None:
    found = stated_errors(site_with(tmp_path, name, text), {NOTE.id: NOTE})
    assert [(note.id, where) for note, _, where in found] == [("dark-side", name)]


@pytest.mark.parametrize("name,text", [
    ("page/index.html", "<p>A source said <q>the dark side of the Moon</q>.</p>"),
    ("page/index.html", '<p>The name “dark side of the Moon” is a misnomer.</p>'),
    ("page/index.html", '<aside class="source-note"><p>dark side of the Moon</p></aside>'),
    ("page/index.html", '<script type="application/ld+json">{"@type":"ClaimReview","claimReviewed":"dark side of the Moon"}</script>'),
    ("comparison.csv", "mission,status,value,quote\nx,taken,far side,the dark side of the Moon\n"),
    ("comparison.csv", "mission,status,value,quote\nx,other source,dark side of the Moon,\n"),
    ("sources/coverage.json", json.dumps({"text": "the dark side of the Moon"})),
])
def test_quotations_are_allowed(tmp_path: Path, name: str, text: str) -> None:
    assert stated_errors(site_with(tmp_path, name, text), {NOTE.id: NOTE}) == []
