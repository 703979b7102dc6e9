"""Items of a quarter built through the services of steps 3–6 (tests.factories), in
2026 Q3, for the ledger's tests."""

import datetime
import io
import re
import subprocess
import zipfile
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from consult.models import Department
from grievances.models import Disclosure
from supervision import services as supervision_services
from supervision.models import Task
from tests import factories

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
Q3 = "?year=2026&quarter=3"


def at(day: datetime.date, hour: int = 10):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture(autouse=True)
def _plain_http(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ARCHIVE_BUILDS = "inline"  # built within the request (no thread in tests)
    settings.ARCHIVE_ROOT = tmp_path / "archives"


def archive_zip(client, query: str, code: str = "demo") -> zipfile.ZipFile:
    """Ask for the period's archive on its page, then follow the link it shows when ready."""
    url = reverse("ledger_archive", args=[code]) + query
    assert client.post(url).status_code == 302
    page = client.get(url).content.decode()
    link = re.search(r'id="archive-link" href="([^"]+)"', page)
    assert link, page
    response = client.get(link.group(1))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def user(demo):
    return lambda username: get_user_model().objects.get(username=username)


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
