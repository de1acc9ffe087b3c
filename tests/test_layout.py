"""The package's layout: one folder per feature, and no import runs back up a floor.

Floors, from the ground up (a module may import its own floor and those below):

0. ``_validation``: the checks every public function runs, and ``i18n``: the languages of
   what the code says to learners (standard library only);
1. the numerical modules and ``display``, ``timing``;
2. ``plotting``: the matplotlib figures;
3. the features, ``stepper/`` and ``playground/``: each model, drawing, figure and widget;
4. what only wires: ``widgets`` (both widgets in one import), ``checks/``, the command
   line ``convolutions`` and the package's ``__init__``.

Inside a feature, each layer imports only the layers listed before it in the
feature's docstring (the model first, the widget last).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "course_utils"

FLOORS = {
    "_validation": 0,
    "i18n": 0,
    **dict.fromkeys(["kernels", "images", "borders", "classic", "filtering", "_tuned",
                     "windows", "valid", "cnn", "network", "learning", "fast", "display",
                     "timing"], 1),
    "plotting": 2,
    "stepper": 3,
    "playground": 3,
    **dict.fromkeys(["widgets", "checks", "convolutions", "__init__"], 4),
}
#: The layers of each feature, in the order their docstring lists them.
FEATURE_LAYERS = {
    "stepper": ["model", "readout", "drawing", "renderer", "figure", "widget", "__init__"],
    "playground": ["model", "figure", "widget", "__init__"],
}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_images" not in p.parts)


def dotted(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts


def imported(path: Path) -> set[tuple[str, ...]]:
    """The package's modules (as dotted parts below ``course_utils``) a module imports."""
    here = dotted(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
            target = base + tuple(node.module.split(".")) if node.module else base
            found.add(target)
            if not node.module:  # from . import nb01
                found.update(base + (alias.name,) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
            found.add(tuple(node.module.split(".")[1:]))
    return {t for t in found if t and t != here}


def floor(parts: tuple[str, ...]) -> int:
    return FLOORS[parts[0]]


def test_every_module_has_a_floor():
    """A new top-level module must be placed on a floor here (and so, thought about)."""
    missing = {dotted(p)[0] for p in modules()} - set(FLOORS)
    assert not missing


def test_no_top_level_module_carries_a_feature_prefix():
    top = [p.stem for p in PACKAGE.glob("*.py")]
    assert not [name for name in top if name.startswith(("stepper", "playground"))]
    for feature, layers in FEATURE_LAYERS.items():
        assert sorted(p.stem for p in (PACKAGE / feature).glob("*.py")) == sorted(layers)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_runs_back_up_a_floor(path):
    here = dotted(path)
    upward = [".".join(t) for t in imported(path) if floor(t) > floor(here)]
    assert not upward, f"{'.'.join(here)} imports from a higher floor: {upward}"


@pytest.mark.parametrize("feature", FEATURE_LAYERS)
def test_a_features_layers_import_only_the_layers_before_them(feature):
    order = FEATURE_LAYERS[feature]
    for path in (PACKAGE / feature).glob("*.py"):
        rank = order.index(path.stem)
        for target in imported(path):
            if target[:1] == (feature,) and len(target) > 1:
                assert order.index(target[1]) < rank, (path.name, target)
            # a feature never imports the other feature
            assert target[0] not in set(FEATURE_LAYERS) - {feature}, (path.name, target)


def test_the_import_graph_has_no_cycle():
    graph = {dotted(p): imported(p) for p in modules()}
    done: set[tuple] = set()

    def visit(node, trail):
        for target in graph.get(node, ()):
            assert target not in trail, \
                f"import cycle: {' -> '.join('.'.join(t) for t in [*trail, target])}"
            if target not in done:
                visit(target, [*trail, target])
        done.add(node)

    for node in graph:
        visit(node, [node])
