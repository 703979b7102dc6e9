"""The test factories reach every step through the services, as a user would see it: the
item's page shows the step it was built at (and the meeting's page its status)."""

import pytest
from django.utils import translation

from grievances.models import Status
from meetings.models import MeetingStatus
from tests import factories


def _label(choice) -> str:
    with translation.override("zh-hans"):
        return str(choice.label)


@pytest.mark.parametrize("step", factories.GRIEVANCE_STEPS)
def test_an_item_built_at_a_step_shows_that_step_on_its_page(demo, login, step):
    g = factories.grievance(step, enterprise=demo)
    assert g.status == step
    page = login("union_chair").get(f"/e/demo/grievances/{g.pk}/")
    assert page.status_code == 200
    assert _label(Status(step)) in page.content.decode()


@pytest.mark.parametrize("step", factories.MEETING_STEPS)
def test_a_meeting_built_at_a_step_shows_that_status_on_its_page(demo, login, step):
    m = factories.meeting(step, enterprise=demo)
    assert m.status == step
    page = login("union_chair").get(f"/e/demo/meetings/{m.pk}/")
    assert page.status_code == 200
    assert _label(MeetingStatus(step)) in page.content.decode()
