"""MeetBot minutes (the Supybot/Limnoria plugin behind Fedora's zodbot, Debian's and Ubuntu's bots), in its text
and HTML writers: format "meetbot".

What is read, as the samples in tests/core/records/documents/meetbot/ show it:

* Each item once. MeetBot prints every action three times (under its topic, in "Action Items", and in "Action
  Items, by person"); only the lines under the topics are read. The summaries are read only when no action is under
  a topic (writers that print none there), and then "Action Items" before "by person".
* `ACTION:` lines are items; `AGREED:` and `ACCEPTED:` lines are decisions; `#topic` lines are topics; `INFO:`,
  `IDEA:`, `HELP:`, `LINK:` lines and lines without a tag are minutes.
* Owners: the line reader reads each action ("sysoplab to edit #184 and #188" is sysoplab's); when it finds nobody,
  MeetBot's own rule gives the owners: every nick of the people present named in the line as a whole word.
* Attendees: "People Present (lines said)", without bots (`zodbot`, nicks ending in "bot") and without people who
  said nothing (0 lines: often a chair added with `#chair` who never came); those are listed as skipped.
* The date: from the log's address or the file name (`magazine.2020-06-10-12.02.log.html`), else the title
  (`RELENG (2015-02-09)`); the time and its zone from "Meeting started by bcotton at 12:02:26 UTC".
* The text writer wraps at 72 columns, even inside the `(nick, 12:08:11)` trailer: lines are joined before the
  trailer is taken off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

from bot.core.records import lines
from bot.core.records.html import Element, parse_html
from bot.core.records.notes import ActionLine, Notes, Skipped, unique

_TRAILER = re.compile(r"\s*\((?P<nick>[^\s(),]+),\s*(?P<at>\d{1,2}:\d{2}:\d{2})\)\s*$")
_TAG = re.compile(r"^(?P<tag>[A-Z]{2,12}):\s*(?P<text>.*)$", re.DOTALL)
_STARTED = re.compile(
    r"Meeting started by (?P<nick>\S+) at (?P<at>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<zone>[A-Za-z_/+\-]+)?"
)
_PRESENT = re.compile(r"^(?P<nick>\S+)\s*\((?P<count>\d+)\)$")
_UNDERLINE = re.compile(r"^[-=]{3,}\s*$")
_TOP = re.compile(r"^\*\s+")
_SUB = re.compile(r"^\s{2,3}\*\s+")


@dataclass
class _Meeting:
    """What a MeetBot writer printed, before it becomes Notes."""

    title: str = ""
    started: str = ""  # the "Meeting started by …" sentence
    addresses: list[str] = field(default_factory=list)  # the log's address(es)
    topics: list[tuple[str, list[str]]] = field(default_factory=list)  # each topic and its items, trailers removed
    summary: list[str] = field(default_factory=list)  # "Action Items"
    by_person: list[str] = field(default_factory=list)  # "Action Items, by person" (items only)
    present: list[tuple[str, int]] = field(default_factory=list)


def looks_like_meetbot(text: str) -> bool:
    head = text[:200_000]
    return ("MeetBot" in head and "Meeting started by" in head) or (
        "Meeting summary" in head and re.search(r"Meeting started by \S+ at \d", head) is not None
    )


def read_meetbot(text: str, *, name: str = "", day: date | None = None) -> Notes:
    meeting = _from_html(text) if "<" in text[:2000] and re.search(r"<(html|body|h1|ol)\b", text, re.I) else None
    return _notes(meeting or _from_text(text), name, day)


# -- the text writer --------------------------------------------------------------------------------------------


def _from_text(text: str) -> _Meeting:
    meeting = _Meeting()
    rows = text.splitlines()
    titled = [n for n, row in enumerate(rows[:5]) if _UNDERLINE.match(row)]
    if len(titled) >= 2:
        meeting.title = " ".join(" ".join(rows[titled[0] + 1 : titled[1]]).split())
    sections = _text_sections(rows)
    intro = " ".join(" ".join(sections.get("", [])).split())
    found = _STARTED.search(intro)
    meeting.started = found.group(0) if found else ""
    meeting.addresses = re.findall(r"\S+://\S+", intro)
    for item, depth in _logical(sections.get("meeting summary", [])):
        clean = _TRAILER.sub("", item).strip()
        if depth == 0:
            meeting.topics.append((clean, []))
        elif meeting.topics:
            meeting.topics[-1][1].append(clean)
        else:
            meeting.topics.append(("", [clean]))
    meeting.summary = [item for item, depth in _logical(sections.get("action items", [])) if depth == 0]
    meeting.by_person = [item for item, depth in _logical(sections.get("action items, by person", [])) if depth]
    for item, _ in _logical(sections.get("people present (lines said)", [])):
        present = _PRESENT.match(item)
        if present:
            meeting.present.append((present.group("nick"), int(present.group("count"))))
    return meeting


def _text_sections(rows: list[str]) -> dict[str, list[str]]:
    """The rows under each `-`-underlined heading, by the heading's lower-cased name ("" before the first)."""
    out: dict[str, list[str]] = {"": []}
    current = ""
    for n, row in enumerate(rows):
        if n + 1 < len(rows) and rows[n + 1].startswith("---") and _UNDERLINE.match(rows[n + 1]) and row.strip():
            current = row.strip().lower()
            out[current] = []
            continue
        if _UNDERLINE.match(row) and n and current in out and out[current] == [] and rows[n - 1].strip():
            continue
        out.setdefault(current, []).append(row)
    return out


def _logical(rows: list[str]) -> list[tuple[str, int]]:
    """Bulleted items with their wrapped lines joined: (text, 0 for a top-level bullet, 1 for a nested one)."""
    items: list[tuple[str, int]] = []
    for row in rows:
        if not row.strip() or row.startswith(".. _"):
            continue
        if _TOP.match(row):
            items.append((_TOP.sub("", row).strip(), 0))
        elif _SUB.match(row):
            items.append((_SUB.sub("", row).strip(), 1))
        elif items and row[:1].isspace():  # a wrapped line is indented; one at the margin ends the list
            text, depth = items[-1]
            items[-1] = (text + " " + row.strip(), depth)
        else:
            items.append(("", -1))  # a stop: what follows continues nothing
    return [(text, depth) for text, depth in items if depth >= 0]


# -- the HTML writer --------------------------------------------------------------------------------------------


def _from_html(text: str) -> _Meeting | None:
    root = parse_html(text)
    title = root.first("title") or root.first("h1")
    meeting = _Meeting(title=title.text() if title else "")
    details = " ".join(e.text() for e in root.iter("span") if "details" in e.classes)
    found = _STARTED.search(details)
    meeting.started = found.group(0) if found else ""
    meeting.addresses = [e.attrs.get("href", "") for e in root.iter("a") if ".log." in e.attrs.get("href", "")][:1]
    heading = ""
    for element in root.iter("h3", "ol"):
        if element.tag == "h3":
            heading = element.text().lower()
            continue
        if any(a.tag == "ol" for a in element.ancestors()):
            continue  # a nested list: read with its topic
        items = [li for li in element.children if isinstance(li, Element) and li.tag == "li"]
        if heading == "meeting summary":
            meeting.topics += [_html_topic(li) for li in items]
        elif heading == "action items":
            meeting.summary = [li.text() for li in items if li.text() != "(none)"]
        elif heading == "action items, by person":
            meeting.by_person = [sub.text() for li in items for sub in li.iter("li")]
        elif heading.startswith("people present"):
            for li in items:
                present = _PRESENT.match(li.text())
                if present:
                    meeting.present.append((present.group("nick"), int(present.group("count"))))
    return meeting if meeting.started or meeting.topics else None


def _html_topic(li: Element) -> tuple[str, list[str]]:
    bold = li.first("b")
    topic = bold.text() if bold is not None and "TOPIC" in bold.classes else ""
    items = []
    for sub in li.iter("li"):
        items.append(_html_item(sub))
    return topic, items


def _html_item(li: Element) -> str:
    """One item as the text writer prints it: `ACTION: …`, `AGREED: …`, `LINK: …`, or an info line."""
    kind = li.first("i")
    tag = kind.text() if kind is not None and "itemtype" in kind.classes else ""
    span = next((s for s in li.iter("span") if "details" not in s.classes), None)
    if tag and span is not None:
        return f"{tag}: {span.text()}"
    if span is not None and span.classes & {"INFO", "IDEA", "HELP"}:
        return span.text()
    text = " ".join(
        part.text() if isinstance(part, Element) else " ".join(part.split())
        for part in li.children
        if not (isinstance(part, Element) and "details" in part.classes)
    )
    return "LINK: " + " ".join(text.split())


# -- either writer -> Notes --------------------------------------------------------------------------------------


def _notes(meeting: _Meeting, name: str, given: date | None) -> Notes:
    day = next(
        (d for d in (lines.date_in(a) for a in [*meeting.addresses, name, meeting.title]) if d is not None), None
    )
    started = _STARTED.search(meeting.started)
    at, zone = None, None
    if started:
        hour, minute, *second = (int(p) for p in started.group("at").split(":"))
        at, zone = time(hour, minute, second[0] if second else 0), started.group("zone")
    bots = {nick for nick, _ in meeting.present if _is_bot(nick)}
    nicks = [nick for nick, _ in meeting.present if nick not in bots]
    skipped = [
        Skipped(f"{nick} (0)", "listed as present but said nothing: not counted as an attendee")
        for nick, count in meeting.present
        if count == 0 and nick not in bots
    ]
    actions: list[ActionLine] = []
    decisions: list[str] = []
    minutes: list[str] = []
    topics: list[str] = []
    next_day: date | None = None
    for topic, items in meeting.topics:
        if topic:
            topics.append(topic)
            minutes.append(topic)
        next_heading = "next meeting" in topic.lower()
        for item in items:
            minutes.append(item)
            tagged = _TAG.match(item)
            tag, body = (tagged.group("tag"), tagged.group("text").strip()) if tagged else ("INFO", item)
            if tag == "ACTION":
                actions.append(ActionLine(body, mentioned=_named(body, nicks)))
            elif tag in ("AGREED", "ACCEPTED"):
                decisions.append(body)
            elif tag != "LINK":
                next_day = next_day or lines.next_meeting(body, day or given, under_heading=next_heading)
    if not actions:  # a writer that prints actions only in its summaries
        listed = meeting.summary or list(dict.fromkeys(meeting.by_person))
        actions = [ActionLine(text, mentioned=_named(text, nicks)) for text in listed if text != "(none)"]
    return Notes(
        format="meetbot",
        title=meeting.title[:200],
        date=day,
        time=at,
        zone=zone,
        attendees=unique([nick for nick, count in meeting.present if count > 0 and nick not in bots]),
        topics=unique(topics),
        minutes=tuple(minutes),
        actions=tuple(actions),
        decisions=unique(decisions),
        next_meeting=next_day,
        skipped=tuple(skipped),
    )


def _is_bot(nick: str) -> bool:
    return nick.lower().rstrip("_") in ("zodbot", "meetbot", "supybot", "limnoria") or nick.lower().endswith("bot")


def _named(text: str, nicks: list[str]) -> tuple[str, ...]:
    """MeetBot's rule: every nick present that the line names as a whole word, case-insensitively."""
    return tuple(n for n in nicks if re.search(r"\b" + re.escape(n) + r"\b", text, re.IGNORECASE))
