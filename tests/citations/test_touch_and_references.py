"""Citations on a phone, in Chromium with a touch context (Playwright has_touch, is_mobile, 375 px),
and References that stay compact: the invariants of issue #14 items 1-2 on the built site."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from support.site import BuildResult

PHONE = {"viewport": {"width": 375, "height": 740}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2, "reduced_motion": "reduce"}
MAX_COLLAPSED_SHARE = 0.25


def mission_pages(built_site: BuildResult) -> list[str]:
    """Pages with a key-facts box (a mission page), as URLs relative to the site root."""
    found = []
    for path in sorted(built_site.output.rglob("index.html")):
        if BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(".key-facts"):
            found.append(str(path.parent.relative_to(built_site.output)) + "/")
    assert found, "no mission page (a page with a key-facts box) was built"
    return found


def within_viewport(page, selector: str) -> bool:
    return page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }""", selector)


def test_references_are_compact_and_cite_this_page_collapsed(built_site: BuildResult) -> None:
    for url in mission_pages(built_site):
        soup = BeautifulSoup((built_site.output / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        references = soup.select(".reference")
        assert references, f"{url}: no References"
        for reference in references:
            details = reference.find("details")
            assert details is not None and not details.has_attr("open"), f"{url}: a reference is not collapsed"
            assert details.find("summary").select_one(".reference-source"), f"{url}: summary without its source"
        cite = soup.select_one(".cite-this-page details")
        assert cite is not None and not cite.has_attr("open"), f"{url}: 'Cite this page' is not collapsed"


def test_every_quoted_passage_links_to_the_words_at_its_source(built_site: BuildResult) -> None:
    for path in built_site.output.rglob("index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for reference in soup.select(".reference"):
            original = reference.select_one(".source-original")
            if original is None:
                assert reference.select_one(".source-no-url").get_text(strip=True), f"{path}: no reason for no URL"
                continue
            for passage in reference.select(".reference-passage"):
                link = passage.select_one(".quote-at-source")
                assert link is not None, f"{path}: passage {passage['id']} has no link to its source"
                assert link["href"].startswith(original["href"].split("#")[0] + "#:~:text=")
                assert " " not in link["href"] and "," not in link["href"].split("text=", 1)[1].replace(",", "", 1)


def test_references_take_under_a_quarter_of_a_phone_page(browser, served_site: str,
                                                          built_site: BuildResult) -> None:
    context = browser.new_context(**PHONE)
    try:
        for url in mission_pages(built_site):
            page = context.new_page()
            page.goto(served_site + url)
            share = page.evaluate("""() => document.querySelector('.references').getBoundingClientRect().height
                                   / document.documentElement.scrollHeight""")
            assert share < MAX_COLLAPSED_SHARE, f"{url}: References take {share:.0%} of the page at 375 px"
            page.close()
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 768])
@pytest.mark.parametrize("where", ["top", "bottom"])
def test_tap_opens_a_preview_that_stays_on_screen_and_closes(browser, served_site: str, built_site: BuildResult,
                                                             where: str, width: int) -> None:
    context = browser.new_context(**{**PHONE, "viewport": {"width": width, "height": 740}})
    page = context.new_page()
    try:
        url = served_site + mission_pages(built_site)[0]
        page.goto(url)
        marks = page.locator("main .cite")
        assert marks.count() > 0
        index = marks.count() // 2
        mark = marks.nth(index)
        mark.scroll_into_view_if_needed()
        if where == "bottom":  # put the mark near the bottom of the screen: the preview must not fall off
            page.evaluate("""(i) => { const m = document.querySelectorAll('main .cite')[i];
                window.scrollBy(0, m.getBoundingClientRect().top - innerHeight + 40); }""", index)
            assert mark.bounding_box()["y"] > 600
        scroll_before = page.evaluate("scrollY")
        mark.tap()
        preview = page.locator("#cite-preview")
        assert preview.is_visible(), "a tap on a citation number did not open the preview"
        assert page.evaluate("scrollY") == scroll_before, "the tap jumped away from the text"
        assert within_viewport(page, "#cite-preview"), "the preview leaves the viewport"
        if where == "bottom" and width > 480:  # no room below: it flips above the mark
            assert preview.bounding_box()["y"] + preview.bounding_box()["height"] <= mark.bounding_box()["y"] + 1
        text = preview.inner_text()
        assert page.locator(".cite-preview-source").inner_text().strip(), "no source in the preview"
        assert preview.locator("q").count() >= 1 and preview.locator("q").first.inner_text().strip()
        more = preview.locator("a.cite-preview-more")
        assert more.get_attribute("href") == mark.get_attribute("href"), text

        # A tap outside (on the page's heading, not a link) closes it.
        page.locator("main h1").first.tap()
        assert not preview.is_visible(), "a tap outside did not close the preview"

        # Escape closes it.
        mark.tap()
        assert preview.is_visible()
        page.keyboard.press("Escape")
        assert not preview.is_visible(), "Escape did not close the preview"

        # Back closes it and stays on the page.
        mark.tap()
        assert preview.is_visible()
        page.go_back()
        page.wait_for_timeout(100)
        assert not preview.is_visible(), "the back button did not close the preview"
        assert page.url.split("#")[0] == url

        # The link to the full reference opens the (collapsed) reference at the passage.
        mark.tap()
        preview.locator("a.cite-preview-more").tap()
        passage = page.locator(mark.get_attribute("href"))
        assert passage.is_visible(), "the full reference did not open at the passage"
    finally:
        context.close()


def test_narrow_screens_get_a_bottom_sheet(browser, served_site: str, built_site: BuildResult) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(served_site + mission_pages(built_site)[0])
        page.locator("main .cite").first.tap()
        box = page.locator("#cite-preview").bounding_box()
        assert box is not None
        assert abs(box["y"] + box["height"] - 740) <= 1 and box["width"] >= 374, box
    finally:
        context.close()


def test_hover_still_opens_on_desktop(browser, served_site: str, built_site: BuildResult) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(served_site + mission_pages(built_site)[0])
        mark = page.locator("main .cite").first
        mark.hover()
        preview = page.locator("#cite-preview")
        assert preview.is_visible() and preview.get_attribute("role") == "tooltip"
        assert within_viewport(page, "#cite-preview")
    finally:
        context.close()


def test_error_passages_link_to_their_note(built_site: BuildResult) -> None:
    """Wherever a passage a note calls wrong appears, it says so and links to that note."""
    anchors: dict[str, set[str]] = {}
    labels = []
    for path in built_site.output.rglob("index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        page = str(path.parent.relative_to(built_site.output))
        anchors[page] = {el["id"] for el in soup.select("[id]")}
        labels += [(path, a["href"]) for a in soup.select(".error-passage-label a")]
    for path, href in labels:
        anchor = href.partition("#")[2]
        assert anchor.startswith("note-") and any(anchor in ids for ids in anchors.values()), f"{path}: {href}"
