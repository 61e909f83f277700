"""The values that cross between an edge (Slack, the console, the command line) and the core.

Every edge decodes its own wire format before it calls the core: text reaches a service as `Said`,
exactly what the person typed and saw, with the people, groups, channels and links it names kept as
typed values beside it. Nothing under bot/core ever reads Slack markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.kernel.model import Caller


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
