import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult import docregistry, documents, personal_data, workdays
from consult.access import (
    enters_holiday_schedule,
    get_enterprise_for,
    hears_of_unknown_holidays,
    user_access,
)
from consult.audit import notifications_seen, notifications_shown
from consult.dashboard import panels_for
from consult.docregistry import DocumentContext, document_response
from consult.events import SetupEvent
from consult.forms import (
    ChannelFormSet,
    LeadingGroupForm,
    LeadingGroupMemberFormSet,
    NoticeForm,
    UnionOfficeForm,
)
from consult.models import (
    Channel,
    Enterprise,
    ImplementationNotice,
    LeadingGroup,
    Membership,
    Notification,
)
from consult.pagination import PAGE_SIZE, IdFirstPaginator
from consult.public import public_page_extras
from consult.roles import Action, Role
from consult.services import membership_set_identity_access, notice_for_year, setup_save

INVALID = 400  # a form that cannot be taken is answered with this status and shown again


def posted_id(request, name: str) -> int:
    """A primary key from POST data; anything that is not one becomes 0 (which matches none)."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else 0


@login_required
def home(request):
    access = user_access(request.user)
    members = [a for a in access.by_code.values()]
    offices = [f for f in access.federations.values() if f.may(Action.MANAGE_ENTERPRISES)]
    installation_admin = enters_holiday_schedule(request.user)
    if len(members) == 1 and not offices and not installation_admin:
        return redirect("enterprise_home", code=members[0].enterprise.code)
    if len(offices) == 1 and not members and not installation_admin:
        return redirect("federation_home", pk=offices[0].federation.pk)
    context = {"accesses": members, "offices": offices, "installation_admin": installation_admin}
    context["calendar_warning_years"] = _unknown_holiday_years(request.user, None)
    return render(request, "consult/home.html", context)


def _unknown_holiday_years(user, access) -> list[int]:
    """Years of the coming weeks' deadlines whose holidays are not known yet, for those who can
    act on it (consult.access.hears_of_unknown_holidays); nobody else is worried with it."""
    if not hears_of_unknown_holidays(user, access):
        return []
    today = timezone.localdate()
    return workdays.uncovered_years([today, workdays.add_working_days(today, 20)])


@login_required
def enterprise_home(request, code):
    access = user_access(request.user).by_code.get(code)
    if access is None:
        raise Http404
    response = render(
        request,
        "consult/enterprise_home.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "panels": panels_for(request, access),
            "calendar_warning_years": _unknown_holiday_years(request.user, access),
            "installation_admin": enters_holiday_schedule(request.user),
        },
    )
    notifications_seen(request)  # those the unread panel listed
    return response


# --------------------------------------------------------------------------------------------
# Step 1: leading group
# --------------------------------------------------------------------------------------------


def _leading_group(enterprise: Enterprise) -> LeadingGroup:
    try:
        return enterprise.leading_group
    except LeadingGroup.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def leading_group(request, code):
    access = get_enterprise_for(request.user, code)
    group = _leading_group(access.enterprise)
    return render(
        request,
        "consult/leading_group.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "group": group,
            "members": documents.leading_group_members(group),
            "can_edit": access.may(Action.MANAGE_SETUP),
        },
    )


@login_required
def leading_group_edit(request, code):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_SETUP)
    enterprise = access.enterprise
    group = _leading_group(enterprise)
    form = LeadingGroupForm(request.POST or None, instance=group)
    formset = LeadingGroupMemberFormSet(
        request.POST or None, instance=group, form_kwargs={"enterprise": enterprise}
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            setup_save(
                enterprise=enterprise,
                by=request.user,
                event=SetupEvent.LEADING_GROUP_EDITED,
                target=group,
                forms=[form],
                formsets=[("members", formset)],
            )
            messages.success(request, _("The leading group was saved."))
            return redirect("leading_group", code=code)
    status = INVALID if request.method == "POST" else 200
    return render(
        request,
        "consult/leading_group_edit.html",
        {
            "access": access,
            "enterprise": enterprise,
            "form": form,
            "formset": formset,
            "can_import": access.may(Action.IMPORT_ROSTER),
        },
        status=status,
    )


# --------------------------------------------------------------------------------------------
# Step 2: implementation notice, channels, public page
# --------------------------------------------------------------------------------------------


def _notice(enterprise, year) -> ImplementationNotice:
    return get_object_or_404(ImplementationNotice, enterprise=enterprise, year=year)


@login_required
def notice_current(request, code):
    access = get_enterprise_for(request.user, code)
    latest = access.enterprise.notices.order_by("-year").first()
    if latest is None:
        raise Http404
    return redirect("notice", code=code, year=latest.year)


@login_required
def notice(request, code, year):
    access = get_enterprise_for(request.user, code)
    enterprise = access.enterprise
    return render(
        request,
        "consult/notice.html",
        {
            "access": access,
            "enterprise": enterprise,
            "notice": _notice(enterprise, year),
            "channels": documents.public_channels(enterprise),
            "years": list(enterprise.notices.values_list("year", flat=True)),
            "can_edit": access.may(Action.MANAGE_SETUP),
            "next_year": timezone.localdate().year + 1,
        },
    )


@login_required
def notice_edit(request, code, year):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_SETUP)
    enterprise = access.enterprise
    notice_obj = _notice(enterprise, year)
    form = NoticeForm(request.POST or None, instance=notice_obj)
    office = UnionOfficeForm(request.POST or None, instance=enterprise, prefix="office")
    if request.method == "POST" and form.is_valid() and office.is_valid():
        setup_save(
            enterprise=enterprise,
            by=request.user,
            event=SetupEvent.NOTICE_EDITED,
            target=notice_obj,
            forms=[form, office],
        )
        messages.success(request, _("The implementation notice was saved."))
        return redirect("notice", code=code, year=year)
    return render(
        request,
        "consult/notice_edit.html",
        {
            "access": access,
            "enterprise": enterprise,
            "form": form,
            "office": office,
            "notice": notice_obj,
        },
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
@require_POST
def notice_create(request, code):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_SETUP)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        messages.error(request, _("A notice can be started for last year, this year or next year."))
        return redirect("notice_current", code=code)
    notice_for_year(enterprise=access.enterprise, year=year)
    return redirect("notice_edit", code=code, year=year)


@login_required
def channels_edit(request, code):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_SETUP)
    enterprise = access.enterprise
    queryset = Channel.objects.filter(enterprise=enterprise)
    formset = ChannelFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        setup_save(
            enterprise=enterprise,
            by=request.user,
            event=SetupEvent.CHANNELS_EDITED,
            target=enterprise,
            formsets=[("channels", formset)],
        )
        messages.success(request, _("The channels were saved."))
        return redirect("notice_current", code=code)
    return render(
        request,
        "consult/channels_edit.html",
        {"access": access, "enterprise": enterprise, "formset": formset},
        status=INVALID if request.method == "POST" else 200,
    )


def public_page(request, code):
    """The enterprise's public page (no login): channels, the promise, the online form."""
    enterprise = get_object_or_404(Enterprise, code=code, is_active=True)
    return render(
        request,
        "consult/public.html",
        {
            "enterprise": enterprise,
            "channels": documents.public_channels(enterprise),
            "promise": documents.CONFIDENTIALITY_PROMISE,
            "extras": public_page_extras(request, enterprise),
        },
    )


# --------------------------------------------------------------------------------------------
# Every printable document (consult.docregistry)
# --------------------------------------------------------------------------------------------


@login_required
def document(request, code, document, fmt, pk=None):
    """One registered document of the enterprise (no `pk`) or of one of its objects.

    404 for an unknown document or format, another enterprise, or an object the reader may not
    see; 403 for a reader who sees the object but may not read this document.
    """
    entry = docregistry.get(document)
    if fmt not in entry.formats or (pk is None) != (entry.model is None):
        raise Http404
    access = get_enterprise_for(request.user, code)
    ctx = DocumentContext(access=access, user=request.user, params=request.GET, request=request)
    try:
        subject = entry.lookup(ctx, pk)
        if not entry.permits(access, subject):
            raise PermissionDenied
        rendered = entry.render(subject, fmt, ctx)
    except BadRequest as bad:
        # A parameter that cannot be (a quarter 9): say which, in the reader's language.
        return render(
            request,
            "consult/document_bad_request.html",
            {
                "access": access,
                "enterprise": access.enterprise,
                "title": entry.title,
                "message": str(bad),
            },
            status=400,
        )
    except docregistry.TooLarge as too_large:
        # Minutes of rendering would end in a worker timeout: say so, and offer the other format.
        kwargs = {"code": code, "document": document, "fmt": too_large.alternative}
        if pk is not None:
            kwargs["pk"] = pk
        name = "enterprise_document" if pk is None else "document"
        query = request.GET.urlencode()
        return render(
            request,
            "consult/document_too_large.html",
            {
                "access": access,
                "enterprise": access.enterprise,
                "title": entry.title,
                "too_large": too_large,
                "alternative_url": reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""),
            },
            status=400,
        )
    return document_response(rendered)


@login_required
def notifications(request, code):
    access = get_enterprise_for(request.user, code)
    rows = Notification.objects.filter(recipient=request.user, enterprise=access.enterprise)
    # A page at a time: a chair's history runs to tens of thousands and all of it stays reachable.
    page = IdFirstPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    notifications_shown(request, page)
    response = render(
        request,
        "consult/notifications.html",
        {"access": access, "enterprise": access.enterprise, "rows": page, "page": page},
    )
    notifications_seen(request)
    return response


@login_required
def notification_open(request, code, pk):
    """Open one notification and land on the page it is about. One that asks nothing is read
    now; one that asks something waits until the work is done."""
    access = get_enterprise_for(request.user, code)
    note = get_object_or_404(
        Notification, pk=pk, recipient=request.user, enterprise=access.enterprise
    )
    Notification.objects.filter(pk=note.pk).seen()
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect(reverse("notifications", kwargs={"code": code}))


@login_required
@require_POST
def notifications_read(request, code):
    access = get_enterprise_for(request.user, code)
    Notification.objects.filter(
        recipient=request.user, enterprise=access.enterprise, read_at__isnull=True
    ).update(read_at=timezone.now())
    return redirect(reverse("notifications", kwargs={"code": code}))


@login_required
def working_day_preview(request):
    """Small helper page: what is N working days after a date (used by staff forms)."""
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
        n = int(request.GET.get("n", "3"))
    except ValueError:
        start, n = timezone.localdate(), 3
    n = max(0, min(n, 250))
    result = workdays.add_working_days(start, n)
    return render(
        request,
        "consult/workdays.html",
        {
            "start": start,
            "n": n,
            "result": result,
            "uncovered": workdays.uncovered_years([start, result]),
        },
    )


@login_required
def my_data(request):
    """A person's own page of what the app holds about them, and its download."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("enterprise", "unit__parent", "department")
        .prefetch_related("roles")
    )
    return render(request, "consult/my_data.html", {"memberships": memberships})


@login_required
def my_data_download(request):
    """个人信息保护法: everything the app holds about the person, as a ZIP (HTML and JSON)."""
    name, content = personal_data.export_zip(request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def identity_access(request, code):
    """The union chair designates which union staff may see protected requesters."""
    access = get_enterprise_for(request.user, code, action=Action.DESIGNATE_IDENTITY_ACCESS)
    staff = (
        Membership.objects.filter(
            enterprise=access.enterprise, is_active=True, roles__role=Role.UNION_STAFF
        )
        .exclude(roles__role=Role.UNION_CHAIR)
        .select_related("user", "department")
        .order_by("user__username")
    )
    if request.method == "POST":
        membership = get_object_or_404(staff, pk=posted_id(request, "membership"))
        allowed = request.POST.get("allowed") == "1"
        membership_set_identity_access(membership=membership, allowed=allowed, by=request.user)
        messages.success(request, _("The designation was saved."))
        return redirect("identity_access", code=code)
    return render(
        request,
        "consult/identity_access.html",
        {"access": access, "enterprise": access.enterprise, "staff": staff},
    )
