"""Publishing: what a published site needs beyond its pages.

Last-updated dates (front matter, else git, else the build date), "Cite this page"
texts, schema.org JSON-LD, sitemap.xml and robots.txt. Plain functions on plain
values; only ``generator.py`` knows Pelican.
"""
from .cite import CitationText, cite_this_page
from .dates import LastUpdated, last_updated_dates
from .jsonld import article_jsonld, json_for_script
from .sitemap import robots_txt, sitemap_xml

__all__ = ["CitationText", "cite_this_page", "LastUpdated", "last_updated_dates", "article_jsonld",
           "json_for_script", "robots_txt", "sitemap_xml"]
