"""An import inside a function only where it is truly lazy, and saying why (issue 18).

Imports belong at the top of the module. One stays inside a function only when it must: a heavy library that few
requests need (pyHanko, openpyxl, WeasyPrint…), a module that may not be imported at the top (the app order, a
circle that import-linter would report, the app registry not ready yet). Such an import carries a comment starting
with ``# lazy:`` on its own line or on the line just above; a comment above a run of consecutive imports covers
the run. Imports in an ``AppConfig.ready`` method are Django's documented place for them and need no comment.
"""

import ast
from pathlib import Path

from tests.test_module_size import ROOT, _modules

MARK = "# lazy:"

def _is_app_config_ready(function: ast.AST, owner: ast.AST | None) -> bool:
    if not isinstance(function, ast.FunctionDef) or function.name != "ready" or not isinstance(owner, ast.ClassDef):
        return False
    names = {base.id if isinstance(base, ast.Name) else getattr(base, "attr", "") for base in owner.bases}
    return "AppConfig" in names


def _function_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The imports inside a function or method, except those of ``AppConfig.ready``."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST, function: ast.AST | None, owner: ast.AST | None, parent: ast.AST | None) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and function is not None:
            if not _is_app_config_ready(function, owner):
                found.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child, node if isinstance(node, ast.ClassDef) else None, node)
            else:
                visit(child, function, owner, node)

    visit(tree, None, None, None)
    return found


def unexplained_imports(path: Path) -> list[int]:
    """The line numbers of the function-level imports of ``path`` that no ``# lazy:`` comment explains."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    imports = _function_imports(ast.parse(source))
    ends = {node.end_lineno: node for node in imports}
    explained: set[int] = set()
    missing = []
    for node in sorted(imports, key=lambda n: n.lineno):
        here, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
        previous = ends.get(node.lineno - 1)   # the import just above, in a run of imports
        if MARK in here or MARK in above or (previous is not None and previous.lineno in explained):
            explained.add(node.lineno)
        else:
            missing.append(node.lineno)
    return missing


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_scan_finds_an_unexplained_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import json\n\n    return json\n", encoding="utf-8")
    assert unexplained_imports(sample) == [2]


def test_a_lazy_comment_explains_a_run_of_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    # lazy: heavy\n    import json\n    import csv\n\n    return json, csv\n",
                      encoding="utf-8")
    assert unexplained_imports(sample) == []


def test_imports_in_app_config_ready_need_no_comment(tmp_path):
    sample = tmp_path / "apps.py"
    sample.write_text("from django.apps import AppConfig\n\n\nclass C(AppConfig):\n    def ready(self):\n"
                      "        from . import signals  # noqa: F401\n", encoding="utf-8")
    assert unexplained_imports(sample) == []


def test_every_import_inside_a_function_says_why_it_is_lazy():
    unexplained = [f"{_name(path)}:{line}" for path in _modules() for line in unexplained_imports(path)]
    assert unexplained == [], "move these imports to the top of the module, or say why with '# lazy: …'"
