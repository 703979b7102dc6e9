from django import forms
from django.contrib.auth import get_user_model
from django.forms import BaseInlineFormSet, inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.models import (
    Channel,
    Enterprise,
    ImplementationNotice,
    LeadingGroup,
    LeadingGroupMember,
    Membership,
    display_name,
)
from consult.roles import Role
from consult.selectors import members_of


class NamedLengthErrors:
    """A form mixin: a text too long is refused with the field's name and its limit ("内容最多
    5000 个字，现有 5003 个字") instead of Django's "确保该变量包含不超过…" (a textarea's own
    limit counts line breaks once, the server twice, so the server's message does reach users)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None) and field.label:
                field.error_messages["max_length"] = _length_message(field)


def _length_message(field) -> str:
    # Django fills in %(show_value)d when it raises the error.
    return _(
        "%(field)s may be at most %(limit)d characters long; it has %%(show_value)d. "
        "Shorten it and send again."
    ) % {"field": str(field.label).replace("%", "%%"), "limit": field.max_length}


# Browsers read the value of <input type=date|time|datetime-local> only in ISO form; the
# localised form ("2026/11/25") shows as empty and the saved value is lost on the next save.
class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class LeadingGroupForm(forms.ModelForm):
    class Meta:
        model = LeadingGroup
        fields = [
            "office_location",
            "formed_on",
            "group_meeting_interval_months",
            "dispatch_meeting_interval_months",
            "duties",
        ]
        widgets = {"formed_on": DateInput(), "duties": forms.Textarea(attrs={"rows": 12})}

    def clean_duties(self):
        duties = self.cleaned_data["duties"]
        if not [line for line in duties.splitlines() if line.strip()]:
            raise forms.ValidationError(_("Enter at least one duty."))
        return duties


# The role that names a person without a recorded post, most senior first.
POST_ORDER = [
    Role.ADMIN_HEAD,
    Role.ADMIN_DEPUTY,
    Role.UNION_CHAIR,
    Role.UNION_STAFF,
    Role.DEPT_HEAD,
    Role.SUPERVISOR,
    Role.UNIT_COLLECTOR,
    Role.EMPLOYEE_REP,
    Role.EMPLOYEE,
]


class MemberChoiceField(forms.ModelChoiceField):
    """One person of the enterprise (an active member), shown by name: the one field every
    form uses to choose a member."""

    def __init__(self, *, enterprise: Enterprise | None = None, **kwargs):
        kwargs.setdefault("queryset", get_user_model().objects.none())
        super().__init__(**kwargs)
        self._posts: dict[int, str] | None = None
        self._posts_of: Enterprise | None = None
        if enterprise is not None:
            self.queryset = members_of(enterprise)

    def show_posts(self, enterprise: Enterprise) -> None:
        """Name each person with their post in `enterprise` (孙立（工会主席）), or their role
        when no post is recorded: a bare name does not say who chairs or approves."""
        self._posts_of = enterprise

    def _post_of(self, user) -> str:
        if self._posts_of is None:
            return ""
        if self._posts is None:
            memberships = Membership.objects.filter(
                enterprise=self._posts_of, is_active=True
            ).prefetch_related("roles")
            order = {value: i for i, value in enumerate(POST_ORDER)}
            self._posts = {}
            for m in memberships:
                roles = sorted((r.role for r in m.roles.all()), key=lambda r: order.get(r, 99))
                self._posts[m.user_id] = m.post or (str(Role(roles[0]).label) if roles else "")
        return self._posts.get(user.pk, "")

    def label_from_instance(self, obj):
        post = self._post_of(obj)
        return f"{display_name(obj)}（{post}）" if post else display_name(obj)


class LeadingGroupMemberForm(forms.ModelForm):
    """One member of the leading group, chosen from the enterprise's people (named with their
    post, as meeting participants are). Rows saved before members were chosen keep their typed
    name until a person is chosen for them."""

    class Meta:
        model = LeadingGroupMember
        fields = ["position", "user", "post", "is_office_director", "order"]

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        self.fields["user"] = MemberChoiceField(
            enterprise=enterprise, required=False, label=_("person")
        )
        self.fields["user"].show_posts(enterprise)
        self.fields["post"].required = False
        self.fields["post"].help_text = _("Empty: the person's own post.")
        self.typed_name = (
            self.instance.name if self.instance.pk and not self.instance.user_id else ""
        )

    def clean(self):
        data = super().clean()
        if data.get("DELETE") or not self.has_changed():
            return data
        user = data.get("user")
        if user is None and not self.typed_name:
            self.add_error("user", _("Choose a person of the enterprise."))
            return data
        if user is not None and not data.get("post"):
            data["post"] = (
                Membership.objects.filter(user=user, enterprise=self.enterprise)
                .values_list("post", flat=True)
                .first()
                or ""
            )
        if not data.get("post"):
            self.add_error("post", _("Enter the post as the formation document prints it."))
        return data

    def save(self, commit=True):
        if self.instance.user_id:
            self.instance.name = ""  # a chosen person replaces the name typed before
        return super().save(commit=commit)


class KeepRemovedMembersFormSet(BaseInlineFormSet):
    """Ticking "remove" takes a member off the group; the row stays for the record."""

    def delete_existing(self, obj, commit=True):
        if commit:
            LeadingGroupMember.objects.filter(pk=obj.pk).update(removed_at=timezone.now())


LeadingGroupMemberFormSet = inlineformset_factory(
    LeadingGroup,
    LeadingGroupMember,
    form=LeadingGroupMemberForm,
    formset=KeepRemovedMembersFormSet,
    extra=2,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


class NoticeForm(forms.ModelForm):
    class Meta:
        model = ImplementationNotice
        fields = ["issued_on", "purpose", "principles", "priorities", "resolution"]
        widgets = {
            "issued_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 6}),
            "principles": forms.Textarea(attrs={"rows": 6}),
            "priorities": forms.Textarea(attrs={"rows": 6}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_issued_on(self):
        issued = self.cleaned_data["issued_on"]
        if issued and abs(issued.year - self.instance.year) > 1:
            raise forms.ValidationError(_("The date does not fit the notice's year."))
        return issued


class UnionOfficeForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["union_name", "union_office_address"]


class RetentionForm(forms.ModelForm):
    """个人信息保护法: how long a closed item keeps its requester's identity (the union chair)."""

    class Meta:
        model = Enterprise
        fields = ["identity_retention_months"]
        widgets = {"identity_retention_months": forms.NumberInput(attrs={"min": 1, "max": 600})}


ChannelFormSet = modelformset_factory(
    Channel,
    fields=["kind", "value", "note", "order", "is_active"],
    extra=2,
    max_num=40,
    validate_max=True,
)
