"""No message is translated once, when its file is loaded: a translated string formatted (``%``,
``.format``) or an eager ``gettext`` called at module or class level would be frozen in the
language active at import (English) and read so on every page. Such a message is formatted
lazily (``format_lazy``, ``lazy_format``) or inside a function, in the reader's language."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["prize", "entries", "judging", "ceremony", "api"]
LAZY = {"_", "gettext_lazy", "pgettext_lazy", "ngettext_lazy", "npgettext_lazy"}
EAGER = {"gettext", "pgettext", "ngettext", "npgettext"}


def _name(node) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
    return None


def _aliases(tree) -> dict[str, str]:
    """What ``_`` (and any other alias) stands for in this file."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                found[alias.asname or alias.name] = alias.name
    return found


class _Finder(ast.NodeVisitor):
    def __init__(self, aliases):
        self.aliases = aliases
        self.depth = 0  # inside a function (or lambda): evaluated when called, not at import
        self.found: list[tuple[int, str]] = []

    def _kind(self, node) -> str | None:
        name = _name(node)
        real = self.aliases.get(name, name) if name else None
        if real in LAZY:
            return "lazy"
        if real in EAGER and name in self.aliases:
            return "eager"
        return None

    def visit_FunctionDef(self, node):
        for default in node.args.defaults + node.args.kw_defaults:
            if default is not None:
                self.visit(default)
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.depth += 1
        for child in node.body:
            self.visit(child)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_BinOp(self, node):
        if not self.depth and isinstance(node.op, ast.Mod) and self._kind(node.left):
            self.found.append((node.lineno, "a translated message formatted with % at import"))
        self.generic_visit(node)

    def visit_Call(self, node):
        if not self.depth:
            if (isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                    and self._kind(node.func.value)):
                self.found.append((node.lineno, "a translated message .format()ted at import"))
            elif self._kind(node) == "eager":
                self.found.append((node.lineno, "an eager gettext called at import"))
        self.generic_visit(node)


def frozen_messages() -> list[str]:
    problems = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            finder = _Finder(_aliases(tree))
            finder.visit(tree)
            problems += [f"{path.relative_to(ROOT)}:{line}: {what}"
                         for line, what in finder.found]
    return problems


def test_no_message_is_translated_at_import():
    assert frozen_messages() == []


@pytest.mark.parametrize("source", [
    'from django.utils.translation import gettext_lazy as _\nHELP = _("at most %(n)d") % {"n": 3}',
    'from django.utils.translation import gettext_lazy as _\n'
    'class F:\n    help = _("at most {n}").format(n=3)',
    'from django.utils.translation import gettext\nLABEL = gettext("Welcome")',
])
def test_the_scan_finds_a_frozen_message(source):
    tree = ast.parse(source)
    finder = _Finder(_aliases(tree))
    finder.visit(tree)
    assert finder.found


def test_the_scan_leaves_a_message_formatted_when_used():
    source = ('from django.utils.translation import gettext as _\n'
              'def help(n):\n    return _("at most %(n)d") % {"n": n}\n'
              'LABEL = lambda: _("Welcome")\n')
    tree = ast.parse(source)
    finder = _Finder(_aliases(tree))
    finder.visit(tree)
    assert finder.found == []
