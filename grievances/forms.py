import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consult import org_lists
from consult.forms import DateInput, DateTimeInput, NamedLengthErrors
from consult.models import Category, Department, Membership, OrgUnit
from grievances.attachments import clean_upload
from grievances.models import Disclosure, Grievance, IntakeChannel, Kind, Route
from grievances.selectors import grievance_by_number, merge_candidates
from grievances.workflow import ENDED_STATES, WAITING_FOR_TOPIC

CONTENT_MAX = 5000
MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(_("At most %(n)d files.") % {"n": MAX_FILES})
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for f in cleaned:
            clean_upload(f)  # refuse early, with the form's message
            f.seek(0)
        return cleaned


def _offer_categories(field, enterprise) -> None:
    """The active categories as "class / sub-class", listed from the cache (consult.org_lists);
    the queryset checks what is sent."""
    field.queryset = Category.objects.filter(enterprise=enterprise, is_active=True).select_related(
        "parent"
    )
    entries = org_lists.active(org_lists.categories(enterprise.pk))
    org_lists.offer(field, entries, lambda e: f"{e.parent} / {e.label}" if e.parent else e.label)


def _offer_departments(field, enterprise) -> None:
    field.queryset = Department.objects.filter(enterprise=enterprise, is_active=True)
    org_lists.offer(field, org_lists.active(org_lists.departments(enterprise.pk)))


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} / {obj.name}" if obj.parent_id else obj.name


class TokenForm(NamedLengthErrors, forms.Form):
    """Carries a per-form token so that posting the same form twice creates one item."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)


class AttachmentsFormMixin:
    """Browsers never send a chosen file back: after a refused submission, say which files
    must be chosen again."""

    def files_to_choose_again(self) -> list[str]:
        if not self.is_bound or not self.errors:
            return []
        return [f.name for f in self.files.getlist("attachments") if getattr(f, "name", "")]


class SubmitForm(AttachmentsFormMixin, TokenForm):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.GRIEVANCE)
    content = forms.CharField(
        label=_("content"), max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = CategoryChoiceField(
        label=_("category"), queryset=Category.objects.none(), required=False
    )
    disclosure = forms.ChoiceField(
        label=_("How may the union record your name?"),
        choices=Disclosure.choices,
        initial=Disclosure.NAMED,
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(label=_("attachments"))

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_categories(self.fields["category"], enterprise)
        self.fields["kind"].choices = [
            (v, label) for v, label in Kind.choices if v != Kind.BRIEFING
        ]


class PublicSubmitForm(TokenForm):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.GRIEVANCE)
    content = forms.CharField(
        label=_("content"), max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (v, label) for v, label in Kind.choices if v != Kind.BRIEFING
        ]


class RegisterForm(AttachmentsFormMixin, TokenForm):
    channel = forms.ChoiceField(
        label=_("channel"),
        choices=[(v, label) for v, label in IntakeChannel.choices if v != IntakeChannel.REGISTER],
    )
    received_at = forms.DateTimeField(
        label=_("received at"),
        widget=DateTimeInput(),
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    content = forms.CharField(
        label=_("content"), max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    category = CategoryChoiceField(
        label=_("category"), queryset=Category.objects.none(), required=False
    )
    disclosure = forms.ChoiceField(label=_("disclosure"), choices=Disclosure.choices)
    requester = forms.ModelChoiceField(
        label=_("requester account"), queryset=Membership.objects.none(), required=False
    )
    requester_name = forms.CharField(label=_("requester"), max_length=40, required=False)
    requester_unit = forms.ModelChoiceField(
        label=_("unit"), queryset=OrgUnit.objects.none(), required=False
    )
    requester_phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    attachments = MultipleFileField(label=_("attachments"))

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_categories(self.fields["category"], enterprise)
        self.fields["requester"].queryset = Membership.objects.filter(
            enterprise=enterprise, is_active=True
        ).select_related("user", "enterprise")
        self.fields["requester_unit"].queryset = OrgUnit.objects.filter(
            enterprise=enterprise, is_active=True
        ).select_related("parent", "parent__parent")
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("The time received cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("disclosure") != Disclosure.ANONYMOUS and not (
            data.get("requester") or data.get("requester_name")
        ):
            raise ValidationError(_("Name the requester, or mark the item anonymous."))
        return data


class VerifyForm(NamedLengthErrors, forms.Form):
    AUTHENTIC, UNFOUNDED, DUPLICATE = "authentic", "unfounded", "duplicate"
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (AUTHENTIC, _("Authentic: accept it")),
            (UNFOUNDED, _("Unfounded or out of scope: reject it")),
            (DUPLICATE, _("Duplicate: merge it into another item")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason (the requester reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The number, not a list of every item: an enterprise has thousands. The page offers the
    # likeliest items (merge_candidates) as suggestions of the text field.
    duplicate_of = forms.CharField(
        label=_("merge into (item number)"),
        help_text=_("The number of the item to merge into, e.g. 2026-0042."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"list": "merge-candidates", "autocomplete": "off"}),
    )

    def __init__(self, *args, grievance, **kwargs):
        super().__init__(*args, **kwargs)
        self.grievance = grievance

    def merge_candidates(self):
        return merge_candidates(self.grievance)

    def clean_duplicate_of(self):
        number = self.cleaned_data["duplicate_of"].strip()
        # The field belongs to the merge: text left in it (typed, then the outcome changed) is
        # ignored when the item is accepted or rejected.
        if not number or self.cleaned_data.get("outcome") != self.DUPLICATE:
            return None
        target = grievance_by_number(self.grievance.enterprise, number)
        if target is None:
            raise ValidationError(
                _("There is no item numbered %(number)s in this enterprise."),
                params={"number": number},
            )
        if target.pk == self.grievance.pk:
            raise ValidationError(_("An item cannot be merged into itself."))
        if target.status in ENDED_STATES:
            raise ValidationError(_("That item is closed; merge into an open one."))
        return target

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.UNFOUNDED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason the requester will read."))
        if (
            data.get("outcome") == self.DUPLICATE
            and not data.get("duplicate_of")
            and "duplicate_of" not in self.errors
        ):
            self.add_error("duplicate_of", _("Give the number of the item to merge into."))
        return data


class ClassifyForm(NamedLengthErrors, forms.Form):
    category = CategoryChoiceField(label=_("category"), queryset=Category.objects.none())
    departments = forms.ModelMultipleChoiceField(
        label=_("handling departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_person = forms.CharField(
        label=_("responsible person"), max_length=40, required=False
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_categories(self.fields["category"], enterprise)
        _offer_departments(self.fields["departments"], enterprise)


class OpinionForm(NamedLengthErrors, forms.Form):
    route = forms.ChoiceField(label=_("route"), choices=Route.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("union opinion"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ApprovalForm(NamedLengthErrors, forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=pgettext_lazy("routing approval", "decision"),
        choices=[(APPROVE, _("Approve the routing")), (RETURN, _("Return to the union"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the opinion is returned."))
        return data


class UnionDecisionForm(NamedLengthErrors, forms.Form):
    """The union's decision after talking with management (工会与企业行政协商后): to a
    consultation meeting, or back to the department(s) that could not solve it."""

    MEETING, BACK = "meeting", "back"
    decision = forms.ChoiceField(
        label=pgettext_lazy("union after talking with management", "decision"),
        choices=[
            (MEETING, _("To a consultation meeting")),
            (BACK, _("Back to the department(s), as agreed with management")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("what the union and management agreed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, may_send_back: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_send_back:  # an answer the union finds inadequate goes to a meeting
            self.fields["decision"].choices = self.fields["decision"].choices[:1]
            self.fields["decision"].initial = self.MEETING


class AnswerForm(NamedLengthErrors, forms.Form):
    MEASURES, CANNOT = "measures", "cannot"
    outcome = forms.ChoiceField(
        label=_("answer"),
        choices=[
            (MEASURES, _("The department will solve it")),
            (CANNOT, _("The department cannot solve it (the union decides with management)")),
        ],
        widget=forms.RadioSelect,
    )
    measures = forms.CharField(
        label=_("measures, or why it cannot be solved"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due = forms.DateField(label=_("to be done by"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due is not None and due < timezone.localdate():
            raise ValidationError(_("The date by which it will be done cannot be in the past."))
        return due

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == self.MEASURES
            and not data.get("due")
            and "due" not in self.errors
        ):
            self.add_error("due", _("Give the date by which it will be done."))
        return data


class NoteForm(NamedLengthErrors, forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


class TrackForm(NamedLengthErrors, forms.Form):
    code = forms.CharField(label=_("receipt code"), max_length=16)
    # 26 characters; room for the spaces or dashes someone groups them with.
    secret = forms.CharField(label=_("secret"), max_length=40, widget=forms.PasswordInput)


class RegisterRowForm(NamedLengthErrors, forms.Form):
    name = forms.CharField(label=_("name"), max_length=40, required=False)
    content = forms.CharField(
        label=_("content"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    raised_on = forms.DateField(label=_("date"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("content"):
            if not data.get("name"):
                self.add_error("name", _("Enter the name."))
            if not data.get("raised_on"):
                self.add_error("raised_on", _("Enter the date."))
        return data


RegisterRowFormSet = forms.formset_factory(RegisterRowForm, extra=8, max_num=50, validate_max=True)


class RegisterUnitForm(NamedLengthErrors, forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            enterprise=enterprise, is_active=True
        ).select_related("parent", "parent__parent")


def _waiting_label(g) -> str:
    category = f"（{g.category.name}）" if g.category_id else ""
    return f"{g.number} {g.content[:40]}{category}"


def _waiting_items(enterprise):
    return Grievance.objects.filter(
        enterprise=enterprise, status__in=WAITING_FOR_TOPIC, topic__isnull=True
    ).select_related("category")


CONFIRM_MIXED = _("Group items of different categories into this topic (each keeps its own)")


class TopicForm(NamedLengthErrors, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    note = forms.CharField(label=_("remarks"), max_length=200, required=False)
    grievances = forms.ModelMultipleChoiceField(
        label=_("items"), queryset=Grievance.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    category = CategoryChoiceField(
        label=_("topic category"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_("Empty: the earliest item's category."),
    )
    confirm_mixed = forms.BooleanField(label=CONFIRM_MIXED, required=False)

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grievances"].queryset = _waiting_items(enterprise)
        self.fields["grievances"].label_from_instance = _waiting_label
        _offer_categories(self.fields["category"], enterprise)


class TopicEditForm(NamedLengthErrors, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(
        label=_("content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("responsible departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_person = forms.CharField(
        label=_("responsible person"), max_length=40, required=False
    )
    category = CategoryChoiceField(
        label=_("topic category"), queryset=Category.objects.none(), required=False
    )
    note = forms.CharField(label=_("remarks"), max_length=200, required=False)
    remove_grievances = forms.ModelMultipleChoiceField(
        label=_("take items off this topic (they wait for another topic)"),
        queryset=Grievance.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_grievances = forms.ModelMultipleChoiceField(
        label=_("add items waiting for a meeting"),
        queryset=Grievance.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_mixed = forms.BooleanField(label=CONFIRM_MIXED, required=False)

    def __init__(self, *args, topic, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": topic.title,
                "summary": topic.summary,
                "departments": list(topic.departments.all()),
                "responsible_person": topic.responsible_person,
                "category": topic.category_id,
                "note": topic.note,
            },
        )
        super().__init__(*args, **kwargs)
        _offer_categories(self.fields["category"], topic.enterprise)
        self.fields["remove_grievances"].queryset = topic.grievances.select_related("category")
        self.fields["remove_grievances"].label_from_instance = _waiting_label
        _offer_departments(self.fields["departments"], topic.enterprise)
        self.fields["add_grievances"].queryset = _waiting_items(topic.enterprise)
        self.fields["add_grievances"].label_from_instance = _waiting_label
