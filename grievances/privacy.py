"""Reads of personal data over time (个人信息保护法): which closed items have kept their
requester's identity long enough, what an erasure takes, whose items a person's request covers,
and the log of who saw a protected requester. Writes are in grievances.services.erasure."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from consult.access import EnterpriseAccess
from consult.models import IdentityView, Membership, display_name
from consult.privacy import JournalEntry, clean_phrases, retention_cutoff
from grievances.choices import Disclosure
from grievances.events import GrievanceEventType
from grievances.models import Grievance, GrievanceEvent
from grievances.selectors import grievance_by_number, named_requesters_q
from grievances.workflow import FINISHED_STATES

GRIEVANCE_TYPE = Grievance._meta.label_lower


def finished_items(enterprise) -> QuerySet[Grievance]:
    """The enterprise's closed or ended items that still hold an identity, with `closed_at`:
    when the item got to its final status (the last event that moved it there)."""
    moved_there = (
        GrievanceEvent.objects.filter(grievance=OuterRef("pk"), to_status=OuterRef("status"))
        .exclude(from_status=F("to_status"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return Grievance.objects.filter(
        enterprise=enterprise, status__in=sorted(FINISHED_STATES), identity_erased_at__isnull=True
    ).annotate(closed_at=Coalesce(Subquery(moved_there), F("updated_at")))


def expired_items(enterprise, now: datetime.datetime) -> QuerySet[Grievance]:
    """Items closed longer ago than the enterprise's retention period, oldest first."""
    cutoff = retention_cutoff(now, enterprise.identity_retention_months)
    return (
        finished_items(enterprise)
        .filter(closed_at__lt=cutoff)
        .select_related("requester")
        .order_by("closed_at", "id")
    )


def identity_phrases(grievance: Grievance) -> list[str]:
    """What is replaced by ■■■ in every text kept about the item: the text the union marked,
    the requester's name and phone, and their account's name, login, e-mail, phone and
    employee number in this enterprise."""
    phrases = [grievance.requester_name, grievance.requester_phone]
    phrases += grievance.identifying_text.splitlines()
    user = grievance.requester
    if user is not None:
        phrases += [display_name(user), user.get_username(), user.email]
        membership = Membership.objects.filter(user=user, enterprise_id=grievance.enterprise_id)
        for phone, employee_no in membership.values_list("phone", "employee_no"):
            phrases += [phone, employee_no]
    return clean_phrases(phrases)


# What an erasure takes, by key (kept in the erasure event's data) and in words.
ERASED_PARTS = {
    "name": pgettext_lazy("person", "name"),
    "phone": _("phone"),
    "unit": _("unit"),
    "account": _("account link"),
    "identifying_text": _("marked identifying text"),
}


@dataclass(frozen=True)
class Preview:
    """What an erasure of an item takes (never the values): for the event, the dry run and
    the chair's confirmation page."""

    parts: tuple[str, ...]  # keys of ERASED_PARTS
    attachments: int

    def labels(self) -> list[str]:
        words = [str(ERASED_PARTS[p]) for p in self.parts if p in ERASED_PARTS]
        if self.attachments:
            n = self.attachments
            words.append(ngettext("%(n)d attachment", "%(n)d attachments", n) % {"n": n})
        return words


def erasure_preview(grievance: Grievance) -> Preview:
    values = {
        "name": grievance.requester_name,
        "phone": grievance.requester_phone,
        "unit": grievance.requester_unit_id,
        "account": grievance.requester_id,
        "identifying_text": grievance.identifying_text.strip(),
    }
    return Preview(
        parts=tuple(key for key, value in values.items() if value),
        attachments=grievance.attachments.filter(erased_at__isnull=True).count(),
    )


def erasure_labels(data: dict) -> list[str]:
    """What an erasure event took, in the reader's words."""
    return Preview(tuple(data.get("erased", ())), int(data.get("attachments", 0))).labels()


# -- erasure on request -----------------------------------------------------------------------


@dataclass
class Candidate:
    grievance: Grievance
    finished: bool
    erased: bool

    @property
    def erasable(self) -> bool:
        return self.finished and not self.erased


def _numbers(query: str) -> list[str]:
    return [t for t in query.replace(",", " ").replace("，", " ").split() if "-" in t]


def request_candidates(access: EnterpriseAccess, query: str) -> list[Candidate]:
    """The items a request to erase covers: those numbered in `query`, or the items of the
    person it names (their login, employee number or phone as a member; or the name or phone
    given on a named or confidential item). Anonymous items name nobody and are never found."""
    query = query.strip()
    if not query:
        return []
    items = Grievance.objects.filter(enterprise=access.enterprise).exclude(
        disclosure=Disclosure.ANONYMOUS
    )
    numbers = _numbers(query)
    chosen = _numbered(access, items, numbers) if numbers else _of_person(access, items, query)
    chosen = chosen.select_related("category").order_by("received_at", "id")
    return [
        Candidate(g, finished=g.status in FINISHED_STATES, erased=g.identity_erased_at is not None)
        for g in chosen
    ]


def _numbered(access: EnterpriseAccess, items, numbers: list[str]):
    found = [grievance_by_number(access.enterprise, n) for n in numbers]
    return items.filter(pk__in=[g.pk for g in found if g is not None])


def _of_person(access: EnterpriseAccess, items, query: str):
    """The items of the member the query names, or that give the name or phone it is (those
    the reader may see named)."""
    members = Membership.objects.filter(enterprise=access.enterprise).filter(
        Q(user__username=query) | Q(employee_no=query) | Q(phone=query)
    )
    by_identity = Q(requester_name=query) | Q(requester_phone=query)
    return items.filter(
        Q(requester__in=members.values("user")) | (by_identity & named_requesters_q(access))
    )


# -- who saw whom -----------------------------------------------------------------------------

# The pages that log a view of a protected identity (the `context` of IdentityView).
VIEW_CONTEXTS = {
    "detail": _("Item page"),
    "record_form": _("Record form (PDF)"),
    "admin": _("Administration"),
    "work_ledger": _("Work ledger"),
    "erase_request": _("Erasure on request"),
}


def context_label(context: str) -> str:
    label = VIEW_CONTEXTS.get(context)
    return str(label) if label is not None else context


def identity_views(
    enterprise,
    *,
    viewer_id: int | None = None,
    grievance: Grievance | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[IdentityView]:
    """The enterprise's log of views of protected requesters, newest first, filtered."""
    views = IdentityView.objects.filter(enterprise=enterprise, target_type=GRIEVANCE_TYPE)
    if viewer_id is not None:
        views = views.filter(viewer_id=viewer_id)
    if grievance is not None:
        views = views.filter(target_id=grievance.pk)
    if since is not None:
        views = views.filter(viewed_at__date__gte=since)
    if until is not None:
        views = views.filter(viewed_at__date__lte=until)
    return views.select_related("viewer").order_by("-viewed_at", "-id")


def items_by_id(enterprise, ids) -> dict[int, Grievance]:
    return {
        g.pk: g
        for g in Grievance.objects.filter(enterprise=enterprise, pk__in=set(ids)).only(
            "id", "year", "serial", "disclosure", "enterprise_id"
        )
    }


def viewers(enterprise):
    """The people who appear in the enterprise's log (the viewer filter's choices)."""
    from django.contrib.auth import get_user_model

    ids = IdentityView.objects.filter(enterprise=enterprise).values("viewer_id").distinct()
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


# -- erasures done ----------------------------------------------------------------------------


def erasure_events(enterprise) -> QuerySet[GrievanceEvent]:
    return (
        GrievanceEvent.objects.filter(
            grievance__enterprise=enterprise, action=GrievanceEventType.IDENTITY_ERASED
        )
        .select_related("grievance", "actor")
        .order_by("-created_at", "-id")
    )


def journal_entries():
    """Every erasure the database holds, as the journal keeps them (nothing personal)."""
    events = (
        GrievanceEvent.objects.filter(action=GrievanceEventType.IDENTITY_ERASED)
        .select_related("grievance__enterprise")
        .order_by("created_at", "id")
    )
    for event in events.iterator(chunk_size=2000):
        g = event.grievance
        yield JournalEntry(
            enterprise=g.enterprise.code,
            grievance=g.pk,
            number=g.number,
            erased_at=event.created_at.astimezone(datetime.UTC).isoformat(),
            kind=str(event.data.get("kind", "")),
        )
