"""HTML and Confluence storage XHTML as a small tree, built with the standard library's `html.parser`.

Why this and not lxml: the three HTML shapes met in real minutes (MeetBot's HTML 4, scribe.perl's HTML5 with
unquoted attributes, Confluence storage fragments with undeclared `ac:`/`ri:` prefixes, `&nbsp;` and CDATA) all
parse with `html.parser`, which never refuses a document and needs no new dependency. Its one trap for Confluence
is avoided here: a self-closed `<time … />` or `<ri:user … />` is an empty element (handle_startendtag), never an
open one that would swallow what follows. Void elements (`<br>`, `<img>`) never nest; an end tag with no open
element of its name is ignored; `<p>`, `<li>`, `<dt>`, `<dd>` close an open one of their kind, as browsers do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
_CLOSES = {"p": ("p",), "li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd")}
_SCOPE = frozenset(
    ["ul", "ol", "dl", "li", "dt", "dd", "table", "td", "th", "div", "section", "body"]
)  # an implicit close stops at these
BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "header",
        "main",
        "nav",
        "address",
        "blockquote",
        "pre",
        "ac:task",
        "ac:task-list",
        "ac:layout-cell",
        "ac:layout-section",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self, *tags: str) -> Iterator[Element]:
        """Every element below this one (not itself), in document order; only those tags when given."""
        for child in self.children:
            if isinstance(child, Element):
                if not tags or child.tag in tags:
                    yield child
                yield from child.iter(*tags)

    def first(self, *tags: str) -> Element | None:
        return next(self.iter(*tags), None)

    def text(self) -> str:
        """The text, whitespace collapsed to single spaces (line breaks too)."""
        return " ".join(self.raw_text().split())

    def lines(self) -> list[str]:
        """The text split where a block element or a `<br>` breaks it, each line collapsed; blank lines dropped."""
        out: list[str] = []
        _lines(self, out, [""])
        return [line for line in (" ".join(part.split()) for part in out) if line]

    def raw_text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br":
                parts.append("\n")
            else:
                parts.append(child.raw_text())
        return "".join(parts)

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _lines(node: Element, out: list[str], current: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            current[0] += child.replace("\n", " ")
        elif child.tag == "br":
            out.append(current[0])
            current[0] = ""
        elif child.tag in BLOCKS:
            out.append(current[0])
            current[0] = ""
            _lines(child, out, current)
            out.append(current[0])
            current[0] = ""
        else:
            _lines(child, out, current)
    out.append(current[0])
    current[0] = ""


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        element = self._add(tag, attrs)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(_SPACES.sub(" ", data) if data.strip() else data)

    def unknown_decl(self, data: str) -> None:
        if data.upper().startswith("CDATA["):  # Confluence link bodies: <![CDATA[Jan]]>
            self.stack[-1].children.append(data[len("CDATA[") :])

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        return element

    def _close_implied(self, tag: str) -> None:
        closes = _CLOSES.get(tag)
        if not closes:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag in closes:
                del self.stack[depth:]
                return
            if open_tag in _SCOPE:
                return


def parse_html(text: str) -> Element:
    """The document's tree under a `#root` element; never raises on bad markup."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root
