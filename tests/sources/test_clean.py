"""Cleaning: each rule on small strings, then every instance of noise in the real sources.

The instance tests read the registry's cleaned text of each source, so they break if a
rule stops catching a piece of chrome, or starts eating the body text around it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from farside.errors import ErrorLog
from farside.sources import Source, clean_text, load_registry
from farside.sources.clean import (
    CAMEL_CASE_WORDS,
    RULES,
    StaleCutError,
    drop_credit_lines,
    drop_glued_image_credits,
    drop_read_more_lines,
    drop_section_chrome,
    drop_skip_links,
    drop_subscription_pleas,
    drop_video_fallbacks,
    normalise_whitespace,
    repair_html_entities,
    split_run_together_words,
)

PROJECT = Path(__file__).resolve().parents[2]
SOURCES = PROJECT / "data" / "sources"


def run(rule, text: str) -> str:
    """A rule as clean_text applies it: on tidied text, tidied again after."""
    return normalise_whitespace(rule(normalise_whitespace(text)))


# --- each rule on small strings -----------------------------------------------------


def test_every_rule_says_what_it_removes_and_why_it_is_safe() -> None:
    for rule in (*RULES, normalise_whitespace):
        assert rule.__doc__ and len(rule.__doc__.split()) > 15, f"{rule.__name__} needs a docstring"


@pytest.mark.parametrize(("text", "expected"), [
    ("Upon arrival, Chang & # 39; e-4 will use", "Upon arrival, Chang'e-4 will use"),
    ("Chang&#39;e-4", "Chang'e-4"),
    ("Chang &#39; e-4", "Chang ' e-4"),  # a well-formed entity: the spaces around it are the text's own
    ("don & # 8217 ; t", "don’t"),
    ("Chang & # x27 ; e", "Chang'e"),
    ("Rock & amp ; Roll", "Rock & Roll"),
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("a & quot ; b", 'a " b'),
], ids=["spaced-decimal", "plain-decimal", "plain-with-spaces-around", "curly-apostrophe",
        "spaced-hex", "spaced-amp", "plain-amp", "spaced-quot"])
def test_repair_html_entities(text: str, expected: str) -> None:
    assert repair_html_entities(text) == expected


@pytest.mark.parametrize("text", ["R&D and M&A", "AT&T; said", "a & b; c", "&notanentity;", "50% & rising"])
def test_repair_html_entities_leaves_prose_alone(text: str) -> None:
    assert repair_html_entities(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("According to Global timesThe start, which", "According to Global times. The start, which"),
    ("far side of the moonImage: CNSA", "far side of the moon. Image: CNSA"),
    ("the probe landedScientists said", "the probe landed. Scientists said"),
], ids=["global-times", "moon-image", "landed-scientists"])
def test_split_run_together_words(text: str, expected: str) -> None:
    assert split_run_together_words(text) == expected


@pytest.mark.parametrize("word", [
    "McDonald", "iPhone", "eBay", "YouTube", "macOS", "PowerPoint", "LinkedIn", "bbcNews",
    "https://example.com/newsArticle", "#moonLanding", "user.nameSmith", *sorted(CAMEL_CASE_WORDS),
])
def test_split_run_together_words_leaves_camel_case_alone(word: str) -> None:
    text = f"He mentioned {word} twice."
    assert split_run_together_words(text) == text


@pytest.mark.parametrize("line", ["1. Skip to content", "2. Skip to main menu", "Skip to more DW sites",
                                  "Skip next section DW's Top Story"])
def test_drop_skip_links(line: str) -> None:
    assert run(drop_skip_links, f"{line}\n\nBody sentence.") == "Body sentence."


def test_drop_skip_links_keeps_a_sentence_starting_with_skip() -> None:
    text = "Skip to the next chapter, the guide said."
    assert run(drop_skip_links, text) == text


@pytest.mark.parametrize("line", ["Support free-thinking journalism and subscribe to Independent Minds",
                                  "Subscribe to our newsletter", "Sign up for our daily newsletter"])
def test_drop_subscription_pleas(line: str) -> None:
    assert run(drop_subscription_pleas, f"First.\n\n{line}\n\nSecond.") == "First.\n\nSecond."


def test_drop_subscription_pleas_keeps_sentences() -> None:
    text = "Support for the mission grew as readers learned to subscribe to journalism about it."
    assert run(drop_subscription_pleas, text) == text


def test_drop_video_fallbacks_drops_title_duration_and_notice() -> None:
    text = ("He added more.\n\nChina launches unprecedented moon mission\n\n02:13\n\n"
            "This browser does not support the video element.\n\nWhat is China's Chang'e-6 probe?")
    assert run(drop_video_fallbacks, text) == "He added more.\n\nWhat is China's Chang'e-6 probe?"


def test_drop_video_fallbacks_keeps_a_sentence_before_a_duration() -> None:
    text = "The launch was a complete success, officials said.\n\n1:02:13\n\nNext paragraph."
    assert run(drop_video_fallbacks, text) == "The launch was a complete success, officials said.\n\nNext paragraph."


def test_drop_video_fallbacks_keeps_times_inside_sentences() -> None:
    text = "The probe landed at 10:26am Beijing time.\n\nIt was 02:13 in London."
    assert run(drop_video_fallbacks, text) == text


@pytest.mark.parametrize("line", ["Read More: China releases photos from the first mission to land",
                                  "Also Read | Food Poisoning: Over 400 Hospitalised", "READ MORE: Another story"])
def test_drop_read_more_lines(line: str) -> None:
    assert run(drop_read_more_lines, f"Before.\n\n{line}\n\nAfter.") == "Before.\n\nAfter."


def test_drop_read_more_lines_keeps_prose() -> None:
    text = "Read more about the mission in the agency's report."
    assert run(drop_read_more_lines, text) == text


@pytest.mark.parametrize("line", ["DW's Top Story", "More stories from DW"])
def test_drop_section_chrome(line: str) -> None:
    assert run(drop_section_chrome, f"Body.\n\n{line}") == "Body."


def test_drop_section_chrome_only_takes_whole_lines() -> None:
    text = "DW's Top Story that day was the moon landing."
    assert run(drop_section_chrome, text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("rock and soil samples from the far side of the moonImage: CNSA/Xinhua/AP/picture alliance",
     "rock and soil samples from the far side of the moon"),
    ("The lander on the surface Photo: Getty Images", "The lander on the surface"),
], ids=["glued", "spaced"])
def test_drop_glued_image_credits(text: str, expected: str) -> None:
    assert run(drop_glued_image_credits, text) == expected


@pytest.mark.parametrize("text", [
    "Image: CNSA/Xinhua",  # a credit on its own line is drop_credit_lines' job
    "The agency released one Image: it shows the crater.",
])
def test_drop_glued_image_credits_leaves_other_lines(text: str) -> None:
    assert run(drop_glued_image_credits, text) == text


@pytest.mark.parametrize("line", [
    "China National Space Administration/Xinhua News Agency via AP",
    "China National Space Administation",
    "China's National Space Administration",
    "Image: CNSA/Xinhua/AP/picture alliance",
    "Getty Images",
])
def test_drop_credit_lines(line: str) -> None:
    assert run(drop_credit_lines, f"Before:\n\n{line}\n\nAfter.") == "Before:\n\nAfter."


@pytest.mark.parametrize("text", [
    "Previous photos shared by China's National Space Administration show the first-ever close-ups.",
    "China National Space Administration said on Friday",
    "Reuters and AP reported the landing.",
])
def test_drop_credit_lines_keeps_sentences_naming_agencies(text: str) -> None:
    assert run(drop_credit_lines, text) == text


def test_normalise_whitespace() -> None:
    text = "\ufeff  1. First\u00a0line  \r\n\r\n\r\n\tSecond\u00a0 line.\u00a0\nThird\u200b line\n\n"
    assert normalise_whitespace(text) == "1. First line\n\nSecond line.\n\nThird line"


def test_clean_text_applies_drop_text_after_the_rules() -> None:
    text = "Body sentence. Unrelated Headline Here\n\nSkip to content"
    assert clean_text(text, ["Unrelated Headline Here"]) == "Body sentence."


def test_clean_text_reports_every_stale_cut() -> None:
    with pytest.raises(StaleCutError) as caught:
        clean_text("Body sentence.", ["Body", "gone", "  "])
    assert caught.value.missing == [(1, "gone"), (2, "  ")]


def test_clean_text_matches_cuts_against_cleaned_text() -> None:
    """A cut is written as the text reads after cleaning: no-break spaces are plain spaces."""
    assert clean_text("Body\u00a0sentence. Noise\u00a0here", ["Noise here"]) == "Body sentence."


# --- every instance of noise in the real sources -------------------------------------


@pytest.fixture(scope="module")
def registry() -> dict[str, Source]:
    log = ErrorLog(root=PROJECT)
    sources = load_registry(SOURCES, log)
    assert not log, "\n".join(map(str, log.errors))
    return sources


@dataclass(frozen=True)
class Noise:
    """One piece of page noise in a source, and the body text that must survive around it."""

    source: str
    name: str
    noise: str
    line: bool  # a whole line of the original (else a piece inside a line)
    before: str | None  # the paragraph that must now come just before where the noise was
    after: str | None  # ... and just after it (None: the start / end of the text)
    repair: str = ""  # what an inline piece becomes


INDEPENDENT, LANDING, ROVER, DW, LAUNCH = (
    "independent-2018-launch", "landing-report-2019", "rover-tracks-2019", "dw-2024-ascent", "launch-report-2024")
DW_INSIGHTS = ('It can also offer insights into "the origin of the solar system ... laying an improved foundation '
               'for later exploration missions," he added.')

NOISE = [
    Noise(INDEPENDENT, "broken-entity-chang-e-4", "Chang & # 39; e-4", False,
          "Upon arrival, Chang'e-4 will use a variety of instruments, including cameras, ground radar, and "
          "spectrometers to analyze and identify surrounding rock and dirt New York Times,", None, "Chang'e-4"),
    Noise(INDEPENDENT, "run-together-global-timesThe", "timesThe", False,
          "According to Global times. The start, which took place in China at 2:23 pm local time, was successful.",
          None, "times. The"),
    Noise(INDEPENDENT, "subscription-plea-independent-minds",
          "Support free-thinking journalism and subscribe to Independent Minds", True,
          "The mission, which would allow close-up views from the other side of the moon, is part of China's "
          "increasing investment in exploring the moon.",
          "The Rover's design is based on the Chang'e 3 vehicle, which landed on the moon in 2013 – the first "
          "rover to do so since 1976."),
    Noise(ROVER, "credit-line-1-administation-at-top", "China National Space Administation", True,
          None, "- China has released photos of its lunar rover leaving track marks on the far side of the moon "
                "after its historic landing."),
    Noise(ROVER, "credit-line-2-xinhua-via-ap", "China National Space Administration/Xinhua News Agency via AP", True,
          "A first image shows it at the end of the ramp:",
          "And a second one showed it starting to drive off into the distance."),
    Noise(ROVER, "credit-line-3-administation-after-second-image", "China National Space Administation", True,
          "And a second one showed it starting to drive off into the distance.",
          "The pictures follow the first images from the landing, which were released on Thursday shortly after "
          "the landing."),
    Noise(ROVER, "read-more-china-releases-photos",
          "Read More: China releases photos from the first mission to land on the far side of the moon", True,
          "Previous photos shared by China's National Space Administration show the first-ever close-ups of the "
          "far side of the moon's cratered surface.",
          "The rover has six powered wheels, which will let it keep working even if one of the wheels fails, "
          "according to the Associated Press."),
    Noise(ROVER, "credit-line-4-chinas-administration", "China's National Space Administration", True,
          'Wu Weiren, the chief designer of the Lunar Exploration Project, told CCTV that it was "a small step for '
          'the rover, but one giant leap for the Chinese nation."',
          "China's landing was the first-ever successful \"soft-landing,\" which means a landing without damage, on "
          "the far side of the moon. The first man-made object to hit the far side was NASA's Ranger 4 craft in "
          "1964, which crashed after a system failure."),
    Noise(DW, "skip-link-content", "1. Skip to content", True,
          None, "China spacecraft lifts off with rocks from moon's far side"),
    Noise(DW, "skip-link-main-menu", "2. Skip to main menu", True,
          None, "China spacecraft lifts off with rocks from moon's far side"),
    Noise(DW, "skip-link-more-dw-sites", "3. Skip to more DW sites", True,
          None, "China spacecraft lifts off with rocks from moon's far side"),
    Noise(DW, "glued-image-credit", "Image: CNSA/Xinhua/AP/picture alliance", False,
          "Chang'e-6's spacecraft collected rock and soil samples from the far side of the moon",
          "China's lunar spacecraft started its journey back to earth after collecting samples from the far side "
          "of the moon, the country's space agency said on Tuesday."),
    Noise(DW, "video-title", "China launches unprecedented moon mission", True,
          DW_INSIGHTS, "What is China's Chang'e-6 probe?"),
    Noise(DW, "video-duration", "02:13", True, DW_INSIGHTS, "What is China's Chang'e-6 probe?"),
    Noise(DW, "video-browser-notice", "This browser does not support the video element.", True,
          DW_INSIGHTS, "What is China's Chang'e-6 probe?"),
    Noise(DW, "skip-next-section-top-story", "Skip next section DW's Top Story", True,
          "fb/nm (AFP, AP, Reuters)", None),
    Noise(DW, "section-heading-top-story", "DW's Top Story", True, "fb/nm (AFP, AP, Reuters)", None),
    Noise(DW, "skip-next-section-more-stories", "Skip next section More stories from DW", True,
          "fb/nm (AFP, AP, Reuters)", None),
    Noise(LAUNCH, "unrelated-headlines-run-into-last-paragraph",
          "US, Australia, Japan, and Philippines Pledge Stronger Defense Ties Here's How Taiwan Detects Increased "
          "Chinese Military Activities India-Maldives Ties: Maldives Foreign Minister's Visit Precedes President "
          "Muizzu's Potential Pro-China Trip", False,
          None, None),
]


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def _nbsp_instances() -> list[object]:
    """Every no-break space between two words of dw-2024-ascent, named by those words."""
    original = (SOURCES / DW / "original.txt").read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"([\w,'\"]+)\u00a0+([\w\"]+)", original):
        name = f"{DW}:nbsp:{match[1]}-{match[2]}".replace('"', "")
        found.append(pytest.param(match[0], f"{match[1]} {match[2]}", id=name))
    return found


@pytest.mark.parametrize("noise", NOISE, ids=[f"{n.source}:{n.name}" for n in NOISE])
def test_noise_is_gone_and_body_text_survives(registry: dict[str, Source], noise: Noise) -> None:
    source = registry[noise.source]
    original_lines = [line.strip() for line in source.original.splitlines()]
    assert (noise.noise in original_lines) if noise.line else (noise.noise in source.original), \
        "the instance must be in the original as described"
    paragraphs = _paragraphs(source.text)
    if noise.line:
        assert noise.noise not in paragraphs
    else:
        assert noise.noise not in source.text
        assert noise.repair in source.text
    if noise.before is not None and noise.after is not None:
        index = paragraphs.index(noise.before)
        assert paragraphs[index + 1] == noise.after, "only the noise was between these paragraphs"
    elif noise.before is not None:
        assert paragraphs[-1] == noise.before if noise.line else noise.before in paragraphs
    elif noise.after is not None:
        assert paragraphs[0] == noise.after if noise.line else noise.after in paragraphs
    if noise.source == LAUNCH:
        assert source.text.endswith("promising exciting discoveries and advancements in the realm of space science.")


@pytest.mark.parametrize(("raw", "clean"), _nbsp_instances())
def test_no_break_space_becomes_a_plain_space(registry: dict[str, Source], raw: str, clean: str) -> None:
    text = registry[DW].text
    assert raw not in text and clean in text
    assert "\u00a0" not in text and "  " not in text


def test_landing_report_has_no_noise_so_cleaning_only_tidies_white_space(registry: dict[str, Source]) -> None:
    source = registry[LANDING]
    assert source.text == normalise_whitespace(source.original)


@pytest.mark.parametrize("source_id", [INDEPENDENT, LANDING, ROVER, DW, LAUNCH])
def test_every_other_line_survives_verbatim(registry: dict[str, Source], source_id: str) -> None:
    """Cleaned text = the original's lines, minus the listed noise lines, with the listed repairs.

    Anything else a rule changed would make a quote of the source's exact words fail.
    """
    source = registry[source_id]
    expected = _paragraphs(normalise_whitespace(source.original))
    for noise in (n for n in NOISE if n.source == source_id):
        if noise.line:
            expected.remove(noise.noise)
        else:
            expected = [p.replace(noise.noise, noise.repair).strip() for p in expected]
    assert _paragraphs(source.text) == expected
