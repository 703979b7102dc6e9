"""The two 3-working-day clocks of step 6, read from a task's dates.

Clock 1: "协商会议确定的具体承办部门应在事项办结后3个工作日内将具体情况反馈给企业工会" — from the
completion date to the department's report. Clock 2: "工会应在收到反馈意见3个工作日内……
告知诉求提出者" — from the feedback (the report, or the parent body's answer)
to telling the requester.

Due dates are fixed by the service when a clock starts (`consult.workdays.add_working_days`);
lists compute "missed by N working days" with one `WorkingCalendar` per page (one query).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from consult.models import CalendarOverride
from consult.workdays import base_is_working, count_working, uncovered_years

DAYS = 3  # both clocks: 3 working days


class WorkingCalendar:
    """Working days over a range known in advance, with the overrides read once."""

    def __init__(self, dates: Iterable[datetime.date | None]):
        dates = [d for d in dates if d is not None]
        self.overrides: dict[datetime.date, bool] = {}
        if dates:
            start, end = min(dates), max(dates) + datetime.timedelta(days=1)
            self.overrides = dict(
                CalendarOverride.objects.filter(date__range=(start, end)).values_list(
                    "date", "is_working_day"
                )
            )

    def is_working(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return base_is_working(day)

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        return count_working(start, end, self.overrides)


@dataclass
class Clock:
    name: str  # "report" (clock 1) or "inform" (clock 2)
    due: datetime.date | None = None
    done_on: datetime.date | None = None
    missed_days: int = 0  # working days late (so far, when still running)

    @property
    def started(self) -> bool:
        return self.due is not None

    @property
    def met(self) -> bool | None:
        """True/False once stopped; None while running or not started."""
        if self.done_on is None or self.due is None:
            return None
        return self.done_on <= self.due

    @property
    def overdue(self) -> bool:
        return self.missed_days > 0 and self.done_on is None


def _clock(name, due, done_on, today, calendar) -> Clock:
    if due is None:
        return Clock(name)
    end = done_on or today
    missed = calendar.between(due, end) if end > due else 0
    return Clock(name, due=due, done_on=done_on, missed_days=missed)


def clocks_for(tasks, *, today: datetime.date) -> dict[int, tuple[Clock, Clock]]:
    """{task id: (clock 1, clock 2)} for many tasks with one calendar query."""
    tasks = list(tasks)
    dates = [today]
    for t in tasks:
        dates += [t.report_due, t.inform_due, t.reported_at and t.reported_at.date()]
        dates += [t.informed_on]
    calendar = WorkingCalendar(dates)
    return {
        t.pk: (
            _clock(
                "report", t.report_due, t.reported_at and _local(t.reported_at), today, calendar
            ),
            _clock("inform", t.inform_due, t.informed_on, today, calendar),
        )
        for t in tasks
    }


def _local(moment: datetime.datetime) -> datetime.date:
    from django.utils import timezone

    return timezone.localtime(moment).date()


def warning_years(tasks) -> list[int]:
    """Years among the tasks' deadlines that no holiday schedule covers (the page warns)."""
    dates = []
    for t in tasks:
        dates += [t.deadline, t.report_due, t.inform_due]
    return uncovered_years(dates)
