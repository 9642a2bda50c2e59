"""A mission page used with the keyboard alone: skip link, navigation, a citation mark with
its preview, the reference it leads to, and the back-link to the text."""
from __future__ import annotations

MISSION_PAGE = "change-4/"
MAX_TABS = 400


def active(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className || '',
                href: el.getAttribute('href') || '', text: (el.textContent || '').trim().slice(0, 40),
                outline: getComputedStyle(el).outlineStyle, described: el.getAttribute('aria-describedby')};
    }""")


def tab_until(page, predicate, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = active(page)
        if predicate(now):
            return now
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {what}")


def test_keyboard_walk_through_a_mission_page(browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(served_site + MISSION_PAGE)

        # 1. The first Tab reaches the skip link, which shows itself.
        page.keyboard.press("Tab")
        first = active(page)
        assert "skip-link" in first["cls"] and first["href"] == "#main", first
        assert page.locator(".skip-link").is_visible()
        assert first["outline"] != "none", "the focused skip link has no visible focus indicator"

        # 2. Then the site name and every navigation link, in order, each visibly focused.
        nav = page.get_by_role("navigation", name="Main").get_by_role("link")
        hrefs = [nav.nth(i).get_attribute("href") for i in range(nav.count())]
        assert hrefs, "no navigation links"
        page.keyboard.press("Tab")
        assert "site-name" in active(page)["cls"], active(page)
        for href in hrefs:
            page.keyboard.press("Tab")
            now = active(page)
            assert now["href"] == href, f"expected the navigation link {href}, focus is on {now}"
            assert now["outline"] != "none", f"no visible focus on {href}"

        # 3. The skip link moves focus to the main content.
        page.goto(served_site + MISSION_PAGE)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert active(page)["id"] == "main"

        # 4. Tabbing on reaches a citation mark: its preview opens on focus and describes it.
        mark = tab_until(page, lambda a: "cite" in a["cls"].split(), "a citation mark")
        preview = page.locator("#cite-preview")
        assert preview.get_attribute("role") == "tooltip"
        assert preview.is_visible(), "the preview did not open when the mark got focus"
        assert active(page)["described"] == "cite-preview"
        assert preview.inner_text().strip(), "the preview is empty"
        box = preview.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280

        # 5. Escape closes it, and focus stays on the mark.
        page.keyboard.press("Escape")
        assert not preview.is_visible(), "Escape did not close the preview"
        assert active(page)["id"] == mark["id"]
        assert active(page)["described"] is None

        # 6. Enter follows the mark to its quoted passage in the References.
        page.keyboard.press("Enter")
        target = mark["href"]
        assert page.evaluate("location.hash") == target
        passage = page.locator(target)
        assert passage.is_visible() and passage.evaluate("el => el.matches(':target')")
        assert passage.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")

        # 7. Tabbing on from the passage reaches its back-links (one per mark quoting it, in text
        # order), and among them the one to this very mark, still inside the passage...
        first = tab_until(page, lambda a: "backlink" in a["cls"].split(), "the passage's back-link")
        backlinks = page.locator(f"{target} a.backlink")
        hrefs = [backlinks.nth(i).get_attribute("href") for i in range(backlinks.count())]
        assert f"#{mark['id']}" in hrefs, f"the passage {target} has no back-link to {mark['id']}: {hrefs}"
        assert first["href"] == hrefs[0], f"the first back-link after {target} is not the passage's own"
        for _ in range(hrefs.index(f"#{mark['id']}")):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{mark['id']}"
        assert page.evaluate(f"document.activeElement.closest('{target}') !== null")

        # 8. ...and Enter on it returns to the mark: in view, and next in the focus order.
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == f"#{mark['id']}"
        mark_el = page.locator(f"#{mark['id']}")
        assert mark_el.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= -1 && r.bottom <= innerHeight; }")
        focused = active(page)
        if focused["id"] != mark["id"]:  # browsers move the focus start point, not always focus itself
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")
            assert active(page)["id"] == mark["id"], active(page)
    finally:
        context.close()
