"""The three layers (storage <- caseworker domain <- screens) and import-time hygiene."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from tests.support.paths import ROOT

# Modules of the `caseworker` package that belong to the user interface, not the domain.
UI_MODULES = {"caseworker.app"}
ENTRY_MODULES = {"caseworker.cli", "caseworker.__main__"}


def _modules(package: str) -> list[str]:
    names = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imports(module: str) -> set[str]:
    """Every module named by an import statement anywhere in the file, lazy ones included."""
    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = ROOT / module.replace(".", "/") / "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, json; import {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return set(json.loads(out))


def _top(name: str) -> str:
    return name.split(".")[0]


def _domain_modules() -> list[str]:
    return [m for m in _modules("caseworker")
            if m not in UI_MODULES and not any(m.startswith(e) for e in ENTRY_MODULES)]


@pytest.mark.parametrize("module", _modules("storage"))
def test_storage_imports_nothing_above_it(module):
    bad = {i for i in _imports(module) if _top(i) in {"caseworker", "screens", "textual", "rich"}}
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", _domain_modules())
def test_domain_imports_no_user_interface(module):
    bad = {i for i in _imports(module)
           if _top(i) in {"screens", "textual"} or i in UI_MODULES}
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", _modules("screens"))
def test_screens_never_import_the_app(module):
    bad = {i for i in _imports(module) if i in UI_MODULES or i.startswith("caseworker.cli")}
    assert not bad, f"{module} imports {bad}"


def test_package_root_holds_only_the_version():
    tree = ast.parse((ROOT / "caseworker" / "__init__.py").read_text())
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets]
    others = [node for node in tree.body
              if not isinstance(node, ast.Assign) and not isinstance(node, ast.Expr)]
    assert assigned == ["__version__"] and not others


def test_importing_storage_loads_no_user_interface():
    loaded = _loaded_after_import("storage.store")
    assert not {m for m in loaded if _top(m) in {"textual", "rich", "caseworker", "screens"}}


def test_importing_domain_modules_loads_no_textual():
    loaded = _loaded_after_import(", ".join(_domain_modules()).replace(", ", "; import "))
    assert not {m for m in loaded if _top(m) in {"textual", "screens"}}


def test_importing_the_app_loads_no_database_code():
    loaded = _loaded_after_import("caseworker.app")
    assert not {m for m in loaded if _top(m) in {"sqlmodel", "sqlalchemy", "sqlcipher3"}}


def test_command_line_parsing_loads_neither_textual_nor_the_database():
    loaded = _loaded_after_import("caseworker.cli.main")
    assert not {m for m in loaded if _top(m) in {"textual", "sqlmodel", "sqlalchemy"}}


def test_the_apps_start_loads_no_command_and_no_json():
    """What `caseworker` alone loads before its first frame (docs/architecture.md §8):
    each command's code, json and the palette's case search were a tenth of that frame."""
    code = "import sys, caseworker.cli.main, caseworker.app; print(sorted(sys.modules))"
    loaded = ast.literal_eval(subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                                             capture_output=True, text=True,
                                             check=True).stdout)
    assert not {m for m in loaded if m.endswith("_commands")}
    assert not {m for m in loaded if m in {"json", "screens.shell.case_finder"}}


def test_importing_everything_does_no_work(tmp_path):
    """No files, folders or engines appear just because modules were imported."""
    modules = _modules("storage") + _modules("caseworker") + _modules("screens")
    modules = [m for m in modules if m != "caseworker.__main__"]
    code = "import " + ", ".join(modules)
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d"),
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    assert list(tmp_path.iterdir()) == []
