"""A table of time expressions with their reference dates and expected TIMEX3 values."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract.times import normalise

THU = dt.date(2023, 5, 4)  # Thursday
FRI = dt.date(2024, 5, 10)  # Friday
NEWYEAR = dt.date(2024, 1, 2)  # Tuesday

TABLE = [
    ("Wednesday", THU, False, "2023-05-03", "day"),
    ("on Wednesday", THU, False, "2023-05-03", "day"),
    ("early on Wednesday morning", THU, False, "2023-05-03", "day"),
    ("The early-morning Wednesday", THU, False, "2023-05-03", "day"),
    ("Thursday", THU, False, "2023-05-04", "day"),
    ("last Thursday", THU, False, "2023-04-27", "day"),
    ("Friday", THU, False, "2023-04-28", "day"),
    ("next Monday", THU, False, "2023-05-08", "day"),
    ("Monday", THU, True, "2023-05-08", "day"),
    ("Thursday", THU, True, "2023-05-04", "day"),
    ("overnight", THU, False, "2023-05-03", "day"),
    ("yesterday", THU, False, "2023-05-03", "day"),
    ("last night", THU, False, "2023-05-03", "day"),
    ("today", THU, False, "2023-05-04", "day"),
    ("this morning", THU, False, "2023-05-04", "day"),
    ("tonight", THU, False, "2023-05-04", "day"),
    ("tomorrow", THU, False, "2023-05-05", "day"),
    ("two days ago", FRI, False, "2024-05-08", "day"),
    ("3 days ago", FRI, False, "2024-05-07", "day"),
    ("a week ago", FRI, False, "2024-W18", "week"),
    ("last week", THU, False, "2023-W17", "week"),
    ("this week", THU, False, "2023-W18", "week"),
    ("next week", THU, False, "2023-W19", "week"),
    ("last weekend", FRI, False, "2024-W18", "week"),
    ("last month", THU, False, "2023-04", "month"),
    ("this month", THU, False, "2023-05", "month"),
    ("earlier this month", THU, False, "2023-05", "month"),
    ("next month", THU, False, "2023-06", "month"),
    ("last month", NEWYEAR, False, "2023-12", "month"),
    ("two months ago", NEWYEAR, False, "2023-11", "month"),
    ("last year", THU, False, "2022", "year"),
    ("this year", THU, False, "2023", "year"),
    ("next year", THU, False, "2024", "year"),
    ("three years ago", THU, False, "2020", "year"),
    ("May 3", THU, False, "2023-05-03", "day"),
    ("on May 3", THU, False, "2023-05-03", "day"),
    ("May 3rd", THU, False, "2023-05-03", "day"),
    ("3 May", THU, False, "2023-05-03", "day"),
    ("the 3rd of May", THU, False, "2023-05-03", "day"),
    ("May 3, 2022", THU, False, "2022-05-03", "day"),
    ("3 May 2023", None, False, "2023-05-03", "day"),
    ("Dec. 25", NEWYEAR, False, "2023-12-25", "day"),
    ("December 31", NEWYEAR, False, "2023-12-31", "day"),
    ("Sept. 11, 2001", None, False, "2001-09-11", "day"),
    ("2023-05-03", None, False, "2023-05-03", "day"),
    ("in March", THU, False, "2023-03", "month"),
    ("March", THU, False, "2023-03", "month"),
    ("June", THU, False, "2023-06", "month"),
    ("in November", THU, False, "2022-11", "month"),
    ("in March", NEWYEAR, True, "2024-03", "month"),
    ("May 2022", None, False, "2022-05", "month"),
    ("October 2019", None, False, "2019-10", "month"),
    ("2019", None, False, "2019", "year"),
    ("in 2019", None, False, "2019", "year"),
    ("the 1990s", None, False, "199X", "decade"),
    ("the '80s", THU, False, None, "unknown"),
    ("recently", THU, False, None, "unknown"),
    ("Wednesday", None, False, None, "unknown"),
    ("last week", None, False, None, "unknown"),
    ("May 3", None, False, None, "unknown"),
    ("February 30, 2023", None, False, None, "unknown"),
]


@pytest.mark.parametrize(("text", "ref", "future", "value", "precision"), TABLE)
def test_time_table(text: str, ref: dt.date | None, future: bool, value: str | None, precision: str) -> None:
    assert normalise(text, ref, future) == (value, precision)


def test_table_has_at_least_fifty_rows() -> None:
    assert len(TABLE) >= 50


@pytest.mark.parametrize(("text", "ref"), [
    ("tomorrow", dt.date.max), ("next Monday", dt.date.max), ("next week", dt.date.max),
    ("yesterday", dt.date.min), ("last week", dt.date.min), ("Friday", dt.date.min),
    ("9999999 days ago", THU), ("99999999999 days ago", THU), ("3000000 weeks later", THU),
])
def test_dates_beyond_the_calendar_have_no_value(text: str, ref: dt.date) -> None:
    assert normalise(text, ref) == (None, "unknown")


RELATIVE_WORDS = ["yesterday", "tomorrow", "today", "overnight", "last", "next", "this", "coming", "past", "week",
                  "month", "year", "decade", "weekend", "days", "weeks", "ago", "later", "from now", "Monday",
                  "Sunday", "March", "May", "Dec.", "the", "1990s", "2019", "31st", "of"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(RELATIVE_WORDS), st.integers(0, 10**12).map(str), st.text(max_size=6)),
                max_size=6).map(" ".join),
       st.one_of(st.none(), st.dates()), st.booleans())
def test_normalise_never_raises_and_values_are_timex(text: str, ref: dt.date | None, future: bool) -> None:
    value, precision = normalise(text, ref, future)
    assert precision in {"day", "week", "month", "year", "decade", "unknown"}
    assert (value is None) == (precision == "unknown")
