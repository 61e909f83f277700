"""The language package stays made of small named parts: one object per date form, one documented function per
rank rule, and no function over 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.core.language
from bot.core.language.dates.forms import FORMS, MASTER
from bot.core.language.dates.ranking import RULES

PACKAGE = Path(bot.core.language.__file__).parent
MAX_LINES = 60


def test_each_date_form_is_one_named_object_in_the_master_pattern() -> None:
    names = [form.name for form in FORMS]
    assert len(names) == len(set(names))
    assert all(name in MASTER.groupindex and callable(form.resolve) for name, form in zip(names, FORMS, strict=True))


def test_each_rank_rule_is_a_function_that_says_its_rule() -> None:
    assert all(rule.__doc__ and rule.__name__ != "<lambda>" for rule in RULES)


def test_no_function_is_longer_than_60_lines() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long
