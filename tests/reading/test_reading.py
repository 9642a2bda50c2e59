"""Reading invariants in Chromium at 375 px and 1280 px: a compact header, a search field in
every header, the opening within the first phone screen, tables of contents, figures with
titles, descriptions and labels of at least 12 CSS px, and every page in the search index.
Nothing here names a page, a mission or a heading: it holds for any content."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from farside.diagrams import LandingSite, far_side_map
from farside.mdparser import make_parser
from farside.toc import toc_plugin
from support.site import BuildResult

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
MIN_LABEL_PX = 12.0


def pages(site: BuildResult) -> list[str]:
    return [str(path.relative_to(site.output).parent).replace(".", "") for path in site.html_files()
            if path.name == "index.html"]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def phone(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def test_toc_plugin_collects_section_headings() -> None:
    md = make_parser([toc_plugin])
    env: dict[str, object] = {}
    md.render("# Title\n\n## First part\n\ntext\n\n### Detail\n\n## Second *part*\n", env)
    toc = env["toc"]
    assert [(entry.title, entry.level) for entry in toc] == [("First part", 2), ("Second part", 2)]  # type: ignore[attr-defined]
    assert all(entry.anchor for entry in toc)  # type: ignore[attr-defined]


def test_map_says_why_a_mission_is_missing() -> None:
    near = LandingSite("Near lander", "Somewhere", 10.0, 20.0)
    far = LandingSite("Far lander", "Crater", -45.0, 177.0)
    svg = far_side_map([near, far], not_shown=("Near lander is not on this map: it landed on the near side.",))
    soup = BeautifulSoup(svg, "html.parser")
    assert soup.find("title").get_text() and "Near lander" in soup.find("desc").get_text()
    assert len(soup.select(".fig-site")) == 1 and soup.select(".fig-basin")


def test_every_page_is_indexed_except_search_and_404(built_site: BuildResult) -> None:
    for path in built_site.html_files():
        soup = soup_of(path)
        main = soup.find("main")
        noindex = soup.find("meta", attrs={"name": "robots"}) is not None
        is_search = soup.select_one("#search[data-bundle]") is not None
        assert main.has_attr("data-pagefind-body") != (noindex or is_search), path


def test_every_header_has_a_labelled_search_field_and_the_menu(built_site: BuildResult) -> None:
    for path in built_site.html_files():
        header = soup_of(path).select_one("header.site-header")
        field = header.select_one("form[role=search] input[type=search]")
        assert field is not None and header.select_one(f"label[for={field['id']}]").get_text(strip=True), path
        assert header.select_one("nav[aria-label] a[href]") is not None, path


def test_every_figure_has_title_and_description(built_site: BuildResult) -> None:
    found = 0
    for path in built_site.html_files():
        for svg in soup_of(path).select("figure svg"):
            found += 1
            assert svg.find("title").get_text(strip=True) and svg.find("desc").get_text(strip=True), path
            assert set(svg["aria-labelledby"].split()) == {svg.find("title")["id"], svg.find("desc")["id"]}
    assert found, "no figure on any page"


def test_phone_layout(served_site: str, built_site: BuildResult, phone: object) -> None:
    for path in pages(built_site):
        phone.goto(served_site + path)  # type: ignore[attr-defined]
        header = phone.evaluate("document.querySelector('header.site-header').getBoundingClientRect().height")  # type: ignore[attr-defined]
        assert header <= 80, f"{path}: header is {header:.0f} px tall on a phone (one row expected)"
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
        assert overflow <= 0, f"{path}: sideways scroll of {overflow} px at 375 px"
        # The first paragraph of the page's own text starts within the first screen.
        top = phone.evaluate("""() => { const p = document.querySelector('article.has-key-facts > p:not(.page-updated):not(.lede)') || document.querySelector('article > .lede');
                                return p ? p.getBoundingClientRect().top + window.scrollY : 0 }""")  # type: ignore[attr-defined]
        assert top < PHONE["height"], f"{path}: opening paragraph at {top:.0f} px"
        facts = phone.evaluate("""() => { const k = document.querySelector('article > .key-facts');
            if (!k) return null; const first = [...document.querySelectorAll('article > p:not(.page-updated):not(.lede)')][0];
            return [first.getBoundingClientRect().bottom, k.getBoundingClientRect().top] }""")  # type: ignore[attr-defined]
        if facts:
            assert facts[0] <= facts[1], f"{path}: key facts come before the opening paragraph on a phone"


def test_phone_menu_opens_without_javascript(browser: object, served_site: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(served_site)
    assert not page.locator("header nav a").first.is_visible()
    page.locator("header summary").click()
    assert page.locator("header nav a").first.is_visible()
    assert page.locator("header input[type=search]").is_visible()
    context.close()


def test_figure_labels_are_at_least_12px_on_a_phone(served_site: str, built_site: BuildResult, phone: object) -> None:
    checked = 0
    for path in pages(built_site):
        phone.goto(served_site + path)  # type: ignore[attr-defined]
        sizes = phone.evaluate("""() => [...document.querySelectorAll('figure svg text')].map(t => {
            const svg = t.closest('svg'); const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const box = t.getBoundingClientRect(), frame = svg.getBoundingClientRect();
            return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale,
                    box.left >= frame.left - 1 && box.right <= frame.right + 1 && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1]})""")  # type: ignore[attr-defined]
        for label, size, inside in sizes:
            assert size >= MIN_LABEL_PX, f"{path}: figure label {label!r} is {size:.1f} px at 375 px"
            assert inside, f"{path}: figure label {label!r} is clipped"
            checked += 1
    assert checked, "no figure labels found"


def test_wide_layout_toc_and_key_facts_in_the_margins(served_site: str, built_site: BuildResult, desktop: object) -> None:
    tocs = 0
    for path in pages(built_site):
        desktop.goto(served_site + path)  # type: ignore[attr-defined]
        boxes = desktop.evaluate("""() => { const box = s => { const e = document.querySelector(s); if (!e) return null;
             const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom] };
             return {text: box('article > h1'), toc: box('.toc ol'), facts: box('article > .key-facts'),
                     header: box('header.site-header')} }""")  # type: ignore[attr-defined]
        assert boxes["header"][3] - boxes["header"][2] <= 120, path
        if boxes["toc"]:
            tocs += 1
            assert boxes["toc"][1] <= boxes["text"][0], f"{path}: the table of contents is not in the left margin"
        if boxes["facts"]:
            assert boxes["facts"][0] >= boxes["text"][0] + 600, f"{path}: key facts not beside the text"
            assert boxes["facts"][1] <= DESKTOP["width"], path
    assert tocs, "no long page has a table of contents"


def _luminance(rgb: str) -> float:
    """Relative luminance of a CSS rgb()/rgba() colour string."""
    parts = [float(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].replace(",", " ").split()[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_is_dark_on_light_from_either_scheme(browser: object, served_site: str, built_site: BuildResult,
                                                    scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    page.emulate_media(media="print", color_scheme=scheme)
    for path in pages(built_site):
        page.goto(served_site + path)
        colours = page.evaluate("""() => ({body: getComputedStyle(document.body).color,
            background: getComputedStyle(document.body).backgroundColor,
            labels: [...document.querySelectorAll('figure svg text')].map(t => getComputedStyle(t).fill),
            hidden: ['header nav', 'header form', '.toc'].every(s => !document.querySelector(s) || !document.querySelector(s).checkVisibility())})""")
        assert _luminance(colours["body"]) < 0.1 and _luminance(colours["background"]) > 0.9, path
        pale_labels = [fill for fill in colours["labels"] if _luminance(fill) > 0.45]
        assert not pale_labels, f"{path}: pale figure labels in print ({scheme} scheme): {pale_labels[:3]}"
        assert colours["hidden"], f"{path}: navigation or search printed"
    context.close()
