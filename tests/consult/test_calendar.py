import datetime

import pytest

from consult.models import CalendarOverride
from consult.workdays import add_working_days, is_working_day, uncovered_years

D = datetime.date


@pytest.mark.django_db
class TestWorkingDays:
    def test_three_working_days_after_national_day_eve_lands_on_make_up_saturday(self):
        assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
        assert D(2026, 10, 10).weekday() == 5

    def test_spring_festival_make_up_saturday_counts(self):
        assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)

    def test_national_day_holiday_is_not_a_working_day(self):
        assert not is_working_day(D(2026, 10, 5))  # a Monday inside the holiday
        assert is_working_day(D(2026, 9, 20))  # a make-up Sunday

    # 2099: a year no release of chinesecalendar will know for a long time.
    def test_uncovered_year_falls_back_to_weekdays_and_is_reported(self):
        assert uncovered_years([D(2099, 1, 5)]) == [2099]
        # Friday + 1 → Monday when nothing is known about the year.
        assert add_working_days(D(2099, 1, 9), 1) == D(2099, 1, 12)

    def test_override_table_covers_a_year_the_library_does_not_know(self):
        CalendarOverride.objects.create(date=D(2099, 1, 1), is_working_day=False, name="元旦")
        CalendarOverride.objects.create(date=D(2099, 1, 10), is_working_day=True, name="调休")
        assert uncovered_years([D(2099, 1, 5)]) == []
        assert not is_working_day(D(2099, 1, 1))
        assert add_working_days(D(2099, 1, 9), 1) == D(2099, 1, 10)

    def test_override_wins_over_the_library(self):
        CalendarOverride.objects.create(date=D(2026, 11, 25), is_working_day=False, name="x")
        assert add_working_days(D(2026, 11, 24), 1) == D(2026, 11, 26)
