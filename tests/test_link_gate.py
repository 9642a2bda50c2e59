"""The link gate on the written pages (tools/build.py): a worker's head start changes no answer."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from farside.links import url_attributes, url_problem, written_page_problems
from support.site import PROJECT

PAGES = {
    "a/index.html": b'<a href="javascript:alert(1)">x</a>\r\n<img src="//evil.example/x.png">\r<p>fine</p>',
    "b/index.html": b'<a href="https://example.org/">ok</a><a href="\xff\xfejava\nscript:1">bad bytes</a>',
    "c.html": '\ufeff<meta http-equiv="refresh" content="0;url=https://x.org"><a href="vbscript:x">é</a>'.encode(),
    "d/index.html": b"<a href='../a/'>own page</a>",
}


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("farside_build_gate", PROJECT / "tools" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_early_answers_are_the_gate_answers_and_stale_ones_are_dropped(tmp_path: Path) -> None:
    tool = _tool()
    site = _site(tmp_path)
    alone = tool._unsafe_links(site)
    assert len(alone) == 4
    early = tool._EarlyLinkGate()
    try:
        for name in PAGES:
            early.written(str(site / name), context={})
        for job in early.futures.values():
            job.result()  # the worker has read every page
        (site / "d/index.html").write_bytes(b'<a href="data:text/html,x">changed after the worker read it</a>')
        assert early.problems(site / "a/index.html", (site / "a/index.html").read_bytes()) is not None
        assert early.problems(site / "d/index.html", (site / "d/index.html").read_bytes()) is None
        with_early = tool._unsafe_links(site, early)
    finally:
        early.close()
    assert with_early == tool._unsafe_links(site) and len(with_early) == 5
