"""A file handed to the importer: checked (size, text, format), its format found, and read by that format's reader.

Limits, and why:

* `MAX_BYTES` (32 MiB) for any file: a Steerbot JSON export of a large committee (thousands of items, each with its
  history) runs to a few MiB; anything much bigger is not one. An edge reads at most `MAX_BYTES + 1` bytes.
* `MAX_NOTES_BYTES` (1 MiB) for minutes in every other format: the longest real minutes met (W3C, MeetBot) are
  20 KB; a megabyte of minutes is a log or a mistake, and its preview could not be read anyway.
* Text only: UTF-8 (a byte-order mark is allowed), or UTF-16 with its byte-order mark. A NUL byte, bytes that are
  not UTF-8, or many control characters mean a binary file (a PDF, a Word document), refused as such.

Format detection (`--format auto`), cheapest and most specific first, as FORMATS.md recommends: Steerbot's JSON
export; MeetBot (its "Meeting started by … / Meeting summary" and footer); W3C scribe.perl or scribejs; Confluence
storage or rendered HTML (`<ac:`, `<ri:` elements, Confluence's classes); other HTML is not minutes we know; then
Markdown (a `#` heading or a table) before the pasted wiki page, which is any other text.
"""

from __future__ import annotations

import codecs
import json
import re
from datetime import date
from typing import Any

from bot.core.records.confluence import looks_like_confluence, read_confluence
from bot.core.records.markdown_minutes import read_markdown
from bot.core.records.meetbot import looks_like_meetbot, read_meetbot
from bot.core.records.notes import FORMATS, Notes
from bot.core.records.w3c import looks_like_w3c, read_w3c
from bot.core.records.wiki import read_wiki_text

MAX_BYTES = 32 * 1024 * 1024
MAX_NOTES_BYTES = 1024 * 1024
EXPORT_FORMAT = "steerbot-export"  # the "format" field of Steerbot's JSON export

_HTML = re.compile(r"<(?:!doctype\s+html|html|body|head|div|p|h[1-6]|ul|ol|table)\b", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class Unreadable(ValueError):
    """Why a file cannot be imported; `str()` is the sentence to show, `kind` says which trouble it is (empty,
    binary, too_big, format, invalid, nothing, no_date, date)."""

    def __init__(self, kind: str, why: str) -> None:
        super().__init__(why)
        self.kind = kind


def size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def decode(data: bytes) -> str:
    """The file's text; Unreadable when it is empty, too big or not text."""
    if len(data) > MAX_BYTES:
        raise Unreadable(
            "too_big", f"That file is {size(len(data))}; I import files up to {size(MAX_BYTES)} (minutes up to 1 MB)."
        )
    if not data.strip():
        raise Unreadable("empty", "That file is empty: there is nothing to import.")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec))
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:65536]:
        raise Unreadable("binary", "That file is not text (it holds binary data): import minutes as text, Markdown, "
                         "HTML or Steerbot's JSON export.")  # fmt: skip
    try:
        return _checked(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Unreadable(
            "binary",
            "That file is not UTF-8 text. Save it as UTF-8 (or export the page as text or HTML), then again.",
        ) from None


def _checked(text: str) -> str:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(len(sample) // 100, 8):
        raise Unreadable("binary", "That file is not text (it is full of control characters).")
    if not text.strip():
        raise Unreadable("empty", "That file is empty: there is nothing to import.")
    return text


def detect(text: str, name: str = "") -> str:
    """The file's format: json, meetbot, w3c, confluence, markdown or wiki; Unreadable for HTML of no known kind."""
    if text.lstrip()[:1] in ("{", "[") and (EXPORT_FORMAT in text[:2000] or _is_json(text)):
        return "json"
    if looks_like_meetbot(text):
        return "meetbot"
    if looks_like_w3c(text):
        return "w3c"
    if looks_like_confluence(text):
        return "confluence"
    if _HTML.search(text[:20000]) and text.lstrip().startswith("<"):
        raise Unreadable(
            "format",
            "That is an HTML page, but not minutes I know (MeetBot, W3C scribe.perl or a Confluence page). "
            "Give its format with --format, or paste the minutes as text.",
        )
    if _HEADING.search(text) or _TABLE_RULE.search(text) or name.lower().endswith((".md", ".markdown")):
        return "markdown"
    return "wiki"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def read_notes(text: str, *, format: str, name: str = "", day: date | None = None) -> Notes:
    """The notes in a document of that format (not json); wiki reads a Confluence page or a pasted one. `day` is
    the meeting's day when the document gives none (what "next meeting on Friday" is read from)."""
    if format in ("confluence", "wiki") and (format == "confluence" or looks_like_confluence(text)):
        return read_confluence(text, name=name, day=day)
    readers = {"wiki": read_wiki_text, "markdown": read_markdown, "meetbot": read_meetbot, "w3c": read_w3c}
    return readers[format](text, name=name, day=day)


def choose_format(text: str, name: str, asked: str) -> str:
    """The format to read: the one asked for, or the one found (auto)."""
    asked = asked.strip().lower() or "auto"
    if asked != "auto" and asked not in FORMATS:
        raise Unreadable("format", f"I don't know the format “{asked}”: use auto, {', '.join(FORMATS)}.")
    return detect(text, name) if asked == "auto" else asked


def load_json(text: str) -> dict[str, Any]:
    try:
        found = json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable("invalid", f"That is not valid JSON (line {error.lineno}: {error.msg}).") from None
    if not isinstance(found, dict) or found.get("format") != EXPORT_FORMAT:
        raise Unreadable("format", "That JSON is not a Steerbot export (its “format” is not “steerbot-export”).")
    return found
