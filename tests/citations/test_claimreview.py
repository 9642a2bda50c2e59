"""Each note on the sources is published as schema.org ClaimReview JSON-LD where the note is shown,
and every type and property used is in schema.org's vocabulary."""
from __future__ import annotations

import importlib
import json
from typing import Any

from bs4 import BeautifulSoup

from support.site import BuildResult

REQUIRED = ("claimReviewed", "itemReviewed", "reviewRating", "author", "reviewBody", "citation")


def schema_fields(type_name: str) -> set[str]:
    """The properties schema.org defines for a type (from the pydantic2-schemaorg vocabulary)."""
    try:
        module = importlib.import_module(f"pydantic2_schemaorg.{type_name}")
    except ModuleNotFoundError:
        raise AssertionError(f"{type_name} is not a schema.org type") from None
    return {name.rstrip("_") for name in getattr(module, type_name).__fields__}


def check_against_vocabulary(node: Any, where: str) -> None:
    if isinstance(node, list):
        for item in node:
            check_against_vocabulary(item, where)
        return
    if not isinstance(node, dict):
        return
    if "@type" in node:
        fields = schema_fields(node["@type"])
        for key, value in node.items():
            if not key.startswith("@"):
                assert key in fields, f"{where}: '{key}' is not a property of schema.org {node['@type']}"
            check_against_vocabulary(value, where)


def jsonld_nodes(html: str) -> list[dict[str, Any]]:
    """Every typed node of the page's JSON-LD, nested ones included."""
    nodes: list[dict[str, Any]] = []

    def walk(data: Any) -> None:
        if isinstance(data, list):
            for item in data:
                walk(item)
        elif isinstance(data, dict):
            if "@type" in data:
                nodes.append(data)
            for value in data.values():
                walk(value)

    for script in BeautifulSoup(html, "html.parser").select('script[type="application/ld+json"]'):
        walk(json.loads(script.string))
    return nodes


def test_every_shown_note_is_a_valid_claim_review(built_site: BuildResult) -> None:
    reviewed: dict[str, dict[str, Any]] = {}
    for path in built_site.output.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        shown = {el["id"] for el in soup.select('[id^="note-"]') if not el["id"].endswith("-title")}
        reviews = [n for n in jsonld_nodes(html) if n.get("@type") == "ClaimReview"]
        for node in jsonld_nodes(html)[:1]:  # the top node; the check walks into the nested ones
            check_against_vocabulary(node, str(path))
        for review in reviews:
            for key in REQUIRED:
                assert review.get(key), f"{path}: ClaimReview '{review.get('name')}' has no {key}"
            rating = review["reviewRating"]
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
            assert review["itemReviewed"].get("author"), f"{path}: the claim does not say who made it"
            reviewed.setdefault(review["name"], review)
        assert len(reviews) == len(shown), f"{path}: {len(shown)} notes shown, {len(reviews)} ClaimReviews"
    assert reviewed, "no page publishes its notes as ClaimReview"


def test_vocabulary_check_can_fail() -> None:
    try:
        check_against_vocabulary({"@type": "ClaimReview", "claimRating": 1}, "x")
    except AssertionError as problem:
        assert "claimRating" in str(problem)
    else:
        raise AssertionError("an unknown property passed")
