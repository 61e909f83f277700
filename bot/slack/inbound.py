"""The one place that knows Slack's payloads: who is asking and from which channel, and typed text decoded from
Slack's wire format into what the person saw (`Said`), with its mentions, channels and links kept as values.

Slack sends typed `<`, `>`, `&` as `&lt;`, `&gt;`, `&amp;` and marks up what the client recognised:
`<@U123|name>` a person, `<!subteam^S1|@team>` a user group, `<!here>`, `<#C1|general>` a channel,
`<https://x|label>` a link, `<!date^…|fallback>` a date. Each becomes the words the person saw.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.core.kernel.boundary import Caller, Heard, LinkRef, Said

_MARKUP = re.compile(r"<(?P<body>[^<>]*)>")
# an address written out: with a scheme, "www.", or a bare host name ("fosdem.org", "fosdem.org/2024")
_ADDRESS = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*://|mailto:|tel:|www\.|[\w-]+(?:\.[\w-]+)+(?:[/:?#]\S*)?\s*$)", re.I)
_SCHEME = re.compile(r"(?:[a-z][a-z0-9+.-]*://|mailto:|tel:)", re.IGNORECASE)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # &amp; last: "&amp;lt;" is a typed "&lt;"

Names = Callable[[str, str], str | None]  # (team id, user id) -> the name people know them by


def decode(text: str, name_of: Callable[[str], str | None] = lambda _: None) -> Said:
    """Slack's text as the person saw it; `name_of` names a mentioned person whose mention carries no label."""
    out: list[str] = []
    people: dict[str, str] = {}
    groups: set[str] = set()
    channels: dict[str, str] = {}
    links: list[LinkRef] = []
    pos = 0
    for found in _MARKUP.finditer(text):
        out.append(_unescape(text[pos : found.start()]))
        pos = found.end()
        body = found.group("body")
        target, _, label = body.partition("|")
        label = _unescape(label)
        if target.startswith("@"):
            shown = _unique("@" + (name_of(target[1:]) or label.lstrip("@") or target[1:]), target[1:], people)
            people[shown] = target[1:]
        elif target.startswith("!subteam^") or target in ("!here", "!channel", "!everyone"):
            shown = "@" + (label.lstrip("@") or target.lstrip("!"))
            groups.add(shown)
        elif target.startswith("#"):
            shown = "#" + (label or target[1:])
            channels[shown] = target[1:]
        elif target.startswith("!"):  # !date^…: its fallback text is what the person saw
            shown = label
        elif _SCHEME.match(target):
            url = _unescape(target)
            shown = _link_text(url, label)
            links.append(LinkRef(url, label or url))
        else:  # not Slack's markup (a line pasted into `steerbot parse`, "<ryan> #action …"): the words stay
            shown = _unescape(found.group(0))
        out.append(shown)
    out.append(_unescape(text[pos:]))
    return Said("".join(out), people, frozenset(groups), channels, tuple(links))


def _unescape(text: str) -> str:
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text.replace("\x00", "")  # a NUL is no character anyone means, and PostgreSQL refuses it


def _unique(shown: str, user_id: str, people: dict[str, str]) -> str:
    """Two people who go by the same name stay two mentions."""
    return shown if people.get(shown, user_id) == user_id else f"{shown} ({user_id})"


def _link_text(url: str, label: str) -> str:
    """What a link reads as in plain text: its address, or its label and then the address when they differ. A
    label that is itself an address is dropped: it must not pass for where the link leads."""
    bare = re.sub(r"^(?:https?://|mailto:)", "", url).rstrip("/")
    if not label or label.rstrip("/") in (url.rstrip("/"), bare):
        return label or url
    if is_address(label):
        return url
    return f"{label} ({url})"


def is_address(text: str) -> bool:
    """Whether text reads as a web or mail address (and so could pass for where a link leads)."""
    return _ADDRESS.match(text) is not None


def command_caller(command: dict[str, Any]) -> Caller:
    """Who typed a slash command, and where."""
    return Caller(
        team_id=command["team_id"],
        channel_id=command["channel_id"],
        user_id=command["user_id"],
        channel_name=command.get("channel_name", ""),
    )


def click_caller(body: dict[str, Any]) -> Caller:
    """Who clicked a button (block_actions), submitted a view or used a message shortcut (message_action), and in
    which channel, if any."""
    user = body["user"]
    channel = body.get("channel") or {}
    return Caller(
        team_id=(body.get("team") or {}).get("id") or user.get("team_id", ""),
        channel_id=channel.get("id") or (body.get("container") or {}).get("channel_id", ""),
        user_id=user["id"],
        channel_name=channel.get("name", ""),
    )


def heard(body: dict[str, Any], event: dict[str, Any], names: Names) -> Heard | None:
    """A person's new message in a channel; None for edits, joins, bots and the like."""
    if event.get("subtype") or event.get("bot_id") or not event.get("user") or not event.get("ts"):
        return None
    caller = Caller(body.get("team_id") or event.get("team", ""), event.get("channel", ""), event["user"])
    return Heard(caller, decode(event.get("text") or "", lambda user: names(caller.team_id, user)), event["ts"])
