"""Every internal link, fragment and asset resolves, at a domain root and under a subpath."""
from __future__ import annotations

from support.links import broken_references, internal_references
from support.site import ROOT_BASE, SUBPATH_BASE, BuildResult


def test_links_resolve_at_root(built_site: BuildResult) -> None:
    assert len(internal_references(built_site.output, ROOT_BASE)) > 20
    assert broken_references(built_site.output, ROOT_BASE) == []


def test_links_resolve_under_a_project_subpath(built_site_subpath: BuildResult) -> None:
    references = internal_references(built_site_subpath.output, SUBPATH_BASE)
    assert len(references) > 20
    assert broken_references(built_site_subpath.output, SUBPATH_BASE) == []
    # Published links are absolute, so the 404 page works at any depth under the project path.
    for _, raw, _ in references:
        assert raw.startswith((SUBPATH_BASE + "/", "#")), raw


def test_link_checker_catches_a_root_relative_link(built_site: BuildResult, tmp_path) -> None:
    """The checker itself must fail on the mistake it exists to catch."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(built_site.output, copy)
    page = copy / "about" / "index.html"
    page.write_text(page.read_text().replace("</main>", '<a href="/change-4/">x</a><a href="#nope">y</a></main>'))
    problems = broken_references(copy, SUBPATH_BASE.replace("https://example.github.io", "http://site.test"))
    assert any("'/change-4/'" in p for p in problems)
    assert any("'#nope'" in p for p in problems)
