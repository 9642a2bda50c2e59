"""Checks across every page once Pelican has read them all, before anything is written.

- only Markdown files are content (Pelican's own readers would publish HTML raw);
- every link address, after Pelican's ``{filename}``/``{index}`` placeholders are expanded, is an
  allowed one (see links.py), and a link to a page that does not exist is an error;
- ``slug``, ``save_as``, ``url`` and ``lang`` give every page an address of its own that works;
- no control characters hide in a page.

Each problem is one ``path:line: message`` in the build's ErrorLog.
"""
from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import ErrorLog
from .links import url_attributes, url_problem
from .reader import MARKDOWN_EXTENSIONS

# Files an operating system drops into folders by itself; they are not an editor's content.
SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
# Output folders the build fills itself; a page may not take an address inside them.
RESERVED_FOLDERS = ("theme", "pagefind")
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SAVE_AS = re.compile(r"^(?:[a-z0-9][a-z0-9_-]*/)*(?:[a-z0-9][a-z0-9_.-]*\.html)$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Pelican's own words for problems check_pages reports as editor errors (with the file's line):
# duplicate slugs, and pages it drops because their address leads outside the site.
PELICAN_DUPLICATES = ("There are %s items", "There are %s original", "Skipping %s: file %r would be written outside",
                      "Cannot get modification stamp for %s")
PAGE_LISTS = ("pages", "hidden_pages", "draft_pages", "translations", "hidden_translations", "draft_translations")


class _ReportedByUs(logging.Filter):
    """Drop Pelican's messages for problems check_pages reports itself (one problem, one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(PELICAN_DUPLICATES)


def quiet_pelican_duplicates() -> None:
    """Install the filter once on the loggers Pelican uses for these messages."""
    for name in ("pelican.utils", "pelican.contents", "pelican.generators", "pelican.cache"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ReportedByUs) for f in logger.filters):
            logger.addFilter(_ReportedByUs())


quiet_pelican_duplicates()


def check_pages(generators: Iterable[Any], log: ErrorLog) -> None:
    """Run every check; ``generators`` are Pelican's, after they have all read their content."""
    generators = list(generators)
    if not generators:
        return
    settings = generators[0].settings
    context = generators[0].context
    check_content_files(Path(settings["PATH"]), settings.get("PAGE_PATHS", ["pages"]), log)
    pages = list(_editor_pages(generators))
    _check_dropped_pages(Path(settings["PATH"]), pages, log)
    for page in pages:
        _check_control_characters(page, log)
    _check_addresses(pages, context, settings, log)
    own = {posixpath.normpath(unquote(getattr(c, "url", "") or "")).rstrip("/")
           for c in context.get("generated_content", {}).values()}
    for page in pages:
        _check_links(page, context, settings, own, log)


def check_content_files(content: Path, page_paths: Iterable[str], log: ErrorLog) -> None:
    """Anything in content/ that is not a Markdown page in a pages folder stops the build."""
    markdown = {f".{extension}" for extension in MARKDOWN_EXTENSIONS}
    folders = [content / name for name in page_paths]
    for path in sorted(content.rglob("*")):
        if path.is_dir() or path.name in SYSTEM_FILES:
            continue
        if path.suffix.lower() in markdown:
            if not any(folder in path.parents for folder in folders):
                shown = ", ".join(f"{log.display_path(folder)}/" for folder in folders)
                log.add(path, 1, f"pages live in {shown}; move the file there (here it is not published)")
            continue
        log.add(path, 1, f"only Markdown pages are content; rewrite it as {path.stem}.md (front matter and "
                         "Markdown) or move it out of content/")


def _check_dropped_pages(content: Path, pages: list[Any], log: ErrorLog) -> None:
    """A Markdown file Pelican read but dropped (its address leads outside the site) is an error."""
    from .errors import BuildError
    from .frontmatter import split_front_matter

    read = {Path(page.source_path).resolve() for page in pages}
    failed = {error.path for error in log.errors}
    for path in sorted(content.rglob("*")):
        if path.suffix.lower().lstrip(".") not in MARKDOWN_EXTENSIONS or path.resolve() in read:
            continue
        if log.display_path(path) in failed:
            continue
        try:
            meta = split_front_matter(path.read_text(encoding="utf-8"), str(path)).metadata
        except (BuildError, OSError, UnicodeDecodeError):
            continue
        if meta.get("status") == "draft":
            continue
        key = next((k for k in ("save_as", "url", "slug") if k in meta), "title")
        line = next((n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2)
                     if text.split(":", 1)[0].strip() == key), 1)
        log.add(path, line, f"{key} '{meta.get(key)}' gives the page an address outside the site; use lowercase "
                            "letters, digits and hyphens (e.g. slug: change-4)")


def _editor_pages(generators: list[Any]) -> Iterator[Any]:
    seen: set[int] = set()
    for generator in generators:
        for name in PAGE_LISTS:
            for page in getattr(generator, name, None) or []:
                if id(page) in seen or page.metadata.get("farside_failed"):
                    continue
                seen.add(id(page))
                if Path(page.source_path).suffix.lower().lstrip(".") in MARKDOWN_EXTENSIONS:
                    yield page


def _source_lines(page: Any) -> list[str]:
    try:
        return Path(page.source_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _front_matter_line(page: Any, key: str) -> int:
    lines = _source_lines(page)
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        if line.split(":", 1)[0].strip() == key:
            return number
    return 1


def _line_of(page: Any, *needles: str) -> int:
    """The first line holding one of ``needles`` (tried in order), else the first body line."""
    lines = _source_lines(page)
    for needle in needles:
        if not needle:
            continue
        for number, line in enumerate(lines, start=1):
            if needle.lower() in line.lower():
                return number
    closing = next((i for i, line in enumerate(lines[1:], start=2) if line.rstrip() in ("---", "...")), 1)
    return closing + 1 if closing > 1 else 1


def _check_control_characters(page: Any, log: ErrorLog) -> None:
    for number, line in enumerate(_source_lines(page), start=1):
        found = CONTROL.search(line)
        if found:
            log.add(page.source_path, number, f"invisible control character U+{ord(found.group()):04X} at column "
                                              f"{found.start() + 1}; delete it (retype the text around it)")
            return


# --- addresses: slug, save_as, url, lang -----------------------------------------------------------

def _check_addresses(pages: list[Any], context: dict[str, Any], settings: dict[str, Any], log: ErrorLog) -> None:
    language = str(settings.get("DEFAULT_LANG", "en"))
    taken: dict[str, str] = {}
    editors = {id(page) for page in pages}
    for content in context.get("generated_content", {}).values():
        if getattr(content, "source_path", None) and id(content) not in editors and getattr(content, "save_as", ""):
            taken.setdefault(content.save_as, "a page the site generates")
    for page in pages:
        meta = page.metadata
        shown = log.display_path(page.source_path)
        if "lang" in meta and meta["lang"] != language:
            log.add(page.source_path, _front_matter_line(page, "lang"),
                    f"lang '{meta['lang']}' is not the site's language '{language}'; the site publishes one "
                    "language, so remove 'lang:' (mark a passage in another language with {lang=xx})")
            continue
        if "slug" in meta and not SLUG.match(str(meta["slug"])):
            log.add(page.source_path, _front_matter_line(page, "slug"),
                    f"slug '{meta['slug']}' must be lowercase letters, digits and hyphens, e.g. 'change-4'")
            continue
        save_as = str(getattr(page, "save_as", "") or "")
        if "save_as" in meta and not SAVE_AS.match(str(meta["save_as"])):
            log.add(page.source_path, _front_matter_line(page, "save_as"),
                    f"save_as '{meta['save_as']}' must be a file name ending in .html inside the site, "
                    "e.g. 'about/index.html' (or remove save_as: the slug gives the page its address)")
            continue
        if "url" in meta and not _url_matches(str(meta["url"]), save_as):
            log.add(page.source_path, _front_matter_line(page, "url"),
                    f"url '{meta['url']}' does not lead to the file the page is saved as ('{save_as}'); "
                    f"remove url (or write url: {_url_for(save_as)})")
            continue
        if "save_as" in meta and "url" not in meta and getattr(page, "status", "") == "published" \
                and not _url_matches(str(getattr(page, "url", "")), save_as):
            log.add(page.source_path, _front_matter_line(page, "save_as"),
                    f"save_as '{save_as}' without a matching url: links to this page would lead nowhere; "
                    f"add url: {_url_for(save_as)} (or remove save_as)")
            continue
        if not save_as:
            continue
        if save_as.split("/", 1)[0] in RESERVED_FOLDERS:
            key = next((k for k in ("save_as", "slug") if k in meta), "title")
            log.add(page.source_path, _front_matter_line(page, key),
                    f"address '{save_as}' is inside the site's own '{save_as.split('/', 1)[0]}/' folder; "
                    f"choose another {key if key != 'title' else 'slug'}")
            continue
        other = taken.get(save_as)
        if other is not None:
            key = next((k for k in ("save_as", "slug") if k in meta), "title")
            fix = f"choose another {key}" if key != "title" else "add a slug: of its own"
            log.add(page.source_path, _front_matter_line(page, key),
                    f"{key} gives this page the address '{save_as}', already used by {other}; {fix}")
            continue
        taken[save_as] = shown


def _url_for(save_as: str) -> str:
    return save_as.removesuffix("index.html")


def _url_matches(url: str, save_as: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or parts.query or parts.fragment or url.startswith("/") or ".." in url:
        return False
    return bool(save_as) and (url == save_as or url == _url_for(save_as))


# --- links ------------------------------------------------------------------------------------

def _check_links(page: Any, context: dict[str, Any], settings: dict[str, Any], own: set[str], log: ErrorLog) -> None:
    """``own``: the URL paths of every page of the site, for links written by hand."""
    raw = page._content or ""
    placeholders = page._get_intrasite_link_regex()
    for match in placeholders.finditer(raw):
        what, value = match.group("what"), html.unescape(match.group("value"))
        line = _line_of(page, match.group("path"), "{" + what + "}" + value, value)
        if what not in ("filename", "static", "attach", "index"):
            log.add(page.source_path, line, f"link placeholder '{{{what}}}' is not used on this site; "
                                            "link a page with {filename}page.md")
        elif what == "filename" and _linked(page, context, what, value) is None:
            log.add(page.source_path, line, f"link to '{value}' finds no page; link an existing page as "
                                            "{filename}name.md (a file in content/pages/)")
        elif what in ("static", "attach") and _linked(page, context, what, value) is None:
            log.add(page.source_path, line, f"link to '{value}' finds no file; put the file under content/ "
                                            "or correct the path")
    logger = logging.getLogger("pelican.contents")
    was, logger.disabled = logger.disabled, True  # missing targets are reported above, as errors
    try:
        expanded = page._update_content(raw, settings.get("SITEURL", ""))
    finally:
        logger.disabled = was
    here = posixpath.dirname(str(getattr(page, "url", "") or "").rstrip("/") + "/x")
    scanned = getattr(page, "farside_text", None)  # the parse check_stated_errors made of this HTML
    written = scanned.addresses if scanned is not None and scanned.html == raw else url_attributes(raw)
    # A page without placeholders comes out of the expansion as it went in: no second parse.
    found = [(address, url_problem(address)) for _, _, address in (written if expanded == raw
                                                                   else url_attributes(expanded))]
    found += [(address, _own_path_problem(address, here, own)) for _, _, address in written
              if not address.startswith(("{", "|"))]
    for address, problem in found:
        if problem is not None:
            literal = address.removeprefix("refresh:")
            scheme = literal.split(":", 1)[0] + ":" if ":" in literal else ""
            log.add(page.source_path, _line_of(page, literal, _placeholder_rest(literal), scheme),
                    f"link '{_short(literal)}': {problem}")


def _placeholder_rest(address: str) -> str:
    return address.split("}", 1)[-1] if address.startswith("{") else ""


def _own_path_problem(address: str, here: str, own: set[str]) -> str | None:
    """A relative link written by hand must lead to a page of the site."""
    parts = urlsplit(address.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        return "an address starting with / breaks when the site is not at a domain's root; link the page " \
               "as {filename}name.md"
    target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
    target = target.removesuffix("index.html")
    target = target.rstrip("/")
    if target.startswith("..") or (target not in own and not os.path.splitext(target)[1]) or target.endswith(".md"):
        return "finds no page; link an existing page as {filename}name.md (a file in content/pages/)"
    return None


def _linked(page: Any, context: dict[str, Any], what: str, value: str) -> Any:
    """The content a {filename}/{static} link points to, found as Pelican looks it up."""
    key = "generated_content" if what == "filename" else "static_content"
    path = urlsplit(value).path
    for candidate in (path, unquote(path)):
        if candidate.startswith("/"):
            found = context.get(key, {}).get(candidate[1:])
        else:
            found = context.get(key, {}).get(page.get_relative_source_path(os.path.join(page.relative_dir, candidate)))
        if found is not None and Path(getattr(found, "source_path", "") or "").is_file():
            return found
    if what == "filename":
        return _linked(page, context, "static", value) if key != "static_content" else None
    return None


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
