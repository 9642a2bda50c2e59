"""Security gates on the built site: escaping of hostile input, the Content-Security-Policy,
external links that cannot reach back, and no mixed content."""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from support.site import PROJECT, ROOT_BASE, BuildResult, copy_project, parse

# The policy base.html carries (theme/templates/partials/csp.html), directive by directive.
EXPECTED_CSP = {
    "default-src": ["'none'"], "script-src": ["'self'", "'wasm-unsafe-eval'"], "style-src": ["'self'"],
    "img-src": ["'self'"], "font-src": ["'self'"], "connect-src": ["'self'"], "worker-src": ["'self'"],
    "manifest-src": ["'self'"], "media-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'none'"],
    "form-action": ["'self'"],
}
CORPUS = PROJECT / "tests" / "bad-inputs"


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bad_inputs_corpus", CORPUS / "test_bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _corpus_module()


def csp_of(soup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    assert meta is not None, "no Content-Security-Policy meta tag"
    policy = {}
    for directive in meta["content"].split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


# --- Content-Security-Policy --------------------------------------------------------------------

def test_every_page_carries_the_policy_first(built_site: BuildResult) -> None:
    for html_file in built_site.html_files():
        soup = parse(html_file)
        head = [el for el in soup.head.find_all(True, recursive=False)]
        assert head[0].name == "meta" and head[0].get("charset"), html_file
        assert head[1].name == "meta" and head[1].get("http-equiv") == "Content-Security-Policy", (
            f"{html_file}: the policy must come right after the charset, before anything that loads")
        assert csp_of(soup) == EXPECTED_CSP, html_file


def test_policy_allows_nothing_inline_and_no_other_host() -> None:
    values = [v for vs in EXPECTED_CSP.values() for v in vs]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:", "http:", "https:"} & set(values)
    assert all(v.startswith("'") for v in values), "only keywords ('self', 'none'...), never a host"


def test_pages_need_nothing_the_policy_forbids(built_site: BuildResult) -> None:
    """No inline script or style, no event handler: what the policy would block is not there."""
    problems = []
    for html_file in built_site.html_files():
        for problem in corpus.injected_elements(html_file):
            problems.append(f"{html_file.relative_to(built_site.output)}: {problem}")
    assert problems == []


def test_pages_run_under_the_policy_without_violations(browser, built_site: BuildResult, served_site: str) -> None:
    """Every page in Chromium with the meta policy enforced: no violation, no failed request;
    and the search page's Pagefind (scripts, WebAssembly, worker) still finds results."""
    context = browser.new_context(service_workers="block")
    context.add_init_script("""window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));""")
    page = context.new_page()
    failed: list[str] = []
    # ERR_ABORTED: a request (the favicon) still running when the test moved to the next page.
    page.on("requestfailed", lambda request: None if "ERR_ABORTED" in (request.failure or "")
            else failed.append(f"{request.url}: {request.failure}"))
    problems = []
    try:
        for html_file in built_site.html_files():
            path = html_file.relative_to(built_site.output).as_posix().removesuffix("index.html")
            page.goto(served_site + path, wait_until="load")
            if path == "search/":
                page.locator("#search input").fill("lander")
                page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
            violations = page.evaluate("window.__violations")
            if violations:
                problems.append(f"/{path}: {violations}")
    finally:
        context.close()
    assert problems == [] and failed == [], "\n".join(problems + failed)


# --- escaping: whole-site builds with hostile metadata and source text ----------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site plus every injection case of the bad-inputs corpus at once, built for real."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    for case in corpus.ESCAPE_CASES:
        corpus.drop_files(case, project)
    output = project / "output"
    proc = subprocess.run([sys.executable, str(project / "tools" / "build.py"), "--output", str(output)],
                          cwd=project, capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert proc.returncode == 0, f"the hostile site did not build:\n{proc.stderr}"
    return output


def test_hostile_input_is_escaped_on_every_page(hostile_site: Path) -> None:
    """Hostile page metadata, source metadata and source text reach many pages (navigation,
    the sources index, references, JSON-LD, meta tags); none of them gains an element."""
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 5
    problems = [f"{p.relative_to(hostile_site)}: {problem}" for p in pages for problem in corpus.injected_elements(p)]
    assert problems == []
    for case in corpus.ESCAPE_CASES:
        for page, texts in corpus.escaped_expectations(case).items():
            shown = corpus.shown_texts(hostile_site / page)
            for text in texts:
                assert text in shown, f"{page}: {text!r} not shown as text"


def test_hostile_json_ld_stays_data(hostile_site: Path) -> None:
    import json

    soup = parse(hostile_site / "zz-metadata-injection" / "index.html")
    blocks = soup.find_all("script", type="application/ld+json")
    assert blocks
    for block in blocks:
        raw = block.string or ""
        assert "</" not in raw and "<!--" not in raw
        data = json.loads(raw)
        assert data["headline"] == "</title><script>alert(6)</script>"


# --- external links ------------------------------------------------------------------------------

def external_links(site: BuildResult, base: str) -> list[tuple[str, object]]:
    own = urlsplit(base).hostname
    found = []
    for html_file in site.html_files():
        soup = parse(html_file)
        page_url = urljoin(base.rstrip("/") + "/", html_file.relative_to(site.output).as_posix())
        for link in soup.find_all("a", href=True):
            target = urlsplit(urljoin(page_url, link["href"]))
            if target.scheme in ("http", "https") and target.hostname != own:
                found.append((f"{html_file.relative_to(site.output)}: {link['href']}", link))
    return found


def test_external_links_cannot_reach_back(built_site: BuildResult) -> None:
    links = external_links(built_site, ROOT_BASE)
    assert links, "expected some links to other sites (sources' originals)"
    bad = [where for where, link in links if not {"noopener", "noreferrer"} <= set(link.get("rel") or [])]
    assert bad == [], "external links without rel=\"noopener noreferrer\":\n" + "\n".join(bad)


def test_markdown_links_to_other_hosts_get_rel() -> None:
    from farside.mdparser import make_parser

    html = make_parser(own_hosts=["example.github.io"]).render(
        "[a](https://other.org/x) [b](http://other.org) [c](//other.org/y) [d](/local/) [e](#top) "
        "[f](https://example.github.io/farside/) [g](mailto:x@example.org)")
    soup = parse_fragment(html)
    rels = {a.get_text(): a.get("rel") for a in soup.find_all("a")}
    for name in "abc":
        assert rels[name] == ["noopener", "noreferrer"], name
    for name in "defg":
        assert rels[name] is None, name


def parse_fragment(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html5lib")


# --- mixed content -------------------------------------------------------------------------------

SUBRESOURCE_ATTRS = {"script": "src", "img": "src", "source": "src", "iframe": "src", "audio": "src",
                     "video": "src", "track": "src", "embed": "src", "object": "data", "image": "href", "use": "href"}
CSS_URL = re.compile(r"url\(\s*['\"]?\s*http:", re.I)


def insecure_subresources(site: BuildResult) -> list[str]:
    problems = []
    for html_file in site.html_files():
        soup = parse(html_file)
        where = html_file.relative_to(site.output)
        for tag, attr in SUBRESOURCE_ATTRS.items():
            for element in soup.find_all(tag):
                for name in (attr, "xlink:href", "srcset"):
                    if str(element.get(name, "")).strip().lower().startswith("http:"):
                        problems.append(f"{where}: <{tag} {name}={element.get(name)}>")
        for link in soup.find_all("link", href=True):
            rels = set(link.get("rel") or [])
            if rels - {"canonical", "alternate"} and link["href"].lower().startswith("http:"):
                problems.append(f"{where}: <link rel={sorted(rels)} href={link['href']}>")
        if CSS_URL.search(html_file.read_text(encoding="utf-8")):
            problems.append(f"{where}: url(http:...)")
    for asset in [*site.output.rglob("*.css"), *site.output.rglob("*.svg")]:
        text = asset.read_text(encoding="utf-8", errors="replace")
        if CSS_URL.search(text) or re.search(r"""(?:xlink:)?href=["']http:""", text):
            problems.append(f"{asset.relative_to(site.output)}: loads something over http:")
    return problems


def test_no_mixed_content(built_site: BuildResult, built_site_subpath: BuildResult) -> None:
    assert insecure_subresources(built_site) == []
    assert insecure_subresources(built_site_subpath) == []
    soup = parse(built_site_subpath.output / "index.html")
    canonical = soup.find("link", rel="canonical")
    assert canonical is None or canonical["href"].startswith("https://")


def test_mixed_content_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<!doctype html><title>x</title><link rel="stylesheet" href="http://x.org/a.css">'
                                         '<img src="http://x.org/a.png" alt="">')
    found = insecure_subresources(BuildResult(0, "", "", tmp_path))
    assert len(found) == 2, found
