"""Module sizes and function lengths of the application code (not tests, not migrations).

    .venv/bin/python bench/code_metrics.py

A function's length is its line count from `def` to its last line, docstring included.
"""

import ast
import pathlib
import statistics
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SKIP = {".venv", "tests", "migrations", "bench", "node_modules"}


def sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def main() -> int:
    lengths, big = [], []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > 500:
            big.append((lines, path.relative_to(ROOT)))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths.append(node.end_lineno - node.lineno + 1)
    deciles = statistics.quantiles(lengths, n=10)
    print(
        f"functions: {len(lengths)}, median {statistics.median(lengths):.0f} lines, "
        f"p90 {deciles[-1]:.0f}, longest {max(lengths)}"
    )
    print("modules over 500 lines:", ", ".join(f"{p} ({n})" for n, p in big) or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
