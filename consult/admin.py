from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from consult.access import enterprises_where
from consult.admin_scoping import EnterpriseScopedAdmin, IdentityGuardedAdmin, ScopedInline
from consult.auth_views import ThrottledAdminAuthenticationForm
from consult.events import audit_label
from consult.models import (
    AuditEvent,
    CalendarOverride,
    Category,
    Channel,
    Delivery,
    DeliveryPreference,
    Department,
    Enterprise,
    Federation,
    FederationMembership,
    IdentityView,
    ImplementationNotice,
    LeadingGroup,
    LeadingGroupMember,
    Membership,
    MembershipRole,
    Messenger,
    Notification,
    OrgUnit,
)
from consult.models.records import target_label
from consult.roles import Action
from consult.services import membership_set_identity_access

admin.site.site_header = _("Consult administration")
admin.site.site_title = _("Consult administration")
admin.site.login_form = ThrottledAdminAuthenticationForm

# Django's own user and group admins, with the identity guard: `?grievances=<id>` on users
# would name an item's requester.
for _model, _base in ((get_user_model(), BaseUserAdmin), (Group, BaseGroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (IdentityGuardedAdmin, _base), {}))


@admin.register(Federation)
class FederationAdmin(IdentityGuardedAdmin):
    list_display = ["name", "parent"]

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(FederationMembership)
class FederationMembershipAdmin(IdentityGuardedAdmin):
    list_display = ["user", "federation", "phone"]

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(IdentityGuardedAdmin):
    """National schedule: edited by installation admins (superusers)."""

    list_display = ["date", "is_working_day", "name"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


@admin.register(Enterprise)
class EnterpriseAdmin(EnterpriseScopedAdmin):
    enterprise_path = ""
    list_display = ["name", "code", "federation", "parent", "is_active"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return []
        return ["code", "federation", "parent", "is_active"]

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(OrgUnit)
class OrgUnitAdmin(EnterpriseScopedAdmin):
    list_display = ["name", "kind", "parent", "enterprise", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["parent__parent", "enterprise"]


@admin.register(Department)
class DepartmentAdmin(EnterpriseScopedAdmin):
    list_display = ["name", "enterprise", "is_active"]
    search_fields = ["name"]


class MembershipRoleInline(ScopedInline):
    model = MembershipRole
    extra = 1

    def has_delete_permission(self, request, obj=None):
        return True  # a role can be taken away; the membership itself stays


@admin.register(Membership)
class MembershipAdmin(EnterpriseScopedAdmin):
    list_display = ["user", "enterprise", "unit", "department", "identity_access", "is_active"]
    list_filter = ["is_active", "identity_access", "roles__role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    inlines = [MembershipRoleInline]
    list_select_related = ["user", "enterprise", "unit__parent", "department"]

    def save_model(self, request, obj, form, change):
        allowed = obj.identity_access
        if change and "identity_access" in form.changed_data:
            obj.identity_access = not allowed  # the service makes the change and logs it
            super().save_model(request, obj, form, change)
            membership_set_identity_access(membership=obj, allowed=allowed, by=request.user)
        else:
            super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return []
        chair_of = enterprises_where(request.user, Action.DESIGNATE_IDENTITY_ACCESS)
        if obj is not None and chair_of.filter(pk=obj.enterprise_id).exists():
            return []
        return ["identity_access"]


@admin.register(Category)
class CategoryAdmin(EnterpriseScopedAdmin):
    list_display = ["name", "parent", "enterprise", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "keywords"]
    filter_horizontal = ["default_departments"]


class LeadingGroupMemberInline(ScopedInline):
    """Members are taken off the group on the leading group page (the row is kept)."""

    model = LeadingGroupMember
    extra = 1


@admin.register(LeadingGroup)
class LeadingGroupAdmin(EnterpriseScopedAdmin):
    list_display = ["enterprise", "office_location", "formed_on"]
    inlines = [LeadingGroupMemberInline]


@admin.register(ImplementationNotice)
class ImplementationNoticeAdmin(EnterpriseScopedAdmin):
    list_display = ["enterprise", "year", "issued_on"]


@admin.register(Channel)
class ChannelAdmin(EnterpriseScopedAdmin):
    list_display = ["kind", "value", "enterprise", "order", "is_active"]


class ReadOnlyScopedAdmin(EnterpriseScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.display(description=_("object"))
def target_shown(row):
    return target_label(row.target_type, row.target_id)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyScopedAdmin):
    """Codes (event types, object types) are shown by their labels in the reader's language."""

    list_display = ["created_at", "enterprise", "actor", target_shown, "action_shown"]
    list_select_related = ["enterprise", "actor"]
    fields = ["created_at", "enterprise", "actor", target_shown, "action_shown", "note"]
    readonly_fields = fields

    @admin.display(description=_("action"))
    def action_shown(self, row):
        return audit_label(row.action)


@admin.register(IdentityView)
class IdentityViewAdmin(ReadOnlyScopedAdmin):
    view_action = Action.DESIGNATE_IDENTITY_ACCESS
    list_display = ["viewed_at", "viewer", target_shown, "context"]
    list_select_related = ["viewer"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyScopedAdmin):
    list_display = ["created_at", "recipient", "subject", "read_at"]
    list_select_related = ["recipient"]
    exclude = ["facts"]  # may hold a one-time code until it is sent


@admin.register(Messenger)
class MessengerAdmin(ReadOnlyScopedAdmin):
    """Read only: the chair configures channels in the app; the secret is never shown."""

    view_action = Action.MANAGE_MESSAGING
    list_display = ["kind", "name", "enterprise", "secret_hint", "is_active"]
    exclude = ["secret"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyScopedAdmin):
    """Read only; for the chair (a delivery names who got news of their own item). Union staff
    use the failed-deliveries page, which hides those readers."""

    view_action = Action.DESIGNATE_IDENTITY_ACCESS
    list_display = ["created_at", "channel", "state", "attempts", "last_error"]
    list_filter = ["channel", "state"]
    exclude = ["lease"]


@admin.register(DeliveryPreference)
class DeliveryPreferenceAdmin(ReadOnlyScopedAdmin):
    enterprise_path = "membership__enterprise"
    view_action = Action.DESIGNATE_IDENTITY_ACCESS
    list_display = ["membership", "channels", "language"]
    list_select_related = ["membership__user", "membership__enterprise"]
