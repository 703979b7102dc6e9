"""Django admin for step 3, scoped to the user's enterprises. Everything is read-only here
except the deputy's routing approval, which goes through the service like the app does."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from consult.access import access_for
from consult.admin_scoping import EnterpriseScopedAdmin
from consult.roles import Action
from grievances import services
from grievances.models import Grievance, Status, Topic
from grievances.selectors import requester_display


@admin.register(Grievance)
class GrievanceAdmin(EnterpriseScopedAdmin):
    view_action = Action.VIEW_ALL_GRIEVANCES
    change_action = Action.APPROVE_ROUTING
    list_display = ["number", "status", "kind", "category", "requester_shown", "received_at"]
    list_filter = ["status", "kind", "channel"]
    list_select_related = ["category", "enterprise"]
    search_fields = ["content"]
    actions = ["approve_routing"]
    fields = [
        "enterprise",
        "number",
        "status",
        "kind",
        "channel",
        "disclosure",
        "received_at",
        "requester_shown",
        "requester_unit_shown",
        "requester_phone_shown",
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
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # items come in through the app's intake

    def _requester(self, request, obj, context=""):
        access = access_for(request.user, obj.enterprise)
        return requester_display(obj, access, request.user, context=context)

    @admin.display(description=_("requester"))
    def requester_shown(self, obj):
        return self._requester(self._request, obj, self._context).name

    @admin.display(description=_("unit"))
    def requester_unit_shown(self, obj):
        return self._requester(self._request, obj).unit

    @admin.display(description=_("phone"))
    def requester_phone_shown(self, obj):
        return self._requester(self._request, obj).phone

    @admin.display(description=_("handling departments"))
    def departments_shown(self, obj):
        return "、".join(d.name for d in obj.departments.all())

    @admin.display(description=_("number"))
    def number(self, obj):
        return obj.number

    # The display methods need the request; admin gives it to these hooks first.
    _request = None
    _context = ""

    def changelist_view(self, request, extra_context=None):
        self._request, self._context = request, ""
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Only the name field logs the view (once per page); unit/phone follow it.
        self._request, self._context = request, "admin"
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None and obj.status == Status.OPINION_SIGNED:
            access = access_for(request.user, obj.enterprise)
            if access is not None and access.may(Action.APPROVE_ROUTING):
                extra_context["approve_url"] = reverse(
                    "admin:grievances_grievance_approve", args=[obj.pk]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(require_POST(self.approve_view)),
                name="grievances_grievance_approve",
            )
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

    def approve_view(self, request, pk):
        grievance = get_object_or_404(self.get_queryset(request), pk=pk)
        if self._approve(request, grievance):
            self.message_user(request, _("Routing approved."), messages.SUCCESS)
        return redirect("admin:grievances_grievance_change", grievance.pk)

    @admin.action(description=_("Approve the union's routing of the selected items"))
    def approve_routing(self, request, queryset):
        done = sum(1 for g in queryset if self._approve(request, g))
        if done:
            self.message_user(
                request, _("Routing approved for %(n)d item(s).") % {"n": done}, messages.SUCCESS
            )


@admin.register(Topic)
class TopicAdmin(EnterpriseScopedAdmin):
    view_action = Action.VIEW_ALL_GRIEVANCES
    change_action = Action.VERIFY_GRIEVANCE
    list_display = ["title", "category", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["enterprise", "status", "created_by"]
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
