"""The link gate on the written pages (tools/build.py): every address of every written page."""
from __future__ import annotations

from pathlib import Path

from farside.links import url_attributes, url_problem, written_page_problems
from support.site import PROJECT, load_build_tool

PAGES = {
    "a/index.html": b'<a href="javascript:alert(1)">x</a>\r\n<img src="//evil.example/x.png">\r<p>fine</p>',
    "b/index.html": b'<a href="https://example.org/">ok</a><a href="\xff\xfejava\nscript:1">bad bytes</a>',
    "c.html": '\ufeff<meta http-equiv="refresh" content="0;url=https://x.org"><a href="vbscript:x">é</a>'.encode(),
    "d/index.html": b"<a href='../a/'>own page</a>",
}


def _site(root: Path) -> Path:
    for name, data in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_bytes_decoded_as_read_text(tmp_path: Path) -> None:
    for name in PAGES:
        page = _site(tmp_path) / name
        text = page.read_text(encoding="utf-8", errors="replace")
        expected = [(t, a, u, url_problem(u)) for t, a, u in url_attributes(text) if url_problem(u)]
        assert written_page_problems(page.read_bytes()) == expected


def test_the_gate_names_each_bad_address_once_with_its_pages(tmp_path: Path) -> None:
    site = _site(tmp_path)
    lines = load_build_tool("farside_build_gate")._unsafe_links(site, PROJECT)
    assert len(lines) == 4, lines
    assert any("javascript:alert(1)" in line and "'a/index.html'" in line for line in lines)
    assert not any("../a/" in line or "https://example.org/" in line for line in lines), "allowed addresses pass"
