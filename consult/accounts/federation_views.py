"""The federation office's pages: its enterprises' set-up state (never their people or
items), bringing an enterprise in with its first union chair, and a new slip for a chair."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from consult.access import get_federation_for
from consult.accounts import services
from consult.accounts.forms import EnterpriseCreateForm
from consult.accounts.selectors import setup_states
from consult.accounts.slips import member_place, slip_for, slips_pdf
from consult.docregistry import document_response
from consult.models import Enterprise, Membership
from consult.roles import Action, Role

INVALID = 400


def _office(request, pk):
    return get_federation_for(request.user, pk, action=Action.MANAGE_ENTERPRISES)


@login_required
def federation_home(request, pk):
    office = _office(request, pk)
    enterprises = Enterprise.objects.filter(federation=office.federation)
    return render(
        request,
        "consult/accounts/federation_home.html",
        {"office": office, "federation": office.federation, "states": setup_states(enterprises)},
    )


@login_required
def enterprise_create(request, pk):
    office = _office(request, pk)
    federation = office.federation
    form = EnterpriseCreateForm(request.POST or None, federation=federation)
    if request.method == "POST" and form.is_valid():
        try:
            _enterprise, chair, plaintext = _enterprise_created(request, federation, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _issued(request, office, chair, plaintext, created=True)
    return render(
        request,
        "consult/accounts/enterprise_create.html",
        {"office": office, "federation": federation, "form": form},
        status=INVALID if request.method == "POST" else 200,
    )


def _enterprise_created(request, federation, form):
    data = form.cleaned_data
    return services.enterprise_create(
        federation=federation,
        name=data["name"],
        code=data["code"],
        parent=data["parent"],
        chair_name=data["chair_name"],
        chair_phone=data["chair_phone"],
        chair_employee_no=data["chair_employee_no"],
        by=request.user,
    )


def _chair(office, membership_pk, enterprise=None) -> Membership:
    """An active union chair of an enterprise of this federation (of `enterprise`), or 404."""
    chairs = Membership.objects.select_related("user", "enterprise", "unit__parent").filter(
        enterprise__federation=office.federation, is_active=True, roles__role=Role.UNION_CHAIR
    )
    if enterprise is not None:
        chairs = chairs.filter(enterprise=enterprise)
    return get_object_or_404(chairs, pk=membership_pk)


@login_required
@require_POST
def chair_slip(request, pk, code):
    """A chair forgot their password (or never got the slip): a new slip, the old one void."""
    office = _office(request, pk)
    enterprise = get_object_or_404(Enterprise, federation=office.federation, code=code)
    chairs = Membership.objects.filter(
        enterprise=enterprise, is_active=True, roles__role=Role.UNION_CHAIR
    ).order_by("pk")
    chair = _chair(office, _posted_pk(request) or getattr(chairs.first(), "pk", 0), enterprise)
    user = chair.user
    # An account that also belongs to another federation's enterprise, or to a federation, is
    # not this office's to reset.
    elsewhere = Membership.objects.filter(user=user, is_active=True).exclude(
        enterprise__federation=office.federation
    )
    if user.is_superuser or user.federation_memberships.exists() or elsewhere.exists():
        raise Http404
    plaintext = services.activation_code_issue(membership=chair, by=request.user)
    return _issued(request, office, chair, plaintext, created=False)


def _issued(request, office, chair, plaintext, *, created):
    slip = slip_for(user=chair.user, place=member_place(chair), code=plaintext)
    return render(
        request,
        "consult/accounts/chair_issued.html",
        {
            "office": office,
            "federation": office.federation,
            "enterprise": chair.enterprise,
            "chair": chair,
            "slip": slip,
            "plaintext": plaintext,
            "created": created,
        },
    )


@login_required
@require_POST
def chair_slip_pdf(request, pk):
    """The PDF of a slip just shown on screen: the page posts the code back, and it is printed
    only if it is that chair's open code (nothing about it is kept to print it later)."""
    office = _office(request, pk)
    chair = _chair(office, _posted_pk(request))
    plaintext = request.POST.get("code", "")[:40]
    if services.open_code_matching(user=chair.user, code=plaintext) is None:
        raise Http404
    slip = slip_for(user=chair.user, place=member_place(chair), code=plaintext)
    return document_response(
        slips_pdf(
            [slip],
            title=f"{slip.name} 账号开通凭条",
            filename=f"{chair.enterprise.name}工会主席开通凭条.pdf",
            request=request,
        )
    )


def _posted_pk(request) -> int:
    value = request.POST.get("membership", "")
    return int(value) if value.isdigit() and len(value) < 19 else 0
