"""Find quotations in raw text, in any quote style.

A quotation is a :class:`Quote`: the offsets of its opening mark and of its content (the text between the
marks). Styles: curly double (“ ”), straight double ("), guillemets (« » and » «), low-high („ “ / „ ”),
curly single (‘ ’) and straight single ('), the last two told from apostrophes by what surrounds them, and the
ASCII renderings of curly double marks that news archives and treebanks use: two apostrophes ('' '', as in
the New York Times' archive) and two backticks (`` '').
A paragraph that opens a quotation and never closes it continues into the next paragraph when that one
opens with a quote mark again (the newspaper convention for multi-paragraph quotes); otherwise the
quotation ends with its paragraph. Quotes nested inside a quotation are part of it. The scan is linear in
the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> closing marks it accepts ('' and `` are marks of two characters)
PAIRS: dict[str, tuple[str, ...]] = {"“": ("”", "“"), "„": ("“", "”"), "«": ("»",), "»": ("«",), '"': ('"',),
                                     "‘": ("’",), "'": ("'",), "‹": ("›",), "''": ("''",), "``": ("''", '"')}
TWO_CHARACTER_MARKS = ("''", "``")
SAME_MARK_CLOSES = frozenset({'"', "'", "''"})  # marks that open and close alike
# marks that, opening a paragraph, continue a quotation the paragraph before left open
CONTINUING_MARKS = frozenset({*"“„«»\"‘'", "''", "``"})
PARAGRAPH_RE = re.compile(r"\n[ \t\r\f\v]*\n|\Z")


@dataclass(frozen=True, slots=True)
class Quote:
    open: int  # offset of the opening mark
    start: int  # first character of the content
    end: int  # end of the content (exclusive); the closing mark, if any, is at ``end``
    closed: bool
    close_width: int = 1  # characters of the closing mark ('' has two)

    @property
    def close_end(self) -> int:
        """End of the quotation including its closing mark."""
        return self.end + self.close_width if self.closed else self.end


def _mark_at(text: str, i: int) -> str:
    """The quote mark (or other character) at ``i``: two apostrophes or backticks are one mark."""
    two = text[i:i + 2]
    return two if two in TWO_CHARACTER_MARKS else text[i]


def _is_opening(text: str, i: int, mark: str) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if mark in "“„«‹" or mark == "``":
        return not after.isspace() or mark == "«"
    if mark == "»":  # German-style »quote«
        return after.isalnum() and (before.isspace() or before in "([—–-")
    if mark in ('"', "''"):
        return (before.isspace() or before in "([{—–-:/") and not after.isspace()
    # single quotes: an apostrophe has a letter or digit before it ("don't", "’90s" excluded below)
    if before.isalnum():
        return False
    return after.isalpha() and (before.isspace() or before in "([{—–-:\"“")


def _is_closing(text: str, i: int, mark: str) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if mark in ("'", "’"):  # not an apostrophe inside a word ("Russia’s", "don’t")
        return not before.isspace() and not after.isalnum()
    if mark in ('"', "''"):
        return not before.isspace() or after.isspace() or after in ".,;:!?)]}—–-"
    return True


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in PARAGRAPH_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
        if m.end() == len(text):
            break
    return spans


def _scan(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """Quotations inside one paragraph: (open, content start, content end or -1 if unclosed, the closing
    mark's width)."""
    found: list[tuple[int, int, int, int]] = []
    i = start
    while i < end:
        ch = _mark_at(text, i)
        if ch in PAIRS and _is_opening(text, i, ch):
            closers = PAIRS[ch]
            j = i + len(ch)
            close, width = -1, 1
            while j < end:
                c = _mark_at(text, j)
                if c in closers and _is_closing(text, j, c) and (c != ch or ch in SAME_MARK_CLOSES):
                    close, width = j, len(c)
                    break
                if c == ch and ch in "“„«‹" and _is_opening(text, j, c):
                    # a second opening mark of the same kind before any close: the first is unclosed
                    break
                j += len(c)
            if close == -1 and ch in "'‘":
                i += 1  # an unmatched single quote is an apostrophe or a typo, not a quotation
                continue
            found.append((i, i + len(ch), close, width))
            if close == -1:
                if j < end:
                    i = j
                    continue
                break
            i = close + width
            continue
        i += 1
    return found


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, in order; multi-paragraph quotations are joined into one."""
    quotes: list[Quote] = []
    pending: Quote | None = None  # an unclosed quotation that may continue into the next paragraph
    for p_start, p_end in _paragraphs(text):
        para = _scan(text, p_start, p_end)
        if pending is not None:
            body = text[p_start:p_end]
            first = p_start + len(body) - len(body.lstrip())  # the paragraph's first character
            if para and para[0][0] == first and _mark_at(text, first) in CONTINUING_MARKS:
                o, s, e, width = para[0]
                if e == -1:
                    pending = Quote(pending.open, pending.start, p_end, False)
                    continue
                quotes.append(Quote(pending.open, pending.start, e, True, width))
                pending = None
                para = para[1:]
            else:
                quotes.append(pending)
                pending = None
        for k, (o, s, e, width) in enumerate(para):
            if e == -1:
                if k == len(para) - 1:
                    pending = Quote(o, s, _rstrip_end(text, s, p_end), False)
                else:
                    quotes.append(Quote(o, s, _rstrip_end(text, s, para[k + 1][0]), False))
            else:
                quotes.append(Quote(o, s, e, True, width))
    if pending is not None:
        quotes.append(pending)
    return [q for q in quotes if text[q.start:q.end].strip()]


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
