"""Rounds: who is asked, answering once, closing, signing, reviewing, and the remedy that sends
the item back to supervision and opens a second round."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from consult.models import Notification
from consult.outbox.sender import send_due
from consult.workflow import StepRefused
from grievances.models import Status
from supervision.models import Task, TaskSource, TaskStatus
from surveys import services
from surveys.models import RespondentKind, RoundStatus, SurveyRound
from surveys.selectors import outcomes_for

from .conftest import TODAY, at, report, tell


def test_telling_the_requester_opens_a_round_for_them(told, user):
    g, r = told()
    assert r.status == RoundStatus.OPEN
    assert [(p.kind, p.user) for p in r.respondents.all()] == [
        (RespondentKind.REQUESTER, user("employee"))
    ]
    assert r.department.name == "人力资源部"
    note = Notification.objects.filter(recipient=user("employee")).latest("id")
    assert note.url.endswith(f"/surveys/{r.pk}/answer/")


def test_representatives_who_attended_the_deciding_meeting_are_asked(decided_task, user, login):
    from meetings.models import Participant, ParticipantGroup

    task = decided_task()
    rep = Participant.objects.get(meeting=task.meeting, user=user("employee_rep"))
    assert rep.group == ParticipantGroup.REPRESENTATIVES
    Participant.objects.filter(pk=rep.pk).update(attended=True)
    from tests.supervision.conftest import visit

    visit(task, user("supervisor"))
    report(task, user)
    tell(task, task.grievances.get(), user)
    r = SurveyRound.objects.get(grievance__tasks=task)
    kinds = sorted((p.kind, p.user.username) for p in r.respondents.all())
    assert kinds == [("representative", "employee_rep"), ("requester", "employee")]


def test_each_respondent_answers_once(told, user):
    g, r = told()
    me = r.respondents.get()
    services.answer_submit(respondent=me, by=user("employee"), level="satisfied")
    with pytest.raises(StepRefused):
        services.answer_submit(respondent=me, by=user("employee"), level="unsatisfied", reason="x")
    me.refresh_from_db()
    assert me.answer.level == "satisfied"


def test_the_last_answer_closes_the_round_and_sign_and_review_close_the_item(told, user):
    g, r = told()
    services.answer_record(
        respondent=r.respondents.get(),
        by=user("union_staff"),
        level="very_satisfied",
        method="phone",
        answered_at=None,
    )
    r.refresh_from_db()
    assert r.status == RoundStatus.CLOSED
    services.round_sign(survey_round=r, by=user("supervisor"))
    mail.outbox.clear()
    services.round_review(survey_round=r, by=user("union_chair"), review="办理及时，职工满意。")
    r.refresh_from_db()
    g.refresh_from_db()
    assert (r.status, r.signed_by, r.reviewed_by) == (
        RoundStatus.REVIEWED,
        user("supervisor"),
        user("union_chair"),
    )
    assert g.status == Status.CLOSED
    outcome = outcomes_for(grievance_ids=[g.pk])[g.pk]
    assert (outcome.level, outcome.supervisor_name, outcome.review, outcome.rounds) == (
        "very_satisfied",
        "冯刚",
        "办理及时，职工满意。",
        1,
    )


def test_feedback_reaches_the_department_the_responsible_person_and_the_head(told, user):
    g, r = told()
    SurveyRound.objects.filter(pk=r.pk).update(responsible_person="李四")  # not in HR
    r.refresh_from_db()
    services.answer_submit(respondent=r.respondents.get(), by=user("employee"), level="satisfied")
    services.round_sign(survey_round=r, by=user("supervisor"))
    send_due()  # the mail of the steps before
    mail.outbox.clear()
    services.round_review(survey_round=r, by=user("union_chair"), review="已反馈")
    send_due()
    told_users = {
        n.recipient.username
        for n in Notification.objects.filter(subject__contains=g.number, body="已反馈")
    }
    assert told_users == {"dept_head", "employee_rep", "admin_head"}
    addressed = {a for m in mail.outbox for a in m.to}
    assert addressed == {
        "dept.head@demo.invalid",
        "employee.rep@demo.invalid",
        "admin.head@demo.invalid",
    }


def test_unsatisfied_needs_a_reason(told, user):
    g, r = told()
    with pytest.raises(ValidationError):
        services.answer_submit(
            respondent=r.respondents.get(), by=user("employee"), level="unsatisfied"
        )
    assert not r.respondents.filter(answer__isnull=False).exists()


def test_a_remedy_sends_the_item_back_to_supervision_and_a_second_round_follows(told, user, dept):
    g, r = told()
    services.answer_submit(
        respondent=r.respondents.get(),
        by=user("employee"),
        level="unsatisfied",
        reason="价格没有变化",
    )
    remedy = services.remedy_order(
        survey_round=r,
        by=user("union_staff"),
        department=dept("人力资源部"),
        measures="重新核定菜价并公示",
        deadline=datetime.date(2026, 9, 10),
        responsible_person="郑芳",
    )
    g.refresh_from_db()
    assert g.status == Status.REMEDY
    task = remedy.task
    assert (task.source, task.status, task.deadline) == (
        TaskSource.REMEDY,
        TaskStatus.OPEN,
        datetime.date(2026, 9, 10),
    )
    with at(datetime.date(2026, 9, 3)):
        from supervision import services as supervision_services

        supervision_services.task_report(
            task=task,
            by=user("dept_head"),
            department=task.lead_department,
            outcome="done",
            text="菜价已重新核定",
            completed_on=datetime.date(2026, 9, 3),
        )
        tell(task, g, user, text="菜价已重新核定并公示")
    rounds = list(SurveyRound.objects.filter(grievance=g).order_by("number"))
    assert [x.number for x in rounds] == [1, 2]
    assert rounds[1].status == RoundStatus.OPEN
    assert rounds[1].department.name == "人力资源部"
    assert outcomes_for(grievance_ids=[g.pk])[g.pk].rounds == 2
    assert Task.objects.filter(grievances=g).count() == 2


def test_a_round_past_its_working_days_closes_as_unanswered(told, user, settings):
    g, r = told()
    assert r.closes_on == datetime.date(2026, 9, 8)  # five working days after Tue 1 Sep
    with at(datetime.date(2026, 9, 9)):
        assert services.rounds_close_overdue(today=datetime.date(2026, 9, 9)) == 1
    r.refresh_from_db()
    assert r.status == RoundStatus.CLOSED
    outcome = outcomes_for(grievance_ids=[g.pk])[g.pk]
    assert (outcome.level, outcome.level_label) == (None, "未答复")


def test_the_number_of_working_days_is_a_setting(told, settings):
    settings.SURVEY_ROUND_WORKING_DAYS = 2
    g, r = told()
    assert r.closes_on == datetime.date(2026, 9, 3)


def test_answers_after_the_last_day_are_refused(told, user):
    g, r = told()
    with at(datetime.date(2026, 9, 9)), pytest.raises(StepRefused):
        services.answer_submit(
            respondent=r.respondents.get(), by=user("employee"), level="satisfied"
        )


def test_today_is_a_tuesday():
    assert TODAY.weekday() == 1
