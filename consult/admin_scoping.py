"""Django admin scoped to the enterprises a staff user belongs to (superusers see all).

A ModelAdmin names the path from its model to the enterprise and the actions (from
`consult.roles.Action`) needed to view and to change; nothing is ever deleted from here.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from consult.access import access_for, enterprises_where
from consult.models import Enterprise, Membership
from consult.roles import Action

# Fields that identify a requester, per model ("app_label.model" → names), declared by the app
# that owns the model (protect_identity_fields). DESIGN.md: narrowing a list by a field one may
# not see is seeing it.
_IDENTITY_FIELDS: dict[str, frozenset[str]] = {}


def protect_identity_fields(model, *names: str) -> None:
    for name in names:
        model._meta.get_field(name)  # a typo must not silently protect nothing
    label = model._meta.label_lower
    _IDENTITY_FIELDS[label] = _IDENTITY_FIELDS.get(label, frozenset()) | frozenset(names)


def _is_identity_field(field) -> bool:
    # A reverse relation (e.g. User → grievances over `requester`) is as telling as its field.
    forward = field.field if field.auto_created and not field.concrete else field
    model = getattr(forward, "model", None)
    if model is None:
        return False
    return forward.name in _IDENTITY_FIELDS.get(model._meta.label_lower, ())


def path_touches_identity(model, path: str) -> bool:
    """Whether a lookup, search or sort path (`requester_unit__id__exact`, `^events__actor`,
    `-requester_name`) passes through a field that identifies a requester."""
    opts = model._meta
    for part in path.lstrip("-^=@").split(LOOKUP_SEP):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup or transform (startswith, id, pk); Django checks the rest
        if _is_identity_field(field):
            return True
        if not field.is_relation or field.related_model is None:
            return False
        opts = field.related_model._meta
    return False


def may_narrow_by_identity(request, enterprises) -> bool:
    """Only someone who sees protected identities in every enterprise the list spans: a filter
    runs over all items at once, so it cannot be limited to the items whose requester one
    may see (management sees named requesters of some items only)."""
    user = request.user
    enterprises = list(enterprises)
    if not enterprises:
        return False
    for enterprise in enterprises:
        access = access_for(user, enterprise)
        if access is None or not access.sees_identities:
            return False
    return True


class IdentityGuardedAdmin(admin.ModelAdmin):
    """Filters, search, sorting and query-string lookups never touch a requester's identity
    for someone who may not see it (the refused lookup answers 400, like any lookup Django
    itself refuses). Every change made here is kept in the admin's history with the old and
    new value of each field."""

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if not add and form is not None and form.changed_data:
            from consult.services import form_changes

            values = form_changes(form)
            for part in message:
                if "changed" in part and values:
                    # Kept in LogEntry.change_message beside Django's own field list.
                    part["changed"]["values"] = values
                    break
        return message

    def _may_narrow_by_identity(self, request) -> bool:
        return may_narrow_by_identity(
            request, enterprises_where(request.user, Action.VIEW_ENTERPRISE)
        )

    def _identity_free(self, request, paths):
        if self._may_narrow_by_identity(request):
            return paths
        return [p for p in paths if not path_touches_identity(self.model, p)]

    def lookup_allowed(self, lookup, value, request=None):
        if path_touches_identity(self.model, lookup) and (
            request is None or not self._may_narrow_by_identity(request)
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        return self._identity_free(request, list(super().get_search_fields(request)))

    def get_list_filter(self, request):
        def path(entry):
            if isinstance(entry, str):
                return entry
            if isinstance(entry, tuple | list):
                return entry[0]
            return getattr(entry, "parameter_name", "")  # a SimpleListFilter: its own query

        filters = list(super().get_list_filter(request))
        if self._may_narrow_by_identity(request):
            return filters
        return [f for f in filters if not path_touches_identity(self.model, path(f))]

    def get_sortable_by(self, request):
        sortable = super().get_sortable_by(request)
        return [
            name
            for name in sortable
            if not isinstance(name, str)
            or not path_touches_identity(self.model, name)
            or self._may_narrow_by_identity(request)
        ]

    def get_ordering(self, request):
        return self._identity_free(request, list(super().get_ordering(request) or ()))


class EnterpriseScopedAdmin(IdentityGuardedAdmin):
    enterprise_path = "enterprise"
    view_action: str = Action.MANAGE_SETUP
    change_action: str = Action.MANAGE_SETUP

    def _enterprises(self, request, action):
        return enterprises_where(request.user, action)

    def _may_narrow_by_identity(self, request) -> bool:
        if request.user.is_superuser:
            # Installation admins see every enterprise but no protected identity.
            return False
        return may_narrow_by_identity(request, self._enterprises(request, self.view_action))

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices (people, units…) come from the user's own enterprises only: another
        # enterprise's login names are not theirs to see.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            model = db_field.related_model
            allowed = enterprises_where(request.user, Action.MANAGE_SETUP)
            if any(f.name == "enterprise" for f in model._meta.get_fields()):
                field.queryset = field.queryset.filter(enterprise__in=allowed)
            elif model._meta.label == "auth.User":
                field.queryset = field.queryset.filter(
                    memberships__enterprise__in=allowed
                ).distinct()
        return field


class ReadOnlyInline(ScopedInline):
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


def with_post(rule, name: str, person, enterprise) -> str:
    """ "孙立（工会主席）": a shown name with the person's post in the enterprise, so a reader
    of an admin page knows who signed without knowing logins. Posts are read once per page
    (kept on `rule`, which lives as long as the request)."""
    if not name or person is None or enterprise is None:
        return name
    posts = rule.__dict__.setdefault("_posts", {})
    if enterprise.pk not in posts:
        rows = Membership.objects.filter(enterprise=enterprise).exclude(post="")
        posts[enterprise.pk] = dict(rows.values_list("user_id", "post"))
    post = posts[enterprise.pk].get(person.pk)
    return f"{name}（{post}）" if post else name


class PeopleShown:
    """A mixin for read-only admin pages and inlines: the users in `people_fields` (who acted,
    signed, recorded, was told) are shown as the reader may see them (CONVENTIONS rule 18) —
    never as a login, and a requester of an item the object serves only to whom the identity
    rule shows the requester (`consult.events.actors_for`, which grievances fills).
    `people_target(obj)` says which object the row is about: (enterprise, (type, id)).
    """

    people_fields: tuple[str, ...] = ()
    people_context = ""  # "admin" on the item's own admin page (grievances)
    people_action_field = ""  # the field holding an event's type, for an event row

    def people_target(self, obj):
        return obj.enterprise, (obj._meta.label_lower, obj.pk)

    def people_rule(self, request):
        from consult.events import actors_for

        rules = request.__dict__.setdefault("_people_rules", {})
        if self.people_context not in rules:
            rules[self.people_context] = actors_for(request.user, context=self.people_context)
        return rules[self.people_context]

    def _people_columns(self, request) -> dict:
        columns = request.__dict__.setdefault("_people_columns", {})
        key = (type(self), self.people_context)
        if key not in columns:
            rule = self.people_rule(request)
            columns[key] = {name: self._person_column(rule, name) for name in self.people_fields}
        return columns[key]

    def _person_column(self, rule, field: str):
        def shown(obj):
            enterprise, target = self.people_target(obj)
            action = getattr(obj, self.people_action_field, "") if self.people_action_field else ""
            person = getattr(obj, field)
            name = rule.name(person, enterprise, target, action)
            return with_post(rule, name, person, enterprise) or "-"

        shown.short_description = self.model._meta.get_field(field).verbose_name
        shown.__name__ = field  # admin's field-<name> class, as for the plain field
        return shown

    def with_people(self, request, names):
        columns = self._people_columns(request)
        return [columns.get(n, n) if isinstance(n, str) else n for n in names]

    def get_fields(self, request, obj=None):
        return self.with_people(request, super().get_fields(request, obj))

    def get_readonly_fields(self, request, obj=None):
        return self.with_people(request, super().get_readonly_fields(request, obj))

    def get_list_display(self, request):
        return self.with_people(request, super().get_list_display(request))
