"""Due-date phrases -> dates: hand-written English rules, dateparser (English, fixed settings) as fallback.

Everything resolves against an explicit ``today`` (the speaker's local date); nothing here reads the clock.

Two entry points:

* ``parse_when(text, today=...)`` reads a whole text as one date phrase (``/action due 1 <when>``).
* ``find_due(text, today=...)`` finds the deadline inside a longer line (used by ``bot.core.language.reading``) and
  says where it is, so the reader can take the phrase out of the task text.

Decisions on ambiguous phrases (each one tested in tests/core/language/test_dates.py):

* A named period used as a deadline means its **last day** ("in March", "March", "Q2", "H1", "2024-03",
  "next week", "end of July", "EOM"), except after "by", "before", "until", "no later than", ... where
  it means the period's **first day** ("by January" = 1 January, "by next week" = Monday of next week,
  "by Q2" = 1 April): the thing must be done when the period arrives.  If that first day is already past
  because we are inside the period, the period's last day is used instead.
* "before <date>" is the date itself, not the day before, exactly like "by <date>" and like
  "before the next meeting" (the meeting's day) and "before FOSDEM" (its first day).  The confirmation
  shows the weekday, and reminders go out days ahead anyway.
* Weeks run Monday to Sunday; a week used as a deadline ends on its **Friday** (the working week):
  "EOW" / "end of the week" = this Friday (next Friday when said on a weekend), "next week" = Friday of
  next week, "end of next week" = the same Friday, "first half of next week" = Wednesday of next week,
  "early next week" and "by next week" = Monday of next week.
* "EOD", "COB", "end of day", "today", "tonight" = today.  Times of day ("5pm", "17:00") are read past.
* A bare weekday ("Friday", "by Friday") is the next such day after today (said on a Friday it means a
  week later).  "this Friday" is the one in the current week (today when said on a Friday; the coming
  one when this week's is past).  "next Friday" is the Friday of next week; when the coming Friday is
  still in this week it is offered as an alternative.
* Month names and numeric dates without a year are the next such date on or after today.
* Numeric dates follow the committee's order (day-first by default); when the other order gives a
  different valid date that is also upcoming and within six months, it is offered as an alternative.
  When only the other order gives a valid date ("5/29" day-first) that one is used.  ``//dd-mm-yyyy``
  (the wiki template) is always day-first.
* "Q1".."Q4" are calendar quarters, "H1"/"H2" calendar halves, of the next such period not yet over.
* "in 2 weeks" = today + 14 days, "within 10 days" = today + 10 days, "in 3 working days" skips weekends.
  "in the next 4 weeks" / "over the next 4 weeks" describe scope and are *not* deadlines.
* Meeting-relative phrases ("before the next meeting", "by next meeting", "for the next call") give
  ``Due(on=anchors.next_meeting, anchor="next meeting")`` (``on=None`` while no meeting is scheduled).
* "before FOSDEM" gives the start of a recorded event whose name starts with those words
  (case-insensitive); the nearest upcoming one wins, other matches are alternatives.  With no such event
  the words stay in the task.

* "The weekend": "by/before the weekend" = its eve, the Friday (the working week's end, like EOW); "over the
  weekend", "this weekend" = its Sunday; "next weekend" the one after.
* A weekday with a date ("Friday 23rd", "by Thu 3/7"): the date counts.  With a numeric date the weekday picks
  the order that falls on it (3/7 said as a Thursday is 7 March even for a day-first committee); with a bare
  ordinal it picks the month ("Friday the 29th" = the next 29th that is a Friday).
* "within 48h", "in 2d", "w/in 2 days", "in 1w": short units read like the long ones.
* "the 1st of next month", "the 15th of this month"; "a week from Friday" (from the coming Friday);
  "in a week or two" = the later of the two (two weeks); "in a week or so" = a week.
* "latest Friday", "Friday latest", "on or before 8 March", and task-list due markers ("📅 2024-03-01",
  ":calendar: 2024-03-01") are deadline keywords; "end of business Thursday", "close of play Friday",
  "first thing tomorrow" are that day.
* "mid-March" is the month's midpoint (16 March); "mid next week" the Wednesday.  "later this month" is this
  month's last day; "at month end", "before year-end" the current period's last day.
* Ranges ("1-5 March", "Feb 3-4", "26 Feb - 1 Mar", "3/3 - 5/3", "between 1 and 5 March", "between March 1 and 5")
  are not deadlines on their own: the words stay in the task ("hold the vote 1-5 March").  After a deadline keyword
  ("by 1-5 March", "due between 1 and 5 March") or "sometime"/"at some point" ("sometime between 1 and 5 March") a
  range is a deadline and means its **last day** (5 March): the thing must be done within it.  A range naming an
  event ("by the 12-13 March workshop") stays in the task.  "complete by" after "to" is the verb
  "complete" and the keyword "by".
* An ordinal followed by a noun is not a day ("before the 2nd reading", "a 3rd party"), nor is "year-end" before
  a noun ("the year-end report").
* "by the March 5 call", "before the 1 March deadline": that day, and the phrase takes the noun with it; without
  a deadline keyword the date of a call or release stays in the task ("cancel the 12 March meeting").
* "needed by", "required by", "ideally by", "target (date)" are deadline keywords; after a noun "needed" describes
  it ("the votes needed by Friday": only "by Friday" is taken out).  "sometime next week", "at some point in
  March" are read as the phrase they contain.
* An offset before an anchor ("2 days before the meeting", "the week before KubeCon") is not a deadline: the
  words stay in the task (the reply lets the user set the date).
* Dotted day-month dates without a year ("by 01.03.") are day-first, and only dates after a deadline keyword.
  ``//2024-03-01`` is the wiki marker with an ISO date.  As a whole phrase (``parse_when``) "01.03" is that
  day-first date and a bare number ("3", "#3") is not a date.
* A weekday typed in lowercase counts when spelled out ("review it monday"); abbreviations ("mon", "sat") need
  a keyword ("by mon") or EOD/COB before them ("EOD fri").
* Chat spellings: "tmr", "2moro", "nxt week", "by end of wk", "by nxt mtg", "b4 Friday", "weds", "@ next sync",
  "by midday Friday", "Monday AM", "Monday first thing".
* A time of day is read past ("by Friday 5pm" = Friday, "by 17:00 Friday" = Friday); "by 5pm" alone is today;
  "5pm" alone is no deadline.  A dotted year-first date ("2024.03.1") is a version unless a keyword governs it.
* A week named by its start ("w/c 4 March", "w/b 4/3", "week commencing 4 March", "the week of March 4") is
  that date's Monday-to-Sunday week, read like "next week": its **Friday** as a deadline, its Monday after "by"
  (its Friday when that Monday is past); a date that is not a Monday names the week it falls in, and a week that
  started earlier this week is this week.  "for the week of March 4" is what a thing is about, not a deadline.
* Spelled-out days read like "the 5th": "by the fifth", "by the twenty-first" / "twenty first", "on the first of
  April", "March fifth", "the first of next month".  A bare spelled ordinal ("by the fifth", no month) is a day only
  after a deadline keyword and with "the", and not before a noun ("by the second reading", "the first draft",
  "a second look" stay in the task); as a whole phrase (``parse_when``) "the fifth" is that day.
* Dashed month-name dates read like the spaced ones: "Mar-01", "01-Mar", "1-Mar-2024", "1-Mar-24", "Mar-01-2025"
  (a two-digit year after a dash is 20yy); "Mar-2024" alone is not a day.
* "the first week of March" is 1–7 March ("by" it: the 1st; "in" it: the 7th); "the last week of" ends the month.

Inside a line, the deadline is the last phrase governed by by/before/due/until/no later than/deadline/ETA
(and ``//dd-mm-yyyy``); failing that, a self-evident relative phrase ("tomorrow", "in 2 weeks", "EOW",
"next Tuesday", "on Friday"); failing that, a date at the end of the line (before any owner annotation).
Never deadlines: dates after "since", "from", "after", "to", "every", "last", "ending", "closes"; dates a
thing is *for* ("availability for 12/03", "the budget for Q3"; only "for the next call/meeting" is a
deadline); dates of a call or meeting ("the call on 5/29", "the March 3 call"); a yearless date that just
passed or follows a past-tense verb ("failed on 2/14"); ranges without a keyword ("Feb 3-4"); "2/3 of"; "#142"; "v3.0";
possessives ("Friday's call"); a bare year ("the 2024 budget"); "this year"; "the next session" as an object.
Numbers that only look like dates: "24/7", "a 10/10", "bug 12/3", "item 4/5", and an impossible numeric date
without a keyword ("split it 50/50") are words of the task, not dates and not errors.
"""

from __future__ import annotations

import calendar
import contextlib
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from bot.core.kernel.model import NEXT_MEETING, Anchors

_NO_ANCHORS = Anchors()

__all__ = ["DateError", "Due", "Found", "find_due", "parse_when", "warm_up"]


@dataclass(frozen=True)
class Due:
    """A deadline as read from the user's words."""

    on: date | None  # None while it waits on an anchor (no next meeting scheduled yet)
    phrase: str  # the words as typed that gave the date, e.g. "by Friday", "//01-03-2024"
    anchor: str | None = None  # "next meeting" or the event's name when the date comes from one
    alternatives: tuple[date, ...] = ()  # other plausible readings to offer, nearest first


class DateError(ValueError):
    """A date that cannot exist; ``str()`` is a kind sentence to show the user."""


@dataclass(frozen=True)
class Found:
    """Where the deadline sits in a line: ``text[start:end]`` is ``due.phrase`` (or the impossible date)."""

    due: Due | None
    start: int
    end: int
    error: str | None = None


# ---------------------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        _MONTHS[_name.lower()] = _i
        _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9
_MONTH_NAMES = ["", *calendar.month_name[1:]]

_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip

_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3, "few": 3,
}  # fmt: skip

# Keywords that make a following date a deadline ("strong"), and their normal form.
_STRONG_KW = (
    r"no\s+later\s+than|not\s+later\s+than|latest\s+by|at\s+the\s+latest\s+by|in\s+time\s+for|ahead\s+of|"
    r"prior\s+to|due\s+date\s*:?|due\s+(?:on|by|before|in)|due\s*:|due|deadline\s*(?:is|of|:)?|"
    r"target(?:\s+date)?\s*:?|eta\s*:?|complete\s+by|(?:needed|required|expected|wanted)\s+(?:by|before)|"
    r"ideally\s+(?:by|before)|b4|by|before|until|till|til|'til|until\s+the|by\s+the|"
    r"on\s+or\s+before|latest|📅|🗓️?|⏳|:calendar:|:date:|:spiral_calendar_pad:"
)
_WEAK_KW = r"(?:sometime|some\s+time|at\s+some\s+point)(?:\s+(?:in|during|on))?|on|in|within|for|at|@(?=\s)|during|over"
_EXCLUDE_KW = (
    r"since|from|after|starting|as\s+of|last|every|each|per|between|past|previous|except|other\s+than|to|"
    r"ending|ends|closes|closing|opens|opening|starts|started|held|dated|of"
)

_KW_RE = rf"(?P<kw>{_STRONG_KW}|{_WEAK_KW}|{_EXCLUDE_KW})"

_MON = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
)
_WD = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|(?:mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)\.?)"
)
_ORD = r"(?:st|nd|rd|th)"
_UNITS_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS_ORD = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth"]
_ORDINAL_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate([*_UNITS_ORD, *_TEENS_ORD])}
_ORDINAL_WORDS.update({"eighteenth": 18, "nineteenth": 19, "twentieth": 20})
for _i, _w in enumerate(_UNITS_ORD):
    _ORDINAL_WORDS[f"twenty-{_w}"] = 21 + _i
_ORDINAL_WORDS["thirtieth"] = 30
_ORDINAL_WORDS["thirty-first"] = 31
# Spelled-out days of the month: "the fifth", "the twenty-first" (also "twenty first").
_ORDW = (
    r"(?:twenty[-\s]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[-\s]?first"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
_NUMW = (
    r"(?:\d{1,3}|a\s+couple\s+of|couple\s+of|a\s+couple|a\s+few|few|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
)
_UNIT = r"(?:(?P<biz>business|working|work)\s+)?(?P<unit>days?|weeks?|months?|fortnights?|wks?|hours?)"
_YEAR = r"(?:(?P<{p}y4>\d{{4}})|'(?P<{p}y2>\d{{2}}))"
_MEET_NOUN = (
    r"(?:meeting|meetings|mtg|mtgs|call|calls|telecon|teleconference|sync|session|standup|stand-up|check-in|checkin|"
    r"catch-up|catchup|f2f|face-to-face|sc|tsc|tac|board|committee|review|get-together|gathering|one)"
)

_TIME = (
    r"(?:\s*,?\s*(?:at\s+|@\s*)?(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:h]\d{2}|noon|midday|midnight|"
    r"eod|cob|close\s+of\s+business|end\s+of\s+(?:the\s+)?(?:business\s+)?day|"
    r"(?:first\s+thing\s+(?:in\s+the\s+)?)?(?:morning|afternoon|evening|night|lunch(?:time)?|noon)|"
    r"first\s+thing|(?:am|pm)(?![\w'’]))"
    r"(?:\s+(?:utc|gmt|[a-z]{1,4}t|[a-z]+/[a-z_]+))?)"
)
_POST = rf"(?P<post>{_TIME}?(?:\s*,?\s*(?:at\s+the\s+(?:very\s+)?)?latest(?![\w'’-]))?)"

# Each alternative: (name, pattern, class).  Class: "self" = self-evident anywhere, "weak" = a deadline only
# with a keyword or at the end of the line, "scope" = never a deadline.
# fmt: off
_ALTERNATIVES: list[tuple[str, str, str]] = [
    ("wiki", r"//\s?(?P<wiki_d>\d{1,2})[-./](?P<wiki_m>\d{1,2})[-./](?P<wiki_y>\d{4}|\d{2})(?![\d])", "self"),
    ("wikiiso", r"//\s?(?P<wikiiso_y>\d{4})-(?P<wikiiso_m>\d{1,2})-(?P<wikiiso_d>\d{1,2})(?![\d])", "self"),
    ("weekof", rf"(?:the\s+)?(?:w/[cb]|w\.[cb]\.?|wk\s+of|week\s+(?:commencing|beginning|starting|of))\s*:?\s+"
     rf"(?:(?:the\s+)?(?P<weekof_d>\d{{1,2}}){_ORD}?(?:\s+of)?[\s-]+(?P<weekof_m>{_MON})"
     rf"|(?P<weekof_m2>{_MON})\s+(?:the\s+)?(?P<weekof_d2>\d{{1,2}}){_ORD}?"
     r"|(?P<weekof_a>\d{1,2})/(?P<weekof_b>\d{1,2}))(?:,?\s+(?P<weekof_y>(?:19|20)\d{2}))?(?![\w'’/-]|\.\d)", "self"),
    ("iso", r"(?P<iso_y>(?:19|20|21)\d{2})(?P<iso_s>[-/.])(?P<iso_m>\d{1,2})(?P=iso_s)(?P<iso_d>\d{1,2})"
     r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w/-]|\.\d)", "weak"),
    ("isomonth", r"(?P<isomonth_y>(?:19|20|21)\d{2})-(?P<isomonth_m>0[1-9]|1[0-2])(?![\w/-]|\.\d)", "weak"),
    ("numy", r"(?P<numy_a>\d{1,2})(?P<numy_s>[-/.])(?P<numy_b>\d{1,2})(?P=numy_s)(?P<numy_y>\d{4}|\d{2})"
     r"(?![\w/]|[.-]\d)", "weak"),
    ("range", rf"(?:\d{{1,2}}{_ORD}?\s*[-–]\s*\d{{1,2}}{_ORD}?\s+{_MON}"
     rf"|{_MON}\s+\d{{1,2}}{_ORD}?\s*[-–]\s*\d{{1,2}}"
     rf"|\d{{1,2}}/\d{{1,2}}\s*[-–]\s*\d{{1,2}}/\d{{1,2}}"
     rf"|\d{{1,2}}{_ORD}?\s+{_MON}\s*[-–]\s*\d{{1,2}}{_ORD}?\s+{_MON}"
     rf"|{_MON}\s+\d{{1,2}}{_ORD}?\s*[-–]\s*{_MON}\s+\d{{1,2}}{_ORD}?)(?!\w)", "scope"),
    ("between", rf"between\s+(?:the\s+)?(?:\d{{1,2}}{_ORD}?(?:\s+(?:of\s+)?{_MON})?\s+(?:and|&)\s+(?:the\s+)?"
     rf"\d{{1,2}}{_ORD}?(?:\s+of)?\s+{_MON}|{_MON}\s+(?:the\s+)?\d{{1,2}}{_ORD}?\s+(?:and|&)\s+(?:{_MON}\s+)?"
     rf"(?:the\s+)?\d{{1,2}}{_ORD}?)(?![\w'’])", "scope"),
    ("ordmonth", rf"(?:the\s+)?(?:(?P<ordmonth_d>\d{{1,2}}){_ORD}?|(?P<ordmonth_w>{_ORDW}))\s+of\s+"
     r"(?P<ordmonth_rel>next|this|the\s+next|the\s+following|the\s+coming|the)\s+month(?![\w'’-])", "weak"),
    ("dmy", rf"(?:(?P<dmy_wd>{_WD}),?\s+)?(?:the\s+)?(?:(?P<dmy_d>\d{{1,2}}){_ORD}?(?:\s+of)?[\s-]+"
     rf"|(?P<dmy_w>{_ORDW})\s+of\s+)"
     rf"(?P<dmy_m>{_MON})"
     rf"(?:(?:,?\s+|-){_YEAR.format(p='dmy_')}|-(?P<dmy_yd>\d{{2}})(?!\d))?(?![\w'’])", "weak"),
    ("mdy", rf"(?:(?P<mdy_wd>{_WD}),?\s+)?(?P<mdy_m>{_MON})"
     rf"(?:\s+(?:the\s+)?(?P<mdy_w>{_ORDW})|(?:\s+(?:the\s+)?|-)(?P<mdy_d>\d{{1,2}}){_ORD}?)"
     rf"(?:(?:,?\s+|-){_YEAR.format(p='mdy_')})?(?![\w:'’]|[.,/-]\d)", "weak"),
    ("wddate", rf"(?P<wddate_wd>{_WD}),?\s+(?:the\s+)?"
     rf"(?:(?P<wddate_o>\d{{1,2}}){_ORD}|(?P<wddate_a>\d{{1,2}})/(?P<wddate_b>\d{{1,2}}))"
     r"(?![\w/]|\.\d|\s*[-–]\s*\d)", "weak"),
    ("numd", r"(?P<numd_a>\d{1,2})/(?P<numd_b>\d{1,2})(?![\w/]|\s*of\b|\.\d|\s*[-–]\s*\d)", "weak"),
    ("numdot", r"(?P<numdot_a>\d{1,2})\.(?P<numdot_b>\d{1,2})\.(?![\w.]|\d)", "weak"),
    ("periodrel", r"(?P<periodrel_pos>end|start|beginning|middle|mid|early|late)(?:\s+of(?:\s+the)?|-|\s+)\s*"
     r"(?P<periodrel_rel>this|next|nxt|the\s+next|the\s+coming|the)?\s*(?P<periodrel_unit>week|wk|month|quarter|year)"
     r"(?![\w'’])", "self"),
    ("halfnextweek", r"(?P<halfnextweek_pos>first|second)\s+half\s+of\s+"
     r"(?P<halfnextweek_rel>this|next|the)\s+week(?![\w'’])", "self"),
    ("weekend", r"(?P<weekend_rel>this|next|the|the\s+coming|the\s+next)\s+weekend(?![\w'’-])", "weak"),
    ("weekafternext", r"the\s+week\s+after\s+next(?![\w'’])", "self"),
    ("meeting", rf"(?:(?:the|our)\s+)?(?:next|nxt|upcoming|coming|following)\s+(?:week'?s\s+)?"
     rf"(?:[\w-]+\s+){{0,2}}{_MEET_NOUN}(?![\w'’-])", "weak"),
    ("meetagain", r"we\s+(?:next\s+meet|meet\s+again|meet\s+next)(?![\w'’])", "weak"),
    ("nextweek", r"(?P<nextweek_rel>next|nxt|this|coming|the\s+coming|the\s+next|later\s+this|early\s+next"
     r"|mid[-\s]?next)\s+(?P<nextweek_unit>week|wk|month|quarter|year)(?![\w'’-])", "self"),
    ("eox", r"(?P<eox_w>eod|cob|eob|eop|eow|eom|eoq|eoy|eoh|end\s+of\s+(?:the\s+)?(?:business\s+)?day"
     r"|(?:end|close)\s+of\s+play"
     r"|close\s+of\s+business)(?![\w'’])", "self"),
    ("weekdayweek", rf"(?P<weekdayweek_wd>{_WD})\s+(?P<weekdayweek_rel>next|this)\s+week(?![\w'’])", "self"),
    ("weekday", rf"(?:(?P<weekday_rel>this|next|nxt|coming|the\s+coming|the\s+following|following)\s+)?"
     rf"(?P<weekday_wd>{_WD})(?![\w'’-])", "weak"),
    ("dayword", r"(?P<dayword_w>today|tonight|this\s+(?:morning|afternoon|evening)|the\s+day\s+after\s+tomorrow"
     r"|tomorrow|tmrw|tmw|tmrrw|tmr|2moro|2morrow|tomoz)"
     r"(?![\w'’-])", "self"),
    ("scopenext", rf"(?:in|over|during|for)\s+the\s+(?:next|coming|following|last|past)\s+{_NUMW}\s+"
     rf"{_UNIT}(?!\w)", "scope"),
    ("durshort", r"(?P<durshort_pre>in|within|w/in)\s+(?P<durshort_n>\d{1,3})\s?(?P<durshort_u>h|hrs?|d|w|wks?)"
     r"(?![\w'’])", "self"),
    ("duration", rf"(?P<duration_pre>in|within|w/in)\s+(?:the\s+next\s+)?(?P<duration_n>{_NUMW})\s+"
     rf"{_UNIT.replace('?P<', '?P<duration_')}"
     rf"(?:\s+or\s+(?P<duration_or>so|{_NUMW})(?:\s+{_UNIT.replace('?P<', '?P<duration_or_')})?)?"
     r"(?:'?s?\s+time)?(?!\w)", "self"),
    ("fromnow", rf"(?P<fromnow_n>{_NUMW})\s+{_UNIT.replace('?P<', '?P<fromnow_')}\s+from\s+"
     rf"(?:now|today|(?P<fromnow_base>tomorrow|(?:next\s+)?{_WD}))(?!\w)", "self"),
    ("quarter", r"(?:(?P<quarter_pos>end|start|beginning|middle|mid|early|late)"
     r"(?:\s+of(?:\s+the)?|-|\s+)\s*)?"
     r"(?:(?P<quarter_q>[qh][1-4])|(?P<quarter_n>[12])h|(?P<quarter_half>first|second)\s+half(?:\s+of)?)"
     r"(?:\s*(?:of\s+)?(?:'|20|fy)?(?P<quarter_y>\d{2}))?(?![\w'’-])", "weak"),
    ("yearq", r"(?P<yearq_y>(?:19|20)\d{2})[-\s]?(?P<yearq_q>[qh][1-4])(?![\w'’-])", "weak"),
    ("month", rf"(?:(?P<month_pos>end|start|beginning|middle|mid|early|late)(?:\s+of|-|\s+)\s*)?"
     rf"(?P<month_m>{_MON})"
     rf"(?:,?\s+{_YEAR.format(p='month_')})?(?![\w'’-])", "weak"),
    ("ordinal", rf"(?:the\s+)?(?P<ordinal_d>\d{{1,2}}){_ORD}(?![\w'’])", "weak"),
    ("periodend", r"(?:the\s+)?(?P<periodend_unit>month|quarter|year)[-\s]end(?![\w'’-])", "weak"),
    ("nthweek", rf"(?:the\s+)?(?P<nthweek_n>first|1st|second|2nd|third|3rd|fourth|4th|last|final)\s+week\s+of\s+"
     rf"(?P<nthweek_m>{_MON})(?:,?\s+(?P<nthweek_y>\d{{4}}))?(?![\w'’-])", "weak"),
    ("timeonly", r"(?:(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midday|midnight)"
     r"(?:\s+(?:utc|gmt|[a-z]{1,4}t))?)(?:\s+(?P<timeonly_day>today|tonight|tomorrow))?(?![\w'’])", "scope"),
    ("yearend", r"(?:the\s+)?(?:end\s+of\s+)(?P<yearend_y>(?:19|20)\d{2})(?![\w'’-])", "self"),
    ("year", r"(?P<year_y>(?:19|20)\d{2})(?![\w'’/.-])", "weak"),
    ("ordword", rf"(?P<ordword_the>the\s+)?(?P<ordword_w>{_ORDW})(?![\w'’-])", "weak"),
]
# fmt: on

_PREFIX_EOD = (
    r"(?:(?:eod|cob|end\s+of\s+(?:the\s+)?day|close\s+of\s+business|end\s+of\s+(?:the\s+)?business(?:\s+day)?|"
    r"(?:end|close)\s+of\s+play|eop|first\s+thing(?:\s+in\s+the\s+morning)?|"
    r"(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midday|midnight)(?:\s+(?:utc|gmt|[a-z]{1,4}t))?)"
    r"\s*,?\s+"
    r"(?:on\s+)?)?"
)
_MASTER = re.compile(
    rf"(?<![\w#@/.:'’-])(?:{_KW_RE}\s*(?:the\s+)?)?(?P<eodpre>{_PREFIX_EOD})(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern, _ in _ALTERNATIVES)
    + rf"){_POST}",
    re.IGNORECASE,
)
_CLASS = {name: cls for name, _, cls in _ALTERNATIVES}
_PAST_BEFORE = re.compile(
    r"\b(?:\w+ed|was|were|happened|broke|began|went|came|met|did)\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE
)
_CALENDAR_DATES = frozenset(
    {"iso", "numy", "numd", "dmy", "mdy", "weekday", "ordinal", "month", "isomonth", "wddate", "ordmonth", "numdot"}
    | {"weekof"}
)
_NOT_NUMERIC_DATES = frozenset({"24/7"})  # an idiom ("support 24/7"), never 24 July

_STRONG_FORMS = re.compile(rf"^(?:{_STRONG_KW})$", re.IGNORECASE)
_EXCLUDE_FORMS = re.compile(rf"^(?:{_EXCLUDE_KW})$", re.IGNORECASE)
_START_KWS = {
    "by",
    "before",
    "until",
    "till",
    "til",
    "'til",
    "no later than",
    "not later than",
    "latest by",
    "ahead of",
    "prior to",
    "in time for",
    "complete by",
    "at the latest by",
    "until the",
    "by the",
}
_MEETING_CONTEXT = re.compile(
    r"\b(?:call|calls|meeting|meetings|telecon|teleconference|sync|session|sessions|workshop|webinar|event|"
    r"conference|summit|demo|presentation|talk|f2f|meetup|meet-up|hackathon|plenary|standup|review|briefing|"
    r"held|happens|happening|scheduled|planned|took\s+place|takes\s+place)\s*$",
    re.IGNORECASE,
)
_MEETING_AFTER = re.compile(
    r"\s*(?:'s\s+)?(?:call|meeting|telecon|teleconference|sync|session|workshop|webinar|event|conference|summit|"
    r"demo|presentation|talk|f2f|meetup|hackathon|plenary|standup|minutes|agenda|release|notes|deadline|edition)s?\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_NOUN_AFTER_ORDINAL = re.compile(
    r" (?!(?:of|at|and|or|to|for|in|on|by|latest|please|pls|if|so|then|with|eod|cob|noon|midday|morning|afternoon"
    r"|evening|night|the|a|an|is|as|we|i|you|he|she|they|it|but|please)\b)[a-z][a-z-]+\b"
)
_BEFORE_KWS = frozenset({"before", "prior to", "ahead of"})
_OFFSET_BEFORE = re.compile(
    rf"(?:\b{_NUMW}\s+(?:(?:business|working)\s+)?(?:days?|weeks?|months?|hours?|wks?)|\bthe\s+(?:day|week|month|night))\s*$",
    re.IGNORECASE,
)
_ID_NOUN_BEFORE = re.compile(
    r"\b(?:bug|issue|item|pr|ticket|section|page|step|question|slide|chapter|task|case|room|part|phase|round|no\.?"
    r"|number|option|version|rule|clause|article|point|line|test|ratio|score)\s+$",
    re.IGNORECASE,
)
_NUM_PAIR = re.compile(r"(\d{1,2})/(\d{1,2})")
_MON_RE = re.compile(_MON, re.IGNORECASE)
_DAY_NUM = re.compile(r"\d{1,2}")
_SOMETIME_KW = re.compile(r"^(?:sometime|some time|at some point)\b")
_THE_BEFORE = re.compile(r"\bthe\s", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)
_FULL_WEEKDAYS = frozenset(calendar.day_name[i].lower() for i in range(7))
_EXCLUDED_BEFORE = re.compile(r"\b(?:every|each|last|since|from|after|per|between)\s+$", re.IGNORECASE)


def _norm(s: str) -> str:
    return _SPACE.sub(" ", s.strip().lower())


# ---------------------------------------------------------------------------------------------------------
# Calendar helpers


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _add_business_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _year4(y4: str | None, y2: str | None) -> int | None:
    if y4:
        return int(y4)
    if y2:
        return 2000 + int(y2)
    return None


def _describe(d: int, m: int, y: int | None) -> str:
    """A kind sentence for an impossible day ``d`` of month ``m``."""
    if not 1 <= m <= 12:
        return f"There is no month {m}: months run from 1 to 12."
    name = _MONTH_NAMES[m]
    if m == 2 and d == 29 and y is not None:
        return f"There is no 29 February {y}: {y} is not a leap year."
    if y is None:
        return f"There is no {d} {name}: {name} has at most {max(calendar.monthrange(2024, m)[1], 1)} days."
    return f"There is no {d} {name} {y}: {name} {y} has {calendar.monthrange(y, m)[1]} days."


def _make(y: int, m: int, d: int) -> date:
    if not 1 <= m <= 12 or d < 1 or d > calendar.monthrange(max(1, min(y, 9999)), m)[1]:
        raise DateError(_describe(d, m, y))
    return date(y, m, d)


def _next_day_month(today: date, m: int, d: int) -> date:
    """The next date on or after today that is day ``d`` of month ``m`` (29 February: the next leap year)."""
    if not 1 <= m <= 12 or d < 1 or d > calendar.monthrange(2024, m)[1]:
        raise DateError(_describe(d, m, None))
    for y in range(today.year, today.year + 9):
        if d <= calendar.monthrange(y, m)[1]:
            cand = date(y, m, d)
            if cand >= today:
                return cand
    raise DateError(_describe(d, m, None))  # pragma: no cover - every 8 years has a leap year


def _in_period(first: date, last: date, today: date, kw: str | None, pos: str | None = None) -> date:
    """The deadline a period gives: see the module docstring."""
    if pos in ("start", "beginning", "early"):
        return first
    if pos in ("middle", "mid"):
        return first + (last - first) // 2
    if pos in ("end", "late"):
        return last
    if kw in _START_KWS:
        return first if first >= today else last
    return last


# ---------------------------------------------------------------------------------------------------------
# Resolving one match


@dataclass
class _Resolved:
    on: date | None
    alternatives: tuple[date, ...] = ()
    anchor: str | None = None


def _numeric(a: int, b: int, y: int | None, today: date, day_first: bool) -> _Resolved:
    """Day and month in the committee's order; the other order as a fallback or an alternative."""
    first, second = ((a, b), (b, a)) if day_first else ((b, a), (a, b))  # (day, month) pairs

    def build(dm: tuple[int, int]) -> date | None:
        d, m = dm
        try:
            return _make(y, m, d) if y is not None else _next_day_month(today, m, d)
        except DateError:
            return None

    primary, other = build(first), build(second)
    if primary is None:
        if other is None:
            day, month = first if first[1] <= 12 else second
            raise DateError(_describe(day, month, y))
        return _Resolved(other)
    alts: tuple[date, ...] = ()
    if (
        other is not None
        and other != primary
        and today <= other <= today + timedelta(days=183)
        and (today <= primary <= today + timedelta(days=183))
    ):
        alts = (other,)
    return _Resolved(primary, alts)


def _week_based(rel: str, unit: str, today: date, kw: str | None) -> date:
    rel = _norm(rel).replace("nxt", "next")
    unit = unit.lower().replace("wk", "week")
    if rel == "later this":
        rel = "this"  # "later this month" is this month's end, as "later this week" is this week's
    if unit == "week":
        this_mon = _monday(today)
        if rel in ("this", "later this"):
            return max(this_mon + timedelta(days=4), today)
        mon = this_mon + timedelta(days=7)
        if rel == "early next":
            return mon + timedelta(days=1)
        if rel in ("mid-next", "mid next", "midnext"):
            return mon + timedelta(days=2)
        return _in_period(mon, mon + timedelta(days=4), today, kw)
    if unit == "month":
        if rel == "this":
            return _last_day(today.year, today.month)
        first = _add_months(today.replace(day=1), 1)
        if rel == "early next":
            return first
        if rel.startswith("mid"):
            return first.replace(day=15)
        return _in_period(first, _last_day(first.year, first.month), today, kw)
    if unit == "quarter":
        q0 = (today.month - 1) // 3
        if rel != "this":
            q0 += 1
        y, q = today.year + q0 // 4, q0 % 4
        first = date(y, q * 3 + 1, 1)
        return _in_period(first, _last_day(y, q * 3 + 3), today, kw, "start" if rel == "early next" else None)
    # year
    y = today.year + (0 if rel == "this" else 1)
    return _in_period(date(y, 1, 1), date(y, 12, 31), today, kw, "start" if rel == "early next" else None)


def _count(word: str) -> int:
    w = _norm(word)
    return int(w) if w.isdigit() else _NUMBERS.get(w, 1)


def _after(today: date, n: int, unit: str, biz: str | None) -> date:
    unit = unit.lower().rstrip("s")
    if unit in ("day",) and biz:
        return _add_business_days(today, n)
    if unit == "day":
        return today + timedelta(days=n)
    if unit in ("week", "wk"):
        return today + timedelta(days=7 * n)
    if unit == "fortnight":
        return today + timedelta(days=14 * n)
    if unit == "month":
        return _add_months(today, n)
    return today + timedelta(days=(n + 23) // 24) if unit == "hour" else today


def _weekday_date(wd: int, rel: str | None, today: date) -> _Resolved:
    coming = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)  # strictly after today
    rel = _norm(rel).replace("nxt", "next") if rel else ""
    if rel == "this":
        this_week = _monday(today) + timedelta(days=wd)
        return _Resolved(this_week if this_week >= today else coming)
    if rel in ("next", "the following", "following"):
        nxt = _monday(today) + timedelta(days=7 + wd)
        return _Resolved(nxt, (coming,) if coming != nxt else ())
    return _Resolved(coming)


def _month_period(m: int, y: int | None, today: date, kw: str | None, pos: str | None) -> date:
    if y is not None:
        return _in_period(date(y, m, 1), _last_day(y, m), today, kw, pos)
    for yy in (today.year, today.year + 1):
        first, last = date(yy, m, 1), _last_day(yy, m)
        chosen = _in_period(first, last, today, kw, pos)
        if chosen >= today:
            return chosen
    return _in_period(date(today.year + 1, m, 1), _last_day(today.year + 1, m), today, kw, pos)


def _quarter_period(kind: str, n: int, y: int | None, today: date, kw: str | None, pos: str | None) -> date:
    span = (3 * (n - 1) + 1, 3 * n) if kind == "q" else (1, 6) if n == 1 else (7, 12)
    years = [y] if y is not None else [today.year, today.year + 1]
    chosen = today
    for yy in years:
        first, last = date(yy, span[0], 1), _last_day(yy, span[1])
        chosen = _in_period(first, last, today, kw, pos)
        if chosen >= today or y is not None:
            return chosen
    return chosen


def _day_number(digits: str | None, word: str | None) -> int:
    """A day of the month written in digits ("5") or spelled out ("fifth", "twenty first")."""
    if digits:
        return int(digits)
    return _ORDINAL_WORDS[re.sub(r"[-\s]+", "-", (word or "").lower())]


def _ordinal_date(d: int, today: date) -> date:
    """The next day ``d`` of a month, on or after today ("by the 29th")."""
    if not 1 <= d <= 31:
        raise DateError(f"There is no day {d} in any month.")
    cur = today.replace(day=1)
    for _ in range(13):
        if d <= calendar.monthrange(cur.year, cur.month)[1] and cur.replace(day=d) >= today:
            return cur.replace(day=d)
        cur = _add_months(cur, 1)
    raise DateError(f"There is no day {d} in any month.")  # pragma: no cover


def _weekday_and_date(m: re.Match[str], today: date, day_first: bool) -> _Resolved:
    """A weekday with a date ("Friday 23rd", "Thu 3/7"): the date is what counts; the weekday picks the order
    of a numeric date (3/7 on a Thursday is 7 March, whatever the committee's order) and, for a bare ordinal,
    the month."""
    g = m.group
    wd = _WEEKDAYS[g("wddate_wd").lower().rstrip(".")]
    if g("wddate_o"):
        d = int(g("wddate_o"))
        first = _ordinal_date(d, today)
        cur = first.replace(day=1)
        for _ in range(12):  # the next month whose day d falls on that weekday
            if (
                d <= calendar.monthrange(cur.year, cur.month)[1]
                and cur.replace(day=d) >= today
                and (cur.replace(day=d).weekday() == wd)
            ):
                return _Resolved(cur.replace(day=d))
            cur = _add_months(cur, 1)
        return _Resolved(first)
    res = _numeric(int(g("wddate_a")), int(g("wddate_b")), None, today, day_first)
    for cand in (res.on, *res.alternatives):
        if cand is not None and cand.weekday() == wd:
            return _Resolved(cand)
    return res


def _resolve(m: re.Match[str], name: str, today: date, day_first: bool, kw: str | None, anchors: Anchors) -> _Resolved:
    g = m.group
    if name == "wiki":
        y = int(g("wiki_y"))
        return _Resolved(_make(y + 2000 if y < 100 else y, int(g("wiki_m")), int(g("wiki_d"))))
    if name == "iso":
        return _Resolved(_make(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))))
    if name == "wikiiso":
        return _Resolved(_make(int(g("wikiiso_y")), int(g("wikiiso_m")), int(g("wikiiso_d"))))
    if name == "numdot":  # "01.03.": the dotted form is written day first
        return _numeric(int(g("numdot_a")), int(g("numdot_b")), None, today, True)
    if name == "wddate":
        return _weekday_and_date(m, today, day_first)
    if name == "ordmonth":
        rel = _norm(g("ordmonth_rel"))
        first = today.replace(day=1)
        if rel not in ("this", "the"):
            first = _add_months(first, 1)
        dnum = _day_number(g("ordmonth_d"), g("ordmonth_w"))
        day = _make(first.year, first.month, dnum)
        if rel == "the" and day < today:
            nxt = _add_months(first, 1)
            day = _make(nxt.year, nxt.month, dnum)
        return _Resolved(day)
    if name == "weekend":
        rel = _norm(g("weekend_rel"))
        sat = _monday(today) + timedelta(days=12 if rel in ("next", "the next") else 5)
        if kw in _START_KWS:
            return _Resolved(max(sat - timedelta(days=1), today))  # "by the weekend": its eve, Friday
        return _Resolved(max(sat + timedelta(days=1), today))  # "over the weekend": its last day
    if name == "weekof":  # "w/c 4 March": the working week that day starts (its Friday; "by" it: its Monday)
        wy = int(g("weekof_y")) if g("weekof_y") else None
        ref = today - timedelta(days=6)  # a week that started this week is still this week
        if g("weekof_a"):
            day = _numeric(int(g("weekof_a")), int(g("weekof_b")), wy, ref, day_first).on or today
        else:
            month = _MONTHS[(g("weekof_m") or g("weekof_m2")).lower().rstrip(".")]
            d = int(g("weekof_d") or g("weekof_d2"))
            day = _make(wy, month, d) if wy is not None else _next_day_month(ref, month, d)
        mon = _monday(day)
        return _Resolved(_in_period(mon, mon + timedelta(days=4), today, kw))
    if name in ("range", "between"):  # a range given as a deadline: its last day
        text = m.group(name)
        pairs = _NUM_PAIR.findall(text)
        if pairs:
            return _numeric(int(pairs[-1][0]), int(pairs[-1][1]), None, today, day_first)
        month = _MONTHS[_MON_RE.findall(text)[-1].lower().rstrip(".")]
        return _Resolved(_next_day_month(today, month, int(_DAY_NUM.findall(text)[-1])))
    if name == "isomonth":
        return _Resolved(_month_period(int(g("isomonth_m")), int(g("isomonth_y")), today, kw, None))
    if name == "numy":
        y = int(g("numy_y"))
        return _numeric(int(g("numy_a")), int(g("numy_b")), y + 2000 if y < 100 else y, today, day_first)
    if name == "numd":
        return _numeric(int(g("numd_a")), int(g("numd_b")), None, today, day_first)
    if name in ("dmy", "mdy"):
        p = name + "_"
        month = _MONTHS[g(p + "m").lower().rstrip(".")]
        year = _year4(g(p + "y4"), g(p + "y2"))
        if name == "dmy" and g("dmy_yd"):  # "1-Mar-24"
            year = 2000 + int(g("dmy_yd"))
        d = _day_number(g(p + "d"), g(p + "w"))
        return _Resolved(_make(year, month, d) if year is not None else _next_day_month(today, month, d))
    if name == "periodrel":
        pos = g("periodrel_pos").lower()
        rel = _norm(g("periodrel_rel") or "this").replace("nxt", "next")
        rel = "this" if rel == "the" else rel
        unit = g("periodrel_unit").lower().replace("wk", "week")
        if unit == "week":
            mon = _monday(today) + timedelta(days=0 if rel == "this" else 7)
            fri = mon + timedelta(days=4)
            if rel == "this" and fri < today:
                fri, mon = fri + timedelta(days=7), mon + timedelta(days=7)
            return _Resolved(_in_period(mon, fri, today, kw, pos))
        if unit == "month":
            first = today.replace(day=1) if rel == "this" else _add_months(today.replace(day=1), 1)
            return _Resolved(_in_period(first, _last_day(first.year, first.month), today, kw, pos))
        if unit == "quarter":
            q0 = (today.month - 1) // 3 + (0 if rel == "this" else 1)
            y, q = today.year + q0 // 4, q0 % 4
            return _Resolved(_in_period(date(y, 3 * q + 1, 1), _last_day(y, 3 * q + 3), today, kw, pos))
        y = today.year + (0 if rel == "this" else 1)
        return _Resolved(_in_period(date(y, 1, 1), date(y, 12, 31), today, kw, pos))
    if name == "halfnextweek":
        rel = g("halfnextweek_rel").lower()
        mon = _monday(today) + timedelta(days=0 if rel in ("this", "the") else 7)
        day = mon + timedelta(days=2 if g("halfnextweek_pos").lower() == "first" else 4)
        return _Resolved(max(day, today))
    if name == "weekafternext":
        return _Resolved(_monday(today) + timedelta(days=18))
    if name in ("meeting", "meetagain"):
        return _Resolved(anchors.next_meeting, anchor=NEXT_MEETING)
    if name == "nextweek":
        return _Resolved(_week_based(g("nextweek_rel"), g("nextweek_unit"), today, kw))
    if name == "eox":
        w = _norm(g("eox_w"))
        if w in ("eow",):
            fri = _monday(today) + timedelta(days=4)
            return _Resolved(fri if fri >= today else fri + timedelta(days=7))
        if w == "eom":
            return _Resolved(_last_day(today.year, today.month))
        if w == "eoq":
            q = (today.month - 1) // 3
            return _Resolved(_last_day(today.year, 3 * q + 3))
        if w == "eoh":
            return _Resolved(_last_day(today.year, 6 if today.month <= 6 else 12))
        if w == "eoy":
            return _Resolved(date(today.year, 12, 31))
        return _Resolved(today)
    if name == "weekdayweek":
        wd = _WEEKDAYS[g("weekdayweek_wd").lower().rstrip(".")]
        extra = 7 if g("weekdayweek_rel").lower() == "next" else 0
        return _Resolved(max(_monday(today) + timedelta(days=extra + wd), today))
    if name == "weekday":
        wd = _WEEKDAYS[g("weekday_wd").lower().rstrip(".")]
        return _weekday_date(wd, g("weekday_rel"), today)
    if name == "dayword":
        w = _norm(g("dayword_w"))
        if w in ("today", "tonight") or w.startswith("this"):
            return _Resolved(today)
        return _Resolved(today + timedelta(days=2 if w.startswith("the day after") else 1))
    if name == "duration":
        on = _after(today, _count(g("duration_n")), g("duration_unit"), g("duration_biz"))
        other = g("duration_or")
        if other and other.lower() != "so":  # "in a week or two": the later one
            unit = g("duration_or_unit") or g("duration_unit")
            on = max(on, _after(today, _count(other), unit, g("duration_or_biz") or g("duration_biz")))
        return _Resolved(on)
    if name == "durshort":
        unit = {"h": "hour", "d": "day", "w": "week"}[g("durshort_u")[0].lower()]
        return _Resolved(_after(today, int(g("durshort_n")), unit, None))
    if name == "fromnow":
        base_word = _norm(g("fromnow_base") or "")
        base = today
        if base_word == "tomorrow":
            base = today + timedelta(days=1)
        elif base_word:
            wd_word = base_word.split()[-1].rstrip(".")
            wd_on = _weekday_date(_WEEKDAYS[wd_word], "next" if base_word.startswith("next") else None, today).on
            base = wd_on if wd_on is not None else today
        return _Resolved(_after(base, _count(g("fromnow_n")), g("fromnow_unit"), g("fromnow_biz")))
    if name == "quarter":
        pos = (g("quarter_pos") or "").lower() or None
        yy = g("quarter_y")
        qyear = 2000 + int(yy) if yy else None
        if g("quarter_q"):
            kind, n = g("quarter_q")[0].lower(), int(g("quarter_q")[1])
            if kind == "h" and n > 2:
                raise DateError(f"There is no H{n}: a year has two halves, H1 and H2.")
        elif g("quarter_n"):
            kind, n = "h", int(g("quarter_n"))
        else:
            kind, n = "h", 1 if g("quarter_half").lower() == "first" else 2
        return _Resolved(_quarter_period(kind, n, qyear, today, kw, pos))
    if name == "yearq":
        qtext = g("yearq_q")
        kind, n = qtext[0].lower(), int(qtext[1])
        if kind == "h" and n > 2:
            raise DateError(f"There is no H{n}: a year has two halves, H1 and H2.")
        return _Resolved(_quarter_period(kind, n, int(g("yearq_y")), today, kw, None))
    if name == "month":
        month = _MONTHS[g("month_m").lower().rstrip(".")]
        pos = (g("month_pos") or "").lower() or None
        return _Resolved(_month_period(month, _year4(g("month_y4"), g("month_y2")), today, kw, pos))
    if name == "ordinal":
        return _Resolved(_ordinal_date(int(g("ordinal_d")), today))
    if name == "ordword":
        return _Resolved(_ordinal_date(_day_number(None, g("ordword_w")), today))
    if name == "periodend":  # "at month end", "before year-end": this period's last day
        return _Resolved(_week_based("this", g("periodend_unit"), today, None))
    if name == "nthweek":
        which = g("nthweek_n").lower()
        month = _MONTHS[g("nthweek_m").lower().rstrip(".")]
        nth_year = int(g("nthweek_y")) if g("nthweek_y") else None
        last_of_month = _month_period(month, nth_year, today, None, "end")
        yy = last_of_month.year
        if which in ("last", "final"):
            first_day, last_day = last_of_month - timedelta(days=6), last_of_month
        else:
            n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(which, 4)
            first_day = date(yy, month, 7 * (n - 1) + 1)
            last_day = first_day + timedelta(days=6)
        return _Resolved(_in_period(first_day, last_day, today, kw))
    if name == "timeonly":
        return _Resolved(today + timedelta(days=1 if (g("timeonly_day") or "").lower() == "tomorrow" else 0))
    if name == "yearend":
        return _Resolved(date(int(g("yearend_y")), 12, 31))
    if name == "year":
        y = int(g("year_y"))
        return _Resolved(_in_period(date(y, 1, 1), date(y, 12, 31), today, kw))
    raise AssertionError(name)  # pragma: no cover


# ---------------------------------------------------------------------------------------------------------
# Scanning a line


@dataclass
class _Candidate:
    start: int
    end: int
    rank: int  # 3: after a deadline keyword, 2: self-evident, 1: only at the end of a line, 0: not a date
    name: str
    kw: str | None
    resolved: _Resolved | None
    error: str | None


_TAIL_OK = re.compile(
    r"""^[\s.!?;,:)\]*_~]*$
    |^\s*[(\[][^()\[\]]{0,80}[)\]][\s.!?;,]*$
    |^\s*(?:[-–—,;:|]|--|->|=>)\s*(?:owners?|assignees?|assigned\s+to|who|ai|action(?:\s+on)?|by)?\s*[:=-]?\s*
       (?:[@<]?[\w'’.|>-]+(?:[\s,&/+]+(?:and\s+)?[@<]?[\w'’.|>-]+){0,5})[\s.!?;,)\]]*$
    |^(?:\s+(?:<@[^>]+>|@[\w.'-]+)[,]?)+[\s.!?;,]*$
    |^\s*(?:please|pls|thanks|thx|ok|okay|if\s+possible|latest|at\s+the\s+latest)\b[\s\w,.!?]{0,30}$
    """,
    re.IGNORECASE | re.VERBOSE,
)
_HEAD_OK = re.compile(r"^[\s\-*•>\[\]()#:]*$")
_HEAD_SEP = re.compile(r"\s*[:\-–—]")


def _recently_past(m: re.Match[str], name: str, today: date, day_first: bool) -> bool:
    """A date without a year whose day this year fell within the last 60 days: a past reference."""
    g = m.group
    try:
        if name == "numd":
            a, b = int(g("numd_a")), int(g("numd_b"))
            pairs = [(a, b) if day_first else (b, a)]
        elif name in ("dmy", "mdy"):
            if g(name + "_y4") or g(name + "_y2") or (name == "dmy" and g("dmy_yd")):
                return False
            pairs = [(_day_number(g(name + "_d"), g(name + "_w")), _MONTHS[g(name + "_m").lower().rstrip(".")])]
        else:
            return False
        for d, mo in pairs:
            if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(today.year, mo)[1]:
                this_year = date(today.year, mo, d)
                if 0 < (today - this_year).days <= 60:
                    return True
    except (ValueError, KeyError):
        return False
    return False


def _scan(text: str, today: date, day_first: bool, anchors: Anchors, in_line: bool) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _MASTER.finditer(text):
        name = next((n for n, _, _ in _ALTERNATIVES if m.group(n) is not None), "")
        if not name:  # pragma: no cover
            continue
        kw_raw = m.group("kw")
        kw = _norm(kw_raw).rstrip(":").strip() if kw_raw else None
        cls = _CLASS[name]
        start, end = m.start(), m.end()
        if (
            kw_raw
            and kw
            and kw.split()[0] in ("needed", "required", "expected", "wanted", "complete")
            and (
                text[max(0, start - 20) : start].rstrip()[-1:] not in ("", ".", ";", ",", ":", "(", "[", "-", "–", "—")
            )
        ):
            # "the votes needed by end of month": "needed" describes the votes; only "by …" is the deadline
            start = m.start("kw") + kw_raw.lower().rindex(kw.split()[-1])
            kw = kw.split()[-1]
        date_text = m.group(name)
        # Capitalisation rules for words that are also ordinary words.
        if name == "month" and not kw and not m.group("month_pos"):
            # "May" is a name, "march" a verb: a bare month needs a keyword, a year or a capital at the end.
            if not (m.group("month_y4") or m.group("month_y2")) and not date_text[:1].isupper():
                continue
            if date_text.lower().startswith("may") and not (m.group("month_y4") or m.group("month_y2")):
                continue
        if (
            name == "month"
            and kw in ("in", "during", "for", "over", "within", "on", "at")
            and not (date_text[:1].isupper() or m.group("month_y4"))
            and date_text.lower().rstrip(".") in ("may", "mar", "jun", "jan", "dec", "oct", "aug")
        ):
            continue
        if (
            name == "weekday"
            and not date_text[:1].isupper()
            and not kw
            and not m.group("weekday_rel")
            and (date_text.lower().rstrip(".") not in _FULL_WEEKDAYS)
            and not m.group("eodpre")
        ):
            continue  # "mon", "sat": abbreviations need a keyword; "monday" typed in lowercase is still a day
        if (
            name == "weekday"
            and date_text.lower() in ("sat", "sun", "wed", "mon")
            and date_text.islower()
            and not (kw and _STRONG_FORMS.match(kw))
        ):
            continue
        if name == "ordword" and in_line and not (kw and _STRONG_FORMS.match(kw) and _THE_BEFORE.search(m.group())):
            continue  # "by the fifth" is a day; "the first draft", "a second look", "by fifth" are not
        if name in ("range", "between") and kw and not _MEETING_AFTER.match(text, end):
            if _STRONG_FORMS.match(kw):
                cls = "weak"  # "by 1-5 March", "due between 1 and 5 March": the range's last day
            elif _SOMETIME_KW.match(kw):
                cls = "self"  # "sometime between 1 and 5 March"
        if name in ("ordinal", "numd", "year") and not kw:
            cls = "weak" if name != "year" else "scope"
        if name == "timeonly" and kw and _STRONG_FORMS.match(kw):
            cls = "weak"  # "by 5pm": today; a bare "5pm" is not a deadline
        if name == "year" and kw not in _START_KWS and kw not in ("due", "deadline", "due by", "due in"):
            cls = "scope"
        if name == "nextweek" and m.group("nextweek_unit").lower() in ("year", "quarter") and not kw:
            cls = "scope"  # "our priority this year" is not a deadline
        if name == "meeting" and kw in ("for", "at", "in", "during"):
            cls = "self"
        if name == "quarter" and m.group("quarter_half") and not kw and not m.group("quarter_pos"):
            cls = "scope"
        if name == "weekend" and not m.group("weekend_rel").lower().startswith("the"):
            cls = "self"  # "this weekend", "next weekend"; "the weekend" needs a keyword or the end of the line
        rank = {"self": 2, "weak": 1, "scope": 0}[cls]
        if kw:
            if _EXCLUDE_FORMS.match(kw):
                rank = 0
            elif _STRONG_FORMS.match(kw):
                rank = 3 if rank else 0
            elif kw == "on":
                rank = min(rank, 1) if rank else 0
        before = text[max(0, start - 80) : start]  # enough for the words just before; keeps long lines linear
        if (
            name in ("numd", "numdot")
            and rank < 3
            and (
                name == "numdot"
                or date_text in _NOT_NUMERIC_DATES
                or _ARTICLE_BEFORE.search(before)
                or _ID_NOUN_BEFORE.search(before)
            )
        ):
            rank = 0  # "1.3." only after by/due/…; "24/7"; "a 10/10"; "bug 12/3", "item 4/5"
        if (
            rank
            and name in _CALENDAR_DATES
            and ((kw in ("on", "for", "at") and _MEETING_CONTEXT.search(before)) or _MEETING_AFTER.match(text, end))
        ):
            after = _MEETING_AFTER.match(text, end)
            if rank == 3 and after and not m.group("post"):
                end = after.end()  # "by the March 5 call": that call's day, and the phrase takes the noun too
            else:
                rank = 0  # "the call on 5/29", "the March 3 release notes"
        if rank and kw == "on" and name in ("weekday", "dmy", "mdy", "weekdayweek"):
            rank = 2  # "call Jon on Friday about CI"
        if rank and kw == "for" and name not in ("meeting", "meetagain"):
            rank = 0  # "availability for 12/03", "the budget for Q3", "the retro for next week": what it is about
        if kw == "to" and name in ("meeting", "meetagain"):
            rank = 2  # "bring the question to the next meeting"
        if (
            in_line
            and rank
            and rank < 3
            and name in ("numd", "dmy", "mdy", "ordinal", "wddate")
            and (_PAST_BEFORE.search(before) or _recently_past(m, name, today, day_first))
        ):
            rank = 0  # "the nightly failed on 2/14": a day that just passed, not one a year away
        if rank and name == "meeting" and not kw and date_text.lower().startswith(("the ", "our ")):
            rank = 0  # "chair the next session": the session is the object, not a deadline
        if name in ("ordinal", "periodend", "ordword") and rank and _NOUN_AFTER_ORDINAL.match(text, end):
            rank = 0  # "before the 2nd reading", "a 3rd party": an ordinal of something else, not a day
        if name == "iso" and m.group("iso_s") == "." and rank < 3:
            rank = 0  # "release 2024.03.1": a version (CalVer) unless a deadline keyword says otherwise
        if name == "wiki" and rank:
            rank = 3  # the wiki's due-date marker
        if rank and name in ("weekday", "meeting") and re.match(r"['’]s\b", text[end:]):
            rank = 0
        if rank and kw is None and _EXCLUDED_BEFORE.search(before):
            rank = 0
        if rank and kw in _BEFORE_KWS and _OFFSET_BEFORE.search(before):
            rank = 0  # "2 days before the meeting", "the week before 5 March": an offset, read as words
        resolved: _Resolved | None = None
        error: str | None = None
        if rank:
            try:
                resolved = _resolve(m, name, today, day_first, kw, anchors)
            except DateError as exc:
                error = str(exc)
                if rank < 3 and name in ("numd", "numdot") and in_line:
                    rank = 0  # "split the cost 50/50": an impossible date is only an error after by/due/…
        out.append(_Candidate(start, end, rank, name, kw, resolved, error))
    return out


_EVENT_KW = re.compile(
    r"(?<![\w'’-])(?P<kw>by|before|until|till|ahead\s+of|prior\s+to|in\s+time\s+for|due)\s+(?:the\s+)?(?=\S)",
    re.IGNORECASE,
)
_EVENT_WORD = re.compile(r"[^\s,;:.!?()\[\]]+")


def _event_words(name: str) -> list[str]:
    return [w.casefold() for w in _EVENT_WORD.findall(name)]


def _match_events(text: str, pos: int, anchors: Anchors) -> tuple[int, list[tuple[str, date]]] | None:
    """The longest run of words at ``pos`` that starts a recorded event's name, and the events it names."""
    words = list(_EVENT_WORD.finditer(text, pos, min(len(text), pos + 200)))[:8]
    best_end, best_events = 0, []
    for name, start_day in anchors.events.items():
        ev = _event_words(name)
        n = 0
        while (
            n < len(ev)
            and n < len(words)
            and words[n].group().casefold() == ev[n]
            and (n == 0 or text[words[n - 1].end() : words[n].start()].strip() == "")
        ):
            n += 1
        if n == 0 or words[0].start() != pos:
            continue
        end = words[n - 1].end()
        if end > best_end:
            best_end, best_events = end, [(name, start_day)]
        elif end == best_end:
            best_events.append((name, start_day))
    return (best_end, best_events) if best_events else None


def _event_candidates(text: str, today: date, anchors: Anchors) -> list[_Candidate]:
    out: list[_Candidate] = []
    if not anchors.events:
        return out
    for m in _EVENT_KW.finditer(text):
        hit = _match_events(text, m.end(), anchors)
        if not hit:
            continue
        end, events = hit
        upcoming = sorted((d, n) for n, d in events if d >= today)
        past = sorted(((d, n) for n, d in events if d < today), reverse=True)
        ordered = upcoming + past
        chosen_day, chosen_name = ordered[0]
        alts = tuple(d for d, _ in upcoming[1:] if d != chosen_day)
        kw = _norm(m.group("kw"))
        rank = 2 if kw in ("for", "at") else 3
        if kw in _BEFORE_KWS and _OFFSET_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue  # "2 weeks before KubeCon": an offset from the event, kept as words
        resolved = _Resolved(chosen_day, alts, chosen_name)
        out.append(_Candidate(m.start(), end, rank, "event", kw, resolved, None))
    return out


def _candidates(text: str, today: date, day_first: bool, anchors: Anchors, in_line: bool = True) -> list[_Candidate]:
    cands = _scan(text, today, day_first, anchors, in_line)
    events = _event_candidates(text, today, anchors)
    if events:
        # An event phrase wins over an overlapping date reading ("before FOSDEM 2024" is the event).
        keep = [c for c in cands if not any(e.start < c.end and c.start < e.end for e in events)]
        cands = sorted(keep + events, key=lambda c: c.start)
    return cands


def _choose(text: str, cands: list[_Candidate]) -> _Candidate | None:
    live = [c for c in cands if c.rank > 0]
    if not live:
        return None
    strong = [c for c in live if c.rank == 3]
    if strong:
        return strong[-1]
    tail = [
        c
        for c in live
        if _TAIL_OK.match(text[c.end :])
        or (c.rank == 1 and _HEAD_OK.match(text[: c.start]) and _HEAD_SEP.match(text[c.end :]))
    ]
    if tail:
        return tail[-1]
    selfevident = [c for c in live if c.rank == 2]
    return selfevident[-1] if selfevident else None


def find_due(text: str, *, today: date, day_first: bool = True, anchors: Anchors = _NO_ANCHORS) -> Found | None:
    """The deadline in a line, with its position; ``Found.error`` is set when that deadline cannot exist."""
    chosen = _choose(text, _candidates(text, today, day_first, anchors))
    if chosen is None:
        return None
    phrase = text[chosen.start : chosen.end].strip()
    if chosen.error is not None or chosen.resolved is None:
        return Found(None, chosen.start, chosen.end, chosen.error or "I could not read that date.")
    r = chosen.resolved
    return Found(Due(r.on, phrase, r.anchor, r.alternatives), chosen.start, chosen.end)


# ---------------------------------------------------------------------------------------------------------
# A whole text as a date phrase

_WHOLE_TRIM = re.compile(r"^[\s(\[]+|[\s.!?,;)\]]+$")


_FALLBACK_LOCK = threading.Lock()
_DOTTED_WHOLE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
_BARE_NUMBER = re.compile(r"^#?\d+$")


@lru_cache(maxsize=4)
def _fallback_parser(day_first: bool) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY" if day_first else "MDY",
            "PREFER_DATES_FROM": "future",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": False,
            "NORMALIZE": True,
        },
    )


def _dateparser(text: str, today: date, day_first: bool) -> date | None:
    """dateparser, English only, with fixed settings, relative to ``today`` (not the clock)."""
    parser = _fallback_parser(day_first)
    base = datetime(today.year, today.month, today.day, 12, 0)
    with _FALLBACK_LOCK:  # the parser is shared; its "now" is set per call, so one call at a time
        parser._settings.RELATIVE_BASE = base  # dateparser reads "now" from this setting, never the clock
        try:
            data = parser.get_date_data(text)
        except Exception:  # dateparser raises on some odd inputs; a non-date is simply None
            return None
    return data.date_obj.date() if data and data.date_obj else None


_HAS_DATE_WORD = re.compile(
    rf"\d|\b(?:{_MON}|{_WD}|today|tomorrow|yesterday|week|month|year|day|fortnight|noon|midnight)\b",
    re.IGNORECASE,
)


_FALLBACK_WORD = re.compile(r"[a-z]+|\d+(?:st|nd|rd|th)?")
_FALLBACK_VOCAB = frozenset(
    re.findall(
        r"\S+",
        """a an the of on at in from after next this coming following week weeks day days month months year years
        fortnight noon midday midnight am pm tomorrow today tonight by before due until till end start beginning
        mid morning afternoon evening night and now hour hours minute minutes t z utc gmt""",
    )
)


def _fallback_word_ok(word: str) -> bool:
    return word[:1].isdigit() or word in _FALLBACK_VOCAB or word in _MONTHS or word in _WEEKDAYS or (word in _NUMBERS)


def parse_when(text: str, *, today: date, day_first: bool = True, anchors: Anchors = _NO_ANCHORS) -> Due | None:
    """The whole text as a date phrase (for `/action due 1 <when>`): a Due, or None when it is not a date.

    Raises DateError for impossible dates."""
    phrase = _WHOLE_TRIM.sub("", text)
    if not phrase or len(phrase) > 200:
        return None
    for c in _candidates(phrase, today, day_first, anchors, in_line=False):
        if c.start == 0 and c.end == len(phrase):
            if c.rank == 0:
                return None
            if c.error is not None:
                raise DateError(c.error)
            if c.resolved is not None:
                r = c.resolved
                return Due(r.on, phrase, r.anchor, r.alternatives)
    # A bare event name ("FOSDEM") or "the 29th".
    if anchors.events:
        hit = _match_events(phrase, 0, anchors)
        if hit and hit[0] == len(phrase):
            events = sorted(((d, n) for n, d in hit[1]), key=lambda dn: (dn[0] < today, abs(dn[0] - today)))
            first_day, first_name = events[0]
            alts = tuple(d for d, _ in events[1:] if d != first_day and d >= today)
            return Due(first_day, phrase, first_name, alts)
    dotted = _DOTTED_WHOLE.match(phrase)
    if dotted:  # "01.03": a day and month written day first
        try:
            r = _numeric(int(dotted.group(1)), int(dotted.group(2)), None, today, True)
        except DateError:
            return None
        return Due(r.on, phrase, None, r.alternatives)
    if _BARE_NUMBER.match(phrase):
        return None  # "3", "#3": a number, not a date
    words = _FALLBACK_WORD.findall(phrase.lower())
    if (
        not _HAS_DATE_WORD.search(phrase)
        or not all(_fallback_word_ok(w) for w in words)
        or words[-1] in ("of", "and", "at", "on", "the", "from", "in", "by")
    ):
        return None
    found = _dateparser(phrase, today, day_first)
    return Due(found, phrase) if found else None


def warm_up() -> None:
    """Load everything (regexes, dateparser's English data) so the first command after start-up is fast."""
    today = date(2024, 2, 20)
    for day_first in (True, False):
        _dateparser("a week from Friday", today, day_first)
        _dateparser("1 March 2024 5pm", today, day_first)
    for text in (
        "Leonardo check Rust by 2024-03-01",
        "by Friday",
        "in 2 weeks",
        "//01-03-2024",
        "end of Q2",
        "before the next meeting",
        "3/4",
    ):
        find_due(text, today=today)
        with contextlib.suppress(DateError):
            parse_when(text, today=today)
