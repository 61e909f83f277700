"""Which dates in a line are deadlines: the rank rules, applied in order to each match, and the choice among them.

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

More decisions (each one tested in tests/core/language/test_dates.py):

* Ranges ("1-5 March", "Feb 3-4", "26 Feb - 1 Mar", "3/3 - 5/3", "between 1 and 5 March", "between March 1 and 5")
  are not deadlines on their own: the words stay in the task ("hold the vote 1-5 March").  After a deadline keyword
  ("by 1-5 March", "due between 1 and 5 March") or "sometime"/"at some point" ("sometime between 1 and 5 March") a
  range is a deadline.  A range naming an event ("by the 12-13 March workshop") stays in the task.  "complete by"
  after "to" is the verb "complete" and the keyword "by".
* An ordinal followed by a noun is not a day ("before the 2nd reading", "a 3rd party"), nor is "year-end" before
  a noun ("the year-end report").
* "by the March 5 call", "before the 1 March deadline": that day, and the phrase takes the noun with it; without
  a deadline keyword the date of a call or release stays in the task ("cancel the 12 March meeting").
* "needed by", "required by", "ideally by", "target (date)" are deadline keywords; after a noun "needed" describes
  it ("the votes needed by Friday": only "by Friday" is taken out).  "sometime next week", "at some point in
  March" are read as the phrase they contain.
* An offset before an anchor ("2 days before the meeting", "the week before KubeCon") is not a deadline: the
  words stay in the task (the reply lets the user set the date).
* Dotted day-month dates without a year ("by 01.03.") count only after a deadline keyword.
* A weekday typed in lowercase counts when spelled out ("review it monday"); abbreviations ("mon", "sat") need
  a keyword ("by mon") or EOD/COB before them ("EOD fri").
* "latest Friday", "Friday latest", "on or before 8 March", and task-list due markers ("📅 2024-03-01",
  ":calendar: 2024-03-01") are deadline keywords.
* "5pm" alone is no deadline; "by 5pm" is today.  A dotted year-first date ("2024.03.1") is a version unless a
  keyword governs it.
* A bare spelled ordinal ("by the fifth", no month) is a day only after a deadline keyword and with "the", and not
  before a noun ("by the second reading", "the first draft", "a second look" stay in the task).
* "for the week of March 4" is what a thing is about, not a deadline.
* Real minutes: "pushed to 5/22" / "moved to …" / "postponed until …" are deadline keywords; "punt the review for two
  weeks" is due two weeks from today (a span after "for" only after a deferral verb); "by 29" is the 29th (a bare
  number only after by/due/… and not before a noun); "before Jan 30, or Feb 6 at the latest" is Feb 6 (a date with
  "at (the) latest" is the hard deadline); "Target to complete it is March 31st" is March 31st; "chair next TB
  meeting" keeps the meeting as the verb's object; a year outside 1900-2199 is a date only after by/due/….
* A line with no date word at all (DATE_HINT: digits, month and weekday names, ordinals, "today", "week", "EOD",
  "next", …) is not scanned: most lines of minutes have no date, and scanning is the costly part of reading one.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from bot.core.kernel.model import Anchors
from bot.core.language.dates.anchors import event_candidates
from bot.core.language.dates.forms import FORMS, MASTER, Fields, Kind, Resolver, Setting, form_of
from bot.core.language.dates.periods import day_number
from bot.core.language.dates.values import Candidate, DateError, Resolved
from bot.core.language.dates.vocabulary import (
    BEFORE_KWS,
    FULL_WEEKDAYS,
    MONTH,
    MONTHS,
    OFFSET_BEFORE,
    ORDINAL_WORD,
    START_KWS,
    WEEKDAY,
    is_excluding,
    is_strong,
    norm,
)

_RANK_OF_KIND = {"self": 2, "weak": 1, "scope": 0}


@dataclass(slots=True)
class Spot:
    """One match of a date form in a line, while the rules rank it (3: after a deadline keyword, 2: self-evident,
    1: only at the end of a line, 0: not a deadline here)."""

    text: str  # the whole line
    f: Fields
    form: str  # the form's name
    resolve: Resolver
    start: int
    end: int
    kw: str | None  # the keyword before it, normalised ("by", "due", "on")
    kind: Kind
    in_line: bool  # inside a longer line (find_due), not a whole phrase (parse_when)
    today: date
    day_first: bool
    rank: int = 0
    skip: bool = False  # not a date at all here: as if the form had not matched

    @property
    def words(self) -> str:
        """The date's own words as typed."""
        return self.f.text

    @property
    def before(self) -> str:
        """The text just before (enough for the words there; keeps long lines linear)."""
        return self.text[max(0, self.start - 80) : self.start]


Rule = Callable[[Spot], None]
_ONLY_FOR: dict[Rule, frozenset[str]] = {}  # the forms a rule is about; rules not listed are about every form


def only_for(*names: str) -> Callable[[Rule], Rule]:
    """Marks a rule as being about these forms only: the scanner does not ask it about any other."""
    unknown = set(names) - {form.name for form in FORMS}
    assert not unknown, unknown

    def mark(rule: Rule) -> Rule:
        _ONLY_FOR[rule] = frozenset(names)
        return rule

    return mark


# ---------------------------------------------------------------------------------------------------------
# The keyword

_DESCRIBING_KW = ("needed", "required", "expected", "wanted", "complete")
_CLAUSE_START = ("", ".", ";", ",", ":", "(", "[", "-", "–", "—")


def needed_by_after_a_noun(s: Spot) -> None:
    """After a noun, "needed by" (required, expected, wanted, complete by) describes the noun: only "by …" is the
    deadline, and only it leaves the task ("the votes needed by end of month")."""
    kw_raw = s.f.match.group("kw")
    if not (kw_raw and s.kw and s.kw.split()[0] in _DESCRIBING_KW):
        return
    if s.text[max(0, s.start - 20) : s.start].rstrip()[-1:] in _CLAUSE_START:
        return
    last = s.kw.split()[-1]
    s.start = s.f.match.start("kw") + kw_raw.lower().rindex(last)
    s.kw = last


# ---------------------------------------------------------------------------------------------------------
# Words that are dates only sometimes: skipped where they are ordinary words

_MONTH_VERBS = ("may", "mar", "jun", "jan", "dec", "oct", "aug")
_LOWER_ABBREVIATIONS = ("sat", "sun", "wed", "mon")
_THE = re.compile(r"\bthe\s", re.IGNORECASE)


@only_for("month")
def bare_month_needs_a_capital(s: Spot) -> None:
    """A bare month needs a keyword, a year or a capital, and "May" a year: "May" is a name, "march" a verb."""
    if s.kw or s.f("pos") or s.f("y4") or s.f("y2"):
        return
    if not s.words[:1].isupper() or s.words.lower().startswith("may"):
        s.skip = True


@only_for("month")
def lowercase_month_after_in_is_a_word(s: Spot) -> None:
    """After in/on/at/for/…, a lowercase month that is also a word ("in may") needs a capital or a year."""
    if (
        s.kw in ("in", "during", "for", "over", "within", "on", "at")
        and not (s.words[:1].isupper() or s.f("y4"))
        and s.words.lower().rstrip(".") in _MONTH_VERBS
    ):
        s.skip = True


@only_for("weekday")
def weekday_abbreviation_needs_a_keyword(s: Spot) -> None:
    """A lowercase weekday abbreviation ("mon") needs a keyword or EOD/COB before it; "monday" is still a day."""
    if (
        not s.words[:1].isupper()
        and not s.kw
        and not s.f("rel")
        and s.words.lower().rstrip(".") not in FULL_WEEKDAYS
        and not s.f.match.group("eodpre")
    ):
        s.skip = True


@only_for("weekday")
def lowercase_sat_sun_wed_mon_need_a_deadline_keyword(s: Spot) -> None:
    """Lowercase "sat", "sun", "wed", "mon" are words ("we sat down") unless by/due/… governs them."""
    if s.words.lower() in _LOWER_ABBREVIATIONS and s.words.islower() and not is_strong(s.kw):
        s.skip = True


@only_for("ordword")
def spelled_ordinal_needs_by_the(s: Spot) -> None:
    """In a line a spelled ordinal is a day only after by/due/… and "the" ("by the fifth"), not in "the first draft",
    "a second look", "by fifth"."""
    if s.in_line and not (is_strong(s.kw) and _THE.search(s.f.match.group())):
        s.skip = True


# ---------------------------------------------------------------------------------------------------------
# How self-evident the form is here (its kind), and the rank that gives

_MEETING_AFTER = re.compile(
    r"\s*(?:'s\s+)?(?:call|meeting|telecon|teleconference|sync|session|workshop|webinar|event|conference|summit|"
    r"demo|presentation|talk|f2f|meetup|hackathon|plenary|standup|minutes|agenda|release|notes|deadline|edition)s?\b",
    re.IGNORECASE,
)
_SOMETIME = re.compile(r"^(?:sometime|some time|at some point)\b")


@only_for("range", "between")
def range_after_a_keyword_is_a_deadline(s: Spot) -> None:
    """A range after by/due/… is a deadline ("by 1-5 March"), after "sometime" a self-evident one; a range naming
    an event ("by the 12-13 March workshop") stays in the task."""
    if s.kw and not _MEETING_AFTER.match(s.text, s.end):
        if is_strong(s.kw):
            s.kind = "weak"
        elif _SOMETIME.match(s.kw):
            s.kind = "self"


@only_for("year")
def bare_year_is_scope(s: Spot) -> None:
    """A year ("the 2024 budget") is a deadline only after by/before/until/…/due/deadline."""
    if s.kw not in START_KWS and s.kw not in ("due", "deadline", "due by", "due in"):
        s.kind = "scope"


@only_for("timeonly")
def time_after_a_deadline_keyword_is_today(s: Spot) -> None:
    """A time of day is a deadline (today) only after by/due/… ("by 5pm"); a bare "5pm" is not one."""
    if is_strong(s.kw):
        s.kind = "weak"


@only_for("nextweek")
def this_year_is_scope(s: Spot) -> None:
    """This or next year or quarter without a keyword is not a deadline ("our priority this year")."""
    if not s.kw and (s.f("unit") or "").lower() in ("year", "quarter"):
        s.kind = "scope"


@only_for("meeting")
def for_the_next_meeting_is_a_deadline(s: Spot) -> None:
    """After for/at/in/during the next meeting is when it is due ("for the next call")."""
    if s.kw in ("for", "at", "in", "during"):
        s.kind = "self"


@only_for("quarter")
def first_half_alone_is_scope(s: Spot) -> None:
    """A first or second half is a period only with a keyword or a position ("the first half of the talk" is not)."""
    if s.f("half") and not s.kw and not s.f("pos"):
        s.kind = "scope"


@only_for("weekend")
def this_weekend_is_self_evident(s: Spot) -> None:
    """This or next weekend is self-evident; "the weekend" needs a keyword or the end of the line."""
    if not (s.f("rel") or "").lower().startswith("the"):
        s.kind = "self"


def rank_from_kind_and_keyword(s: Spot) -> None:
    """The kind gives the rank; after since/from/every/… nothing is a deadline, after by/due/… anything that
    may be one is (3), and "on" makes a self-evident form ask for the end of the line (1)."""
    rank = _RANK_OF_KIND[s.kind]
    if s.kw:
        if is_excluding(s.kw):
            rank = 0
        elif is_strong(s.kw):
            rank = 3 if rank else 0
        elif s.kw == "on":
            rank = min(rank, 1) if rank else 0
    s.rank = rank


# ---------------------------------------------------------------------------------------------------------
# Where the words around say it is something else

_NOT_NUMERIC_DATES = frozenset({"24/7"})  # an idiom ("support 24/7"), never 24 July
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)
_ID_NOUN_BEFORE = re.compile(
    r"\b(?:bug|issue|item|pr|ticket|section|page|step|question|slide|chapter|task|case|room|part|phase|round|no\.?"
    r"|number|option|version|rule|clause|article|point|line|test|ratio|score)\s+$",
    re.IGNORECASE,
)
_MEETING_CONTEXT = re.compile(
    r"\b(?:call|calls|meeting|meetings|telecon|teleconference|sync|session|sessions|workshop|webinar|event|"
    r"conference|summit|demo|presentation|talk|f2f|meetup|meet-up|hackathon|plenary|standup|review|briefing|"
    r"held|happens|happening|scheduled|planned|took\s+place|takes\s+place)\s*$",
    re.IGNORECASE,
)
_PAST_BEFORE = re.compile(
    r"\b(?:\w+ed|was|were|happened|broke|began|went|came|met|did)\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE
)
_NOUN_AFTER_ORDINAL = re.compile(
    r" (?!(?:of|at|and|or|to|for|in|on|by|latest|please|pls|if|so|then|with|eod|cob|noon|midday|morning|afternoon"
    r"|evening|night|the|a|an|is|as|we|i|you|he|she|they|it|but|please)\b)[a-z][a-z-]+\b"
)
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_EXCLUDED_BEFORE = re.compile(r"\b(?:every|each|last|since|from|after|per|between)\s+$", re.IGNORECASE)


@only_for("numd", "numdot")
def number_that_only_looks_like_a_date(s: Spot) -> None:
    """Numbers that only look like dates are words unless by/due/… governs them: "1.3.", "24/7", "a 10/10",
    "bug 12/3", "item 4/5"."""
    if s.rank < 3 and (
        s.form == "numdot"
        or s.words in _NOT_NUMERIC_DATES
        or _ARTICLE_BEFORE.search(s.before)
        or _ID_NOUN_BEFORE.search(s.before)
    ):
        s.rank = 0


@only_for(
    "iso", "numy", "numd", "dmy", "mdy", "weekday", "ordinal", "month", "isomonth", "wddate", "ordmonth", "numdot",
    "weekof",
)  # fmt: skip
def date_of_a_call_stays_in_the_task(s: Spot) -> None:
    """The date of a call, meeting or release is not a deadline ("the call on 5/29", "the March 3 release notes");
    after by/due/… it is that call's day, and the phrase takes the noun too ("by the March 5 call")."""
    if not s.rank:
        return
    after = _MEETING_AFTER.match(s.text, s.end)
    if not (after or (s.kw in ("on", "for", "at") and _MEETING_CONTEXT.search(s.before))):
        return
    if s.rank == 3 and after and not s.f.match.group("post"):
        s.end = after.end()
    else:
        s.rank = 0


@only_for("weekday", "dmy", "mdy", "weekdayweek")
def on_a_weekday_is_self_evident(s: Spot) -> None:
    """A day after "on" says when, wherever it stands ("call Jon on Friday about CI")."""
    if s.rank and s.kw == "on":
        s.rank = 2


def for_a_date_is_what_it_is_about(s: Spot) -> None:
    """A date after "for" is what a thing is about, not when ("availability for 12/03", "the budget for Q3"); only
    "for the next meeting" is a deadline."""
    if s.rank and s.kw == "for" and s.form not in ("meeting", "meetagain"):
        s.rank = 0


_DEFERRAL_BEFORE = re.compile(
    r"\b(?:punt|punted|punting|defer|deferred|postpone|postponed|push|pushed|delay|delayed|park|parked|"
    r"table|tabled|pause|paused|revisit)(?:\s+[\w'’-]+){0,4}\s+$",
    re.IGNORECASE,
)


def at_the_latest_is_the_deadline(s: Spot) -> None:
    """A date followed by "at the latest" is the hard deadline, even after a softer one ("before Jan 30, or Feb 6 at
    the latest" is due Feb 6)."""
    post = s.f.match.group("post") or ""
    if s.rank and "latest" in post.lower():
        s.rank = 3


@only_for("span")
def a_deferral_for_a_span(s: Spot) -> None:
    """ "Punt for two weeks", "defer the vote for a month": the thing comes back that long from today.  Any other span
    ("for two weeks", "every 2 weeks", "2 days before") is no deadline."""
    if s.kw == "for" and _DEFERRAL_BEFORE.search(s.before):
        s.rank = 2


@only_for("bareday")
def a_bare_day_after_by(s: Spot) -> None:
    """A bare number after by/due/before/until is a day of the month ("by 29" is the 29th, like "by the 29th"); not
    before a noun ("by 29 votes") and nowhere else."""
    s.rank = 3 if is_strong(s.kw) and not _NOUN_AFTER_ORDINAL.match(s.text, s.end) else 0


@only_for("iso")
def a_far_year_needs_a_keyword(s: Spot) -> None:
    """An ISO date with a year outside 1900-2199 ("by 9999-12-31") is read as a date only after by/due/…, so the
    caller can refuse it clearly; elsewhere such digits are no date."""
    if not 1900 <= int(s.f("y") or 0) <= 2199 and not is_strong(s.kw):
        s.skip = True


@only_for("meeting", "meetagain")
def to_the_next_meeting_is_a_deadline(s: Spot) -> None:
    """The next meeting after "to" is when ("bring the question to the next meeting")."""
    if s.kw == "to":
        s.rank = 2


@only_for("numd", "dmy", "mdy", "ordinal", "wddate")
def a_day_just_past_is_a_reference(s: Spot) -> None:
    """A yearless day that just passed, or follows a past-tense verb, is a reference, not a deadline a year away
    ("the nightly failed on 2/14")."""
    if s.in_line and 0 < s.rank < 3 and (_PAST_BEFORE.search(s.before) or _recently_past(s)):
        s.rank = 0


@only_for("meeting")
def the_next_session_as_an_object(s: Spot) -> None:
    """The next meeting after "the"/"our" without a keyword is an object ("chair the next session"), not a deadline."""
    if s.rank and not s.kw and s.words.lower().startswith(("the ", "our ")):
        s.rank = 0


_MEETING_VERB_BEFORE = re.compile(
    r"\b(?:chair|chairs|attend|attends|host|hosts|run|runs|lead|leads|moderate|facilitate|schedule|organi[sz]e|plan|"
    r"prepare|book|cancel|skip|miss|join|announce|minute|record|set\s+up|call)\s+$",
    re.IGNORECASE,
)


_STATED_AS_DUE = re.compile(r"\b(?:deadline|target(?:\s+date)?|goal)\b[^.;]{0,120}\b(?:is|was)\s+(?:the\s+)?$", re.I)


def a_stated_deadline(s: Spot) -> None:
    """A date right after "the deadline (for X) is", "the target to X is" is the deadline ("Target to complete the
    selection is March 31st")."""
    if s.rank and not s.kw and _STATED_AS_DUE.search(s.before):
        s.rank = 3


@only_for("meeting")
def the_next_meeting_as_a_verbs_object(s: Spot) -> None:
    """The next meeting right after a verb that acts on a meeting is its object ("chair next TB meeting", "host the
    next call"), not a deadline."""
    if s.rank and not s.kw and _MEETING_VERB_BEFORE.search(s.before):
        s.rank = 0


@only_for("ordinal", "periodend", "ordword")
def ordinal_before_a_noun(s: Spot) -> None:
    """An ordinal before a noun counts something else, not days ("before the 2nd reading", "the year-end report")."""
    if s.rank and _NOUN_AFTER_ORDINAL.match(s.text, s.end):
        s.rank = 0


@only_for("iso")
def dotted_year_first_is_a_version(s: Spot) -> None:
    """A dotted year-first date is a version ("release 2024.03.1") unless by/due/… governs it."""
    if s.f("s") == "." and s.rank < 3:
        s.rank = 0


@only_for("wiki")
def wiki_marker_is_the_deadline(s: Spot) -> None:
    """The wiki's due-date marker ("//01-03-2024") is the deadline wherever it stands."""
    if s.rank:
        s.rank = 3


@only_for("weekday", "meeting")
def possessive_is_not_a_deadline(s: Spot) -> None:
    """A weekday or meeting with "'s" is a thing of that day ("Friday's call"), not a deadline."""
    if s.rank and _POSSESSIVE_AFTER.match(s.text, s.end):
        s.rank = 0


def after_every_since_from(s: Spot) -> None:
    """A date after "every", "last", "since", "from", … (with "the" between: "since the 5th") is no deadline."""
    if s.rank and s.kw is None and _EXCLUDED_BEFORE.search(s.before):
        s.rank = 0


def offset_before_an_anchor(s: Spot) -> None:
    """An offset before a date is no deadline ("2 days before the meeting", "the week before 5 March")."""
    if s.rank and s.kw in BEFORE_KWS and OFFSET_BEFORE.search(s.before):
        s.rank = 0


# In order: the keyword, then skips, then the kind, the rank it gives, and the rules on the rank.
RULES: tuple[Rule, ...] = (
    needed_by_after_a_noun,
    a_far_year_needs_a_keyword,
    bare_month_needs_a_capital,
    lowercase_month_after_in_is_a_word,
    weekday_abbreviation_needs_a_keyword,
    lowercase_sat_sun_wed_mon_need_a_deadline_keyword,
    spelled_ordinal_needs_by_the,
    range_after_a_keyword_is_a_deadline,
    bare_year_is_scope,
    time_after_a_deadline_keyword_is_today,
    this_year_is_scope,
    for_the_next_meeting_is_a_deadline,
    first_half_alone_is_scope,
    this_weekend_is_self_evident,
    rank_from_kind_and_keyword,
    number_that_only_looks_like_a_date,
    date_of_a_call_stays_in_the_task,
    on_a_weekday_is_self_evident,
    for_a_date_is_what_it_is_about,
    a_deferral_for_a_span,
    a_bare_day_after_by,
    at_the_latest_is_the_deadline,
    to_the_next_meeting_is_a_deadline,
    a_day_just_past_is_a_reference,
    the_next_session_as_an_object,
    the_next_meeting_as_a_verbs_object,
    a_stated_deadline,
    ordinal_before_a_noun,
    dotted_year_first_is_a_version,
    wiki_marker_is_the_deadline,
    possessive_is_not_a_deadline,
    after_every_since_from,
    offset_before_an_anchor,
)
# Each form's rules, in the order above.
_RULES_OF_FORM = {
    form.name: tuple(rule for rule in RULES if form.name in _ONLY_FOR.get(rule, (form.name,))) for form in FORMS
}


def _recently_past(s: Spot) -> bool:
    """A date without a year whose day this year fell within the last 60 days: a past reference."""
    f, today = s.f, s.today
    try:
        if s.form == "numd":
            a, b = int(f("a") or 0), int(f("b") or 0)
            d, mo = (a, b) if s.day_first else (b, a)
        elif s.form in ("dmy", "mdy"):
            if f("y4") or f("y2") or (s.form == "dmy" and f("yd")):
                return False
            d, mo = day_number(f("d"), f("w")), MONTHS[(f("m") or "").lower().rstrip(".")]
        else:
            return False
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(today.year, mo)[1]:
            return 0 < (today - date(today.year, mo, d)).days <= 60
    except (ValueError, KeyError):
        return False
    return False


# ---------------------------------------------------------------------------------------------------------
# Scanning a line and choosing


def _spot(text: str, match: re.Match[str], today: date, day_first: bool, in_line: bool) -> Spot:
    form = form_of(match)
    kw_raw = match.group("kw")
    kw = norm(kw_raw).rstrip(":").strip() if kw_raw else None
    f = Fields(match, form.name)
    return Spot(text, f, form.name, form.resolve, match.start(), match.end(), kw, form.kind, in_line, today, day_first)


def _resolve(s: Spot, anchors: Anchors) -> Candidate:
    resolved: Resolved | None = None
    error: str | None = None
    if s.rank:
        try:
            resolved = s.resolve(s.f, Setting(s.today, s.day_first, s.kw, anchors))
        except DateError as exc:
            error = str(exc)
            if s.rank < 3 and s.form in ("numd", "numdot") and s.in_line:
                s.rank = 0  # "split the cost 50/50": an impossible date is only an error after by/due/…
    return Candidate(s.start, s.end, s.rank, s.form, s.kw, resolved, error)


# Every form starts with, or holds, one of these: a line without any has no date, and the master pattern (the costly
# part of reading a line) is not run over it.  tests/core/language/test_dates.py checks each form's examples.
DATE_HINT = re.compile(
    rf"\d|//|\b(?:{MONTH}|{WEEKDAY}|{ORDINAL_WORD}|today|tonight|tomorrow|tmrw?|tmw|tmrrw|2moro|2morrow|tomoz|"
    r"eo[dwmqyhbp]|cob|close|end|wks?|weeks?|weekend|months?|quarter|years?|days?|fortnights?|hours?|hrs?|noon|"
    r"midday|midnight|[qh][1-4]|half|next|nxt|upcoming|coming|following|meet|latest)\b|📅|🗓|⏳|:calendar:|:date:|"
    r":spiral_calendar_pad:",
    re.IGNORECASE,
)


def scan(text: str, today: date, day_first: bool, anchors: Anchors, in_line: bool) -> list[Candidate]:
    """Every date form in ``text``, ranked by the rules and resolved when it may be a deadline."""
    out: list[Candidate] = []
    if not DATE_HINT.search(text):
        return out
    for match in MASTER.finditer(text):
        s = _spot(text, match, today, day_first, in_line)
        for rule in _RULES_OF_FORM[s.form]:
            rule(s)
            if s.skip:
                break
        if not s.skip:
            out.append(_resolve(s, anchors))
    return out


def candidates(text: str, today: date, day_first: bool, anchors: Anchors, in_line: bool = True) -> list[Candidate]:
    """The dates and the recorded events named in ``text``, in order; an event wins over a date it overlaps
    ("before FOSDEM 2024" is the event)."""
    cands = scan(text, today, day_first, anchors, in_line)
    events = event_candidates(text, today, anchors)
    if events:
        keep = [c for c in cands if not any(e.start < c.end and c.start < e.end for e in events)]
        cands = sorted(keep + events, key=lambda c: c.start)
    return cands


_TAIL_OK = re.compile(
    r"""^[\s.!?;,:)\]*_~]*$
    |^\s*[(\[][^()\[\]]{0,80}[)\]][\s.!?;,]*$
    |^\s*(?:[-–—,;:|]|--|->|=>)\s*(?:owners?|assignees?|assigned\s+to|who|ai|action(?:\s+on)?|by)?\s*[:=-]?\s*
       (?:[@<]?[\w'’.|>-]+(?:[\s,&/+]+(?:and\s+)?[@<]?[\w'’.|>-]+){0,5})[\s.!?;,)\]]*$
    |^(?:\s+@[\w.'-]+[,]?)+[\s.!?;,]*$
    |^\s*(?:please|pls|thanks|thx|ok|okay|if\s+possible|latest|at\s+the\s+latest)\b[\s\w,.!?]{0,30}$
    """,
    re.IGNORECASE | re.VERBOSE,
)  # what may follow a date at the end of a line: punctuation, an owner annotation, mentions, "please"
_HEAD_OK = re.compile(r"^[\s\-*•>\[\]()#:]*$")
_HEAD_SEP = re.compile(r"\s*[:\-–—]")


def _at_the_end(text: str, c: Candidate) -> bool:
    return bool(
        _TAIL_OK.match(text[c.end :])
        or (c.rank == 1 and _HEAD_OK.match(text[: c.start]) and _HEAD_SEP.match(text[c.end :]))
    )


def choose(text: str, cands: Iterable[Candidate]) -> Candidate | None:
    """The deadline among the candidates: the last after a deadline keyword; else the last at the end of the line
    (or at its head before a colon); else the last self-evident one."""
    live = [c for c in cands if c.rank > 0]
    if not live:
        return None
    strong = [c for c in live if c.rank == 3]
    if strong:
        return strong[-1]
    tail = [c for c in live if _at_the_end(text, c)]
    if tail:
        return tail[-1]
    selfevident = [c for c in live if c.rank == 2]
    return selfevident[-1] if selfevident else None
