"""The package's layers: a module may import its own layer and the ones below, never above.

Every import form counts: ``import assistant.x``, ``from assistant.x import y``,
``from . import x``, ``from .x import y`` and ``from ..x import y``, at module level or inside a
function (heavy libraries are imported late, but a late import still ties two layers).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
#: bottom first; docs/ARCHITECTURE.md draws the same order
LAYERS = [
    "text",
    "config",
    "corpus",
    "embeddings",
    "indexing",
    "retrieval",
    "understanding",
    "figures",
    "claims",
    "judging",
    "answers",
    "web",
    "bench",
    "cli",
    "__main__",
]


def _layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def _own(path: Path) -> list[str]:
    return [p for p in path.relative_to(PACKAGE).with_suffix("").parts if p != "__init__"]


def imports_of(path: Path) -> list[str]:
    """Every module of the package that ``path`` imports, as a dotted name below ``assistant``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = parts[:-1]  # the package a relative import starts from
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [
                a.name.removeprefix("assistant.")
                for a in node.names
                if a.name.startswith("assistant.")
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                if node.module:
                    found.append(".".join([*base, node.module]))
                else:  # from . import x, y: each name is a module of that package
                    found += [".".join([*base, a.name]) for a in node.names]
            elif node.module and node.module.startswith("assistant."):
                found.append(node.module.removeprefix("assistant."))
            elif node.module == "assistant":
                found += [a.name for a in node.names]
    return [f for f in found if f]


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = ".".join(_own(path))
        if own:  # the package's own __init__ belongs to no layer
            out.append((own, path))
    return out


def test_every_module_belongs_to_a_layer() -> None:
    assert [own for own, _ in _modules() if own.split(".")[0] not in LAYERS] == []


def test_lower_layers_never_import_higher_ones() -> None:
    wrong = []
    for own, path in _modules():
        for target in imports_of(path):
            if target.split(".")[0] in LAYERS and _layer(target) > _layer(own):
                wrong.append(f"{own} imports {target}")
    assert wrong == []


def test_the_import_reader_sees_every_form(tmp_path: Path) -> None:
    probe = PACKAGE / "claims" / "_probe_for_layers_test.py"
    probe.write_text(
        "import assistant.web.app\nfrom . import detect\nfrom ..answers import models\n"
        "from .. import cli\nfrom assistant import bench\n"
        "def f():\n    from ..web.pages import router\n",
        encoding="utf-8",
    )
    try:
        found = imports_of(probe)
    finally:
        probe.unlink()
    assert found == [
        "web.app",
        "claims.detect",
        "answers",
        "cli",
        "bench",
        "web.pages",
    ]


#: narrower rules than the order above (docs/ARCHITECTURE.md, "Layering")
ONLY = {
    # reading an input needs the compiled cards and the text utilities, nothing else
    "understanding": ("understanding", "corpus", "text"),
    # the planner and the SQL know cards and readings, not retrieval or answers
    "figures": ("figures", "understanding", "corpus", "text"),
    # judging is pure: frames and figures in, a verdict out
    "judging": ("judging", "figures", "understanding", "corpus", "text"),
    # corpus loading reads files; it never imports an index or a model
    "corpus": ("corpus", "text"),
}


def test_narrower_rules_hold() -> None:
    wrong = []
    for own, path in _modules():
        allowed = ONLY.get(own.split(".")[0])
        if allowed is None:
            continue
        for target in imports_of(path):
            if target.split(".")[0] not in allowed:
                wrong.append(f"{own} imports {target}")
    assert wrong == []


def test_text_utilities_import_nothing_of_the_package() -> None:
    text_modules = [(own, p) for own, p in _modules() if own.startswith("text")]
    assert text_modules, "the text layer is missing"
    assert [t for own, p in text_modules for t in imports_of(p) if not t.startswith("text")] == []
