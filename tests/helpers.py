"""Helpers shared by the tests of every app: time travel to a day in Shanghai, and a refusal
as a user meets it (a status, and nothing changed)."""

import datetime
import zoneinfo
from collections.abc import Callable
from contextlib import contextmanager

import time_machine

from consult.models import AuditEvent, Notification
from grievances.models import GrievanceEvent
from surveys.models import Answer

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 10):
    """Travel to `day` at `hour` o'clock in Shanghai (time stands still)."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI), tick=False
    )


def _row(obj) -> dict:
    return type(obj)._default_manager.filter(pk=obj.pk).values().get()


def _written() -> dict:
    """What any step writes besides its object: events and notices."""
    return {
        "audit events": AuditEvent.objects.count(),
        "grievance events": GrievanceEvent.objects.count(),
        "notifications": Notification.objects.count(),
        "survey answers": Answer.objects.count(),
    }


@contextmanager
def nothing_changes(*objects):
    """The objects' rows, and the counts of events and notifications, are the same after."""
    before = ([_row(o) for o in objects], _written())
    yield
    assert ([_row(o) for o in objects], _written()) == before


def refused(call: Callable, status: int, *objects):
    """`call()` (a request) answers `status` and changes neither `objects` nor the records of
    any step; returns the response."""
    with nothing_changes(*objects):
        response = call()
    assert response.status_code == status, (response.status_code, status)
    return response


@contextmanager
def table_asked():
    """The steps the one step runner (consult.steps) asked the flows' tables about, as
    [(model name, (step, ...))], whatever the table answered."""
    from consult import steps

    asked: list = []
    real = steps.require_one_of

    def spy(flow, access, user, obj, names):
        asked.append((flow.model.__name__, tuple(names)))
        return real(flow, access, user, obj, names)

    steps.require_one_of = spy
    try:
        yield asked
    finally:
        steps.require_one_of = real
