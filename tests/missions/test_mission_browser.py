"""The comparison page in real Chromium: no sideways scrolling at 320 px, mission names stay in
view while scrolling, marks show previews; screenshots for a human at 375 and 1280 px, both schemes."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_comparison_fits_and_keeps_mission_names_in_view(browser, missions_served: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(missions_served + "comparison/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no horizontal scrolling"
    cut = page.evaluate("""() => [...document.querySelectorAll('.comparison-table th, .comparison-table td')]
        .filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1).length""")
    assert cut == 0, "no cell's content is cut off"
    for cell in page.locator(".comparison-table td").all()[:80]:
        box = cell.bounding_box()
        if box:
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    page.locator("#row-return-site").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 100)")
    for name in ("Chang'e-4", "Chang'e-6"):
        heading = page.get_by_role("columnheader", name=name)
        box = heading.bounding_box()
        assert box is not None and 0 <= box["y"] <= 5, f"{name} stays at the top while scrolling ({box})"
    context.close()


def test_mark_in_a_cell_previews_its_quote(browser, missions_served: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(missions_served + "comparison/")
    mark = page.locator("#row-samples td[data-mission=\"Chang'e-6\"] a.cite").first
    mark.focus()
    preview = page.locator("#cite-preview")
    preview.wait_for(state="visible")
    assert "1,935.3" in preview.inner_text()
    mark.press("Enter")
    target = page.evaluate("location.hash")
    assert page.locator(target).inner_text().startswith("“") or "1,935.3" in page.locator(target).inner_text()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(browser, missions_served: str, artifacts: Path, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    for slug in ("comparison", "timeline", "change-6"):
        page.goto(missions_served + f"{slug}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"missions-{slug}-{width}-{scheme}.png"), full_page=True)
    page.goto(missions_served + "comparison/")
    page.locator("#row-landing").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"missions-comparison-{width}-{scheme}-scrolled.png"))
    context.close()
