from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from consult.access import enterprises_where
from consult.admin_scoping import (
    EnterpriseScopedAdmin,
    IdentityGuardedAdmin,
    PeopleShown,
    ScopedInline,
)
from consult.auth_views import ThrottledAdminAuthenticationForm
from consult.events import audit_label, link_target
from consult.models import (
    ActivationCode,
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
    IntegrationToken,
    LeadingGroup,
    LeadingGroupMember,
    Membership,
    MembershipRole,
    Messenger,
    Notification,
    OrgUnit,
    RosterChange,
    RosterImport,
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
    """Installation admins add federation accounts here (or with `manage.py
    create_federation`); the action prints an activation slip for the chosen accounts."""

    list_display = ["user", "federation", "role", "phone"]
    list_filter = ["role"]
    actions = ["print_activation_slips"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Issue activation codes and download the slips (PDF)"))
    def print_activation_slips(self, request, queryset):
        from consult.accounts.services import federation_activation_code_issue
        from consult.accounts.slips import slip_for, slips_pdf
        from consult.docregistry import document_response

        slips = [
            slip_for(
                user=row.user,
                place=row.federation.name,
                code=federation_activation_code_issue(federation_membership=row, by=request.user),
            )
            for row in queryset.select_related("user", "federation")
            if row.user.is_active and not row.user.is_superuser
        ]
        if not slips:
            self.message_user(request, _("No active account was chosen."), level="error")
            return None
        return document_response(slips_pdf(slips, title="开通凭条", filename="开通凭条.pdf"))


@admin.register(ActivationCode)
class ActivationCodeAdmin(IdentityGuardedAdmin):
    """Who was given a code, by whom, and whether it was used (the code itself is not kept)."""

    list_display = ["user", "issued_at", "issued_by", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["user", "issued_by"]
    fields = list_display
    readonly_fields = list_display

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


class PeopleListed(PeopleShown):
    """A list whose rows are about many objects: their items are read once per page."""

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        self.people_rule(request).prefetch(
            self.people_target(row)[1] for row in changelist.result_list
        )
        return changelist


@admin.register(AuditEvent)
class AuditEventAdmin(PeopleListed, ReadOnlyScopedAdmin):
    """Codes (event types, object types) are shown by their labels in the reader's language."""

    list_display = ["created_at", "enterprise", "federation", "actor", target_shown, "action_shown"]
    list_select_related = ["enterprise", "actor"]
    fields = ["created_at", "enterprise", "actor", target_shown, "action_shown", "note"]
    readonly_fields = fields
    people_fields = ("actor",)
    people_action_field = "action"

    def people_target(self, obj):
        return obj.enterprise, (obj.target_type, obj.target_id)

    @admin.display(description=_("action"))
    def action_shown(self, row):
        return audit_label(row.action)


@admin.register(IdentityView)
class IdentityViewAdmin(ReadOnlyScopedAdmin):
    view_action = Action.DESIGNATE_IDENTITY_ACCESS
    list_display = ["viewed_at", "viewer", target_shown, "context"]
    list_select_related = ["viewer"]


@admin.register(Notification)
class NotificationAdmin(PeopleListed, ReadOnlyScopedAdmin):
    """A notification to a requester about their item names them only to whom the identity
    rule shows the requester."""

    list_display = ["created_at", "recipient", "subject", "read_at"]
    list_select_related = ["recipient", "enterprise"]
    people_fields = ("recipient",)
    exclude = ["facts"]  # may hold a one-time code until it is sent

    def people_target(self, obj):
        return obj.enterprise, link_target(obj.url)


# The roster (花名册) is personal data: only who may import it reads its records here.
@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyScopedAdmin):
    view_action = Action.IMPORT_ROSTER
    list_display = ["uploaded_at", "file_name", "uploaded_by", "status", "imported_at"]
    list_select_related = ["uploaded_by"]
    fields = [
        "enterprise",
        "file_name",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "status",
        "imported_by",
        "imported_at",
        "leavers_deactivated",
        "counts",
    ]
    readonly_fields = fields


@admin.register(RosterChange)
class RosterChangeAdmin(ReadOnlyScopedAdmin):
    enterprise_path = "roster_import__enterprise"
    view_action = Action.IMPORT_ROSTER
    list_display = ["roster_import", "membership", "kind", "line"]
    list_select_related = ["roster_import", "membership__user", "membership__enterprise"]
    fields = ["roster_import", "membership", "kind", "line", "changes"]
    readonly_fields = fields


@admin.register(Messenger)
class MessengerAdmin(ReadOnlyScopedAdmin):
    """Read only: the chair configures channels in the app; the secret is never shown."""

    view_action = Action.MANAGE_MESSAGING
    list_display = ["kind", "name", "enterprise", "secret_hint", "is_active"]
    exclude = ["secret"]


@admin.register(IntegrationToken)
class IntegrationTokenAdmin(ReadOnlyScopedAdmin):
    """Read only: the chair creates and revokes tokens in the app; only a hash is stored."""

    view_action = Action.MANAGE_INTEGRATIONS
    list_display = ["name", "prefix", "enterprise", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]


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
