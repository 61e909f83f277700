"""Documents -> Block Kit messages within Slack's limits; everything users typed is escaped. And the one modal the
bot opens, a date picker, with the date read back from its submission.

Limits: 50 blocks a message, 3,000 characters a section's text, 150 a header, 25 buttons an actions
block, 75 characters a button label, 2,000 a button value. A document too long for one message is
split across several, never rejected.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.kernel.documents import Button, Channel, Doc, Inline, Link, Mention, Origin, Section, Strong, Text
from bot.slack.inbound import is_address

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FALLBACK = 3000
MAX_PLAIN = 3000  # a plain_text section

Message = dict[str, Any]  # {"text": fallback, "blocks": [...]}


def escape(text: str) -> str:
    """Slack's control characters, so typed text can never become a mention or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline(part: Inline) -> str:
    if isinstance(part, Text):
        return escape(part.text)
    if isinstance(part, Strong):
        return f"*{escape(part.text)}*"
    if isinstance(part, Mention):
        return f"<@{part.user_id}>"
    if isinstance(part, Channel):
        return f"<#{part.channel_id}>"
    if isinstance(part, Link):
        return f"<{escape(part.url)}|{escape(_label(part)).replace('|', '¦')}>"
    if isinstance(part, Origin):
        return f"<{permalink(part.channel, part.ts)}|{escape(part.label)}>"
    raise TypeError(part)


def _label(link: Link) -> str:
    """A link's visible words; a label that is an address other than the link's own is not shown, so no link
    can pass for one to somewhere else."""
    label = link.label.strip()
    if is_address(label) and label.rstrip("/") != link.url.rstrip("/"):
        return link.url
    return label or link.url


def permalink(channel: str, ts: str) -> str:
    """A link to a message; slack.com sends a signed-in member on to their workspace."""
    return f"https://slack.com/archives/{channel}/p{ts.replace('.', '')}"


def render(doc: Doc) -> list[Message]:
    """One or more messages; each has at most MAX_BLOCKS blocks."""
    blocks: list[dict[str, Any]] = []
    for section in doc.sections:
        blocks.extend(_section_blocks(section))
    fallback = _clip(escape(doc.summary), MAX_FALLBACK)
    if not blocks:
        return [{"text": fallback, "blocks": []}]
    return [
        {"text": fallback if i == 0 else f"{fallback} (continued)", "blocks": blocks[i : i + MAX_BLOCKS]}
        for i in range(0, len(blocks), MAX_BLOCKS)
    ]


def render_view(doc: Doc, *, max_blocks: int = 100) -> list[dict[str, Any]]:
    """One view's blocks (a Home tab holds 100): what does not fit is counted in a last line."""
    blocks = [b for section in doc.sections for b in _section_blocks(section)]
    if len(blocks) <= max_blocks:
        return blocks
    return [*blocks[: max_blocks - 1], _mrkdwn(f"… {len(blocks) - max_blocks + 1} more blocks not shown.")]


def _section_blocks(section: Section) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if section.heading:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": _clip(section.heading, MAX_HEADER)}})
    chunk = ""
    for ln in section.lines:
        text = _clip("".join(inline(p) for p in ln) or " ", MAX_SECTION)
        if chunk and len(chunk) + 1 + len(text) > MAX_SECTION:
            blocks.append(_mrkdwn(chunk))
            chunk = ""
        chunk = f"{chunk}\n{text}" if chunk else text
    if chunk:
        blocks.append(_mrkdwn(chunk))
    for i in range(0, len(section.buttons), 25):
        blocks.append({"type": "actions", "elements": [_button(b) for b in section.buttons[i : i + 25]]})
    return blocks


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(button: Button) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": _clip(button.label, 75), "emoji": True},
        "action_id": button.action_id[:255],
        "value": button.value[:2000],
    }
    if button.style:
        element["style"] = button.style
    return element


def _clip(text: str, limit: int) -> str:
    """Cuts at the limit without leaving half an escape sequence such as `&am`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def date_modal(
    *,
    callback_id: str,
    title: str,
    submit: str,
    label: str,
    field: tuple[str, str],
    metadata: str,
    intro: str | None = None,
) -> dict[str, Any]:
    """A modal asking for one date: `field` is the input's (block id, action id), `metadata` the private_metadata
    Slack hands back as it was given, `intro` a line above the picker, shown as plain text so nothing in it can
    become a mention or a link."""
    block_id, action_id = field
    above = [{"type": "section", "text": {"type": "plain_text", "text": _clip(intro, MAX_PLAIN)}}] if intro else []
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": metadata,
        "blocks": [
            *above,
            {
                "type": "input",
                "block_id": block_id,
                "label": {"type": "plain_text", "text": label},
                "element": {"type": "datepicker", "action_id": action_id},
            },
        ],
    }


def picked_date(view: dict[str, Any], field: tuple[str, str]) -> date | None:
    """The date chosen in a submitted date_modal; None when there is none."""
    block_id, action_id = field
    picked = (((view.get("state") or {}).get("values") or {}).get(block_id) or {}).get(action_id) or {}
    try:
        return date.fromisoformat(picked["selected_date"]) if picked.get("selected_date") else None
    except ValueError:
        return None
