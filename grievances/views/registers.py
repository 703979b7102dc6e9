"""Unit collection registers (征集协商议题记录本): keep, hand up, convert, print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.models import OrgUnit
from consult.roles import Action
from consult.steps import run_step
from grievances import services
from grievances.forms import (
    RegisterRowFormSet,
    RegisterUnitForm,
)
from grievances.models import CollectionRegister
from grievances.selectors import get_register_for
from grievances.views._common import INVALID
from grievances.workflow import REGISTER_FLOW

# --------------------------------------------------------------------------------------------
# Unit collection registers (征集协商议题记录本)
# --------------------------------------------------------------------------------------------


@login_required
def register_list(request, code):
    access = get_enterprise_for(request.user, code)
    if not (access.may(Action.KEEP_REGISTER) or access.may(Action.REGISTER_GRIEVANCE)):
        raise PermissionDenied
    registers = CollectionRegister.objects.filter(enterprise=access.enterprise).select_related(
        "unit__parent", "keeper"
    )
    if access.may(Action.REGISTER_GRIEVANCE):
        handed_up = registers.exclude(status__in=REGISTER_FLOW.step("hand_up").sources)
        registers = handed_up | registers.filter(keeper=request.user)
    else:
        registers = registers.filter(keeper=request.user)
    return render(
        request,
        "grievances/registers.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "registers": registers,
            "units": OrgUnit.objects.filter(enterprise=access.enterprise, is_active=True),
        },
    )


@login_required
def register_create(request, code):
    access = get_enterprise_for(request.user, code, action=Action.KEEP_REGISTER)
    initial_unit = access.membership.unit_id if access.membership else None
    form = RegisterUnitForm(
        request.POST or None, enterprise=access.enterprise, initial={"unit": initial_unit}
    )
    formset = RegisterRowFormSet(request.POST or None, prefix="rows")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            register = services.register_create(
                enterprise=access.enterprise,
                by=request.user,
                unit=form.cleaned_data["unit"],
                rows=[f.cleaned_data for f in formset.forms if f.cleaned_data],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Register saved."))
            return redirect("register_detail", code=code, pk=register.pk)
    return render(
        request,
        "grievances/register_form.html",
        {"access": access, "enterprise": access.enterprise, "form": form, "formset": formset},
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def register_detail(request, code, pk):
    access, register = get_register_for(request.user, code, pk)
    return _register_page(request, access, register)


def _register_page(request, access, register, status=200):
    rows = register.rows.select_related("grievance")
    return render(
        request,
        "grievances/register_detail.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "register": register,
            "rows": rows,
            "may_hand_up": REGISTER_FLOW.may(access, request.user, register, "hand_up"),
            "may_convert": REGISTER_FLOW.may(access, request.user, register, "convert"),
        },
        status=status,
    )


@require_POST
@login_required
def register_hand_up(request, code, pk):
    access, register = get_register_for(request.user, code, pk)
    return _register_step(
        request,
        access,
        register,
        "hand_up",
        lambda _d: services.register_hand_up(register=register, by=request.user),
        lambda _d, _r: _("Handed up to the enterprise union."),
    )


@require_POST
@login_required
def register_convert(request, code, pk):
    access, register = get_register_for(request.user, code, pk)
    return _register_step(
        request,
        access,
        register,
        "convert",
        lambda _d: services.register_convert(register=register, by=request.user),
        lambda _d, created: _("%(n)d grievances created.") % {"n": len(created)},
    )


def _register_step(request, access, register, step, call, said):
    return run_step(
        request,
        flow=REGISTER_FLOW,
        access=access,
        obj=register,
        step=step,
        call=call,
        page=lambda _form, status: _register_page(request, access, register, status),
        said=said,
        to=reverse("register_detail", args=[register.enterprise.code, register.pk]),
    )
