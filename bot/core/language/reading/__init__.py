"""Reading one line into an action item's owners, task and due date (pure: no Slack, no storage, no clock).

What is read, in order (each part's decisions are in its module's docstring, each tested in
tests/core/language/test_reading.py):

1. Pasted-minutes markers are removed (``markers``): bullets, numbers, checkboxes, IRC timestamps and ``<nick>``,
   ``ACTION:``, ``AI(name):``, ``#action``, ``TODO:``, trailers and statuses; the name in a marker is the owner.
   A markdown table row is read cell by cell (``table``); a table row whose cells ran together ("LR31 Jan provide
   the budget") by its who / when / what (``rows``).
2. The deadline is found by ``bot.core.language.dates.find_due`` and its phrase is taken out of the task.
3. Owners (``owners``, ``names``, ``positions``), at the start: "X to do Y", "X will do Y", "X is to do Y",
   "X: do Y", "X - do Y", "X, please do Y", "X do Y" (when X is a known name, a mention, or a capitalised name
   followed by a verb); several owners joined by "and", ",", "&", "/", "+" or spaces between mentions.  Or at the
   end when none lead: "do Y (X)", "do Y [X]", "do Y - X", "do Y, owner X", "do Y @x".  Passives name the agent:
   "Eric to be contacted by the chairs" is owned by the chairs.
4. What is left is the task (``task``), exactly as typed except for the pieces taken out and the outer punctuation.

``line`` puts it together: read_action for a line as one item, read_owners for a bare owner list; ``items``
splits a line that holds several items and reads each (read_items: one Reading per item, in order).
"""

from bot.core.language.reading.items import read_items
from bot.core.language.reading.line import read_action, read_owners
from bot.core.language.reading.values import EMPTY_ERROR, NO_TASK_ERROR, OwnerKind, OwnerRef, Reading

__all__ = [
    "EMPTY_ERROR",
    "NO_TASK_ERROR",
    "OwnerKind",
    "OwnerRef",
    "Reading",
    "read_action",
    "read_items",
    "read_owners",
]
