"""Calendar dates as the inspectorate and offices print them."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"

_PATTERNS = [
    re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.]" + _YEAR + r"\b"),
    re.compile(r"\b" + _YEAR + r"-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
]
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\s+" + _YEAR + r"\b", re.I)


def _build(day: str, month: str, year: str) -> date | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if not m:
        return None
    try:
        return date(int(year), m, int(day))
    except ValueError:
        return None


def find_dates(text: str) -> Iterator[tuple[date, int, int]]:
    """Every full calendar date in the text with its span, in order of position."""
    found: list[tuple[date, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            d = _build(m.group("day"), m.group("month"), m.group("year"))
            if d:
                found.append((d, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return iter(sorted(found, key=lambda t: t[1]))


def parse_date(text: str) -> date | None:
    """The first full calendar date in the text, or None."""
    for d, _, _ in find_dates(text):
        return d
    return None


def parse_month_end(text: str) -> date | None:
    """'March 2026' as a deadline: the last day of that month."""
    m = _MONTH_YEAR.search(text)
    if not m:
        return None
    month = MONTHS[m.group("month").lower().rstrip(".")]
    year = int(m.group("year"))
    return date(year, month, calendar.monthrange(year, month)[1])
