"""Django admin scoped to the enterprises a staff user belongs to (superusers see all).

A ModelAdmin names the path from its model to the enterprise and the actions (from
`consult.roles.Action`) needed to view and to change; nothing is ever deleted from here.
"""

from django.contrib import admin

from consult.access import enterprises_where
from consult.models import Enterprise
from consult.roles import Action


class EnterpriseScopedAdmin(admin.ModelAdmin):
    enterprise_path = "enterprise"
    view_action: str = Action.MANAGE_SETUP
    change_action: str = Action.MANAGE_SETUP

    def _enterprises(self, request, action):
        return enterprises_where(request.user, action)

    def _scope(self, request, queryset, action):
        if request.user.is_superuser:
            return queryset
        allowed = self._enterprises(request, action)
        if self.enterprise_path == "":
            return queryset.filter(pk__in=allowed)
        return queryset.filter(**{f"{self.enterprise_path}__in": allowed})

    def get_queryset(self, request):
        return self._scope(request, super().get_queryset(request), self.view_action)

    def _enterprise_of(self, obj):
        if obj is None:
            return None
        if self.enterprise_path == "":
            return obj
        value = obj
        for part in self.enterprise_path.split("__"):
            value = getattr(value, part)
        return value

    def _allowed(self, request, obj, action) -> bool:
        if request.user.is_superuser:
            return True
        enterprises = self._enterprises(request, action)
        if obj is None:
            return enterprises.exists()
        return enterprises.filter(pk=self._enterprise_of(obj).pk).exists()

    def has_module_permission(self, request):
        return (
            request.user.is_active
            and request.user.is_staff
            and self._allowed(request, None, self.view_action)
        )

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and self._allowed(request, obj, self.view_action)

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff and self._allowed(request, obj, self.change_action)

    def has_add_permission(self, request):
        return request.user.is_staff and self._allowed(request, None, self.change_action)

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is hard-deleted: deactivate, withdraw or archive instead

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        self._scope_choice_field(db_field, request, field)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        self._scope_choice_field(db_field, request, field)
        return field

    def _scope_choice_field(self, db_field, request, field):
        if field is None or request.user.is_superuser:
            return
        model = db_field.related_model
        allowed = self._enterprises(request, self.change_action)
        if model is Enterprise:
            field.queryset = field.queryset.filter(pk__in=allowed)
        elif any(f.name == "enterprise" for f in model._meta.get_fields()):
            field.queryset = field.queryset.filter(enterprise__in=allowed)


class ScopedInline(admin.TabularInline):
    """An inline whose rights are its parent admin's (not Django's model permissions)."""

    extra = 0

    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ScopedInline):
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            model = db_field.related_model
            allowed = enterprises_where(request.user, Action.MANAGE_SETUP)
            if any(f.name == "enterprise" for f in model._meta.get_fields()):
                field.queryset = field.queryset.filter(enterprise__in=allowed)
            elif model._meta.label == "auth.User":
                field.queryset = field.queryset.filter(memberships__enterprise__in=allowed)
        return field
