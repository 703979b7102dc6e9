"""The grievance's, topic's and register's steps: who may take each, from which status to which,
the event it writes and who hears of it. The one table of each aggregate (see consult.workflow).

The grievance's lifecycle as the requester and the ledger see it is declared here too,
including the steps supervision (step 6) and surveys (step 7) take.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consult.audit import notify
from consult.models import MessageKind
from consult.roles import Action
from consult.selectors import members_who_may
from consult.workflow import REQUESTER, AuditFlow, Flow, Notice, Step, actor
from grievances.events import PUBLIC_EVENTS, GrievanceEventType, RegisterEvent, TopicEvent
from grievances.models import (
    CollectionRegister,
    DepartmentAnswer,
    Grievance,
    GrievanceEvent,
    Route,
    Status,
    Topic,
)

E = GrievanceEventType
S = Status

# -- how the requester and the ledger read a status -------------------------------------------

# Still being worked on (overdue counts, staff queues).
OPEN_STATES = frozenset(
    {
        S.SUBMITTED,
        S.VERIFIED,
        S.CLASSIFIED,
        S.OPINION_SIGNED,
        S.RETURNED,
        S.ROUTED_DEPARTMENT,
        S.ROUTED_MEETING,
        S.CANNOT_SOLVE,
        S.IN_MEETING,
    }
)
# Answered or decided, in supervision, told, surveyed: the union's handling has an outcome.
RESOLVED_STATES = frozenset(
    {S.ANSWERED, S.DECIDED, S.REPORTED, S.ESCALATED, S.INFORMED, S.REMEDY, S.CLOSED}
)
# Ended without handling.
ENDED_STATES = frozenset({S.REJECTED, S.MERGED, S.WITHDRAWN})
# Closed or ended: nothing more is done, and the retention of the requester's identity
# (个人信息保护法) counts from the moment the item got here.
FINISHED_STATES = ENDED_STATES | {S.CLOSED}
# Past management's approval: what a handling department may see.
ROUTED_STATES = (
    frozenset({S.ROUTED_DEPARTMENT, S.CANNOT_SOLVE, S.ROUTED_MEETING, S.IN_MEETING})
    | RESOLVED_STATES
)
# Approved for the meeting path and not yet in a topic: what a new topic may take.
WAITING_FOR_TOPIC = frozenset({S.ROUTED_MEETING})
# Classified and alive: what the 议题梳理汇总分类表 lists.
SUMMARY_STATES = frozenset(S.values) - {S.SUBMITTED, S.VERIFIED} - ENDED_STATES


# -- conditions -------------------------------------------------------------------------------


def _department_id(access) -> int | None:
    return access.membership.department_id if access.membership else None


def routed_to_my_department(access, user, grievance) -> bool:
    department_id = _department_id(access)
    return department_id is not None and any(
        d.pk == department_id for d in grievance.departments.all()
    )


def my_department_scope(access) -> Q | None:
    department_id = _department_id(access)
    return None if department_id is None else Q(departments=department_id)


def current_answers(grievance):
    return DepartmentAnswer.objects.filter(grievance=grievance, superseded_at__isnull=True)


ALREADY_ANSWERED = _("Your department has already answered this item.")


def my_department_has_not_answered(access, user, grievance) -> bool:
    """Each department answers once: a second answer is refused (409), not forbidden."""
    return not current_answers(grievance).filter(department_id=_department_id(access)).exists()


def my_department_to_answer_scope(access) -> Q | None:
    department_id = _department_id(access)
    if department_id is None:
        return None
    answered = DepartmentAnswer.objects.filter(
        department_id=department_id, superseded_at__isnull=True
    ).values("grievance_id")
    return Q(departments=department_id) & ~Q(pk__in=answered)


def _after_department_answer(grievance) -> str:
    """Each handling department answers; when all have, the item is answered, or waits for
    the union's decision if one of them cannot solve it. Until then it stays where it is."""
    answers = {a.department_id: a for a in current_answers(grievance)}
    if any(d.pk not in answers for d in grievance.departments.all()):
        return grievance.status
    if any(a.cannot_solve for a in answers.values()):
        return S.CANNOT_SOLVE
    return S.ANSWERED


def is_requester(access, user, grievance) -> bool:
    return grievance.requester_id is not None and grievance.requester_id == user.pk


def _routed_to_department(grievance) -> bool:
    return grievance.status == S.ROUTED_DEPARTMENT


def _approved_target(grievance) -> str:
    return S.ROUTED_DEPARTMENT if grievance.route == Route.DEPARTMENT else S.ROUTED_MEETING


# -- the grievance ----------------------------------------------------------------------------


class GrievanceFlow(Flow):
    def write_event(self, *, obj, event, by, before, after, note, changes, data):
        row = GrievanceEvent(
            grievance=obj,
            actor=actor(by),
            action=event,
            from_status=before,
            to_status=after,
            note=note,
            public=event in PUBLIC_EVENTS,
            data=data,
            changes=changes,
        )
        if not before:  # the item's first event: no notification about it was sent before
            row.notifications_before = 0
        row.save(force_insert=True)
        return row

    def notify(self, *, obj, notice, by, note, data, recipients=None):
        """`recipients`: the members who may act, when the caller read them already (a new
        item reads them before it takes its number, so that the number's lock is held for
        less time)."""
        if recipients is None:
            recipients = self._recipients(obj, notice)
        if recipients:
            kind, facts = self._outside(obj, notice)
            notify(
                enterprise=obj.enterprise,
                recipients=recipients,
                subject=notice.subject,  # shown in each reader's language
                params=data or {},
                prefix=f"{obj.number} ",
                body=note if notice.body_from_note else "",
                url=reverse("grievance_detail", args=[obj.enterprise.code, obj.pk]),
                kind=kind,
                facts=facts,
            )

    @staticmethod
    def _outside(obj, notice) -> tuple[str, dict]:
        """What a message outside the app says: news without a number to the requester (a
        platform's administrators must not learn whose item it is), the number to staff."""
        if notice.to == REQUESTER:
            return MessageKind.NEWS, {}
        kind = MessageKind.NEW_ITEM if obj.status == S.SUBMITTED else MessageKind.STEP
        return kind, {"number": obj.number}

    @staticmethod
    def _recipients(obj, notice) -> list:
        if notice.to == REQUESTER:
            return [obj.requester] if obj.requester_id else []
        departments = obj.departments.values_list("pk", flat=True) if notice.departments else None
        return list(members_who_may(obj.enterprise, notice.to, department_ids=departments))


_BEFORE_ROUTING = frozenset({S.SUBMITTED, S.VERIFIED, S.CLASSIFIED, S.OPINION_SIGNED, S.RETURNED})
_HANDLED = frozenset({S.ANSWERED, S.DECIDED, S.REMEDY})
NONE: frozenset[str] = frozenset()

GRIEVANCE_FLOW = GrievanceFlow(
    Grievance,
    [
        # Step 3: verification (辨别真伪) and classification (梳理)
        Step(
            "verify",
            frozenset({S.SUBMITTED}),
            S.VERIFIED,
            E.VERIFIED,
            action=Action.VERIFY_GRIEVANCE,
            notices=(Notice(REQUESTER, _("Your item was accepted")),),
        ),
        Step(
            "reject",
            frozenset({S.SUBMITTED, S.VERIFIED}),
            S.REJECTED,
            E.REJECTED,
            action=Action.VERIFY_GRIEVANCE,
            waits=NONE,
            notices=(Notice(REQUESTER, _("Your item was not accepted"), body_from_note=True),),
        ),
        Step(
            "merge",
            frozenset({S.SUBMITTED, S.VERIFIED, S.CLASSIFIED}),
            S.MERGED,
            E.MERGED,
            action=Action.VERIFY_GRIEVANCE,
            waits=NONE,
            notices=(Notice(REQUESTER, _("Your item was merged into %(into_number)s")),),
        ),
        Step(
            "classify",
            frozenset({S.VERIFIED, S.CLASSIFIED, S.RETURNED}),
            S.CLASSIFIED,
            E.CLASSIFIED,
            action=Action.VERIFY_GRIEVANCE,
            waits=frozenset({S.VERIFIED, S.RETURNED}),
            notices=(Notice(Action.SIGN_OPINION, _("Opinion to sign")),),
        ),
        # Step 3: the union's opinion and management's approval (诉求办理意见)
        Step(
            "sign_opinion",
            frozenset({S.CLASSIFIED, S.RETURNED}),
            S.OPINION_SIGNED,
            E.OPINION_SIGNED,
            action=Action.SIGN_OPINION,
            notices=(Notice(Action.APPROVE_ROUTING, _("Routing to approve")),),
        ),
        Step(
            "approve_routing",
            frozenset({S.OPINION_SIGNED}),
            _approved_target,
            E.ROUTING_APPROVED,
            action=Action.APPROVE_ROUTING,
            notices=(
                Notice(
                    Action.ANSWER_AS_DEPARTMENT,
                    _("Item for your department"),
                    departments=True,
                    when=_routed_to_department,
                ),
                Notice(
                    Action.MANAGE_MEETINGS,
                    _("Item for a meeting"),
                    when=lambda g: not _routed_to_department(g),
                ),
            ),
        ),
        Step(
            "return_routing",
            frozenset({S.OPINION_SIGNED}),
            S.RETURNED,
            E.ROUTING_RETURNED,
            action=Action.APPROVE_ROUTING,
            waits=NONE,
            notices=(Notice(Action.SIGN_OPINION, _("Opinion returned")),),
        ),
        # Step 3 → 6: each department's measures (职能部门意见（解决措施）), or the reason it
        # cannot solve the item; the item moves on once every handling department answered.
        Step(
            "answer",
            frozenset({S.ROUTED_DEPARTMENT}),
            _after_department_answer,
            E.ANSWERED,
            action=Action.ANSWER_AS_DEPARTMENT,
            condition=routed_to_my_department,
            pending=my_department_has_not_answered,
            pending_refusal=ALREADY_ANSWERED,
            scope=my_department_to_answer_scope,
            # The union relays the result to the requester (step 6, clock 2), not the department.
            notices=(
                Notice(
                    Action.VERIFY_GRIEVANCE,
                    _("The department answered"),
                    when=lambda g: g.status == S.ANSWERED,
                ),
                Notice(
                    Action.SIGN_OPINION,
                    _("A department cannot solve it: decide whether it goes to a meeting"),
                    when=lambda g: g.status == S.CANNOT_SOLVE,
                ),
            ),
        ),
        Step(
            "cannot_solve",
            frozenset({S.ROUTED_DEPARTMENT}),
            _after_department_answer,
            E.DEPARTMENT_CANNOT_SOLVE,
            action=Action.ANSWER_AS_DEPARTMENT,
            condition=routed_to_my_department,
            pending=my_department_has_not_answered,
            pending_refusal=ALREADY_ANSWERED,
            scope=my_department_to_answer_scope,
            waits=NONE,
            notices=(
                Notice(
                    Action.SIGN_OPINION,
                    _("A department cannot solve it: decide whether it goes to a meeting"),
                    when=lambda g: g.status == S.CANNOT_SOLVE,
                ),
            ),
        ),
        # The union, after talking with management (与企业行政协商后), decides whether the item
        # goes to a consultation meeting: when a department cannot solve it, or when it finds
        # an answer inadequate; or it sends the item back to the departments.
        Step(
            "refer_to_meeting",
            frozenset({S.CANNOT_SOLVE, S.ANSWERED}),
            S.ROUTED_MEETING,
            E.REFERRED_TO_MEETING,
            action=Action.SIGN_OPINION,
            waits=frozenset({S.CANNOT_SOLVE}),
            notices=(Notice(Action.MANAGE_MEETINGS, _("Item for a meeting")),),
        ),
        Step(
            "return_to_departments",
            frozenset({S.CANNOT_SOLVE}),
            S.ROUTED_DEPARTMENT,
            E.RETURNED_TO_DEPARTMENTS,
            action=Action.SIGN_OPINION,
            notices=(
                Notice(
                    Action.ANSWER_AS_DEPARTMENT,
                    _("The union sent an item back to your department"),
                    departments=True,
                    body_from_note=True,
                ),
            ),
        ),
        Step(
            "withdraw",
            _BEFORE_ROUTING,
            S.WITHDRAWN,
            E.WITHDRAWN,
            condition=is_requester,
        ),
        # Steps 4–5: the meeting path
        Step(
            "schedule",
            frozenset({S.ROUTED_MEETING}),
            S.IN_MEETING,
            E.PUT_ON_AGENDA,
            action=Action.MANAGE_MEETINGS,
            waits=NONE,
        ),
        Step(
            "unschedule",
            frozenset({S.IN_MEETING}),
            S.ROUTED_MEETING,
            E.TAKEN_OFF_AGENDA,
            action=Action.MANAGE_MEETINGS,
            waits=NONE,
        ),
        Step(
            "decide",
            frozenset({S.IN_MEETING}),
            S.DECIDED,
            E.DECIDED,
            action=Action.MANAGE_MEETINGS,
            waits=NONE,
        ),
        # Step 6: supervision (工会督导办理). "report", "escalate", "escalation_answered" and
        # step 7's follow a task or a survey round (`apply(caused_by=...)`): the task's or the
        # round's step tells whom it concerns, so they have no notice of their own (one event,
        # one notice to each reader). "inform" is the union's own step on the item.
        Step(
            "report",
            _HANDLED,
            S.REPORTED,
            E.REPORTED,
            action=Action.ANSWER_AS_DEPARTMENT,
            condition=routed_to_my_department,
            scope=my_department_scope,
            waits=NONE,
        ),
        Step(
            "escalate",
            _HANDLED | {S.REPORTED},
            S.ESCALATED,
            E.ESCALATED,
            action=Action.SUPERVISE,
            waits=NONE,
        ),
        Step(
            "escalation_answered",
            frozenset({S.ESCALATED}),
            S.REPORTED,
            E.ESCALATION_ANSWERED,
            action=Action.SUPERVISE,
            waits=NONE,
        ),
        Step(
            "inform",
            frozenset({S.REPORTED}),
            S.INFORMED,
            E.INFORMED,
            action=Action.SUPERVISE,
            notices=(Notice(REQUESTER, _("The union told you the result"), body_from_note=True),),
        ),
        # Step 7: satisfaction (开展满意度测评)
        Step(
            "order_remedy",
            frozenset({S.INFORMED}),
            S.REMEDY,
            E.REMEDY_ORDERED,
            action=Action.RUN_SURVEYS,
            waits=NONE,
        ),
        Step(
            "close",
            frozenset({S.INFORMED}),
            S.CLOSED,
            E.CLOSED,
            action=Action.RUN_SURVEYS,
            waits=NONE,
        ),
    ],
    refusal=_("This step is not possible in the item's current status."),
)

# Told when an item arrives (not a step: it has no state before).
NEW_ITEM = Notice(Action.VERIFY_GRIEVANCE, _("New item to verify"))
NEW_ANONYMOUS_ITEM = Notice(Action.VERIFY_GRIEVANCE, _("New anonymous item to verify"))

# Which form on the item's page offers which steps.
FORMS: dict[str, tuple[str, ...]] = {
    "verify": ("verify",),  # its outcomes also reject or merge the item
    "classify": ("classify",),
    "opinion": ("sign_opinion",),
    "approval": ("approve_routing", "return_routing"),
    "answer": ("answer", "cannot_solve"),
    "union_decision": ("refer_to_meeting", "return_to_departments"),
    "withdraw": ("withdraw",),
}


def offered_forms(access, user, grievance) -> set[str]:
    """The forms of the steps this user may take on the item now."""
    allowed = GRIEVANCE_FLOW.allowed(access, user, grievance)
    return {form for form, steps in FORMS.items() if allowed.intersection(steps)}


# -- topics and registers ---------------------------------------------------------------------

T = Topic.Status
_MEET = Action.MANAGE_MEETINGS

TOPIC_FLOW = AuditFlow(
    Topic,
    [
        Step("queue", frozenset({T.OPEN}), T.QUEUED, TopicEvent.QUEUED, _MEET),
        Step("schedule", frozenset({T.QUEUED}), T.SCHEDULED, TopicEvent.SCHEDULED, _MEET),
        Step("unschedule", frozenset({T.SCHEDULED}), T.QUEUED, TopicEvent.UNSCHEDULED, _MEET),
        Step("decide", frozenset({T.SCHEDULED}), T.DECIDED, TopicEvent.DECIDED, _MEET),
        Step("close", frozenset({T.DECIDED}), T.CLOSED, TopicEvent.CLOSED, Action.SUPERVISE),
    ],
    url=lambda topic: reverse("topic_edit", args=[topic.enterprise.code, topic.pk]),
)
TOPIC_EDITABLE = frozenset({T.OPEN, T.QUEUED})
NEW_TOPIC_STATE = T.QUEUED  # a topic is made of items already approved for a meeting

R = CollectionRegister.Status

REGISTER_FLOW = AuditFlow(
    CollectionRegister,
    [
        Step(
            "hand_up",
            frozenset({R.DRAFT}),
            R.HANDED_UP,
            RegisterEvent.HANDED_UP,
            action=Action.KEEP_REGISTER,
            condition=lambda access, user, register: register.keeper_id == user.pk,
            notices=(
                Notice(
                    Action.REGISTER_GRIEVANCE,
                    _("A unit collection register was handed up: %(unit)s"),
                ),
            ),
        ),
        Step(
            "convert",
            frozenset({R.HANDED_UP}),
            R.CONVERTED,
            RegisterEvent.CONVERTED,
            action=Action.REGISTER_GRIEVANCE,
        ),
    ],
    url=lambda register: reverse("register_detail", args=[register.enterprise.code, register.pk]),
)
