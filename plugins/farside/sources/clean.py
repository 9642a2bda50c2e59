"""Readable text from a collected article, by small named rules applied in order.

The original stays byte-for-byte as collected; the site quotes exact words from the
cleaned text, so a rule may only repair characters (broken entities, lost sentence
breaks, white space) or drop a whole piece of page chrome. No rule rewrites a body
sentence. Each rule is a plain ``str -> str`` function so it can be tested alone.

Collected texts hold one paragraph per line, so a lone newline is a paragraph break,
never a wrapped line; the cleaned text has one blank line between paragraphs.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from html.entities import html5 as html5_entities

Rule = Callable[[str], str]

# A line that ends like a sentence is body text, never chrome: rules that guess from a
# line's words leave such lines alone.
_SENTENCE_END = re.compile(r"[.!?:;,\"”’')\]]$")


def _is_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _drop_lines(text: str, is_noise: Callable[[str], bool]) -> str:
    """Remove every line for which ``is_noise(stripped line)`` is true."""
    return "\n".join(line for line in text.split("\n") if not (line.strip() and is_noise(line.strip())))


# --- white space ------------------------------------------------------------------

_ODD_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_RUNS = re.compile(r" {2,}")


def normalise_whitespace(text: str) -> str:
    """One space between words, one blank line between paragraphs, nothing at the ends.

    Pages pad words with no-break spaces (DW puts one after many sentences) and
    extractors leave indents and ragged blank lines. Only white space changes, so every
    word survives; a no-break space becomes an ordinary space, which is what a reader
    (and a quote typed by an editor) sees.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    paragraphs = (_SPACE_RUNS.sub(" ", line.strip()) for line in text.split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


# --- repairs ------------------------------------------------------------------------

_ENTITY = re.compile(
    r"(?P<before>[ \t]*)&(?P<body>[ \t]*(?:#[ \t]*[0-9]{1,7}|#[ \t]*[xX][ \t]*[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})[ \t]*);(?P<after>[ \t]*)"
)
_APOSTROPHES = {"'", "’", "‘"}


def repair_html_entities(text: str) -> str:
    """Decode HTML entities, including ones a translation tool broke apart with spaces.

    ``Chang & # 39; e-4`` is ``Chang&#39;e-4`` after a round trip through machine
    translation. Collapsing the spaces inside ``& ... ;`` and decoding with
    ``html.unescape`` gives back the character; a broken apostrophe between two letters
    also takes back the spaces the tool put around it (``Chang'e-4``). Other decoded
    characters keep the spaces around them (``Rock & amp ; Roll`` -> ``Rock & Roll``).
    Safe: only ``&name;`` / ``&#NN;`` forms that decode to something are touched, and
    a bare ``&`` in prose has no ``;`` after a name.
    """

    def fix(match: re.Match[str]) -> str:
        body = re.sub(r"[ \t]", "", match["body"])
        if not body.startswith("#") and f"{body};" not in html5_entities:
            return match[0]  # not an entity: leave the text alone
        decoded = html.unescape(f"&{body};")
        broken = body != match["body"]
        start, end = match.start(), match.end()
        letter_before = start > 0 and match.string[start - 1].isalpha()
        letter_after = end < len(match.string) and match.string[end].isalpha()
        if broken and decoded in _APOSTROPHES and letter_before and letter_after:
            return decoded
        return f"{match['before']}{decoded}{match['after']}"

    return _ENTITY.sub(fix, text)


# Words that really are written lowercase-then-capital; the splitter leaves them alone.
CAMEL_CASE_WORDS = frozenset({"bioRxiv", "medRxiv", "easyJet", "wikiHow"})
_RUN_TOGETHER = re.compile(r"(?<![\w'’/.@#&-])(?P<head>[a-z]{3,})(?P<tail>[A-Z][a-z]+)(?P<rest>\w*)")
_VOWEL = re.compile(r"[aeiouy]")


def split_run_together_words(text: str) -> str:
    """Put back a sentence break an extractor lost: ``Global timesThe start`` -> ``Global times. The start``.

    When a page's paragraphs are joined without a space, the last word of one runs
    into the first word of the next. The rule splits a token that is a lowercase word
    (three or more letters, with a vowel) followed by a capitalised word. Names written
    in camel case start with a capital (``McDonald``, ``YouTube``) or a one- or
    two-letter prefix (``iPhone``, ``eBay``) and are not touched; the few lowercase-led
    ones are listed in CAMEL_CASE_WORDS.
    """

    def split(match: re.Match[str]) -> str:
        if match[0] in CAMEL_CASE_WORDS or not _VOWEL.search(match["head"]):
            return match[0]
        return f"{match['head']}. {match['tail']}{match['rest']}"

    return _RUN_TOGETHER.sub(split, text)


# --- page chrome ----------------------------------------------------------------------

_SKIP_LINK = re.compile(r"(?:\d+\.\s*)?Skip (?:to|next section)\b.*")


def drop_skip_links(text: str) -> str:
    """Drop accessibility jump links: ``1. Skip to content``, ``Skip next section DW's Top Story``.

    They are the page's keyboard navigation, not the article. Safe: the line must start
    with ``Skip to`` / ``Skip next section`` (optionally numbered) and not end like a
    sentence.
    """
    return _drop_lines(text, lambda line: bool(_SKIP_LINK.fullmatch(line)) and not _is_sentence(line))


_SUBSCRIPTION_PLEA = re.compile(
    r"(?:Support\b.*\bjournalism\b.*\bsubscribe\b.*|Subscribe (?:to|now|today)\b.*|Sign up (?:to|for) (?:our|the)\b.*\bnewsletter\b.*)",
    re.IGNORECASE,
)


def drop_subscription_pleas(text: str) -> str:
    """Drop subscription pleas: ``Support free-thinking journalism and subscribe to Independent Minds``.

    Publishers insert them between paragraphs of the article. Safe: the whole line must
    be the plea (support ... journalism ... subscribe, subscribe to ..., sign up for our
    newsletter) and must not end like a sentence.
    """
    return _drop_lines(text, lambda line: bool(_SUBSCRIPTION_PLEA.fullmatch(line)) and not _is_sentence(line))


_BROWSER_NOTICE = re.compile(
    r"(?:This|Your) browser (?:does not|doesn't|doesn’t|cannot|can't|can’t) (?:support|play) (?:the |this )?"
    r"(?:HTML5 )?(?:video|audio)(?: element| tag)?\.?",
    re.IGNORECASE,
)
_DURATION = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_MAX_TITLE_WORDS = 15


def drop_video_fallbacks(text: str) -> str:
    """Drop an embedded video's leftovers: its title, its bare duration (``02:13``) and the
    ``This browser does not support the video element.`` fallback.

    A video player extracted as text leaves those three lines in the middle of the
    article. Safe: a duration is a line that is only ``MM:SS``; the line before it is
    taken as the video's title only when it is short and does not end like a sentence,
    so a body paragraph before a duration always stays.
    """
    lines = text.split("\n")
    keep = [True] * len(lines)
    for index, raw in enumerate(lines):
        line = raw.strip()
        if _BROWSER_NOTICE.fullmatch(line):
            keep[index] = False
        elif _DURATION.fullmatch(line):
            keep[index] = False
            before = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
            if before is not None:
                title = lines[before].strip()
                if not _is_sentence(title) and len(title.split()) <= _MAX_TITLE_WORDS:
                    keep[before] = False
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


_READ_MORE = re.compile(r"(?:Read more|Read also|Also read|See also)\s*[:|]\s*\S.*", re.IGNORECASE)


def drop_read_more_lines(text: str) -> str:
    """Drop links to other stories: ``Read More: China releases photos from the first mission ...``.

    The headline after the label belongs to another article; quoting it as this
    source's words would be wrong. Safe: the line must start with the label and a colon
    or bar (``Read more:``, ``Also Read |``), which prose never does.
    """
    return _drop_lines(text, lambda line: bool(_READ_MORE.fullmatch(line)))


# Section headings a publisher's page puts around (not in) the article. Exact lines only.
SECTION_CHROME = frozenset({"DW's Top Story", "More stories from DW"})


def drop_section_chrome(text: str) -> str:
    """Drop the site's own section headings: ``DW's Top Story``, ``More stories from DW``.

    They head lists of other articles after the story ends. Safe: only whole lines that
    are exactly one of SECTION_CHROME; add a publisher's headings there when a new
    source shows them.
    """
    return _drop_lines(text, lambda line: line in SECTION_CHROME)


_GLUED_CREDIT = re.compile(r"[ \t]*(?:Image|Photo|Picture)(?: credit)?: [^\n]{1,80}$", re.MULTILINE)


def drop_glued_image_credits(text: str) -> str:
    """Cut a photo credit glued to the end of its caption.

    DW prints ``...far side of the moonImage: CNSA/Xinhua/AP/picture alliance``: the
    credit follows the caption with no space. The caption stays, the credit goes.
    Safe: the credit must be the end of the line, start with ``Image:`` / ``Photo:``
    after some caption text, and not end like a sentence.
    """

    def cut(match: re.Match[str]) -> str:
        line_start = match.string.rfind("\n", 0, match.start()) + 1
        has_caption = bool(match.string[line_start : match.start()].strip())
        return "" if has_caption and not _is_sentence(match[0].strip()) else match[0]

    return _GLUED_CREDIT.sub(cut, text)


# Who photos are credited to. A line made only of these (joined by "/", "via", "and",
# commas) has no verb and cannot be a body sentence.
_CREDIT_HOLDER = (
    r"(?:(?:China(?:'s|’s)?|the) )?National Space Administr?ation"  # also the page's typo "Administation"
    r"|CNSA|Xinhua(?: News Agency)?|Associated Press|AP|AFP|Reuters|EPA|dpa|Getty Images|picture alliance"
    r"|NASA|ESA|CCTV|Handout"
)
_CREDIT_LINE = re.compile(
    rf"(?:(?:Image|Photo|Picture|Credit)s?: ?)?(?:{_CREDIT_HOLDER})(?:\s*(?:/|,|\bvia\b|\band\b)\s*(?:{_CREDIT_HOLDER}))*",
)


def drop_credit_lines(text: str) -> str:
    """Drop lines that are only a photo credit: ``China National Space Administration/Xinhua
    News Agency via AP``, ``China's National Space Administration``.

    The image above them is gone from the text, so the credit floats between
    paragraphs. Safe: the whole line must consist of known credit holders and
    separators; a sentence that names the agency (``Previous photos shared by China's
    National Space Administration show ...``) has other words and stays.
    """
    return _drop_lines(text, lambda line: bool(_CREDIT_LINE.fullmatch(line)))


# The order matters: credits are cut before the splitter would read ``moonImage`` as a
# lost sentence break, and repairs run before line rules compare whole lines.
RULES: tuple[Rule, ...] = (
    repair_html_entities,
    drop_skip_links,
    drop_subscription_pleas,
    drop_video_fallbacks,
    drop_read_more_lines,
    drop_section_chrome,
    drop_glued_image_credits,
    drop_credit_lines,
    split_run_together_words,
)


class StaleCutError(ValueError):
    """Some ``cleaning.drop_text`` entries are not in the text, so a page edit went unnoticed."""

    def __init__(self, missing: list[tuple[int, str]]):
        self.missing = missing  # (index in drop_text, the text) for each stale cut
        super().__init__("; ".join(f"drop_text[{i}] not found: {cut!r}" for i, cut in missing))


def clean_text(original: str, drop_text: Sequence[str] = ()) -> str:
    """The readable text of ``original``: white space tidied, every rule in RULES applied
    in order, then the source's own ``drop_text`` cuts.

    Each cut must occur in the rule-cleaned text (all its occurrences are removed);
    otherwise StaleCutError lists the stale ones, so a cut that no longer matches is
    noticed instead of leaving chrome in the text.
    """
    text = normalise_whitespace(original)
    for rule in RULES:
        text = rule(text)
    text = normalise_whitespace(text)
    missing = [(index, cut) for index, cut in enumerate(drop_text) if not cut.strip() or cut not in text]
    if missing:
        raise StaleCutError(missing)
    for cut in drop_text:
        text = text.replace(cut, " ")
    return normalise_whitespace(text)
