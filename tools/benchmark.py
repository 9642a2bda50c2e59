"""Measure the site's weight, speed and build time; write docs/benchmarks.md.

    .venv/bin/python tools/benchmark.py [--report docs/benchmarks.md] [--no-lighthouse]

Figures, not tests: run by hand (not by `make test`). Needs the test tools (`make test`
installs Chromium, npm's pinned lighthouse, brotli) plus Debian's hugo and hyperfine
(`apt-get install hugo hyperfine`). Stock Pelican is measured in a throwaway virtualenv
with pelican and Markdown pinned below. Nothing is fetched from any host but the package
registries, and every server it starts listens on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
COMMAND = ".venv/bin/python tools/benchmark.py"
STOCK_PINS = ["pelican==4.12.0", "Markdown==3.11.3"]
PAGE_TYPES = {"home": "", "mission page": "change-4/", "search": "search/", "sources index": "sources/",
              "source page": None, "about": "about/"}


# ---------------------------------------------------------------- building and serving
def build(settings: str, output: Path, env: dict[str, str] | None = None, project: Path = PROJECT) -> float:
    start = time.perf_counter()
    proc = subprocess.run([PYTHON, str(project / "tools" / "build.py"), "--settings", str(project / settings),
                           "--output", str(output)], cwd=project, env={**os.environ, **(env or {})},
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({project}):\n{proc.stderr[-3000:]}")
    return elapsed


def serve(directory: Path, prefix: str = "") -> tuple[http.server.ThreadingHTTPServer, str]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def translate_path(self, path: str) -> str:
            return super().translate_path(path[len(prefix):] if prefix and path.startswith(prefix) else path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


# ---------------------------------------------------------------- weight
def weight(output: Path, base: str) -> list[dict[str, Any]]:
    from bs4 import BeautifulSoup
    try:
        import brotli
    except ImportError:
        brotli = None
    rows = []
    for html_file in sorted(output.rglob("*.html")):
        if html_file.parts[len(output.parts)] == "pagefind":
            continue
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        files = [html_file]
        blocking = 0
        requests = 1
        for link in soup.find_all("link", rel="stylesheet"):
            files.append(output / str(link["href"]).removeprefix(base + "/"))
            requests += 1
        for script in soup.find_all("script", src=True):
            files.append(output / str(script["src"]).removeprefix(base + "/"))
            requests += 1
            in_head = script.find_parent("head") is not None
            if in_head and not (script.has_attr("defer") or script.has_attr("async")
                                or script.get("type") == "module"):
                blocking += 1
        images = len(soup.find_all("img")) + len(soup.find_all("link", rel="icon"))
        data = [f.read_bytes() for f in files]
        rows.append({
            "page": html_file.relative_to(output).as_posix(),
            "raw": sum(map(len, data)),
            "gzip": sum(len(gzip.compress(d, 9, mtime=0)) for d in data),
            "brotli": sum(len(brotli.compress(d, quality=11)) for d in data) if brotli else None,
            "render_requests": requests, "icon_and_images": images, "blocking_scripts": blocking,
        })
    return rows


# ---------------------------------------------------------------- lighthouse
def lighthouse(base: str, output: Path) -> dict[str, dict[str, Any]]:
    binary = PROJECT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `npm ci` (package.json pins it)")
    source_page = next((p.parent.relative_to(output).as_posix() + "/"
                        for p in sorted((output / "sources").glob("*/index.html")) if p.parent.name != "coverage"), None)
    results = {}
    for kind, path in PAGE_TYPES.items():
        path = source_page if path is None else path
        if path is None:
            continue
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            proc = subprocess.run(
                [str(binary), f"{base}/{path}", "--quiet", "--output=json", f"--output-path={report}",
                 "--chrome-flags=--headless --no-sandbox --disable-gpu", "--only-categories=performance,accessibility,best-practices,seo",
                 "--form-factor=mobile"],
                env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
            if proc.returncode != 0 or not report.exists():
                raise SystemExit(f"lighthouse failed on {path}:\n{proc.stderr[-2000:]}")
            data = json.loads(report.read_text())
        scores = {name: round(cat["score"] * 100) if cat["score"] is not None else None
                  for name, cat in data["categories"].items()}
        failing = sorted(audit["id"] for audit in data["audits"].values()
                         if audit.get("score") is not None and audit["score"] < 1
                         and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
        results[f"{kind} (/{path})"] = {**scores, "failing": failing[:8]}
    return results


# ---------------------------------------------------------------- generated sites
def quotes_from_sources(count: int) -> list[tuple[str, str]]:
    """(source id, exact words) taken verbatim from the sources' readable text."""
    from farside.errors import ErrorLog
    from farside.sources import load_registry

    registry = load_registry(PROJECT / "data" / "sources", ErrorLog(root=PROJECT))
    found = []
    for source in registry.values():
        for sentence in re.split(r"(?<=[.!?])\s+", source.text):
            words = sentence.split()
            if len(words) >= 8 and '"' not in sentence and "[" not in sentence and "]" not in sentence:
                found.append((source.id, " ".join(words[:6])))
    if not found:
        raise SystemExit("no quotable sentences in data/sources")
    return [found[i % len(found)] for i in range(count)]


def page_body(n: int, quotes: list[tuple[str, str]], cite: bool) -> str:
    paragraphs = []
    for k, (source_id, quote) in enumerate(quotes):
        mark = f' [@{source_id} "{quote}"]' if cite else f" ({source_id})"
        paragraphs.append(f"Paragraph {k + 1} of generated page {n}: a sentence of ordinary explainer prose "
                          f"about the far side of the Moon, with the claim it supports stated plainly.{mark}")
    return "## A section\n\n" + "\n\n".join(paragraphs) + "\n"


def generate_sites(root: Path, pages: int) -> dict[str, Path]:
    """The same N pages for our build, stock Pelican (Python-Markdown) and Hugo."""
    quotes = quotes_from_sources(pages * 10)
    ours = root / f"ours-{pages}"
    shutil.copytree(PROJECT, ours, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "node_modules", "output*", "test-artifacts", ".hypothesis", ".pytest_cache", "__pycache__",
        "tests", "docs"))
    for old in (ours / "content" / "pages").glob("*.md"):
        old.unlink()
    stock = root / f"stock-{pages}"
    (stock / "content" / "pages").mkdir(parents=True)
    hugo = root / f"hugo-{pages}"
    (hugo / "content").mkdir(parents=True)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    for n in range(pages):
        chunk = quotes[n * 10:(n + 1) * 10]
        (ours / "content" / "pages" / f"gen-{n}.md").write_text(
            f"---\ntitle: Generated page {n}\nslug: gen-{n}\ndescription: A generated page for the benchmark.\n---\n\n"
            + page_body(n, chunk, cite=True), encoding="utf-8")
        (stock / "content" / "pages" / f"gen-{n}.md").write_text(
            f"Title: Generated page {n}\nSlug: gen-{n}\n\n" + page_body(n, chunk, cite=False), encoding="utf-8")
        (hugo / "content" / f"gen-{n}.md").write_text(
            f"---\ntitle: Generated page {n}\nslug: gen-{n}\n---\n\n" + page_body(n, chunk, cite=False), encoding="utf-8")
    (stock / "pelicanconf.py").write_text(
        'SITENAME = "Bench"\nPATH = "content"\nPAGE_PATHS = ["pages"]\nARTICLE_PATHS = []\nTIMEZONE = "UTC"\n'
        'PAGE_URL = "{slug}/"\nPAGE_SAVE_AS = "{slug}/index.html"\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n'
        'AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nCACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n')
    (hugo / "hugo.toml").write_text('baseURL = "http://127.0.0.1/"\ntitle = "Bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n')
    (hugo / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=en><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}</html>\n")
    (hugo / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><html lang=en><title>{{ .Title }}</title>{{ range .Pages }}<a href={{ .RelPermalink }}>{{ .Title }}</a>{{ end }}</html>\n")
    return {"ours": ours, "stock": stock, "hugo": hugo}


def stock_pelican() -> Path:
    venv = Path(tempfile.gettempdir()) / "farside-bench-stock-pelican"
    if not (venv / "bin" / "pelican").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", *STOCK_PINS],
                       check=True)
    return venv / "bin" / "pelican"


def hyperfine(commands: dict[str, str], folder: Path, runs: int) -> dict[str, float]:
    """Warm means: one warm-up run each, then `runs` runs, all in one hyperfine call."""
    export = folder / "hyperfine.json"
    args = ["hyperfine", "--style", "none", "--warmup", "1", "--runs", str(runs), "--export-json", str(export)]
    for name, command in commands.items():
        args += ["--command-name", name, command]
    subprocess.run(args, check=True, capture_output=True, text=True)
    return {r["command"]: r["mean"] for r in json.loads(export.read_text())["results"]}


def cold(command: str, cwd: Path) -> float:
    """First build in a fresh process with no bytecode cache and no output (no cache is kept anyway)."""
    for cache in cwd.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(command, shell=True, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def build_times(root: Path) -> list[dict[str, Any]]:
    pelican = stock_pelican()
    rows = []
    real = {"ours": f"{PYTHON} {PROJECT}/tools/build.py --output {root}/real-out"}
    rows.append({"site": f"real site ({len(list((PROJECT / 'content' / 'pages').glob('*.md')))} pages)",
                 "cold": {"ours": cold(real["ours"], PROJECT)},
                 "warm": hyperfine(real, root, runs=5)})
    for pages in (100, 1000):
        sites = generate_sites(root, pages)
        commands = {
            "ours": f"cd {sites['ours']} && {PYTHON} tools/build.py --output {root}/o-{pages}",
            "stock Pelican": f"cd {sites['stock']} && {pelican} -q -s pelicanconf.py -o {root}/s-{pages} content",
            "Hugo": f"cd {sites['hugo']} && hugo --quiet --noBuildLock -d {root}/h-{pages}",
        }
        row: dict[str, Any] = {"site": f"generated, {pages} pages x 10 citations", "cold": {}, "warm": {}}
        for name, command in commands.items():
            row["cold"][name] = cold(command, sites["ours"] if name == "ours" else root)
        row["warm"] = hyperfine(commands, root, runs=3 if pages == 1000 else 5)
        rows.append(row)
    return rows


# ---------------------------------------------------------------- profile
def profile(root: Path, pages: int = 1000) -> tuple[float, list[tuple[str, float, float]], list[tuple[str, float]]]:
    """cProfile of our build of the 1,000-page site, in process (Pagefind runs as a subprocess)."""
    site = root / f"ours-{pages}"
    code = (f"import sys, os; os.chdir({str(site)!r}); sys.argv=['build.py','--output',{str(root / 'prof-out')!r}];"
            f"sys.path.insert(0, {str(site / 'tools')!r}); import runpy; runpy.run_path('tools/build.py', run_name='__main__')")
    stats_file = root / "build.prof"
    script = root / "profiled_build.py"
    script.write_text(code + "\n")
    start = time.perf_counter()
    proc = subprocess.run([PYTHON, "-m", "cProfile", "-o", str(stats_file), str(script)], cwd=site,
                          capture_output=True, text=True)
    if not stats_file.exists():
        raise SystemExit(f"profiled build failed:\n{proc.stderr[-2000:]}")
    total = time.perf_counter() - start
    stats = pstats.Stats(str(stats_file), stream=io.StringIO())
    functions = []
    by_package: dict[str, float] = {}
    for (filename, line, name), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        functions.append((f"{_short(filename)}:{line}({name})", tt, ct))
        package = _package(filename)
        by_package[package] = by_package.get(package, 0.0) + tt
    functions.sort(key=lambda f: -f[1])
    return total, functions[:12], sorted(by_package.items(), key=lambda p: -p[1])[:10]


def _short(filename: str) -> str:
    return re.sub(r".*/(site-packages|lib/python3\.\d+|plugins|tools)/", "", filename)


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0]
    if "/plugins/farside/" in filename:
        return "farside." + filename.split("/plugins/farside/")[1].split("/")[0].removesuffix(".py")
    if filename.startswith("~") or "<built-in" in filename or filename.startswith("<"):
        return "built-ins (I/O, regex, subprocess wait)"
    if "/lib/python3" in filename:
        return "stdlib: " + filename.split("/lib/python3")[1].split("/")[1].removesuffix(".py")
    return filename


# ---------------------------------------------------------------- report
def kb(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 1024:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=PROJECT / "docs" / "benchmarks.md")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    for tool in ("hugo", "hyperfine"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install hugo hyperfine")
    with tempfile.TemporaryDirectory(prefix="farside-bench-") as folder:
        root = Path(folder)
        out = root / "site"
        out.mkdir()
        server, base = serve(out, "/farside-explainer")
        try:
            build("publishconf.py", out, {"SITEURL": base})
            rows = weight(out, base)
            scores = {} if args.no_lighthouse else lighthouse(base, out)
        finally:
            server.shutdown()
        times = build_times(root)
        total, top, packages = profile(root)
        versions = {
            "hugo": subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1],
            "hyperfine": subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.split()[1],
            "lighthouse": json.loads((PROJECT / "package.json").read_text())["devDependencies"]["lighthouse"],
            "chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip(),
        }
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report(rows, scores, times, total, top, packages, versions), encoding="utf-8")
    print(f"wrote {args.report}")
    return 0


def report(rows: Any, scores: Any, times: Any, total: Any, top: Any, packages: Any, versions: Any) -> str:
    lines = ["# Benchmarks", "",
             f"Reproduce with `{COMMAND}` (about ten minutes; needs `make test`'s tools plus "
             "`apt-get install hugo hyperfine`). Figures from one run on "
             f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"Hugo {versions['hugo']}, hyperfine {versions['hyperfine']}, Lighthouse {versions['lighthouse']}, "
             f"{versions['chromium']}. They are measurements, not tests: `make test` only checks this file exists.",
             "", "## Weight and requests per page (published build)", "",
             "HTML + the CSS and JS each page loads, compressed at the highest level (what GitHub Pages' "
             "CDN sends is gzip, usually at a lower level, so real transfers are a little larger). "
             "Requests to render = the HTML, its stylesheets and scripts (the SVG icon is extra and cached). "
             "Render-blocking = scripts in `<head>` without `defer`/`async`. Targets: under 30 KB for a mission "
             "page, 2 requests, 0 blocking.", "",
             "| page | raw KB | gzip KB | brotli KB | requests to render | blocking scripts |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| `{r['page']}` | {kb(r['raw'])} | {kb(r['gzip'])} | {kb(r['brotli'])} | "
                     f"{r['render_requests']} | {r['blocking_scripts']} |")
    if scores:
        lines += ["", "## Lighthouse (mobile, headless Chromium, served on 127.0.0.1)", "",
                  "| page type | performance | accessibility | best practices | SEO | audits not passed |",
                  "|---|---:|---:|---:|---:|---|"]
        for kind, s in scores.items():
            lines.append(f"| {kind} | {s.get('performance')} | {s.get('accessibility')} | {s.get('best-practices')} | "
                         f"{s.get('seo')} | {', '.join(s['failing']) or 'none'} |")
    lines += ["", "## Build time", "",
              "Cold = the first build in a fresh process with no bytecode cache and no previous output. "
              "Warm = mean of hyperfine runs after one warm-up; all tools measured in the same run. "
              "Ours includes the Pagefind index; stock Pelican uses its Python-Markdown reader on the same "
              "pages (citations left as plain text: it cannot check them); Hugo builds the same pages with a "
              "minimal layout.", "",
              "| site | tool | cold s | warm s | warm, x ours |", "|---|---|---:|---:|---:|"]
    for row in times:
        ours = row["warm"]["ours"]
        for tool, warm in row["warm"].items():
            lines.append(f"| {row['site']} | {tool} | {row['cold'][tool]:.2f} | {warm:.2f} | {warm / ours:.2f} |")
    lines += ["", f"## Profile (cProfile, our build of the 1,000-page site: {total:.1f} s under the profiler)", "",
              "Own time by package:", "", "| package | own time s |", "|---|---:|"]
    lines += [f"| {name} | {tt:.2f} |" for name, tt in packages]
    lines += ["", "Top functions by own time:", "", "| function | own s | cumulative s |", "|---|---:|---:|"]
    lines += [f"| `{name}` | {tt:.2f} | {ct:.2f} |" for name, tt, ct in top]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
