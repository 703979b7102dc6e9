"""Django admin for step 3, scoped to the user's enterprises. Everything is read-only here
except the deputy's routing approval, which goes through the service like the app does."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import truncatechars
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from consult.access import access_for, user_access
from consult.admin_scoping import (
    EnterpriseScopedAdmin,
    PeopleShown,
    ReadOnlyInline,
    protect_identity_fields,
)
from consult.roles import Action
from grievances import services
from grievances.events import GrievanceEventType
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
from grievances.selectors import requester_display, sees_uncleared_attachments
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
    actions = ["approve_routing"]
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

    def has_approve_permission(self, request, obj=None):
        return request.user.is_staff and self._allowed(request, obj, self.change_action)

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
            extra_context["opinion_by"] = self.people_rule(request).name(
                obj.opinion_by, obj.enterprise, ("grievances.grievance", obj.pk)
            )
            if GRIEVANCE_FLOW.may(access, request.user, obj, "approve_routing"):
                extra_context["approve_url"] = reverse(
                    "admin:grievances_grievance_approve", args=[obj.pk]
                )
                extra_context["return_url"] = reverse(
                    "admin:grievances_grievance_return", args=[obj.pk]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(require_POST(self.approve_view)),
                name="grievances_grievance_approve",
            ),
            path(
                "<int:pk>/return/",
                self.admin_site.admin_view(require_POST(self.return_view)),
                name="grievances_grievance_return",
            ),
        ] + super().get_urls()

    def _approve(self, request, grievance) -> bool:
        access = access_for(request.user, grievance.enterprise)
        if access is None or not access.may(Action.APPROVE_ROUTING):
            raise PermissionDenied
        try:
            services.grievance_approve_routing(grievance=grievance, by=request.user)
        except services.TransitionError as exc:
            self.message_user(request, f"{grievance.number}: {exc}", messages.ERROR)
            return False
        return True

    def return_view(self, request, pk):
        grievance = get_object_or_404(self.get_queryset(request), pk=pk)
        access = access_for(request.user, grievance.enterprise)
        if access is None or not access.may(Action.APPROVE_ROUTING):
            raise PermissionDenied
        try:
            services.grievance_return_routing(
                grievance=grievance, by=request.user, note=request.POST.get("note", "")[:2000]
            )
        except (services.TransitionError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"{grievance.number}: {message}", messages.ERROR)
        else:
            self.message_user(request, _("Opinion returned to the union."), messages.SUCCESS)
        return redirect("admin:grievances_grievance_change", grievance.pk)

    def approve_view(self, request, pk):
        grievance = get_object_or_404(self.get_queryset(request), pk=pk)
        if self._approve(request, grievance):
            self.message_user(request, _("Routing approved."), messages.SUCCESS)
        return redirect("admin:grievances_grievance_change", grievance.pk)

    @admin.action(
        description=_("Approve the union's routing of the selected items"),
        permissions=["approve"],  # change_action is APPROVE_ROUTING
    )
    def approve_routing(self, request, queryset):
        """First a page listing what is approved (content, route, the union's opinion); the
        approval happens when that page is confirmed (it posts back with post=yes)."""
        if request.POST.get("post") != "yes":
            items = list(queryset.select_related("category").order_by("pk"))
            context = {
                **self.admin_site.each_context(request),
                "title": _("Approve the routing of these items?"),
                "opts": self.model._meta,
                "items": items,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/grievances/grievance/approve_confirmation.html", context
            )
        done = sum(1 for g in queryset if self._approve(request, g))
        if done:
            self.message_user(
                request, _("Routing approved for %(n)d item(s).") % {"n": done}, messages.SUCCESS
            )


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
