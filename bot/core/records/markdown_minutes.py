"""Markdown minutes kept in a repository (Node.js TSC, Ember core team, Rust leadership council): format "markdown".

Parsed with markdown-it-py (CommonMark, plus GFM tables), so the pitfalls of real files are the parser's, not
ours: a bullet wrapped onto an unindented line continues it (lazy continuation), `\\[WIP\\]` is "[WIP]", a line of
four spaces after a heading is blank, 2- and 4-space nesting both nest. Then the blocks go through
`sections.read_blocks`:

* headings are headings at their level; a list item with items below it that reads as a title ("Announcements")
  is a heading one level below any real heading, so "- Project updates" with nested "- DCAP" works as in a wiki;
* a task-list box (`- [ ]`, `- [x]`) is kept as the block's state: under "Attendees" `[x]` is present and `[ ]`
  absent, under "Action items" `[x]` is an item already done;
* a table row is kept as `| cell | cell |` (the line reader reads rows cell by cell); the header row is minutes only.

The date: a date in the first heading ("# 2024-01-05", "… Meeting 2018-08-29", "2019/01/18"), else in any heading,
else a "Date:" line, else the file's name. "Label: a, b" lines under "Attendance" name people ("Apologies:" and
"Regrets:" name those absent).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.core.records import lines
from bot.core.records.notes import Notes, unique
from bot.core.records.sections import NESTED, Block, attendees_of, read_blocks

_BOX = re.compile(r"^\[( |x|X)\]\s+")
_STARTS_LINE = re.compile(r"^(?:[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3}|[a-z][\w\-]{1,30}|\S+\s*#?\d*)\s*:\s")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def read_markdown(text: str, *, name: str = "", day: date | None = None) -> Notes:
    tokens = _parser().parse(text)
    blocks = _blocks(tokens)
    title = next((b.text for b in blocks if b.heading and b.level == 1), "")
    own = _date(blocks, name)
    draft = read_blocks(blocks, meeting_day=own or day)
    return Notes(
        format="markdown",
        title=title[:200],
        date=own,
        attendees=attendees_of(draft),
        topics=unique(draft.topics),
        minutes=tuple(draft.minutes),
        actions=tuple(draft.actions),
        decisions=unique(draft.decisions),
        updates=tuple(draft.updates),
        events=tuple(draft.events),
        next_meeting=draft.next_meeting,
        skipped=tuple(draft.skipped),
    )


def _date(blocks: list[Block], name: str) -> date | None:
    headings = [b.text for b in blocks if b.heading and b.level <= 6]
    for text in headings[:1] + headings[1:]:
        found = lines.date_in(text)
        if found is not None:
            return found
    for block in blocks:
        label, sep, rest = block.text.partition(":")
        if sep and lines.section_kind(label) == "date":
            found = lines.date_in(rest)
            if found is not None:
                return found
    return lines.date_in(name) if name else None


def _blocks(tokens: list[Token]) -> list[Block]:
    blocks: list[Block] = []
    items: list[int | None] = []  # for each open list item, the index of its first block (None: none yet)
    heading_level = 0
    in_header_row = False
    row: list[str] = []
    for n, token in enumerate(tokens):
        match token.type:
            case "list_item_open":
                items.append(None)
            case "list_item_close":
                items.pop()
            case "bullet_list_open" | "ordered_list_open" if items and items[-1] is not None:
                _parent(blocks, items[-1], depth=len(items))
            case "heading_open":
                heading_level = int(token.tag[1:])
            case "heading_close":
                heading_level = 0
            case "thead_open":
                in_header_row = True
            case "thead_close":
                in_header_row = False
            case "tr_open":
                row = []
            case "tr_close":
                blocks.append(Block("| " + " | ".join(row) + " |", table=True, quiet=in_header_row))
            case "inline" if tokens[n - 1].type in ("th_open", "td_open"):
                row.append(_inline(token).replace("\n", " ").replace("|", "\\|"))
            case "inline" if heading_level:
                blocks.append(Block(_inline(token).replace("\n", " "), heading=True, level=heading_level))
            case "inline":
                start = len(blocks)
                blocks += _paragraph(_inline(token), in_item=bool(items))
                if items and items[-1] is None and len(blocks) > start:
                    items[-1] = start
            case "fence" | "code_block" | "html_block":
                blocks += [Block(line, quiet=True) for line in token.content.splitlines() if line.strip() and not items]
    return blocks


def _parent(blocks: list[Block], index: int, depth: int) -> None:
    """The list item at `index` has items below it: a heading when it reads as a title."""
    block = blocks[index]
    if block.checked is None and lines.title_like(block.text):
        blocks[index] = replace(block, heading=True, level=NESTED + depth)


def _paragraph(text: str, *, in_item: bool) -> list[Block]:
    """A paragraph's lines: joined where a line merely wraps, apart where a new speaker or label starts one."""
    out: list[str] = []
    for piece in text.split("\n"):
        piece = piece.strip()
        if not piece:
            continue
        if out and not (_STARTS_LINE.match(piece) or lines.decision(piece)):
            out[-1] += " " + piece
        else:
            out.append(piece)
    blocks = []
    for line in out:
        box = _BOX.match(line) if in_item else None
        checked = None if box is None else box.group(1) != " "
        blocks.append(Block(line[box.end() :] if box else line, checked=checked))
    return blocks


def _inline(token: Token) -> str:
    """The inline text as a reader sees it: link texts, code without backticks, line breaks as newlines."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
