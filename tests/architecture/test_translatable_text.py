"""Text a person reads reaches the catalogs whole (docs/architecture.md §12): a message is
a literal the extractor can see, with its variable parts as {named} fields, and no
translated sentence is glued to English words (which would stay English in every
language, and read as broken grammar in Kazakh and Russian)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.support.paths import ROOT

MARKS = {"_", "N_", "ngettext", "pgettext"}
LITERAL_ONLY = {"N_", "ngettext", "pgettext"}  # `_` may translate a text marked elsewhere
WORDS = re.compile(r"[^\W\d_]{2,}")  # two letters in a row: a word, not punctuation
MARKUP = re.compile(r"\[/?[a-z ]*\]")  # Rich's [dim] and [/b] are styles, not words


def _sources() -> list[Path]:
    return sorted(p for top in ("caseworker", "screens")
                  for p in (ROOT / top).rglob("*.py"))


def _marked(node: ast.AST) -> bool:
    """A call of `_` and kin, or of .format on one."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in MARKS:
            return True
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return _marked(node.func.value)
    return False


def _has_words(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) \
        and bool(WORDS.search(MARKUP.sub("", node.value)))


def _added(node: ast.AST) -> list[ast.AST]:
    """The operands of a chain of +, flattened."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _added(node.left) + _added(node.right)
    return [node]


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    imports_marks = any(isinstance(n, ast.ImportFrom) and n.module == "caseworker.core.i18n"
                        and any(alias.name == "_" for alias in n.names)
                        for n in ast.walk(tree))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in MARKS:
            args = node.args
            if any(isinstance(a, ast.JoinedStr | ast.BinOp) for a in args):
                found.append(f"{where}: {node.func.id}() of a built string: the catalog "
                             "cannot hold it; use {named} fields and .format")
            elif node.func.id in LITERAL_ONLY and not all(
                    isinstance(a, ast.Constant) for a in args[:2 if node.func.id != "N_"
                                                              else 1]):
                found.append(f"{where}: {node.func.id}() needs literal text")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            sides = _added(node)
            if any(_marked(s) for s in sides) and any(_has_words(s) for s in sides):
                found.append(f"{where}: English words added to a translated text")
        elif isinstance(node, ast.JoinedStr):
            if any(isinstance(v, ast.FormattedValue) and _marked(v.value)
                   for v in node.values) and any(_has_words(v) for v in node.values):
                found.append(f"{where}: a translated text inside an English f-string")
        elif imports_marks and isinstance(node, ast.Name) and node.id == "_" \
                and isinstance(node.ctx, ast.Store):
            found.append(f"{where}: `_` assigned where it is the translation function")
    return sorted(set(found))  # a chain of + is seen once per link


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_translated_text_is_whole(path):
    assert _problems(path) == []


def test_the_check_finds_each_kind_of_escape(tmp_path):
    """Each rule above, seen failing on a file that breaks it."""
    bad = tmp_path / "caseworker" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "from caseworker.core.i18n import _, ngettext\n"
        "n, name = 2, 'x'\n"
        "a = _(f'Saved {name}')\n"
        "b = _('Saved ') + name + ' and more words'\n"
        "c = f'Case {_(\"open\")} since today'\n"
        "d = ngettext(name, 'many', n)\n"
        "for _ in range(2):\n    pass\n")
    import tests.architecture.test_translatable_text as module

    saved = module.ROOT
    module.ROOT = tmp_path
    try:
        problems = _problems(bad)
    finally:
        module.ROOT = saved
    assert len(problems) == 5, problems
