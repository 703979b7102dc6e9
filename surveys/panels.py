"""What step 7 adds to the enterprise home (waiting rounds, the figures with their chart), its
menu, the grievance's page and /track/ (registered in SurveysConfig.ready)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.aggregates import cached_figures
from consult.dashboard import NavLink, Panel, PanelItem
from consult.roles import Action
from grievances.sections import has_part
from surveys.models import Answer, Remedy, RoundStatus, SatisfactionLevel, SurveyRound
from surveys.selectors import (
    figures_from_counts,
    level_counts_by_department,
    level_label,
    open_invitations,
    quarter_of,
    sees_all_rounds,
    visible_rounds,
    worst_level,
)
from surveys.workflow import ROUND_FLOW


def nav_links(access) -> list[NavLink]:
    if access.aggregate_only:
        return []
    code = access.enterprise.code
    if sees_all_rounds(access) or access.may(Action.ANSWER_AS_DEPARTMENT):
        return [NavLink(_("Satisfaction surveys"), reverse("survey_list", args=[code]))]
    return []


def _needs_remedy(qs):
    unsatisfied = Answer.objects.filter(
        respondent__round=OuterRef("pk"), level=SatisfactionLevel.UNSATISFIED
    )
    remedy = Remedy.objects.filter(round=OuterRef("pk"))
    return qs.filter(Exists(unsatisfied), ~Exists(remedy)).exclude(status=RoundStatus.OPEN)


def waiting_panel(request, access):
    if access.aggregate_only:
        return None
    code = access.enterprise.code
    items = []
    for p in open_invitations(request.user, access.enterprise)[:5]:
        items.append(
            PanelItem(
                label=_("Answer the satisfaction survey of %(number)s")
                % {"number": p.round.grievance.number},
                url=reverse("survey_answer", args=[code, p.round_id]),
                note=_("by %(day)s") % {"day": p.round.closes_on.isoformat()},
            )
        )
    rounds = visible_rounds(access).select_related("grievance")

    def add(qs, text, urgent=False):
        for r in qs.order_by("opened_on", "id")[:5]:
            items.append(
                PanelItem(
                    label=text % {"number": r.grievance.number},
                    url=reverse("survey_round", args=[code, r.pk]),
                    urgent=urgent,
                )
            )

    if access.may(Action.RUN_SURVEYS):
        add(_needs_remedy(rounds), _("Unsatisfied: record a remedy for %(number)s"), True)
    # The same questions as the queues: which rounds wait for this user's step (the flow's table).
    sign = rounds.filter(ROUND_FLOW.waiting_q(access, steps=["sign"]))
    add(sign, _("Sign the survey result of %(number)s"))
    review = rounds.filter(ROUND_FLOW.waiting_q(access, steps=["review"]))
    add(review, _("Review the survey result of %(number)s"))
    if not items:
        return None
    return Panel(
        title=_("Satisfaction surveys waiting for me"),
        items=items,
        more_url=reverse("survey_list", args=[code]) if sees_all_rounds(access) else "",
        order=35,
    )


def figures_panel(request, access):
    """This quarter's figures per handling department: a table and the app's own chart."""
    if access.aggregate_only or not (sees_all_rounds(access) or access.may(Action.VIEW_LEDGERS)):
        return None
    code = access.enterprise.code
    start, end = quarter_of(timezone.localdate())
    counted = cached_figures(
        "survey-departments",
        access.enterprise.pk,
        {"start": start, "end": end},
        lambda: level_counts_by_department(
            enterprise_id=access.enterprise.pk, start=start, end=end
        ),
    )
    rows = figures_from_counts(counted.value)
    query = f"start={start.isoformat()}&end={end.isoformat()}"
    return Panel(
        title=_("Satisfaction this quarter (%(start)s – %(end)s)")
        % {"start": start.isoformat(), "end": end.isoformat()},
        more_url=reverse("survey_figures", args=[code]),
        order=60,
        template="surveys/_figures.html",
        context={
            "rows": rows,
            "levels": SatisfactionLevel.choices,
            "chart_url": reverse("survey_chart", args=[code]) + "?" + query,
        },
        figures=counted,
    )


def _rounds_of(grievance):
    rounds = list(
        grievance.survey_rounds.select_related("signed_by", "remedy", "remedy__department")
        .prefetch_related("respondents__answer")
        .order_by("number")
    )
    rows = []
    for r in rounds:
        answers = [p.answer for p in r.respondents.all() if hasattr(p, "answer")]
        level = worst_level(a.level for a in answers)
        rows.append({"round": r, "label": level_label(level, r.status), "answers": len(answers)})
    return rows


def grievance_section(request, access, grievance):
    """The item's survey rounds, on the grievance's page."""
    if not has_part(grievance, "survey_rounds"):
        return None
    rows = _rounds_of(grievance)
    if not rows:
        return None
    visible = set(
        visible_rounds(access)
        .filter(pk__in=[row["round"].pk for row in rows])
        .values_list("pk", flat=True)
    )
    mine = {
        p.round_id
        for p in open_invitations(request.user, access.enterprise).filter(
            round__grievance=grievance
        )
    }
    return {
        "template": "surveys/_grievance_section.html",
        "context": {"rows": rows, "visible": visible, "mine": mine, "code": access.enterprise.code},
    }


def track_section(grievance):
    """On /track/: the anonymous requester's survey (a form while the round is open)."""
    from surveys.forms import AnswerForm
    from surveys.public_views import track_token

    rounds = list(
        SurveyRound.objects.filter(grievance=grievance, respondents__anonymous=True)
        .prefetch_related("respondents__answer")
        .order_by("number")
        .distinct()
    )
    if not rounds:
        return None
    rows = []
    for r in rounds:
        me = next(p for p in r.respondents.all() if p.anonymous)
        answer = getattr(me, "answer", None)
        open_now = answer is None and r.open_for_answers
        rows.append(
            {
                "round": r,
                "answer": answer,
                "token": track_token(me) if open_now else "",
                "form": AnswerForm() if open_now else None,
                "action": reverse("survey_track_answer"),
            }
        )
    return {"template": "surveys/_track_section.html", "context": {"rows": rows}}
