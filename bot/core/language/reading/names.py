"""Where a person's name starts and ends: the workspace's known names (longest match), and unknown names by their
shape (capitalised words, initials, particles, a lowercase nickname).

Decisions:

* Without ``names``, an unknown capitalised word is an owner only in an owner position (before "to",
  "will", ":", …, or before a verb); lowercase nicknames ("carol to draft…") only before "to", "will",
  ":" and the like.  With ``names``, known names (any case, longest match) are recognised anywhere an
  owner may stand, and multi-word names end where the known name ends.
* Initials are names: "J.S.", "K.Z. and L.G.", "J. Smith", "Leo G." (a surname's initial ends the name).
* A known first name followed by an unknown surname ("Jon Smith") is one person.  Honorifics ("Dr. Kim") and
  honorific suffixes ("Kobota-san") go with the name.
* Never a name: an adverb ("Eventually start …", "Hopefully"), an adjective that starts an offer ("Happy to …",
  "Glad to …").  A word with capitals inside ("FESCo", "ScottK") is a name when it leads the line; after the task it
  is a product ("(CoCo)", "OpenJDK").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Literal

from bot.core.language.reading.values import OwnerRef
from bot.core.language.reading.vocabulary import (
    ADJECTIVES,
    FUNCTION_WORDS,
    NOUNS,
    PARTICLES,
    adverb,
    is_capitalised,
    verb_like,
)

Mode = Literal["lead", "trail", "bare"]  # where an owner stands: before the task, after it, or in a bare list

HONORIFIC = re.compile(r"(?:mr|mrs|ms|mx|dr|prof|sir|dame)\.?$", re.IGNORECASE)
HONORIFIC_SUFFIX = re.compile(r"-(?:san|sama|kun|chan|sensei|senpai|shi|ji|ssi|nim)$", re.IGNORECASE)
INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")  # "J.", "J.S.", "K.Z."
_WORDS_RE = re.compile(r"[^\W_][\w'’.-]*")


def _fold(word: str) -> str:
    return word.rstrip(".").casefold()


def words_at(text: str, pos: int, n: int) -> list[tuple[str, int, int]]:
    """Up to ``n`` words from ``pos`` separated only by single spaces: (word, start, end)."""
    out: list[tuple[str, int, int]] = []
    i = pos
    while len(out) < n:
        m = _WORDS_RE.match(text, i)
        if not m:
            break
        word = m.group().rstrip(".'’-")
        if not word:
            break
        end = m.start() + len(word)
        # Keep a final dot on an initial or title ("J.", "Dr.").
        if text[end : end + 1] == "." and (
            len(word) == 1 or HONORIFIC.fullmatch(word) or INITIALS.fullmatch(word + ".")
        ):
            end += 1
            word += "."
        out.append((word, m.start(), end))
        if text[end : end + 1] != " ":
            break
        i = end + 1
    return out


class Names:
    """The workspace's names, indexed by first word (case-insensitive) for longest-match lookup."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for raw in names:
            words = tuple(w.casefold() for w in raw.lstrip("@").split())
            if words:
                self.by_first.setdefault(words[0], []).append(words)
        for seqs in self.by_first.values():
            seqs.sort(key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def match(self, text: str, pos: int) -> int | None:
        """End of the longest known name starting at ``pos`` (whole words only), or None."""
        if not self.by_first:
            return None
        first = _WORDS_RE.match(text, pos)  # most words are nobody's first name: look that up before the rest
        folded = _fold(first.group().rstrip(".'’-")) if first else ""
        if not folded:
            return None
        seqs = self.by_first.get(folded)
        if seqs is None:
            seqs = self.by_first.get(HONORIFIC_SUFFIX.sub("", folded))  # "Kobota-san"
            if seqs is None:
                return None
        words = words_at(text, pos, min(6, len(seqs[0])))
        for seq in seqs:
            if len(seq) <= len(words) and all(
                _fold(words[i][0]) == seq[i] or (i == 0 and HONORIFIC_SUFFIX.sub("", _fold(words[i][0])) == seq[i])
                for i in range(len(seq))
            ):
                return words[len(seq) - 1][2]
        return None


_NAMES_CACHE: list[tuple[object, Names]] = []


def index(names: Collection[str]) -> Names:
    """The index of ``names``; the last few immutable collections are kept, as a workspace's names repeat."""
    if isinstance(names, tuple | frozenset):
        for key, idx in _NAMES_CACHE:
            if key is names:
                return idx
        idx = Names(names)
        _NAMES_CACHE.insert(0, (names, idx))
        del _NAMES_CACHE[8:]
        return idx
    return Names(names)


class Known:
    """Who the reader can recognise in one line: the workspace's names, and the people and groups the line
    mentions, as they stand in it ("@Kevin Zhao" -> U123, "@steering-team")."""

    __slots__ = ("names", "_mentions", "firsts", "match")

    def __init__(self, names: Names, mentions: Mapping[str, str], groups: Collection[str]) -> None:
        self.names = names
        self.match = names.match  # end of the longest known name at a position, or None
        table = [(shown, OwnerRef("user", user)) for shown, user in mentions.items() if shown]
        table += [(shown, OwnerRef("group", shown.removeprefix("@"))) for shown in groups if shown]
        table.sort(key=lambda entry: len(entry[0]), reverse=True)  # "@Kevin Zhao" before "@Kevin"
        self._mentions = tuple(table)
        self.firsts = frozenset(shown[0] for shown, _ in table)  # the first characters of the mentions

    def mention(self, text: str, pos: int) -> tuple[OwnerRef, int] | None:
        """The person or group mentioned at ``pos`` (longest first, case as shown), and where the mention ends."""
        if text[pos : pos + 1] not in self.firsts:
            return None
        for shown, ref in self._mentions:
            if text.startswith(shown, pos):
                return ref, pos + len(shown)
        return None

    def mask(self, text: str) -> str:
        """``text`` with each mention blanked to "@___" of the same length, so that no date is read inside a
        mention ("@April Jones") and positions stay the same."""
        for shown, _ in self._mentions:  # longest first: a shorter mention inside a longer one is already blanked
            if shown in text:
                text = text.replace(shown, "@" + "_" * (len(shown) - 1))
        return text


def unknown_name(text: str, pos: int, mode: Mode, known: Known) -> int | None:
    """End of an unknown person's name at ``pos``: capitalised words (or a nickname), or None."""
    words = words_at(text, pos, 4)
    if not words:
        return None
    idx = 1 if HONORIFIC.fullmatch(words[0][0]) and len(words) > 1 and is_capitalised(words[1][0]) else 0
    head = words[idx][0]
    folded = head.casefold().rstrip(".")
    if folded in FUNCTION_WORDS or folded in ADJECTIVES or not head[:1].isalpha() or adverb(head):
        return None
    if not is_capitalised(head):
        return None if mode == "trail" else words[idx][2]  # a lowercase nickname: one word only
    if INITIALS.fullmatch(head):
        # "J.S.", "J. Smith": initials are a person's, alone or before a surname
        end = words[idx][2]
        if idx + 1 < len(words):
            w = words[idx + 1][0]
            if is_capitalised(w) and not w.isupper() and w.casefold() not in FUNCTION_WORDS and not verb_like(w):
                end = words[idx + 1][2]
        return end
    if head.isupper() and len(head) > 1:
        # initials ("LG") or an acronym ("QEMU", "CoCo"): only as a lone word before a link, or in a bare list
        return words[idx][2] if (mode != "trail" and len(head) <= 3) else None
    if (
        any(ch.isupper() for ch in head[1:])
        and "-" not in head
        and "'" not in head
        and not head.startswith(("Mc", "Mac", "O'", "D'"))
        and mode != "lead"
    ):
        return None  # "(CoCo)", "OpenJDK" after the task: products; leading ("FESCo to", "ScottK to"): a body, a nick
    plain = folded in NOUNS or verb_like(head)  # "Mark" may be a name, "Ask Kevin" is not one
    return _rest_of_name(text, words, idx, plain, known)


def _rest_of_name(text: str, words: list[tuple[str, int, int]], idx: int, plain: bool, known: Known) -> int:
    """End of the name whose first word is ``words[idx]``: further capitalised words of the same name ("Leonardo
    Garcia", "Ludwig van Beethoven"), up to a word that starts the task."""
    end = words[idx][2]
    j = idx + 1
    while j < len(words) and j <= idx + 3:
        w = words[j][0]
        wf = w.casefold()
        if wf in PARTICLES:
            k = j
            while k < len(words) and words[k][0].casefold() in PARTICLES:
                k += 1
            if k < len(words) and k - j <= 2 and is_capitalised(words[k][0]):
                j = k  # "Ludwig van Beethoven", "Jan van der Berg"
                continue
        if len(w) == 2 and INITIALS.fullmatch(w):
            end = words[j][2]  # "Leo G.": a surname's initial ends the name
            break
        if not is_capitalised(w) or wf in FUNCTION_WORDS or (w.isupper() and len(w) > 1):
            break
        if verb_like(w) or wf in NOUNS or (plain and known.match(text, words[j][1]) is not None):
            break
        end = words[j][2]
        j += 1
    return end


def extend_name(text: str, start: int, end: int, known: Known) -> int:
    """A known first name followed by an unknown surname ("Jon Smith") is one person: extend to the surname."""
    if not text[start : start + 1].isupper():
        return end
    while text[end : end + 1] == " " and known.match(text, end + 1) is None:
        nxt = words_at(text, end + 1, 1)
        if not nxt:
            break
        w = nxt[0][0]
        wf = w.casefold()
        if len(w) == 2 and INITIALS.fullmatch(w):
            end = nxt[0][2]  # "Leo G."
            break
        if not is_capitalised(w) or wf in FUNCTION_WORDS or wf in NOUNS or verb_like(w) or w.isupper():
            break
        end = nxt[0][2]
    return end
