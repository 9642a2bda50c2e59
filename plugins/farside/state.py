"""The build state: one object per build, created when a build starts and passed explicitly.

It holds what every stage shares: the loaded editor data (sources, notes, exclusions,
missions), the figures pages may place, the Jinja environment that renders HTML fragments
inside Markdown (notes, figures), and the error log. Nothing here is kept between builds:
`make serve` starts each rebuild from a new BuildState, so edited data is always reread.
Nothing here imports Pelican; `settings` is only read.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from .cache import PageCache, open_page_cache, use_template_cache
from .citations.coverage import Exclusion, load_exclusions
from .citations.standard import CitationStandard, standard_from_settings
from .diagrams import Figure, relay_diagram
from .editordata import project_schema
from .errors import ErrorLog
from .missions import MissionData, load_missions, mission_figures
from .missions.citecheck import check_mission_citations
from .notes import SourceNote, load_notes
from .parallel import replay, warnings_kept
from .sources import Source, load_registry

I18N_EXTENSION = "jinja2.ext.i18n"
I18N_EXTENSION_ID = "jinja2.ext.InternationalizationExtension"  # its name in Environment.extensions


@dataclass
class BuildState:
    project: Path
    data: Path
    log: ErrorLog
    sources: dict[str, Source]
    notes: dict[str, SourceNote]
    figures: dict[str, Figure]
    exclusions: dict[str, list[Exclusion]]
    missions: MissionData
    templates: Environment  # the theme's templates, for fragments rendered inside Markdown
    citation_standard: CitationStandard = field(default_factory=lambda: CitationStandard(enabled=False))
    cache: PageCache | None = None  # the project cache for this build's inputs (FARSIDE_CACHE)

    def render(self, template: str, **data: Any) -> Markup:
        """An HTML fragment from a theme template (the Markdown plugins call this)."""
        return Markup(self.templates.get_template(template).render(**data))

    def text(self, template: str, **data: Any) -> str:
        """Plain text from a theme template (``text/*.txt``): words Python needs as data, such as a
        generated page's title or description, still written (and translated) in the theme."""
        return " ".join(self._plain_templates.get_template(template).render(**data).split())

    @functools.cached_property
    def _plain_templates(self) -> Environment:
        return self.templates.overlay(autoescape=False, finalize=None)


def load_build_state(settings: Mapping[str, Any]) -> BuildState:
    """Load and check every editor data file once, at the start of a build.

    With the project cache, data loaded without errors by an earlier build from the same inputs
    (every file in data/, the theme, the settings, the plugin's code) is reused, and the
    warnings its loading gave are given again.
    """
    project = Path(settings["PATH"]).resolve().parent
    data = Path(settings.get("DATA_PATH", project / "data"))
    if not data.is_absolute():
        data = project / data
    log = ErrorLog(root=project)
    cache = open_page_cache(settings, project, data)
    kept = cache.get_state() if cache is not None else None
    if kept is not None:
        loaded, warnings = kept
    else:
        with warnings_kept() as warnings:
            loaded = _load_data(settings, data, log)
        if cache is not None and not log:
            cache.put_state((loaded, warnings))
    replay(warnings)
    sources, notes, exclusions, missions, standard = loaded
    return BuildState(project, data, log, sources, notes, figures=standard_figures(missions),
                      exclusions=exclusions, missions=missions, templates=theme_environment(settings, project),
                      citation_standard=standard, cache=cache)


LoadedData = tuple[dict[str, Source], dict[str, SourceNote], dict[str, list[Exclusion]], MissionData, CitationStandard]


def _load_data(settings: Mapping[str, Any], data: Path, log: ErrorLog) -> LoadedData:
    sources = load_registry(data / "sources", log)
    missions = load_missions(data / "missions", project_schema(data, "mission"), sources, log)
    notes = load_notes(data / "notes.yaml", sources, log)
    exclusions = load_exclusions(data / "exclusions.yaml", sources, log)
    standard = standard_from_settings(settings, notes, sources)
    errors, warnings = check_mission_citations(missions, sources, standard)
    log.extend(errors)
    for warning in warnings:
        logging.getLogger(__name__).warning("%s", warning)
    return sources, notes, exclusions, missions, standard


def theme_environment(settings: Mapping[str, Any], project: Path | None = None) -> Environment:
    """A Jinja environment over the theme, configured as Pelican configures the page templates.

    Its fragments go inside markdown-it's HTML, so values are escaped as markdown-it escapes
    text (& < > " but not '), and a page reads the same whichever of the two wrote a word.
    """
    folders = [*map(str, settings.get("THEME_TEMPLATES_OVERRIDES", [])), str(Path(settings["THEME"]) / "templates")]
    options = dict(settings.get("JINJA_ENVIRONMENT", {}))
    options["extensions"] = list(dict.fromkeys([*options.get("extensions", []), I18N_EXTENSION]))
    env = Environment(loader=FileSystemLoader(folders), finalize=_escape_as_markdown, **options)
    env.filters.update(settings.get("JINJA_FILTERS", {}))
    install_translations(env)
    if project is not None:
        use_template_cache(env, settings, project)
    return env


def _escape_as_markdown(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(escapeHtml(value))
    return value


def install_translations(env: Environment) -> None:
    """No second language yet: `{% trans %}` and `_()` return the English text unchanged.

    A language would install gettext translations from a Babel catalog here instead
    (`env.install_gettext_translations(gettext.translation("messages", "theme/translations", [lang]))`).
    """
    if I18N_EXTENSION_ID in env.extensions:
        env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]


def standard_figures(missions: MissionData | None = None) -> dict[str, Figure]:
    """Figures any page can place with [!figure name]; the map is drawn from the mission data."""
    return {
        **(mission_figures(missions) if missions is not None else {}),
        "relay": Figure(relay_diagram, ""),  # its caption is the template partials/captions/relay.html
    }
