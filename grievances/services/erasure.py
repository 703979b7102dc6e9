"""Personal data over time (个人信息保护法, DESIGN.md): the union marks identifying text, and a
requester's identity is erased from a closed item, when the enterprise's retention period is
over (`manage.py erase_expired_identities`) or on the person's request (the union chair), or
again after a restore (the erasure journal). Nothing is deleted: the item keeps its number,
category, departments, dates, handling and satisfaction, so every ledger counts the same.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.access import EnterpriseAccess, access_for
from consult.models import AuditEvent, Notification
from consult.privacy import (
    ERASED,
    JournalEntry,
    clean_phrases,
    identity_erased,
    journal_append,
    scrub,
    scrub_rows,
)
from consult.roles import Action
from consult.workflow import StepRefused
from grievances.choices import ErasureKind
from grievances.events import GrievanceEventType as E
from grievances.models import Attachment, Grievance, GrievanceEvent, RegisterRow, Topic
from grievances.privacy import GRIEVANCE_TYPE, erasure_preview, identity_phrases
from grievances.selectors import sees_uncleared_attachments
from grievances.workflow import FINISHED_STATES, GRIEVANCE_FLOW

# Fields of the item that hold the identity itself: emptied. Free texts: phrases replaced.
_IDENTITY_FIELDS = ("requester", "requester_name", "requester_unit", "requester_phone")
_TEXT_FIELDS = ("title", "content", "public_reply", "opinion", "approval_note", "answer_measures")
# An upload's events name the file, which may identify the requester.
_FILE_EVENTS = (E.ATTACHMENT_ADDED, E.ATTACHMENT_CLEARED)
# A notification that named the item to its requester now says only this (no number, no link).
ERASED_NOTIFICATION = _("A notification about an item whose requester's identity was erased")
MARKED_TEXT_MAX = 5000


@transaction.atomic
def grievance_mark_identifying(*, grievance: Grievance, by, text: str) -> Grievance:
    """Step 3 onwards: union staff who may see the requester mark the words of the item's texts
    that would identify them (one per line). Nothing is hidden now; when the identity is erased
    they are replaced by ■■■ wherever they occur in the item's records. The event says how many
    lines there are, not what they say."""
    _check_may_mark(grievance, by)
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    text = "\n".join(lines)
    if len(text) > MARKED_TEXT_MAX:
        raise ValidationError(_("At most %(n)d characters.") % {"n": MARKED_TEXT_MAX})
    locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if locked.identity_erased_at is not None:
        raise StepRefused(_("This item's requester identity was already erased."))
    Grievance.objects.filter(pk=locked.pk).update(identifying_text=text)
    GRIEVANCE_FLOW.record(
        locked, E.IDENTIFYING_TEXT_MARKED, by=by, data={"lines": len(clean_phrases(lines))}
    )
    grievance.identifying_text = text
    return grievance


def _check_may_mark(grievance: Grievance, by) -> None:
    """Only staff who verify items and may see this one's requester (PermissionDenied)."""
    access = access_for(by, grievance.enterprise)
    if (
        access is None
        or not access.may(Action.VERIFY_GRIEVANCE)
        or not sees_uncleared_attachments(grievance, access, by)
    ):
        raise PermissionDenied


def _refusal(grievance: Grievance) -> str:
    return str(
        _(
            "%(number)s is still being handled (%(status)s): its requester's identity can be "
            "erased once it is closed."
        )
        % {"number": grievance.number, "status": grievance.get_status_display()}
    )


@transaction.atomic
def grievance_erase_identity(
    *, grievance: Grievance, by, kind: str, note: str = "", force: bool = False
) -> GrievanceEvent:
    """Erase the requester's identity from a closed item and everything kept about it: name,
    phone, unit and account link emptied; attachments' files removed from storage (their rows
    kept, marked erased); the marked text, the name and the phone replaced by ■■■ in every
    text and JSON of the item, its events, answers, tasks, survey answers, minutes and
    notifications; the requester's account no longer the actor of any of its events or the
    respondent of its surveys. One event; the journal line follows the commit.

    Refused (409) for an item still being handled, unless `force` (re-applying a journal
    entry after a restore: the person's erasure is owed whatever the restored status)."""
    locked = _locked_for_erasure(grievance, force=force)
    phrases = identity_phrases(locked)
    erased = _erase_everywhere(locked, phrases)
    note = scrub((note or "").strip(), phrases)
    event = GRIEVANCE_FLOW.record(
        locked, E.IDENTITY_ERASED, by=by, note=note, data={"kind": kind, **erased}
    )
    _after_commit(locked, event, kind)
    grievance.refresh_from_db()
    return event


def _locked_for_erasure(grievance: Grievance, *, force: bool) -> Grievance:
    """The item, locked; StepRefused when already erased or (unless `force`) still handled."""
    locked = (
        Grievance.objects.select_for_update(of=("self",))
        .select_related("requester", "enterprise")
        .get(pk=grievance.pk)
    )
    if locked.identity_erased_at is not None:
        raise StepRefused(_("This item's requester identity was already erased."))
    if not force and locked.status not in FINISHED_STATES:
        raise StepRefused(_refusal(locked))
    return locked


def _erase_everywhere(grievance: Grievance, phrases: list[str]) -> dict:
    """The erasure itself, in the item, its files, events and records and (through the
    `identity_erased` signal) other apps; what went, for the event's data."""
    erased = erasure_preview(grievance)
    requester_id = grievance.requester_id
    Grievance.objects.filter(pk=grievance.pk).update(
        requester=None,
        requester_name="",
        requester_unit=None,
        requester_phone="",
        identifying_text="",
        identity_erased_at=timezone.now(),
        **{name: scrub(getattr(grievance, name), phrases) for name in _TEXT_FIELDS},
    )
    files = _erase_attachments(grievance)
    _erase_events(grievance, phrases, requester_id)
    _erase_records(grievance, phrases, requester_id)
    identity_erased.send(
        sender=Grievance, grievance=grievance, phrases=phrases, requester_id=requester_id
    )
    return {"erased": list(erased.parts), "attachments": files}


def _after_commit(grievance: Grievance, event: GrievanceEvent, kind: str) -> None:
    """Once the erasure is committed: its journal line, then the files' removal."""
    entry = JournalEntry(
        enterprise=grievance.enterprise.code,
        grievance=grievance.pk,
        number=grievance.number,
        erased_at=event.created_at.astimezone(datetime.UTC).isoformat(),
        kind=kind,
    )
    transaction.on_commit(lambda: journal_append(entry))
    transaction.on_commit(attachments_purge_erased)


def _erase_attachments(grievance: Grievance) -> int:
    """Mark the files erased and forget their names; the files go after commit."""
    return Attachment.objects.filter(grievance=grievance, erased_at__isnull=True).update(
        erased_at=timezone.now(), original_name=""
    )


def attachments_purge_erased() -> int:
    """Remove from storage the files of attachments marked erased (after the erasure
    committed; again by each run of erase_expired_identities, in case a run stopped between
    the commit and the removal). The rows stay, with no file."""
    purged = 0
    for attachment in Attachment.objects.filter(erased_at__isnull=False).exclude(file=""):
        attachment.file.delete(save=False)
        Attachment.objects.filter(pk=attachment.pk).update(file="")
        purged += 1
    return purged


def _erase_events(grievance: Grievance, phrases: list[str], requester_id: int | None) -> None:
    events = GrievanceEvent.objects.filter(grievance=grievance)
    if requester_id is not None:
        events.filter(actor_id=requester_id).update(actor=None)
    events.filter(action__in=_FILE_EVENTS).update(note=ERASED)
    for event in events.only("pk", "changes"):
        changes = {
            k: [ERASED, ERASED] if k in (*_IDENTITY_FIELDS, "identifying_text") else v
            for k, v in event.changes.items()
        }
        if changes != event.changes:
            GrievanceEvent.objects.filter(pk=event.pk).update(changes=changes)
    scrub_rows(events, ("note", "data", "changes"), phrases)


def _erase_records(grievance: Grievance, phrases: list[str], requester_id: int | None) -> None:
    """The item's other rows in this app and the core: answers, the register row it came
    from, its topic, its notifications."""
    scrub_rows(grievance.department_answers.all(), ("text",), phrases)
    if grievance.register_row_id:
        RegisterRow.objects.filter(pk=grievance.register_row_id).update(name="")
        scrub_rows(RegisterRow.objects.filter(pk=grievance.register_row_id), ("content",), phrases)
    if grievance.topic_id:
        topics = Topic.objects.filter(pk=grievance.topic_id)
        scrub_rows(topics, ("title", "summary", "note"), phrases)
        erase_audit_events(Topic._meta.label_lower, [grievance.topic_id], phrases, None)
    erase_audit_events(GRIEVANCE_TYPE, [grievance.pk], phrases, requester_id)
    url = reverse("grievance_detail", args=[grievance.enterprise.code, grievance.pk])
    erase_notifications(grievance.enterprise, [url], phrases, requester_id)


def erase_audit_events(target_type: str, ids, phrases: list[str], requester_id) -> None:
    """The audit rows of these objects: the requester no longer their actor, phrases gone."""
    events = AuditEvent.objects.filter(target_type=target_type, target_id__in=list(ids))
    if requester_id is not None:
        events.filter(actor_id=requester_id).update(actor=None)
    scrub_rows(events, ("note", "data", "changes"), phrases)


def erase_notifications(enterprise, urls, phrases: list[str], requester_id) -> None:
    """Notifications about these pages lose the phrases; the requester's own ones lose the
    item altogether (its number, text and link): they no longer tie the person to it."""
    from consult.messages import msgid_of

    notes = Notification.objects.filter(enterprise=enterprise, url__in=list(urls))
    scrub_rows(notes, ("subject", "body", "params", "prefix"), phrases)
    if requester_id is not None:
        notes.filter(recipient_id=requester_id).update(
            subject=str(ERASED_NOTIFICATION)[:200],
            message=msgid_of(ERASED_NOTIFICATION) or "",
            params={},
            prefix="",
            body="",
            url="",
        )


# -- retention, requests, the journal ---------------------------------------------------------


def identity_erase_on_request(
    *, access: EnterpriseAccess, grievances: list[Grievance], by, reason: str
) -> list[GrievanceEvent]:
    """The union chair erases a person's identity from their items on request, with the
    reason; all of them or, if one is still being handled, none (409 naming it)."""
    if not access.may(Action.MANAGE_PERSONAL_DATA):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the erasure (e.g. who asked, and when)."))
    if not grievances:
        raise ValidationError(_("Choose at least one item."))
    with transaction.atomic():
        return [
            grievance_erase_identity(grievance=g, by=by, kind=ErasureKind.REQUEST, note=reason)
            for g in grievances
            if g.enterprise_id == access.enterprise.pk
        ]


def reapply_journal_entry(entry: JournalEntry) -> bool:
    """After a restore: erase again an item whose erasure the restored backup does not hold.
    The entry must name the item by the same enterprise and number; False when it is already
    erased (or unknown here)."""
    grievance = (
        Grievance.objects.filter(pk=entry.grievance, enterprise__code=entry.enterprise)
        .select_related("enterprise")
        .first()
    )
    if grievance is None or grievance.number != entry.number:
        return False
    if grievance.identity_erased_at is not None:
        return False
    grievance_erase_identity(
        grievance=grievance,
        by=None,
        kind=ErasureKind.REAPPLIED,
        note=f"{entry.kind} {entry.erased_at}",
        force=True,
    )
    return True


def expired_identities_erase(*, now: datetime.datetime, dry_run: bool = False) -> list:
    """Run daily (`manage.py erase_expired_identities`): erase the identity of every item closed
    longer ago than its enterprise's retention period. [(item, what went)]; with `dry_run`
    what would go, and nothing changes. Each item is its own transaction."""
    from consult.models import Enterprise
    from grievances.privacy import expired_items

    done = []
    for enterprise in Enterprise.objects.order_by("code"):
        months = enterprise.identity_retention_months
        for pk in list(expired_items(enterprise, now).values_list("pk", flat=True)):
            grievance = Grievance.objects.select_related("enterprise", "requester").get(pk=pk)
            preview = erasure_preview(grievance).labels()
            if dry_run or _erase_expired(grievance, months):
                done.append((grievance, preview))
    if not dry_run:
        attachments_purge_erased()
    return done


def _erase_expired(grievance: Grievance, months: int) -> bool:
    """Erase an item kept past its retention period; False if erased or reopened meanwhile."""
    try:
        grievance_erase_identity(
            grievance=grievance,
            by=None,
            kind=ErasureKind.RETENTION,
            note=str(_("Kept %(months)d months after closing.") % {"months": months}),
        )
    except StepRefused:
        return False
    return True
