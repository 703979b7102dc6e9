from django import forms
from django.utils.translation import gettext_lazy as _

from consult.forms import DateInput, DateTimeInput, NamedLengthErrors
from consult.models import Department
from surveys.models import SatisfactionLevel, SurveyMethod


class AnswerForm(NamedLengthErrors, forms.Form):
    """The four levels with none chosen in advance; 不满意 asks for the reason."""

    level = forms.ChoiceField(
        label=_("How satisfied are you with how the item was handled?"),
        choices=SatisfactionLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the four levels.")},
    )
    reason = forms.CharField(
        label=_("reason for dissatisfaction"),
        help_text=_("Required when you choose “Unsatisfied”."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment = forms.CharField(
        label=_("comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("level") == SatisfactionLevel.UNSATISFIED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Say why you are not satisfied."))
        return data


class RecordAnswerForm(AnswerForm):
    """Union staff record an answer given by phone, on site or on a paper questionnaire."""

    respondent = forms.TypedChoiceField(label=_("respondent"), coerce=int)
    method = forms.ChoiceField(
        label=_("survey method"),
        choices=SurveyMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the answer was given.")},
    )
    answered_at = forms.DateTimeField(label=_("answered at"), widget=DateTimeInput())
    field_order = ["respondent", "method", "answered_at", "level", "reason", "comment"]

    def __init__(self, *args, respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].label = _("satisfaction")
        self.fields["respondent"].choices = [("", "---------"), *respondents]


class RespondentForm(NamedLengthErrors, forms.Form):
    user = forms.TypedChoiceField(label=_("related employee"), coerce=int)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "---------"), *members]


class ReviewForm(NamedLengthErrors, forms.Form):
    review = forms.CharField(
        label=_("union review and feedback"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RemedyForm(NamedLengthErrors, forms.Form):
    department = forms.ModelChoiceField(
        label=_("responsible department"),
        queryset=Department.objects.none(),
        error_messages={"required": _("Choose the responsible department.")},
    )
    responsible_person = forms.CharField(
        label=_("responsible person"), max_length=40, required=False
    )
    measures = forms.CharField(
        label=_("measures"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=_("deadline"),
        widget=DateInput(),
        error_messages={"required": _("Give the deadline.")},
    )

    def __init__(self, *args, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(enterprise=enterprise)


class PeriodForm(NamedLengthErrors, forms.Form):
    start = forms.DateField(label=_("from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data
