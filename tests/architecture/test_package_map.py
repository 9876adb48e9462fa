"""The package map of docs/architecture.md §1, enforced: packages by capability stacked in
one direction, no import cycles, one name per module, deferred imports that say why, and
package indexes that stay true."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tests.support.paths import ROOT

# Lowest first: a package may import from the packages before it, never after it.
DOMAIN_STACK = ["core", "names", "places", "risk", "deadlines", "matching", "cases",
                "exchange", "evidence", "desk", "opening", "cli"]
SCREEN_STACK = ["base", "widgets", "places", "exchange", "cases", "desk", "shell"]
# Modules of caseworker/ outside its packages: the entry points and the app shell.
TOP_LEVEL_LIMIT = 6


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(*tops: str) -> list[Path]:
    return sorted(p for top in tops for p in (ROOT / top).rglob("*.py"))


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, deferred ones included; `from a import
    b` counts as a.b when a.b is a module of ours."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if (ROOT / (candidate.replace(".", "/") + ".py")).exists():
                    found.append((node.lineno, candidate))
    return found


def _package_of(module: str, top: str) -> str | None:
    """The package of `top` a module belongs to (None for top's own loose modules)."""
    parts = module.split(".")
    if parts[0] != top or len(parts) < 2:
        return None
    return parts[1] if len(parts) > 2 or (ROOT / top / parts[1]).is_dir() else None


def _upward_imports(top: str, stack: list[str]) -> list[str]:
    bad = []
    for path in _sources(top):
        own = _package_of(_module_name(path), top)
        if own is None:
            continue
        assert own in stack, f"{top}/{own} is not in the package stack of this test"
        for line, module in _imported_modules(path):
            other = _package_of(module, top)
            if other and other != own and stack.index(other) > stack.index(own):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return bad


def test_domain_packages_import_only_the_packages_below_them():
    assert _upward_imports("caseworker", DOMAIN_STACK) == []


def test_screen_packages_import_only_the_packages_below_them():
    assert _upward_imports("screens", SCREEN_STACK) == []


def test_every_package_is_in_its_stack():
    for top, stack in (("caseworker", DOMAIN_STACK), ("screens", SCREEN_STACK)):
        packages = {p.name for p in (ROOT / top).iterdir()
                    if p.is_dir() and (p / "__init__.py").exists()}
        assert packages == set(stack), top


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt] if nxt in path else [node, nxt]
            if nxt not in state:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_no_module_imports_itself_through_others():
    """Deferred imports count too: a cycle hidden inside a function is still a cycle."""
    ours = {_module_name(p) for p in _sources("caseworker", "screens", "storage")}
    graph: dict[str, set[str]] = defaultdict(set)
    for path in _sources("caseworker", "screens", "storage"):
        name = _module_name(path)
        for _, module in _imported_modules(path):
            if module in ours and module != name and not name.startswith(module + "."):
                graph[name].add(module)
    assert _cycle(graph) is None


def test_caseworker_keeps_few_modules_outside_its_packages():
    loose = sorted(p.name for p in (ROOT / "caseworker").glob("*.py"))
    assert len(loose) <= TOP_LEVEL_LIMIT, loose


def test_no_module_name_repeats_across_the_three_folders():
    seen: dict[str, list[str]] = defaultdict(list)
    for path in _sources("caseworker", "screens", "storage"):
        if path.stem not in {"__init__", "__main__"}:
            seen[path.stem].append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}


# Text the project writes by hand: code, scripts, data files with comments, documents.
_WRITTEN = {".py", ".md", ".sh", ".toml", ".tcss"}
# A design document kept outside the repository, which code must not cite. The bracket
# keeps this pattern from matching its own source line.
_CITES_ELSEWHERE = re.compile(r"[D]ESIGN(\.md)? ?§|[D]ESIGN\.md")
_SECTION_CITED = re.compile(r"docs/architecture\.md §(\d+)")


def _written_files() -> list[Path]:
    found = [p for top in ("caseworker", "screens", "storage", "tests", "bench", "scripts",
                           "fuzz", "docs")
             for p in (ROOT / top).rglob("*")
             if p.suffix in _WRITTEN and ".work" not in p.parts and p.is_file()]
    named = [ROOT / name for name in ("README.md", "Makefile", "pyproject.toml", "bench/run",
                                      ".ci/run")]
    return sorted(found) + [p for p in named if p.exists()]


def test_code_cites_the_design_kept_in_this_repository():
    cited = [str(p.relative_to(ROOT)) for p in _written_files()
             if _CITES_ELSEWHERE.search(p.read_text(encoding="utf-8"))]
    assert cited == []


def test_every_cited_section_of_the_design_exists():
    design = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## (\d+)\. ", design, re.MULTILINE))
    missing = [f"{p.relative_to(ROOT)} cites §{n}" for p in _written_files()
               for n in _SECTION_CITED.findall(p.read_text(encoding="utf-8"))
               if n not in sections]
    assert missing == []


def _deferred_imports(path: Path) -> list[ast.stmt]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
    return sorted({n.lineno: n for n in found}.values(), key=lambda n: n.lineno)


def test_every_deferred_import_says_why():
    """An import inside a function keeps start-up fast or a heavy library unloaded until
    needed; the comment on it (or just above its group) says which."""
    silent = []
    for path in _sources("caseworker", "screens", "storage"):
        lines = path.read_text().split("\n")
        for node in _deferred_imports(path):
            line = node.lineno - 1
            if "#" in lines[node.end_lineno - 1] or "#" in lines[line]:
                continue
            above = line - 1
            while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
                if "#" in lines[above]:
                    break
                above -= 1
            if above >= 0 and lines[above].strip().startswith("#"):
                continue
            if above >= 0 and "#" in lines[above]:
                continue
            silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert silent == []


_INDEX_LINE = re.compile(r"^- `([a-z_0-9]+)`: ([^—\n]+?) —", re.MULTILINE)


def _top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


@pytest.mark.parametrize("package", sorted(
    str(p.parent.relative_to(ROOT)) for top in ("caseworker", "screens")
    for p in (ROOT / top).glob("*/__init__.py")))
def test_each_package_index_names_what_exists(package):
    """Each package's docstring is its index: every module it lists exists and has the
    names listed as its public face; every module of the package is listed."""
    folder = ROOT / package
    doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text())) or ""
    assert doc, f"{package} has no docstring"
    listed = set()
    for match in _INDEX_LINE.finditer(doc):
        module, names = match.group(1), [n.strip() for n in match.group(2).split(",")]
        listed.add(module)
        assert (folder / f"{module}.py").exists(), f"{package}: no module {module}"
        missing = set(names) - _top_level_names(folder / f"{module}.py")
        assert not missing, f"{package}.{module} has no {sorted(missing)}"
    mentioned = set(re.findall(r"`([a-z_0-9]+)`", doc))
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    assert modules <= mentioned, f"{package} does not list {sorted(modules - mentioned)}"


def test_package_roots_import_nothing():
    """Importing one module of a package must not load its siblings: the first frame is
    painted before the store's code is imported."""
    loaded = []
    for init in _sources("caseworker", "screens"):
        if init.name == "__init__.py" and init.parent != ROOT / "caseworker":
            tree = ast.parse(init.read_text())
            if any(isinstance(n, ast.Import | ast.ImportFrom) for n in tree.body):
                loaded.append(str(init.relative_to(ROOT)))
    assert loaded == []
