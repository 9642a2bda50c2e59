"""The published build, served under a GitHub Pages project path: every link and asset of
every page answers, a missing address gets the 404 page, and that page's assets load."""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from conftest import ServedSite

ATTRIBUTES = {"href", "src", "srcset", "action", "content", "xlink:href", "poster", "data"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
LINKING_META = {"og:url", "og:image", "twitter:image"}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if value is None or name not in ATTRIBUTES:
                continue
            if name == "content" and not (tag == "meta" and values.get("property") in LINKING_META):
                continue
            if name == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.refs.append((tag, name, part.split()[0]))
                continue
            self.refs.append((tag, name, value))


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def references(page_url: str, body: bytes, content_type: str) -> list[tuple[str, str]]:
    """(kind, absolute URL) for each link ('a') or asset (anything else) in a page or stylesheet."""
    found = []
    if content_type == "text/html":
        parser = _Refs()
        parser.feed(body.decode("utf-8"))
        for tag, _attribute, value in parser.refs:
            if value.startswith(("mailto:", "tel:", "data:", "#")):
                continue
            found.append(("link" if tag == "a" else "asset", urljoin(page_url, value)))
    elif content_type == "text/css":
        for value in CSS_URL.findall(body.decode("utf-8")):
            if not value.startswith("data:"):
                found.append(("asset", urljoin(page_url, value)))
    return found


def crawl(site: ServedSite) -> tuple[dict[str, int], list[str]]:
    """Every page reachable from the home page, the sitemap and the output's HTML files."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.base))
    queue = [site.base + "/"]
    for html_file in site.build.html_files():
        relative = html_file.relative_to(site.build.output).as_posix()
        queue.append(site.base + "/" + re.sub(r"(^|/)index\.html$", r"\1", relative))
    seen: dict[str, int] = {}
    problems: list[str] = []
    while queue:
        url = urldefrag(queue.pop())[0]
        if url in seen:
            continue
        status, content_type, body = fetch(url)
        seen[url] = status
        for kind, target in references(url, body, content_type):
            if not target.startswith(origin):
                if kind == "asset":
                    problems.append(f"{url}: asset from another host: {target}")
                continue
            if not target.startswith(site.base + "/"):
                problems.append(f"{url}: {target} escapes the project path {site.base}/")
            queue.append(target)
    return seen, problems


def test_every_link_and_asset_of_every_page_answers(pages_site: ServedSite) -> None:
    seen, problems = crawl(pages_site)
    broken = [f"{url}: HTTP {status}" for url, status in seen.items() if status != 200]
    assert not problems and not broken, "\n".join(problems + broken)
    pages = [url for url in seen if url.endswith("/")]
    assert len(pages) >= len(pages_site.build.html_files()) - 1  # 404.html has no address of its own
    kinds = {urlsplit(url).path.rsplit(".", 1)[-1] for url in seen}
    assert {"css", "js", "svg"} <= kinds, f"expected stylesheets, scripts and the icon among {sorted(kinds)}"


def test_missing_address_gets_the_404_page_with_working_assets(pages_site: ServedSite) -> None:
    for missing in ("/no/such/page/", "/change-4/typo", "/deep/er/still/x.html"):
        url = pages_site.base + missing
        status, content_type, body = fetch(url)
        assert status == 404 and content_type == "text/html", url
        assert b"Page not found" in body
        assets = [target for kind, target in references(url, body, content_type) if kind == "asset"]
        links = [target for kind, target in references(url, body, content_type) if kind == "link"]
        assert any(a.endswith(".css") for a in assets), assets
        for target in assets + [link for link in links if link.startswith(pages_site.base)]:
            assert fetch(target)[0] == 200, f"404 page at {url}: {target} does not load"


def test_project_root_without_slash_and_nojekyll(pages_site: ServedSite) -> None:
    assert fetch(pages_site.base)[0] == 200  # redirected to base + "/"
    assert (pages_site.build.output / ".nojekyll").is_file()


def test_sitemap_and_robots_point_at_real_pages(pages_site: ServedSite) -> None:
    status, _, body = fetch(pages_site.base + "/robots.txt")
    assert status == 200
    assert f"Sitemap: {pages_site.base}/sitemap.xml" in body.decode()
    status, content_type, body = fetch(pages_site.base + "/sitemap.xml")
    assert status == 200
    locs = re.findall(r"<loc>([^<]+)</loc>", body.decode())
    assert f"{pages_site.base}/" in locs and f"{pages_site.base}/search/" in locs
    for loc in locs:
        assert fetch(loc)[0] == 200, loc
    paths = [loc.removeprefix(pages_site.base) for loc in locs]  # the port may contain 404
    assert not any("404" in path or "not-found" in path for path in paths)
