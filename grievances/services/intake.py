"""Step 3 intake: numbering, online and anonymous submission, registration, attachments."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.access import access_for
from consult.models import Membership, display_name
from consult.roles import Action
from consult.selectors import members_who_may
from consult.workflow import StepRefused
from grievances.events import GrievanceEventType
from grievances.models import (
    Attachment,
    Disclosure,
    Grievance,
    IntakeChannel,
)
from grievances.receipts import hash_secret, new_secret
from grievances.selectors import sees_uncleared_attachments
from grievances.services._core import next_serial, record
from grievances.workflow import GRIEVANCE_FLOW, NEW_ANONYMOUS_ITEM, NEW_ITEM

User = get_user_model()

# ---------------------------------------------------------------------------------------------
# Step 3: intake
# ---------------------------------------------------------------------------------------------


# Receipt codes avoid letters and digits that are easily confused (0/O, 1/I/L).
_RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# A creating service is tried this many times when a unique value collides (see _submit_atomic).
_ATTEMPTS = 3


def _random(length: int) -> str:
    return "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(length))


def _new_receipt() -> tuple[dict, str]:
    """The receipt fields of a new anonymous item, and its secret (shown once, never stored).

    The code's unique index refuses a code drawn twice (31^8 codes); the service then draws
    again (`_submit_atomic`)."""
    secret = new_secret()
    return {"receipt_code": _random(8), "receipt_secret_hash": hash_secret(secret)}, secret


def _told_of_new_items(enterprise) -> list:
    """Who hears of a new item (NEW_ITEM and NEW_ANONYMOUS_ITEM go to the same action), read
    before the item takes its number: the numbering lock is held until commit."""
    return list(members_who_may(enterprise, NEW_ITEM.to))


def _announce(grievance: Grievance, notice, recipients) -> None:
    GRIEVANCE_FLOW.notify(
        obj=grievance, notice=notice, by=None, note="", data={}, recipients=recipients
    )


def _create(
    *,
    enterprise,
    by,
    token: str | None,
    action: str,
    note: str = "",
    attachments=(),
    **fields,
) -> Grievance:
    """Number and save a new grievance with its first event (inside the caller's transaction).

    A repeated form token fails the insert on the token's unique index (once the first post
    has committed, if it is still running); `_submit_atomic` then answers the first item.
    """
    received_at = fields.pop("received_at", None) or timezone.now()
    year = timezone.localtime(received_at).year
    serial = next_serial(enterprise=enterprise, year=year)
    grievance = Grievance.objects.create(
        enterprise=enterprise,
        year=year,
        serial=serial,
        received_at=received_at,
        submission_token=token or None,
        **fields,
    )
    GRIEVANCE_FLOW.write_event(
        obj=grievance,
        event=action,
        by=by,
        before="",
        after=grievance.status,
        note=note,
        changes={},
        data={},
    )
    for upload in attachments:
        attachment_add(grievance=grievance, by=by, upload=upload, _event=False)
    return grievance


def _submit_atomic(fn):
    """Run a creating service in a transaction (its number is rolled back with it).

    A repeated form token answers the item the first post created, with `repeated` set; a
    receipt code drawn twice is drawn again. No row is read before the insert: the unique
    indexes decide.
    """

    def wrapper(**kwargs):
        token = kwargs.get("token")
        for attempt in range(_ATTEMPTS):
            try:
                with transaction.atomic():
                    return fn(**kwargs)
            except IntegrityError:
                first = Grievance.objects.filter(submission_token=token).first() if token else None
                if first is not None:
                    first.repeated = True
                    return first
                if attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    return wrapper


def _check_category(enterprise, category) -> None:
    if category is not None and category.enterprise_id != enterprise.pk:
        raise ValidationError(_("The category belongs to another enterprise."))


@_submit_atomic
def grievance_submit(
    *,
    enterprise,
    by,
    kind: str,
    content: str,
    disclosure: str,
    category=None,
    attachments=(),
    token: str | None = None,
) -> Grievance:
    """Step 3: a logged-in employee submits a grievance or suggestion online."""
    _check_category(enterprise, category)
    membership = Membership.objects.filter(user=by, enterprise=enterprise).first()
    anonymous = disclosure == Disclosure.ANONYMOUS
    told = _told_of_new_items(enterprise)
    # A logged-in employee who chooses anonymity follows the item with a receipt too.
    receipt, secret = _new_receipt() if anonymous else ({}, None)
    # A protected requester's account must not show up as the actor of the item's events.
    grievance = _create(
        enterprise=enterprise,
        by=by if disclosure == Disclosure.NAMED else None,
        token=token,
        action="submitted",
        attachments=attachments,
        kind=kind,
        content=content,
        disclosure=disclosure,
        category=category,
        channel=IntakeChannel.ONLINE,
        requester=None if anonymous else by,
        requester_name="" if anonymous else display_name(by),
        requester_unit=None if anonymous or membership is None else membership.unit,
        requester_phone="" if anonymous or membership is None else membership.phone,
        **receipt,
    )
    if secret is not None:
        grievance.receipt_secret = secret
    _announce(grievance, NEW_ITEM, told)
    return grievance


@_submit_atomic
def grievance_submit_anonymous(
    *, enterprise, kind: str, content: str, category=None, token: str | None = None
) -> Grievance:
    """Step 3: anyone submits on the public page, without an account.

    Nothing that identifies the submitter is stored. The returned grievance carries
    `receipt_secret` (only on the object, never saved) to be shown once.
    """
    _check_category(enterprise, category)
    told = _told_of_new_items(enterprise)
    receipt, secret = _new_receipt()
    grievance = _create(
        enterprise=enterprise,
        by=None,
        token=token,
        action="submitted",
        kind=kind,
        content=content,
        category=category,
        disclosure=Disclosure.ANONYMOUS,
        channel=IntakeChannel.ONLINE,
        **receipt,
    )
    grievance.receipt_secret = secret
    _announce(grievance, NEW_ANONYMOUS_ITEM, told)
    return grievance


@_submit_atomic
def grievance_register(
    *,
    enterprise,
    by,
    channel: str,
    received_at,
    kind: str,
    content: str,
    disclosure: str,
    category=None,
    requester=None,
    requester_name: str = "",
    requester_unit=None,
    requester_phone: str = "",
    attachments=(),
    token: str | None = None,
) -> Grievance:
    """Step 3: union staff register an item received by talk, phone, relay, letter…"""
    _check_category(enterprise, category)
    if requester_unit is not None and requester_unit.enterprise_id != enterprise.pk:
        raise ValidationError(_("The unit belongs to another enterprise."))
    if disclosure == Disclosure.ANONYMOUS:
        requester, requester_name, requester_unit, requester_phone = None, "", None, ""
    return _create(
        enterprise=enterprise,
        by=by,
        token=token,
        action="registered",
        attachments=attachments,
        channel=channel,
        received_at=received_at,
        kind=kind,
        content=content,
        disclosure=disclosure,
        category=category,
        requester=requester,
        requester_name=requester_name,
        requester_unit=requester_unit,
        requester_phone=requester_phone,
        registered_by=by,
    )


def attachment_add(*, grievance: Grievance, by, upload, _event: bool = True):
    """Step 3: store a checked upload under a generated name (see grievances.attachments)."""
    from grievances.attachments import clean_upload

    data, extension, content_type = clean_upload(upload)
    attachment = Attachment(
        grievance=grievance,
        extension=extension,
        original_name=(getattr(upload, "name", "") or "file")[-200:],
        content_type=content_type,
        size=len(data),
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )
    attachment.file.save("upload" + extension, ContentFile(data), save=False)
    attachment.save()
    if _event:
        record(grievance=grievance, by=by, action="attachment_added", note=attachment.original_name)
    return attachment


@transaction.atomic
def attachment_clear(*, attachment: Attachment, by) -> Attachment:
    """Step 3: union staff who may see the requester clear an attachment of a confidential or
    anonymous item as free of identifying content; from then on its name and file reach those
    who may not see who the requester is (DESIGN.md, "Confidentiality")."""
    grievance = attachment.grievance
    access = access_for(by, grievance.enterprise)
    if (
        access is None
        or not access.may(Action.VERIFY_GRIEVANCE)
        or not sees_uncleared_attachments(grievance, access, by)
    ):
        raise PermissionDenied
    locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if locked.cleared_at is not None:
        raise StepRefused(_("This attachment was already cleared."))
    locked.cleared_by = by
    locked.cleared_at = timezone.now()
    locked.save(update_fields=["cleared_by", "cleared_at"])
    record(
        grievance=grievance,
        by=by,
        action=GrievanceEventType.ATTACHMENT_CLEARED,
        note=locked.original_name,
        data={"attachment": locked.pk},
    )
    attachment.cleared_by, attachment.cleared_at = locked.cleared_by, locked.cleared_at
    return attachment
