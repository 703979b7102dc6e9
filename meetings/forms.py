from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.forms import DateInput, MemberChoiceField, NamedLengthErrors, TimeInput
from consult.models import Department
from consult.selectors import members_of
from meetings.models import AgendaItem, Meeting, MeetingKind, ParticipantGroup, Rsvp


class MeetingForm(NamedLengthErrors, forms.Form):
    kind = forms.ChoiceField(label=_("form"), choices=MeetingKind.choices)
    date = forms.DateField(label=_("date"), widget=DateInput())
    time = forms.TimeField(label=_("time"), widget=TimeInput())
    place = forms.CharField(label=_("place"), max_length=120)
    host = MemberChoiceField(label=_("host (union chair)"), required=False)
    reply_by = forms.DateField(
        label=_("reply by"),
        widget=DateInput(),
        help_text=_("Participants confirm or ask for leave by this date."),
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = members_of(enterprise)
        self.fields["host"].show_posts(enterprise)

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        return {
            "kind": meeting.kind,
            "date": meeting.date,
            "time": meeting.time,
            "place": meeting.place,
            "host": meeting.host,
            "reply_by": meeting.reply_by,
        }

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("A meeting cannot be convened for a date in the past."))
        return date


class ParticipantForm(NamedLengthErrors, forms.Form):
    user = MemberChoiceField(label=_("person"))
    group = forms.ChoiceField(label=_("group"), choices=ParticipantGroup.choices)
    label = forms.CharField(label=_("post, department or unit"), max_length=60, required=False)
    substitute_for = forms.ModelChoiceField(
        label=_("substitute for"), queryset=None, required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members_of(meeting.enterprise)
        self.fields["user"].show_posts(meeting.enterprise)
        self.fields["substitute_for"].queryset = meeting.participants.filter(
            rsvp=Rsvp.LEAVE_GRANTED
        ).select_related("user")


class LeaveForm(NamedLengthErrors, forms.Form):
    reason = forms.CharField(label=_("reason for leave"), max_length=200)


class ScriptForm(NamedLengthErrors, forms.Form):
    script = forms.CharField(
        label=_("chairing script"), widget=forms.Textarea(attrs={"rows": 24}), required=False
    )


class AgendaMinutesForm(NamedLengthErrors, forms.ModelForm):
    departments = forms.ModelMultipleChoiceField(
        label=_("handling departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgendaItem
        fields = [
            "statement",
            "reply",
            "decision",
            "departments",
            "responsible_person",
            "deadline",
            "deadline_working_days",
            "summary",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "reply": forms.Textarea(attrs={"rows": 2}),
            "decision": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "deadline": DateInput(),
        }
        help_texts = {
            "deadline_working_days": _(
                "Or a number of working days after the meeting; it wins over the date."
            )
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(
            enterprise=enterprise, is_active=True
        )
        self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean(self):
        data = super().clean()
        if (data.get("decision") or "").strip():
            if not data.get("departments"):
                self.add_error(
                    "departments", _("A decision needs at least one handling department.")
                )
            if data.get("deadline") is None and data.get("deadline_working_days") is None:
                self.add_error(
                    "deadline", _("A decision needs a deadline: a date or working days.")
                )
        deadline = data.get("deadline")
        if data.get("deadline_working_days") is None and deadline:
            if deadline < timezone.localdate():
                self.add_error("deadline", _("The deadline cannot be in the past."))
        return data


class HeadRemarksForm(NamedLengthErrors, forms.Form):
    head_remarks = forms.CharField(
        label=_("administrative head's remarks"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class RhythmAgendaForm(NamedLengthErrors, forms.Form):
    """A leading-group quarterly or dispatch meeting's own agenda."""

    agenda = forms.CharField(
        label=_("agenda"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class RhythmMinutesForm(NamedLengthErrors, forms.Form):
    """A leading-group quarterly or dispatch meeting's minutes (no topics)."""

    minutes_text = forms.CharField(
        label=_("what the meeting reviewed and agreed"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    head_remarks = forms.CharField(
        label=_("administrative head's remarks"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
