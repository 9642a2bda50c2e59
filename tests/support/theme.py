"""The theme's templates as the build uses them, for unit tests of code that renders them."""
from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from farside.citations.render import format_date
from farside.state import theme_environment
from support.site import PROJECT


@functools.cache
def environment() -> Environment:
    return fresh_environment()


def fresh_environment() -> Environment:
    """A new environment, for a test that changes it (installs translations...)."""
    from pelican.settings import read_settings

    settings = read_settings(str(PROJECT / "pelicanconf.py"))
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "farside_date": format_date}
    return theme_environment(settings)


def render(template: str, **data: Any) -> Markup:
    """What the build's BuildState.render does, with the project's own theme and settings."""
    return Markup(environment().get_template(template).render(**data))


def text(template: str, **data: Any) -> str:
    """What the build's BuildState.text does."""
    plain = environment().overlay(autoescape=False, finalize=None)
    return " ".join(plain.get_template(template).render(**data).split())
