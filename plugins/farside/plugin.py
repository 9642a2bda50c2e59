"""Wires each stage of the pipeline into Pelican's signals, nothing else (see register())."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from .citations.render import format_date
from .errors import BuildFailed
from .notes.published import stated_errors
from .generators import SourcesGenerator
from .missions.generator import MissionsGenerator
from .publishing.generator import PublishingGenerator
from .reader import MARKDOWN_EXTENSIONS, MarkdownItReader
from .state import build_state, end_build


def _add_template_filters(pelican: Any) -> None:
    pelican.settings.setdefault("JINJA_FILTERS", {})["farside_date"] = format_date


def _install_null_translations(generator: Any) -> None:
    """_() and ngettext() in templates return English until a second language has a catalog."""
    env = getattr(generator, "env", None)
    if env is not None and "jinja2.ext.InternationalizationExtension" in env.extensions:
        env.install_null_translations(newstyle=True)


def _install_reader(readers: Any) -> None:
    """Our reader owns the Markdown extensions."""
    for extension in MARKDOWN_EXTENSIONS:
        readers.reader_classes[extension] = MarkdownItReader


def _forget_shadowed_readers(generator: Any) -> None:
    """A disabled reader for an extension another reader handles is not a problem.

    Without the ``markdown`` package Pelican keeps its MarkdownReader as a disabled
    reader and warns about every .md file, although ours reads them.
    """
    readers = generator.readers
    for extension in list(readers.disabled_readers):
        if extension in readers.readers:
            del readers.disabled_readers[extension]


def _add_generators(pelican: Any) -> list[type]:
    # missions before sources (their citations join the sources' "cited by"); publishing last: it describes every page
    return [MissionsGenerator, SourcesGenerator, PublishingGenerator]


def _stop_on_errors(generators: list[Any]) -> None:
    """Runs after every generator has read its content and before anything is written."""
    if not generators:
        return
    settings = generators[0].settings
    log = build_state(settings).log
    if log:
        end_build(settings)
        raise BuildFailed(log.errors)


def _describe_pages(generators: list[Any]) -> None:
    """Publishing metadata (dates, canonical, JSON-LD, cite) for every page of every generator."""
    for generator in generators:
        if isinstance(generator, PublishingGenerator):
            generator.describe()


def _finish(pelican: Any) -> None:
    """After writing: no note's banned wording in anything published (titles, JSON-LD, CSV...)."""
    state = build_state(pelican.settings)
    found = stated_errors(Path(pelican.output_path), state.notes) if state.citation_standard.enabled else []
    for note, wording, published in found:
        state.log.add(note.path, note.line("never_state"),
                      f'"{wording}" (never_state of note \'{note.id}\') is published in {published}; correct the '
                      "page, title, description or data value that says it")
    errors = list(state.log.errors)
    end_build(pelican.settings)
    if errors:
        raise BuildFailed(errors)


def _build_menu(generator: Any) -> None:
    """The main navigation, sorted once per build instead of once per page rendered."""
    pages = generator.context.get("pages", [])
    generator.context["farside_nav"] = sorted((p for p in pages if getattr(p, "nav_order", None)),
                                              key=lambda p: p.nav_order)


def register() -> None:
    signals.initialized.connect(_add_template_filters)
    signals.readers_init.connect(_install_reader)
    signals.generator_init.connect(_forget_shadowed_readers)
    signals.generator_init.connect(_install_null_translations)
    signals.get_generators.connect(_add_generators)
    signals.page_generator_finalized.connect(_build_menu)
    signals.all_generators_finalized.connect(_stop_on_errors)
    signals.all_generators_finalized.connect(_describe_pages)
    signals.finalized.connect(_finish)
