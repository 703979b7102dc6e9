"""The survey round's steps (step 7): who may take each, from which state to which, the event
it writes and who hears of it (see consult.workflow).

The grievance moves through `grievances.workflow.GRIEVANCE_FLOW` ("order_remedy", "close"),
taken by `surveys.services` alongside. The 督办人 (the handbook also writes 诉求督办人 and
诉求监督人) is whoever may supervise (Action.SUPERVISE); the union chair's 工会审阅反馈 is the
chair's signature (Action.SIGN_OPINION).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consult.roles import Action
from consult.workflow import AuditFlow, Notice, Step
from surveys.events import SurveyEvent as E
from surveys.models import RoundStatus, SurveyRound

S = RoundStatus
NONE: frozenset[str] = frozenset()


def round_url(survey_round: SurveyRound) -> str:
    return reverse("survey_round", args=[survey_round.enterprise.code, survey_round.pk])


def of_this_enterprise(access, user, survey_round) -> bool:
    return access.enterprise.pk == survey_round.enterprise_id


def is_respondent(access, user, survey_round) -> bool:
    return any(r.user_id == user.pk for r in survey_round.respondents.all())


# After the round closed, until a remedy is ordered (the condition checks for a 不满意 answer).
REMEDIABLE = frozenset({S.CLOSED, S.SIGNED, S.REVIEWED})

ROUND_FLOW = AuditFlow(
    SurveyRound,
    [
        Step(
            "answer",
            frozenset({S.OPEN}),
            None,
            E.ANSWERED,
            condition=is_respondent,
            refusal=_("This survey round is closed; answers are no longer taken."),
        ),
        Step(
            "record_answer",
            frozenset({S.OPEN}),
            None,
            E.ANSWER_RECORDED,
            action=Action.RUN_SURVEYS,
            condition=of_this_enterprise,
            refusal=_("This survey round is closed; answers are no longer taken."),
        ),
        Step(
            "add_respondent",
            frozenset({S.OPEN}),
            None,
            E.RESPONDENT_ADDED,
            action=Action.RUN_SURVEYS,
            condition=of_this_enterprise,
            waits=NONE,
            refusal=_("Respondents can only be added while the round is open."),
        ),
        Step(
            "close",
            frozenset({S.OPEN}),
            S.CLOSED,
            E.ROUND_CLOSED,
            action=Action.RUN_SURVEYS,
            condition=of_this_enterprise,
            waits=NONE,
            refusal=_("This survey round is already closed."),
            notices=(Notice(Action.SUPERVISE, _("Survey result to sign")),),
        ),
        Step(
            "sign",
            frozenset({S.CLOSED}),
            S.SIGNED,
            E.SIGNED,
            action=Action.SUPERVISE,
            condition=of_this_enterprise,
            refusal=_("The result can be signed once the round is closed, and only once."),
            notices=(Notice(Action.SIGN_OPINION, _("Survey result to review")),),
        ),
        Step(
            "review",
            frozenset({S.SIGNED}),
            S.REVIEWED,
            E.REVIEWED,
            action=Action.SIGN_OPINION,
            condition=of_this_enterprise,
            refusal=_("The union reviews the result after the supervisor signed it, once."),
        ),
        Step(
            "order_remedy",
            REMEDIABLE,
            None,
            E.REMEDY_ORDERED,
            action=Action.RUN_SURVEYS,
            condition=of_this_enterprise,
            waits=NONE,
            refusal=_("A remedy can be ordered once the round is closed."),
        ),
    ],
    url=round_url,
    enterprise=lambda r: r.enterprise,
    refusal=_("This step is not possible in the survey round's current state."),
)
