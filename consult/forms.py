import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.forms import (
    BaseFormSet,
    BaseInlineFormSet,
    formset_factory,
    inlineformset_factory,
    modelformset_factory,
)
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
from consult.workdays import Holiday


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


# ---------------------------------------------------------------------------------------------
# A year's State Council holiday schedule (installation admins; consult.workdays)
# ---------------------------------------------------------------------------------------------

# The holidays of the State Council's notice, in its order; a row may be renamed or left empty.
HOLIDAY_NAMES = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_SEPARATORS = re.compile(r"[\s,，、;；]+")
# 2099-02-07, 2099年2月7日, 2月7日, 2-7, 2/7
_DAY = re.compile(r"^(?:(\d{4})[年-])?(\d{1,2})[月/.-](\d{1,2})日?$")


def parse_day(token: str, year: int) -> datetime.date:
    match = _DAY.match(token)
    try:
        if match:
            return datetime.date(int(match[1] or year), int(match[2]), int(match[3]))
    except ValueError:
        pass
    raise forms.ValidationError(
        _("“%(token)s” is not a day: write it as %(year)s-02-07 or 2月7日."),
        params={"token": token, "year": year},
    )


def _in_year(day: datetime.date, year: int) -> datetime.date:
    if day.year != year:
        raise forms.ValidationError(
            _("%(day)s is not in %(year)s: enter only the days of the year's schedule."),
            params={"day": day.isoformat(), "year": year},
        )
    return day


def _weekend(day: datetime.date) -> datetime.date:
    if day.weekday() < 5:
        raise forms.ValidationError(
            _("%(day)s is a weekday: a make-up workday (调休上班) is a Saturday or a Sunday."),
            params={"day": day.isoformat()},
        )
    return day


class HolidayForm(forms.Form):
    """One line of the notice: "春节：2月10日至16日放假调休，共7天。2月7日（周六）上班。" """

    name = forms.CharField(label=_("Holiday"), max_length=20, required=False)
    first = forms.DateField(label=_("First day off"), required=False, widget=DateInput())
    last = forms.DateField(label=_("Last day off"), required=False, widget=DateInput())
    make_up = forms.CharField(
        label=_("Make-up workdays (调休上班)"),
        max_length=200,
        required=False,
        help_text=_("Days separated by commas, e.g. 2月7日, 2月20日"),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.holiday: Holiday | None = None
        for field in self.fields.values():  # one row of a table whose head holds the labels
            field.widget.attrs.update({"class": "form-control", "aria-label": field.label})

    def clean(self):
        data = super().clean()
        first, last, make_up = data.get("first"), data.get("last"), data.get("make_up", "")
        if first is None and last is None and not make_up:
            return data  # a row left empty
        if first is None or last is None:
            raise forms.ValidationError(_("Give the holiday's first and last day off."))
        if not data.get("name", "").strip():
            raise forms.ValidationError(_("Name the holiday (e.g. 春节)."))
        if last < first:
            raise forms.ValidationError(
                _("The holiday ends (%(last)s) before it starts (%(first)s)."),
                params={"first": first.isoformat(), "last": last.isoformat()},
            )
        days = [parse_day(t, self.year) for t in _SEPARATORS.split(make_up.strip()) if t]
        for day in [first, last, *days]:
            _in_year(day, self.year)
        self.holiday = Holiday(
            data["name"].strip(), first, last, tuple(sorted(_weekend(d) for d in days))
        )
        return data


class BaseHolidayFormSet(BaseFormSet):
    """The year's holidays together: none overlaps another, no make-up day is a day off."""

    holidays: list[Holiday]

    def clean(self):
        if any(self.errors):
            return
        holidays = sorted((f.holiday for f in self.forms if f.holiday), key=lambda h: h.first)
        if not holidays:
            raise forms.ValidationError(_("Enter at least one holiday."))
        for before, after in zip(holidays, holidays[1:], strict=False):
            if after.first <= before.last:
                raise forms.ValidationError(
                    _("%(a)s and %(b)s overlap: %(day)s is in both."),
                    params={"a": before.name, "b": after.name, "day": after.first.isoformat()},
                )
        self.holidays = holidays
        _check_make_up_days(holidays)


def _check_make_up_days(holidays: list[Holiday]) -> None:
    off = {day: h.name for h in holidays for day in h.days()}
    seen: set[datetime.date] = set()
    for holiday in holidays:
        for day in holiday.make_up:
            if day in off:
                raise forms.ValidationError(
                    _("%(day)s is a make-up workday of %(a)s and a day off of %(b)s."),
                    params={"day": day.isoformat(), "a": holiday.name, "b": off[day]},
                )
            if day in seen:
                raise forms.ValidationError(
                    _("%(day)s is listed twice as a make-up workday."),
                    params={"day": day.isoformat()},
                )
            seen.add(day)


HolidayFormSet = formset_factory(
    HolidayForm, formset=BaseHolidayFormSet, extra=0, max_num=20, validate_max=True
)


def holiday_initial(holidays: list[dict] | None) -> list[dict]:
    """The form's rows: a schedule entered before (as `CalendarSchedule.holidays` stores it),
    or the notice's holidays by name with one spare row."""
    if not holidays:
        return [{"name": name} for name in HOLIDAY_NAMES] + [{}]
    return [
        {
            "name": h["name"],
            "first": h["first"],
            "last": h["last"],
            "make_up": ", ".join(h["make_up"]),
        }
        for h in holidays
    ] + [{}]
