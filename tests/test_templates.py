"""The theme's templates: all of them load, and their words go through gettext (ready for a language)."""
from __future__ import annotations

import pytest
from jinja2 import Environment

from support.site import PROJECT
from support.theme import environment, fresh_environment

TEMPLATES = PROJECT / "theme" / "templates"
ALL = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt"))
# Templates whose words are all wrapped for translation (base.html and the citation partials
# belong to other work in progress and are not yet).
TRANSLATED = ["comparison.html", "timeline.html", "partials/key-facts.html", "sources.html", "source.html",
              "coverage.html", "search.html", "partials/source-note.html", "partials/captions/relay.html",
              "text/coverage-title.txt", "text/source-description.txt", "text/cite-plain.txt"]


def translatedenvironment() -> Environment:
    """The build's environment with a stand-in 'language' that brackets every message."""
    env = fresh_environment()
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda text: f"«{text}»", lambda one, many, n: f"«{one if n == 1 else many}»", newstyle=True)
    return env


@pytest.mark.parametrize("name", ALL)
def test_template_loads(name: str) -> None:
    environment().get_template(name)


@pytest.mark.parametrize("name", TRANSLATED)
def test_template_words_are_marked_for_translation(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert list(environment().extract_translations(source)), f"{name} has no message for a translator"


def test_a_translation_reaches_the_fragments() -> None:
    env = translatedenvironment()
    label = env.get_template("partials/source-note.html").render(part="label", field="said", note=None)
    assert label.strip() == "«What a source said.»"
    caption = env.get_template("partials/captions/relay.html").render()
    assert caption.startswith("«Why the far side needs a relay")


def test_translations_keep_escaping() -> None:
    """A translated sentence's variables are still escaped: translators can't break the page."""
    env = translatedenvironment()
    html = env.get_template("partials/source-note.html").render(
        part="open", heading=False, note=type("Note", (), {"id": "x", "kind": "error", "topic": "<b>&"})())
    assert "&lt;b&gt;&amp;" in html and "«A source is wrong»" in html
