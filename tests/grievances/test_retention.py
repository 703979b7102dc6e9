"""The retention period (issue 19, point 8): `manage.py erase_expired_identities`, run daily,
erases the identity of items closed longer ago than their enterprise's period (36 months unless
the union chair sets another); a dry run lists what would go and changes nothing."""

import calendar
import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from consult.privacy import retention_cutoff
from grievances import services
from grievances.events import GrievanceEventType
from grievances.models import Disclosure, Grievance, GrievanceEvent
from tests import factories
from tests.grievances.closing import closed_item

NAME = "郑秋菊"


def run(*args) -> str:
    out = io.StringIO()
    call_command("erase_expired_identities", *args, stdout=out)
    return out.getvalue()


def days_later(days: int):
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days), tick=False)


def erased(g) -> bool:
    g.refresh_from_db()
    return g.identity_erased_at is not None


@pytest.fixture
def closed(demo):
    return closed_item(demo, requester_name=NAME, phone="13912345678")


def test_an_item_closed_longer_than_three_years_loses_its_identity(demo, closed):
    assert demo.identity_retention_months == 36
    with days_later(35 * 30):  # 35 months: kept
        assert run() == "0 item(s) erased.\n"
    assert not erased(closed)
    with days_later(37 * 31):  # 37 months: gone
        out = run()
    assert f"demo {closed.number}: erased name, phone" in out and NAME not in out
    assert erased(closed) and closed.requester_name == ""
    event = closed.events.get(action=GrievanceEventType.IDENTITY_ERASED)
    assert event.actor is None and event.data["kind"] == "retention"
    assert "36" in event.note
    with days_later(37 * 31):  # the next day's run finds nothing more
        assert run() == "0 item(s) erased.\n"
    assert closed.events.filter(action=GrievanceEventType.IDENTITY_ERASED).count() == 1


def test_a_dry_run_lists_what_would_go_and_changes_nothing(demo, closed):
    events = GrievanceEvent.objects.count()
    with days_later(37 * 31):
        out = run("--dry-run")
    assert f"demo {closed.number}: would erase name, phone" in out
    assert "1 item(s) would be erased." in out and NAME not in out
    assert not erased(closed) and closed.requester_name == NAME
    assert GrievanceEvent.objects.count() == events


def test_each_enterprise_sets_its_own_period(demo, demo_b, closed):
    other = closed_item(demo_b, requester_name="钱多多")
    demo.identity_retention_months = 12
    demo.save(update_fields=["identity_retention_months"])
    with days_later(13 * 31):
        run()
    assert erased(closed) and not erased(other)


def test_items_still_being_handled_are_never_erased_by_age(demo):
    open_item = factories.grievance("routed_department", enterprise=demo)
    withdrawn = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.NAMED)
    services.grievance_withdraw(grievance=withdrawn, by=withdrawn.requester, note="已解决")
    with days_later(40 * 31):
        run()
    assert not erased(open_item) and open_item.requester is not None
    assert erased(withdrawn)  # withdrawn is finished too


def test_the_period_counts_from_closing_not_from_receipt(demo):
    with days_later(-1):  # received yesterday…
        g = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.NAMED)
    with days_later(400):  # …rejected more than a year later
        services.grievance_reject(
            grievance=g, by=factories.person(demo, "union_staff"), reason="不属实"
        )
    demo.identity_retention_months = 12
    demo.save(update_fields=["identity_retention_months"])
    with days_later(400 + 300):  # two years after receipt, ten months after closing
        run()
    assert not erased(g)
    with days_later(400 + 380):
        run()
    assert erased(g)


def _year(offset: int) -> int:
    return timezone.localdate().year + offset


def _leap_year() -> int:
    return next(y for y in range(_year(1), _year(9)) if calendar.isleap(y))


@pytest.mark.parametrize(
    ("now", "months", "cutoff"),
    [
        (lambda: (_year(2), 3, 31), 1, lambda: (_year(2), 2, calendar.monthrange(_year(2), 2)[1])),
        (lambda: (_year(3), 1, 15), 36, lambda: (_year(0), 1, 15)),
        (lambda: (_leap_year(), 2, 29), 12, lambda: (_leap_year() - 1, 2, 28)),
        (lambda: (_year(4), 12, 31), 13, lambda: (_year(3), 11, 30)),
    ],
)
def test_the_cutoff_is_counted_in_calendar_months(now, months, cutoff):
    moment = datetime.datetime(*now(), 9, tzinfo=datetime.UTC)
    expected = datetime.datetime(*cutoff(), 9, tzinfo=datetime.UTC)
    assert retention_cutoff(moment, months) == expected


def test_nothing_is_deleted(demo, closed):
    grievances = Grievance.objects.count()
    with days_later(37 * 31):
        run()
    assert Grievance.objects.count() == grievances
