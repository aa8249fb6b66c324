"""The layering rule of DESIGN.md, checked on the source: surfaces -> services -> io/runtime -> stages -> core.

Nothing imports upward, and stages talk to each other only through the Article and what is
passed into their constructors: a stage package imports core, the shared lexicon and itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "communique"

# layer -> the layers its modules may import (besides their own package)
ALLOWED = {
    "core": {"core"},
    "stages": {"core", "stages.lexicon"},
    "runtime": {"core", "runtime"},
    "io": {"core", "io", "runtime"},
    "services": {"core", "io", "runtime", "services", "stages"},
    "surfaces": {"core", "io", "runtime", "services", "stages", "surfaces"},
}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.parent != SRC)


def _package(path: Path) -> tuple[str, str]:
    """Return (layer, own package) of a module: ("stages", "stages.actors")."""
    rel = path.relative_to(SRC).parts
    layer = rel[0]
    own = ".".join(rel[:2]) if layer == "stages" and len(rel) > 2 else layer
    return layer, own


def _imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("communique.") \
                and node.level == 0:
            out.append((node.lineno, node.module.removeprefix("communique.")))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name.removeprefix("communique.")) for a in node.names
                    if a.name.startswith("communique.")]
    return out


def _violations() -> list[str]:
    bad = []
    for path in _modules():
        layer, own = _package(path)
        allowed = ALLOWED[layer] | {own}
        for line, target in _imports(path):
            if not any(target == a or target.startswith(a + ".") for a in allowed):
                bad.append(f"{path.relative_to(SRC)}:{line} imports communique.{target}")
    return bad


def test_layout_every_module_is_in_a_layer():
    assert {p.relative_to(SRC).parts[0] for p in _modules()} <= set(ALLOWED)


def test_layout_nothing_imports_upward_and_stages_do_not_import_each_other():
    assert _violations() == []


def test_layout_relative_imports_stay_inside_their_package():
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                pytest.fail(f"{path.relative_to(SRC)}:{node.lineno}: use an absolute import across packages")
