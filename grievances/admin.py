"""Django admin for step 3, scoped to the user's enterprises. Everything is read-only here
except the deputy's routing approval, which goes through the service like the app does."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from consult.access import access_for, user_access
from consult.admin_scoping import (
    EnterpriseScopedAdmin,
    PeopleShown,
    ReadOnlyInline,
    protect_identity_fields,
    with_post,
)
from consult.roles import Action
from grievances import services
from grievances.events import GrievanceEventType
from grievances.forms import ApprovalForm
from grievances.models import (
    Attachment,
    CollectionRegister,
    DepartmentAnswer,
    Disclosure,
    Grievance,
    GrievanceEvent,
    RegisterRow,
    Topic,
)
from grievances.selectors import (
    headless_departments,
    headless_warning,
    requester_display,
    sees_uncleared_attachments,
)
from grievances.workflow import GRIEVANCE_FLOW

# Admin may filter, search and sort by these only for those who see protected requesters.
protect_identity_fields(
    Grievance,
    "requester",
    "requester_name",
    "requester_phone",
    "requester_unit",
    "identifying_text",
)
protect_identity_fields(GrievanceEvent, "actor")  # the submitting requester is an actor
protect_identity_fields(Attachment, "uploaded_by", "original_name", "file")
protect_identity_fields(RegisterRow, "name")  # a register row raised into a grievance


class OnTheItemsPage(PeopleShown):
    """Rows shown on an item's admin page: who acted is shown by the identity rule, as on the
    item's own page (a 保密 requester to the chair and designated staff, logged)."""

    people_context = "admin"

    def people_target(self, obj):
        return obj.grievance.enterprise, ("grievances.grievance", obj.grievance_id)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("grievance__enterprise", *self.people_fields)
        )


class GrievanceEventInline(OnTheItemsPage, ReadOnlyInline):
    model = GrievanceEvent
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note_shown", "public"]
    verbose_name_plural = _("timeline")
    readonly_fields = fields
    people_fields = ("actor",)
    people_action_field = "action"
    # Inline instances are made per request (ModelAdmin.get_inline_instances), so what this
    # viewer may see can be kept on the instance.
    _hide_upload_names = True

    def get_formset(self, request, obj=None, **kwargs):
        self._hide_upload_names = obj is None or not sees_uncleared_attachments(
            obj, access_for(request.user, obj.enterprise), request.user
        )
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("note"))
    def note_shown(self, event):
        # An upload's event names the file, which may identify the requester.
        if self._hide_upload_names and event.action == GrievanceEventType.ATTACHMENT_ADDED:
            return ""
        return event.note


def attachments_for_admin(request, queryset):
    """Cleared attachments, and uncleared ones only where the user may see the requester:
    named items for the union office, every item for the chair and designated staff (the
    same rule as grievances.selectors.sees_uncleared_attachments; superusers see no
    requester, so only cleared files)."""
    condition = Q(cleared_at__isnull=False)
    if not request.user.is_superuser:
        for access in user_access(request.user).by_code.values():
            if access.aggregate_only or not access.may(Action.VERIFY_GRIEVANCE):
                continue
            here = Q(grievance__enterprise=access.enterprise)
            if not access.sees_identities:
                here &= Q(grievance__disclosure=Disclosure.NAMED)
            condition |= here
    return queryset.filter(condition)


class AttachmentInline(OnTheItemsPage, ReadOnlyInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "created_at", "cleared_by", "cleared_at"]
    readonly_fields = fields
    people_fields = ("cleared_by",)

    def get_queryset(self, request):
        return attachments_for_admin(request, super().get_queryset(request))


class DepartmentAnswerInline(OnTheItemsPage, ReadOnlyInline):
    """Each handling department's answer (职能部门意见), signed; nothing identifying."""

    model = DepartmentAnswer
    fields = ["department", "outcome", "text", "due", "answered_by", "answered_at", "superseded_at"]
    readonly_fields = fields
    people_fields = ("answered_by",)


@admin.register(Grievance)
class GrievanceAdmin(PeopleShown, EnterpriseScopedAdmin):
    """Read-only, but for the approving manager's two steps (approve, return), which have
    their own buttons and go through the services; there is no "保存" (nothing here is
    edited, so Django's "成功修改了 诉求" would be untrue)."""

    view_action = Action.VIEW_ALL_GRIEVANCES
    change_action = Action.APPROVE_ROUTING
    list_filter = ["status", "kind", "channel"]
    list_select_related = ["category", "enterprise", "requester", "requester_unit__parent"]
    search_fields = ["content"]
    inlines = [DepartmentAnswerInline]  # for everyone who opens the item; see get_inlines
    people_fields = ("opinion_by", "approved_by")
    people_context = "admin"
    # Requester columns are added per request (see _requester_columns), never from raw fields.
    FIELDS_BEFORE = [
        "enterprise",
        "number",
        "status",
        "kind",
        "channel",
        "disclosure",
        "received_at",
    ]
    FIELDS_AFTER = [
        "category",
        "departments_shown",
        "responsible_person",
        "content",
        "route",
        "opinion",
        "opinion_by",
        "opinion_at",
        "approval_note",
        "approved_by",
        "approved_at",
        "answer_measures",
        "answer_due",
    ]

    def has_add_permission(self, request):
        return False  # items come in through the app's intake

    def get_inlines(self, request, obj):
        # Events name their actors (the requester among them) and attachments may identify
        # the requester: both are for the union office only.
        if obj is None:
            return []
        access = access_for(request.user, obj.enterprise)
        if request.user.is_superuser or (access and access.may(Action.VERIFY_GRIEVANCE)):
            return [DepartmentAnswerInline, GrievanceEventInline, AttachmentInline]
        return [DepartmentAnswerInline]

    def _requester_columns(self, request, context: str):
        """Display functions bound to this request's viewer (the admin instance is shared
        between requests, so nothing about the viewer may be kept on it)."""
        cache = getattr(request, "_grievance_requester_columns", None)
        if cache is None:
            cache = request._grievance_requester_columns = {}
        if context in cache:
            return cache[context]

        def shown(obj):
            key = obj.pk
            if key not in shown.seen:
                access = access_for(request.user, obj.enterprise)
                shown.seen[key] = requester_display(obj, access, request.user, context=context)
            return shown.seen[key]

        shown.seen = {}

        def requester_shown(obj):
            return shown(obj).name

        def requester_unit_shown(obj):
            return shown(obj).unit

        def requester_phone_shown(obj):
            return shown(obj).phone

        requester_shown.short_description = _("requester")
        requester_unit_shown.short_description = _("unit")
        requester_phone_shown.short_description = _("phone")
        cache[context] = (requester_shown, requester_unit_shown, requester_phone_shown)
        return cache[context]

    def get_list_display(self, request):
        name, _unit, _phone = self._requester_columns(request, "")
        return [
            "number",
            "status",
            "kind",
            "category",
            name,
            "content_short",
            "route",
            "opinion_short",
            "received_at",
        ]

    def has_change_permission(self, request, obj=None):
        return False  # every field is read-only; approving has its own permission below

    @admin.display(description=_("content"))
    def content_short(self, obj):
        return truncatechars(obj.content, 40)

    @admin.display(description=_("union opinion"))
    def opinion_short(self, obj):
        return truncatechars(obj.opinion, 40) if obj.opinion else "—"

    def get_fields(self, request, obj=None):
        return self.with_people(
            request,
            [*self.FIELDS_BEFORE, *self._requester_columns(request, "admin"), *self.FIELDS_AFTER],
        )

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("handling departments"))
    def departments_shown(self, obj):
        return "、".join(d.name for d in obj.departments.all())

    @admin.display(description=_("number"))
    def number(self, obj):
        return obj.number

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None:
            access = access_for(request.user, obj.enterprise)
            extra_context["grievance"] = obj
            rule = self.people_rule(request)
            name = rule.name(obj.opinion_by, obj.enterprise, ("grievances.grievance", obj.pk))
            extra_context["opinion_by"] = with_post(rule, name, obj.opinion_by, obj.enterprise)
            if GRIEVANCE_FLOW.may(access, request.user, obj, "approve_routing"):
                extra_context["approval_url"] = reverse(
                    "admin:grievances_grievance_approval", args=[obj.pk]
                )
                headless = headless_departments(obj)
                extra_context["headless"] = headless_warning(headless) if headless else ""
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/approval/",
                self.admin_site.admin_view(require_POST(self.approval_view)),
                name="grievances_grievance_approval",
            ),
        ] + super().get_urls()

    def approval_view(self, request, pk):
        """The approving manager's decision on one item, with its comment: approving keeps
        the comment as the returning does (one item at a time, its opinion read)."""
        grievance = get_object_or_404(self.get_queryset(request), pk=pk)
        access = access_for(request.user, grievance.enterprise)
        if access is None or not access.may(Action.APPROVE_ROUTING):
            raise PermissionDenied
        form = ApprovalForm(request.POST)
        if not form.is_valid():
            for message in _field_named_errors(form):
                self.message_user(request, message, messages.ERROR)
            return redirect("admin:grievances_grievance_change", grievance.pk)
        try:
            _decide(grievance, request.user, form.cleaned_data)
        except (services.TransitionError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"{grievance.number}: {message}", messages.ERROR)
        else:
            self.message_user(request, _decided_message(form.cleaned_data), messages.SUCCESS)
            grievance.refresh_from_db()
            if headless := headless_departments(grievance):
                self.message_user(request, headless_warning(headless), messages.WARNING)
        return redirect("admin:grievances_grievance_change", grievance.pk)


def _field_named_errors(form) -> list[str]:
    """Each error with the label of its field ("意见：…"), as a message above the page."""
    out = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        out.extend(f"{label}：{error}" if label else error for error in errors)
    return out


def _decide(grievance, by, data) -> None:
    if data["decision"] == ApprovalForm.APPROVE:
        services.grievance_approve_routing(grievance=grievance, by=by, note=data["note"])
    else:
        services.grievance_return_routing(grievance=grievance, by=by, note=data["note"])


def _decided_message(data) -> str:
    if data["decision"] == ApprovalForm.APPROVE:
        return _("Routing approved.")
    return _("Opinion returned to the union.")


@admin.register(Topic)
class TopicAdmin(PeopleShown, EnterpriseScopedAdmin):
    view_action = Action.VIEW_ALL_GRIEVANCES
    change_action = Action.VERIFY_GRIEVANCE
    list_display = ["title", "category", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["enterprise", "status", "created_by"]
    people_fields = ("created_by",)
    fields = [
        "enterprise",
        "title",
        "summary",
        "category",
        "departments",
        "responsible_person",
        "note",
        "status",
        "created_by",
    ]

    def has_add_permission(self, request):
        return False  # topics are made from grievances in the app


class RegisterRowInline(ReadOnlyInline):
    model = RegisterRow
    fields = ["position", "name", "content", "raised_on"]
    readonly_fields = fields


@admin.register(CollectionRegister)
class CollectionRegisterAdmin(EnterpriseScopedAdmin):
    """The units' collection registers name the people who raised items: union office only."""

    view_action = Action.VERIFY_GRIEVANCE
    change_action = Action.VERIFY_GRIEVANCE
    list_display = ["unit", "keeper", "status", "created_at", "handed_up_at", "converted_at"]
    list_select_related = ["unit__parent", "keeper"]
    list_filter = ["status"]
    fields = ["enterprise", "unit", "keeper", "status", "handed_up_at", "converted_at"]
    readonly_fields = fields
    inlines = [RegisterRowInline]

    def has_add_permission(self, request):
        return False  # registers are kept by the units' union leaders in the app
