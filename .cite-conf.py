import sys
sys.path.insert(0, "/work/wt-cite")
from pelicanconf import *  # noqa
FARSIDE_CITATION_STANDARD = "2026"
