"""Step 7 (开展满意度测评): every write of the surveys app.

Each service is keyword-only, runs in one transaction, moves the round through
`surveys.workflow.ROUND_FLOW` and the grievance through `grievances.workflow.GRIEVANCE_FLOW`,
and checks its inputs before the first write, so a refusal leaves nothing half-saved.

What we chose where the handbook is silent: a round closes when everyone asked has answered,
when the union closes it, or after `SURVEY_ROUND_WORKING_DAYS` working days (`remind`); the
grievance closes when the chair has reviewed a round without a 不满意 answer (also when nobody
answered); one 不满意 answer, from anyone asked, asks the union for a remedy.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.audit import notifications_done, notify
from consult.messages import deferred
from consult.models import Department, MessageKind
from consult.roles import Action
from consult.selectors import members_who_may
from consult.workdays import add_working_days
from consult.workflow import StepRefused, apply
from grievances.models import Disclosure, Grievance
from grievances.workflow import GRIEVANCE_FLOW
from meetings.models import ParticipantGroup
from supervision.events import SupervisionEvent
from supervision.models import Task, TaskSource
from supervision.workflow import TASK_FLOW, task_url
from surveys.events import SurveyEvent
from surveys.models import (
    Answer,
    Remedy,
    Respondent,
    RespondentKind,
    RoundStatus,
    SatisfactionLevel,
    SurveyMethod,
    SurveyRound,
)
from surveys.selectors import feedback_recipients, round_level
from surveys.workflow import ROUND_FLOW, round_url

User = get_user_model()


def _today() -> datetime.date:
    return timezone.localdate()


def _text(value: str) -> str:
    return (value or "").strip()


def answer_url(survey_round: SurveyRound) -> str:
    return reverse("survey_answer", args=[survey_round.enterprise.code, survey_round.pk])


# -- opening a round --------------------------------------------------------------------------


def _representatives(grievance: Grievance) -> list:
    """Employee representatives who attended the meeting that decided the item."""
    if grievance.topic_id is None:
        return []
    return list(
        User.objects.filter(
            meeting_invitations__meeting__decisions__topic_id=grievance.topic_id,
            meeting_invitations__group=ParticipantGroup.REPRESENTATIVES,
            meeting_invitations__attended=True,
            meeting_invitations__removed_at__isnull=True,
        ).distinct()
    )


@transaction.atomic
def round_open(*, grievance: Grievance, by) -> SurveyRound:
    """Step 7: the requester was told the result; the union asks the requester, the employee
    representatives who attended the deciding meeting (and, later, related employees) whether
    they are satisfied. Named respondents get a link; an anonymous requester answers on /track/.
    """
    open_round = grievance.survey_rounds.filter(status=RoundStatus.OPEN).first()
    if open_round is not None:
        return open_round
    last = grievance.survey_rounds.order_by("-number").first()
    task = grievance.tasks.select_related("lead_department").order_by("-id").first()
    department = task.lead_department if task else grievance.departments.order_by("pk").first()
    today = _today()
    survey_round = SurveyRound.objects.create(
        enterprise=grievance.enterprise,
        grievance=grievance,
        number=(last.number + 1) if last else 1,
        task=task,
        department=department,
        responsible_person=(task.responsible_person if task else "")
        or grievance.responsible_person,
        opened_on=today,
        closes_on=add_working_days(today, settings.SURVEY_ROUND_WORKING_DAYS),
    )
    if grievance.disclosure == Disclosure.ANONYMOUS:
        Respondent.objects.create(round=survey_round, kind=RespondentKind.REQUESTER, anonymous=True)
    else:
        Respondent.objects.create(
            round=survey_round,
            kind=RespondentKind.REQUESTER,
            user=grievance.requester,
            name="" if grievance.requester_id else grievance.requester_name,
        )
    for rep in _representatives(grievance):
        if rep.pk != grievance.requester_id:
            Respondent.objects.create(
                round=survey_round, kind=RespondentKind.REPRESENTATIVE, user=rep
            )
    ROUND_FLOW.record(survey_round, SurveyEvent.ROUND_OPENED, by=by, note=grievance.number)
    _invite(survey_round, [r.user for r in survey_round.respondents.exclude(user=None)])
    return survey_round


def _invite(survey_round: SurveyRound, users) -> None:
    users = [u for u in users if u is not None]
    if users:
        notify(
            enterprise=survey_round.enterprise,
            recipients=users,
            subject=gettext_lazy(
                "Satisfaction survey: how was %(number)s handled? Please answer by %(day)s."
            ),
            # In each reader's language.
            params={
                "number": survey_round.grievance.number,
                "day": survey_round.closes_on.isoformat(),
            },
            url=answer_url(survey_round),
            # The requester is among those invited: no number leaves the app.
            kind=MessageKind.SURVEY,
            facts={"date": survey_round.closes_on},
        )


@transaction.atomic
def respondent_add(*, survey_round: SurveyRound, by, user) -> Respondent:
    """Step 7: the union adds a related employee (企业相关职工) to an open round."""
    if (
        user is None
        or not user.memberships.filter(enterprise=survey_round.enterprise, is_active=True).exists()
    ):
        raise ValidationError(_("Choose a member of this enterprise."))

    asked: list[Respondent] = []

    def check(locked):
        asked.extend(locked.respondents.filter(user=user))

    apply(ROUND_FLOW, survey_round, "add_respondent", by=by, check=check, data={"user": user.pk})
    if asked:
        # Already asked: a person the page names is not offered, so this is the requester,
        # shown as 保密 to the reader. Refusing would tell the reader who the requester is;
        # they are asked already, and the step is recorded like any other.
        return asked[0]
    respondent = Respondent.objects.create(
        round=survey_round, kind=RespondentKind.RELATED, user=user, added_by=by
    )
    _invite(survey_round, [user])
    return respondent


# -- answers ----------------------------------------------------------------------------------


def _clean_answer(level: str, reason: str, comment: str) -> tuple[str, str, str]:
    if level not in SatisfactionLevel.values:
        raise ValidationError(_("Choose one of the four levels."))
    reason = _text(reason)
    if level == SatisfactionLevel.UNSATISFIED and not reason:
        raise ValidationError(_("Say why you are not satisfied."))
    if level != SatisfactionLevel.UNSATISFIED:
        reason = ""
    return level, reason, _text(comment)


def _answer(respondent, *, step, by, level, reason, comment, method, answered_at, recorded_by):
    survey_round = respondent.round
    today = _today()

    def check(locked):
        if Answer.objects.filter(respondent=respondent).exists():
            raise StepRefused(_("This answer was already given; each person answers once."))
        if not locked.takes_answers(today):
            raise StepRefused(_("This survey round is closed; answers are no longer taken."))

    apply(
        ROUND_FLOW,
        survey_round,
        step,
        by=None if respondent.anonymous else by,
        check=check,
        data={"level": level, "method": method},
    )
    answer = Answer.objects.create(
        respondent=respondent,
        level=level,
        reason=reason,
        comment=comment,
        method=method,
        answered_at=answered_at,
        recorded_by=recorded_by,
    )
    if respondent.user_id is not None:  # their invitation (and reminder) asked for this answer
        notifications_done(
            enterprise=survey_round.enterprise,
            url=answer_url(survey_round),
            recipient=respondent.user,
        )
    if not survey_round.respondents.filter(answer__isnull=True).exists():
        _close(survey_round, by=by)
    return answer


@transaction.atomic
def answer_submit(
    *, respondent: Respondent, by, level: str, reason: str = "", comment: str = ""
) -> Answer:
    """Step 7 (网络反馈): a respondent answers online; an anonymous requester through /track/
    (`by` is then None and nothing about the visitor is kept)."""
    level, reason, comment = _clean_answer(level, reason, comment)
    if not respondent.anonymous and (by is None or respondent.user_id != by.pk):
        raise ValidationError(_("This survey is addressed to someone else."))
    return _answer(
        respondent,
        step="answer",
        by=by,
        level=level,
        reason=reason,
        comment=comment,
        method=SurveyMethod.ONLINE,
        answered_at=timezone.now(),
        recorded_by=None,
    )


@transaction.atomic
def answer_record(
    *,
    respondent: Respondent,
    by,
    level: str,
    method: str,
    answered_at: datetime.datetime | None,
    reason: str = "",
    comment: str = "",
) -> Answer:
    """Step 7 (电话回访, 现场答复, 问卷调查): union staff record an answer, its method and time."""
    level, reason, comment = _clean_answer(level, reason, comment)
    if method not in SurveyMethod.values:
        raise ValidationError(_("Choose how the answer was given."))
    if respondent.anonymous:
        raise ValidationError(
            _("An anonymous requester answers only on the tracking page, with their receipt.")
        )
    now = timezone.now()
    answered_at = answered_at or now
    if answered_at > now + datetime.timedelta(minutes=5):
        raise ValidationError(_("The time cannot be in the future."))
    if timezone.localdate(answered_at) < respondent.round.opened_on:
        raise ValidationError(_("The time cannot be before the round opened."))
    return _answer(
        respondent,
        step="record_answer",
        by=by,
        level=level,
        reason=reason,
        comment=comment,
        method=method,
        answered_at=answered_at,
        recorded_by=by,
    )


# -- closing, signing, reviewing --------------------------------------------------------------


@transaction.atomic
def round_close(*, survey_round: SurveyRound, by) -> SurveyRound:
    """Step 7: the union ends the round early; whoever has not answered is 未答复."""
    unanswered = survey_round.respondents.filter(answer__isnull=True).count()
    _close(survey_round, by=by, data={"unanswered": unanswered})
    return survey_round


def _close(survey_round: SurveyRound, *, by, data: dict | None = None) -> None:
    """The round takes no more answers: the invitations still waiting ask nothing any more."""
    apply(ROUND_FLOW, survey_round, "close", by=by, fields={"closed_at": timezone.now()}, data=data)
    notifications_done(enterprise=survey_round.enterprise, url=answer_url(survey_round))


def rounds_close_overdue(*, today: datetime.date) -> int:
    """Step 7: rounds past their last day close by themselves (run by `remind`)."""
    closed = 0
    for survey_round in SurveyRound.objects.past_last_day(today).select_related("enterprise"):
        with transaction.atomic():
            try:
                round_close(survey_round=survey_round, by=None)
            except StepRefused:  # closed meanwhile
                continue
        closed += 1
    return closed


@transaction.atomic
def round_sign(*, survey_round: SurveyRound, by) -> SurveyRound:
    """Step 7: the 督办人 signs the result (调查结果应由督办人签字备案)."""
    apply(
        ROUND_FLOW,
        survey_round,
        "sign",
        by=by,
        fields={"signed_by": by, "signed_at": timezone.now()},
    )
    return survey_round


@transaction.atomic
def round_review(*, survey_round: SurveyRound, by, review: str) -> SurveyRound:
    """Step 7: the union chair's 工会审阅反馈; the result then goes to the handling department,
    the responsible person and the administrative head (in-app and by e-mail). Without a
    不满意 answer the item is closed."""
    review = _text(review)
    if not review:
        raise ValidationError(_("Write the union's review and feedback."))
    reviewed = apply(
        ROUND_FLOW,
        survey_round,
        "review",
        by=by,
        note=review,
        fields={"review": review, "reviewed_by": by, "reviewed_at": timezone.now()},
    )
    level = round_level(survey_round)
    grievance = survey_round.grievance
    recipients = feedback_recipients(survey_round)
    if recipients:
        label = SatisfactionLevel(level).label if level else gettext_lazy("No answer")
        notify(
            enterprise=survey_round.enterprise,
            recipients=recipients,
            subject=gettext_lazy("Satisfaction survey result of %(number)s: %(level)s"),
            params={"number": grievance.number, "level": deferred(label)},
            body=review,
            url=round_url(survey_round),
            # For their information: a remedy, if any, reaches the department as its own task.
            kind=MessageKind.NOTICE,
            facts={"number": grievance.number},
        )
    if level != SatisfactionLevel.UNSATISFIED and grievance.status in _states("close"):
        apply(GRIEVANCE_FLOW, grievance, "close", by=by, note=review, caused_by=reviewed)
    return survey_round


def _states(step: str) -> frozenset[str]:
    return GRIEVANCE_FLOW.step(step).sources


# -- remedy after 不满意 ------------------------------------------------------------------------


@transaction.atomic
def remedy_order(
    *,
    survey_round: SurveyRound,
    by,
    department: Department | None,
    measures: str,
    deadline: datetime.date | None,
    responsible_person: str = "",
) -> Remedy:
    """Step 7 → 6: after 不满意 the union records the responsible department, the measures and
    the deadline; the item goes back to supervision as a new task with the same clocks, and a
    new round opens once the requester is told again."""
    measures = _text(measures)
    if department is None or department.enterprise_id != survey_round.enterprise_id:
        raise ValidationError(_("Choose the responsible department."))
    if not measures:
        raise ValidationError(_("Write the measures."))
    if deadline is None:
        raise ValidationError(_("Give the deadline."))
    today = _today()
    if deadline < today:
        raise ValidationError(_("The deadline cannot be in the past."))

    def check(locked):
        if Remedy.objects.filter(round=locked).exists():
            raise StepRefused(_("A remedy was already ordered for this round."))
        if not Answer.objects.filter(
            respondent__round=locked, level=SatisfactionLevel.UNSATISFIED
        ).exists():
            raise StepRefused(_("Nobody answered 不满意 in this round; no remedy is needed."))

    person = _text(responsible_person)
    ordered = apply(
        ROUND_FLOW,
        survey_round,
        "order_remedy",
        by=by,
        note=measures,
        check=check,
        data={"department": department.name, "deadline": deadline.isoformat()},
    )
    grievance = survey_round.grievance
    apply(GRIEVANCE_FLOW, grievance, "order_remedy", by=by, note=measures, caused_by=ordered)
    task = Task.objects.create(
        enterprise=grievance.enterprise,
        source=TaskSource.REMEDY,
        title=(grievance.title or grievance.content[:40])[:180] + "（整改）",
        content=measures,
        lead_department=department,
        responsible_person=person,
        started_on=today,
        deadline=deadline,
        visits_required=0,
    )
    task.grievances.set([grievance])
    TASK_FLOW.record(task, SupervisionEvent.TASK_CREATED, by=by, note=grievance.number)
    remedy = Remedy.objects.create(
        round=survey_round,
        department=department,
        responsible_person=person,
        measures=measures,
        deadline=deadline,
        task=task,
        recorded_by=by,
    )
    people = list(
        members_who_may(
            task.enterprise, Action.ANSWER_AS_DEPARTMENT, department_ids=[department.pk]
        )
    )
    if people:
        notify(
            enterprise=task.enterprise,
            recipients=people,
            subject=gettext_lazy("Remedy after dissatisfaction for your department: %(title)s"),
            params={"title": task.title},
            body=measures,
            url=task_url(task),
            kind=MessageKind.STEP,
        )
    return remedy
