"""The benchmark is run by hand; its committed report must exist and say how to reproduce it."""
from __future__ import annotations

from support.site import PROJECT


def test_report_exists_and_names_its_command() -> None:
    report = PROJECT / "docs" / "benchmarks.md"
    assert report.is_file(), "docs/benchmarks.md is missing: run .venv/bin/python tools/benchmark.py"
    text = report.read_text(encoding="utf-8")
    assert "`.venv/bin/python tools/benchmark.py`" in text
    for section in ("## Weight and requests per page", "## Lighthouse", "## Build time", "## Profile"):
        assert section in text, section
    assert (PROJECT / "tools" / "benchmark.py").is_file()
