"""Working days (工作日) on the State Council schedule, make-up workdays (调休) included.

`chinesecalendar` knows the schedule for the years it ships; `CalendarOverride` rows (edited
by installation admins) add any other year and win over the library. A year that neither
covers falls back to Monday–Friday, and `uncovered_years()` lets pages warn about it.
"""

import datetime
from collections.abc import Iterable
from functools import lru_cache

import chinese_calendar

from consult.models import CalendarOverride


@lru_cache(maxsize=64)
def library_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(
        CalendarOverride.objects.filter(date__range=(start, end)).values_list(
            "date", "is_working_day"
        )
    )


def _override_years(years: Iterable[int]) -> set[int]:
    years = set(years)
    if not years:
        return set()
    found = CalendarOverride.objects.filter(date__year__in=years).dates("date", "year")
    return {d.year for d in found}


def _is_working(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    if library_covers(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return _is_working(day, _overrides(day, day))


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The date n working days after `start` (start itself not counted); n=0 gives start."""
    if n < 0:
        raise ValueError("n must not be negative")
    # Long holidays are at most ~9 days; 3n+30 calendar days always suffice.
    overrides = _overrides(start, start + datetime.timedelta(days=3 * n + 30))
    day = start
    remaining = n
    while remaining:
        day += datetime.timedelta(days=1)
        if _is_working(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if _is_working(day, overrides):
            count += 1
    return count


def uncovered_years(dates: Iterable[datetime.date]) -> list[int]:
    """Years among `dates` whose schedule is known neither to the library nor to overrides."""
    years = {d.year for d in dates if d is not None}
    candidates = {y for y in years if not library_covers(y)}
    return sorted(candidates - _override_years(candidates))
