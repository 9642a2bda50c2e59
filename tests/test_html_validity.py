"""Every output page passes the Nu HTML Checker (vnu.jar from npm, run on Debian's Java)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from support.site import PROJECT, BuildResult

VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(paths: list[str]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing; run `make test` (it installs default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing; run `make test` (it runs npm ci)")
    proc = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--also-check-css",
                           "--also-check-svg", *paths], capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stderr or proc.stdout)
    return [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_every_page_is_valid_html(built_site: BuildResult) -> None:
    pages = [str(p) for p in built_site.html_files()]
    assert len(pages) >= 5
    css = [str(p) for p in built_site.output.rglob("*.css")]
    svg = [str(p) for p in built_site.output.rglob("*.svg")]
    errors = run_vnu(pages + css + svg)
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e.get('message')}" for e in errors)


def test_validator_reports_invalid_html(tmp_path) -> None:
    """The check can fail: a page with a stray end tag is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=en><title>x</title><p>x</div>")
    assert run_vnu([str(bad)]) != []
