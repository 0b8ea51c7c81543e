"""Month and weekday names: the one table of them every stage reads.

``data/calendar.txt`` is a different thing: the written forms the casing lexicon capitalises.
"""

from __future__ import annotations

MONTH_NAMES = tuple("january february march april may june july august september october november december".split())
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
MONTHS = {**{m: i for i, m in enumerate(MONTH_NAMES, 1)}, **MONTH_ABBREVIATIONS}  # name -> 1..12
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")
# time zones a page's stamp names ("7:50 pm EDT")
TIME_ZONES = ("gmt", "utc", "bst", "cest", "cet", "edt", "est", "cdt", "cst", "pdt", "pst", "jst", "ist")
