"""Any document as Markdown that pastes cleanly into a wiki: user text escaped, so nothing typed becomes markup."""

from __future__ import annotations

import re

from bot.core.kernel.documents import Channel, Doc, Inline, Link, Mention, Origin, Strong

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_LEAD = re.compile(r"- |\d{1,4}\. ")  # the bullet or number a line of ours begins with
_BLOCK = re.compile(r"#{1,6}(?=\s|$)|[+=-](?=\s|$)|\d{1,9}[.)](?=\s|$)|-{3,}|={3,}")  # would start a block


def markdown(doc: Doc) -> str:
    """The document as Markdown: the first heading is the title, others are `##`, a line that is only bold
    is a `###`, bullets are `-`. User text is escaped, so nothing typed can become markup or a ping."""
    out: list[str] = []
    for n, section in enumerate(doc.sections):
        if section.heading:
            out += ["#" * (1 if n == 0 else 2) + " " + _md_text(section.heading), ""]
        for ln in section.lines:
            if len(ln) == 1 and isinstance(ln[0], Strong):
                out += ["", "### " + _md_text(ln[0].text), ""]
                continue
            text = "".join(_md_part(p) for p in ln)
            out.append(_inert("- " + text[2:] if text.startswith("• ") else text))
        out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _md_part(part: Inline) -> str:
    if isinstance(part, Mention):
        return "@" + _md_text(part.name)
    if isinstance(part, Channel):
        return "#" + _md_text(part.name)
    if isinstance(part, Link):
        return f"[{_md_text(part.label)}](<{part.url.replace('>', '%3E').replace(' ', '%20')}>)"
    if isinstance(part, Origin):
        return _md_text(part.label)
    return _md_text(part.text)


def _inert(line: str) -> str:
    """The line with what follows its own bullet or number kept as words: typed "# FAKE" or "- x" is no heading
    and no list."""
    lead = _LEAD.match(line)
    start = lead.end() if lead else 0
    block = _BLOCK.match(line, start)
    if block is None:
        return line
    # a backslash escapes punctuation only: "2." is kept a number by escaping its dot
    at = block.end() - 1 if block.group()[0].isdigit() else start
    return line[:at] + "\\" + line[at:]


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s*\n\s*", " ", text))
