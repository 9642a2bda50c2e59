"""Measure the site's weight, speed and build time; write docs/benchmarks.md.

    .venv/bin/python tools/benchmark.py [--report docs/benchmarks.md] [--no-lighthouse]

Figures, not tests: run by hand (not by `make test`). Needs the test tools (`make test`
installs Chromium, npm's pinned lighthouse, brotli) plus Debian's hugo and hyperfine
(`apt-get install hugo hyperfine`). Stock Pelican is measured in a throwaway virtualenv
with pelican and Markdown pinned below. Nothing is fetched from any host but the package
registries, and every server it starts listens on 127.0.0.1 only.

Build times: our build, stock Pelican (theme menu off) and Hugo + Pagefind on the same generated
1,000 and 5,000 pages, run interleaved (one of each per round) and compared as ratios within a
round, so the machine's load at the time affects all three alike; then one build of ours per
size with a clock on each phase (`--phases-of`, run in a fresh process) and its peak memory;
then a cProfile of the 1,000-page build for the functions behind the phases.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import importlib.metadata
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
# The default theme (notmyidea) lists every page in every page's menu, which makes a 1,000-page
# build quadratic; our theme's menu lists only the pages given a nav_order. Off, for a fair race.
STOCK_MENU_OFF = "DISPLAY_PAGES_ON_MENU = False\nDISPLAY_CATEGORIES_ON_MENU = False\n"
# One page of each template (Lighthouse and page weight): every page type a reader can open.
PAGE_TYPES = {"home": "", "mission page": "change-4/", "explainer": "far-side/", "comparison": "comparison/",
              "timeline": "timeline/", "notes": "notes/", "search": "search/", "sources index": "sources/",
              "source page": None, "coverage": "sources/coverage/", "about": "about/"}


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
    """(source id, exact words) from the sources' readable text that meet the citation standard.

    Six-word openings of sentences, each matching its source once, not a passage a note calls
    wrong, from sources long enough that ten quotes stay within a page's share; at most 40 per
    source, so the whole site quotes well under half of any source however many pages cite it.
    """
    from farside.citations.standard import error_passages, quote_problem, uniqueness_problem
    from farside.citations.verify import find_quote
    from farside.errors import ErrorLog
    from farside.notes import load_notes
    from farside.sources import load_registry

    log = ErrorLog(root=PROJECT)
    registry = load_registry(PROJECT / "data" / "sources", log)
    wrong = error_passages(load_notes(PROJECT / "data" / "notes.yaml", registry, log), registry)
    found = []
    for source in registry.values():
        if len(source.text.split()) < 400:
            continue
        taken = 0
        for sentence in re.split(r"(?<=[.!?])\s+", source.text):
            words = sentence.split()
            if len(words) < 8 or taken >= 40 or any(c in sentence for c in '"[]“”'):
                continue
            quote = " ".join(words[:6])
            passage = find_quote(source.text, quote)
            if (passage is None or quote_problem(quote) or uniqueness_problem(source.text, quote, 0)
                    or any(w.source_id == source.id and w.start < passage.end and passage.start < w.end
                           for w in wrong)):
                continue
            found.append((source.id, quote))
            taken += 1
    if not found:
        raise SystemExit("no quotable sentences in data/sources")
    return [found[i % len(found)] for i in range(count)]


FILLER = ("The relay satellite beyond the Moon sees both the lander on the far side and the stations on "
          "Earth, and it passes every command between them.")


def page_word(n: int) -> str:
    """A word of letters only, different for every page (numbers would need a citation)."""
    word = ""
    n += 26 * 26
    while n:
        n, letter = divmod(n, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[letter] + word
    return word


def page_body(n: int, quotes: list[tuple[str, str]], cite: bool) -> str:
    """About 650 words: ten paragraphs of about 60 words, each with one citation, in three
    sections, and a table of five rows (issue #15's generated page)."""
    paragraphs = []
    for source_id, quote in quotes:
        mark = f' [@{source_id} "{quote}"]' if cite else f" ({source_id})"
        paragraphs.append("A paragraph of a generated page: a sentence of ordinary explainer prose about the far "
                          f"side of the Moon, with the claim it supports stated plainly.{mark} " + FILLER)
    table = ["| step | what happens | how long |", "|---|---|---|"]
    table += [f"| {step} | the spacecraft {verb} as planned | {length} |"
              for step, verb, length in (("launch", "leaves Earth", "a day"), ("cruise", "coasts to the Moon", "days"),
                                         ("orbit", "circles the Moon", "weeks"), ("landing", "descends", "minutes"),
                                         ("surface", "works on the ground", "months"))]
    return (f"## First section\n\n{{.no-facts}}\nThis generated page is called {page_word(n)}.\n\n" + "\n\n".join(paragraphs[:4]) + "\n\n" + "\n".join(table)
            + "\n\n## Second section\n\n" + "\n\n".join(paragraphs[4:7])
            + "\n\n## Third section\n\n" + "\n\n".join(paragraphs[7:]) + "\n")


def generate_sites(root: Path, pages: int) -> dict[str, Path]:
    """The same N pages for our build, stock Pelican (Python-Markdown) and Hugo."""
    quotes = quotes_from_sources(pages * 10)
    ours = root / f"ours-{pages}"
    for name in ("ours", "stock", "hugo"):
        shutil.rmtree(root / f"{name}-{pages}", ignore_errors=True)
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
        'AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nCACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n'
        + STOCK_MENU_OFF)
    (hugo / "hugo.toml").write_text('baseURL = "http://127.0.0.1/"\ntitle = "Bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n')
    (hugo / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=en><head><title>{{ .Title }}</title></head>"
        "<body><main data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n")
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


def pagefind_binary() -> str:
    from pagefind_bin import get_executable  # type: ignore[import-untyped,unused-ignore]

    return str(get_executable())


def race_commands(sites: dict[str, Path], root: Path, pages: int) -> dict[str, str]:
    """What each contender runs: each builds into a folder it has never seen (removed before every run)."""
    pelican = stock_pelican()
    return {
        "ours": f"rm -rf {root}/o-{pages} {sites['ours']}/.farside-cache && cd {sites['ours']} && "
                f"{PYTHON} tools/build.py --output {root}/o-{pages}",
        "ours, one process": f"rm -rf {root}/o1-{pages} {sites['ours']}/.farside-cache && cd {sites['ours']} && "
                             f"FARSIDE_WORKERS=1 {PYTHON} tools/build.py --output {root}/o1-{pages}",
        "stock Pelican (menu off)": f"rm -rf {root}/s-{pages} && cd {sites['stock']} && "
                                    f"{pelican} -q -s pelicanconf.py -o {root}/s-{pages} content",
        "Hugo + Pagefind": f"rm -rf {root}/h-{pages} && cd {sites['hugo']} && hugo --quiet --noBuildLock "
                           f"-d {root}/h-{pages} && {pagefind_binary()} --site {root}/h-{pages} --silent",
    }


def interleaved(commands: dict[str, str], rounds: int) -> dict[str, list[float]]:
    """Each round runs every command once, one after the other, so all see the same machine load."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, shell=True, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    return times


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def build_times(root: Path, sizes: tuple[tuple[int, int], ...] = ((1000, 5), (5000, 1))) -> list[dict[str, Any]]:
    """Per site size: every contender's times, round by round, and its ratio to ours in each round."""
    rows = []
    for pages, rounds in sizes:
        sites = generate_sites(root, pages)
        commands = race_commands(sites, root, pages)
        times = interleaved(commands, rounds)
        ratios = {name: [t / o for t, o in zip(times[name], times["ours"], strict=True)] for name in commands}
        rows.append({"pages": pages, "rounds": rounds, "times": times, "ratios": ratios,
                     "phases": phases(sites["ours"], root / f"phases-{pages}"),
                     "edit": edited_rebuild(sites["ours"], root / f"e-{pages}"),
                     "serve": serve_latency(sites["ours"], "gen-0.md") if pages <= 1000 else []})
    return rows


def serve_latency(site: Path, page: str, rounds: int = 3) -> list[float]:
    """`make serve` on ``site``: seconds from saving an edit of ``page`` to the edited page being served.

    The site's own tools/serve.py runs (on a free port of 127.0.0.1); each round changes a heading
    to a new word and polls the page every 10 ms until it shows it.
    """
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    output = site.parent / f"served-{site.name}"
    shutil.rmtree(output, ignore_errors=True)
    server = subprocess.Popen([PYTHON, str(site / "tools" / "serve.py"), "--port", str(port), "--output", str(output)],
                              cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    source = site / "content" / "pages" / page
    url = f"http://127.0.0.1:{port}/{page.removesuffix('.md')}/" if page != "home.md" else f"http://127.0.0.1:{port}/"
    if page == "far-side.md":
        url = f"http://127.0.0.1:{port}/far-side/"

    def served() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    times = []
    try:
        assert server.stderr is not None
        for line in server.stderr:  # the first build, then "watching for changes"
            if "watching for changes" in line:
                break
        time.sleep(1)
        original = source.read_text(encoding="utf-8")
        heading = re.search(r"(?m)^## (.+)$", original)
        if heading is None:
            raise SystemExit(f"{page} has no heading to edit")
        for round_number in range(rounds):
            word = f"Benchmark{round_number}x{os.getpid()}"
            start = time.perf_counter()
            source.write_text(original.replace(heading.group(0), f"## {word}", 1), encoding="utf-8")
            while word not in served():
                if time.perf_counter() - start > 120:
                    raise SystemExit(f"make serve did not show an edit of {page} within 120 s")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            time.sleep(3)  # let the search index refresh finish before the next edit
        source.write_text(original, encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return times


def edited_rebuild(site: Path, output: Path) -> float:
    """One page's text changed after a build into ``output``: how long until the site is rebuilt."""
    shutil.rmtree(site / ".farside-cache", ignore_errors=True)
    build("pelicanconf.py", output, project=site)
    page = site / "content" / "pages" / "gen-0.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## First section", "## The first section", 1),
                    encoding="utf-8")
    return build("pelicanconf.py", output, project=site)


# ---------------------------------------------------------------- phases
# (phase, module, attribute) of the functions that start each phase of one build. Times are
# exclusive (a phase inside another is taken out of it), measured with a clock at each entry and
# exit, not a profiler, so they add up to the wall time of the build.
PHASES: list[tuple[str, str, str]] = [
    ("load and check data", "farside.plugin", "load_build_state"),
    ("read pages: parse, verify, number", "farside.reader", "MarkdownItReader.read"),
    ("mission data joins the pages", "farside.plugin", "add_mission_views"),
    ("banned wordings: page prose", "farside.plugin", "check_stated_errors"),
    ("banned wordings: every published file", "farside.plugin", "stated_errors"),
    ("page checks: files, links, addresses", "farside.plugin", "check_pages"),
    ("collections: sources, coverage, missions", "farside.generators", "SourcesGenerator.generate_context"),
    ("collections: sources, coverage, missions", "farside.missions.generator", "MissionsGenerator.generate_context"),
    ("collections: sources, coverage, missions", "farside.publishing.generator", "PublishingGenerator.generate_context"),
    ("describe pages for publishing", "farside.publishing.generator", "PublishingGenerator.describe"),
    ("render and write (Jinja2, Pelican's writer)", "pelican.generators", "PagesGenerator.generate_output"),
    ("render and write (Jinja2, Pelican's writer)", "pelican.generators", "StaticGenerator.generate_output"),
    ("render and write (Jinja2, Pelican's writer)", "farside.generators", "SourcesGenerator.generate_output"),
    ("render and write (Jinja2, Pelican's writer)", "farside.missions.generator", "MissionsGenerator.generate_output"),
    ("render and write (Jinja2, Pelican's writer)", "farside.publishing.generator", "PublishingGenerator.generate_output"),
    ("link gate on the written pages (tools/build.py)", "build", "_unsafe_links"),
]
BACKGROUND = "search index: Pagefind, beside the link gate"
REST = "start-up, imports, Pelican's own work between phases"


def _timed_build(site: Path, output: Path) -> dict[str, Any]:
    """In this process: build ``site`` with a clock on every phase; print the times as JSON."""
    import importlib
    import resource

    os.chdir(site)
    sys.path[:0] = [str(site / "tools"), str(site / "plugins")]
    build_module: Any = importlib.import_module("build")
    times: dict[str, float] = {}
    stack: list[list[float]] = []  # per running phase: [start, time spent in phases inside it]
    lock = threading.Lock()

    def clocked(phase: str, function: Any) -> Any:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is not threading.main_thread():
                start = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    with lock:
                        times[phase] = times.get(phase, 0.0) + time.perf_counter() - start
            stack.append([time.perf_counter(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                start, inner = stack.pop()
                elapsed = time.perf_counter() - start
                times[phase] = times.get(phase, 0.0) + elapsed - inner
                if stack:
                    stack[-1][1] += elapsed
        return run

    for phase, module_name, attribute in PHASES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, clocked(phase, getattr(owner, name)))
    build_module._finish_index = clocked(BACKGROUND, build_module._finish_index)
    start = time.perf_counter()
    code = int(build_module.main(["--output", str(output)]))
    wall = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"timed build failed with exit code {code}")
    return {"wall": wall, "phases": times,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_rss_pagefind_mb": _pagefind_peak(output)}


def _pagefind_peak(site: Path) -> float:
    """Peak resident set of Pagefind indexing ``site`` again, started from a small parent.

    (The kernel counts a child's memory from the fork, so Pagefind started by the build would
    show the build process's size.)
    """
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    proc = subprocess.run([PYTHON, "-S", "-c", code, pagefind_binary(), "--site", str(site), "--silent"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout.strip()) / 1024


def phases(site: Path, output: Path) -> dict[str, Any]:
    """Phase times and peak memory of one cold build of ``site`` (no project cache), in a fresh process."""
    shutil.rmtree(site / ".farside-cache", ignore_errors=True)
    proc = subprocess.run([PYTHON, str(PROJECT / "tools" / "benchmark.py"), "--phases-of", str(site),
                           "--phases-output", str(output)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"timed build failed:\n{proc.stderr[-2000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# ---------------------------------------------------------------- profile
def profile(root: Path, pages: int = 1000) -> tuple[float, list[tuple[str, float, float]], list[tuple[str, float]]]:
    """cProfile of our build of the 1,000-page site in one process (``FARSIDE_WORKERS=1``: the
    profiler does not see into forked workers), Pagefind a subprocess, the project cache cold."""
    site = root / f"ours-{pages}"
    shutil.rmtree(site / ".farside-cache", ignore_errors=True)
    code = (f"import sys, os; os.chdir({str(site)!r}); sys.argv=['build.py','--output',{str(root / 'prof-out')!r}];"
            f"sys.path.insert(0, {str(site / 'tools')!r}); import runpy; runpy.run_path('tools/build.py', run_name='__main__')")
    stats_file = root / "build.prof"
    script = root / "profiled_build.py"
    script.write_text(code + "\n")
    start = time.perf_counter()
    proc = subprocess.run([PYTHON, "-m", "cProfile", "-o", str(stats_file), str(script)], cwd=site,
                          capture_output=True, text=True, env={**os.environ, "FARSIDE_WORKERS": "1"})
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
    parser.add_argument("--phases-of", type=Path, help=argparse.SUPPRESS)  # internal: one timed build
    parser.add_argument("--phases-output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_of:
        timed = _timed_build(args.phases_of, args.phases_output)
        print(json.dumps(timed))
        return 0
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
        real = hyperfine({"ours": f"{PYTHON} {PROJECT}/tools/build.py --output {root}/real-out"}, root, runs=5)
        real_copy = root / "real-project"
        shutil.copytree(PROJECT, real_copy, ignore=shutil.ignore_patterns(
            ".git", ".venv*", "node_modules", "output*", "test-artifacts", ".pytest_cache", "__pycache__", "tests"))
        real_serve = serve_latency(real_copy, "far-side.md")
        times = build_times(root)
        total, top, packages = profile(root)
        versions = {
            "hugo": subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1],
            "hyperfine": subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.split()[1],
            "pagefind": importlib.metadata.version("pagefind-bin"),
            "lighthouse": json.loads((PROJECT / "package.json").read_text())["devDependencies"]["lighthouse"],
            "chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip(),
            "real pages": len(list((PROJECT / "content" / "pages").glob("*.md"))),
            "real warm": real["ours"],
            "real serve": real_serve,
        }
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report(rows, scores, times, total, top, packages, versions), encoding="utf-8")
    print(f"wrote {args.report}")
    return 0


def report(rows: Any, scores: Any, times: Any, total: Any, top: Any, packages: Any, versions: Any) -> str:
    lines = ["# Benchmarks", "",
             f"Reproduce with `make benchmark` (`{COMMAND}`; about fifteen minutes; needs `make test`'s tools plus "
             "`apt-get install hugo hyperfine`). Figures from one run on "
             f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"Hugo {versions['hugo']}, Pagefind {versions['pagefind']} (pagefind-bin), hyperfine {versions['hyperfine']}, "
             f"Lighthouse {versions['lighthouse']}, {versions['chromium']}. They are measurements, not tests: "
             "`make test` only checks this file exists.", "",
             "## Weight and requests per page (published build)", "",
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
    lines += ["", "## Lighthouse (mobile, headless Chromium, served on 127.0.0.1)", ""]
    if scores:
        lines += ["| page type | performance | accessibility | best practices | SEO | audits not passed |",
                  "|---|---:|---:|---:|---:|---|"]
        for kind, s in scores.items():
            lines.append(f"| {kind} | {s.get('performance')} | {s.get('accessibility')} | {s.get('best-practices')} | "
                         f"{s.get('seo')} | {', '.join(s['failing']) or 'none'} |")
    else:
        lines.append("Not measured in this run (`--no-lighthouse`).")
    lines += build_time_report(times, versions)
    lines += ["", f"## Profile (cProfile, our build of the 1,000-page site in one process, cold: {total:.1f} s under the profiler)", "",
              "The profiler slows Python code several times over and not Pagefind (a separate binary), so use "
              "the phase table above for shares of the real time; this says which functions to look at.", "",
              "Own time by package:", "", "| package | own time s |", "|---|---:|"]
    lines += [f"| {name} | {tt:.2f} |" for name, tt in packages]
    lines += ["", "Top functions by own time:", "", "| function | own s | cumulative s |", "|---|---:|---:|"]
    lines += [f"| `{name}` | {tt:.2f} | {ct:.2f} |" for name, tt, ct in top]
    return "\n".join(lines) + "\n"


def build_time_report(times: Any, versions: Any) -> list[str]:
    lines = ["", "## Build time, side by side", "",
             f"The real site ({versions['real pages']} pages): {versions['real warm']:.2f} s a build (hyperfine, "
             "mean of 5 after a warm-up, Pagefind included, the project cache warm). `make serve`, one page "
             "edited, until the edited page is served: "
             f"{', '.join(f'{t:.2f}' for t in versions['real serve'])} s (median "
             f"{median(versions['real serve']):.2f} s).", "",
             "Generated sites: N pages of about 650 words (issue #15's pages): ten paragraphs under three "
             "headings and a five-row table, each paragraph with one citation whose quote (six words from one of "
             "the project's sources) meets the 2026 citation standard. What each contender does:", "",
             "- **ours**: `tools/build.py` with `pelicanconf.py`, the citation standard on (markdown-it-py; every "
             "quote verified against its source's text and held to the standard, marks numbered, References; the "
             f"banned-wording, link and address checks; every published file checked for banned wordings; the "
             "link gate on the written pages; the Pagefind index), with its work spread over every core "
             f"({os.cpu_count()} here; farside.parallel).",
             "- **ours, one process**: the same build with `FARSIDE_WORKERS=1`: what the spreading gains.",
             f"- **stock Pelican (menu off)**: Pelican and Python-Markdown as pinned ({', '.join(STOCK_PINS)}) with "
             "the default theme (notmyidea), `DISPLAY_PAGES_ON_MENU = False` and `DISPLAY_CATEGORIES_ON_MENU = "
             "False` (with the menu on, every page lists every page and the build is quadratic), feeds and "
             "the content cache off. Citations are plain text `(source-id)`: nothing is verified, no search index.",
             f"- **Hugo + Pagefind**: Hugo {versions['hugo']} (Debian's package) with a one-line layout, then "
             f"Pagefind {versions['pagefind']} (the same binary our build runs) indexing Hugo's output. The same "
             "pages with citations as plain text.", "",
             "Every run is a fresh process building into a folder removed just before, with no cache (ours: "
             "its project cache is removed before each run; stock Pelican's content cache is off; the "
             "operating system's file cache and Python's bytecode are warm). Runs are interleaved: "
             "round k runs each contender once, in the order of the table, so all of them share the machine's load "
             "at that moment. The ratio is taken within each round; the table gives the median of rounds.", "",
             "| pages | contender | median s | each round, s | x ours (median of rounds) | ms a page |",
             "|---:|---|---:|---|---:|---:|"]
    for row in times:
        for name, values in row["times"].items():
            lines.append(f"| {row['pages']:,} | {name} | {median(values):.2f} | "
                         f"{', '.join(f'{v:.2f}' for v in values)} | {median(row['ratios'][name]):.2f} | "
                         f"{1000 * median(values) / row['pages']:.2f} |")
    lines += [""]
    for row in times:
        ours_to = {name: 1 / median(r) for name, r in row["ratios"].items() if name != "ours"}
        lines.append(f"- {row['pages']:,} pages ({row['rounds']} round{'s' if row['rounds'] != 1 else ''}): ours is "
                     + "; ".join(f"{ratio:.2f}x the time of {name}" for name, ratio in ours_to.items()) + ".")
    for row in times:
        if row["pages"] == 1000:
            hugo, stock = 1 / median(row["ratios"]["Hugo + Pagefind"]), 1 / median(row["ratios"]["stock Pelican (menu off)"])
            lines.append(f"- One page edited, then rebuilt with `make html` (the project cache reuses the other "
                         f"pages' reading; rendering, checks and the search index run in full): "
                         f"{row['edit']:.2f} s at {row['pages']:,} pages.")
            if row["serve"]:
                lines.append(f"- `make serve`, one page edited, until the edited page is served (the search index "
                             f"is refreshed after): {', '.join(f'{t:.2f}' for t in row['serve'])} s "
                             f"(median {median(row['serve']):.2f} s) at {row['pages']:,} pages.")
            lines.append(f"- Issue #15's targets at 1,000 pages: within 2x Hugo + Pagefind: "
                         f"{'met' if hugo <= 2 else 'not met'} ({hugo:.2f}x); no slower than stock Pelican (menu off) "
                         f"+ 20 %: {'met' if stock <= 1.2 else 'not met'} ({stock:.2f}x).")
    if len(times) > 1:
        first, last = times[0], times[-1]
        per = [median(r["times"]["ours"]) / r["pages"] for r in (first, last)]
        against = [1 / median(r["ratios"]["stock Pelican (menu off)"]) for r in (first, last)]
        timed = [r["phases"]["wall"] / r["pages"] for r in (first, last)]
        lines.append(f"- Linearity: ours takes {1000 * per[0]:.2f} ms a page at {first['pages']:,} pages and "
                     f"{1000 * per[1]:.2f} ms at {last['pages']:,} ({per[1] / per[0]:.2f}x), but the sizes ran at "
                     f"different moments of the machine's load; against stock Pelican (linear) in the same round, ours "
                     f"is {against[0]:.2f}x its time at {first['pages']:,} pages and {against[1]:.2f}x at "
                     f"{last['pages']:,}, and the timed builds below take {1000 * timed[0]:.2f} and "
                     f"{1000 * timed[1]:.2f} ms a page.")
    lines += ["", "### Where our time goes", "",
              "One more cold build of ours per size (no project cache), with a clock at the entry and exit of each phase (not a "
              "profiler: times add up to the wall time; a phase inside another is counted once, in the inner "
              "one). Pagefind runs in the background while the link gate reads the written pages, so its row "
              "overlaps the link gate's and is left out of the sum. Peak memory is the peak resident set of "
              "the build's Python process, and of Pagefind indexing the same output again on its own.", ""]
    sizes = [row["pages"] for row in times]
    lines += ["| phase | " + " | ".join(f"{n:,} pages: s | %" for n in sizes) + " |",
              "|---|" + "---:|---:|" * len(sizes)]
    names: list[str] = []
    for phase, _, _ in PHASES:
        if phase not in names:
            names.append(phase)
    for row in times:
        rest = row["phases"]["wall"] - sum(t for n, t in row["phases"]["phases"].items() if n != BACKGROUND)
        row["phases"]["phases"][REST] = rest
    for phase in [*names, REST, BACKGROUND]:
        cells = []
        for row in times:
            t = row["phases"]["phases"].get(phase, 0.0)
            cells.append(f"{t:.2f} | {100 * t / row['phases']['wall']:.0f}")
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    lines.append("| **wall time of the build** | " + " | ".join(
        f"**{row['phases']['wall']:.2f}** | 100" for row in times) + " |")
    lines.append("| peak memory, build process (MB) | " + " | ".join(
        f"{row['phases']['peak_rss_mb']:.0f} | " for row in times) + " |")
    lines.append("| peak memory, Pagefind (MB) | " + " | ".join(
        f"{row['phases']['peak_rss_pagefind_mb']:.0f} | " for row in times) + " |")
    lines += ["", "### What limits the next step", "", *LIMITS]
    return lines


LIMITS = [
    "- **Pagefind.** Indexing takes about as long as Hugo and Pagefind together spend on everything else, "
    "and it already uses both cores: a cold build cannot come within 2x of Hugo + Pagefind while Python "
    "reads, checks and renders every page. Pagefind has no incremental mode (Pagefind issue #71 is still "
    "open); `make serve` puts edited pages in place first and refreshes the index after. Keeping an index "
    "in memory in a long-running Pagefind service and re-adding only changed pages (what MarkBind does "
    "with Pagefind's API) would make the refresh cheap; not done.",
    "- **Two cores.** Reading, rendering and the checks on written files are spread over forked workers "
    "(farside.parallel): on this 2-core machine that is at most 2x on those phases, and less in practice "
    "(results are pickled back; Pelican's own per-page work, the menu and the cross-page stage stay in one "
    "process).",
    "- **Rendering is never reused.** The project cache keeps what reading a page gives and the results of "
    "the checks on written files, keyed by everything they depend on; it does not keep rendered pages, "
    "because a page's HTML also depends on the site around it (menu, dates from git, other pages' titles "
    "in References and source pages), and a key for that is not yet proven correct. A one-page edit "
    "therefore renders and writes every page again (and source pages list every page citing them).",
    "- **Pelican itself.** Its metadata processing and writer are a fixed cost per page that stock Pelican "
    "pays too. (Its URL computation, a property worked out again at each of about 20 uses a page, is now "
    "done once per page, after the last stage that could change it: plugin._pin_addresses.)",
    "- **The time that is left is spread thin.** In the one-process profile below no function of ours takes "
    "more than a few percent: markdown-it's own parsing, the citation standard's checks on every sentence "
    "and quote, Jinja's rendering of every citation mark and page. The next large step is not a faster "
    "function but work not done: pages rendered again only when what they show changed.",
    "- **Whole-input granularity.** Any edit under `data/` or `theme/`, to the settings or to the plugin's "
    "code reads every page again: correct, and as slow as a cold read. Keying each page on only the "
    "sources and notes it uses would make a source edit cheap.",
]


if __name__ == "__main__":
    sys.exit(main())
