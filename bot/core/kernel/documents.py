"""What the bot says, as plain documents: sections of lines with mentions and buttons.

The core builds these; the Slack edge renders them to Block Kit and the console to text. User text
stays raw here: each renderer escapes it for its own medium.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True)


class Text(_Part):
    """Text as typed by a user or written by the bot; never formatting."""

    kind: Literal["text"] = "text"
    text: str


class Strong(_Part):
    kind: Literal["strong"] = "strong"
    text: str


class Mention(_Part):
    kind: Literal["mention"] = "mention"
    user_id: str
    name: str


class Channel(_Part):
    kind: Literal["channel"] = "channel"
    channel_id: str
    name: str


class Link(_Part):
    kind: Literal["link"] = "link"
    url: str
    label: str


class Origin(_Part):
    """A message in Slack (an item's card, say), shown as a link labelled `label` where the medium has links."""

    kind: Literal["origin"] = "origin"
    channel: str
    ts: str
    label: str


Inline = Annotated[Text | Strong | Mention | Channel | Link | Origin, Field(discriminator="kind")]


class Button(_Part):
    label: str
    action_id: str
    value: str
    style: Literal["primary", "danger"] | None = None


class Section(_Part):
    heading: str | None = None
    lines: tuple[tuple[Inline, ...], ...] = ()
    buttons: tuple[Button, ...] = ()


class Doc(_Part):
    """A message: `summary` is the plain fallback (notifications, screen readers)."""

    summary: str
    sections: tuple[Section, ...] = ()


def line(*parts: str | Text | Strong | Mention | Channel | Link | Origin) -> tuple[Inline, ...]:
    """A line from parts; plain strings are text."""
    return tuple(Text(text=p) if isinstance(p, str) else p for p in parts)


def plain(doc: Doc) -> str:
    """The document as plain text, mentions as @name: for the console, logs and tests."""
    out: list[str] = []
    for section in doc.sections:
        if section.heading:
            out.append(section.heading)
        for ln in section.lines:
            out.append("".join(_plain_part(p) for p in ln))
        if section.buttons:
            out.append("  ".join(f"[{b.label}]" for b in section.buttons))
    return "\n".join(out) if out else doc.summary


def _plain_part(part: Inline) -> str:
    if isinstance(part, Mention):
        return f"@{part.name}"
    if isinstance(part, Channel):
        return f"#{part.name}"
    if isinstance(part, Link):
        return f"{part.label} <{part.url}>"
    if isinstance(part, Origin):
        return part.label
    return part.text


def message(summary: str, *lines: tuple[Inline, ...]) -> Doc:
    """A one-section message."""
    return Doc(summary=summary, sections=(Section(lines=tuple(lines)),))


def say(text: str) -> Doc:
    """A reply of one line of plain text."""
    return message(text, line(text))
