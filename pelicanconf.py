"""Pelican settings for local builds (`make html`, `make serve`).

URLs are relative, so the same output works at a domain root, under a project
path, and on the dev server. publishconf.py switches to absolute URLs.
"""
from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
sys.path.insert(0, str(PROJECT / "plugins"))

AUTHOR = "Far Side Explainer editors"
SITENAME = "Far Side"
SITESUBTITLE = "China's missions to the far side of the Moon, cited line by line"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = "content"
THEME = "theme"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS: list[str] = []
DATA_PATH = "data"  # sources and missions, read by our plugins, not by Pelican

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["farside"]

# Pages live at /<slug>/ ; the home page and the 404 page set save_as themselves.
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# No blog machinery: no index of articles, no tag/category/author/archive pages.
DIRECT_TEMPLATES: list[str] = []
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Templates escape everything unless our own code marks its HTML as safe.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],  # {% trans %} and _() in templates; null translations until a second language
}

# Byte-stable output: no caches that depend on previous runs.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# tools/build.py builds into a new staging folder and swaps it in whole; Pelican never deletes.
DELETE_OUTPUT_DIRECTORY = False

# Only Markdown pages are content: Pelican's own HTML and reStructuredText readers would publish
# a file raw, skipping escaping, front matter and citation checks. The farside plugin reports any
# other file in content/ as an error.
READERS = {"html": None, "htm": None, "rst": None}
TYPOGRIFY = False
# The citation standard (README "The citation standard": facts in quotes, quote length, one mark
# per source, error passages, quoted shares). "2026" enforces it in every build; "" keeps only
# the basic checks (the quote is in the source), for a project still moving its content over.
FARSIDE_CITATION_STANDARD = "2026"
# The project cache (plugins/farside/cache.py): pages an earlier build read are reused when the
# page, the data, the theme, these settings and the plugin's code are all unchanged. A folder
# relative to the project; "" reads every page every time.
FARSIDE_CACHE = ".farside-cache"
SUMMARY_MAX_LENGTH = None
DEFAULT_PAGINATION = False
