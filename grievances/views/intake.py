"""Step 3 intake pages: the employee's items, online submission, registration by the union."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consult.access import get_enterprise_for
from consult.models import display_name
from consult.pagination import PAGE_SIZE, IdFirstPaginator
from consult.roles import Action
from grievances import services
from grievances.forms import (
    RegisterForm,
    SubmitForm,
)
from grievances.models import Grievance
from grievances.next_actors import next_actors
from grievances.selectors import deadline_of
from grievances.views._common import INVALID, _detail_url

# --------------------------------------------------------------------------------------------
# Intake
# --------------------------------------------------------------------------------------------


@login_required
def grievance_mine(request, code):
    access = get_enterprise_for(request.user, code, action=Action.SUBMIT_GRIEVANCE)
    items = (
        Grievance.objects.filter(enterprise=access.enterprise, requester=request.user)
        .select_related("category", "merged_into")
        .prefetch_related("departments", "department_answers")
        .order_by("-received_at", "-id")
    )
    # A page at a time, as every list: an employee of many years stays at a fixed cost.
    page = IdFirstPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grievances/mine.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "page": page,
            "rows": [(g, next_actors(g), deadline_of(g)) for g in page],
        },
    )


@login_required
def grievance_submit(request, code):
    access = get_enterprise_for(request.user, code, action=Action.SUBMIT_GRIEVANCE)
    form = SubmitForm(request.POST or None, request.FILES or None, enterprise=access.enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grievance = services.grievance_submit(
                enterprise=access.enterprise,
                by=request.user,
                kind=data["kind"],
                content=data["content"],
                disclosure=data["disclosure"],
                category=data["category"],
                attachments=data["attachments"],
                token=data["token"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            secret = getattr(grievance, "receipt_secret", None)
            if secret:
                return render(
                    request,
                    "grievances/receipt.html",
                    {
                        "enterprise": access.enterprise,
                        "grievance": grievance,
                        "secret": secret,
                    },
                )
            messages.success(
                request,
                _(
                    "Submitted as %(number)s. Next: the union office checks it and tells you "
                    "whether it is accepted."
                )
                % {"number": grievance.number},
            )
            if grievance.requester_id == request.user.pk:
                return redirect(_detail_url(grievance))
            return redirect("grievance_mine", code=code)
    return render(
        request,
        "grievances/submit.html",
        {"access": access, "enterprise": access.enterprise, "form": form},
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def grievance_register(request, code):
    access = get_enterprise_for(request.user, code, action=Action.REGISTER_GRIEVANCE)
    form = RegisterForm(request.POST or None, request.FILES or None, enterprise=access.enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = data["requester"]
        try:
            grievance = services.grievance_register(
                enterprise=access.enterprise,
                by=request.user,
                channel=data["channel"],
                received_at=data["received_at"],
                kind=data["kind"],
                content=data["content"],
                disclosure=data["disclosure"],
                category=data["category"],
                requester=membership.user if membership else None,
                requester_name=data["requester_name"]
                or (display_name(membership.user) if membership else ""),
                requester_unit=data["requester_unit"] or (membership.unit if membership else None),
                requester_phone=data["requester_phone"] or (membership.phone if membership else ""),
                attachments=data["attachments"],
                token=data["token"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": grievance.number})
            return redirect(_detail_url(grievance))
    return render(
        request,
        "grievances/register.html",
        {"access": access, "enterprise": access.enterprise, "form": form},
        status=INVALID if request.method == "POST" else 200,
    )
