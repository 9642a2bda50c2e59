"""Our Pelican plugin: wires each stage of the pipeline into Pelican's signals, nothing else."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals

from .errors import BuildFailed, ErrorLog
from .reader import ERROR_LOG_SETTING, MARKDOWN_EXTENSIONS, MarkdownItReader


def _start_build(pelican: Any) -> None:
    """A fresh ErrorLog per build, so autoreload does not repeat old errors."""
    pelican.settings[ERROR_LOG_SETTING] = ErrorLog(root=Path(pelican.settings["PATH"]).parent)


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


def _stop_on_errors(generators: list[Any]) -> None:
    """Runs after every generator has read its content and before anything is written."""
    log = generators[0].settings.get(ERROR_LOG_SETTING) if generators else None
    if log:
        raise BuildFailed(log.errors)


def register() -> None:
    signals.initialized.connect(_start_build)
    signals.readers_init.connect(_install_reader)
    signals.generator_init.connect(_forget_shadowed_readers)
    signals.all_generators_finalized.connect(_stop_on_errors)
