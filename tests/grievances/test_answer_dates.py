"""Issue 13 point 2: a department cannot promise measures by a date already past."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grievances.models import Status

pytestmark = pytest.mark.django_db


def _answer(login, item, due):
    return login("dept_head").post(
        reverse("grievance_answer", args=["demo", item.pk]),
        {"outcome": "measures", "measures": "下月起调整价格", "due": due},
    )


def test_an_answer_with_a_deadline_in_the_past_is_refused(make_item, login):
    item = make_item("routed_department")
    response = _answer(login, item, "2025-01-01")
    assert response.status_code == 400
    assert "不能早于今天" in response.content.decode() or "past" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.ROUTED_DEPARTMENT and item.answer_due is None


def test_an_answer_due_today_is_accepted(make_item, login):
    item = make_item("routed_department")
    response = _answer(login, item, timezone.localdate().isoformat())
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ANSWERED


def test_the_answer_form_offers_no_date_before_today(make_item, login):
    item = make_item("routed_department")
    body = login("dept_head").get(reverse("grievance_detail", args=["demo", item.pk])).content
    today = timezone.localdate().isoformat()
    assert f'min="{today}"'.encode() in body
