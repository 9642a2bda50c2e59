"""One build state per build: nothing outlives a build, and the generators run in any order."""
from __future__ import annotations

import weakref
from pathlib import Path

import pytest

from farside import plugin
from support.site import _logging_kept as _quiet_logging
from support.site import copy_project


def _pelican(project: Path, output: Path) -> object:
    from pelican import Pelican
    from pelican.settings import read_settings

    with _quiet_logging():
        return Pelican(read_settings(str(project / "pelicanconf.py"), override={"OUTPUT_PATH": str(output)}))


def _connected_builds() -> list[object]:
    """Signal handlers that belong to a Build (weakly or strongly connected)."""
    from pelican import signals

    found = []
    for signal in (signals.readers_init, signals.generator_init, signals.page_generator_finalized,
                   signals.all_generators_finalized, signals.finalized):
        for receiver in signal.receivers.values():
            target = receiver() if isinstance(receiver, weakref.ref) else receiver
            if isinstance(getattr(target, "__self__", None), plugin.Build):
                found.append(target)
    return found


def test_the_handler_check_sees_a_connected_build(tmp_path: Path) -> None:
    """(So that the checks below could fail.)"""
    project = copy_project(tmp_path / "project")
    build = plugin.Build(_pelican(project, tmp_path / "out").settings)  # type: ignore[attr-defined]
    build.connect()
    try:
        assert len(_connected_builds()) == 5
    finally:
        build.disconnect()
    assert _connected_builds() == []


def test_a_rebuild_rereads_the_data_and_leaves_nothing_connected(tmp_path: Path) -> None:
    """`make serve` runs one Pelican object again and again: each run starts from the files."""
    project = copy_project(tmp_path / "project")
    pelican = _pelican(project, tmp_path / "out")
    with _quiet_logging():
        pelican.run()  # type: ignore[attr-defined]
    assert _connected_builds() == [], "a finished build leaves no signal handler behind"
    mission = project / "data" / "missions" / "change-4.yaml"
    mission.write_text(mission.read_text(encoding="utf-8").replace("name: Chang'e-4", "name: Chang'e-4 (renamed)"),
                       encoding="utf-8")
    with _quiet_logging():
        pelican.run()  # type: ignore[attr-defined]
    assert "(renamed)" in (tmp_path / "out" / "comparison" / "index.html").read_text(encoding="utf-8")
    assert _connected_builds() == []


def test_generators_run_in_any_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    outputs = []
    for order in (list(plugin.GENERATORS), list(reversed(plugin.GENERATORS))):
        monkeypatch.setattr(plugin, "GENERATORS", order)
        output = tmp_path / f"out-{len(outputs)}"
        with _quiet_logging():
            _pelican(project, output).run()  # type: ignore[attr-defined]
        outputs.append({p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
                        if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []


def test_a_failed_build_leaves_nothing_connected(tmp_path: Path) -> None:
    from farside.errors import BuildFailed

    project = copy_project(tmp_path / "project")
    (project / "content" / "pages" / "about.md").write_text("no front matter\n", encoding="utf-8")
    with _quiet_logging(), pytest.raises(BuildFailed) as failure:
        _pelican(project, tmp_path / "out").run()  # type: ignore[attr-defined]
    assert [error.path for error in failure.value.errors] == ["content/pages/about.md"]
    assert _connected_builds() == []


def test_pinned_page_addresses_are_the_ones_pelican_works_out(tmp_path: Path) -> None:
    """Addresses are worked out once, after every stage that could change them (plugin._pin_addresses)."""
    from pelican import signals

    project = copy_project(tmp_path / "project")
    pelican = _pelican(project, tmp_path / "out")
    contexts: list[dict[str, object]] = []

    def keep(generator: object) -> None:
        contexts.append(generator.context)  # type: ignore[attr-defined]

    signals.page_generator_finalized.connect(keep)
    try:
        with _quiet_logging():
            pelican.run()  # type: ignore[attr-defined]
    finally:
        signals.page_generator_finalized.disconnect(keep)
    pages = [*contexts[0]["pages"], *contexts[0]["hidden_pages"], *contexts[0]["generated_content"].values()]  # type: ignore[misc]
    pinned = [page for page in pages if hasattr(page, "override_url")]
    assert len(pinned) >= len(contexts[0]["pages"]) > 0  # type: ignore[arg-type]
    assert any("url" not in page.metadata for page in pinned), "some addresses were pinned by the build"
    for page in pinned:
        key = "url" if page.in_default_lang else "lang_url"
        expected = page.metadata["url"] if "url" in page.metadata else page._expand_settings(key)
        assert page.override_url == expected, page.source_path
        assert (tmp_path / "out" / page.save_as).is_file() or not page.save_as, page.save_as
