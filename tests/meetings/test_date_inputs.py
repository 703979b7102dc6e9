"""Issue 13 point 1: saved dates and times are put back into their inputs in the ISO form
browsers read, whatever the interface language; a localised value ("2026/12/01") shows as an
empty input and is lost on the next save."""

import datetime

import pytest
from django.urls import reverse

from consult.models import Department
from grievances.forms import AnswerForm, RegisterForm, RegisterRowForm
from grievances.models import Grievance

from .conftest import page

pytestmark = pytest.mark.django_db


def _in(language, client):
    client.post(reverse("set_language"), {"language": language})
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_meeting_form_shows_the_saved_date_time_and_reply_by_in_iso(meeting, login, language):
    client = _in(language, login("union_chair"))
    html = client.get(page("meeting_edit", meeting)).content.decode()
    assert 'value="2026-12-01"' in html
    assert 'value="09:00"' in html
    assert 'value="2026-11-27"' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_minutes_form_shows_a_saved_deadline_in_iso(invited_meeting, login, language):
    item = invited_meeting.items.get()
    finance = Department.objects.get(enterprise=invited_meeting.enterprise, name="财务部")
    item.decision = "12月底前补发差额"
    item.deadline = datetime.date(2026, 12, 31)
    item.save()
    item.departments.set([finance])
    client = _in(language, login("union_chair"))
    html = client.get(page("meeting_minutes", invited_meeting)).content.decode()
    assert 'value="2026-12-31"' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_grievance_forms_put_dates_back_in_iso(language):
    from django.utils import translation

    with translation.override(language):
        due = AnswerForm(initial={"due": datetime.date(2026, 12, 4)})
        assert 'value="2026-12-04"' in str(due["due"])
        row = RegisterRowForm(initial={"raised_on": datetime.date(2026, 11, 3)})
        assert 'value="2026-11-03"' in str(row["raised_on"])


def test_the_register_form_keeps_a_posted_time_in_iso(demo):
    from django.utils import translation

    with translation.override("zh-hans"):
        form = RegisterForm({"received_at": "2026-11-20T08:30", "channel": "talk"}, enterprise=demo)
        form.is_valid()
        assert 'value="2026-11-20T08:30"' in str(form["received_at"])
    assert Grievance.objects.count() == 0
