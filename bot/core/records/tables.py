"""The CSV export: one table per kind (items, decisions, events, updates, meetings), each opening cleanly in a
spreadsheet.

* UTF-8 with a byte-order mark (so Excel reads it as UTF-8; LibreOffice and Google Sheets ignore it), a header row,
  RFC 4180 quoting, CRLF line ends.
* Dates as ISO 8601 (`2024-02-03`), times in UTC with a `Z` (`2024-02-26T12:00:00Z`); people by name when the
  record or the workspace knows it; owners joined with "; ".
* Formulas neutralised: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
  (OWASP's advice), so a task typed as `=HYPERLINK(…)` is text in every spreadsheet.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from bot.core.records.snapshot import Export

_RISKY = ("=", "+", "-", "@", "\t", "\r")
TABLES = ("items", "decisions", "events", "updates", "meetings")


def cell(value: object) -> str:
    """A value as a cell: ISO dates, UTC times, nothing a spreadsheet would run."""
    if value is None:
        text = ""
    elif isinstance(value, datetime):
        text = value.strftime("%Y-%m-%dT%H:%M:%SZ")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    return "'" + text if text.startswith(_RISKY) else text


def csv_tables(document: Export) -> dict[str, bytes]:
    """`items.csv`, `decisions.csv`, `events.csv`, `updates.csv`, `meetings.csv`."""
    names = document.members
    meeting_day = {m.number: m.started_at for m in document.meetings}

    def who(user_id: str | None) -> str:
        return names.get(user_id, user_id) if user_id else ""

    items = [
        (i.number, i.task, "; ".join(names.get(o.user_id, o.name) if o.user_id else o.name for o in i.owners),
         i.due, i.status, who(i.created_by), i.created_at, i.closed_at)
        for i in document.items
    ]  # fmt: skip
    decisions = [
        (d.number, d.text, who(d.recorded_by), d.recorded_at, meeting_day.get(d.meeting) if d.meeting else d.meeting_at,
         d.revoked_at, who(d.revoked_by))
        for d in document.decisions
    ]  # fmt: skip
    events = [
        (e.number, e.name, e.starts, e.ends, e.place, e.notes, e.link, who(e.created_by), e.created_at)
        for e in document.events
    ]
    updates = [(u.project, u.text, who(u.author), u.at) for u in document.updates]
    meetings = [
        (m.started_at, m.ended_at, who(m.started_by), "; ".join(who(a) for a in m.attendees),
         "; ".join(n.text for n in m.notes if n.kind == "topic" and not n.undone), m.minutes or "")
        for m in document.meetings
    ]  # fmt: skip
    return {
        "items.csv": _table(("number", "task", "owners", "due", "status", "created_by", "created_at", "closed_at"),
                            items),
        "decisions.csv": _table(("number", "text", "recorded_by", "recorded_at", "meeting", "revoked_at",
                                 "revoked_by"), decisions),
        "events.csv": _table(("number", "name", "starts", "ends", "place", "notes", "link", "created_by",
                              "created_at"), events),
        "updates.csv": _table(("project", "text", "author", "at"), updates),
        "meetings.csv": _table(("started_at", "ended_at", "started_by", "attendees", "topics", "minutes"), meetings),
    }  # fmt: skip


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def csv_zip(tables: dict[str, bytes]) -> bytes:
    """The tables in one zip file, for one upload (Slack) or one download."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in TABLES:
            info = zipfile.ZipInfo(f"{name}.csv", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, tables[f"{name}.csv"])
    return out.getvalue()
