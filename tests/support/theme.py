"""The theme's fragment templates, for unit tests of the Markdown plugins that render them."""
from __future__ import annotations

import functools
from typing import Any

from markupsafe import Markup

from farside.state import theme_environment
from support.site import PROJECT


@functools.cache
def _environment() -> Any:
    from pelican.settings import read_settings

    return theme_environment(read_settings(str(PROJECT / "pelicanconf.py")))


def render(template: str, **data: Any) -> Markup:
    """What the build's BuildState.render does, with the project's own theme and settings."""
    return Markup(_environment().get_template(template).render(**data))
