"""The suite's own layout: tests by area, helpers in one support package, and no test
reaching into another test file for its helpers."""

from __future__ import annotations

import ast

from tests.support.paths import TESTS

AREAS = {"architecture", "domain", "storage", "cli", "ui", "reliability", "install"}


def test_every_test_file_sits_in_an_area():
    loose = sorted(p.name for p in TESTS.glob("test_*.py"))
    folders = {p.parent.name for p in TESTS.rglob("test_*.py")} - {"tests"}
    assert loose == [] and folders <= AREAS


def test_no_test_imports_another_test_file():
    reaching = []
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                    "tests.") and node.module.rsplit(".", 1)[-1].startswith("test_"):
                reaching.append(f"{path.relative_to(TESTS)} imports {node.module}")
    assert reaching == []


def test_helpers_live_in_the_support_package():
    """A module of the suite is a test file, the shared fixtures, or a support helper."""
    strays = sorted(str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py")
                    if p.parent.name != "support" and p.name not in {"__init__.py", "conftest.py"}
                    and not p.name.startswith("test_") and "__snapshots__" not in p.parts)
    assert strays == []
