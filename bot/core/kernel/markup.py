"""Slack's message markup as the words people see: links, channels, @channel and user mentions in the text
of a slash command or a channel message, so a stored decision or note reads well everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.kernel.context import Context

_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>")
_LABELLED = re.compile(r"<!(?:subteam\^[A-Z0-9]+|date\^[^|>]*)\|([^>]*)>")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")


def unmark(text: str, name_of: Callable[[str], str | None] | None = None) -> str:
    """Plain text; user mentions become @name when `name_of` is given, else stay as Slack sends them
    (the /action reader knows them)."""
    text = _LINK.sub(lambda m: m.group(1) + (" " + m.group(2) if m.group(2) and m.group(2) != m.group(1) else ""), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(1) or "channel"), text)
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _LABELLED.sub(lambda m: m.group(1), text)
    if name_of is not None:
        text = _MENTION.sub(lambda m: "@" + (name_of(m.group(1)) or m.group(2) or m.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def readable(context: Context, team_id: str, text: str) -> str:
    """Typed text as it is kept in the record: plain, with people's names for their mentions."""

    def name_of(user_id: str) -> str | None:
        member = context.directory.member(team_id, user_id)
        return member.label if member else None

    return unmark(text, name_of).strip()
