"""Pages of accounts without e-mail: activation (no login), password change, activation
slips, and the roles page of the union chair."""

from django.contrib import messages
from django.contrib.auth import login, password_validation, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import forget_access, get_enterprise_for
from consult.accounts import services
from consult.accounts.forms import ActivationForm, RoleChangeForm, SlipUnitForm
from consult.accounts.logins import find_account
from consult.accounts.selectors import people_with_roles, slip_people, slip_refusal
from consult.accounts.slips import member_place, slip_for, slips_pdf
from consult.docregistry import document_response
from consult.login_throttle import (
    attempt_for,
    locked_until,
    minutes_left,
    record_failure,
    record_success,
)
from consult.models import DeliveryChannel, Membership, Messenger, MessengerKind
from consult.pagination import query_without_page
from consult.roles import ASSIGNABLE_ROLES, Action

INVALID = 400
TOO_MANY = 429
BACKEND = "consult.login_throttle.ThrottledModelBackend"
KIND = "activate"


# --------------------------------------------------------------------------------------------
# Activation (no login): login name or phone, the slip's code, a new password
# --------------------------------------------------------------------------------------------


def activate(request):
    form = ActivationForm(request.POST or None, initial={"login": request.GET.get("login", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        status = _activate(request, form)
        if status == 302:
            messages.success(request, _("Your account is ready: you are logged in."))
            return redirect("home")
    elif request.method == "POST":
        status = INVALID
    return render(request, "consult/accounts/activate.html", {"form": form}, status=status)


def _activate(request, form) -> int:
    """Check the code (counted like a login), then the password; 302 when done."""
    typed = form.cleaned_data["login"]
    found = find_account(typed)
    attempt = attempt_for(request, typed, found)
    until = locked_until(attempt, KIND)
    if until:
        form.add_error(None, _locked_message(until))
        return TOO_MANY
    user = found.user if found.user is not None and found.user.is_active else None
    row = services.open_code_matching(user=user, code=form.cleaned_data["code"])
    if row is None:
        return _wrong_code(form, attempt, found)
    password = form.cleaned_data["password1"]
    try:
        password_validation.validate_password(password, row.user)
        user = services.account_activate(activation=row, password=password)
    except ValidationError as error:
        form.add_error("password1", error)
        return INVALID
    record_success(attempt, KIND)
    login(request, user, backend=BACKEND)
    return 302


def _wrong_code(form, attempt, found) -> int:
    """A failure counted like a failed login: TOO_MANY once locked, else INVALID saying what
    to check."""
    record_failure(attempt, KIND)
    until = locked_until(attempt, KIND)
    if until:
        form.add_error(None, _locked_message(until))
        return TOO_MANY
    if found.ambiguous:
        form.add_error(
            "login",
            _(
                "This phone number belongs to more than one account: "
                "enter the login name printed on your slip."
            ),
        )
    else:
        form.add_error(
            "code",
            _("The login name or the code is wrong, or the code was used or has expired."),
        )
    return INVALID


def _locked_message(until: float) -> str:
    return _("Too many failed attempts. Please wait %(minutes)d minute(s) and try again.") % {
        "minutes": minutes_left(until)
    }


# --------------------------------------------------------------------------------------------
# Password change (every signed-in person)
# --------------------------------------------------------------------------------------------


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # this session stays, the others end
        messages.success(request, _("Your password was changed. Your other sessions have ended."))
        return redirect("home")
    return render(
        request,
        "consult/accounts/password_change.html",
        {"form": form},
        status=INVALID if request.method == "POST" else 200,
    )


# --------------------------------------------------------------------------------------------
# Activation slips (the union office)
# --------------------------------------------------------------------------------------------


@login_required
def slips(request, code):
    """Print the slips of a unit's people who have not activated yet (issuing their codes)."""
    access = get_enterprise_for(request.user, code, action=Action.ISSUE_ACTIVATION_CODES)
    enterprise = access.enterprise
    form = SlipUnitForm(request.POST or request.GET or None, enterprise=enterprise)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    people, allowed = _waiting_for_slips(access, unit)
    if request.method == "POST":
        if not form.is_valid() or not allowed:
            messages.error(request, _("Nobody here is waiting for a slip that you may print."))
            return redirect(request.path)
        return document_response(_slips_issued(request, enterprise, allowed, unit))
    return render(
        request,
        "consult/accounts/slips.html",
        {
            "access": access,
            "enterprise": enterprise,
            "form": form,
            "people": people,
            "allowed": allowed,
            "unit": unit,
        },
    )


def _waiting_for_slips(access, unit) -> tuple[list, list]:
    """The unit's people waiting for a slip, and those of them this issuer may print."""
    people = list(slip_people(access.enterprise, unit=unit))
    return people, [m for m in people if slip_refusal(access, m) is None]


def _slips_issued(request, enterprise, allowed: list, unit):
    """The sheet of slips, each with a new code. One transaction: a sheet that fails to render
    issues no code."""
    label = unit.label if unit else ""
    with transaction.atomic():
        printed = [
            slip_for(
                user=m.user,
                place=member_place(m),
                code=services.activation_code_issue(membership=m, by=request.user),
            )
            for m in allowed
        ]
        return slips_pdf(
            printed,
            title=f"{enterprise.name}{label} 账号开通凭条",
            filename=f"{enterprise.name}{label}开通凭条.pdf",
            request=request,
        )


@login_required
@require_POST
def slip_reissue(request, code, pk):
    """A new slip for one person (forgotten password): the old code and password stop working
    and the person's sessions end. Answers with the one-person slip as a PDF."""
    access = get_enterprise_for(request.user, code, action=Action.ISSUE_ACTIVATION_CODES)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "enterprise", "unit__parent"),
        pk=pk,
        enterprise=access.enterprise,
    )
    refusal = slip_refusal(access, membership)
    if refusal:
        return render(request, "step_refused.html", {"message": refusal}, status=403)
    if request.POST.get("send"):
        return _code_send(request, membership)
    plaintext = services.activation_code_issue(membership=membership, by=request.user)
    slip = slip_for(user=membership.user, place=member_place(membership), code=plaintext)
    return document_response(
        slips_pdf(
            [slip],
            title=f"{slip.name} 账号开通凭条",
            filename=f"{slip.name}开通凭条.pdf",
            request=request,
        )
    )


def _code_send(request, membership):
    """The new code goes by SMS, WeCom or DingTalk; back to the roles page with what happened."""
    try:
        channels = services.activation_code_send(membership=membership, by=request.user)
    except ValidationError as error:
        return render(request, "step_refused.html", {"message": error.messages[0]}, status=409)
    names = "、".join(str(DeliveryChannel(c).label) for c in channels)
    messages.success(
        request,
        _(
            "A new code for %(name)s goes out by %(channels)s within a minute. Their old "
            "password no longer works; they activate again with the code."
        )
        % {
            "name": membership.user.get_full_name() or membership.user.get_username(),
            "channels": names,
        },
    )
    return redirect("roles", membership.enterprise.code)


# --------------------------------------------------------------------------------------------
# Roles (the union chair)
# --------------------------------------------------------------------------------------------


@login_required
def roles(request, code):
    access = get_enterprise_for(request.user, code, action=Action.ASSIGN_ROLES)
    enterprise = access.enterprise
    form = RoleChangeForm(request.POST or None, enterprise=enterprise)
    status = 200
    if request.method == "POST":
        membership = get_object_or_404(
            Membership.objects.select_related("enterprise"),
            pk=_posted_id(request, "membership"),
            enterprise=enterprise,
            is_active=True,
        )
        status = _change_role(request, access, form, membership)
        if status == 302:
            return redirect(f"{request.path}?{query_without_page(request)}")
    context = _roles_context(request, access, form)
    return render(request, "consult/accounts/roles.html", context, status=status)


def _roles_context(request, access, form) -> dict:
    """The people (searched, a page at a time) and what the chair may do for them."""
    enterprise = access.enterprise
    query = request.GET.get("q", "").strip()[:40]
    page = Paginator(people_with_roles(enterprise, query=query), 50).get_page(
        request.GET.get("page")
    )
    return {
        "access": access,
        "enterprise": enterprise,
        "form": form,
        "page": page,
        "q": query,
        "query": query_without_page(request),
        "assignable": ASSIGNABLE_ROLES,
        "may_issue": access.may(Action.ISSUE_ACTIVATION_CODES),
        "may_send": _code_channel_configured(enterprise),
    }


def _code_channel_configured(enterprise) -> bool:
    """Whether a code may reach people without a slip (SMS, WeCom or DingTalk configured)."""
    kinds = [MessengerKind.SMS_ALIYUN, MessengerKind.SMS_TENCENT, MessengerKind.WECOM_APP]
    kinds.append(MessengerKind.DINGTALK_APP)
    return Messenger.objects.filter(enterprise=enterprise, kind__in=kinds, is_active=True).exists()


def _change_role(request, access, form, membership) -> int:
    if not form.is_valid():
        return INVALID
    data = form.cleaned_data
    try:
        if request.POST.get("change") == "revoke":
            services.membership_role_revoke(
                membership=membership, role=data["role"], by=request.user
            )
        else:
            services.membership_role_grant(
                membership=membership,
                role=data["role"],
                by=request.user,
                unit=data["unit"],
                department=data["department"],
            )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return INVALID
    forget_access(request.user)
    messages.success(request, _("The roles were saved."))
    return 302


def _posted_id(request, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else 0
