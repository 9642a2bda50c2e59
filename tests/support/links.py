"""Check that every internal link, fragment and asset of a built site resolves."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .site import parse

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
                   "iframe": "src", "form": "action", "use": "href"}


def page_url(output: Path, html_file: Path, base: str) -> str:
    relative = html_file.relative_to(output).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return base.rstrip("/") + "/" + relative


def target_file(output: Path, url: str, base: str) -> Path | None:
    """The file a URL under ``base`` points to, or None when it points elsewhere."""
    if not url.startswith(base.rstrip("/") + "/"):
        return None
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path.rstrip("/")):]
    candidate = output / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


@lru_cache(maxsize=None)
def ids_in(html_file: Path) -> frozenset[str]:
    soup = parse(html_file)
    return frozenset(el["id"] for el in soup.find_all(id=True)) | frozenset(
        el["name"] for el in soup.find_all("a", attrs={"name": True}))


def internal_references(output: Path, base: str) -> list[tuple[Path, str, str]]:
    """(page, raw reference, absolute URL) for every link and asset pointing inside the site."""
    found = []
    for html_file in sorted(output.rglob("*.html")):
        here = page_url(output, html_file, base)
        soup = parse(html_file)
        for tag, attribute in LINK_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                raw = element.get(attribute) or element.get("xlink:href")
                if not raw or raw.startswith(("mailto:", "tel:", "data:")):
                    continue
                absolute = urljoin(here, raw)
                # Same host counts as internal even outside the base path: a root-relative
                # link that escapes a GitHub Pages project path must show up as broken.
                if urlsplit(absolute).netloc == urlsplit(base).netloc:
                    found.append((html_file, raw, absolute))
    return found


def broken_references(output: Path, base: str) -> list[str]:
    problems = []
    for html_file, raw, absolute in internal_references(output, base):
        target = target_file(output, absolute if absolute != base.rstrip("/") else absolute + "/", base)
        where = html_file.relative_to(output)
        if target is None or not target.is_file():
            problems.append(f"{where}: {raw!r} -> missing {target}")
            continue
        fragment = urlsplit(absolute).fragment
        if fragment and target.suffix == ".html" and unquote(fragment) not in ids_in(target):
            problems.append(f"{where}: {raw!r} -> no id {fragment!r} in {target.relative_to(output)}")
    return problems
