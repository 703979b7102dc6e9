"""Step 6 pages of the bulletin (情况通报): the list, a draft, its edit, and its issue after an
explicit confirmation. Views parse, check access, call a service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.roles import Action
from consult.steps import CONFLICT, run_step
from consult.workflow import StepRefused
from meetings.models import Meeting
from supervision import services
from supervision.forms import BulletinForm, BulletinIssueForm
from supervision.selectors import get_bulletin_for, visible_bulletins
from supervision.workflow import BULLETIN_EDITABLE, BULLETIN_FLOW

INVALID = 400


@login_required
def bulletin_list(request, code):
    access = get_enterprise_for(request.user, code, action=Action.SUPERVISE)
    meetings = list(
        Meeting.objects.filter(enterprise=access.enterprise, tasks__isnull=False)
        .distinct()
        .order_by("-year", "-number")
    )
    return render(
        request,
        "supervision/bulletins.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "bulletins": list(visible_bulletins(access)),
            "meetings": meetings,
        },
    )


@require_POST
@login_required
def bulletin_create(request, code):
    access = get_enterprise_for(request.user, code, action=Action.SUPERVISE)
    meeting = Meeting.objects.filter(
        enterprise=access.enterprise, pk=request.POST.get("meeting") or 0
    ).first()
    if meeting is None:
        messages.error(request, _("Choose a meeting."))
        return redirect("bulletin_list", code=code)
    try:
        bulletin = services.bulletin_draft(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("bulletin_list", code=code)
    return redirect("bulletin_detail", code=code, pk=bulletin.pk)


def _bulletin_page(request, access, bulletin, *, form=None, status=200):
    editable = bulletin.status in BULLETIN_EDITABLE and access.may(Action.SUPERVISE)
    if editable and form is None:
        form = BulletinForm(
            initial={
                "title": bulletin.title,
                "addressee": bulletin.addressee,
                "body": bulletin.body,
                "signature": bulletin.signature,
                "dated": bulletin.dated,
                "on_public_page": bulletin.on_public_page,
            }
        )
    return render(
        request,
        "supervision/bulletin.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "bulletin": bulletin,
            "form": form if editable else None,
        },
        status=status,
    )


@login_required
def bulletin_detail(request, code, pk):
    access, bulletin = get_bulletin_for(request.user, code, pk)
    return _bulletin_page(request, access, bulletin)


@require_POST
@login_required
def bulletin_edit(request, code, pk):
    access, bulletin = get_bulletin_for(request.user, code, pk, action=Action.SUPERVISE)
    form = BulletinForm(request.POST)
    if not form.is_valid():
        return _bulletin_page(request, access, bulletin, form=form, status=INVALID)
    try:
        services.bulletin_edit(bulletin=bulletin, by=request.user, **form.cleaned_data)
    except StepRefused as exc:
        messages.error(request, exc.message)
        return _bulletin_page(request, access, bulletin, status=CONFLICT)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _bulletin_page(request, access, bulletin, form=form, status=INVALID)
    messages.success(request, _("Saved."))
    return redirect("bulletin_detail", code=code, pk=pk)


def _issue_page(request, access, bulletin, *, form=None, status=200):
    return render(
        request,
        "supervision/bulletin_issue.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "bulletin": bulletin,
            "problems": services.bulletin_problems(bulletin),
            "form": form or BulletinIssueForm(),
        },
        status=status,
    )


@login_required
def bulletin_issue(request, code, pk):
    """GET: the confirmation page (the text, where it appears, what is still missing); POST
    with the box ticked: the bulletin is issued."""
    access, bulletin = get_bulletin_for(request.user, code, pk, action=Action.SUPERVISE)
    if request.method != "POST":
        if bulletin.status not in BULLETIN_EDITABLE:
            return redirect("bulletin_detail", code=code, pk=pk)
        return _issue_page(request, access, bulletin)

    def page(bound, status):
        if status == CONFLICT:
            return _bulletin_page(request, access, bulletin, status=status)
        return _issue_page(request, access, bulletin, form=bound, status=status)

    return run_step(
        request,
        flow=BULLETIN_FLOW,
        access=access,
        obj=bulletin,
        step="issue",
        form=BulletinIssueForm(request.POST),
        call=lambda _d: services.bulletin_issue(bulletin=bulletin, by=request.user),
        page=page,
        said=_("The bulletin was issued."),
        to=reverse("bulletin_detail", args=[code, pk]),
    )
