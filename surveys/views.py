"""Step 7 pages for the union, the supervisors and management: the rounds, one round with its
answers and steps (record an answer, add a respondent, close, sign, review, remedy), and the
figures with their chart. Views parse, check access, call a service, redirect."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.audit import events_for
from consult.events import audit_label
from consult.models import display_name
from consult.pagination import PAGE_SIZE, IdFirstPaginator, query_without_page
from consult.roles import Action
from consult.selectors import members_of
from consult.steps import run_step
from grievances.actors import Actors
from grievances.models import Status
from surveys import services
from surveys.charts import figures_svg
from surveys.forms import PeriodForm, RecordAnswerForm, RemedyForm, RespondentForm, ReviewForm
from surveys.models import RoundStatus, SatisfactionLevel
from surveys.selectors import (
    figures_by_department,
    get_round_for,
    level_label,
    quarter_of,
    respondent_label,
    respondent_named,
    rounds_listed,
    sees_all_rounds,
    visible_rounds,
    worst_level,
)
from surveys.workflow import ROUND_FLOW, round_url

INVALID, CONFLICT = 400, 409


def _period(request):
    form = PeriodForm(request.GET or None)
    start, end = quarter_of(timezone.localdate())
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    return form, start, end


@login_required
def survey_list(request, code):
    access = get_enterprise_for(request.user, code)
    if not (sees_all_rounds(access) or access.may(Action.ANSWER_AS_DEPARTMENT)):
        raise PermissionDenied
    status = request.GET.get("status", "")
    rounds = rounds_listed(
        visible_rounds(access).select_related("grievance", "department", "remedy"), status
    )
    # A page at a time (id first, as the staff list): every round stays reachable.
    page = IdFirstPaginator(rounds.prefetch_related("respondents__answer"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for r in page:
        people = list(r.respondents.all())
        answers = [p.answer for p in people if hasattr(p, "answer")]
        level = worst_level(a.level for a in answers)
        rows.append(
            {
                "round": r,
                "asked": len(people),
                "answered": len(answers),
                "level": level,
                "label": level_label(level, r.status),
                "remedy": getattr(r, "remedy", None),
            }
        )
    return render(
        request,
        "surveys/list.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "rows": rows,
            "page": page,
            "query": query_without_page(request),
            "statuses": RoundStatus.choices,
            "status": status,
        },
    )


def _round_forms(request, access, survey_round, people) -> dict:
    allowed = ROUND_FLOW.allowed(access, request.user, survey_round)
    forms = {}
    if "record_answer" in allowed:
        choices = [
            (p["respondent"].pk, p["label"])
            for p in people
            if p["answer"] is None and not p["respondent"].anonymous
        ]
        if choices:
            forms["record"] = RecordAnswerForm(
                respondents=choices, initial={"answered_at": timezone.localtime()}
            )
    if "add_respondent" in allowed:
        # Those the reader sees asked (by name) are left out; a requester shown as 保密 is
        # not (CONVENTIONS rule 18: the one missing name would say who they are).
        asked = {p["respondent"].user_id for p in people if p["named"]}
        members = [
            (u.pk, display_name(u))
            for u in members_of(survey_round.enterprise)
            if u.pk not in asked
        ]
        forms["respondent"] = RespondentForm(members=members)
    if "close" in allowed:
        forms["close"] = True
    if "sign" in allowed:
        forms["sign"] = True
    if "review" in allowed:
        forms["review"] = ReviewForm()
    unsatisfied = any(
        p["answer"] is not None and p["answer"].level == SatisfactionLevel.UNSATISFIED
        for p in people
    )
    if "order_remedy" in allowed and unsatisfied and not hasattr(survey_round, "remedy"):
        forms["remedy"] = RemedyForm(
            enterprise=survey_round.enterprise,
            initial={
                "department": survey_round.department_id,
                "responsible_person": survey_round.responsible_person,
            },
        )
    return forms


def _round_page(request, access, survey_round, *, bound=None, status=200):
    respondents = list(
        survey_round.respondents.select_related("user", "answer", "answer__recorded_by")
    )
    people = [
        {
            "respondent": p,
            "label": respondent_label(p, access, request.user),
            "named": respondent_named(p, access, request.user),
            "answer": getattr(p, "answer", None),
        }
        for p in respondents
    ]
    level = worst_level(p["answer"].level for p in people if p["answer"] is not None)
    forms = _round_forms(request, access, survey_round, people)
    forms.update(bound or {})
    rounds = list(survey_round.grievance.survey_rounds.order_by("number"))
    actors = Actors([survey_round.grievance], access, request.user)
    timeline = [
        (e, audit_label(e.action), actors.name(e.actor, e.action))
        for e in events_for(survey_round).order_by("created_at", "id")
    ]
    return render(
        request,
        "surveys/round.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "r": survey_round,
            "g": survey_round.grievance,
            "people": people,
            "level": level,
            "label": level_label(level, survey_round.status),
            "remedy": getattr(survey_round, "remedy", None),
            "rounds": rounds,
            "forms": forms,
            "timeline": timeline,
            "staff": sees_all_rounds(access),
            "signed_by": actors.name(survey_round.signed_by),
        },
        status=status,
    )


@login_required
def survey_round(request, code, pk):
    access, r = get_round_for(request.user, code, pk)
    return _round_page(request, access, r)


def _run(request, access, survey_round, step, name, form, call):
    """The round's step through the one step runner (consult.steps): 403/409/400, nothing
    saved; on success what happened and who acts next."""
    return run_step(
        request,
        flow=ROUND_FLOW,
        access=access,
        obj=survey_round,
        step=step,
        form=form,
        call=call,
        page=lambda bound, status: _round_page(
            request,
            access,
            survey_round,
            bound={name: bound} if bound is not None else None,
            status=status,
        ),
        said=lambda _data, _result: _said(step, survey_round),
        to=round_url(survey_round),
    )


def _said(step: str, survey_round) -> str:
    """What a step did and who acts next, for the message above the round's page."""
    if step == "record_answer":
        return _(
            "The answer was recorded. Once everyone has answered or the round is closed, the "
            "supervisor signs the result."
        )
    if step == "add_respondent":
        return _("The employee was added to the round and asked to answer.")
    if step == "close":
        return _(
            "The round is closed; whoever has not answered counts as 未答复. Next: the "
            "supervisor signs the result."
        )
    if step == "sign":
        return _("The result is signed. Next: the union chair writes the union's review.")
    if step == "review":
        survey_round.grievance.refresh_from_db()
        if survey_round.grievance.status == Status.CLOSED:
            return _(
                "The review was sent to the handling department and management; the item is closed."
            )
        return _(
            "The review was sent to the handling department and management. Next: order the "
            "remedy for the dissatisfied answer."
        )
    return _(
        "The remedy was ordered: the department carries it out by its deadline, supervised "
        "again as a task."
    )


@require_POST
@login_required
def survey_record(request, code, pk):
    access, r = get_round_for(request.user, code, pk, action=Action.RUN_SURVEYS)
    respondents = {p.pk: p for p in r.respondents.all()}
    form = RecordAnswerForm(
        request.POST, respondents=[(p.pk, str(p.pk)) for p in respondents.values()]
    )
    return _run(
        request,
        access,
        r,
        "record_answer",
        "record",
        form,
        lambda d: services.answer_record(
            respondent=respondents[d["respondent"]],
            by=request.user,
            level=d["level"],
            method=d["method"],
            answered_at=d["answered_at"],
            reason=d["reason"],
            comment=d["comment"],
        ),
    )


@require_POST
@login_required
def survey_add_respondent(request, code, pk):
    access, r = get_round_for(request.user, code, pk, action=Action.RUN_SURVEYS)
    members = {u.pk: u for u in members_of(r.enterprise)}
    form = RespondentForm(request.POST, members=[(pk, str(pk)) for pk in members])
    return _run(
        request,
        access,
        r,
        "add_respondent",
        "respondent",
        form,
        lambda d: services.respondent_add(
            survey_round=r, by=request.user, user=members.get(d["user"])
        ),
    )


@require_POST
@login_required
def survey_close(request, code, pk):
    access, r = get_round_for(request.user, code, pk, action=Action.RUN_SURVEYS)
    return _run(
        request,
        access,
        r,
        "close",
        "close",
        None,
        lambda d: services.round_close(survey_round=r, by=request.user),
    )


@require_POST
@login_required
def survey_sign(request, code, pk):
    access, r = get_round_for(request.user, code, pk, action=Action.SUPERVISE)
    return _run(
        request,
        access,
        r,
        "sign",
        "sign",
        None,
        lambda d: services.round_sign(survey_round=r, by=request.user),
    )


@require_POST
@login_required
def survey_review(request, code, pk):
    access, r = get_round_for(request.user, code, pk, action=Action.SIGN_OPINION)
    return _run(
        request,
        access,
        r,
        "review",
        "review",
        ReviewForm(request.POST),
        lambda d: services.round_review(survey_round=r, by=request.user, review=d["review"]),
    )


@require_POST
@login_required
def survey_remedy(request, code, pk):
    access, r = get_round_for(request.user, code, pk, action=Action.RUN_SURVEYS)
    return _run(
        request,
        access,
        r,
        "order_remedy",
        "remedy",
        RemedyForm(request.POST, enterprise=r.enterprise),
        lambda d: services.remedy_order(
            survey_round=r,
            by=request.user,
            department=d["department"],
            measures=d["measures"],
            deadline=d["deadline"],
            responsible_person=d["responsible_person"],
        ),
    )


# -- figures ----------------------------------------------------------------------------------


def _figures_access(request, code):
    access = get_enterprise_for(request.user, code, action=Action.VIEW_ENTERPRISE)
    if not (sees_all_rounds(access) or access.may(Action.VIEW_LEDGERS)):
        raise PermissionDenied
    return access


@login_required
def survey_figures(request, code):
    access = _figures_access(request, code)
    form, start, end = _period(request)
    rows = figures_by_department(enterprise_id=access.enterprise.pk, start=start, end=end)
    return render(
        request,
        "surveys/figures.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "form": form,
            "start": start,
            "end": end,
            "rows": rows,
            "levels": SatisfactionLevel.choices,
            "query": f"start={start.isoformat()}&end={end.isoformat()}",
        },
    )


@login_required
def survey_chart(request, code):
    access = _figures_access(request, code)
    _form, start, end = _period(request)
    rows = figures_by_department(enterprise_id=access.enterprise.pk, start=start, end=end)
    response = HttpResponse(figures_svg(rows), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
