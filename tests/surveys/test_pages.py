"""The survey pages through the client: answering online, staff recording, tenancy, bad input
(4xx, a clear message, nothing saved), anonymity on /track/, and pinned query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from consult.models import AuditEvent
from grievances.models import Disclosure, GrievanceEvent
from surveys.models import Answer, Remedy, RoundStatus, SurveyRound
from surveys.public_views import track_token
from tests.helpers import refused

from .conftest import at, url


def _snapshot():
    return (
        list(SurveyRound.objects.values_list("pk", "status", "signed_by", "review")),
        list(Answer.objects.values_list("pk", "level")),
        Remedy.objects.count(),
        AuditEvent.objects.count(),
        GrievanceEvent.objects.count(),
    )


def test_the_requester_answers_online_from_the_link(told, login):
    g, r = told()
    client = login("employee")
    page = client.get(url("survey_answer", r.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="radio"' in html and "checked" not in html  # nothing chosen in advance
    response = client.post(url("survey_answer", r.pk), {"level": "satisfied"})
    assert response.status_code == 302
    assert r.respondents.get().answer.method == "online"


def test_unsatisfied_without_reason_is_refused_with_a_message(told, login):
    g, r = told()
    before = _snapshot()
    response = login("employee").post(url("survey_answer", r.pk), {"level": "unsatisfied"})
    assert response.status_code == 400
    assert "Say why you are not satisfied" in response.content.decode() or "不满意的原因" in (
        response.content.decode()
    )
    assert _snapshot() == before


def test_answering_twice_is_refused(told, login):
    g, r = told()
    client = login("employee")
    client.post(url("survey_answer", r.pk), {"level": "satisfied"})
    before = _snapshot()
    response = client.post(url("survey_answer", r.pk), {"level": "unsatisfied", "reason": "x"})
    assert response.status_code == 409
    assert _snapshot() == before


def test_someone_elses_round_is_not_found(told, login):
    g, r = told()
    before = _snapshot()
    response = login("employee_rep").post(url("survey_answer", r.pk), {"level": "satisfied"})
    assert response.status_code == 404
    assert _snapshot() == before


def test_a_closed_round_takes_no_answer(told, login):
    g, r = told()
    employee = login("employee")
    with at(datetime.date(2026, 9, 9)):
        refused(lambda: employee.post(url("survey_answer", r.pk), {"level": "satisfied"}), 409, r)


def test_outsiders_get_404_on_every_page(told, login):
    g, r = told()
    client = login("b_union_chair")
    for name, args in [
        ("survey_round", [r.pk]),
        ("survey_answer", [r.pk]),
        ("survey_list", []),
        ("survey_figures", []),
        ("survey_chart", []),
    ]:
        assert client.get(url(name, *args)).status_code == 404, name
    answer_pdf = reverse("enterprise_document", args=["demo", "satisfaction_ledger", "pdf"])
    assert client.get(answer_pdf).status_code == 404
    assert client.post(url("survey_sign", r.pk)).status_code == 404


def test_staff_record_a_phone_answer_with_method_and_time(told, login):
    g, r = told()
    client = login("union_staff")
    page = client.get(url("survey_round", r.pk))
    assert page.status_code == 200
    response = client.post(
        url("survey_record", r.pk),
        {
            "respondent": r.respondents.get().pk,
            "method": "phone",
            "answered_at": "2026-09-01T09:30",
            "level": "satisfied",
        },
    )
    assert response.status_code == 302
    answer = Answer.objects.get(respondent__round=r)
    assert (answer.method, answer.recorded_by.username) == ("phone", "union_staff")


def test_a_remedy_without_department_or_deadline_is_refused(told, login, user):
    from surveys import services

    g, r = told()
    services.answer_submit(
        respondent=r.respondents.get(), by=user("employee"), level="unsatisfied", reason="没变化"
    )
    before = _snapshot()
    response = login("union_staff").post(url("survey_remedy", r.pk), {"measures": "重新核定"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the responsible department" in html or "请选择责任部门" in html
    assert _snapshot() == before


def test_the_supervisor_signs_and_the_chair_reviews(told, login, user):
    from surveys import services

    g, r = told()
    services.answer_submit(respondent=r.respondents.get(), by=user("employee"), level="satisfied")
    assert login("union_chair").post(url("survey_sign", r.pk)).status_code == 302
    assert login("supervisor").post(url("survey_sign", r.pk)).status_code == 409  # once
    assert login("supervisor").post(url("survey_review", r.pk), {"review": "x"}).status_code == 403
    assert login("union_chair").post(url("survey_review", r.pk), {"review": ""}).status_code == 400
    assert (
        login("union_chair").post(url("survey_review", r.pk), {"review": "好"}).status_code == 302
    )
    r.refresh_from_db()
    assert r.status == RoundStatus.REVIEWED


# -- anonymity --------------------------------------------------------------------------------


def test_an_anonymous_requester_answers_on_track_and_the_answer_names_nobody(told, client):
    g, r = told(anonymous=True)
    page = client.post(reverse("track"), {"code": g.receipt_code, "secret": g.receipt_secret})
    html = page.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("survey_track_answer"),
        {"token": token, "level": "unsatisfied", "reason": "夜班仍然很吵"},
    )
    assert response.status_code == 200
    answer = Answer.objects.get(respondent__round=r)
    assert answer.recorded_by is None and answer.respondent.user is None
    assert answer.respondent.anonymous
    events = AuditEvent.objects.filter(target_type="surveys.surveyround", target_id=r.pk)
    assert all(e.actor is None for e in events.filter(action="survey_answered"))
    again = client.post(reverse("survey_track_answer"), {"token": token, "level": "satisfied"})
    assert again.status_code == 409


def test_a_forged_track_token_is_refused(told, client):
    g, r = told(anonymous=True)
    before = _snapshot()
    response = client.post(
        reverse("survey_track_answer"), {"token": "forged:token", "level": "satisfied"}
    )
    assert response.status_code == 400
    assert _snapshot() == before


def test_a_token_for_a_named_respondent_is_refused(told, client):
    g, r = told(disclosure=Disclosure.NAMED)
    data = {"token": track_token(r.respondents.get()), "level": "satisfied"}
    refused(lambda: client.post(reverse("survey_track_answer"), data), 400, r)


def test_staff_cannot_record_an_answer_for_an_anonymous_requester(told, login):
    g, r = told(anonymous=True)
    response = login("union_staff").post(
        url("survey_record", r.pk),
        {
            "respondent": r.respondents.get().pk,
            "method": "phone",
            "answered_at": "2026-09-01T09:30",
            "level": "satisfied",
        },
    )
    assert response.status_code == 400
    assert not Answer.objects.exists()


# -- lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["survey_list", "survey_figures", "survey_chart"])
def test_lists_cost_the_same_queries_for_many_rounds(
    told, login, name, django_assert_max_num_queries
):
    client = login("union_chair")
    told(content="一")
    with django_assert_max_num_queries(30) as few:
        assert client.get(url(name)).status_code == 200
    for i in range(4):
        told(content=f"第{i}件")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(name)).status_code == 200


def test_the_dashboard_shows_the_figures_table_and_chart(told, login, user):
    from surveys import services

    g, r = told()
    services.answer_submit(respondent=r.respondents.get(), by=user("employee"), level="satisfied")
    html = login("union_chair").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert "人力资源部" in html and "figures.svg" in html
    svg = login("union_chair").get(url("survey_chart") + "?start=2026-07-01&end=2026-09-30")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<rect" in svg.content


def test_the_rounds_list_pages_through_every_round(told, login):
    g, r = told(content="分页")
    for number in range(2, 28):  # 27 rounds of the same item, newest last
        r.pk, r.number = None, number
        r.save()
    client = login("union_chair")
    first = client.get(url("survey_list")).content.decode()
    assert len(re.findall(r'href="/e/demo/surveys/\d+/"', first)) == 25
    assert "1 / 2" in first
    second = client.get(url("survey_list") + "?page=2").content.decode()
    assert "1 / 2" not in second and "2 / 2" in second
    assert len(re.findall(r'href="/e/demo/surveys/\d+/"', second)) == 2
