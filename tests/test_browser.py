"""Pages as a reader sees them: real headless Chromium, phone and desktop widths, both schemes."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.invariants import content_pages
from support.site import SITE_PROJECT

IN_MENU = sum(1 for page in content_pages(SITE_PROJECT) if page.metadata.get("nav_order"))
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}
PAGES = {"home": "", "change-4": "change-4/", "change-6": "change-6/", "about": "about/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_heading_and_navigation_visible(browser, served_site: str, artifacts: Path,
                                        name: str, width: str, scheme: str) -> None:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
    page = context.new_page()
    failed_requests: list[str] = []
    page.on("requestfailed", lambda request: failed_requests.append(request.url))
    page.goto(served_site + PAGES[name])
    heading = page.locator("main h1")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None and box["y"] < h, "the main heading should be in the first screen"
    menu = page.locator("header .site-menu > summary")
    if menu.is_visible():  # phones: the navigation is one tap away, behind the Menu button
        menu.click()
    nav_links = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert nav_links.count() == IN_MENU  # every page with a nav_order
    for index in range(nav_links.count()):
        assert nav_links.nth(index).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= w, "no horizontal scrolling"
    assert failed_requests == []
    page.screenshot(path=str(artifacts / f"{name}-{w}-{scheme}.png"), full_page=True)
    context.close()


def test_dark_scheme_changes_colours(browser, served_site: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(served_site)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]


def test_skip_link_moves_focus_to_main(browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + "change-4/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()
