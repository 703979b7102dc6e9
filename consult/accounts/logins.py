"""Login names and phone numbers: how a person without e-mail is found at login.

- A person brought in by the roster logs in as `<enterprise code>-<工号>` in lower case
  (`acme-1024`): codes are unique across the installation and a 工号 is unique within its
  enterprise, so the name is unique across enterprises; it is printed on the activation slip.
- Accounts the app creates without a 工号 (a union chair named by the federation office, the
  office's own accounts) are `<code>.chair`, `fed<id>.office`: a dot never occurs in an
  enterprise code, so these never meet a roster name.
- Anyone may type their mobile phone number instead, when it belongs to exactly one active
  account; a phone shared by several accounts asks for the login name.
- Existing user names (the demo personas, accounts made in admin) keep working.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from consult.models import FederationMembership, Membership
from consult.phones import NotAMobile
from consult.phones import normalise_phone as _normalise


def login_name(enterprise_code: str, employee_no: str) -> str:
    """The roster's login name of a person: `acme-1024`."""
    return f"{enterprise_code}-{employee_no.strip()}".lower()


def normalise_phone(text) -> str:
    """The 11-digit mainland mobile number typed, or "" when it is not one (login forms treat
    anything else as a login name); `consult.phones` is the one rule."""
    try:
        return _normalise(text)
    except NotAMobile:
        return ""


@dataclass(frozen=True)
class Found:
    user: object | None
    # The phone belongs to more than one active account: the login name is needed.
    ambiguous: bool = False


def find_account(identifier: str) -> Found:
    """The account a login name or phone number names (active accounts only)."""
    User = get_user_model()
    typed = (identifier or "").strip()
    if not typed:
        return Found(None)
    exact = User.objects.filter(username=typed).first()
    if exact is not None:
        return Found(exact)
    folded = list(User.objects.filter(username__iexact=typed)[:2])
    if len(folded) == 1:
        return Found(folded[0])
    return _found_by_phone(normalise_phone(typed))


def _found_by_phone(phone: str) -> Found:
    """The one active account with this phone (as a member or a federation's office)."""
    if not phone:
        return Found(None)
    ids = set(
        Membership.objects.filter(phone=phone, is_active=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    ) | set(
        FederationMembership.objects.filter(phone=phone, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    if len(ids) > 1:
        return Found(None, ambiguous=True)
    if ids:
        return Found(get_user_model().objects.get(pk=ids.pop()))
    return Found(None)


def unique_username(base: str) -> str:
    """`base`, or `base2`, `base3`… the first one no account has."""
    User = get_user_model()
    taken = set(
        User.objects.filter(Q(username=base) | Q(username__startswith=base)).values_list(
            "username", flat=True
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"
