"""A Confluence page in storage format (XHTML with `ac:`/`ri:` elements), or as Confluence renders it: format
"wiki", like the same page pasted as text.

Confluence's own structure is read first, by its rules (the samples in tests/core/records/documents/confluence/):

* Every task (`<ac:task>`) is an action item, wherever it sits (layout cells, tables, inside another task): its
  owner is the first user link in its body, its due date the first `<time datetime>`, `complete` means done; the
  rest of the body is the task. A task that is only the editor's placeholder ("Type your task here.") or empty is
  skipped; a tasks report macro lists other pages' tasks and is not read.
* A user link shows its name when the page has one (`<ac:plain-text-link-body>`), else the username, else the
  account's opaque key ("Confluence user 8aa4…"): storage format never holds the person's name, and the key is
  kept so that someone can tell who it was.
* The meeting's day is the first `<time>` under the "Date" heading; a `<time>` anywhere else is a due date or a
  date in the notes. Decisions are the DECIDED items of a decision list (its fallback copy is not read again).
* A discussion table's "Item" (or "Topic") column gives the topics; its cells are minutes.

Everything else becomes lines and headings (a list item with items below it that reads as a title is a heading,
as in a wiki page) and goes through `sections.read_blocks`, with the same rules as the pasted page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.core.records import lines
from bot.core.records.html import BLOCKS, Element, parse_html
from bot.core.records.notes import ActionLine, Notes, Skipped, unique
from bot.core.records.sections import NESTED, Block, attendees_of, read_blocks

_LEADING_VERB = re.compile(r"^(?:will|to|should|shall|must|is\s+to|needs?\s+to)\s+(?=\w)|^[:\-–—]\s*", re.I)
_INSIDE_ITEMS = ("ac:task-list", "ac:structured-macro", "ac:adf-extension", "table")
_SKIPPED_MACROS = frozenset({"tasks-report-macro", "toc", "anchor", "children", "content-report-table", "include"})


def looks_like_confluence(text: str) -> bool:
    head = text[:200_000]
    return bool(re.search(r"<(?:ac|ri):[a-z]", head)) or "confluence-userlink" in head or "inline-task-list" in head


def read_confluence(text: str, *, name: str = "", day: date | None = None) -> Notes:
    root = parse_html(text)
    walk = _Walk()
    walk.element(root, depth=0)
    own = walk.day or (lines.date_in(name) if name else None)
    draft = read_blocks(walk.blocks, meeting_day=own or day)
    return Notes(
        format="wiki",
        title="",
        date=own,
        attendees=attendees_of(draft),
        topics=unique([*walk.topics, *draft.topics]),
        minutes=tuple(draft.minutes),
        actions=(*walk.actions, *draft.actions),
        decisions=unique([*walk.decisions, *draft.decisions]),
        updates=tuple(draft.updates),
        events=tuple(draft.events),
        next_meeting=draft.next_meeting,
        skipped=(*walk.skipped, *draft.skipped),
    )


@dataclass
class _Walk:
    blocks: list[Block] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    day: date | None = None
    section: str | None = None

    def element(self, node: Element, depth: int) -> None:
        for child in node.children:
            if isinstance(child, Element):
                self.child(child, depth)

    def child(self, node: Element, depth: int) -> None:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = inline(node)
            self.section = lines.section_kind(text)
            self.blocks.append(Block(text, heading=True, level=int(tag[1])))
        elif tag == "ac:task":
            self.task(node)
        elif tag == "ac:structured-macro":
            self.macro(node, depth)
        elif tag == "ac:adf-extension":
            self.adf(node)
        elif tag == "time" and self.section == "date" and self.day is None:
            self.day = _time(node)
        elif tag in ("ul", "ol") and ({"decision-list"} & node.classes):
            self.decisions += [inline(li) for li in node.iter("li") if inline(li)]
        elif tag in ("ul", "ol"):
            for li in (c for c in node.children if isinstance(c, Element) and c.tag == "li"):
                self.item(li, depth + 1)
        elif tag == "table":
            self.table(node)
        elif tag == "p" or (tag in BLOCKS and not _has_blocks(node)):
            if self.section == "date" and self.day is None and (found := node.first("time")) is not None:
                self.day = _time(found)
            self.blocks += [Block(line) for line in _split(node)]
        elif tag not in ("ac:placeholder", "ac:adf-fallback", "script", "style"):
            self.element(node, depth)

    def item(self, li: Element, depth: int) -> None:
        text = inline(li)
        nested = [c for c in li.iter("ul", "ol") if _own_list(c, li)]
        if text and nested and lines.title_like(text) and self.section not in ("attendees", "regrets"):
            self.blocks.append(Block(text, heading=True, level=NESTED + depth))
        elif text:
            self.blocks.append(Block(text))
        for child in li.iter(*_INSIDE_ITEMS):  # tasks, macros and tables in the item are read for what they are
            if _own_list(child, li) and not any(a.tag in _INSIDE_ITEMS for a in _between(child, li)):
                self.child(child, depth)
        for sub in nested:
            self.child(sub, depth)

    def task(self, node: Element) -> None:
        body = node.first("ac:task-body")
        if body is None:
            return
        status = node.first("ac:task-status")
        user = next((u for u in body.iter("ri:user") if not _in_nested_task(u, body)), None)
        when = next((t for t in body.iter("time") if not _in_nested_task(t, body)), None)
        text = inline(body, skip={id(node) for node in (user, when) if node is not None})
        if user is not None:
            text = _LEADING_VERB.sub("", text)  # "@Leonardo will check …": the task is "check …"
        if not text or not any(ch.isalnum() for ch in text):
            if body.first("ac:placeholder") is None and not body.first("ac:task-list"):
                self.skipped.append(Skipped("(an empty task)", "an empty task"))
            else:
                shown = body.first("ac:placeholder")
                said = shown.text() if shown is not None else ""
                self.skipped.append(Skipped(said or "(a placeholder)", "the editor's empty task placeholder"))
        else:
            owner = _user_name(user) if user is not None else None
            self.actions.append(
                ActionLine(
                    text,
                    owners=(owner,) if owner else (),
                    due=_time(when) if when is not None else None,
                    done=status is not None and status.text().lower() == "complete",
                )
            )
        for nested in body.iter("ac:task"):
            if _in_nested_task(nested, body) and nested.parent is not None and _parent_task(nested) is not node:
                continue
            self.task(nested)

    def macro(self, node: Element, depth: int) -> None:
        name = node.attrs.get("ac:name", "")
        if name in _SKIPPED_MACROS:
            return
        if name == "jira":
            key = next((p.text() for p in node.iter("ac:parameter") if p.attrs.get("ac:name") == "key"), "")
            if key:
                self.blocks.append(Block(f"Jira {key}", quiet=True))
            return
        body = node.first("ac:rich-text-body")
        if body is not None:
            self.element(body, depth)
        plain = node.first("ac:plain-text-body")
        if plain is not None:
            self.blocks += [Block(line, quiet=True) for line in plain.raw_text().splitlines() if line.strip()]

    def adf(self, node: Element) -> None:
        for item in node.iter("ac:adf-node"):
            if item.attrs.get("type") != "decision-item":
                continue
            state = next((a.text() for a in item.iter("ac:adf-attribute") if a.attrs.get("key") == "state"), "")
            content = item.first("ac:adf-content")
            text = content.text() if content is not None else ""
            if text and state.upper() == "DECIDED":
                self.decisions.append(text)
            elif text:
                self.skipped.append(Skipped(text, "a decision not yet decided (UNDECIDED)"))

    def table(self, node: Element) -> None:
        rows = list(node.iter("tr"))
        if not rows:
            return
        header = [inline(c).lower().rstrip(":") for c in rows[0].children if isinstance(c, Element)]
        has_header = any(isinstance(c, Element) and c.tag == "th" for c in rows[0].children)
        item_column = next((n for n, h in enumerate(header) if h in ("item", "topic", "discussion item")), None)
        for row in rows[1:] if has_header else rows:
            cells = [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]
            texts = [" ".join(_split(c)) for c in cells]
            if not any(texts):
                continue
            if item_column is not None and item_column < len(texts) and texts[item_column]:
                self.topics.append(texts[item_column])
            self.blocks.append(Block(" — ".join(t for t in texts if t), quiet=True))
            for n, cell in enumerate(cells):
                if n != item_column:
                    self.blocks += [Block(line) for line in _split(cell) if not line.startswith("@")]


def _between(node: Element, top: Element) -> list[Element]:
    """The elements between a node and one of its ancestors."""
    found = []
    for ancestor in node.ancestors():
        if ancestor is top:
            break
        found.append(ancestor)
    return found


def _own_list(lst: Element, li: Element) -> bool:
    """An element directly inside this item (not inside one of its sub-items)."""
    for ancestor in lst.ancestors():
        if ancestor is li:
            return True
        if ancestor.tag == "li":
            return False
    return False


def _has_blocks(node: Element) -> bool:
    return any(isinstance(c, Element) and (c.tag in BLOCKS or c.tag.startswith("ac:")) for c in node.children)


def _in_nested_task(node: Element, body: Element) -> bool:
    for ancestor in node.ancestors():
        if ancestor is body:
            return False
        if ancestor.tag == "ac:task-list":
            return True
    return False


def _parent_task(node: Element) -> Element | None:
    return next((a for a in node.ancestors() if a.tag == "ac:task"), None)


def _time(node: Element) -> date | None:
    return lines.date_in(node.attrs.get("datetime", "") or node.text())


def _user_name(user: Element) -> str:
    link = user.parent
    body = link.first("ac:plain-text-link-body") if link is not None else None
    shown = body.text() if body is not None else ""
    if shown:
        return shown
    for attribute in ("ri:username", "ri:userkey", "ri:account-id"):
        value = user.attrs.get(attribute, "")
        if value:
            return value if attribute == "ri:username" else f"Confluence user {value}"
    return "a Confluence user"


def _split(node: Element) -> list[str]:
    """A block's lines (split at `<br>` and inner blocks), user links and dates written out."""
    return [line for line in (" ".join(part.split()) for part in _render(node).split("\n")) if line]


def inline(node: Element, skip: set[int] | None = None) -> str:
    """The element's text on one line: user links as `@name`, dates as written, placeholders and nested lists
    and tasks left out."""
    return " ".join(_render(node, skip or set(), inline=True).split())


def _render(node: Element, skip: set[int] | None = None, *, inline: bool = False) -> str:
    skip = skip or set()
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
            continue
        if id(child) in skip or child.tag in ("ac:placeholder", "ac:task-list", "ac:adf-fallback", "ac:parameter"):
            continue
        if inline and child.tag in ("ul", "ol", "table"):
            continue
        if child.tag == "ac:link":
            user = child.first("ri:user")
            page = child.first("ri:page")
            body = child.first("ac:plain-text-link-body")
            if user is not None and id(user) in skip:
                continue
            if user is not None:
                parts.append("@" + _user_name(user))
            else:
                title = page.attrs.get("ri:content-title", "") if page is not None else ""
                parts.append(body.text() if body is not None else title)
        elif child.tag == "time":
            parts.append(child.attrs.get("datetime", "") or child.text())
        elif child.tag == "br":
            parts.append(" " if inline else "\n")
        elif child.tag in BLOCKS and not inline:
            parts.append("\n" + _render(child, skip) + "\n")
        else:
            parts.append(_render(child, skip, inline=inline))
    return "".join(parts)
