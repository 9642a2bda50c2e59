"""Screenshots of every page type, as a reader sees them: 375 px and 1280 px, light and dark,
and print (PDF from either scheme, converted to PNG with poppler's pdftoppm).

    .venv/bin/python tools/screenshots.py OUTPUT_DIR [ARTIFACTS_DIR] [--only NAME ...]

The PNGs are for looking at (the project's rule: look before calling a page done); the
invariants they show are asserted by tests/reading/.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# One page of each type (the template that draws it).
PAGES = {
    "home": "", "mission": "change-6/", "explainer": "far-side/", "comparison": "comparison/",
    "timeline": "timeline/", "sources": "sources/", "source": None, "search": "search/?q=Yutu",
    "notes": "notes/", "coverage": "sources/coverage/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _first_source(output: Path) -> str:
    for index in sorted((output / "sources").glob("*/index.html")):
        if index.parent.name != "coverage":
            return f"sources/{index.parent.name}/"
    return "sources/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("artifacts", type=Path, nargs="?", default=Path("test-artifacts"))
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--no-print", action="store_true")
    args = parser.parse_args(argv)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(args.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = {name: (path if path is not None else _first_source(args.output)) for name, path in PAGES.items()}
    if args.only:
        pages = {name: path for name, path in pages.items() if name in args.only}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for scheme in ("light", "dark"):
            for width in (375, 1280):
                context = browser.new_context(viewport={"width": width, "height": 667 if width == 375 else 800},
                                              color_scheme=scheme)
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path, wait_until="networkidle")
                    page.screenshot(path=str(args.artifacts / f"{name}-{width}-{scheme}.png"), full_page=True)
                context.close()
            if args.no_print:
                continue
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            page.emulate_media(media="print", color_scheme=scheme)
            for name, path in pages.items():
                page.goto(base + path, wait_until="networkidle")
                pdf = args.artifacts / f"{name}-print-{scheme}.pdf"
                page.pdf(path=str(pdf), format="A4", print_background=False)
                subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)
            context.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
