"""Step 3 intake: numbering, online and anonymous submission, registration, attachments."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.access import access_for
from consult.models import Membership, display_name
from consult.roles import Action
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


class DuplicateSubmission(Exception):
    def __init__(self, grievance):
        super().__init__("duplicate submission")
        self.grievance = grievance


# Receipt codes avoid letters and digits that are easily confused (0/O, 1/I/L).
_RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _random(length: int) -> str:
    return "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(length))


def _announce(grievance: Grievance, notice) -> None:
    GRIEVANCE_FLOW.notify(obj=grievance, notice=notice, by=None, note="", data={})


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

    A repeated form token returns the grievance the first post created (`DuplicateSubmission`).
    """
    if token:
        existing = Grievance.objects.filter(submission_token=token).first()
        if existing is not None:
            raise DuplicateSubmission(existing)
    received_at = fields.pop("received_at", None) or timezone.now()
    year = timezone.localtime(received_at).year
    serial = next_serial(enterprise=enterprise, year=year)
    if token and Grievance.objects.filter(submission_token=token).exists():
        # Another request with the same token committed while we waited for the number lock.
        raise DuplicateSubmission(Grievance.objects.get(submission_token=token))
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
    """Run a creating service in a transaction; a duplicate token answers the first item."""

    def wrapper(**kwargs):
        try:
            with transaction.atomic():
                return fn(**kwargs)
        except DuplicateSubmission as duplicate:
            return duplicate.grievance

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
    )
    if anonymous:
        # A logged-in employee who chooses anonymity follows the item with a receipt too.
        grievance.receipt_secret = _set_receipt(grievance)
    _announce(grievance, NEW_ITEM)
    return grievance


def _set_receipt(grievance: Grievance) -> str:
    secret = new_secret()
    for _attempt in range(5):
        code = _random(8)
        if not Grievance.objects.filter(receipt_code=code).exists():
            break
    grievance.receipt_code = code
    grievance.receipt_secret_hash = hash_secret(secret)
    Grievance.objects.filter(pk=grievance.pk).update(
        receipt_code=code, receipt_secret_hash=grievance.receipt_secret_hash
    )
    return secret


@_submit_atomic
def grievance_submit_anonymous(
    *, enterprise, kind: str, content: str, category=None, token: str | None = None
) -> Grievance:
    """Step 3: anyone submits on the public page, without an account.

    Nothing that identifies the submitter is stored. The returned grievance carries
    `receipt_secret` (only on the object, never saved) to be shown once.
    """
    _check_category(enterprise, category)
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
    )
    grievance.receipt_secret = _set_receipt(grievance)
    _announce(grievance, NEW_ANONYMOUS_ITEM)
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
