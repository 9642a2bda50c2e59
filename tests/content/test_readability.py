"""Reading level and sentence length of the explainer, measured on the built pages.

Readers include students and people reading on a phone, so the mission pages aim at a
9th-10th grade reading level (issue #13). The grade is the Flesch-Kincaid grade level,

    0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59,

computed on the prose a reader sees: paragraphs and list items of the page body, without the
citation marks, the key-facts box, the notes on sources, figures and the references.

Why our own small counter and not a library: textstat (the usual choice) needs NLTK's CMU
dictionary, downloaded from the network at first use, which a fresh offline machine does not
have; py-readability-metrics needs the same. The vowel-group counter below is the classic
heuristic those libraries fall back on; its unit tests pin it to known words.

Bounds, and why:
- MAX_GRADE = 10.5 for each mission page: the target is grade 9-10; the extra half grade allows
  for the formula's noise on this subject's unavoidable long words and names (spectrometer,
  South Pole-Aitken, Chang'e-4), which it counts as hard words although readers meet them
  defined. A page drifting past it has grown harder to read than the brief allows.
- MAX_SENTENCE_WORDS = 35: the brief's "no sentence longer than about 35 words"; plain-language
  guides put the comfortable average at 15-20 words, and 35 is about twice that.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from support.site import PROJECT, BuildResult

MAX_GRADE = 10.5
MAX_SENTENCE_WORDS = 35

PAGES_DIR = PROJECT / "content" / "pages"
SKIPPED_CONTAINERS = ("aside", "figure", "nav", "header", "footer", "table", "pre")
SKIPPED_CLASSES = {"references", "cite-this-page", "key-facts", "lede"}


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def mission_pages() -> list[str]:
    """Slugs of the pages that present a mission (front matter `mission:`), found at collection time."""
    slugs = []
    for path in sorted(PAGES_DIR.glob("*.md")):
        meta = _front_matter(path)
        if meta.get("mission"):
            slugs.append(str(meta.get("slug") or path.stem))
    return slugs


# --- the counter ---------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.:°]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e; a number counts as one word of two syllables."""
    if word[0].isdigit():
        return 2
    total = 0
    for part in re.split(r"[-’']", word.lower()):
        if not part:
            continue
        groups = re.findall(r"[aeiouy]+", part)
        count = len(groups)
        if part.endswith("e") and not part.endswith(("le", "ee", "ye")) and count > 1:
            count -= 1
        if part.endswith(("ed", "es")) and count > 1 and not re.search(r"[td]ed$|[sxz]es$|[cs]hes$|[cg]es$|[^aeiouy]les$", part):
            count -= 1
        total += max(1, count)
    return total


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade level of a text."""
    found = words(text)
    count = len(sentences(text))
    if not found or not count:
        return 0.0
    return 0.39 * len(found) / count + 11.8 * sum(map(syllables, found)) / len(found) - 15.59


def page_prose(result: BuildResult, slug: str) -> list[str]:
    """The text of each paragraph and list item of a built page's body, citation marks removed."""
    soup = result.soup(f"{slug}/index.html")
    main = soup.find("main")
    assert main is not None, f"{slug}: no <main> in the built page"
    blocks = []
    for element in main.find_all(["p", "li"]):
        if element.find_parent(SKIPPED_CONTAINERS):
            continue
        if any(SKIPPED_CLASSES & set(parent.get("class") or []) for parent in [element, *element.parents]):
            continue
        if element.name == "p" and element.find_parent("li"):
            continue
        for mark in element.find_all("sup"):
            mark.decompose()
        text = " ".join(element.get_text(" ").split())
        text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
        if text:
            blocks.append(text if text[-1] in ".!?" else text + ".")
    return blocks


# --- unit tests of the counter -------------------------------------------------------------

@pytest.mark.parametrize(("word", "expected"), [
    ("Moon", 1), ("rover", 2), ("satellite", 3), ("landed", 2), ("samples", 2),
    ("spectrometer", 4), ("basin", 2), ("agency", 3), ("far-side", 2), ("lunar", 2), ("1,935.3", 2),
])
def test_syllable_counter_on_known_words(word: str, expected: int) -> None:
    assert syllables(word) == expected


def test_grade_level_ranks_plain_text_below_dense_text() -> None:
    plain = "The cat sat on the mat. It was a sunny day. The dog ran to the park."
    dense = ("Consequently, interdisciplinary investigations characterising the mineralogical "
             "heterogeneity of impact-generated regolith necessitate comprehensive laboratory analyses.")
    assert grade_level(plain) < 3 < 12 < grade_level(dense)


def test_sentences_split_on_full_stops_not_on_decimals() -> None:
    assert sentences("It carried 1,935.3 grams. Then it landed at 06:07 UTC. Done!") == [
        "It carried 1,935.3 grams.", "Then it landed at 06:07 UTC.", "Done!"]


# --- the built site ------------------------------------------------------------------------

def test_there_are_mission_pages_to_measure() -> None:
    assert mission_pages(), "no page in content/pages has `mission:` in its front matter"


@pytest.mark.parametrize("slug", mission_pages())
def test_mission_page_reading_level(built_site: BuildResult, slug: str, record_property) -> None:
    prose = page_prose(built_site, slug)
    assert len(prose) >= 3, f"{slug}: found too little prose to measure ({len(prose)} blocks)"
    grade = grade_level(" ".join(prose))
    record_property("flesch_kincaid_grade", round(grade, 1))
    print(f"{slug}: Flesch-Kincaid grade {grade:.1f} over {len(words(' '.join(prose)))} words")
    assert grade <= MAX_GRADE, (
        f"content/pages/{slug}.md reads at grade {grade:.1f}, above {MAX_GRADE}: "
        "split long sentences and prefer short words")


@pytest.mark.parametrize("slug", mission_pages())
def test_no_sentence_on_a_mission_page_is_too_long(built_site: BuildResult, slug: str) -> None:
    too_long = [(len(words(s)), s) for block in page_prose(built_site, slug) for s in sentences(block)
                if len(words(s)) > MAX_SENTENCE_WORDS]
    assert not too_long, (
        f"content/pages/{slug}.md has {len(too_long)} sentence(s) over {MAX_SENTENCE_WORDS} words; "
        "split them:\n" + "\n".join(f"  {n} words: {s[:120]}" for n, s in too_long))


def test_reading_level_report(built_site: BuildResult, artifacts: Path) -> None:
    """Every content page's grade, written where a reviewer can read it (not asserted beyond sanity)."""
    lines = []
    for path in sorted(PAGES_DIR.glob("*.md")):
        meta = _front_matter(path)
        slug = str(meta.get("slug") if meta.get("slug") is not None else path.stem)
        built = built_site.output / (f"{slug}/index.html" if slug else "index.html")
        if not slug or not built.exists():
            continue
        prose = page_prose(built_site, slug)
        if prose:
            text = " ".join(prose)
            lines.append(f"{slug}\tgrade {grade_level(text):.1f}\t{len(words(text))} words\t"
                         f"longest sentence {max(len(words(s)) for s in sentences(text))} words")
    assert lines, "no content page had prose to measure"
    (artifacts / "readability.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
