"""The code keeps the shape new apps copy (CONVENTIONS.md): a module in src/ stays under 500
lines, a function under 60. When one grows past it, split it where a name explains the piece
(its checks, the rows it builds, its side effects), not by cutting at the limit."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "wenming"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.relative_to(SRC).parts:
            yield path, path.read_text(encoding="utf-8")


def test_no_module_in_src_passes_500_lines():
    too_long = [
        f"{path.relative_to(SRC.parent)}: {len(text.splitlines())} lines"
        for path, text in _modules()
        if len(text.splitlines()) > MAX_MODULE_LINES
    ]
    assert not too_long, "split by sub-concept: " + "; ".join(too_long)


def test_no_function_in_src_passes_60_lines():
    """Counted from ``def`` to the last line, signature and docstring included."""
    too_long = []
    for path, text in _modules():
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    where = f"{path.relative_to(SRC.parent)}:{node.lineno}"
                    too_long.append(f"{where} {node.name}: {lines} lines")
    assert not too_long, "name the pieces: " + "; ".join(too_long)
