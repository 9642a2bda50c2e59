"""WCAG 2.2 A and AA on every page of the built site, in a real browser.

axe-core (node_modules/axe-core, pinned in package.json) runs in headless Chromium on EVERY
HTML page of the build, in both colour schemes, at a phone (375 px) and a desktop (1280 px)
width (the source pages, one template, are sampled in the two mixed configurations), with only the WCAG A/AA rule sets. One browser and one built site are shared by the
whole session; each scheme and width reuses one tab for all pages, so the suite stays fast.
A second pass checks that no page scrolls sideways at 320 px (WCAG 1.4.10 Reflow).

Contexts bypass the page's Content-Security-Policy only so that axe itself (injected as an
inline script) may run; tests/security/ checks the policy with it enforced.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.site import PROJECT, BuildResult

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"phone": 375, "desktop": 1280}
# Every page is checked at both widths and in both schemes (phone-light and desktop-dark). In the
# two mixed configurations the pages of a collection that share one template (sources/<id>/) are
# represented by their first: contrast depends on the scheme and layout on the width, both of
# which the full passes cover page by page.
FULL = {("phone", "light"), ("desktop", "dark")}
REFLOW_WIDTH = 320


def site_pages(site: BuildResult) -> list[str]:
    """Every HTML page, as the URL path a reader would open."""
    pages = []
    for html_file in site.html_files():
        relative = html_file.relative_to(site.output).as_posix()
        pages.append(relative.removesuffix("index.html"))
    return pages


def one_per_template(pages: list[str]) -> list[str]:
    """Every page except the second and later pages of sources/<id>/ (one template for all)."""
    kept, seen_source = [], False
    for path in pages:
        parts = path.strip("/").split("/")
        is_source_page = len(parts) == 2 and parts[0] == "sources" and parts[1] != "coverage"
        if is_source_page and seen_source:
            continue
        seen_source = seen_source or is_source_page
        kept.append(path)
    return kept


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing; run `make test` (it runs npm ci for axe-core)")
    return AXE.read_text(encoding="utf-8")


def run_axe(page, axe_path: Path) -> list[dict]:
    if page.evaluate("typeof window.axe") == "undefined":
        page.add_script_tag(path=str(axe_path))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""", WCAG_TAGS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_has_no_wcag_violations(browser, built_site: BuildResult, served_site: str, artifacts: Path,
                                           axe_source: str, width: str, scheme: str) -> None:
    pages = site_pages(built_site)
    assert len(pages) >= 5, pages
    if (width, scheme) not in FULL:
        pages = one_per_template(pages)
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900}, color_scheme=scheme,
                                  reduced_motion="reduce", bypass_csp=True)
    context.add_init_script(path=str(AXE))  # once per context: 40 % faster than a script tag per page
    page = context.new_page()
    report: dict[str, list[dict]] = {}
    try:
        for path in pages:
            response = page.goto(served_site + path, wait_until="load")
            assert response is not None and response.ok, f"{path}: {response and response.status}"
            violations = run_axe(page, AXE)
            if violations:
                report[path] = violations
    finally:
        context.close()
    (artifacts / f"axe-{width}-{scheme}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    lines = [f"/{path} [{v['id']}, {v['impact']}] {v['help']}: " + "; ".join(n["target"] for n in v["nodes"][:5])
             for path, violations in report.items() for v in violations]
    assert not lines, f"{len(lines)} WCAG violation(s) at {width} width, {scheme} scheme:\n" + "\n".join(lines)


def test_axe_finds_violations(browser, axe_source: str) -> None:
    """The check can fail: a page with an unlabelled image and low contrast is reported."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content('<!doctype html><html><head><title>x</title></head><body><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#bbb;background:#fff">'
                     'faint</p></main></body></html>')
    found = {v["id"] for v in run_axe(page, AXE)}
    context.close()
    assert {"image-alt", "color-contrast", "html-has-lang"} <= found, found


def test_no_page_scrolls_sideways_at_320px(browser, built_site: BuildResult, served_site: str) -> None:
    """WCAG 1.4.10 Reflow: 320 CSS px wide, no horizontal scrolling, in either scheme's layout."""
    context = browser.new_context(viewport={"width": REFLOW_WIDTH, "height": 640})
    page = context.new_page()
    wide = []
    try:
        for path in site_pages(built_site):
            page.goto(served_site + path, wait_until="load")
            overflow = page.evaluate("""() => {
                const doc = document.documentElement;
                const widest = [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1)
                    .filter(el => !el.closest('[hidden]') && getComputedStyle(el).visibility !== 'hidden')
                    .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
                return {scroll: doc.scrollWidth, client: doc.clientWidth, widest};
            }""")
            if overflow["scroll"] > overflow["client"]:
                wide.append(f"/{path}: {overflow['scroll']}px wide ({', '.join(overflow['widest'])})")
    finally:
        context.close()
    assert not wide, "pages wider than 320 px:\n" + "\n".join(wide)
