"""Wires each stage of the pipeline into Pelican's signals, nothing else (see register()).

Every run of Pelican (one `make html`, each rebuild of `make serve`) starts a new Build:
it loads the editor data into a BuildState and hands that state explicitly to the reader
(as a constructor argument) and to our generators (as their `state`). The stages then run
in a fixed order, whatever order Pelican runs the generators in:

    load and check data        Build.__init__            (state.load_build_state)
    read pages                 MarkdownItReader.read     (parse, verify, number)
    cross-page stage           Build.pages_read          (mission data joins each page's numbering,
                                                          stated errors, the menu)
    collections                generate_context          (sources, coverage, missions, publishing)
    stop on errors             Build.generators_done              (before anything is written)
    describe, render, write    Pelican's writers and ours
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Page
from pelican.generators import PagesGenerator

from .cache import ResultCache, use_template_cache
from .citations.render import format_date
from .errors import BuildFailed
from .generators import SourcesGenerator, check_stated_errors
from .missions.generator import MissionsGenerator, add_mission_views
from .notes.published import stated_errors
from .pagecheck import check_pages
from .publishing.generator import PublishingGenerator
from .reader import MARKDOWN_EXTENSIONS, MarkdownItReader
from .state import I18N_EXTENSION, BuildState, install_translations, load_build_state
from .writer import ParallelWriter

GENERATORS: list[type] = [MissionsGenerator, SourcesGenerator, PublishingGenerator]  # any order
BUILD_ATTRIBUTE = "farside_build"  # the Pelican object keeps its current Build alive, nothing else does


class Build:
    """One Pelican run: its state, and the signal handlers that pass the state to each stage.

    Handlers are connected weakly: they live as long as the Build, which the Pelican object
    holds until its next run (or until it is dropped), so nothing outlives a build.
    """

    def __init__(self, settings: dict[str, Any]):
        self.state: BuildState = load_build_state(settings)
        self._reader: MarkdownItReader | None = None
        self._results: dict[str, ResultCache] = {}

    def connect(self) -> None:
        signals.readers_init.connect(self.install_reader)
        signals.generator_init.connect(self.prepare_generator)
        signals.page_generator_finalized.connect(self.pages_read)
        signals.all_generators_finalized.connect(self.generators_done)
        signals.finalized.connect(self.finish)

    def disconnect(self) -> None:
        for signal, handler in ((signals.readers_init, self.install_reader),
                                (signals.generator_init, self.prepare_generator),
                                (signals.page_generator_finalized, self.pages_read),
                                (signals.all_generators_finalized, self.generators_done),
                                (signals.finalized, self.finish)):
            signal.disconnect(handler)

    def install_reader(self, readers: Any) -> None:
        """Our reader owns the Markdown extensions, and reads with this build's state.

        Every generator makes its own Readers; they all share the build's one reader (and so
        its one markdown-it parser).
        """
        for extension in MARKDOWN_EXTENSIONS:
            readers.reader_classes[extension] = self.reader

    def reader(self, settings: dict[str, Any]) -> MarkdownItReader:
        if self._reader is None:
            self._reader = MarkdownItReader(settings, self.state)
        return self._reader

    def prepare_generator(self, generator: Any) -> None:
        """Our generators get the state; every template environment gets (null) translations and
        keeps its compiled templates in the project cache; the reader learns which pages Pelican
        will read, to read them on every core."""
        if any(isinstance(generator, kind) for kind in GENERATORS):
            generator.state = self.state
        if isinstance(generator, PagesGenerator):
            settings = generator.settings
            files = generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"])
            self.reader(settings).expect([os.path.abspath(os.path.join(generator.path, name)) for name in files
                                          if name.rsplit(".", 1)[-1] in MARKDOWN_EXTENSIONS])
        install_translations(generator.env)
        use_template_cache(generator.env, generator.settings, self.state.project)
        _forget_shadowed_readers(generator)

    def pages_read(self, generator: Any) -> None:
        """Every page is read: the cross-page stage, before any other generator looks at pages."""
        pages = [*generator.context.get("pages", []), *generator.context.get("hidden_pages", [])]
        add_mission_views(pages, self.state)
        parses = self.results("page-text")
        check_stated_errors(pages, self.state, parses)
        if parses is not None:
            parses.save()
        # The main navigation, sorted once per build instead of once per page rendered.
        generator.context["farside_nav"] = sorted(
            (p for p in generator.context.get("pages", []) if getattr(p, "nav_order", None)),
            key=lambda p: p.nav_order)

    def generators_done(self, generators: list[Any]) -> None:
        """Every generator has read its content; nothing is written yet.

        Stop on errors (all of them at once), else describe every page for publishing
        (dates, canonical, JSON-LD, cite) now that every generator has added its pages.
        """
        check_pages(generators, self.state.log)  # content file types, links, page addresses, control characters
        if self.state.log:
            self.disconnect()
            raise BuildFailed(self.state.log.errors)
        for generator in generators:
            if isinstance(generator, PublishingGenerator):
                generator.describe()
        _pin_addresses(generators)

    def finish(self, pelican: Any) -> None:
        """After writing: no note's banned wording in anything published (titles, JSON-LD, CSV...)."""
        self.disconnect()
        if self.state.citation_standard.enabled:
            results = self.results("published-wordings")
            for note, wording, published in stated_errors(Path(pelican.output_path), self.state.notes, results,
                                                          links=self.results("written-links")):
                self.state.log.add(note.path, note.line("never_state"),
                                   f'"{wording}" (never_state of note \'{note.id}\') is published in {published}; '
                                   "correct the page, title, description or data value that says it")
            if results is not None:
                results.save()
        if self.state.log:
            raise BuildFailed(self.state.log.errors)

    def results(self, kind: str) -> ResultCache | None:
        """Results of a check kept between builds (None without the project cache); one object
        per kind in a build, so a check can leave results for another (the link gate)."""
        if self.state.cache is None:
            return None
        if kind not in self._results:
            self._results[kind] = self.state.cache.results(kind)
        return self._results[kind]


def _pin_addresses(generators: list[Any]) -> None:
    """Each page's address, worked out once now that nothing changes what it is made from.

    Pelican works ``page.url`` out again from the settings and the metadata at every use (about
    twenty a page: templates, References, source pages); its own ``override_url`` (what a
    ``url:`` in the front matter sets) keeps the value instead. Pages only: a static file's
    address may still move when a page attaches it ({attach}), and Pelican never moves one
    with an override. ``save_as`` is left alone: its override would also change how Pelican's
    writer treats a file written twice.
    """
    seen: set[int] = set()
    for generator in generators:
        context = generator.context
        for page in [*context.get("pages", []), *context.get("hidden_pages", []),
                     *context.get("generated_content", {}).values()]:
            if id(page) in seen or not isinstance(page, Page) or hasattr(page, "override_url"):
                continue
            seen.add(id(page))
            page.override_url = page.url


def _forget_shadowed_readers(generator: Any) -> None:
    """A disabled reader for an extension another reader handles is not a problem.

    Without the ``markdown`` package Pelican keeps its MarkdownReader as a disabled
    reader and warns about every .md file, although ours reads them.
    """
    readers = generator.readers
    for extension in list(readers.disabled_readers):
        if extension in readers.readers:
            del readers.disabled_readers[extension]


def _start_build(pelican: Any) -> list[type]:
    """`get_generators` is the first signal of every Pelican.run(): a new Build starts here."""
    previous = getattr(pelican, BUILD_ATTRIBUTE, None)
    if previous is not None:
        previous.disconnect()
    build = Build(pelican.settings)
    setattr(pelican, BUILD_ATTRIBUTE, build)
    build.connect()
    return GENERATORS


def _configure_templates(pelican: Any) -> None:
    """Our filter, and the i18n extension the theme's {% trans %} tags need (pelicanconf.py enables
    it too; this keeps the theme working with settings that forget it)."""
    settings = pelican.settings
    settings.setdefault("JINJA_FILTERS", {})["farside_date"] = format_date
    environment = settings.setdefault("JINJA_ENVIRONMENT", {})
    extensions = list(environment.get("extensions", []))
    if I18N_EXTENSION not in extensions:
        environment["extensions"] = [*extensions, I18N_EXTENSION]


def _writer(pelican: Any) -> type:
    """Pages are rendered on every core (writer.py); every other write is Pelican's own."""
    return ParallelWriter


def register() -> None:
    signals.initialized.connect(_configure_templates)
    signals.get_generators.connect(_start_build)
    signals.get_writer.connect(_writer)
