"""The direction of imports (../shared/ARCHITECTURE.md, README "How the code is laid out"):
each package imports only its own floor and the floors below; only the Pelican adapters import Pelican."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from support.site import PROJECT

PACKAGE = PROJECT / "plugins" / "farside"
# Module (or package) -> floor. A `generator.py` inside a stage package is that stage's Pelican
# adapter: it sits on floor 5 with the reader and the generators, whatever its folder.
FLOORS = {
    "errors": 1, "editordata": 1, "frontmatter": 1, "urls": 1, "mdparser": 1, "links": 1, "toc": 1,
    "htmlscan": 1, "parallel": 1, "cache": 1,
    "sources": 2,
    "citations": 3,
    "missions": 4, "notes": 4, "diagrams": 4, "publishing": 4,
    "state": 5, "reader": 5, "generators": 5, "pagecheck": 5, "writer": 5,
    "plugin": 6, "__init__": 6,
}
ADAPTER = 5
PELICAN_FLOORS = {5, 6}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def floor_of(path: Path) -> int:
    relative = path.relative_to(PACKAGE)
    if relative.name == "generator.py":
        return ADAPTER
    key = relative.parts[0].removesuffix(".py")
    assert key in FLOORS, f"plugins/farside/{relative}: give it a floor in tests/test_architecture.py"
    return FLOORS[key]


def imports(path: Path) -> list[tuple[str, int]]:
    """(imported module as 'farside.x.y' or top-level name, line) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["farside", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
                targets = [name] if node.module else [f"{name}.{alias.name}" for alias in node.names]
                found += [(target, node.lineno) for target in targets]
            else:
                found.append((node.module or "", node.lineno))
    return found


def target_path(name: str) -> Path | None:
    parts = name.split(".")[1:]
    for end in range(len(parts), 0, -1):
        candidate = PACKAGE.joinpath(*parts[:end])
        if candidate.with_suffix(".py").is_file():
            return candidate.with_suffix(".py")
        if (candidate / "__init__.py").is_file():
            return candidate / "__init__.py"
    return None


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_down(path: Path) -> None:
    floor = floor_of(path)
    for name, line in imports(path):
        where = f"plugins/farside/{path.relative_to(PACKAGE)}:{line}"
        if name.split(".")[0] == "pelican":
            assert floor in PELICAN_FLOORS, f"{where}: only the Pelican adapters import Pelican"
        if name.split(".")[0] != "farside":
            continue
        target = target_path(name)
        assert target is not None, f"{where}: {name} not found"
        if target.parent == path.parent and path.name != "__init__.py":
            continue  # a module may use its own package's other modules
        assert floor_of(target) <= floor, f"{where}: floor {floor} imports {name} (floor {floor_of(target)})"
