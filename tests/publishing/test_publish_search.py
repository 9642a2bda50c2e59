"""Pagefind search in headless Chromium, on the published build under its project path,
with a strict Content-Security-Policy and no network beyond 127.0.0.1."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ServedSite
from support.site import parse

# What the search page needs: its own scripts, WebAssembly, fetches and a worker from 'self'.
CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def indexed_text(html_file: Path) -> str:
    """What Pagefind indexes: the data-pagefind-body element minus ignored parts."""
    main = parse(html_file).find(attrs={"data-pagefind-body": True})
    if main is None:
        return ""
    for element in main.select("[data-pagefind-ignore], sup.cites, .references"):
        element.decompose()
    return main.get_text(" ")


def expected_pages(site: ServedSite, word: str) -> set[str]:
    found = set()
    for html_file in site.build.html_files():
        if re.search(word, indexed_text(html_file), re.IGNORECASE):
            relative = html_file.relative_to(site.build.output).as_posix()
            found.add(urlsplit(site.base).path + "/" + relative.removesuffix("index.html"))
    return found


def open_search(browser, site_base: str, scheme: str = "light", width: int = 1280, csp: str | None = None):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  service_workers="block")
    page = context.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))

    def only_local(route) -> None:
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            outside.append(route.request.url)
            route.abort()
        elif csp:  # the policy as a real HTTP header on every response
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": csp})
        else:
            route.continue_()

    page.route("**/*", only_local)
    page.goto(site_base + "/search/")
    return context, page, problems, outside


def test_typing_queqiao_finds_the_pages_that_mention_it(browser, pages_site: ServedSite) -> None:
    expected = expected_pages(pages_site, r"\bQueqiao")
    assert urlsplit(pages_site.base).path + "/change-4/" in expected, expected
    context, page, problems, outside = open_search(browser, pages_site.base)
    try:
        page.locator(".pagefind-ui__search-input").fill("Queqiao")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        page.wait_for_function("document.querySelector('.pagefind-ui__message') && "
                               "/results? for/.test(document.querySelector('.pagefind-ui__message').textContent)")
        message = page.locator(".pagefind-ui__message").inner_text()
        shown = {urlsplit(href).path for href in page.eval_on_selector_all(
            ".pagefind-ui__result-title .pagefind-ui__result-link", "els => els.map(e => e.href)")}
        assert message.startswith(f"{len(expected)} result"), (message, expected)
        assert shown <= expected and len(shown) == min(len(expected), 5), (shown, expected)
        # The same search through Pagefind's API returns exactly the pages whose text has the word.
        every = page.evaluate("""async (bundle) => {
            const pagefind = await import(bundle + 'pagefind.js');
            const search = await pagefind.search('Queqiao');
            return Promise.all(search.results.map(r => r.data().then(d => d.url)));
        }""", pages_site.base + "/pagefind/")
        assert {urlsplit(u).path for u in every} == expected
        excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
        assert "Cite this page" not in excerpt and "BibTeX" not in excerpt
    finally:
        context.close()
    assert not problems and not outside, problems + outside


def test_search_runs_under_a_strict_csp_without_network(browser, pages_site: ServedSite) -> None:
    context, page, problems, outside = open_search(browser, pages_site.base, csp=CSP)
    try:
        assert "wasm-unsafe-eval" in page.evaluate("() => fetch(location.href).then(r => r.headers.get('content-security-policy'))")
        page.locator(".pagefind-ui__search-input").fill("Yutu-2")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert page.locator("#search-fallback").is_hidden()
    finally:
        context.close()
    assert not problems and not outside, problems + outside  # a CSP violation is a console error


def test_search_page_screenshots(browser, pages_site: ServedSite, artifacts: Path) -> None:
    for scheme in ("light", "dark"):
        for width in (375, 1280):
            context, page, problems, outside = open_search(browser, pages_site.base, scheme, width)
            try:
                page.locator(".pagefind-ui__search-input").fill("Queqiao")
                page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
                page.wait_for_timeout(300)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{width}px {scheme}: page scrolls sideways by {overflow}px"
                input_colours = page.eval_on_selector(".pagefind-ui__search-input",
                                                      "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
                assert input_colours[0] != input_colours[1]
                page.screenshot(path=str(artifacts / f"search-{width}-{scheme}.png"))
            finally:
                context.close()
            assert not problems and not outside, problems + outside
