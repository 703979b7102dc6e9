"""Step 3 pages: intake, the staff list, an item's page with its timeline and action forms,
the queues, topics and the unit collection registers. Views parse, check access, call a
service and redirect; they never change a status themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.models import display_name
from consult.roles import Action
from grievances import documents, services
from grievances.filters import GrievanceFilter
from grievances.forms import (
    AnswerForm,
    ApprovalForm,
    ClassifyForm,
    NoteForm,
    OpinionForm,
    RegisterForm,
    RegisterRowFormSet,
    RegisterUnitForm,
    SubmitForm,
    TopicEditForm,
    TopicForm,
    VerifyForm,
)
from grievances.models import CollectionRegister, Grievance, Status, Topic
from grievances.selectors import (
    approval_queue,
    department_queue,
    get_grievance_for,
    requester_display,
    requester_label,
    staff_list,
    suggest_categories,
)
from grievances.services import TRANSITIONS, TransitionError

INVALID = 400  # a form that cannot be taken is shown again with this status
CONFLICT = 409  # a step that does not follow from the item's status
PAGE_SIZE = 25

EVENT_LABELS = {
    "submitted": gettext_lazy("Submitted"),
    "registered": gettext_lazy("Registered by the union"),
    "verified": gettext_lazy("Accepted as authentic"),
    "rejected": gettext_lazy("Rejected"),
    "merged": gettext_lazy("Merged into another item"),
    "absorbed": gettext_lazy("Another item merged into this one"),
    "classified": gettext_lazy("Classified"),
    "opinion_signed": gettext_lazy("Union opinion signed"),
    "routing_approved": gettext_lazy("Routing approved"),
    "routing_returned": gettext_lazy("Returned to the union"),
    "answered": gettext_lazy("Answered by the department"),
    "department_cannot_solve": gettext_lazy("The department cannot solve it"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "topic_assigned": gettext_lazy("Grouped into a topic"),
    "put_on_agenda": gettext_lazy("Put on a meeting agenda"),
    "taken_off_agenda": gettext_lazy("Taken off a meeting agenda"),
    "decided": gettext_lazy("Decided at a meeting"),
    "attachment_added": gettext_lazy("Attachment added"),
}


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))


def _detail_url(grievance: Grievance) -> str:
    return reverse("grievance_detail", args=[grievance.enterprise.code, grievance.pk])


# --------------------------------------------------------------------------------------------
# Intake
# --------------------------------------------------------------------------------------------


@login_required
def grievance_mine(request, code):
    access = get_enterprise_for(request.user, code, action=Action.SUBMIT_GRIEVANCE)
    items = (
        Grievance.objects.filter(enterprise=access.enterprise, requester=request.user)
        .select_related("category", "merged_into")
        .order_by("-received_at", "-id")
    )
    return render(
        request,
        "grievances/mine.html",
        {"access": access, "enterprise": access.enterprise, "items": items},
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
                    {"enterprise": access.enterprise, "grievance": grievance, "secret": secret},
                )
            messages.success(request, _("Received as %(number)s.") % {"number": grievance.number})
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


# --------------------------------------------------------------------------------------------
# Lists and queues
# --------------------------------------------------------------------------------------------


def _rows(items, access, user):
    return [(g, requester_label(g, access, user)) for g in items]


@login_required
def grievance_list(request, code):
    access = get_enterprise_for(request.user, code, action=Action.VIEW_ALL_GRIEVANCES)
    filterset = GrievanceFilter(
        request.GET or None,
        queryset=staff_list(access, request.user).order_by("-received_at", "-id"),
        access=access,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grievances/list.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "filter": filterset,
            "page": page,
            "rows": _rows(page.object_list, access, request.user),
            "query": query.urlencode(),
        },
    )


def _queue(request, access, queryset, title):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grievances/queue.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "page": page,
            "rows": _rows(page.object_list, access, request.user),
            "title": title,
        },
    )


@login_required
def department_queue_view(request, code):
    access = get_enterprise_for(request.user, code, action=Action.ANSWER_AS_DEPARTMENT)
    return _queue(request, access, department_queue(access), _("Items for my department"))


@login_required
def approval_queue_view(request, code):
    access = get_enterprise_for(request.user, code, action=Action.APPROVE_ROUTING)
    return _queue(request, access, approval_queue(access), _("Routing opinions to approve"))


# --------------------------------------------------------------------------------------------
# One item
# --------------------------------------------------------------------------------------------


def _answering_department(access, grievance):
    department = access.membership.department if access.membership else None
    if (
        department is not None
        and access.may(Action.ANSWER_AS_DEPARTMENT)
        and grievance.departments.filter(pk=department.pk).exists()
    ):
        return department
    return None


def _available_forms(request, access, grievance) -> dict:
    s = grievance.status
    enterprise = access.enterprise
    forms = {}
    if access.may(Action.VERIFY_GRIEVANCE) and s == Status.SUBMITTED:
        forms["verify"] = VerifyForm(grievance=grievance)
    if access.may(Action.VERIFY_GRIEVANCE) and s in {
        Status.VERIFIED,
        Status.CLASSIFIED,
        Status.RETURNED,
    }:
        forms["classify"] = ClassifyForm(
            enterprise=enterprise,
            initial={
                "category": grievance.category_id,
                "departments": [d.pk for d in grievance.departments.all()],
                "responsible_person": grievance.responsible_person,
            },
        )
    if access.may(Action.SIGN_OPINION) and s in {Status.CLASSIFIED, Status.RETURNED}:
        forms["opinion"] = OpinionForm(
            initial={"route": grievance.route, "opinion": grievance.opinion}
        )
    if access.may(Action.APPROVE_ROUTING) and s == Status.OPINION_SIGNED:
        forms["approval"] = ApprovalForm()
    if s == Status.ROUTED_DEPARTMENT and _answering_department(access, grievance):
        forms["answer"] = AnswerForm()
    if grievance.requester_id == request.user.pk and Status.WITHDRAWN in TRANSITIONS.get(
        s, frozenset()
    ):
        forms["withdraw"] = NoteForm()
    return forms


def _detail(request, access, grievance, *, bound: dict | None = None, status: int = 200):
    forms = _available_forms(request, access, grievance)
    forms.update(bound or {})
    staff = access.may(Action.VIEW_ALL_GRIEVANCES) or access.may(Action.ANSWER_AS_DEPARTMENT)
    events = grievance.events.select_related("actor")
    if not staff:
        events = events.filter(public=True)
    requester = requester_display(grievance, access, request.user, context="detail")
    # The requester's own steps must not name them to someone who may not see who they are.
    hidden_actor = grievance.requester_id if not requester.shown else None
    timeline = [
        (e, event_label(e.action), e.actor if e.actor_id != hidden_actor else None) for e in events
    ]
    return render(
        request,
        "grievances/detail.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "grievance": grievance,
            "requester": requester,
            "timeline": timeline,
            "forms": forms,
            "attachments": grievance.attachments.all(),
            "departments": grievance.departments.all(),
            "merged_items": grievance.merged_items.all() if staff else [],
            "suggestions": suggest_categories(grievance) if "classify" in forms else [],
            "staff": staff,
        },
        status=status,
    )


@login_required
def grievance_detail(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    return _detail(request, access, grievance)


def _run(request, access, grievance, name, form, call):
    """Validate, call the service, redirect; re-show the page with 400/409 when refused."""
    if not form.is_valid():
        return _detail(request, access, grievance, bound={name: form}, status=INVALID)
    try:
        call(form.cleaned_data)
    except TransitionError as exc:
        messages.error(request, str(exc))
        grievance.refresh_from_db()
        return _detail(request, access, grievance, status=CONFLICT)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, access, grievance, bound={name: form}, status=INVALID)
    messages.success(request, _("Saved."))
    return redirect(_detail_url(grievance))


@require_POST
@login_required
def grievance_verify(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.VERIFY_GRIEVANCE)
    form = VerifyForm(request.POST, grievance=grievance)

    def call(data):
        if data["outcome"] == VerifyForm.AUTHENTIC:
            services.grievance_verify(grievance=grievance, by=request.user)
        elif data["outcome"] == VerifyForm.UNFOUNDED:
            services.grievance_reject(grievance=grievance, by=request.user, reason=data["reason"])
        else:
            services.grievance_merge(
                grievance=grievance,
                into=data["duplicate_of"],
                by=request.user,
                note=data["reason"],
            )

    return _run(request, access, grievance, "verify", form, call)


@require_POST
@login_required
def grievance_classify(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.VERIFY_GRIEVANCE)
    form = ClassifyForm(request.POST, enterprise=access.enterprise)
    return _run(
        request,
        access,
        grievance,
        "classify",
        form,
        lambda d: services.grievance_classify(
            grievance=grievance,
            by=request.user,
            category=d["category"],
            departments=d["departments"],
            responsible_person=d["responsible_person"],
        ),
    )


@require_POST
@login_required
def grievance_opinion(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.SIGN_OPINION)
    form = OpinionForm(request.POST)
    return _run(
        request,
        access,
        grievance,
        "opinion",
        form,
        lambda d: services.grievance_sign_opinion(
            grievance=grievance, by=request.user, route=d["route"], opinion=d["opinion"]
        ),
    )


@require_POST
@login_required
def grievance_approval(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.APPROVE_ROUTING)
    form = ApprovalForm(request.POST)

    def call(data):
        if data["decision"] == ApprovalForm.APPROVE:
            services.grievance_approve_routing(
                grievance=grievance, by=request.user, note=data["note"]
            )
        else:
            services.grievance_return_routing(
                grievance=grievance, by=request.user, note=data["note"]
            )

    return _run(request, access, grievance, "approval", form, call)


@require_POST
@login_required
def grievance_answer(request, code, pk):
    access, grievance = get_grievance_for(
        request.user, code, pk, action=Action.ANSWER_AS_DEPARTMENT
    )
    department = _answering_department(access, grievance)
    if department is None:
        raise PermissionDenied
    form = AnswerForm(request.POST)

    def call(data):
        if data["outcome"] == AnswerForm.MEASURES:
            services.grievance_answer(
                grievance=grievance,
                by=request.user,
                department=department,
                measures=data["measures"],
                due=data["due"],
            )
        else:
            services.grievance_cannot_solve(
                grievance=grievance, by=request.user, department=department, note=data["measures"]
            )

    return _run(request, access, grievance, "answer", form, call)


@require_POST
@login_required
def grievance_withdraw(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    if grievance.requester_id != request.user.pk:
        raise PermissionDenied
    form = NoteForm(request.POST)
    return _run(
        request,
        access,
        grievance,
        "withdraw",
        form,
        lambda d: services.grievance_withdraw(grievance=grievance, by=request.user, note=d["note"]),
    )


@login_required
def attachment_download(request, code, pk, attachment_pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    attachment = get_object_or_404(grievance.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{grievance.number}-{attachment.pk}{attachment.extension}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def grievance_record_pdf(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    if not (access.may(Action.VIEW_ALL_GRIEVANCES) or _answering_department(access, grievance)):
        raise PermissionDenied
    return documents.record_form(grievance, access=access, viewer=request.user, request=request)


@login_required
def summary_table(request, code, fmt):
    access = get_enterprise_for(request.user, code, action=Action.VIEW_ALL_GRIEVANCES)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return documents.summary_table(access.enterprise, fmt=fmt, year=year, request=request)


# --------------------------------------------------------------------------------------------
# Topics (议题)
# --------------------------------------------------------------------------------------------


@login_required
def topic_list(request, code):
    access = get_enterprise_for(request.user, code, action=Action.VERIFY_GRIEVANCE)
    form = TopicForm(request.POST or None, enterprise=access.enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_create(
                enterprise=access.enterprise,
                by=request.user,
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
                grievances=form.cleaned_data["grievances"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Topic created."))
            return redirect("topic_list", code=code)
    topics = (
        Topic.objects.filter(enterprise=access.enterprise)
        .select_related("category")
        .prefetch_related("departments", "grievances")
    )
    return render(
        request,
        "grievances/topics.html",
        {"access": access, "enterprise": access.enterprise, "form": form, "topics": topics},
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def topic_edit(request, code, pk):
    access = get_enterprise_for(request.user, code, action=Action.VERIFY_GRIEVANCE)
    topic = get_object_or_404(Topic, enterprise=access.enterprise, pk=pk)
    if request.method != "POST" and not topic.is_editable:
        messages.info(request, _("A topic on an agenda or decided can no longer be changed."))
        return redirect("topic_list", code=code)
    form = TopicEditForm(request.POST or None, topic=topic)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(topic=topic, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Topic saved."))
            return redirect("topic_list", code=code)
    return render(
        request,
        "grievances/topic_edit.html",
        {"access": access, "enterprise": access.enterprise, "form": form, "topic": topic},
        status=INVALID if request.method == "POST" else 200,
    )


# --------------------------------------------------------------------------------------------
# Unit collection registers (征集协商议题记录本)
# --------------------------------------------------------------------------------------------


def _register_for(user, code, pk):
    """The register if the user keeps it or registers grievances; 404 otherwise."""
    access = get_enterprise_for(user, code)
    register = get_object_or_404(
        CollectionRegister.objects.select_related("unit", "keeper", "enterprise"),
        pk=pk,
        enterprise=access.enterprise,
    )
    if not (access.may(Action.REGISTER_GRIEVANCE) or register.keeper_id == user.pk):
        raise Http404
    if access.may(Action.REGISTER_GRIEVANCE) and register.keeper_id != user.pk:
        if register.status == CollectionRegister.Status.DRAFT:
            raise Http404  # not handed up yet
    return access, register


@login_required
def register_list(request, code):
    access = get_enterprise_for(request.user, code)
    if not (access.may(Action.KEEP_REGISTER) or access.may(Action.REGISTER_GRIEVANCE)):
        raise PermissionDenied
    registers = CollectionRegister.objects.filter(enterprise=access.enterprise).select_related(
        "unit", "keeper"
    )
    if access.may(Action.REGISTER_GRIEVANCE):
        registers = registers.exclude(status=CollectionRegister.Status.DRAFT) | registers.filter(
            keeper=request.user
        )
    else:
        registers = registers.filter(keeper=request.user)
    return render(
        request,
        "grievances/registers.html",
        {"access": access, "enterprise": access.enterprise, "registers": registers},
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
    access, register = _register_for(request.user, code, pk)
    rows = register.rows.select_related("grievance")
    return render(
        request,
        "grievances/register_detail.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "register": register,
            "rows": rows,
            "may_hand_up": register.keeper_id == request.user.pk
            and register.status == CollectionRegister.Status.DRAFT,
            "may_convert": access.may(Action.REGISTER_GRIEVANCE)
            and register.status == CollectionRegister.Status.HANDED_UP,
        },
    )


@require_POST
@login_required
def register_hand_up(request, code, pk):
    access, register = _register_for(request.user, code, pk)
    if register.keeper_id != request.user.pk:
        raise PermissionDenied
    try:
        services.register_hand_up(register=register, by=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("register_detail", code=code, pk=pk)
    messages.success(request, _("Handed up to the enterprise union."))
    return redirect("register_detail", code=code, pk=pk)


@require_POST
@login_required
def register_convert(request, code, pk):
    access, register = _register_for(request.user, code, pk)
    if not access.may(Action.REGISTER_GRIEVANCE):
        raise PermissionDenied
    try:
        created = services.register_convert(register=register, by=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("register_detail", code=code, pk=pk)
    messages.success(request, _("%(n)d grievances created.") % {"n": len(created)})
    return redirect("register_detail", code=code, pk=pk)


@login_required
def register_pdf(request, code, pk):
    access, register = _register_for(request.user, code, pk)
    return documents.register_document(register, request=request)
