"""Reads of step 7 that later steps (the ledger, the federation's view, dashboards) share.

`SurveyOutcome`, `SatisfactionFigures`, `outcomes_for` and `satisfaction_figures` are the
contract `ledger` builds on. Each read takes a fixed number of queries for any batch.

A round's level is its worst answer (one 不满意 asks for a remedy, and the ledger prints the
remedy on that row); a round nobody answered is 未答复. Figures count people asked and answers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.access import EnterpriseAccess, get_enterprise_for
from consult.models import display_name
from consult.roles import Action, Role
from consult.selectors import members_who_may
from grievances.actors import served_by
from grievances.models import Grievance
from grievances.selectors import identifies, requester_label
from surveys.models import (
    LEVEL_ORDER,
    LEVEL_PRINT,
    NO_ANSWER_PRINT,
    Answer,
    Respondent,
    RespondentKind,
    RoundStatus,
    SatisfactionLevel,
    SurveyRound,
)


@dataclass(frozen=True)
class SurveyOutcome:
    """The last survey round of one grievance, as the work ledger prints it."""

    level: str | None  # a SatisfactionLevel value; None when unanswered (未答复) or not yet asked
    level_label: str  # "满意", "未答复", … in the active language; "" when no round was opened
    supervisor_name: str  # the 督办人 who signed the result; "" while unsigned
    review: str  # 工会审阅反馈; "" while not reviewed
    rounds: int  # how many rounds were opened (a remedy opens a second one)
    supervisor_id: int | None = None  # who signed (their name is shown by grievances.actors)


@dataclass(frozen=True)
class SatisfactionFigures:
    """Asked, answered and the count at each level, for a period and scope."""

    asked: int = 0
    answered: int = 0
    levels: dict[str, int] = field(default_factory=dict)  # SatisfactionLevel value -> count

    @property
    def satisfied_rate(self) -> float | None:
        """Share of answers at 基本满意 or better; None when nobody answered."""
        if not self.answered:
            return None
        unsatisfied = self.levels.get("unsatisfied", 0)
        return (self.answered - unsatisfied) / self.answered

    def share(self, level: str) -> float | None:
        """Share of answers at `level`; None when nobody answered."""
        return self.levels.get(level, 0) / self.answered if self.answered else None


def worst_level(levels: Iterable[str]) -> str | None:
    found = set(levels)
    for level in LEVEL_ORDER:
        if level in found:
            return level
    return None


def round_level(survey_round: SurveyRound) -> str | None:
    """The round's level: its worst answer; None when nobody answered."""
    return worst_level(
        Answer.objects.filter(respondent__round=survey_round).values_list("level", flat=True)
    )


def level_label(level: str | None, status: str) -> str:
    if level:
        return str(SatisfactionLevel(level).label)
    if status == RoundStatus.OPEN:
        return _("Being surveyed")
    return _("No answer")


def _levels_by_round(round_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for round_id, level in Answer.objects.filter(respondent__round_id__in=round_ids).values_list(
        "respondent__round_id", "level"
    ):
        found[round_id].append(level)
    return found


def outcomes_for(*, grievance_ids: Iterable[int]) -> dict[int, SurveyOutcome]:
    """Last round per grievance, in a fixed number of queries for any batch of ids.

    Grievances without any round are absent from the result.
    """
    ids = list(grievance_ids)
    if not ids:
        return {}
    rounds = list(
        SurveyRound.objects.filter(grievance_id__in=ids)
        .select_related("signed_by")
        .order_by("grievance_id", "number")
    )
    last: dict[int, SurveyRound] = {}
    count: dict[int, int] = defaultdict(int)
    for r in rounds:
        last[r.grievance_id] = r
        count[r.grievance_id] += 1
    levels = _levels_by_round([r.pk for r in last.values()])
    outcomes = {}
    for grievance_id, r in last.items():
        level = worst_level(levels.get(r.pk, []))
        outcomes[grievance_id] = SurveyOutcome(
            level=level,
            level_label=level_label(level, r.status),
            supervisor_name=r.signed_by_name,
            review=r.review,
            rounds=count[grievance_id],
            supervisor_id=r.signed_by_id,
        )
    return outcomes


def _figures(rows) -> SatisfactionFigures:
    asked = answered = 0
    levels: dict[str, int] = {}
    for level, n in rows:
        asked += n
        if level:
            answered += n
            levels[level] = levels.get(level, 0) + n
    return SatisfactionFigures(asked=asked, answered=answered, levels=levels)


def satisfaction_figures(
    *,
    enterprise_ids: Iterable[int],
    start: date,
    end: date,
    department_id: int | None = None,
) -> dict[int, SatisfactionFigures]:
    """Figures per enterprise for rounds opened in [start, end], optionally for one department.

    `asked` counts the people asked (respondents), `answered` those who answered; enterprises
    without any round in the period are absent. One query.
    """
    qs = Respondent.objects.filter(
        round__enterprise_id__in=list(enterprise_ids), round__opened_on__range=(start, end)
    )
    if department_id is not None:
        qs = qs.filter(round__department_id=department_id)
    rows: dict[int, list] = defaultdict(list)
    for enterprise_id, level, n in (
        qs.values_list("round__enterprise_id", "answer__level").annotate(n=Count("id")).order_by()
    ):
        rows[enterprise_id].append((level, n))
    return {enterprise_id: _figures(r) for enterprise_id, r in rows.items()}


def level_counts_by_department(
    *, enterprise_id: int, start: date, end: date
) -> list[tuple[str | None, str | None, int]]:
    """(handling department name, level or None when unanswered, people) for rounds opened in
    [start, end]: the counts `figures_from_counts` labels (no person, no text). One query."""
    return list(
        Respondent.objects.filter(
            round__enterprise_id=enterprise_id, round__opened_on__range=(start, end)
        )
        .values_list("round__department__name", "answer__level")
        .annotate(n=Count("id"))
        .order_by()
    )


def figures_from_counts(
    counts: Iterable[tuple[str | None, str | None, int]],
) -> list[tuple[str, SatisfactionFigures]]:
    """(handling department name, figures) by name, and a last row for the whole enterprise."""
    rows: dict[str, list] = defaultdict(list)
    everything = []
    for name, level, n in counts:
        rows[name or "—"].append((level, n))
        everything.append((level, n))
    result = [(name, _figures(r)) for name, r in sorted(rows.items())]
    if result:
        result.append((_("All departments"), _figures(everything)))
    return result


def figures_by_department(
    *, enterprise_id: int, start: date, end: date
) -> list[tuple[str, SatisfactionFigures]]:
    """(handling department name, figures) for rounds opened in [start, end], by name, and a
    last row for the whole enterprise. One query."""
    return figures_from_counts(
        level_counts_by_department(enterprise_id=enterprise_id, start=start, end=end)
    )


# -- access -----------------------------------------------------------------------------------


def sees_all_rounds(access: EnterpriseAccess) -> bool:
    """The union, the supervisors and management see every round of the enterprise."""
    return (
        access.may(Action.RUN_SURVEYS)
        or access.may(Action.SUPERVISE)
        or access.may(Action.VIEW_ALL_GRIEVANCES)
    )


def visible_rounds(access: EnterpriseAccess) -> QuerySet[SurveyRound]:
    qs = SurveyRound.objects.filter(enterprise=access.enterprise)
    if access.aggregate_only:
        return qs.none()
    if sees_all_rounds(access):
        return qs
    department_id = access.membership.department_id if access.membership else None
    if access.may(Action.ANSWER_AS_DEPARTMENT) and department_id is not None:
        return qs.filter(department=department_id)
    return qs.none()


# Rounds someone still acts on: respondents answer, the supervisor signs, the chair reviews.
WAITING_ROUND_STATES = (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.SIGNED)


def rounds_listed(qs: QuerySet[SurveyRound], status: str) -> QuerySet[SurveyRound]:
    """The list opens on the rounds waiting for a step, the earliest closing first; "all"
    lists every round (the latest first), a status those in it."""
    if status == "all":
        return qs.order_by("-opened_on", "-id")
    if status in RoundStatus.values:
        return qs.filter(status=status).order_by("closes_on", "id")
    return qs.filter(status__in=WAITING_ROUND_STATES).order_by("closes_on", "id")


def get_round_for(
    user, code: str, pk: int, *, action: str | None = None
) -> tuple[EnterpriseAccess, SurveyRound]:
    """404 when the user may not see the round, 403 when they may see it but not do `action`."""
    access = get_enterprise_for(user, code)
    survey_round = (
        visible_rounds(access)
        .select_related("enterprise", "grievance", "department", "signed_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if survey_round is None:
        raise Http404
    if action is not None and not access.may(action):
        raise PermissionDenied
    return access, survey_round


def get_invitation_for(user, code: str, pk: int) -> tuple[EnterpriseAccess, Respondent]:
    """The user's own place in round `pk`; 404 for anyone not asked in it."""
    access = get_enterprise_for(user, code)
    respondent = (
        Respondent.objects.filter(round_id=pk, round__enterprise=access.enterprise, user=user)
        .select_related("round", "round__grievance", "round__enterprise")
        .first()
    )
    if respondent is None:
        raise Http404
    return access, respondent


def open_invitations(user, enterprise) -> QuerySet[Respondent]:
    """Rounds still waiting for this user's answer."""
    return Respondent.objects.filter(
        SurveyRound.taking_answers_q(timezone.localdate(), via="round__"),
        user=user,
        round__enterprise=enterprise,
        answer__isnull=True,
    ).select_related("round", "round__grievance")


def respondent_label(respondent: Respondent, access: EnterpriseAccess, viewer) -> str:
    """The respondent as this viewer may see them: a requester by the identity rule."""
    if respondent.anonymous:
        return _("Anonymous")
    if respondent.kind == RespondentKind.REQUESTER:
        return requester_label(respondent.round.grievance, access, viewer)
    return respondent.name or display_name(respondent.user)


def respondent_named(respondent: Respondent, access: EnterpriseAccess, viewer) -> bool:
    """Whether this viewer is shown who the respondent is (not 保密 or 匿名)."""
    if respondent.anonymous:
        return False
    if respondent.kind == RespondentKind.REQUESTER:
        return identifies(respondent.round.grievance, access, viewer)
    return True


# -- feedback ---------------------------------------------------------------------------------


def feedback_recipients(survey_round: SurveyRound) -> list:
    """Who hears the result (调查结果……向具体承办部门、人员和企业行政负责人反馈): the handling
    department's members, the responsible person (the member of that name, if any) and the
    administrative heads."""
    User = get_user_model()
    enterprise = survey_round.enterprise
    found = []
    if survey_round.department_id:
        found += list(
            members_who_may(
                enterprise, Action.ANSWER_AS_DEPARTMENT, department_ids=[survey_round.department_id]
            )
        )
    person = survey_round.responsible_person.strip()
    members = User.objects.filter(
        memberships__enterprise=enterprise, memberships__is_active=True, is_active=True
    )
    if person:
        found += list(
            members.annotate(full=Concat("last_name", "first_name"))
            .filter(Q(full=person) | Q(username=person))
            .distinct()
        )
    found += list(members.filter(memberships__roles__role=Role.ADMIN_HEAD).distinct())
    return list({u.pk: u for u in found}.values())


# -- the satisfaction ledger (职工诉求满意度整理台账) ----------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    number: str
    round: int
    content: str
    level: str  # the printed level: 非常满意 … 不满意, or 未答复
    department: str
    responsible_person: str
    unsatisfied: bool
    reasons: str = ""
    remedy_department: str = ""
    remedy: str = ""  # 解决措施及时限


def ledger_rows(*, enterprise_id: int, start: date, end: date) -> list[LedgerRow]:
    """One row per round opened in [start, end] that is closed (answers are final); the last
    three columns only for 不满意 (the form's note). Two queries."""
    rounds = list(
        SurveyRound.objects.filter(enterprise_id=enterprise_id, opened_on__range=(start, end))
        .exclude(status=RoundStatus.OPEN)
        .select_related("grievance", "department", "remedy", "remedy__department")
        .order_by("opened_on", "id")
    )
    reasons: dict[int, list[str]] = defaultdict(list)
    levels: dict[int, list[str]] = defaultdict(list)
    for round_id, level, reason in Answer.objects.filter(
        respondent__round_id__in=[r.pk for r in rounds]
    ).values_list("respondent__round_id", "level", "reason"):
        levels[round_id].append(level)
        if reason:
            reasons[round_id].append(reason)
    rows = []
    for r in rounds:
        found = worst_level(levels[r.pk])
        unsatisfied = found == SatisfactionLevel.UNSATISFIED
        remedy = getattr(r, "remedy", None) if unsatisfied else None
        rows.append(
            LedgerRow(
                number=r.grievance.number,
                round=r.number,
                content=r.grievance.content,
                level=LEVEL_PRINT[found] if found else NO_ANSWER_PRINT,
                department=r.department.name if r.department else "",
                responsible_person=r.responsible_person,
                unsatisfied=unsatisfied,
                reasons="；".join(reasons[r.pk]) if unsatisfied else "",
                remedy_department=remedy.department.name if remedy else "",
                remedy=(
                    f"{remedy.measures}（{remedy.deadline.year}年{remedy.deadline.month}月"
                    f"{remedy.deadline.day}日前）"
                )
                if remedy
                else "",
            )
        )
    return rows


def quarter_of(day: datetime.date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + 2
    end = (
        date(day.year + 1, 1, 1) if end_month == 12 else date(day.year, end_month + 1, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def grievances_surveyed(round_ids: list[int]) -> dict[int, list[Grievance]]:
    """The item each round surveys: whom its record's steps serve (grievances.actors)."""
    return served_by(Grievance.objects.filter(survey_rounds__in=round_ids), "survey_rounds")
