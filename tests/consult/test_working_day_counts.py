"""Counting working days a year at a time gives the same answer as walking the calendar."""

import datetime

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.workdays import count_working, library_covers

DAYS = st.dates(min_value=datetime.date(2023, 6, 1), max_value=datetime.date(2028, 6, 30))


def _walk(start, end, overrides):
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day in overrides:
            count += overrides[day]
        elif library_covers(day.year):
            count += chinese_calendar.is_workday(day)
        else:
            count += day.weekday() < 5
    return count


@settings(max_examples=200, deadline=None)
@given(start=DAYS, end=DAYS, overrides=st.dictionaries(DAYS, st.booleans(), max_size=6))
def test_count_matches_a_walk_across_years_holidays_and_overrides(start, end, overrides):
    assert count_working(start, end, overrides) == _walk(start, end, overrides)


def test_national_day_week_and_its_make_up_saturday():
    # 2026: 1–7 October off; Saturday 10 October is a make-up workday (调休): 8th, 9th, 10th.
    assert count_working(datetime.date(2026, 9, 30), datetime.date(2026, 10, 10), {}) == 3
    # An override for a year past the library (2027-01-04 declared a holiday) is subtracted.
    jan = {datetime.date(2027, 1, 4): False}
    assert count_working(datetime.date(2027, 1, 3), datetime.date(2027, 1, 5), jan) == 1
