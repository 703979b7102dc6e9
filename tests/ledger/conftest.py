"""Items of a quarter built through the services of steps 3–6 (tests.factories), in
2026 Q3, for the ledger's tests."""

import datetime
import subprocess

import pytest

from consult.models import Department
from grievances.models import Disclosure
from supervision import services as supervision_services
from supervision.models import Task
from tests import factories
from tests.helpers import SHANGHAI, at  # noqa: F401 (imported by the tests)

Q3 = "?year=2026&quarter=3"


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def handled(demo, user):
    """handled(content=, disclosure=, day=) → an item answered by HR on `day` (2026 Q3), its
    task reported done three days later and the requester told the day after."""

    def make(
        *, content="食堂饭菜价格偏高", disclosure=Disclosure.NAMED, day=datetime.date(2026, 8, 3)
    ):
        hr = Department.objects.get(enterprise=demo, name="人力资源部")
        with at(day):
            g = factories.grievance(
                "answered", enterprise=demo, content=content, disclosure=disclosure
            )
        task = Task.objects.get(grievances=g)
        with at(day + datetime.timedelta(days=3)):
            supervision_services.task_report(
                task=task,
                by=user("dept_head"),
                department=hr,
                outcome="done",
                text="已调整价格。",
                completed_on=day + datetime.timedelta(days=3),
            )
        with at(day + datetime.timedelta(days=4)):
            supervision_services.requester_tell(
                task=task,
                grievance=g,
                by=user("union_staff"),
                method="online" if disclosure == Disclosure.ANONYMOUS else "phone",
                text="已告知",
            )
        g.refresh_from_db()
        return g

    return make
