"""The two 3-working-day clocks on the State Council calendar: across National Day 2026 (with
its make-up Saturday) and across a year no holiday schedule covers."""

import datetime

from supervision import services
from supervision.clocks import clocks_for
from supervision.models import TaskStatus

from .conftest import at, url, visit


def _report(task, user, *, completed_on, on):
    with at(on):
        services.task_report(
            task=task,
            by=user("dept_head"),
            department=task.lead_department,
            outcome="done",
            text="已办结",
            completed_on=completed_on,
        )
    task.refresh_from_db()


def test_completed_on_30_september_2026_is_due_to_be_reported_by_saturday_10_october(
    direct_task, user
):
    task = direct_task(due=datetime.date(2026, 9, 30))
    # Oct 1–7 are holidays; Thu 8, Fri 9 and Sat 10 (a make-up workday) are the 3 days.
    _report(task, user, completed_on=datetime.date(2026, 9, 30), on=datetime.date(2026, 10, 10))
    assert task.report_due == datetime.date(2026, 10, 10)
    clock1, clock2 = clocks_for([task], today=datetime.date(2026, 10, 10))[task.pk]
    assert clock1.met is True and clock1.missed_days == 0
    # Clock 2 starts on the day of the report: Sat 10 Oct + 3 working days = Wed 14 Oct.
    assert task.inform_due == datetime.date(2026, 10, 14)


def test_a_report_after_the_make_up_saturday_misses_clock_one_by_working_days(direct_task, user):
    task = direct_task(due=datetime.date(2026, 9, 30))
    _report(task, user, completed_on=datetime.date(2026, 9, 30), on=datetime.date(2026, 10, 13))
    clock1, _ = clocks_for([task], today=datetime.date(2026, 10, 13))[task.pk]
    # Sun 11 is a rest day: Mon 12 and Tue 13 are two working days late.
    assert clock1.met is False and clock1.missed_days == 2


def test_clock_two_is_overdue_when_the_requester_is_not_told_in_time(direct_task, user, login):
    task = direct_task(due=datetime.date(2026, 9, 30))
    _report(task, user, completed_on=datetime.date(2026, 9, 30), on=datetime.date(2026, 9, 30))
    # Reported Wed 30 Sep: due Sat 10 Oct; on Tue 13 Oct two working days have passed since.
    assert task.inform_due == datetime.date(2026, 10, 10)
    with at(datetime.date(2026, 10, 13)):
        _, clock2 = clocks_for([task], today=datetime.date(2026, 10, 13))[task.pk]
        assert clock2.overdue and clock2.missed_days == 2
        page = login("union_staff").get(url("supervision_queue") + "?overdue=on")
    assert task.title in page.content.decode()


def test_clock_two_is_met_when_the_requester_is_told_in_time(direct_task, user):
    task = direct_task(due=datetime.date(2026, 9, 30))
    _report(task, user, completed_on=datetime.date(2026, 9, 29), on=datetime.date(2026, 9, 30))
    with at(datetime.date(2026, 10, 9)):
        services.requester_tell(
            task=task,
            grievance=task.grievances.get(),
            by=user("union_staff"),
            method="phone",
            text="已调整价格",
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.INFORMED
    _, clock2 = clocks_for([task], today=datetime.date(2026, 10, 20))[task.pk]
    assert clock2.met is True


def test_clocks_in_a_year_without_a_holiday_schedule_count_monday_to_friday_and_warn(
    decided_task, user, login
):
    with at(datetime.date(2099, 3, 2)):  # a Monday
        task = decided_task(deadline=datetime.date(2099, 3, 20))
        visit(task, user("supervisor"))
    # Completed Thu 5 March 2099: Fri 6, Mon 9, Tue 10.
    _report(task, user, completed_on=datetime.date(2099, 3, 5), on=datetime.date(2099, 3, 6))
    assert task.report_due == datetime.date(2099, 3, 10)
    assert task.inform_due == datetime.date(2099, 3, 11)
    with at(datetime.date(2099, 3, 6)):
        page = login("union_staff").get(url("task_detail", task.pk)).content.decode()
    assert "2099" in page and "alert-warning" in page
