"""Calendar values of time expressions: points at year, month or day precision, ISO strings,
the last day of a period, and resolution of relative expressions against a publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

# the years a time expression may name; others are misreadings («в 3000 тонн»)
YEARS = range(1000, 2201)


@dataclass(frozen=True)
class Point:
    """A calendar point as precise as the text: year, year-month or year-month-day.

    `year` is None when the text gives none («7 февраля»); it is then supplied from a
    neighbouring date («с 21 июня по 5 июля 2020 года») or from meta.published, or the
    expression is dropped.
    """

    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def last_day(self) -> str:
        """The last day the point covers: 2027 → 2027-12-31, 2027-02 → 2027-02-28."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return f"{self.year:04d}-{month:02d}-{day:02d}"

    def with_year(self, year: int | None) -> Point:
        return replace(self, year=year)

    def valid(self) -> bool:
        if self.year is None or self.year not in YEARS:
            return False
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is not None:
            if self.month is None:
                return False
            return 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]
        return True


def last_day(value) -> str | None:
    """The last day a times value allows, as an ISO date: «2027» → 2027-12-31, «2027-02» →
    2027-02-28, a period by its end; None for anything else."""
    if isinstance(value, dict):
        value = value.get("to") or value.get("from")
    if not isinstance(value, str):
        return None
    try:
        point = Point(*(int(x) for x in value.split("-")))
    except (TypeError, ValueError):
        return None
    return point.last_day() if point.valid() else None


@dataclass(frozen=True)
class Span:
    """A stretch of time named by one core expression: a point (first == last) or a period
    («втором квартале 2014 года» → 2014-04 .. 2014-06, «2025–2026 годах»)."""

    first: Point
    last: Point

    @property
    def is_point(self) -> bool:
        return self.first == self.last

    def with_year(self, year: int | None) -> Span:
        return Span(self.first.with_year(year), self.last.with_year(year))

    @property
    def year(self) -> int | None:
        return self.last.year


def point(x: Span | Point) -> Point:
    return x.first if isinstance(x, Span) else x


def parse_published(value: str | None) -> dt.date | None:
    """The publication date that relative expressions count from, or None. A date outside
    YEARS (with a year's margin) could name no valid time, and near year 1 or 9999 the
    arithmetic («вчера», «в прошлом году») would overflow the calendar: it resolves nothing."""
    if not value:
        return None
    try:
        d = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return d if YEARS[0] < d.year < YEARS[-1] else None


def nearest_year(month: int, day: int | None, published: dt.date, tense: str | None = None) -> int:
    """The year that puts month(-day) closest to the publication date («30 декабря» in a
    text of 3 January is last year's); a past-tense sentence looks back, a future one ahead."""
    options = []
    for y in (published.year - 1, published.year, published.year + 1):
        days = calendar.monthrange(y, month)[1]
        if day is not None and day > days:
            continue  # «29 февраля» is in leap years only, «31 июня» in none
        d = dt.date(y, month, day or 1)
        last = dt.date(y, month, day or days)
        if tense == "past" and d > published:
            continue
        if tense == "futr" and last < published:
            continue
        options.append((abs((d - published).days), y))
    if not options:
        return published.year
    return min(options)[1]


def day_point(d: dt.date) -> Point:
    return Point(d.year, d.month, d.day)


def weekday_date(weekday: int, published: dt.date, future: bool) -> dt.date:
    """The weekday nearest to publication: the coming one in a sentence about the future,
    else the last one (the day of publication itself counts for the past only)."""
    delta = weekday - published.weekday()
    if future:
        delta = delta % 7 or 7
    else:
        delta = -((-delta) % 7)
    return published + dt.timedelta(days=delta)


def week_span(published: dt.date, offset: int) -> Span:
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
    return Span(day_point(monday), day_point(monday + dt.timedelta(days=6)))


def month_shift(published: dt.date, offset: int) -> Point:
    m = published.year * 12 + published.month - 1 + offset
    return Point(m // 12, m % 12 + 1)
