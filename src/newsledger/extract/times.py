"""Time expressions normalised against the publication date, with their precision.

Values follow TIMEX3: a day is ``2023-05-03``, a week ``2023-W18``, a month ``2023-05``, a year ``2023``, a
decade ``199X``. Relative expressions ("Wednesday", "overnight", "last week", "two days ago") need the
publication date; without one they are reported with no value and precision "unknown", never guessed.
A bare weekday means the most recent such day up to the publication day (news reports the past), or the
next one when the caller says the event lies ahead (``future=True``: planned or threatened events).
"""

from __future__ import annotations

import datetime as dt
import re

from newsledger import resources
from newsledger.records import Precision

WEEKDAYS: dict[str, int] = resources.word_map("times.weekdays")  # Monday 0
MONTHS: dict[str, int] = resources.word_map("times.months")  # names and abbreviations -> 1..12
NUMBERS = resources.word_map("times.numbers")
FILLER_RE = re.compile(
    r"\b(?:on|in|at|during|by|since|until|of|the|early|late|earlier|later|mid|around|about|from|"
    r"morning|afternoon|evening|night|early-morning|late-night|hours|hour)\b|[,.]", re.IGNORECASE)
MONTH_NAME = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(\d{4})"

Normalised = tuple[str | None, Precision]


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _shift_month(d: dt.date, months: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) + months
    return total // 12, total % 12 + 1


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def normalise(text: str, ref: dt.date | None, future: bool = False) -> Normalised:
    """``(value, precision)`` of a time expression; ``(None, "unknown")`` when it cannot be resolved."""
    raw = " ".join(text.lower().replace("\u2019", "'").split())
    try:
        absolute = _absolute(raw, ref, future)
        if absolute is not None:
            return absolute
        if ref is None:
            return None, "unknown"
        return _relative(raw, ref, future)
    except OverflowError:  # beyond the calendar's years 1-9999: "9999999 days ago", "tomorrow" of 9999-12-31
        return None, "unknown"


def _absolute(raw: str, ref: dt.date | None, future: bool) -> Normalised | None:
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", raw)
    if m:
        d = _date(int(m[1]), int(m[2]), int(m[3]))
        return (_iso(d), "day") if d else (None, "unknown")
    m = re.search(rf"\b{MONTH_NAME}\s+{DAY}(?:\s*,?\s*{YEAR})?\b", raw) or None
    if m:
        month, day, year = MONTHS[m[1][:3]], int(m[2]), m[3]
        return _day_month(day, month, int(year) if year else None, ref, future)
    m = re.search(rf"\b{DAY}\s+(?:of\s+)?{MONTH_NAME}(?:\s*,?\s*{YEAR})?\b", raw)
    if m:
        month, day, year = MONTHS[m[2][:3]], int(m[1]), m[3]
        return _day_month(day, month, int(year) if year else None, ref, future)
    m = re.search(rf"\b{MONTH_NAME}\s*,?\s*{YEAR}\b", raw)
    if m:
        return _month(int(m[2]), MONTHS[m[1][:3]]), "month"
    m = re.search(r"\b(1[5-9]|20)(\d)0'?s\b", raw)
    if m:
        return f"{m[1]}{m[2]}X", "decade"
    m = re.fullmatch(r"(?:(?:in|during|since|by|of|the year)\s+)?(1[5-9]\d\d|20\d\d)", raw)
    if m:
        return m[1], "year"
    words = FILLER_RE.sub(" ", raw).split()
    if len(words) == 1 and words[0].rstrip(".") in MONTHS and (len(words[0]) > 3 or words[0] != "may"):
        month = MONTHS[words[0].rstrip(".")]
        if ref is None:
            return None, "unknown"
        year = ref.year
        if not future and month > ref.month + 2:
            year -= 1
        elif future and month < ref.month:
            year += 1
        return _month(year, month), "month"
    return None


def _day_month(day: int, month: int, year: int | None, ref: dt.date | None, future: bool) -> Normalised:
    if year is None:
        if ref is None:
            return None, "unknown"
        year = ref.year
        cand = _date(year, month, day)
        if cand and not future and (cand - ref).days > 60:
            year -= 1
        elif cand and future and (ref - cand).days > 60:
            year += 1
    d = _date(year, month, day)
    return (_iso(d), "day") if d else (None, "unknown")


def _relative(raw: str, ref: dt.date, future: bool) -> Normalised:
    words = FILLER_RE.sub(" ", raw).split()
    joined = " ".join(words)
    if re.search(r"\b(today|tonight|this)\b", joined) and not re.search(r"\b(week|month|year|weekend)\b",
                                                                         joined) \
            and not any(w in WEEKDAYS for w in words):
        return _iso(ref), "day"
    if re.search(r"\b(yesterday|overnight|last night)\b", raw):
        return _iso(ref - dt.timedelta(days=1)), "day"
    if "tomorrow" in words:
        return _iso(ref + dt.timedelta(days=1)), "day"
    day_words = [w for w in words if w in WEEKDAYS]
    if day_words:
        target = WEEKDAYS[day_words[0]]
        diff = (ref.weekday() - target) % 7
        if "next" in words or (future and "last" not in words):
            ahead = (target - ref.weekday()) % 7 or 7
            if future and "next" not in words and ahead == 7:
                ahead = 0
            return _iso(ref + dt.timedelta(days=ahead)), "day"
        if "last" in words and diff == 0:
            diff = 7
        return _iso(ref - dt.timedelta(days=diff)), "day"
    m = re.search(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                  r"(day|week|month|year|decade)s?\s+(ago|earlier|before|later|from now)\b", raw)
    if m:
        n = int(m[1]) if m[1].isdigit() else NUMBERS.get(m[1])
        if n is None:
            return None, "unknown"
        sign = 1 if m[3] in {"later", "from now"} else -1
        return _offset(ref, sign * n, m[2])
    m = re.search(r"\b(last|this|next|past|coming|previous)\s+(week|month|year|weekend)\b", raw)
    if m:
        sign = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}[m[1]]
        unit = "week" if m[2] == "weekend" else m[2]
        return _offset(ref, sign, unit)
    return None, "unknown"


def _offset(ref: dt.date, n: int, unit: str) -> Normalised:
    if unit == "day":
        return _iso(ref + dt.timedelta(days=n)), "day"
    if unit == "week":
        return _week(ref + dt.timedelta(weeks=n)), "week"
    if unit == "month":
        return _month(*_shift_month(ref, n)), "month"
    if unit == "year":
        return f"{ref.year + n:04d}", "year"
    decade = (ref.year + 10 * n) // 10
    return f"{decade}X", "decade"
