"""The project cache: a page read by an earlier build is reused only when nothing it depends on changed.

Correct before fast. An entry is found under a digest of *everything* a page's reading depends
on besides the page itself (``inputs``: the editor data, the theme's templates, the settings,
the plugin's code and the versions of the libraries it runs), and holds a digest of the page's
bytes; it is used only when both match. So an edited page, source, note, mission, template,
setting or line of code makes the pages read again: whole-input granularity, never stale.

An entry keeps what reading reported (errors, warnings) and the build replays it, so a page
with a mistake fails every build until it is fixed, cached or not. Entries are written
atomically (a temporary file, then a rename), so a killed build or two builds at once leave
whole entries or none; an entry that cannot be read is a miss. Only the last few input digests
are kept (``KEEP_INPUTS``). The folder is the build's own: ``make clean`` removes it, git ignores it.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import secrets
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

KEEP_INPUTS = 4  # input digests kept (a site built at the root and under a subpath uses two)
FORMAT = "farside-page-cache-1"
LIBRARIES = ("pelican", "markdown-it-py", "mdit-py-plugins", "Jinja2", "MarkupSafe", "PyYAML", "jsonschema",
             "selectolax")
CACHE_SETTING = "FARSIDE_CACHE"
STATE_ENTRY = "\0loaded editor data"  # not a page path: no page can have this entry
TEMPLATE_FOLDER = "templates"  # compiled templates, beside the folders of input digests
VOLATILE_SETTINGS = {"OUTPUT_PATH"}  # a new staging folder every build; no page's reading uses it


class PageCache:
    """Entries of one set of inputs: ``folder/<inputs digest>/<page digest>.pickle``."""

    def __init__(self, folder: Path, inputs: str):
        self.folder = folder / inputs[:32]
        self.inputs = inputs
        self.hits = 0
        self.misses = 0
        self.folder.mkdir(parents=True, exist_ok=True)
        os.utime(self.folder)  # most recently used
        _prune(folder, keep=self.folder)

    def _entry(self, page: str) -> Path:
        if page == STATE_ENTRY:
            return self.folder / "editor-data.state"
        return self.folder / (hashlib.sha256(page.encode("utf-8")).hexdigest()[:32] + ".pickle")

    def get(self, page: str, content: bytes) -> Any | None:
        """The value kept for ``page`` (its path as shown) read from ``content``, or None."""
        try:
            with self._entry(page).open("rb") as file:
                kept_format, kept_inputs, kept_page, kept_digest, value = pickle.load(file)
        except Exception:  # missing, cut short by a kill, or from another version: read the page
            self.misses += 1
            return None
        if (kept_format, kept_inputs, kept_page, kept_digest) != (FORMAT, self.inputs, page, digest(content)):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, page: str, content: bytes, value: Any) -> None:
        entry = self._entry(page)
        temporary = entry.with_name(f".{entry.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            with temporary.open("wb") as file:
                pickle.dump((FORMAT, self.inputs, page, digest(content), value), file,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except OSError:
            temporary.unlink(missing_ok=True)  # a full disk costs speed, never a build

    def get_state(self) -> Any | None:
        """What loading the editor data gave, kept by an earlier build with these inputs."""
        return self.get(STATE_ENTRY, b"")

    def put_state(self, value: Any) -> None:
        self.put(STATE_ENTRY, b"", value)

    def results(self, kind: str) -> ResultCache:
        """Results of the check ``kind`` on pieces of content, kept with these inputs."""
        return ResultCache(self.folder / f"{kind}.results")


MISSING = object()  # what ResultCache.get gives for bytes it holds no result for


class ResultCache:
    """The results of one check (a pure function of some bytes and of the inputs), by digest of
    the bytes: a written page that did not change is not checked again.

    Loaded whole, saved whole (atomically) with only the entries this build used, so it holds
    one entry per file of the current site.
    """

    def __init__(self, path: Path):
        self.path = path
        self.used: dict[str, Any] = {}
        try:
            with path.open("rb") as file:
                kept_format, self.kept = pickle.load(file)
            if kept_format != FORMAT or not isinstance(self.kept, dict):
                self.kept = {}
        except Exception:  # none yet, or unreadable: check everything
            self.kept = {}

    def get(self, data: bytes) -> Any:
        """The result kept for ``data``, or ``MISSING``."""
        return self.get_digest(digest(data))

    def put(self, data: bytes, value: Any) -> None:
        self.put_digest(digest(data), value)

    def get_digest(self, key: str) -> Any:
        """The result kept for the bytes whose ``digest`` is ``key`` (by this build or an earlier one)."""
        if key in self.used:
            return self.used[key]
        value = self.kept.get(key, MISSING)
        if value is not MISSING:
            self.used[key] = value
        return value

    def put_digest(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            with temporary.open("wb") as file:
                pickle.dump((FORMAT, self.used), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


class TemplateCache(FileSystemBytecodeCache):
    """Templates Jinja compiled in earlier builds, so a build loads them instead of compiling.

    Jinja keys a compiled template by its name, its file and a checksum of its source, and
    checks Python's version. The code it compiles also depends on the environment (autoescape,
    finalize, extensions, syntax options, which filters and tests exist) and on Jinja's own
    version, which Jinja leaves out of the key: they are added here, so the theme's
    environment, its plain-text overlay and Pelican's each keep their own compiled code.
    Jinja writes each entry atomically.
    """

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        return super().get_bucket(environment, f"{name}\0{compile_options(environment)}", filename, source)


def compile_options(environment: jinja2.Environment) -> str:
    """A digest of what, besides the source, decides the code Jinja compiles a template to."""
    options = [f"jinja2=={jinja2.__version__}"]
    for name, value in sorted(vars(environment).items()):
        if isinstance(value, (str, bool, int, float, type(None))):
            options.append(f"{name}={value!r}")
        elif callable(value) and name in ("finalize", "autoescape"):
            options.append(f"{name}={getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}")
    for kind in ("extensions", "filters", "tests"):
        options.append(f"{kind}=" + ",".join(sorted(getattr(environment, kind))))
    return hashlib.sha256("\n".join(options).encode()).hexdigest()[:32]


def cache_folder(settings: Mapping[str, Any], project: Path) -> Path | None:
    """The project cache's folder named by the FARSIDE_CACHE setting (relative to the project), or None."""
    name = settings.get(CACHE_SETTING)
    if not name:
        return None
    return Path(name) if Path(name).is_absolute() else project / name


def open_page_cache(settings: Mapping[str, Any], project: Path, data: Path) -> PageCache | None:
    """The project cache for this build's inputs, if the settings name one (and it can be read)."""
    folder = cache_folder(settings, project)
    if folder is None:
        return None
    theme = [Path(settings["THEME"]) / "templates", *map(Path, settings.get("THEME_TEMPLATES_OVERRIDES", []))]
    try:
        return PageCache(folder, inputs_digest(settings, [data, *theme], Path(__file__).resolve().parent))
    except OSError:
        return None  # an input that cannot be read is reported by the loading; no cache costs speed only


def use_template_cache(environment: jinja2.Environment, settings: Mapping[str, Any], project: Path) -> None:
    """Keep ``environment``'s compiled templates in the project cache (if the settings name one)."""
    folder = cache_folder(settings, project)
    if folder is None:
        return
    templates = folder / TEMPLATE_FOLDER
    try:
        templates.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no cache costs speed, never a build
    environment.bytecode_cache = TemplateCache(str(templates))


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the KEEP_INPUTS most recently used input folders."""
    try:
        folders = sorted((p for p in folder.iterdir() if p.is_dir() and p.name != TEMPLATE_FOLDER),
                         key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in folders[KEEP_INPUTS:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def inputs_digest(settings: Mapping[str, Any], folders: Iterable[Path], code: Path) -> str:
    """A digest of everything but the page that reading a page depends on."""
    hasher = hashlib.sha256(FORMAT.encode())
    hasher.update(sys.version.encode())
    for library in LIBRARIES:
        try:
            hasher.update(f"{library}=={importlib.metadata.version(library)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            hasher.update(f"{library} missing\n".encode())
    hasher.update(json.dumps({k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS},
                             sort_keys=True, default=_plain).encode())
    for root in [code, *folders]:
        hasher.update(f"\0folder {root}\n".encode())
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hasher.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _plain(value: Any) -> Any:
    """Settings that JSON cannot write: sets in order; functions and classes by name; anything
    else by its repr unless that holds a memory address (which changes every run)."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text
