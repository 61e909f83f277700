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


# One phrase each form reads; a line with none of DATE_HINT's words is not scanned at all, so every form must hold one.
FORM_EXAMPLES = {
    "wiki": "//01-03-2024", "wikiiso": "//2024-03-01", "weekof": "w/c 4 March", "iso": "2024-03-01",
    "isomonth": "2024-03", "numy": "1/3/2024", "range": "1-5 March", "between": "between 1 and 5 March",
    "ordmonth": "the 1st of next month", "dmy": "1 March", "mdy": "March 1", "wddate": "Friday 23rd", "numd": "1/3",
    "numdot": "01.03.", "periodrel": "end of the month", "halfnextweek": "first half of next week",
    "weekend": "this weekend", "weekafternext": "the week after next", "meeting": "the next meeting",
    "meetagain": "we meet again", "nextweek": "next week", "eox": "EOW", "weekdayweek": "Friday next week",
    "weekday": "Friday", "dayword": "tomorrow", "scopenext": "in the next 4 weeks", "durshort": "in 2d",
    "duration": "in 2 weeks", "withinnext": "within the next day or so", "fromnow": "a week from Friday",
    "quarter": "Q2", "yearq": "2024 Q2", "month": "March", "ordinal": "the 5th", "periodend": "month end",
    "nthweek": "the first week of March", "timeonly": "5pm", "yearend": "end of 2024", "year": "2024",
    "ordword": "the fifth", "span": "for two weeks", "bareday": "by 29",
}  # fmt: skip


def test_every_date_form_holds_a_word_that_makes_a_line_worth_scanning() -> None:
    from bot.core.language.dates.ranking import DATE_HINT

    assert set(FORM_EXAMPLES) == {form.name for form in FORMS}
    for name, phrase in FORM_EXAMPLES.items():
        assert DATE_HINT.search(phrase), name
        assert MASTER.search(phrase), name
