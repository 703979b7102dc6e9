"""The federation's on-time rates are added up by the database; they must say what the
per-task clocks of step 6 say, for met, late, running and overdue clocks alike."""

import datetime

from ledger.figures import clock_rates, clock_rates_by_enterprise
from supervision.models import Task

from .conftest import at


def _counts(rate):
    return (rate.met, rate.missed, rate.running)


def test_sql_rates_match_the_clocks_of_each_task(handled, demo):
    on_time = handled(content="食堂饭菜价格偏高")
    late = handled(content="宿舍热水不足", day=datetime.date(2026, 8, 10))
    running = handled(content="班车时间不合适", day=datetime.date(2026, 9, 7))
    # Make one report late, leave one requester untold with the due date passed, and one
    # clock still running before its due date.
    late_task = Task.objects.get(grievances=late)
    Task.objects.filter(pk=late_task.pk).update(
        reported_at=datetime.datetime.combine(
            late_task.report_due + datetime.timedelta(days=9), datetime.time(10), datetime.UTC
        )
    )
    Task.objects.filter(grievances=running).update(informed_on=None)
    tasks = Task.objects.filter(enterprise=demo)
    assert {on_time.pk, late.pk, running.pk} <= set(tasks.values_list("grievances", flat=True))
    for today in (datetime.date(2026, 9, 11), datetime.date(2026, 10, 20)):
        with at(today):
            expected = clock_rates(list(tasks), None)
            got = clock_rates_by_enterprise(tasks, today=today)[demo.pk]
        assert [_counts(r) for r in got] == [_counts(r) for r in expected]
    # The second date saw the untold requester's clock missed, the first still running.
    with at(datetime.date(2026, 10, 20)):
        report, inform = clock_rates_by_enterprise(tasks, today=datetime.date(2026, 10, 20))[
            demo.pk
        ]
    assert report.missed >= 1 and inform.missed >= 1
