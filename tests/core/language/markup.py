"""Test lines written as Slack sends them, decoded as the Slack edge does before the core sees them.

Only what the reader's tests need: a person mention ``<@U1|kevin>`` becomes "@kevin" (``<@U1>``, without a label,
"@U1") with people {"@kevin": "U1"}; ``<!subteam^S1|@infra>`` becomes "@infra", ``<!channel>`` "@channel" (also
``<!here>``, ``<!everyone>``), both in groups; ``&lt; &gt; &amp;`` become ``< > &``.  Other text is left as it is.
"""

from __future__ import annotations

import re

from bot.core.kernel.boundary import Said

_MARKUP = re.compile(
    r"<@(?P<user>[A-Z0-9]+)(?:\|(?P<name>[^<>]*))?>"
    r"|<!subteam\^(?P<team>[A-Za-z0-9]+)(?:\|@?(?P<label>[^<>]*))?>"
    r"|<!(?P<special>channel|here|everyone)(?:\|[^<>]*)?>"
)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")  # "&amp;" last: "&amp;lt;" is "&lt;"


def decode(wire: str) -> Said:
    """The text as the person saw it, with the people and groups it mentions."""
    out: list[str] = []
    people: dict[str, str] = {}
    groups: set[str] = set()
    pos = 0
    for m in _MARKUP.finditer(wire):
        out.append(_unescape(wire[pos : m.start()]))
        pos = m.end()
        if m.group("user"):
            shown = "@" + (m.group("name") or m.group("user"))
            people[shown] = m.group("user")
        else:
            shown = "@" + (m.group("special") or (m.group("label") or m.group("team")).strip())
            groups.add(shown)
        out.append(shown)
    out.append(_unescape(wire[pos:]))
    return Said("".join(out), people, frozenset(groups))
