"""Issue 18 points 6 and 25: a survey invitation waits until its person answered, or until the
round takes no more answers; the survey's notifications read in each reader's language,
whatever language the union worked in."""

import datetime

from django.urls import reverse
from django.utils import translation
from lxml import html

from consult.models import Notification
from surveys import services

from .conftest import TODAY, at


def _invitation(user, username, survey_round):
    return Notification.objects.get(
        recipient=user(username), url=services.answer_url(survey_round), key=""
    )


def _waiting(note) -> bool:
    note.refresh_from_db()
    return note.read_at is None


def test_answering_the_survey_clears_ones_own_invitation_only(told, user):
    g, r = told()
    services.respondent_add(survey_round=r, by=user("union_staff"), user=user("employee_rep"))
    mine, theirs = _invitation(user, "employee", r), _invitation(user, "employee_rep", r)
    assert _waiting(mine) and _waiting(theirs)
    services.answer_submit(
        respondent=r.respondents.get(user=user("employee")), by=user("employee"), level="satisfied"
    )
    assert not _waiting(mine)
    assert _waiting(theirs)


def test_an_answer_the_union_records_clears_the_invitation_too(told, user):
    g, r = told()
    services.answer_record(
        respondent=r.respondents.get(),
        by=user("union_staff"),
        level="satisfied",
        method="phone",
        answered_at=None,
    )
    assert not _waiting(_invitation(user, "employee", r))


def test_a_round_that_closed_asks_nobody_any_more(told, user):
    g, r = told()
    services.respondent_add(survey_round=r, by=user("union_staff"), user=user("employee_rep"))
    with at(r.closes_on + datetime.timedelta(days=1)):
        services.rounds_close_overdue(today=r.closes_on + datetime.timedelta(days=1))
    assert not _waiting(_invitation(user, "employee", r))
    assert not _waiting(_invitation(user, "employee_rep", r))


def _shown(client) -> str:
    page = html.fromstring(client.get("/e/demo/notifications/").content.decode())
    return " ".join(" ".join(li.text_content().split()) for li in page.xpath("//main//li"))


def _english(client):
    client.post(reverse("set_language"), {"language": "en"})
    return client


def test_the_invitation_reads_in_the_readers_language_with_its_last_day(told, login):
    with translation.override("en"):  # the union staff work in English
        g, r = told()
    shown = _shown(login("employee"))
    assert (
        f"请评价{g.number}的办理结果" in shown and f"请于{r.closes_on.isoformat()}前作答" in shown
    )
    assert "Please answer" not in shown
    shown = _shown(_english(login("employee")))
    assert f"Please answer by {r.closes_on.isoformat()}" in shown


def test_the_result_and_the_remedy_read_in_the_readers_language(told, user, dept, login):
    g, r = told()
    with translation.override("en"):
        services.answer_submit(
            respondent=r.respondents.get(),
            by=user("employee"),
            level="unsatisfied",
            reason="价格没有变化",
        )
        services.round_sign(survey_round=r, by=user("supervisor"))
        services.round_review(survey_round=r, by=user("union_chair"), review="需整改")
        services.remedy_order(
            survey_round=r,
            by=user("union_staff"),
            department=dept("人力资源部"),
            measures="重新核定菜价并公示",
            deadline=TODAY + datetime.timedelta(days=7),
        )
    shown = _shown(login("dept_head"))
    assert f"{g.number}满意度测评结果：不满意" in shown
    assert "不满意整改事项交由贵部门办理" in shown
    assert "Unsatisfied" not in shown and "Remedy after" not in shown
    shown = _shown(_english(login("dept_head")))
    assert f"Satisfaction survey result of {g.number}: Unsatisfied" in shown
    assert "Remedy after dissatisfaction for your department" in shown


def test_a_round_past_its_last_day_takes_no_answers_before_remind_closes_it(told, login):
    """Issue 18 point 24: "open for answers" has one definition (`SurveyRound.takes_answers`):
    the home page, the answer page and the service agree the day after the round's last."""
    g, r = told()
    employee = login("employee")
    with at(r.closes_on):
        home = employee.get(reverse("enterprise_home", args=["demo"])).content.decode()
        assert f"请对{g.number}进行满意度评价" in home
    with at(r.closes_on + datetime.timedelta(days=1)):
        home = employee.get(reverse("enterprise_home", args=["demo"])).content.decode()
        assert f"请对{g.number}进行满意度评价" not in home
        page = employee.get(services.answer_url(r)).content.decode()
        assert "本轮测评已结束，不再接受答复。" in page and 'name="level"' not in page
