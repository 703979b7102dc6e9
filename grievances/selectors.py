"""Reads shared by views, exports and documents (step 3): who sees which grievance, how the
requester is shown to them, and the classification suggestions."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.access import EnterpriseAccess, get_enterprise_for
from consult.models import IdentityView, display_name
from consult.roles import Action
from consult.selectors import departments_without_head
from grievances import receipts, sections
from grievances.list_cache import numbered_years
from grievances.models import (
    Attachment,
    CollectionRegister,
    DepartmentAnswer,
    Disclosure,
    Grievance,
    GrievanceEvent,
    Route,
    Status,
    parse_number,
)
from grievances.workflow import (
    ENDED_STATES,
    FINISHED_STATES,
    OPEN_STATES,
    REGISTER_FLOW,
    ROUTED_STATES,
    my_department_scope,
    routed_to_my_department,
)

OPEN_STATUSES = OPEN_STATES  # still being worked on (for "overdue" and the queues)
ROUTED_STATUSES = ROUTED_STATES  # what a handling department may see
# An item still open this long after it was received is shown as overdue.
OVERDUE_DAYS = 30
# Handled by a department by the date it gave (职能部门意见: 完成时限).
_DUE_BY_ANSWER = frozenset({Status.ANSWERED, Status.DECIDED, Status.REMEDY})


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    overdue: bool


def deadline_of(grievance: Grievance) -> Deadline | None:
    """The date the item should move by: the department's completion date once it answered,
    else OVERDUE_DAYS after receipt while it is open (the list's "overdue" filter)."""
    if grievance.status in _DUE_BY_ANSWER and grievance.answer_due:
        due = grievance.answer_due
    elif grievance.status in OPEN_STATES:
        due = timezone.localtime(grievance.received_at).date() + datetime.timedelta(
            days=OVERDUE_DAYS
        )
    else:
        return None
    return Deadline(due, due < timezone.localdate())


def visible_grievances(access: EnterpriseAccess, user) -> QuerySet[Grievance]:
    """Every grievance of the enterprise this user may open."""
    qs = Grievance.objects.filter(enterprise=access.enterprise)
    if access.may(Action.VIEW_ALL_GRIEVANCES):
        return qs
    condition = Q(requester=user) | Q(
        pk__in=Grievance.objects.filter(merged_items__requester=user).values("pk")
    )
    department = access.membership.department if access.membership else None
    if access.may(Action.ANSWER_AS_DEPARTMENT) and department is not None:
        condition |= Q(
            pk__in=Grievance.objects.filter(
                departments=department, status__in=ROUTED_STATUSES
            ).values("pk")
        )
    return qs.filter(condition)


# The joins every item page reads (get_grievance_for). The item it was merged into and its
# meeting topic are read only when there is one (a null key costs no query), and the accounts
# that signed are read by `read_signers`: joined, each made every item's query longer to build
# and PostgreSQL's planning grew with each table (1.9 ms with the signers, 0.5 ms without;
# issue 22 point 5).
_ITEM_PAGE_JOINS = ("category__parent", "requester", "requester_unit__parent")
_SIGNERS = ("opinion_by", "approved_by", "answered_by")


def get_grievance_for(
    user, code: str, pk: int, *, action: str | None = None, parts: bool = False
) -> tuple[EnterpriseAccess, Grievance]:
    """404 when the user may not see the item, 403 when they may see it but not do `action`.
    With `parts`, the item says which of its parts it has (grievances.sections.has_part)."""
    access = get_enterprise_for(user, code)
    # The enterprise is the access's own (not joined). A plain get (no ORDER BY, fewer joins)
    # keeps the item page's heaviest query cheap to build and to plan.
    items = visible_grievances(access, user).select_related(*_ITEM_PAGE_JOINS)
    try:
        grievance = (sections.with_parts(items) if parts else items).get(pk=pk)
    except Grievance.DoesNotExist:
        raise Http404 from None
    grievance.enterprise = access.enterprise
    if action is not None and not access.may(action):
        raise PermissionDenied
    return access, grievance


def read_signers(grievance: Grievance, known: Iterable = ()) -> None:
    """Reads who signed the item's opinion, approved it and answered it, in one query and only
    when someone has (the item page and its record form show them). `known`: accounts read
    already (the page's timeline names them as its steps' actors), not read again."""
    users = {user.pk: user for user in known if user is not None}
    ids = {getattr(grievance, f"{field}_id") for field in _SIGNERS} - {None} - users.keys()
    if ids:
        users.update(get_user_model().objects.in_bulk(ids))
    for field in _SIGNERS:
        signer_id = getattr(grievance, f"{field}_id")
        if signer_id is not None:
            setattr(grievance, field, users[signer_id])


# The item page's departments and answers, read once for the page, its answers and who acts
# next (the answers in the model's order, each with its department and who answered).
ITEM_PREFETCH = (
    "departments",
    Prefetch(
        "department_answers",
        queryset=DepartmentAnswer.objects.select_related("department", "answered_by"),
    ),
)


MERGE_CANDIDATES = 20


def grievance_by_number(enterprise, number: str) -> Grievance | None:
    """The enterprise's item numbered `number` ("2026-0042", as `Grievance.number` shows it)."""
    parsed = parse_number(number)
    if parsed is None:
        return None
    return Grievance.objects.filter(enterprise=enterprise, year=parsed[0], serial=parsed[1]).first()


# Events whose note the requester may read by the receipt (others may hold internal remarks).
PUBLIC_NOTE_ACTIONS = ("rejected", "merged", "put_on_agenda", "decided")
# How many merges /track/ and the API follow from the item the receipt names.
_MERGE_HOPS = 5


def grievance_by_receipt(*, code: str, secret: str, enterprise=None) -> Grievance | None:
    """The item whose receipt code and secret these are, or None: one rule for /track/, the
    receipt download and the API (which also names the enterprise its token belongs to). An
    unknown code costs the same keyed hash as a wrong secret."""
    candidates = Grievance.objects.filter(receipt_code=code.strip().upper())
    if enterprise is not None:
        candidates = candidates.filter(enterprise=enterprise)
    candidate = candidates.select_related("enterprise", "merged_into").first()
    if receipts.verify(candidate, receipts.normalise(secret)):
        return candidate
    return None


def merge_chain(grievance: Grievance) -> list[Grievance]:
    """The item, then the items it was merged into, as the requester follows them."""
    followed = [grievance]
    survivor = grievance.merged_into
    while survivor is not None and len(followed) < _MERGE_HOPS:
        followed.append(survivor)
        survivor = survivor.merged_into
    return followed


def public_events(grievance: Grievance) -> QuerySet[GrievanceEvent]:
    """The events the requester reads on /track/, oldest first."""
    return grievance.events.filter(public=True).order_by("created_at", "id")


def merge_candidates(grievance: Grievance) -> QuerySet[Grievance]:
    """Items a duplicate may be merged into, most likely first: the newest items not ended, of
    the same category when it has one."""
    candidates = (
        Grievance.objects.filter(enterprise_id=grievance.enterprise_id)
        .exclude(pk=grievance.pk)
        .exclude(status__in=ENDED_STATES)
    )
    if grievance.category_id:
        candidates = candidates.filter(category_id=grievance.category_id)
    return candidates.only("id", "year", "serial", "content").order_by("-received_at", "-id")[
        :MERGE_CANDIDATES
    ]


def summary_years(enterprise) -> list[int]:
    """The years the summary table (议题梳理汇总分类表) can be printed for, newest first."""
    return sorted(numbered_years(enterprise.pk) | {timezone.localdate().year}, reverse=True)


# ---------------------------------------------------------------------------------------------
# Confidentiality: the one place that decides how a requester is shown
# ---------------------------------------------------------------------------------------------


@dataclass
class RequesterView:
    name: str
    unit: str = ""
    phone: str = ""
    account: str = ""
    shown: bool = True


def protected_label(grievance: Grievance) -> str:
    return _("Anonymous") if grievance.disclosure == Disclosure.ANONYMOUS else _("Confidential")


def _name(grievance: Grievance) -> str:
    return grievance.requester_name or display_name(grievance.requester)


def _full(grievance: Grievance) -> RequesterView:
    return RequesterView(
        name=_name(grievance),
        unit=str(grievance.requester_unit) if grievance.requester_unit_id else "",
        phone=grievance.requester_phone,
        account=grievance.requester.get_username() if grievance.requester is not None else "",
    )


def erased_view() -> RequesterView:
    """An item whose requester's identity was erased (个人信息保护法): nothing left to show."""
    label = _("Erased")
    return RequesterView(name=label, unit=label, phone=label, account=label, shown=False)


def _hidden(grievance: Grievance) -> RequesterView:
    label = protected_label(grievance)
    return RequesterView(name=label, unit=label, phone=label, account=label, shown=False)


def _handles(access: EnterpriseAccess, grievance: Grievance) -> bool:
    """Sees the item as one who works on it: the union office, management, supervisors, and a
    department the approved item is routed to (not a merged item's requester following it)."""
    if access.may(Action.VIEW_ALL_GRIEVANCES):
        return True
    return _routed_here(access, grievance)


def _routed_here(access: EnterpriseAccess, grievance: Grievance) -> bool:
    return (
        access.may(Action.ANSWER_AS_DEPARTMENT)
        and grievance.status in ROUTED_STATES
        and routed_to_my_department(access, None, grievance)
    )


def may_see_identity(grievance: Grievance, access: EnterpriseAccess | None, viewer) -> bool:
    """The identity rule of DESIGN.md ("Confidentiality"), without logging.

    实名: the union (staff and chair), the managers who approve routing and the departments
    the approved item is routed to (the 职工诉求记录表 goes to them so they can call back);
    never the federation, supervisors who are not union staff, or other departments.
    实名（保密）: only the union chair and the union staff the chair designated.
    匿名: nobody (no identity is stored). The requester always sees their own.
    """
    if viewer is not None and grievance.requester_id and grievance.requester_id == viewer.pk:
        return True
    if access is None or access.aggregate_only:
        return False
    if grievance.disclosure == Disclosure.NAMED:
        return (
            access.may(Action.VERIFY_GRIEVANCE)
            or access.may(Action.APPROVE_ROUTING)
            or _routed_here(access, grievance)
        )
    if grievance.disclosure == Disclosure.CONFIDENTIAL:
        return access.sees_identities
    return False


def identifies(
    grievance: Grievance, access: EnterpriseAccess | None, viewer, *, context: str = ""
) -> bool:
    """Whether this viewer is shown who the requester is here (see `may_see_identity`).

    A confidential identity is shown only where a `context` (the item's page or its admin
    page, a document printed from it: the name of the page, for the log) is given, and each
    such view is logged once per request: lists, exports and other pages pass none and show
    保密. `requester_display` and `grievances.actors` (who acted) both ask here.
    """
    if viewer is not None and grievance.requester_id and grievance.requester_id == viewer.pk:
        return True
    if not may_see_identity(grievance, access, viewer):
        return False
    if grievance.disclosure == Disclosure.NAMED:
        return True
    if context and access is not None:
        _log_view(access, viewer, grievance, context)
        return True
    return False


def _log_view(access: EnterpriseAccess, viewer, grievance: Grievance, context: str) -> None:
    log_views(access, viewer, [grievance.pk], context)


def log_views(access: EnterpriseAccess, viewer, grievance_ids, context: str) -> None:
    """Log a look at the protected requesters of these items, once per item and page in a
    request (the requester's field and a timeline naming them as an actor are one look)."""
    seen = getattr(viewer, "_identity_views_logged", None)
    if seen is None:
        seen = set()
        viewer._identity_views_logged = seen
    new = [pk for pk in dict.fromkeys(grievance_ids) if (pk, context) not in seen]
    seen.update((pk, context) for pk in new)
    IdentityView.objects.bulk_create(
        IdentityView(
            enterprise=access.enterprise,
            viewer=viewer,
            target_type=Grievance._meta.label_lower,
            target_id=pk,
            context=context[:60],
        )
        for pk in new
    )


def requester_display(
    grievance: Grievance, access: EnterpriseAccess | None, viewer, *, context: str = ""
) -> RequesterView:
    """The requester as this viewer may see them (see `identifies`); an erased identity is
    gone for everyone."""
    if grievance.identity_erased_at is not None:
        return erased_view()
    if identifies(grievance, access, viewer, context=context):
        return _full(grievance)
    return _hidden(grievance)


def named_requesters_q(access: EnterpriseAccess) -> Q:
    """The items whose requester fields this user may filter or search by (CONVENTIONS rule
    14): every item with an identity for the chair and designated staff; named items for the
    union staff and the approving managers; named items routed to their department for a
    department head; nothing for anyone else."""
    if access.aggregate_only:
        return Q(pk__in=[])
    if access.sees_identities:
        return ~Q(disclosure=Disclosure.ANONYMOUS)
    named = Q(disclosure=Disclosure.NAMED)
    if access.may(Action.VERIFY_GRIEVANCE) or access.may(Action.APPROVE_ROUTING):
        return named
    scope = my_department_scope(access)
    if access.may(Action.ANSWER_AS_DEPARTMENT) and scope is not None:
        return named & Q(status__in=ROUTED_STATES) & scope
    return Q(pk__in=[])


# ---------------------------------------------------------------------------------------------
# Attachments: the same rule, until union staff clear a file of identifying content
# ---------------------------------------------------------------------------------------------


def sees_uncleared_attachments(
    grievance: Grievance, access: EnterpriseAccess | None, viewer
) -> bool:
    """Who may see an attachment not yet cleared: those who may see the identity, and for an
    anonymous item the chair and designated union staff (someone must check it)."""
    if may_see_identity(grievance, access, viewer):
        return True
    return (
        access is not None
        and grievance.disclosure == Disclosure.ANONYMOUS
        and access.sees_identities
    )


def visible_attachments(
    grievance: Grievance, access: EnterpriseAccess | None, viewer
) -> QuerySet[Attachment]:
    """The attachments of the item this user may see (names and downloads): all of them for
    those who may see the requester, the cleared ones for others who work on the item, none
    for someone who only follows the item (a merged item's requester)."""
    qs = grievance.attachments.filter(erased_at__isnull=True).select_related("cleared_by")
    if viewer is not None and grievance.requester_id and grievance.requester_id == viewer.pk:
        return qs
    if access is None or access.aggregate_only or not _handles(access, grievance):
        return qs.none()
    if sees_uncleared_attachments(grievance, access, viewer):
        return qs
    return qs.filter(cleared_at__isnull=False)


def requester_label(grievance: Grievance, access: EnterpriseAccess | None, viewer) -> str:
    """For lists and exports: the name when named and allowed, 保密/匿名 otherwise (no log).
    `requester_display`'s rule, without the unit, phone and account that a list does not show
    (a list then reads no unit: its two joins were half the staff list's planning)."""
    if grievance.identity_erased_at is not None:
        return erased_view().name
    if identifies(grievance, access, viewer):
        return _name(grievance)
    return protected_label(grievance)


def get_register_for(user, code: str, pk: int):
    """(access, register) if the user keeps it or registers grievances; 404 otherwise."""
    access = get_enterprise_for(user, code)
    register = get_object_or_404(
        CollectionRegister.objects.select_related("unit__parent", "keeper", "enterprise"),
        pk=pk,
        enterprise=access.enterprise,
    )
    if not (access.may(Action.REGISTER_GRIEVANCE) or register.keeper_id == user.pk):
        raise Http404
    if access.may(Action.REGISTER_GRIEVANCE) and register.keeper_id != user.pk:
        if register.status in REGISTER_FLOW.step("hand_up").sources:
            raise Http404  # not handed up yet
    return access, register


def answering_department(access: EnterpriseAccess, grievance: Grievance):
    """The user's department when the item is routed to it and they answer for it."""
    membership = access.membership
    if membership is None or not access.may(Action.ANSWER_AS_DEPARTMENT):
        return None
    return membership.department if routed_to_my_department(access, None, grievance) else None


def open_statuses_at(enterprise, moment: datetime.datetime) -> Counter:
    """{status: count} of the enterprise's items that were open at `moment`, each in the state
    its events had brought it to by then (a record of a past meeting reads the same whenever it
    is printed). Items not yet received at `moment` are not counted."""
    then = (
        GrievanceEvent.objects.filter(grievance=OuterRef("pk"), created_at__lte=moment)
        .exclude(to_status="")
        .order_by("-created_at", "-id")
        .values("to_status")[:1]
    )
    return Counter(
        Grievance.objects.filter(enterprise=enterprise)
        .annotate(then=Subquery(then))
        .exclude(then__isnull=True)
        .exclude(then__in=FINISHED_STATES)
        .values_list("then", flat=True)
    )


# Where an item may still be sent to its departments directly (or already was).
HEADLESS_MATTERS = frozenset(
    {Status.CLASSIFIED, Status.OPINION_SIGNED, Status.ROUTED_DEPARTMENT, Status.RETURNED}
)


def headless_departments(grievance: Grievance, departments=None) -> list:
    """The item's handling departments (or `departments`, read already) that nobody can open
    it in (no head account), while it may still go to them directly: classified, signed or
    approved for department handling."""
    if grievance.route == Route.MEETING or grievance.status not in HEADLESS_MATTERS:
        return []
    if departments is None:
        departments = grievance.departments.all()
    return departments_without_head(grievance.enterprise, departments)


def headless_warning(departments) -> str:
    return _(
        "Nobody can open items of %(departments)s: no head of the department has an account. "
        "Give the department head the role first (Roles), or the item waits where nobody sees it."
    ) % {"departments": "、".join(d.name for d in departments)}
