"""Citations: parse the Markdown syntax, verify quotes against sources, render marks and references."""
from .model import CitableSource, CitationUse, Cite, PageCitations
from .syntax import CitationSyntaxError, citations_plugin, parse_citations, parse_group, split_citations
from .verify import closest_passage, find_quote, normalise_quote

__all__ = ["CitableSource", "CitationUse", "Cite", "PageCitations", "CitationSyntaxError", "citations_plugin",
           "parse_citations", "parse_group", "split_citations", "closest_passage", "find_quote", "normalise_quote"]
