"""Writes of accounts without e-mail: activation codes, activation, password changes, roles
assigned in the app, and the federation's office bringing an enterprise in (before step 1).

Every function is keyword-only, runs in one transaction and writes one audit event per
person or object it changes.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult import handbook
from consult.accounts import codes
from consult.accounts.logins import login_name, normalise_phone, unique_username
from consult.audit import record_event
from consult.events import AccountEvent
from consult.models import (
    ActivationCode,
    Channel,
    Department,
    Enterprise,
    Federation,
    FederationMembership,
    Membership,
    MembershipRole,
    MessageKind,
    OrgUnit,
)
from consult.outbox.codes import code_send
from consult.roles import ASSIGNABLE_ROLES, Role
from consult.services import enterprise_prefill

User = get_user_model()

# --------------------------------------------------------------------------------------------
# Activation codes
# --------------------------------------------------------------------------------------------


def _owner(membership: Membership | None, federation_membership: FederationMembership | None):
    if membership is not None:
        return {"enterprise": membership.enterprise, "target": membership}
    assert federation_membership is not None
    return {
        "enterprise": None,
        "federation": federation_membership.federation,
        "target": federation_membership,
    }


def _issue(*, user, membership=None, federation_membership=None, by) -> str:
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one issuer at a time
    plaintext, expires = _code_replace(user, membership, federation_membership, by=by)
    # The old password stops working and, as Django ties sessions to the password's hash,
    # every session of the person ends.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record_event(
        **_owner(membership, federation_membership),
        action=AccountEvent.ACTIVATION_CODE_ISSUED,
        actor=by,
        data={"expires_at": expires.isoformat()},
    )
    return plaintext


def _code_replace(user, membership, federation_membership, *, by) -> tuple[str, datetime.datetime]:
    """Revoke the person's open codes and store a new one (hashed); the code in clear and when
    it expires."""
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    plaintext = codes.new_code()
    expires = now + datetime.timedelta(days=settings.ACTIVATION_CODE_DAYS)
    ActivationCode.objects.create(
        user=user,
        membership=membership,
        federation_membership=federation_membership,
        code_hash=codes.hash_code(plaintext),
        issued_by=by if by is not None and by.is_authenticated else None,
        issued_at=now,
        expires_at=expires,
    )
    return plaintext, expires


@transaction.atomic
def activation_code_issue(*, membership: Membership, by) -> str:
    """Issue a one-time activation code for a person of an enterprise and return it (the only
    time it exists in clear): for the printed slip, or for a message channel to send. Earlier
    open codes stop working, the password is cleared and the person's sessions end."""
    return _issue(user=membership.user, membership=membership, by=by)


@transaction.atomic
def activation_code_send(*, membership: Membership, by) -> list[str]:
    """A new code for a person, sent by SMS, WeCom or DingTalk instead of printed (issue 20:
    a forgotten password where a message channel is configured). Returns the channels queued;
    when none reaches the person nothing is issued (ValidationError) and the old password
    still works: print a slip instead."""
    activated = membership.user.has_usable_password()
    plaintext = _issue(user=membership.user, membership=membership, by=by)
    kind = MessageKind.PASSWORD_RESET if activated else MessageKind.ACTIVATION_CODE
    channels = code_send(membership=membership, code=plaintext, kind=kind)
    if not channels:
        raise ValidationError(
            _("No message channel reaches this person (no SMS, WeCom or DingTalk): print a slip.")
        )
    return channels


@transaction.atomic
def federation_activation_code_issue(*, federation_membership: FederationMembership, by) -> str:
    """The same for a federation office's (or assessor's) account."""
    return _issue(
        user=federation_membership.user, federation_membership=federation_membership, by=by
    )


def open_code_matching(*, user, code: str) -> ActivationCode | None:
    """The person's open code if `code` is it (every open code is compared, in constant time)."""
    if user is None:
        codes.hash_code(code)  # the same cost as a wrong code
        return None
    found = None
    for row in ActivationCode.objects.open().filter(user=user):
        if codes.matches(code, row.code_hash):
            found = row
    return found


@transaction.atomic
def account_activate(*, activation: ActivationCode, password: str):
    """A person sets their password with their code (valid by Django's validators, checked
    by the form); the code is used up. Returns the user, to log in."""
    row = ActivationCode.objects.select_for_update().get(pk=activation.pk)
    if row.used_at is not None or row.revoked_at is not None or row.expires_at <= timezone.now():
        raise ValidationError(_("This activation code was used or replaced, or has expired."))
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    user = row.user
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(
        **_owner(row.membership, row.federation_membership),
        action=AccountEvent.ACCOUNT_ACTIVATED,
        actor=user,
    )
    return user


@transaction.atomic
def password_change(*, user, password: str) -> None:
    """A signed-in person changes their password (the form checked the old one); the event
    is recorded where they belong."""
    user.set_password(password)
    user.save(update_fields=["password"])
    for membership in Membership.objects.filter(user=user, is_active=True).select_related(
        "enterprise"
    ):
        record_event(
            enterprise=membership.enterprise,
            target=membership,
            action=AccountEvent.PASSWORD_CHANGED,
            actor=user,
        )
    for row in FederationMembership.objects.filter(user=user).select_related("federation"):
        record_event(
            enterprise=None,
            federation=row.federation,
            target=row,
            action=AccountEvent.PASSWORD_CHANGED,
            actor=user,
        )


# --------------------------------------------------------------------------------------------
# Roles assigned in the app
# --------------------------------------------------------------------------------------------


def _scoped(obj, enterprise: Enterprise, field: str):
    if obj is not None and obj.enterprise_id != enterprise.pk:
        raise ValidationError({field: _("This belongs to another enterprise.")})
    return obj


@transaction.atomic
def membership_role_grant(
    *,
    membership: Membership,
    role: str,
    by,
    unit: OrgUnit | None = None,
    department: Department | None = None,
) -> Membership:
    """Give a person one of the roles beyond employee (ASSIGNABLE_ROLES). A unit collector
    keeps the register of their unit, a department head answers for their department: the
    unit or department is set on the membership with the role."""
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError(_("This role is not assigned here."))
    changes = _place_for_role(membership, role, unit, department)
    _row, created = MembershipRole.objects.get_or_create(membership=membership, role=role)
    if not created and not changes:
        return membership
    if changes:
        membership.save(update_fields=[name for name in ("unit", "department") if name in changes])
    if created:
        changes = {**changes, "roles": [None, role]}
    _role_event(membership, AccountEvent.ROLE_GRANTED, by=by, role=role, changes=changes)
    return membership


def _role_event(membership: Membership, action: str, *, by, role: str, changes: dict) -> None:
    record_event(
        enterprise=membership.enterprise,
        target=membership,
        action=action,
        actor=by,
        data={"role": role},
        changes=changes,
    )


def _place_for_role(membership: Membership, role: str, unit, department) -> dict:
    """Set the unit a collector keeps or the department a head answers for; the changes."""
    enterprise = membership.enterprise
    if role == Role.UNIT_COLLECTOR:
        if _scoped(unit, enterprise, "unit") is None:
            raise ValidationError({"unit": _("Choose the unit whose register they keep.")})
        return _move(membership, "unit", unit)
    if role == Role.DEPT_HEAD:
        if _scoped(department, enterprise, "department") is None:
            raise ValidationError({"department": _("Choose the department they head.")})
        return _move(membership, "department", department)
    return {}


def _move(membership: Membership, field: str, value) -> dict:
    before = getattr(membership, f"{field}_id")
    if before == value.pk:
        return {}
    setattr(membership, field, value)
    return {field: [before, value.pk]}


def _refuse_last_chair(enterprise: Enterprise) -> None:
    chairs = (
        MembershipRole.objects.select_for_update(of=("self",))
        .filter(
            role=Role.UNION_CHAIR,
            membership__enterprise=enterprise,
            membership__is_active=True,
            membership__user__is_active=True,
        )
        .values_list("pk", flat=True)
    )
    if len(list(chairs)) <= 1:
        raise ValidationError(
            _("The enterprise's last union chair cannot be removed: name another chair first.")
        )


@transaction.atomic
def membership_role_revoke(*, membership: Membership, role: str, by) -> Membership:
    """Take a role back. The last union chair of an enterprise keeps theirs: an enterprise
    without a chair has nobody who designates identity access or assigns roles."""
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError(_("This role is not assigned here."))
    row = MembershipRole.objects.filter(membership=membership, role=role).first()
    if row is None:
        return membership
    if role == Role.UNION_CHAIR:
        _refuse_last_chair(membership.enterprise)
    row.delete()
    changes = {"roles": [role, None]}
    _role_event(membership, AccountEvent.ROLE_REVOKED, by=by, role=role, changes=changes)
    return membership


# --------------------------------------------------------------------------------------------
# The federation office brings an enterprise in; the installation admin a federation
# --------------------------------------------------------------------------------------------


def _new_user(*, username: str, name: str, is_staff: bool = False):
    name = name.strip()
    user = User(username=username, last_name=name[:1], first_name=name[1:], is_staff=is_staff)
    user.set_unusable_password()
    user.save()
    return user


def _default_channels(enterprise: Enterprise) -> None:
    """The online form (the public page), the union office and the suggestion boxes: what
    the notice and the poster list until the union edits them."""
    public = settings.SITE_URL + reverse("public_page", kwargs={"code": enterprise.code})
    rows = [
        (Channel.Kind.ONLINE, public, handbook.ONLINE_CHANNEL_NOTE),
        (Channel.Kind.IN_PERSON, handbook.IN_PERSON_CHANNEL, ""),
        (Channel.Kind.BOX, handbook.BOX_CHANNEL, ""),
    ]
    for order, (kind, value, note) in enumerate(rows, start=1):
        Channel.objects.get_or_create(
            enterprise=enterprise,
            kind=kind,
            defaults={"value": value, "note": note, "order": order},
        )


def _first_chair(enterprise: Enterprise, name: str, phone: str, employee_no: str) -> Membership:
    """The new enterprise's union chair, who (as in most small enterprises) is also its union
    staff."""
    code = enterprise.code
    username = login_name(code, employee_no) if employee_no else f"{code}.chair"
    if User.objects.filter(username=username).exists():
        username = unique_username(username)
    chair = _new_user(username=username, name=name, is_staff=True)
    membership = Membership.objects.create(
        user=chair, enterprise=enterprise, phone=phone, employee_no=employee_no, post="工会主席"
    )
    for role in (Role.EMPLOYEE, Role.UNION_CHAIR, Role.UNION_STAFF):
        MembershipRole.objects.create(membership=membership, role=role)
    return membership


@transaction.atomic
def enterprise_create(
    *,
    federation: Federation,
    name: str,
    code: str,
    parent: Enterprise | None,
    chair_name: str,
    chair_phone: str,
    chair_employee_no: str = "",
    by,
) -> tuple[Enterprise, Membership, str]:
    """The federation office brings an enterprise in, ready to use: the handbook's
    departments, categories, leading group duties and notice (steps 1–2), default channels and
    the public page, and its first union chair with an activation code (returned in clear for
    the slip)."""
    phone = _check_new_enterprise(federation, parent, chair_phone)
    enterprise = _enterprise_set_up(federation, name=name, code=code, parent=parent)
    membership = _first_chair(enterprise, chair_name, phone, chair_employee_no.strip())
    _enterprise_created_event(enterprise, membership, by=by)
    return enterprise, membership, activation_code_issue(membership=membership, by=by)


def _check_new_enterprise(federation: Federation, parent: Enterprise | None, chair_phone) -> str:
    """The chair's phone normalised, once it and the parent enterprise are known to fit."""
    if parent is not None and parent.federation_id != federation.pk:
        raise ValidationError({"parent": _("The parent enterprise belongs to another federation.")})
    phone = normalise_phone(chair_phone)
    if not phone:
        raise ValidationError({"chair_phone": _("Enter an 11-digit mainland mobile number.")})
    return phone


def _enterprise_set_up(federation: Federation, *, name: str, code: str, parent) -> Enterprise:
    """The enterprise's row with the handbook's set-up and the default channels."""
    enterprise = Enterprise(
        name=name.strip(),
        code=code,
        federation=federation,
        parent=parent,
        union_name=f"{name.strip()}工会",
    )
    enterprise.full_clean()
    enterprise.save()
    enterprise_prefill(enterprise=enterprise)
    _default_channels(enterprise)
    return enterprise


def _enterprise_created_event(enterprise: Enterprise, chair: Membership, *, by) -> None:
    record_event(
        enterprise=enterprise,
        target=enterprise,
        action=AccountEvent.ENTERPRISE_CREATED,
        actor=by,
        data={"federation": enterprise.federation_id, "chair": chair.pk},
    )


@transaction.atomic
def federation_office_account_create(
    *, federation: Federation, name: str, phone: str, by=None
) -> tuple[FederationMembership, str]:
    """An account for a federation's office, with its activation code (in clear, once)."""
    normalised = normalise_phone(phone)
    if not normalised:
        raise ValidationError({"phone": _("Enter an 11-digit mainland mobile number.")})
    user = _new_user(username=unique_username(f"fed{federation.pk}.office"), name=name)
    membership = FederationMembership.objects.create(
        user=user, federation=federation, phone=normalised, role=Role.FEDERATION_OFFICE
    )
    record_event(
        enterprise=None,
        federation=federation,
        target=membership,
        action=AccountEvent.OFFICE_ACCOUNT_CREATED,
        actor=by,
    )
    return membership, federation_activation_code_issue(federation_membership=membership, by=by)


@transaction.atomic
def federation_create(
    *, name: str, office_name: str, office_phone: str, parent: Federation | None = None, by=None
) -> tuple[Federation, FederationMembership, str]:
    """The installation's superuser creates a federation and its first office account."""
    if not name.strip():
        raise ValidationError({"name": _("Enter the federation's name.")})
    federation = Federation.objects.create(name=name.strip(), parent=parent)
    record_event(
        enterprise=None,
        federation=federation,
        target=federation,
        action=AccountEvent.FEDERATION_CREATED,
        actor=by,
    )
    membership, code = federation_office_account_create(
        federation=federation, name=office_name, phone=office_phone, by=by
    )
    return federation, membership, code
