"""The values that cross between an edge (Slack, the console, the command line) and the core: who is asking and
where, what they said, a message heard in a channel, and a post the bot will send.

Every edge decodes its own wire format before it calls the core: text reaches a service as `Said`,
exactly what the person typed and saw, with the people, groups, channels and links it names kept as
typed values beside it. Nothing under bot/core ever reads Slack markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.kernel.documents import Doc
from bot.core.kernel.model import MessageRef


@dataclass(frozen=True)
class Scope:
    """Where a request comes from: a workspace (Slack team) and a channel, which is a committee."""

    team_id: str
    channel_id: str


@dataclass(frozen=True)
class Caller:
    """Who is asking, and from which committee's channel."""

    team_id: str
    channel_id: str
    user_id: str
    channel_name: str = ""

    @property
    def scope(self) -> Scope:
        return Scope(self.team_id, self.channel_id)


@dataclass(frozen=True)
class LinkRef:
    """A link in typed text: `label` is what the text shows, `url` where it leads."""

    url: str
    label: str


@dataclass(frozen=True)
class Said:
    """Typed text as the person saw it, plus what its mentions point at.

    `people` maps a mention as it stands in `text` ("@Kevin Zhao") to the member's user id; `groups` are
    mentions of several people at once ("@channel", "@steering-team"); `channels` maps "#general" to the
    channel's id; `links` are the links, in order.
    """

    text: str
    people: Mapping[str, str] = field(default_factory=dict)
    groups: frozenset[str] = frozenset()
    channels: Mapping[str, str] = field(default_factory=dict)
    links: tuple[LinkRef, ...] = ()


@dataclass(frozen=True)
class Heard:
    """A message someone wrote in a committee's channel (live capture reads these)."""

    caller: Caller
    said: Said
    ts: str  # the message's id in its channel: every delivery of one message has the same, so a retry is known


@dataclass(frozen=True)
class Post:
    """A message the bot will send once the change that caused it is committed."""

    team_id: str
    doc: Doc
    channel: str | None = None  # post to this channel ...
    user: str | None = None  # ... or DM this user
    update: MessageRef | None = None  # replace this message instead of posting a new one
    item_id: int | None = None  # the posted message becomes this item's card
    key: str | None = None  # a post with a key is sent once ever, however often it is added ("digest:C1:2024-W09")
