"""Notes on the sources: where a source is wrong or sources disagree, written as data."""
from .model import SourceNote, load_notes
from .syntax import source_notes_plugin

__all__ = ["SourceNote", "load_notes", "source_notes_plugin"]
