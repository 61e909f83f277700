"""The /action grammar: which command a line is."""

from __future__ import annotations

import pytest

from bot.core.items.grammar import (
    Assign,
    Create,
    Edit,
    Help,
    Invalid,
    ListItems,
    Note,
    Redate,
    SetStatus,
    Show,
    parse_action_command,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Help()),
        ("  help ", Help()),
        ("list", ListItems("open")),
        ("list mine", ListItems("mine")),
        ("list overdue", ListItems("overdue")),
        ("list done", ListItems("done")),
        ("list @Kevin Zhao", ListItems("owner", "@Kevin Zhao")),
        ("done 1", SetStatus("done", (1,))),
        ("done #1, #4 and 7", SetStatus("done", (1, 4, 7))),
        ("done 3 3", SetStatus("done", (3,))),
        ("reopen 2", SetStatus("reopen", (2,))),
        ("cancel #9", SetStatus("cancel", (9,))),
        ("due 1 next Friday", Redate(1, "next Friday")),
        ("assign #2 Kevin and me", Assign(2, "Kevin and me")),
        ("edit 3 the new text", Edit(3, "the new text")),
        ("note 3 halfway there", Note(3, "halfway there")),
        ("show 5", Show(5)),
        ("Leonardo check Rust by 2024-03-01", Create("Leonardo check Rust by 2024-03-01")),
    ],
)
def test_commands(text: str, expected: object) -> None:
    assert parse_action_command(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("done abc", "“abc” is not an item number"),
        ("done", "Which item?"),
        ("due 1", "Please give a date"),
        ("due x Friday", "“x” is not an item number"),
        ("assign 4", "Please give owners"),
        ("edit 1x new", "“1x” is not an item number"),
    ],
)
def test_bad_commands_say_what_is_wrong(text: str, says: str) -> None:
    command = parse_action_command(text)
    assert isinstance(command, Invalid) and says in command.message
