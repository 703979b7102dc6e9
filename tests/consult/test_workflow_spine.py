"""The workflow spine: every aggregate's table covers its statuses, every event type is
labelled in both languages, a refused step changes nothing, a step records what it changed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from consult.events import audit_event_types
from consult.models import AuditEvent, LeadingGroup
from consult.roles import Action
from consult.workdays import working_days_between
from grievances.events import GrievanceEventType
from grievances.models import CollectionRegister, Status, Topic
from grievances.workflow import GRIEVANCE_FLOW, REGISTER_FLOW, TOPIC_FLOW
from meetings.models import MeetingStatus, Rsvp
from meetings.workflow import MEETING_FLOW, RSVP_FLOW

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")

TABLES = [
    (GRIEVANCE_FLOW, Status, GrievanceEventType),
    (TOPIC_FLOW, Topic.Status, None),
    (REGISTER_FLOW, CollectionRegister.Status, None),
    (MEETING_FLOW, MeetingStatus, None),
    (RSVP_FLOW, Rsvp, None),
]


@pytest.mark.parametrize("flow,states,_events", TABLES)
def test_every_status_appears_in_its_table(flow, states, _events):
    assert set(states.values) - flow.states() == set()


def test_every_step_names_a_known_action_and_a_typed_event():
    audit_values = {v for enum in audit_event_types() for v in enum.values}
    for flow, _states, events in TABLES:
        for step in flow.steps.values():
            assert step.action is None or step.action in Action.values, step.name
            assert step.action is not None or step.condition is not None, step.name
            known = events.values if events else audit_values
            assert step.event in known, step.name


EVENT_ENUMS = [GrievanceEventType, *audit_event_types()]


@pytest.mark.parametrize("enum", EVENT_ENUMS, ids=lambda e: e.__name__)
def test_every_event_type_reads_in_chinese_and_in_english(enum):
    for value, label in enum.choices:
        with translation.override("zh-hans"):
            assert CJK.search(str(label)), value
        with translation.override("en"):
            assert not CJK.search(str(label)) and str(label), value


def test_editing_the_leading_group_records_old_and_new_values(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    old_office = group.office_location
    response = login("union_chair").post(
        reverse("leading_group_edit", args=["demo"]),
        {
            "office_location": "办公楼二楼",
            "formed_on": "2026-03-01",
            "group_meeting_interval_months": "3",
            "dispatch_meeting_interval_months": "1",
            "duties": group.duties,
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="leading_group_edited").latest("id")
    assert event.changes["office_location"] == [old_office, "办公楼二楼"]


def test_working_days_between_counts_make_up_days_and_skips_holidays():
    # National Day 2026: Oct 1–7 off, Saturday Oct 10 a make-up workday.
    assert working_days_between(datetime.date(2026, 9, 30), datetime.date(2026, 10, 10)) == 3
    assert working_days_between(datetime.date(2026, 10, 10), datetime.date(2026, 9, 30)) == -3
    assert working_days_between(datetime.date(2026, 9, 30), datetime.date(2026, 9, 30)) == 0


def test_an_admin_edit_of_a_category_keeps_the_old_and_new_values(login, demo):
    import json

    from django.contrib.admin.models import LogEntry

    from consult.models import Category

    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    old = category.keywords
    client = login("union_chair")
    url = f"/admin/consult/category/{category.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["default_departments"] = [d.pk for d in category.default_departments.all()]
    data.update({"keywords": "工资 加班 补贴", "enterprise": demo.pk})
    data["parent"] = category.parent_id
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.filter(object_id=str(category.pk)).latest("action_time")
    changed = json.loads(entry.change_message)[0]["changed"]
    assert changed["values"]["keywords"] == [old, "工资 加班 补贴"]
