"""Working days (工作日) on the State Council schedule, make-up workdays (调休) included.

`chinesecalendar` knows the schedule for the years it ships; `CalendarOverride` rows (edited
by installation admins) add any other year and win over the library. A year that neither
covers falls back to Monday–Friday, and `uncovered_years()` lets pages warn about it.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
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


@lru_cache(maxsize=64)
def _year_table(year: int) -> tuple[tuple[bool, ...], tuple[int, ...]]:
    """The year's working days without overrides, and their running count (the schedule the
    library ships never changes at run time, so one table per year serves every request)."""
    first = datetime.date(year, 1, 1)
    length = (datetime.date(year + 1, 1, 1) - first).days if year < 9999 else 365
    covered = library_covers(year)
    flags = []
    for i in range(length):
        day = first + datetime.timedelta(days=i)
        flags.append(chinese_calendar.is_workday(day) if covered else day.weekday() < 5)
    running = [0]
    for flag in flags:
        running.append(running[-1] + flag)
    return tuple(flags), tuple(running)


def base_is_working(day: datetime.date) -> bool:
    """Working day by the library's schedule (or Monday–Friday), before overrides."""
    return _year_table(day.year)[0][day.timetuple().tm_yday - 1]


def _base_through(day: datetime.date) -> int:
    """Working days from 1 January of `day`'s year up to and including `day`."""
    return _year_table(day.year)[1][day.timetuple().tm_yday]


def count_working(
    start: datetime.date, end: datetime.date, overrides: dict[datetime.date, bool]
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start); `overrides`
    must hold every override in that range. Years at a time, not day by day: clocks of old
    items span years and a list computes hundreds of them."""
    if end <= start:
        return 0
    count = _base_through(end) - _base_through(start)
    for year in range(start.year, end.year):
        count += _year_table(year)[1][-1]
    for day, working in overrides.items():
        if start < day <= end:
            count += int(working) - int(base_is_working(day))
    return count


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
    return base_is_working(day)


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
    return count_working(start, end, _overrides(start, end))


def uncovered_years(dates: Iterable[datetime.date]) -> list[int]:
    """Years among `dates` whose schedule is known neither to the library nor to overrides."""
    years = {d.year for d in dates if d is not None}
    candidates = {y for y in years if not library_covers(y)}
    return sorted(candidates - _override_years(candidates))


# ---------------------------------------------------------------------------------------------
# A year's State Council schedule, as its notice lists it (entered in one form, previewed)
# ---------------------------------------------------------------------------------------------

MAKE_UP = "调休上班"  # the name a make-up workday's override carries after its holiday's


@dataclass(frozen=True)
class Holiday:
    """One line of the State Council's notice: a holiday's days off and its make-up workdays."""

    name: str
    first: datetime.date
    last: datetime.date
    make_up: tuple[datetime.date, ...] = ()

    def days(self) -> list[datetime.date]:
        return [
            self.first + datetime.timedelta(days=i)
            for i in range((self.last - self.first).days + 1)
        ]

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "make_up": [d.isoformat() for d in self.make_up],
        }


def schedule_overrides(holidays: Iterable[Holiday]) -> dict[datetime.date, tuple[bool, str]]:
    """The override rows a schedule stands for: {day: (is working day, name)}."""
    rows: dict[datetime.date, tuple[bool, str]] = {}
    for holiday in holidays:
        rows.update({day: (False, holiday.name) for day in holiday.days()})
        rows.update({day: (True, f"{holiday.name}{MAKE_UP}") for day in holiday.make_up})
    return rows


@dataclass
class MonthPreview:
    month: int
    working: int  # working days in the month
    weeks: list[list[tuple[datetime.date, str]]]  # (day, kind) with kind in DAY_KINDS, "" outside
    notable: list[tuple[datetime.date, str, bool]]  # days that differ from Monday–Friday


def _day_kind(day: datetime.date, working: bool) -> str:
    if day.weekday() < 5:
        return "work" if working else "holiday"
    return "make_up" if working else "weekend"


def year_preview(year: int, holidays: Iterable[Holiday]) -> list[MonthPreview]:
    """The year's working days once `holidays` replace the year's overrides: per month the
    count, a grid of weeks (Monday first) and the days that are not what Monday–Friday says."""
    entered = schedule_overrides(holidays)
    months = []
    for month in range(1, 13):
        weeks, notable, working = [], [], 0
        for week in calendar.Calendar().monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append((day, ""))
                    continue
                is_working, name = entered.get(day, (base_is_working(day), ""))
                working += is_working
                kind = _day_kind(day, is_working)
                row.append((day, kind))
                if kind in ("holiday", "make_up"):
                    notable.append((day, name, is_working))
            weeks.append(row)
        months.append(MonthPreview(month, working, weeks, notable))
    return months
