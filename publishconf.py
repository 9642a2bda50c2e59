"""Pelican settings for the published site (GitHub Pages).

SITEURL comes from the environment, e.g. https://OWNER.github.io/REPO for a project
site, so every link is absolute and works under the project path.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    raise SystemExit("publishconf.py: SITEURL is not set; run e.g. SITEURL=https://OWNER.github.io/REPO make publish")
RELATIVE_URLS = False
