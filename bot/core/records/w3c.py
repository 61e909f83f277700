"""W3C-style minutes, scribed on IRC and formatted by scribe.perl (v2 "scribe2" HTML5, v1 HTML 4) or by scribejs
(Markdown): format "w3c".

What is read, as the samples in tests/core/records/documents/w3c/ show it:

* Decisions are the resolutions: scribe2 `<p class=resolution>`, v1 `<strong class="resolution">`, scribejs
  `> ***Resolution #1: …***`. The summary at the end repeats them and is read only when none is inline; a
  "proposed RESOLUTION" is a proposal, never a decision.
* Action items: scribe2 `<p class=action>`, v1 `ACTION:` lines, scribejs `> ***Action #1: … (Gregg Kellogg)***`,
  whose last bracketed name is the owner. The summaries again only when none is inline; scribe.perl v1 summaries
  list carried-over actions too (`[PENDING]`, `[DONE]`): only `[NEW]` ones are this meeting's. The GitHub bot's
  echo of an action in scribejs minutes ("-> action 782 … due 27 Jul 2022") gives its due date, and is not a
  second item.
* Attendees: "Present" (names as `First_Last`, `Full Name (nick)` or nicks; "-" is nobody); "Regrets" are not.
* Topics: scribe2 and v1 `<h3>`, scribejs `### 1. Announcements and Introductions.` (number and the added period
  taken off).
* The date: scribe2's `<h2>28 October 2021</h2>`, the title, a Jekyll front matter's title, the IRC log's address
  (`/2016/05/05-browserext-irc`), scribejs' `**Date:** 2022-07-20`. The next meeting: an agenda address ending in a
  later `20220803T160000`, else a "Next meeting" line or topic read from the meeting's day ("2 weeks from now").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.core.language import parse_when
from bot.core.records import lines
from bot.core.records.html import Element, parse_html
from bot.core.records.notes import ActionLine, Notes, Skipped, unique

_SCRIBE_HTML = re.compile(
    r"scribe\.perl|id=\"?(?:ActionSummary|ResolutionSummary)|<dl class=\"?intro|\[End of minutes\]", re.IGNORECASE
)
_SCRIBEJS = re.compile(r"!\[W3C Logo\]\(https?://www\.w3\.org/Icons/w3c_home\)")
_ACTION = re.compile(r"^\s*(?:\[(?P<state>[A-Z]+)\]\s*)?ACTION\s*(?:#\d+)?\s*:?\s*(?P<text>\S.*)$", re.IGNORECASE)
_RESOLUTION = re.compile(r"^\s*(?:RESOLUTION|RESOLVED)\s*(?:#\d+)?\s*:\s*(?P<text>\S.*)$", re.IGNORECASE)
_LAST_NAME = re.compile(r"\s*\((?P<name>[^()]{2,60})\)\s*\.?\s*$")
_BOT_DUE = re.compile(r"->\s*action\s+\d+\s+(?P<text>.+?)\s*(?:\[\d+\]\s*)?\(on [^)]*\)\s*due\s+(?P<due>[^.]+)")
_REGRETS = "sent regrets: not counted as an attendee"
_AGENDA_DAY = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})T\d{6}")


def looks_like_w3c(text: str) -> bool:
    head = text[:200_000]
    return bool(_SCRIBE_HTML.search(head)) or (
        bool(_SCRIBEJS.search(head)) and re.search(r"\*\*(?:Present|Chair|Scribe)", head) is not None
    )


def read_w3c(text: str, *, name: str = "", day: date | None = None) -> Notes:
    if _SCRIBEJS.search(text[:20_000]) and not re.search(r"<(?:html|body|dl)\b", text[:20_000], re.IGNORECASE):
        return _scribejs(text, name, day)
    return _scribe_html(text, name, day)


# -- scribe.perl (v1 and v2) HTML ------------------------------------------------------------------------------


def _scribe_html(text: str, name: str, given: date | None) -> Notes:
    root = parse_html(text)
    front = re.match(r"^---\s*\n(?P<body>.*?)\n---\s*\n", text, re.DOTALL)
    title_element = root.first("title")
    h1 = root.first("h1")
    title = (title_element.text() if title_element else "") or (h1.text() if h1 else "")
    if front:
        found = re.search(r"^title:\s*(.+)$", front.group("body"), re.MULTILINE)
        title = title or (found.group(1).strip() if found else "")
    day = _first_date([*(h.text() for h in root.iter("h2")), title, *_addresses(root), name])
    present, regrets = _roles(root)
    topics = [h.text() for h in root.iter("h3")]
    minutes, actions, decisions = _speech(root)
    summary_actions, summary_decisions = _summaries(root)
    actions = actions or summary_actions
    decisions = decisions or summary_decisions
    next_day = _next_from_topics(root, day or given)
    return Notes(
        format="w3c",
        title=re.sub(r"^[\s–-]*DRAFT[\s–-]*", "", title).strip()[:200],
        date=day,
        attendees=unique(present),
        topics=unique(topics),
        minutes=tuple(minutes),
        actions=tuple(actions),
        decisions=unique(decisions),
        next_meeting=next_day,
        skipped=tuple(Skipped(r, _REGRETS) for r in regrets),
    )


def _addresses(root: Element) -> list[str]:
    return [a.attrs.get("href", "") for a in root.iter("a") if "-irc" in a.attrs.get("href", "")]


def _first_date(texts: list[str]) -> date | None:
    return next((d for d in (lines.date_in(t) for t in texts if t) if d is not None), None)


def _roles(root: Element) -> tuple[list[str], list[str]]:
    """Present and regrets from the `<dl>` of roles (`<dt>Present</dt><dd>a, b</dd>`)."""
    present: list[str] = []
    regrets: list[str] = []
    for dl in root.iter("dl"):
        label = ""
        for child in dl.iter("dt", "dd"):
            if child.tag == "dt":
                label = child.text().lower()
            elif label == "present":
                present += lines.people(child.text())
            elif label == "regrets":
                regrets += lines.people(child.text())
    return present, regrets


def _speech(root: Element) -> tuple[list[str], list[ActionLine], list[str]]:
    """The minutes' lines (topics and what was said), and the actions and resolutions among them."""
    meeting = root.first("main") or next((d for d in root.iter("div") if "meeting" in d.classes), None) or root
    minutes: list[str] = []
    actions: list[ActionLine] = []
    decisions: list[str] = []
    for element in meeting.iter("h3", "h4", "p"):
        if element.tag in ("h3", "h4"):
            minutes.append(element.text())
            continue
        classes = element.classes
        resolution = next((s for s in element.iter("strong") if "resolution" in s.classes), None)
        said = element.lines()
        if "resolution" in classes or resolution is not None:
            text = re.sub(r"^\s*(?:RESOLUTION|RESOLVED)\s*:\s*", "", element.text(), flags=re.IGNORECASE)
            decisions.append(text)
        elif "action" in classes:
            actions.append(ActionLine(re.sub(r"^\s*ACTION\s*:?\s*", "", element.text(), flags=re.IGNORECASE)))
        else:
            for line in said:
                marked = _ACTION.match(line) if re.match(r"^\s*ACTION\b", line, re.IGNORECASE) else None
                if marked:
                    actions.append(ActionLine(marked.group("text")))
        minutes += [re.sub(r"^(?:\.\.\.|…)\s*", "", line) for line in said]
    return minutes, actions, decisions


def _summaries(root: Element) -> tuple[list[ActionLine], list[str]]:
    """The summaries of action items and resolutions, for minutes that have none inline."""
    actions: list[ActionLine] = []
    decisions: list[str] = []
    for element in root.iter("div", "h2"):
        key = element.attrs.get("id", "") or next((a.attrs.get("id", "") for a in element.iter("a")), "")
        listed = _listed_after(element)
        if key == "ActionSummary":
            for text in listed:
                found = _ACTION.match(text) or re.match(r"^(?P<text>.+)$", text)
                state = found.groupdict().get("state") if found else None
                if found and state in (None, "NEW"):
                    actions.append(ActionLine(re.sub(r"\s*\[recorded in [^\]]*\]\s*$", "", found.group("text"))))
        elif key == "ResolutionSummary":
            decisions += listed
    return actions, decisions


def _listed_after(element: Element) -> list[str]:
    """The items of the list inside a summary `<div>`, or of the first list after a summary `<h2>`."""
    inside = element.first("ol", "ul")
    if element.tag == "div" and inside is not None:
        return [li.text() for li in inside.iter("li")]
    if element.tag != "h2" or element.parent is None:
        return []
    siblings = element.parent.children
    after = siblings[siblings.index(element) + 1 :]
    for sibling in after:
        if isinstance(sibling, Element) and sibling.tag in ("ol", "ul"):
            return [li.text() for li in sibling.iter("li")]
        if isinstance(sibling, Element) and sibling.tag == "h2":
            return []
    return []


def _next_from_topics(root: Element, day: date | None) -> date | None:
    """The date a "Next meeting" topic gives ("2 weeks from now, same time"), read from the meeting's day."""
    reading = False
    for element in root.iter("h3", "p"):
        if element.tag == "h3":
            reading = "next meeting" in element.text().lower()
            continue
        found = lines.next_meeting(element.text(), day, under_heading=reading)
        if found is not None:
            return found
    return None


# -- scribejs Markdown ---------------------------------------------------------------------------------------------


def _scribejs(text: str, name: str, given: date | None) -> Notes:
    rows = [row.rstrip() for row in text.splitlines()]
    title = next((row[2:].strip() for row in rows if row.startswith("# ")), "")
    fields = {m.group(1).lower(): m.group(2).strip() for m in map(_FIELD.match, rows) if m}
    day = lines.date_in(fields.get("date", "")) or lines.date_in(title) or lines.date_in(name)
    minutes: list[str] = []
    topics: list[str] = []
    actions: dict[str, ActionLine] = {}
    decisions: list[str] = []
    dues: dict[str, date] = {}
    generated = False
    for row in rows:
        plain = _plain(row)
        if not plain:
            continue
        heading = re.match(r"^###\s+(?:\d+\.\s*)?(?P<title>.+?)\.?$", row)
        if heading:
            generated = lines.section_kind(heading.group("title")) in ("actions", "decisions")
            if not generated:
                topics.append(heading.group("title"))
                minutes.append(heading.group("title"))
            continue
        due = _BOT_DUE.search(plain)
        if due:
            when = _due(due.group("due"), day)
            if when is not None:
                dues[_key(due.group("text"))] = when
            continue
        minutes.append(plain)
        _scribed(plain, generated, actions, decisions)
    dated = [ActionLine(a.text, owners=a.owners, due=dues.get(_key(a.text)) or a.due) for a in actions.values()]
    present = lines.people(fields.get("present", ""))
    return Notes(
        format="w3c",
        title=title.replace("—", "-").strip(" -")[:200],
        date=day,
        attendees=unique(present),
        topics=unique(topics),
        minutes=tuple(minutes),
        actions=tuple(dated),
        decisions=unique(decisions),
        next_meeting=_next_by_agenda(text, day or given) or _next_by_words(minutes, day or given),
        skipped=tuple(Skipped(r, _REGRETS) for r in lines.people(fields.get("regrets", ""))),
    )


_FIELD = re.compile(r"^\*\*(Date|Present|Regrets|Guests|Chair|Scribe\(s\)|Scribe)\s*:\*\*\s*(.*)$", re.IGNORECASE)


def _plain(row: str) -> str:
    """A scribejs line without its Markdown: quote marks, emphasis, and the doubled period the tool adds."""
    text = re.sub(r"^>\s?", "", row.strip())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("***", "").replace("**", "").strip()
    text = re.sub(r"^\*(?P<who>[^*]+):\*", r"\g<who>:", text)
    text = re.sub(r"^\*\s+", "", text) if text.startswith("* ") else text
    return re.sub(r"\.\.(?=\s|$)", ".", text).strip()


def _scribed(plain: str, generated: bool, actions: dict[str, ActionLine], decisions: list[str]) -> None:
    """An action or a resolution line: inline ones are read; the generated summaries only add what is new."""
    action = re.match(r"^Action\s*#\d+\s*:\s*(?P<text>.+)$", plain)
    if action:
        body = action.group("text")
        owner = _LAST_NAME.search(body)
        text = body[: owner.start()].strip() if owner else body
        key = _key(text)
        if key not in actions:
            actions[key] = ActionLine(text, owners=(owner.group("name"),) if owner else ())
        return
    resolution = re.match(r"^Resolution\s*#\d+\s*:\s*(?P<text>.+)$", plain)
    if resolution and _key(resolution.group("text")) not in {_key(d) for d in decisions}:
        decisions.append(resolution.group("text").strip())


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _due(text: str, day: date | None) -> date | None:
    try:
        found = parse_when(text.strip(), today=day or date(2000, 1, 1))
    except ValueError:
        return None
    return found.on if found else None


def _next_by_agenda(text: str, day: date | None) -> date | None:
    """The first agenda address dated after the meeting (`…/20220803T160000`)."""
    if day is None:
        return None
    for found in _AGENDA_DAY.finditer(text):
        candidate = lines.date_in("-".join(found.groups()))
        if candidate is not None and day < candidate <= day + timedelta(days=366):
            return candidate
    return None


def _next_by_words(minutes: list[str], day: date | None) -> date | None:
    return next((d for d in (lines.next_meeting(m, day) for m in minutes) if d is not None), None)
