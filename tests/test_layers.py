"""The package's layers: a module may import its own layer and the ones below, never above."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
LAYERS = [
    "config",
    "corpus",
    "embeddings",
    "indexing",
    "retrieval",
    "figures",
    "claims",
    "answers",
    "web",
    "bench",
    "cli",
    "__main__",
]


def _layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def _imports(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = parts[:-1]  # the package a relative import starts from
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith("assistant."):
                target = node.module.removeprefix("assistant.")
            else:
                continue
            if target:
                found.append(target)
    return found


def test_lower_layers_never_import_higher_ones() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py" and path.parent == PACKAGE:
            continue
        own = ".".join(
            p for p in path.relative_to(PACKAGE).with_suffix("").parts if p != "__init__"
        )
        for target in _imports(path):
            if target.split(".")[0] in LAYERS and _layer(target) > _layer(own):
                wrong.append(f"{own} imports {target}")
    assert wrong == []
